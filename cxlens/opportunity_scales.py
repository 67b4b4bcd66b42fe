"""Scales of the scored opportunity fields, detected from the data.

An Opportunities sheet may score value and effort 1-5, 1-10, 0-100 or in words (Low / Medium /
High). The backlog keeps every score on the scale it was entered in; the matrix axes, the
quadrant sliders and the edit inputs use that scale, and the frameworks (cxlens.prioritisation) read
the scale wherever a formula needs the top or bottom of it (ease, ICE, goal blend).

Rules (see docs/prioritisation.md, "Scales"):

- a header that states its scale wins: "Effort (1-5)" is 1-5 whatever the values;
- words: a column whose every answer is a word of one ladder (:data:`LADDERS`, case and spacing
  ignored, "med"/"mid"/"moderate" = medium) is scored by position, 1 = first word .. k = last,
  on the scale 1-k with the words as its labels; confidence in words is position / (k + 1)
  (Low / Medium / High = 25% / 50% / 75%);
- numbers (finite values only): largest value <= 5 -> 1-5, <= 10 -> 1-10, <= 100 -> 0-100,
  else 0 to the next 1, 2 or 5 x 10^k; the bottom is 0 instead of 1 when a value is below 1.
  A 1-10 sheet whose scores never exceed 5 is therefore read as 1-5 unless its header says 1-10;
- a scored field with no value in the sheet takes the scale most of the sheet's value and effort
  fields share (a 1-5 sheet without business value gets business value on 1-5; candidates from
  hotspots are scored on it), else its default :data:`DEFAULTS` (1-10; WSJF inputs 0-10, or
  0 to the sheet's top when the sheet is numeric).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Fields scored on a scale (confidence is a probability, 0-1, and handled apart).
SCORED = ("customer_value", "business_value", "effort", "time_criticality", "risk_reduction")
VALUE_FIELDS = ("customer_value", "business_value", "effort")
WSJF_FIELDS = ("time_criticality", "risk_reduction")

#: Word ladders, worst/least first. The first ladder holding every answer of a column is its scale.
LADDERS: tuple[tuple[str, ...], ...] = (
    ("Low", "Medium", "High"),
    ("Very low", "Low", "Medium", "High", "Very high"),
    ("Small", "Medium", "Large"),
    ("XS", "S", "M", "L", "XL"),
)
_SYNONYMS = {"med": "medium", "mid": "medium", "moderate": "medium", "lo": "low", "hi": "high",
             "v low": "very low", "v high": "very high"}


@dataclass(frozen=True)
class Scale:
    """A closed scale ``low``..``high``; ``words`` label the whole positions 1..k of a word scale."""

    low: float
    high: float
    words: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """'1-5', '0-100' or 'Low / Medium / High'."""
        return " / ".join(self.words) if self.words else f"{self.low:g}-{self.high:g}"

    @property
    def span(self) -> float:
        return self.high - self.low

    @property
    def step(self) -> float:
        """Input step: 1 for words and 0-100, 0.5 on 1-10, 0.25 on 1-5, else a twentieth of the span."""
        if self.words:
            return 1.0
        if self.span <= 5:
            return 0.25
        if self.span <= 10:
            return 0.5
        if self.span <= 100:
            return 1.0
        return _nice(self.span / 20)

    def word(self, value: float) -> str | None:
        """The word for a whole position of a word scale (None between words or off the scale)."""
        if not self.words or value is None or not math.isfinite(value) or value != round(value):
            return None
        i = int(value) - 1
        return self.words[i] if 0 <= i < len(self.words) else None

    def format(self, value) -> str:
        """'3.5', or 'High (3)' / '2.5' on a word scale; '–' for a missing value."""
        if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
            return "–"
        word = self.word(float(value))
        return f"{word} ({value:g})" if word else f"{value:.1f}".removesuffix(".0")

    def to_dict(self) -> dict:
        return {"min": self.low, "max": self.high, **({"words": list(self.words)} if self.words else {})}

    @classmethod
    def from_dict(cls, d: dict) -> "Scale":
        return cls(float(d["min"]), float(d["max"]), tuple(str(w) for w in d.get("words") or ()))


DEFAULTS: dict[str, Scale] = {"customer_value": Scale(1, 10), "business_value": Scale(1, 10),
                              "effort": Scale(1, 10), "time_criticality": Scale(0, 10),
                              "risk_reduction": Scale(0, 10)}


def _norm(text: str) -> str:
    t = re.sub(r"[\s_\-]+", " ", str(text).strip().lower()).strip(" .")
    return _SYNONYMS.get(t, t)


def read_words(series: pd.Series) -> tuple[pd.Series, Scale] | None:
    """Positions 1..k and the word scale when every non-blank answer is a word of one ladder, else None."""
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    text = series.astype("object").where(series.notna())
    text = text.where(text.map(lambda v: not (isinstance(v, str) and not v.strip())), None)
    present = text.dropna()
    if present.empty:
        return None
    answers = {_norm(v) for v in present.unique()}
    for ladder in LADDERS:
        position = {_norm(w): i + 1 for i, w in enumerate(ladder)}
        if answers <= position.keys():
            numbers = text.map(lambda v: np.nan if v is None or pd.isna(v) else float(position[_norm(v)]))
            return numbers.astype("float64"), Scale(1, len(ladder), ladder)
    return None


def detect(values: pd.Series, hint: tuple[float, float] | None = None) -> Scale | None:
    """The scale of a numeric score column (rules in the module doc); None when it holds no number."""
    if hint is not None:
        return Scale(float(hint[0]), float(hint[1]))
    v = pd.to_numeric(values, errors="coerce").astype("float64")
    v = v[np.isfinite(v.to_numpy())]
    if v.empty:
        return None
    top, bottom = float(v.max()), float(v.min())
    low = 0.0 if bottom < 1 else 1.0
    if top <= 5:
        return Scale(low, 5)
    if top <= 10:
        return Scale(low, 10)
    if top <= 100:
        return Scale(0, 100)
    return Scale(0, _nice(top, up=True))


def _nice(x: float, up: bool = False) -> float:
    """1, 2 or 5 x 10^k: the nearest (or, with ``up``, the next at or above ``x``)."""
    exp = 10 ** math.floor(math.log10(x)) if x > 0 else 1
    for m in (1, 2, 5, 10):
        if (m * exp >= x) if up else (m * exp >= x * 0.75):
            return float(m * exp)
    return float(10 * exp)


def widest(a: Scale | None, b: Scale | None) -> Scale | None:
    """One scale for a field found on two sheets: a word scale wins only against nothing."""
    if a is None or b is None or a == b:
        return a or b
    if a.words or b.words:
        return a if not a.words else b
    return Scale(min(a.low, b.low), max(a.high, b.high))


def scales_for(found: dict | None) -> dict[str, Scale]:
    """The scale of every scored field: the ones ``found`` in the data (field -> Scale or its dict),
    the others filled by the rule in the module doc."""
    known = {k: v if isinstance(v, Scale) else Scale.from_dict(v) for k, v in (found or {}).items()
             if k in SCORED and v}
    common = Counter(known[f] for f in VALUE_FIELDS if f in known).most_common(1)
    sheet = common[0][0] if common else None
    out = {}
    for f in SCORED:
        if f in known:
            out[f] = known[f]
        elif f in VALUE_FIELDS:
            out[f] = sheet or DEFAULTS[f]
        else:
            out[f] = Scale(0, sheet.high) if sheet is not None and not sheet.words else DEFAULTS[f]
    return out


def value_scale(scales: dict[str, Scale] | None) -> Scale:
    """The scale of the blended value: customer value's (business value is put on it when they differ)."""
    return (scales or DEFAULTS)["customer_value"]


def rescale(values, source: Scale, target: Scale):
    """Linear map of ``values`` from ``source`` onto ``target`` (bottom to bottom, top to top)."""
    if source == target or (source.low, source.high) == (target.low, target.high):
        return values
    return target.low + (values - source.low) * target.span / source.span


def confidence_from_words(positions: pd.Series, scale: Scale) -> pd.Series:
    """Confidence 0-1 from word positions 1..k: position / (k + 1)."""
    return positions / (len(scale.words) + 1)
