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
