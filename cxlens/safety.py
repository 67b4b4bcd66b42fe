"""Checks that run on raw bytes before any parser sees them.

Why: a spreadsheet is a zip of XML. A 40 kB upload can declare gigabytes of
content (a "zip bomb") and exhaust the server's memory inside the parser, where
we could no longer stop it. We read the zip directory (which costs nothing) and
refuse files whose declared content is too large or compresses implausibly well.
"""

from __future__ import annotations

import io
import zipfile

from .errors import DataError

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


def check_size(data: bytes, filename: str | None = None) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise DataError(
            f"The file is {len(data) / 1e6:.0f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB. "
            "Split it (for example by year) or remove columns you do not need, then upload again.",
            filename=filename,
        )
    if not data:
        raise DataError("The file is empty (0 bytes). Export it again and upload the new file.", filename=filename)


def check_zip(data: bytes, filename: str | None = None) -> zipfile.ZipFile:
    """Open ``data`` as a zip and refuse it if it is corrupt or a zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
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
    return archive
