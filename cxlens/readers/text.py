"""Text tables (CSV, TSV, semicolon and pipe separated): encoding, delimiter, decimal comma, header row."""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter

import pandas as pd

from ..errors import DataError
from .csv_chunks import read_csv_chunked
from .encodings import SNIFF_BYTES, detect_encoding
from .irregular import read_irregular
from .survey_exports import survey_export_headers
from .table_edges import SNIFF_ROWS, find_header_row, trailing_non_data
from .tables import RawTable, check_shape, clean_headers, drop_blank_rows, headerless

# A CSV cell may legitimately hold a long comment (we keep 1 MB cells intact); the csv
# module's default 128 kB field limit would make sniffing and the fallback parser fail.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

DELIMITERS = [",", ";", "\t", "|"]


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits most lines into records of the same number (>1) of fields.

    The number of lines that agree comes first and the width only breaks ties: one long
    comment full of '&amp;' must not make ';' win over a ',' that splits every line alike.
    """
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        # Agreement is counted in lines, not records: a quoted answer spanning five lines (a multi-select
        # written as tab-bulleted lines) is one record of the right width, not five records split on tabs.
        spans: Counter = Counter()
        reader = csv.reader(lines, delimiter=delim)
        consumed = 0
        try:
            for record in reader:
                spans[len(record)] += reader.line_num - consumed
                consumed = reader.line_num
        except csv.Error:
            continue
        spans.pop(0, None)
        spans.pop(1, None)
        if not spans:
            continue
        mode, freq = spans.most_common(1)[0]
        score = (freq, min(mode, 50))
        if score > best_score:
            best, best_score = delim, score
    return best


_DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$")
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def sniff_decimal(rows: list[list[str]], delimiter: str) -> tuple[str, str | None]:
    """('.', None) normally; (',', '.') or (',', None) for European number formats."""
    if delimiter == ",":
        return ".", None
    cells = [c.strip() for r in rows for c in r if c]
    comma = sum(bool(_DECIMAL_COMMA.match(c)) for c in cells)
    dotted = sum(bool(re.match(r"^-?\d+\.\d+$", c)) for c in cells)
    if comma > dotted:
        thousands = "." if any(_THOUSANDS_DOT.match(c) for c in cells) else None
        return ",", thousands
    return ".", None


_SEP_HINT = re.compile(r'^\s*"?sep=(.)"?\s*$', re.IGNORECASE)


def read_text(data: bytes, filename: str, options: dict) -> RawTable:
    """Read a text table; ``options`` (from the recipe) may fix the encoding, delimiter, decimal and thousands."""
    encoding = options.get("encoding") or detect_encoding(data)
    if not options.get("encoding"):
        check_byte_order_mark(data, encoding, filename)
    lines = _sample_lines(data, encoding, filename)
    # Excel's delimiter hint: a first line "sep=;" says which delimiter the rest of the file uses.
    hint = _SEP_HINT.match(lines[0]) if lines else None
    skip = 1 if hint else 0
    delimiter = options.get("delimiter") or (hint.group(1) if hint else None) or sniff_delimiter(lines[skip:])
    rows = list(csv.reader(lines, delimiter=delimiter))
    header_index = skip + find_header_row(rows[skip : skip + SNIFF_ROWS])
    decimal, thousands = sniff_decimal(rows[header_index + 1 : header_index + 1 + SNIFF_ROWS], delimiter)
    if options.get("decimal"):
        decimal = options["decimal"]
        thousands = options.get("thousands")
    header_cells = rows[header_index] if header_index < len(rows) else []
    kwargs = _parser_options(delimiter, encoding, header_index, decimal)
    is_utf16 = encoding.replace("_", "-").lower().startswith("utf-16")
    nul_bytes = data.count(b"\x00") if not is_utf16 and b"\x00" in data else 0
    payload = data.replace(b"\x00", b"") if nul_bytes else data
    meta: dict = {}
    frame = _parse(payload, kwargs, header_cells, header_index, meta, filename)
    frame, header_index = _tidy(frame, header_cells, header_index, meta, filename)
    if decimal == "," or thousands:
        frame = _convert_grouped_numbers(frame, decimal, thousands or ("." if decimal == "," else ","))
    meta = {
        "format": "csv",
        "encoding": encoding,
        "delimiter": delimiter,
        "decimal": decimal,
        "thousands": thousands,
        "bad_lines": meta.get("bad_lines", []),
        **({"extra_columns": meta["extra_columns"]} if meta.get("extra_columns") else {}),
        **({"unclosed_quote_line": meta["unclosed_quote_line"]} if "unclosed_quote_line" in meta else {}),
        **({"nul_bytes": nul_bytes} if nul_bytes else {}),
        **({"delimiter_hint": True} if hint else {}),
        **({"survey_export": meta["survey_export"]} if "survey_export" in meta else {}),
        **({"trailing_rows": meta["trailing_rows"]} if "trailing_rows" in meta else {}),
        **({"no_header": True} if meta.get("no_header") else {}),
    }
    return RawTable(filename, "", frame, header_line=header_index + 1, meta=meta)


def _sample_lines(data: bytes, encoding: str, filename: str) -> list[str]:
    """The first lines of the file (at most SNIFF_BYTES of it), decoded, for sniffing the table's shape."""
    head = data[: SNIFF_BYTES]
    text = head.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        text = text.replace("\x00", "")
    # Split on \r and \n only, as the CSV parser does (str.splitlines also splits on \x0c, \x85, \u2028...).
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[: SNIFF_ROWS * 4]
    cut = len(data) > SNIFF_BYTES and bool(lines)
    if cut:
        lines = lines[:-1]  # the last line of the sample may be cut
    if not any(line.strip() for line in lines):
        if cut and text.strip():
            raise DataError(
                f"The first line of text in the file is longer than {SNIFF_BYTES // 1024} KB, so it cannot be a header row "
                "(or the file has no line breaks). Check that the file is a table with one row per line, "
                "shorten or remove columns you do not need, and upload it again.",
                filename=filename,
            )
        raise DataError("The file has no data (only blank lines).", filename=filename)
    return lines


