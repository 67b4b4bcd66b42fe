"""CX maturity assessment: the model, scores per dimension, stage, gaps and next projects.

Pure functions of the canonical maturity table (``rater, department, date,
dimension, question, score``; see :mod:`cxlens.schema`) and a
:class:`MaturityModel` (the default one is ``cxlens/data/maturity_model.json``).
docs/maturity.md describes every rule for users; the short version:

- **Rounds.** Answers are grouped into assessment rounds by date: a round starts on
  the earliest date not yet in a round and takes every answer dated up to
  :data:`ROUND_WINDOW_DAYS` (14) days later. The latest round is "current", the one
  before it gives ``change``.
- **Scores.** Rater level first: each rater's mean over the statements of a
  dimension they answered, then the mean over raters. A rater who skipped a
  statement therefore still counts once, like everyone else.
- **Spread.** Sample standard deviation (n - 1) of the rater-level scores; also
  min, max and range. ``disagreement`` = spread >= :data:`SPREAD_THRESHOLD` (1.0)
  or range >= :data:`RANGE_THRESHOLD` (2.0), with at least two raters.
- **Overall and stage.** Weighted mean of the dimension scores with the model's
  dimension weights; the stage is the highest whose ``min_score`` <= overall.
- **Floor.** The weakest dimension(s) (ties: all). An organisation is at most one
  stage above its floor: ``stage_capped_by_floor`` = min(stage, floor's stage + 1).
- **Targets.** Unless given, every dimension's target is the cut-off of the stage
  after the (floor-capped) stage, or its own score when it is already above that.
- **Problems.** Answers outside the scale, without a number, or for statements /
  dimensions the model does not have are listed in ``problems`` and not used.
- **Custom models.** :func:`read_model_file` (uploaded bytes, through the loader's safe
  readers), :func:`model_from_sheets` and :func:`model_from_frame` build a model from a
  sheet (Dimension, Statement, Weight); :class:`ModelSheetError` lists every problem at
  once. :func:`model_sheets` is the editable download, :func:`model_to_dict` /
  :func:`model_from_dict` the stored form, :func:`model_fingerprint` its identity.
- **Whose assessment.** :func:`assessment_for`: a typed name is a shared assessment; otherwise
  each uploaded data set and each workspace has its own, and the sample data the app's
  :data:`DEFAULT_ASSESSMENT`, whose model is always the default model (never changed by an upload).
- **A sheet's own model.** :func:`sheet_model_offer`: an answers sheet most of whose statements
  the assessment's model does not have defines its model (:func:`model_from_answers`); the page
  shows it and asks before using it.
- **Evidence.** A recommendation with an evidence rule is only made when its evidence supports
  it (:func:`evidence_supports`): never when the data shows there is nothing to fix.

Nothing here imports streamlit. Text returned for the UI is plain (not HTML); the
UI escapes it, and figures pass it through :func:`cxlens.figures.safe_label`.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from . import metrics

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "data" / "maturity_model.json"

#: Answers dated up to this many days after a round's first date belong to that round.
ROUND_WINDOW_DAYS = 14
#: A dimension is flagged ``disagreement`` when the raters' standard deviation reaches this (scale points)...
SPREAD_THRESHOLD = 1.0
#: ... or when the highest and lowest rater differ by at least this much.
RANGE_THRESHOLD = 2.0
#: Scores within this distance of each other count as equal (floor ties, stage cut-offs).
TOLERANCE = 1e-9

#: Evidence rules a recommendation may name (``evidence`` key in the model file).
EVIDENCE_KEYS = ("touchpoints_without_metric", "hotspots_without_owner", "no_journey_kpis")

#: Friction hotspot rule used by ``hotspots_without_owner``: a touchpoint with at least
#: HOTSPOT_MIN_N answers whose CSAT top-2-box is HOTSPOT_MARGIN points below the overall
#: top-2-box, or whose high-effort share is HOTSPOT_MARGIN points above the overall share.
HOTSPOT_MIN_N = metrics.MIN_N
HOTSPOT_MARGIN = 10.0

#: Custom models (uploaded sheets): largest file, and limits that keep the questionnaire usable and every
#: text within what the store keeps (docs/maturity.md, "Using your own model").
MODEL_MAX_BYTES = 2 * 1024 * 1024
MAX_MODEL_DIMENSIONS = 20
MAX_MODEL_STATEMENTS = 150
MAX_NAME_CHARS = 120
MAX_STATEMENT_CHARS = 500
MAX_TEXT_CHARS = 2_000

#: The app's default assessment (the sample data's, and a shared name anyone may type). Its model is always
#: the default model: an upload never changes it (the store refuses; docs/maturity.md, "Whose assessment").
DEFAULT_ASSESSMENT = "default"
#: Key prefix of a data set's or workspace's own assessment. A typed (shared) name may not start with it.
DATA_ASSESSMENT_PREFIX = "data:"
#: An answers sheet defines its own model when at least this share of its distinct statements is not in the
#: assessment's model (fewer are typos or extra statements: listed as problems, the rest scored).
SHEET_MODEL_MIN_UNKNOWN_SHARE = 0.5

#: Feedback columns that count as "a metric" for a touchpoint or stage.
SCORE_COLUMNS = ("csat", "ces", "nps", "rating")

PROBLEM_COLUMNS = ["row", "rater", "date", "dimension", "statement", "value", "problem", "action"]

DIMENSION_COLUMNS = [
    "dimension", "dimension_id", "weight", "score", "n_raters", "n_answers", "spread", "min", "max", "range",
    "stage", "target", "gap", "floor", "disagreement", "previous", "change",
]

RECOMMENDATION_COLUMNS = [
    "rank", "dimension", "project", "why", "evidence", "evidence_key", "evidence_items", "stage",
    "score", "gap", "floor", "disagreement",
]


class MaturityError(ValueError):
    """No usable answers. ``problems`` lists what was wrong with each answer."""

    def __init__(self, message: str, problems: pd.DataFrame | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems if problems is not None else pd.DataFrame(columns=PROBLEM_COLUMNS)


class ModelSheetError(ValueError):
    """A maturity model (uploaded sheet or model file) cannot be used. ``problems`` lists every problem found,
    each a plain-text sentence for a manager; ``str(err)`` joins them."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems) or ["The maturity model cannot be used."]
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = (f"The maturity model has {len(self.problems)} problems: "
                       + " ".join(f"({i}) {p}" for i, p in enumerate(self.problems, 1)))
        super().__init__(message)
        self.message = message


# ============================================================================= the model


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    statements: tuple[str, ...]
    weight: float = 1.0
    description: str = ""


@dataclass(frozen=True)
class Stage:
    name: str
    min_score: float
    description: str = ""


@dataclass(frozen=True)
class Recommendation:
    dimension: str  # a dimension id
    stages: tuple[str, ...]
    project: str
    why: str
    evidence: str | None = None


