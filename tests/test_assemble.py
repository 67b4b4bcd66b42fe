"""cxlens.assemble on hand-made canonical tables: stages from feedback, the catalogue and the stage
map, 'Unassigned', journey order (catalogue order, else the customer lifecycle), touchpoints in
journey order, duplicate catalogue rows, and the catalogue derived from feedback."""

from __future__ import annotations

import pandas as pd

from cxlens.assemble import assemble
from cxlens.dataset import UNASSIGNED_STAGE, Recipe
from cxlens.problems import ProblemLog


def parts(feedback: dict | None = None, touchpoints: dict | None = None) -> dict:
    return {"feedback": [pd.DataFrame(feedback)] if feedback else [],
            "touchpoints": [pd.DataFrame(touchpoints)] if touchpoints else [],
            "opportunities": [], "maturity": []}


def test_stages_come_from_feedback_then_catalogue_then_stage_map_else_unassigned():
    feedback = {"touchpoint": ["Web", "Call", "Shop", "Bill", "Web"], "stage": ["Buy", None, None, None, None],
                "csat": [4.0, 3.0, 5.0, 2.0, 1.0], "channel": ["Online", "Phone", "Store", "Mail", "Online"]}
    catalogue = {"touchpoint": ["Call"], "stage": ["Support"], "stage_order": [2.0]}
    recipe = Recipe(stage_map={"Shop": "Buy"})
    ds = assemble(parts(feedback, catalogue), recipe, ProblemLog())
    # (the last row names Web without a stage: its pair is judged apart from the row that says Buy)
    assert ds.feedback["stage"].astype(object).tolist() == ["Buy", "Support", "Buy", UNASSIGNED_STAGE, UNASSIGNED_STAGE]
    assert ds.stages == ["Support", "Buy", UNASSIGNED_STAGE]  # the catalogue's stage first, Unassigned last
    assert recipe.stage_order == ["Support", "Buy", UNASSIGNED_STAGE]


def test_no_catalogue_orders_stages_by_the_customer_lifecycle_and_derives_one():
    feedback = {"touchpoint": ["Helpdesk", "Ad", "Checkout", "Helpdesk", "Ad"],
                "stage": ["Support", "Discover", "Purchase", "Support", "Discover"],
                "channel": ["Phone", "Web", "Web", "Chat", "Web"], "csat": [1.0, 2.0, 3.0, 4.0, 5.0]}
    ds = assemble(parts(feedback), Recipe(), ProblemLog())
    assert ds.stages == ["Discover", "Purchase", "Support"]
    assert list(ds.feedback["touchpoint"].cat.categories) == ["Ad", "Checkout", "Helpdesk"]
    tp = ds.touchpoints
    assert tp["touchpoint"].tolist() == ["Ad", "Checkout", "Helpdesk"]
    assert tp["stage"].astype(object).tolist() == ["Discover", "Purchase", "Support"]
    assert tp["stage_order"].tolist() == [1.0, 2.0, 3.0]
    assert tp["channel"].astype(object).tolist() == ["Web", "Web", "Chat"]  # Helpdesk: Chat and Phone tie, sorted first


def test_recipe_stage_order_wins_for_the_stages_present():
    feedback = {"touchpoint": ["A", "B"], "stage": ["Use", "Buy"], "csat": [3.0, 4.0]}
    ds = assemble(parts(feedback), Recipe(stage_order=["Use", "Gone", "Buy"]), ProblemLog())
    assert ds.stages == ["Use", "Buy"]


def test_duplicate_catalogue_rows_keep_the_first_and_are_reported():
    catalogue = {"touchpoint": ["Web", "App", "Web"], "stage": ["Buy", "Use", "Support"], "stage_order": [1.0, 2.0, 3.0]}
    log = ProblemLog()
    ds = assemble(parts({"touchpoint": ["Web"], "csat": [4.0]}, catalogue), Recipe(), log)
    assert ds.touchpoints["touchpoint"].tolist() == ["Web", "App"]
    assert ds.feedback["stage"].astype(object).tolist() == ["Buy"]
    problems = log.frame()
    assert problems[["value", "problem", "action"]].values.tolist() == [
        ["Web", "touchpoint listed twice in the catalogue", "first entry kept"]]
