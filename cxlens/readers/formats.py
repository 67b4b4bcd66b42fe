"""What a file is, told from its leading bytes (never from its name: exports are often mislabelled,
a CSV saved as ``.xlsx``, an HTML page saved as ``.xls``), and the message for files that are no table."""

from __future__ import annotations

import codecs

from ..errors import DataError

#: Leading bytes of common files that are not spreadsheets, with what to call them in a message.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "an image (PNG)"), (b"\xff\xd8\xff", "an image (JPEG)"), (b"GIF87a", "an image (GIF)"),
    (b"GIF89a", "an image (GIF)"), (b"BM", None), (b"II*\x00", "an image (TIFF)"), (b"MM\x00*", "an image (TIFF)"),
    (b"%PDF-", "a PDF document"), (b"\x1f\x8b", "a compressed (gzip) file"), (b"BZh", None),
    (b"7z\xbc\xaf\x27\x1c", "a compressed (7-Zip) archive"), (b"Rar!\x1a\x07", "a compressed (RAR) archive"),
    (b"\xfd7zXZ\x00", "a compressed (xz) file"), (b"\x28\xb5\x2f\xfd", "a compressed (zstd) file"),
    (b"SQLite format 3\x00", "a database (SQLite)"), (b"\x7fELF", "a program"), (b"MZ", None),
    (b"{\\rtf", "a Word/RTF document"), (b"ARROW1", "an Arrow/Feather file"),
]
_HTML_START = (b"<!doctype html", b"<html", b"<table", b"<head", b"<body", b"<meta", b"<title", b"<style", b"<div")
#: C0 control characters that never occur in text exports (tab, line feed, vertical tab,
#: form feed and carriage return do; NUL is judged separately).
_CONTROL = bytes(b for b in range(1, 32) if b not in (9, 10, 11, 12, 13))


def detect_format(data: bytes) -> str:
    """Return 'zip', 'xls', 'parquet', 'html', 'spreadsheetml', 'xml', 'binary' or 'text' from the leading bytes."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    if binary_kind(data):
        return "binary"
    sample = data[:4096]
    utf16 = "utf-16" if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else looks_utf16(sample)
    markup = _markup_kind(sample.decode(utf16, errors="ignore").encode("utf-8") if utf16 else sample)
    if markup:
        return markup
    if utf16:
        return "text"
    if b"\x00" in sample:
        # NUL bytes in a short prefix of a text file are damage, not text; decide by how many.
        if sample.count(b"\x00") > len(sample) // 20:
            return "binary"
    # Text exports never hold C0 control characters; binary data holds ~10% of them.
    if sum(sample.count(bytes([c])) for c in _CONTROL) > max(8, len(sample) // 100):
        return "binary"
    return "text"


def binary_kind(data: bytes) -> str | None:
    """'an image (PNG)', 'a PDF document', ... for well-known non-spreadsheet files, else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if kind is None:  # short signatures ('BM', 'MZ', 'BZh') also start ordinary text: need binary content too
                if b"\x00" in data[:64]:
                    return "a binary file"
                continue
            return kind
    if data[4:8] == b"ftyp":
        return "a video or audio file"
    return None


def _markup_kind(sample: bytes) -> str | None:
    """'html', 'spreadsheetml' (Excel 2003 XML) or 'xml' when ``sample`` is markup, else None."""
    text = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    while text.startswith(b"<!--"):  # "<!-- saved from url=... -->" precedes many saved pages
        end = text.find(b"-->")
        if end < 0:
            break
        text = text[end + 3:].lstrip()
    if text.startswith(b"<?xml") or text.startswith(b"<?mso"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in text:
            return "spreadsheetml"
        return "html" if (b"<html" in text or b"<!doctype html" in text) else "xml"
    if text.startswith(_HTML_START):
        return "html"
    return None


def looks_utf16(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when every other byte is NUL (UTF-16 without a BOM)."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def refuse(kind: str, data: bytes, filename: str) -> None:
    """Raise the DataError for a file of ``kind`` that holds no table we read ('html', 'xml', 'binary'...)."""
    if kind == "html":
        raise DataError(
            "This file is a web page (HTML), not a spreadsheet, although its name may say otherwise. "
            "Open it in Excel and save it as .xlsx or CSV, then upload that file.",
            filename=filename,
        )
    if kind == "spreadsheetml":
        raise DataError(
            "This file is an old 'XML Spreadsheet 2003' file, which we cannot read. "
            "Open it in Excel and save it as .xlsx or CSV, then upload that file.",
            filename=filename,
        )
    if kind == "xml":
        raise DataError(
            "This file is an XML document, not a spreadsheet. Export the data as .xlsx or CSV and upload that file.",
            filename=filename,
        )
    if kind == "binary":
        what = binary_kind(data)
        raise DataError(
            (f"This file is {what}, not a spreadsheet. " if what else
             "This file is not a spreadsheet or text file we can read (it contains binary data). ")
            + "Upload a CSV, Excel (.xlsx/.xls) or Parquet file.",
            filename=filename,
        )
