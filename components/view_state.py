"""Keep a page's view (metric, axes, filters) in the URL so a copied link reopens the same view.

Usage on a page: call ``seed(spec)`` before drawing the widgets (it fills their
session-state keys from the URL once per session), draw widgets with those keys,
then ``publish(spec)`` to write the current values back to the URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

_SEEDED = "cxlens_view_seeded"


@dataclass(frozen=True)
class Param:
    key: str  # widget key in session state
    name: str  # query-parameter name
    kind: str = "str"  # "str" | "list" | "int" | "float" | "bool" | "date"
    choices: tuple | None = None  # allowed values (others in the URL are ignored)


def _parse(param: Param, raw: list[str]) -> Any:
    if param.kind == "list":
        values = [v for v in raw if v != ""]
        return [v for v in values if param.choices is None or v in param.choices]
    value = raw[-1] if raw else None
    if value is None:
        return None
    try:
        if param.kind == "int":
            value = int(value)
        elif param.kind == "float":
            value = float(value)
        elif param.kind == "bool":
            value = value.lower() in ("1", "true", "yes")
        elif param.kind == "date":
            value = date.fromisoformat(value)
    except ValueError:
        return None
    if param.choices is not None and value not in param.choices:
        return None
    return value


def seed(params: list[Param]) -> None:
    """Once per session and page, copy valid URL values into the widgets' session-state keys."""
    seeded: set = st.session_state.setdefault(_SEEDED, set())
    for p in params:
        if p.key in seeded:
            continue
        seeded.add(p.key)
        if p.name in st.query_params and p.key not in st.session_state:
            value = _parse(p, st.query_params.get_all(p.name))
            if value is not None and value != []:
                st.session_state[p.key] = value


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
    return [Param(p.key, p.name, p.kind, tuple(choices[p.key])) if p.key in choices else p for p in params]
