"""pandas' C parser on a text table, in chunks, keeping codes written with leading zeros as text."""

from __future__ import annotations

import io
import re
import warnings

import pandas as pd


def read_csv_chunked(payload: bytes, kwargs: dict) -> pd.DataFrame:
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
