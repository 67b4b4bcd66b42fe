"""Checks that run on raw bytes before any parser sees them.

Why: a spreadsheet is a zip of XML. A 40 kB upload can declare gigabytes of
content (a "zip bomb") and exhaust the server's memory inside the parser, where
we could no longer stop it. We read the zip directory (which costs nothing) and
refuse files whose declared content is too large or compresses implausibly well,
then inflate every part once with a budget of its declared size, because the
directory can lie and the parser does not check it.

A workbook's sheets are also measured before parsing (see MAX_SHEET_CELLS): the
parser allocates a grid as large as the distance between the sheet's farthest
values, so a 1 kB sheet can demand gigabytes. The measuring is in cxlens.sheet_extent; the limits here.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib

from .errors import DataError
from .sheet_extent import SheetExtent, worksheet_members

try:
    # ISA-L inflates the same deflate streams as zlib, ~2.5x faster (the check inflates every
    # member of a workbook before the parser does it again); zlib where it is not installed.
    from isal import isal_zlib as _inflater_lib

    _INFLATE_ERRORS: tuple = (zlib.error, _inflater_lib.error)
except ImportError:  # pragma: no cover - isal is in requirements.txt
    _inflater_lib = zlib  # type: ignore[assignment]
    _INFLATE_ERRORS = (zlib.error,)

#: Largest upload accepted, in bytes. Mirrors ``server.maxUploadSize`` in
#: .streamlit/config.toml so notebook users get the same limit.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
#: Largest total uncompressed size a workbook may declare, in bytes.
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
#: Largest compression ratio (uncompressed / compressed) of one zip member.
#: Real workbooks stay under ~30; XML of one repeated value reaches ~100; bombs exceed 1000.
MAX_COMPRESSION_RATIO = 250
#: Members smaller than this are never judged by ratio (tiny files compress oddly).
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
#: Largest number of rows and columns read from one table.
MAX_ROWS = 5_000_000
MAX_COLUMNS = 1_000
#: The workbook parser holds a sheet as a dense grid (~32 bytes per cell) spanning every
#: cell that has a value, so one value in A1 and one in ALL100000 cost 3.2 GB, and an
#: allocation failure there aborts the whole server process. Before parsing, a sheet's
#: grid (rows x columns up to its farthest value) may not exceed MAX_SHEET_CELLS, nor
#: exceed SPARSE_FLOOR_CELLS while being MAX_SPARSITY times larger than its values.
MAX_SHEET_CELLS = 100_000_000
SPARSE_FLOOR_CELLS = 4_000_000
MAX_SPARSITY = 50
#: Sheets whose XML is at least this large are scanned on worker threads while they inflate.
PARALLEL_SCAN_MIN_BYTES = 16 * 1024 * 1024


#: Largest combined size of the files loaded together (one upload batch), in bytes.
MAX_BATCH_BYTES = 2 * MAX_UPLOAD_BYTES
#: A Parquet file may not declare more row groups than this (each is metadata to parse and a read).
MAX_PARQUET_ROW_GROUPS = 10_000
#: Bytes a text value costs in a pandas column beyond its characters (the Python str object).
_STR_OVERHEAD = 49


def check_batch(sizes: list[int], filenames: list[str | None] | None = None) -> None:
    """Refuse a batch of files whose combined size is over MAX_BATCH_BYTES (each file has its own cap)."""
    total = sum(sizes)
    if total > MAX_BATCH_BYTES:
        raise DataError(
            f"The {len(sizes)} files come to {total / 1e6:.0f} MB together; the limit for one upload is "
            f"{MAX_BATCH_BYTES / 1e6:.0f} MB. Upload fewer files at a time, or split them by period.",
            filename=", ".join(n for n in (filenames or []) if n) or None,
        )


def check_parquet(data: bytes, filename: str | None = None) -> None:
    """Refuse a Parquet file from its footer, before any column is read.

    A few hundred kB of Parquet can declare millions of rows of one long, dictionary-encoded string:
    gigabytes once read into pandas. The footer says how many row groups, rows and columns there are,
    how large each column chunk is uncompressed, and (usually) the longest value per chunk (min/max
    statistics); the estimate of the frame's memory uses the larger of the declared size and
    rows x (longest value + the str object). A text chunk without statistics is measured exactly:
    it is read alone with its dictionary kept (4 bytes a row) and its values' lengths summed."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(io.BytesIO(data)).metadata
    except Exception as exc:
        raise DataError("The Parquet file is damaged or unreadable. Export it again.", filename=filename) from exc
    refuse = "Split it by period, or remove columns you do not need, and upload again."
    if meta.num_columns > MAX_COLUMNS:
        raise DataError(f"The Parquet file has {meta.num_columns:,} columns; the limit is {MAX_COLUMNS:,}. "
                        + refuse, filename=filename)
    if meta.num_rows > MAX_ROWS:
        raise DataError(f"The Parquet file has {meta.num_rows:,} rows; the limit is {MAX_ROWS:,}. " + refuse,
                        filename=filename)
    if meta.num_rows * max(meta.num_columns, 1) > MAX_SHEET_CELLS:
        raise DataError(f"The Parquet file has {meta.num_rows * meta.num_columns:,} cells; the limit is "
                        f"{MAX_SHEET_CELLS:,}. " + refuse, filename=filename)
    if meta.num_row_groups > MAX_PARQUET_ROW_GROUPS:
        raise DataError(f"The Parquet file has {meta.num_row_groups:,} row groups; the limit is "
                        f"{MAX_PARQUET_ROW_GROUPS:,}. Write it again with larger row groups.", filename=filename)
    declared = estimate = 0
    readers: dict = {}  # column -> a reader that keeps that column's dictionary
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        declared += max(group.total_byte_size, 0)
        for c in range(group.num_columns):
            chunk = group.column(c)
            if chunk.physical_type not in ("BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"):
                estimate += 8 * group.num_rows
                continue
            stats = chunk.statistics if chunk.is_stats_set else None
            if stats is not None and stats.has_min_max:
                width = max(len(_as_bytes(stats.min)), len(_as_bytes(stats.max))) + _STR_OVERHEAD
                estimate += width * group.num_rows
            else:
                estimate += _text_chunk_bytes(data, readers, g, chunk, group.num_rows)
            if estimate > MAX_UNCOMPRESSED_BYTES:
                break
    if max(declared, estimate) > MAX_UNCOMPRESSED_BYTES:
        raise DataError(
            f"The Parquet file would take about {max(declared, estimate) / 1e9:.1f} GB once read, over the "
            f"{MAX_UNCOMPRESSED_BYTES / 1e9:.0f} GB limit. " + refuse, filename=filename)


