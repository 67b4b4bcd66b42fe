"""Turn uploaded bytes into raw tables: one per CSV, one per workbook sheet.

Formats are detected from the bytes, never from the file name, because exports
are often mislabelled (a CSV saved as ``.xlsx``, an HTML page saved as ``.xls``).
Readers use the fastest engines available: fastexcel (Rust/calamine) for
workbooks and pandas' C parser for text. Every table is parsed once in the common
case; a second parse happens only when a title block sits above the header.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from .errors import DataError
from .safety import MAX_COLUMNS, MAX_ROWS, check_size, check_zip

#: Rows inspected to find the header under title rows, and to sniff a CSV.
SNIFF_ROWS = 60
SNIFF_BYTES = 256 * 1024
DELIMITERS = [",", ";", "\t", "|"]


@dataclass
class RawTable:
    """One table as read from a file, before any interpretation."""

    file: str
    sheet: str  # "" for text files
    frame: pd.DataFrame
    #: 1-based line/row number of the header in the file; data row ``i`` (0-based) is at ``header_line + 1 + i``.
    header_line: int
    meta: dict = field(default_factory=dict)


def detect_format(data: bytes) -> str:
    """Return 'xlsx', 'xls', 'parquet', 'html', 'zip', 'binary' or 'text' from the leading bytes."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    sample = data[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(sample):
        return "text"
    stripped = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"<head", b"<body")):
        return "html"
    if b"\x00" in sample:
        # NUL bytes in a short prefix of a text file are damage, not text; decide by how many.
        if sample.count(b"\x00") > len(sample) // 20:
            return "binary"
    return "text"


