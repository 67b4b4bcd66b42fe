"""Key drivers: which touchpoint ratings or customer attributes move an outcome (issue #17, part 4).

Johnson's relative weights (Johnson 2000) split the R² of a linear model of the outcome on the
drivers into one non-negative share per driver, even when the drivers are correlated with each
other (they usually are: a passenger who likes the seat also tends to like the leg room). They
are a fast, close approximation of the exact Shapley / LMG decomposition (averaging each
driver's gain in R² over every order of entry), which costs 2^p models.

* :func:`relative_weights` — the weights of the columns of a number matrix (R² units, summing to R²).
* :func:`driver_analysis` — the analysis of a :class:`~cxlens.dataset.Dataset`: one row per
  driver with its share of R² (0..1, summing to 1), a bootstrap 95% interval, its correlation
  with the outcome, its performance (mean answer) and, for touchpoint ratings on one scale, the
  importance x performance quadrant. :func:`key_drivers` returns that table alone.

Two shapes of data are handled:

* **ratings** (a wide survey: each respondent rates several touchpoints, e.g. the airline file's
  14 service ratings): one unit per respondent, one driver per touchpoint (its rating);
* **attributes** (one row per customer or answer): one unit per row; the drivers are the
  segment columns (categories, dummy-coded against their most frequent value; the dummies'
  weights are summed into the column's share), the file's numeric columns and the other scores.

The outcome is a score column's raw answer (``"nps"`` uses the 0-10 answer, ``"csat"`` the
satisfaction answer) or the file's own column (numbers, or two values coded 1 for the event and 0
otherwise, e.g. satisfied / neutral or dissatisfied). A 0/1 outcome is modelled linearly (a linear
probability model); which of the two values is coded 1 changes the sign of the correlations, never
the shares. Formulas: docs/metrics.md, "Key drivers". Pure: no Streamlit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import extra_columns, journey, profiling
from .dataset import Dataset
from .metric_registry import MIN_N

#: Fewest complete units (respondents or rows with the outcome and every driver) for an analysis.
MIN_UNITS = MIN_N
#: A driver answered by fewer than this share of the units that have the outcome is left out
#: (keeping it would drop most units from the complete cases).
MIN_ANSWERED = 0.5
#: A category's values: at most this many dummies; rarer values (and those under MIN_LEVEL_N units) become "other".
MAX_LEVELS = 12
MIN_LEVEL_N = 10
#: Bootstrap resamples of the units for the 95% intervals, and their seed (the same data gives the same intervals).
N_BOOT = 200
SEED = 0
#: Score columns that can be an outcome or (in the attributes shape) a driver.
SCORE_COLUMNS = ("nps", "csat", "ces", "rating", "sentiment")
#: A respondent rating at least this many touchpoints (median) makes the data a wide survey of ratings.
MIN_RATED_PER_RESPONDENT = 3
QUADRANTS = {(True, True): "Fix first", (True, False): "Keep strong", (False, True): "Watch",
             (False, False): "Maintain"}
COLUMNS = ["driver", "kind", "importance", "ci_low", "ci_high", "weight", "r", "performance", "n_answered",
           "low_group", "low_value", "high_group", "high_value", "quadrant", "rank"]


def relative_weights(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Johnson's relative weights of the columns of ``x`` (n x p numbers) for ``y`` (n numbers).

    With R the drivers' correlation matrix and r their correlations with y: R = V diag(λ) V',
    Λ = V diag(√λ) V' (the correlations of the drivers with their closest orthonormal
    counterparts Z), β = Λ⁻¹ r (y regressed on Z), raw weight_j = Σ_k Λ_jk² β_k². The weights are
    ≥ 0 and sum to R² of the least-squares fit of y on x. A singular R (a driver that is an exact
    combination of others) uses the pseudo-inverse. Returns (weights, R²); columns without
    variance must be removed first.
    """
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    return weights_from_correlations(corr[:-1, :-1], corr[:-1, -1])