def _text_chunk_bytes(data: bytes, readers: dict, group: int, chunk, rows: int) -> int:
    """A text column chunk's size as pandas strings, from its values' lengths (dictionary kept)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    name = chunk.path_in_schema
    try:
        if name not in readers:
            readers[name] = pq.ParquetFile(io.BytesIO(data), read_dictionary=[name])
        column = readers[name].read_row_group(group, columns=[name]).column(0)
    except Exception:  # a nested column: its declared size is all there is
        return max(chunk.total_uncompressed_size, 0) + _STR_OVERHEAD * rows
    total = 0
    for part in column.chunks:
        if pa.types.is_dictionary(part.type):
            lengths = pc.binary_length(part.dictionary).fill_null(0).to_numpy(zero_copy_only=False)
            codes = part.indices.fill_null(0).to_numpy(zero_copy_only=False)
            total += int(lengths[codes].sum()) if len(lengths) else 0
        else:
            total += int(pc.sum(pc.binary_length(part)).as_py() or 0)
    return total + _STR_OVERHEAD * rows


def _as_bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")


def check_size(data: bytes, filename: str | None = None) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise DataError(
            f"The file is {len(data) / 1e6:.0f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB. "
            "Split it (for example by year) or remove columns you do not need, then upload again.",
            filename=filename,
        )
    if not data:
        raise DataError("The file is empty (0 bytes). Export it again and upload the new file.", filename=filename)


_DAMAGED = ("The workbook is damaged and cannot be opened (it is not a complete Excel file). "
            "Open it in Excel, save it again as .xlsx, and upload the new file.")


def check_zip(data: bytes, filename: str | None = None, *, sheets: dict | None = None) -> zipfile.ZipFile:
    """Open ``data`` as a zip and refuse it if it is corrupt or a zip bomb.

    ``sheets``, when given, receives what was measured of each sheet member:
    ``{"first_row", "first_col"}`` (1-based sheet row and column where the parser's grid
    starts, None where unsure) and ``"error_cells"`` (cells holding an Excel error value).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError("zip file version 8.4"), ...: all mean damaged
        raise DataError(
            "The workbook is damaged and cannot be opened (it is not a complete Excel file). "
            "Open it in Excel, save it again as .xlsx, and upload the new file.",
            filename=filename,
        ) from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise DataError(
            f"The workbook holds {len(members):,} parts, far more than a spreadsheet has; it was refused for safety.",
            filename=filename,
        )
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise DataError(
                "The workbook expands to far more data than its size suggests (a 'zip bomb' pattern); "
                "it was refused for safety. If it is a genuine file, save it as CSV and upload that.",
                filename=filename,
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise DataError(
            f"The workbook expands to {total / 1e9:.1f} GB of data, over the {MAX_UNCOMPRESSED_BYTES / 1e9:.0f} GB limit. "
            "Split it into smaller files, or save the data sheet as CSV.",
            filename=filename,
        )
    _verify_members(data, archive, filename, measured=sheets)
    return archive


def _verify_members(data: bytes, archive: zipfile.ZipFile, filename: str | None,
                    measured: dict | None = None) -> None:
    """Inflate every member once, in chunks, and check it against the zip directory.

    The sizes checked above are only what the directory *declares*. A crafted file
    can declare 1 kB (with a CRC that matches those first bytes) and inflate to
    gigabytes, and the workbook parser trusts the compressed stream, not the
    directory. Here each deflate stream is inflated with a budget of its declared
    size: a stream that produces more, or ends early, is refused. Memory is bounded
    by one chunk; time by the declared total (at most MAX_UNCOMPRESSED_BYTES).
    """
    chunk = 1024 * 1024
    view = memoryview(data)
    sheets = worksheet_members(archive)
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise DataError(
                "The workbook is password-protected. Remove the password in Excel "
                "(File > Info > Protect Workbook), save it, and upload it again.",
                filename=filename,
            )
        start = info.header_offset
        if start + 30 > len(data) or bytes(view[start:start + 4]) != b"PK\x03\x04":
            raise DataError(_DAMAGED, filename=filename)
        name_len = int.from_bytes(view[start + 26:start + 28], "little")
        extra_len = int.from_bytes(view[start + 28:start + 30], "little")
        begin = start + 30 + name_len + extra_len
        raw = view[begin:begin + info.compress_size]
        if len(raw) != info.compress_size:
            raise DataError(_DAMAGED, filename=filename)
        extent = SheetExtent() if info.filename in sheets else None
        if extent and info.file_size >= PARALLEL_SCAN_MIN_BYTES:
            extent.parallel(min(os.cpu_count() or 1, 4))
        if info.compress_type == zipfile.ZIP_STORED:
            produced = len(raw)
            for pos in range(0, len(raw), chunk) if extent else ():
                extent.feed(bytes(raw[pos:pos + chunk]))
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            produced = _inflate_within(raw, info.file_size, chunk, extent.feed if extent else None)
        else:
            raise DataError(
                "The workbook uses a compression method Excel does not write. Open it in Excel or "
                "LibreOffice, save it again as .xlsx, and upload the new file.",
                filename=filename,
            )
        if produced is None or produced != info.file_size:
            raise DataError(
                "The workbook is damaged, or one of its parts expands to more data than the file declares "
                "(a 'zip bomb' pattern); it was refused for safety. Open it in Excel, save it again as .xlsx, "
                "and upload the new file.",
                filename=filename,
            )
        if extent:
            check_extent(extent, filename)
            if measured is not None:
                measured[info.filename] = {"first_row": extent.first_row, "first_col": extent.first_col,
                                         "error_cells": extent.error_cells}


def _inflate_within(raw: memoryview, budget: int, chunk: int, sink=None) -> int | None:
    """Bytes a raw deflate stream inflates to, or None once it exceeds ``budget`` or is corrupt."""
    inflater = _inflater_lib.decompressobj(-15)
    produced = 0
    pos = 0
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                feed = inflater.unconsumed_tail
            elif pos < len(raw):
                feed = raw[pos:pos + chunk]
                pos += chunk
            else:
                # All input given: drain what the inflater still holds (ISA-L keeps consumed input
                # inside rather than in unconsumed_tail).
                feed = b""
            out = inflater.decompress(feed, chunk)
            if not feed and not out:
                return None  # the stream stops before its end marker: truncated
            produced += len(out)
            if produced > budget:
                return None
            if sink is not None and out:
                sink(out)
    except _INFLATE_ERRORS:
        return None
    return produced


def check_extent(extent: SheetExtent, filename: str | None) -> None:
    """Refuse a sheet whose measured grid is damaged, too wide, too long, too sparse or too large."""
    extent.finish()
    rows, cols = extent.grid()
    area = rows * cols
    if extent.damaged:
        raise DataError(_DAMAGED, filename=filename)
    if cols > MAX_COLUMNS:
        raise DataError(
            f"A sheet has {cols:,} columns; the limit is {MAX_COLUMNS:,}. "
            "Remove columns you do not need (or transpose it) and upload again.",
            filename=filename,
        )
    if rows > MAX_ROWS:
        raise DataError(
            f"A sheet has {rows:,} rows; the limit is {MAX_ROWS:,}. Split it by period and upload the parts.",
            filename=filename,
        )
    if area > SPARSE_FLOOR_CELLS and area > MAX_SPARSITY * max(extent.values, 1):
        raise DataError(
            f"A sheet has values spread over {cols:,} columns and {rows:,} rows, but only "
            f"{extent.values:,} cells hold anything; reading it would take far more memory than its data "
            "needs, so it was refused for safety. In Excel, delete the rows and columns beyond your table "
            "(Ctrl+End shows the last used cell), save, and upload again.",
            filename=filename,
        )
    if area > MAX_SHEET_CELLS:
        raise DataError(
            f"A sheet spans {cols:,} columns and {rows:,} rows ({area:,} cells); the limit is "
            f"{MAX_SHEET_CELLS:,} cells. Split it by period, or remove columns you do not need, and upload again.",
            filename=filename,
        )
