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
import warnings
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from . import safety
from .errors import DataError
from .safety import check_parquet, check_size, check_zip

# A CSV cell may legitimately hold a long comment (we keep 1 MB cells intact); the csv
# module's default 128 kB field limit would make sniffing and the fallback parser fail.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

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


#: Leading bytes of common files that are not spreadsheets, with what to call them in a message.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "an image (PNG)"), (b"\xff\xd8\xff", "an image (JPEG)"), (b"GIF87a", "an image (GIF)"),
    (b"GIF89a", "an image (GIF)"), (b"BM", None), (b"II*\x00", "an image (TIFF)"), (b"MM\x00*", "an image (TIFF)"),
    (b"%PDF-", "a PDF document"), (b"\x1f\x8b", "a compressed (gzip) file"), (b"BZh", None),
    (b"7z\xbc\xaf\x27\x1c", "a compressed (7-Zip) archive"), (b"Rar!\x1a\x07", "a compressed (RAR) archive"),
    (b"\xfd7zXZ\x00", "a compressed (xz) file"), (b"\x28\xb5\x2f\xfd", "a compressed (zstd) file"),
    (b"SQLite format 3\x00", "a database (SQLite)"), (b"\x7fELF", "a program"), (b"MZ", None),
    (b"{\\rtf", "a Word/RTF document"), (b"ARROW1", "an Arrow/Feather file"),
]
_HTML_START = (b"<!doctype html", b"<html", b"<table", b"<head", b"<body", b"<meta", b"<title", b"<style", b"<div")
#: C0 control characters that never occur in text exports (tab, line feed, vertical tab,
#: form feed and carriage return do; NUL is judged separately).
_CONTROL = bytes(b for b in range(1, 32) if b not in (9, 10, 11, 12, 13))


def detect_format(data: bytes) -> str:
    """Return 'zip', 'xls', 'parquet', 'html', 'spreadsheetml', 'xml', 'binary' or 'text' from the leading bytes."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    if binary_kind(data):
        return "binary"
    sample = data[:4096]
    utf16 = "utf-16" if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _looks_utf16(sample)
    markup = _markup_kind(sample.decode(utf16, errors="ignore").encode("utf-8") if utf16 else sample)
    if markup:
        return markup
    if utf16:
        return "text"
    if b"\x00" in sample:
        # NUL bytes in a short prefix of a text file are damage, not text; decide by how many.
        if sample.count(b"\x00") > len(sample) // 20:
            return "binary"
    # Text exports never hold C0 control characters; binary data holds ~10% of them.
    if sum(sample.count(bytes([c])) for c in _CONTROL) > max(8, len(sample) // 100):
        return "binary"
    return "text"


def binary_kind(data: bytes) -> str | None:
    """'an image (PNG)', 'a PDF document', ... for well-known non-spreadsheet files, else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if kind is None:  # short signatures ('BM', 'MZ', 'BZh') also start ordinary text: need binary content too
                if b"\x00" in data[:64]:
                    return "a binary file"
                continue
            return kind
    if data[4:8] == b"ftyp":
        return "a video or audio file"
    return None


