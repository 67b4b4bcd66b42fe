"""Theme impact: how much each comment theme moves the score (issue #17, part 3). Volume lies: a
frequent theme can cost the score little, a rare one a lot.

For each theme of :func:`cxlens.text_signals.comment_themes`, the answers whose comment is in the
theme are compared with the answers of every other modelled comment ("the rest") on one metric
(NPS, CSAT, a mean rating, a rate):

* ``value_theme`` − ``value_rest`` = ``diff`` in the metric's unit (NPS points, percentage points
  for shares and rates, scale units for means), with its 95% interval and two-sided p —
  NPS: the normal interval of a difference of two NPS (:func:`cxlens.periods.nps_difference`);
  shares and rates: Newcombe's hybrid score interval (:func:`cxlens.periods.newcombe_interval`)
  and the pooled two-proportion z-test; means: Welch's t (:func:`cxlens.periods.welch`);
  ``q`` Benjamini-Hochberg across the themes, ``significant`` = q < 0.05;
* ``impact`` — the points the overall score (all N answers with the metric, commented or not)
  would gain if this theme's n answers scored like the rest: (n / N) · (value_rest − value_theme),
  sign-flipped for metrics where lower is better (effort, complaint rate), so a positive impact is
  always an improvement; ``impact_low``/``impact_high`` scale the diff's interval the same way.

Themes ranked by impact, largest first; themes with fewer than ``min_n`` answers (or a rest that
small) are listed last with ``too_few`` and no interval. Formulas: docs/metrics.md, "Theme impact".
Pure: no Streamlit.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import journey, periods
from .dataset import Dataset
from .metric_registry import MIN_N
from .text_signals import NO_THEME, Themes, comment_themes

COLUMNS = ["theme", "label", "size", "share", "n_theme", "value_theme", "n_rest", "value_rest", "diff", "ci_low",
           "ci_high", "p", "q", "significant", "impact", "impact_low", "impact_high", "overall", "n_overall",
           "overall_if_like_rest", "too_few"]
#: Metrics whose impact is reported by default, first available wins (the score a CX lead is judged on).
DEFAULT_METRICS = ("nps", "csat", "rating", "mean_csat")


def impact_metric(dataset: Dataset) -> str | None:
    """The metric theme impact uses by default: the first of :data:`DEFAULT_METRICS` the data has, else a rate
    of the file's own yes/no outcome, else None."""
    available = journey.available_metrics(dataset)
    found = [m for m in DEFAULT_METRICS if m in available]
    found += [m for m in available if m.startswith(journey.RATE_PREFIX)]
    return found[0] if found else None


def _difference(kind: str, a: pd.Series, b: pd.Series) -> tuple[float, float, float, float, float]:
    """(value_a, value_b, ci_low, ci_high, p) of the metric in two groups of per-answer signals; diff = a − b."""
    if kind == "nps":
        p1, d1, n1 = a["p"].sum(), a["d"].sum(), len(a)
        p2, d2, n2 = b["p"].sum(), b["d"].sum(), len(b)
        lo, hi, p = periods.nps_difference(p1, d1, n1, p2, d2, n2)
        return 100 * (p1 - d1) / n1, 100 * (p2 - d2) / n2, lo, hi, p
    if kind == "proportion":
        k1, n1, k2, n2 = a["k"].sum(), len(a), b["k"].sum(), len(b)
        lo, hi = periods.newcombe_interval(k1, n1, k2, n2)
        return 100 * k1 / n1, 100 * k2 / n2, 100 * lo, 100 * hi, periods.two_proportion_p(k1, n1, k2, n2)
    x1, x2 = a["x"], b["x"]
    lo, hi, p = periods.welch(x1.mean(), x1.var(ddof=1), len(x1), x2.mean(), x2.var(ddof=1), len(x2))
    return float(x1.mean()), float(x2.mean()), lo, hi, p


def theme_impact(dataset: Dataset, themes: Themes | None = None, metric: str | None = None, *,
                 n_themes: int | None = None, min_n: int = MIN_N) -> pd.DataFrame:
    """Each theme's effect on ``metric`` (default :func:`impact_metric`), ranked by impact (see the module docstring).

    ``themes``: a :func:`cxlens.text_signals.comment_themes` result on ``dataset.feedback["comment"]`` (its
    assignment indexed like the feedback; a dataset filtered from that one keeps its themes, and sizes count
    the comments left); None computes it (``n_themes`` as there). Returns one row per
    theme with :data:`COLUMNS`: ``size``/``share`` the theme's comments (volume), ``n_theme``/``n_rest`` the
    answers with the metric, ``overall`` the metric over all its ``n_overall`` answers, values in the metric's unit.
    Raises ValueError for a count metric (volume).
    """
    metric = metric or impact_metric(dataset)
    if metric is None:
        return pd.DataFrame(columns=COLUMNS)
    kind = journey.metric_kind(metric)
    if kind == "count":
        raise ValueError("volume is a count: theme impact needs a score or a rate")
    fb = dataset.feedback
    if themes is None:
        themes = comment_themes(fb["comment"], n_themes, sentiment=fb["sentiment"])
    if themes.themes.empty:
        return pd.DataFrame(columns=COLUMNS)
    signals = journey.metric_signals(fb, metric, dataset)
    answered = signals.notna().all(axis=1)
    overall = journey.metric_overall(dataset, metric)
    direction = 1.0 if journey.metric_info(dataset, metric)["higher_is_better"] is not False else -1.0
    theme_of = themes.assignment.reindex(fb.index)  # (a filtered dataset keeps the themes of all comments)
    modelled = theme_of.notna() & answered
    n_comments = max(int(theme_of.notna().sum()), 1)
    rows = []
    for _, t in themes.themes.iterrows():
        inside = modelled & (theme_of == t["theme"])
        rest = modelled & (theme_of != t["theme"])
        n1, n2, size = int(inside.sum()), int(rest.sum()), int((theme_of == t["theme"]).sum())
        rec = {"theme": int(t["theme"]), "label": t["label"], "size": size, "share": 100.0 * size / n_comments,
               "n_theme": n1, "n_rest": n2, "overall": overall.value, "n_overall": overall.n,
               "too_few": n1 < min_n or n2 < min_n}
        if n1 and n2:
            v1, v2, lo, hi, p = _difference(kind, signals[inside], signals[rest])
            weight = n1 / overall.n if overall.n else math.nan
            rec.update(value_theme=v1, value_rest=v2, diff=v1 - v2, p=p,
                       overall_if_like_rest=overall.value + weight * (v2 - v1),
                       impact=direction * weight * (v2 - v1))
            if not rec["too_few"]:
                ends = sorted((direction * weight * -lo, direction * weight * -hi))
                rec.update(ci_low=lo, ci_high=hi, impact_low=ends[0], impact_high=ends[1])
        rows.append(rec)
    out = pd.DataFrame(rows).reindex(columns=COLUMNS)
    judged = ~out["too_few"].astype(bool)
    out["q"] = periods.benjamini_hochberg(out["p"].where(judged))
    out["significant"] = (out["q"] < periods.FDR).to_numpy(dtype=bool, na_value=False)
    out = out.assign(_last=~judged).sort_values(["_last", "impact", "theme"], ascending=[True, False, True],
                                                kind="stable", na_position="last")
    return out.drop(columns="_last").reset_index(drop=True)


def comments_without_theme(themes: Themes) -> int:
    """Modelled comments that weigh on no theme (they belong to every theme's 'rest')."""
    return int((themes.assignment == NO_THEME).sum())
