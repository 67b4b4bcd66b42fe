"""Journey heatmap and journey curve: a metric per stage (or touchpoint) x segment (or period).

Everything here is a pure function of a :class:`cxlens.Dataset` and returns a
DataFrame; the metric formulas themselves live in :mod:`cxlens.metrics` and are
described in docs/metrics.md. Aggregation is one ``groupby`` per call (no loop
over answers), so millions of rows are fine.

Conventions shared by all functions:

- ``filters``: ``{column: [allowed values]}`` on any feedback column (also
  ``"month"``/``"quarter"``, using the labels returned here), plus optional
  ``"date_from"``/``"date_to"`` (inclusive days; rows without a date are dropped
  when either is set). A scalar value is treated as a one-element list.
- ``min_n``: cells (or points) with fewer answers than this are ``suppressed``:
  their value is computed but must not be coloured or compared.
- Percentages are 0..100, NPS -100..100, means on the metric's native scale.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import extra_columns, metrics
from .dataset import Dataset
from .feedback_queries import (  # noqa: F401 - re-exported: journey.touchpoint_stages etc. are public
    ALL_LABEL, MIN_N, SENTIMENT_SCALE, TIME_COLUMNS, column_label, filter_feedback, group_keys, metric_scale,
    period_labels, scale_of, touchpoint_stages)
from .metric_groups import (  # noqa: F401 - re-exported: journey.metric_info etc. are public
    NOT_EXTRA, aggregate_signals, available_metrics, metric_bounds, metric_info, metric_kind, metric_signals,
    overall_estimate)
from . import metric_registry as registry
from .metric_registry import METRICS, RATE_PREFIX, rate_metric  # noqa: F401 - re-exported



#: The metrics, by key (:data:`cxlens.metric_registry.METRICS`; kept under its former name).
METRIC_SPECS = METRICS

HEATMAP_COLUMNS = ["row", "col", "value", "n", "ci_low", "ci_high", "delta", "significant", "suppressed"]


# ----------------------------------------------------------------------------- helpers for the UI


def _profile_kinds(dataset: Dataset) -> dict[str, str]:
    """Header -> profile kind, from the load's recipe (the first table that profiled the header)."""
    kinds: dict[str, str] = {}
    for settings in dataset.recipe.tables.values():
        for header, profile in (settings.get("profiles") or {}).items():
            kinds.setdefault(str(header), profile.get("kind", ""))
    return kinds


def numeric_columns(dataset: Dataset) -> list[str]:
    """The file's own numeric columns that split customers into value ranges (tenure, orders, a tier)."""
    return extra_columns.binnable_columns(dataset.feedback, set(NOT_EXTRA) | set(dataset.segment_columns),
                                          _profile_kinds(dataset))


def available_columns(dataset: Dataset) -> list[str]:
    """Columns a heatmap can be split by: the segment columns, then "month" and "quarter" when dates exist."""
    out = list(dataset.segment_columns) + numeric_columns(dataset)
    if dataset.feedback["date"].notna().any():
        out += list(TIME_COLUMNS)
    return out


def has_journey(dataset: Dataset) -> bool:
    """Whether the feedback names touchpoints or stages (a customer table or a survey without them does not)."""
    fb = dataset.feedback
    return not fb.empty and bool(fb["touchpoint"].notna().any() or fb["stage"].notna().any())


def row_options(dataset: Dataset) -> list[str]:
    """What heatmap rows can be: the journey ("stage", "touchpoint") when the data has one, else its
    segment columns, so a customer table shows segment x segment instead of nothing."""
    if has_journey(dataset):
        return ["stage", "touchpoint"]
    return list(dataset.segment_columns) + numeric_columns(dataset)


