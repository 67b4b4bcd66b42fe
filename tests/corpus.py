"""The corpus of odd and hostile files (issue #3), built in memory.

Every entry is code, not a committed binary: each builder returns ``(bytes, filename)``.
``tests/test_corpus.py`` states the outcome expected for each one, and
``tests/test_load_properties.py`` mutates them to look for crashes.

Builders are deterministic and small (the zip bomb is ~10 kB compressed) so the
whole corpus builds in well under a second.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile

import pandas as pd

# --------------------------------------------------------------------------- helpers


def xlsx(sheets: dict[str, pd.DataFrame], *, hidden: tuple[str, ...] = (), very_hidden: tuple[str, ...] = (),
         startrow: dict[str, int] | None = None, titles: dict[str, list[str]] | None = None) -> bytes:
    """A real .xlsx written by xlsxwriter; ``titles`` puts text rows above a sheet's table."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        for name, frame in sheets.items():
            start = (startrow or {}).get(name, 0)
            frame.to_excel(xw, sheet_name=name, index=False, startrow=start)
            ws = xw.sheets[name]
            for i, line in enumerate((titles or {}).get(name, [])):
                ws.write(i, 0, line)
            if name in hidden:
                ws.hide()
            if name in very_hidden:
                ws.very_hidden()
    return buf.getvalue()


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


#: A small, valid long-format feedback CSV used by several entries and as a mutation seed.
BASIC_CSV = (
    "Response ID,Date,Touchpoint,Channel,CSAT (1-5),Comment\n"
    "R1,2026-01-05,Checkout,Web,4,Fast\n"
    "R2,2026-01-06,Checkout,App,2,Card declined twice\n"
    "R3,2026-01-07,Delivery,Web,5,\n"
    "R4,2026-01-08,Delivery,Phone,3,Late but polite\n"
)


def basic_frame() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(BASIC_CSV))


# --------------------------------------------------------------------------- encodings and delimiters


def cp1252_semicolon_decimal_comma() -> tuple[bytes, str]:
    """Excel 'CSV (semicolon)' from a European Windows machine: cp1252, ';', decimal commas, '€'."""
    text = (
        "Touchpoint;Stage;Satisfaction;Spend (\u20ac);Comment\r\n"
        "Caf\u00e9 visit;Use;4,5;12,50;Tr\u00e8s bien \u2013 merci\r\n"
        "Caf\u00e9 visit;Use;3,0;8,00;\u00c7a va\r\n"
        "Kasse;Purchase;2,5;1.234,50;Zu langsam, \u00fcberall Schlangen\r\n"
    )
    return text.encode("cp1252"), "eu_export.csv"


def utf16le_bom_tabs() -> tuple[bytes, str]:
    """Excel 'Unicode Text': UTF-16 LE with a BOM, tab separated."""
    text = "Touchpoint\tCSAT\tComment\r\nCheckout\t4\tSmooth \u2714\r\nD\u00e9livrance\t2\t\u5ef6\u8fdf\r\n"
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "unicode.txt"


def utf16le_no_bom() -> tuple[bytes, str]:
    text = "Touchpoint,CSAT\nCheckout,4\nDelivery,2\nReturns,5\n"
    return text.encode("utf-16-le"), "nobom.csv"


def utf16be_no_bom() -> tuple[bytes, str]:
    text = "Touchpoint,CSAT\nCheckout,4\nDelivery,2\nReturns,5\n"
    return text.encode("utf-16-be"), "nobom_be.csv"


def utf8_bom() -> tuple[bytes, str]:
    """Excel 'CSV UTF-8': the BOM must not end up in the first header."""
    text = "Touchpoint,CSAT,Comment\nCheckout,4,\u00a1Genial!\nDelivery,2,\u00d6de\n"
    return codecs.BOM_UTF8 + text.encode("utf-8"), "bom.csv"


def excel_sep_hint() -> tuple[bytes, str]:
    """Excel writes 'sep=;' as the first line to tell itself the delimiter."""
    text = "sep=;\r\nTouchpoint;CSAT;Comment\r\nCheckout;4;ok, fine\r\nDelivery;2;late\r\n"
    return text.encode("utf-8"), "hint.csv"