def _looks_utf16(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when every other byte is NUL (UTF-16 without a BOM)."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def read_tables(data: bytes, filename: str, *, csv_options: dict | None = None) -> list[RawTable]:
    """Read every table in ``data``. Raises DataError for anything unusable."""
    check_size(data, filename)
    kind = detect_format(data)
    if kind == "zip":
        return _read_workbook(data, filename, zipped=True)
    if kind == "xls":
        return _read_workbook(data, filename, zipped=False)
    if kind == "parquet":
        return [_read_parquet(data, filename)]
    if kind == "html":
        raise DataError(
            "This file is a web page (HTML), not a spreadsheet, although its name may say otherwise. "
            "Open it in Excel and save it as .xlsx or CSV, then upload that file.",
            filename=filename,
        )
    if kind == "binary":
        raise DataError(
            "This file is not a spreadsheet or text file we can read (it contains binary data). "
            "Upload a CSV, Excel (.xlsx/.xls) or Parquet file.",
            filename=filename,
        )
    return [_read_text(data, filename, csv_options or {})]


# --------------------------------------------------------------------------- workbooks


def _sheet_states(archive) -> dict[str, str]:
    """Sheet name -> 'visible' | 'hidden' | 'veryHidden', from xl/workbook.xml (parsed with defusedxml)."""
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except KeyError:
        return {}
    states = {}
    for el in root.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            states[el.get("name", "")] = el.get("state", "visible")
    return states


def _read_workbook(data: bytes, filename: str, *, zipped: bool) -> list[RawTable]:
    import fastexcel

    states: dict[str, str] = {}
    if zipped:
        archive = check_zip(data, filename)
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            if "[Content_Types].xml" in names or any(n.startswith("word/") for n in names):
                what = "an Office document that is not an Excel workbook"
            elif any(n.endswith(".ods") or n == "content.xml" for n in names):
                what = "an OpenDocument spreadsheet"
            else:
                what = "a zip archive, not an Excel workbook"
            raise DataError(
                f"This file is {what}. Save the data as .xlsx or CSV and upload that file.",
                filename=filename,
            )
        states = _sheet_states(archive)
    try:
        reader = fastexcel.read_excel(data)
        sheet_names = list(reader.sheet_names)
    except Exception as exc:  # the Rust reader raises its own error types
        raise DataError(
            "The workbook could not be opened: it may be password-protected, damaged, or an unsupported "
            "Excel format. Remove the password or save it again as .xlsx, then upload it.",
            filename=filename,
        ) from exc
    tables = []
    for name in sheet_names:
        table = _read_sheet(reader, name, filename)
        table.meta["format"] = "xlsx" if zipped else "xls"
        table.meta["visible"] = states.get(name, "visible") == "visible"
        tables.append(table)
    return tables


def _read_sheet(reader, name: str, filename: str) -> RawTable:
    """Read one sheet; find the header row when title rows sit above it."""
    try:
        sheet = reader.load_sheet(name, header_row=0, skip_whitespace_tail_rows=True, whitespace_as_null=True)
        frame = sheet.to_pandas()
    except Exception as exc:
        # An empty sheet, or one the reader cannot type: try raw, header-less, before giving up.
        try:
            frame = reader.load_sheet(name, header_row=None, whitespace_as_null=True).to_pandas()
        except Exception:
            frame = pd.DataFrame()
        if frame.empty:
            return RawTable(filename, name, pd.DataFrame(), header_line=1, meta={"empty": True})
        raise DataError(
            f"Sheet '{name}' could not be read ({type(exc).__name__}). Save the workbook again as .xlsx and retry.",
            filename=filename,
        ) from exc
    _check_shape(frame, filename, name)
    header_line = 1
    if _weak_header(list(frame.columns)) and len(frame):
        # The first row was a title: find the real header among the first rows and re-read from there.
        grid = [[None if str(c).startswith("__UNNAMED__") else c for c in frame.columns]] + frame.head(SNIFF_ROWS).astype("object").where(frame.head(SNIFF_ROWS).notna(), None).values.tolist()
        found = find_header_row(grid)
        if found > 0:
            frame = reader.load_sheet(
                name, header_row=found, skip_whitespace_tail_rows=True, whitespace_as_null=True
            ).to_pandas()
            header_line = found + 1
    frame.columns = clean_headers(["" if str(c).startswith("__UNNAMED__") else c for c in frame.columns])
    frame = frame.dropna(how="all")
    return RawTable(filename, name, frame, header_line=header_line, meta={})


def _weak_header(columns: list) -> bool:
    named = [c for c in columns if not str(c).startswith("__UNNAMED__") and str(c).strip()]
    return len(columns) > 1 and len(named) <= max(1, len(columns) // 3)


def _check_shape(frame: pd.DataFrame, filename: str, sheet: str = "") -> None:
    where = f"Sheet '{sheet}'" if sheet else "The file"
    if frame.shape[1] > MAX_COLUMNS:
        raise DataError(
            f"{where} has {frame.shape[1]:,} columns; the limit is {MAX_COLUMNS:,}. "
            "Remove columns you do not need (or transpose it) and upload again.",
            filename=filename,
        )
    if frame.shape[0] > MAX_ROWS:
        raise DataError(
            f"{where} has {frame.shape[0]:,} rows; the limit is {MAX_ROWS:,}. Split it by period and upload the parts.",
            filename=filename,
        )


def _read_parquet(data: bytes, filename: str) -> RawTable:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:
        raise DataError("The Parquet file is damaged or unreadable. Export it again.", filename=filename) from exc
    _check_shape(frame, filename)
    frame.columns = clean_headers(list(frame.columns))
    return RawTable(filename, "", frame.reset_index(drop=True), header_line=1, meta={"format": "parquet"})


# --------------------------------------------------------------------------- text files


def detect_encoding(data: bytes) -> str:
    """BOM first, then UTF-16 without BOM, then strict UTF-8, then the best single-byte guess."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    bare = _looks_utf16(data[:4096])
    if bare:
        return bare
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SNIFF_BYTES], cp_isolation=["cp1252", "latin_1", "cp1250", "iso8859_15", "mac_roman"]).best()
    if best is not None and best.encoding in ("cp1252", "latin_1", "cp1250", "iso8859_15", "mac_roman"):
        return best.encoding
    return "cp1252" if _decodes(data, "cp1252") else "latin-1"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits most lines into the same number (>1) of fields."""
    best, best_score = ",", -1.0
    for delim in DELIMITERS:
        widths = [len(r) for r in csv.reader(lines, delimiter=delim)]
        widths = [w for w in widths if w > 1]
        if not widths:
            continue
        mode, freq = Counter(widths).most_common(1)[0]
        score = freq * min(mode, 50)
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
        texty = sum(not _is_number(c) for c in cells)
        if texty >= 0.7 * len(cells):
            return i
    return 0


def _is_number(value) -> bool:
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


def _read_text(data: bytes, filename: str, options: dict) -> RawTable:
    encoding = options.get("encoding") or detect_encoding(data)
    head = data[: SNIFF_BYTES]
    text = head.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        text = text.replace("\x00", "")
    lines = text.splitlines()[: SNIFF_ROWS * 4]
    if len(data) > SNIFF_BYTES and lines:
        lines = lines[:-1]  # the last line of the sample may be cut
    if not any(line.strip() for line in lines):
        raise DataError("The file has no data (only blank lines).", filename=filename)
    delimiter = options.get("delimiter") or sniff_delimiter(lines)
    rows = list(csv.reader(lines, delimiter=delimiter))
    header_index = find_header_row(rows[:SNIFF_ROWS])
    decimal, thousands = sniff_decimal(rows[header_index + 1 : header_index + 1 + SNIFF_ROWS], delimiter)
    if options.get("decimal"):
        decimal = options["decimal"]
        thousands = options.get("thousands")
    header_cells = rows[header_index] if header_index < len(rows) else []

    kwargs = dict(
        sep=delimiter,
        encoding=encoding,
        skiprows=header_index,
        header=0,
        decimal=decimal,
        thousands=thousands,
        keep_default_na=False,
        na_values=[""],
        low_memory=False,
        skip_blank_lines=True,
        encoding_errors="replace",
    )
    bad_lines: list[list[str]] = []
    payload = data.replace(b"\x00", b"") if b"\x00" in data and not encoding.startswith("utf-16") else data
    try:
        frame = pd.read_csv(io.BytesIO(payload), **kwargs)
    except pd.errors.EmptyDataError as exc:
        raise DataError("The file is empty: it has no header and no rows.", filename=filename) from exc
    except pd.errors.ParserError:
        # Some lines have more fields than the header. Re-read with the Python parser and keep them,
        # truncated, so they are reported rather than lost.
        def keep(fields: list[str]) -> list[str]:
            bad_lines.append(fields)
            return fields[: len(header_cells)] if header_cells else fields

        kwargs.pop("low_memory")
        frame = pd.read_csv(io.BytesIO(payload), engine="python", on_bad_lines=keep, **kwargs)
    except (UnicodeError, ValueError) as exc:
        raise DataError(
            f"The text could not be read as a table ({exc.__class__.__name__}). Save it as UTF-8 CSV and retry.",
            filename=filename,
        ) from exc
    _check_shape(frame, filename)
    if header_cells and len(header_cells) == frame.shape[1]:
        frame.columns = clean_headers(header_cells)
    else:
        frame.columns = clean_headers(list(frame.columns))
    frame = frame.dropna(how="all")
    meta = {
        "format": "csv",
        "encoding": encoding,
        "delimiter": delimiter,
        "decimal": decimal,
        "thousands": thousands,
        "bad_lines": bad_lines,
    }
    return RawTable(filename, "", frame, header_line=header_index + 1, meta=meta)
