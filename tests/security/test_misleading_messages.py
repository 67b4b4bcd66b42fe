"""Finding 6 of issue 20 (the rest): two files got a message that blamed the wrong thing.

- A header row longer than the 256 KB sample was cut away with the sample's last line, leaving
  "The file has no data (only blank lines)".
- A UTF-16 byte-order mark in front of UTF-8 text was decoded as UTF-16 (one line of CJK
  nonsense) and ended as "no data rows".

Each now says what is wrong and what to do. The files are made in code.
"""

from __future__ import annotations

import codecs

import pytest

import cxlens
from cxlens import DataError
from cxlens.readers import read_tables

UTF8_TABLE = "Touchpoint,CSAT,Comment\nWeb,4,Très bien\nApp,5,ok\nShop,3,\n".encode("utf-8")


def _long_header_csv() -> bytes:
    # 300 columns of 1,000-character names: a 300 KB first line (the sample is 256 KB), then two rows.
    header = ",".join(f"c{i:03d}_" + "x" * 995 for i in range(300))
    rows = "\n".join(",".join(str(r) for _ in range(300)) for r in (1, 2))
    return (header + "\n" + rows + "\n").encode("ascii")


def test_a_header_row_over_the_sample_size_is_named_as_such():
    data = _long_header_csv()
    assert data.index(b"\n") > 256 * 1024
    with pytest.raises(DataError) as caught:
        read_tables(data, "long_header.csv")
    message = str(caught.value)
    assert "first line of text in the file is longer than 256 KB" in message
    assert "one row per line" in message
    assert "blank lines" not in message


def test_a_file_without_line_breaks_gets_the_same_message_through_load():
    data = b"a," * 200_000  # 400 KB, no line break at all
    with pytest.raises(DataError, match="longer than 256 KB"):
        cxlens.load(data, filename="one_line.csv")


def test_blank_lines_only_still_say_so():
    with pytest.raises(DataError, match=r"no data \(only blank lines\)"):
        read_tables(b"\n\n  \n", "blank.csv")


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE], ids=["le", "be"])
def test_a_utf16_byte_order_mark_on_utf8_text_is_named(bom):
    with pytest.raises(DataError) as caught:
        cxlens.load(bom + UTF8_TABLE, filename="mislabelled.csv")
    message = str(caught.value)
    assert "UTF-16 byte-order mark" in message and "UTF-8" in message
    assert "save it again as 'CSV UTF-8'" in message
    assert "no data rows" not in message


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_real_utf16_text_still_loads(codec):
    text = UTF8_TABLE.decode("utf-8")
    data = text.encode(codec) if codec == "utf-16" else (
        (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + text.encode(codec))
    tables = read_tables(data, "real_utf16.csv")
    assert list(tables[0].frame.columns) == ["Touchpoint", "CSAT", "Comment"]
    assert tables[0].frame["CSAT"].tolist() == [4, 5, 3]
    assert tables[0].frame["Comment"].iloc[0] == "Très bien"


def test_a_chosen_encoding_is_not_second_guessed():
    # A recipe that says UTF-16 is the user's choice: the file is read that way (no refusal here).
    tables = read_tables(codecs.BOM_UTF16_LE + "A,B\n1,2\n".encode("utf-16-le"), "f.csv",
                         csv_options={"encoding": "utf-16"})
    assert tables[0].frame.shape == (1, 2)
