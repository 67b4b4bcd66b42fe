"""What the file's own columns (those not mapped to a canonical one) can be used for in views.

- **Binary outcomes as rates**: a column with two values, one of them the event ('Churn' 1/0,
  'Complain' Yes/No, 'Attrition_Flag' "Attrited Customer"/"Existing Customer"), gives a rate in
  percent (0-100) with a Wilson 95% interval, like the complaint rate: :func:`binary_values`,
  :func:`rate_columns`.
- **Numbers as segments**: tenure, number of orders or a city tier split customers into at most
  four groups of about equal size (quantile bins, labelled by their value range): :func:`numeric_bins`,
  :func:`binnable_columns`.

Pure: no Streamlit.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import profiling
from .cleaning import strip_text

#: Written values that mean yes / no (case-insensitive).
YES = {"1", "1.0", "yes", "y", "true", "t", "x", "ja", "oui", "si", "sí", "sim", "vero", "wahr"}
NO = {"0", "0.0", "no", "n", "false", "f", "nee", "non", "nein", "nao", "não", "falso"}
#: A value naming the event of a two-valued outcome ('Attrited Customer', 'Churned', 'Exited').
EVENT_VALUE = re.compile(r"\b(churn\w*|attrit\w*|exited|cancel+ed|cancel+ation|lapsed|defected|left|lost|"
                         r"complain\w*|escalated|unresolved|refunded|returned|abandoned)\b", re.I)
#: Header words of an outcome whose event is good news (a higher rate is better).
GOOD_EVENT = re.compile(r"\b(retain\w*|renew\w*|resolv\w*|solved|recommend\w*|loyal\w*|satisf\w*|repurchas\w*|"
                        r"convert\w*|success\w*|stay\w*|active|timely|on time|accepted|approved|completed)\b",
                        re.I)
#: Most groups a number is split into.
MAX_BINS = 4
#: Profile kinds of a number that splits customers (not ids, dates or design fields).
_BINNABLE_KINDS = {"count", "tier", "number", "rating", "code", "importance"}


def binary_values(series: pd.Series) -> tuple[pd.Series, str] | None:
    """(1.0 / 0.0 / NaN per row, the event's label) when ``series`` is a binary outcome, else None.

    Binary: 0/1 numbers; yes/no, true/false words; or two values of which exactly one names an
    event ('Attrited Customer' beside 'Existing Customer'). The event's label is shown in the
    metric's name ('Churn = 1', 'Attrition_Flag = Attrited Customer').
    """
    present = series.dropna()
    if present.empty:
        return None
    if pd.api.types.is_bool_dtype(present) or pd.api.types.is_numeric_dtype(present):
        values = set(pd.unique(present.astype("float64")))
        if values <= {0.0, 1.0} and len(values) == 2:
            return series.astype("float64"), "1"
        return None
    text = strip_text(series.astype("object").where(series.notna()))
    distinct = text.dropna().unique()
    lowered = {str(v).lower() for v in distinct}
    if len(lowered) == 2 and lowered <= YES | NO and lowered & YES and lowered & NO:  # ('Yes', 'no' and 'No')
        yes = next(v for v in distinct if str(v).lower() in YES)
        return pd.Series(np.where(text.isna(), np.nan, (text.str.lower().isin(YES)).astype("float64")),
                         index=series.index), str(yes)
    if len(distinct) != 2:
        return None
    events = [v for v in distinct if EVENT_VALUE.search(str(v))]
    if len(events) != 1:
        return None
    return (pd.Series(np.where(text.isna(), np.nan, (text == events[0]).astype("float64")), index=series.index),
            str(events[0]))


def rate_columns(feedback: pd.DataFrame, exclude: set[str]) -> dict[str, str]:
    """Column -> event label, for every column of ``feedback`` not in ``exclude`` that is a binary outcome,
    those named as outcomes first (:func:`is_named_outcome`), then the file's order.

    Only columns with few distinct values are looked at (a category, or numbers that are all 0/1).
    """
    out = {}
    for column in feedback.columns:
        if column in exclude:
            continue
        s = feedback[column]
        if isinstance(s.dtype, pd.CategoricalDtype):
            if len(s.cat.categories) > 3:
                continue
        elif not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)):
            continue
        found = binary_values(s)
        if found is not None:
            out[str(column)] = found[1]
    # Outcomes named as such ('Churn', 'Attrition_Flag', 'Complain') before other yes/no attributes ('Partner')
    return dict(sorted(out.items(), key=lambda item: not is_named_outcome(item[0], item[1])))


def is_named_outcome(column: str, event: str = "") -> bool:
    """The header or the event's value names an outcome (churn, attrition, complaint, renewal ...)."""
    words = " ".join(profiling.header_words(column))
    return bool(EVENT_VALUE.search(words) or GOOD_EVENT.search(words) or EVENT_VALUE.search(event)
                or re.search(r"\b(exit\w*|churn\w*|attrition|complain\w*|outcome|flag)\b", words))


def higher_is_better(column: str, event: str) -> bool:
    """Whether more of the event is good: retention, renewal, resolution are; churn, complaints and
    anything else are not (the event a file flags is usually the one to watch)."""
    words = " ".join(profiling.header_words(column)) + " " + event
    return bool(GOOD_EVENT.search(words)) and not EVENT_VALUE.search(event)


def binnable_columns(feedback: pd.DataFrame, exclude: set[str], kinds: dict[str, str]) -> list[str]:
    """Numeric columns that split customers into groups: not in ``exclude``, at least 3 distinct values,
    not binary, and (where the load profiled them) of a number-like kind, never an id or a date."""
    out = []
    for column in feedback.columns:
        s = feedback[column]
        if column in exclude or not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            continue
        if kinds.get(str(column)) not in _BINNABLE_KINDS:
            continue
        if s.nunique(dropna=True) >= 3:
            out.append(str(column))
    return out


def _fmt(x: float, whole: bool) -> str:
    return f"{x:,.0f}" if whole else f"{x:,.1f}"


def numeric_bins(series: pd.Series, max_bins: int = MAX_BINS) -> pd.Series:
    """An ordered categorical of value ranges, at most ``max_bins`` groups of about equal size.

    Edges are quantiles of the values (duplicates merged, so a number with few distinct values
    gets fewer groups); labels give each group's lowest and highest value ('0-2', '3-8', '9-61';
    a single value: '4'). Missing values stay missing.
    """
    v = pd.to_numeric(series, errors="coerce")
    present = v.dropna()
    if present.empty:
        return pd.Series(pd.Categorical([None] * len(v), categories=[], ordered=True), index=series.index)
    whole = bool((present == present.round()).all())
    distinct = np.sort(present.unique())
    if len(distinct) <= max_bins:
        codes = np.searchsorted(distinct, v.to_numpy(dtype="float64", na_value=np.nan))
        labels = [_fmt(x, whole) for x in distinct]
    else:
        qs = np.quantile(present.to_numpy(dtype="float64"), np.linspace(0, 1, max_bins + 1)[1:-1])
        edges = sorted(set(qs))
        # group i holds values <= edges[i] (and above edges[i-1]); the last group the rest
        codes = np.searchsorted(np.asarray(edges), v.to_numpy(dtype="float64", na_value=np.nan), side="left")
        groups = pd.Series(present.to_numpy(), index=present.index).groupby(
            np.searchsorted(np.asarray(edges), present.to_numpy(dtype="float64"), side="left"))
        ranges = groups.agg(["min", "max"])
        labels = [(_fmt(lo, whole) if lo == hi else f"{_fmt(lo, whole)}-{_fmt(hi, whole)}")
                  for lo, hi in zip(ranges["min"], ranges["max"])]
        # renumber codes to the groups that exist (an empty quantile group has no label)
        present_codes = list(ranges.index)
        remap = {c: i for i, c in enumerate(present_codes)}
        codes = np.array([remap.get(c, -1) for c in codes])
    codes = np.where(v.isna().to_numpy(), -1, codes)
    return pd.Series(pd.Categorical.from_codes(codes.astype("int64"), categories=labels, ordered=True),
                     index=series.index)
