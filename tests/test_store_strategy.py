"""Migration 6 on SQLite and PostgreSQL: WSJF inputs and goal tags on opportunities, goal kinds and
removed sheet goals, round-tripped and kept across a restart and an upgrade from version 5."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlens import backlog as bl
from cxlens import strategy as sg
from cxlens.store import Store
from tests.store_fixtures import *  # noqa: F403 - the db_url / store / pg_database fixtures
from tests.store_fixtures import BACKLOG


def test_wsjf_inputs_and_goal_tags_round_trip_and_survive_a_restart(db_url):
    with Store(db_url) as s:
        s.save_opportunities(BACKLOG, [
            {"opportunity_id": "a", "opportunity": "Callback button", "effort": 1, "time_criticality": 7.5,
             "risk_reduction": 2, "goals": ["goal-churn", "goal-brand"], "origin": "sheet"},
            {"opportunity_id": "b", "opportunity": "Rebuild the app", "effort": 10, "goals": [], "origin": "app"},
        ])
        s.save_opportunity(BACKLOG, {"opportunity_id": "a", "risk_reduction": 4.5})  # partial update
    with Store(db_url) as again:  # a new process on the same database
        df = again.list_opportunities(BACKLOG, canonical=True).set_index("opportunity_id")
    assert (df.at["a", "time_criticality"], df.at["a", "risk_reduction"]) == (7.5, 4.5)
    assert df.at["a", "goals"] == ["goal-churn", "goal-brand"]
    assert df.at["b", "goals"] == []  # "tagged with nothing" is kept apart from "never tagged" (None)
    assert pd.isna(df.at["b", "time_criticality"]) and df["time_criticality"].dtype == "float64"
    # merged into the sheet backlog, the stored values replace the sheet row
    sheet = bl.from_sheet(pd.DataFrame({"opportunity": ["Callback button"], "effort": [3.0]}))
    sheet["opportunity_id"] = ["a"]
    merged = bl.merge_edits(sheet, df.reset_index()).set_index("opportunity_id")
    assert merged.at["a", "effort"] == 1.0 and merged.at["a", "time_criticality"] == 7.5
    assert merged.at["a", "goals"] == ["goal-churn", "goal-brand"]


def test_goal_kind_and_removed_flag_round_trip(store):
    store.save_strategy_goal(BACKLOG, {"goal_id": "g1", "name": "Reduce churn", "kind": "Business goal",
                                       "weight": 5, "position": 0})
    store.save_strategy_goal(BACKLOG, {"goal_id": "g2", "name": "Simple, fair", "kind": "Brand promise",
                                       "weight": 2, "position": 1})
    store.save_strategy_goal(BACKLOG, {"goal_id": "g2", "name": "Simple, fair", "removed": True})
    goals = store.list_strategy_goals(BACKLOG).set_index("goal_id")
    assert goals["kind"].tolist() == ["Business goal", "Brand promise"]
    assert goals["removed"].tolist() == [False, True]
    assert goals["weight"].tolist() == [5.0, 2.0]
    sheet = pd.DataFrame({"goal_id": ["g1", "g2"], "kind": ["Business goal", "Brand promise"],
                          "name": ["Reduce churn", "Simple, fair"], "description": [None, None],
                          "weight": [4.0, 2.0], "origin": ["sheet", "sheet"]})
    merged = sg.merge_goals(sheet, goals.reset_index())
    assert merged[["goal_id", "weight"]].values.tolist() == [["g1", 5.0]]  # the edit wins; g2 is gone
    with pytest.raises(ValueError, match="limit is 80"):
        store.save_strategy_goal(BACKLOG, {"goal_id": "g3", "name": "x", "kind": "k" * 81})


def test_upgrade_from_version_5_keeps_backlog_and_adds_empty_columns(db_url):
    with Store(db_url, migrate=False) as s:
        s.migrate(target=5)
        s.save_opportunity(BACKLOG, {"opportunity_id": "keep", "name": "Kept", "effort": 2, "goals": ["g1"]})
        s.save_strategy_goal(BACKLOG, {"goal_id": "g1", "name": "Retention", "weight": 4})
        assert 6 in s.migrate()
        opp = s.list_opportunities(BACKLOG).set_index("opportunity_id")
        assert (opp.at["keep", "effort"], opp.at["keep", "goals"]) == (2.0, ["g1"])
        assert pd.isna(opp.at["keep", "time_criticality"]) and pd.isna(opp.at["keep", "risk_reduction"])
        goal = s.list_strategy_goals(BACKLOG).set_index("goal_id")
        assert (goal.at["g1", "weight"], goal.at["g1", "removed"]) == (4.0, False) and pd.isna(goal.at["g1", "kind"])
