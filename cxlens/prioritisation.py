"""Opportunity prioritisation: value vs effort, RICE, ICE, WSJF, quadrants, rank agreement, sensitivity.

Inputs are the canonical opportunity columns: values and effort on the scale the data uses
(cxlens.opportunity_scales: 1-5, 1-10, 0-100 or words scored 1..k; 1-10 by default), confidence
0..1, reach in customers per month. ``scales`` (field -> Scale) says which; without it every
score is taken as 1-10. On the value scale V (customer value's; bottom V.lo, top V.hi) and the
effort scale E, the formulas (shown in the app) are:

- business value is first put on V when its own scale differs (linear, bottom to bottom, top to top)
- value       = w * customer_value + (1 - w) * business_value          (w = customer weight, 0..1; default 0.5)
- with goal alignment blended in (g = goal weight, 0..1; default 0 = off), business_value is replaced by
  business_value_used = (1 - g) * business_value + g * (V.lo + (V.hi - V.lo) * goal_alignment)
                                                                        (1 + 9 * alignment on 1-10; goal_alignment
                                                                        0..1, cxlens.strategy; a missing business
                                                                        value stays missing)
- value/effort = value / effort                                         (as entered, on V and E)
- RICE        = reach * impact * confidence / effort                   (impact = value)
- ease        = E.lo + E.hi - effort, put on V                          (11 - effort on 1-10)
- ICE product = impact * (V.hi * confidence) * ease                    (10 * confidence on 1-10)
- ICE mean    = (impact + V.hi * confidence + ease) / 3
- WSJF        = (value + time_criticality + risk_reduction) / job_size (job_size = effort; the numbers as
                                                                        entered; missing criticality or risk
                                                                        reduction count as 0)

Quadrants split value and effort at thresholds: the medians of the *plotted* items (those with
both a value and an effort; unscored candidates do not move the lines) unless thresholds are
given. Tie rule (:data:`TIE_RULE`): "high" means above the line, on both axes. Value strictly
above the value line is high value, effort strictly above the effort line is high effort; an item
exactly on a line (within 1e-9 of it) counts as low on that axis and is marked in ``on_line``.
Quick win (high value, low effort), Big bet (high, high), Fill-in (low, low), Money pit (low value, high effort).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from . import opportunity_scales as osc
from .opportunity_scales import Scale

METHODS = {
    "value_effort": "Value / effort",
    "rice": "RICE",
    "ice": "ICE (product)",
    "ice_mean": "ICE (mean)",
    "wsjf": "WSJF",
}
FORMULAS = {
    "value_effort": "value ÷ effort",
    "rice": "(reach × impact × confidence) ÷ effort",
    "ice": "impact × (10 × confidence) × ease, ease = 11 − effort (on a 1-10 scale; see Scales)",
    "ice_mean": "(impact + 10 × confidence + ease) ÷ 3, ease = 11 − effort (on a 1-10 scale; see Scales)",
    "wsjf": "(value + time criticality + risk reduction) ÷ job size",
}
GOAL_BLEND_FORMULA = "business value used = (1 − g) × business value + g × (1 + 9 × goal alignment)"
QUADRANTS = ("Quick win", "Big bet", "Fill-in", "Money pit")
#: What happens to an item exactly on a quadrant line (shown under the matrix, docs/prioritisation.md).
TIE_RULE = ("High means above the line: an item exactly on a line counts as low on that axis (on the value "
            "line = low value, on the effort line = low effort) and is marked “on the line”.")
#: Two numbers closer than this (relative to the threshold, at least 1e-9) are "on the line".
ON_LINE_TOLERANCE = 1e-9


def scale_formulas(scales: dict | None) -> dict[str, str]:
    """:data:`FORMULAS` with the constants of the data's scales (ease, confidence factor)."""
    v, e = osc.value_scale(scales), (scales or osc.DEFAULTS)["effort"]
    if (v.low, v.high, e.low, e.high) == (1, 10, 1, 10):
        return dict(FORMULAS)
    ease = f"ease = {e.low + e.high:g} − effort" + (f", put on the value scale {v.label}" if (e.low, e.high) != (v.low, v.high) else "")
    return {**FORMULAS, "ice": f"impact × ({v.high:g} × confidence) × ease, {ease}",
            "ice_mean": f"(impact + {v.high:g} × confidence + ease) ÷ 3, {ease}"}


