"""cxlens.reading_notes: what the reader repaired in a file is written to the problem log with file
rows (ragged lines, unclosed quotes, totals below a table, cells read as blanks, NUL bytes, and text
decoded with the wrong encoding)."""

from __future__ import annotations

import pandas as pd

from cxlens.problems import ProblemLog
from cxlens.readers import RawTable, read_tables
from cxlens.reading_notes import log_reading_notes


def logged(raw: RawTable) -> list[list]:
    log = ProblemLog()
    log_reading_notes(raw, log)
    rows = log.frame()[["row", "column", "value", "problem", "action"]].astype(object).values.tolist()
    return [[None if pd.isna(v) else v for v in row] for row in rows]


def test_notes_left_by_the_text_reader():
    ragged = read_tables(b"Touchpoint,CSAT\nWeb,4\nApp,5,extra\nShop,3\n", "f.csv")[0]
    assert logged(ragged) == [[3, "", "App | 5 | extra", "line has more fields than the header",
                               "extra values kept in column 'Column 3'"]]
    quoted = read_tables(b'Touchpoint,Comment\nWeb,fine\nShop,"never closed\nApp,ok\n', "f.csv")[0]
    assert logged(quoted) == [[3, "", "", "a quote mark is never closed", "quote marks read as ordinary characters"]]


def test_totals_notes_error_cells_and_nul_bytes_from_meta():
    raw = RawTable("f.xlsx", "Data", pd.DataFrame({"CSAT": [4.0, None]}), header_line=1, meta={
        "trailing_rows": [(5, "total or average row below the table", "Total | 9")],
        "error_cells": [(1, "CSAT", "#DIV/0!")],
        "na_text_cells": [(1, "CSAT", "N/A")],
        "nul_bytes": 3,
    })
    assert logged(raw) == [
        [7, "", "Total | 9", "total or average row below the table", "row not used"],
        [3, "CSAT", "#DIV/0!", "spreadsheet error value (a formula that failed)", "set to missing"],
        [3, "CSAT", "N/A", "no-answer code", "set to missing"],
        [None, "", "\\x00", "file contains NUL bytes (damaged export)", "NUL bytes removed"],
    ]


def test_text_decoded_with_the_wrong_encoding_is_listed_with_its_rows():
    frame = pd.DataFrame({"Comment": ["CafÃ© was fine", "ok", "Caf\ufffd again"], "CSAT": [4, 5, 3]})
    raw = RawTable("f.csv", "", frame, header_line=1, meta={})
    rows = logged(raw)
    assert [(r[0], r[1], r[2]) for r in rows] == [(2, "Comment", "CafÃ© was fine"), (4, "Comment", "Caf\ufffd again")]
    assert rows[0][3] == "text looks decoded with the wrong encoding ('Ã©' for 'é', '\ufffd')"


def test_a_clean_table_leaves_no_note():
    raw = read_tables("Touchpoint,Comment\nWeb,Très bien\n".encode(), "f.csv")[0]
    assert logged(raw) == []