@dataclass(frozen=True)
class MaturityModel:
    """Dimensions (with statements and weights), stages (with cut-offs) and recommendations."""

    dimensions: tuple[Dimension, ...]
    stages: tuple[Stage, ...]
    recommendations: tuple[Recommendation, ...] = ()
    name: str = "CX maturity model"
    version: str = ""
    scale_min: float = 1.0
    scale_max: float = 5.0
    scale_labels: Mapping[str, str] = field(default_factory=dict, hash=False)

    # --------------------------------------------------------------- lookups

    @property
    def dimension_names(self) -> list[str]:
        return [d.name for d in self.dimensions]

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    @property
    def weights(self) -> dict[str, float]:
        """Dimension name -> weight."""
        return {d.name: d.weight for d in self.dimensions}

    def dimension(self, key: str) -> Dimension:
        """A dimension by name or id (case and spacing ignored). KeyError when unknown."""
        k = _key(key)
        for d in self.dimensions:
            if _key(d.name) == k or _key(d.id) == k:
                return d
        raise KeyError(key)

    def stage_index(self, score: float) -> int:
        """Index of the highest stage whose ``min_score`` <= score (0 for scores below every cut-off or NaN)."""
        if score is None or (isinstance(score, float) and math.isnan(score)):
            return 0
        idx = 0
        for i, s in enumerate(self.stages):
            if s.min_score <= score + TOLERANCE:
                idx = i
        return idx

    def stage_for(self, score: float) -> Stage:
        return self.stages[self.stage_index(score)]

    def questionnaire(self) -> pd.DataFrame:
        """One row per statement in model order: dimension, statement (for the questionnaire form)."""
        rows = [(d.name, s) for d in self.dimensions for s in d.statements]
        return pd.DataFrame(rows, columns=["dimension", "statement"]).astype("str")

    def answers_frame(self, scores: Mapping[str, float | None], *, rater: str, department: str = "",
                      date=None) -> pd.DataFrame:
        """The questionnaire form's answers (``{statement: score}``, None = skipped) as a canonical maturity
        table (rater, department, date, dimension, question, score), ready to append to ``Dataset.maturity``."""
        index = self._statement_index()
        rows = []
        for statement, score in scores.items():
            if score is None or (isinstance(score, float) and math.isnan(score)):
                continue
            d = index.get(_key(statement))
            rows.append((rater, department, date, d.name if d else "", statement, float(score)))
        frame = pd.DataFrame(rows, columns=["rater", "department", "date", "dimension", "question", "score"])
        frame["date"] = pd.to_datetime(frame["date"])
        return frame.astype({"rater": "str", "department": "str", "dimension": "str", "question": "str",
                             "score": "float64"})

    def stages_frame(self) -> pd.DataFrame:
        """stage, min_score, max_score (next cut-off or the scale maximum), description."""
        rows = []
        for i, s in enumerate(self.stages):
            upper = self.stages[i + 1].min_score if i + 1 < len(self.stages) else self.scale_max
            rows.append((s.name, s.min_score, upper, s.description))
        return pd.DataFrame(rows, columns=["stage", "min_score", "max_score", "description"])

    def _statement_index(self) -> dict[str, Dimension]:
        return {_key(s): d for d in self.dimensions for s in d.statements}


def _key(text: object) -> str:
    """Comparison key for names and statements: case, spacing, curly quotes and a final full stop ignored."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    t = unicodedata.normalize("NFKC", str(text))
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = re.sub(r"\s+", " ", t).strip().rstrip(".").strip()
    return t.casefold()


def _slug(name: str) -> str:
    s = re.sub(r"[^0-9a-z]+", "_", _key(name)).strip("_")
    return s or "dimension"


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    return str(value).strip() == ""


def _text_series(s: pd.Series) -> pd.Series:
    """A column as plain Python strings, '' for missing (works for category, str and object dtypes)."""
    return pd.Series([("" if _is_blank(v) else str(v).strip()) for v in s], index=s.index, dtype="object")


def _model_problems(model: MaturityModel) -> list[str]:
    """Every reason (written for a manager) why the model cannot be used; [] when it can."""
    p: list[str] = []
    if not model.dimensions:
        p.append("The maturity model has no dimensions. Add at least one dimension with its statements.")
    if not model.scale_min < model.scale_max:
        p.append("The maturity model's scale is invalid: the lowest score must be below the highest.")
    if len(model.dimensions) > MAX_MODEL_DIMENSIONS:
        p.append(f"The maturity model has {len(model.dimensions)} dimensions; the limit is {MAX_MODEL_DIMENSIONS}. "
                 "Merge related dimensions.")
    n_statements = sum(len(d.statements) for d in model.dimensions)
    if n_statements > MAX_MODEL_STATEMENTS:
        p.append(f"The maturity model has {n_statements} statements; the limit is {MAX_MODEL_STATEMENTS} "
                 "(a questionnaire people finish). Remove statements.")
    seen_dims: dict[str, str] = {}
    seen_statements: dict[str, str] = {}
    for d in model.dimensions:
        if not d.name.strip():
            p.append("A dimension of the maturity model has no name.")
            continue
        if len(d.name) > MAX_NAME_CHARS:
            p.append(f"The dimension name '{_short(d.name)}' is {len(d.name)} characters long; the limit is "
                     f"{MAX_NAME_CHARS}. Shorten it.")
        if len(d.description) > MAX_TEXT_CHARS:
            p.append(f"The description of '{_short(d.name)}' is {len(d.description)} characters long; the limit is "
                     f"{MAX_TEXT_CHARS}.")
        k = _key(d.name)
        if k in seen_dims:
            p.append(f"The dimension '{d.name}' appears twice in the maturity model. "
                     "Give each dimension a unique name.")
        seen_dims[k] = d.name
        if not d.statements:
            p.append(f"The dimension '{d.name}' has no statements. "
                     "Add at least one statement or remove the dimension.")
        w = d.weight
        if (not isinstance(w, (int, float)) or isinstance(w, bool) or not math.isfinite(w) or w <= 0):
            p.append(f"The weight of '{d.name}' must be a number above 0 (found {w!r}).")
        for s in d.statements:
            sk = _key(s)
            if not sk:
                p.append(f"The dimension '{d.name}' has an empty statement.")
                continue
            if len(s) > MAX_STATEMENT_CHARS:
                p.append(f"The statement '{_short(s)}' is {len(s)} characters long; the limit is "
                         f"{MAX_STATEMENT_CHARS}. Shorten it.")
            if sk in seen_statements:
                where = seen_statements[sk]
                p.append(f"The statement '{s}' appears more than once (in '{where}'"
                         + (f" and '{d.name}'" if where != d.name else " twice")
                         + "). Each statement may appear only once in the model.")
            seen_statements[sk] = d.name
    if len({d.id for d in model.dimensions}) != len(model.dimensions):
        p.append("Two dimensions of the maturity model have the same id.")
    if not model.stages:
        p.append("The maturity model has no stages. Add at least one stage with its lowest score.")
        return p
    names = [_key(s.name) for s in model.stages]
    if len(set(names)) != len(names) or "" in names:
        p.append("Every maturity stage needs a name, and no two stages may have the same name.")
    for s in model.stages:
        if len(s.name) > MAX_NAME_CHARS or len(s.description) > MAX_TEXT_CHARS:
            p.append(f"The stage '{_short(s.name)}' has a name over {MAX_NAME_CHARS} or a description over "
                     f"{MAX_TEXT_CHARS} characters. Shorten it.")
    cuts = [s.min_score for s in model.stages]
    if any(not isinstance(c, (int, float)) or math.isnan(c) for c in cuts):
        p.append("Every maturity stage needs a lowest score (a number).")
    else:
        if any(b <= a for a, b in zip(cuts, cuts[1:])):
            p.append("The stages' lowest scores must increase from the first stage to the last "
                     f"(found {', '.join(f'{c:g}' for c in cuts)}).")
        if cuts[0] > model.scale_min + TOLERANCE:
            p.append(f"The first stage must start at {model.scale_min:g} (the lowest possible score) "
                     f"so that every score has a stage; it starts at {cuts[0]:g}.")
        if cuts[-1] > model.scale_max:
            p.append(f"The last stage starts at {cuts[-1]:g}, above the highest possible score "
                     f"{model.scale_max:g}.")
    dim_ids = {d.id for d in model.dimensions}
    stage_keys = set(names)
    for r in model.recommendations:
        if len(r.project) > MAX_TEXT_CHARS or len(r.why) > MAX_TEXT_CHARS:
            p.append(f"The recommendation '{_short(r.project)}' has a project or reason over {MAX_TEXT_CHARS} "
                     "characters. Shorten it.")
        if r.dimension not in dim_ids:
            p.append(f"The recommendation '{r.project}' is for a dimension the model does not have "
                     f"('{r.dimension}').")
        unknown = [s for s in r.stages if _key(s) not in stage_keys]
        if unknown or not r.stages:
            p.append(f"The recommendation '{r.project}' names stages the model does not have: "
                     f"{', '.join(unknown) or '(none)'}. Use: {', '.join(model.stage_names)}.")
        if r.evidence and r.evidence not in EVIDENCE_KEYS:
            p.append(f"The recommendation '{r.project}' has an unknown evidence rule '{r.evidence}'. "
                     f"Use one of: {', '.join(EVIDENCE_KEYS)}, or leave it blank.")
    return p


def _short(text: str, limit: int = 60) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _validate(model: MaturityModel, earlier: list[str] | None = None) -> MaturityModel:
    """Raise :class:`ModelSheetError` listing every problem (``earlier`` ones first) when the model cannot be used."""
    problems = _unique(list(earlier or []) + _model_problems(model))
    if problems:
        raise ModelSheetError(problems)
    return model


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def model_to_dict(model: MaturityModel) -> dict:
    """The model in the JSON format of ``cxlens/data/maturity_model.json`` (for the store and downloads)."""
    return {
        "name": model.name,
        "version": model.version,
        "scale": {"min": model.scale_min, "max": model.scale_max, "labels": dict(model.scale_labels)},
        "dimensions": [{"id": d.id, "name": d.name, "description": d.description, "weight": d.weight,
                        "statements": list(d.statements)} for d in model.dimensions],
        "stages": [{"name": s.name, "min_score": s.min_score, "description": s.description} for s in model.stages],
        "recommendations": [{"dimension": r.dimension, "stages": list(r.stages), "project": r.project,
                             "why": r.why, "evidence": r.evidence} for r in model.recommendations],
    }


def model_from_dict(data: dict) -> MaturityModel:
    """A model from :func:`model_to_dict`'s format, validated (ValueError listing every problem)."""
    if not isinstance(data, dict):
        raise ModelSheetError(["The stored maturity model is not a model (expected an object)."])
    return _model_from_dict(data)