def metric_overall(dataset: Dataset, metric: str, filters: dict | None = None) -> metrics.Estimate:
    """The metric over all (filtered) answers: ``Estimate(value, n, ci_low, ci_high)``.

    Units as in :data:`METRIC_SPECS` (percent 0..100 for rates and CSAT, -100..100 for
    NPS, native scale for means). For ``"volume"`` the value is the number of responses,
    n the number of rows, and the interval NaN. n = 0 and NaN value when nothing is left.
    """
    return overall_estimate(filter_feedback(dataset, filters), metric, dataset)


# ----------------------------------------------------------------------------- the heatmap


def journey_heatmap(dataset: Dataset, rows: str = "stage", cols: str | None = None, metric: str = "csat",
                    min_n: int = MIN_N, filters: dict | None = None) -> pd.DataFrame:
    """One row per heatmap cell (stage or touchpoint x segment value or period), in display order.

    ``rows``: "stage" or "touchpoint"; for data without touchpoints (a customer table), any segment
    column (see :func:`row_options`). ``cols``: any feedback column (a segment column
    such as "persona", "channel" or an extra category column; also "stage"), "month" or
    "quarter" (calendar periods of ``date``, chronological), or None for a single "All"
    column. ``metric``: one of :data:`METRIC_SPECS` (see :func:`available_metrics`).

    Columns:

    - ``row``, ``col``: ordered categoricals holding only the labels present (journey
      order for rows: stages in stage order, touchpoints by stage then catalogue
      order; category order or chronological for columns).
    - ``value``: the metric in the cell (percent 0..100, NPS -100..100, or the native
      scale for means; responses for "volume").
    - ``n``: answers in the cell that carry the metric (rows for "volume").
    - ``ci_low``, ``ci_high``: 95% interval (Wilson for percentages, NPS +/- 1.96 SE,
      mean +/- 1.96 SE; NaN for volume or a single answer).
    - ``delta``: value - overall value of the metric over the filtered data (same unit;
      NaN for volume).
    - ``significant``: the cell's 95% interval excludes the overall value. Always False
      for suppressed cells and for volume.
    - ``suppressed``: n < min_n; the value is still computed but must not be coloured.
      Volume cells (exact counts) are never suppressed.
    - ``row_stage`` (only when rows="touchpoint"): the touchpoint's stage, to group rows.

    Cells without a single answer are left out.
    """
    if rows not in ("stage", "touchpoint") and rows not in dataset.segment_columns \
            and rows not in numeric_columns(dataset):
        raise ValueError("rows must be 'stage', 'touchpoint' or a segment column")
    spec = registry.spec(metric)
    fb = filter_feedback(dataset, filters)
    signals = metric_signals(fb, metric, dataset)
    overall = overall_estimate(fb, metric, dataset, signals)
    row_key = group_keys(fb, rows, dataset)
    col_key = group_keys(fb, cols, dataset)
    agg = aggregate_signals(signals, [row_key, col_key], metric)
    agg = agg[agg["n"] > 0]
    out = agg.reset_index(drop=True)
    row_cats = [c for c in row_key.cat.categories if c in set(agg.index.get_level_values(0))]
    col_cats = [c for c in col_key.cat.categories if c in set(agg.index.get_level_values(1))]
    out.insert(0, "row", pd.Categorical(agg.index.get_level_values(0).astype("object"), categories=row_cats,
                                        ordered=True))
    out.insert(1, "col", pd.Categorical(agg.index.get_level_values(1).astype("object"), categories=col_cats,
                                        ordered=True))
    if spec.kind == "count":
        out["delta"] = np.nan
        out["significant"] = False
        out["suppressed"] = False
    else:
        out["delta"] = out["value"] - overall.value
        out["suppressed"] = out["n"] < min_n
        excludes = (out["ci_low"] > overall.value) | (out["ci_high"] < overall.value)
        out["significant"] = excludes.fillna(False).astype(bool) & ~out["suppressed"]
    out = out.sort_values(["row", "col"], kind="stable").reset_index(drop=True)
    out = out[HEATMAP_COLUMNS]
    if rows == "touchpoint":
        stages = touchpoint_stages(dataset)
        order = [s for s in dataset.stages if s in set(stages.dropna())]
        out["row_stage"] = pd.Categorical(out["row"].astype("object").map(stages), categories=order, ordered=True)
    return out


