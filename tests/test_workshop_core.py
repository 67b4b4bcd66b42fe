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


def _many(n: int) -> pd.DataFrame:
    """n items, item k scored by 2 people: value 10 - k/2 (so item 0 is the most valuable), effort 5."""
    rows = []
    for k in range(n):
        rows += [(f"i{k}", f"Item {k}", "value", 2, 10 - k / 2, 0.5, 2 * (10 - k / 2)),
                 (f"i{k}", f"Item {k}", "effort", 2, 5.0, 0.0, 10.0)]
    return pd.DataFrame(rows, columns=["opportunity_id", "name", "criterion", "n", "mean", "std", "total"])


def test_crowded_live_matrix_numbers_bubbles_and_the_table_gives_the_numbers():
    from cxlens.opportunity_figures import NAMED_LABELS_MAX, crowded

    few, many = _many(NAMED_LABELS_MAX), _many(NAMED_LABELS_MAX + 1)
    assert not crowded(ws.consensus_table(few, "score")["#"]) and crowded(ws.consensus_table(many, "score")["#"])
    named = {t for trace in ws.live_matrix(few).data for t in (trace.text or [])}
    assert "Item 0" in named
    fig = ws.live_matrix(many)
    labels = {cd[0]: (text, hover) for t in fig.data if t.customdata is not None
              for cd, text, hover in zip(t.customdata, t.text, t.hovertext)}
    assert labels["i0"][0] == "1" and labels["i12"][0] == "13"  # highest average value first
    assert labels["i0"][1].startswith("#1 <b>Item 0</b>")
    table = ws.consensus_table(many, "score").set_index("Opportunity")
    assert table.loc["Item 0", "#"] == 1 and table.loc["Item 12", "#"] == 13


def test_big_screen_table_leads_with_the_bubble_numbers_when_the_matrix_is_numbered():
    from components.workshop_screen import consensus_display

    many = _many(13)
    many.loc[(many["opportunity_id"] == "i5") & (many["criterion"] == "effort"), ["n", "mean", "std"]] = \
        [0, float("nan"), float("nan")]  # scored on value only: on the table, not on the matrix
    shown, unscored = consensus_display(ws.consensus_table(many, "score"), "score", show_keys=True)
    assert list(shown.columns)[:2] == ["#", "Opportunity"] and unscored == 0
    numbers = dict(zip(shown["Opportunity"], shown["#"]))
    assert numbers["Item 0"] == "1" and numbers["Item 5"] == "–" and numbers["Item 6"] == "6"
    plain, _ = consensus_display(ws.consensus_table(many, "score"), "score")
    assert "#" not in plain.columns


# -- anonymity (issue 15, fault 6): one threshold, applied to everything shown -----------------


def _round(n_votes: dict[str, list[float]]) -> pd.DataFrame:
    """round_results-like rows for criterion 'value', computed from the given votes."""
    rows = []
    for oid, votes in n_votes.items():
        v = pd.Series(votes, dtype="float64")
        n = len(v)
        stats = (v.mean(), v.median(), v.std(ddof=0), v.min(), v.max(), v.std(ddof=0), v.sum()) if n else \
            (math.nan,) * 6 + (0.0,)
        rows.append((oid, oid.upper(), "value", n, *stats))
    return pd.DataFrame(rows, columns=["opportunity_id", "name", "criterion", "n", "mean", "median", "std", "min",
                                       "max", "spread", "total"])


def test_min_votes_is_one_setting_default_three_never_below(monkeypatch):
    monkeypatch.delenv(ws.MIN_VOTES_ENV, raising=False)
    assert ws.min_votes() == 3
    monkeypatch.setenv(ws.MIN_VOTES_ENV, "5")
    assert ws.min_votes() == 5
    for bad in ("2", "1", "0", "-4", "three", "3.5", ""):
        monkeypatch.setenv(ws.MIN_VOTES_ENV, bad)
        assert ws.min_votes() == 3, bad  # two votes would let each work out the other's


