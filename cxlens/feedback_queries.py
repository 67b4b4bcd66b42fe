"""Queries on a Dataset's feedback that every analysis shares: filters, grouping keys, periods,
touchpoint stages and scales.

One home for what ``journey``, ``friction``, ``overview`` and ``maturity`` all need, so none of them
imports another's private helpers.

- ``filters``: ``{column: [allowed values]}`` on any feedback column (also ``"month"``/``"quarter"``,
  using :func:`period_labels`' labels), plus optional ``"date_from"``/``"date_to"`` (inclusive days;
  rows without a date are dropped when either is set). A scalar value is treated as a one-element list.

Pure: no Streamlit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import extra_columns
from .dataset import Dataset
from .metric_registry import MIN_N, SENTIMENT_SCALE, default_scale, fixed_scale  # noqa: F401 - re-exported

#: Pseudo-columns built from ``date``.
TIME_COLUMNS = ("month", "quarter")
#: Label of the single group when there is no split.
ALL_LABEL = "All"


def scale_of(ds: Dataset, column: str) -> dict:
    """The scale a metric column was read on ({"min", "max", "higher_is_better", ...}), or its usual default
    (:func:`cxlens.metric_registry.default_scale`; 1-5 for a column the registry does not know)."""
    return ds.recipe.scales.get(column) or default_scale(column) or {"min": 1, "max": 5}


def column_label(column: str | None) -> str:
    """A readable name for a heatmap dimension ("persona" -> "Persona"); extra columns keep their own name."""
    if column is None:
        return ALL_LABEL
    if column in ("stage", "touchpoint", "persona", "channel", "month", "quarter"):
        return column.capitalize()
    return str(column)


def touchpoint_stages(dataset: Dataset) -> pd.Series:
    """Stage of each touchpoint, indexed by touchpoint in journey order (stage order, then catalogue order).

    The stage is the one most of the touchpoint's answers carry (complaint logs can file
    one issue under several products), else the catalogue's.
    """
    fb = dataset.feedback
    stages = list(fb["stage"].cat.categories) if isinstance(fb["stage"].dtype, pd.CategoricalDtype) else []
    tps = fb["touchpoint"]
    tp_cats = list(tps.cat.categories) if isinstance(tps.dtype, pd.CategoricalDtype) else list(pd.unique(tps.dropna()))
    mapping: dict[str, object] = {}
    cat = dataset.touchpoints
    if not cat.empty and cat["stage"].notna().any():
        mapping.update({str(t): s for t, s in zip(cat["touchpoint"].astype("str"), cat["stage"].astype("object"))
                        if isinstance(s, str)})
    pairs = fb[["touchpoint", "stage"]].dropna()
    if not pairs.empty:
        counts = pairs.groupby(["touchpoint", "stage"], observed=True).size()
        counts = counts[counts > 0]
        if not counts.empty:
            modal = counts.sort_values(ascending=False, kind="stable").reset_index()
            modal = modal.drop_duplicates("touchpoint")
            mapping.update(dict(zip(modal["touchpoint"].astype("str"), modal["stage"].astype("str"))))
    names = [str(t) for t in tp_cats] + [t for t in mapping if t not in set(map(str, tp_cats))]
    position = {s: i for i, s in enumerate(stages)}
    names.sort(key=lambda t: position.get(mapping.get(t), len(position)))  # stable: keeps catalogue order
    out = pd.Series([mapping.get(t) for t in names], index=pd.Index(names, name="touchpoint"), name="stage",
                    dtype="object")
    return out


def filter_feedback(dataset: Dataset, filters: dict | None = None) -> pd.DataFrame:
    """The feedback rows that pass ``filters`` (see the module docstring); the frame itself when none."""
    fb = dataset.feedback
    if not filters:
        return fb
    keep = np.ones(len(fb), dtype=bool)
    for column, allowed in filters.items():
        if column in ("date_from", "date_to"):
            if allowed is None or allowed == "":
                continue
            day = pd.Timestamp(allowed).normalize()
            if column == "date_from":
                keep = keep & (fb["date"] >= day).to_numpy(dtype=bool, na_value=False)
            else:
                keep = keep & (fb["date"] < day + pd.Timedelta(days=1)).to_numpy(dtype=bool, na_value=False)
            continue
        if allowed is None:
            continue
        if isinstance(allowed, (str, int, float)) or not hasattr(allowed, "__iter__"):
            allowed = [allowed]
        allowed = list(allowed)
        if column in TIME_COLUMNS:
            key = group_keys(fb, column, dataset)
        elif column in fb.columns:
            key = fb[column]
        else:
            raise ValueError(f"cannot filter on {column!r}: the data has no such column")
        mask = key.isin(allowed)
        if not mask.any() and allowed and key.notna().any():
            mask = key.astype("str").isin([str(a) for a in allowed])  # numbers given as text or vice versa
        keep = keep & mask.to_numpy(dtype=bool, na_value=False)
    return fb[keep]


def period_labels(dates: pd.Series, freq: str) -> pd.Series:
    """Calendar month ("2025-10") or quarter ("2025 Q4") of each date as an ordered, chronological categorical."""
    d = pd.to_datetime(dates)
    year = d.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    month = d.dt.month.to_numpy(dtype="float64", na_value=np.nan)
    if freq == "month":
        code = year * 12 + (month - 1)
    elif freq == "quarter":
        code = year * 4 + (month - 1) // 3
    else:
        raise ValueError(f"unknown period {freq!r}; use 'month' or 'quarter'")
    valid = ~np.isnan(code)
    uniq = np.unique(code[valid]).astype("int64")
    if freq == "month":
        labels = [f"{u // 12}-{u % 12 + 1:02d}" for u in uniq]
    else:
        labels = [f"{u // 4} Q{u % 4 + 1}" for u in uniq]
    codes = np.full(len(code), -1, dtype="int64")
    codes[valid] = np.searchsorted(uniq, code[valid].astype("int64"))
    return pd.Series(pd.Categorical.from_codes(codes, categories=labels, ordered=True), index=dates.index)


def group_keys(fb: pd.DataFrame, column: str | None, dataset: Dataset) -> pd.Series:
    """Grouping key for a heatmap dimension, as an ordered categorical in display order."""
    if column is None:
        return pd.Series(pd.Categorical([ALL_LABEL] * len(fb), categories=[ALL_LABEL], ordered=True), index=fb.index)
    if column in TIME_COLUMNS:
        return period_labels(fb["date"], column)
    if column == "touchpoint":
        order = list(touchpoint_stages(dataset).index)
        s = fb["touchpoint"]
        if isinstance(s.dtype, pd.CategoricalDtype) and set(map(str, s.cat.categories)) <= set(order):
            return s.cat.set_categories(order, ordered=True)
        s = s.astype("object").where(s.notna())
        return pd.Series(pd.Categorical(s, categories=order, ordered=True), index=fb.index)
    if column not in fb.columns:
        raise ValueError(f"cannot split by {column!r}: the data has no such column")
    s = fb[column]
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s if s.cat.ordered else s.cat.as_ordered()
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return extra_columns.numeric_bins(s)  # tenure 0-61 -> '0-2', '3-9', ...
    return s.astype("category").cat.as_ordered()


def metric_scale(dataset: Dataset, column: str) -> dict:
    """The scale of a feedback metric column: a fixed one (sentiment is -1..1), else as loaded (:func:`scale_of`)."""
    return fixed_scale(column) or scale_of(dataset, column)
