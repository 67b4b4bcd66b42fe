"""Exports cannot smuggle formulas into Excel, and the template loads back as the canonical model."""

import io

import openpyxl
import pandas as pd

import cxlens
from cxlens import export
from cxlens.template import template_workbook


HOSTILE = pd.DataFrame({
    "comment": ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "fine", None],
    "score": [1, -3, 2, 3, 4, 5, 6, 7],
})


def test_neutralise_prefixes_every_formula_trigger_and_keeps_numbers():
    out = export.neutralise(HOSTILE)
    assert out["comment"].tolist()[:6] == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1+1", "'-2+3", "'@SUM(A1)",
                                           "'\tTab", "'\rCR"]
    assert out["comment"].iloc[6] == "fine" and pd.isna(out["comment"].iloc[7])
    assert out["score"].tolist() == HOSTILE["score"].tolist()  # negative numbers stay numbers


def test_csv_export_is_inert():
    text = export.to_csv_bytes(HOSTILE).decode("utf-8-sig")
    lines = text.split("\r\n")  # RFC 4180 line ends
    assert lines[1].startswith('"\'=HYPERLINK') and lines[2] == "'+1+1,-3" and lines[3] == "'-2+3,2"
    assert not any(line.startswith(("=", "+", "-", "@", '"=')) for line in lines)


def test_xlsx_export_holds_text_not_formulas():
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(HOSTILE)))
    cells = [c.value for c in book["Data"]["A"]][1:]
    types = [c.data_type for c in book["Data"]["A"]][1:7]
    assert cells[0] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert set(types) == {"s"}  # strings, never 'f' (formula)


def test_template_loads_back_into_every_table():
    ds = cxlens.load(template_workbook(), filename="template.xlsx")
    assert len(ds.feedback) == 2 and ds.feedback["ces"].tolist() == [6.0, 2.0]
    assert ds.touchpoints["volume"].tolist() == [3200.0, 5200.0]
    assert ds.opportunities["confidence"].tolist() == [0.7]
    assert ds.maturity["score"].tolist() == [2.0]
    assert ds.problems.empty
    assert ds.sources.set_index("sheet").loc["Read me", "status"] == "skipped"


def test_neutralise_catches_formulas_behind_blanks_and_full_width_signs():
    cells = [" =1+1", "\u00a0+A1", "\n@SUM(A1)", "\uff1dHYPERLINK(\"http://x\")", "\uff0b1", "  plain", "a=b", " -"]
    out = [export.neutralise_cell(c) for c in cells]
    assert out == ["' =1+1", "'\u00a0+A1", "'\n@SUM(A1)", "'\uff1dHYPERLINK(\"http://x\")", "'\uff0b1", "  plain",
                   "a=b", "' -"]
    assert export.neutralise_cell("") == "" and export.neutralise_cell(3) == 3
