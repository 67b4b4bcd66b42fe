"""Saved workspaces: a loaded Dataset as named tables, and back.

A workspace keeps the *canonical* tables after the import recipe (not the uploaded
files), so a shared link opens exactly what the analyst saw without re-reading anything,
and the store can keep it in the database (several app processes, no shared disk).
Everything here is pure: the store (cxlens/store/workspaces.py) holds the bytes, the Streamlit
side (components/workspace_view.py) decides who may do what.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

import pandas as pd

from .dataset import Dataset, Recipe

#: The Dataset's tables, in the order they are saved.
TABLE_NAMES = ("feedback", "touchpoints", "opportunities", "maturity", "problems", "sources", "strategy", "aggregates")

#: Query parameters that are never part of a shared view: the link itself, the owner secret,
#: the workshop tokens (components/workshop_view.py), which grant more than viewing, and the key of
#: the user's private upload draft (cxlens/drafts.py), which opens their files.
PRIVATE_PARAMS = frozenset({"ws", "owner", "join", "p", "w", "f", "present", "screen", "draft", "me"})


def dataset_tables(ds: Dataset) -> dict[str, pd.DataFrame]:
    """The Dataset's frames by name, ready for Parquet.

    Columns of Python objects that are not all text (lists of extra columns in ``sources``,
    say) are written as JSON text, since Parquet needs one type per column.
    """
    out = {}
    for name in TABLE_NAMES:
        frame = getattr(ds, name)
        if not isinstance(frame, pd.DataFrame):
            frame = pd.DataFrame()
        out[name] = _parquet_safe(frame)
    return out


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    fixed = {}
    for col in frame.columns:
        s = frame[col]
        if s.dtype == object and not s.map(lambda v: v is None or isinstance(v, str) or v != v).all():
            fixed[col] = s.map(lambda v: v if v is None or isinstance(v, str) or v != v
                               else json.dumps(v, default=str, ensure_ascii=False))
    if not fixed:
        return frame
    frame = frame.copy()
    for col, s in fixed.items():
        frame[col] = s
    frame.columns = [str(c) for c in frame.columns]
    return frame


def dataset_from_tables(tables: Mapping[str, pd.DataFrame], recipe_json: str | None) -> Dataset:
    """Rebuild a Dataset from :func:`dataset_tables` output (as read back from Parquet).

    A table that is missing becomes an empty frame with the canonical columns; the recipe
    is the one the owner's files were loaded with (shown on the Import page).
    """
    from .aggregates import empty_frame as empty_aggregates
    from .schema import empty_table

    def table(name: str) -> pd.DataFrame:
        frame = tables.get(name)
        if frame is None:
            return empty_table(name) if name in ("feedback", "touchpoints", "opportunities", "maturity") \
                else pd.DataFrame()
        return frame

    recipe = Recipe.from_json(recipe_json) if recipe_json else Recipe()
    problems = table("problems")
    if problems.empty and not len(problems.columns):
        from .problems import ProblemLog

        problems = ProblemLog().frame()
    return Dataset(
        feedback=table("feedback"), touchpoints=table("touchpoints"), opportunities=table("opportunities"),
        maturity=table("maturity"), problems=problems, recipe=recipe, sources=table("sources"),
        strategy=table("strategy"),
        aggregates=tables["aggregates"] if tables.get("aggregates") is not None and len(tables["aggregates"])
        else empty_aggregates(),  # (Parquet gives an empty category column back as text)
    )


def view_state(page: str, params: Mapping[str, Any]) -> dict:
    """The shareable part of a view: the page's URL path and its query parameters, minus secrets.

    ``params`` maps names to a string or a list of strings (repeated parameters).
    """
    clean: dict[str, Any] = {}
    for name, value in params.items():
        if name in PRIVATE_PARAMS:
            continue
        if isinstance(value, (list, tuple)):
            clean[str(name)] = [str(v) for v in value]
        elif value is not None:
            clean[str(name)] = str(value)
    return {"page": str(page or "").strip("/"), "params": clean}


def share_url(base_url: str, token: str, view: Mapping[str, Any] | None = None) -> str:
    """The link that opens workspace ``token`` on the view's page with its parameters.

    ``base_url`` is the app's root (scheme, host, port and any base path), e.g.
    ``https://cx.example.org/lens``. The token goes first so a truncated paste still opens
    the data.
    """
    from urllib.parse import urlencode

    view = view or {}
    page = str(view.get("page") or "").strip("/")
    pairs: list[tuple[str, str]] = [("ws", token)]
    for name, value in (view.get("params") or {}).items():
        if name in PRIVATE_PARAMS:
            continue
        for v in value if isinstance(value, list) else [value]:
            pairs.append((name, str(v)))
    root = base_url.rstrip("/")
    return f"{root}/{page}?{urlencode(pairs)}" if page else f"{root}/?{urlencode(pairs)}"