def check_byte_order_mark(data: bytes, encoding: str, filename: str) -> None:
    """Refuse a UTF-16 byte-order mark in front of UTF-8 text: read as UTF-16 it is one line of nonsense.

    Real UTF-16 text holds NUL bytes (Latin letters) or does not decode as UTF-8 (other scripts)."""
    if encoding != "utf-16":
        return
    rest = data[2:4096]
    if b"\x00" in rest or not rest.strip():
        return
    try:
        codecs.getincrementaldecoder("utf-8")().decode(rest, final=False)
    except UnicodeDecodeError:
        return
    raise DataError(
        "The file starts with a UTF-16 byte-order mark, but the text after it is UTF-8, so it cannot be read "
        "as either. Open it in a text editor or Excel, save it again as 'CSV UTF-8', and upload that file.",
        filename=filename,
    )


def _parser_options(delimiter: str, encoding: str, header_index: int, decimal: str) -> dict:
    return dict(
        sep=delimiter,
        encoding=encoding,
        skiprows=header_index,
        header=0,
        decimal=decimal,
        # Thousands separators are NOT given to the parser: it strips them from any token, so
        # '31.01.2026' would become the number 31012026 and '1.5' would become 15. Grouped numbers
        # are converted below, column by column, only where every value is a well-formed number.
        thousands=None,
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=True,
        # Strict decoding is 4-5x faster than "replace" (which sends every cell through a slow
        # path); detect_encoding has checked the whole file decodes, so "replace" is only the
        # fallback for a recipe's encoding or a sample-based guess that turns out wrong.
        encoding_errors="strict",
    )


