"""The store (cxlens/store/) against SQLite and PostgreSQL.

Every database test is parametrised over both backends by the ``db_url`` / ``store`` fixtures
(tests/store_fixtures.py). PostgreSQL unreachable: skipped locally, a failure under CI=true.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from cxlens import store as store_module
from cxlens.store import (
    JOIN_CODE_ALPHABET,
    LATEST_VERSION,
    MIGRATIONS,
    DotsBudgetExceeded,
    NotInWorkshop,
    RoundClosed,
    Store,
    VoteRejected,
    WorkshopNotFound,
    WorkspaceNotFound,
    WorkspaceRevoked,
)
from tests.store_fixtures import *  # noqa: F403 - the db_url / store / pg_database fixtures
from tests.store_fixtures import BACKLOG, seed_backlog

ROOT = Path(__file__).resolve().parent.parent
SCORE_CRITERIA = {"mode": "score", "criteria": ["impact", "effort"], "min": 1, "max": 5}
#: The released migration versions, in order (numbers may skip: each is applied on its own).
VERSIONS = [m.version for m in MIGRATIONS]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def all_stored_text(s: Store) -> str:
    """Every value of every table, as one string (to check that secrets are not stored)."""
    parts = []
    with s.engine.connect() as conn:
        for table in store_module.metadata.sorted_tables:
            for row in conn.execute(sa.select(table)):
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


def sqlite_file_bytes(s: Store) -> bytes:
    path = Path(s.url.database)
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def run_python(code: str, *args: str, timeout: float = 120) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def workshop_with_participants(s: Store, n_participants: int = 2, criteria=SCORE_CRITERIA, n_items: int = 3):
    ids = seed_backlog(s, n_items)
    w = s.create_workshop("Prioritisation", BACKLOG, ids, criteria)
    people = [s.join(w.id, f"P{i}") for i in range(n_participants)]
    return w, ids, people


def vote_rows(s: Store, workshop_id: int) -> int:
    with s.engine.connect() as conn:
        return conn.execute(
            sa.select(sa.func.count()).where(store_module.workshop_votes.c.workshop_id == workshop_id)
        ).scalar_one()


# =============================================================================================
# Configuration
# =============================================================================================


def test_default_is_sqlite_file_in_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("CXLENS_DATABASE_URL", raising=False)
    monkeypatch.setenv("CXLENS_DATA_DIR", str(tmp_path / "deep" / "data"))
    with Store() as s:
        path = tmp_path / "deep" / "data" / "cxlens.sqlite3"
        assert path.is_file()
        assert s.describe() == f"SQLite at {path}"
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert isinstance(s.engine.pool, sa.pool.QueuePool)
        # A connection made in one thread is usable from another (check_same_thread=False).
        with ThreadPoolExecutor(1) as ex:
            assert ex.submit(s.list_opportunities, "x").result().empty


def test_default_without_env_is_dot_data(tmp_path, monkeypatch):
    monkeypatch.delenv("CXLENS_DATABASE_URL", raising=False)
    monkeypatch.delenv("CXLENS_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    with Store.from_env() as s:
        assert (tmp_path / "data" / "cxlens.sqlite3").is_file()
        assert s.describe() == f"SQLite at {tmp_path / 'data' / 'cxlens.sqlite3'}"


def test_from_env_reads_database_url(db_url, monkeypatch):
    monkeypatch.setenv("CXLENS_DATABASE_URL", db_url)
    with Store.from_env() as s, Store() as t:
        assert s.schema_version() == LATEST_VERSION
        assert s.describe() == t.describe()
        if s.dialect == "postgresql":
            assert re.fullmatch(r"PostgreSQL at 127\.0\.0\.1:5432/cxlens_test_\w+", s.describe())
            assert s.engine.pool._pre_ping
            assert s.engine.pool.size() <= 10
        else:
            assert s.describe().startswith("SQLite at ")


def test_describe_hides_password_and_maps_driver():
    s = Store("postgresql://cx:s3cret@db.example.org:6543/cxlens", migrate=False)
    assert s.describe() == "PostgreSQL at db.example.org:6543/cxlens"
    assert "s3cret" not in s.describe() + repr(s)
    assert s.engine.dialect.driver == "psycopg"
    assert Store("postgres://cx@db/x", migrate=False).engine.dialect.driver == "psycopg"
    with pytest.raises(ValueError, match="SQLite and PostgreSQL"):
        Store("mysql://root@localhost/x", migrate=False)


def test_in_memory_sqlite_works_from_threads():
    with Store("sqlite://") as s:
        assert s.describe() == "SQLite in memory"
        with ThreadPoolExecutor(4) as ex:
            list(ex.map(lambda i: s.save_opportunity("k", {"opportunity_id": f"o{i}", "name": f"O{i}"}), range(20)))
        assert len(s.list_opportunities("k")) == 20


# =============================================================================================
# Migrations
# =============================================================================================


def test_fresh_migrate_then_idempotent_rerun(db_url):
    with Store(db_url, migrate=False) as s:
        assert s.schema_version() == 0
        assert s.migrate() == [m.version for m in MIGRATIONS]
        assert s.schema_version() == LATEST_VERSION
        assert s.migrate() == []
        with s.engine.connect() as conn:
            rows = conn.execute(sa.select(store_module.schema_migrations)).all()
        assert [r.version for r in rows] == VERSIONS
        assert all(r.applied_at.tzinfo == dt.timezone.utc for r in rows)
    with Store(db_url) as again:  # the constructor migrates: nothing left to do
        assert again.migrate() == []


def test_migrated_schema_matches_runtime_metadata(store):
    """The frozen migration steps must build exactly the tables the queries use."""
    inspector = sa.inspect(store.engine)
    tables = set(inspector.get_table_names())
    assert tables == set(store_module.metadata.tables)
    for name, table in store_module.metadata.tables.items():
        assert {c["name"] for c in inspector.get_columns(name)} == set(table.columns.keys()), name
        declared = {ix.name for ix in table.indexes}
        assert declared <= {ix["name"] for ix in inspector.get_indexes(name)}, name


@pytest.mark.parametrize("start", [0, *VERSIONS[:-1]])
def test_upgrade_from_every_version_keeps_data(db_url, start):
    with Store(db_url, migrate=False) as s:
        s.migrate(target=start)
        assert s.schema_version() == start
        if start >= 1:
            s.save_opportunity(BACKLOG, {"opportunity_id": "keep", "name": "Kept", "effort": 2})
        if start >= 2:
            s.save_maturity_response("assess", "Ann", "Ops", "2026-03-01", [("Insight", "We measure", 4)])
        assert s.migrate() == [v for v in VERSIONS if v > start]
        if start >= 1:
            assert s.list_opportunities(BACKLOG).set_index("opportunity_id").loc["keep", "effort"] == 2
        if start >= 2:
            assert s.list_maturity_answers("assess")["score"].tolist() == [4.0]


def _stored_rows(s: Store, table: str) -> pd.DataFrame:
    """Every row and column of ``table`` as the database holds it, in id order."""
    with s.engine.connect() as conn:
        return pd.DataFrame(conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY id")).mappings().all())


def test_upgrade_from_previous_version_keeps_data(db_url):
    """N-1 -> N: everything written before the last migration is intact after it."""
    with Store(db_url, migrate=False) as s:
        s.migrate(target=VERSIONS[-2])
        ids = seed_backlog(s, 3)
        s.save_strategy_goal(BACKLOG, {"goal_id": "g1", "name": "Retention"})
        rid = s.save_maturity_response("a", "Bo", "Sales", dt.date(2026, 2, 1), [("Strategy", "We have a vision", 3)])
        w = s.create_workshop("Before upgrade", BACKLOG, ids, SCORE_CRITERIA)
        p = s.join(w.id, "Ann")
        s.open_round(w.id, w.facilitator_token)
        s.cast_vote(w.id, p.token, ids[0], "impact", 4)
        # The opportunities as stored (the runtime queries may name columns the last step adds)
        before = (_stored_rows(s, "opportunities"), s.list_maturity_answers("a"), s.round_results(w.id))

        assert s.migrate() == [LATEST_VERSION]
        pd.testing.assert_frame_equal(_stored_rows(s, "opportunities")[list(before[0].columns)], before[0])
        pd.testing.assert_frame_equal(s.list_maturity_answers("a"), before[1])
        pd.testing.assert_frame_equal(s.round_results(w.id), before[2])
        assert s.list_maturity_answers("a")["response_id"].tolist() == [rid]
        assert s.check_facilitator(w.id, w.facilitator_token)
        assert s.my_votes(w.id, p.token) == {ids[0]: {"impact": 4.0}}
        assert s.list_strategy_goals(BACKLOG)["goal_id"].tolist() == ["g1"]


def test_concurrent_migrate_from_threads(db_url):
    stores = [Store(db_url, migrate=False) for _ in range(4)]
    barrier = threading.Barrier(len(stores), timeout=60)

    def go(s: Store):
        barrier.wait()
        return s.migrate()

    try:
        with ThreadPoolExecutor(len(stores)) as ex:
            applied = list(ex.map(go, stores))
        assert sorted(v for a in applied for v in a) == VERSIONS
        assert all(s.schema_version() == LATEST_VERSION for s in stores)
    finally:
        for s in stores:
            s.close()


def test_concurrent_migrate_from_processes(db_url):
    code = """
        import sys, time, json
        from cxlens.store import Store
        url, start = sys.argv[1], float(sys.argv[2])
        s = Store(url, migrate=False)
        time.sleep(max(0.0, start - time.time()))
        print(json.dumps(s.migrate()))
        print(s.schema_version())
    """
    start = str(time.time() + 3.0)  # both interpreters are up and connected by then
    procs = [run_python(code, db_url, start) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    applied = [json.loads(out.splitlines()[0]) for out, _ in outs]
    assert sorted(v for a in applied for v in a) == VERSIONS
    assert all(out.splitlines()[1] == str(LATEST_VERSION) for out, _ in outs)


# =============================================================================================
# Backlog
# =============================================================================================


def test_backlog_crud(store):
    oid = store.save_opportunity(
        BACKLOG,
        {
            "name": "Fix checkout errors",
            "touchpoint": "Checkout",
            "stage": "purchase",
            "customer_value": 8,
            "business_value": "7.5",
            "effort": np.int64(3),
            "confidence": 0.7,
            "reach": 12000,
            "cost": 25000.0,
            "owner": "Web team",
            "goal": "Conversion",
            "status": "proposed",
            "origin": "hotspot",
            "evidence": {
                "touchpoint": "Checkout",
                "n": np.int64(412),
                "csat": np.float64(2.9),
                "since": dt.date(2026, 1, 1),
            },
            "goals": ["Conversion", "Retention"],
        },
        updated_by="ana",
    )
    assert oid.startswith("opp-")
    df = store.list_opportunities(BACKLOG)
    assert list(df.columns) == list(Store._OPPORTUNITY_FIELDS)
    row = df.iloc[0]
    assert (row["name"], row["business_value"], row["effort"], row["origin"]) == (
        "Fix checkout errors",
        7.5,
        3.0,
        "hotspot",
    )
    assert row["evidence"] == {"touchpoint": "Checkout", "n": 412, "csat": 2.9, "since": "2026-01-01"}
    assert row["goals"] == ["Conversion", "Retention"]
    assert row["updated_by"] == "ana"
    assert str(df["updated_at"].dtype) == "datetime64[us, UTC]" or str(df["updated_at"].dtype).endswith(", UTC]")

    # Update by id: only the given fields change.
    time.sleep(0.01)
    assert (
        store.save_opportunity(BACKLOG, {"opportunity_id": oid, "status": "planned", "effort": None}, updated_by="bo")
        == oid
    )
    row2 = store.list_opportunities(BACKLOG).iloc[0]
    assert (row2["status"], row2["name"], row2["origin"], row2["updated_by"]) == (
        "planned",
        "Fix checkout errors",
        "hotspot",
        "bo",
    )
    assert np.isnan(row2["effort"])
    assert row2["updated_at"] > row["updated_at"] and row2["created_at"] == row["created_at"]
    assert len(store.list_opportunities(BACKLOG)) == 1

    # Backlogs are separate; delete.
    store.save_opportunity("other", {"opportunity_id": oid, "name": "Same id, other backlog"})
    assert len(store.list_opportunities("other")) == 1
    assert store.delete_opportunity(BACKLOG, oid) is True
    assert store.delete_opportunity(BACKLOG, oid) is False
    assert store.list_opportunities(BACKLOG).empty
    assert len(store.list_opportunities("other")) == 1
    assert store.list_opportunities("other", canonical=True).columns[1] == "opportunity"


def test_backlog_validation(store):
    with pytest.raises(ValueError, match="limit is 200"):
        store.save_opportunity(BACKLOG, {"name": "x" * 201})
    with pytest.raises(ValueError, match="Owner is 81 characters long; the limit is 80"):
        store.save_opportunity(BACKLOG, {"name": "ok", "owner": "o" * 81})
    with pytest.raises(ValueError, match="required"):
        store.save_opportunity(BACKLOG, {"name": "  "})
    with pytest.raises(ValueError, match="origin"):
        store.save_opportunity(BACKLOG, {"name": "ok", "origin": "email"})
    with pytest.raises(ValueError, match="Unknown opportunity field"):
        store.save_opportunity(BACKLOG, {"name": "ok", "colour": "red"})
    with pytest.raises(ValueError, match="effort must be a number"):
        store.save_opportunity(BACKLOG, {"name": "ok", "effort": "lots"})
    with pytest.raises(ValueError, match="NUL"):
        store.save_opportunity(BACKLOG, {"name": "a\x00b"})
    with pytest.raises(ValueError, match="Evidence is .* the limit is 20,000"):
        store.save_opportunity(BACKLOG, {"name": "ok", "evidence": {"text": "x" * 20_001}})
    with pytest.raises(ValueError, match="name is required for a new"):
        store.save_opportunity(BACKLOG, {"opportunity_id": "new", "status": "x"})
    # Stored as given: markup is the UI's business.
    oid = store.save_opportunity(BACKLOG, {"name": "<b>bold</b> & 'quotes' — ünïcödé"})
    assert (
        store.list_opportunities(BACKLOG).set_index("opportunity_id").loc[oid, "name"]
        == "<b>bold</b> & 'quotes' — ünïcödé"
    )


def test_save_opportunities_from_loader_frame_is_atomic(store):
    frame = pd.DataFrame(
        {
            "opportunity_id": ["a", "b"],
            "opportunity": ["Alpha", "Beta"],
            "effort": [1.0, np.nan],
            "status": pd.Categorical(["new", None]),
            "segment_extra": ["x", "y"],  # not a backlog field: ignored for frames
        }
    )
    assert store.save_opportunities(BACKLOG, frame.assign(origin="sheet")) == ["a", "b"]
    df = store.list_opportunities(BACKLOG)
    assert df["name"].tolist() == ["Alpha", "Beta"] and df["status"].isna().tolist() == [False, True]
    bad = [{"opportunity_id": "c", "name": "Gamma"}, {"opportunity_id": "d", "name": "x" * 500}]
    with pytest.raises(ValueError):
        store.save_opportunities(BACKLOG, bad)
    assert store.list_opportunities(BACKLOG)["opportunity_id"].tolist() == ["a", "b"]


def test_strategy_goals_crud(store):
    g2 = store.save_strategy_goal(BACKLOG, {"goal_id": "g2", "name": "Grow", "position": 2, "weight": 1})
    g1 = store.save_strategy_goal(BACKLOG, {"name": "Keep customers", "description": "Churn below 8%", "position": 1})
    goals = store.list_strategy_goals(BACKLOG)
    assert goals["goal_id"].tolist() == [g1, g2]
    store.save_strategy_goal(BACKLOG, {"goal_id": "g2", "weight": 3}, updated_by="cx lead")
    goals = store.list_strategy_goals(BACKLOG).set_index("goal_id")
    assert (goals.loc["g2", "name"], goals.loc["g2", "weight"], goals.loc["g2", "updated_by"]) == (
        "Grow",
        3.0,
        "cx lead",
    )
    with pytest.raises(ValueError, match="limit is 2,000"):
        store.save_strategy_goal(BACKLOG, {"name": "x", "description": "d" * 2001})
    assert store.delete_strategy_goal(BACKLOG, "g2") and not store.delete_strategy_goal(BACKLOG, "g2")
    assert store.list_strategy_goals(BACKLOG)["goal_id"].tolist() == [g1]


def test_workshop_scores_are_kept_in_the_backlog(store):
    w, ids, (ann, bo) = workshop_with_participants(store)
    store.open_round(w.id, w.facilitator_token)
    store.cast_votes(w.id, ann.token, {(ids[0], "impact"): 4, (ids[0], "effort"): 2})
    store.cast_votes(w.id, bo.token, {(ids[0], "impact"): 2})
    store.cast_votes(w.id, store.join(w.id, "Cy").token, {(ids[0], "impact"): 3})
    with pytest.raises(PermissionError):
        store.record_round_in_backlog(w.id, ann.token)
    assert store.record_round_in_backlog(w.id, w.facilitator_token, date=dt.date(2026, 5, 4)) == 1
    scores = store.list_workshop_scores(BACKLOG)
    # Anonymity (cxlens.workshop.anonymise): effort has one vote and is not written; impact's
    # three votes (4, 2, 3) give the mean, its spread needs a fourth.
    assert set(scores["criterion"]) == {"impact"}
    impact = scores.set_index("criterion").loc["impact"]
    assert (impact["workshop_id"], impact["workshop_name"], impact["round"], impact["value"], impact["n"]) == (
        w.id, "Prioritisation", 1, 3.0, 3,
    )  # fmt: skip
    assert impact["scored_on"] == pd.Timestamp("2026-05-04") and pd.isna(impact["spread"])
    # Manual recording, and re-recording the same round replaces instead of duplicating.
    store.record_workshop_scores(BACKLOG, ids[1], w.id, 1, {"impact": 5}, "2026-05-04")
    store.record_workshop_scores(BACKLOG, ids[1], w.id, 1, {"impact": {"value": 4.5, "n": 6}}, dt.date(2026, 5, 5))
    mine = store.list_workshop_scores(BACKLOG, ids[1])
    assert len(mine) == 1 and mine.iloc[0]["value"] == 4.5 and mine.iloc[0]["n"] == 6


def test_write_back_sets_the_scores_with_their_source_and_undo_puts_them_back(store):
    # issue 15, fault 5: the round's averages become the opportunities' scores (value -> customer and
    # business value, effort -> effort), anonymised, with their source; undo restores what is unchanged.
    from cxlens.workshop import SCORE_CRITERIA as ROOM

    ids = seed_backlog(store, 3)  # opp-i: customer value i, business value 10 - i, effort 3
    w = store.create_workshop("Prioritisation", BACKLOG, ids, ROOM)
    store.open_round(w.id, w.facilitator_token)
    votes = [{("opp-1", "value"): 4, ("opp-1", "effort"): 2, ("opp-2", "value"): 7, ("opp-2", "effort"): 1},
             {("opp-1", "value"): 6, ("opp-1", "effort"): 2, ("opp-2", "value"): 7, ("opp-2", "effort"): 2},
             {("opp-1", "value"): 8, ("opp-1", "effort"): 5, ("opp-2", "effort"): 3}]
    for i, v in enumerate(votes):
        store.cast_votes(w.id, store.join(w.id, f"P{i}").token, v)
    assert store.record_round_in_backlog(w.id, w.facilitator_token, date=dt.date(2026, 5, 4)) == 2
    opps = store.list_opportunities(BACKLOG).set_index("opportunity_id")
    cols = ["customer_value", "business_value", "effort", "score_source"]
    source = "workshop “Prioritisation”, 4 May 2026, 3 voters"
    assert opps.loc["opp-1", cols].tolist() == [6.0, 6.0, 3.0, source]  # (4+6+8)/3, (2+2+5)/3
    # opp-2: value has two votes (hidden, not written); effort (1+2+3)/3 = 2
    assert opps.loc["opp-2", cols].tolist() == [2.0, 8.0, 2.0, source]
    assert opps.loc["opp-3", cols].tolist()[:3] == [3.0, 7.0, 3.0] and pd.isna(opps.loc["opp-3", "score_source"])
    wb = store.list_writebacks(BACKLOG)
    assert wb[["round", "source", "opportunities"]].values.tolist() == [
        [1, "workshop “Prioritisation”, 4 May 2026", 2]]

    # A hand edit of a score ends the workshop's claim on it; saving unchanged scores does not.
    store.save_opportunity(BACKLOG, {"opportunity_id": "opp-1", "effort": 4})
    store.save_opportunity(BACKLOG, {"opportunity_id": "opp-2", "customer_value": 2, "owner": "Ana"})
    opps = store.list_opportunities(BACKLOG).set_index("opportunity_id")
    assert pd.isna(opps.loc["opp-1", "score_source"]) and opps.loc["opp-2", "score_source"] == source

    assert store.undo_writeback(BACKLOG, int(wb["id"][0])) == (2, 0)
    opps = store.list_opportunities(BACKLOG).set_index("opportunity_id")
    assert opps.loc["opp-1", cols[:3]].tolist() == [1.0, 9.0, 4.0]  # the hand-edited effort stays
    assert opps.loc["opp-2", cols[:3]].tolist() == [2.0, 8.0, 3.0]
    assert opps.loc[["opp-1", "opp-2"], "score_source"].isna().all()
    assert store.undo_writeback(BACKLOG, int(wb["id"][0])) == (0, 0)  # twice: nothing more
    assert store.list_writebacks(BACKLOG).empty and len(store.list_writebacks(BACKLOG, include_undone=True)) == 1
    with pytest.raises(store_module.NotFound):
        store.undo_writeback("another backlog", int(wb["id"][0]))


def test_dots_write_back_keeps_history_only(store):
    ids = seed_backlog(store, 2)
    w = store.create_workshop("Dots", BACKLOG, ids, {"mode": "dots", "dots": 3})
    store.open_round(w.id, w.facilitator_token)
    for _ in range(3):
        store.cast_votes(w.id, store.join(w.id).token, {("opp-1", "dots"): 3})
    assert store.record_round_in_backlog(w.id, w.facilitator_token) == 1
    assert store.list_workshop_scores(BACKLOG)["value"].tolist() == [9.0]
    assert store.list_writebacks(BACKLOG).empty
    assert store.list_opportunities(BACKLOG)["score_source"].isna().all()


# =============================================================================================
# Maturity
# =============================================================================================


def test_maturity_submission(store):
    answers = [
        ("Customer insight", "We survey customers every quarter", 4),
        ("Customer insight", "Feedback reaches teams", 2.5),
        ("Governance", "A named executive owns CX", None),
    ]
    r1 = store.save_maturity_response("acme-2026", "Ann", "Support", "2026-03-02", answers)
    r2 = store.save_maturity_response(
        "acme-2026", None, None, dt.datetime(2026, 3, 3, 12), [{"dimension": "Governance", "question": "Q", "score": 5}]
    )
    store.save_maturity_response("other", "Zed", "IT", dt.date(2026, 1, 1), [("X", "Y", 1)])
    df = store.list_maturity_answers("acme-2026")
    assert list(df.columns) == ["rater", "department", "date", "dimension", "question", "score", "response_id"]
    assert len(df) == 4 and df["response_id"].tolist() == [r1, r1, r1, r2]
    assert df["question"].tolist()[:2] == ["We survey customers every quarter", "Feedback reaches teams"]
    assert df["score"].tolist()[:2] == [4.0, 2.5] and np.isnan(df["score"].iloc[2])
    assert df["date"].tolist() == [pd.Timestamp("2026-03-02")] * 3 + [pd.Timestamp("2026-03-03")]
    assert str(df["date"].dtype) == "datetime64[ns]" and df["score"].dtype == "float64"
    assert pd.isna(df["rater"].iloc[3])
    assert store.delete_maturity_response("acme-2026", r1, manage=True)
    assert not store.delete_maturity_response("acme-2026", r1, manage=True)
    assert store.list_maturity_answers("acme-2026")["response_id"].tolist() == [r2]
    with store.engine.connect() as conn:  # answers went with their response (ON DELETE CASCADE)
        assert (
            conn.execute(
                sa.select(sa.func.count()).where(store_module.maturity_answers.c.response_id == r1)
            ).scalar_one()
            == 0
        )


def test_maturity_submission_is_atomic_and_capped(store):
    with pytest.raises(ValueError, match="Answer 2 score must be a number"):
        store.save_maturity_response("a", "Ann", "Ops", "2026-01-01", [("D", "Q1", 3), ("D", "Q2", "very")])
    with pytest.raises(ValueError, match="Answer 1 statement is 2,001 characters long; the limit is 2,000"):
        store.save_maturity_response("a", "Ann", "Ops", "2026-01-01", [("D", "q" * 2001, 3)])
    with pytest.raises(ValueError, match="Rater is 81"):
        store.save_maturity_response("a", "r" * 81, "Ops", "2026-01-01", [("D", "Q", 3)])
    with pytest.raises(ValueError, match="answered_on must be a date"):
        store.save_maturity_response("a", "Ann", "Ops", "yesterday", [("D", "Q", 3)])
    with pytest.raises(ValueError, match="at least one"):
        store.save_maturity_response("a", "Ann", "Ops", "2026-01-01", [])
    assert store.list_maturity_answers("a").empty


# =============================================================================================
# Workshops: tokens and facilitator rights
# =============================================================================================


def test_workshop_tokens(store):
    ids = seed_backlog(store, 3)
    w = store.create_workshop("Q3 priorities", BACKLOG, ids, SCORE_CRITERIA)
    assert len(w.join_code) == 6 and set(w.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)
    for token in (w.join_token, w.facilitator_token):
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 32 random bytes = 256 bits
    assert w.join_token != w.facilitator_token
    assert w.opportunity_ids == tuple(ids) and w.round_state == "draft" and w.current_round == 1

    # Only the facilitator token's SHA-256 is stored.
    stored = all_stored_text(store)
    assert w.facilitator_token not in stored and sha256(w.facilitator_token) in stored
    if store.dialect == "sqlite":
        assert w.facilitator_token.encode() not in sqlite_file_bytes(store)
    assert store.get_workshop(w.id).facilitator_token is None

    # Join by code (any case, with a dash) or by link token; nothing else opens it.
    code = w.join_code.lower()
    assert store.get_workshop_by_join(f"{code[:3]}-{code[3:]}").id == w.id
    assert store.get_workshop_by_join(w.join_token).id == w.id
    for wrong in (w.facilitator_token, "ZZZZZZ", "", "x" * 500, None):
        assert store.get_workshop_by_join(wrong) is None

    # Codes are unique across workshops.
    codes = {store.create_workshop(f"W{i}", BACKLOG, ids[:1]).join_code for i in range(30)}
    assert len(codes) == 30

    with pytest.raises(ValueError, match="Not in this backlog"):
        store.create_workshop("Bad", BACKLOG, ["nope"])
    with pytest.raises(ValueError, match="at least one"):
        store.create_workshop("Empty", BACKLOG, [])
    with pytest.raises(ValueError, match="Workshop name is 81"):
        store.create_workshop("n" * 81, BACKLOG, ids)
    with pytest.raises(WorkshopNotFound):
        store.get_workshop(99_999)


def test_facilitator_actions_need_the_facilitator_token(store):
    w, ids, (ann, _bo) = workshop_with_participants(store)
    other = store.create_workshop("Other", BACKLOG, ids)
    assert store.check_facilitator(w.id, w.facilitator_token)
    for wrong in ("x" * 43, ann.token, other.facilitator_token, w.join_token, "", None):
        assert not store.check_facilitator(w.id, wrong)
    assert not store.check_facilitator(99_999, w.facilitator_token)

    actions = [
        lambda t: store.open_round(w.id, t),
        lambda t: store.close_round(w.id, t),
        lambda t: store.reset_round(w.id, t),
        lambda t: store.set_revealed(w.id, t, True),
        lambda t: store.set_timer(w.id, t, 60),
        lambda t: store.record_round_in_backlog(w.id, t),
        lambda t: store.delete_workshop(w.id, t),
    ]
    for action in actions:
        for wrong in ("x" * 43, ann.token, other.facilitator_token, w.join_token, None):
            with pytest.raises(PermissionError):
                action(wrong)
    after = store.get_workshop(w.id)
    assert (after.round_state, after.current_round, after.revealed, after.timer_ends_at) == ("draft", 1, False, None)

    assert store.open_round(w.id, w.facilitator_token).round_state == "open"
    assert store.set_revealed(w.id, w.facilitator_token, True).revealed
    assert store.close_round(w.id, w.facilitator_token).round_state == "closed"
    store.delete_workshop(w.id, w.facilitator_token)
    with pytest.raises(WorkshopNotFound):
        store.get_workshop(w.id)
    assert vote_rows(store, w.id) == 0


def test_participants(store):
    w, ids, (ann, bo) = workshop_with_participants(store)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", ann.token) and ann.token != bo.token
    assert store.participant_by_token(w.id, ann.token).display_name == "P0"
    assert store.participant_by_token(w.id, "nope" * 10) is None
    other = store.create_workshop("Other", BACKLOG, ids)
    assert store.participant_by_token(other.id, ann.token) is None
    anon = store.join(w.id)
    assert anon.display_name is None
    assert store.list_participants(w.id)["participant_id"].tolist() == [ann.id, bo.id, anon.id]
    assert ann.token not in all_stored_text(store)
    with pytest.raises(ValueError, match="Display name is 81"):
        store.join(w.id, "d" * 81)
    with pytest.raises(WorkshopNotFound):
        store.join(99_999, "x")


# =============================================================================================
# Workshops: votes
# =============================================================================================


def test_vote_upsert_keeps_one_row(store):
    w, ids, (ann, bo) = workshop_with_participants(store)
    store.open_round(w.id, w.facilitator_token)
    store.cast_vote(w.id, ann.token, ids[0], "impact", 3)
    store.cast_vote(w.id, ann.token, ids[0], "impact", 5)
    store.cast_vote(w.id, ann.token, ids[0], "impact", 4.5)
    assert vote_rows(store, w.id) == 1
    assert store.my_votes(w.id, ann.token) == {ids[0]: {"impact": 4.5}}
    assert store.my_votes(w.id, bo.token) == {}
    store.cast_vote(w.id, ann.token, ids[0], "impact", None)  # withdraw
    assert vote_rows(store, w.id) == 0
    with pytest.raises(PermissionError):
        store.my_votes(w.id, "forged" * 8)


def test_vote_rejections(store):
    w, ids, (ann, _bo) = workshop_with_participants(store)
    outside = store.save_opportunity(BACKLOG, {"opportunity_id": "not-in-ws", "name": "Elsewhere"})
    with pytest.raises(RoundClosed, match="not started"):
        store.cast_vote(w.id, ann.token, ids[0], "impact", 3)
    store.open_round(w.id, w.facilitator_token)
    with pytest.raises(NotInWorkshop, match="not one of this workshop's opportunities"):
        store.cast_vote(w.id, ann.token, outside, "impact", 3)
    with pytest.raises(NotInWorkshop, match="criteria"):
        store.cast_vote(w.id, ann.token, ids[0], "beauty", 3)
    with pytest.raises(VoteRejected, match="between 1 and 5"):
        store.cast_vote(w.id, ann.token, ids[0], "impact", 6)
    with pytest.raises(VoteRejected):
        store.cast_vote(w.id, ann.token, ids[0], "impact", "high")
    with pytest.raises(PermissionError):
        store.cast_vote(w.id, "x" * 43, ids[0], "impact", 3)
    with pytest.raises(PermissionError):
        store.cast_vote(w.id, w.facilitator_token, ids[0], "impact", 3)
    other = store.create_workshop("Other", BACKLOG, ids)
    with pytest.raises(PermissionError):
        store.cast_vote(other.id, ann.token, ids[0], "impact", 3)
    # A batch with one bad vote stores none of it.
    with pytest.raises(VoteRejected):
        store.cast_votes(w.id, ann.token, [(ids[0], "impact", 3), (ids[1], "impact", 9)])
    assert vote_rows(store, w.id) == 0

    store.cast_vote(w.id, ann.token, ids[0], "impact", 3)
    store.close_round(w.id, w.facilitator_token)
    with pytest.raises(RoundClosed, match="closed"):
        store.cast_vote(w.id, ann.token, ids[0], "impact", 5)
    assert store.my_votes(w.id, ann.token) == {ids[0]: {"impact": 3.0}}
    store.open_round(w.id, w.facilitator_token)  # re-open the same round
    store.cast_vote(w.id, ann.token, ids[0], "impact", 5)
    assert store.my_votes(w.id, ann.token) == {ids[0]: {"impact": 5.0}}


def test_round_results_statistics_and_progress(store):
    w, ids, people = workshop_with_participants(store, n_participants=4)
    store.open_round(w.id, w.facilitator_token)
    impact = [1, 2, 4, 5]
    for person, value in zip(people, impact, strict=True):
        store.cast_vote(w.id, person.token, ids[0], "impact", value)
    # Person 0 completes every item and criterion; the rest only one vote each.
    store.cast_votes(
        w.id, people[0].token, {(o, c): 3 for o in ids for c in ("impact", "effort") if (o, c) != (ids[0], "impact")}
    )
    df = store.round_results(w.id)
    assert list(df.columns) == Store._RESULT_COLUMNS
    assert len(df) == len(ids) * 2
    row = df[(df.opportunity_id == ids[0]) & (df.criterion == "impact")].iloc[0]
    assert (row.n, row["mean"], row["median"], row["min"], row["max"], row.total) == (4, 3.0, 3.0, 1.0, 5.0, 12.0)
    assert row["std"] == pytest.approx(np.std(impact)) and row.spread == row["std"]
    single = df[(df.opportunity_id == ids[1]) & (df.criterion == "effort")].iloc[0]
    assert (single.n, single["std"]) == (1, 0.0)
    assert (df.participant_count.unique().tolist(), df.voter_count.unique().tolist()) == ([4], [4])
    assert df.progress.unique().tolist() == [0.25]
    assert df.attrs["progress"] == 0.25 and df.attrs["round"] == 1 and df.attrs["mode"] == "score"
    store.join(w.id, "late")  # joined but not voted: counts as a participant
    assert store.round_results(w.id).attrs["progress"] == pytest.approx(0.2)


def test_reset_round_keeps_history(store):
    w, ids, (ann, bo) = workshop_with_participants(store)
    store.open_round(w.id, w.facilitator_token)
    store.set_revealed(w.id, w.facilitator_token, True)
    store.set_timer(w.id, w.facilitator_token, 120)
    store.cast_vote(w.id, ann.token, ids[0], "impact", 2)
    store.cast_vote(w.id, bo.token, ids[0], "impact", 4)
    w2 = store.reset_round(w.id, w.facilitator_token)
    assert (w2.current_round, w2.round_state, w2.revealed, w2.timer_ends_at) == (2, "open", False, None)
    assert store.my_votes(w.id, ann.token) == {}
    assert store.my_votes(w.id, ann.token, round=1) == {ids[0]: {"impact": 2.0}}
    store.cast_vote(w.id, ann.token, ids[0], "impact", 5)
    assert vote_rows(store, w.id) == 3  # old votes kept
    now = store.round_results(w.id).set_index(["opportunity_id", "criterion"]).loc[(ids[0], "impact")]
    then = store.round_results(w.id, round=1).set_index(["opportunity_id", "criterion"]).loc[(ids[0], "impact")]
    assert (now["n"], now["mean"], then["n"], then["mean"]) == (1, 5.0, 2, 3.0)
    history = store.results_history(w.id)
    assert sorted(history["round"].unique()) == [1, 2]
    r1 = history[history["round"] == 1].iloc[0]
    assert pd.notna(r1.opened_at) and pd.notna(r1.closed_at) and pd.notna(r1.reset_at)
    assert store.reset_round(w.id, w.facilitator_token, open=False).round_state == "draft"


def test_timer_closes_voting(db_url):
    clock = {"now": dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone.utc)}
    with Store(db_url, clock=lambda: clock["now"]) as s:
        w, ids, (ann, _bo) = workshop_with_participants(s)
        s.open_round(w.id, w.facilitator_token)
        timed = s.set_timer(w.id, w.facilitator_token, 60)
        assert timed.timer_ends_at == clock["now"] + dt.timedelta(seconds=60)
        assert timed.seconds_left(clock["now"]) == 60 and timed.accepting_votes(clock["now"])
        clock["now"] += dt.timedelta(seconds=59)
        s.cast_vote(w.id, ann.token, ids[0], "impact", 3)
        clock["now"] += dt.timedelta(seconds=5)
        with pytest.raises(RoundClosed, match="Time is up"):
            s.cast_vote(w.id, ann.token, ids[0], "impact", 4)
        assert not s.get_workshop(w.id).accepting_votes(clock["now"])
        s.set_timer(w.id, w.facilitator_token, None)
        s.cast_vote(w.id, ann.token, ids[0], "impact", 4)
        with pytest.raises(ValueError, match="Timer"):
            s.set_timer(w.id, w.facilitator_token, -5)


def test_dots_budget(store):
    w, ids, (ann, bo) = workshop_with_participants(store, criteria={"mode": "dots", "dots": 5}, n_items=4)
    assert w.mode == "dots" and w.dots == 5 and w.criterion_names == ("dots",)
    store.open_round(w.id, w.facilitator_token)
    store.cast_vote(w.id, ann.token, ids[0], "dots", 3)
    store.cast_vote(w.id, ann.token, ids[1], "dots", 2)
    with pytest.raises(DotsBudgetExceeded, match="6 dots; you have 5"):
        store.cast_vote(w.id, ann.token, ids[2], "dots", 1)
    assert ids[2] not in store.my_votes(w.id, ann.token)
    store.cast_votes(w.id, ann.token, [(ids[3], "dots", 4), (ids[3], "dots", 0)])  # last wins; 0 = none
    assert ids[3] not in store.my_votes(w.id, ann.token)
    store.cast_vote(w.id, ann.token, ids[0], "dots", 2)  # move a dot
    store.cast_vote(w.id, ann.token, ids[2], "dots", 1)
    assert store.my_votes(w.id, ann.token) == {ids[0]: {"dots": 2.0}, ids[1]: {"dots": 2.0}, ids[2]: {"dots": 1.0}}
    for bad in (-1, 1.5):
        with pytest.raises(VoteRejected, match="whole numbers"):
            store.cast_vote(w.id, bo.token, ids[0], "dots", bad)
    with pytest.raises(NotInWorkshop):
        store.cast_vote(w.id, bo.token, ids[0], "impact", 1)
    with pytest.raises(DotsBudgetExceeded):
        store.cast_votes(w.id, bo.token, {(o, "dots"): 2 for o in ids})
    store.cast_vote(w.id, bo.token, ids[0], "dots", 5)
    df = store.round_results(w.id).set_index("opportunity_id")
    assert df.loc[ids[0], "total"] == 7 and df.loc[ids[3], "total"] == 0
    assert df.attrs["progress"] == 1.0
    with pytest.raises(ValueError, match="Dots mode"):
        store.create_workshop("bad", BACKLOG, ids, {"mode": "dots", "dots": 0})


def test_dots_budget_holds_under_concurrent_votes(store):
    """One participant on 10 devices spends 1 dot on 10 items at once: exactly 5 land."""
    w, ids, (ann,) = workshop_with_participants(store, 1, {"mode": "dots", "dots": 5}, n_items=10)
    store.open_round(w.id, w.facilitator_token)
    barrier = threading.Barrier(10, timeout=60)

    def spend(oid):
        barrier.wait()
        try:
            store.cast_vote(w.id, ann.token, oid, "dots", 1)
            return True
        except DotsBudgetExceeded:
            return False

    with ThreadPoolExecutor(10) as ex:
        landed = list(ex.map(spend, ids))
    assert sum(landed) == 5
    assert sum(v["dots"] for v in store.my_votes(w.id, ann.token).values()) == 5


def test_fifty_participants_vote_at_once(store, record_property):
    """50 threads = 50 phones: everyone scores every item, every third changes their mind."""
    ids = seed_backlog(store, 5)
    criteria = ("impact", "effort")
    w = store.create_workshop("All hands", BACKLOG, ids, SCORE_CRITERIA)
    store.open_round(w.id, w.facilitator_token)
    n = 50
    barrier = threading.Barrier(n, timeout=60)  # a failure breaks it instead of hanging

    def participant(i: int):
        me = store.join(w.id, f"Person {i}")
        final = {}
        barrier.wait()  # everybody starts voting at the same moment
        for k, oid in enumerate(ids):
            for c in criteria:
                final[(oid, c)] = float((i + 2 * k + len(c)) % 5 + 1)
                store.cast_vote(w.id, me.token, oid, c, final[(oid, c)])
        casts = len(final)
        if i % 3 == 0:  # change of mind on every item's impact
            for oid in ids:
                final[(oid, "impact")] = float(5 - (i % 5))
                store.cast_vote(w.id, me.token, oid, "impact", final[(oid, "impact")])
                casts += 1
        return me.token, final, casts

    started = time.perf_counter()
    with ThreadPoolExecutor(n) as ex:
        outcomes = list(ex.map(participant, range(n)))
    elapsed = time.perf_counter() - started
    record_property("seconds", round(elapsed, 2))
    print(
        f"\n[{store.dialect}] {n} participants joined and cast {sum(c for *_, c in outcomes)} votes in {elapsed:.2f}s"
    )

    assert vote_rows(store, w.id) == n * len(ids) * len(criteria)  # every vote exactly once
    for token, final, _ in outcomes:
        mine = store.my_votes(w.id, token)
        assert {(o, c): v for o, cs in mine.items() for c, v in cs.items()} == final
    df = store.round_results(w.id)
    expected = pd.DataFrame(
        [(o, c, v) for _, final, _ in outcomes for (o, c), v in final.items()],
        columns=["opportunity_id", "criterion", "value"],
    ).groupby(["opportunity_id", "criterion"])["value"]
    got = df.set_index(["opportunity_id", "criterion"])
    for key, values in expected:
        assert got.loc[key, "n"] == n
        assert got.loc[key, "mean"] == pytest.approx(values.mean())
        assert got.loc[key, "median"] == pytest.approx(values.median())
        assert got.loc[key, "std"] == pytest.approx(values.std(ddof=0))
        assert (got.loc[key, "min"], got.loc[key, "max"]) == (values.min(), values.max())
    assert df.attrs["participant_count"] == n and df.attrs["progress"] == 1.0


def test_two_stores_see_each_others_votes(db_url):
    """Two app processes (two Store instances, then a real second process) on one database."""
    with Store(db_url) as a, Store(db_url) as b:
        ids = seed_backlog(a, 2)
        w = a.create_workshop("Shared", BACKLOG, ids, SCORE_CRITERIA)
        ann = b.join(b.get_workshop_by_join(w.join_code).id, "Ann")  # joins through the other process
        a.open_round(w.id, w.facilitator_token)
        b.cast_vote(w.id, ann.token, ids[0], "impact", 4)
        assert a.my_votes(w.id, ann.token) == {ids[0]: {"impact": 4.0}}
        assert a.round_results(w.id).set_index(["opportunity_id", "criterion"]).loc[(ids[0], "impact"), "n"] == 1
        b.cast_vote(w.id, ann.token, ids[0], "impact", 2)
        assert a.my_votes(w.id, ann.token)[ids[0]]["impact"] == 2.0
        a.close_round(w.id, w.facilitator_token)
        with pytest.raises(RoundClosed):
            b.cast_vote(w.id, ann.token, ids[0], "impact", 5)
        a.open_round(w.id, w.facilitator_token)

        code = """
            import sys
            from cxlens.store import Store
            url, code, oid = sys.argv[1:4]
            s = Store(url)
            w = s.get_workshop_by_join(code)
            for i in range(3):
                p = s.join(w.id, f"proc-{i}")
                s.cast_votes(w.id, p.token, {(oid, "impact"): 5, (oid, "effort"): 1})
            print("ok")
        """
        proc = run_python(code, db_url, w.join_code, ids[1])
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        res = a.round_results(w.id).set_index(["opportunity_id", "criterion"])
        assert res.loc[(ids[1], "impact"), "n"] == 3 and res.loc[(ids[1], "impact"), "mean"] == 5.0
        assert res.attrs["participant_count"] == 4


def test_restart_keeps_everything(db_url):
    """A new Store on the same database (the same SQLite file) after the first one is gone."""
    url = db_url
    with Store(url) as s:
        ids = seed_backlog(s, 2)
        s.save_maturity_response("a", "Ann", "Ops", "2026-01-01", [("D", "Q", 4)])
        w = s.create_workshop("Kept", BACKLOG, ids, SCORE_CRITERIA)
        p = s.join(w.id, "Ann")
        s.open_round(w.id, w.facilitator_token)
        s.cast_vote(w.id, p.token, ids[0], "impact", 3)
        wid, token = s.save_workspace("Mine", "ann", "{}", {"t": pd.DataFrame({"x": [1]})}, {"page": "heatmap"})
        before = s.list_opportunities(BACKLOG)
    with Store(url) as again:
        assert again.migrate() == []
        pd.testing.assert_frame_equal(again.list_opportunities(BACKLOG), before)
        assert again.list_maturity_answers("a")["score"].tolist() == [4.0]
        assert again.check_facilitator(w.id, w.facilitator_token)
        assert again.participant_by_token(w.id, p.token).id == p.id
        assert again.my_votes(w.id, p.token) == {ids[0]: {"impact": 3.0}}
        assert again.get_workshop(w.id).round_state == "open"
        assert again.open_workspace(token).view_state == {"page": "heatmap"}


def test_timestamps_are_utc(db_url):
    naive_clock = lambda: dt.datetime(2026, 7, 1, 12, 30)  # noqa: E731 - naive input is taken as UTC
    with Store(db_url, clock=naive_clock) as s:
        w, _ids, (ann, _) = workshop_with_participants(s)
        assert w.created_at == dt.datetime(2026, 7, 1, 12, 30, tzinfo=dt.timezone.utc)
        assert ann.joined_at.tzinfo == dt.timezone.utc
        assert s.list_opportunities(BACKLOG)["updated_at"].iloc[0] == pd.Timestamp("2026-07-01 12:30", tz="UTC")
    berlin = dt.timezone(dt.timedelta(hours=2))
    with Store(db_url, clock=lambda: dt.datetime(2026, 7, 1, 14, 30, tzinfo=berlin)) as s:
        s.save_opportunity(BACKLOG, {"opportunity_id": "opp-1", "status": "x"})
        assert s.list_opportunities(BACKLOG)["updated_at"].iloc[0] == pd.Timestamp("2026-07-01 12:30", tz="UTC")


# =============================================================================================
# Workspaces
# =============================================================================================


def sample_tables() -> dict[str, pd.DataFrame]:
    feedback = pd.DataFrame(
        {
            "response_id": ["r1", "r2", "r3"],
            "date": pd.to_datetime(["2026-01-01", "2026-01-02", None]),
            "answered_at": pd.to_datetime(["2026-01-01 10:00", "2026-01-02 11:30", "2026-01-03 09:15"]).tz_localize(
                "Europe/Berlin"
            ),
            "touchpoint": pd.Categorical(["Checkout", "Login", "Checkout"]),
            "csat": [4.0, np.nan, 2.0],
            "complaint": pd.array([1, None, 0], dtype="Int64"),
            "comment": ["Great", None, "=cmd|' /C calc'!A0"],
        }
    )
    touchpoints = pd.DataFrame(
        {"touchpoint": ["Checkout", "Login"], "volume": [1200, 800]}, index=pd.Index([10, 20], name="tp")
    )
    return {"feedback": feedback, "touchpoints": touchpoints}


def test_workspace_save_and_open(store, tmp_path):
    files_before = {p for p in tmp_path.rglob("*")}
    tables = sample_tables()
    recipe = json.dumps({"version": 1, "stage_map": {"Checkout": "purchase"}})
    wid, token = store.save_workspace(
        "Q2 review", "ana@example.com", recipe, tables, {"page": "heatmap", "filters": {"persona": ["SMB"]}}
    )
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 256 bits, urlsafe
    stored = all_stored_text(store)
    assert token not in stored and sha256(token) in stored
    if store.dialect == "sqlite":
        assert token.encode() not in sqlite_file_bytes(store)
    # Tables live in the database, not in files beside it.
    new_files = {p.name for p in tmp_path.rglob("*")} - {p.name for p in files_before}
    assert not [f for f in new_files if not f.startswith("cxlens.sqlite3")]

    ws = store.open_workspace(token)
    assert (ws.id, ws.title, ws.owner, ws.recipe_json) == (wid, "Q2 review", "ana@example.com", recipe)
    assert ws.view_state == {"page": "heatmap", "filters": {"persona": ["SMB"]}}
    assert list(ws.tables) == ["feedback", "touchpoints"]
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(ws.tables[name], frame)
    assert ws.created_at.tzinfo == dt.timezone.utc

    for wrong in ("A" * 43, "", None, token[:-1]):
        with pytest.raises(WorkspaceNotFound):
            store.open_workspace(wrong)


def test_workspace_replace_rename_revoke(store):
    wid, token = store.save_workspace("Draft", "ana", None, sample_tables(), {"page": "overview"})
    other_id, _ = store.save_workspace("Bo's", "bo", None, {}, {})
    first = store.open_workspace(token)
    time.sleep(0.01)
    new_tables = {"feedback": pd.DataFrame({"csat": [5.0, 4.0]})}
    store.replace_workspace_data(wid, "ana", new_tables, {"version": 2})
    ws = store.open_workspace(token)  # same link
    assert list(ws.tables) == ["feedback"] and ws.tables["feedback"]["csat"].tolist() == [5.0, 4.0]
    assert json.loads(ws.recipe_json) == {"version": 2} and ws.view_state == {"page": "overview"}
    assert ws.updated_at > first.updated_at
    store.update_view_state(wid, "ana", {"page": "hotspots"})
    store.rename_workspace(wid, "ana", "Final")
    assert (store.open_workspace(token).title, store.open_workspace(token).view_state) == (
        "Final",
        {"page": "hotspots"},
    )

    listing = store.list_workspaces("ana")
    assert listing["workspace_id"].tolist() == [wid] and listing.iloc[0]["tables"] == ["feedback"]
    assert listing.iloc[0]["n_bytes"] > 0
    for action in (
        lambda: store.replace_workspace_data(wid, "bo", new_tables, None),
        lambda: store.rename_workspace(wid, "bo", "Mine now"),
        lambda: store.revoke_workspace(wid, "bo"),
        lambda: store.update_view_state(wid, "ANA", {}),
    ):
        with pytest.raises(PermissionError):
            action()
    with pytest.raises(WorkspaceNotFound):
        store.rename_workspace(99_999, "ana", "x")
    with pytest.raises(ValueError, match="Title is 81"):
        store.rename_workspace(wid, "ana", "t" * 81)
    with pytest.raises(ValueError, match="not a DataFrame"):
        store.replace_workspace_data(wid, "ana", {"t": [1, 2]}, None)

    store.revoke_workspace(wid, "ana")
    with pytest.raises(WorkspaceRevoked):
        store.open_workspace(token)
    with pytest.raises(WorkspaceRevoked):
        store.replace_workspace_data(wid, "ana", new_tables, None)
    store.revoke_workspace(wid, "ana")  # revoking twice is fine
    assert store.list_workspaces("ana").empty
    assert store.list_workspaces("ana", include_revoked=True)["revoked_at"].notna().all()
    with store.engine.connect() as conn:  # the data itself is gone
        assert (
            conn.execute(
                sa.select(sa.func.count()).where(store_module.workspace_tables.c.workspace_id == wid)
            ).scalar_one()
            == 0
        )
    assert store.list_workspaces("bo")["workspace_id"].tolist() == [other_id]


def test_workspace_shared_between_two_stores(db_url):
    with Store(db_url) as a, Store(db_url) as b:
        wid, token = a.save_workspace("Shared", "ana", "{}", sample_tables(), {})
        pd.testing.assert_frame_equal(b.open_workspace(token).tables["feedback"], sample_tables()["feedback"])
        b.revoke_workspace(wid, "ana")
        with pytest.raises(WorkspaceRevoked):
            a.open_workspace(token)
