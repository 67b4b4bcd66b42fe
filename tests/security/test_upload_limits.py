"""Finding 5 of issue 20: Parquet files are measured from their footer before any column is read,
and one upload batch has a combined cap. The files are small and made in code."""

from __future__ import annotations

import io
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import cxlens
from cxlens import DataError, safety
from cxlens.readers import read_tables


def _repeated(text: str, n: int) -> pa.DictionaryArray:
    """``n`` copies of one string, built without ``n`` Python objects."""
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), pa.array([text]))


def _parquet(table: pa.Table, **kw) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf, **kw)
    return buf.getvalue()


def test_dictionary_string_bomb_is_refused_from_its_footer(monkeypatch):
    # 200k rows of one 500-character string: a few kB on disk, ~110 MB in pandas. Scaled down by
    # lowering the budget to 50 MB (the real one is 1 GB; the file was 4 x 1M rows).
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 50 * 2**20)
    data = _parquet(pa.table({"comment": _repeated("x" * 500, 200_000)}), row_group_size=50_000)
    assert len(data) < 100_000
    started = time.perf_counter()
    with pytest.raises(DataError, match="would take about"):
        read_tables(data, "bomb.parquet")
    assert time.perf_counter() - started < 1  # refused before reading, not after


def test_string_chunks_without_statistics_are_measured_by_their_values(monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 50 * 2**20)
    table = pa.table({"a": _repeated("y", 200_000), "b": _repeated("z" * 500, 200_000)})
    data = _parquet(table, write_statistics=["a"], row_group_size=50_000)  # none for the long one
    assert not pq.ParquetFile(io.BytesIO(data)).metadata.row_group(0).column(1).is_stats_set
    with pytest.raises(DataError, match="would take about"):
        read_tables(data, "nostats.parquet")


def test_too_many_columns_rows_or_row_groups_are_refused(monkeypatch):
    wide = pa.table({f"c{i}": [1] for i in range(safety.MAX_COLUMNS + 1)})
    with pytest.raises(DataError, match="columns; the limit"):
        read_tables(_parquet(wide), "wide.parquet")
    monkeypatch.setattr(safety, "MAX_ROWS", 1_000)
    with pytest.raises(DataError, match="rows; the limit"):
        read_tables(_parquet(pa.table({"a": list(range(1_001))})), "long.parquet")
    monkeypatch.setattr(safety, "MAX_PARQUET_ROW_GROUPS", 10)
    with pytest.raises(DataError, match="row groups"):
        read_tables(_parquet(pa.table({"a": list(range(100))}), row_group_size=5), "groups.parquet")


def test_an_ordinary_parquet_file_still_loads():
    table = pa.table({"Touchpoint": ["App", "Web"] * 50, "CSAT (1-5)": [4, 5] * 50, "Comment": ["fine"] * 100})
    (raw,) = read_tables(_parquet(table), "ok.parquet")
    assert raw.frame.shape == (100, 3)


def test_one_upload_batch_has_a_combined_cap(monkeypatch):
    monkeypatch.setattr(safety, "MAX_BATCH_BYTES", 1_000)
    files = [b"Touchpoint,CSAT\n" + b"App,4\n" * 100] * 3  # 616 bytes each, 1,848 together
    with pytest.raises(DataError, match="3 files come to"):
        cxlens.load(files, filename=["a.csv", "b.csv", "c.csv"])
    cxlens.load(files[:1], filename="a.csv")  # one file is measured by its own cap
