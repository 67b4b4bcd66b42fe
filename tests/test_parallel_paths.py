"""The workbook check's multi-threaded path gives exactly the result of the sequential one.

A large sheet's XML is measured on worker threads while it inflates (issue #3, for speed):
that may not change what is measured nor what is refused. Here it is forced on for small,
odd sheets (tiny blocks) and compared with the sequential measurement.
"""

from __future__ import annotations

import inspect

import pytest

import cxlens
from cxlens import readers, safety, sheet_extent
from cxlens.errors import DataError

from . import corpus


def _builders(kind: str) -> list:
    """Every corpus builder whose bytes are of ``kind`` (e.g. 'zip')."""
    out = []
    for name, fn in sorted(vars(corpus).items()):
        if not inspect.isfunction(fn) or name.startswith("_") or inspect.signature(fn).parameters:
            continue
        if fn.__module__ != corpus.__name__ or name in ("basic_frame", "multi_file"):
            continue
        try:
            data, filename = fn()
        except Exception:  # helpers that are not file builders
            continue
        if isinstance(data, bytes) and readers.detect_format(data) == kind:
            out.append(pytest.param(fn, id=name))
    return out


# --------------------------------------------------------------------------- sheet XML measured on threads


def _measure(sheet_xml: bytes, workers: int) -> tuple:
    extent = sheet_extent.SheetExtent()
    if workers:
        extent.parallel(workers)
    for start in range(0, len(sheet_xml), 97):  # inflated output arrives in small pieces
        extent.feed(sheet_xml[start:start + 97])
    try:
        safety.check_extent(extent, "f.xlsx")
        verdict = "ok"
    except DataError as exc:
        verdict = str(exc)
    fields = ("max_row", "max_col", "max_row_element", "values", "implicit", "rows_seen", "implicit_per_row",
              "giant_tag", "unparsed", "min_row", "first_row", "min_col", "first_col", "error_cells")
    return verdict, {f: getattr(extent, f) for f in fields}


def _sheets() -> list:
    import zipfile

    out = []
    builders = [b.values[0] for b in _builders("zip")]
    builders += [lambda s=s: corpus.sparse_sheet_bomb_spelled(s) for s in sorted(corpus.SPARSE_BOMB_SPELLINGS)]
    for builder in builders:
        data, name = builder()
        try:
            archive = zipfile.ZipFile(__import__("io").BytesIO(data))
            members = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            out += [archive.read(m) for m in members]
        except Exception:  # damaged or password-protected on purpose
            continue
    return out


@pytest.mark.parametrize("sheet_xml", _sheets())
def test_sheet_measured_on_threads_matches_the_sequential_measurement(monkeypatch, sheet_xml):
    monkeypatch.setattr(sheet_extent.SheetExtent, "BLOCK", 300)
    monkeypatch.setattr(sheet_extent.SheetExtent, "OVERLAP", 64)
    assert _measure(sheet_xml, workers=2) == _measure(sheet_xml, workers=0)


def test_sheet_bomb_is_refused_on_the_threaded_path(monkeypatch):
    import fastexcel

    monkeypatch.setattr(safety, "PARALLEL_SCAN_MIN_BYTES", 0)
    monkeypatch.setattr(sheet_extent.SheetExtent, "BLOCK", 300)
    monkeypatch.setattr(sheet_extent.SheetExtent, "OVERLAP", 64)
    threads = []
    original = sheet_extent.SheetExtent.parallel
    monkeypatch.setattr(sheet_extent.SheetExtent, "parallel", lambda self, n: (threads.append(n), original(self, n)))
    monkeypatch.setattr(fastexcel, "read_excel", lambda *a, **k: pytest.fail("the workbook parser was reached"))
    data, name = corpus.sparse_sheet_bomb()
    with pytest.raises(DataError, match="refused for safety"):
        cxlens.load(data, filename=name)
    assert threads and threads[0] >= 1


# --------------------------------------------------------------------------- members inflated by ISA-L


def _deflated_members() -> list:
    """(name, raw deflate stream, declared size) of every deflated member of the corpus workbooks."""
    import io
    import zipfile

    out = []
    for param in _builders("zip"):
        data, _ = param.values[0]()
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            continue
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
                continue
            start = info.header_offset
            begin = start + 30 + int.from_bytes(data[start + 26:start + 28], "little") \
                + int.from_bytes(data[start + 28:start + 30], "little")
            out.append((info.filename, data[begin:begin + info.compress_size], info.file_size))
    return out


def _inflate_with(lib, monkeypatch, raw: bytes, budget: int, chunk: int) -> tuple:
    monkeypatch.setattr(safety, "_inflater_lib", lib)
    pieces: list[bytes] = []
    produced = safety._inflate_within(memoryview(raw), budget, chunk, pieces.append)
    return produced, b"".join(pieces)


def test_the_check_inflates_with_isal():
    from isal import isal_zlib

    assert safety._inflater_lib is isal_zlib  # requirements.txt installs it; zlib is only the fallback


def test_isal_inflates_every_corpus_member_exactly_as_zlib(monkeypatch):
    import zlib

    from isal import isal_zlib

    members = _deflated_members()
    assert len(members) >= 20
    for name, raw, size in members:
        expected = _inflate_with(zlib, monkeypatch, raw, size, 64)
        if expected[0] is None:  # the corpus' lying zip bomb: refused by both
            assert _inflate_with(isal_zlib, monkeypatch, raw, size, 64)[0] is None, name
            continue
        assert expected[0] == size
        assert _inflate_with(isal_zlib, monkeypatch, raw, size, 64) == expected, name
        if size:  # a stream producing more than its declared size is refused by both
            assert _inflate_with(isal_zlib, monkeypatch, raw, size - 1, 64)[0] is None, name
            assert _inflate_with(zlib, monkeypatch, raw, size - 1, 64)[0] is None, name
        # truncated: the stream's last bytes missing
        assert _inflate_with(isal_zlib, monkeypatch, raw[:-2], size, 64)[0] is None, name


def test_a_damaged_deflate_stream_is_refused_with_a_clear_message():
    import io
    import zipfile

    assert safety._inflate_within(memoryview(b"\xff" * 100), 1000, 64) is None  # the inflater's own error
    data, name = corpus.huge_comment_xlsx()
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = next(i for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
    start = info.header_offset
    begin = start + 30 + int.from_bytes(data[start + 26:start + 28], "little") \
        + int.from_bytes(data[start + 28:start + 30], "little")
    damaged = bytearray(data)
    middle = begin + info.compress_size // 2
    damaged[middle:middle + 8] = b"\xff" * 8
    with pytest.raises(DataError, match="damaged"):
        cxlens.load(bytes(damaged), filename=name)
