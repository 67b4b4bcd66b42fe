"""The maturity model: dimensions (statements, weights), stages (cut-offs) and recommendations, what makes
a model usable (:func:`model_problems`), its stored form (:func:`model_to_dict`, :func:`model_from_dict`),
its identity (:func:`model_fingerprint`) and the default model (:func:`load_model`,
``cxlens/data/maturity_model.json``). Pure: no Streamlit."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pandas as pd

from .text import name_key, shorten, slug, unique

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "maturity_model.json"

#: Scores within this distance of each other count as equal (floor ties, stage cut-offs).
TOLERANCE = 1e-9

#: Evidence rules a recommendation may name (``evidence`` key in the model file; :mod:`.evidence`).
EVIDENCE_KEYS = ("touchpoints_without_metric", "hotspots_without_owner", "no_journey_kpis")

#: Custom models (uploaded sheets): largest file, and limits that keep the questionnaire usable and every
#: text within what the store keeps (docs/maturity.md, "Using your own model").
MODEL_MAX_BYTES = 2 * 1024 * 1024
MAX_MODEL_DIMENSIONS = 20
MAX_MODEL_STATEMENTS = 150
MAX_NAME_CHARS = 120
MAX_STATEMENT_CHARS = 500
MAX_TEXT_CHARS = 2_000


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


# ----------------------------------------------------------------------------- the model
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
        k = name_key(key)
        for d in self.dimensions:
            if name_key(d.name) == k or name_key(d.id) == k:
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
        index = self.statement_index()
        rows = []
        for statement, score in scores.items():
            if score is None or (isinstance(score, float) and math.isnan(score)):
                continue
            d = index.get(name_key(statement))
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

    def statement_index(self) -> dict[str, Dimension]:
        return {name_key(s): d for d in self.dimensions for s in d.statements}

# ----------------------------------------------------------------------------- what makes a model usable


def model_problems(model: MaturityModel) -> list[str]:
    """Every reason (written for a manager) why the model cannot be used; [] when it can."""
    p = _size_problems(model) + _dimension_problems(model)
    if len({d.id for d in model.dimensions}) != len(model.dimensions):
        p.append("Two dimensions of the maturity model have the same id.")
    if not model.stages:
        p.append("The maturity model has no stages. Add at least one stage with its lowest score.")
        return p
    return p + _stage_problems(model) + _recommendation_problems(model)


def _size_problems(model: MaturityModel) -> list[str]:
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
    return p


def _dimension_problems(model: MaturityModel) -> list[str]:
    p: list[str] = []
    seen_dims: dict[str, str] = {}
    seen_statements: dict[str, str] = {}
    for d in model.dimensions:
        if not d.name.strip():
            p.append("A dimension of the maturity model has no name.")
            continue
        if len(d.name) > MAX_NAME_CHARS:
            p.append(f"The dimension name '{shorten(d.name)}' is {len(d.name)} characters long; the limit is "
                     f"{MAX_NAME_CHARS}. Shorten it.")
        if len(d.description) > MAX_TEXT_CHARS:
            p.append(f"The description of '{shorten(d.name)}' is {len(d.description)} characters long; the limit is "
                     f"{MAX_TEXT_CHARS}.")
        k = name_key(d.name)
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
        p += _statement_problems(d, seen_statements)
    return p


def _statement_problems(d: Dimension, seen_statements: dict[str, str]) -> list[str]:
    """Empty, over-long and repeated statements of ``d`` (``seen_statements``: key -> dimension, updated)."""
    p: list[str] = []
    for s in d.statements:
        sk = name_key(s)
        if not sk:
            p.append(f"The dimension '{d.name}' has an empty statement.")
            continue
        if len(s) > MAX_STATEMENT_CHARS:
            p.append(f"The statement '{shorten(s)}' is {len(s)} characters long; the limit is "
                     f"{MAX_STATEMENT_CHARS}. Shorten it.")
        if sk in seen_statements:
            where = seen_statements[sk]
            p.append(f"The statement '{s}' appears more than once (in '{where}'"
                     + (f" and '{d.name}'" if where != d.name else " twice")
                     + "). Each statement may appear only once in the model.")
        seen_statements[sk] = d.name
    return p


def _stage_problems(model: MaturityModel) -> list[str]:
    p: list[str] = []
    names = [name_key(s.name) for s in model.stages]
    if len(set(names)) != len(names) or "" in names:
        p.append("Every maturity stage needs a name, and no two stages may have the same name.")
    for s in model.stages:
        if len(s.name) > MAX_NAME_CHARS or len(s.description) > MAX_TEXT_CHARS:
            p.append(f"The stage '{shorten(s.name)}' has a name over {MAX_NAME_CHARS} or a description over "
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
    return p


def _recommendation_problems(model: MaturityModel) -> list[str]:
    p: list[str] = []
    dim_ids = {d.id for d in model.dimensions}
    stage_keys = {name_key(s.name) for s in model.stages}
    for r in model.recommendations:
        if len(r.project) > MAX_TEXT_CHARS or len(r.why) > MAX_TEXT_CHARS:
            p.append(f"The recommendation '{shorten(r.project)}' has a project or reason over {MAX_TEXT_CHARS} "
                     "characters. Shorten it.")
        if r.dimension not in dim_ids:
            p.append(f"The recommendation '{r.project}' is for a dimension the model does not have "
                     f"('{r.dimension}').")
        unknown = [s for s in r.stages if name_key(s) not in stage_keys]
        if unknown or not r.stages:
            p.append(f"The recommendation '{r.project}' names stages the model does not have: "
                     f"{', '.join(unknown) or '(none)'}. Use: {', '.join(model.stage_names)}.")
        if r.evidence and r.evidence not in EVIDENCE_KEYS:
            p.append(f"The recommendation '{r.project}' has an unknown evidence rule '{r.evidence}'. "
                     f"Use one of: {', '.join(EVIDENCE_KEYS)}, or leave it blank.")
    return p


def validate_model(model: MaturityModel, earlier: list[str] | None = None) -> MaturityModel:
    """Raise :class:`ModelSheetError` listing every problem (``earlier`` ones first) when the model cannot be used."""
    problems = unique(list(earlier or []) + model_problems(model))
    if problems:
        raise ModelSheetError(problems)
    return model


# ----------------------------------------------------------------------------- stored form and the default model


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
                id=str(d.get("id") or slug(d["name"])),
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
    return validate_model(model)


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
