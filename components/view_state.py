"""Page settings that survive: in the URL, across page visits, and across a change of data.

Usage on a page, before drawing the widgets:

1. ``seed(params)`` fills the widgets' session-state keys from the URL once per session (values
   that do not parse, are out of range or too long are refused with a notice: the parsers are in
   components/url_params.py), then restores
   settings kept from an earlier visit of the page (:func:`keep`).
2. ``fit_*`` make each data-dependent value fit the current options or range (a new upload,
   the sample again, a shared link whose saved view no longer fits). A value that had to change
   is reported in a one-line notice; nothing here raises.
3. Draw the widgets with those keys, then ``publish(params)`` writes the values back to the URL.

Why the shadow copies: Streamlit drops the session-state key of every widget that was not drawn
in a run, so visiting another page would reset the heatmap's metric and axes to their defaults.
:func:`keep` copies each value to a key no widget owns and restores it when the widget's key is gone.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from . import url_params as up
from .markdown import md

_SEEDED = "cxlens_view_seeded"
_KEPT = "cxlens_view_kept"  # {widget key: last value}; never a widget key itself, so never dropped
_BOUNDS = "cxlens_view_bounds"  # {widget key: (lo, hi)} the range a value was last fitted into
NOTICE_ICON = up.NOTICE_ICON
notice = up.notice  # one notice style for URL values and for settings fitted to the data


@dataclass(frozen=True)
class Param:
    key: str  # widget key in session state
    name: str  # query-parameter name
    kind: str = "str"  # "str" | "list" | "int" | "float" | "bool" | "date"
    choices: tuple | None = None  # allowed values (others in the URL are refused)
    lo: float | None = None  # smallest allowed int/float
    hi: float | None = None  # largest allowed int/float
    max_len: int = up.MAX_TEXT  # longest allowed text value


def _parse(param: Param, raw: list[str]) -> Any:
    """The URL value(s) of ``param`` converted and checked (components/url_params.py), or None (with a
    notice) when unusable."""
    if param.kind == "list":
        values = [v for v in raw if v != ""]
        ok = [v for v in values[:up.MAX_ITEMS] if len(v) <= param.max_len
              and (param.choices is None or v in param.choices)]
        dropped = len(values) - len(ok)
        if dropped:
            notice(f"{dropped} of the link's **{md(param.name)}** values {'is' if dropped == 1 else 'are'} not in "
                   "this data (or too long), so " + ("it was" if dropped == 1 else "they were") + " ignored.")
        return ok
    value = raw[-1] if raw else None
    if value is None or value == "":
        return None
    parse = {
        "int": lambda v: up.parse_int(v, param.lo, param.hi),
        "float": lambda v: up.parse_float(v, param.lo, param.hi),
        "bool": up.parse_bool,
        "date": up.parse_date,
    }.get(param.kind, lambda v: v)
    try:
        if len(value) > param.max_len:
            raise up.Refused(f"is longer than {param.max_len} characters")
        parsed = parse(value)
        if param.choices is not None and parsed not in param.choices:
            raise up.Refused("is not available for this data")
    except up.Refused as why:
        up.refuse(param.name, value, str(why))
        return None
    return parsed


def _num(x: float | None) -> str:
    return "…" if x is None else f"{x:g}"


def seed(params: list[Param]) -> None:
    """Once per session and page, copy valid URL values into the widgets' session-state keys; then
    restore the values kept from an earlier visit (:func:`keep`)."""
    seeded: set = st.session_state.setdefault(_SEEDED, set())
    for p in params:
        if p.key in seeded:
            continue
        seeded.add(p.key)
        if p.name in st.query_params and p.key not in st.session_state:
            value = _parse(p, st.query_params.get_all(p.name))
            if value is not None and value != []:
                _set(p.key, value)
    keep(p.key for p in params)


def keep(keys: Iterable[str]) -> None:
    """Before drawing: keep a shadow copy of each widget value, and restore the copy when Streamlit
    dropped the widget's key (it was not drawn while the user was on another page)."""
    kept: dict = st.session_state.setdefault(_KEPT, {})
    for key in keys:
        if key in st.session_state:
            kept[key] = st.session_state[key]
        elif key in kept:
            st.session_state[key] = kept[key]


def _set(key: str, value: Any) -> None:
    st.session_state[key] = value
    kept = st.session_state.get(_KEPT)
    if kept is not None and key in kept:
        kept[key] = value


def _drop(key: str) -> None:
    st.session_state.pop(key, None)
    kept = st.session_state.get(_KEPT)
    if kept is not None:
        kept.pop(key, None)


def publish(params: list[Param]) -> None:
    """Write the widgets' current values to the URL (lists as repeated parameters)."""
    for p in params:
        value = st.session_state.get(p.key)
        if value is None or value == []:
            if p.name in st.query_params:
                del st.query_params[p.name]
            continue
        if p.kind == "list":
            st.query_params[p.name] = [str(v) for v in value]
        elif p.kind == "date":
            st.query_params[p.name] = value.isoformat()
        elif p.kind == "bool":
            st.query_params[p.name] = "1" if value else "0"
        else:
            st.query_params[p.name] = str(value)


