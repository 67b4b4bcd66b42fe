"""The loader's multi-threaded paths give exactly the result of the sequential ones.

Large files take three parallel paths (issue #3, for speed): a big UTF-8 CSV is handed to
pandas as a file so it parses on several threads, the columns of a big table are cleaned on
worker threads, and a big sheet's XML is measured on worker threads while it inflates.
None of them may change a value, a problem row or its order. Here each is forced on for
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


# --------------------------------------------------------------------------- CSV parsed from a file by pandas' threads


@pytest.fixture
def pandas_splits_tiny_files(monkeypatch):
    """Make pandas' multi-threaded CSV reader split even small files into many parts."""
    from pandas.io.parsers import readers as pandas_readers

    for setting, value in (("_PARALLEL_READ_MIN_BYTES", 1), ("_PARALLEL_MIN_CHUNK_ROWS", 1),
                           ("_PARALLEL_CHUNK_BYTES", 256)):
        if not hasattr(pandas_readers, setting):
            pytest.skip(f"this pandas ({pd.__version__}) has no multi-threaded CSV reader")
        monkeypatch.setattr(pandas_readers, setting, value)
    calls = []  # per call: 'parallel', or 'serial' when pandas gave up on the split (then it parses serially)
    original = pandas_readers._read_csv_parallel

    def spy(*args, **kwargs):
        try:
            result = original(*args, **kwargs)
        except Exception:
            calls.append("serial")
            raise
        calls.append("serial" if result is None else "parallel")
        return result

    monkeypatch.setattr(pandas_readers, "_read_csv_parallel", spy)
    monkeypatch.setattr(readers, "PARALLEL_PARSE_MIN_BYTES", 0)
    pd.set_option("mode.max_threads", 3)
    yield calls
    pd.reset_option("mode.max_threads")


@pytest.mark.parametrize("builder", _builders("text"))
def test_csv_parsed_from_a_file_matches_the_buffer_parse(monkeypatch, pandas_splits_tiny_files, builder):
    data, name = builder()
    monkeypatch.setattr(readers, "PARALLEL_PARSE_MIN_BYTES", 10**12)
    sequential = _outcome(lambda: cxlens.load(data, filename=name))
    monkeypatch.setattr(readers, "PARALLEL_PARSE_MIN_BYTES", 0)
    _assert_same_outcome(sequential, _outcome(lambda: cxlens.load(data, filename=name)))


@pytest.mark.parametrize("line_breaks", [False, True], ids=["one-line-values", "quoted-line-breaks"])
@pytest.mark.parametrize("from_path", [True, False], ids=["path", "upload"])
def test_large_messy_csv_parsed_in_parts_matches_the_buffer_parse(monkeypatch, tmp_path, pandas_splits_tiny_files,
                                                                   from_path, line_breaks):
    data = _messy_csv(line_breaks=line_breaks)
    path = tmp_path / "messy.csv"
    path.write_bytes(data)
    monkeypatch.setattr(readers, "PARALLEL_PARSE_MIN_BYTES", 10**12)
    sequential = cxlens.load(data, filename="messy.csv")
    monkeypatch.setattr(readers, "PARALLEL_PARSE_MIN_BYTES", 0)
    parallel = cxlens.load(path) if from_path else cxlens.load(data, filename="messy.csv")
    _same(sequential, parallel)
    # A part that starts inside a quoted line break makes pandas parse the whole file serially.
    assert pandas_splits_tiny_files == ["serial" if line_breaks else "parallel"]
    # the values the comparison relies on are really in the file
    problems = sequential.problems
    assert ((problems["problem"] == "not a number") & (problems["value"] == "four")).any()
    assert sequential.feedback["comment"].str.contains("\n", regex=False).sum() == (124 if line_breaks else 0)
    assert sequential.feedback["touchpoint"].isna().sum() == 4000  # '-' and 'n/a'
    assert len(sequential.feedback) == 12_000


def test_a_path_is_parsed_from_the_file_only_when_it_holds_the_same_bytes(tmp_path, monkeypatch):
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\n1,2\n")
    monkeypatch.setattr(readers, "PARALLEL_PARSE_MIN_BYTES", 0)
    with readers._parse_source(b"a,b\n1,2\n", "utf-8", path) as source:
        assert source == str(path)
    with readers._parse_source(b"a,b\n1,3,\n", "utf-8", path) as source:  # the file changed since it was read
        assert source != str(path) and open(source, "rb").read() == b"a,b\n1,3,\n"
    with readers._parse_source(b"a;b\n1;2\n", "cp1252", path) as source:  # pandas' threads read UTF-8 only
        assert source == b"a;b\n1;2\n"


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
