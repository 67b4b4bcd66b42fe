"""This period against the last: the difference of a metric with its 95% interval and a
false-discovery-rate correction across the groups compared.

``compare_periods(dataset, metric, current, previous=None, by=None)`` returns one row per group
(or one row for everyone) with n and the value on both sides, the difference (now − before, in the
metric's unit: percentage points for shares and rates, NPS points, scale units for means), its 95%
interval, a two-sided p-value, the Benjamini-Hochberg q-value and ``significant`` (q < 0.05).

Intervals and tests per metric kind (docs/metrics.md, "Change between periods"):

- **shares and rates** (CSAT top-2-box, high effort, complaint or churn rate): Newcombe's hybrid score
  interval for a difference of proportions (from the two Wilson intervals); p from the two-proportion
  z-test with the pooled proportion;
- **NPS** = 100 (promoters − detractors) / n; each period's variance 100² (p + d − (p − d)²) / n, the
  difference's standard error the root of their sum; normal interval and z-test;
- **means** (mean satisfaction, CES, rating, sentiment): Welch's t interval and t-test (unequal
  variances, Welch-Satterthwaite degrees of freedom).

Groups with fewer than ``min_n`` answers on either side are listed with ``too_few`` and left out of
the correction. Pure: no Streamlit.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from . import metrics
from .dataset import Dataset
from .feedback_queries import ALL_LABEL, MIN_N, filter_feedback, group_keys
from .metric_groups import metric_info, metric_kind, metric_signals

Z95 = metrics.Z95
#: False-discovery rate of the Benjamini-Hochberg correction.
FDR = 0.05
COLUMNS = ["group", "n_before", "value_before", "n_now", "value_now", "diff", "ci_low", "ci_high", "p", "q",
           "significant", "too_few"]


def previous_period(start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period of the same length that ends the day before ``start`` (inclusive days)."""
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    days = (end - start).days + 1
    return start - pd.Timedelta(days=days), start - pd.Timedelta(days=1)


def newcombe_interval(k1: float, n1: float, k2: float, n2: float, z: float = Z95) -> tuple[float, float]:
    """95% interval of p1 − p2 (proportions 0..1) by Newcombe's hybrid score method (his method 10)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = metrics.wilson_interval(k1, n1, z)
    l2, u2 = metrics.wilson_interval(k2, n2, z)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def two_proportion_p(k1: float, n1: float, k2: float, n2: float) -> float:
    """Two-sided p of the z-test of p1 = p2 with the pooled proportion."""
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0 if k1 / n1 == k2 / n2 else 0.0
    return float(2 * stats.norm.sf(abs(k1 / n1 - k2 / n2) / se))


def welch(m1: float, v1: float, n1: float, m2: float, v2: float, n2: float) -> tuple[float, float, float]:
    """(ci_low, ci_high, p) of m1 − m2 by Welch's t (sample variances v1, v2)."""
    a, b = v1 / n1, v2 / n2
    se = math.sqrt(a + b)
    if se == 0:
        return m1 - m2, m1 - m2, 1.0 if m1 == m2 else 0.0
    df = (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1))
    t = stats.t.ppf(0.975, df)
    d = m1 - m2
    return d - t * se, d + t * se, float(2 * stats.t.sf(abs(d) / se, df))


def nps_difference(p1: float, d1: float, n1: float, p2: float, d2: float, n2: float) -> tuple[float, float, float]:
    """(ci_low, ci_high, p) of NPS1 − NPS2 (points, −200..200); p, d are promoter and detractor counts."""
    def var(p, d, n):
        a, b = p / n, d / n
        return 100 ** 2 * (a + b - (a - b) ** 2) / n

    diff = 100 * (p1 - d1) / n1 - 100 * (p2 - d2) / n2
    se = math.sqrt(var(p1, d1, n1) + var(p2, d2, n2))
    if se == 0:
        return diff, diff, 1.0 if diff == 0 else 0.0
    return diff - Z95 * se, diff + Z95 * se, float(2 * stats.norm.sf(abs(diff) / se))


def benjamini_hochberg(p: pd.Series) -> pd.Series:
    """Benjamini-Hochberg q-values of ``p`` (NaN stays NaN): q(i) = min over j ≥ i of p(j) × m / j, by rank."""
    valid = p.dropna()
    m = len(valid)
    if not m:
        return pd.Series(np.nan, index=p.index)
    order = valid.sort_values(kind="stable")
    ranked = order.to_numpy() * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    return pd.Series(q, index=order.index).reindex(p.index)


