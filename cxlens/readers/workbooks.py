"""Workbooks (.xlsx, .xls), read with fastexcel (Rust/calamine): one raw table per sheet, its header
found under title rows, hidden sheets marked."""

from __future__ import annotations

import re

import pandas as pd

from ..errors import DataError
from ..safety import check_zip
from .survey_exports import survey_export_headers
from .table_edges import SNIFF_ROWS, find_header_row, trailing_non_data, weak_header
from .tables import RawTable, check_shape, clean_headers, drop_blank_rows, headerless
from .workbook_blanks import note_blanked_cells, shared_na_texts


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


def read_workbook(data: bytes, filename: str, *, zipped: bool) -> list[RawTable]:
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
            note_blanked_cells(table, archive, sheet,
                                lambda: shared.setdefault("na", shared_na_texts(archive)))
        table.meta["format"] = "xlsx" if zipped else "xls"
        table.meta["visible"] = states.get(name, "visible") == "visible"
        tables.append(table)
    return tables


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
    check_shape(frame, filename, name)
    header_line = first_row
    meta: dict = {}
    if headerless([re.sub(r"_\d+$", "", str(c)) for c in frame.columns]):
        # The first row is data ('0, 3, 3, 4'): read the sheet without a header; columns named by position.
        frame = reader.load_sheet(name, header_row=None, **_SHEET_OPTIONS).to_pandas()
        header_line = first_row - 1
        meta["no_header"] = True
    elif weak_header(list(frame.columns)) and len(frame):
        # The first row was a title: find the real header among the first rows and re-read from there.
        grid = [[None if str(c).startswith("__UNNAMED__") else c for c in frame.columns]] + frame.head(SNIFF_ROWS).astype("object").where(frame.head(SNIFF_ROWS).notna(), None).values.tolist()
        found = find_header_row(grid)
        if found > 0:
            # header_row counts sheet rows from the top (0-based), not from the grid's first row: a sheet
            # whose row 1 is empty has its grid start at first_row = 2.
            frame = reader.load_sheet(name, header_row=found + first_row - 1, **_SHEET_OPTIONS).to_pandas()
            header_line = found + first_row
    frame.columns = clean_headers(["" if str(c).startswith("__UNNAMED__") else c for c in frame.columns])
    frame = survey_export_headers(frame, meta)
    frame = trailing_non_data(drop_blank_rows(frame), meta)
    return RawTable(filename, name, frame, header_line=header_line, meta=meta)
