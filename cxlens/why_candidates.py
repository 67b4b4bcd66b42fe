"""Opportunity candidates from the Why page (issue #17 part 5): the comment themes that surely cost points
and the key drivers to fix first, each with its evidence, in the backlog's shape (cxlens.backlog).

Like the hotspot candidates (:func:`cxlens.backlog.opportunities_from_hotspots`):

- customer_value, on ``scale`` (customer value's scale in the data; 1-10 by default) = lo + (hi − lo) ×
  strength / max(strength) over the candidates of the same kind — a theme's impact (points the overall
  score would gain), a driver's importance — rounded to 0.1 (a whole position on a word scale);
- confidence = 0.5 + 0.4 × min(n, 400) / 400 (n: the theme's answers, or the respondents analysed);
- business value, effort and reach are left blank for the team; status "Idea"; origin "app" (the store
  knows sheet, hotspot, app and workshop), with the evidence's "source" saying "Why page: comment theme" or
  "Why page: key driver"; ids are stable per theme label or driver, so adding twice adds nothing.

Pure: no Streamlit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import opportunity_scales as osc
from .backlog import BACKLOG_COLUMNS, NUMERIC, opportunity_id
from .drivers import Drivers
from .text_signals import Themes


def _value(strength: float, most: float, scale: osc.Scale) -> float:
    value = scale.low + scale.span * (float(strength) / most if most > 0 else 0.0)
    return float(round(value)) if scale.words else round(value, 1)


def _confidence(n: int) -> float:
    return round(0.5 + 0.4 * min(int(n), 400) / 400, 2)


def _frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows).reindex(columns=BACKLOG_COLUMNS)
    for c in NUMERIC:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


def theme_candidates(impact: pd.DataFrame, themes: Themes, metric_label: str, unit: str, *,
                     where: dict | None = None, top: int = 3, scale: osc.Scale | None = None) -> pd.DataFrame:
    """One candidate per theme that surely costs points (``impact_low`` > 0), the ``top`` largest impacts.

    ``impact``: :func:`cxlens.theme_effects.theme_impact`; ``metric_label``/``unit`` name the score and its
    points in the evidence ("NPS", "NPS points"); ``where``: theme -> (touchpoint, stage) where it is most
    over-represented, which becomes the candidate's touchpoint.
    """
    scale = scale or osc.DEFAULTS["customer_value"]
    costs = impact[~impact["too_few"].astype(bool) & (impact["impact_low"] > 0)].head(top)
    if costs.empty:
        return pd.DataFrame(columns=BACKLOG_COLUMNS)
    most = float(costs["impact"].max())
    examples = themes.themes.set_index("theme")["examples"]
    rows = []
    for _, t in costs.iterrows():
        touchpoint, stage = (where or {}).get(int(t["theme"]), (None, None))
        name = f"Fix what customers say about “{t['label']}”"
        evidence = {
            "source": "Why page: comment theme", "theme": str(t["label"]), "comments (n)": int(t["size"]),
            metric_label: (f"{t['value_theme']:.1f} in the theme vs {t['value_rest']:.1f} in other comments "
                           f"(difference {t['diff']:+.1f}, 95% interval {t['ci_low']:+.1f} to {t['ci_high']:+.1f})"),
            "impact on the overall score": (f"{t['impact']:+.2f} {unit} (95% interval {t['impact_low']:+.2f} to "
                                            f"{t['impact_high']:+.2f}) if its {int(t['n_theme']):,} customers "
                                            "scored like the rest"),
            "verbatims": [str(q) for q in (examples.get(t["theme"]) or [])],
        }
        if touchpoint:
            evidence["most over-represented at"] = str(touchpoint)
        rows.append({"opportunity_id": opportunity_id(name, "theme"), "opportunity": name, "touchpoint": touchpoint,
                     "stage": stage, "customer_value": _value(t["impact"], most, scale), "business_value": np.nan,
                     "effort": np.nan, "confidence": _confidence(t["n_theme"]), "reach": np.nan, "status": "Idea",
                     "origin": "app", "evidence": evidence})
    return _frame(rows)


def driver_candidates(result: Drivers, *, stages: dict | None = None, top: int = 3,
                      scale: osc.Scale | None = None) -> pd.DataFrame:
    """One candidate per driver in the "Fix first" quadrant (important, rated below average), the ``top`` most
    important; ``stages``: touchpoint -> stage. Attribute drivers (no quadrant) give no candidate: a segment
    is not something to fix."""
    scale = scale or osc.DEFAULTS["customer_value"]
    fix = result.table[result.table["quadrant"] == "Fix first"].head(top)
    if fix.empty:
        return pd.DataFrame(columns=BACKLOG_COLUMNS)
    most = float(fix["importance"].max())
    top_of_scale = f" of {result.scale[1]:g}" if result.scale else ""
    rows = []
    for _, d in fix.iterrows():
        name = f"Improve {d['driver']}"
        evidence = {
            "source": "Why page: key driver", "key driver of": result.outcome,
            "importance": (f"{100 * d['importance']:.0f}% of what the ratings explain (95% interval "
                           f"{100 * d['ci_low']:.0f}-{100 * d['ci_high']:.0f}%), rank {int(d['rank'])} of "
                           f"{len(result.table)}"),
            "mean rating": f"{d['performance']:.2f}{top_of_scale} (average of the ratings "
                           f"{result.table['performance'].mean():.2f})",
            "respondents (n)": int(result.n), "R² of all ratings": f"{result.r2:.2f}",
        }
        rows.append({"opportunity_id": opportunity_id(name, "driver"), "opportunity": name,
                     "touchpoint": str(d["driver"]), "stage": (stages or {}).get(str(d["driver"])),
                     "customer_value": _value(d["importance"], most, scale), "business_value": np.nan,
                     "effort": np.nan, "confidence": _confidence(result.n), "reach": np.nan, "status": "Idea",
                     "origin": "app", "evidence": evidence})
    return _frame(rows)