def excel_sep_hint_utf8_bom_quoted() -> tuple[bytes, str]:
    """The hint line quoted (as some tools write it) after a UTF-8 BOM, with a comma delimiter."""
    text = '"sep=,"\nTouchpoint,CSAT\nCheckout,4\nDelivery,2\n'
    return codecs.BOM_UTF8 + text.encode("utf-8"), "hint_quoted.csv"


# --------------------------------------------------------------------------- layouts


def title_rows_csv() -> tuple[bytes, str]:
    text = (
        "Customer survey export\n"
        "Generated 2026-02-01 by SurveyTool\n"
        "\n"
        "Touchpoint,Channel,CSAT,Comment\n"
        "Checkout,Web,4,fine\n"
        "Checkout,App,5,great\n"
        "Delivery,Web,2,late\n"
    )
    return text.encode(), "titled.csv"


def title_rows_xlsx() -> tuple[bytes, str]:
    frame = pd.DataFrame({"Touchpoint": ["Checkout", "Delivery", "Returns"], "Channel": ["Web", "Web", "Store"],
                          "CSAT": [4, 2, 5]})
    data = xlsx({"Export": frame}, startrow={"Export": 3},
                titles={"Export": ["Quarterly survey export", "Confidential"]})
    return data, "titled.xlsx"


def duplicate_headers() -> tuple[bytes, str]:
    text = "Touchpoint,CSAT,CSAT,Comment,Comment\nCheckout,4,5,a,b\nDelivery,2,1,c,d\n"
    return text.encode(), "dupes.csv"


def wide_survey() -> tuple[bytes, str]:
    rows = []
    for i in range(30):
        rows.append({"Respondent": f"P{i:02d}", "Segment": "Family" if i % 3 else "Business",
                     "Booking": 1 + i % 5, "Check-in": 1 + (i * 2) % 5, "Room": 1 + (i * 3) % 5,
                     "Breakfast": 1 + (i * 4) % 5})
    return xlsx({"Survey": pd.DataFrame(rows)}), "wide.xlsx"


def complaint_log() -> tuple[bytes, str]:
    text = (
        "Date received,Product,Issue,Submitted via,Consumer complaint narrative,Complaint ID\n"
        "09/12/2016,Mortgage,Escrow,Web,,1001\n"
        "09/13/2016,Mortgage,Escrow,Phone,They lost my payment,1002\n"
        "09/14/2016,Credit card,Billing disputes,Web,,1003\n"
        "09/15/2016,Credit card,Late fee,Referral,Charged twice,1004\n"
    )
    return text.encode(), "complaints.csv"


def instructions_first_workbook() -> tuple[bytes, str]:
    """Sheet 1 is instructions (one column of prose), sheet 2 a data dictionary, sheet 3 the data."""
    instructions = pd.DataFrame({"How to fill in this workbook": [
        "1. One row per survey response.", "2. Scores are 1-5.", "3. Leave unknown values blank."]})
    dictionary = pd.DataFrame({
        "Field": ["Touchpoint", "CSAT", "Comment", "Channel"],
        "Description": ["Where the customer interacted", "Satisfaction 1-5", "Free text", "Web/App/Store"],
        "Type": ["text", "number", "text", "text"],
        "Example": ["Checkout", "4", "Great", "Web"],
    })
    data = pd.DataFrame({"Touchpoint": ["Checkout", "Delivery", "Checkout"], "Channel": ["Web", "App", "Store"],
                         "CSAT": [4, 2, 5], "Comment": ["ok", "late", ""]})
    return xlsx({"Instructions": instructions, "Data dictionary": dictionary, "Responses": data}), "template.xlsx"


def hidden_sheet_workbook() -> tuple[bytes, str]:
    visible = pd.DataFrame({"Touchpoint": ["Checkout", "Delivery"], "CSAT": [4, 2]})
    hidden = pd.DataFrame({"Touchpoint": ["Old checkout"] * 3, "CSAT": [1, 1, 1]})
    lookup = pd.DataFrame({"Touchpoint": ["Secret"] * 3, "CSAT": [5, 5, 5]})
    return xlsx({"Data": visible, "Old": hidden, "Calc": lookup}, hidden=("Old",), very_hidden=("Calc",)), "hidden.xlsx"


# --------------------------------------------------------------------------- dates


