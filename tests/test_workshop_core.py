"""cxlens/workshop.py: the room's statistics and consensus, computed by hand on three items."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxlens import workshop as ws


def _results() -> pd.DataFrame:
    # A: value 8, 6 -> mean 7, sd 1; effort 2, 4 -> mean 3, sd 1 (2 people)
    # B: value 5, 5, 5 -> mean 5, sd 0; effort 9, 1, 5 -> mean 5, sd sqrt(32/3) = 3.266 (3 people)
    # C: not scored
    sd_b = math.sqrt(32 / 3)
    rows = [("a", "Callback button", "value", 2, 7.0, 1.0, 14.0), ("a", "Callback button", "effort", 2, 3.0, 1.0, 6.0),
            ("b", "Plain bill", "value", 3, 5.0, 0.0, 15.0), ("b", "Plain bill", "effort", 3, 5.0, sd_b, 15.0),
            ("c", "New app", "value", 0, float("nan"), float("nan"), 0.0),
            ("c", "New app", "effort", 0, float("nan"), float("nan"), 0.0)]
    return pd.DataFrame(rows, columns=["opportunity_id", "name", "criterion", "n", "mean", "std", "total"])


def test_item_stats_one_row_per_item_in_workshop_order():
    stats = ws.item_stats(_results())
    assert stats["opportunity_id"].tolist() == ["a", "b", "c"]
    assert stats["value_mean"].tolist()[:2] == [7.0, 5.0] and math.isnan(stats["value_mean"].iloc[2])
    assert stats["n"].tolist() == [2, 3, 0]
    assert stats["spread"].iloc[0] == 1.0 and stats["spread"].iloc[1] == pytest.approx(3.266, abs=1e-3)


def test_consensus_puts_the_biggest_disagreement_first_and_unscored_last():
    table = ws.consensus_table(_results(), "score")
    assert table["Opportunity"].tolist() == ["Plain bill", "Callback button", "New app"]
    assert table["Votes"].tolist() == [3, 2, 0]
    assert table.loc[1, ["Value", "Effort"]].tolist() == [7.0, 3.0]


def test_dots_mode_ranks_by_dots_then_people():
    results = pd.DataFrame([("a", "Callback button", "dots", 2, 2.5, 0.5, 5.0), ("b", "Plain bill", "dots", 3, 3.0, 1.0, 9.0),
                            ("c", "New app", "dots", 0, float("nan"), float("nan"), 0.0)],
                           columns=["opportunity_id", "name", "criterion", "n", "mean", "std", "total"])
    table = ws.consensus_table(results, "dots")
    assert table.to_dict("list") == {"Opportunity": ["Plain bill", "Callback button", "New app"],
                                     "Dots": [9, 5, 0], "People": [3, 2, 0]}
    fig = ws.dots_figure(results)
    assert list(fig.data[0].x) == [5, 9]  # bars bottom-up, unscored items left out


def test_live_matrix_places_the_room_averages_and_escapes_names():
    results = _results()
    results.loc[results["opportunity_id"] == "a", "name"] = "<b>Callback</b>"
    fig = ws.live_matrix(results)
    points = {cd[0]: (x, y) for t in fig.data if t.customdata is not None for cd, x, y in zip(t.customdata, t.x, t.y)}
    assert points == {"a": (3.0, 7.0), "b": (5.0, 5.0)}  # (effort, value); C has no averages
    assert all("<b>Callback</b>" not in str(t.text) for t in fig.data)
    assert fig.layout.dragmode is False


def test_fmt_and_qr():
    assert ws.fmt(float("nan")) == "–" and ws.fmt(3.26) == "3.3" and ws.fmt(None) == "–"
    assert ws.qr_png("https://cx.example.org/workshop?join=ABC123").startswith(b"\x89PNG")
