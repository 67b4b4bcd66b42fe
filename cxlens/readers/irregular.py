"""Text tables the fast parser rejects: unclosed quotes and lines with more fields than the header."""

from __future__ import annotations

import csv
import io
import re
import warnings

import pandas as pd

from .. import safety
from ..errors import DataError
from .csv_chunks import read_csv_chunked
from .tables import cell_text


def read_irregular(payload: bytes, kwargs: dict, header_cells: list[str], header_index: int, error: str,
                    meta: dict, filename: str) -> pd.DataFrame:
    """Read a text table the fast parser rejected, losing nothing and noting what was odd.

    - A quote mark that is never closed would swallow the rest of the file: quote marks are
      then read as ordinary characters and the line is noted in ``meta['unclosed_quote_line']``.
    - Lines with more fields than the header keep their extra values in extra columns
      ('Column 4', ...); ``meta['bad_lines']`` lists (data row index, fields) for the report.
    """
    # Decoding stays strict when the whole file decodes (see read_text): "replace" is 4-5x slower.
    kwargs = dict(kwargs)
    if re.search(r"EOF inside string", error) or "unexpected end of data" in error:
        found = re.search(r"starting at row (\d+)", error)
        meta["unclosed_quote_line"] = header_index + 1 + int(found.group(1)) if found else None
        kwargs["quoting"] = csv.QUOTE_NONE
    frame = _read_with_extra_columns(payload, kwargs, header_cells, header_index, error, meta)
    if frame is not None:
        return frame
    return _read_tolerant(payload, kwargs, meta, filename)


def _read_with_extra_columns(payload: bytes, kwargs: dict, header_cells: list[str], header_index: int,
                             error: str, meta: dict) -> pd.DataFrame | None:
    """The table with as many columns as its widest line (extra values kept), or None when that fails."""
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
                frame = read_csv_chunked(payload, {**kwargs, "skiprows": header_index + 1, "header": None,
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
            meta["bad_lines"] = [(i, [cell_text(v) for v in row]) for i, row in
                                 zip(frame.index[wide], frame[wide].itertuples(index=False))]
        meta["extra_columns"] = bool(extra_names)
        return frame
    return None


def _read_tolerant(payload: bytes, kwargs: dict, meta: dict, filename: str) -> pd.DataFrame:
    """pandas' python parser, cutting lines wider than the header (each reported)."""
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