def _markup_kind(sample: bytes) -> str | None:
    """'html', 'spreadsheetml' (Excel 2003 XML) or 'xml' when ``sample`` is markup, else None."""
    text = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    while text.startswith(b"<!--"):  # "<!-- saved from url=... -->" precedes many saved pages
        end = text.find(b"-->")
        if end < 0:
            break
        text = text[end + 3:].lstrip()
    if text.startswith(b"<?xml") or text.startswith(b"<?mso"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in text:
            return "spreadsheetml"
        return "html" if (b"<html" in text or b"<!doctype html" in text) else "xml"
    if text.startswith(_HTML_START):
        return "html"
    return None


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
    if kind == "spreadsheetml":
        raise DataError(
            "This file is an old 'XML Spreadsheet 2003' file, which we cannot read. "
            "Open it in Excel and save it as .xlsx or CSV, then upload that file.",
            filename=filename,
        )
    if kind == "xml":
        raise DataError(
            "This file is an XML document, not a spreadsheet. Export the data as .xlsx or CSV and upload that file.",
            filename=filename,
        )
    if kind == "binary":
        what = binary_kind(data)
        raise DataError(
            (f"This file is {what}, not a spreadsheet. " if what else
             "This file is not a spreadsheet or text file we can read (it contains binary data). ")
            + "Upload a CSV, Excel (.xlsx/.xls) or Parquet file.",
            filename=filename,
        )
    return [_read_text(data, filename, csv_options or {})]


# --------------------------------------------------------------------------- workbooks


def _sheet_states(archive, filename: str = "") -> dict[str, str]:
    """Sheet name -> 'visible' | 'hidden' | 'veryHidden', from xl/workbook.xml (parsed with defusedxml)."""
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except KeyError:
        return {}
    except Exception as exc:  # malformed XML, or a DTD/entity trick defusedxml refuses
        raise DataError(
            "The workbook is damaged: its list of sheets cannot be read. Open it in Excel, save it again as "
            ".xlsx, and upload the new file.",
            filename=filename,
        ) from exc
    states = {}
    for el in root.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            states[el.get("name", "")] = el.get("state", "visible")
    return states


def _sheet_members(archive) -> dict[str, str]:
    """Sheet name -> its XML part in the archive ('xl/worksheets/sheet1.xml'); sheets not resolved are left out."""
    import posixpath

    from defusedxml import ElementTree

    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # missing or damaged: row numbers then count from the sheet's first value (see _read_sheet)
        return {}
    targets = {}
    for el in rels.iter():
        if el.tag.endswith("Relationship") and el.get("Id") and el.get("Target"):
            target = el.get("Target")
            targets[el.get("Id")] = (target.lstrip("/") if target.startswith("/")
                                     else posixpath.normpath(posixpath.join("xl", target)))
    out = {}
    for el in book.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                out[el.get("name", "")] = targets[rid]
    return out


def _read_workbook(data: bytes, filename: str, *, zipped: bool) -> list[RawTable]:
    import fastexcel

    states: dict[str, str] = {}
    facts: dict[str, dict] = {}  # sheet name -> what the workbook check measured of it (see check_zip)
    if zipped:
        measured: dict[str, dict] = {}
        archive = check_zip(data, filename, sheets=measured)
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
        states = _sheet_states(archive, filename)
        facts = {name: {**measured.get(member, {}), "member": member}
                 for name, member in _sheet_members(archive).items()}
    elif "EncryptedPackage".encode("utf-16-le") in data[:65536] or "EncryptedPackage".encode("utf-16-le") in data[-65536:]:
        # An encrypted .xlsx is an OLE2 container holding 'EncryptionInfo' and 'EncryptedPackage' streams.
        raise DataError(
            "The workbook is password-protected. Remove the password in Excel (File > Info > Protect Workbook), "
            "save it, and upload it again.",
            filename=filename,
        )
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
    shared: dict = {}  # the shared strings' no-answer texts, read once, only if a sheet needs them
    for name in sheet_names:
        sheet = facts.get(name, {})
        table = _read_sheet(reader, name, filename, first_row=sheet.get("first_row") or 1)
        if "member" in sheet and not table.frame.empty:
            _note_blanked_cells(table, archive, sheet,
                                lambda: shared.setdefault("na", _shared_na_texts(archive)))
        table.meta["format"] = "xlsx" if zipped else "xls"
        table.meta["visible"] = states.get(name, "visible") == "visible"
        tables.append(table)
    return tables


#: At most this many cells of one kind per sheet are listed (the report counts what it lists).
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


def _shared_na_texts(archive) -> dict[int, str]:
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


def _note_blanked_cells(table: RawTable, archive, sheet: dict, shared_na_texts) -> None:
    """List the cells of ``table`` the workbook parser read as blanks although they hold something.

    - Excel error values (#DIV/0!, #N/A, #VALUE!: a formula that failed), in any column:
      ``table.meta["error_cells"]``.
    - Texts such as 'N/A' or 'null' in a column typed as numbers or dates (see _NA_TEXTS):
      ``table.meta["na_text_cells"]``; cleaning reports the same texts in text columns itself.
    ``shared_na_texts()`` gives the shared strings' such texts by position (see _shared_na_texts).
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


# schema_sample_rows=None types each column from all its rows. fastexcel's default (1,000 rows)
# with dtype_coercion="coerce" silently turns a later "n/a" or "four" in a numeric column into
# NaN, which the problem report would never see; typed from all rows the column stays text and
# cleaning reports each such value.
_SHEET_OPTIONS = dict(skip_whitespace_tail_rows=True, whitespace_as_null=True, schema_sample_rows=None)


def _read_sheet(reader, name: str, filename: str, first_row: int = 1) -> RawTable:
    """Read one sheet; find the header row when title rows sit above it.

    ``first_row`` is the sheet row (1-based) of the parser's first grid row: the reader skips
    empty rows above a table, so a table that starts in row 3 has its header there, and its
    data rows' numbers in the problem report must count from it.
    """
    try:
        sheet = reader.load_sheet(name, header_row=0, **_SHEET_OPTIONS)
        frame = sheet.to_pandas()
    except Exception as exc:
        # An empty sheet, or one the reader cannot type: try raw, header-less, before giving up.
        try:
            frame = reader.load_sheet(name, header_row=None, **_SHEET_OPTIONS).to_pandas()
        except Exception:
            frame = pd.DataFrame()
        if frame.empty:
            return RawTable(filename, name, pd.DataFrame(), header_line=1, meta={"empty": True})
        raise DataError(
            f"Sheet '{name}' could not be read ({type(exc).__name__}). Save the workbook again as .xlsx and retry.",
            filename=filename,
        ) from exc
    _check_shape(frame, filename, name)
    header_line = first_row
    meta: dict = {}
    if headerless([re.sub(r"_\d+$", "", str(c)) for c in frame.columns]):
        # The first row is data ('0, 3, 3, 4'): read the sheet without a header; columns named by position.
        frame = reader.load_sheet(name, header_row=None, **_SHEET_OPTIONS).to_pandas()
        header_line = first_row - 1
        meta["no_header"] = True
    elif _weak_header(list(frame.columns)) and len(frame):
        # The first row was a title: find the real header among the first rows and re-read from there.
        grid = [[None if str(c).startswith("__UNNAMED__") else c for c in frame.columns]] + frame.head(SNIFF_ROWS).astype("object").where(frame.head(SNIFF_ROWS).notna(), None).values.tolist()
        found = find_header_row(grid)
        if found > 0:
            # header_row counts sheet rows from the top (0-based), not from the grid's first row: a sheet
            # whose row 1 is empty has its grid start at first_row = 2.
            frame = reader.load_sheet(name, header_row=found + first_row - 1, **_SHEET_OPTIONS).to_pandas()
            header_line = found + first_row
    frame.columns = clean_headers(["" if str(c).startswith("__UNNAMED__") else c for c in frame.columns])
    frame = _survey_export_headers(frame, meta)
    frame = _trailing_non_data(_drop_blank_rows(frame), meta)
    return RawTable(filename, name, frame, header_line=header_line, meta=meta)


#: Qualtrics' own columns (letters and digits only, lower case): with 'responseid' and two
#: more of these in the header, a table is a Qualtrics export.
_QUALTRICS_FIELDS = {"startdate", "enddate", "status", "ipaddress", "progress", "durationinseconds", "finished",
                     "recordeddate", "recipientlastname", "recipientfirstname", "recipientemail",
                     "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
                     "distributionchannel", "userlanguage"}


def _survey_export_headers(frame: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """Survey-platform exports with two or three header rows, read as one header.

    - Qualtrics writes short names (Q1, Q2_1...), then the question texts ("How satisfied ...
      - Website"), then (CSV) a row of {"ImportId": ...} JSON: the texts become the names.
    - SurveyMonkey writes each question once over its columns, then a row naming each
      column's part ("Response", "Open-Ended Response", a grid item, a choice): the names
      become "question - item" for the parts and the question for single answers.
    Read as data those rows would be responses of text and turn every score column into
    text. The row index is kept, so row numbers in the problem report still match the file.
    """
    if len(frame) < 1 or frame.shape[1] < 2:
        return frame
    names = {re.sub(r"[^a-z0-9]", "", str(c).lower()) for c in frame.columns}
    first = frame.iloc[0]
    if any(v is not None and not isinstance(v, str) and not pd.isna(v) for v in first):
        return frame  # a header row holds text only
    drop = [frame.index[0]]
    if {"responseid", "responseid1"} & names and len(names & _QUALTRICS_FIELDS) >= 2:
        if first.notna().sum() < 0.5 * frame.shape[1]:
            return frame
        if len(frame) > 1:
            second = frame.iloc[1].dropna().astype(str)
            if len(second) and second.str.startswith('{"ImportId"').mean() >= 0.5:
                drop.append(frame.index[1])
        headers = [v.strip() if isinstance(v, str) and v.strip() else str(c) for c, v in zip(frame.columns, first)]
        note = "Qualtrics export: question texts used as column names" + (
            "; the import-ID row skipped" if len(drop) > 1 else "")
    elif {"respondentid", "collectorid"} <= names and any(
            isinstance(v, str) and v.strip() in _SURVEYMONKEY_PARTS for v in first):
        headers, question = [], None
        for position, (column, part) in enumerate(zip(frame.columns, first)):
            if str(column) != f"Column {position + 1}":  # a blank header continues the question before it
                question = str(column)
            part = part.strip() if isinstance(part, str) else ""
            asked = question if question is not None else str(column)
            headers.append(asked if not part or part in _SURVEYMONKEY_PARTS else f"{asked} - {part}")
        note = "SurveyMonkey export: question and answer-part rows combined into column names"
    else:
        return frame
    frame = _numbers_again(frame.drop(index=drop))  # the header rows were all that made those columns text
    frame.columns = clean_headers(headers)
    meta["survey_export"] = note
    return frame


def _numbers_again(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns whose values are all numbers once some rows were taken out, as numbers."""
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if pd.api.types.is_numeric_dtype(column) or not column.notna().any():
            continue
        numbers = pd.to_numeric(column, errors="coerce")
        if numbers.notna().sum() == column.notna().sum():
            frame.isetitem(position, numbers.astype("float64"))
    return frame


#: A cell that makes a row below the table a summary, not data ('Grand total', 'Average').
_SUMMARY_LABEL = re.compile(r"^(grand |sub ?)?totals?( responses)?$|^(sum|average|mean|avg|overall (average|total|mean))$",
                            re.IGNORECASE)
#: The start of a note written below a table ('Source: ...', 'Exported 2026-03-01', '* excl. tests').
_NOTE = re.compile(r"^(sources?|notes?|exported|generated|filters?|base|data as of|report (generated|run))\b|^[*†]",
                   re.IGNORECASE)
#: Rows from the bottom inspected for totals and notes.
TRAILING_ROWS_CHECKED = 5


def _trailing_non_data(frame: pd.DataFrame, meta: dict) -> pd.DataFrame:
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
        shown = " | ".join(_cell_text(v) for v in filled)
        if any(_SUMMARY_LABEL.match(t) for t in texts):
            dropped.append((index, "total or average row below the table", shown))
        elif len(filled) == 1 and texts and frame.shape[1] >= 3 and _NOTE.match(texts[0]):
            dropped.append((index, "note below the table", shown))
        else:
            break
    if not dropped:
        return frame
    meta["trailing_rows"] = sorted(dropped)
    return _numbers_again(frame.drop(index=[i for i, _, _ in dropped]))


#: SurveyMonkey's second header row names a single answer this way (the column is the question).
_SURVEYMONKEY_PARTS = {"Response", "Open-Ended Response"}


def _weak_header(columns: list) -> bool:
    named = [c for c in columns if not str(c).startswith("__UNNAMED__") and str(c).strip()]
    return len(columns) > 1 and len(named) <= max(1, len(columns) // 3)


def _check_shape(frame: pd.DataFrame, filename: str, sheet: str = "") -> None:
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


def _read_parquet(data: bytes, filename: str) -> RawTable:
    check_parquet(data, filename)  # rows, columns, row groups and declared sizes, before reading
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
    if _decodes(data, "utf-8"):
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SNIFF_BYTES], cp_isolation=["cp1252", "latin_1", "cp1250", "iso8859_15", "mac_roman"]).best()
    if best is not None and best.encoding in ("cp1252", "latin_1", "cp1250", "iso8859_15", "mac_roman"):
        if best.encoding != "cp1252" and _decodes(data, "cp1252"):
            return western_first(data[:SNIFF_BYTES], best.encoding)
        return best.encoding
    return "cp1252" if _decodes(data, "cp1252") else "latin-1"


def _in_word_symbols(text: str) -> int:
    """Non-ASCII characters that are not letters yet stand between letters ('Za¿ó³æ'): a wrong code page."""
    return sum(1 for i in range(1, len(text) - 1)
               if ord(text[i]) > 127 and not text[i].isalpha() and text[i - 1].isalpha() and text[i + 1].isalpha())


def western_first(sample: bytes, other: str) -> str:
    """cp1252 (Western European) unless its reading puts symbols inside words and ``other``'s does not.

    Charset detection on short exports often prefers cp1250, which reads the French 'Très bien' as
    'Trčs bien': both decodings give letters there, so the Western one wins. Polish text in cp1250
    read as cp1252 shows symbols inside words ('Za¿ó³æ'), so there the other one wins.
    """
    western = _in_word_symbols(sample.decode("cp1252", errors="replace"))
    central = _in_word_symbols(sample.decode(other, errors="replace"))
    return other if central < western else "cp1252"


_DECODE_SLICE = 4 * 1024 * 1024


def _decodes(data: bytes, encoding: str) -> bool:
    """Whether all of ``data`` decodes, without building the decoded text.

    Decoding a 200 MB export to test it would hold a str of up to 800 MB (one emoji makes
    CPython store every character in 4 bytes): the load's memory peak. UTF-8 is validated
    in place by Arrow, other encodings slice by slice.
    """
    if data.isascii():
        return True
    if encoding.replace("_", "-").lower() == "utf-8":
        import numpy as np
        import pyarrow as pa

        offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
        binary = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
        try:
            binary.cast(pa.large_string())  # validates UTF-8; no copy of the bytes
            return True
        except pa.ArrowInvalid:
            return False
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _DECODE_SLICE):
            decoder.decode(view[start : start + _DECODE_SLICE], final=start + _DECODE_SLICE >= len(data))
        return True
    except UnicodeDecodeError:
        return False


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


