"""A metric of :mod:`cxlens.metric_registry` applied to a Dataset: which metrics the data supports, how
each is labelled and bounded for it, and **one vectorised "metric per group"** (:func:`metric_by_group`):
value, n and 95% interval per group of any keys, with one ``groupby`` and no loop over answers.

The heatmap and the journey curve (:mod:`cxlens.journey`), the Overview's touchpoints
(:mod:`cxlens.overview`), the friction hotspots (:mod:`cxlens.friction`), the period comparison
(:mod:`cxlens.periods`) and the maturity evidence (:mod:`cxlens.maturity.evidence`) all compute their
metrics here, so a metric added to the registry works in each of them. Pure: no Streamlit.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import extra_columns, metrics
from .dataset import Dataset
from .feedback_queries import metric_scale
from .metric_registry import COUNT, MEAN, METRICS, NPS, Metric, rate_column, rate_metric, spec
from .schema import column_names

#: Columns of every group table: the metric's value, the answers carrying it and the 95% interval.
GROUP_COLUMNS = ["value", "n", "ci_low", "ci_high"]

#: Feedback columns that are not the file's own extra columns.
NOT_EXTRA = frozenset(set(column_names("feedback")) | {"source_file", "source_sheet", "source_row"})


def metric_kind(metric: str) -> str:
    """How a metric is computed: "proportion" (shares and rates), "nps", "mean" or "count" (volume)."""
    return spec(metric).kind


def available_metrics(dataset: Dataset) -> list[str]:
    """Listed metrics (:func:`cxlens.metric_registry.listed`) the data supports, in display order, then the
    rates of the file's own yes/no outcomes; ``"volume"`` is always last.

    A metric is available when its column has at least one value. A flag's rate is left out when every
    flagged row is set (a complaint log, where the complaint rate would be 100% in every cell).
    """
    fb = dataset.feedback
    out = []
    for key, m in METRICS.items():
        if m.kind == COUNT or not m.listed or m.column not in fb:
            continue
        values = fb[m.column].dropna()
        if values.empty:
            continue
        if m.column in ("complaint", "abandoned") and bool(metrics.flag_mask(values.to_numpy()).all()):
            continue
        out.append(key)
    out += [rate_metric(c) for c in extra_columns.rate_columns(fb, set(NOT_EXTRA))]
    if len(fb):
        out.append("volume")
    return out


def metric_info(dataset: Dataset, metric: str) -> dict:
    """Label, unit, direction and number format of a metric for ``dataset``.

    Returns ``{"key", "label", "unit", "higher_is_better" (True/False, None for volume),
    "decimals", "description", "scale"}``. ``higher_is_better`` is the registry's, or for means
    without one the dataset's scale (e.g. an 'ease' CES scale); a rate's follows its column's name.
    """
    m = spec(metric)
    column = rate_column(metric)
    if column is not None:
        found = extra_columns.binary_values(dataset.feedback[column]) if column in dataset.feedback else None
        event = found[1] if found else "yes"
        return {"key": metric, "label": f"{column} = {event} (%)", "unit": "%",
                "higher_is_better": extra_columns.higher_is_better(column, event), "decimals": 0,
                "description": f"% of rows where '{column}' is '{event}', 0-100, with a Wilson 95% interval.",
                "scale": None}
    scale = metric_scale(dataset, m.column) if m.column else None
    if m.kind == COUNT:
        hib = None
    elif m.higher_is_better is not None:
        hib = m.higher_is_better
    else:
        hib = bool(scale.get("higher_is_better", metric != "ces"))
    return {"key": metric, "label": m.label, "unit": m.unit, "higher_is_better": hib,
            "decimals": m.decimals, "description": m.description, "scale": scale}


def metric_bounds(info: dict) -> tuple[float, float] | None:
    """The values a metric can take (from :func:`metric_info`): 0-100 for percentages, -100..100 for
    NPS, the answer scale for means; None for counts."""
    if spec(info["key"]).kind == NPS:
        return (-100.0, 100.0)
    if info["unit"] == "%":
        return (0.0, 100.0)
    scale = info.get("scale") or {}
    if info["higher_is_better"] is not None and "min" in scale and "max" in scale:
        return (float(scale["min"]), float(scale["max"]))
    return None


# ----------------------------------------------------------------------------- per answer, then per group


def _values(fb: pd.DataFrame, m: Metric) -> np.ndarray:
    if rate_column(m.key) is not None:
        found = extra_columns.binary_values(fb[m.column])
        return (found[0] if found else pd.Series(np.nan, index=fb.index)).to_numpy(dtype="float64", na_value=np.nan)
    return fb[m.column].to_numpy(dtype="float64", na_value=np.nan)


def metric_signals(fb: pd.DataFrame, metric: str, dataset: Dataset) -> pd.DataFrame:
    """Per answer, the numbers whose per-group sums/moments give ``metric`` (NaN = no answer): ``k`` (0/1) for
    shares and rates, ``p``/``d`` (promoter/detractor 0/1) for NPS, ``x`` for means, ``one``/``rid`` for volume."""
    m = spec(metric)
    if m.kind == COUNT:
        has_ids = bool(len(fb)) and bool(fb["response_id"].notna().all())
        rid = pd.factorize(fb["response_id"])[0] if has_ids else np.arange(len(fb))
        return pd.DataFrame({"one": np.ones(len(fb)), "rid": rid}, index=fb.index)
    v = _values(fb, m)
    missing = np.isnan(v)
    if m.kind == MEAN:
        return pd.DataFrame({"x": v}, index=fb.index)
    if m.kind == NPS:
        p = np.where(missing, np.nan, metrics.promoter_mask(v).astype("float64"))
        d = np.where(missing, np.nan, metrics.detractor_mask(v).astype("float64"))
        return pd.DataFrame({"p": p, "d": d}, index=fb.index)
    scale = metric_scale(dataset, m.scale_column or m.column)
    hit = m.hit(v, scale)
    return pd.DataFrame({"k": np.where(missing, np.nan, hit.astype("float64"))}, index=fb.index)


def aggregate_signals(signals: pd.DataFrame, keys: list[pd.Series], metric: str) -> pd.DataFrame:
    """value, n, ci_low, ci_high per group of ``keys`` (a constant group when ``keys`` is empty), from
    :func:`metric_signals`; indexed by the keys' values (sorted; empty groups of categoricals left out).

    Percent 0..100 with Wilson bounds for proportions, NPS -100..100 ± 1.96 SE, means ± 1.96 SE (NaN for
    n < 2); for volume the value is the responses and n the rows, without an interval.
    """
    kind = metric_kind(metric)
    if not keys:
        keys = [pd.Series(np.zeros(len(signals), dtype="int64"), index=signals.index, name="__all")]
    names = [f"__k{i}" for i in range(len(keys))]
    frame = signals.assign(**{n: k.to_numpy() if not isinstance(k.dtype, pd.CategoricalDtype) else k.values
                              for n, k in zip(names, keys)})
    grouped = frame.groupby(names, observed=True, sort=True, dropna=True)
    if kind == COUNT:
        size = grouped["one"].sum()
        resp = grouped["rid"].nunique()
        return pd.DataFrame({"value": resp.astype("float64"), "n": size.astype("int64"),
                             "ci_low": np.nan, "ci_high": np.nan}, index=size.index)
    if kind == NPS:
        agg = grouped[["p", "d"]].agg(["sum", "count"])
        table = metrics.nps_table(agg[("p", "sum")], agg[("d", "sum")], agg[("p", "count")])
    elif kind == MEAN:
        agg = grouped["x"].agg(["mean", "var", "count"])
        table = metrics.mean_table(agg["mean"], agg["var"], agg["count"])
    else:
        agg = grouped["k"].agg(["sum", "count"])
        table = metrics.proportion_table(agg["sum"], agg["count"])
    table.index = agg.index
    return table


def metric_by_group(fb: pd.DataFrame, metric: str, keys: list[pd.Series], dataset: Dataset) -> pd.DataFrame:
    """**The metric per group**: value, n, ci_low, ci_high (:data:`GROUP_COLUMNS`) per group of ``keys``
    (Series aligned with ``fb``: touchpoints, segments, periods; none = one group for all of ``fb``), for
    any metric of the registry or ``"rate:<column>"``. Groups without an answer carrying the metric are left
    out. One groupby over ``fb``: the heatmap, the Overview, the hotspots and the maturity evidence use it."""
    table = aggregate_signals(metric_signals(fb, metric, dataset), keys, metric)
    return table[table["n"] > 0]


def overall_estimate(fb: pd.DataFrame, metric: str, dataset: Dataset, signals: pd.DataFrame | None = None
                     ) -> metrics.Estimate:
    """The metric over all rows of ``fb``: ``Estimate(value, n, ci_low, ci_high)``; n = 0 and NaN when none."""
    agg = aggregate_signals(metric_signals(fb, metric, dataset) if signals is None else signals, [], metric)
    agg = agg[agg["n"] > 0]
    if agg.empty:
        return metrics.Estimate(math.nan, 0, math.nan, math.nan)
    r = agg.iloc[0]
    return metrics.Estimate(float(r["value"]), int(r["n"]), float(r["ci_low"]), float(r["ci_high"]))