def mixed_date_formats() -> tuple[bytes, str]:
    text = (
        "Touchpoint,Date,CSAT\n"
        "Checkout,2026-01-05,4\n"
        "Checkout,2026-01-06,4\n"
        "Delivery,2026-01-07,3\n"
        "Delivery,31/01/2026,2\n"
        "Returns,05/02/2026,5\n"
        "Returns,yesterday,5\n"
    )
    return text.encode(), "mixed_dates.csv"


def us_dates() -> tuple[bytes, str]:
    text = "Touchpoint,Date,CSAT\nA,09/12/2016,4\nA,09/13/2016,3\nB,10/01/2016,5\n"
    return text.encode(), "us_dates.csv"


def eu_dates() -> tuple[bytes, str]:
    text = "Touchpoint,Date,CSAT\nA,12/09/2016,4\nA,13/09/2016,3\nB,01/10/2016,5\n"
    return text.encode(), "eu_dates.csv"


def ambiguous_dates() -> tuple[bytes, str]:
    """Every value fits both day/month orders: the loader must say it guessed."""
    text = "Touchpoint,Date,CSAT\nA,01/02/2026,4\nA,03/04/2026,3\nB,05/06/2026,5\n"
    return text.encode(), "ambiguous_dates.csv"


def german_dates_with_thousands() -> tuple[bytes, str]:
    """dd.mm.yyyy dates beside '1.234' numbers: the date must not be read as the number 31012026."""
    text = ("Touchpoint;Date;Satisfaction;Revenue\n"
            "Kasse;31.01.2026;4,5;1.234,50\n"
            "Kasse;01.02.2026;3,5;12.500\n"
            "Lieferung;02.02.2026;2,0;980,00\n")
    return text.encode("cp1252"), "de.csv"


def excel_serial_dates_csv() -> tuple[bytes, str]:
    text = "Touchpoint,Date,CSAT\nA,46027,4\nA,46028,3\nB,46029,5\n"
    return text.encode(), "serials.csv"


