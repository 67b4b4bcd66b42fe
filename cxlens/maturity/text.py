"""Plain-text helpers the maturity modules share: comparison keys for names and statements, blanks,
numbers typed in a sheet cell. Pure: no Streamlit."""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd


def name_key(text: object) -> str:
    """Comparison key for names and statements: case, spacing, curly quotes and a final full stop ignored."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    t = unicodedata.normalize("NFKC", str(text))
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    t = re.sub(r"\s+", " ", t).strip().rstrip(".").strip()
    return t.casefold()


def slug(name: str) -> str:
    """An id made of the name's letters and digits ('Voice of the customer' -> 'voice_of_the_customer')."""
    s = re.sub(r"[^0-9a-z]+", "_", name_key(name)).strip("_")
    return s or "dimension"


def is_blank(value: object) -> bool:
    """None, NaN, pd.NA or text of spaces only."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        pass
    return str(value).strip() == ""


def text_series(s: pd.Series) -> pd.Series:
    """A column as plain Python strings, '' for missing (works for category, str and object dtypes)."""
    return pd.Series([("" if is_blank(v) else str(v).strip()) for v in s], index=s.index, dtype="object")


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unique(items: list[str]) -> list[str]:
    """``items`` without repeats, in their first order."""
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def to_number(value: object) -> float | None:
    """A number typed in a cell ('2,5' too); None when blank, NaN when not a number."""
    if is_blank(value):
        return None
    try:
        return float(str(value).replace(",", ".").strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return math.nan