def test_anonymise_hides_what_would_reveal_a_vote(monkeypatch):
    monkeypatch.delenv(ws.MIN_VOTES_ENV, raising=False)
    # two: 3, 9 -> mean 6 would give each the other's vote; three: 2, 5, 8 -> mean 5, sd sqrt(6)
    # (mean and sd together would give each the other two); four: 1, 3, 5, 7 -> mean 4, sd sqrt(5)
    raw = _round({"two": [3, 9], "three": [2, 5, 8], "four": [1, 3, 5, 7], "none": []})
    out = ws.anonymise(raw).set_index("opportunity_id")
    assert not {"median", "min", "max"} & set(out.columns)  # individual votes, never shown
    assert math.isnan(out.loc["two", "mean"]) and math.isnan(out.loc["two", "total"])
    assert math.isnan(out.loc["two", "std"]) and out.loc["two", "n"] == 2
    assert out.loc["three", "mean"] == 5.0 and out.loc["three", "total"] == 15.0
    assert math.isnan(out.loc["three", "std"]) and math.isnan(out.loc["three", "spread"])
    assert out.loc["four", "mean"] == 4.0 and out.loc["four", "std"] == pytest.approx(math.sqrt(5))
    assert out.loc["four", "spread"] == pytest.approx(math.sqrt(5)) and out.loc["none", "n"] == 0
    assert out.attrs["min_votes"] == 3
    monkeypatch.setenv(ws.MIN_VOTES_ENV, "4")
    stricter = ws.anonymise(raw).set_index("opportunity_id")
    assert math.isnan(stricter.loc["three", "mean"]) and stricter.loc["four", "mean"] == 4.0
    assert math.isnan(stricter.loc["four", "std"])
    assert raw["mean"].notna().sum() == 3  # the input is not changed


def test_figures_and_tables_of_anonymised_results_show_no_hidden_number(monkeypatch):
    from components.workshop_screen import consensus_display

    monkeypatch.delenv(ws.MIN_VOTES_ENV, raising=False)
    raw = pd.concat([_round({"two": [3, 9], "three": [2, 5, 8], "four": [1, 3, 5, 7]}),
                     _round({"two": [2, 4], "three": [6, 6, 6], "four": [2, 2, 4, 4]}).assign(criterion="effort")])
    results = ws.anonymise(raw)
    fig = ws.live_matrix(results)
    points = {cd[0] for t in fig.data if t.customdata is not None for cd in t.customdata}
    assert points == {"three", "four"}  # "two" has no average to plot
    hover = " ".join(h for t in fig.data for h in (t.hovertext or []))
    assert "value 5.0<br>" in hover and "value 4.0 ± 2.2" in hover and "TWO" not in hover
    shown, _ = consensus_display(ws.consensus_table(results, "score"), "score")
    rows = shown.set_index("Opportunity")
    assert rows.loc["TWO", "Value (mean ± sd)"] == "–" and rows.loc["TWO", "Votes"] == "2"
    assert rows.loc["THREE", "Value (mean ± sd)"] == "5.0" and rows.loc["THREE", "Spread"] == "–"
    assert rows.loc["FOUR", "Value (mean ± sd)"] == "4.0 ± 2.2"
    assert "6.0" not in rows.loc["TWO"].tolist() and "3.0" not in rows.loc["TWO"].tolist()


def test_dots_totals_appear_from_the_threshold(monkeypatch):
    from components.workshop_screen import consensus_display

    monkeypatch.delenv(ws.MIN_VOTES_ENV, raising=False)
    raw = _round({"pair": [2, 1], "trio": [1, 1, 3], "none": []}).assign(criterion="dots")
    results = ws.anonymise(raw)
    table = ws.consensus_table(results, "dots")
    assert table["Opportunity"].tolist() == ["TRIO", "NONE", "PAIR"]  # hidden totals sort last
    shown, unscored = consensus_display(table, "dots")
    assert shown.values.tolist() == [["TRIO", "5", "3"], ["PAIR", "–", "2"]] and unscored == 1
    assert list(ws.dots_figure(results).data[0].x) == [5]


def test_writeback_scores_and_source_by_hand():
    import datetime as dt

    assert ws.writeback_scores("score", {"value": 22 / 3, "effort": 3.0}) == {
        "customer_value": 7.3, "business_value": 7.3, "effort": 3.0}
    assert ws.writeback_scores("score", {"value": float("nan"), "effort": 2.25}) == {"effort": 2.2}
    assert ws.writeback_scores("dots", {"dots": 9.0}) == {}
    day = dt.date(2025, 11, 12)
    assert ws.writeback_source("Q3  planning", day, 9) == "workshop “Q3 planning”, 12 Nov 2025, 9 voters"
    assert ws.writeback_source("W", day, 1, round=2) == "workshop “W”, 12 Nov 2025, round 2, 1 voter"


def test_writeback_puts_the_rooms_1_10_averages_on_the_backlogs_scale():
    from cxlens import opportunity_scales as osc
    from cxlens.workshop import writeback_scores

    means = {"value": 8.2, "effort": 1.0}
    assert writeback_scores("score", means) == {"customer_value": 8.2, "business_value": 8.2, "effort": 1.0}
    scales = {"customer_value": osc.Scale(1, 5), "business_value": osc.Scale(1, 5), "effort": osc.Scale(0, 100)}
    # 1 + (8.2 - 1) / 9 x 4 = 4.2; effort 1 is the bottom of 0-100
    assert writeback_scores("score", means, scales) == {"customer_value": 4.2, "business_value": 4.2, "effort": 0.0}
    assert writeback_scores("score", {"value": 10.0}, scales)["customer_value"] == 5.0
