"""Custom maturity models from spreadsheets: read a model sheet (:func:`model_from_frame`,
:func:`model_from_sheets`, :func:`read_model_file` for uploaded bytes), write the editable download
(:func:`model_sheets`), and offer the model an answers sheet defines (:func:`model_from_answers`,
:func:`sheet_model_offer`). Every problem is listed at once in a :class:`ModelSheetError`. Pure: no Streamlit."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from .. import readers
from ..errors import DataError
from .model import (
    EVIDENCE_KEYS, MAX_MODEL_DIMENSIONS, MAX_MODEL_STATEMENTS, MAX_NAME_CHARS, MODEL_MAX_BYTES, TOLERANCE, Dimension,
    MaturityModel, ModelSheetError, Recommendation, Stage, load_model, model_fingerprint, validate_model)
from .text import is_blank, name_key, shorten, slug, text_series, to_number, unique

#: An answers sheet defines its own model when at least this share of its distinct statements is not in the
#: assessment's model (fewer are typos or extra statements: listed as problems, the rest scored).
SHEET_MODEL_MIN_UNKNOWN_SHARE = 0.5

_MODEL_SYNONYMS = {
    "dimension": ("dimension", "pillar", "area", "capability", "competency", "category"),
    "statement": ("statement", "question", "item", "criterion", "criteria"),
    "weight": ("weight", "dimension weight", "importance"),
    "description": ("description", "dimension description"),
}
_STAGE_SYNONYMS = {
    "stage": ("stage", "name", "stage name", "level"),
    "min_score": ("min score", "min_score", "minimum score", "lowest score", "cut-off", "cutoff", "cut off", "from",
                  "threshold"),
    "description": ("description", "stage description"),
}
_REC_SYNONYMS = {
    "dimension": ("dimension", "pillar", "area"),
    "stages": ("stages", "stage", "for stages"),
    "project": ("project", "recommendation", "action"),
    "why": ("why", "reason", "rationale"),
    "evidence": ("evidence", "evidence rule", "evidence key"),
}


def _find_columns(frame: pd.DataFrame, synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for col in frame.columns:
        k = re.sub(r"\s*\(.*\)\s*$", "", name_key(col).replace("_", " ")).strip()
        for canon, names in synonyms.items():
            if canon not in found and k in {n.replace("_", " ") for n in names}:
                found[canon] = col
                break
    return found


def _rows(frame: pd.DataFrame, what: str):
    """(where, row) for each row: where = "Row 7 of the model sheet 'Model'" using the spreadsheet's own row
    numbers (``frame.attrs['header_line']``, default 1, is the header's row; data rows follow it)."""
    header = int(frame.attrs.get("header_line", 1))
    sheet = frame.attrs.get("sheet") or ""
    label = f"the {what} sheet" + (f" '{sheet}'" if sheet else "")
    for pos, (idx, row) in enumerate(frame.iterrows()):
        line = header + 1 + (int(idx) if isinstance(idx, (int, np.integer)) else pos)
        yield line, f"Row {line} of {label}", row


def _sheet_label(frame: pd.DataFrame, what: str) -> str:
    sheet = frame.attrs.get("sheet") or ""
    return f"The {what} sheet" + (f" '{sheet}'" if sheet else "")


def model_from_frame(
    frame: pd.DataFrame,
    stages: pd.DataFrame | None = None,
    recommendations: pd.DataFrame | None = None,
    *,
    base: MaturityModel | None = None,
    name: str = "Custom CX maturity model",
) -> MaturityModel:
    """A custom model from a sheet with columns Dimension, Statement and optionally Weight, Description.

    ``Weight`` is a **dimension** weight: write it on any (or every) row of the
    dimension; rows left blank take the dimension's value, a dimension without any
    weight gets 1. Different weights on rows of the same dimension are an error.
    Dimensions keep the sheet's order; statements their order within the dimension.

    Stages and recommendations come from ``base`` (default: the default model)
    unless ``stages`` (columns Stage, Min score, Description) or ``recommendations``
    (Dimension, Stages, Project, Why, Evidence) are given. A dimension whose name
    matches a dimension of ``base`` keeps its id, description and recommendations;
    base recommendations for dimensions not in the sheet are dropped.

    Raises :class:`ModelSheetError` (a ValueError) whose ``problems`` list **every**
    problem found in all the sheets, each with its spreadsheet row where there is one.
    """
    base = base or load_model()
    problems: list[str] = []
    dims = _dimensions_from_frame(frame, base, problems)
    stage_list = base.stages if stages is None else _stages_from_frame(stages, problems)
    ids = {d.id for d in dims}
    if recommendations is not None:
        recs = _recommendations_from_frame(recommendations, dims, problems)
    else:
        stage_keys = {name_key(s.name) for s in stage_list}
        recs = tuple(
            replace(r, stages=tuple(s for s in r.stages if name_key(s) in stage_keys))
            for r in base.recommendations if r.dimension in ids
        )
        recs = tuple(r for r in recs if r.stages)
    if not dims:  # the sheet's own problems say why; no point validating an empty model
        raise ModelSheetError(unique(problems or ["The maturity model sheet has no statements."]))
    model = MaturityModel(dimensions=tuple(dims), stages=tuple(stage_list), recommendations=recs,
                          name=shorten(name, MAX_NAME_CHARS), version="", scale_min=base.scale_min,
                          scale_max=base.scale_max, scale_labels=dict(base.scale_labels))
    return validate_model(model, problems)


def _dimensions_from_frame(frame: pd.DataFrame | None, base: MaturityModel, problems: list[str]) -> list[Dimension]:
    if frame is None or frame.empty:
        problems.append("The maturity model sheet is empty. It needs one row per statement with its dimension.")
        return []
    cols = _find_columns(frame, _MODEL_SYNONYMS)
    missing = [c for c in ("dimension", "statement") if c not in cols]
    if missing:
        problems.append(f"{_sheet_label(frame, 'maturity model')} needs a 'Dimension' and a 'Statement' column; "
                        f"found: {', '.join(str(c) for c in frame.columns)}.")
        return []
    base_by_name = {name_key(d.name): d for d in base.dimensions}
    order: list[str] = []
    names: dict[str, str] = {}
    statements: dict[str, list[tuple[str, int]]] = {}
    weights: dict[str, list[tuple[float, int]]] = {}
    descriptions: dict[str, str] = {}
    seen: dict[str, tuple[str, int]] = {}
    for line, where, row in _rows(frame, "maturity model"):
        dim_raw, st_raw = row[cols["dimension"]], row[cols["statement"]]
        if is_blank(dim_raw) and is_blank(st_raw):
            continue
        if is_blank(dim_raw):
            problems.append(f"{where} has a statement but no dimension.")
            continue
        dim = str(dim_raw).strip()
        dk = name_key(dim)
        if dk not in names:
            names[dk] = dim
            order.append(dk)
            statements[dk] = []
            weights[dk] = []
        if "weight" in cols:
            w = to_number(row[cols["weight"]])
            if w is not None:
                if not math.isfinite(w) or w <= 0:
                    problems.append(f"{where}: the weight of '{dim}' must be a number above 0 "
                                    f"(found '{row[cols['weight']]}').")
                else:
                    weights[dk].append((w, line))
        if "description" in cols and not is_blank(row[cols["description"]]) and dk not in descriptions:
            descriptions[dk] = str(row[cols["description"]]).strip()
        if is_blank(st_raw):
            continue
        st = str(st_raw).strip()
        sk = name_key(st)
        if sk in seen:
            problems.append(f"The statement '{shorten(st)}' appears more than once in the maturity model sheet "
                            f"(rows {seen[sk][1]} and {line}). Each statement may appear only once.")
            continue
        seen[sk] = (dk, line)
        statements[dk].append((st, line))
    if not order and not problems:
        problems.append("The maturity model sheet has no statements.")
    dims = []
    used_ids: set[str] = set()
    for dk in order:
        if not statements[dk]:
            problems.append(f"The dimension '{names[dk]}' has no statements in the maturity model sheet. "
                            "Add at least one statement or remove the dimension.")
            continue
        ws = sorted({w for w, _ in weights[dk]})
        if len(ws) > 1:
            lines = ", ".join(str(line) for _, line in weights[dk])
            problems.append(f"The dimension '{names[dk]}' has different weights on rows {lines}. "
                            "The weight belongs to the dimension: use one value (or fill it in on one row only).")
        b = base_by_name.get(dk)
        did = b.id if b is not None else slug(names[dk])
        while did in used_ids:
            did += "_2"
        used_ids.add(did)
        dims.append(Dimension(
            id=did, name=names[dk], statements=tuple(s for s, _ in statements[dk]),
            weight=weights[dk][0][0] if weights[dk] else 1.0,
            description=descriptions.get(dk) or (b.description if b is not None else ""),
        ))
    return dims


def _stages_from_frame(frame: pd.DataFrame, problems: list[str] | None = None) -> tuple[Stage, ...]:
    own = problems is None
    problems = [] if own else problems
    cols = _find_columns(frame, _STAGE_SYNONYMS)
    out = []
    if "stage" not in cols or "min_score" not in cols:
        problems.append(f"{_sheet_label(frame, 'stages')} needs a 'Stage' and a 'Min score' column (the lowest "
                        f"overall score of the stage); found: {', '.join(str(c) for c in frame.columns)}.")
    else:
        for _, where, row in _rows(frame, "stages"):
            if is_blank(row[cols["stage"]]):
                continue
            v = to_number(row[cols["min_score"]])
            if v is None or not math.isfinite(v):
                problems.append(f"{where} needs a lowest score (a number) for '{row[cols['stage']]}'.")
                continue
            desc = "" if "description" not in cols or is_blank(row[cols["description"]]) else str(
                row[cols["description"]])
            out.append(Stage(str(row[cols["stage"]]).strip(), v, desc.strip()))
        if not out and not problems:
            problems.append(f"{_sheet_label(frame, 'stages')} has no stages.")
    if own and problems:
        raise ModelSheetError(problems)
    return tuple(sorted(out, key=lambda s: s.min_score))


def _recommendations_from_frame(frame: pd.DataFrame, dims: list[Dimension],
                                problems: list[str] | None = None) -> tuple[Recommendation, ...]:
    own = problems is None
    problems = [] if own else problems
    cols = _find_columns(frame, _REC_SYNONYMS)
    if not {"dimension", "stages", "project"} <= set(cols):
        problems.append(f"{_sheet_label(frame, 'recommendations')} needs 'Dimension', 'Stages' and 'Project' "
                        "columns ('Why' and 'Evidence' are optional).")
        if own:
            raise ModelSheetError(problems)
        return ()
    by_key = {}
    for d in dims:
        by_key[name_key(d.name)] = d.id
        by_key[name_key(d.id)] = d.id
    out = []
    for _, where, row in _rows(frame, "recommendations"):
        if is_blank(row[cols["project"]]):
            continue
        dk = name_key(row[cols["dimension"]])
        if dk not in by_key:
            problems.append(f"{where} is for the dimension '{row[cols['dimension']]}', which is not in the model.")
            continue
        stages = tuple(s.strip() for s in re.split(r"[;,|/]", str(row[cols["stages"]])) if s.strip()) \
            if not is_blank(row[cols["stages"]]) else ()
        ev = None if "evidence" not in cols or is_blank(row[cols["evidence"]]) else str(row[cols["evidence"]]).strip()
        why = "" if "why" not in cols or is_blank(row[cols["why"]]) else str(row[cols["why"]]).strip()
        out.append(Recommendation(by_key[dk], stages, str(row[cols["project"]]).strip(), why, ev))
    if own and problems:
        raise ModelSheetError(problems)
    return tuple(out)


def model_from_sheets(sheets: Mapping[str, pd.DataFrame], *, base: MaturityModel | None = None,
                      name: str = "Custom CX maturity model") -> MaturityModel:
    """A custom model from a workbook's sheets (name -> frame): the first sheet with Dimension and Statement
    columns is the model; a sheet with Stage and Min score columns, if any, replaces the stages; a sheet
    with a Project column, if any, replaces the recommendations. Other sheets (e.g. 'Read me') are ignored.
    Raises :class:`ModelSheetError` listing every problem of every sheet."""
    model_frame = stage_frame = rec_frame = None
    for sheet, frame in sheets.items():
        if frame is None or frame.empty:
            continue
        if "sheet" not in frame.attrs:
            frame = frame.copy()
            frame.attrs["sheet"] = sheet
        if rec_frame is None and "project" in _find_columns(frame, _REC_SYNONYMS):
            rec_frame = frame
        elif stage_frame is None and {"stage", "min_score"} <= set(_find_columns(frame, _STAGE_SYNONYMS)):
            stage_frame = frame
        elif model_frame is None and {"dimension", "statement"} <= set(_find_columns(frame, _MODEL_SYNONYMS)):
            model_frame = frame
    if model_frame is None:
        found = "; ".join(f"'{s}': {', '.join(str(c) for c in f.columns) or '(empty)'}"
                          for s, f in sheets.items() if f is not None) or "no sheets"
        raise ModelSheetError(["No sheet has a 'Dimension' and a 'Statement' column, so the file holds no maturity "
                               f"model (found {found}). Download the default model, edit it and upload that."])
    return model_from_frame(model_frame, stage_frame, rec_frame, base=base, name=name)


def model_sheets(model: MaturityModel | None = None) -> dict[str, pd.DataFrame]:
    """The model as editable sheets (what :func:`model_from_sheets` reads back): 'Model' (Dimension, Statement,
    Weight, Description), 'Stages' (Stage, Min score, Description), 'Recommendations' (Dimension, Stages,
    Project, Why, Evidence) and 'Read me'. Uploading them unchanged gives the same model (same fingerprint)."""
    model = model or load_model()
    rows = []
    for d in model.dimensions:
        for i, s in enumerate(d.statements):
            rows.append((d.name, s, d.weight, d.description if i == 0 else ""))
    names = {d.id: d.name for d in model.dimensions}
    return {
        "Model": pd.DataFrame(rows, columns=["Dimension", "Statement", "Weight", "Description"]),
        "Stages": pd.DataFrame([(s.name, s.min_score, s.description) for s in model.stages],
                               columns=["Stage", "Min score", "Description"]),
        "Recommendations": pd.DataFrame(
            [(names.get(r.dimension, r.dimension), "; ".join(r.stages), r.project, r.why, r.evidence or "")
             for r in model.recommendations],
            columns=["Dimension", "Stages", "Project", "Why", "Evidence"]),
        "Read me": pd.DataFrame({"How to edit this maturity model": [
            "Model sheet: one row per statement. Dimension and Statement are required; Weight is the "
            "dimension's weight in the overall score (the same on every row of a dimension, or on one row only); "
            "Description (first row of a dimension) is shown above its statements.",
            f"At most {MAX_MODEL_DIMENSIONS} dimensions and {MAX_MODEL_STATEMENTS} statements; each statement "
            "only once.",
            "Stages sheet (optional, delete it to keep the default stages): the first stage starts at 1 and the "
            "lowest scores increase.",
            "Recommendations sheet (optional): Stages are stage names separated by ';'. Evidence is blank or one "
            f"of: {', '.join(EVIDENCE_KEYS)}.",
            "Upload the edited file on the Maturity page, tab 'The model'. Scores are 1-5.",
        ]}),
    }


def read_model_file(data: bytes, filename: str = "maturity_model.xlsx", *,
                    base: MaturityModel | None = None) -> MaturityModel:
    """A custom model from an uploaded CSV or Excel file (bytes).

    Files over :data:`MODEL_MAX_BYTES` are refused before reading; the bytes then go
    through the loader's reader (:func:`cxlens.readers.read_tables`, which applies the
    upload-safety checks of :mod:`cxlens.safety`: size, zip-bomb and sheet-extent
    limits, non-spreadsheet files). Hidden sheets are ignored. Raises
    :class:`ModelSheetError` whose ``problems`` list every problem found.
    """
    if len(data) > MODEL_MAX_BYTES:
        raise ModelSheetError([f"The file is {len(data) / 1e6:.1f} MB; a maturity model file may be at most "
                               f"{MODEL_MAX_BYTES / 1e6:.0f} MB. A model is one row per statement: remove other "
                               "sheets and data, then upload again."])
    try:
        tables = readers.read_tables(data, filename)
    except DataError as err:
        raise ModelSheetError([err.message]) from None
    sheets: dict[str, pd.DataFrame] = {}
    for t in tables:
        if t.meta.get("visible", True) is False or t.meta.get("empty"):
            continue
        frame = t.frame.copy()
        frame.attrs["header_line"] = t.header_line
        frame.attrs["sheet"] = t.sheet
        sheets[t.sheet or filename] = frame
    stem = Path(filename).stem.strip() or "upload"
    return model_from_sheets(sheets, base=base, name=f"Custom model ({stem})")


def model_from_answers(answers: pd.DataFrame, *, base: MaturityModel | None = None,
                       name: str = "Model from the Maturity sheet") -> MaturityModel:
    """The model an answers sheet defines: its dimensions in the order they first appear, each with its
    statements in the order they first appear; every weight 1. Built by :func:`model_from_frame`, so a
    dimension named like one of ``base`` (default: the default model) keeps its id, description and
    recommendations, and the stages are ``base``'s. Raises :class:`ModelSheetError` (e.g. a statement
    under two dimensions, a row with a statement but no dimension)."""
    a = answers if answers is not None else pd.DataFrame()
    n = len(a)
    dim = text_series(a["dimension"]) if "dimension" in a.columns else pd.Series([""] * n, dtype="object")
    question = text_series(a["question"]) if "question" in a.columns else pd.Series([""] * n, dtype="object")
    rows = pd.DataFrame({"Dimension": dim.to_numpy(), "Statement": question.to_numpy()})
    rows = rows[rows["Statement"] != ""]
    first: dict[str, tuple[str, str]] = {}  # statement key -> (dimension, statement) where first answered
    problems: list[str] = []
    for d, q in zip(rows["Dimension"], rows["Statement"]):
        k = name_key(q)
        if k not in first:
            first[k] = (d, q)
        elif d and first[k][0] and name_key(d) != name_key(first[k][0]):
            problem = (f"The statement '{shorten(q)}' is answered under '{first[k][0]}' and under '{d}' in the "
                       "sheet; a statement belongs to one dimension only.")
            if problem not in problems:
                problems.append(problem)
    if problems:
        raise ModelSheetError(problems)
    frame = pd.DataFrame(list(first.values()), columns=["Dimension", "Statement"])
    frame.attrs["sheet"] = "Maturity"
    return model_from_frame(frame, base=base, name=name)


def sheet_model_offer(answers: pd.DataFrame, model: MaturityModel) -> MaturityModel | None:
    """The model an answers sheet defines (:func:`model_from_answers`), when it should be offered instead of
    ``model`` (the assessment's): at least :data:`SHEET_MODEL_MIN_UNKNOWN_SHARE` of the sheet's distinct
    statements are the sheet's own, in neither ``model`` nor the default model. None when they mostly
    are in one of them (a sheet answered with the default model is another model's answers, listed as
    problems; a few unknown statements are typos), when the sheet has no statements, or when the
    sheet's own model cannot be built (its answers' problems say why)."""
    if answers is None or answers.empty or "question" not in answers.columns:
        return None
    statements = {name_key(q) for q in text_series(answers["question"])} - {""}
    if not statements:
        return None
    known = set(model.statement_index()) | set(load_model().statement_index())
    unknown = statements - known
    if len(unknown) < SHEET_MODEL_MIN_UNKNOWN_SHARE * len(statements) - TOLERANCE:
        return None
    try:
        candidate = model_from_answers(answers)
    except ModelSheetError:
        return None
    return None if model_fingerprint(candidate) == model_fingerprint(model) else candidate
