"""Turn uploaded bytes into raw tables: one per CSV, one per workbook sheet.

Formats are detected from the bytes, never from the file name (``formats``). Readers use the
fastest engines available: fastexcel (Rust/calamine) for workbooks (``workbooks``) and pandas'
C parser for text (``text``, with ``irregular`` for ragged files). Every table is parsed once in
the common case; a second parse happens only when a title block sits above the header.

Modules: ``formats`` (what a file is), ``encodings`` (text encodings), ``text``, ``csv_chunks`` and
``irregular`` (text tables), ``workbooks`` and ``workbook_blanks`` (workbooks), ``parquet``,
``table_edges`` (title rows above and totals below a table), ``survey_exports`` (Qualtrics and
SurveyMonkey header rows) and ``tables`` (the RawTable every reader returns, header tidying).
"""

from __future__ import annotations

from ..safety import check_size
from .encodings import detect_encoding, western_first  # noqa: F401 - public names
from .formats import binary_kind, detect_format, refuse
from .parquet import read_parquet
from .table_edges import SNIFF_ROWS, find_header_row  # noqa: F401 - public names
from .tables import RawTable, clean_headers, headerless  # noqa: F401 - public names
from .text import read_text, sniff_decimal, sniff_delimiter  # noqa: F401 - public names
from .workbooks import read_workbook

__all__ = ["RawTable", "binary_kind", "clean_headers", "detect_encoding", "detect_format", "find_header_row",
           "headerless", "read_tables", "sniff_decimal", "sniff_delimiter", "western_first"]


def read_tables(data: bytes, filename: str, *, csv_options: dict | None = None) -> list[RawTable]:
    """Read every table in ``data``. Raises DataError for anything unusable."""
    check_size(data, filename)
    kind = detect_format(data)
    if kind == "zip":
        return read_workbook(data, filename, zipped=True)
    if kind == "xls":
        return read_workbook(data, filename, zipped=False)
    if kind == "parquet":
        return [read_parquet(data, filename)]
    if kind != "text":
        refuse(kind, data, filename)
    return [read_text(data, filename, csv_options or {})]
