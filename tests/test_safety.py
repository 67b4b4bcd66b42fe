"""cxlens.safety and cxlens.sheet_extent on small inputs made in code: size caps, zip bombs (honest
and lying), encrypted and oddly compressed workbooks, sheets whose grid is too large, and Parquet
files refused from their footer. Limits are lowered with monkeypatch so the files stay tiny."""

from __future__ import annotations

import io
import random
import struct
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxlens import DataError, safety
from cxlens.sheet_extent import SheetExtent, worksheet_members

SHEET = "xl/worksheets/sheet1.xml"


def sheet_xml(cells: str) -> bytes:
    return ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{cells}</sheetData></worksheet>").encode()


def archive(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


def patched(data: bytes, member: str, *, size: int | None = None, flags: int | None = None) -> bytes:
    """``data`` with ``member``'s declared uncompressed size or flag bits rewritten in both zip headers."""
    out = bytearray(data)
    # (signature, offset of flags, offset of uncompressed size, offset of name length, offset of name)
    for signature, flags_at, size_at, name_len_at, name_at in ((b"PK\x01\x02", 8, 24, 28, 46),
                                                               (b"PK\x03\x04", 6, 22, 26, 30)):
        pos = out.find(signature)
        while pos >= 0:
            n = struct.unpack_from("<H", out, pos + name_len_at)[0]
            if bytes(out[pos + name_at:pos + name_at + n]) == member.encode():
                if size is not None:
                    struct.pack_into("<I", out, pos + size_at, size)
                if flags is not None:
                    struct.pack_into("<H", out, pos + flags_at, flags)
            pos = out.find(signature, pos + 4)
    return bytes(out)


def parquet(table: pa.Table, **kw) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf, **kw)
    return buf.getvalue()


# --------------------------------------------------------------------------- sizes


def test_size_caps(monkeypatch):
    with pytest.raises(DataError, match=r"The file is empty \(0 bytes\)"):
        safety.check_size(b"", "f.csv")
    monkeypatch.setattr(safety, "MAX_UPLOAD_BYTES", 2_000_000)
    safety.check_size(b"x" * 2_000_000, "f.csv")  # at the cap: accepted
    with pytest.raises(DataError, match=r"The file is 3 MB; the limit is 2 MB"):
        safety.check_size(b"x" * 3_000_000, "f.csv")


def test_batch_cap():
    mb150 = 150 * 1024 * 1024
    safety.check_batch([mb150, mb150])  # 315 MB: under the 419 MB cap
    with pytest.raises(DataError) as caught:
        safety.check_batch([mb150, mb150, mb150], ["a.csv", None, "c.csv"])
    assert caught.value.message == ("The 3 files come to 472 MB together; the limit for one upload is 419 MB. "
                                    "Upload fewer files at a time, or split them by period.")
    assert caught.value.filename == "a.csv, c.csv"


# --------------------------------------------------------------------------- zip archives


def test_not_a_zip_is_damaged():
    with pytest.raises(DataError, match="damaged and cannot be opened"):
        safety.check_zip(b"PK\x03\x04 not really", "f.xlsx")


def test_too_many_members(monkeypatch):
    monkeypatch.setattr(safety, "MAX_ZIP_MEMBERS", 3)
    safety.check_zip(archive({f"m{i}.xml": b"<a/>" for i in range(3)}))
    with pytest.raises(DataError, match="holds 5 parts"):
        safety.check_zip(archive({f"m{i}.xml": b"<a/>" for i in range(5)}))


def test_an_honest_zip_bomb_is_refused_by_its_ratio():
    data = archive({"xl/sharedStrings.xml": b"0" * (2 * 1024 * 1024)})  # 2 MiB of one byte: ratio ~1000
    assert len(data) < 20_000
    with pytest.raises(DataError, match="'zip bomb' pattern"):
        safety.check_zip(data, "bomb.xlsx")


