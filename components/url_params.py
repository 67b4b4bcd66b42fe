"""Every value a page reads from its URL, parsed in one place (issue #20 finding 7).

A link can hold anything: ids past 64 bits, 100,000-character tokens, dates before the data, words
where numbers belong. Each reader here takes the last value of one query parameter, checks its type,
range and length with a typed parser, and returns the value or None. A value that is there but cannot
be used is never an exception: the page falls back (no filter, the default, the setup view) and a
one-line notice says what was ignored, with the link's text escaped by md().

* ``parse_*`` are pure: they return the value or raise :class:`Refused` with the reason a user reads.
* :func:`read` applies one of them to a query parameter and shows the notice; :func:`token`,
  :func:`record_id`, :func:`integer`, :func:`date` and :func:`choice` are its usual forms.

components/view_state.py uses the same parsers for the settings a page keeps in its URL.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import streamlit as st

from .markdown import md

T = TypeVar("T")

NOTICE_ICON = ":material/restart_alt:"
MAX_TEXT = 200  # characters of one URL value: no token, code, id, name or date a page uses is longer
MAX_ITEMS = 100  # values of one repeated URL parameter
#: The largest id a database row can have (a signed 64-bit integer): larger ids in a link overflow the driver.
MAX_ID = 2**63 - 1
_INT = re.compile(r"[+-]?[0-9]+")  # ASCII digits only (int() also takes "1_000" and other scripts' digits)
_ID = re.compile(r"[0-9]{1,19}")


class Refused(ValueError):
    """A URL value that cannot be used; the message completes "The link's X value “…” ..."."""


# ----------------------------------------------------------------------------- pure parsers


def _text(raw: object, max_len: int) -> str:
    if not isinstance(raw, str):
        raise Refused("is not text")
    if len(raw) > max_len:
        raise Refused(f"is longer than {max_len} characters")
    return raw


def parse_token(raw: object, max_len: int = MAX_TEXT, pattern: re.Pattern | None = None) -> str:
    """A short string (token, code, name): at most ``max_len`` characters, stripped, not empty, and when
    ``pattern`` is given matching it whole."""
    value = _text(raw, max_len).strip()
    if not value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise Refused("is not a usable value")
    if pattern is not None and not pattern.fullmatch(value):
        raise Refused("is not in the expected form")
    return value


def parse_int(raw: object, lo: float | None = None, hi: float | None = None) -> int:
    """A whole number in ASCII digits within [lo, hi] (either end may be open)."""
    value = _text(raw, MAX_TEXT).strip()
    if not _INT.fullmatch(value):
        raise Refused("is not a valid whole number")
    number = int(value)
    _in_range(number, lo, hi)
    return number


def parse_float(raw: object, lo: float | None = None, hi: float | None = None) -> float:
    value = _text(raw, MAX_TEXT)
    try:
        number = float(value)
    except ValueError:
        raise Refused("is not a valid float") from None
    if not math.isfinite(number):
        raise Refused("is not a valid float")
    _in_range(number, lo, hi)
    return number


def _in_range(number: float, lo: float | None, hi: float | None) -> None:
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise Refused(f"is outside {_num(lo)}–{_num(hi)}")


def parse_id(raw: object) -> int:
    """A database id: ASCII digits only, 1..MAX_ID (a larger one would overflow the database driver)."""
    value = _text(raw, MAX_TEXT).strip()
    if not _ID.fullmatch(value) or not 1 <= int(value) <= MAX_ID:
        raise Refused("is not a valid id")
    return int(value)


def parse_date(raw: object) -> dt.date:
    """A calendar date written YYYY-MM-DD."""
    value = _text(raw, MAX_TEXT).strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Refused("is not a valid date (YYYY-MM-DD)") from None


def parse_bool(raw: object) -> bool:
    return _text(raw, MAX_TEXT).strip().lower() in ("1", "true", "yes")


def parse_choice(raw: object, choices: Iterable, max_len: int = MAX_TEXT,
                 why: str = "is not available for this data") -> Any:
    """One of ``choices`` (compared as text); ``why`` is the reason given for anything else."""
    value = _text(raw, max_len)
    for option in choices:
        if value == option or (not isinstance(option, str) and value == str(option)):
            return option
    raise Refused(why)


def _num(x: float | None) -> str:
    return "…" if x is None else f"{x:g}"


# ----------------------------------------------------------------------------- reading the URL


def notice(message: str) -> str:
    """Say in one line that a setting was changed for the user (``message`` is Markdown, already escaped)."""
    st.caption(f"{NOTICE_ICON} {message}")
    return message


def shown(value: object, limit: int = 40) -> str:
    """A value from a link as a notice quotes it: cut to ``limit`` characters, escaped."""
    text = str(value)
    return md(text if len(text) <= limit else text[: limit - 1] + "…")


def refuse(name: str, raw: object, why: str) -> str:
    """The notice for a URL value that was ignored."""
    return notice(f"The link's **{md(name)}** value “{shown(raw)}” {why}, so it was ignored.")


def raw(name: str) -> str | None:
    """The last value of a query parameter as it is, or None when it is absent."""
    values = st.query_params.get_all(name)
    return values[-1] if values else None


def read(name: str, parser: Callable[[str], T], *, quiet: bool = False) -> T | None:
    """``parser`` applied to the URL's ``name`` value; None when absent or empty, and None with a notice
    (unless ``quiet``: the page says it its own way) when the parser refuses it."""
    value = raw(name)
    if value is None or value == "":
        return None
    try:
        return parser(value)
    except Refused as why:
        if not quiet:
            refuse(name, value, str(why))
        return None


def token(name: str, max_len: int = MAX_TEXT, pattern: re.Pattern | None = None, *,
          quiet: bool = False) -> str | None:
    return read(name, lambda v: parse_token(v, max_len, pattern), quiet=quiet)


def record_id(name: str, *, quiet: bool = False) -> int | None:
    return read(name, parse_id, quiet=quiet)


def integer(name: str, lo: float | None = None, hi: float | None = None, *, quiet: bool = False) -> int | None:
    return read(name, lambda v: parse_int(v, lo, hi), quiet=quiet)


def date(name: str, *, quiet: bool = False) -> dt.date | None:
    return read(name, parse_date, quiet=quiet)


def choice(name: str, choices: Iterable, why: str = "is not available for this data", *,
           quiet: bool = False) -> Any:
    options = tuple(choices)
    return read(name, lambda v: parse_choice(v, options, why=why), quiet=quiet)


def bounded(params: dict, max_params: int = 40) -> dict:
    """The first ``max_params`` parameters whose name and values are short enough to keep (a link
    remembered in server memory, a view saved with a workspace); lists keep their first MAX_ITEMS short
    values. Everything else is dropped."""
    kept: dict = {}
    for k, v in params.items():
        if len(kept) >= max_params:
            break
        if not isinstance(k, str) or len(k) > MAX_TEXT:
            continue
        if isinstance(v, (list, tuple)):
            short = [x for x in v if isinstance(x, str) and len(x) <= MAX_TEXT][:MAX_ITEMS]
            if short:
                kept[k] = short
        elif isinstance(v, str) and len(v) <= MAX_TEXT:
            kept[k] = v
    return kept
