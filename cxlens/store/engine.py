"""Engine set-up: where the database is, and connections configured for each backend.

* **SQLite** (default, nothing to install): a file at ``<CXLENS_DATA_DIR or ./data>/cxlens.sqlite3``
  in WAL mode, ``busy_timeout`` 10 s, foreign keys on, connections shareable across threads.
  Write transactions start with ``BEGIN IMMEDIATE`` so concurrent writers queue instead of
  failing on a lock upgrade.
* **PostgreSQL** via ``postgresql+psycopg://user@host:5432/db`` (``postgresql://`` and
  ``postgres://`` are accepted and mapped to psycopg 3), for several app processes.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.url import URL

from .errors import StoreConfigError, from_database_error
from .validation import dumps

def default_url() -> str:
    """``CXLENS_DATABASE_URL`` if set, else the SQLite file under ``CXLENS_DATA_DIR`` (or ./data)."""
    env = os.environ.get("CXLENS_DATABASE_URL", "").strip()
    if env:
        return env
    folder = Path(os.environ.get("CXLENS_DATA_DIR", "").strip() or "data").expanduser().resolve()
    return f"sqlite:///{folder / 'cxlens.sqlite3'}"


def normalize_url(url: str | URL) -> URL:
    """The URL to connect to; :class:`StoreConfigError` (a ValueError) if it is not one CX Lens can use."""
    try:
        u = make_url(url)
    except sa.exc.ArgumentError as err:
        raise StoreConfigError(
            "The database address is not a URL such as sqlite:///data/cxlens.sqlite3 or "
            "postgresql+psycopg://user@host:5432/db: check CXLENS_DATABASE_URL."
        ) from err
    if u.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        u = u.set(drivername="postgresql+psycopg")
    backend = u.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreConfigError(f"CX Lens supports SQLite and PostgreSQL databases, not {backend!r}.")
    return u


def enable_wal(cursor, attempts: int = 100) -> None:
    """Switch the file to WAL once. The switch needs the database to itself and does not wait
    on busy_timeout, so a new file opened by several connections at once retries briefly;
    WAL is persistent, so later connections find it already on."""
    import sqlite3
    import time

    for i in range(attempts):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or i == attempts - 1:
                raise
            time.sleep(0.05 + 0.01 * i)


def sqlite_is_memory(u: URL) -> bool:
    return not u.database or u.database == ":memory:" or u.query.get("mode") == "memory"


def create_engine(u: URL, pool_size: int | None, max_overflow: int | None) -> Engine:
    """The engine for ``u`` (see the module docstring). A driver that is not installed or an
    option the driver refuses raises :class:`StoreConfigError`."""
    try:
        if u.get_backend_name() == "sqlite":
            return _sqlite_engine(u, pool_size, max_overflow)
        return _postgres_engine(u, pool_size, max_overflow)
    except OSError as err:  # the SQLite file's folder cannot be made
        raise StoreConfigError(
            f"The database folder cannot be created ({err}): set CXLENS_DATA_DIR to a folder the app can write."
        ) from err
    except ImportError as err:
        raise StoreConfigError(
            f"The database driver for {u.drivername} is not installed: pip install -r requirements.txt ({err})."
        ) from err
    except sa.exc.SQLAlchemyError as err:
        raise from_database_error(err) from err


def _sqlite_engine(u: URL, pool_size: int | None, max_overflow: int | None) -> Engine:
    if sqlite_is_memory(u):
        # One shared connection; the Store serializes all transactions on it.
        engine = sa.create_engine(
            u,
            connect_args={"check_same_thread": False},
            poolclass=sa.pool.StaticPool,
            json_serializer=dumps,
        )
    else:
        path = u.database
        if path and not path.startswith("file:"):
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        # One connection per thread at a time (QueuePool); SQLite serializes the writers.
        engine = sa.create_engine(
            u,
            connect_args={"check_same_thread": False, "timeout": 10.0},
            poolclass=sa.pool.QueuePool,
            pool_size=pool_size or 8,
            max_overflow=24 if max_overflow is None else max_overflow,
            pool_timeout=60,
            json_serializer=dumps,
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        # Take transaction control away from the sqlite3 module: we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not sqlite_is_memory(u):
            enable_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction
        # that reads then writes can fail with SQLITE_BUSY instead of waiting.
        write = conn.get_execution_options().get("cxlens_write", True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _postgres_engine(u: URL, pool_size: int | None, max_overflow: int | None) -> Engine:
    return sa.create_engine(
        u,
        pool_pre_ping=True,
        pool_size=pool_size or 5,
        max_overflow=10 if max_overflow is None else max_overflow,
        pool_timeout=60,
        pool_recycle=1800,
        connect_args={"connect_timeout": 10, "application_name": "cxlens"},
        json_serializer=dumps,
    )


def describe_url(url: str | URL) -> str:
    """The URL without its password, for messages ('(an unreadable database URL)' if it is not one)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(an unreadable database URL)"


def describe(u: URL) -> str:
    """Where the data lives, for the UI ('SQLite at /path', 'PostgreSQL at host:5432/db')."""
    if u.get_backend_name() == "sqlite":
        if sqlite_is_memory(u):
            return "SQLite in memory"
        return f"SQLite at {Path(u.database).expanduser().resolve()}"
    host = u.host or "localhost"
    if u.port:
        host = f"{host}:{u.port}"
    return f"PostgreSQL at {host}/{u.database or ''}"
