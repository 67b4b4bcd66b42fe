"""The file's own columns in views: binary outcomes as rates, numbers as segments (issues #14, #15)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cxlens
from cxlens import extra_columns, journey, overview


def test_binary_values_from_numbers_words_and_named_events():
    flags, event = extra_columns.binary_values(pd.Series([1, 0, 0, np.nan, 1]))
    assert event == "1" and flags.tolist()[:3] == [1, 0, 0] and math.isnan(flags.iloc[3])
    flags, event = extra_columns.binary_values(pd.Series(["Yes", "No", "no", None]))
    assert event == "Yes" and flags.tolist()[:3] == [1, 0, 0]
    flags, event = extra_columns.binary_values(pd.Series(["Existing Customer", "Attrited Customer", "Existing Customer"]))
    assert event == "Attrited Customer" and flags.tolist() == [0, 1, 0]
    # two values, neither an event: which one counts is not guessed
    assert extra_columns.binary_values(pd.Series(["Male", "Female", "Male"])) is None
    assert extra_columns.binary_values(pd.Series([1, 2, 3])) is None


def test_higher_is_better_only_for_good_news():
    assert extra_columns.higher_is_better("Churn", "1") is False
    assert extra_columns.higher_is_better("Retained", "Yes") is True
    assert extra_columns.higher_is_better("Attrition_Flag", "Attrited Customer") is False


def test_numeric_bins_by_quantiles_with_value_ranges():
    tenure = pd.Series([0, 1, 2, 3, 5, 8, 9, 12, 20, 61, np.nan])
    bins = extra_columns.numeric_bins(tenure)
    # quartiles of the 10 values: 2.25, 6.5, 11.25 -> groups <=2.25, <=6.5, <=11.25, the rest
    assert list(bins.cat.categories) == ["0-2", "3-5", "8-9", "12-61"]
    assert bins.astype(str).tolist()[:10] == ["0-2"] * 3 + ["3-5"] * 2 + ["8-9"] * 2 + ["12-61"] * 3
    assert pd.isna(bins.iloc[10]) and bins.cat.ordered
    tiers = extra_columns.numeric_bins(pd.Series([1, 3, 2, 1, 3]))
    assert list(tiers.cat.categories) == ["1", "2", "3"]


def _customers() -> pd.DataFrame:
    # 12 customers: churn by tenure band computed by hand below
    return pd.DataFrame({
        "CustomerID": [f"C{i:02d}" for i in range(12)],
        "Tenure": [1, 1, 2, 2, 3, 10, 11, 12, 30, 40, 50, 60],
        "Plan": ["Basic", "Pro"] * 6,
        "SatisfactionScore": [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 3, 4],
        "Churn": [1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0],
        "Partner": ["Yes", "No"] * 6,
    })


def test_customer_table_offers_outcome_rates_and_numeric_splits():
    ds = cxlens.load(_customers().to_csv(index=False).encode(), filename="customers.csv")
    available = journey.available_metrics(ds)
    rates = [m for m in available if m.startswith(journey.RATE_PREFIX)]
    assert rates == ["rate:Churn", "rate:Partner"]  # the named outcome first
    info = journey.metric_info(ds, "rate:Churn")
    assert (info["label"], info["unit"], info["higher_is_better"]) == ("Churn = 1 (%)", "%", False)
    assert "Tenure" in journey.available_columns(ds)
    cells = journey.journey_heatmap(ds, rows="Plan", cols="Tenure", metric="rate:Churn", min_n=1)
    basic_low = cells[(cells["row"] == "Basic") & (cells["col"] == "1-2")].iloc[0]
    # Tenure quartiles of 12 values: 2, 10.5, 32.5 -> '1-2' holds C00-C03; Basic: C00 (churn), C02 (churn)
    assert (basic_low["value"], basic_low["n"]) == (100.0, 2)
    overall = journey.metric_overall(ds, "rate:Churn")
    assert (overall.value, overall.n) == (pytest.approx(500 / 12), 12)
    kpis = {k.key: k for k in overview.headline_kpis(ds)}
    assert kpis["rate:Churn"].value == pytest.approx(100 * 5 / 12) and kpis["rate:Churn"].n == 12
    assert "rate:Partner" not in kpis and "touchpoints" not in kpis


def test_rate_drilldown_counts_yes_and_no():
    ds = cxlens.load(_customers().to_csv(index=False).encode(), filename="customers.csv")
    dist = journey.score_distribution(ds.feedback, "rate:Churn")
    assert dist["label"].tolist() == ["no", "yes"] and dist["count"].tolist() == [7, 5]


def test_segment_hotspots_rank_groups_by_the_interval_end_nearest_overall():
    ds = cxlens.load(_customers().to_csv(index=False).encode(), filename="customers.csv")
    assert journey.default_metric(ds) == "rate:Churn"  # a named outcome without touchpoints
    groups = journey.segment_hotspots(ds, "rate:Churn", min_n=4)
    # Plan: Basic = C00,C02,C04,C06,C08,C10 -> churn 1,1,1,1,0,0 = 4/6; Pro = 1,0,0,0,0,0 = 1/6
    basic = groups[(groups["segment"] == "Plan") & (groups["group"] == "Basic")].iloc[0]
    assert (basic["n"], basic["value"]) == (6, pytest.approx(400 / 6))
    assert basic["worse_bound"] == basic["ci_low"]  # churn: lower is better, so the lower end ranks
    assert list(groups["worse_bound"]) == sorted(groups["worse_bound"], reverse=True)
    assert "Churn" not in set(groups["segment"])  # the outcome is not a group of itself
    assert (groups["n"] >= 4).all()


def test_hotspots_page_ranks_customer_groups_without_touchpoints():
    from streamlit.testing.v1 import AppTest

    from .conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["cxlens_payloads"] = (("customers.csv", _customers().to_csv(index=False).encode()),)
    at.run()
    at.switch_page("pages/friction_hotspots.py").run()
    assert not at.exception
    assert at.selectbox(key="sg_metric").value == "rate:Churn"
    at.number_input(key="hs_min_n").set_value(4).run()
    table = at.dataframe[0].value
    assert list(table.columns)[:3] == ["Segment", "Group", "Customers (n)"]
    assert ((table["Segment"] == "Plan") & (table["Group"] == "Basic")).any()
