"""A database written by an earlier CX Lens opens, upgrades in place and reads back the same data.

The fixtures in tests/fixtures/ were written by the Store of commit aa7f038 (the main before the
store became a package) with tests/fixtures/make_previous_main_db.py, which says how to remake
them: a SQLite file, and a pg_dump of a PostgreSQL database restored here into a fresh database.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from cxlens.store import LATEST_VERSION, MIGRATIONS, Store, metadata
from tests.store_fixtures import temporary_database

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WRITTEN_AT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone.utc)
BACKLOG = "fixture-backlog"
CSV = b"Touchpoint,Stage,CSAT\nCheckout,Purchase,2\nHelp,Support,4\n"


def _opened(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _restore_dump(url: str, dump: Path) -> None:
    """Run a plain pg_dump (INSERTs, no owners) on an empty database; psql's backslash lines skipped."""
    sql = "\n".join(line for line in dump.read_text(encoding="utf-8").splitlines() if not line.startswith("\\"))
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        raw = engine.raw_connection()
        try:
            raw.cursor().execute(sql)  # no parameters: the driver sends the statements as one script
            raw.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def previous_main(request, tmp_path):
    """(URL of a copy of the previous main's database, what the generator recorded to open it)."""
    if request.param == "sqlite":
        copy = tmp_path / "previous_main.sqlite"
        shutil.copyfile(FIXTURES / "previous_main.sqlite", copy)
        yield f"sqlite:///{copy}", _opened("previous_main.sqlite")
        return
    with temporary_database("cxlens_upgrade_") as url:
        _restore_dump(url, FIXTURES / "previous_main_postgresql.sql")
        yield url, _opened("previous_main_postgresql.sql")


def test_previous_main_database_opens_upgrades_and_reads_back(previous_main):
    url, opened = previous_main
    with Store(url, migrate=False, clock=lambda: WRITTEN_AT + dt.timedelta(days=1)) as s:
        assert s.schema_version() == opened["schema_version"] == 9
        assert s.migrate() == [m.version for m in MIGRATIONS if m.version > 9]
        assert s.schema_version() == LATEST_VERSION
        assert set(sa.inspect(s.engine).get_table_names()) == set(metadata.tables)
        _check_backlog(s)
        _check_workshop(s, opened)
        _check_workspace_maturity_and_draft(s, opened)
    with Store(url) as again:  # the constructor's migrate finds nothing left to do
        assert again.migrate() == []


def _check_backlog(s: Store) -> None:
    opps = s.list_opportunities(BACKLOG).set_index("opportunity_id")
    assert opps.index.tolist() == ["opp-1", "opp-2", "opp-3"]
    assert opps["name"].tolist() == ["Fix checkout", "Faster help", "Clearer bills"]
    assert opps["customer_value"].tolist() == [4.5, 3.0, 2.0]
    assert opps["effort"].tolist() == [2.0, 4.0, 1.0]
    assert opps["origin"].tolist() == ["sheet"] * 3
    assert opps.loc["opp-1", "goals"] == ["g1"] and opps.loc["opp-1", "evidence"] == {"csat": 61.5, "n": 40}
    assert opps.loc["opp-2", "goals"] is None
    assert (opps["created_at"] == pd.Timestamp(WRITTEN_AT)).all()
    goals = s.list_strategy_goals(BACKLOG)
    assert goals[["goal_id", "name", "weight", "kind", "removed"]].values.tolist() == [
        ["g1", "Fewer abandoned carts", 2.0, "target customers", False]
    ]


def _check_workshop(s: Store, opened: dict) -> None:
    wid, facilitator = opened["workshop_id"], opened["facilitator_token"]
    ann, bo = opened["participant_tokens"]
    w = s.get_workshop(wid)
    assert (w.name, w.round_state, w.current_round) == ("Q4 priorities", "closed", 1)
    assert w.items == (("opp-1", "Fix checkout"), ("opp-2", "Faster help"))
    assert s.check_facilitator(wid, facilitator) and s.participant_by_token(wid, ann).display_name == "Ann"
    assert s.my_votes(wid, ann) == {"opp-1": {"impact": 4.0, "effort": 2.0}, "opp-2": {"impact": 2.0}}
    res = s.round_results(wid).set_index(["opportunity_id", "criterion"])
    assert res["n"].tolist() == [2, 2, 1, 0]  # opp-1 impact, opp-1 effort, opp-2 impact, opp-2 effort
    assert res.loc[("opp-1", "impact"), "mean"] == 4.5 and res.loc[("opp-1", "effort"), "mean"] == 2.5
    assert res.loc[("opp-2", "impact"), "mean"] == 2.0 and math.isnan(res.loc[("opp-2", "effort"), "mean"])
    assert res.attrs["participant_count"] == 2 and res.attrs["voter_count"] == 2
    assert res.attrs["progress"] == 0.0  # nobody scored all 2 items x 2 criteria
    # The upgraded database takes new votes: Bo scores opp-2 after the round is re-opened.
    s.open_round(wid, facilitator)
    s.cast_vote(wid, bo, "opp-2", "impact", 3)
    assert s.round_results(wid).set_index(["opportunity_id", "criterion"]).loc[("opp-2", "impact"), "mean"] == 2.5


def _check_workspace_maturity_and_draft(s: Store, opened: dict) -> None:
    ws = s.open_workspace(opened["workspace_token"])
    assert (ws.id, ws.title, ws.owner) == (opened["workspace_id"], "Q4 review", "ann@example.org")
    assert json.loads(ws.recipe_json) == {"stage_map": {"Pay": "Purchase"}}
    assert ws.view_state == {"page": "heatmap", "metric": "csat"}
    pd.testing.assert_frame_equal(
        ws.tables["feedback"], pd.DataFrame({"touchpoint": ["Checkout", "Help"], "csat": [2.0, 4.0]})
    )
    answers = s.list_maturity_answers("fixture-assessment")
    assert answers["dimension"].tolist() == ["Insight", "Strategy"]
    assert answers["question"].tolist() == ["We measure CSAT", "We have a vision"]
    assert answers["score"].tolist()[0] == 4.0 and math.isnan(answers["score"].tolist()[1])
    assert answers["rater"].tolist() == ["Ann", "Ann"]
    assert answers["response_id"].tolist() == [opened["response_id"]] * 2
    # written before raters had tokens: the assessment owner's only (migration 10)
    assert s.maturity_submissions("fixture-assessment", rater_token="t" * 43).empty
    assert s.maturity_submissions("fixture-assessment", manage=True)["rater"].tolist() == ["Ann"]
    with pytest.raises(PermissionError):
        s.delete_maturity_response("fixture-assessment", opened["response_id"], rater_token="t" * 43)
    draft = s.open_draft(opened["draft_key"])
    assert draft.payloads == (("survey.csv", CSV),) and json.loads(draft.recipe_json) == {"skip_rows": 0}
    assert draft.expires_at == WRITTEN_AT + dt.timedelta(days=30)
