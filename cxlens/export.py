"""Downloads that are safe to open in Excel.

Spreadsheet apps execute a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and some treat a leading tab or carriage return the same way) as a formula,
so text that came from an upload could run ``=HYPERLINK(...)`` or worse in the
colleague's Excel who opens our export ("CSV/formula injection"). Every text
cell that starts with one of those characters is prefixed with a single quote,
which Excel shows as literal text. Numbers are left alone (``-3`` stays a number).
Some spreadsheet apps skip leading blanks and read full-width signs (``＝``, ``＋``) as
their ASCII twins, so the first non-blank character is checked after NFKC folding.
XLSX files are written with ``strings_to_formulas`` off as a second guard.
"""

from __future__ import annotations

import io
import unicodedata

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """``value`` with a leading quote when a spreadsheet could read it as a formula; other values unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    first = value.lstrip(" \u00a0\u3000\n\x0b\x0c")[:1]
    if first and unicodedata.normalize("NFKC", first) in FORMULA_PREFIXES[:4]:
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot be read as formulas."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype("object")
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (so Excel detects the encoding), formula-safe.

    Lines end in CRLF (RFC 4180) so that a cell holding a lone carriage return is quoted: with "\n"
    line ends it was written bare, and a reader splits the line there, starting a new cell with
    whatever follows ("'\r=1+1" became a cell "=1+1")."""
    return neutralise(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(sheets: pd.DataFrame | dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per frame, formula-safe, strings never turned into formulas."""
    if isinstance(sheets, pd.DataFrame):
        sheets = {"Data": sheets}
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as xw:
        for name, frame in sheets.items():
            safe = neutralise(frame)
            for col in safe.columns:
                if isinstance(safe[col].dtype, pd.DatetimeTZDtype):
                    safe[col] = safe[col].dt.tz_localize(None)
            safe.to_excel(xw, sheet_name=str(name)[:31] or "Data", index=False)
    return buf.getvalue()
