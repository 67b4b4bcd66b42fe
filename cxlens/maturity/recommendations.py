"""Maturity recommendations: the next projects for the dimensions most in need (:func:`recommend`), checked
against the journey evidence, and the scores-and-answers download (:func:`export_sheets`). Text is plain.
Pure: no Streamlit."""

from __future__ import annotations

import math
from typing import Callable

import pandas as pd

from .evidence import Evidence, evidence, evidence_supports
from .model import TOLERANCE, Dimension, MaturityModel
from .scoring import MaturityResult
from .text import name_key

RECOMMENDATION_COLUMNS = [
    "rank", "dimension", "project", "why", "evidence", "evidence_key", "evidence_items", "stage",
    "score", "gap", "floor", "disagreement",
]


def _priority(dims: pd.DataFrame) -> pd.DataFrame:
    """Scored dimensions, most in need first: floor, then largest gap, then lowest score, then model order."""
    d = dims[dims["score"].notna()].copy()
    d["_order"] = range(len(d))
    d["_gap"] = d["gap"].fillna(-math.inf).round(9)
    return d.sort_values(["floor", "_gap", "score", "_order"], ascending=[False, False, True, True], kind="stable")


def recommend(result: MaturityResult, model: MaturityModel | None = None, dataset=None, top: int = 3) -> pd.DataFrame:
    """The ``top`` most useful next projects, most important first.

    Dimensions are taken in need order (floor first, then largest gap, then lowest
    score). For each, the model's recommendations for that dimension are candidates
    when they list the dimension's own stage (first choice) or the stage after it.
    Projects are picked one per dimension in need order,
    then second ones, until ``top`` are found; dimensions already at their target come
    after every project for dimensions below it. A dimension with no candidate gets a
    generic project. Columns: :data:`RECOMMENDATION_COLUMNS` (text is plain).

    With a ``dataset``, evidence rules are computed, and a recommendation is only made when its
    evidence supports it (:func:`evidence_supports`): one whose evidence finds nothing to fix
    (e.g. every touchpoint already has scores) is left out, and when that leaves a dimension
    without a candidate its generic project says which recommendation the data shows is done.
    """
    model = model or result.model
    cache: dict[str, Evidence] = {}

    def ev_for(key: str | None) -> Evidence | None:
        if not key:
            return None
        if dataset is None:
            return Evidence(key, "Load feedback and a touchpoint catalogue to check this against your data.",
                            computed=False)
        if key not in cache:
            cache[key] = evidence(key, dataset)
        return cache[key]

    per_dim: list[list[dict]] = []
    for _, row in _priority(result.dimensions).iterrows():
        try:
            dim = model.dimension(row["dimension"])
        except KeyError:
            continue
        items = _dimension_projects(row, dim, model, ev_for)
        for it in items:
            it.update(score=float(row["score"]), gap=float(row["gap"]), floor=bool(row["floor"]),
                      disagreement=bool(row["disagreement"]))
        per_dim.append(items)
    out = pd.DataFrame(_pick(per_dim, top), columns=RECOMMENDATION_COLUMNS[1:])
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


def _dimension_projects(row: pd.Series, dim: Dimension, model: MaturityModel,
                        ev_for: Callable[[str | None], Evidence | None]) -> list[dict]:
    """The candidate projects of one dimension (its row of the result), best first; a generic one when none fits."""
    own = model.stage_index(row["score"])
    stage_pos = {name_key(s.name): i for i, s in enumerate(model.stages)}
    cands = []
    done: list[str] = []  # recommendations left out because their evidence finds nothing to fix
    for pos, rec in enumerate(model.recommendations):
        if rec.dimension != dim.id:
            continue
        idxs = {stage_pos.get(name_key(s), -1) for s in rec.stages}
        if own in idxs:
            stage_rank, stage_name = 0, model.stages[own].name
        elif own + 1 in idxs:
            stage_rank, stage_name = 1, model.stages[own + 1].name
        else:
            continue
        ev = ev_for(rec.evidence)
        if not evidence_supports(ev):  # the data shows it is done: never recommend it beside that
            done.append(f"{rec.project} ({ev.text.rstrip('.')})")
            continue
        cands.append(((stage_rank, pos), rec, ev, stage_name))
    cands.sort(key=lambda c: c[0])
    why_extra = ""
    if row["disagreement"]:
        why_extra = (f" Raters disagree strongly on this dimension (scores from {row['min']:.1f} to "
                     f"{row['max']:.1f}): discuss the scores together before starting.")
    items = [{"dimension": dim.name, "project": rec.project, "why": rec.why + why_extra,
              "evidence": ev.text if ev else "", "evidence_key": rec.evidence or "",
              "evidence_items": list(ev.items) if ev else [], "stage": stage_name}
             for _, rec, ev, stage_name in cands]
    if items:
        return items
    if done:
        generic_why = ("This is one of the weakest dimensions, and your data shows that the maturity "
                       f"model's recommendation for it at this stage is already in place: {'; '.join(done)}.")
    else:
        generic_why = ("This is one of the weakest dimensions and the maturity model has no "
                       f"recommendation for it at the {model.stages[own].name} stage.")
    return [{"dimension": dim.name, "project": f"Agree one improvement project for {dim.name}",
             "why": generic_why + why_extra, "evidence": "", "evidence_key": "", "evidence_items": [],
             "stage": model.stages[own].name}]


def _pick(per_dim: list[list[dict]], top: int) -> list[dict]:
    """Dimensions below their target first (round-robin: one project each, then second ones), then the rest."""
    picked: list[dict] = []
    for group in ([i for i in per_dim if i[0]["gap"] > TOLERANCE], [i for i in per_dim if not i[0]["gap"] > TOLERANCE]):
        depth = 0
        while len(picked) < top and any(len(items) > depth for items in group):
            for items in group:
                if depth < len(items) and len(picked) < top:
                    picked.append(items[depth])
            depth += 1
    return picked


def export_sheets(result: MaturityResult, answers: pd.DataFrame, recommendations: pd.DataFrame | None = None
                  ) -> dict[str, pd.DataFrame]:
    """The sheets of the scores-and-answers download: Scores (one row per dimension), Answers (as given,
    with the model's dimension), Recommendations and Problems. Write them with
    :func:`cxlens.export.to_xlsx_bytes` / ``to_csv_bytes``, which neutralise formula injection in every
    text cell (rater names, departments, statements and dimension names come from users)."""
    cols = ["rater", "department", "date", "dimension", "question", "score"]
    a = answers.reindex(columns=cols).copy() if answers is not None else pd.DataFrame(columns=cols)
    for c in ("rater", "department", "dimension", "question"):
        a[c] = a[c].astype("object")
    sheets = {"Scores": result.dimensions.drop(columns=["dimension_id"]), "Answers": a}
    if recommendations is not None:
        r = recommendations.copy()
        if "evidence_items" in r.columns:
            r["evidence_items"] = r["evidence_items"].map(lambda v: "; ".join(map(str, v)) if isinstance(
                v, (list, tuple)) else v)
        sheets["Recommendations"] = r
    if not result.problems.empty:
        sheets["Problems"] = result.problems
    return sheets