def excel_serial_dates_xlsx() -> tuple[bytes, str]:
    """A date column typed as numbers (General format) in a workbook, beside a real date column."""
    frame = pd.DataFrame({"Touchpoint": ["A", "B", "C"], "Date": [46027, 46028, 46029], "CSAT": [4, 3, 5],
                          "Visit date": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-07"])})
    return xlsx({"Data": frame}), "serials.xlsx"


# --------------------------------------------------------------------------- values


def zero_as_not_applicable() -> tuple[bytes, str]:
    """A 1-5 score where 0 is the export's code for 'not applicable' (2 zeros in 40)."""
    scores = [1 + i % 5 for i in range(40)]
    scores[7] = 0
    scores[21] = 0
    lines = ["Touchpoint,CSAT"] + [f"{'Checkout' if i % 2 else 'Delivery'},{s}" for i, s in enumerate(scores)]
    return ("\n".join(lines) + "\n").encode(), "zeros.csv"


def na_strings() -> tuple[bytes, str]:
    text = (
        "Touchpoint,CSAT,Likelihood to recommend\n"
        "Checkout,4,9\n"
        "Checkout,N/A,10\n"
        "Delivery,n/a,-\n"
        "Delivery,-,don't know\n"
        "Returns,don't know,7\n"
        "Returns,Don\u2019t know,N/A\n"
        "Returns,5,8\n"
    )
    return text.encode(), "na.csv"


def percent_strings() -> tuple[bytes, str]:
    text = "Touchpoint,CSAT,Comment\nCheckout,72%,ok\nDelivery,85%,good\nReturns, 90 % ,great\n"
    return text.encode(), "percent.csv"


def percent_confidence_workbook() -> tuple[bytes, str]:
    opps = pd.DataFrame({"Opportunity": ["Fix form", "New app"], "Customer value (1-10)": [8, 6],
                         "Effort (1-10)": [3, 9], "Confidence": ["80%", "35%"]})
    return xlsx({"Opportunities": opps}), "opps.xlsx"


def header_only_csv() -> tuple[bytes, str]:
    return b"Touchpoint,CSAT,Comment\n", "header_only.csv"


def header_only_xlsx() -> tuple[bytes, str]:
    return xlsx({"Data": pd.DataFrame(columns=["Touchpoint", "CSAT", "Comment"])}), "header_only.xlsx"


def empty_file() -> tuple[bytes, str]:
    return b"", "empty.csv"


def blank_lines_file() -> tuple[bytes, str]:
    return b"\r\n\r\n   \r\n", "blank.csv"


def formula_cells() -> tuple[bytes, str]:
    """Formulas with cached results that differ from what evaluating them would give.

    If the loader evaluated '=1+1' it would get 2; the cached value written is 4, so
    reading 4 proves that only cached values are used. A text cell that looks like a
    DDE formula must stay text.
    """
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        pd.DataFrame({"Touchpoint": ["Checkout", "Delivery"], "CSAT": [0, 0], "Comment": ["", ""]}).to_excel(
            xw, sheet_name="Data", index=False)
        ws = xw.sheets["Data"]
        ws.write_formula(1, 1, "=1+1", None, 4)
        ws.write_formula(2, 1, '=WEBSERVICE("http://example.invalid/x")', None, 3)
        ws.write_string(1, 2, "=cmd|' /C calc'!A0")
        ws.write_formula(2, 2, '=HYPERLINK("http://example.invalid","click")', None, "click")
    return buf.getvalue(), "formulas.xlsx"


def _one_mb_comment() -> str:
    """1 MiB of varied prose (varied so that, zipped, it does not look like a zip bomb), with markup-ish characters."""
    import random

    rng = random.Random(11)
    words = ["the", "parcel", "arrived", "late", "again", "and", "nobody", "called", "back", "refund", "waited",
             "weeks", "courier", "damaged", "box", "support", "chat", "closed", "twice", "<b>", "&amp;", "\"quoted\"",
             "caf\u00e9", "\u2013", "50%", "1.234,5", "\u00fcber"]
    out, size = [], 0
    while size < 1024 * 1024:
        word = rng.choice(words) + (". " if rng.random() < 0.1 else " ")
        out.append(word)
        size += len(word)
    return "".join(out)[: 1024 * 1024 - 3] + "END"


#: A 1 MiB (1,048,576-character) comment; Excel caps cells at 32,767 characters, other tools do not.
ONE_MB_COMMENT = _one_mb_comment()


def huge_comment_csv() -> tuple[bytes, str]:
    quoted = ONE_MB_COMMENT.replace('"', '""')
    text = f'Touchpoint,CSAT,Comment\nCheckout,4,"{quoted}"\nDelivery,2,short\n'
    return text.encode(), "huge_comment.csv"


def huge_comment_xlsx() -> tuple[bytes, str]:
    """Written as raw sheet XML: Excel and openpyxl would truncate the cell to 32,767 characters."""
    from xml.sax.saxutils import escape

    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Touchpoint</t></is></c><c r="B1" t="inlineStr"><is><t>CSAT</t>'
        '</is></c><c r="C1" t="inlineStr"><is><t>Comment</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Checkout</t></is></c><c r="B2"><v>4</v></c>'
        f'<c r="C2" t="inlineStr"><is><t xml:space="preserve">{escape(ONE_MB_COMMENT)}</t></is></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Delivery</t></is></c><c r="B3"><v>2</v></c>'
        '<c r="C3" t="inlineStr"><is><t>short</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _workbook_zip(sheet_bytes=sheet.encode()), "huge_comment.xlsx"


def long_comment_200k_csv() -> tuple[bytes, str]:
    """A 200 kB comment: over the csv module's default 128 kB field limit, inside the 256 kB sniffing window."""
    comment = ONE_MB_COMMENT[: 200 * 1024]
    return f'Touchpoint,CSAT,Comment\nCheckout,4,"{comment.replace(chr(34), chr(34) * 2)}"\n'.encode(), "long.csv"


def nul_bytes_csv() -> tuple[bytes, str]:
    text = "Touchpoint,CSAT,Comment\nCheck\x00out,4,fine\x00\nDelivery,2,late\n"
    return text.encode(), "nul.csv"


XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"


def html_in_comments() -> tuple[bytes, str]:
    text = (
        "Touchpoint,CSAT,Comment\n"
        f"Checkout,4,{XSS_SCRIPT}\n"
        f'Delivery,2,"{XSS_IMG}"\n'
        "Returns,5,=HYPERLINK(\"http://evil.invalid\")\n"
    )
    return text.encode(), "xss.csv"


def ragged_line() -> tuple[bytes, str]:
    """Line 4 has an unquoted comma in the comment, so one field more than the header."""
    text = (
        "Touchpoint,CSAT,Comment\n"
        "Checkout,4,fine\n"
        "Delivery,2,late\n"
        "Returns,5,great service, thanks\n"
        "Checkout,3,ok\n"
    )
    return text.encode(), "ragged.csv"


def eu_thousands_catalogue() -> tuple[bytes, str]:
    text = (
        "Touchpoint;Stage;Owner;Monthly volume;CSAT\n"
        "Checkout;Purchase;Digital;12.500;4,2\n"
        "Delivery;Use;Logistics;1.234,5;3,9\n"
        "Returns;Support;Service;980;3,1\n"
    )
    return text.encode("cp1252"), "catalogue_eu.csv"


# --------------------------------------------------------------------------- formats


def parquet_file() -> tuple[bytes, str]:
    frame = pd.DataFrame({"Touchpoint": ["Checkout", "Delivery", "Checkout"], "CSAT": [4, 2, 5],
                          "Date": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-07"]),
                          "Comment": ["ok", None, "great"]})
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue(), "feedback.parquet"


def multi_file() -> tuple[list[bytes], list[str]]:
    feedback = ("Response ID,Touchpoint,CSAT\nR1,Checkout,4\nR2,Delivery,2\nR3,Onboarding call,5\n").encode()
    catalogue = pd.DataFrame({"Touchpoint": ["Onboarding call", "Checkout", "Delivery"],
                              "Stage": ["Onboarding", "Purchase", "Delivery"],
                              "Stage order": [3, 1, 2], "Owner": ["Service", "Digital", "Logistics"],
                              "Monthly volume": [300, 5000, 4800]})
    return [feedback, xlsx({"Touchpoints": catalogue})], ["feedback.csv", "catalogue.xlsx"]


def html_as_csv() -> tuple[bytes, str]:
    return b"<!DOCTYPE html>\n<html><body><table><tr><td>CSAT</td></tr></table></body></html>", "report.csv"


def html_as_xls() -> tuple[bytes, str]:
    """Excel 'Web page' exports and many reporting tools save HTML tables with an .xls name."""
    html = ('\r\n  <html xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n<head><meta charset="utf-8"></head>'
            "<body><table><tr><td>Touchpoint</td><td>CSAT</td></tr><tr><td>A</td><td>4</td></tr></table>"
            "</body></html>")
    return html.encode(), "report.xls"


def html_utf16_as_xls() -> tuple[bytes, str]:
    html = "<html><body><table><tr><td>Touchpoint</td><td>CSAT</td></tr></table></body></html>"
    return codecs.BOM_UTF16_LE + html.encode("utf-16-le"), "report16.xls"


def html_comment_first() -> tuple[bytes, str]:
    return b"<!-- saved from url=(0014)about:internet -->\n<html><body>x</body></html>", "saved.csv"


def spreadsheetml_2003() -> tuple[bytes, str]:
    xml = ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"/></Workbook>')
    return xml.encode(), "old.xls"


def csv_named_xlsx() -> tuple[bytes, str]:
    return BASIC_CSV.encode(), "actually_csv.xlsx"


def png_file() -> tuple[bytes, str]:
    """A real (tiny) PNG followed by incompressible-looking data, as a larger image would have."""
    import random
    import struct
    import zlib

    rng = random.Random(3)
    width = height = 64
    raw = b"".join(b"\x00" + bytes(rng.randrange(1, 256) for _ in range(width * 3)) for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))
    return png, "chart.csv"


def pdf_file() -> tuple[bytes, str]:
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n", "report.csv"


def gzip_file() -> tuple[bytes, str]:
    import gzip

    return gzip.compress(BASIC_CSV.encode()), "export.csv.gz"


def ole2_garbage() -> tuple[bytes, str]:
    """An OLE2 compound-file header followed by garbage (what a damaged .xls looks like)."""
    import random

    rng = random.Random(7)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(4096)), "damaged.xls"


