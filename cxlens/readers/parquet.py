"""Parquet files: checked from their footer (cxlens.safety.check_parquet) before any column is read."""

from __future__ import annotations

import io

import pandas as pd

from ..errors import DataError
from ..safety import check_parquet
from .tables import RawTable, check_shape, clean_headers


def read_parquet(data: bytes, filename: str) -> RawTable:
    check_parquet(data, filename)  # rows, columns, row groups and declared sizes, before reading
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:
        raise DataError("The Parquet file is damaged or unreadable. Export it again.", filename=filename) from exc
    check_shape(frame, filename)
    frame.columns = clean_headers(list(frame.columns))
    return RawTable(filename, "", frame.reset_index(drop=True), header_line=1, meta={"format": "parquet"})
