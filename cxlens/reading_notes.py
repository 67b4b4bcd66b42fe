"""What the reader had to repair in a file itself (ragged lines, unclosed quotes, totals below the
table, cells read as blanks, NUL bytes, text decoded with the wrong encoding), written to the problem log."""

from __future__ import annotations

import pandas as pd

from .problems import ProblemLog
from .readers import RawTable


def log_reading_notes(raw: RawTable, log: ProblemLog) -> None:
    """Report what the reader had to repair in the file itself (ragged lines, quotes, NUL bytes)."""
    bad = raw.meta.get("bad_lines") or []
    if bad:
        extra = raw.meta.get("extra_columns") or []
        action = (f"extra values kept in column{'s' if len(extra) > 1 else ''} " + ", ".join(f"'{c}'" for c in extra)
                  if extra else "extra fields dropped")
        values = pd.Series([" | ".join(str(f) for f in fields) for _, fields in bad])
        rows = pd.Series([None if i is None else raw.header_line + 1 + i for i, _ in bad], dtype="object")
        log.add_values("line has more fields than the header", action, values, file=raw.file, sheet=raw.sheet,
                       row_numbers=rows)
    if "unclosed_quote_line" in raw.meta:
        log.add("a quote mark is never closed", "quote marks read as ordinary characters", file=raw.file,
                sheet=raw.sheet, row=raw.meta["unclosed_quote_line"])
    for index, problem, shown in raw.meta.get("trailing_rows") or []:
        log.add(problem, "row not used", file=raw.file, sheet=raw.sheet, row=raw.header_line + 1 + index, value=shown)
    # Cells the workbook parser read as blanks although they hold something (see readers.workbook_blanks.note_blanked_cells).
    for key, problem in (("error_cells", "spreadsheet error value (a formula that failed)"),
                         ("na_text_cells", "no-answer code")):
        cells = raw.meta.get(key) or []
        for column in dict.fromkeys(c for _, c, _ in cells):
            mine = [(i, text) for i, c, text in cells if c == column]
            values = pd.Series([text for _, text in mine], index=[i for i, _ in mine], dtype="object")
            log.add_values(problem, "set to missing", values, file=raw.file, sheet=raw.sheet, column=column,
                           row_numbers=pd.Series(values.index + raw.header_line + 1, index=values.index))
    if raw.meta.get("nul_bytes"):
        log.add("file contains NUL bytes (damaged export)", "NUL bytes removed", file=raw.file, sheet=raw.sheet,
                value="\\x00", count=raw.meta["nul_bytes"])
    _log_misdecoded_text(raw, log)


#: Text decoded with the wrong encoding: the replacement character, or UTF-8 read as Latin-1 ('Ã©' for 'é').
_MISDECODED = r"\ufffd|[ÃÂ][\u0080-\u00bf]|â€"
#: Values per column looked at before a whole column is searched (a clean 2M-row file pays for the sample only).
MISDECODED_SAMPLE = 5000


def _log_misdecoded_text(raw: RawTable, log: ProblemLog) -> None:
    """Report cells whose text looks decoded with the wrong encoding, with their rows (never silent):
    a UTF-8 BOM before cp1252 bytes, or a file mixing UTF-8 and Latin-1 lines."""
    frame = raw.frame
    for column in frame.columns:
        s = frame[column]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        head = s.head(MISDECODED_SAMPLE).dropna().astype("str")
        if head.empty or not head.str.contains(_MISDECODED, regex=True).any():
            continue
        text = s.dropna().astype("str")
        bad = text[text.str.contains(_MISDECODED, regex=True)]
        log.add_values("text looks decoded with the wrong encoding ('Ã©' for 'é', '\ufffd')",
                       "read as it is: choose the file's encoding on the Import page", bad, file=raw.file,
                       sheet=raw.sheet, column=str(column),
                       row_numbers=pd.Series(bad.index + raw.header_line + 1, index=bad.index))
