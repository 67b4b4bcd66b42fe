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

The package, one module per idea: :mod:`.model` (the model and its validity), :mod:`.sheets` (custom models
from spreadsheets), :mod:`.assessment` (whose assessment), :mod:`.scoring` (rounds and scores),
:mod:`.evidence` (journey evidence) and :mod:`.recommendations` (next projects and the download). Every public
name is importable from ``cxlens.maturity``.

Nothing here imports streamlit. Text returned for the UI is plain (not HTML); the
UI escapes it, and figures pass it through :func:`cxlens.figures.safe_label`.
"""

from .assessment import DATA_ASSESSMENT_PREFIX, DEFAULT_ASSESSMENT, Assessment, assessment_for, assessment_label, \
    model_fixed_to_default
from .evidence import (HOTSPOT_MARGIN, HOTSPOT_MIN_N, SCORE_COLUMNS, Evidence, evidence, evidence_supports,
                       margin_hotspots, stages_without_metric, touchpoints_without_metric)
from .model import (DEFAULT_MODEL_PATH, EVIDENCE_KEYS, MAX_MODEL_DIMENSIONS, MAX_MODEL_STATEMENTS, MAX_NAME_CHARS,
                    MAX_STATEMENT_CHARS, MAX_TEXT_CHARS, MODEL_MAX_BYTES, TOLERANCE, Dimension, MaturityModel,
                    ModelSheetError, Recommendation, Stage, load_model, model_fingerprint, model_from_dict,
                    model_problems, model_to_dict)
from .recommendations import RECOMMENDATION_COLUMNS, export_sheets, recommend
from .scoring import (DIMENSION_COLUMNS, PROBLEM_COLUMNS, RANGE_THRESHOLD, ROUND_WINDOW_DAYS, SPREAD_THRESHOLD,
                      MaturityError, MaturityResult, by_department, maturity_scores, rater_matrix)
from .sheets import (SHEET_MODEL_MIN_UNKNOWN_SHARE, model_from_answers, model_from_frame, model_from_sheets,
                     model_sheets, read_model_file, sheet_model_offer)

__all__ = [
    "DATA_ASSESSMENT_PREFIX", "DEFAULT_ASSESSMENT", "Assessment", "assessment_for", "assessment_label",
    "model_fixed_to_default",
    "HOTSPOT_MARGIN", "HOTSPOT_MIN_N", "SCORE_COLUMNS", "Evidence", "evidence", "evidence_supports",
    "margin_hotspots", "stages_without_metric", "touchpoints_without_metric",
    "DEFAULT_MODEL_PATH", "EVIDENCE_KEYS", "MAX_MODEL_DIMENSIONS", "MAX_MODEL_STATEMENTS", "MAX_NAME_CHARS",
    "MAX_STATEMENT_CHARS", "MAX_TEXT_CHARS", "MODEL_MAX_BYTES", "TOLERANCE", "Dimension", "MaturityModel",
    "ModelSheetError", "Recommendation", "Stage", "load_model", "model_fingerprint", "model_from_dict",
    "model_problems", "model_to_dict",
    "RECOMMENDATION_COLUMNS", "export_sheets", "recommend",
    "DIMENSION_COLUMNS", "PROBLEM_COLUMNS", "RANGE_THRESHOLD", "ROUND_WINDOW_DAYS", "SPREAD_THRESHOLD",
    "MaturityError", "MaturityResult", "by_department", "maturity_scores", "rater_matrix",
    "SHEET_MODEL_MIN_UNKNOWN_SHARE", "model_from_answers", "model_from_frame", "model_from_sheets",
    "model_sheets", "read_model_file", "sheet_model_offer",
]
