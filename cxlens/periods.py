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
from .metric_groups import metric_kind, metric_signals

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
    kind = metric_kind(metric)
    if kind == "count":
        raise ValueError("volume is a count: compare periods on a score or a rate")
    previous = previous or previous_period(*current)
    fb = filter_feedback(dataset, filters)
    dates = fb["date"]
    rows = []
    for label, (start, end) in (("now", current), ("before", previous)):
        start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize() + pd.Timedelta(days=1)
        part = fb[((dates >= start) & (dates < end)).to_numpy(dtype=bool, na_value=False)]
        signals = metric_signals(part, metric, dataset)
        key = group_keys(part, by, dataset).astype("object") if by else pd.Series(ALL_LABEL, index=part.index)
        grouped = signals.groupby(key.to_numpy(), sort=False)
        if kind == "nps":
            agg = grouped.agg(p=("p", "sum"), d=("d", "sum"), n=("p", "count"))
        elif kind == "mean":
            agg = grouped["x"].agg(mean="mean", var="var", n="count")
        else:
            agg = grouped["k"].agg(k="sum", n="count")
        rows.append(agg.add_suffix(f"_{label}"))
    table = rows[0].join(rows[1], how="outer")
    out = []
    for group, r in table.iterrows():
        n1, n2 = r.get("n_now", 0) or 0, r.get("n_before", 0) or 0
        n1 = 0 if pd.isna(n1) else int(n1)
        n2 = 0 if pd.isna(n2) else int(n2)
        rec = {"group": group, "n_now": n1, "n_before": n2, "value_now": np.nan, "value_before": np.nan,
               "diff": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p": np.nan}
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
        rec["diff"] = rec["value_now"] - rec["value_before"]
        rec["too_few"] = n1 < min_n or n2 < min_n
        out.append(rec)
    result = pd.DataFrame(out, columns=[c for c in COLUMNS if c not in ("q", "significant")])
    tested = result["p"].where(~result["too_few"])
    result["q"] = benjamini_hochberg(tested)
    result["significant"] = result["q"] < FDR
    return result[COLUMNS].reset_index(drop=True)
