"""CX metric definitions. Each formula is written once, here; docs/metrics.md explains them.

All functions take plain arrays/Series of answers on their native scale (missing
values are ignored) and a scale dict ``{"min", "max", "higher_is_better"}`` as
produced by :func:`cxlens.cleaning.detect_scale`.

- CSAT        = % of answers in the top two boxes of the scale (4-5 on 1-5), 0..100.
- NPS         = % promoters (9-10) - % detractors (0-6), -100..100; SE from scoring
                each answer +1/0/-1; 95% interval = NPS +/- 1.96 SE.
- CES         = mean effort on its native scale; % high effort = answers in the
                top third of the scale (5-7 on 1-7), direction-aware.
- Proportions = Wilson score 95% intervals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

Z95 = 1.959963984540054

#: The usual scale of each score column (when the load read none); the metric registry
#: (:mod:`cxlens.metric_registry`) gives each metric its column's, and the minimum n (``MIN_N``).
DEFAULT_SCALES = {
    "csat": {"min": 1, "max": 5, "higher_is_better": True},
    "ces": {"min": 1, "max": 7, "higher_is_better": False},
    "nps": {"min": 0, "max": 10, "higher_is_better": True},
    "rating": {"min": 1, "max": 5, "higher_is_better": True},
}



def _clean(values) -> np.ndarray:
    arr = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype="float64")
    return arr[~np.isnan(arr)]


def wilson_interval(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion, as fractions 0..1. (nan, nan) when n == 0."""
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def top_box_threshold(scale: dict) -> tuple[float, bool]:
    """(threshold, at_or_above): answers in the top two boxes in the 'good' direction."""
    if scale.get("higher_is_better", True):
        return scale["max"] - 1, True
    return scale["min"] + 1, False


def top_box_mask(values: np.ndarray, scale: dict) -> np.ndarray:
    threshold, above = top_box_threshold(scale)
    return values >= threshold if above else values <= threshold


def bottom_box_mask(values: np.ndarray, scale: dict) -> np.ndarray:
    """Answers in the bottom two boxes in the 'bad' direction (1-2 on a 1-5 satisfaction scale)."""
    if scale.get("higher_is_better", True):
        return values <= scale["min"] + 1
    return values >= scale["max"] - 1


def high_effort_mask(values: np.ndarray, scale: dict) -> np.ndarray:
    """Answers in the top third of an effort scale (5-7 on 1-7; 4-5 on 1-5); reversed for 'ease' scales."""
    span = scale["max"] - scale["min"]
    third = span // 3
    if scale.get("higher_is_better", False):  # an ease scale: low answers mean high effort
        return values <= scale["min"] + third
    return values >= scale["max"] - third


@dataclass(frozen=True)
class Estimate:
    """A metric value with its sample size and 95% interval (all on the metric's display unit)."""

    value: float
    n: int
    ci_low: float
    ci_high: float

    @property
    def margin(self) -> float:
        return (self.ci_high - self.ci_low) / 2


def proportion(mask: np.ndarray) -> Estimate:
    """Share of True values, in percent (0..100), with a Wilson interval."""
    n = int(mask.size)
    k = int(mask.sum())
    lo, hi = wilson_interval(k, n)
    return Estimate(100 * k / n if n else math.nan, n, 100 * lo, 100 * hi)


def csat(values, scale: dict | None = None) -> Estimate:
    """CSAT: % of answers in the top two boxes (0..100)."""
    v = _clean(values)
    return proportion(top_box_mask(v, scale or DEFAULT_SCALES["csat"]))


