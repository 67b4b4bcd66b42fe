"""What sits around a table in a sheet made for people: title rows above its header, totals and notes below it."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from .tables import cell_text, is_number, numbers_again

#: Rows inspected to find the header under title rows, and to sniff a CSV.
SNIFF_ROWS = 60

_SUMMARY_LABEL = re.compile(r"^(grand |sub ?)?totals?( responses)?$|^(sum|average|mean|avg|overall (average|total|mean))$",
                            re.IGNORECASE)
#: The start of a note written below a table ('Source: ...', 'Exported 2026-03-01', '* excl. tests').
_NOTE = re.compile(r"^(sources?|notes?|exported|generated|filters?|base|data as of|report (generated|run))\b|^[*†]",
                   re.IGNORECASE)
#: Rows from the bottom inspected for totals and notes.
TRAILING_ROWS_CHECKED = 5


def trailing_non_data(frame: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """Drop rows below the data that are totals, averages or notes, listing them in ``meta['trailing_rows']``.

    Spreadsheets made for people end with a 'Grand total' row or a 'Source: ...' line; read
    as data, a total becomes a touchpoint and its sum a score. Only the last rows are looked
    at, from the bottom up, stopping at the first that is data; each one dropped is reported.
    """
    if len(frame) < 3 or frame.shape[1] < 2:
        return frame
    dropped = []
    for index in reversed(frame.index[-TRAILING_ROWS_CHECKED:]):
        filled = frame.loc[index].dropna()
        texts = [v.strip() for v in filled if isinstance(v, str) and v.strip()]
        shown = " | ".join(cell_text(v) for v in filled)
        if any(_SUMMARY_LABEL.match(t) for t in texts):
            dropped.append((index, "total or average row below the table", shown))
        elif len(filled) == 1 and texts and frame.shape[1] >= 3 and _NOTE.match(texts[0]):
            dropped.append((index, "note below the table", shown))
        else:
            break
    if not dropped:
        return frame
    meta["trailing_rows"] = sorted(dropped)
    return numbers_again(frame.drop(index=[i for i, _, _ in dropped]))


def weak_header(columns: list) -> bool:
    named = [c for c in columns if not str(c).startswith("__UNNAMED__") and str(c).strip()]
    return len(columns) > 1 and len(named) <= max(1, len(columns) // 3)


def find_header_row(grid: list[list]) -> int:
    """Index of the header row in ``grid`` (a list of rows of cell values).

    The header is the first row that is as wide as the table body and mostly
    text, followed by rows of the same width. Title and note rows above a table
    are typically one or two cells wide.
    """
    def filled(row):
        return [c for c in row if c is not None and str(c).strip() != "" and str(c).lower() != "nan"]

    widths = [len(filled(r)) for r in grid]
    if not widths or max(widths) == 0:
        return 0
    body = Counter(w for w in widths if w > 1)
    typical = body.most_common(1)[0][0] if body else max(widths)
    for i, row in enumerate(grid):
        cells = filled(row)
        if len(cells) < max(2, int(0.6 * typical)):
            continue
        texty = sum(not is_number(c) for c in cells)
        if texty >= 0.7 * len(cells):
            return i
    return 0