def cell_feedback(dataset: Dataset, row_value, col_value=None, rows: str = "stage", cols: str | None = None,
                  filters: dict | None = None) -> pd.DataFrame:
    """The feedback rows behind one heatmap cell (after ``filters``), in file order.

    ``row_value``/``col_value`` are the cell's ``row``/``col`` labels as returned by
    :func:`journey_heatmap` (e.g. "2025-10" for a month); ``col_value`` is ignored when
    ``cols`` is None. All feedback columns are kept (scores, comment, segments).
    """
    fb = filter_feedback(dataset, filters)
    mask = (group_keys(fb, rows, dataset).astype("object") == row_value).to_numpy(dtype=bool, na_value=False)
    if cols is not None:
        mask = mask & (group_keys(fb, cols, dataset).astype("object") == col_value).to_numpy(dtype=bool, na_value=False)
    return fb[mask]


def score_distribution(rows_frame: pd.DataFrame, metric: str, scale: dict | None = None) -> pd.DataFrame:
    """How the answers of ``rows_frame`` (e.g. one cell) spread over the scale of ``metric``.

    Columns: ``score`` (the answer value; 0/1 for flags; -1/0/1 for sentiment bands),
    ``label`` (text for the axis), ``count``, ``share`` (% of answers, 0..100) and
    ``band``: "bad" (bottom two boxes, detractors 0-6, high effort, negative sentiment,
    flag set), "good" (top two boxes, promoters 9-10, positive sentiment, flag not set)
    or "middle". Every point of an integer scale is listed, with 0 when nobody chose it.
    ``scale`` is ``{"min", "max", "higher_is_better"}`` (the dataset's, from
    ``dataset.recipe.scales``); the usual default is used when omitted. Empty frame for
    "volume" or when there is no answer.
    """
    spec = registry.spec(metric)
    cols = ["score", "label", "count", "share", "band"]
    if spec.kind == "count":
        return pd.DataFrame(columns=cols)
    if metric.startswith(RATE_PREFIX):
        found = extra_columns.binary_values(rows_frame[spec.column])
        v = found[0].dropna().to_numpy(dtype="float64") if found else np.array([], dtype="float64")
    else:
        v = pd.to_numeric(rows_frame[spec.column], errors="coerce").dropna().to_numpy(dtype="float64")
    if spec.column == "sentiment":
        scores = np.sign(v)
        counts = pd.Series(scores).value_counts()
        points = np.array([-1.0, 0.0, 1.0])
        labels = ["negative (< 0)", "neutral (0)", "positive (> 0)"]
        bands = np.array(["bad", "middle", "good"])
    elif spec.column in ("complaint", "abandoned") or metric.startswith(RATE_PREFIX):
        scores = metrics.flag_mask(v).astype("float64")
        counts = pd.Series(scores).value_counts()
        points = np.array([0.0, 1.0])
        labels = ["no", "yes"]
        bands = np.array(["good", "bad"])
    else:
        sc = dict(scale or registry.default_scale(spec.column) or {"min": 1, "max": 5})
        if spec.column == "nps":
            sc = {"min": 0, "max": 10, "higher_is_better": True}
        counts = pd.Series(v).value_counts()
        grid = np.arange(math.ceil(sc["min"]), math.floor(sc["max"]) + 1, dtype="float64")
        points = np.union1d(grid, counts.index.to_numpy(dtype="float64")) if len(counts) else grid
        labels = [f"{p:g}" for p in points]
        if spec.column == "nps":
            bad, good = metrics.detractor_mask(points), metrics.promoter_mask(points)
        elif spec.column == "ces":
            sc.setdefault("higher_is_better", False)
            bad = metrics.high_effort_mask(points, sc)
            good = metrics.top_box_mask(points, sc) & ~bad  # the two least-effort boxes
        else:
            bad, good = metrics.bottom_box_mask(points, sc), metrics.top_box_mask(points, sc)
        bands = np.where(bad, "bad", np.where(good, "good", "middle"))
    if v.size == 0:
        return pd.DataFrame(columns=cols)
    count = counts.reindex(points, fill_value=0).to_numpy(dtype="int64")
    return pd.DataFrame({"score": points, "label": labels, "count": count, "share": 100 * count / v.size,
                         "band": bands})


