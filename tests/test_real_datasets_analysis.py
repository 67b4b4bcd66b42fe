"""Heatmap and friction ranking on the real public datasets in ../shared/datasets (skipped when absent)."""

from __future__ import annotations

import math

import pytest

import cxlens
from cxlens import friction, journey, journey_figures

AIRLINE_TOUCHPOINTS = [
    "Inflight wifi service", "Departure/Arrival time convenient", "Ease of Online booking", "Gate location",
    "Food and drink", "Online boarding", "Seat comfort", "Inflight entertainment", "On-board service",
    "Leg room service", "Baggage handling", "Checkin service", "Inflight service", "Cleanliness",
]

pytestmark = pytest.mark.datasets


@pytest.fixture(scope="module")
def airline(shared_datasets):
    return cxlens.load(shared_datasets / "airline_passenger_satisfaction_test.csv")


@pytest.fixture(scope="module")
def cfpb_2023(shared_datasets):
    return cxlens.load(shared_datasets / "cfpb_complaints_2023_first2067.csv")


@pytest.fixture(scope="module")
def cfpb_2016(shared_datasets):
    return cxlens.load(shared_datasets / "cfpb_complaints_2016-09_sample.csv")


@pytest.fixture(scope="module")
def clothing(shared_datasets):
    return cxlens.load(shared_datasets / "womens_ecommerce_clothing_reviews.xlsx")


def by_row(cells):
    return {r: g for r, g in cells.groupby(cells["row"].astype("object"), sort=False)}


# ----------------------------------------------------------------------------- airline (wide 0-5 survey)


def test_airline_heatmap_has_the_14_touchpoints_by_class(airline):
    assert "Class" in journey.available_columns(airline)
    cells = journey.journey_heatmap(airline, rows="touchpoint", cols="Class", metric="csat")
    assert list(cells["row"].cat.categories) == AIRLINE_TOUCHPOINTS
    assert list(cells["col"].cat.categories) == ["Business", "Eco", "Eco Plus"]
    assert len(cells) == 14 * 3 and not cells["suppressed"].any()
    rows = by_row(cells)
    # 0 means "not rated": those answers are not counted (1,381 and 813 zeros in the file)
    assert rows["Departure/Arrival time convenient"]["n"].sum() == 25976 - 1381
    assert rows["Inflight wifi service"]["n"].sum() == 25976 - 813
    boarding = rows["Online boarding"].set_index(rows["Online boarding"]["col"].astype("object"))
    assert boarding.loc["Business", "significant"] and boarding.loc["Business", "delta"] > 0
    assert boarding.loc["Eco", "significant"] and boarding.loc["Eco", "delta"] < 0
    fig = journey_figures.heatmap_figure(cells, "CSAT", journey.metric_overall(airline, "csat").value, unit="%")
    assert len(fig.data[1].y) == 14


def test_airline_hotspots_rank_all_touchpoints_with_wifi_on_top(airline):
    spots = friction.friction_hotspots(airline)
    assert sorted(spots["touchpoint"]) == sorted(AIRLINE_TOUCHPOINTS)
    assert spots["rank"].notna().all() and spots.iloc[0]["touchpoint"] == "Inflight wifi service"
    assert friction.available_components(airline) == ["low_satisfaction"]
    assert spots["affected"].isna().all()  # no catalogue volumes in a survey export
    by_class = friction.friction_hotspots(airline, by="Class")
    assert len(by_class) == 42 and set(by_class["Class"]) == {"Business", "Eco", "Eco Plus"}


# ----------------------------------------------------------------------------- CFPB complaint logs


def test_cfpb_2023_top_hotspot_is_a_credit_reporting_issue(cfpb_2023):
    assert friction.is_complaint_log(cfpb_2023)
    spots = friction.friction_hotspots(cfpb_2023)
    top = spots.iloc[0]
    assert top["touchpoint"] == "Incorrect information on your report"
    assert "Credit reporting" in top["stage"]
    assert top["n"] > 600 and top["rank"] == 1
    assert spots["complaint_share"].sum() == pytest.approx(100.0)  # every complaint counted once
    assert spots["too_few"].any() and spots.loc[spots["too_few"], "rank"].isna().all()
    ranked = spots[spots["rank"].notna()]
    assert (ranked["n"] >= friction.MIN_N).all()