def weights_from_correlations(rxx: np.ndarray, rxy: np.ndarray) -> tuple[np.ndarray, float]:
    """:func:`relative_weights` from the correlation matrix of the drivers and their correlations with y."""
    evals, evecs = np.linalg.eigh(np.asarray(rxx, dtype="float64"))
    lam = (evecs * np.sqrt(np.clip(evals, 0.0, None))) @ evecs.T
    beta = np.linalg.pinv(lam, rcond=1e-10, hermitian=True) @ np.asarray(rxy, dtype="float64")
    raw = (lam ** 2) @ (beta ** 2)
    return raw, float(raw.sum())


@dataclass(frozen=True)
class Drivers:
    """The result of :func:`driver_analysis`.

    ``table``: one row per driver, most important first (:data:`COLUMNS`): ``importance`` (share of R²,
    0..1, summing to 1), ``ci_low``/``ci_high`` (bootstrap 95% percentile interval of the share, widened to
    hold the estimate when every resample falls on one side of it, as for a share of 0 or 1),
    ``weight`` (R² units), ``r`` (correlation with the outcome, -1..1; NaN for a category), ``performance``
    (mean answer of the units analysed, on the driver's scale; NaN for a category), ``n_answered`` (units
    with an answer), for a category ``low_group``/``high_group`` its values with the lowest and highest mean
    outcome (among values of at least MIN_LEVEL_N units; a share 0..1 for a 0/1 outcome) and those means
    ``low_value``/``high_value`` ("" and NaN otherwise), ``quadrant`` (ratings on one scale only, else ""),
    ``rank`` (1 = most important).
    ``r2`` with ``r2_low``/``r2_high`` (bootstrap), ``n`` complete units, ``shape`` "ratings" or
    "attributes", ``event`` the outcome value coded 1 ("" for a number), ``scale`` the ratings' scale
    (min, max) when the quadrant is shown, ``note`` why there is no table, ``left_out`` one line per
    driver not used and why.
    """

    table: pd.DataFrame
    outcome: str
    r2: float = math.nan
    r2_low: float = math.nan
    r2_high: float = math.nan
    n: int = 0
    shape: str = "attributes"
    event: str = ""
    scale: tuple[float, float] | None = None
    note: str = ""
    left_out: tuple[str, ...] = field(default_factory=tuple)


def _empty(outcome: str, note: str, **kw) -> Drivers:
    return Drivers(pd.DataFrame(columns=COLUMNS), outcome, note=note, **kw)


# ----------------------------------------------------------------------------- shape of the data


def rating_column(dataset: Dataset) -> str | None:
    """The score column the touchpoints are rated on (the first of csat, rating, ces, nps with answers), or None."""
    fb = dataset.feedback
    return next((c for c in ("csat", "rating", "ces", "nps") if fb[c].notna().any()), None)


def is_ratings_survey(dataset: Dataset) -> bool:
    """A wide survey: every row has a response id and the median respondent rates at least
    :data:`MIN_RATED_PER_RESPONDENT` touchpoints on the rating column."""
    fb = dataset.feedback
    col = rating_column(dataset)
    if col is None or fb.empty or not fb["response_id"].notna().all() or not fb["touchpoint"].notna().any():
        return False
    rated = fb[fb[col].notna() & fb["touchpoint"].notna()]
    if rated.empty or rated["touchpoint"].nunique() < 2:
        return False
    return float(rated.groupby("response_id", sort=False).size().median()) >= MIN_RATED_PER_RESPONDENT


#: Header words of a number that names things rather than measures them (Clothing ID, ZIP code).
_LABEL_WORDS = {"id", "ids", "code", "zip", "postcode", "key", "ref", "reference"}


def _numbers(dataset: Dataset) -> list[str]:
    """The file's numeric columns that measure something (not an id or a code)."""
    return [c for c in journey.numeric_columns(dataset) if not set(profiling.header_words(c)) & _LABEL_WORDS]