def goal_blend_formula(scales: dict | None) -> str:
    v = osc.value_scale(scales)
    if (v.low, v.high) == (1, 10):
        return GOAL_BLEND_FORMULA
    return (f"business value used = (1 − g) × business value + g × ({v.low:g} + {v.span:g} × goal alignment)"
            f" (on the value scale {v.label})")
DEFAULT_CONFIDENCE = 0.5  # used where confidence is blank, and said so in the output column `assumed`


def business_value_used(opps: pd.DataFrame, goal_weight: float = 0.0, scales: dict | None = None) -> pd.Series:
    """(1 - g) * business_value + g * (V.lo + (V.hi - V.lo) * goal_alignment) on the value scale V
    (1 + 9 * alignment on 1-10); business_value itself (put on V) when g = 0 or the frame has no
    ``goal_alignment`` column. A missing business value stays missing; a missing alignment counts
    as 0 (serves no goal)."""
    v = osc.value_scale(scales)
    bv = osc.rescale(opps["business_value"].astype("float64"), (scales or osc.DEFAULTS)["business_value"], v)
    g = float(goal_weight or 0.0)
    if not g or "goal_alignment" not in opps:
        return bv
    if not 0.0 <= g <= 1.0:
        raise ValueError(f"goal weight must be between 0 and 1, not {g}")
    goal_score = v.low + v.span * opps["goal_alignment"].astype("float64").fillna(0.0).clip(0, 1)
    return (1 - g) * bv + g * goal_score


def blended_value(opps: pd.DataFrame, customer_weight: float = 0.5, goal_weight: float = 0.0,
                  scales: dict | None = None) -> pd.Series:
    """w * customer_value + (1 - w) * business value used; either alone when the other is missing
    (on the value scale)."""
    w = float(customer_weight)
    cv, bv = opps["customer_value"].astype("float64"), business_value_used(opps, goal_weight, scales)
    both = w * cv + (1 - w) * bv
    return both.where(cv.notna() & bv.notna(), cv.fillna(bv))


def thresholds(value: pd.Series, effort: pd.Series, value_threshold: float | None = None,
               effort_threshold: float | None = None) -> tuple[float, float]:
    """The quadrant lines: the given thresholds, else the medians of the plotted items only (both
    value and effort known). NaN when nothing is plotted."""
    plotted = value.notna() & effort.notna()
    vt = float(value[plotted].median()) if value_threshold is None else float(value_threshold)
    et = float(effort[plotted].median()) if effort_threshold is None else float(effort_threshold)
    return vt, et


def _on(x: pd.Series, line: float) -> pd.Series:
    return (x - line).abs() <= ON_LINE_TOLERANCE * max(1.0, abs(line))


def on_line(value: pd.Series, effort: pd.Series, value_threshold: float, effort_threshold: float) -> pd.Series:
    """Which line a plotted item sits exactly on: "value", "effort", "value and effort" or ""."""
    plotted = value.notna() & effort.notna()
    on_v, on_e = _on(value, value_threshold) & plotted, _on(effort, effort_threshold) & plotted
    out = np.select([on_v & on_e, on_v, on_e], ["value and effort", "value", "effort"], "")
    return pd.Series(out, index=value.index, dtype="object")