def compare_periods(dataset: Dataset, metric: str, current: tuple, previous: tuple | None = None,
                    by: str | None = None, min_n: int = MIN_N, filters: dict | None = None) -> pd.DataFrame:
    """The metric in ``current`` (from, to; inclusive days) against ``previous`` (default: the same number of
    days just before), per value of ``by`` (any heatmap dimension) or for everyone; columns :data:`COLUMNS`.

    Values in the metric's unit (percent 0-100 for shares and rates, NPS −100..100, scale units for means);
    ``diff`` = now − before with its 95% interval; ``p`` two-sided; ``q`` Benjamini-Hochberg across the
    groups with enough answers on both sides; ``significant`` = q < :data:`FDR`.
    """
    previous = previous or previous_period(*current)
    fb = filter_feedback(dataset, filters)
    key = group_keys(fb, by, dataset).astype("object") if by else pd.Series(ALL_LABEL, index=fb.index)
    table = compare_rows(dataset, metric, fb, period_mask(fb, current), period_mask(fb, previous), [key], min_n)
    return table.rename(columns={"key0": "group"})[COLUMNS].reset_index(drop=True)


def period_mask(fb: pd.DataFrame, period) -> np.ndarray:
    """Rows of ``fb`` in ``period``: a (from, to) pair of days (inclusive) or the name of a source file (a wave)."""
    if isinstance(period, str):
        return (fb["source_file"].astype("object") == period).to_numpy(dtype=bool, na_value=False)
    start, end = pd.Timestamp(period[0]).normalize(), pd.Timestamp(period[1]).normalize() + pd.Timedelta(days=1)
    dates = fb["date"]
    return ((dates >= start) & (dates < end)).to_numpy(dtype=bool, na_value=False)


def _side(dataset: Dataset, metric: str, kind: str, part: pd.DataFrame, keys: list[pd.Series], label: str
          ) -> pd.DataFrame:
    """Sums per group of one side: k and n (shares), p, d and n (NPS), mean, var and n (means)."""
    signals = metric_signals(part, metric, dataset)
    grouped = signals.groupby([k.to_numpy() for k in keys], sort=False, dropna=True)
    if kind == "nps":
        agg = grouped.agg(p=("p", "sum"), d=("d", "sum"), n=("p", "count"))
    elif kind == "mean":
        agg = grouped["x"].agg(mean="mean", var="var", n="count")
    else:
        agg = grouped["k"].agg(k="sum", n="count")
    return agg.add_suffix(f"_{label}")


