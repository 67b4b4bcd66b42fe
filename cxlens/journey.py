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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import extra_columns, metrics
from .dataset import Dataset
from .feedback_queries import (  # noqa: F401 - re-exported: journey.touchpoint_stages etc. are public
    ALL_LABEL, MIN_N, SENTIMENT_SCALE, TIME_COLUMNS, column_label, filter_feedback, group_keys, metric_scale,
    period_labels, scale_of, touchpoint_stages)
from .schema import column_names



@dataclass(frozen=True)
class MetricSpec:
    """How a heatmap metric is computed and shown."""

    key: str
    label: str
    column: str  # feedback column it is computed from ("" for volume)
    kind: str  # "proportion" | "nps" | "mean" | "count"
    unit: str  # "%" for percentages, "" otherwise
    description: str


METRIC_SPECS: dict[str, MetricSpec] = {
    m.key: m
    for m in (
        MetricSpec("csat", "CSAT (% top-2-box)", "csat", "proportion", "%",
                   "% of satisfaction answers in the top two boxes of the scale (direction-aware), 0-100."),
        MetricSpec("mean_csat", "Mean satisfaction", "csat", "mean", "",
                   "Mean satisfaction answer on its native scale."),
        MetricSpec("nps", "NPS", "nps", "nps", "",
                   "% promoters (9-10) minus % detractors (0-6), -100..100."),
        MetricSpec("ces", "CES (mean effort)", "ces", "mean", "",
                   "Mean effort answer on its native scale."),
        MetricSpec("high_effort", "High effort (%)", "ces", "proportion", "%",
                   "% of effort answers in the top third of the scale (5-7 on 1-7; direction-aware), 0-100."),
        MetricSpec("rating", "Mean rating", "rating", "mean", "",
                   "Mean rating on its native scale."),
        MetricSpec("sentiment", "Mean sentiment", "sentiment", "mean", "",
                   "Mean comment sentiment, -1 (negative) to 1 (positive)."),
        MetricSpec("complaint", "Complaint rate (%)", "complaint", "proportion", "%",
                   "% of answers flagged as a complaint, 0-100."),
        MetricSpec("abandoned", "Abandon rate (%)", "abandoned", "proportion", "%",
                   "% of answers flagged as abandoned, 0-100."),
        MetricSpec("volume", "Responses", "", "count", "",
                   "Number of responses (distinct response IDs when every row has one, else rows)."),
    )
}

HEATMAP_COLUMNS = ["row", "col", "value", "n", "ci_low", "ci_high", "delta", "significant", "suppressed"]


# ----------------------------------------------------------------------------- helpers for the UI


def metric_info(dataset: Dataset, metric: str) -> dict:
    """Label, unit, direction and number format of a heatmap metric for ``dataset``.

    Returns ``{"key", "label", "unit", "higher_is_better" (True/False, None for volume),
    "decimals", "description", "scale"}``. ``higher_is_better`` follows the dataset's
    scale for means (e.g. an 'ease' CES scale), and is False for effort, complaint and
    abandon rates.
    """
    spec = _spec(metric)
    if metric.startswith(RATE_PREFIX):
        found = extra_columns.binary_values(dataset.feedback[spec.column]) if spec.column in dataset.feedback else None
        event = found[1] if found else "yes"
        return {"key": metric, "label": f"{spec.column} = {event} (%)", "unit": "%",
                "higher_is_better": extra_columns.higher_is_better(spec.column, event), "decimals": 0,
                "description": f"% of rows where '{spec.column}' is '{event}', 0-100, with a Wilson 95% interval.",
                "scale": None}
    scale = metric_scale(dataset, spec.column) if spec.column else None
    if metric in ("csat", "nps", "sentiment"):
        hib = True
    elif metric in ("high_effort", "complaint", "abandoned"):
        hib = False
    elif metric == "volume":
        hib = None
    else:
        hib = bool(scale.get("higher_is_better", metric != "ces"))
    decimals = 2 if spec.kind == "mean" else 0
    return {"key": metric, "label": spec.label, "unit": spec.unit, "higher_is_better": hib,
            "decimals": decimals, "description": spec.description, "scale": scale}