_SEP_HINT = re.compile(r'^\s*"?sep=(.)"?\s*$', re.IGNORECASE)


def _read_text(data: bytes, filename: str, options: dict) -> RawTable:
    encoding = options.get("encoding") or detect_encoding(data)
    head = data[: SNIFF_BYTES]
    text = head.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        text = text.replace("\x00", "")
    # Split on \r and \n only, as the CSV parser does (str.splitlines also splits on \x0c, \x85, \u2028...).
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[: SNIFF_ROWS * 4]
    if len(data) > SNIFF_BYTES and lines:
        lines = lines[:-1]  # the last line of the sample may be cut
    if not any(line.strip() for line in lines):
        raise DataError("The file has no data (only blank lines).", filename=filename)
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

    kwargs = dict(
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
    is_utf16 = encoding.replace("_", "-").lower().startswith("utf-16")
    nul_bytes = data.count(b"\x00") if not is_utf16 and b"\x00" in data else 0
    payload = data.replace(b"\x00", b"") if nul_bytes else data
    meta: dict = {}
    try:
        try:
            frame = _read_csv_chunked(payload, kwargs)
        except UnicodeDecodeError:
            kwargs["encoding_errors"] = "replace"
            frame = _read_csv_chunked(payload, kwargs)
        if not isinstance(frame.index, pd.RangeIndex):
            # Every data line had more fields than the header, and the parser silently made the
            # first column(s) the index, shifting every value one column left. Read it as ragged.
            raise pd.errors.ParserError("data lines wider than the header")
    except pd.errors.EmptyDataError as exc:
        raise DataError("The file is empty: it has no header and no rows.", filename=filename) from exc
    except pd.errors.ParserError as exc:
        frame = _read_irregular(payload, kwargs, header_cells, header_index, str(exc), meta, filename)
    except (UnicodeError, ValueError) as exc:
        raise DataError(
            f"The text could not be read as a table ({exc.__class__.__name__}). Save it as UTF-8 CSV and retry.",
            filename=filename,
        ) from exc
    _check_shape(frame, filename)
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
    frame = _survey_export_headers(frame, meta)
    frame = _trailing_non_data(_drop_blank_rows(frame), meta)
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


def headerless(header_cells: list) -> bool:
    """Whether a 'header' is really the first data row: every cell a number, and not a row of years
    ('2019, 2020, 2021' can name the columns of a table by year)."""
    cells = [str(c).strip() for c in header_cells]
    if len(cells) < 2 or not all(c and _is_number(c) for c in cells):
        return False
    years = all(re.fullmatch(r"(19|20)\d\d", c) for c in cells)
    return not years


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


def _read_csv_chunked(payload: bytes, kwargs: dict) -> pd.DataFrame:
    """``pd.read_csv`` tokenising in chunks (``low_memory=True``): half the parse's peak memory.

    Each chunk is typed on its own, so a column that holds numbers in one chunk and text in
    another comes back as ``object`` with mixed values (and a DtypeWarning). Such columns are
    parsed again as text, which is what a whole-file parse gives them.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        frame = pd.read_csv(io.BytesIO(payload), low_memory=True, **kwargs)
    mixed = [i for i, dtype in enumerate(frame.dtypes) if dtype == object]
    mixed = sorted(mixed + _zero_padded_codes(payload, kwargs, frame))  # (usecols gives file order)
    if mixed and isinstance(frame.index, pd.RangeIndex):
        again = pd.read_csv(io.BytesIO(payload), low_memory=True, usecols=mixed, dtype="str", **kwargs)
        for position, column in zip(mixed, again.columns):
            frame.isetitem(position, again[column])
    return frame


_ZERO_PADDED = re.compile(r"^0\d+$")
ZERO_PADDED_SAMPLE = 200


def _zero_padded_codes(payload: bytes, kwargs: dict, frame: pd.DataFrame) -> list[int]:
    """Positions of whole-number columns written with leading zeros ('010001', '02134'): ids and
    postcodes, which must stay text (as 10001 they no longer match the organisation's own codes).
    Judged on the first rows only, so a 2M-row file pays for a 200-line read."""
    integers = [i for i, dtype in enumerate(frame.dtypes) if pd.api.types.is_integer_dtype(dtype)]
    if not integers or not isinstance(frame.index, pd.RangeIndex):
        return []
    try:
        head = pd.read_csv(io.BytesIO(payload), nrows=ZERO_PADDED_SAMPLE, usecols=integers, dtype="str", **kwargs)
    except (pd.errors.ParserError, ValueError):  # ragged first lines: read as they are; nothing to keep
        return []
    return [i for i, column in zip(integers, head.columns) if head[column].str.match(_ZERO_PADDED, na=False).any()]


def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with no value at all; no copy of the frame in the usual case where there is none."""
    blank = frame.isna().all(axis=1)
    return frame[~blank] if blank.any() else frame


def _read_irregular(payload: bytes, kwargs: dict, header_cells: list[str], header_index: int, error: str,
                    meta: dict, filename: str) -> pd.DataFrame:
    """Read a text table the fast parser rejected, losing nothing and noting what was odd.

    - A quote mark that is never closed would swallow the rest of the file: quote marks are
      then read as ordinary characters and the line is noted in ``meta['unclosed_quote_line']``.
    - Lines with more fields than the header keep their extra values in extra columns
      ('Column 4', ...); ``meta['bad_lines']`` lists (data row index, fields) for the report.
    """
    # Decoding stays strict when the whole file decodes (see _read_text): "replace" is 4-5x slower.
    kwargs = dict(kwargs)
    if re.search(r"EOF inside string", error) or "unexpected end of data" in error:
        found = re.search(r"starting at row (\d+)", error)
        meta["unclosed_quote_line"] = header_index + 1 + int(found.group(1)) if found else None
        kwargs["quoting"] = csv.QUOTE_NONE
    # Read with as many columns as the widest line. The fast parser names every line wider than
    # the columns it was given (and skips it) when told to warn: one pass finds them all, and
    # a second one, only then, reads them whole.
    width = max([len(header_cells)] + [int(n) for n in re.findall(r"saw (\d+)", error)])
    frame = None
    for _attempt in range(4):
        if not header_cells or width > safety.MAX_COLUMNS:
            break
        names = [f"\x00extra{i}" for i in range(width)]  # placeholders; real names are set by the caller
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            try:
                frame = _read_csv_chunked(payload, {**kwargs, "skiprows": header_index + 1, "header": None,
                                                    "names": names, "index_col": False, "on_bad_lines": "warn"})
            except UnicodeDecodeError:
                kwargs["encoding_errors"] = "replace"
                frame = None
                continue
            except (pd.errors.ParserError, pd.errors.EmptyDataError):
                frame = None
                break
        wider = [int(n) for w in caught if issubclass(w.category, pd.errors.ParserWarning)
                 for n in re.findall(r"saw (\d+)", str(w.message))]
        if not wider:
            break
        frame = None  # lines were skipped: read again with room for the widest
        width = max(wider)
    if frame is not None and frame.shape[1] == width and isinstance(frame.index, pd.RangeIndex):
        extra_names = names[len(header_cells):]
        filled = [i for i, c in enumerate(extra_names) if frame[c].notna().any()]
        extra_names = extra_names[: filled[-1] + 1] if filled else []  # empty ones were trailing delimiters
        frame = frame[names[: len(header_cells)] + extra_names]
        if extra_names:
            wide = frame[extra_names].notna().any(axis=1)
            meta["bad_lines"] = [(i, [_cell_text(v) for v in row]) for i, row in
                                 zip(frame.index[wide], frame[wide].itertuples(index=False))]
        meta["extra_columns"] = bool(extra_names)
        return frame
    # Last resort: the tolerant parser, truncating long lines to the header's width (reported).
    # It runs at ~20 MB/s and holds every field as a Python object: bounded by size.
    if len(payload) > PYTHON_PARSER_MAX_BYTES:
        raise DataError(
            "The text could not be read as a table: its quotes or separators are inconsistent, and at "
            f"{len(payload) / 1e6:,.0f} MB it is too large for the slow, tolerant reader "
            f"(up to {PYTHON_PARSER_MAX_BYTES / 1e6:,.0f} MB). Open it in Excel, save it as CSV UTF-8, "
            "and upload that file.",
            filename=filename,
        )
    kwargs.pop("low_memory", None)
    kwargs["encoding_errors"] = "replace"
    try:
        expected = len(pd.read_csv(io.BytesIO(payload), engine="python", nrows=0, index_col=False, **kwargs).columns)
        bad_lines: list = []

        def keep(fields: list[str]) -> list[str]:
            bad_lines.append((None, fields))
            return fields[:expected]

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(io.BytesIO(payload), engine="python", on_bad_lines=keep, index_col=False, **kwargs)
        for warning in caught:  # the parser dropped values on its own: say so rather than lose them silently
            if issubclass(warning.category, pd.errors.ParserWarning):
                bad_lines.append((None, [str(warning.message)]))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError, UnicodeError) as exc:
        raise DataError(
            "The text could not be read as a table (its quotes or separators are inconsistent). "
            "Open it in Excel, save it as CSV UTF-8, and upload that file.",
            filename=filename,
        ) from exc
    meta["bad_lines"] = bad_lines
    return frame


#: Largest text file given to pandas' python parser (the last resort for irregular files).
PYTHON_PARSER_MAX_BYTES = 50 * 1024 * 1024


def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
