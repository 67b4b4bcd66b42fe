"""Strategy context: the organisation's goals, which opportunities serve them, and goal alignment.

Goals come from a ``Strategy`` sheet (columns like Type / Goal / Description / Importance) and
from the app (stored by cxlens/store/backlog.py). Each goal has a **kind** (one of :data:`KINDS`), a
**name** and an **importance** from 1 (nice to have) to 5 (must win); blank importance counts as
:data:`DEFAULT_IMPORTANCE`.

An opportunity's goal tags are goal ids. Opportunities from a sheet name their goals in the
``goal`` column; several goals are separated by ``;``, ``|`` or a line break (a name may contain
commas, so a comma separates goals only when every comma-separated part is a known goal).
Names that match no goal are reported (see :func:`attach_goals`), never silently dropped.

**Goal alignment** (0..1) of an opportunity that serves the goals S::

    alignment = min(1, Σ importance(g) for g in S  ÷  max importance over all goals)

Serving the most important goal is full alignment; lesser goals add up towards it; serving no
goal is 0. On the 1-10 value scale this is ``goal score = 1 + 9 × alignment``, which
cxlens.prioritise can blend into business value (see :data:`cxlens.prioritisation.GOAL_BLEND_FORMULA`).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

KINDS = ("Target customers", "Value proposition", "Business goal", "Brand promise")
DEFAULT_IMPORTANCE = 3.0
IMPORTANCE_RANGE = (1.0, 5.0)
NO_GOAL = "Not tied to any goal"
ALIGNMENT_FORMULA = "min(1, sum of the importance of the goals it serves ÷ importance of the most important goal)"
GOAL_COLUMNS = ["goal_id", "kind", "name", "description", "weight", "origin"]

_KIND_PATTERNS = (
    ("Target customers", r"target|customer|segment|persona|audience"),
    ("Brand promise", r"brand|promise"),
    ("Value proposition", r"value|proposition|offer"),
    ("Business goal", r"business|goal|objective|okr|kpi|target metric"),
)
_HEADER_PATTERNS = (
    ("kind", r"^(type|kind|category|goal type|level)$"),
    ("name", r"^(goal|name|strategic goal|objective|title|strategy)$"),
    ("description", r"^(description|details?|what it means|notes?|explanation)$"),
    ("weight", r"^(importance|weight|priority)( \(?\d[-–]\d\)?)?$"),
)
_SEPARATORS = re.compile(r"[;|\n]+")


def _norm(text: object) -> str:
    """Case-, space- and trailing-punctuation-insensitive key of a goal name."""
    return re.sub(r"\s+", " ", str(text)).strip().strip(".:").strip().casefold()


def goal_id(name: str, origin: str = "sheet") -> str:
    """A stable id from the goal's name (edits stored under it survive reloading the sheet)."""
    key = _norm(name)
    slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")[:40]
    return f"goal-{slug}-{hashlib.sha1(f'{origin}:{key}'.encode()).hexdigest()[:8]}"


def normalise_kind(text: object) -> str:
    """One of KINDS for a free-text type ("Brand", "target segment", "OKR"...); Business goal otherwise."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return "Business goal"
    key = _norm(text)
    for kind in KINDS:
        if key == kind.casefold():
            return kind
    for kind, pattern in _KIND_PATTERNS:
        if re.search(pattern, key):
            return kind
    return "Business goal"


def importance(value: object) -> float:
    """A goal's importance: numbers are clipped to 1..5; blank or unreadable → DEFAULT_IMPORTANCE."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    if pd.isna(number) or number <= 0:
        return DEFAULT_IMPORTANCE
    return float(np.clip(number, *IMPORTANCE_RANGE))


