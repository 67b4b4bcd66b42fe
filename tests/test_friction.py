"""Friction hotspots against values computed by hand on small files loaded through cxlens.load."""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd
import pytest

import cxlens
from cxlens import friction, journey_figures

Z = 1.959963984540054


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95% bounds in percent, written out independently of cxlens.metrics."""
    p = k / n
    denom = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue().encode("utf-8")


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        for name, frame in sheets.items():
            frame.to_excel(xw, sheet_name=name, index=False)
    return buf.getvalue()


def row_of(spots: pd.DataFrame, touchpoint: str, **where) -> pd.Series:
    hit = spots[spots["touchpoint"] == touchpoint]
    for col, value in where.items():
        hit = hit[hit[col] == value]
    assert len(hit) == 1, (touchpoint, where, spots)
    return hit.iloc[0]


# ----------------------------------------------------------------------------- ranking fixture
# Big: 400 answers, 40% in the bottom two boxes (A: 120/200, B: 40/200), 1,000 customers/month.
# Medium: 30 answers, 50% bad, 200 customers/month. Tiny: 4 answers, all bad, no volume.


@pytest.fixture(scope="module")
def ranked_ds():
    rows = []
    for i in range(400):
        persona = "A" if i < 200 else "B"
        bad = i < 120 or 200 <= i < 240
        rows.append((f"B{i}", "Use", "Big", persona, 1 if bad else 5))
    for i in range(30):
        rows.append((f"M{i}", "Purchase", "Medium", "A", 2 if i < 15 else 4))
    for i in range(4):
        rows.append((f"T{i}", "Support", "Tiny", "B", 1))
    feedback = pd.DataFrame(rows, columns=["Response ID", "Journey stage", "Touchpoint", "Persona", "CSAT (1-5)"])
    catalogue = pd.DataFrame({"Touchpoint": ["Medium", "Big", "Tiny"], "Journey stage": ["Purchase", "Use", "Support"],
                              "Stage order": [1, 2, 3], "Owner": ["Sales", "Billing", "Service"],
                              "Monthly volume": [200, 1000, None]})
    ds = cxlens.load(xlsx_bytes({"Feedback": feedback, "Touchpoints": catalogue}), filename="ranked.xlsx")
    assert list(ds.sources["table"]) == ["feedback", "touchpoints"]
    return ds


def test_four_angry_answers_never_outrank_400_answers_at_40_percent(ranked_ds):
    spots = friction.friction_hotspots(ranked_ds)
    assert list(spots["touchpoint"]) == ["Big", "Medium", "Tiny"]
    big, medium, tiny = (row_of(spots, t) for t in ("Big", "Medium", "Tiny"))
    assert big["friction"] == pytest.approx(40.0) and big["n"] == 400
    assert big["friction_low"] == pytest.approx(wilson(160, 400)[0])
    assert big["rank"] == 1
    assert tiny["friction"] == pytest.approx(100.0)
    assert tiny["too_few"] and math.isnan(tiny["rank"])
    # Medium has the higher rate (50% vs 40%) but on 30 answers its lower bound is lower: 33.2 < 35.3
    assert medium["friction"] == pytest.approx(50.0)
    assert medium["friction_low"] == pytest.approx(wilson(15, 30)[0])
    assert medium["friction_low"] == pytest.approx(33.15, abs=0.01) and big["friction_low"] == pytest.approx(35.32,
                                                                                                              abs=0.01)
    assert medium["rank"] == 2 and not medium["too_few"]
    assert list(spots.columns) == ["touchpoint", "stage", "n", "low_satisfaction", "friction", "friction_low",
                                   "friction_high", "volume", "affected", "too_few", "rank", "stages"]
    assert (spots["stages"] == 1).all()  # every touchpoint of this fixture sits in one stage


def test_min_n_boundary_for_ranking(ranked_ds):
    at = row_of(friction.friction_hotspots(ranked_ds, min_n=30), "Medium")
    above = row_of(friction.friction_hotspots(ranked_ds, min_n=31), "Medium")
    assert at["rank"] == 2 and not at["too_few"]
    assert above["too_few"] and math.isnan(above["rank"])


def test_affected_is_volume_times_friction(ranked_ds):
    spots = friction.friction_hotspots(ranked_ds)
    assert row_of(spots, "Big")["affected"] == pytest.approx(1000 * 0.40)
    assert row_of(spots, "Medium")["affected"] == pytest.approx(200 * 0.50)
    assert row_of(spots, "Medium")["volume"] == 200
    assert math.isnan(row_of(spots, "Tiny")["affected"])  # no volume in the catalogue


def test_by_persona_carries_the_column_and_scales_affected_by_segment_share(ranked_ds):
    spots = friction.friction_hotspots(ranked_ds, by="persona")
    assert list(spots.columns[:3]) == ["touchpoint", "stage", "persona"]
    a, b = row_of(spots, "Big", persona="A"), row_of(spots, "Big", persona="B")
    assert a["friction"] == pytest.approx(60.0) and a["n"] == 200
    assert b["friction"] == pytest.approx(20.0)
    assert a["affected"] == pytest.approx(1000 * (200 / 400) * 0.60)
    assert b["affected"] == pytest.approx(1000 * (200 / 400) * 0.20)
    assert row_of(spots, "Medium", persona="A")["affected"] == pytest.approx(200 * 1.0 * 0.50)
    assert spots.iloc[0]["touchpoint"] == "Big" and spots.iloc[0]["persona"] == "A"
    worst = friction.worst_segment(ranked_ds, "Big", "persona")
    assert worst["persona"] == "A" and worst["friction"] == pytest.approx(60.0)
    assert friction.worst_segment(ranked_ds, "Big", "persona", min_n=201) is None


# ----------------------------------------------------------------------------- components and weights

MULTI_HEADER = ["Response ID", "Date", "Journey stage", "Touchpoint", "CSAT (1-5)", "CES (1-7)", "NPS (0-10)",
                "Sentiment", "Complaint", "Abandoned", "Comment"]


@pytest.fixture(scope="module")
def multi_ds():
    rows = []
    # Multi: low satisfaction 10/40, detractors 20/40, high effort 5/20 (20 answered),
    # negative sentiment 8/40 (0 is neutral: 8 zeros do not count), complaints 4/40, abandoned 2/40.
    for i in range(40):
        rows.append([f"M{i}", f"2025-03-{1 + i % 28:02d}", "Use", "Multi", 1 if i < 10 else 4,
                     (6 if i < 5 else 2) if i < 20 else None, 3 if i % 2 == 0 else 9,
                     -0.2 if i < 8 else (0 if i < 16 else 0.4), 1 if i < 4 else 0, 1 if i < 2 else 0,
                     {0: "Worst of all", 9: "Pretty bad", 39: "Lovely", 38: "   "}.get(i)])
    # NoCes: nobody was asked about effort; low satisfaction 20/40, everything else 0.
    for i in range(40):
        rows.append([f"N{i}", "2025-03-15", "Use", "NoCes", 2 if i < 20 else 5, None, 10, 0.5, 0, 0, None])
    return cxlens.load(csv_bytes(MULTI_HEADER, rows), filename="multi.csv")


def test_components_are_shares_of_answers_and_friction_their_mean(multi_ds):
    assert friction.available_components(multi_ds) == ["low_satisfaction", "high_effort", "detractors",
                                                       "negative_sentiment", "complaint_rate", "abandon_rate"]
    m = row_of(friction.friction_hotspots(multi_ds), "Multi")
    expected = {"low_satisfaction": (10, 40), "high_effort": (5, 20), "detractors": (20, 40),
                "negative_sentiment": (8, 40), "complaint_rate": (4, 40), "abandon_rate": (2, 40)}
    for comp, (k, n) in expected.items():
        assert m[comp] == pytest.approx(100 * k / n), comp
    assert m["friction"] == pytest.approx((25 + 25 + 50 + 20 + 10 + 5) / 6)
    low = sum(wilson(k, n)[0] for k, n in expected.values()) / 6
    high = sum(wilson(k, n)[1] for k, n in expected.values()) / 6
    assert m["friction_low"] == pytest.approx(low) and m["friction_high"] == pytest.approx(high)
    assert m["n"] == 40


def test_missing_component_is_left_out_and_weights_renormalised(multi_ds):
    n = row_of(friction.friction_hotspots(multi_ds), "NoCes")
    assert math.isnan(n["high_effort"])
    assert n["friction"] == pytest.approx(50 / 5)  # over the 5 components asked, not 6


def test_weights_are_editable(multi_ds):
    doubled = row_of(friction.friction_hotspots(multi_ds, weights={"detractors": 2}), "Multi")
    assert doubled["friction"] == pytest.approx((25 + 25 + 2 * 50 + 20 + 10 + 5) / 7)
    only_two = row_of(friction.friction_hotspots(multi_ds, weights={"high_effort": 0, "negative_sentiment": 0,
                                                                    "complaint_rate": 0, "abandon_rate": 0}), "Multi")
    assert only_two["friction"] == pytest.approx((25 + 50) / 2)
    assert friction.DEFAULT_WEIGHTS["detractors"] == 1.0  # the default is not modified
    with pytest.raises(ValueError):
        friction.friction_hotspots(multi_ds, weights={"grumpiness": 1})
    with pytest.raises(ValueError):
        friction.friction_hotspots(multi_ds, weights={"detractors": -1})


def test_hotspot_drivers_sum_to_friction(multi_ds):
    row = row_of(friction.friction_hotspots(multi_ds), "Multi")
    drivers = friction.hotspot_drivers(row)
    assert drivers.iloc[0]["component"] == "detractors"
    assert drivers["contribution"].sum() == pytest.approx(row["friction"])
    assert drivers["weight"].sum() == pytest.approx(1.0)
    weighted = friction.hotspot_drivers(row, weights={"detractors": 3})
    assert weighted.iloc[0]["weight"] == pytest.approx(3 / 8)


def test_sample_verbatims_worst_first(multi_ds):
    v = friction.sample_verbatims(multi_ds, "Multi", n=5)
    assert list(v["comment"]) == ["Worst of all", "Pretty bad", "Lovely"]  # the blank comment is skipped
    assert list(friction.sample_verbatims(multi_ds, "Multi", n=1)["comment"]) == ["Worst of all"]
    newest = friction.sample_verbatims(multi_ds, "Multi", negative_first=False)
    assert list(newest["comment"]) == ["Lovely", "Pretty bad", "Worst of all"]  # 12, 10 and 1 March
    assert friction.sample_verbatims(multi_ds, "NoCes").empty


# ----------------------------------------------------------------------------- change over time


def _period_rows(extra: list | None = None) -> bytes:
    header = ["Response ID", "Date", "Journey stage", "Touchpoint", "CSAT (1-5)"]
    rows = []
    for i in range(40):  # Jan-Mar 2025: 20 of 40 bad
        rows.append([f"P{i}", f"2025-0{1 + i % 3}-10", "Purchase", "Checkout", 1 if i < 20 else 5])
    for i in range(40):  # Apr-Jun 2025: 4 of 40 bad; the last answer on 30 June
        rows.append([f"C{i}", "2025-06-30" if i == 39 else f"2025-0{4 + i % 3}-10", "Purchase", "Checkout",
                     1 if i < 4 else 5])
    return csv_bytes(header, rows + (extra or []))


def test_friction_change_compares_one_quarter_with_the_one_before():
    # replaces period_change (no interval, overlap test): same data and numbers, now with a 95% interval
    ds = cxlens.load(_period_rows(), filename="periods.csv")
    ch = friction.friction_change(ds, ("2025-04-01", "2025-06-30"), ("2025-01-01", "2025-03-31")).iloc[0]
    assert ch["friction_now"] == pytest.approx(10.0) and ch["n_now"] == 40
    assert ch["friction_before"] == pytest.approx(50.0) and ch["n_before"] == 40
    assert ch["diff"] == pytest.approx(-40.0) and ch["ci_high"] < 0
    assert ch["significant"] and not ch["too_few"]
    few = friction.friction_change(ds, ("2025-04-01", "2025-06-30"), ("2025-01-01", "2025-03-31"), min_n=41)
    assert not few.iloc[0]["significant"] and few.iloc[0]["too_few"]


# ----------------------------------------------------------------------------- complaint logs

COMPLAINT_HEADER = ["Date received", "Product", "Issue", "Submitted via", "Complaint ID", "Company"]


@pytest.fixture(scope="module")
def complaints_ds():
    rows = []
    for i in range(90):
        issue = "Issue X" if i < 50 else ("Issue Y" if i < 85 else "Issue Z")
        product = "Mortgage" if issue == "Issue Z" else "Credit reporting"
        via = "Phone" if i % 5 == 0 else "Web"
        rows.append([f"2023-07-{1 + i % 28:02d}", product, issue, via, 1000 + i, "Acme"])
    return cxlens.load(csv_bytes(COMPLAINT_HEADER, rows), filename="complaints.csv")


def test_complaint_log_is_ranked_by_complaint_volume(complaints_ds):
    assert friction.is_complaint_log(complaints_ds)
    assert friction.available_components(complaints_ds) == ["complaint_share"]
    spots = friction.friction_hotspots(complaints_ds)
    assert list(spots["touchpoint"]) == ["Issue X", "Issue Y", "Issue Z"]
    x = row_of(spots, "Issue X")
    assert x["n"] == 50 and x["complaint_share"] == pytest.approx(100 * 50 / 90)
    assert x["friction"] == pytest.approx(100 * 50 / 90)
    assert x["friction_low"] == pytest.approx(wilson(50, 90)[0])
    assert x["rank"] == 1 and row_of(spots, "Issue Y")["rank"] == 2
    z = row_of(spots, "Issue Z")
    assert z["too_few"] and math.isnan(z["rank"]) and z["stage"] == "Mortgage"
    assert spots["affected"].isna().all()
    web = row_of(friction.friction_hotspots(complaints_ds, filters={"channel": ["Web"]}), "Issue X")
    assert web["n"] == 40 and web["friction"] == pytest.approx(100 * 40 / 72)


def test_flags_without_scores_are_rates_not_a_complaint_log():
    header = ["Touchpoint", "Journey stage", "Complaint"]
    rows = [["Desk", "Support", 1 if i < 10 else 0] for i in range(40)]
    ds = cxlens.load(csv_bytes(header, rows), filename="contacts.csv")
    assert not friction.is_complaint_log(ds)
    d = row_of(friction.friction_hotspots(ds), "Desk")
    assert d["complaint_rate"] == pytest.approx(25.0) and d["friction"] == pytest.approx(25.0)


# ----------------------------------------------------------------------------- figures

EVIL = "<img src=x onerror=alert(1)>"
EVIL_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def rendered_strings(fig) -> list[str]:
    out = []

    def walk(node, key=""):
        if key == "customdata":
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            out.append(node)

    walk(json.loads(fig.to_json()))
    return out


def test_hotspot_bars_escape_user_text_and_skip_too_few():
    header = ["Response ID", "Journey stage", "Touchpoint", "Persona", "CSAT (1-5)"]
    rows = [[f"R{i}", "<b>Use</b>", EVIL if i < 40 else "Tiny", EVIL, 1 + i % 5] for i in range(43)]
    ds = cxlens.load(csv_bytes(header, rows), filename="evil.csv")
    for by in (None, "persona"):
        spots = friction.friction_hotspots(ds, by=by)
        fig = journey_figures.hotspot_bars(spots, title=EVIL)
        strings = rendered_strings(fig)
        assert not [s for s in strings if "<img" in s or "<b>Use" in s]
        assert any(EVIL_ESCAPED in s for s in strings)
        assert len(fig.data[0].y) == 1  # "Tiny" (3 answers) is left out
        assert fig.data[0].customdata[0][0] == EVIL  # raw, for mapping a click back


def test_hotspot_bars_label_affected_customers(ranked_ds):
    fig = journey_figures.hotspot_bars(friction.friction_hotspots(ranked_ds))
    bar = fig.data[0]
    labels = list(bar.y)[::-1]  # worst on top
    assert [lab.split("<br>")[0] for lab in labels] == ["Big · Use", "Medium · Purchase"]
    assert ["≈ 400 customers/month" in labels[0], "≈ 100 customers/month" in labels[1]] == [True, True]
    assert list(bar.error_x.arrayminus)[::-1] == [pytest.approx(40 - wilson(160, 400)[0]),
                                                  pytest.approx(50 - wilson(15, 30)[0])]


# ----------------------------------------------------------------------------- the sample's planted patterns


def test_sample_identity_check_is_the_high_effort_hotspot(sample_dataset):
    spots = friction.friction_hotspots(sample_dataset)
    ranked = spots[~spots["too_few"]]
    top = ranked.sort_values("high_effort", ascending=False).iloc[0]
    assert top["touchpoint"] == "Identity check"
    assert top["high_effort"] == pytest.approx(85, abs=1)  # 85% of its 146 effort answers are 5-7


def test_sample_tiny_touchpoint_is_too_few_and_not_ranked(sample_dataset):
    spots = friction.friction_hotspots(sample_dataset)
    tiny = row_of(spots, "In-store contract change")
    assert tiny["n"] == 4 and tiny["too_few"] and math.isnan(tiny["rank"])
    assert tiny["friction"] > spots.loc[spots["rank"] == 1, "friction"].item()  # worst rate, yet not on top
    assert spots["rank"].notna().sum() == len(spots) - 1


def test_sample_monthly_bill_affects_the_most_customers(sample_dataset):
    spots = friction.friction_hotspots(sample_dataset)
    top = spots.sort_values("affected", ascending=False).iloc[0]
    assert top["touchpoint"] == "Monthly bill"
    assert top["volume"] == 41000
    assert top["affected"] > 2 * spots.sort_values("affected", ascending=False).iloc[1]["affected"]


def test_sample_worst_segment_of_support_chat_is_seniors(sample_dataset):
    worst = friction.worst_segment(sample_dataset, "Support chat", "persona")
    assert worst["persona"] == "Senior / low digital confidence"


def test_rank_by_affected_uses_the_lower_bound(ranked_ds):
    spots = friction.rank_by_affected(friction.friction_hotspots(ranked_ds))
    big = spots.set_index("touchpoint").loc["Big"]
    # Big: volume 1000, friction 40% on 400 answers -> at least 1000 x Wilson low(160/400)
    assert big["affected_low"] == pytest.approx(1000 * wilson(160, 400)[0] / 100)  # wilson() here is in %
    assert big["affected_rank"] == 1
    assert spots.set_index("touchpoint")["affected_rank"].isna().sum() == (spots["rank"].isna()).sum()


def test_an_issue_filed_under_several_products_says_so():
    # Issue X: 40 complaints under Credit reporting, 5 under Mortgage; Issue Y: 35 under Credit reporting only
    rows = [[f"2023-07-{1 + i % 28:02d}", "Mortgage" if i >= 40 and i < 45 else "Credit reporting",
             "Issue X" if i < 45 else "Issue Y", "Web", 1000 + i, "Acme"] for i in range(80)]
    ds = cxlens.load(csv_bytes(COMPLAINT_HEADER, rows), filename="complaints.csv")
    spots = friction.friction_hotspots(ds)
    x, y = row_of(spots, "Issue X"), row_of(spots, "Issue Y")
    assert x["n"] == 45 and x["stage"] == "Credit reporting" and x["stages"] == 2
    assert y["stages"] == 1
    fig = journey_figures.hotspot_bars(spots)
    labels = {cd[0]: (label, hover) for cd, label, hover in zip(fig.data[0].customdata, fig.data[0].y,
                                                                fig.data[0].hovertext)}
    assert "45 complaints · under 2 stages" in labels["Issue X"][0]
    assert "Filed under 2 stages" in labels["Issue X"][1]
    assert "under" not in labels["Issue Y"][0].split("<br>")[1]
