"""Shared figure helpers (cxlens/figures.py): safe labels and place names."""

from __future__ import annotations

import math

import pandas as pd

from cxlens import figures


def test_place_parts_drop_blanks_and_repeats():
    assert figures.place_parts("Trend", "Trend") == ["Trend"]
    assert figures.place_parts("Billing", "billing ", "Online") == ["Billing", "Online"]
    assert figures.place_parts("Checkout", None, math.nan, pd.NA, "", "Purchase") == ["Checkout", "Purchase"]


def test_a_touchpoint_named_like_its_stage_is_named_once_on_the_bars():
    summary = pd.DataFrame({"touchpoint": ["Trend", "Dresses"], "stage": ["Trend", "Dresses & more"],
                            "value": [3.8, 4.1], "ci_low": [3.6, 4.0], "ci_high": [4.0, 4.2], "n": [119, 500],
                            "too_few": [False, False]})
    fig = figures.touchpoint_bars(summary, metric_label="Mean rating", scale=(1, 5))
    assert list(fig.data[0].y)[::-1] == ["Trend", "Dresses  ·  Dresses &amp; more"]


def test_safe_label_escapes_and_shortens():
    assert figures.safe_label("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert figures.safe_label("abcdef", 4) == "abc…"
    assert figures.safe_label(None) == "" and figures.safe_label(math.nan) == ""