def test_a_member_under_the_ratio_floor_is_not_judged_by_ratio():
    safety.check_zip(archive({"xl/sharedStrings.xml": b"0" * (512 * 1024)}))  # ratio ~1000 but only 512 KiB


def test_declared_total_over_the_budget(monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(DataError, match=r"expands to 0\.0 GB of data"):
        safety.check_zip(archive({"a.xml": b"<a>" + b"x" * 600 + b"</a>", "b.xml": b"<b>" + b"y" * 600 + b"</b>"}))


def test_a_member_that_inflates_beyond_its_declared_size_is_refused():
    body = bytes(range(256)) * 400  # 100 KiB that compresses poorly: no ratio alarm
    data = patched(archive({"xl/styles.xml": body}), "xl/styles.xml", size=1000)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/styles.xml").file_size == 1000
    with pytest.raises(DataError, match="expands to more data than the file declares"):
        safety.check_zip(data, "liar.xlsx")


def test_a_member_that_ends_before_its_declared_size_is_refused():
    data = patched(archive({"xl/styles.xml": b"<styles/>" * 100}), "xl/styles.xml", size=5000)
    with pytest.raises(DataError, match="expands to more data than the file declares"):
        safety.check_zip(data)


def test_encrypted_members_ask_for_the_password_to_be_removed():
    data = patched(archive({"xl/workbook.xml": b"<workbook/>"}), "xl/workbook.xml", flags=0x1)
    with pytest.raises(DataError, match="password-protected"):
        safety.check_zip(data)


def test_compression_methods():
    stored = archive({SHEET: sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')}, zipfile.ZIP_STORED)
    assert isinstance(safety.check_zip(stored), zipfile.ZipFile)
    bzip = archive({"xl/workbook.xml": b"<workbook/>"}, zipfile.ZIP_BZIP2)
    with pytest.raises(DataError, match="compression method Excel does not write"):
        safety.check_zip(bzip)


# --------------------------------------------------------------------------- sheet extents


def test_sheet_measurement_reports_where_the_grid_starts_and_its_error_cells():
    cells = ('<row r="3"><c r="B3" t="s"><v>0</v></c><c r="C3" t="e"><v>#DIV/0!</v></c></row>'
             '<row r="5"><c r="B5"><v>4</v></c><c r="D5" s="1"/></row>')  # D5 is formatted but empty
    measured: dict = {}
    safety.check_zip(archive({SHEET: sheet_xml(cells)}), sheets=measured)
    assert measured == {SHEET: {"first_row": 3, "first_col": 2, "error_cells": 1}}


def test_sheet_extent_fed_in_pieces():
    xml = sheet_xml('<row r="2"><c r="c2"><v>1</v></c></row><row r="7"><c r="AA7"><v>2</v></c></row>')
    extent = SheetExtent()
    for start in range(0, len(xml), 7):
        extent.feed(xml[start:start + 7])
    extent.finish()
    assert extent.grid() == (7, 27)  # lower-case column letters are read as the parser reads them
    assert (extent.values, extent.first_row, extent.first_col, extent.damaged) == (2, 2, 3, False)


def test_cells_without_references_are_placed_after_the_previous_ones():
    extent = SheetExtent()
    extent.feed(sheet_xml('<row r="4"><c r="B4"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>'))
    extent.finish()
    rows, cols = extent.grid()
    assert (rows, cols) == (5, 4)  # bounds: farthest reference + one row seen; 2 + 2 cells without a reference
    assert extent.first_row is None  # unsure where the parser's grid starts


@pytest.mark.parametrize("cells, message", [
    ('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>', "A sheet has 16,384 columns; the limit is 1,000"),
    ('<row r="1"><c r="A1"><v>1</v></c></row><row r="6000000"><c r="A6000000"><v>2</v></c></row>',
     "A sheet has 6,000,000 rows; the limit is 5,000,000"),
    ('<row r="1"><c r="A1"><v>1</v></c></row><row r="200000"><c r="Z200000"><v>2</v></c></row>',
     "values spread over 26 columns and 200,000 rows, but only 2 cells hold anything"),
])
def test_sheets_whose_grid_is_too_large_are_refused_before_parsing(cells, message):
    with pytest.raises(DataError, match=message):
        safety.check_zip(archive({SHEET: sheet_xml(cells)}), "grid.xlsx")


def test_dense_sheet_over_the_cell_limit(monkeypatch):
    monkeypatch.setattr(safety, "MAX_SHEET_CELLS", 3)
    cells = ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>1</v></c></row>'
             '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>1</v></c></row>')
    with pytest.raises(DataError, match=r"A sheet spans 2 columns and 2 rows \(4 cells\); the limit is 3 cells"):
        safety.check_zip(archive({SHEET: sheet_xml(cells)}))


def test_a_giant_tag_is_damage(monkeypatch):
    monkeypatch.setattr(SheetExtent, "BLOCK", 300)
    monkeypatch.setattr(SheetExtent, "OVERLAP", 64)
    # Inflated output arrives in 1 MiB pieces: a start tag longer than that never closes within a block.
    # Random letters (no ratio alarm) rather than one repeated byte.
    letters = bytes(random.Random(0).choices(b"abcdefghijklmnopqrstuvwxyz", k=1_200_000))
    xml = b"<worksheet><sheetData><c " + letters + b"></sheetData></worksheet>"
    with pytest.raises(DataError, match="The workbook is damaged"):
        safety.check_zip(archive({SHEET: xml}))


def test_worksheet_members_follow_the_workbook_relationships():
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="sheets/data.xml"/></Relationships>')
    z = zipfile.ZipFile(io.BytesIO(archive({"xl/_rels/workbook.xml.rels": rels.encode(), "xl/sheets/data.xml": b"<a/>",
                                            SHEET: b"<a/>", "xl/styles.xml": b"<a/>"})))
    assert worksheet_members(z) == {"xl/sheets/data.xml", SHEET}


# --------------------------------------------------------------------------- parquet


def test_parquet_limits_from_the_footer(monkeypatch):
    small = parquet(pa.table({f"c{i}": [1, 2, 3] for i in range(5)}), row_group_size=1)
    safety.check_parquet(small)
    monkeypatch.setattr(safety, "MAX_COLUMNS", 3)
    with pytest.raises(DataError, match="has 5 columns; the limit is 3"):
        safety.check_parquet(small, "p.parquet")
    monkeypatch.setattr(safety, "MAX_COLUMNS", 1000)
    monkeypatch.setattr(safety, "MAX_ROWS", 2)
    with pytest.raises(DataError, match="has 3 rows; the limit is 2"):
        safety.check_parquet(small)
    monkeypatch.setattr(safety, "MAX_ROWS", 1000)
    monkeypatch.setattr(safety, "MAX_SHEET_CELLS", 14)
    with pytest.raises(DataError, match="has 15 cells; the limit is 14"):
        safety.check_parquet(small)
    monkeypatch.setattr(safety, "MAX_SHEET_CELLS", 1000)
    monkeypatch.setattr(safety, "MAX_PARQUET_ROW_GROUPS", 2)
    with pytest.raises(DataError, match="has 3 row groups; the limit is 2"):
        safety.check_parquet(small)


def test_parquet_text_size_estimated_from_statistics(monkeypatch):
    # 1,000 values of 1,000 characters: ~1 MB as pandas strings, a few kB on disk.
    data = parquet(pa.table({"comment": ["x" * 1000] * 1000}))
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 1_100_000)
    safety.check_parquet(data)  # (1000 + 49) x 1000 = 1,049,000 bytes: under
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 1_000_000)
    with pytest.raises(DataError, match="would take about 0.0 GB once read"):
        safety.check_parquet(data)


def test_damaged_parquet():
    with pytest.raises(DataError, match="damaged or unreadable"):
        safety.check_parquet(b"PAR1 broken PAR1")