def model_fingerprint(model: MaturityModel) -> str:
    """16 hex digits identifying what raters answer and how it is scored: dimensions (ids, names, weights,
    statements), stages, recommendations and scale. The model's name and version are left out, so the
    default model downloaded as a sheet and uploaded unchanged has the default model's fingerprint."""
    content = model_to_dict(model)
    content.pop("name")
    content.pop("version")
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _model_from_dict(data: dict) -> MaturityModel:
    try:
        scale = data.get("scale") or {}
        dims = tuple(
            Dimension(
                id=str(d.get("id") or _slug(d["name"])),
                name=str(d["name"]).strip(),
                statements=tuple(str(s).strip() for s in d.get("statements", [])),
                weight=float(d.get("weight", 1)),
                description=str(d.get("description") or ""),
            )
            for d in data["dimensions"]
        )
        stages = tuple(
            Stage(str(s["name"]).strip(), float(s["min_score"]), str(s.get("description") or ""))
            for s in data["stages"]
        )
        recs = tuple(
            Recommendation(
                dimension=str(r["dimension"]),
                stages=tuple(str(s) for s in r.get("stages", [])),
                project=str(r["project"]),
                why=str(r.get("why") or ""),
                evidence=r.get("evidence") or None,
            )
            for r in data.get("recommendations", [])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"The maturity model file is incomplete or malformed ({exc}). "
                         "Compare it with cxlens/data/maturity_model.json.") from exc
    model = MaturityModel(
        dimensions=dims,
        stages=stages,
        recommendations=recs,
        name=str(data.get("name") or "CX maturity model"),
        version=str(data.get("version") or ""),
        scale_min=float(scale.get("min", 1)),
        scale_max=float(scale.get("max", 5)),
        scale_labels={str(k): str(v) for k, v in (scale.get("labels") or {}).items()},
    )
    return _validate(model)


_DEFAULT_MODEL: MaturityModel | None = None


def load_model(path: str | Path | None = None) -> MaturityModel:
    """The maturity model in a JSON file (default: ``cxlens/data/maturity_model.json``), validated."""
    global _DEFAULT_MODEL
    if path is None and _DEFAULT_MODEL is not None:
        return _DEFAULT_MODEL
    p = Path(path) if path is not None else DEFAULT_MODEL_PATH
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"The maturity model file could not be opened ({exc.strerror}).") from exc
    except ValueError as exc:
        raise ValueError("The maturity model file is not valid JSON.") from exc
    model = _model_from_dict(data)
    if path is None:
        _DEFAULT_MODEL = model
    return model


# ----------------------------------------------------------------------------- custom model from a sheet

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
        k = re.sub(r"\s*\(.*\)\s*$", "", _key(col).replace("_", " ")).strip()
        for canon, names in synonyms.items():
            if canon not in found and k in {n.replace("_", " ") for n in names}:
                found[canon] = col
                break
    return found