def password_protected_xlsx() -> tuple[bytes, str]:
    """Excel saves an encrypted workbook as an OLE2 container holding 'EncryptionInfo' and 'EncryptedPackage'.

    Only the parts a reader can recognise are reproduced: the OLE2 signature and the
    UTF-16 stream names in the directory sector.
    """
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00") + \
        "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    return bytes(header) + directory.ljust(512, b"\x00") + b"\x5a" * 2048, "locked.xlsx"


def docx_like_zip() -> tuple[bytes, str]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue(), "letter.xlsx"


# --------------------------------------------------------------------------- hostile zips


def _workbook_zip(*, sheet_bytes: bytes | None = None, extra: dict[str, bytes] | None = None,
                  compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal xlsx package written by zipfile; the sheet XML may be replaced by a bomb payload."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    sheet = sheet_bytes if sheet_bytes is not None else (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Touchpoint</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>CSAT</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Checkout</t></is></c><c r="B2"><v>4</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, body in (extra or {}).items():
            z.writestr(name, body)
    return buf.getvalue()


def minimal_workbook() -> tuple[bytes, str]:
    return _workbook_zip(), "minimal.xlsx"


#: Size of the bomb's sheet XML: over RATIO_FLOOR_BYTES (1 MiB), compressing ~1000:1.
BOMB_PAYLOAD_BYTES = 4 * 1024 * 1024


def _bomb_sheet() -> bytes:
    head = (b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    tail = b"</sheetData></worksheet>"
    return head + b" " * (BOMB_PAYLOAD_BYTES - len(head) - len(tail)) + tail


def zip_bomb_ratio() -> tuple[bytes, str]:
    """An honest bomb: its sheet declares 4 MiB and compresses ~1000:1 (over the 250 ratio limit)."""
    return _workbook_zip(sheet_bytes=_bomb_sheet()), "bomb.xlsx"


def zip_bomb_lying_sizes() -> tuple[bytes, str]:
    """A dishonest bomb: the zip directory claims the sheet is 1,000 bytes; it inflates to 4 MiB.

    The CRC is set to that of the first 1,000 bytes, so even a reader that stops at the
    declared size and checks the CRC is fooled. The directory check alone cannot see it;
    only inflating with a budget can (the workbook parser itself inflates the whole stream).
    """
    import struct
    import zlib

    payload = _bomb_sheet()
    declared = 1000
    crc = zlib.crc32(payload[:declared])
    data = bytearray(_workbook_zip(sheet_bytes=payload))
    name = b"xl/worksheets/sheet1.xml"
    # (signature, offset of name length, offset of CRC, offset of uncompressed size, offset of name)
    for signature, name_len_at, crc_at, size_at, name_at in ((b"PK\x01\x02", 28, 16, 24, 46),
                                                             (b"PK\x03\x04", 26, 14, 22, 30)):
        pos = data.find(signature)
        while pos >= 0:
            n = struct.unpack_from("<H", data, pos + name_len_at)[0]
            if bytes(data[pos + name_at: pos + name_at + n]) == name:
                struct.pack_into("<I", data, pos + crc_at, crc)
                struct.pack_into("<I", data, pos + size_at, declared)
            pos = data.find(signature, pos + 4)
    return bytes(data), "liar.xlsx"


def zip_many_members() -> tuple[bytes, str]:
    return _workbook_zip(extra={f"xl/media/p{i}.bin": b"" for i in range(40)}), "parts.xlsx"


def wide_xlsx(columns: int = 40) -> tuple[bytes, str]:
    frame = pd.DataFrame({f"Q{i}": [1, 2, 3] for i in range(columns)})
    frame.insert(0, "Touchpoint", ["A", "B", "C"])
    return xlsx({"Data": frame}), "wide_columns.xlsx"


def wide_csv(columns: int = 40) -> tuple[bytes, str]:
    header = ",".join(["Touchpoint"] + [f"Q{i}" for i in range(columns)])
    row = ",".join(["A"] + ["3"] * columns)
    return f"{header}\n{row}\n".encode(), "wide_columns.csv"


#: name -> builder, for the mutation-based property test (single-file entries only).
SEEDS = {
    "basic_csv": lambda: (BASIC_CSV.encode(), "basic.csv"),
    "cp1252": cp1252_semicolon_decimal_comma,
    "utf16": utf16le_bom_tabs,
    "title_xlsx": title_rows_xlsx,
    "wide_xlsx_survey": wide_survey,
    "formulas": formula_cells,
    "minimal_workbook": minimal_workbook,
    "parquet": parquet_file,
    "ragged": ragged_line,
}


def unclosed_quote() -> tuple[bytes, str]:
    """A quote opened in line 3 and never closed: it must not swallow the rest of the file."""
    text = 'Touchpoint,CSAT,Comment\nCheckout,4,fine\nDelivery,2,"late\nReturns,5,ok\n'
    return text.encode(), "unclosed.csv"


def _sheet_xml(rows: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Touchpoint</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>CSAT</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>Checkout</t></is></c><c r="B2"><v>4</v></c></row>'
            f"{rows}</sheetData></worksheet>").encode()


def sparse_sheet_bomb() -> tuple[bytes, str]:
    """Two values far apart: the parser would allocate a 1,000 x 100,000 grid (3.2 GB) for a 1 kB file.

    Within MAX_COLUMNS and MAX_ROWS, so only the grid-size check catches it; without it the
    allocation fails inside the parser, which aborts the whole server process.
    """
    return _workbook_zip(sheet_bytes=_sheet_xml('<row r="100000"><c r="ALL100000"><v>1</v></c></row>')), "sparse.xlsx"


def formatted_far_cell() -> tuple[bytes, str]:
    """A formatted but empty cell far away (Excel's 'Ctrl+End' clutter): harmless, must load."""
    return _workbook_zip(sheet_bytes=_sheet_xml('<row r="1048576"><c r="XFD1048576" s="1"/></row>')), "clutter.xlsx"


def cells_without_references() -> tuple[bytes, str]:
    """The cell reference attribute is optional; some generators omit it everywhere."""
    body = "".join(f'<row><c t="inlineStr"><is><t>T{i % 3}</t></is></c><c><v>{1 + i % 5}</v></c></row>'
                   for i in range(20))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row><c t="inlineStr"><is><t>Touchpoint</t></is></c><c t="inlineStr"><is><t>CSAT</t></is></c></row>'
             f"{body}</sheetData></worksheet>")
    return _workbook_zip(sheet_bytes=sheet.encode()), "no_refs.xlsx"


#: The far cell of ``sparse_sheet_bomb`` written in every way the workbook parser accepts.
SPARSE_BOMB_SPELLINGS = {
    "single quotes": "<row r='100000'><c r='ALL100000'><v>1</v></c></row>",
    "spaces around =": '<row r = "100000"><c r = "ALL100000"><v>1</v></c></row>',
    "r not first": '<row spans="1:1000" r="100000"><c s="0" t="n" r="ALL100000"><v>1</v></c></row>',
    "lower case": '<row r="100000"><c r="all100000"><v>1</v></c></row>',
    "zero padding beside": '<row r="100000"><c r="ALL100000"><v>1</v></c><c r="A0000001"><v>1</v></c></row>',
    "tabs and newlines": '<row\n\tr="100000"><c\n\tr\t=\t"ALL100000"><v>1</v></c></row>',
    "no r on the far cell": '<row r="100000">' + "<c><v>1</v></c>" * 999 + "<c><v>1</v></c></row>",
    "formula cell": '<row r="100000"><c r="ALL100000"><f>1+1</f><v>2</v></c></row>',
    "inline string": '<row r="100000"><c r="ALL100000" t="inlineStr"><is><t>x</t></is></c></row>',
}


def sparse_sheet_bomb_spelled(spelling: str) -> tuple[bytes, str]:
    return _workbook_zip(sheet_bytes=_sheet_xml(SPARSE_BOMB_SPELLINGS[spelling])), "sparse.xlsx"


def stored_workbook() -> tuple[bytes, str]:
    """Some tools write workbooks without compression ('stored' zip members)."""
    return _workbook_zip(compression=zipfile.ZIP_STORED), "stored.xlsx"


def stored_sparse_sheet_bomb() -> tuple[bytes, str]:
    sheet = _sheet_xml('<row r="100000"><c r="ALL100000"><v>1</v></c></row>')
    return _workbook_zip(sheet_bytes=sheet, compression=zipfile.ZIP_STORED), "stored_sparse.xlsx"


# --------------------------------------------------------------------------- survey platform exports

QUALTRICS_IDS = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                 "RecordedDate", "ResponseId", "Q1", "Q2_1", "Q2_2", "Q2_3", "Q3", "Q4"]
QUALTRICS_LABELS = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
                    "Finished", "Recorded Date", "Response ID", "Which segment describes you?",
                    "How satisfied were you with each of the following? - Website",
                    "How satisfied were you with each of the following? - Mobile app",
                    "How satisfied were you with each of the following? - Call centre",
                    "How likely are you to recommend us to a friend?", "Anything else?"]
