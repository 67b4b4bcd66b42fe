"""Strategy goals, goal tags from the sheet, goal alignment and its blend into business value,
computed by hand on small fixtures."""

import math

import numpy as np
import pandas as pd
import pytest

from cxlens import backlog as bl
from cxlens import export
from cxlens import prioritisation as pr
from cxlens import strategy as sg

SHEET = pd.DataFrame({
    "Type": ["Business goal", "business goal", "Brand", "Target customers"],
    "Goal": ["Reduce churn", "Effortless onboarding", "Simple, fair, always on", "Families"],
    "Description": ["Churn 14% -> 10%", None, "Easy, fair, works", "Parents working from home"],
    "Importance (1-5)": [5, 4, 2, None],
})


@pytest.fixture
def goals():
    return sg.goals_from_sheet(SHEET)


def _id(goals, name):
    return goals.set_index("name").at[name, "goal_id"]


def test_goals_from_sheet_maps_headers_kinds_and_importance(goals):
    assert goals["name"].tolist() == ["Reduce churn", "Effortless onboarding", "Simple, fair, always on", "Families"]
    assert goals["kind"].tolist() == ["Business goal", "Business goal", "Brand promise", "Target customers"]
    assert goals["weight"].tolist() == [5.0, 4.0, 2.0, 3.0]  # blank importance -> 3
    assert goals["origin"].eq("sheet").all()
    # ids are stable: the same name (any case or spacing) gives the same id
    assert sg.goal_id("  reduce   CHURN ") == _id(goals, "Reduce churn")


def test_goal_tags_from_the_sheet_and_unknown_names_reported(goals):
    opps = pd.DataFrame({
        "opportunity": ["A", "B", "C", "D", "E", "F", "G", "H"],
        "goal": ["Reduce churn", "effortless onboarding.", "Simple, fair, always on",
                 "Simple, fair, always on | families", "Effortless onboarding; Families", "Grow abroad; Reduce churn",
                 None, "Reduce churn, Families"],
    })
    out, problems = sg.attach_goals(bl.from_sheet(opps), goals)
    out = out.set_index("opportunity")
    name = {_id(goals, n): n for n in goals["name"]}
    assert [name[g] for g in out.at["A", "goals"]] == ["Reduce churn"]
    assert [name[g] for g in out.at["C", "goals"]] == ["Simple, fair, always on"]  # a name with commas stays whole
    # several goals, most important first
    assert [name[g] for g in out.at["D", "goals"]] == ["Families", "Simple, fair, always on"]
    assert [name[g] for g in out.at["H", "goals"]] == ["Reduce churn", "Families"]  # comma list of known goals
    assert out.at["G", "goals"] == [] and out.at["G", "primary_goal"] == sg.NO_GOAL
    assert out.at["E", "goal_names"] == "Effortless onboarding; Families"
    assert out.at["D", "primary_goal"] == "Families"
    # the unknown name is reported with its opportunity; the known one in the same cell is kept
    assert problems[["opportunity", "goal"]].values.tolist() == [["F", "Grow abroad"]]
    assert [name[g] for g in out.at["F", "goals"]] == ["Reduce churn"]


def test_goal_alignment_by_hand(goals):
    # alignment = min(1, sum of importance served / 5), 5 = the most important goal (Reduce churn)
    ids = {n: _id(goals, n) for n in goals["name"]}
    cases = {
        (): 0.0,
        ("Reduce churn",): 1.0,
        ("Effortless onboarding",): 0.8,
        ("Simple, fair, always on",): 0.4,
        ("Simple, fair, always on", "Families"): 1.0,  # 2 + 3 = 5
        ("Effortless onboarding", "Families"): 1.0,  # 4 + 3 = 7, capped at 1
    }
    for names, expected in cases.items():
        assert sg.goal_alignment([ids[n] for n in names], goals) == pytest.approx(expected), names
    assert sg.goal_alignment(["not-a-goal"], goals) == 0.0
    assert sg.goal_alignment([ids["Families"]], goals.iloc[:0]) == 0.0


def test_merge_goals_applies_edits_removals_and_additions(goals):
    churn, brand = _id(goals, "Reduce churn"), _id(goals, "Simple, fair, always on")
    stored = pd.DataFrame([
        {"goal_id": churn, "name": "Cut churn to 10%", "kind": None, "weight": 4.0, "description": None,
         "removed": False},
        {"goal_id": brand, "name": "Simple, fair, always on", "kind": None, "weight": None, "description": None,
         "removed": True},
        {"goal_id": "goal-new", "name": "Win small businesses", "kind": "Target customers", "weight": None,
         "description": "Sole traders", "removed": False},
    ])
    merged = sg.merge_goals(goals, stored).set_index("goal_id")
    assert merged.index.tolist() == [churn, _id(goals, "Effortless onboarding"), _id(goals, "Families"), "goal-new"]
    assert (merged.at[churn, "name"], merged.at[churn, "kind"], merged.at[churn, "weight"]) == (
        "Cut churn to 10%", "Business goal", 4.0)  # a blank kind in the edit keeps the sheet's kind
    assert (merged.at["goal-new", "origin"], merged.at["goal-new", "weight"]) == ("app", 3.0)
    # the sheet still says "Reduce churn": it maps to the renamed goal by its id
    ids, unknown = sg.match_goal_names("Reduce churn", merged.reset_index())
    assert ids == [churn] and unknown == []


