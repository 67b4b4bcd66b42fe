"""Scales of the scored opportunity fields, detected from the data (cxlens.opportunity_scales), by hand."""

import io

import pandas as pd
import pytest

import cxlens
from cxlens import opportunity_scales as osc
from cxlens.opportunity_scales import Scale


@pytest.mark.parametrize("values, expected", [
    ([1, 3, 5, 4], Scale(1, 5)),
    ([2, 2.5, 3], Scale(1, 5)),
    ([0, 2, 5], Scale(0, 5)),
    ([1, 6, 10], Scale(1, 10)),
    ([0, 7], Scale(0, 10)),
    ([5, 40, 95], Scale(0, 100)),
    ([100, 350], Scale(0, 500)),
])
def test_numeric_scales(values, expected):
    assert osc.detect(pd.Series(values, dtype="float64")) == expected


def test_a_header_hint_wins_and_nothing_is_no_scale():
    assert osc.detect(pd.Series([1.0, 4.0]), hint=(1, 10)) == Scale(1, 10)
    assert osc.detect(pd.Series([float("nan")])) is None


def test_words_are_scored_by_position():
    numbers, scale = osc.read_words(pd.Series(["Low", "high ", "MEDIUM", None, "med"]))
    assert scale == Scale(1, 3, ("Low", "Medium", "High")) and scale.label == "Low / Medium / High"
    assert numbers.tolist()[:3] == [1.0, 3.0, 2.0] and pd.isna(numbers[3]) and numbers[4] == 2.0
    numbers, scale = osc.read_words(pd.Series(["Very high", "low"]))
    assert scale.words == ("Very low", "Low", "Medium", "High", "Very high") and numbers.tolist() == [5.0, 2.0]
    assert osc.read_words(pd.Series(["S", "XL"]))[1] == Scale(1, 5, ("XS", "S", "M", "L", "XL"))
    assert osc.read_words(pd.Series(["Low", "Huge"])) is None
    assert osc.read_words(pd.Series([1, 2])) is None
    assert scale.format(4.0) == "High (4)" and scale.format(2.5) == "2.5" and scale.format(float("nan")) == "–"


def test_missing_fields_take_the_sheet_scale():
    five = Scale(1, 5)
    out = osc.scales_for({"customer_value": five, "effort": five.to_dict()})
    assert out["business_value"] == five and out["time_criticality"] == Scale(0, 5)
    assert osc.scales_for({}) == osc.DEFAULTS
    words = osc.scales_for({"effort": Scale(1, 3, ("Low", "Medium", "High"))})
    assert words["customer_value"].words and words["risk_reduction"] == Scale(0, 10)


def test_rescale_maps_bottom_to_bottom_and_top_to_top():
    s = pd.Series([0.0, 50.0, 100.0])
    assert osc.rescale(s, Scale(0, 100), Scale(1, 5)).tolist() == [1.0, 3.0, 5.0]
    assert osc.rescale(s, Scale(0, 100), Scale(0, 100)) is s


def _sheet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        frame.to_excel(xw, sheet_name="Opportunities", index=False)
    return buf.getvalue()


def test_the_loader_records_each_fields_scale():
    ds = cxlens.load(_sheet(pd.DataFrame({
        "Opportunity": ["A", "B", "C"], "Customer value": [5, 3, 1], "Business value (1-10)": [4, 2, 2],
        "Effort": ["Low", "High", "Medium"], "Confidence": ["High", "Low", "Medium"]})), filename="ideas.xlsx")
    scales = osc.scales_for(ds.recipe.opportunity_scales)
    assert scales["customer_value"] == Scale(1, 5)
    assert scales["business_value"] == Scale(1, 10)  # the header says so, although no value is above 5
    assert scales["effort"] == Scale(1, 3, ("Low", "Medium", "High"))
    opps = ds.opportunities
    assert opps["effort"].tolist() == [1.0, 3.0, 2.0]
    assert opps["confidence"].tolist() == [0.75, 0.25, 0.5]  # position / (k + 1)
    assert ds.problems.empty
    # the recipe keeps the scales (a shared workspace restores them from its recipe)
    again = cxlens.Recipe.from_json(ds.recipe.to_json())
    assert again.opportunity_scales["effort"]["words"] == ["Low", "Medium", "High"]


def test_a_value_outside_a_stated_scale_is_reported():
    ds = cxlens.load(_sheet(pd.DataFrame({"Opportunity": ["A", "B"], "Effort (1-5)": [2, 7],
                                          "Customer value": [3, 4]})), filename="ideas.xlsx")
    assert pd.isna(ds.opportunities["effort"].iloc[1])
    assert ds.problems["problem"].str.contains("outside the scale 1-5").any()