QUALTRICS_ROWS = [
    ["2026-03-01 10:00:00", "2026-03-01 10:05:00", "IP Address", "1.2.3.4", 100, 300, "True", "2026-03-01 10:05:01",
     "R_1", "Small business", 4, 5, 2, 9, "Great"],
    ["2026-03-02 11:00:00", "2026-03-02 11:04:00", "IP Address", "1.2.3.5", 100, 240, "True", "2026-03-02 11:04:01",
     "R_2", "Enterprise", 3, None, 1, 6, "Call centre was slow"],
    ["2026-03-03 12:00:00", "2026-03-03 12:03:00", "IP Address", "1.2.3.6", 100, 180, "True", "2026-03-03 12:03:01",
     "R_3", "Consumer", 5, 4, 3, "ten", None],
    ["2026-03-04 09:00:00", "2026-03-04 09:02:00", "IP Address", "1.2.3.7", 100, 120, "True", "2026-03-04 09:02:01",
     "R_4", "Consumer", 2, 2, 1, 3, "Website keeps logging me out"],
]


def qualtrics_csv() -> tuple[bytes, str]:
    """A Qualtrics CSV export: short names, question texts, a row of import IDs, then responses.

    R_3's recommendation is the word 'ten' (line 6 of the file), to check row numbers.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(QUALTRICS_IDS)
    writer.writerow(QUALTRICS_LABELS)
    writer.writerow([json.dumps({"ImportId": i}, separators=(",", ":")) for i in QUALTRICS_IDS])
    for row in QUALTRICS_ROWS:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8-sig"), "qualtrics_export.csv"


def qualtrics_xlsx() -> tuple[bytes, str]:
    """A Qualtrics Excel export: short names and question texts, no import-ID row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet0"
    ws.append(QUALTRICS_IDS)
    ws.append(QUALTRICS_LABELS)
    for row in QUALTRICS_ROWS:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), "qualtrics_export.xlsx"


