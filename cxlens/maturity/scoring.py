"""Scoring a maturity self-assessment: answers checked against the model, grouped into rounds, scored per
rater and dimension, with stage, floor, targets, gaps, disagreement and change (:func:`maturity_scores`).

- **Rounds.** Answers are grouped into assessment rounds by date: a round starts on the earliest date not yet in
  a round and takes every answer dated up to :data:`ROUND_WINDOW_DAYS` (14) days later. The latest round is
  "current", the one before it gives ``change``.
- **Scores.** Rater level first: each rater's mean over the statements of a dimension they answered, then the
  mean over raters. A rater who skipped a statement therefore still counts once, like everyone else.
- **Spread.** Sample standard deviation (n - 1) of the rater-level scores; also min, max and range.
  ``disagreement`` = spread >= :data:`SPREAD_THRESHOLD` (1.0) or range >= :data:`RANGE_THRESHOLD` (2.0), with at
  least two raters.
- **Overall and stage.** Weighted mean of the dimension scores with the model's dimension weights; the stage is
  the highest whose ``min_score`` <= overall.
- **Floor.** The weakest dimension(s) (ties: all). An organisation is at most one stage above its floor:
  ``stage_capped_by_floor`` = min(stage, floor's stage + 1).
- **Targets.** Unless given, every dimension's target is the cut-off of the stage after the (floor-capped)
  stage, or its own score when it is already above that.
- **Problems.** Answers outside the scale, without a number, or for statements / dimensions the model does not
  have are listed in ``problems`` and not used.

Pure: no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from .model import TOLERANCE, MaturityModel, load_model
from .text import is_blank, name_key, text_series, to_number

#: Answers dated up to this many days after a round's first date belong to that round.
ROUND_WINDOW_DAYS = 14
#: A dimension is flagged ``disagreement`` when the raters' standard deviation reaches this (scale points)...
SPREAD_THRESHOLD = 1.0
#: ... or when the highest and lowest rater differ by at least this much.
RANGE_THRESHOLD = 2.0

PROBLEM_COLUMNS = ["row", "rater", "date", "dimension", "statement", "value", "problem", "action"]

DIMENSION_COLUMNS = [
    "dimension", "dimension_id", "weight", "score", "n_raters", "n_answers", "spread", "min", "max", "range",
    "stage", "target", "gap", "floor", "disagreement", "previous", "change",
]


class MaturityError(ValueError):
    """No usable answers. ``problems`` lists what was wrong with each answer."""

    def __init__(self, message: str, problems: pd.DataFrame | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems if problems is not None else pd.DataFrame(columns=PROBLEM_COLUMNS)



@dataclass
class _Prepared:
    valid: pd.DataFrame  # row, rater, department, date, round, dimension, statement_key, score
    problems: pd.DataFrame
    rounds: pd.DataFrame  # round, start, end


class _Answers:
    """The answers' columns as plain text, numbers and days, and the problems found in them (in report order)."""

    def __init__(self, answers: pd.DataFrame | None):
        a = answers.reset_index(drop=True) if answers is not None else pd.DataFrame()
        self.index = a.index
        n = len(a)

        def col(c: str) -> pd.Series:
            return a[c] if c in a.columns else pd.Series([None] * n, index=a.index, dtype="object")

        self.rater = text_series(col("rater"))
        self.dept = text_series(col("department"))
        self.dim_text = text_series(col("dimension"))
        self.question = text_series(col("question"))
        self.raw_score = col("score")
        self.score = pd.to_numeric(self.raw_score, errors="coerce").astype("float64")
        dates = pd.to_datetime(col("date"), errors="coerce")
        if isinstance(dates.dtype, pd.DatetimeTZDtype):
            dates = dates.dt.tz_localize(None)
        self.dates = dates.dt.normalize()
        self.positions = pd.Series(np.arange(1, n + 1), index=a.index)
        self.problems: list[dict] = []

    def report(self, mask: pd.Series, problem: str, action: str, value: pd.Series | None = None) -> None:
        """One problem row per answer where ``mask`` is True (``value``: the cell to show)."""
        for idx in mask[mask].index:
            self.problems.append({
                "row": int(self.positions[idx]), "rater": self.rater[idx],
                "date": self.dates[idx], "dimension": self.dim_text[idx], "statement": self.question[idx],
                "value": "" if value is None or is_blank(value[idx]) else str(value[idx]),
                "problem": problem, "action": action,
            })

    def problem_frame(self) -> pd.DataFrame:
        prob = pd.DataFrame(self.problems, columns=PROBLEM_COLUMNS)
        if not prob.empty:
            prob = prob.sort_values("row", kind="stable").reset_index(drop=True)
        return prob


