"""What every reader shares: the raw table it returns and the tidying of headers and rows."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from .. import safety
from ..errors import DataError


@dataclass
class RawTable:
    """One table as read from a file, before any interpretation."""

    file: str
    sheet: str  # "" for text files
    frame: pd.DataFrame
    #: 1-based line/row number of the header in the file; data row ``i`` (0-based) is at ``header_line + 1 + i``.
    header_line: int
    meta: dict = field(default_factory=dict)


def check_shape(frame: pd.DataFrame, filename: str, sheet: str = "") -> None:
    where = f"Sheet '{sheet}'" if sheet else "The file"
    if frame.shape[1] > safety.MAX_COLUMNS:
        raise DataError(
            f"{where} has {frame.shape[1]:,} columns; the limit is {safety.MAX_COLUMNS:,}. "
            "Remove columns you do not need (or transpose it) and upload again.",
            filename=filename,
        )
    if frame.shape[0] > safety.MAX_ROWS:
        raise DataError(
            f"{where} has {frame.shape[0]:,} rows; the limit is {safety.MAX_ROWS:,}. Split it by period and upload the parts.",
            filename=filename,
        )


def is_number(value) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    try:
        float(str(value).replace(",", ".").strip().rstrip("%"))
        return True
    except ValueError:
        return False


def clean_headers(headers: list) -> list[str]:
    """Trim and de-duplicate headers; blank headers become 'Column N' (N = 1-based position)."""
    out: list[str] = []
    seen: Counter = Counter()
    for i, h in enumerate(headers, start=1):
        text = "" if h is None or (isinstance(h, float) and pd.isna(h)) else re.sub(r"\s+", " ", str(h)).strip()
        text = text.replace("\x00", "")
        if not text or re.fullmatch(r"Unnamed: \d+", text):
            text = f"Column {i}"
        seen[text] += 1
        if seen[text] > 1:
            candidate = f"{text} ({seen[text]})"
            while candidate in seen:
                seen[text] += 1
                candidate = f"{text} ({seen[text]})"
            seen[candidate] += 1
            text = candidate
        out.append(text)
    return out


def headerless(header_cells: list) -> bool:
    """Whether a 'header' is really the first data row: every cell a number, and not a row of years
    ('2019, 2020, 2021' can name the columns of a table by year)."""
    cells = [str(c).strip() for c in header_cells]
    if len(cells) < 2 or not all(c and is_number(c) for c in cells):
        return False
    years = all(re.fullmatch(r"(19|20)\d\d", c) for c in cells)
    return not years


def drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with no value at all; no copy of the frame in the usual case where there is none."""
    blank = frame.isna().all(axis=1)
    return frame[~blank] if blank.any() else frame


def cell_text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def numbers_again(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns whose values are all numbers once some rows were taken out, as numbers."""
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if pd.api.types.is_numeric_dtype(column) or not column.notna().any():
            continue
        numbers = pd.to_numeric(column, errors="coerce")
        if numbers.notna().sum() == column.notna().sum():
            frame.isetitem(position, numbers.astype("float64"))
    return frame
