"""The base every aggregate of the store builds on: the engine, the clock, the transaction helper
(which turns every database error into a :class:`~cxlens.store.errors.StoreError`) and the
migrations runner."""

from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager, nullcontext
from typing import Any, Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as _pg
from sqlalchemy.dialects import sqlite as _sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.engine.url import URL

from . import engine as _engine
from .errors import from_database_error
from .migrations import LATEST_VERSION, MIGRATIONS
from .schema import schema_migrations
from .validation import UTC

# PostgreSQL advisory lock id for migrations (any constant int64; "cxlens" in hex).
_MIGRATION_LOCK_ID = 0x63786C656E73


class Database:
    """Thread-safe access to the CX Lens database. Create one per process and share it.

    The aggregates (backlog, maturity, workshops, workspaces, drafts) are subclasses that add
    their methods; :class:`cxlens.store.Store` combines them all."""

    def __init__(
        self,
        url: str | URL | None = None,
        *,
        migrate: bool = True,
        pool_size: int | None = None,
        max_overflow: int | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        self.url = _engine.normalize_url(url if url is not None else _engine.default_url())
        self.engine = _engine.create_engine(self.url, pool_size, max_overflow)
        self.dialect = self.engine.dialect.name  # 'sqlite' | 'postgresql'
        self._clock = clock or (lambda: dt.datetime.now(UTC))
        self._serial = threading.RLock() if self.dialect == "sqlite" and _engine.sqlite_is_memory(self.url) else None
        # SQLite has one writer at a time anyway: queueing this process's writers on a lock hands
        # the write lock over at once instead of each waiting thread polling in SQLite's busy
        # handler (other processes are still covered by busy_timeout).
        self._sqlite_writer = threading.Lock() if self.dialect == "sqlite" and self._serial is None else None
        if migrate:
            try:
                self.migrate()
            except BaseException:
                self.engine.dispose()
                raise

    @classmethod
    def from_env(cls, **kwargs: Any):
        """A store on ``CXLENS_DATABASE_URL``, or the default SQLite file when it is unset."""
        return cls(_engine.default_url(), **kwargs)

    # -- housekeeping ------------------------------------------------------------------------

    def describe(self) -> str:
        """Where the data lives, for the UI ('SQLite at /path', 'PostgreSQL at host:5432/db')."""
        return _engine.describe(self.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.describe()}>"

    def _now(self) -> dt.datetime:
        now = self._clock()
        return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)

    @contextmanager
    def _tx(self, *, write: bool = True) -> Iterator[Connection]:
        """One transaction. SQLite writers: BEGIN IMMEDIATE; PostgreSQL readers: REPEATABLE READ.

        The one place database errors are translated: a SQLAlchemy or driver error raised while
        connecting, inside the block or at commit leaves as a :class:`StoreError` (its message
        says what to do; the original is its ``__cause__``). Other exceptions pass unchanged."""
        if self._serial is not None:
            guard = self._serial
        elif write and self._sqlite_writer is not None:
            guard = self._sqlite_writer
        else:
            guard = nullcontext()
        try:
            with guard:
                with self.engine.connect() as conn:
                    if self.dialect == "sqlite":
                        conn = conn.execution_options(cxlens_write=write)
                    elif not write:
                        conn = conn.execution_options(isolation_level="REPEATABLE READ")
                    with conn.begin():
                        yield conn
        except sa.exc.SQLAlchemyError as err:
            raise from_database_error(err) from err

    def _insert(self, table: sa.Table):
        return (_pg.insert if self.dialect == "postgresql" else _sqlite.insert)(table)

    def _locked(self, stmt, *, read: bool = False):
        """Row lock on PostgreSQL (FOR UPDATE / FOR SHARE); SQLite is already serialized."""
        return stmt.with_for_update(read=read) if self.dialect == "postgresql" else stmt

    # -- migrations --------------------------------------------------------------------------

    def _migration_lock(self, conn: Connection) -> None:
        if self.dialect == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK_ID)))
        # SQLite: the write transaction began with BEGIN IMMEDIATE, which is the lock.

    def migrate(self, target: int | None = None) -> list[int]:
        """Apply pending migrations up to ``target`` (default: all); return the versions applied.

        Each step runs in its own transaction holding the migration lock, re-checks whether it
        was applied meanwhile (another process may have got there first), applies, and records
        itself in ``schema_migrations``. Running it again does nothing.
        """
        target = LATEST_VERSION if target is None else int(target)
        with self._tx() as conn:
            self._migration_lock(conn)
            schema_migrations.create(conn, checkfirst=True)
        applied: list[int] = []
        for step in MIGRATIONS:
            if step.version > target:
                break
            with self._tx() as conn:
                self._migration_lock(conn)
                done = conn.execute(
                    sa.select(schema_migrations.c.version).where(schema_migrations.c.version == step.version)
                ).first()
                if done:
                    continue
                step.apply(conn)
                conn.execute(
                    schema_migrations.insert().values(version=step.version, name=step.name, applied_at=self._now())
                )
                applied.append(step.version)
        return applied

    def schema_version(self) -> int:
        """Highest applied migration (0 for an empty database)."""
        with self._tx(write=False) as conn:
            if not sa.inspect(conn).has_table("schema_migrations"):
                return 0
            return conn.execute(sa.select(sa.func.max(schema_migrations.c.version))).scalar() or 0