def restrict(params: list[Param], choices: dict[str, tuple]) -> list[Param]:
    """The same params with allowed values filled in from the data (by key)."""
    return [Param(p.key, p.name, p.kind, tuple(choices[p.key]), p.lo, p.hi, p.max_len) if p.key in choices else p
            for p in params]


# ----------------------------------------------------------------------------- fitting values to the data


def fit_choice(key: str, options: Sequence, label: str, default: Any = None,
               fmt: Callable[[Any], str] = str, quiet: bool = False) -> str | None:
    """A single choice that is no longer an option goes back to ``default`` (the first option when
    None or itself not an option). Returns the notice shown, if any; ``quiet`` for a pick that
    follows other settings (a drill-down's cell), whose reset is expected rather than news."""
    if key not in st.session_state:
        return None
    value = st.session_state[key]
    options = list(options)
    if _among(value, options):
        return None
    if not options:
        _drop(key)
        return None
    fallback = default if _among(default, options) else options[0]
    _set(key, fallback)
    if value is None or quiet:
        return None
    return notice(f"**{md(label)}**: “{up.shown(_fmt(fmt, value))}” is not in this data, so "
                  f"“{up.shown(_fmt(fmt, fallback))}” is shown instead.")


def fit_choices(key: str, options: Sequence, label: str, fmt: Callable[[Any], str] = str) -> str | None:
    """Drop the chosen values that are no longer options."""
    if key not in st.session_state:
        return None
    value = st.session_state[key]
    if value is None:
        return None
    values = list(value) if isinstance(value, (list, tuple, set)) else [value]
    options = list(options)
    kept = [v for v in values if _among(v, options)]
    if len(kept) == len(values) and isinstance(value, list):
        return None
    _set(key, kept)
    gone = [v for v in values if not _among(v, options)]
    if not gone:
        return None
    names = ", ".join(f"“{up.shown(_fmt(fmt, v))}”" for v in gone[:3]) + (f" and {len(gone) - 3} more"
                                                                         if len(gone) > 3 else "")
    return notice(f"**{md(label)}**: {names} {'is' if len(gone) == 1 else 'are'} not in this data, so "
                  f"{'it was' if len(gone) == 1 else 'they were'} removed from the selection.")


def fit_number(key: str, lo: float, hi: float, label: str) -> str | None:
    """Clamp a number into [lo, hi]; a value that is not a number is dropped (the widget's default applies)."""
    if key not in st.session_state:
        return None
    value = st.session_state[key]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        _drop(key)
        return notice(f"**{md(label)}** was not a number, so its default is used.")
    if lo <= value <= hi:
        return None
    clamped = type(value)(min(max(value, lo), hi))
    _set(key, clamped)
    return notice(f"**{md(label)}** was {_num(value)}, outside {_num(lo)}–{_num(hi)}, so it is now {_num(clamped)}.")


def fit_period(from_key: str, to_key: str, lo: dt.date, hi: dt.date, what: str = "period") -> str | None:
    """Make a From/To pair of dates fit the data's range [lo, hi] and fill them when missing.

    An end that sat on the edge of the range the dates were last fitted into follows the edge (no
    filter stays no filter when the data changes). An end outside the range is clamped into it; when
    nothing of the period is left (or it was not a pair of dates) the whole range is used."""
    bounds: dict = st.session_state.setdefault(_BOUNDS, {})
    old_lo, old_hi = bounds.get(from_key, (None, None))
    bounds[from_key] = (lo, hi)
    start, end = st.session_state.get(from_key), st.session_state.get(to_key)
    if start is None and end is None:
        _set(from_key, lo)
        _set(to_key, hi)
        return None
    start, end = _as_date(start), _as_date(end)
    if (start is None) != (end is None):  # a link with only one end: the other is the data's edge
        start, end = start or min(lo, end), end or max(hi, start)
    was_start, was_end = start, end
    message = None
    if start is not None and end is not None and (start, end) == (old_lo, old_hi):
        start, end = lo, hi  # the whole of the old data: the whole of the new
    elif start is None or end is None or start > end:
        start, end = lo, hi
        why = "its start was after its end" if start is not None else "they were not dates"
        message = (f"The {md(what)} was reset to the data's range ({_day(lo)} – {_day(hi)}): the chosen one "
                   f"was not a period ({why}).")
    elif start > hi or end < lo:
        start, end = lo, hi
        message = (f"The {md(what)} was reset to the data's range ({_day(lo)} – {_day(hi)}): the chosen one "
                   f"({_day(was_start)} – {_day(was_end)}) lies outside it.")
    else:
        start = lo if start == old_lo else start  # an end on the edge of the old range follows the edge
        end = hi if end == old_hi else end
        if start < lo or end > hi:
            start, end = max(start, lo), min(end, hi)
            message = f"The {md(what)} was narrowed to the data's range ({_day(lo)} – {_day(hi)})."
    for key, value in ((from_key, start), (to_key, end)):
        if st.session_state.get(key) != value:
            _set(key, value)
    return notice(message) if message else None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def _among(value: Any, options: list) -> bool:
    try:
        return value in options
    except (TypeError, ValueError):  # e.g. an array compared with the options
        return False


def _fmt(fmt: Callable[[Any], str], value: Any) -> str:
    try:
        return str(fmt(value))
    except Exception:  # a format_func that only knows the current options
        return str(value)