def surveymonkey_csv() -> tuple[bytes, str]:
    """A SurveyMonkey 'all responses' export: questions over their columns, then a row naming each part.

    Answers are exported as words; a grid question rates three parts of a hotel stay; a
    multiple-choice question has one column per choice. Respondent 11402's end date is 'soon'.
    """
    rows = [
        ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
         "Last Name", "Custom Data 1", "Which best describes you?",
         "How satisfied were you with each part of your visit?", "", "",
         "How likely is it that you would recommend us to a friend or colleague?", "Which channels did you use?",
         "", "", "Is there anything else you would like to tell us?"],
        ["", "", "", "", "", "", "", "", "", "Response", "Booking", "Check-in", "Room", "Response", "Email", "Phone",
         "Chat", "Open-Ended Response"],
        ["11401", "2345", "03/14/2026 10:00:00 AM", "03/14/2026 10:05:00 AM", "1.2.3.4", "", "", "", "", "Leisure",
         "Very satisfied", "Satisfied", "Dissatisfied", "9", "Email", "", "Chat", "Room was noisy"],
        ["11402", "2345", "03/15/2026 11:00:00 AM", "soon", "1.2.3.5", "", "", "", "", "Business",
         "Satisfied", "Very dissatisfied", "Satisfied", "6", "", "Phone", "", ""],
        ["11403", "2345", "03/16/2026 12:00:00 PM", "03/16/2026 12:03:00 PM", "1.2.3.6", "", "", "", "", "Leisure",
         "Very satisfied", "Very satisfied", "Neither satisfied nor dissatisfied", "10", "Email", "", "", "Lovely stay"],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8"), "surveymonkey_export.csv"
