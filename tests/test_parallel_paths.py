"""The loader's multi-threaded paths give exactly the result of the sequential ones.

Large files take two parallel paths (issue #3, for speed): the columns of a big table are
cleaned on worker threads, and a big sheet's XML is measured on worker threads while it
inflates. Neither may change a value, a problem row or its order. Here each is forced on for
small, odd files (tiny thresholds, tiny blocks) and compared with the sequential result.
"""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

import cxlens
from cxlens import cleaning, loader, readers, safety
from cxlens.errors import DataError

from . import corpus


def _builders(kind: str) -> list:
    """Every corpus builder whose bytes are of ``kind`` ('text' or 'zip')."""
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


def _messy_csv(rows: int = 12_000, *, line_breaks: bool = True) -> bytes:
    """No-answer codes, late text in a number column, blank rows, a BOM, quoted line breaks (optional)."""
    lines = ["Response ID,Date,Touchpoint,Channel,CSAT (1-5),Likelihood to recommend (0-10),Region,Comment"]
    touch = [" Checkout ", "Login", "-", "Billing", "n/a", "Delivery"]
    dates = ["2026-01-03", "03/01/2026", "garbage", "", "2026-02-28"]
    for i in range(rows):
        csat = "four" if i == rows - 5 else ("N/A" if i % 11 == 0 else str(1 + i % 5))
        comment = f'"line one{chr(10) if line_breaks else " "}line two, {i}"' if i % 97 == 0 else ("" if i % 3 else f"comment {i % 50}")
        lines.append(f"r{i},{dates[i % 5]},{touch[i % 6]},{'Web' if i % 2 else 'App'},{csat},{i % 11},"
                     f"{'North' if i % 4 else 'South'},{comment}")
        if i % 1000 == 999:
            lines.append(",,,,,,,")
    return b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode()


def _same(a: cxlens.Dataset, b: cxlens.Dataset) -> None:
    for table in ("feedback", "touchpoints", "opportunities", "maturity", "problems", "sources"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table), obj=table)
    assert a.recipe.to_json() == b.recipe.to_json()


def _outcome(load):
    try:
        return load()
    except DataError as exc:
        return str(exc)


def _assert_same_outcome(sequential, parallel) -> None:
    if isinstance(sequential, str) or isinstance(parallel, str):
        assert sequential == parallel
    else:
        _same(sequential, parallel)


# --------------------------------------------------------------------------- columns cleaned on threads


@pytest.mark.parametrize("distinct_min_rows", [0, 10**9], ids=["distinct-values", "row-wise"])
@pytest.mark.parametrize("builder", _builders("text") + _builders("zip") + [pytest.param(
    lambda: (_messy_csv(3000), "messy.csv"), id="messy_csv")])
def test_columns_cleaned_on_threads_match_sequential_cleaning(monkeypatch, builder, distinct_min_rows):
    data, name = builder()
    monkeypatch.setattr(cleaning, "DISTINCT_MIN_ROWS", distinct_min_rows)
    monkeypatch.setattr(loader, "PARALLEL_MIN_ROWS", 10**9)
    sequential = _outcome(lambda: cxlens.load(data, filename=name))
    monkeypatch.setattr(loader, "PARALLEL_MIN_ROWS", 0)
    _assert_same_outcome(sequential, _outcome(lambda: cxlens.load(data, filename=name)))


def test_threads_really_run_when_the_table_is_large(monkeypatch):
    import threading

    seen = set()
    original = cleaning.to_dimension

    def spy(*args, **kwargs):
        seen.add(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(cleaning, "to_dimension", spy)
    monkeypatch.setattr(loader, "PARALLEL_MIN_ROWS", 0)
    cxlens.load(_messy_csv(500), filename="messy.csv")
    assert seen and all(name.startswith("cxlens-clean") for name in seen)


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
