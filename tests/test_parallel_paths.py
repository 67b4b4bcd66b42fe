"""The workbook check's multi-threaded path gives exactly the result of the sequential one.

A large sheet's XML is measured on worker threads while it inflates (issue #3, for speed):
that may not change what is measured nor what is refused. Here it is forced on for small,
odd sheets (tiny blocks) and compared with the sequential measurement.
"""

from __future__ import annotations

import inspect

import pytest

import cxlens
from cxlens import readers, safety
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
    extent = safety._SheetExtent()
    if workers:
        extent.parallel(workers)
    for start in range(0, len(sheet_xml), 97):  # inflated output arrives in small pieces
        extent.feed(sheet_xml[start:start + 97])
    try:
        extent.check("sheet", "f.xlsx")
        verdict = "ok"
    except DataError as exc:
        verdict = str(exc)
    fields = ("max_row", "max_col", "max_row_element", "values", "implicit", "rows_seen", "implicit_per_row",
              "giant_tag", "unparsed")
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
    monkeypatch.setattr(safety._SheetExtent, "BLOCK", 300)
    monkeypatch.setattr(safety._SheetExtent, "OVERLAP", 64)
    assert _measure(sheet_xml, workers=2) == _measure(sheet_xml, workers=0)


def test_sheet_bomb_is_refused_on_the_threaded_path(monkeypatch):
    import fastexcel

    monkeypatch.setattr(safety, "PARALLEL_SCAN_MIN_BYTES", 0)
    monkeypatch.setattr(safety._SheetExtent, "BLOCK", 300)
    monkeypatch.setattr(safety._SheetExtent, "OVERLAP", 64)
    threads = []
    original = safety._SheetExtent.parallel
    monkeypatch.setattr(safety._SheetExtent, "parallel", lambda self, n: (threads.append(n), original(self, n)))
    monkeypatch.setattr(fastexcel, "read_excel", lambda *a, **k: pytest.fail("the workbook parser was reached"))
    data, name = corpus.sparse_sheet_bomb()
    with pytest.raises(DataError, match="refused for safety"):
        cxlens.load(data, filename=name)
    assert threads and threads[0] >= 1
