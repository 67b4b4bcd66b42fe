"""cxlens.canonical_tables on hand-made interpreted tables: a wide survey melted to one row per
rating (respondents' own answers kept once), a complaint log, the long layout's typed columns and
rows with no content, extra columns kept as segments, and the simple tables (catalogue, backlog)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxlens.canonical_tables import extra_column, feedback_table, simple_table
from cxlens.cleaning import Context
from cxlens.dataset import Recipe
from cxlens.problems import ProblemLog


def ctx(frame: pd.DataFrame) -> Context:
    return Context(ProblemLog(), "f.csv", "", pd.Series(frame.index.to_numpy() + 2, index=frame.index))


def test_a_wide_survey_becomes_one_row_per_rating_and_one_per_respondent():
    frame = pd.DataFrame({"Respondent": ["r1", "r2"], "Web": [4, None], "App": [2, 5], "NPS": [9, 3],
                          "Comment": ["ok", None]})
    mapping = {"Respondent": "response_id", "NPS": "nps", "Comment": "comment"}
    settings = {"value_columns": ["Web", "App"], "wide_metric": "csat"}
    c = ctx(frame)
    out = feedback_table(frame, mapping, "wide", settings, Recipe(), c)
    rows = out[["response_id", "touchpoint", "csat", "nps", "comment", "source_row"]].astype(object)
    rows = rows.where(rows.notna(), None).values.tolist()
    assert rows == [["r1", "Web", 4.0, None, None, 2], ["r1", "App", 2.0, None, None, 2],
                    ["r1", None, None, 9.0, "ok", 2],
                    ["r2", "App", 5.0, None, None, 3], ["r2", None, None, 3.0, None, 3]]
    assert c.log.frame().empty


def test_a_bad_rating_in_a_wide_survey_is_reported_under_its_own_column():
    frame = pd.DataFrame({"Web": ["4", "5"], "App": ["2", "x"]})
    c = ctx(frame)
    out = feedback_table(frame, {}, "wide", {"value_columns": ["Web", "App"]}, Recipe(), c)
    # melted column by column (Web's ratings, then App's); App's 'x' in file row 3 is unusable
    assert out["touchpoint"].astype(object).tolist() == ["Web", "Web", "App"]
    assert out["csat"].tolist() == [4.0, 5.0, 2.0] and out["source_row"].tolist() == [2, 3, 2]
    assert c.log.frame()[["row", "column", "value", "problem"]].values.tolist() == [[3, "App", "x", "not a number"]]


def test_a_complaint_log():
    frame = pd.DataFrame({"Issue": ["Billing", "Late"], "Product": ["Card", "Loan"], "Date": ["2026-01-02", "2026-01-05"]})
    settings = {"issue_column": "Issue", "product_column": "Product"}
    out = feedback_table(frame, {"Date": "date"}, "complaints", settings, Recipe(), ctx(frame))
    assert out["touchpoint"].astype(object).tolist() == ["Billing", "Late"]
    assert out["stage"].astype(object).tolist() == ["Card", "Loan"]
    assert out["complaint"].tolist() == [1.0, 1.0]
    assert out["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-02", "2026-01-05"]
    assert settings["date_formats"] == ["%Y-%m-%d"]


def test_long_rows_without_content_are_dropped_and_reported_and_scales_kept_in_the_recipe():
    frame = pd.DataFrame({"Touchpoint": ["Web", None, "App"], "CSAT (1-7)": [6, None, 2], "Region": ["N", "S", "N"]})
    recipe = Recipe()
    c = ctx(frame)
    out = feedback_table(frame, {"Touchpoint": "touchpoint", "CSAT (1-7)": "csat"}, "long", {}, recipe, c)
    assert out["touchpoint"].astype(object).tolist() == ["Web", "App"] and out["csat"].tolist() == [6.0, 2.0]
    assert out["source_row"].tolist() == [2, 4]
    assert recipe.scales["csat"] == {"min": 1, "max": 7, "na_values": [], "higher_is_better": True,
                                     "column": "CSAT (1-7)"}
    assert c.log.frame()[["row", "problem", "action"]].values.tolist() == [
        [3, "row has no touchpoint, score or comment", "row not used"]]
    assert out["Region"].dtype == "category"


def test_extra_columns():
    segment = extra_column(pd.Series([" North", "South", "North", None] * 5))
    assert segment.dtype == "category" and list(segment.cat.categories) == ["North", "South"]
    numbers = pd.Series([1.5, 2.0])
    assert extra_column(numbers) is numbers
    prose = extra_column(pd.Series([f"A long free text answer number {i} about the service" for i in range(20)]))
    assert prose.dtype != "category"
    dates = extra_column(pd.Series(["2026-01-01", "2026-01-02"] * 10))
    assert dates.dtype != "category"  # timestamps are no segments


def test_simple_tables_catalogue_and_backlog():
    catalogue = pd.DataFrame({"Name": ["Web", None], "Volume": ["1.200", "50"]})
    c = ctx(catalogue)
    out = simple_table("touchpoints", catalogue, {"Name": "touchpoint", "Volume": "volume"}, Recipe(), c)
    assert out["touchpoint"].tolist() == ["Web"] and out["volume"].tolist() == [1.2]
    assert c.log.frame()[["row", "column", "problem"]].values.tolist() == [[3, "Name", "no touchpoint"]]
    backlog = pd.DataFrame({"Idea": ["Fix checkout", "New app"], "Effort (1-10)": [3, 8], "Confidence": [80, 0.5]})
    recipe = Recipe()
    out = simple_table("opportunities", backlog,
                       {"Idea": "opportunity", "Effort (1-10)": "effort", "Confidence": "confidence"}, recipe, ctx(backlog))
    assert out["effort"].tolist() == [3.0, 8.0] and out["confidence"].tolist() == [0.8, 0.5]
    assert recipe.opportunity_scales == {"effort": {"min": 1.0, "max": 10.0}}


def test_maturity_scores_outside_one_to_five_are_reported():
    answers = pd.DataFrame({"Dimension": ["Strategy", "Insight"], "Score": [3, 7]})
    c = ctx(answers)
    out = simple_table("maturity", answers, {"Dimension": "dimension", "Score": "score"}, Recipe(), c)
    assert out["score"].tolist() == [3.0]
    assert c.log.frame()["problem"].tolist() == ["outside the scale 1-5", "no score"]
    assert np.array_equal(out["dimension"].astype(object).to_numpy(), np.array(["Strategy"], dtype=object))
