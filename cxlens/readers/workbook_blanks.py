"""Workbook cells the parser reads as blanks although they hold something: Excel error values
('#DIV/0!') and no-answer texts ('N/A') in columns typed as numbers or dates, found in the sheet's XML."""

from __future__ import annotations

import re

import pandas as pd

from .tables import RawTable

BLANKED_CELLS_LISTED = 10_000
#: Texts the workbook parser reads as blanks in a column it types as numbers or dates (pandas' NA
#: strings, matched exactly); '' and spaces are blanks anyway and not listed.
_NA_TEXTS = frozenset(("#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
                       "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"))
#: Sheets up to this size (XML) are searched for such texts written inline; larger ones only through
#: the shared-strings table (where Excel itself writes text), to keep big loads fast.
INLINE_TEXT_SEARCH_MAX_BYTES = 8 * 1024 * 1024
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{1,3})0*(\d{1,7})["']""")
_CELL_VALUE = re.compile(rb"^(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?<v>([^<]*)</v>")
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si\b")
_SHORT_SHARED_TEXT = re.compile(rb"<(?:\w+:)?si\b[^>]*>\s*<(?:\w+:)?t\b[^>]*>([^<]{1,16})</(?:\w+:)?t>\s*</(?:\w+:)?si>")


def shared_na_texts(archive) -> dict[int, str]:
    """Positions in the shared-strings table of the texts the parser reads as blanks, with the text."""
    from bisect import bisect_right
    from html import unescape

    try:
        table = archive.read("xl/sharedStrings.xml")
    except KeyError:
        return {}
    out: dict[int, str] = {}
    items = None
    for m in _SHORT_SHARED_TEXT.finditer(table):
        text = unescape(m.group(1).decode("utf-8", "replace"))
        if text in _NA_TEXTS:
            items = items if items is not None else [i.start() for i in _SHARED_ITEM.finditer(table)]
            out[bisect_right(items, m.start()) - 1] = text
    return out


def note_blanked_cells(table: RawTable, archive, sheet: dict, shared_na_texts) -> None:
    """List the cells of ``table`` the workbook parser read as blanks although they hold something.

    - Excel error values (#DIV/0!, #N/A, #VALUE!: a formula that failed), in any column:
      ``table.meta["error_cells"]``.
    - Texts such as 'N/A' or 'null' in a column typed as numbers or dates (see _NA_TEXTS):
      ``table.meta["na_text_cells"]``; cleaning reports the same texts in text columns itself.
    ``shared_na_texts()`` gives the shared strings' such texts by position (see shared_na_texts).
    Both as (row index, column, text), for the problem report. The sheet is read again only
    when the check counted error cells, or the shared strings (or, for a small sheet, its own
    text) hold such a text and the frame has blanks where it could be.
    """
    from html import unescape

    frame, first_col = table.frame, sheet.get("first_col") or 1
    typed = [i for i, dtype in enumerate(frame.dtypes)
             if (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype))
             and frame.iloc[:, i].isna().any()]
    inline = bool(typed) and (archive.getinfo(sheet["member"]).file_size <= INLINE_TEXT_SEARCH_MAX_BYTES)
    shared_na = shared_na_texts() if typed else {}
    if not sheet.get("error_cells") and not (typed and (shared_na or inline)):
        return
    xml = archive.read(sheet["member"])

    def place(at: int, positions: list[int] | None) -> tuple[int, int, int] | None:
        """(row index, column position, end of the cell's start tag) of the cell whose tag holds ``at``."""
        start, end = xml.rfind(b"<c", 0, at), xml.find(b">", at)
        ref = _CELL_REF.search(xml, start, end) if start >= 0 and end > 0 else None
        if not ref:
            return None
        col = 0
        for ch in ref.group(1).upper():
            col = col * 26 + ch - 64
        index, position = int(ref.group(2)) - table.header_line - 1, col - first_col
        if not (0 <= position < frame.shape[1]) or index not in frame.index or (
                positions is not None and position not in positions):
            return None
        if not pd.isna(frame.iat[frame.index.get_loc(index), position]):
            return None
        return index, position, end

    errors, texts = [], []
    if sheet.get("error_cells"):
        for marker in (b't="e"', b"t='e'"):
            at = xml.find(marker)
            while at >= 0 and len(errors) < BLANKED_CELLS_LISTED:
                cell = place(at, None)
                value = _CELL_VALUE.match(xml[cell[2] + 1:cell[2] + 2048]) if cell else None
                if cell and value:
                    errors.append((cell[0], str(frame.columns[cell[1]]),
                                   unescape(value.group(1).decode("utf-8", "replace"))))
                at = xml.find(marker, at + 1)
    if typed:
        needles = [(b"<v>%d</v>" % k, text, (b't="s"', b"t='s'")) for k, text in (shared_na or {}).items()]
        if inline:
            escaped = {text: text.replace("&", "&amp;").replace("<", "&lt;").encode() for text in _NA_TEXTS}
            needles += [(b">" + raw + b"</t>", text, (b"inlineStr",)) for text, raw in escaped.items()]
        for needle, text, kinds in needles:
            at = xml.find(needle)
            while at >= 0 and len(texts) < BLANKED_CELLS_LISTED:
                start = xml.rfind(b"<c", 0, at)
                tag = xml[start:xml.find(b">", start) + 1] if start >= 0 else b""
                cell = place(start + 2, typed) if any(k in tag for k in kinds) else None
                if cell:
                    texts.append((cell[0], str(frame.columns[cell[1]]), text))
                at = xml.find(needle, at + 1)
    if errors:
        table.meta["error_cells"] = sorted(errors)
    if texts:
        table.meta["na_text_cells"] = sorted(texts)