def _score_metric_column(outcome: str) -> str | None:
    if outcome in journey.METRIC_SPECS and outcome != "volume":
        return journey.METRIC_SPECS[outcome].column
    return None


def outcome_options(dataset: Dataset) -> list[str]:
    """Outcomes the data can explain, in this order: score columns with answers (as metric keys: nps, csat,
    ces, rating), the file's named outcomes (``rate:<column>`` for yes/no ones, satisfaction, churn), the
    comment sentiment, then its other two-valued or numeric columns.
    In a ratings survey the rating column itself is not an outcome (it is what the drivers are)."""
    fb = dataset.feedback
    ratings = is_ratings_survey(dataset)
    skip = rating_column(dataset) if ratings else None
    out = [c for c in SCORE_COLUMNS if c != skip and fb[c].notna().any()]
    rates = journey.available_metrics(dataset)
    out += [m for m in rates if m.startswith(journey.RATE_PREFIX)]
    taken = {m[len(journey.RATE_PREFIX):] for m in out if m.startswith(journey.RATE_PREFIX)}
    for c in dataset.segment_columns:
        if c not in taken and c not in ("persona", "channel") and fb[c].nunique(dropna=True) == 2:
            out.append(c)
    out += [c for c in _numbers(dataset) if c not in taken]
    # answers to a score question, then the file's named outcomes (satisfaction, churn, complaint), then the
    # sentiment computed from comments, then other attributes (gender, age)
    scores = [c for c in out if c in SCORE_COLUMNS and c != "sentiment"]
    rest = [c for c in out if c not in SCORE_COLUMNS]
    named = [c for c in rest if extra_columns.is_named_outcome(c.removeprefix(journey.RATE_PREFIX))]
    return scores + named + [c for c in out if c == "sentiment"] + [c for c in rest if c not in named]


_NEGATION = re.compile(r"\b(dis\w*|un\w*|not|no|neutral|non\w*)\b", re.I)


def default_event(values: list[str]) -> str:
    """Of two values, the one coded 1: the one naming an event (churned, complained), else the one with a
    positive word (satisfied, loyal, retained) and no negation (dissatisfied, neutral, not), else the
    second in sort order."""
    named = [v for v in values if extra_columns.EVENT_VALUE.search(v)]
    if len(named) == 1:
        return named[0]
    good = [v for v in values if extra_columns.GOOD_EVENT.search(v) and not _NEGATION.search(v)]
    if len(good) == 1:
        return good[0]
    return sorted(values)[-1]


def outcome_values(dataset: Dataset, outcome: str, event: str | None = None) -> tuple[pd.Series, str, str]:
    """(value per feedback row, a label, the event coded 1 or "") of ``outcome``.

    ``outcome``: a score metric (nps, csat, mean_csat, rating, ces, sentiment: the raw answer), ``rate:<column>``
    or a column of the file (numbers; or two values, ``event`` coded 1 and the other 0). Raises ValueError
    for an unknown outcome or a column with more than two text values.
    """
    fb = dataset.feedback
    column = _score_metric_column(outcome)
    if column is not None:
        return fb[column].astype("float64"), journey.metric_info(dataset, outcome)["label"], ""
    if outcome.startswith(journey.RATE_PREFIX):
        outcome = outcome[len(journey.RATE_PREFIX):]
    if outcome not in fb.columns:
        raise ValueError(f"unknown outcome {outcome!r}: use a score (nps, csat, rating, ...) or a column of the file")
    s = fb[outcome]
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        found = extra_columns.binary_values(s)
        return s.astype("float64"), str(outcome), (found[1] if found else "")
    text = s.astype("string").str.strip()
    distinct = sorted(str(v) for v in text.dropna().unique())
    if not 1 <= len(distinct) <= 2:
        raise ValueError(f"{outcome!r} has {len(distinct)} different values: an outcome needs numbers or two values")
    chosen = event if event in distinct else default_event(distinct)
    coded = pd.Series(np.where(text.isna(), np.nan, (text == chosen).to_numpy(dtype=bool, na_value=False)),
                      index=fb.index, dtype="float64")
    return coded, f"{outcome} = {chosen}", chosen