def _prepare(answers: pd.DataFrame, model: MaturityModel) -> _Prepared:
    """Validate answers against the model and assign each to a round."""
    ans = _Answers(answers)
    ok, dimension = _usable(ans, model)
    no_rater = ok & (ans.rater == "")
    ans.report(no_rater, "no rater name", "grouped with the department's other unnamed answers as one rater")
    rater_key = ans.rater.where(ans.rater != "", "(no name" + ans.dept.map(lambda d: f", {d}" if d else "") + ")")
    round_of, rounds = _assign_rounds(ans, ok)
    valid = pd.DataFrame({
        "row": ans.positions, "rater": rater_key, "department": ans.dept, "date": ans.dates, "round": round_of,
        "dimension": dimension, "statement_key": ans.question.map(name_key), "score": ans.score,
        "named": ans.rater != "",
    })[ok]
    valid["round"] = valid["round"].astype("int64")
    valid = _latest_answers(valid, ans)
    valid = valid.sort_values("row", kind="stable").reset_index(drop=True).drop(columns="named")
    return _Prepared(valid, ans.problem_frame(), rounds)


def _usable(ans: _Answers, model: MaturityModel) -> tuple[pd.Series, pd.Series]:
    """(answers that can be scored, the model dimension of each); every other answer is reported."""
    stmt_index = model.statement_index()
    dim_of_statement = ans.question.map(
        lambda q: stmt_index.get(name_key(q)).name if name_key(q) in stmt_index else "")
    dim_lookup = {}
    for d in model.dimensions:
        dim_lookup[name_key(d.name)] = d.name
        dim_lookup[name_key(d.id)] = d.name
    dim_of_name = ans.dim_text.map(lambda t: dim_lookup.get(name_key(t), ""))
    has_q = ans.question != ""
    report, dim_text, raw_score, score = ans.report, ans.dim_text, ans.raw_score, ans.score

    unknown_statement = has_q & (dim_of_statement == "")
    report(unknown_statement, "statement is not in the maturity model", "answer not used", ans.question)
    unknown_dim = ~has_q & (dim_of_name == "")
    report(unknown_dim & (dim_text != ""), "dimension is not in the maturity model", "answer not used", dim_text)
    report(unknown_dim & (dim_text == ""), "answer has no statement and no dimension", "answer not used")
    known = ~(unknown_statement | unknown_dim)

    missing_score = known & raw_score.map(is_blank).astype(bool)
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
    return ok, dimension


def _assign_rounds(ans: _Answers, ok: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
    """(round of each usable answer, rounds with their first and last day); see :data:`ROUND_WINDOW_DAYS`."""
    dates = ans.dates
    dated = ok & dates.notna()
    round_of = pd.Series(np.nan, index=ans.index)
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
        ans.report(undated, "answer has no date", "counted in the latest round")
        round_of[undated] = rid
    elif ok.any():
        rounds_rows.append({"round": 1, "start": pd.NaT, "end": pd.NaT})
        round_of[ok] = 1
    return round_of, pd.DataFrame(rounds_rows, columns=["round", "start", "end"])


def _latest_answers(valid: pd.DataFrame, ans: _Answers) -> pd.DataFrame:
    """The same statement answered twice by one (named) rater in one round: the latest answer counts.
    Unnamed answers cannot be told apart, so all of them are kept and averaged."""
    valid = valid.sort_values(["date", "row"], na_position="first", kind="stable")
    dup = valid.duplicated(["round", "rater", "dimension", "statement_key"], keep="last") & valid["named"]
    if dup.any():
        idx = dup[dup].index
        ans.report(pd.Series(ans.index.isin(idx), index=ans.index), "statement answered more than once by the same "
                   "rater in the same round", "the latest answer is used", ans.raw_score)
        valid = valid[~dup]
    return valid


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
        val = to_number(v)
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
    rounds, history = _round_history(prep, model)

    rs = _rater_scores(prep.valid, cur)
    stats = _dimension_stats(rs, model)
    overall = _weighted_overall(stats)
    if math.isnan(overall):
        raise MaturityError("None of the maturity answers in this round could be used. "
                            + _problem_summary(prep.problems), prep.problems)
    si = model.stage_index(overall)
    stage = model.stages[si]
    low = stats.loc[stats["score"].notna(), "score"].min()
    floor_si = model.stage_index(float(low))
    eff_si = min(si, floor_si + 1)
    stats = _judge_dimensions(stats, model, given, eff_si, float(low))
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


def _round_history(prep: _Prepared, model: MaturityModel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per round: dates, raters, answers, overall, stage; one row per round x dimension: score, spread)."""
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
    return rounds, pd.concat(hist_parts, ignore_index=True)


def _judge_dimensions(stats: pd.DataFrame, model: MaturityModel, given: dict[str, float], eff_si: int,
                      low: float) -> pd.DataFrame:
    """``stats`` with each dimension's stage, target, gap, floor (score within TOLERANCE of ``low``) and
    disagreement."""
    scored = stats["score"].notna()
    floor = scored & (stats["score"] <= low + TOLERANCE)
    stats["stage"] = stats["score"].map(lambda s: model.stage_for(s).name if not math.isnan(s) else "")
    default = _default_targets(stats, model, eff_si)
    stats["target"] = [given.get(d, t) for d, t in zip(stats["dimension"], default)]
    stats["gap"] = stats["target"] - stats["score"]
    stats["floor"] = floor.astype(bool)
    stats["disagreement"] = ((stats["n_raters"] >= 2)
                             & ((stats["spread"].fillna(0) >= SPREAD_THRESHOLD - TOLERANCE)
                                | (stats["range"].fillna(0) >= RANGE_THRESHOLD - TOLERANCE))).astype(bool)
    return stats


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