def goals_from_sheet(strategy: pd.DataFrame) -> pd.DataFrame:
    """The Strategy sheet as goals: ``goal_id, kind, name, description, weight, origin='sheet'``.

    Headers are matched loosely (Type/Kind, Goal/Name, Description, Importance/Weight/Priority);
    a sheet with no recognised name column uses its first text column. Rows without a name are
    skipped; a repeated name keeps its first row.
    """
    if strategy is None or strategy.empty:
        return pd.DataFrame(columns=GOAL_COLUMNS)
    cols: dict[str, str] = {}
    for header in strategy.columns:
        key = _norm(header)
        for field, pattern in _HEADER_PATTERNS:
            if field not in cols and re.match(pattern, key):
                cols[field] = header
                break
    if "name" not in cols:
        text_cols = [c for c in strategy.columns if c not in cols.values() and strategy[c].dtype.kind in "OUS"]
        if not text_cols:
            return pd.DataFrame(columns=GOAL_COLUMNS)
        cols["name"] = text_cols[0]
    names = strategy[cols["name"]].astype("object")
    keep = names.notna() & (names.astype(str).str.strip() != "")
    rows = strategy[keep]
    out = pd.DataFrame({
        "name": rows[cols["name"]].astype(str).str.strip(),
        "kind": [normalise_kind(v) for v in rows[cols["kind"]]] if "kind" in cols else "Business goal",
        "description": rows[cols["description"]].astype("object") if "description" in cols else None,
        "weight": [importance(v) for v in rows[cols["weight"]]] if "weight" in cols else DEFAULT_IMPORTANCE,
    })
    out["goal_id"] = [goal_id(n) for n in out["name"]]
    out["origin"] = "sheet"
    out = out.drop_duplicates("goal_id", keep="first")
    out["description"] = out["description"].where(out["description"].notna(), None)
    return out[GOAL_COLUMNS].reset_index(drop=True)


def merge_goals(sheet: pd.DataFrame, stored: pd.DataFrame | None) -> pd.DataFrame:
    """Sheet goals with the app's edits applied: a stored goal replaces the sheet goal with the same
    id, ``removed`` stored goals are dropped, new stored goals are appended (origin 'app')."""
    if stored is None or stored.empty:
        return sheet.reset_index(drop=True)
    stored = stored.copy()
    removed = set(stored.loc[stored.get("removed", pd.Series(False, index=stored.index)).astype(bool), "goal_id"])
    live = stored[~stored["goal_id"].isin(removed)].copy()
    live["origin"] = np.where(live["goal_id"].isin(sheet["goal_id"]), "sheet", "app")
    # blanks in a stored edit keep the sheet's value (the merge below skips them)
    live["kind"] = [normalise_kind(k) if pd.notna(k) else None for k in live["kind"]]
    live["weight"] = [importance(w) if pd.notna(w) else np.nan for w in live["weight"]]
    by_id = live.set_index("goal_id")
    rows = []
    for _, g in sheet.iterrows():
        if g["goal_id"] in removed:
            continue
        if g["goal_id"] in by_id.index:
            edit = by_id.loc[g["goal_id"]]
            g = g.copy()
            for c in ("kind", "name", "description", "weight"):
                if c in edit and (pd.notna(edit[c]) if c != "description" else True):
                    g[c] = edit[c]
        rows.append(g)
    fresh = live[~live["goal_id"].isin(sheet["goal_id"])].copy()
    fresh["kind"] = fresh["kind"].fillna("Business goal")
    fresh["weight"] = fresh["weight"].fillna(DEFAULT_IMPORTANCE)
    out = pd.concat([pd.DataFrame(rows, columns=GOAL_COLUMNS), fresh.reindex(columns=GOAL_COLUMNS)],
                    ignore_index=True)
    return out[GOAL_COLUMNS]


