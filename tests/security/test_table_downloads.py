"""Finding 3 of issue 20: formulas in table downloads.

Streamlit's table toolbar download writes `=HYPERLINK(..)` and `+cmd|..` as they are, so it is off
(client.disableDataExport) in both shipped configs, and the tables that had only that download got the
app's own, which neutralises formulas (cxlens/export.py)."""

from __future__ import annotations

import csv
import io
import tomllib

import pandas as pd
import pytest

from ..conftest import ROOT

FORMULAS = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
            "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("path", [".streamlit/config.toml", "deploy/config.production.toml"])
def test_table_toolbar_download_is_off(path):
    config = tomllib.loads((ROOT / path).read_text())
    assert config["client"]["disableDataExport"] is True


def test_the_option_exists_in_this_streamlit():
    from streamlit import config

    assert "client.disableDataExport" in config._config_options_template


def _live_formulas(data: bytes) -> list[str]:
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]
    return [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_heatmap_comments_download_neutralises_formulas():
    from components.heatmap_view import comments_csv

    frame = pd.DataFrame({"date": pd.Timestamp("2025-01-01"), "touchpoint": FORMULAS, "persona": FORMULAS,
                          "csat": [1, 2, 3, 4, 5, -1], "comment": FORMULAS})
    data = comments_csv(frame)
    assert _live_formulas(data) == ["-1"]  # a negative number stays a number
    assert data.decode("utf-8-sig").count("'=HYPERLINK") == 3


def test_segment_groups_download_neutralises_formulas():
    from components.hotspot_view import groups_csv

    table = pd.DataFrame({"Segment": FORMULAS, "Group": FORMULAS, "Customers (n)": range(6),
                          "=CSAT": [1.0] * 6, "vs everyone": ["+0.4 ▲", "-0.2", "+0", "-1", "+2", "-3"]})
    data = groups_csv(table)
    assert _live_formulas(data) == []