def quadrant(value: pd.Series, effort: pd.Series, value_threshold: float | None = None,
             effort_threshold: float | None = None) -> tuple[pd.Series, float, float]:
    """Quadrant per item, and the thresholds used (see :func:`thresholds`; ties by :data:`TIE_RULE`)."""
    vt, et = thresholds(value, effort, value_threshold, effort_threshold)
    high_v = (value > vt) & ~_on(value, vt)    # on the value line: low value
    high_e = (effort > et) & ~_on(effort, et)  # on the effort line: low effort
    labels = np.select([high_v & ~high_e, high_v & high_e, ~high_v & ~high_e, ~high_v & high_e], QUADRANTS, "")
    out = pd.Series(labels, index=value.index, dtype="object")
    out[value.isna() | effort.isna()] = "Not scored"
    return out, vt, et


def score(opps: pd.DataFrame, method: str = "value_effort", *, customer_weight: float = 0.5,
          goal_weight: float = 0.0, scales: dict | None = None) -> pd.Series:
    """The score of each opportunity under ``method`` (higher is better; NaN where inputs are missing)."""
    value = blended_value(opps, customer_weight, goal_weight, scales)
    effort = opps["effort"].astype("float64").where(opps["effort"] > 0)
    confidence = opps["confidence"].astype("float64").fillna(DEFAULT_CONFIDENCE)
    if method == "value_effort":
        return value / effort
    if method == "rice":
        return opps["reach"].astype("float64") * value * confidence / effort
    v, e = osc.value_scale(scales), (scales or osc.DEFAULTS)["effort"]
    ease = osc.rescale(e.low + e.high - opps["effort"].astype("float64"), e, v)
    if method == "ice":
        return value * (v.high * confidence) * ease
    if method == "ice_mean":
        return (value + v.high * confidence + ease) / 3
    if method == "wsjf":
        crit = _optional(opps, "time_criticality")
        risk = _optional(opps, "risk_reduction")
        return (value + crit + risk) / effort
    raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")


def _optional(opps: pd.DataFrame, col: str) -> pd.Series:
    if col in opps:
        return opps[col].astype("float64").fillna(0.0)
    return pd.Series(0.0, index=opps.index)


def rank_scores(scores: pd.Series, names: pd.Series) -> pd.Series:
    """1 = best; ties share the best rank; unscored items are ranked last (NaN rank)."""
    order = pd.DataFrame({"s": scores, "name": names.astype(str)})
    return order["s"].rank(ascending=False, method="min")


def prioritise(opportunities: pd.DataFrame, method: str = "value_effort", weights: dict | None = None,
               value_threshold: float | None = None, effort_threshold: float | None = None,
               scales: dict[str, Scale] | None = None) -> pd.DataFrame:
    """Score, rank and place every opportunity in a quadrant.

    ``weights``: {"customer": w} (0..1) for the value blend and optionally {"goal": g} (0..1) to blend
    the ``goal_alignment`` column (cxlens.strategy.attach_goals) into business value. Returns the inputs
    plus ``business_value_used``, ``value`` (blended, on the value scale), ``score``, ``rank`` (1 = best),
    ``quadrant``, ``on_line`` (see :func:`on_line`) and ``assumed`` (which inputs were defaulted),
    sorted by rank. ``scales``: field -> Scale (cxlens.opportunity_scales.scales_for); 1-10 when None.
    """
    w, g = _weights(weights)
    opps = opportunities.reset_index(drop=True).copy()
    opps["business_value_used"] = business_value_used(opps, g, scales)
    opps["value"] = blended_value(opps, w, g, scales)
    opps["score"] = score(opps, method, customer_weight=w, goal_weight=g, scales=scales)
    opps["rank"] = rank_scores(opps["score"], opps["opportunity"])
    effort = opps["effort"].astype("float64")
    opps["quadrant"], vt, et = quadrant(opps["value"], effort, value_threshold, effort_threshold)
    opps["on_line"] = on_line(opps["value"], effort, vt, et)
    opps["assumed"] = np.where(opps["confidence"].isna() & (method in ("rice", "ice", "ice_mean")),
                               f"confidence {DEFAULT_CONFIDENCE:g}", "")
    return opps.sort_values(["rank", "opportunity"], na_position="last", kind="stable").reset_index(drop=True)


