"""Every metric CX Lens computes, in one place: its column, label, unit, kind, direction, default scale,
interval method and display format, and the one minimum number of answers (:data:`MIN_N`).

The heatmap, the journey curve, the Overview, the friction hotspots, the period comparison and the
maturity evidence all read their metrics from here, and compute them with one function
(:func:`cxlens.metric_groups.metric_by_group`). **Adding a metric is one :class:`Metric` entry in
:data:`METRICS`** (or :func:`register` at run time) **plus its tests**; for example a share of answers
meeting a condition::

    Metric("low_rating", "Low rating (%)", "rating", PROPORTION, "%", "% of ratings in the bottom two boxes.",
           higher_is_better=False, hit=lambda v, scale: metrics.bottom_box_mask(v, scale))

Kinds and their 95% intervals (formulas: :mod:`cxlens.metrics`, docs/metrics.md):

============ ================================================= =================================
kind         value                                             interval
============ ================================================= =================================
proportion   % of answers where ``hit`` is True, 0..100        Wilson score
nps          % promoters (9-10) - % detractors (0-6), ±100     NPS ± 1.96 SE (clipped to ±100)
mean         mean answer on the column's scale                 mean ± 1.96 SE (NaN for n < 2)
count        responses (distinct response ids, else rows)      none
============ ================================================= =================================

Binary outcome columns of the file itself give rate metrics at run time (``"rate:Churn"``,
:func:`rate_metric`): :func:`spec` builds their entry from the column name.

Pure: no Streamlit, no data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import metrics

#: Fewest answers a group needs before its value is judged (coloured, ranked, compared): below it a
#: handful of angry answers could top a list. The heatmap, the hotspots, the Overview and the
#: maturity evidence all use it; users can raise it on the heatmap and the hotspots.
MIN_N = 30

#: Kinds of metric (how answers are combined into one value per group).
PROPORTION, NPS, MEAN, COUNT = "proportion", "nps", "mean", "count"
#: Interval method of each kind.
INTERVALS = {PROPORTION: "wilson", NPS: "nps_se", MEAN: "normal_mean", COUNT: "none"}

#: Sentiment is -1 (negative) to 1 (positive), higher is better.
SENTIMENT_SCALE = {"min": -1, "max": 1, "higher_is_better": True}

#: Metric key prefix of a binary outcome's rate: "rate:Churn" (see cxlens.extra_columns).
RATE_PREFIX = "rate:"

#: Feedback columns holding an answer on a scale, in the order tables show them.
SCORE_COLUMNS = ("csat", "ces", "nps", "rating", "sentiment")
#: Feedback columns holding a 0/1 flag.
FLAG_COLUMNS = ("complaint", "abandoned")

#: ``hit`` of a proportion: per answer (NaN already set apart) and the column's scale, True when it counts.
Hit = Callable[[np.ndarray, dict], np.ndarray]


@dataclass(frozen=True)
class Metric:
    """How one metric is computed and shown.

    ``higher_is_better``: True/False, or None when the column's scale says (means on a scale read
    from the file, such as an 'ease' CES); volume has no direction. ``scale``: the column's usual
    scale when the load read none; ``fixed_scale``: the column is always on ``scale`` (sentiment).
    ``hit`` (proportions): which answers count, given the values and the scale of ``scale_column``
    (default ``column``). ``listed``: offered in the metric pickers (hidden metrics serve as friction
    components). ``friction``: the friction component this share measures (answers showing a problem),
    with its label ``friction_label``; the first available metric of a component is used.
    """

    key: str
    label: str
    column: str
    kind: str
    unit: str
    description: str
    higher_is_better: bool | None = None
    scale: dict | None = None
    fixed_scale: bool = False
    hit: Hit | None = None
    scale_column: str = ""
    listed: bool = True
    friction: str = ""
    friction_label: str = ""

    @property
    def interval(self) -> str:
        """How the 95% interval is computed (see the module docstring)."""
        return INTERVALS[self.kind]

    @property
    def decimals(self) -> int:
        """Decimals shown: 2 for means on a scale, 0 for percentages, NPS and counts."""
        return 2 if self.kind == MEAN else 0

    def format(self, value: float) -> str:
        """The value as the app shows it: '63%', '+12' (NPS), '3.82', '1,204'; '–' when missing."""
        if value is None or value != value:
            return "–"
        if self.kind == NPS:
            return f"{value:+.0f}"
        if self.kind == COUNT:
            return f"{value:,.0f}"
        return f"{value:.{self.decimals}f}{self.unit}"


def _share(mask: Callable[..., np.ndarray], with_scale: bool = False) -> Hit:
    if with_scale:
        return lambda v, scale: mask(v, scale)
    return lambda v, scale: mask(v)


#: The metrics, in display order (listed ones) and friction-component order (the first metric of each).
METRICS: dict[str, Metric] = {m.key: m for m in (
    Metric("csat", "CSAT (% top-2-box)", "csat", PROPORTION, "%",
           "% of satisfaction answers in the top two boxes of the scale (direction-aware), 0-100.",
           higher_is_better=True, scale=metrics.DEFAULT_SCALES["csat"], hit=_share(metrics.top_box_mask, True)),
    Metric("mean_csat", "Mean satisfaction", "csat", MEAN, "", "Mean satisfaction answer on its native scale.",
           scale=metrics.DEFAULT_SCALES["csat"]),
    Metric("nps", "NPS", "nps", NPS, "", "% promoters (9-10) minus % detractors (0-6), -100..100.",
           higher_is_better=True, scale=metrics.DEFAULT_SCALES["nps"]),
    Metric("ces", "Mean effort (CES)", "ces", MEAN, "", "Mean effort answer on its native scale.",
           scale=metrics.DEFAULT_SCALES["ces"]),
    Metric("low_csat", "Low satisfaction (%)", "csat", PROPORTION, "%",
           "% of satisfaction answers in the bottom two boxes of the scale (direction-aware), 0-100.",
           higher_is_better=False, hit=_share(metrics.bottom_box_mask, True), listed=False,
           friction="low_satisfaction", friction_label="Low satisfaction (bottom two boxes)"),
    Metric("low_rating", "Low rating (%)", "rating", PROPORTION, "%",
           "% of ratings in the bottom two boxes of the scale (direction-aware), 0-100.",
           higher_is_better=False, hit=_share(metrics.bottom_box_mask, True), listed=False,
           friction="low_satisfaction", friction_label="Low satisfaction (bottom two boxes)"),
    Metric("high_effort", "High effort (%)", "ces", PROPORTION, "%",
           "% of effort answers in the top third of the scale (5-7 on 1-7; direction-aware), 0-100.",
           higher_is_better=False, hit=_share(metrics.high_effort_mask, True),
           friction="high_effort", friction_label="High effort"),
    Metric("detractors", "Detractors (%)", "nps", PROPORTION, "%", "% of answers 0-6 to recommending, 0-100.",
           higher_is_better=False, hit=_share(metrics.detractor_mask), listed=False,
           friction="detractors", friction_label="Detractors (0-6)"),
    Metric("rating", "Mean rating", "rating", MEAN, "", "Mean rating on its native scale.",
           scale=metrics.DEFAULT_SCALES["rating"]),
    Metric("sentiment", "Mean sentiment", "sentiment", MEAN, "",
           "Mean comment sentiment, -1 (negative) to 1 (positive).",
           higher_is_better=True, scale=SENTIMENT_SCALE, fixed_scale=True),
    Metric("negative_sentiment", "Negative sentiment (%)", "sentiment", PROPORTION, "%",
           "% of comments with a sentiment below 0 (0 is neutral), 0-100.",
           higher_is_better=False, hit=_share(metrics.negative_sentiment_mask), listed=False,
           friction="negative_sentiment", friction_label="Negative sentiment (< 0)"),
    Metric("complaint", "Complaint rate (%)", "complaint", PROPORTION, "%",
           "% of answers flagged as a complaint, 0-100.",
           higher_is_better=False, hit=_share(metrics.flag_mask),
           friction="complaint_rate", friction_label="Complaint rate"),
    Metric("abandoned", "Abandon rate (%)", "abandoned", PROPORTION, "%", "% of answers flagged as abandoned, 0-100.",
           higher_is_better=False, hit=_share(metrics.flag_mask),
           friction="abandon_rate", friction_label="Abandon rate"),
    Metric("volume", "Responses", "", COUNT, "",
           "Number of responses (distinct response IDs when every row has one, else rows)."),
)}


def register(metric: Metric) -> Metric:
    """Add ``metric`` to :data:`METRICS` at run time (after the built-in ones); returns it.

    ValueError for a key already taken, an unknown kind, or a proportion without ``hit``.
    """
    if metric.key in METRICS or metric.key.startswith(RATE_PREFIX):
        raise ValueError(f"a metric named {metric.key!r} already exists")
    if metric.kind not in INTERVALS:
        raise ValueError(f"unknown metric kind {metric.kind!r}; use one of {', '.join(INTERVALS)}")
    if metric.kind == PROPORTION and metric.hit is None:
        raise ValueError("a proportion needs a hit function: which answers count")
    METRICS[metric.key] = metric
    return metric


def unregister(key: str) -> None:
    """Remove a metric added with :func:`register` (tests); built-in metrics cannot be removed."""
    if key in _BUILT_IN:
        raise ValueError(f"{key!r} is a built-in metric")
    METRICS.pop(key, None)


def rate_metric(column: str) -> str:
    """The metric key of the rate of a binary outcome column ('Churn' -> 'rate:Churn')."""
    return RATE_PREFIX + column


def rate_column(metric: str) -> str | None:
    """The outcome column of a rate metric ('rate:Churn' -> 'Churn'); None for other metrics."""
    return metric[len(RATE_PREFIX):] if metric.startswith(RATE_PREFIX) else None


def spec(metric: str) -> Metric:
    """The entry of ``metric``; for ``"rate:<column>"`` one built from the column. ValueError when unknown."""
    column = rate_column(metric)
    if column is not None:
        return Metric(metric, f"{column} rate (%)", column, PROPORTION, "%",
                      f"% of rows where '{column}' is the event (yes, 1 or the value naming it), 0-100.",
                      hit=_share(metrics.flag_mask))
    try:
        return METRICS[metric]
    except KeyError:
        raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(listed())}") from None


def listed() -> list[str]:
    """Keys of the metrics offered in pickers, in display order (volume included)."""
    return [k for k, m in METRICS.items() if m.listed]


def default_scale(column: str) -> dict | None:
    """The usual scale of a feedback column (the first metric on it that names one), or None."""
    for m in METRICS.values():
        if m.column == column and m.scale is not None:
            return dict(m.scale)
    return None


def fixed_scale(column: str) -> dict | None:
    """The scale a column is always on, whatever the file says (sentiment -1..1), or None."""
    for m in METRICS.values():
        if m.column == column and m.fixed_scale and m.scale is not None:
            return dict(m.scale)
    return None


def friction_components() -> dict[str, list[str]]:
    """Friction component -> its metric keys in order of preference, components in display order."""
    out: dict[str, list[str]] = {}
    for m in METRICS.values():
        if m.friction:
            out.setdefault(m.friction, []).append(m.key)
    return out


def friction_labels() -> dict[str, str]:
    """Friction component -> its label (the first metric's)."""
    out: dict[str, str] = {}
    for m in METRICS.values():
        if m.friction:
            out.setdefault(m.friction, m.friction_label or m.label)
    return out


_BUILT_IN = frozenset(METRICS)