def _difference(kind: str, r: pd.Series, n1: int, n2: int) -> dict:
    """value_now, value_before, the interval of the difference and p, for one group's sums ``r``."""
    rec = {"value_now": np.nan, "value_before": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p": np.nan}
    if kind == "nps":
        if n1:
            rec["value_now"] = 100 * (r["p_now"] - r["d_now"]) / n1
        if n2:
            rec["value_before"] = 100 * (r["p_before"] - r["d_before"]) / n2
        if n1 and n2:
            rec["ci_low"], rec["ci_high"], rec["p"] = nps_difference(r["p_now"], r["d_now"], n1,
                                                                     r["p_before"], r["d_before"], n2)
    elif kind == "mean":
        rec["value_now"], rec["value_before"] = r.get("mean_now", np.nan), r.get("mean_before", np.nan)
        if n1 >= 2 and n2 >= 2:
            rec["ci_low"], rec["ci_high"], rec["p"] = welch(r["mean_now"], r["var_now"], n1,
                                                            r["mean_before"], r["var_before"], n2)
    else:
        if n1:
            rec["value_now"] = 100 * r["k_now"] / n1
        if n2:
            rec["value_before"] = 100 * r["k_before"] / n2
        if n1 and n2:
            lo, hi = newcombe_interval(r["k_now"], n1, r["k_before"], n2)
            rec["ci_low"], rec["ci_high"] = 100 * lo, 100 * hi
            rec["p"] = two_proportion_p(r["k_now"], n1, r["k_before"], n2)
    return rec


def compare_rows(dataset: Dataset, metric: str, fb: pd.DataFrame, now: np.ndarray, before: np.ndarray,
                 keys: list[pd.Series], min_n: int = MIN_N) -> pd.DataFrame:
    """The metric on the rows ``now`` against the rows ``before`` (boolean masks over ``fb``), per group of
    ``keys`` (Series aligned with ``fb``): columns key0, key1, ... then :data:`COLUMNS` without ``group``.

    The engine of :func:`compare_periods` and :func:`change_grid`; BH across the groups with enough
    answers on both sides. ValueError for volume (a count has no interval)."""
    kind = metric_kind(metric)
    if kind == "count":
        raise ValueError("volume is a count: compare periods on a score or a rate")
    sides = [_side(dataset, metric, kind, fb[mask], [k[mask] for k in keys], label)
             for label, mask in (("now", now), ("before", before))]
    table = sides[0].join(sides[1], how="outer")
    out = []
    for group, r in table.iterrows():
        group = group if isinstance(group, tuple) else (group,)
        n1, n2 = r.get("n_now", np.nan), r.get("n_before", np.nan)
        n1 = 0 if pd.isna(n1) else int(n1)
        n2 = 0 if pd.isna(n2) else int(n2)
        rec = {f"key{i}": g for i, g in enumerate(group)} | {"n_now": n1, "n_before": n2}
        rec |= _difference(kind, r, n1, n2)
        rec["diff"] = rec["value_now"] - rec["value_before"]
        rec["too_few"] = n1 < min_n or n2 < min_n
        out.append(rec)
    names = [f"key{i}" for i in range(len(keys))]
    result = pd.DataFrame(out, columns=names + [c for c in COLUMNS if c not in ("group", "q", "significant")])
    result["q"] = benjamini_hochberg(result["p"].where(~result["too_few"]))
    result["significant"] = (result["q"] < FDR).to_numpy(dtype=bool)
    return result[names + COLUMNS[1:]]


# ----------------------------------------------------------------------------- the heatmap's change mode

#: Days of the latest period compared with the same number of days before (the Overview's and the heatmap's
#: default comparison).
DEFAULT_DAYS = 90
#: Columns of :func:`change_grid`.
GRID_COLUMNS = ["row", "col", *COLUMNS[1:], "better"]


def latest_periods(dataset: Dataset, days: int = DEFAULT_DAYS) -> tuple[tuple, tuple] | None:
    """((from, to) of the latest ``days`` of data, (from, to) of the ``days`` before), inclusive days; None
    when the data has no dates."""
    dates = dataset.feedback["date"].dropna()
    if dates.empty:
        return None
    end = dates.max().normalize()
    start = end - pd.Timedelta(days=days - 1)
    return (start, end), previous_period(start, end)


def source_files(dataset: Dataset) -> list[str]:
    """The source files (waves) the feedback rows come from, in load order; one or none for a single file."""
    files = dataset.feedback["source_file"] if "source_file" in dataset.feedback else pd.Series(dtype="object")
    return [str(f) for f in pd.unique(files.dropna().astype("object"))]


def _describe(period) -> str:
    if isinstance(period, str):
        return f"'{period}'"
    start, end = (pd.Timestamp(p).date() for p in period)
    return f"{start:%d %b %Y} to {end:%d %b %Y}"


def change_problem(dataset: Dataset, metric: str, now, before, min_n: int = MIN_N,
                   filters: dict | None = None) -> str | None:
    """Why the two periods cannot be compared, in plain words, or None when they can: no dates, ranges that
    overlap or run backwards, the same file twice, or a side with fewer than ``min_n`` answers carrying the
    metric. ``now`` and ``before``: (from, to) days or source file names (see :func:`period_mask`)."""
    dated = not isinstance(now, str) or not isinstance(before, str)
    if dated and dataset.feedback["date"].dropna().empty:
        return ("The data has no dates, so there are no periods to compare. Map a date column on the Import "
                "page, or compare two uploaded files (waves).")
    if isinstance(now, str) != isinstance(before, str):
        return "Compare two date ranges or two files, not one of each."
    if isinstance(now, str):
        if now == before:
            return "Pick two different files to compare."
    else:
        (a0, a1), (b0, b1) = ([pd.Timestamp(x).normalize() for x in p] for p in (now, before))
        if a1 < a0 or b1 < b0:
            return "A date range ends before it starts: swap its dates."
        if a0 <= b1 and b0 <= a1:
            return (f"The two ranges overlap ({_describe(before)} and {_describe(now)}): the same answers would "
                    "be on both sides. Pick ranges that do not share a day.")
    fb = filter_feedback(dataset, filters)
    signals = metric_signals(fb, metric, dataset)
    for label, period in (("earlier", before), ("later", now)):
        n = int(signals[period_mask(fb, period)].notna().any(axis=1).sum())
        if n == 0:
            return (f"The {label} side ({_describe(period)}) has no answers with this metric: nothing to compare. "
                    "Pick other dates.")
        if n < min_n:
            return (f"The {label} side ({_describe(period)}) has {n:,} answers with this metric, fewer than "
                    f"{min_n}: too few to compare. Pick a longer range or lower the minimum.")
    return None


def change_grid(dataset: Dataset, rows: str, cols: str | None, metric: str, now, before,
                min_n: int = MIN_N, filters: dict | None = None) -> pd.DataFrame:
    """**The heatmap's change mode**: per cell of ``rows`` × ``cols`` (heatmap dimensions; ``cols`` None for one
    "All" column), the metric in ``now`` minus the metric in ``before`` with its 95% interval, n on both sides
    and significance after Benjamini-Hochberg across the cells with at least ``min_n`` answers on both sides.

    ``now``, ``before``: (from, to) days (inclusive) or two source file names (waves); see
    :func:`change_problem` for the pairs that cannot be compared. Columns :data:`GRID_COLUMNS`: ``row``,
    ``col`` (ordered categoricals in heatmap order), n_before, value_before, n_now, value_now, diff (points for
    shares, rates and NPS; scale units for means), ci_low, ci_high, p, q, significant, too_few, and ``better``
    (True when the difference goes the metric's good way, False the bad way, NaN at 0 or for no direction).
    Cells with answers on one side only are kept, with too_few set; cells without any are left out.
    """
    fb = filter_feedback(dataset, filters)
    row_key, col_key = group_keys(fb, rows, dataset), group_keys(fb, cols, dataset)
    out = compare_rows(dataset, metric, fb, period_mask(fb, now), period_mask(fb, before),
                       [row_key.astype("object"), col_key.astype("object")], min_n)
    out = out.rename(columns={"key0": "row", "key1": "col"})
    out = out[(out["n_now"] > 0) | (out["n_before"] > 0)].reset_index(drop=True)  # no answer with the metric
    for name, key in (("row", row_key), ("col", col_key)):
        present = set(out[name])
        out[name] = pd.Categorical(out[name], categories=[c for c in key.cat.categories if c in present],
                                   ordered=True)
    hib = metric_info(dataset, metric)["higher_is_better"]
    sign = np.sign(out["diff"].to_numpy(dtype="float64")) * (1 if hib else -1)
    out["better"] = pd.Series(np.where(sign > 0, True, np.where(sign < 0, False, None)), dtype="object")
    if hib is None:
        out["better"] = None
    return out.sort_values(["row", "col"], kind="stable").reset_index(drop=True)[GRID_COLUMNS]


def describe_change(subject: str, before: float, now: float, diff: float, ci_low: float, ci_high: float,
                    n_before: int, n_now: int, *, unit: str = "%", decimals: int = 0, signed: bool = False) -> str:
    """One plain sentence: 'Checkout friction rose from 12% to 19% (+7 pts, 95% CI +3 to +11), n = 140 → 150.'

    ``unit`` "%" (shares: the difference in points), "" for means; ``signed`` for NPS (values with a sign)."""
    def value(v: float) -> str:
        v = round(float(v), decimals) + 0.0  # no "-0"
        return f"{v:{'+' if signed else ''},.{decimals}f}{unit}"

    def change(v: float) -> str:
        v = round(float(v), decimals) + 0.0
        return f"{v:+,.{decimals}f}"

    pts = " pts" if unit == "%" or signed else ""
    verb = "rose" if round(diff, decimals) > 0 else "fell" if round(diff, decimals) < 0 else "stayed level"
    interval = "" if pd.isna(ci_low) else f", 95% CI {change(ci_low)} to {change(ci_high)}"
    return (f"{subject} {verb} from {value(before)} to {value(now)} ({change(diff)}{pts}{interval}), "
            f"n = {int(n_before):,} → {int(n_now):,}.")