def candidate_drivers(dataset: Dataset, outcome: str, *, scores: bool | None = None) -> list[str]:
    """The drivers analysed by default for ``outcome``: every touchpoint in a ratings survey; otherwise the
    touchpoint (when the data names several), the segment columns, the file's numeric columns and, with
    ``scores``, the other score columns with answers. ``scores`` None includes them only when the data has no
    touchpoints (a customer table: satisfaction can drive churn); in a journey survey another score of the
    same answer (CSAT beside NPS) measures the same experience and would take all the credit."""
    fb = dataset.feedback
    if is_ratings_survey(dataset):
        col = rating_column(dataset)
        rated = fb.loc[fb[col].notna(), "touchpoint"].dropna()
        return [str(t) for t in journey.touchpoint_stages(dataset).index if (rated == t).any()]
    own = {_score_metric_column(outcome), outcome.removeprefix(journey.RATE_PREFIX)}
    several = fb["touchpoint"].nunique(dropna=True) > 1
    out = (["touchpoint"] if several else []) + [c for c in dataset.segment_columns if c not in own]
    out += [c for c in _numbers(dataset) if c not in own]
    if scores or (scores is None and not fb["touchpoint"].notna().any()):
        out += [c for c in SCORE_COLUMNS if c not in own and fb[c].notna().any()]
    return out


def _units(dataset: Dataset, y_row: pd.Series, drivers: list[str], ratings: bool) -> tuple[pd.DataFrame, pd.Series]:
    """One row per unit (respondent in a ratings survey, else feedback row) with the drivers' values, and y."""
    fb = dataset.feedback
    if not ratings:
        return fb[drivers], y_row
    col = rating_column(dataset)
    rid = fb["response_id"].astype("string")
    tps = [d for d in drivers if d not in fb.columns]
    rated = pd.DataFrame({"rid": rid, "tp": fb["touchpoint"].astype("string"), "v": fb[col]})
    rated = rated[rated["tp"].isin(tps) & rated["v"].notna()]
    wide = rated.pivot_table(index="rid", columns="tp", values="v", aggfunc="mean")
    y = y_row.groupby(rid.to_numpy(), sort=False).mean()
    frame = pd.DataFrame(index=y.index)
    for d in drivers:
        if d in tps:
            frame[d] = wide[d].reindex(y.index) if d in wide else np.nan
        else:
            frame[d] = fb[d].groupby(rid.to_numpy(), sort=False).first().reindex(y.index)
    return frame, y