def test_blend_changes_business_value_and_ranks():
    opps = pd.DataFrame({
        "opportunity": ["A", "B", "C"],
        "customer_value": [6, 6, 5],
        "business_value": [8, 6, np.nan],
        "effort": [2, 2, 5],
        "confidence": [0.8, 0.8, 0.8],
        "reach": [100, 100, 100],
        "goal_alignment": [0.0, 1.0, 1.0],
    })
    off = pr.prioritise(opps, "value_effort").set_index("opportunity")
    # value = (6 + 8) / 2 = 7 -> 3.5; (6 + 6) / 2 = 6 -> 3.0; C has no business value: customer value 5 / 5
    assert off["score"].to_dict() == pytest.approx({"A": 3.5, "B": 3.0, "C": 1.0})
    assert off["rank"].to_dict() == {"A": 1, "B": 2, "C": 3}
    assert off["business_value_used"].tolist()[:2] == [8.0, 6.0]

    half = pr.prioritise(opps, "value_effort", {"customer": 0.5, "goal": 0.5}).set_index("opportunity")
    # A: 0.5 * 8 + 0.5 * (1 + 9 * 0) = 4.5 -> value 5.25 -> 2.625
    # B: 0.5 * 6 + 0.5 * (1 + 9 * 1) = 8   -> value 7    -> 3.5
    assert half.at["A", "business_value_used"] == pytest.approx(4.5)
    assert half.at["B", "business_value_used"] == pytest.approx(8.0)
    assert math.isnan(half.at["C", "business_value_used"])  # a missing estimate is not invented
    assert half["score"].to_dict() == pytest.approx({"A": 2.625, "B": 3.5, "C": 1.0})
    assert half["rank"].to_dict() == {"B": 1, "A": 2, "C": 3}

    full = pr.prioritise(opps, "value_effort", {"goal": 1.0}).set_index("opportunity")
    assert full.loc[["A", "B"], "business_value_used"].tolist() == [1.0, 10.0]
    # WSJF and the agreement table see the same blended value: B (8 / 2 = 4.0) ahead of A (5.25... )
    wsjf = pr.prioritise(opps, "wsjf", {"goal": 0.5}).set_index("opportunity")["score"]
    assert wsjf.to_dict() == pytest.approx({"A": 2.625, "B": 3.5, "C": 1.0})
    ranks = pr.compare_methods(opps, ["value_effort", "rice"], {"goal": 0.5}).set_index("opportunity")
    assert ranks["value_effort"].to_dict() == {"A": 2, "B": 1, "C": 3}
    with pytest.raises(ValueError, match="between 0 and 1"):
        pr.prioritise(opps, weights={"goal": 1.5})


def test_blend_without_alignment_column_is_a_no_op():
    opps = pd.DataFrame({"opportunity": ["A"], "customer_value": [6.0], "business_value": [8.0], "effort": [2.0],
                         "confidence": [0.5], "reach": [1.0]})
    out = pr.prioritise(opps, weights={"goal": 0.5})
    assert out.at[0, "business_value_used"] == 8.0 and out.at[0, "score"] == 3.5


def test_sensitivity_uses_the_goal_blend():
    opps = pd.DataFrame({"opportunity": ["A", "B"], "customer_value": [6, 6], "business_value": [8, 6],
                         "effort": [2, 2], "confidence": [0.8, 0.8], "reach": [1, 1], "goal_alignment": [0.0, 1.0]})
    # without the blend A is ahead at every customer weight below 1 (10 of 11 settings); with g = 0.5 B always is
    plain = pr.sensitivity(opps, top=1).set_index("opportunity")
    assert plain.at["A", "in_top_share"] == pytest.approx(1.0)  # w = 1: tie at 6, both share rank 1
    blended = pr.sensitivity(opps, top=1, goal_weight=0.5).set_index("opportunity")
    assert blended.at["B", "verdict"] == "stays in top 1"
    assert blended.at["A", "in_top_share"] == pytest.approx(1 / 11)  # only at w = 1 (customer value only: tie)


def test_export_includes_goals_and_neutralises_formulas(goals):
    opps = pd.DataFrame({"opportunity": ["=HYPERLINK(\"http://x\")", "B"], "goal": ["Reduce churn", None],
                         "customer_value": [5, 5], "business_value": [5, 5], "effort": [5, 5]})
    stored_goals = goals.copy()
    stored_goals.loc[len(stored_goals)] = [sg.goal_id("@SUM(A1)", "app"), "Business goal", "@SUM(A1)", None, 1.0,
                                           "app"]
    backlog, _ = sg.attach_goals(bl.from_sheet(opps), stored_goals)
    backlog.at[1, "goals"] = [sg.goal_id("@SUM(A1)", "app")]
    backlog, _ = sg.attach_goals(backlog, stored_goals)
    ranked = pr.prioritise(backlog, weights={"goal": 0.5})
    table = ranked[["opportunity", "goal_names", "goal_alignment"]].rename(columns={"goal_names": "goals"})
    text = export.to_csv_bytes(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    assert "Reduce churn" in text and "0.2" in text  # @SUM(A1) has importance 1 of 5
