"""Published (aggregated) results: read as entity × measure, never as responses; numbers by hand."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest

import cxlens
from cxlens import aggregates, profiling, reading, workspace
from cxlens.aggregate_figures import matrix_figure, ranking_figure


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


LONG = pd.DataFrame({
    "Hospital Name": ["A", "A", "B", "B", "C", "C"],
    "Measure ID": ["H_COMP_1", "H_CLEAN", "H_COMP_1", "H_CLEAN", "H_COMP_1", "H_CLEAN"],
    "Question": ['Nurses "always" communicated well', "Room always clean", 'Nurses "always" communicated well',
                 "Room always clean", 'Nurses "always" communicated well', "Room always clean"],
    "Answer Percent": ["72%", "80%", "65%", "Not Available", "90%", "77%"],
    "Number of Completed Surveys": [300, 300, 410, 410, 20, 20],
})


def test_long_results_become_one_row_per_entity_and_measure():
    ds = cxlens.load(_csv(LONG), filename="hcahps.csv")
    settings = ds.recipe.tables["hcahps.csv"]
    assert settings["use"] and settings["table"] == "aggregates" and settings["kind"] == "aggregated"
    roles = settings["aggregate"]
    assert (roles["shape"], roles["entity"], roles["measure"], roles["measure_label"], roles["value"], roles["n"]) == (
        "long", "Hospital Name", "Measure ID", "Question", "Answer Percent", "Number of Completed Surveys")
    agg = ds.aggregates
    assert ds.feedback.empty and len(agg) == 6
    assert list(agg["entity"].astype(str)) == ["A", "A", "B", "B", "C", "C"]
    assert list(agg["measure"].astype(str))[:2] == ['Nurses "always" communicated well', "Room always clean"]
    assert agg["value"].tolist()[:3] == [72.0, 80.0, 65.0] and math.isnan(agg["value"].iloc[3])
    assert set(agg["unit"].astype(str)) == {"percent"} and agg["scale_max"].eq(100).all()
    assert agg["n"].tolist() == [300, 300, 410, 410, 20, 20]
    # 'Not Available' is reported with its row (spreadsheet row 5: header on 1), not silently dropped
    row = ds.problems[ds.problems["value"] == "Not Available"].iloc[0]
    assert (row["row"], row["column"], row["problem"]) == (5, "Answer Percent", "no-answer code")


def test_ranking_gives_wilson_intervals_only_where_counts_exist():
    ds = cxlens.load(_csv(LONG), filename="hcahps.csv")
    ranked = aggregates.ranking(ds.aggregates, 'Nurses "always" communicated well')
    assert ranked["entity"].tolist() == ["C", "A", "B"]  # 90, 72, 65: highest first
    # Wilson 95% by hand for A: p = 0.72, n = 300, z = 1.959964
    z, p, n = 1.959964, 0.72, 300
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    a = ranked[ranked["entity"] == "A"].iloc[0]
    assert a["low"] == pytest.approx((centre - half) * 100, abs=1e-3)
    assert a["high"] == pytest.approx((centre + half) * 100, abs=1e-3)
    assert a["low"] == pytest.approx(66.67, abs=0.01) and a["high"] == pytest.approx(76.78, abs=0.01)
    # C's 90% of 20 respondents is much less certain than A's 72% of 300
    c = ranked.iloc[0]
    assert (c["high"] - c["low"]) > 2 * (a["high"] - a["low"])
    # Without counts: no interval
    no_n = ds.aggregates.assign(n=float("nan"))
    assert aggregates.ranking(no_n, "Room always clean")[["low", "high"]].isna().all().all()


def test_matrix_measure_table_and_relative_colour():
    ds = cxlens.load(_csv(LONG), filename="hcahps.csv")
    table = aggregates.matrix(ds.aggregates, sort_by="Room always clean")
    assert list(table.columns) == ['Nurses "always" communicated well', "Room always clean"]
    assert list(table.index) == ["A", "C", "B"]  # 80, 77, then B without a value last
    position = aggregates.relative_position(table)
    # nurses: 65..90 -> A (72) at 7/25 = 0.28; clean: 77..80 -> C at 0
    assert position.loc["A", 'Nurses "always" communicated well'] == pytest.approx(0.28)
    assert position.loc["C", "Room always clean"] == 0 and position.loc["A", "Room always clean"] == 1
    assert math.isnan(position.loc["B", "Room always clean"])
    measures = aggregates.measure_table(ds.aggregates)
    clean = measures[measures["measure"] == "Room always clean"].iloc[0]
    assert (clean["entities"], clean["mean"], clean["min"], clean["max"]) == (2, 78.5, 77, 80)
    assert aggregates.summary(ds.aggregates) == {"entities": 3, "measures": 2, "values": 5, "units": ["percent"],
                                                 "with_counts": True}


def test_figures_escape_labels_and_keep_quotes_readable():
    frame = LONG.assign(**{"Hospital Name": ["<b>A</b>"] * 2 + ["B"] * 2 + ["C"] * 2})
    ds = cxlens.load(_csv(frame), filename="hcahps.csv")
    table = aggregates.matrix(ds.aggregates)
    fig = matrix_figure(table, {m: "percent" for m in table.columns})
    assert "&lt;b&gt;A&lt;/b&gt;" in fig.data[0].y and "<b>A</b>" not in fig.data[0].y
    assert any('"always"' in x for x in fig.data[0].x) and not any("&quot;" in x for x in fig.data[0].x)
    assert fig.data[0].text[0][0] == "72%"
    bars = ranking_figure(aggregates.ranking(ds.aggregates, "Room always clean"), "Room always clean")
    assert list(bars.data[0].x) == [80.0, 77.0] and bars.layout.xaxis.range[0] == 0


def test_shared_prefix_is_said_once():
    names = ['Patients who reported that their nurses "Always" communicated well',
             "Patients who reported that their room was always clean"]
    assert aggregates.shared_prefix(names) == "Patients who reported that their"
    assert aggregates.shared_prefix(["Overall rating", "Overall value"]) == ""  # one word is no prefix
    assert aggregates.shared_prefix(["Only one measure here"]) == ""


def test_wide_results_one_row_per_hospital_with_shared_names_and_na_codes():
    frame = pd.DataFrame({
        "Facility ID": ["010001", "010005", "010006", "010007"],
        "Facility Name": ["Mercy", "Mercy", "St Anne", "Hope"],
        "Hospital Type": ["Acute", "Acute", "Critical Access", "Acute"],
        "Hospital overall rating": ["4", "Not Available", "2", "5"],
        "Hospital overall rating footnote": [None, 16, None, None],
        "Count of Facility MORT Measures": [7, 2, 8, 8],
    })
    ds = cxlens.load(_csv(frame), filename="hospitals.csv")
    roles = ds.recipe.tables["hospitals.csv"]["aggregate"]
    assert (roles["shape"], roles["entity"], roles["entity_label"], roles["measures"]) == (
        "wide", "Facility ID", "Facility Name", ["Hospital overall rating"])
    assert roles["segments"] == ["Hospital Type"]
    agg = ds.aggregates
    # two hospitals named Mercy keep their ids; leading zeros kept
    assert agg["entity"].astype(str).tolist() == ["Mercy (010001)", "Mercy (010005)", "St Anne", "Hope"]
    assert agg["value"].mean() == pytest.approx((4 + 2 + 5) / 3)
    assert (agg["unit"].astype(str).iloc[0], agg["scale_min"].iloc[0], agg["scale_max"].iloc[0]) == ("mean", 1, 5)
    assert agg["Hospital Type"].astype(str).tolist() == ["Acute", "Acute", "Critical Access", "Acute"]
    line = reading.headline(ds)
    assert line == ("Published results, not individual responses: 1 measure for 3 of 4 'Facility Name' "
                    "(average on 1-5); no respondent counts, so no intervals.")
    # a workspace keeps them
    back = workspace.dataset_from_tables(workspace.dataset_tables(ds), ds.recipe.to_json())
    pd.testing.assert_frame_equal(back.aggregates, ds.aggregates)


def test_products_with_averaged_stars_and_review_counts():
    frame = pd.DataFrame({"asin": [f"B0{i:08d}" for i in range(8)],
                          "brand": ["Acme", "Acme", "Zed", "Zed", "Acme", "Zed", "Acme", "Zed"],
                          "url": [f"https://example.com/p/{i}" for i in range(8)],
                          "rating": [3.7, 4.1, 2.9, 4.6, 3.3, 5.0, 3.8, 1.6],
                          "totalReviews": [120, 35, 8, 410, 77, 3, 19, 5],
                          "price": [199.0, 0, 99.99, 349.0, 0, 59.0, 120.0, 10.0]})
    ds = cxlens.load(_csv(frame), filename="items.csv")
    roles = ds.recipe.tables["items.csv"]["aggregate"]
    assert (roles["entity"], roles["measures"], roles["n"]) == ("asin", ["rating"], "totalReviews")
    assert ds.aggregates["value"].mean() == pytest.approx(frame["rating"].mean())
    ranked = aggregates.ranking(ds.aggregates, "rating")
    assert ranked["entity"].iloc[0] == "B000000005" and ranked[["low", "high"]].isna().all().all()  # means: none


@pytest.mark.parametrize("case", ["reviews", "responses_long", "whole_star_products"])
def test_responses_are_not_taken_for_published_results(case):
    if case == "reviews":  # one row per product, but customers' words: reviews
        frame = pd.DataFrame({"Product": [f"P{i}" for i in range(30)], "Rating": [(i % 5) + 1 for i in range(30)],
                              "Review": [f"The product number {i} arrived late and the box was damaged" for i in
                                         range(30)]})
    elif case == "responses_long":  # store x question repeated by many respondents
        frame = pd.DataFrame({"Store": ["North", "South"] * 30, "Question": ["Staff", "Queue", "Price"] * 20,
                              "Score": [(i % 5) + 1 for i in range(60)]})
    else:  # whole stars, no count: could be one customer's rating per product
        frame = pd.DataFrame({"Product": [f"P{i}" for i in range(30)], "Rating": [(i % 5) + 1 for i in range(30)]})
    table, _, reason = cxlens.inference.classify(frame, "", profiling.profile_table(frame))
    assert table != "aggregates", reason


def test_aggregated_table_type_can_be_chosen_with_its_roles():
    frame = pd.DataFrame({"Branch": ["N", "S", "E"], "Metric": ["NPS", "NPS", "NPS"], "Result": [31, 12, 45]})
    recipe = {"version": 1, "tables": {"kpis.csv": {"use": True, "table": "aggregates", "aggregate": {
        "shape": "long", "entity": "Branch", "entity_label": None, "measure": "Metric", "measure_label": None,
        "value": "Result", "measures": [], "n": None, "segments": []}}}}
    ds = cxlens.load(_csv(frame), filename="kpis.csv", recipe=recipe)
    assert ds.aggregates["value"].tolist() == [31, 12, 45] and ds.aggregates["unit"].astype(str).iloc[0] == "percent"
    # a role naming a column the file lacks sets the table aside with its reason
    recipe["tables"]["kpis.csv"]["aggregate"]["value"] = "Gone"
    with pytest.raises(cxlens.DataError, match="unclear"):
        cxlens.load(_csv(frame), filename="kpis.csv", recipe=recipe)


def test_aggregates_in_a_workbook_beside_feedback():
    data = io.BytesIO()
    with pd.ExcelWriter(data, engine="openpyxl") as xw:
        LONG.to_excel(xw, sheet_name="Benchmark", index=False)
        pd.DataFrame({"Touchpoint": ["Billing", "Install"], "CSAT": [3, 4]}).to_excel(xw, sheet_name="Survey",
                                                                                      index=False)
    ds = cxlens.load(data.getvalue(), filename="both.xlsx")
    assert list(ds.feedback["touchpoint"].astype(str)) == ["Billing", "Install"]
    assert len(ds.aggregates) == 6 and set(ds.aggregates["source_sheet"]) == {"Benchmark"}
    sentences = dict(reading.describe(ds))
    assert sentences["both.xlsx::Benchmark"].startswith("Published results, not individual responses: 2 measures "
                                                        "for each of 3 'Hospital Name' (percent 0-100)")


def test_pages_with_averaged_stars_and_a_bare_review_count():
    """One row per shop page: the link is the entity, the shop name its label (names repeat), 'review' a count."""
    frame = pd.DataFrame({"source_url": [f"https://maps.example.com/place/{i}" for i in range(10)],
                          "review": [442, 31, 473, 120, 88, 205, 64, 19, 350, 77],
                          "shop_name": ["Shop Gent", "Shop Lier", "Shop Gent", "Shop Mons", "Shop Aalst",
                                        "Shop Namur", "Shop Genk", "Shop Hasselt", "Shop Leuven", "Shop Brugge"],
                          "rating": [3.5, 4.1, 2.9, 3.3, 4.6, 3.8, 2.7, 4.4, 3.1, 3.9]})
    ds = cxlens.load(_csv(frame), filename="shops.csv")
    roles = ds.recipe.tables["shops.csv"]["aggregate"]
    assert (roles["entity"], roles["entity_label"], roles["measures"], roles["n"]) == (
        "source_url", "shop_name", ["rating"], "review")
    names = ds.aggregates["entity"].astype(str).tolist()
    assert names[0] == "Shop Gent (https://maps.example.com/place/0)" and names[1] == "Shop Lier"
    assert ds.aggregates["n"].tolist()[:2] == [442, 31]