def _is_number(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def _dummies(s: pd.Series) -> pd.DataFrame:
    """0/1 columns of a category's values against its most frequent one (rare values pooled as 'other')."""
    text = s.astype("string")
    counts = text.value_counts()
    keep = list(counts[counts >= MIN_LEVEL_N].index[:MAX_LEVELS])
    pooled = text.where(text.isin(keep) | text.isna(), "other")
    levels = pooled.value_counts()
    return pd.DataFrame({str(v): (pooled == v).astype("float64") for v in levels.index[1:]}, index=s.index)


def _design(frame: pd.DataFrame, y: pd.Series, left: list[str]) -> tuple[np.ndarray, list[str], dict, pd.DataFrame]:
    """The number matrix of the complete units, the driver of each column, each driver's kind, the complete units."""
    answered = frame.notna().mean()
    usable = [d for d in frame.columns if answered[d] >= MIN_ANSWERED]
    left += [f"{d}: answered by only {100 * answered[d]:.0f}% of the units with the outcome"
             for d in frame.columns if d not in usable]
    complete = frame[usable][frame[usable].notna().all(axis=1)]
    columns, groups, kinds = [], [], {}
    for d in usable:
        s = complete[d]
        if _is_number(s):
            part, kinds[d] = s.astype("float64").to_frame(d), "number"
        elif s.nunique() > max(MAX_LEVELS, len(s) / MIN_LEVEL_N):
            left.append(f"{d}: {s.nunique():,} different values, an identifier or free text rather than groups")
            continue
        else:
            part, kinds[d] = _dummies(s), "category"
        part = part.loc[:, part.std(ddof=0) > 0] if len(part) else part
        if part.shape[1] == 0:
            left.append(f"{d}: the same value for every unit analysed")
            kinds.pop(d)
            continue
        columns.append(part.to_numpy(dtype="float64"))
        groups += [d] * part.shape[1]
    x = np.column_stack(columns) if columns else np.empty((len(complete), 0))
    return x, groups, kinds, complete


def _shares(x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: list[str]) -> tuple[np.ndarray, float]:
    """Each driver's raw weight (its columns' weights summed) and R²; columns without variance weigh 0."""
    ok = x.std(axis=0) > 0
    raw = np.zeros(x.shape[1])
    r2 = 0.0
    if ok.any() and y.std() > 0:
        raw[ok], r2 = relative_weights(x[:, ok], y)
    return np.array([raw[groups == n].sum() for n in names]), r2


def _bootstrap(x: np.ndarray, y: np.ndarray, groups: np.ndarray, names: list[str], n_boot: int,
               seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Shares (n_boot x drivers) and R² (n_boot) of resamples of the units, with replacement."""
    rng = np.random.default_rng(seed)
    shares, r2s = np.full((n_boot, len(names)), np.nan), np.full(n_boot, np.nan)
    for b in range(n_boot):
        idx = rng.integers(0, len(y), len(y))
        w, r2 = _shares(x[idx], y[idx], groups, names)
        if r2 > 0:
            shares[b], r2s[b] = w / r2, r2
    return shares, r2s


def driver_analysis(dataset: Dataset, outcome: str, drivers: list[str] | None = None, *, event: str | None = None,
                    n_boot: int = N_BOOT, seed: int = SEED) -> Drivers:
    """Which drivers move ``outcome`` (see the module docstring): a :class:`Drivers`.

    ``drivers``: touchpoint names (ratings survey) or column names; None uses :func:`candidate_drivers`.
    ``event``: of a two-valued outcome, the value coded 1. ``n_boot`` resamples give the 95% intervals
    (0 = none). Too few units, one outcome value or no usable driver give an empty table and a ``note``.
    """
    y_row, label, event_used = outcome_values(dataset, outcome, event)
    ratings = is_ratings_survey(dataset)
    shape = "ratings" if ratings else "attributes"
    names = list(dict.fromkeys(drivers if drivers is not None else candidate_drivers(dataset, outcome)))
    if not names:
        return _empty(label, "There is nothing to explain the outcome with: no ratings or attributes.", shape=shape)
    frame, y = _units(dataset, y_row, names, ratings)
    keep = y.notna().to_numpy()
    frame, y = frame[keep], y[keep]
    unit = "respondents" if ratings else "rows"
    if len(y) < MIN_UNITS:
        return _empty(label, f"Only {len(y):,} {unit} have {label}: at least {MIN_UNITS} are needed.", shape=shape)
    if y.nunique() < 2:
        return _empty(label, f"Every one of the {len(y):,} {unit} has the same {label}: nothing to explain.",
                      shape=shape)
    left: list[str] = []
    x, groups, kinds, complete = _design(frame, y, left)
    yc = y.loc[complete.index].to_numpy(dtype="float64")
    used = [n for n in names if n in kinds]
    if not used or len(yc) < max(MIN_UNITS, 2 * x.shape[1]) or yc.std() == 0:
        why = ("no driver is usable" if not used else f"only {len(yc):,} {unit} answered every driver")
        return _empty(label, f"Key drivers need {unit} with the outcome and the drivers; {why}.", shape=shape,
                      left_out=tuple(left), event=event_used)
    g = np.array(groups)
    raw, r2 = _shares(x, yc, g, used)
    boot, r2s = _bootstrap(x, yc, g, used, n_boot, seed) if n_boot else (np.full((0, len(used)), np.nan), np.array([]))
    table = _table(complete, yc, used, kinds, raw, r2, boot, ratings)
    scale = None
    if ratings:
        s = journey.metric_scale(dataset, rating_column(dataset))
        scale = (float(s["min"]), float(s["max"]))
    lo, hi = (np.nanpercentile(r2s, [2.5, 97.5]) if np.isfinite(r2s).any() else (math.nan, math.nan))
    return Drivers(table, label, r2, float(lo), float(hi), len(yc), shape, event_used, scale, "", tuple(left))


def _table(complete: pd.DataFrame, y: np.ndarray, used: list[str], kinds: dict, raw: np.ndarray, r2: float,
           boot: np.ndarray, ratings: bool) -> pd.DataFrame:
    share = raw / r2 if r2 > 0 else np.full(len(used), np.nan)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(boot).all(axis=1)
        lo, hi = (np.percentile(boot[ok], [2.5, 97.5], axis=0) if ok.any()
                  else (np.full(len(used), np.nan), np.full(len(used), np.nan)))
    # a share at its bound (0 or 1) has resamples on one side only: the interval still holds the estimate
    lo, hi = np.fmin(lo, np.where(np.isnan(lo), np.nan, share)), np.fmax(hi, np.where(np.isnan(hi), np.nan, share))
    rows = []
    for i, d in enumerate(used):
        number = kinds[d] == "number"
        v = complete[d].astype("float64").to_numpy() if number else None
        r = float(np.corrcoef(v, y)[0, 1]) if number else math.nan
        low, high = ("", math.nan), ("", math.nan)
        if not number:
            groups = complete[d].astype("string").to_numpy()
            means = pd.Series(y, index=complete.index).groupby(groups).agg(["mean", "size"])
            means = means[means["size"] >= MIN_LEVEL_N].sort_values("mean", kind="stable")
            if len(means) >= 2:
                low, high = (str(means.index[0]), float(means["mean"].iloc[0])), (str(means.index[-1]),
                                                                                 float(means["mean"].iloc[-1]))
        rows.append({"driver": d, "kind": "rating" if ratings and number else kinds[d], "importance": float(share[i]),
                     "ci_low": float(lo[i]), "ci_high": float(hi[i]), "weight": float(raw[i]), "r": r,
                     "performance": float(v.mean()) if number else math.nan, "n_answered": int(len(complete)),
                     "low_group": low[0], "low_value": low[1], "high_group": high[0], "high_value": high[1],
                     "quadrant": ""})
    table = pd.DataFrame(rows, columns=COLUMNS[:-1])
    if ratings and (table["kind"] == "rating").all():
        high = table["importance"] > 1 / len(table)
        low = table["performance"] < table["performance"].mean()
        table["quadrant"] = [QUADRANTS[(h, lw)] for h, lw in zip(high, low)]
    table = table.sort_values(["importance", "driver"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def key_drivers(dataset: Dataset, outcome: str, drivers: list[str] | None = None, **kw) -> pd.DataFrame:
    """The drivers of ``outcome``, most important first: the table of :func:`driver_analysis` (columns
    :data:`COLUMNS`; ``importance`` a share of R² summing to 1 with its bootstrap ``ci_low``/``ci_high``).
    ``attrs`` holds ``r2``, ``r2_low``, ``r2_high``, ``n``, ``outcome``, ``shape`` and ``note``."""
    result = driver_analysis(dataset, outcome, drivers, **kw)
    table = result.table.copy()
    table.attrs.update({"r2": result.r2, "r2_low": result.r2_low, "r2_high": result.r2_high, "n": result.n,
                        "outcome": result.outcome, "shape": result.shape, "note": result.note})
    return table