def match_goal_names(text: object, goals: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Goal ids named in ``text`` (a sheet's ``goal`` cell) and the names that match no goal."""
    if text is None or (isinstance(text, float) and np.isnan(text)) or not str(text).strip():
        return [], []
    lookup = {_norm(n): gid for gid, n in zip(goals["goal_id"], goals["name"])}
    lookup.update({gid: gid for gid in goals["goal_id"]})
    ids: list[str] = []
    unknown: list[str] = []

    def find(part: str) -> str | None:
        key = _norm(part)
        return lookup.get(key) or lookup.get(goal_id(part))  # goal_id: a sheet goal renamed in the app

    whole = find(str(text))
    parts = [whole] if whole else None
    if parts is None:
        parts = []
        for part in (p.strip() for p in _SEPARATORS.split(str(text))):
            if not part:
                continue
            found = find(part)
            if found is None and "," in part:
                pieces = [find(p) for p in part.split(",") if p.strip()]
                if pieces and all(pieces):
                    parts.extend(pieces)
                    continue
            if found is None:
                unknown.append(part)
            else:
                parts.append(found)
    for gid in parts:
        if gid not in ids:
            ids.append(gid)
    return ids, unknown


def goal_alignment(tags, goals: pd.DataFrame) -> float:
    """min(1, Σ importance of the tagged goals ÷ the largest importance of any goal); 0 with no goal.

    Tags that are not (or no longer) goals are ignored.
    """
    if goals is None or goals.empty:
        return 0.0
    weight = dict(zip(goals["goal_id"], goals["weight"].astype(float)))
    top = max(weight.values())
    served = sum(weight[g] for g in dict.fromkeys(_as_list(tags)) if g in weight)
    return float(min(1.0, served / top)) if top > 0 else 0.0


def _as_list(value) -> list[str]:
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        return [str(v) for v in list(value) if v is not None and str(v)]
    return []


def attach_goals(backlog: pd.DataFrame, goals: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The backlog with its goal tags resolved, and the goal names that could not be matched.

    Adds ``goals`` (list of goal ids: the stored tags when the opportunity has been tagged in the
    app, else the ids named in its ``goal`` cell), ``goal_names`` ("A; B" in importance order),
    ``primary_goal`` (the most important goal served, or NO_GOAL), ``goal_alignment`` (0..1).
    The second frame lists ``opportunity, goal, problem`` for every name in a ``goal`` cell that
    matches no goal.
    """
    out = backlog.copy()
    goals = goals if goals is not None else pd.DataFrame(columns=GOAL_COLUMNS)
    known = set(goals["goal_id"])
    # Most important first; among equally important goals business goals first (they colour the matrix)
    kind_rank = goals["kind"].map({"Business goal": 0}).fillna(1)
    ranked_goals = goals.assign(_k=kind_rank).sort_values(["weight", "_k"], ascending=[False, True], kind="stable")
    order = {gid: i for i, gid in enumerate(ranked_goals["goal_id"])}
    names = dict(zip(goals["goal_id"], goals["name"]))
    stored = out["goals"] if "goals" in out else pd.Series(None, index=out.index, dtype="object")
    text = out["goal"] if "goal" in out else pd.Series(None, index=out.index, dtype="object")
    tags, problems = [], []
    for opp, tagged, cell in zip(out["opportunity"], stored, text):
        if isinstance(tagged, (list, tuple, np.ndarray)):
            ids = [g for g in _as_list(tagged) if g in known]
        else:
            ids, unknown = match_goal_names(cell, goals)
            problems += [{"opportunity": opp, "goal": u,
                          "problem": "not a goal of the strategy (add it as a goal, or correct the name)"}
                         for u in unknown]
        tags.append(sorted(ids, key=lambda g: order.get(g, len(order))))
    out["goals"] = pd.Series(tags, index=out.index, dtype="object")
    out["goal_names"] = ["; ".join(names[g] for g in t) for t in tags]
    out["primary_goal"] = [names[t[0]] if t else NO_GOAL for t in tags]
    out["goal_alignment"] = [goal_alignment(t, goals) for t in tags]
    return out, pd.DataFrame(problems, columns=["opportunity", "goal", "problem"])


def goal_summary(goals: pd.DataFrame, backlog: pd.DataFrame) -> pd.DataFrame:
    """Goals with how many opportunities serve each (``backlog`` as returned by attach_goals)."""
    counts: dict[str, int] = {}
    for tags in backlog.get("goals", []):
        for g in _as_list(tags):
            counts[g] = counts.get(g, 0) + 1
    out = goals.copy()
    out["opportunities"] = [counts.get(g, 0) for g in out["goal_id"]]
    kind_order = {k: i for i, k in enumerate(KINDS)}
    out["_k"] = out["kind"].map(kind_order).fillna(len(KINDS))
    return out.sort_values(["_k", "weight"], ascending=[True, False], kind="stable").drop(columns="_k").reset_index(drop=True)