def metric_bounds(info: dict) -> tuple[float, float] | None:
    """The values a metric can take (from :func:`metric_info`): 0-100 for percentages, -100..100 for
    NPS, the answer scale for means; None for counts."""
    if info["key"] == "nps":
        return (-100.0, 100.0)
    if info["unit"] == "%":
        return (0.0, 100.0)
    scale = info.get("scale") or {}
    if info["higher_is_better"] is not None and "min" in scale and "max" in scale:
        return (float(scale["min"]), float(scale["max"]))
    return None


def available_metrics(dataset: Dataset) -> list[str]:
    """Heatmap metrics the data supports, in display order; ``"volume"`` is always last.

    A metric is available when its column has at least one value. The complaint rate
    is left out when every flagged row is a complaint (a complaint log), where it
    would be 100% in every cell.
    """
    fb = dataset.feedback
    out = []
    for key, spec in METRIC_SPECS.items():
        if spec.kind == "count":
            continue
        values = fb[spec.column].dropna()
        if values.empty:
            continue
        if spec.column in ("complaint", "abandoned") and bool(metrics.flag_mask(values.to_numpy()).all()):
            continue
        out.append(key)
    out += [rate_metric(c) for c in extra_columns.rate_columns(fb, _NOT_EXTRA)]
    if len(fb):
        out.append("volume")
    return out


#: Feedback columns that are not the file's own extra columns.
_NOT_EXTRA = set(column_names("feedback")) | {"source_file", "source_sheet", "source_row"}


def _profile_kinds(dataset: Dataset) -> dict[str, str]:
    """Header -> profile kind, from the load's recipe (the first table that profiled the header)."""
    kinds: dict[str, str] = {}
    for settings in dataset.recipe.tables.values():
        for header, profile in (settings.get("profiles") or {}).items():
            kinds.setdefault(str(header), profile.get("kind", ""))
    return kinds


