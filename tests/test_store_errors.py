"""Database errors leave the store once, as a StoreError with a sentence a user can act on and
the original SQLAlchemy error as ``__cause__`` (cxlens/store/errors.py, the transaction helper
in cxlens/store/database.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from cxlens.store import (
    DatabaseUnavailable,
    Store,
    StoreConfigError,
    StoreConflict,
    StoreError,
    StoreFailure,
    schema_migrations,
)
from cxlens.store import workshops as workshops_module
from tests.store_fixtures import *  # noqa: F403 - the db_url / store / pg_database fixtures
from tests.store_fixtures import BACKLOG, seed_backlog


def test_unreachable_server_is_a_store_error_that_says_so():
    with pytest.raises(DatabaseUnavailable) as info:
        Store("postgresql+psycopg://cx:SECRET@127.0.0.1:1/nowhere")
    assert str(info.value).startswith("The database is not reachable: ")
    assert "127.0.0.1" in str(info.value) and "SECRET" not in str(info.value)
    assert isinstance(info.value.__cause__, sa.exc.OperationalError)
    assert isinstance(info.value, StoreError)


def test_bad_addresses_are_configuration_errors():
    with pytest.raises(StoreConfigError, match="not a URL such as sqlite:///") as info:
        Store("this is no url", migrate=False)
    assert isinstance(info.value, ValueError) and isinstance(info.value.__cause__, sa.exc.ArgumentError)
    with pytest.raises(StoreConfigError, match="SQLite and PostgreSQL databases, not 'mysql'"):
        Store("mysql://root@localhost/x", migrate=False)
    with pytest.raises(StoreConfigError, match="folder cannot be created") as info:
        Store("sqlite:////proc/no-such-dir/cxlens.sqlite3")
    assert isinstance(info.value.__cause__, OSError)


def test_a_duplicate_key_is_a_conflict_and_rolls_back(store):
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    with pytest.raises(StoreConflict, match="^This name is already taken") as info:
        with store._tx() as conn:
            conn.execute(schema_migrations.insert().values(version=99, name="first", applied_at=now))
            conn.execute(schema_migrations.insert().values(version=99, name="again", applied_at=now))
    assert isinstance(info.value.__cause__, sa.exc.IntegrityError)
    with store.engine.connect() as conn:  # nothing of the failed transaction was kept
        assert conn.execute(sa.select(schema_migrations).where(schema_migrations.c.version == 99)).all() == []


def test_tables_missing_are_a_failure_that_names_the_version_mismatch(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'empty.sqlite3'}", migrate=False) as s:
        with pytest.raises(StoreFailure, match="do not match this version of CX Lens: no such table: opportunities"):
            s.list_opportunities(BACKLOG)
        assert s.schema_version() == 0


def test_errors_that_are_not_the_databases_pass_unchanged(store):
    with pytest.raises(ValueError, match="Unknown opportunity field"):
        store.save_opportunity(BACKLOG, {"name": "x", "colour": "red"})
    with pytest.raises(KeyError):
        with store._tx():
            raise KeyError("mine")


def test_join_code_collision_draws_again(store, monkeypatch):
    """create_workshop retries when the database's unique index refuses a join code (a conflict)."""
    ids = seed_backlog(store, 2)
    codes = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr(workshops_module, "new_join_code", lambda: next(codes))
    first = store.create_workshop("One", BACKLOG, ids)
    second = store.create_workshop("Two", BACKLOG, ids)
    assert (first.join_code, second.join_code) == ("AAAAAA", "BBBBBB")
    assert store.list_workshops(BACKLOG)["name"].tolist() == ["Two", "One"]