# ----------------------------------------------------------------------------- the journey curve


def journey_curve(dataset: Dataset, by: str | None = "persona", metric: str = "csat", min_n: int = MIN_N,
                  filters: dict | None = None) -> pd.DataFrame:
    """The classic emotion curve: ``metric`` per stage and segment value, stages in journey order.

    Columns: ``stage``, ``segment`` (the value of ``by``; "All" when ``by`` is None),
    ``value``, ``n``, ``ci_low``, ``ci_high``, ``delta``, ``significant``, ``suppressed``,
    with the same units and rules as :func:`journey_heatmap` (suppressed points have
    n < min_n and should be drawn as gaps, not as part of the line).
    """
    cells = journey_heatmap(dataset, rows="stage", cols=by, metric=metric, min_n=min_n, filters=filters)
    out = cells.rename(columns={"row": "stage", "col": "segment"})
    return out.sort_values(["segment", "stage"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------- segments without a journey


def default_metric(dataset: Dataset) -> str | None:
    """The metric a view of ``dataset`` opens on: a named outcome's rate (churn) when the data has no
    touchpoints, else the first available metric; None without any."""
    available = [m for m in available_metrics(dataset) if m != "volume"]
    if not has_journey(dataset):
        named = [m for m in available if m.startswith(RATE_PREFIX)
                 and extra_columns.is_named_outcome(m[len(RATE_PREFIX):])]
        if named:
            return named[0]
    return available[0] if available else None


def segment_hotspots(dataset: Dataset, metric: str, min_n: int = MIN_N, filters: dict | None = None) -> pd.DataFrame:
    """Customer groups ranked by how surely they fare worse than everyone, for data without touchpoints.

    Every value of every segment column (:func:`available_columns`, numbers in value ranges) is a
    group: ``segment`` (the column), ``group`` (the value), ``n``, ``value``, ``ci_low``, ``ci_high``
    (95%), ``delta`` (value − overall, in the metric's unit) and ``significant`` as on the heatmap.
    Groups with fewer than ``min_n`` answers are left out. Sorted worst first by the end of the
    interval nearest the overall (the upper end when higher is better): a group ranks high only when
    even its most favourable plausible value is poor. ``worse_bound`` holds that end.
    """
    info = metric_info(dataset, metric)
    better_high = info["higher_is_better"] is not False
    parts = []
    for column in available_columns(dataset):
        if column in TIME_COLUMNS or (metric.startswith(RATE_PREFIX) and column == metric[len(RATE_PREFIX):]):
            continue
        cells = journey_heatmap(dataset, rows=column, cols=None, metric=metric, min_n=min_n, filters=filters)
        if cells.empty:
            continue
        cells = cells[~cells["suppressed"]]
        parts.append(pd.DataFrame({"segment": column, "group": cells["row"].astype("str"), "n": cells["n"],
                                   "value": cells["value"], "ci_low": cells["ci_low"], "ci_high": cells["ci_high"],
                                   "delta": cells["delta"], "significant": cells["significant"]}))
    columns = ["segment", "group", "n", "value", "ci_low", "ci_high", "delta", "significant", "worse_bound"]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts, ignore_index=True)
    out["worse_bound"] = out["ci_high"] if better_high else out["ci_low"]
    out = out.sort_values(["worse_bound", "n"], ascending=[better_high, False], kind="stable")
    return out[columns].reset_index(drop=True)
