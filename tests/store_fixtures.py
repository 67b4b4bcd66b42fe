"""Fixtures for the store tests: every test runs against SQLite (a file in tmp_path) and
PostgreSQL.

PostgreSQL: one database ``cxlens_test_<random>`` is created from the ``postgres`` database per
test session and dropped at its end, and every test gets a fresh schema in it (selected with
``options=-csearch_path=...`` in the URL), so neither concurrent runs nor tests see each other.
The server is ``CXLENS_TEST_POSTGRES_URL`` (default: trust auth on 127.0.0.1:5432 as postgres).
Unreachable: the tests skip locally and fail under CI=true (tests/conftest.py:skip_or_fail).
"""

from __future__ import annotations

import os
import secrets
import time
from contextlib import contextmanager
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from cxlens.store import Store
from tests.conftest import skip_or_fail

__all__ = ["BACKLOG", "db_url", "pg_database", "seed_backlog", "store", "temporary_database"]

PG_SERVER_URL = os.environ.get("CXLENS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgresql")


def with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def temporary_database(prefix: str = "cxlens_test_"):
    """A PostgreSQL database ``<prefix><unix time>_<hex>`` created on PG_SERVER_URL and dropped on
    exit; yields its URL. Stale ones of killed runs (same prefix, older than 6 h, nobody connected)
    are dropped first. PostgreSQL unreachable: skip locally, fail under CI=true."""
    admin = sa.create_engine(
        PG_SERVER_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}, poolclass=sa.pool.NullPool
    )
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as err:
        admin.dispose()
        skip_or_fail(f"PostgreSQL not reachable at {sa.make_url(PG_SERVER_URL).render_as_string()}: {err.orig}")
    name = f"{prefix}{int(time.time())}_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        _drop_stale_databases(conn, prefix)
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database():
    """URL of a database created for this test session (dropped afterwards)."""
    with temporary_database() as url:
        yield url


STALE_AFTER_SECONDS = 6 * 3600


def _drop_stale_databases(conn, prefix: str) -> None:
    """Drop test databases of runs that were killed before their teardown: older than 6 hours
    (the creation time is in the name) and with nobody connected."""
    rows = conn.exec_driver_sql(
        f"SELECT datname FROM pg_database d WHERE datname ~ '^{prefix}[0-9]+_[0-9a-f]+$' "
        "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)"
    ).all()
    for (name,) in rows:
        if time.time() - int(name[len(prefix):].split("_")[0]) > STALE_AFTER_SECONDS:
            try:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            except sa.exc.DBAPIError:
                pass  # someone connected meanwhile: leave it


def new_pg_schema(database_url: str) -> str:
    """A fresh, empty schema in the session database; returns a URL whose search_path is it."""
    schema = f"t_{secrets.token_hex(6)}"
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    return with_search_path(database_url, schema)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """An empty database: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cxlens.sqlite3'}"
    return new_pg_schema(request.getfixturevalue("pg_database"))


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    try:
        yield s
    finally:
        s.close()


# -- data helpers ------------------------------------------------------------------------------

BACKLOG = "sample-dataset"


def seed_backlog(store: Store, n: int = 4, key: str = BACKLOG) -> list[str]:
    """n opportunities with ids opp-1..opp-n; returns the ids."""
    return [
        store.save_opportunity(
            key,
            {
                "opportunity_id": f"opp-{i}",
                "name": f"Opportunity {i}",
                "touchpoint": "Checkout",
                "stage": "purchase",
                "customer_value": i,
                "business_value": 10 - i,
                "effort": 3,
                "origin": "sheet",
            },
        )
        for i in range(1, n + 1)
    ]