def numeric_columns(dataset: Dataset) -> list[str]:
    """The file's own numeric columns that split customers into value ranges (tenure, orders, a tier)."""
    return extra_columns.binnable_columns(dataset.feedback, _NOT_EXTRA | set(dataset.segment_columns),
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


# ----------------------------------------------------------------------------- filtering and keys


#: Metric key prefix of a binary outcome's rate: "rate:Churn" (see cxlens.extra_columns).
RATE_PREFIX = "rate:"


def rate_metric(column: str) -> str:
    """The metric key of the rate of a binary outcome column ('Churn' -> 'rate:Churn')."""
    return RATE_PREFIX + column


def metric_kind(metric: str) -> str:
    """How a metric is computed: "proportion" (shares and rates), "nps", "mean" or "count" (volume)."""
    return _spec(metric).kind


def _spec(metric: str) -> MetricSpec:
    if metric.startswith(RATE_PREFIX):
        column = metric[len(RATE_PREFIX):]
        return MetricSpec(metric, f"{column} rate (%)", column, "proportion", "%",
                          f"% of rows where '{column}' is the event (yes, 1 or the value naming it), 0-100.")
    try:
        return METRIC_SPECS[metric]
    except KeyError:
        raise ValueError(f"unknown metric {metric!r}; choose one of {', '.join(METRIC_SPECS)}") from None


# ----------------------------------------------------------------------------- aggregation


def metric_signals(fb: pd.DataFrame, metric: str, dataset: Dataset) -> pd.DataFrame:
    """Per answer, the numbers whose per-group sums/moments give ``metric`` (NaN = no answer): ``k`` (0/1) for
    shares and rates, ``p``/``d`` (promoter/detractor 0/1) for NPS, ``x`` for means, ``one``/``rid`` for volume."""
    spec = _spec(metric)
    if spec.kind == "count":
        has_ids = bool(len(fb)) and bool(fb["response_id"].notna().all())
        rid = pd.factorize(fb["response_id"])[0] if has_ids else np.arange(len(fb))
        return pd.DataFrame({"one": np.ones(len(fb)), "rid": rid}, index=fb.index)
    if metric.startswith(RATE_PREFIX):
        found = extra_columns.binary_values(fb[spec.column])
        v = (found[0] if found else pd.Series(np.nan, index=fb.index)).to_numpy(dtype="float64", na_value=np.nan)
    else:
        v = fb[spec.column].to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(v)
    if spec.kind == "mean":
        return pd.DataFrame({"x": v}, index=fb.index)
    if spec.kind == "nps":
        p = np.where(missing, np.nan, metrics.promoter_mask(v).astype("float64"))
        d = np.where(missing, np.nan, metrics.detractor_mask(v).astype("float64"))
        return pd.DataFrame({"p": p, "d": d}, index=fb.index)
    if metric == "csat":
        hit = metrics.top_box_mask(v, metric_scale(dataset, "csat"))
    elif metric == "high_effort":
        hit = metrics.high_effort_mask(v, metric_scale(dataset, "ces"))
    else:
        hit = metrics.flag_mask(v)
    return pd.DataFrame({"k": np.where(missing, np.nan, hit.astype("float64"))}, index=fb.index)


def _aggregate(signals: pd.DataFrame, keys: list[pd.Series], metric: str) -> pd.DataFrame:
    """value, n, ci_low, ci_high per group of ``keys`` (a constant group when ``keys`` is empty)."""
    kind = _spec(metric).kind
    if not keys:
        keys = [pd.Series(np.zeros(len(signals), dtype="int64"), index=signals.index, name="__all")]
    names = [f"__k{i}" for i in range(len(keys))]
    frame = signals.assign(**{n: k.to_numpy() if not isinstance(k.dtype, pd.CategoricalDtype) else k.values
                              for n, k in zip(names, keys)})
    grouped = frame.groupby(names, observed=True, sort=True, dropna=True)
    if kind == "count":
        size = grouped["one"].sum()
        resp = grouped["rid"].nunique()
        out = pd.DataFrame({"value": resp.astype("float64"), "n": size.astype("int64"),
                            "ci_low": np.nan, "ci_high": np.nan}, index=size.index)
        return out
    if kind == "proportion":
        agg = grouped["k"].agg(["sum", "count"])
        table = metrics.proportion_table(agg["sum"], agg["count"])
    elif kind == "nps":
        agg = grouped[["p", "d"]].agg(["sum", "count"])
        table = metrics.nps_table(agg[("p", "sum")], agg[("d", "sum")], agg[("p", "count")])
    else:
        agg = grouped["x"].agg(["mean", "var", "count"])
        table = metrics.mean_table(agg["mean"], agg["var"], agg["count"])
    table.index = agg.index
    return table


def metric_overall(dataset: Dataset, metric: str, filters: dict | None = None) -> metrics.Estimate:
    """The metric over all (filtered) answers: ``Estimate(value, n, ci_low, ci_high)``.

    Units as in :data:`METRIC_SPECS` (percent 0..100 for rates and CSAT, -100..100 for
    NPS, native scale for means). For ``"volume"`` the value is the number of responses,
    n the number of rows, and the interval NaN. n = 0 and NaN value when nothing is left.
    """
    fb = filter_feedback(dataset, filters)
    return _overall(fb, metric, dataset)


def _overall(fb: pd.DataFrame, metric: str, dataset: Dataset, signals: pd.DataFrame | None = None
             ) -> metrics.Estimate:
    agg = _aggregate(metric_signals(fb, metric, dataset) if signals is None else signals, [], metric)
    agg = agg[agg["n"] > 0]
    if agg.empty:
        return metrics.Estimate(math.nan, 0, math.nan, math.nan)
    r = agg.iloc[0]
    return metrics.Estimate(float(r["value"]), int(r["n"]), float(r["ci_low"]), float(r["ci_high"]))


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
    spec = _spec(metric)
    fb = filter_feedback(dataset, filters)
    signals = metric_signals(fb, metric, dataset)
    overall = _overall(fb, metric, dataset, signals)
    row_key = group_keys(fb, rows, dataset)
    col_key = group_keys(fb, cols, dataset)
    agg = _aggregate(signals, [row_key, col_key], metric)
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
    spec = _spec(metric)
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
        sc = dict(scale or metrics.DEFAULT_SCALES.get(spec.column, {"min": 1, "max": 5}))
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
