"""Which text encoding a file is in: byte-order marks, UTF-16 without one, strict UTF-8, then the
best Western or Central European code page."""

from __future__ import annotations

import codecs

from .formats import looks_utf16

#: Bytes of a text file sampled to guess its encoding (and to sniff its delimiter and header).
SNIFF_BYTES = 256 * 1024


def detect_encoding(data: bytes) -> str:
    """BOM first, then UTF-16 without BOM, then strict UTF-8, then the best single-byte guess."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    bare = looks_utf16(data[:4096])
    if bare:
        return bare
    if decodes(data, "utf-8"):
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SNIFF_BYTES], cp_isolation=["cp1252", "latin_1", "cp1250", "iso8859_15", "mac_roman"]).best()
    if best is not None and best.encoding in ("cp1252", "latin_1", "cp1250", "iso8859_15", "mac_roman"):
        if best.encoding != "cp1252" and decodes(data, "cp1252"):
            return western_first(data[:SNIFF_BYTES], best.encoding)
        return best.encoding
    return "cp1252" if decodes(data, "cp1252") else "latin-1"


def _in_word_symbols(text: str) -> int:
    """Non-ASCII characters that are not letters yet stand between letters ('Za¿ó³æ'): a wrong code page."""
    return sum(1 for i in range(1, len(text) - 1)
               if ord(text[i]) > 127 and not text[i].isalpha() and text[i - 1].isalpha() and text[i + 1].isalpha())


def western_first(sample: bytes, other: str) -> str:
    """cp1252 (Western European) unless its reading puts symbols inside words and ``other``'s does not.

    Charset detection on short exports often prefers cp1250, which reads the French 'Très bien' as
    'Trčs bien': both decodings give letters there, so the Western one wins. Polish text in cp1250
    read as cp1252 shows symbols inside words ('Za¿ó³æ'), so there the other one wins.
    """
    western = _in_word_symbols(sample.decode("cp1252", errors="replace"))
    central = _in_word_symbols(sample.decode(other, errors="replace"))
    return other if central < western else "cp1252"


_DECODE_SLICE = 4 * 1024 * 1024


def decodes(data: bytes, encoding: str) -> bool:
    """Whether all of ``data`` decodes, without building the decoded text.

    Decoding a 200 MB export to test it would hold a str of up to 800 MB (one emoji makes
    CPython store every character in 4 bytes): the load's memory peak. UTF-8 is validated
    in place by Arrow, other encodings slice by slice.
    """
    if data.isascii():
        return True
    if encoding.replace("_", "-").lower() == "utf-8":
        import numpy as np
        import pyarrow as pa

        offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
        binary = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
        try:
            binary.cast(pa.large_string())  # validates UTF-8; no copy of the bytes
            return True
        except pa.ArrowInvalid:
            return False
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _DECODE_SLICE):
            decoder.decode(view[start : start + _DECODE_SLICE], final=start + _DECODE_SLICE >= len(data))
        return True
    except UnicodeDecodeError:
        return False