def _weights(weights: dict | None) -> tuple[float, float]:
    weights = weights or {}
    return float(weights.get("customer", 0.5)), float(weights.get("goal", 0.0) or 0.0)


def compare_methods(opportunities: pd.DataFrame, methods=("value_effort", "rice", "ice", "wsjf"),
                    weights: dict | None = None, scales: dict | None = None) -> pd.DataFrame:
    """One row per opportunity, a rank column per method (1 = best)."""
    base = opportunities.reset_index(drop=True)
    out = pd.DataFrame({"opportunity": base["opportunity"]})
    w, g = _weights(weights)
    for m in methods:
        out[m] = rank_scores(score(base, m, customer_weight=w, goal_weight=g, scales=scales), base["opportunity"])
    return out


def kendall_tau(a, b) -> float:
    """Kendall's tau-b between two rankings (ties handled); NaN pairs are dropped. -1..1."""
    x, y = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    n = len(x)
    if n < 2:
        return math.nan
    concordant = discordant = ties_x = ties_y = 0
    for i, j in itertools.combinations(range(n), 2):
        dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            ties_x += 1
        elif dy == 0:
            ties_y += 1
        elif dx == dy:
            concordant += 1
        else:
            discordant += 1
    denom = math.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    return (concordant - discordant) / denom if denom else math.nan


def rank_agreement(ranks: pd.DataFrame) -> pd.DataFrame:
    """Kendall tau-b between every pair of rank columns of ``ranks`` (as from compare_methods)."""
    methods = [c for c in ranks.columns if c != "opportunity"]
    return pd.DataFrame([[kendall_tau(ranks[a], ranks[b]) for b in methods] for a in methods],
                        index=methods, columns=methods)


def sensitivity(opportunities: pd.DataFrame, method: str = "value_effort", top: int = 5,
                customer_weights=None, confidence_shift: float = 0.2, goal_weight: float = 0.0,
                scales: dict | None = None) -> pd.DataFrame:
    """How robust is the top list? Re-rank over a grid of plausible settings.

    The grid varies the customer weight from 0 to 1 in steps of 0.1 and, for
    methods that use confidence, shifts every confidence by -shift, 0, +shift
    (clipped to 0.05..1). Returns per opportunity: ``in_top_share`` (0..1, the
    share of settings in which it is in the top ``top``), ``best_rank``,
    ``worst_rank`` and ``verdict``: "stays in top N" (always), "fragile" (sometimes)
    or "never in top N". ``goal_weight`` (0..1) blends goal alignment into business value in every setting.
    """
    base = opportunities.reset_index(drop=True)
    weights = list(customer_weights) if customer_weights is not None else [i / 10 for i in range(11)]
    shifts = [-confidence_shift, 0.0, confidence_shift] if method in ("rice", "ice", "ice_mean") else [0.0]
    ranks = []
    for w in weights:
        for shift in shifts:
            variant = base.copy()
            if shift:
                variant["confidence"] = (variant["confidence"].fillna(DEFAULT_CONFIDENCE) + shift).clip(0.05, 1)
            ranks.append(rank_scores(score(variant, method, customer_weight=w, goal_weight=goal_weight, scales=scales),
                                     variant["opportunity"]))
    grid = pd.concat(ranks, axis=1)
    in_top = (grid <= top).mean(axis=1)
    out = pd.DataFrame({
        "opportunity": base["opportunity"],
        "in_top_share": in_top,
        "best_rank": grid.min(axis=1),
        "worst_rank": grid.max(axis=1),
        "settings": grid.shape[1],
    })
    out["verdict"] = np.where(in_top >= 1.0, f"stays in top {top}",
                              np.where(in_top > 0, "fragile", f"never in top {top}"))
    return out.sort_values(["in_top_share", "best_rank"], ascending=[False, True], kind="stable").reset_index(drop=True)