def mean_score(values) -> Estimate:
    """Mean answer on the native scale with a t-free normal 95% interval."""
    v = _clean(values)
    n = v.size
    if n == 0:
        return Estimate(math.nan, 0, math.nan, math.nan)
    m = float(v.mean())
    se = float(v.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
    return Estimate(m, n, m - Z95 * se, m + Z95 * se)


def nps(values) -> Estimate:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6), -100..100."""
    v = _clean(values)
    n = v.size
    if n == 0:
        return Estimate(math.nan, 0, math.nan, math.nan)
    promoters = float((v >= 9).mean())
    detractors = float((v <= 6).mean())
    score = promoters - detractors
    variance = promoters + detractors - score * score
    se = math.sqrt(max(variance, 0.0) / n)
    return Estimate(100 * score, n, max(-100.0, 100 * (score - Z95 * se)), min(100.0, 100 * (score + Z95 * se)))


def nps_parts(values) -> dict[str, float]:
    """Promoter, passive and detractor shares in percent."""
    v = _clean(values)
    if v.size == 0:
        return {"promoters": math.nan, "passives": math.nan, "detractors": math.nan}
    return {
        "promoters": 100 * float((v >= 9).mean()),
        "passives": 100 * float(((v >= 7) & (v <= 8)).mean()),
        "detractors": 100 * float((v <= 6).mean()),
    }


def ces(values, scale: dict | None = None) -> Estimate:
    """CES: mean effort on the native scale."""
    return mean_score(values)


def high_effort(values, scale: dict | None = None) -> Estimate:
    """% of answers signalling high effort (top third of the scale, direction-aware)."""
    v = _clean(values)
    return proportion(high_effort_mask(v, scale or DEFAULT_SCALES["ces"]))


def rate(flags) -> Estimate:
    """% of 1s among 0/1 flags (complaint, abandon)."""
    v = _clean(flags)
    return proportion(v >= 0.5)


# ----------------------------------------------------------------------------- per-answer masks
# Which answers count as "bad" for each friction component. Each takes an array of
# answers on the native scale with missing values already removed (or NaN, which
# compares False) and returns a boolean array of the same shape.


def promoter_mask(values: np.ndarray) -> np.ndarray:
    """NPS promoters: likelihood to recommend 9-10."""
    return values >= 9


def detractor_mask(values: np.ndarray) -> np.ndarray:
    """NPS detractors: likelihood to recommend 0-6."""
    return values <= 6


#: Sentiment strictly below this value counts as negative (sentiment runs -1..1; 0 = neutral).
NEGATIVE_SENTIMENT_CUT = 0.0


def negative_sentiment_mask(values: np.ndarray) -> np.ndarray:
    """Comments with sentiment < 0 (strictly negative; neutral 0 is not negative)."""
    return values < NEGATIVE_SENTIMENT_CUT


def flag_mask(values: np.ndarray) -> np.ndarray:
    """0/1 flags (complaint, abandoned) that are set, as :func:`rate` counts them."""
    return values >= 0.5


def nps_points(values: np.ndarray) -> np.ndarray:
    """Each answer scored +1 (promoter), 0 (passive) or -1 (detractor); NaN stays NaN. NPS = 100 x mean."""
    v = np.asarray(values, dtype="float64")
    out = np.where(promoter_mask(v), 1.0, np.where(detractor_mask(v), -1.0, 0.0))
    return np.where(np.isnan(v), np.nan, out)


def score_goodness(values, scale: dict) -> np.ndarray:
    """Answers mapped to 0 (worst end of the scale) .. 1 (best end), direction-aware; NaN stays NaN.

    Used only to order answers from worst to best (e.g. verbatims); not a reported metric.
    """
    v = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype="float64")
    lo, hi = float(scale["min"]), float(scale["max"])
    g = (v - lo) / (hi - lo) if hi > lo else np.full_like(v, np.nan)
    return g if scale.get("higher_is_better", True) else 1 - g


# ----------------------------------------------------------------------------- the same formulas, per group
# Vectorised forms of the estimates above for many groups at once (one value per
# heatmap cell or touchpoint): they take per-group counts/moments and return
# arrays, so 2 million answers are aggregated with one groupby and no Python loop.


def wilson_bounds(successes, n, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score 95% bounds as fractions 0..1 for arrays of counts; NaN where n == 0.

    Same formula as :func:`wilson_interval`.
    """
    k = np.asarray(successes, dtype="float64")
    n = np.asarray(n, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(np.clip(p * (1 - p), 0, None) / n + z * z / (4 * n * n)) / denom
        lo = np.where(n > 0, np.where(k <= 0, 0.0, np.clip(centre - half, 0.0, 1.0)), np.nan)
        hi = np.where(n > 0, np.where(k >= n, 1.0, np.clip(centre + half, 0.0, 1.0)), np.nan)
    return lo, hi


def proportion_table(successes, n) -> pd.DataFrame:
    """Per group: share of successes in percent (0..100) with Wilson 95% bounds. Columns value, n, ci_low, ci_high."""
    k = np.asarray(successes, dtype="float64")
    n = np.asarray(n, dtype="float64")
    lo, hi = wilson_bounds(k, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n > 0, 100 * k / n, np.nan)
    return pd.DataFrame({"value": value, "n": n.astype("int64"), "ci_low": 100 * lo, "ci_high": 100 * hi})


def nps_table(promoters, detractors, n) -> pd.DataFrame:
    """Per group: NPS (-100..100) from promoter/detractor counts, 95% interval = NPS +/- 1.96 SE (clipped).

    Same formula as :func:`nps`: SE = sqrt((p + d - (p - d)^2) / n) with p, d the shares.
    """
    n = np.asarray(n, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.asarray(promoters, dtype="float64") / n
        d = np.asarray(detractors, dtype="float64") / n
        score = p - d
        se = np.sqrt(np.clip(p + d - score * score, 0, None) / n)
    ok = n > 0
    return pd.DataFrame({
        "value": np.where(ok, 100 * score, np.nan),
        "n": n.astype("int64"),
        "ci_low": np.where(ok, np.clip(100 * (score - Z95 * se), -100, 100), np.nan),
        "ci_high": np.where(ok, np.clip(100 * (score + Z95 * se), -100, 100), np.nan),
    })


def mean_table(mean, var, n) -> pd.DataFrame:
    """Per group: mean on the native scale with the normal 95% interval of :func:`mean_score`.

    ``var`` is the sample variance (ddof=1); the interval is NaN when n < 2.
    """
    n = np.asarray(n, dtype="float64")
    m = np.asarray(mean, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.where(n > 1, np.sqrt(np.clip(np.asarray(var, dtype="float64"), 0, None) / n), np.nan)
    return pd.DataFrame({"value": np.where(n > 0, m, np.nan), "n": n.astype("int64"),
                         "ci_low": m - Z95 * se, "ci_high": m + Z95 * se})


# ----------------------------------------------------------------------------- friction index


def weighted_friction(values: pd.DataFrame, lows: pd.DataFrame, highs: pd.DataFrame,
                      weights: dict[str, float]) -> pd.DataFrame:
    """Friction index per row: the weighted mean of the friction components present (each 0..100).

    ``values``, ``lows`` and ``highs`` have one column per component (percent and its
    Wilson 95% bounds). Components that are NaN in a row (no answers) or have weight 0
    are left out and the remaining weights renormalised to sum to 1, so friction
    stays on 0..100. ``friction_low``/``friction_high`` combine the components' own
    Wilson bounds with the same weights: Σ w·low / Σ w. That is a conservative bound
    (it lies below the friction index whenever every component's bound lies below its
    true rate) and tightens as n grows, which is what the ranking needs.
    Returns columns friction, friction_low, friction_high (NaN when no component is present).
    """
    cols = [c for c in values.columns if weights.get(c, 0) and weights.get(c, 0) > 0]
    if not cols:
        nan = np.full(len(values), np.nan)
        return pd.DataFrame({"friction": nan, "friction_low": nan, "friction_high": nan}, index=values.index)
    w = np.array([float(weights[c]) for c in cols])
    v = values[cols].to_numpy(dtype="float64")
    present = ~np.isnan(v)
    wm = np.where(present, w, 0.0)
    total = wm.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        def combine(frame: pd.DataFrame) -> np.ndarray:
            x = np.nan_to_num(frame[cols].to_numpy(dtype="float64"))
            return np.where(total > 0, (wm * x).sum(axis=1) / total, np.nan)

        return pd.DataFrame({"friction": combine(values), "friction_low": combine(lows),
                             "friction_high": combine(highs)}, index=values.index)