def test_cfpb_2023_heatmap_of_issue_volume_by_channel(cfpb_2023):
    # the file's own yes/no outcome is a rate (timely responses are good news)
    assert journey.available_metrics(cfpb_2023) == ["rate:Timely response?", "volume"]
    timely = journey.metric_info(cfpb_2023, "rate:Timely response?")
    assert timely["label"] == "Timely response? = Yes (%)" and timely["higher_is_better"] is True
    fb = cfpb_2023.feedback
    assert journey.metric_overall(cfpb_2023, "rate:Timely response?").value == pytest.approx(
        100 * (fb["Timely response?"].astype(str) == "Yes").sum() / fb["Timely response?"].notna().sum())
    cells = journey.journey_heatmap(cfpb_2023, rows="touchpoint", cols="channel", metric="volume")
    fb = cfpb_2023.feedback
    assert cells["n"].sum() == int((fb["touchpoint"].notna() & fb["channel"].notna()).sum())
    assert set(cells["col"].astype("object")) == {"Web", "Phone", "Referral", "Postal mail"}
    top = cells.sort_values("value", ascending=False).iloc[0]
    assert top["row"] == "Incorrect information on your report" and top["col"] == "Web"
    assert "row_stage" in cells.columns and cells["row_stage"].notna().all()


def test_cfpb_2016_older_schema_ranks_credit_reports_first(cfpb_2016):
    spots = friction.friction_hotspots(cfpb_2016)
    top = spots.iloc[0]
    assert top["touchpoint"] == "Incorrect information on credit report" and top["stage"] == "Credit reporting"
    assert top["n"] == 94
    assert spots["rank"].notna().sum() == 2  # only two issues have 30 or more complaints in 349
    cells = journey.journey_heatmap(cfpb_2016, rows="stage", cols="channel", metric="volume")
    assert cells["n"].sum() == 349
    assert list(cells["row"].cat.categories)[0] == "Credit reporting"


# ----------------------------------------------------------------------------- clothing reviews (rating 1-5)


def test_clothing_heatmap_of_ratings_by_division(clothing):
    assert journey.available_metrics(clothing) == ["rating", "rate:Recommended IND", "volume"]
    assert journey.metric_info(clothing, "rate:Recommended IND")["higher_is_better"] is True
    cells = journey.journey_heatmap(clothing, rows="touchpoint", cols="Division Name", metric="rating")
    assert cells["row"].nunique() == 20 and cells["row_stage"].notna().all()
    assert cells["value"].between(1, 5).all()
    # touchpoints come grouped under their stage (department)
    stage_codes = cells.drop_duplicates("row")["row_stage"].cat.codes.tolist()
    assert stage_codes == sorted(stage_codes)
    assert cells["n"].sum() == int(clothing.feedback[["touchpoint", "Division Name"]].notna().all(axis=1).sum())


def test_clothing_hotspots_use_the_rating_and_keep_tiny_classes_apart(clothing):
    assert friction.available_components(clothing) == ["low_satisfaction"]
    spots = friction.friction_hotspots(clothing)
    dresses = spots[spots["touchpoint"] == "Dresses"].iloc[0]
    assert dresses["n"] == 6319 and not dresses["too_few"]
    tiny = spots[spots["too_few"]]
    assert set(tiny["touchpoint"]) == {"Casual bottoms", "Chemises"} and tiny["rank"].isna().all()
    assert spots.iloc[0]["rank"] == 1 and not math.isnan(spots.iloc[0]["friction_low"])
    verbatims = friction.sample_verbatims(clothing, "Dresses", n=3)
    assert len(verbatims) == 3 and (verbatims["rating"] == 1).all()
