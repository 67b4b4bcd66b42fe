"""cxlens.readers, module by module, on small files made in code (bytes written by hand).

Each test states the concrete reading: the format, encoding, delimiter, decimal mark, header
line, column names and values, and the notes the reader leaves for the problem report.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

import pandas as pd
import pytest

from cxlens import DataError
from cxlens.readers import (binary_kind, clean_headers, detect_encoding, detect_format, find_header_row, headerless,
                            read_tables, sniff_decimal, sniff_delimiter, western_first)
from cxlens.readers.table_edges import trailing_non_data
from cxlens.readers.tables import is_number


def one(data: bytes, name: str = "f.csv", **options):
    tables = read_tables(data, name, csv_options=options or None)
    assert len(tables) == 1
    return tables[0]


def xlsx(sheets: dict[str, list[list]], *, hidden: tuple[str, ...] = (), start: dict[str, int] | None = None) -> bytes:
    """A workbook whose sheets hold the given rows (the first row is whatever is written there)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        for name, rows in sheets.items():
            ws = xw.book.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None:
                        ws.write((start or {}).get(name, 0) + r, c, value)
            if name in hidden:
                ws.hide()
    return buf.getvalue()


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize("data, kind", [
    (b"PK\x03\x04rest", "zip"),
    (b"PK\x05\x06" + b"\x00" * 18, "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "xls"),
    (b"PAR1rest", "parquet"),
    (b"<!DOCTYPE html><html><table>", "html"),
    (b"<!-- saved from url=(0014)about:internet -->\n<html>", "html"),
    (b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">', "spreadsheetml"),
    (b'<?xml version="1.0"?><root/>', "xml"),
    (b"%PDF-1.7\n", "binary"),
    (b"a,b\n1,2\n", "text"),
    (b"BMW,Audi\n1,2\n", "text"),  # 'BM' starts bitmaps too: text without NUL bytes stays text
    ("<html><body>x</body></html>".encode("utf-16"), "html"),
    ("a,b\n1,2\n".encode("utf-16-le"), "text"),
    (bytes(range(1, 32)) * 20, "binary"),  # control characters no export holds
])
def test_detect_format(data, kind):
    assert detect_format(data) == kind


def test_binary_kind_names_well_known_files():
    assert binary_kind(b"\x89PNG\r\n\x1a\n....") == "an image (PNG)"
    assert binary_kind(b"%PDF-1.4") == "a PDF document"
    assert binary_kind(b"\x00\x00\x00\x18ftypmp42") == "a video or audio file"
    assert binary_kind(b"MZ" + b"\x00" * 62) == "a binary file"
    assert binary_kind(b"MZ text, no NUL") is None
    assert binary_kind(b"a,b\n") is None


@pytest.mark.parametrize("data, message", [
    (b"<html><table><tr><td>1</td></tr></table></html>", "web page (HTML)"),
    (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "XML Spreadsheet 2003"),
    (b'<?xml version="1.0"?><feed/>', "XML document"),
    (b"%PDF-1.7\n" + b"\x00" * 100, "This file is a PDF document, not a spreadsheet"),
])
def test_files_that_are_no_table_are_refused_with_what_they_are(data, message):
    with pytest.raises(DataError, match=re.escape(message)):
        read_tables(data, "data.xlsx")


# --------------------------------------------------------------------------- encodings


def test_detect_encoding():
    assert detect_encoding(codecs.BOM_UTF8 + "Café,1\n".encode()) == "utf-8-sig"
    assert detect_encoding("Café,1\n".encode("utf-16")) == "utf-16"
    assert detect_encoding("Café,Prix\nthé,1\n".encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding("Café,Prix\nthé,1\n".encode("utf-16-be")) == "utf-16-be"
    assert detect_encoding("Café,1\n".encode("utf-8")) == "utf-8"
    assert detect_encoding(b"plain ascii,1\n") == "utf-8"
    assert detect_encoding("Très bien,Qualité,Déçu\n".encode("cp1252") * 20) == "cp1252"


def test_western_first_keeps_cp1252_for_french_and_cp1250_for_polish():
    assert western_first("Très bien, très rapide".encode("cp1252"), "cp1250") == "cp1252"
    assert western_first("Zażółć gęślą jaźń, bardzo źle".encode("cp1250"), "cp1250") == "cp1250"


def test_cp1252_file_is_read_with_its_accents():
    table = one("Touchpoint;Note\nAccueil;Très bien\nCaisse;Déçu\n".encode("cp1252"))
    assert table.meta["encoding"] == "cp1252" and table.meta["delimiter"] == ";"
    assert table.frame["Note"].tolist() == ["Très bien", "Déçu"]


def test_utf16_with_bom_and_tabs():
    table = one("Touchpoint\tCSAT\nWeb\t4\nApp\t5\n".encode("utf-16"))
    assert table.meta["encoding"] == "utf-16" and table.meta["delimiter"] == "\t"
    assert table.frame["CSAT"].tolist() == [4, 5]


def test_encoding_from_the_recipe_wins():
    data = "Name,City\nJosé,Málaga\n".encode("utf-8")
    assert one(data, encoding="latin-1").frame["Name"].tolist() == ["JosÃ©"]


# --------------------------------------------------------------------------- delimiters and numbers


def test_sniff_delimiter():
    assert sniff_delimiter(["a;b;c", "1;2;3", "4;5;6"]) == ";"
    assert sniff_delimiter(["a\tb", "1\t2"]) == "\t"
    assert sniff_delimiter(["a|b|c", "1|2|3"]) == "|"
    # one long comment full of '&amp;' must not make ';' win over a ',' that splits every line alike
    assert sniff_delimiter(["id,comment", "1,fine", '2,"a &amp; b &amp; c &amp; d"', "3,ok"]) == ","
    assert sniff_delimiter(["just one column", "x"]) == ","


def test_sniff_decimal():
    assert sniff_decimal([["1,5", "2"], ["3,25", "x"]], ";") == (",", None)
    assert sniff_decimal([["1.234,5"], ["2,5"]], ";") == (",", ".")
    assert sniff_decimal([["1.5"], ["2.25"]], ";") == (".", None)
    assert sniff_decimal([["1,5"]], ",") == (".", None)  # with ',' as delimiter a comma is never the decimal mark


def test_european_csv_numbers_become_numbers_and_dates_stay_text():
    data = "Touchpoint;Revenue;Score;Date\nWeb;1.234,50;4,5;31.01.2026\nApp;2.000,00;3,0;01.02.2026\n".encode()
    table = one(data)
    assert (table.meta["decimal"], table.meta["thousands"]) == (",", ".")
    assert table.frame["Revenue"].tolist() == [1234.5, 2000.0]
    assert table.frame["Score"].tolist() == [4.5, 3.0]
    assert table.frame["Date"].tolist() == ["31.01.2026", "01.02.2026"]


def test_excel_sep_hint_line():
    table = one(b"sep=|\nTouchpoint|CSAT\nWeb|4\n")
    assert table.meta["delimiter"] == "|" and table.meta["delimiter_hint"] is True
    assert list(table.frame.columns) == ["Touchpoint", "CSAT"] and table.header_line == 2


def test_codes_with_leading_zeros_stay_text():
    table = one(b"Postcode,CSAT\n02134,4\n10001,5\n")
    assert table.frame["Postcode"].tolist() == ["02134", "10001"]
    assert table.frame["CSAT"].tolist() == [4, 5]


# --------------------------------------------------------------------------- header rows and table edges


def test_title_rows_above_a_csv_header():
    data = b"Customer survey export\nGenerated 2026-03-01\n\nTouchpoint,CSAT,Comment\nWeb,4,ok\nApp,2,slow\n"
    table = one(data)
    assert table.header_line == 4
    assert list(table.frame.columns) == ["Touchpoint", "CSAT", "Comment"]
    assert table.frame["CSAT"].tolist() == [4, 2]


def test_find_header_row_and_header_cleaning():
    grid = [["Report"], [None, None, None], ["Touchpoint", "CSAT", "NPS"], ["Web", 4, 9], ["App", 3, 7]]
    assert find_header_row(grid) == 2
    assert find_header_row([["a", "b"], [1, 2]]) == 0
    assert clean_headers(["", "A", "A", "  B   c ", None, "Unnamed: 5", "A (2)"]) == [
        "Column 1", "A", "A (2)", "B c", "Column 5", "Column 6", "A (2) (2)"]


def test_headerless_first_line():
    assert headerless(["0", "3", "3", "4"]) and not headerless(["2019", "2020", "2021"])
    assert not headerless(["Touchpoint", "4"]) and not headerless(["5"])
    table = one(b"1,3,4\n2,5,1\n3,2,2\n")
    assert table.meta["no_header"] is True and table.header_line == 0
    assert list(table.frame.columns) == ["Column 1", "Column 2", "Column 3"]
    assert table.frame["Column 2"].tolist() == [3, 5, 2]


def test_is_number():
    assert is_number(3) and is_number("4,5") and is_number(" 72% ") and not is_number(True)
    assert not is_number("n/a")


def test_totals_and_notes_below_a_table_are_set_aside():
    data = (b"Touchpoint,CSAT,NPS\nWeb,4,9\nApp,3,7\nStore,5,10\n"
            b"Grand total,12,26\nSource: CRM export,,\n")
    table = one(data)
    assert table.frame["Touchpoint"].tolist() == ["Web", "App", "Store"]
    assert table.frame["CSAT"].tolist() == [4, 3, 5]  # numbers again once the total row is gone
    assert table.meta["trailing_rows"] == [(3, "total or average row below the table", "Grand total | 12 | 26"),
                                           (4, "note below the table", "Source: CRM export")]


def test_trailing_non_data_stops_at_the_first_data_row():
    frame = pd.DataFrame({"a": ["x", "Average", "y"], "b": [1, 2, 3]})
    meta: dict = {}
    assert trailing_non_data(frame, meta) is frame and meta == {}


# --------------------------------------------------------------------------- irregular text


def test_lines_wider_than_the_header_keep_their_extra_values():
    table = one(b"Touchpoint,CSAT\nWeb,4\nApp,5,extra note\nStore,3\n")
    assert list(table.frame.columns) == ["Touchpoint", "CSAT", "Column 3"]
    assert table.meta["extra_columns"] == ["Column 3"]
    assert table.meta["bad_lines"] == [(1, ["App", "5", "extra note"])]
    assert table.frame["CSAT"].tolist() == [4, 5, 3]


def test_an_unclosed_quote_is_read_as_a_character_and_its_line_noted():
    table = one(b'Touchpoint,Comment\nWeb,fine\nApp,"never closed\nStore,ok\n')
    assert table.meta["unclosed_quote_line"] == 3
    assert table.frame["Touchpoint"].tolist() == ["Web", "App", "Store"]
    assert table.frame["Comment"].tolist() == ["fine", '"never closed', "ok"]


def test_nul_bytes_are_removed_and_counted():
    table = one(b"Touchpoint,CSAT,Comment\nWe\x00b,4,fine\nApp,5,slow\x00\nStore,3,ok\n")
    assert table.meta["nul_bytes"] == 2
    assert table.frame["Touchpoint"].tolist() == ["Web", "App", "Store"]
    assert table.frame["Comment"].tolist() == ["fine", "slow", "ok"]


def test_many_nul_bytes_in_a_short_file_make_it_binary():
    assert detect_format(b"a,b\n\x00\x00\x001,2\n") == "binary"


def test_empty_and_blank_text_files():
    with pytest.raises(DataError, match=r"empty \(0 bytes\)"):
        read_tables(b"", "f.csv")
    with pytest.raises(DataError, match=r"only blank lines"):
        read_tables(b"\r\n\r\n", "f.csv")


# --------------------------------------------------------------------------- survey exports


def test_qualtrics_csv_question_texts_become_the_names():
    data = ("StartDate,EndDate,Status,ResponseId,Q1,Q2_1\n"
            "Start Date,End Date,Response Type,Response ID,How satisfied are you?,Rate us - Web\n"
            '"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}",'
            '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_1""}"\n'
            "2026-01-01,2026-01-01,IP Address,R_1,4,5\n2026-01-02,2026-01-02,IP Address,R_2,2,3\n").encode()
    table = one(data)
    assert list(table.frame.columns) == ["Start Date", "End Date", "Response Type", "Response ID",
                                         "How satisfied are you?", "Rate us - Web"]
    assert table.frame["How satisfied are you?"].tolist() == [4.0, 2.0]
    assert table.frame.index.tolist() == [2, 3]  # row numbers still count the file's lines
    assert table.meta["survey_export"] == ("Qualtrics export: question texts used as column names; "
                                           "the import-ID row skipped")


def test_surveymonkey_question_and_part_rows_are_combined():
    data = ("Respondent ID,Collector ID,How satisfied?,Which channels?,\n"
            ",,Response,Web,App\n101,9,4,Web,\n102,9,2,,App\n").encode()
    table = one(data)
    assert list(table.frame.columns) == ["Respondent ID", "Collector ID", "How satisfied?",
                                         "Which channels? - Web", "Which channels? - App"]
    assert table.frame["How satisfied?"].tolist() == [4.0, 2.0]
    assert "SurveyMonkey export" in table.meta["survey_export"]


# --------------------------------------------------------------------------- workbooks


def test_workbook_sheets_header_rows_and_visibility():
    data = xlsx({"Read me": [["Instructions"], ["Fill in the data sheet"]],
                 "Data": [["Q1 survey"], [None], ["Touchpoint", "CSAT"], ["Web", 4], ["App", 2]],
                 "Old": [["Touchpoint", "CSAT"], ["Shop", 1]]}, hidden=("Old",))
    tables = read_tables(data, "book.xlsx")
    assert [t.sheet for t in tables] == ["Read me", "Data", "Old"]
    data_sheet = tables[1]
    assert data_sheet.header_line == 3 and data_sheet.meta["format"] == "xlsx"
    assert list(data_sheet.frame.columns) == ["Touchpoint", "CSAT"]
    assert data_sheet.frame["CSAT"].tolist() == [4, 2]
    assert [t.meta["visible"] for t in tables] == [True, True, False]


def test_a_table_below_empty_rows_counts_rows_from_the_sheet_top():
    data = xlsx({"Data": [["Touchpoint", "CSAT"], ["Web", 4], ["App", 5]]}, start={"Data": 4})
    table = read_tables(data, "book.xlsx")[0]
    assert table.header_line == 5  # the header sits in sheet row 5: data row 0 is row 6
    assert table.frame["Touchpoint"].tolist() == ["Web", "App"]


def test_a_workbook_that_is_a_csv_by_its_bytes_is_read_as_text():
    table = one(b"Touchpoint,CSAT\nWeb,4\n", name="really_a_csv.xlsx")
    assert table.meta["format"] == "csv" and table.sheet == ""


def test_a_zip_that_is_no_workbook_says_what_it_is():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(DataError, match="a zip archive, not an Excel workbook"):
        read_tables(buf.getvalue(), "book.xlsx")


# --------------------------------------------------------------------------- parquet


def test_parquet_is_read_with_clean_headers():
    buf = io.BytesIO()
    pd.DataFrame({" Touchpoint ": ["Web", "App"], "CSAT": [4, 5]}).to_parquet(buf)
    table = one(buf.getvalue(), name="data.parquet")
    assert table.meta == {"format": "parquet"} and table.header_line == 1
    assert list(table.frame.columns) == ["Touchpoint", "CSAT"] and table.frame["CSAT"].tolist() == [4, 5]


def test_damaged_parquet_is_refused():
    with pytest.raises(DataError, match="Parquet file is damaged"):
        read_tables(b"PAR1" + b"\x00" * 40, "data.parquet")