def _parse(payload: bytes, kwargs: dict, header_cells: list, header_index: int, meta: dict,
           filename: str) -> pd.DataFrame:
    """The table under the header, by the fast parser, else by the tolerant one (see read_irregular)."""
    try:
        try:
            frame = read_csv_chunked(payload, kwargs)
        except UnicodeDecodeError:
            kwargs["encoding_errors"] = "replace"
            frame = read_csv_chunked(payload, kwargs)
        if not isinstance(frame.index, pd.RangeIndex):
            # Every data line had more fields than the header, and the parser silently made the
            # first column(s) the index, shifting every value one column left. Read it as ragged.
            raise pd.errors.ParserError("data lines wider than the header")
    except pd.errors.EmptyDataError as exc:
        raise DataError("The file is empty: it has no header and no rows.", filename=filename) from exc
    except pd.errors.ParserError as exc:
        frame = read_irregular(payload, kwargs, header_cells, header_index, str(exc), meta, filename)
    except (UnicodeError, ValueError) as exc:
        raise DataError(
            f"The text could not be read as a table ({exc.__class__.__name__}). Save it as UTF-8 CSV and retry.",
            filename=filename,
        ) from exc
    return frame


def _tidy(frame: pd.DataFrame, header_cells: list, header_index: int, meta: dict,
          filename: str) -> tuple[pd.DataFrame, int]:
    """Name the columns, keep a first line of numbers as data, and read survey-export header rows,
    blank rows, totals and notes; returns the frame and the header's (0-based) line."""
    check_shape(frame, filename)
    if header_cells and len(header_cells) == frame.shape[1]:
        frame.columns = clean_headers(header_cells)
    elif header_cells and len(header_cells) < frame.shape[1] and meta.get("extra_columns"):
        frame.columns = clean_headers(header_cells + [""] * (frame.shape[1] - len(header_cells)))
        meta["extra_columns"] = list(frame.columns[len(header_cells):])
    else:
        frame.columns = clean_headers(list(frame.columns))
    if header_cells and headerless(header_cells):
        # The first line is data ('0,3,3,4,2'): keep it as the first row; columns are named by position.
        frame = _first_line_as_data(frame, header_cells)
        header_index -= 1
        meta["no_header"] = True
    frame = survey_export_headers(frame, meta)
    frame = trailing_non_data(drop_blank_rows(frame), meta)
    return frame, header_index


def _first_line_as_data(frame: pd.DataFrame, header_cells: list) -> pd.DataFrame:
    first = {}
    for column, cell in zip(frame.columns, header_cells):
        value = pd.to_numeric(pd.Series([str(cell).strip()]), errors="coerce").iloc[0]
        first[column] = value if pd.api.types.is_numeric_dtype(frame[column]) and pd.notna(value) else cell
    out = pd.concat([pd.DataFrame([first]).astype({c: frame[c].dtype for c in frame.columns
                                                     if pd.api.types.is_numeric_dtype(frame[c])}, errors="ignore"),
                     frame], ignore_index=True)
    out.columns = clean_headers([""] * frame.shape[1])
    return out


_GROUPED = {
    (",", "."): re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"),
    (".", ","): re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"),
}


def _convert_grouped_numbers(frame: pd.DataFrame, decimal: str, thousands: str) -> pd.DataFrame:
    """Text columns whose every value is a number in the file's locale ('1.234,5') become numbers.

    Columns with any other value (dates such as '31.01.2026', codes, words) stay text,
    exactly as read; the cleaning step reports what it cannot use.
    """
    pattern = _GROUPED.get((decimal, thousands))
    if pattern is None:
        return frame
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        values = s.dropna().astype("str").str.strip()
        if values.empty or not values.str.match(pattern).all():
            continue
        converted = s.astype("str").str.strip().str.replace(thousands, "", regex=False)
        converted = converted.str.replace(decimal, ".", regex=False)
        frame[col] = pd.to_numeric(converted.where(s.notna()), errors="coerce").astype("float64")
    return frame