def _number(value: object) -> float | None:
    if _is_blank(value):
        return None
    try:
        return float(str(value).replace(",", ".").strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return math.nan


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
        stage_keys = {_key(s.name) for s in stage_list}
        recs = tuple(
            replace(r, stages=tuple(s for s in r.stages if _key(s) in stage_keys))
            for r in base.recommendations if r.dimension in ids
        )
        recs = tuple(r for r in recs if r.stages)
    if not dims:  # the sheet's own problems say why; no point validating an empty model
        raise ModelSheetError(_unique(problems or ["The maturity model sheet has no statements."]))
    model = MaturityModel(dimensions=tuple(dims), stages=tuple(stage_list), recommendations=recs,
                          name=_short(name, MAX_NAME_CHARS), version="", scale_min=base.scale_min,
                          scale_max=base.scale_max, scale_labels=dict(base.scale_labels))
    return _validate(model, problems)


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
    base_by_name = {_key(d.name): d for d in base.dimensions}
    order: list[str] = []
    names: dict[str, str] = {}
    statements: dict[str, list[tuple[str, int]]] = {}
    weights: dict[str, list[tuple[float, int]]] = {}
    descriptions: dict[str, str] = {}
    seen: dict[str, tuple[str, int]] = {}
    for line, where, row in _rows(frame, "maturity model"):
        dim_raw, st_raw = row[cols["dimension"]], row[cols["statement"]]
        if _is_blank(dim_raw) and _is_blank(st_raw):
            continue
        if _is_blank(dim_raw):
            problems.append(f"{where} has a statement but no dimension.")
            continue
        dim = str(dim_raw).strip()
        dk = _key(dim)
        if dk not in names:
            names[dk] = dim
            order.append(dk)
            statements[dk] = []
            weights[dk] = []
        if "weight" in cols:
            w = _number(row[cols["weight"]])
            if w is not None:
                if not math.isfinite(w) or w <= 0:
                    problems.append(f"{where}: the weight of '{dim}' must be a number above 0 "
                                    f"(found '{row[cols['weight']]}').")
                else:
                    weights[dk].append((w, line))
        if "description" in cols and not _is_blank(row[cols["description"]]) and dk not in descriptions:
            descriptions[dk] = str(row[cols["description"]]).strip()
        if _is_blank(st_raw):
            continue
        st = str(st_raw).strip()
        sk = _key(st)
        if sk in seen:
            problems.append(f"The statement '{_short(st)}' appears more than once in the maturity model sheet "
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
        did = b.id if b is not None else _slug(names[dk])
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
            if _is_blank(row[cols["stage"]]):
                continue
            v = _number(row[cols["min_score"]])
            if v is None or not math.isfinite(v):
                problems.append(f"{where} needs a lowest score (a number) for '{row[cols['stage']]}'.")
                continue
            desc = "" if "description" not in cols or _is_blank(row[cols["description"]]) else str(
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
        by_key[_key(d.name)] = d.id
        by_key[_key(d.id)] = d.id
    out = []
    for _, where, row in _rows(frame, "recommendations"):
        if _is_blank(row[cols["project"]]):
            continue
        dk = _key(row[cols["dimension"]])
        if dk not in by_key:
            problems.append(f"{where} is for the dimension '{row[cols['dimension']]}', which is not in the model.")
            continue
        stages = tuple(s.strip() for s in re.split(r"[;,|/]", str(row[cols["stages"]])) if s.strip()) \
            if not _is_blank(row[cols["stages"]]) else ()
        ev = None if "evidence" not in cols or _is_blank(row[cols["evidence"]]) else str(row[cols["evidence"]]).strip()
        why = "" if "why" not in cols or _is_blank(row[cols["why"]]) else str(row[cols["why"]]).strip()
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
    from . import readers
    from .errors import DataError

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
    dim = _text_series(a["dimension"]) if "dimension" in a.columns else pd.Series([""] * n, dtype="object")
    question = _text_series(a["question"]) if "question" in a.columns else pd.Series([""] * n, dtype="object")
    rows = pd.DataFrame({"Dimension": dim.to_numpy(), "Statement": question.to_numpy()})
    rows = rows[rows["Statement"] != ""]
    first: dict[str, tuple[str, str]] = {}  # statement key -> (dimension, statement) where first answered
    problems: list[str] = []
    for d, q in zip(rows["Dimension"], rows["Statement"]):
        k = _key(q)
        if k not in first:
            first[k] = (d, q)
        elif d and first[k][0] and _key(d) != _key(first[k][0]):
            problem = (f"The statement '{_short(q)}' is answered under '{first[k][0]}' and under '{d}' in the "
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
    statements = {_key(q) for q in _text_series(answers["question"])} - {""}
    if not statements:
        return None
    known = set(model._statement_index()) | set(load_model()._statement_index())
    unknown = statements - known
    if len(unknown) < SHEET_MODEL_MIN_UNKNOWN_SHARE * len(statements) - TOLERANCE:
        return None
    try:
        candidate = model_from_answers(answers)
    except ModelSheetError:
        return None
    return None if model_fingerprint(candidate) == model_fingerprint(model) else candidate


@dataclass(frozen=True)
class Assessment:
    """Which assessment a session's answers and model belong to (:func:`assessment_for`)."""

    key: str  # the store's assessment_key
    shared: bool  # a name typed by the user: everyone using it is combined
    default: bool  # the app's default assessment: always the default model

    @property
    def label(self) -> str:
        """Plain text for the page (:func:`assessment_label`)."""
        return assessment_label(self.key)


def assessment_label(key: str) -> str:
    """How the page names an assessment: “name” for a shared one, else whose it is."""
    key = str(key)
    if key.startswith(DATA_ASSESSMENT_PREFIX):
        return "this data's own assessment"
    if not key.strip() or key == DEFAULT_ASSESSMENT:
        return "the app's default assessment"
    return f"assessment “{key}”"


def assessment_for(shared_name: str | None, *, data_key: str | None, is_sample: bool) -> Assessment:
    """The assessment of a session.

    - A typed ``shared_name`` (spaces trimmed) is a shared assessment: everyone typing it is combined.
      ``DEFAULT_ASSESSMENT`` may be typed; a name starting with :data:`DATA_ASSESSMENT_PREFIX` may not
      (ValueError), so nobody can reach a data set's assessment by name.
    - Otherwise an uploaded data set or a workspace (``data_key``: the data's identity, the same key its
      backlog uses) has its own assessment ``"data:" + data_key``.
    - The sample data, or no data, use :data:`DEFAULT_ASSESSMENT`.
    """
    name = (shared_name or "").strip()
    if name:
        if name.casefold().startswith(DATA_ASSESSMENT_PREFIX):
            raise ValueError(f"Assessment names may not start with '{DATA_ASSESSMENT_PREFIX}' (it marks a data "
                             "set's own assessment). Choose another name.")
        return Assessment(name, True, name == DEFAULT_ASSESSMENT)
    if is_sample or not data_key:
        return Assessment(DEFAULT_ASSESSMENT, False, True)
    return Assessment(DATA_ASSESSMENT_PREFIX + str(data_key), False, False)


def model_fixed_to_default(assessment_key: str) -> bool:
    """True for the app's default assessment: its model is always the default model."""
    return str(assessment_key).strip() == DEFAULT_ASSESSMENT


# ============================================================================= answers -> rounds


@dataclass
class _Prepared:
    valid: pd.DataFrame  # row, rater, department, date, round, dimension, statement_key, score
    problems: pd.DataFrame
    rounds: pd.DataFrame  # round, start, end


def _prepare(answers: pd.DataFrame, model: MaturityModel) -> _Prepared:
    """Validate answers against the model and assign each to a round."""
    a = answers.reset_index(drop=True) if answers is not None else pd.DataFrame()
    n = len(a)
    col = lambda c: a[c] if c in a.columns else pd.Series([None] * n, index=a.index, dtype="object")  # noqa: E731
    rater = _text_series(col("rater"))
    dept = _text_series(col("department"))
    dim_text = _text_series(col("dimension"))
    question = _text_series(col("question"))
    raw_score = col("score")
    score = pd.to_numeric(raw_score, errors="coerce").astype("float64")
    dates = pd.to_datetime(col("date"), errors="coerce")
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    dates = dates.dt.normalize()
    positions = pd.Series(np.arange(1, n + 1), index=a.index)

    problems: list[dict] = []

    def report(mask: pd.Series, problem: str, action: str, value: pd.Series | None = None) -> None:
        for idx in mask[mask].index:
            problems.append({
                "row": int(positions[idx]), "rater": rater[idx],
                "date": dates[idx], "dimension": dim_text[idx], "statement": question[idx],
                "value": "" if value is None or _is_blank(value[idx]) else str(value[idx]),
                "problem": problem, "action": action,
            })

    stmt_index = model._statement_index()
    dim_of_statement = question.map(lambda q: stmt_index.get(_key(q)).name if _key(q) in stmt_index else "")
    dim_lookup = {}
    for d in model.dimensions:
        dim_lookup[_key(d.name)] = d.name
        dim_lookup[_key(d.id)] = d.name
    dim_of_name = dim_text.map(lambda t: dim_lookup.get(_key(t), ""))
    has_q = question != ""

    unknown_statement = has_q & (dim_of_statement == "")
    report(unknown_statement, "statement is not in the maturity model", "answer not used", question)
    unknown_dim = ~has_q & (dim_of_name == "")
    report(unknown_dim & (dim_text != ""), "dimension is not in the maturity model", "answer not used", dim_text)
    report(unknown_dim & (dim_text == ""), "answer has no statement and no dimension", "answer not used")
    known = ~(unknown_statement | unknown_dim)

    missing_score = known & raw_score.map(_is_blank).astype(bool)
    not_number = known & ~missing_score & score.isna()
    out_of_scale = known & score.notna() & ((score < model.scale_min) | (score > model.scale_max))
    report(missing_score, "no score", "answer not used")
    report(not_number, "score is not a number", "answer not used", raw_score)
    report(out_of_scale, f"score outside {model.scale_min:g}-{model.scale_max:g}", "answer not used", raw_score)
    ok = known & ~missing_score & ~not_number & ~out_of_scale

    dimension = dim_of_statement.where(has_q, dim_of_name)
    moved = ok & has_q & (dim_text != "") & (dim_of_name != dimension)
    report(moved, "statement is listed under another dimension in the answers",
           "scored under the model's dimension", dim_text)
    if (ok & ~has_q).any():
        report(ok & ~has_q, "answer has no statement", "counted as an answer for the whole dimension", dim_text)

    no_rater = ok & (rater == "")
    report(no_rater, "no rater name", "grouped with the department's other unnamed answers as one rater")
    rater_key = rater.where(rater != "", "(no name" + dept.map(lambda d: f", {d}" if d else "") + ")")

    # rounds
    dated = ok & dates.notna()
    round_of = pd.Series(np.nan, index=a.index)
    rounds_rows = []
    if dated.any():
        days = sorted(dates[dated].unique())
        start = None
        rid = 0
        day_round = {}
        for d in days:
            if start is None or d > start + pd.Timedelta(days=ROUND_WINDOW_DAYS):
                rid += 1
                start = d
                rounds_rows.append({"round": rid, "start": pd.Timestamp(d), "end": pd.Timestamp(d)})
            rounds_rows[-1]["end"] = pd.Timestamp(d)
            day_round[d] = rid
        round_of[dated] = dates[dated].map(day_round)
        undated = ok & dates.isna()
        report(undated, "answer has no date", "counted in the latest round")
        round_of[undated] = rid
    elif ok.any():
        rounds_rows.append({"round": 1, "start": pd.NaT, "end": pd.NaT})
        round_of[ok] = 1
    rounds = pd.DataFrame(rounds_rows, columns=["round", "start", "end"])

    valid = pd.DataFrame({
        "row": positions, "rater": rater_key, "department": dept, "date": dates, "round": round_of,
        "dimension": dimension, "statement_key": question.map(_key), "score": score, "named": rater != "",
    })[ok]
    valid["round"] = valid["round"].astype("int64")
    # the same statement answered twice by one (named) rater in one round: the latest answer counts.
    # Unnamed answers cannot be told apart, so all of them are kept and averaged.
    valid = valid.sort_values(["date", "row"], na_position="first", kind="stable")
    dup = valid.duplicated(["round", "rater", "dimension", "statement_key"], keep="last") & valid["named"]
    if dup.any():
        idx = dup[dup].index
        report(pd.Series(a.index.isin(idx), index=a.index), "statement answered more than once by the same rater "
               "in the same round", "the latest answer is used", raw_score)
        valid = valid[~dup]
    valid = valid.sort_values("row", kind="stable").reset_index(drop=True).drop(columns="named")
    prob = pd.DataFrame(problems, columns=PROBLEM_COLUMNS)
    if not prob.empty:
        prob = prob.sort_values("row", kind="stable").reset_index(drop=True)
    return _Prepared(valid, prob, rounds)


def _select_round(prep: _Prepared, round_date) -> tuple[int, int | None]:
    """(current round, previous round or None)."""
    rounds = prep.rounds
    if rounds.empty:
        raise MaturityError("None of the maturity answers could be used. "
                            + _problem_summary(prep.problems), prep.problems)
    if round_date is None:
        cur = int(rounds["round"].max())
    else:
        when = pd.Timestamp(round_date).normalize()
        if rounds["start"].isna().all():
            cur = 1
        else:
            eligible = rounds[rounds["start"] <= when]
            if eligible.empty:
                raise ValueError(f"There is no assessment round on or before {when:%Y-%m-%d}; the first round "
                                 f"starts on {rounds['start'].min():%Y-%m-%d}.")
            cur = int(eligible["round"].max())
    prev = cur - 1 if cur > 1 else None
    return cur, prev


def _problem_summary(problems: pd.DataFrame) -> str:
    if problems is None or problems.empty:
        return "The table has no answers. It needs a dimension, a statement and a score (1-5) on each row."
    counts = problems.groupby("problem", sort=False).size()
    return "Problems found: " + "; ".join(f"{p} ({c} answers)" for p, c in counts.items()) + "."


def _rater_scores(valid: pd.DataFrame, round_id: int) -> pd.DataFrame:
    """Rater-level scores of one round: rater, department, dimension, score, n_answers."""
    v = valid[valid["round"] == round_id]
    cols = ["rater", "department", "dimension", "score", "n_answers"]
    if v.empty:
        return pd.DataFrame(columns=cols)
    dept = v.groupby("rater", sort=False)["department"].agg(
        lambda s: s[s != ""].mode().iloc[0] if (s != "").any() else "")
    g = v.groupby(["rater", "dimension"], sort=False)["score"]
    out = pd.DataFrame({"score": g.mean(), "n_answers": g.size()}).reset_index()
    out.insert(1, "department", out["rater"].map(dept))
    return out[cols]


def _dimension_stats(rs: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    rows = []
    for d in model.dimensions:
        s = rs.loc[rs["dimension"] == d.name, "score"].astype("float64")
        n_ans = int(rs.loc[rs["dimension"] == d.name, "n_answers"].sum()) if len(s) else 0
        if s.empty:
            rows.append((d.name, d.id, d.weight, math.nan, 0, 0, math.nan, math.nan, math.nan, math.nan))
            continue
        spread = float(s.std(ddof=1)) if len(s) > 1 else math.nan
        rows.append((d.name, d.id, d.weight, float(s.mean()), int(len(s)), n_ans, spread,
                     float(s.min()), float(s.max()), float(s.max() - s.min())))
    return pd.DataFrame(rows, columns=["dimension", "dimension_id", "weight", "score", "n_raters", "n_answers",
                                       "spread", "min", "max", "range"])


def _weighted_overall(stats: pd.DataFrame) -> float:
    ok = stats["score"].notna()
    if not ok.any():
        return math.nan
    w = stats.loc[ok, "weight"].to_numpy(dtype="float64")
    return float((w * stats.loc[ok, "score"].to_numpy(dtype="float64")).sum() / w.sum())


# ============================================================================= results


@dataclass
class MaturityResult:
    """Scores of the current assessment round (see module docstring for the rules).

    ``dimensions`` has one row per model dimension, in model order, with columns
    :data:`DIMENSION_COLUMNS`: dimension, dimension_id, weight, score, n_raters,
    n_answers, spread, min, max, range, stage (the dimension's own stage), target,
    gap, floor, disagreement, previous (score in the previous round), change.
    """

    model: MaturityModel
    dimensions: pd.DataFrame
    overall: float
    stage: str
    stage_description: str
    next_stage: str | None
    next_stage_min: float
    points_to_next_stage: float
    floor_dimensions: list[str]
    floor_stage: str
    stage_capped_by_floor: str
    capped: bool
    round_start: pd.Timestamp | None
    round_end: pd.Timestamp | None
    previous_round_start: pd.Timestamp | None
    previous_overall: float
    overall_change: float
    n_raters: int
    rounds: pd.DataFrame
    history: pd.DataFrame
    rater_scores: pd.DataFrame
    problems: pd.DataFrame
    targets_given: dict[str, float] = field(default_factory=dict)

    @property
    def disagreement_dimensions(self) -> list[str]:
        return self.dimensions.loc[self.dimensions["disagreement"], "dimension"].tolist()

    def change_text(self) -> str | None:
        """The overall change since the previous round, to 2 decimals ('+0.25 since last round'); a
        change that rounds to 0.00 is 'no change since last round'; None when there is no earlier round."""
        if math.isnan(self.overall_change):
            return None
        change = round(self.overall_change, 2)
        return "no change since last round" if change == 0 else f"{change:+.2f} since last round"

    def headline(self) -> str:
        """One plain-text sentence for the page header."""
        parts = [f"Overall {self.overall:.2f} of {self.model.scale_max:g}: {self.stage}."]
        if self.next_stage:
            parts.append(f"{self.points_to_next_stage:.2f} points to {self.next_stage}.")
        if self.capped:
            parts.append(f"The weakest dimension ({', '.join(self.floor_dimensions)}) holds the organisation at "
                         f"{self.stage_capped_by_floor}.")
        return " ".join(parts)


def _default_targets(stats: pd.DataFrame, model: MaturityModel, effective_index: int) -> pd.Series:
    if effective_index + 1 < len(model.stages):
        level = model.stages[effective_index + 1].min_score
    else:
        level = model.scale_max
    return stats["score"].map(lambda s: level if math.isnan(s) else max(level, s))


def _resolve_targets(targets: Mapping[str, float] | None, model: MaturityModel) -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in (targets or {}).items():
        try:
            name = model.dimension(str(k)).name
        except KeyError:
            raise ValueError(f"A target is set for '{k}', which is not a dimension of the maturity model.") from None
        val = _number(v)
        if val is None or math.isnan(val) or not model.scale_min <= val <= model.scale_max:
            raise ValueError(f"The target for '{name}' must be a number from {model.scale_min:g} to "
                             f"{model.scale_max:g} (found {v!r}).")
        out[name] = val
    return out


def maturity_scores(
    answers: pd.DataFrame,
    model: MaturityModel | None = None,
    targets: Mapping[str, float] | None = None,
    round_date=None,
) -> MaturityResult:
    """Score the current round of a maturity self-assessment.

    ``answers``: the canonical maturity table (``Dataset.maturity``).
    ``targets``: optional ``{dimension name or id: target score}``; others get the default target.
    ``round_date``: score the round that started on or before this date (default: the latest round).
    Raises :class:`MaturityError` when no answer can be used (its ``problems`` say why).
    """
    model = model or load_model()
    given = _resolve_targets(targets, model)
    prep = _prepare(answers, model)
    cur, prev = _select_round(prep, round_date)

    # every round, for history and change
    hist_parts = []
    round_rows = []
    for _, r in prep.rounds.iterrows():
        rs_r = _rater_scores(prep.valid, int(r["round"]))
        st = _dimension_stats(rs_r, model)
        ov = _weighted_overall(st)
        hist_parts.append(st.assign(round=int(r["round"]), start=r["start"])[
            ["round", "start", "dimension", "score", "n_raters", "spread"]])
        round_rows.append({"round": int(r["round"]), "start": r["start"], "end": r["end"],
                           "n_raters": int(rs_r["rater"].nunique()),
                           "n_answers": int((prep.valid["round"] == r["round"]).sum()),
                           "overall": ov, "stage": model.stage_for(ov).name if not math.isnan(ov) else ""})
    rounds = pd.DataFrame(round_rows, columns=["round", "start", "end", "n_raters", "n_answers", "overall", "stage"])
    history = pd.concat(hist_parts, ignore_index=True)

    rs = _rater_scores(prep.valid, cur)
    stats = _dimension_stats(rs, model)
    overall = _weighted_overall(stats)
    if math.isnan(overall):
        raise MaturityError("None of the maturity answers in this round could be used. "
                            + _problem_summary(prep.problems), prep.problems)
    si = model.stage_index(overall)
    stage = model.stages[si]
    scored = stats["score"].notna()
    low = stats.loc[scored, "score"].min()
    floor = scored & (stats["score"] <= low + TOLERANCE)
    floor_si = model.stage_index(float(low))
    eff_si = min(si, floor_si + 1)

    stats["stage"] = stats["score"].map(lambda s: model.stage_for(s).name if not math.isnan(s) else "")
    default = _default_targets(stats, model, eff_si)
    stats["target"] = [given.get(d, t) for d, t in zip(stats["dimension"], default)]
    stats["gap"] = stats["target"] - stats["score"]
    stats["floor"] = floor.astype(bool)
    stats["disagreement"] = ((stats["n_raters"] >= 2)
                             & ((stats["spread"].fillna(0) >= SPREAD_THRESHOLD - TOLERANCE)
                                | (stats["range"].fillna(0) >= RANGE_THRESHOLD - TOLERANCE))).astype(bool)
    if prev is not None:
        ph = history[history["round"] == prev].set_index("dimension")["score"]
        stats["previous"] = stats["dimension"].map(ph).astype("float64")
        prev_overall = float(rounds.loc[rounds["round"] == prev, "overall"].iloc[0])
        prev_start = rounds.loc[rounds["round"] == prev, "start"].iloc[0]
    else:
        stats["previous"] = math.nan
        prev_overall, prev_start = math.nan, None
    stats["change"] = stats["score"] - stats["previous"]
    stats = stats[DIMENSION_COLUMNS]

    nxt = model.stages[si + 1] if si + 1 < len(model.stages) else None
    cur_row = rounds.loc[rounds["round"] == cur].iloc[0]
    return MaturityResult(
        model=model,
        dimensions=stats,
        overall=overall,
        stage=stage.name,
        stage_description=stage.description,
        next_stage=nxt.name if nxt else None,
        next_stage_min=nxt.min_score if nxt else math.nan,
        points_to_next_stage=max(0.0, nxt.min_score - overall) if nxt else math.nan,
        floor_dimensions=stats.loc[stats["floor"], "dimension"].tolist(),
        floor_stage=model.stages[floor_si].name,
        stage_capped_by_floor=model.stages[eff_si].name,
        capped=eff_si < si,
        round_start=None if pd.isna(cur_row["start"]) else cur_row["start"],
        round_end=None if pd.isna(cur_row["end"]) else cur_row["end"],
        previous_round_start=None if prev_start is None or pd.isna(prev_start) else prev_start,
        previous_overall=prev_overall,
        overall_change=overall - prev_overall if prev is not None else math.nan,
        n_raters=int(rs["rater"].nunique()),
        rounds=rounds,
        history=history,
        rater_scores=rs,
        problems=prep.problems,
        targets_given=given,
    )


def rater_matrix(answers: pd.DataFrame, model: MaturityModel | None = None, round_date=None) -> pd.DataFrame:
    """Rater x dimension (model order): rater-level scores of the current round.

    NaN where a rater skipped a whole dimension. Index name ``rater``, columns name ``dimension``.
    """
    model = model or load_model()
    prep = _prepare(answers, model)
    cur, _ = _select_round(prep, round_date)
    rs = _rater_scores(prep.valid, cur)
    m = rs.pivot(index="rater", columns="dimension", values="score")
    m = m.reindex(columns=[d for d in model.dimension_names if d in m.columns])
    m.columns.name = "dimension"
    m.index.name = "rater"
    return m.astype("float64")


def by_department(answers: pd.DataFrame, model: MaturityModel | None = None, round_date=None) -> pd.DataFrame:
    """Dimension (rows, model order) x department (columns, alphabetical): mean rater-level score of the
    current round's raters in each department. Raters without a department are under '(no department)'."""
    model = model or load_model()
    prep = _prepare(answers, model)
    cur, _ = _select_round(prep, round_date)
    rs = _rater_scores(prep.valid, cur)
    rs = rs.assign(department=rs["department"].where(rs["department"] != "", "(no department)"))
    t = rs.groupby(["dimension", "department"], sort=True)["score"].mean().unstack("department")
    t = t.reindex([d for d in model.dimension_names if d in t.index])
    t.index.name = "dimension"
    t.columns.name = "department"
    return t.astype("float64")


# ============================================================================= evidence


@dataclass(frozen=True)
class Evidence:
    """What the data says about one evidence rule. ``computed`` is False when the data cannot tell."""

    key: str
    text: str
    items: tuple[str, ...] = ()
    computed: bool = True


def evidence_supports(ev: Evidence | None) -> bool:
    """Whether a recommendation may be made with this evidence (the rule :func:`recommend` applies).

    Yes when the recommendation has no evidence rule (``None``), when the data cannot tell (``computed``
    False; the text says so), or when the rule finds something to fix (``items``: the unmeasured
    touchpoints, unowned hotspots, stages without a metric). No when the rule was computed and found
    nothing: "Add a CSAT question at every touchpoint" beside "every touchpoint has feedback scores"
    contradicts itself, so that recommendation is not made."""
    return ev is None or not ev.computed or bool(ev.items)


def _scale(dataset, metric: str) -> dict:
    from .feedback_queries import scale_of

    return scale_of(dataset, metric)


def _scored_feedback(dataset) -> pd.DataFrame:
    fb = dataset.feedback
    cols = [c for c in SCORE_COLUMNS if c in fb.columns]
    has = fb[cols].notna().any(axis=1) if cols else pd.Series(False, index=fb.index)
    return fb[has]


def _catalogue(dataset) -> pd.DataFrame:
    tp = dataset.touchpoints
    if tp is None or tp.empty or "touchpoint" not in tp.columns:
        return pd.DataFrame(columns=["touchpoint", "key", "stage", "owner", "has_metric"])
    names = _text_series(tp["touchpoint"])
    keep = names != ""
    agg = [c for c in ("csat", "ces", "nps") if c in tp.columns]
    out = pd.DataFrame({
        "touchpoint": names,
        "key": names.map(_key),
        "stage": _text_series(tp["stage"]) if "stage" in tp.columns else "",
        "owner": _text_series(tp["owner"]) if "owner" in tp.columns else "",
        "has_metric": tp[agg].notna().any(axis=1) if agg else False,
    })[keep]
    return out.drop_duplicates("key").reset_index(drop=True)


def _list(items: list[str], limit: int = 12) -> str:
    shown = items[:limit]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _verb(n: int) -> str:
    return "has" if n == 1 else "have"


def touchpoints_without_metric(dataset) -> list[str]:
    """Touchpoints of the catalogue with no feedback score (CSAT, CES, NPS or rating) and no pre-aggregated one."""
    cat = _catalogue(dataset)
    if cat.empty:
        return []
    scored = set(_text_series(_scored_feedback(dataset)["touchpoint"]).map(_key))
    return cat.loc[~cat["key"].isin(scored) & ~cat["has_metric"].astype(bool), "touchpoint"].tolist()


def _journey_stages(dataset) -> list[str]:
    """Stages of the feedback and the catalogue, in journey order, 'Unassigned' left out."""
    from .dataset import UNASSIGNED_STAGE

    stages: list[str] = []
    for s in list(getattr(dataset, "stages", []) or []) + _catalogue(dataset)["stage"].tolist():
        if s and _key(s) != _key(UNASSIGNED_STAGE) and _key(s) not in {_key(x) for x in stages}:
            stages.append(s)
    return stages


def stages_without_metric(dataset) -> list[str]:
    """Journey stages (catalogue and feedback, 'Unassigned' left out) with no score at all."""
    stages = _journey_stages(dataset)
    scored = set(_text_series(_scored_feedback(dataset)["stage"]).map(_key))
    cat = _catalogue(dataset)
    scored |= set(cat.loc[cat["has_metric"].astype(bool), "stage"].map(_key))
    return [s for s in stages if _key(s) not in scored]


def friction_hotspots(dataset, min_n: int = HOTSPOT_MIN_N, margin: float = HOTSPOT_MARGIN) -> pd.DataFrame:
    """Touchpoints with friction under the simple maturity rule.

    A touchpoint is a hotspot when, on at least ``min_n`` answers, its CSAT top-2-box
    is ``margin`` points or more below the overall top-2-box, or its share of
    high-effort answers is ``margin`` points or more above the overall share
    (formulas: :func:`cxlens.metrics.csat`, :func:`cxlens.metrics.high_effort`).
    Columns: touchpoint, stage, csat, csat_n, high_effort, high_effort_n, reason, owner (catalogue; '' if none).
    """
    cols = ["touchpoint", "stage", "csat", "csat_n", "high_effort", "high_effort_n", "reason", "owner"]
    fb = dataset.feedback
    if fb is None or fb.empty or fb["touchpoint"].isna().all():
        return pd.DataFrame(columns=cols)
    use_csat = fb["csat"].notna().any()
    use_ces = fb["ces"].notna().any()
    if not (use_csat or use_ces):
        return pd.DataFrame(columns=cols)
    csat_scale = _scale(dataset, "csat")
    ces_scale = _scale(dataset, "ces")
    overall_csat = metrics.csat(fb["csat"], csat_scale).value if use_csat else math.nan
    overall_eff = metrics.high_effort(fb["ces"], ces_scale).value if use_ces else math.nan
    cat = _catalogue(dataset)
    owners = dict(zip(cat["key"], cat["owner"]))
    rows = []
    for tp, g in fb.groupby("touchpoint", observed=True, sort=False):
        c = metrics.csat(g["csat"], csat_scale) if use_csat else metrics.Estimate(math.nan, 0, math.nan, math.nan)
        e = metrics.high_effort(g["ces"], ces_scale) if use_ces else metrics.Estimate(math.nan, 0, math.nan, math.nan)
        reasons = []
        if c.n >= min_n and c.value <= overall_csat - margin:
            reasons.append(f"CSAT {c.value:.0f}% vs {overall_csat:.0f}% overall")
        if e.n >= min_n and e.value >= overall_eff + margin:
            reasons.append(f"high effort {e.value:.0f}% vs {overall_eff:.0f}% overall")
        if reasons:
            stage = _text_series(g["stage"]).iloc[0] if "stage" in g.columns else ""
            rows.append((str(tp), stage, c.value, c.n, e.value, e.n, "; ".join(reasons), owners.get(_key(tp), "")))
    return pd.DataFrame(rows, columns=cols)


def evidence(key: str, dataset) -> Evidence:
    """Compute one evidence rule (see :data:`EVIDENCE_KEYS`) from a Dataset; plain text."""
    if key == "touchpoints_without_metric":
        cat = _catalogue(dataset)
        if cat.empty:
            return Evidence(key, "No touchpoint catalogue is loaded, so unmeasured touchpoints cannot be listed.",
                            computed=False)
        items = touchpoints_without_metric(dataset)
        if not items:
            return Evidence(key, f"Every touchpoint in the catalogue ({len(cat)}) has feedback scores.")
        return Evidence(key, f"{len(items)} of {len(cat)} touchpoints in the catalogue {_verb(len(items))} no "
                             f"feedback scores: {_list(items)}.", tuple(items))
    if key == "hotspots_without_owner":
        fb = dataset.feedback
        if fb is None or fb.empty or not (fb["csat"].notna().any() or fb["ces"].notna().any()):
            return Evidence(key, "The feedback has no satisfaction or effort scores, so friction hotspots cannot "
                                 "be found.", computed=False)
        hs = friction_hotspots(dataset)
        cat = _catalogue(dataset)
        if cat.empty or not (cat["owner"] != "").any():
            if hs.empty:
                return Evidence(key, "No touchpoint stands out as a friction hotspot, and the touchpoint catalogue "
                                     "names no owners.")
            items = [f"{t} ({r})" for t, r in zip(hs["touchpoint"], hs["reason"])]
            return Evidence(key, f"The touchpoint catalogue names no owners, so none of the {len(hs)} friction "
                                 f"hotspots has one: {_list(items)}.", tuple(hs["touchpoint"]))
        if hs.empty:
            return Evidence(key, "No touchpoint stands out as a friction hotspot.")
        unowned = hs[hs["owner"] == ""]
        if unowned.empty:
            return Evidence(key, f"Every friction hotspot ({len(hs)}) has an owner in the touchpoint catalogue.")
        items = [f"{t} ({r})" for t, r in zip(unowned["touchpoint"], unowned["reason"])]
        return Evidence(key, f"{len(unowned)} of {len(hs)} friction hotspots {_verb(len(unowned))} no owner in the "
                             "touchpoint catalogue: "
                             f"{_list(items)}.", tuple(unowned["touchpoint"]))
    if key == "no_journey_kpis":
        fb = dataset.feedback
        if (fb is None or fb.empty) and _catalogue(dataset).empty:
            return Evidence(key, "No feedback or touchpoint catalogue is loaded, so journey KPIs cannot be checked.",
                            computed=False)
        items = stages_without_metric(dataset)
        if not items:
            n = len(_journey_stages(dataset))
            return Evidence(key, f"Every journey stage in the data{f' ({n})' if n else ''} has at least one metric.")
        return Evidence(key, f"{len(items)} journey stage{'s' if len(items) > 1 else ''} {_verb(len(items))} no "
                             "metric at all: "
                             f"{_list(items)}.", tuple(items))
    raise ValueError(f"Unknown evidence rule '{key}'. Use one of: {', '.join(EVIDENCE_KEYS)}.")


# ============================================================================= recommendations


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
    order = _priority(result.dimensions)
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

    stage_pos = {_key(s.name): i for i, s in enumerate(model.stages)}
    per_dim: list[list[dict]] = []
    for _, row in order.iterrows():
        try:
            dim = model.dimension(row["dimension"])
        except KeyError:
            continue
        own = model.stage_index(row["score"])
        cands = []
        done: list[str] = []  # recommendations left out because their evidence finds nothing to fix
        for pos, rec in enumerate(model.recommendations):
            if rec.dimension != dim.id:
                continue
            idxs = {stage_pos.get(_key(s), -1) for s in rec.stages}
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
        items = []
        for _, rec, ev, stage_name in cands:
            items.append({"dimension": dim.name, "project": rec.project, "why": rec.why + why_extra,
                          "evidence": ev.text if ev else "", "evidence_key": rec.evidence or "",
                          "evidence_items": list(ev.items) if ev else [], "stage": stage_name})
        if not items:
            if done:
                generic_why = ("This is one of the weakest dimensions, and your data shows that the maturity "
                               f"model's recommendation for it at this stage is already in place: {'; '.join(done)}.")
            else:
                generic_why = ("This is one of the weakest dimensions and the maturity model has no "
                               f"recommendation for it at the {model.stages[own].name} stage.")
            items.append({"dimension": dim.name,
                          "project": f"Agree one improvement project for {dim.name}",
                          "why": generic_why + why_extra,
                          "evidence": "", "evidence_key": "", "evidence_items": [],
                          "stage": model.stages[own].name})
        for it in items:
            it.update(score=float(row["score"]), gap=float(row["gap"]), floor=bool(row["floor"]),
                      disagreement=bool(row["disagreement"]))
        per_dim.append(items)
    picked: list[dict] = []
    # dimensions below their target first (round-robin: one project each, then second ones), then the rest
    for group in ([i for i in per_dim if i[0]["gap"] > TOLERANCE], [i for i in per_dim if not i[0]["gap"] > TOLERANCE]):
        depth = 0
        while len(picked) < top and any(len(items) > depth for items in group):
            for items in group:
                if depth < len(items) and len(picked) < top:
                    picked.append(items[depth])
            depth += 1
    out = pd.DataFrame(picked, columns=RECOMMENDATION_COLUMNS[1:])
    out.insert(0, "rank", range(1, len(out) + 1))
    return out


# ============================================================================= export


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
