"""The CX Lens store: one database for the backlog, maturity answers, live workshops and
shared workspaces.

Pure Python + SQLAlchemy Core (never imports streamlit). Two backends:

* **SQLite** (default, nothing to install): a file at ``<CXLENS_DATA_DIR or ./data>/cxlens.sqlite3``
  in WAL mode, ``busy_timeout`` 10 s, foreign keys on, connections shareable across threads.
  Write transactions start with ``BEGIN IMMEDIATE`` so concurrent writers queue instead of
  failing on a lock upgrade.
* **PostgreSQL** via ``postgresql+psycopg://user@host:5432/db`` (``postgresql://`` and
  ``postgres://`` are accepted and mapped to psycopg 3), for several app processes.

::

    from cxlens.store import Store
    store = Store()                          # CXLENS_DATABASE_URL, else the SQLite file
    store.save_opportunity("dataset-1", {"name": "Fix checkout", "effort": 3})
    store.list_opportunities("dataset-1")    # -> pandas.DataFrame

The schema is created and upgraded by numbered migrations (:data:`MIGRATIONS`), applied by
:meth:`Store.migrate` (called by the constructor), each in its own transaction under a lock, so
two processes starting at once are safe. See docs/store.md.

Free text is stored as given (escaping is the UI's job) but length-capped: a value over its
cap raises :class:`ValueError` saying which field and what the limit is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import io
import json
import math
import os
import secrets
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql as _pg
from sqlalchemy.dialects import sqlite as _sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.url import URL

from . import drafts as _drafts
from .maturity import model_fixed_to_default
from .safety import MAX_UPLOAD_BYTES

__all__ = [
    "DEFAULT_CRITERIA",
    "LATEST_VERSION",
    "MIGRATIONS",
    "DotsBudgetExceeded",
    "Draft",
    "DraftNotFound",
    "MaturityModelChanged",
    "MaturityModelLocked",
    "NotFound",
    "NotInWorkshop",
    "Participant",
    "RoundClosed",
    "Store",
    "StoreError",
    "VoteRejected",
    "Workshop",
    "WorkshopNotFound",
    "Workspace",
    "WorkspaceNotFound",
    "WorkspaceRevoked",
    "default_url",
]

UTC = dt.timezone.utc

# ---------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------

#: Short names typed by people: display names, workshop names, workspace titles, owners,
#: raters, departments, statuses, criteria, table names, ids.
NAME_MAX = 80
#: Labels that come from spreadsheets: opportunity, touchpoint, stage, goal and dimension names.
LABEL_MAX = 200
#: Free text: maturity statements, goal descriptions.
TEXT_MAX = 2_000
#: backlog_key / assessment_key (dataset or workspace identity).
KEY_MAX = 200
#: Serialized JSON of an opportunity's evidence / goals, a workshop's criteria.
JSON_MAX = 20_000
#: Serialized JSON of an assessment's custom maturity model.
MODEL_JSON_MAX = 1_000_000
#: A workspace's recipe JSON and view state.
RECIPE_MAX = 2_000_000
VIEW_STATE_MAX = 200_000
#: Parquet bytes of all tables of one workspace.
WORKSPACE_MAX_BYTES = 256 * 1024 * 1024
#: An upload draft (cxlens/drafts.py): files, one file's bytes (the upload cap), all its bytes.
DRAFT_MAX_FILES = 20
DRAFT_FILE_MAX_BYTES = MAX_UPLOAD_BYTES
DRAFT_MAX_BYTES = 2 * MAX_UPLOAD_BYTES
#: File names as browsers send them (most file systems allow 255 bytes).
FILE_NAME_MAX = 255
MAX_ANSWERS = 1_000
MAX_WORKSHOP_ITEMS = 100
MAX_PARTICIPANTS = 500
MAX_TIMER_SECONDS = 24 * 3600
#: Votes arriving this long after the timer ran out still count (network latency).
TIMER_GRACE_SECONDS = 2.0

ORIGINS = ("sheet", "hotspot", "app", "workshop")
ROUND_STATES = ("draft", "open", "closed")

#: Join codes avoid look-alikes (0/O, 1/I/L) so they can be read off a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
#: Bearer tokens: 32 random bytes = 256 bits, urlsafe base64 (43 characters).
TOKEN_BYTES = 32

#: Criteria used when create_workshop is given none: three 1-5 scores.
DEFAULT_CRITERIA: dict[str, Any] = {
    "mode": "score",
    "criteria": {
        "customer_value": {"label": "Customer value", "min": 1, "max": 5},
        "business_value": {"label": "Business value", "min": 1, "max": 5},
        "effort": {"label": "Effort", "min": 1, "max": 5},
    },
}
DOTS_CRITERION = "dots"

# PostgreSQL advisory lock id for migrations (any constant int64; "cxlens" in hex).
_MIGRATION_LOCK_ID = 0x63786C656E73


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


class StoreError(Exception):
    """Base class of the store's own errors. ``str(err)`` is a sentence a user can read."""


class NotFound(StoreError, LookupError):
    """The thing asked for does not exist."""


class WorkshopNotFound(NotFound):
    pass


class WorkspaceNotFound(NotFound):
    """No workspace has this link (mistyped or never existed)."""


class DraftNotFound(NotFound):
    """No draft behind this key: never made, forgotten, or expired."""


class WorkspaceRevoked(StoreError):
    """The workspace existed but its owner revoked the link."""


class VoteRejected(StoreError, ValueError):
    """A vote was not stored; the message says why."""


class RoundClosed(VoteRejected):
    pass


class NotInWorkshop(VoteRejected):
    pass


class DotsBudgetExceeded(VoteRejected):
    pass


class MaturityModelLocked(StoreError, ValueError):
    """The assessment already has answers, so its maturity model can no longer be changed."""


class MaturityModelChanged(StoreError, ValueError):
    """A rater answered a questionnaire whose model is no longer the assessment's model."""


# ---------------------------------------------------------------------------------------------
# Column types
# ---------------------------------------------------------------------------------------------


class UTCDateTime(sa.TypeDecorator):
    """Timezone-aware UTC datetimes on both backends.

    PostgreSQL stores ``timestamptz``; SQLite stores naive UTC text. Naive input is taken as
    UTC; results are always aware with ``tzinfo=UTC``.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json_type() -> sa.JSON:
    return sa.JSON(none_as_null=True)


# ---------------------------------------------------------------------------------------------
# Current schema (used by queries). Migrations below carry their own frozen copies; a test
# checks that a migrated database has exactly these tables and columns.
# ---------------------------------------------------------------------------------------------

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)

opportunities = sa.Table(
    "opportunities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("backlog_key", sa.String(KEY_MAX), nullable=False),
    sa.Column("opportunity_id", sa.String(NAME_MAX), nullable=False),
    sa.Column("name", sa.String(LABEL_MAX), nullable=False),
    sa.Column("touchpoint", sa.String(LABEL_MAX)),
    sa.Column("stage", sa.String(LABEL_MAX)),
    sa.Column("customer_value", sa.Float),
    sa.Column("business_value", sa.Float),
    sa.Column("effort", sa.Float),
    sa.Column("confidence", sa.Float),
    sa.Column("reach", sa.Float),
    sa.Column("cost", sa.Float),
    sa.Column("owner", sa.String(NAME_MAX)),
    sa.Column("goal", sa.String(LABEL_MAX)),
    sa.Column("status", sa.String(NAME_MAX)),
    sa.Column("origin", sa.String(16), nullable=False),
    sa.Column("evidence", _json_type()),
    sa.Column("goals", _json_type()),
    sa.Column("time_criticality", sa.Float),  # WSJF inputs (migration 6)
    sa.Column("risk_reduction", sa.Float),
    sa.Column("score_source", sa.String(LABEL_MAX)),  # where value/effort came from, e.g. a workshop (migration 8)
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("updated_by", sa.String(NAME_MAX)),
    sa.UniqueConstraint("backlog_key", "opportunity_id", name="uq_opportunities_key"),
    sa.CheckConstraint("origin IN ('sheet', 'hotspot', 'app', 'workshop')", name="ck_opportunities_origin"),
)

strategy_goals = sa.Table(
    "strategy_goals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("backlog_key", sa.String(KEY_MAX), nullable=False),
    sa.Column("goal_id", sa.String(NAME_MAX), nullable=False),
    sa.Column("name", sa.String(LABEL_MAX), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("metric", sa.String(LABEL_MAX)),
    sa.Column("target", sa.String(LABEL_MAX)),
    sa.Column("weight", sa.Float),
    sa.Column("owner", sa.String(NAME_MAX)),
    sa.Column("position", sa.Integer),
    sa.Column("kind", sa.String(NAME_MAX)),  # target customers, value proposition, ... (migration 6)
    sa.Column("removed", sa.Boolean),  # a sheet goal the user deleted in the app (migration 6)
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("updated_by", sa.String(NAME_MAX)),
    sa.UniqueConstraint("backlog_key", "goal_id", name="uq_strategy_goals_key"),
)

maturity_responses = sa.Table(
    "maturity_responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("assessment_key", sa.String(KEY_MAX), nullable=False, index=True),
    sa.Column("rater", sa.String(NAME_MAX)),
    sa.Column("department", sa.String(NAME_MAX)),
    sa.Column("answered_on", sa.Date, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

maturity_answers = sa.Table(
    "maturity_answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "response_id",
        sa.Integer,
        sa.ForeignKey("maturity_responses.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("dimension", sa.String(LABEL_MAX), nullable=False),
    sa.Column("statement", sa.Text, nullable=False),
    sa.Column("score", sa.Float),
)

maturity_models = sa.Table(  # migration 7: an assessment's custom model (no row: the default model)
    "maturity_models",
    metadata,
    sa.Column("assessment_key", sa.String(KEY_MAX), primary_key=True),
    sa.Column("name", sa.String(LABEL_MAX), nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("model", _json_type(), nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("updated_by", sa.String(NAME_MAX)),
)

workshops = sa.Table(
    "workshops",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(NAME_MAX), nullable=False),
    sa.Column("backlog_key", sa.String(KEY_MAX), nullable=False, index=True),
    sa.Column("join_code", sa.String(JOIN_CODE_LENGTH), nullable=False, unique=True),
    sa.Column("join_token", sa.String(64), nullable=False, unique=True),
    sa.Column("facilitator_token_hash", sa.String(64), nullable=False),
    sa.Column("criteria", _json_type(), nullable=False),
    sa.Column("current_round", sa.Integer, nullable=False),
    sa.Column("round_state", sa.String(8), nullable=False),
    sa.Column("revealed", sa.Boolean, nullable=False),
    sa.Column("timer_ends_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("round_state IN ('draft', 'open', 'closed')", name="ck_workshops_state"),
)

workshop_items = sa.Table(
    "workshop_items",
    metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("opportunity_id", sa.String(NAME_MAX), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.String(LABEL_MAX), nullable=False),
)

workshop_rounds = sa.Table(
    "workshop_rounds",
    metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("round", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("opened_at", UTCDateTime),
    sa.Column("closed_at", UTCDateTime),
    sa.Column("reset_at", UTCDateTime),
)

workshop_participants = sa.Table(
    "workshop_participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("display_name", sa.String(NAME_MAX)),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("joined_at", UTCDateTime, nullable=False),
)

workshop_votes = sa.Table(
    "workshop_votes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column(
        "participant_id",
        sa.Integer,
        sa.ForeignKey("workshop_participants.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("opportunity_id", sa.String(NAME_MAX), nullable=False),
    sa.Column("criterion", sa.String(NAME_MAX), nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint(
        "workshop_id", "round", "participant_id", "opportunity_id", "criterion", name="uq_workshop_votes"
    ),
)

opportunity_workshop_scores = sa.Table(
    "opportunity_workshop_scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("backlog_key", sa.String(KEY_MAX), nullable=False),
    sa.Column("opportunity_id", sa.String(NAME_MAX), nullable=False),
    sa.Column("workshop_id", sa.Integer, nullable=False),  # no FK: the history outlives the workshop
    sa.Column("workshop_name", sa.String(NAME_MAX)),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("criterion", sa.String(NAME_MAX), nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("n", sa.Integer),
    sa.Column("spread", sa.Float),
    sa.Column("scored_on", sa.Date, nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint(
        "backlog_key", "opportunity_id", "workshop_id", "round", "criterion", name="uq_opportunity_workshop_scores"
    ),
)

backlog_writebacks = sa.Table(  # migration 8: a workshop round written into the backlog's scores, undoable
    "backlog_writebacks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("backlog_key", sa.String(KEY_MAX), nullable=False, index=True),
    sa.Column("workshop_id", sa.Integer, nullable=False),  # no FK: the history outlives the workshop
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("source", sa.String(LABEL_MAX), nullable=False),
    sa.Column("changes", _json_type(), nullable=False),  # {opportunity_id: {"before": {...}, "after": {...}}}
    sa.Column("written_at", UTCDateTime, nullable=False),
    sa.Column("undone_at", UTCDateTime),
)

workspaces = sa.Table(
    "workspaces",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.String(NAME_MAX), nullable=False),
    sa.Column("owner", sa.String(NAME_MAX), nullable=False, index=True),
    sa.Column("recipe_json", sa.Text),
    sa.Column("view_state", _json_type()),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime),
)

workspace_tables = sa.Table(
    "workspace_tables",
    metadata,
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name", sa.String(NAME_MAX), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("n_rows", sa.Integer, nullable=False),
    sa.Column("n_bytes", sa.Integer, nullable=False),
    sa.Column("parquet", sa.LargeBinary, nullable=False),
)

# Migration 9: private upload drafts (cxlens/drafts.py). The bytes of each distinct file are kept
# once (draft_blobs, by SHA-256) however many drafts hold it; a blob no draft uses is deleted.
drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("recipe_json", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
)

draft_blobs = sa.Table(
    "draft_blobs",
    metadata,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("n_bytes", sa.BigInteger, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

draft_files = sa.Table(
    "draft_files",
    metadata,
    sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(FILE_NAME_MAX), nullable=False),
    sa.Column("digest", sa.String(64), sa.ForeignKey("draft_blobs.digest"), nullable=False, index=True),
)


# ---------------------------------------------------------------------------------------------
# Migrations. Each step is frozen once released: never edit a step, add a new one. A step
# receives a connection inside its own transaction and runs Core DDL/SQL on it.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _m1_backlog(conn: Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "opportunities",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("backlog_key", sa.String(200), nullable=False),
        sa.Column("opportunity_id", sa.String(80), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("touchpoint", sa.String(200)),
        sa.Column("stage", sa.String(200)),
        sa.Column("customer_value", sa.Float),
        sa.Column("business_value", sa.Float),
        sa.Column("effort", sa.Float),
        sa.Column("confidence", sa.Float),
        sa.Column("reach", sa.Float),
        sa.Column("cost", sa.Float),
        sa.Column("owner", sa.String(80)),
        sa.Column("goal", sa.String(200)),
        sa.Column("status", sa.String(80)),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("evidence", sa.JSON(none_as_null=True)),
        sa.Column("goals", sa.JSON(none_as_null=True)),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("updated_by", sa.String(80)),
        sa.UniqueConstraint("backlog_key", "opportunity_id", name="uq_opportunities_key"),
        sa.CheckConstraint("origin IN ('sheet', 'hotspot', 'app', 'workshop')", name="ck_opportunities_origin"),
    )
    sa.Table(
        "strategy_goals",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("backlog_key", sa.String(200), nullable=False),
        sa.Column("goal_id", sa.String(80), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("metric", sa.String(200)),
        sa.Column("target", sa.String(200)),
        sa.Column("weight", sa.Float),
        sa.Column("owner", sa.String(80)),
        sa.Column("position", sa.Integer),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("updated_by", sa.String(80)),
        sa.UniqueConstraint("backlog_key", "goal_id", name="uq_strategy_goals_key"),
    )
    md.create_all(conn)


def _m2_maturity(conn: Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "maturity_responses",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assessment_key", sa.String(200), nullable=False, index=True),
        sa.Column("rater", sa.String(80)),
        sa.Column("department", sa.String(80)),
        sa.Column("answered_on", sa.Date, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    sa.Table(
        "maturity_answers",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "response_id",
            sa.Integer,
            sa.ForeignKey("maturity_responses.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("dimension", sa.String(200), nullable=False),
        sa.Column("statement", sa.Text, nullable=False),
        sa.Column("score", sa.Float),
    )
    md.create_all(conn)


def _m3_workshops(conn: Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "workshops",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("backlog_key", sa.String(200), nullable=False, index=True),
        sa.Column("join_code", sa.String(6), nullable=False, unique=True),
        sa.Column("join_token", sa.String(64), nullable=False, unique=True),
        sa.Column("facilitator_token_hash", sa.String(64), nullable=False),
        sa.Column("criteria", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("current_round", sa.Integer, nullable=False),
        sa.Column("round_state", sa.String(8), nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("timer_ends_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.CheckConstraint("round_state IN ('draft', 'open', 'closed')", name="ck_workshops_state"),
    )
    sa.Table(
        "workshop_items",
        md,
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("opportunity_id", sa.String(80), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
    )
    sa.Table(
        "workshop_rounds",
        md,
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("round", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("opened_at", UTCDateTime),
        sa.Column("closed_at", UTCDateTime),
        sa.Column("reset_at", UTCDateTime),
    )
    sa.Table(
        "workshop_participants",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("display_name", sa.String(80)),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("joined_at", UTCDateTime, nullable=False),
    )
    sa.Table(
        "workshop_votes",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column(
            "participant_id",
            sa.Integer,
            sa.ForeignKey("workshop_participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("opportunity_id", sa.String(80), nullable=False),
        sa.Column("criterion", sa.String(80), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint(
            "workshop_id", "round", "participant_id", "opportunity_id", "criterion", name="uq_workshop_votes"
        ),
    )
    sa.Table(
        "opportunity_workshop_scores",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("backlog_key", sa.String(200), nullable=False),
        sa.Column("opportunity_id", sa.String(80), nullable=False),
        sa.Column("workshop_id", sa.Integer, nullable=False),
        sa.Column("workshop_name", sa.String(80)),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("criterion", sa.String(80), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("n", sa.Integer),
        sa.Column("spread", sa.Float),
        sa.Column("scored_on", sa.Date, nullable=False),
        sa.Column("recorded_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint(
            "backlog_key", "opportunity_id", "workshop_id", "round", "criterion", name="uq_opportunity_workshop_scores"
        ),
    )
    md.create_all(conn)


def _m4_workspaces(conn: Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "workspaces",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("owner", sa.String(80), nullable=False, index=True),
        sa.Column("recipe_json", sa.Text),
        sa.Column("view_state", sa.JSON(none_as_null=True)),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("revoked_at", UTCDateTime),
    )
    sa.Table(
        "workspace_tables",
        md,
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("n_rows", sa.Integer, nullable=False),
        sa.Column("n_bytes", sa.Integer, nullable=False),
        sa.Column("parquet", sa.LargeBinary, nullable=False),
    )
    md.create_all(conn)


def _m5_vote_lookup_index(conn: Connection) -> None:
    # Results and progress read all votes of one workshop round.
    md = sa.MetaData()
    votes = sa.Table(
        "workshop_votes",
        md,
        sa.Column("workshop_id", sa.Integer),
        sa.Column("round", sa.Integer),
        sa.Column("opportunity_id", sa.String(80)),
    )
    sa.Index("ix_workshop_votes_round", votes.c.workshop_id, votes.c.round, votes.c.opportunity_id).create(conn)
    scores = sa.Table("opportunity_workshop_scores", md, sa.Column("backlog_key", sa.String(200)))
    sa.Index("ix_opportunity_workshop_scores_key", scores.c.backlog_key).create(conn)


def _m6_wsjf_inputs_and_goal_kinds(conn: Connection) -> None:
    # WSJF's time criticality and risk reduction on opportunities; a goal's kind and a
    # tombstone for sheet goals deleted in the app. Goal tags use the existing `goals` JSON column.
    added = (
        ("opportunities", "time_criticality", sa.Float()),
        ("opportunities", "risk_reduction", sa.Float()),
        ("strategy_goals", "kind", sa.String(80)),
        ("strategy_goals", "removed", sa.Boolean()),
    )
    for table, column, type_ in added:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {type_.compile(dialect=conn.dialect)}")


def _m7_maturity_models(conn: Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "maturity_models",
        md,
        sa.Column("assessment_key", sa.String(200), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("model", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("updated_by", sa.String(80)),
    )
    md.create_all(conn)


def _m8_backlog_writebacks(conn: Connection) -> None:
    # A workshop's averages written into the opportunities' scores: the source of the scores on
    # each opportunity, and each write-back with the previous values so it can be undone.
    conn.exec_driver_sql(
        f"ALTER TABLE opportunities ADD COLUMN score_source {sa.String(200).compile(dialect=conn.dialect)}"
    )
    md = sa.MetaData()
    sa.Table(
        "backlog_writebacks",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("backlog_key", sa.String(200), nullable=False, index=True),
        sa.Column("workshop_id", sa.Integer, nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("changes", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("written_at", UTCDateTime, nullable=False),
        sa.Column("undone_at", UTCDateTime),
    )
    md.create_all(conn)


def _m9_drafts(conn: Connection) -> None:
    # Private upload drafts: an upload's files and recipe kept across a reload (cxlens/drafts.py).
    md = sa.MetaData()
    sa.Table(
        "drafts",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("recipe_json", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
    )
    sa.Table(
        "draft_blobs",
        md,
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("n_bytes", sa.BigInteger, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    sa.Table(
        "draft_files",
        md,
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("digest", sa.String(64), sa.ForeignKey("draft_blobs.digest"), nullable=False, index=True),
    )
    md.create_all(conn)


#: Ordered migration steps. Append only.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "backlog: opportunities and strategy goals", _m1_backlog),
    Migration(2, "maturity responses and answers", _m2_maturity),
    Migration(3, "live workshops, votes and workshop scores in the backlog", _m3_workshops),
    Migration(4, "shared workspaces with Parquet tables", _m4_workspaces),
    Migration(5, "indexes for round results and backlog score history", _m5_vote_lookup_index),
    Migration(6, "WSJF inputs on opportunities, goal kinds and removed sheet goals", _m6_wsjf_inputs_and_goal_kinds),
    Migration(7, "custom maturity model per assessment", _m7_maturity_models),
    Migration(8, "workshop write-backs into opportunity scores, with their source", _m8_backlog_writebacks),
    Migration(9, "private upload drafts: files kept once by digest, recipe, expiry", _m9_drafts),
)
LATEST_VERSION = MIGRATIONS[-1].version

# Indexes added by migrations, mirrored on the runtime metadata so create_all == migrate.
sa.Index(
    "ix_workshop_votes_round", workshop_votes.c.workshop_id, workshop_votes.c.round, workshop_votes.c.opportunity_id
)
sa.Index("ix_opportunity_workshop_scores_key", opportunity_workshop_scores.c.backlog_key)


# ---------------------------------------------------------------------------------------------
# Value objects
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workshop:
    id: int
    name: str
    backlog_key: str
    join_code: str
    join_token: str
    criteria: dict
    #: (opportunity_id, name) in display order
    items: tuple[tuple[str, str], ...]
    current_round: int
    round_state: str  # 'draft' | 'open' | 'closed'
    revealed: bool
    timer_ends_at: dt.datetime | None
    created_at: dt.datetime
    #: Only set on the object returned by create_workshop: show it once, it is not stored.
    facilitator_token: str | None = field(default=None, repr=False)

    @property
    def opportunity_ids(self) -> tuple[str, ...]:
        return tuple(oid for oid, _ in self.items)

    @property
    def mode(self) -> str:
        return self.criteria["mode"]

    @property
    def dots(self) -> int | None:
        return self.criteria.get("dots")

    @property
    def criterion_names(self) -> tuple[str, ...]:
        return tuple(self.criteria["criteria"])

    def seconds_left(self, now: dt.datetime | None = None) -> float | None:
        """Seconds until the timer ends (0 once it has), None without a timer."""
        if self.timer_ends_at is None:
            return None
        now = now or dt.datetime.now(UTC)
        return max(0.0, (self.timer_ends_at - now).total_seconds())

    def accepting_votes(self, now: dt.datetime | None = None) -> bool:
        left = self.seconds_left(now)
        return self.round_state == "open" and (left is None or left > 0)


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    display_name: str | None
    joined_at: dt.datetime
    #: Only set on the object returned by join: the participant's bearer token.
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Workspace:
    id: int
    title: str
    owner: str
    recipe_json: str | None
    tables: dict[str, pd.DataFrame]
    view_state: dict
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class Draft:
    """An upload draft. ``files`` are (name, SHA-256 hex) in upload order; ``payloads`` the
    (name, bytes), filled only by :meth:`Store.open_draft`."""

    files: tuple[tuple[str, str], ...]
    recipe_json: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    expires_at: dt.datetime
    payloads: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)

    @property
    def digest(self) -> str:
        """The upload's digest (components/data_source.digest_of of the same files)."""
        return _drafts.files_digest(self.files)


# ---------------------------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, np.floating) and np.isnan(value):
        return True
    return False


def _text(value: Any, field_name: str, max_len: int, *, required: bool = False) -> str | None:
    """A string stored as given, or None; ValueError if too long, missing when required or with NUL."""
    if _is_missing(value) or (isinstance(value, str) and value.strip() == ""):
        if required:
            raise ValueError(f"{field_name} is required.")
        return None
    if isinstance(value, bool):
        raise ValueError(f"{field_name} must be text, not {value!r}.")
    if isinstance(value, (int, float, Decimal, np.integer, np.floating)):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{field_name} must be text, not {type(value).__name__}.")
    if len(value) > max_len:
        raise ValueError(f"{field_name} is {len(value):,} characters long; the limit is {max_len:,}.")
    if "\x00" in value:
        raise ValueError(f"{field_name} contains a NUL character, which cannot be stored.")
    return value


def _number(value: Any, field_name: str) -> float | None:
    if _is_missing(value) or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{field_name} must be a number, not {value!r}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{field_name} must be a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise ValueError(f"{field_name} must be a finite number, not {value!r}.")
    return number


def _json_default(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, allow_nan=False)


def _json_value(value: Any, field_name: str, max_chars: int) -> Any:
    """A JSON-able copy of ``value`` (numpy/dates converted), size-checked."""
    if _is_missing(value):
        return None
    try:
        text = _dumps(value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{field_name} cannot be stored as JSON: {err}.") from None
    if len(text) > max_chars:
        raise ValueError(f"{field_name} is {len(text):,} characters as JSON; the limit is {max_chars:,}.")
    if "\\u0000" in text:
        raise ValueError(f"{field_name} contains a NUL character, which cannot be stored.")
    return json.loads(text)


def _date(value: Any, field_name: str) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValueError(f"{field_name} must be a date (YYYY-MM-DD), not {value!r}.")


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _normalize_join_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch not in " -_\t")


def _valid_token(token: Any) -> bool:
    return isinstance(token, str) and 16 <= len(token) <= 200


def normalize_criteria(criteria: Mapping[str, Any] | None) -> dict:
    """Validate workshop criteria and return their canonical form.

    Accepted forms::

        {"mode": "dots", "dots": 5}
        {"mode": "score", "criteria": ["impact", "effort"], "min": 1, "max": 5}
        {"mode": "score", "criteria": {"impact": {"label": "Impact", "min": 1, "max": 10}}}

    Canonical form: ``{"mode", "criteria": {name: {"label", "min", "max"}}}`` plus ``"dots"`` in
    dots mode, where the single criterion is ``"dots"`` with values 0..dots.
    """
    if criteria is None:
        criteria = DEFAULT_CRITERIA
    if not isinstance(criteria, Mapping):
        raise ValueError("criteria must be a dict such as {'mode': 'dots', 'dots': 5}.")
    mode = criteria.get("mode", "score")
    if mode == "dots":
        dots = criteria.get("dots")
        if isinstance(dots, bool) or not isinstance(dots, (int, np.integer)) or not 1 <= int(dots) <= 100:
            raise ValueError("Dots mode needs 'dots': a whole number from 1 to 100.")
        label = _text(criteria.get("label", "Dots"), "criteria label", NAME_MAX) or "Dots"
        return {
            "mode": "dots",
            "dots": int(dots),
            "criteria": {DOTS_CRITERION: {"label": label, "min": 0, "max": int(dots)}},
        }
    if mode != "score":
        raise ValueError(f"criteria mode must be 'score' or 'dots', not {mode!r}.")
    default_min = _number(criteria.get("min", 1), "criteria min")
    default_max = _number(criteria.get("max", 5), "criteria max")
    raw = criteria.get("criteria")
    if isinstance(raw, (list, tuple)):
        raw = {name: {} for name in raw}
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError("Score mode needs 'criteria': a list of names or a dict name -> {label, min, max}.")
    if len(raw) > 10:
        raise ValueError("A workshop can score at most 10 criteria.")
    out: dict[str, dict] = {}
    for name, spec in raw.items():
        name = _text(name, "criterion name", NAME_MAX, required=True)
        if name == DOTS_CRITERION:
            raise ValueError("'dots' is reserved for dots mode; pick another criterion name.")
        spec = dict(spec or {})
        lo = _number(spec.get("min", default_min), f"{name} min")
        hi = _number(spec.get("max", default_max), f"{name} max")
        if lo is None or hi is None or lo >= hi:
            raise ValueError(f"Criterion {name!r} needs min < max.")
        label = _text(spec.get("label", name), f"{name} label", NAME_MAX) or name
        entry = {"label": label, "min": lo, "max": hi}
        if spec.get("help") is not None:
            entry["help"] = _text(spec["help"], f"{name} help", TEXT_MAX)
        out[name] = entry
    return {"mode": "score", "criteria": out}


# ---------------------------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------------------------


def default_url() -> str:
    """``CXLENS_DATABASE_URL`` if set, else the SQLite file under ``CXLENS_DATA_DIR`` (or ./data)."""
    env = os.environ.get("CXLENS_DATABASE_URL", "").strip()
    if env:
        return env
    folder = Path(os.environ.get("CXLENS_DATA_DIR", "").strip() or "data").expanduser().resolve()
    return f"sqlite:///{folder / 'cxlens.sqlite3'}"


def _normalize_url(url: str | URL) -> URL:
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        u = u.set(drivername="postgresql+psycopg")
    backend = u.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(f"CX Lens supports SQLite and PostgreSQL databases, not {backend!r}.")
    return u


def _enable_wal(cursor, attempts: int = 100) -> None:
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


def _sqlite_is_memory(u: URL) -> bool:
    return not u.database or u.database == ":memory:" or u.query.get("mode") == "memory"


def _create_engine(u: URL, pool_size: int | None, max_overflow: int | None) -> Engine:
    if u.get_backend_name() == "sqlite":
        if _sqlite_is_memory(u):
            # One shared connection; the Store serializes all transactions on it.
            engine = sa.create_engine(
                u,
                connect_args={"check_same_thread": False},
                poolclass=sa.pool.StaticPool,
                json_serializer=_dumps,
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
                json_serializer=_dumps,
            )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
            # Take transaction control away from the sqlite3 module: we emit BEGIN ourselves.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout = 10000")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not _sqlite_is_memory(u):
                _enable_wal(cursor)
                cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction
            # that reads then writes can fail with SQLITE_BUSY instead of waiting.
            write = conn.get_execution_options().get("cxlens_write", True)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    return sa.create_engine(
        u,
        pool_pre_ping=True,
        pool_size=pool_size or 5,
        max_overflow=10 if max_overflow is None else max_overflow,
        pool_timeout=60,
        pool_recycle=1800,
        connect_args={"connect_timeout": 10, "application_name": "cxlens"},
        json_serializer=_dumps,
    )


# ---------------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------------


class Store:
    """Thread-safe access to the CX Lens database. Create one per process and share it."""

    def __init__(
        self,
        url: str | URL | None = None,
        *,
        migrate: bool = True,
        pool_size: int | None = None,
        max_overflow: int | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        self.url = _normalize_url(url if url is not None else default_url())
        self.engine = _create_engine(self.url, pool_size, max_overflow)
        self.dialect = self.engine.dialect.name  # 'sqlite' | 'postgresql'
        self._clock = clock or (lambda: dt.datetime.now(UTC))
        self._serial = threading.RLock() if self.dialect == "sqlite" and _sqlite_is_memory(self.url) else None
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
    def from_env(cls, **kwargs: Any) -> "Store":
        """A store on ``CXLENS_DATABASE_URL``, or the default SQLite file when it is unset."""
        return cls(default_url(), **kwargs)

    # -- housekeeping ------------------------------------------------------------------------

    def describe(self) -> str:
        """Where the data lives, for the UI ('SQLite at /path', 'PostgreSQL at host:5432/db')."""
        u = self.url
        if self.dialect == "sqlite":
            if _sqlite_is_memory(u):
                return "SQLite in memory"
            return f"SQLite at {Path(u.database).expanduser().resolve()}"
        host = u.host or "localhost"
        if u.port:
            host = f"{host}:{u.port}"
        return f"PostgreSQL at {host}/{u.database or ''}"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
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
        """One transaction. SQLite writers: BEGIN IMMEDIATE; PostgreSQL readers: REPEATABLE READ."""
        if self._serial is not None:
            guard = self._serial
        elif write and self._sqlite_writer is not None:
            guard = self._sqlite_writer
        else:
            guard = nullcontext()
        with guard:
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    conn = conn.execution_options(cxlens_write=write)
                elif not write:
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn

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

    # -- backlog -----------------------------------------------------------------------------

    _OPPORTUNITY_FIELDS = (
        "opportunity_id", "name", "touchpoint", "stage", "customer_value", "business_value", "effort",
        "confidence", "reach", "cost", "owner", "goal", "status", "origin", "evidence", "goals",
        "created_at", "updated_at", "updated_by", "time_criticality", "risk_reduction", "score_source",
    )  # fmt: skip
    #: The scores a workshop write-back sets (score mode): the room's value -> both values, effort -> effort.
    _WRITEBACK_FIELDS = ("customer_value", "business_value", "effort", "score_source")
    _NUMBER_FIELDS = ("customer_value", "business_value", "effort", "confidence", "reach", "cost",
                      "time_criticality", "risk_reduction")  # fmt: skip

    def _opportunity_values(self, record: Mapping[str, Any], *, strict: bool = True) -> dict[str, Any]:
        """Validated column values for the keys present in ``record``."""
        rec = dict(record)
        if "name" not in rec and "opportunity" in rec:  # canonical column name of the loader
            rec["name"] = rec.pop("opportunity")
        known = set(self._OPPORTUNITY_FIELDS) | {"opportunity"}
        unknown = sorted(str(k) for k in rec if k not in known)
        if not strict:
            rec = {k: v for k, v in rec.items() if k in known}
        elif unknown:
            raise ValueError(f"Unknown opportunity field(s): {', '.join(map(str, unknown))}.")
        out: dict[str, Any] = {}
        if "name" in rec:
            out["name"] = _text(rec["name"], "Opportunity name", LABEL_MAX, required=True)
        for key in ("touchpoint", "stage", "goal"):
            if key in rec:
                out[key] = _text(rec[key], key.capitalize(), LABEL_MAX)
        if "score_source" in rec:
            out["score_source"] = _text(rec["score_source"], "Score source", LABEL_MAX)
        for key in ("owner", "status", "updated_by"):
            if key in rec:
                out[key] = _text(rec[key], key.replace("_", " ").capitalize(), NAME_MAX)
        for key in self._NUMBER_FIELDS:
            if key in rec:
                out[key] = _number(rec[key], key)
        if "origin" in rec:
            origin = rec["origin"] if not _is_missing(rec["origin"]) else "app"
            if origin not in ORIGINS:
                raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}.")
            out["origin"] = origin
        if "evidence" in rec:
            out["evidence"] = _json_value(rec["evidence"], "Evidence", JSON_MAX)
        if "goals" in rec:
            goals = rec["goals"]
            if isinstance(goals, str):
                goals = [goals]
            if isinstance(goals, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
                goals = [_text(g, "Goal", LABEL_MAX, required=True) for g in list(goals)]
            elif _is_missing(goals):
                goals = None
            else:
                raise ValueError("goals must be a list of goal names or ids.")
            out["goals"] = _json_value(goals, "Goals", JSON_MAX)
        return out

    def save_opportunity(self, backlog_key: str, record: Mapping[str, Any], *, updated_by: str | None = None) -> str:
        """Insert or update one opportunity (matched on ``opportunity_id``); return its id.

        On update only the fields present in ``record`` change. Without an ``opportunity_id`` a
        new one is generated. ``record`` may use ``opportunity`` (the loader's column) for ``name``.
        """
        with self._tx() as conn:
            return self._save_opportunity(conn, backlog_key, record, updated_by)

    def save_opportunities(
        self, backlog_key: str, records: Iterable[Mapping[str, Any]] | pd.DataFrame, *, updated_by: str | None = None
    ) -> list[str]:
        """Save many opportunities in one transaction (all or none); return their ids.

        A DataFrame (e.g. ``Dataset.opportunities``) may carry extra columns: they are ignored.
        """
        strict = not isinstance(records, pd.DataFrame)
        if not strict:
            records = records.to_dict("records")
        with self._tx() as conn:
            return [self._save_opportunity(conn, backlog_key, r, updated_by, strict=strict) for r in records]

    def _save_opportunity(
        self, conn: Connection, backlog_key: str, record: Mapping[str, Any], updated_by, *, strict: bool = True
    ) -> str:
        key = _text(backlog_key, "backlog_key", KEY_MAX, required=True)
        values = self._opportunity_values(record, strict=strict)
        values.pop("created_at", None)
        values.pop("updated_at", None)
        oid = _text(record.get("opportunity_id"), "opportunity_id", NAME_MAX) or f"opp-{secrets.token_hex(6)}"
        if updated_by is not None:
            values["updated_by"] = _text(updated_by, "Updated by", NAME_MAX)
        now = self._now()
        update = {**values, "updated_at": now}
        exists = conn.execute(
            sa.select(opportunities.c.id, opportunities.c.customer_value, opportunities.c.business_value,
                      opportunities.c.effort).where(
                opportunities.c.backlog_key == key, opportunities.c.opportunity_id == oid
            )
        ).first()
        if exists is not None:  # partial update: only the fields given
            # Scores changed by hand no longer come from where score_source says (e.g. a workshop).
            if "score_source" not in values and any(
                f in values and values[f] != getattr(exists, f) for f in ("customer_value", "business_value", "effort")
            ):
                update["score_source"] = None
            conn.execute(opportunities.update().where(opportunities.c.id == exists[0]).values(**update))
            return oid
        if not values.get("name"):
            raise ValueError("Opportunity name is required for a new opportunity.")
        insert_values = {
            "origin": "app",
            **values,
            "backlog_key": key,
            "opportunity_id": oid,
            "created_at": now,
            "updated_at": now,
        }
        # Upsert: a concurrent save of the same new id turns into an update instead of an error.
        stmt = self._insert(opportunities).values(**insert_values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[opportunities.c.backlog_key, opportunities.c.opportunity_id],
            set_={k: stmt.excluded[k] for k in update},
        )
        conn.execute(stmt)
        return oid

    def list_opportunities(self, backlog_key: str, *, canonical: bool = False) -> pd.DataFrame:
        """The backlog in insertion order. ``canonical=True`` names the name column ``opportunity``."""
        with self._tx(write=False) as conn:
            rows = conn.execute(
                sa.select(*[opportunities.c[c] for c in self._OPPORTUNITY_FIELDS])
                .where(opportunities.c.backlog_key == backlog_key)
                .order_by(opportunities.c.id)
            ).all()
        df = pd.DataFrame([tuple(r) for r in rows], columns=list(self._OPPORTUNITY_FIELDS))
        for col in self._NUMBER_FIELDS:
            df[col] = df[col].astype("float64")
        for col in ("created_at", "updated_at"):
            df[col] = pd.to_datetime(df[col], utc=True)
        df["evidence"] = df["evidence"].astype(object)
        df["goals"] = df["goals"].astype(object)
        if canonical:
            df = df.rename(columns={"name": "opportunity"})
        return df

    def delete_opportunity(self, backlog_key: str, opportunity_id: str) -> bool:
        with self._tx() as conn:
            result = conn.execute(
                opportunities.delete().where(
                    opportunities.c.backlog_key == backlog_key, opportunities.c.opportunity_id == opportunity_id
                )
            )
            return result.rowcount > 0

    _GOAL_FIELDS = ("goal_id", "name", "description", "metric", "target", "weight", "owner", "position",
                    "created_at", "updated_at", "updated_by", "kind", "removed")  # fmt: skip

    def save_strategy_goal(self, backlog_key: str, record: Mapping[str, Any], *, updated_by: str | None = None) -> str:
        """Insert or update a strategy goal (matched on ``goal_id``, generated if absent); return its id."""
        key = _text(backlog_key, "backlog_key", KEY_MAX, required=True)
        rec = dict(record)
        unknown = sorted(k for k in rec if k not in self._GOAL_FIELDS)
        if unknown:
            raise ValueError(f"Unknown goal field(s): {', '.join(map(str, unknown))}.")
        values: dict[str, Any] = {}
        if "name" in rec:
            values["name"] = _text(rec["name"], "Goal name", LABEL_MAX, required=True)
        if "description" in rec:
            values["description"] = _text(rec["description"], "Goal description", TEXT_MAX)
        for k in ("metric", "target"):
            if k in rec:
                values[k] = _text(rec[k], k.capitalize(), LABEL_MAX)
        if "owner" in rec:
            values["owner"] = _text(rec["owner"], "Owner", NAME_MAX)
        if "kind" in rec:
            values["kind"] = _text(rec["kind"], "Goal kind", NAME_MAX)
        if "removed" in rec:
            values["removed"] = bool(rec["removed"]) if not _is_missing(rec["removed"]) else None
        if "weight" in rec:
            values["weight"] = _number(rec["weight"], "weight")
        if "position" in rec:
            pos = _number(rec["position"], "position")
            values["position"] = None if pos is None else int(pos)
        if updated_by is not None or "updated_by" in rec:
            values["updated_by"] = _text(
                updated_by if updated_by is not None else rec["updated_by"], "Updated by", NAME_MAX
            )
        gid = _text(rec.get("goal_id"), "goal_id", NAME_MAX) or f"goal-{secrets.token_hex(6)}"
        now = self._now()
        with self._tx() as conn:
            exists = conn.execute(
                sa.select(strategy_goals.c.id).where(
                    strategy_goals.c.backlog_key == key, strategy_goals.c.goal_id == gid
                )
            ).first()
            if exists is not None:
                conn.execute(
                    strategy_goals.update().where(strategy_goals.c.id == exists[0]).values(**values, updated_at=now)
                )
                return gid
            if not values.get("name"):
                raise ValueError("Goal name is required for a new goal.")
            stmt = self._insert(strategy_goals).values(
                **values, backlog_key=key, goal_id=gid, created_at=now, updated_at=now
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=[strategy_goals.c.backlog_key, strategy_goals.c.goal_id],
                set_={**{k: stmt.excluded[k] for k in values}, "updated_at": now},
            )
            conn.execute(stmt)
        return gid

    def list_strategy_goals(self, backlog_key: str) -> pd.DataFrame:
        with self._tx(write=False) as conn:
            rows = conn.execute(
                sa.select(*[strategy_goals.c[c] for c in self._GOAL_FIELDS])
                .where(strategy_goals.c.backlog_key == backlog_key)
                .order_by(sa.func.coalesce(strategy_goals.c.position, 1_000_000_000), strategy_goals.c.id)
            ).all()
        df = pd.DataFrame([tuple(r) for r in rows], columns=list(self._GOAL_FIELDS))
        df["weight"] = df["weight"].astype("float64")
        df["position"] = df["position"].astype("Int64")
        df["removed"] = df["removed"].astype("object").fillna(False).astype(bool)
        for col in ("created_at", "updated_at"):
            df[col] = pd.to_datetime(df[col], utc=True)
        return df

    def delete_strategy_goal(self, backlog_key: str, goal_id: str) -> bool:
        with self._tx() as conn:
            result = conn.execute(
                strategy_goals.delete().where(
                    strategy_goals.c.backlog_key == backlog_key, strategy_goals.c.goal_id == goal_id
                )
            )
            return result.rowcount > 0

    # -- workshop scores kept in the backlog ---------------------------------------------------

    def record_workshop_scores(
        self,
        backlog_key: str,
        opportunity_id: str,
        workshop_id: int,
        round: int,
        scores: Mapping[str, Any],
        date: dt.date | dt.datetime | str | None = None,
    ) -> int:
        """Keep a workshop's result for one opportunity in the backlog's history.

        ``scores`` maps criterion -> value, or criterion -> {"value", "n", "spread"}. Recording the
        same workshop round again replaces its values. Returns the number of criteria stored.
        """
        with self._tx() as conn:
            return self._record_scores(conn, backlog_key, opportunity_id, workshop_id, round, scores, date)

    def _record_scores(self, conn, backlog_key, opportunity_id, workshop_id, round, scores, date) -> int:
        key = _text(backlog_key, "backlog_key", KEY_MAX, required=True)
        oid = _text(opportunity_id, "opportunity_id", NAME_MAX, required=True)
        scored_on = _date(date, "date") if date is not None else self._now().date()
        if not isinstance(scores, Mapping) or not scores:
            raise ValueError("scores must be a non-empty dict criterion -> value.")
        name = conn.execute(sa.select(workshops.c.name).where(workshops.c.id == workshop_id)).scalar()
        now = self._now()
        rows = []
        for criterion, raw in scores.items():
            spec = raw if isinstance(raw, Mapping) else {"value": raw}
            n = _number(spec.get("n"), "n")
            rows.append(
                dict(
                    backlog_key=key,
                    opportunity_id=oid,
                    workshop_id=int(workshop_id),
                    workshop_name=name,
                    round=int(round),
                    criterion=_text(criterion, "criterion", NAME_MAX, required=True),
                    value=_number(spec.get("value"), str(criterion)),
                    n=None if n is None else int(n),
                    spread=_number(spec.get("spread"), "spread"),
                    scored_on=scored_on,
                    recorded_at=now,
                )
            )
        stmt = self._insert(opportunity_workshop_scores)
        stmt = stmt.on_conflict_do_update(
            index_elements=["backlog_key", "opportunity_id", "workshop_id", "round", "criterion"],
            set_={k: stmt.excluded[k] for k in ("workshop_name", "value", "n", "spread", "scored_on", "recorded_at")},
        )
        conn.execute(stmt, rows)
        return len(rows)

    def list_workshop_scores(self, backlog_key: str, opportunity_id: str | None = None) -> pd.DataFrame:
        """Workshop results recorded in the backlog, newest first."""
        t = opportunity_workshop_scores
        cols = ["opportunity_id", "workshop_id", "workshop_name", "round", "criterion", "value", "n", "spread",
                "scored_on", "recorded_at"]  # fmt: skip
        query = sa.select(*[t.c[c] for c in cols]).where(t.c.backlog_key == backlog_key)
        if opportunity_id is not None:
            query = query.where(t.c.opportunity_id == opportunity_id)
        with self._tx(write=False) as conn:
            rows = conn.execute(query.order_by(t.c.scored_on.desc(), t.c.id)).all()
        df = pd.DataFrame([tuple(r) for r in rows], columns=cols)
        df["value"] = df["value"].astype("float64")
        df["spread"] = df["spread"].astype("float64")
        df["n"] = df["n"].astype("Int64")
        df["scored_on"] = pd.to_datetime(df["scored_on"])
        df["recorded_at"] = pd.to_datetime(df["recorded_at"], utc=True)
        return df

    def record_round_in_backlog(
        self, workshop_id: int, facilitator_token: str, round: int | None = None, date: dt.date | None = None,
        scales: dict | None = None,
    ) -> int:
        """Copy a round's results into the backlog (mean per criterion; total dots in dots mode).

        Only what the big screen may show is written (cxlens.workshop.anonymise): a criterion
        with fewer votes than the anonymity threshold is left out, its spread from one vote more.

        In score mode the averages also become the opportunities' scores, which the
        Opportunities page shows: value -> customer and business value, effort -> effort (see
        :func:`cxlens.workshop.writeback_scores`), with ``score_source`` saying where they came
        from. The previous values are kept in ``backlog_writebacks``: :meth:`undo_writeback`.
        ``scales`` (field -> Scale, the backlog's own) put the room's 1-10 averages on the backlog's scales.
        Facilitator only. Returns the number of opportunities recorded.
        """
        from .workshop import anonymise, writeback_scores, writeback_source  # lazy: the module needs plotly

        results = anonymise(self.round_results(workshop_id, round))
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            stat = "total" if w.criteria["mode"] == "dots" else "mean"
            rnd = int(results.attrs["round"])
            scored_on = _date(date, "date") if date is not None else self._now().date()
            count = 0
            changes: dict[str, dict] = {}
            for oid, group in results.groupby("opportunity_id", sort=False):
                scores = {
                    r.criterion: {"value": getattr(r, stat), "n": int(r.n),
                                  "spread": None if pd.isna(r.spread) else r.spread}
                    for r in group.itertuples()
                    if r.n > 0 and not pd.isna(getattr(r, stat))
                }
                if not scores:
                    continue
                self._record_scores(conn, w.backlog_key, oid, w.id, rnd, scores, scored_on)
                count += 1
                after = writeback_scores(w.mode, {c: s["value"] for c, s in scores.items()}, scales)
                if after:
                    voters = max(s["n"] for s in scores.values())
                    after["score_source"] = writeback_source(w.name, scored_on, voters, rnd)
                    change = self._write_scores(conn, w.backlog_key, oid, after)
                    if change is not None:
                        changes[str(oid)] = change
            if changes:
                conn.execute(backlog_writebacks.insert().values(
                    backlog_key=w.backlog_key, workshop_id=w.id, round=rnd,
                    source=writeback_source(w.name, scored_on, None, rnd), changes=changes, written_at=self._now(),
                ))
            return count

    def _write_scores(self, conn: Connection, backlog_key: str, oid: str, after: dict) -> dict | None:
        """Set an opportunity's scores; return {"before", "after"} or None if it is not stored."""
        t = opportunities
        row = conn.execute(
            sa.select(t.c.id, *[t.c[f] for f in self._WRITEBACK_FIELDS]).where(
                t.c.backlog_key == backlog_key, t.c.opportunity_id == oid)
        ).first()
        if row is None:
            return None
        before = {f: getattr(row, f) for f in after}
        after = {f: (_number(v, f) if f != "score_source" else _text(v, "Score source", LABEL_MAX))
                 for f, v in after.items()}
        conn.execute(t.update().where(t.c.id == row.id).values(**after, updated_at=self._now()))
        return {"before": before, "after": after}

    def list_writebacks(self, backlog_key: str, *, include_undone: bool = False) -> pd.DataFrame:
        """Workshop write-backs into this backlog's scores, newest first: id, workshop_id, round,
        source, opportunities (how many changed), written_at, undone_at."""
        t = backlog_writebacks
        query = sa.select(t.c.id, t.c.workshop_id, t.c.round, t.c.source, t.c.changes, t.c.written_at,
                          t.c.undone_at).where(t.c.backlog_key == backlog_key)
        if not include_undone:
            query = query.where(t.c.undone_at.is_(None))
        with self._tx(write=False) as conn:
            rows = conn.execute(query.order_by(t.c.id.desc())).all()
        df = pd.DataFrame(
            [(r.id, r.workshop_id, r.round, r.source, len(r.changes or {}), r.written_at, r.undone_at) for r in rows],
            columns=["id", "workshop_id", "round", "source", "opportunities", "written_at", "undone_at"])
        for col in ("written_at", "undone_at"):
            df[col] = pd.to_datetime(df[col], utc=True)
        return df

    def undo_writeback(self, backlog_key: str, writeback_id: int) -> tuple[int, int]:
        """Put back the scores a write-back replaced. A field changed since (by hand or by a later
        write-back) keeps its current value. Returns (opportunities restored, opportunities left
        as they were because every field had changed since). Undoing twice does nothing."""
        t, o = backlog_writebacks, opportunities
        with self._tx() as conn:
            row = conn.execute(self._locked(sa.select(t.c.changes, t.c.undone_at).where(
                t.c.id == int(writeback_id), t.c.backlog_key == backlog_key))).first()
            if row is None:
                raise NotFound(f"No write-back {writeback_id} on this backlog.")
            if row.undone_at is not None:
                return 0, 0
            restored = kept = 0
            for oid, change in (row.changes or {}).items():
                fields = list(change["after"])
                current = conn.execute(sa.select(o.c.id, *[o.c[f] for f in fields]).where(
                    o.c.backlog_key == backlog_key, o.c.opportunity_id == oid)).first()
                if current is None:
                    kept += 1
                    continue
                back = {f: change["before"].get(f) for f in fields
                        if _same(getattr(current, f), change["after"][f])}
                if back:
                    conn.execute(o.update().where(o.c.id == current.id).values(**back, updated_at=self._now()))
                    restored += 1
                else:
                    kept += 1
            conn.execute(t.update().where(t.c.id == int(writeback_id)).values(undone_at=self._now()))
            return restored, kept

    # -- maturity ----------------------------------------------------------------------------

    def save_maturity_response(
        self,
        assessment_key: str,
        rater: str | None,
        department: str | None,
        answered_on: dt.date | dt.datetime | str,
        answers: Sequence[tuple[str, str, float | None]] | Sequence[Mapping[str, Any]],
        *,
        model_fingerprint: str | None = None,
    ) -> int:
        """Store one rater's submission atomically; return its response_id.

        ``answers`` are ``(dimension, statement, score)`` tuples (or dicts with those keys,
        ``question`` accepted for ``statement``). A score may be None ("don't know").
        ``model_fingerprint``: the fingerprint of the custom model the rater answered, or ``""``
        for the default model; when given and the assessment's model is no longer that one,
        nothing is stored and :class:`MaturityModelChanged` is raised.
        """
        key = _text(assessment_key, "assessment_key", KEY_MAX, required=True)
        rater = _text(rater, "Rater", NAME_MAX)
        department = _text(department, "Department", NAME_MAX)
        answered_on = _date(answered_on, "answered_on")
        answers = list(answers)
        if not answers:
            raise ValueError("A maturity response needs at least one answer.")
        if len(answers) > MAX_ANSWERS:
            raise ValueError(f"A maturity response holds at most {MAX_ANSWERS:,} answers.")
        rows = []
        for i, answer in enumerate(answers):
            if isinstance(answer, Mapping):
                dimension = answer.get("dimension")
                statement = answer.get("statement", answer.get("question"))
                score = answer.get("score")
            else:
                try:
                    dimension, statement, score = answer
                except (TypeError, ValueError):
                    raise ValueError(f"Answer {i + 1} must be (dimension, statement, score).") from None
            rows.append(
                dict(
                    position=i,
                    dimension=_text(dimension, f"Answer {i + 1} dimension", LABEL_MAX, required=True),
                    statement=_text(statement, f"Answer {i + 1} statement", TEXT_MAX, required=True),
                    score=_number(score, f"Answer {i + 1} score"),
                )
            )
        with self._tx() as conn:
            self._maturity_lock(conn, key)
            if model_fingerprint is not None:
                current = conn.execute(
                    sa.select(maturity_models.c.fingerprint).where(maturity_models.c.assessment_key == key)
                ).scalar()
                if (current or "") != model_fingerprint:
                    raise MaturityModelChanged(
                        "The maturity model of this assessment was changed while you were answering, so your "
                        "answers were not saved. The questionnaire now shows the new statements: please answer again."
                    )
            response_id = conn.execute(
                maturity_responses.insert()
                .values(
                    assessment_key=key,
                    rater=rater,
                    department=department,
                    answered_on=answered_on,
                    created_at=self._now(),
                )
                .returning(maturity_responses.c.id)
            ).scalar_one()
            conn.execute(maturity_answers.insert(), [{**r, "response_id": response_id} for r in rows])
        return response_id

    def list_maturity_answers(self, assessment_key: str) -> pd.DataFrame:
        """Answers in the canonical maturity columns (rater, department, date, dimension, question,
        score) plus response_id; one row per answer."""
        r, a = maturity_responses, maturity_answers
        with self._tx(write=False) as conn:
            rows = conn.execute(
                sa.select(r.c.rater, r.c.department, r.c.answered_on, a.c.dimension, a.c.statement, a.c.score, r.c.id)
                .join(a, a.c.response_id == r.c.id)
                .where(r.c.assessment_key == assessment_key)
                .order_by(r.c.id, a.c.position)
            ).all()
        df = pd.DataFrame(
            [tuple(x) for x in rows],
            columns=["rater", "department", "date", "dimension", "question", "score", "response_id"],
        )
        df["rater"] = df["rater"].astype("str")
        df["department"] = df["department"].astype("category")
        df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
        df["dimension"] = df["dimension"].astype("category")
        df["question"] = df["question"].astype("str")
        df["score"] = df["score"].astype("float64")
        df["response_id"] = df["response_id"].astype("Int64")
        return df

    def delete_maturity_response(self, assessment_key: str, response_id: int) -> bool:
        with self._tx() as conn:
            result = conn.execute(
                maturity_responses.delete().where(
                    maturity_responses.c.assessment_key == assessment_key, maturity_responses.c.id == int(response_id)
                )
            )
            return result.rowcount > 0

    def _maturity_lock(self, conn: Connection, assessment_key: str) -> None:
        """Serialize model changes and submissions of one assessment (SQLite writers already are)."""
        if self.dialect == "postgresql":
            lock_id = int.from_bytes(hashlib.sha256(f"maturity:{assessment_key}".encode()).digest()[:8], "big",
                                     signed=True)
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_id)))

    def get_maturity_model(self, assessment_key: str) -> dict | None:
        """The assessment's custom maturity model as stored: ``{"model": <dict>, "name", "fingerprint",
        "updated_at", "updated_by"}``; None when the assessment uses the default model."""
        m = maturity_models
        with self._tx(write=False) as conn:
            row = conn.execute(
                sa.select(m.c.model, m.c.name, m.c.fingerprint, m.c.updated_at, m.c.updated_by).where(
                    m.c.assessment_key == assessment_key
                )
            ).first()
        return None if row is None else dict(row._mapping)

    def _refuse_model_change(self, conn: Connection, key: str) -> None:
        n = conn.execute(
            sa.select(sa.func.count()).select_from(maturity_responses).where(maturity_responses.c.assessment_key == key)
        ).scalar_one()
        if n:
            raise MaturityModelLocked(
                f"The assessment '{key}' already has {n} submission{'s' if n != 1 else ''} answered with its current "
                "model, so the model can no longer be changed (answers to one set of statements must not be scored "
                "against another). Start a new assessment name for the new model."
            )

    def set_maturity_model(
        self,
        assessment_key: str,
        model: Mapping[str, Any],
        *,
        fingerprint: str,
        name: str,
        updated_by: str | None = None,
    ) -> None:
        """Make ``model`` (a JSON-able mapping, e.g. ``cxlens.maturity.model_to_dict``) the assessment's model.

        Refused with :class:`MaturityModelLocked` once the assessment has stored answers: the model
        is fixed from the first submission on; and always for the app's default assessment
        (``cxlens.maturity.DEFAULT_ASSESSMENT``), whose model is the default model for everyone.
        """
        key = _text(assessment_key, "assessment_key", KEY_MAX, required=True)
        if model_fixed_to_default(key):
            raise MaturityModelLocked(
                f"The app's default assessment '{key}' always uses the default model, for everyone using the "
                "app; a custom model belongs to an assessment of its own. Use your data's own assessment or "
                "type another assessment name."
            )
        values = dict(
            name=_text(name, "Model name", LABEL_MAX, required=True),
            fingerprint=_text(fingerprint, "Model fingerprint", 64, required=True),
            model=_json_value(model, "Maturity model", MODEL_JSON_MAX),
            updated_at=self._now(),
            updated_by=_text(updated_by, "Updated by", NAME_MAX),
        )
        if not isinstance(values["model"], dict):
            raise ValueError("Maturity model must be a mapping.")
        with self._tx() as conn:
            self._maturity_lock(conn, key)
            self._refuse_model_change(conn, key)
            stmt = self._insert(maturity_models).values(assessment_key=key, **values)
            conn.execute(stmt.on_conflict_do_update(index_elements=["assessment_key"], set_=values))

    def clear_maturity_model(self, assessment_key: str) -> bool:
        """Back to the default model; True if a custom model was removed. Refused with
        :class:`MaturityModelLocked` once the assessment has stored answers."""
        with self._tx() as conn:
            self._maturity_lock(conn, assessment_key)
            exists = conn.execute(
                sa.select(maturity_models.c.assessment_key).where(maturity_models.c.assessment_key == assessment_key)
            ).first()
            if exists is None:
                return False
            self._refuse_model_change(conn, assessment_key)
            conn.execute(maturity_models.delete().where(maturity_models.c.assessment_key == assessment_key))
            return True

    # -- workshops: setup --------------------------------------------------------------------

    def create_workshop(
        self,
        name: str,
        backlog_key: str,
        opportunity_ids: Sequence[str],
        criteria: Mapping[str, Any] | None = None,
    ) -> Workshop:
        """Create a workshop over backlog items. The returned object carries the facilitator
        token, which is not stored (only its SHA-256): show it once, keep it in the session."""
        name = _text(name, "Workshop name", NAME_MAX, required=True)
        key = _text(backlog_key, "backlog_key", KEY_MAX, required=True)
        crit = normalize_criteria(criteria)
        ids = list(dict.fromkeys(str(o) for o in opportunity_ids))
        if not ids:
            raise ValueError("Pick at least one opportunity for the workshop.")
        if len(ids) > MAX_WORKSHOP_ITEMS:
            raise ValueError(f"A workshop holds at most {MAX_WORKSHOP_ITEMS} opportunities.")
        facilitator_token = _new_token()
        for _attempt in range(20):
            code, join_token, now = _new_join_code(), _new_token(), self._now()
            try:
                with self._tx() as conn:
                    names = dict(
                        conn.execute(
                            sa.select(opportunities.c.opportunity_id, opportunities.c.name).where(
                                opportunities.c.backlog_key == key, opportunities.c.opportunity_id.in_(ids)
                            )
                        ).all()
                    )
                    missing = [o for o in ids if o not in names]
                    if missing:
                        raise ValueError(f"Not in this backlog: {', '.join(missing[:5])}.")
                    wid = conn.execute(
                        workshops.insert()
                        .values(
                            name=name,
                            backlog_key=key,
                            join_code=code,
                            join_token=join_token,
                            facilitator_token_hash=_hash_token(facilitator_token),
                            criteria=crit,
                            current_round=1,
                            round_state="draft",
                            revealed=False,
                            timer_ends_at=None,
                            created_at=now,
                            updated_at=now,
                        )
                        .returning(workshops.c.id)
                    ).scalar_one()
                    conn.execute(
                        workshop_items.insert(),
                        [dict(workshop_id=wid, opportunity_id=o, position=i, name=names[o]) for i, o in enumerate(ids)],
                    )
                    conn.execute(workshop_rounds.insert().values(workshop_id=wid, round=1))
                    workshop = self._load_workshop(conn, wid)
            except sa.exc.IntegrityError:
                continue  # join code (or token) collision: draw again
            return dataclasses.replace(workshop, facilitator_token=facilitator_token)
        raise StoreError("Could not allocate a unique join code; try again.")

    def _load_workshop(self, conn: Connection, workshop_id: int, *, lock: str | None = None) -> Workshop:
        query = sa.select(workshops).where(workshops.c.id == workshop_id)
        if lock:
            query = self._locked(query, read=(lock == "share"))
        row = conn.execute(query).first()
        if row is None:
            raise WorkshopNotFound(f"Workshop {workshop_id} does not exist.")
        items = conn.execute(
            sa.select(workshop_items.c.opportunity_id, workshop_items.c.name)
            .where(workshop_items.c.workshop_id == workshop_id)
            .order_by(workshop_items.c.position)
        ).all()
        m = row._mapping
        return Workshop(
            id=m["id"],
            name=m["name"],
            backlog_key=m["backlog_key"],
            join_code=m["join_code"],
            join_token=m["join_token"],
            criteria=m["criteria"],
            items=tuple((i[0], i[1]) for i in items),
            current_round=m["current_round"],
            round_state=m["round_state"],
            revealed=bool(m["revealed"]),
            timer_ends_at=m["timer_ends_at"],
            created_at=m["created_at"],
        )

    def get_workshop(self, workshop_id: int) -> Workshop:
        with self._tx(write=False) as conn:
            return self._load_workshop(conn, workshop_id)

    def get_workshop_by_join(self, token_or_code: str) -> Workshop | None:
        """The workshop a join link token or a typed join code (any case, dashes/spaces ignored)
        belongs to, or None."""
        if not isinstance(token_or_code, str) or not token_or_code.strip() or len(token_or_code) > 200:
            return None
        text = token_or_code.strip()
        code = _normalize_join_code(text)
        if len(code) == JOIN_CODE_LENGTH:
            cond = workshops.c.join_code == code
        else:
            cond = workshops.c.join_token == text
        with self._tx(write=False) as conn:
            wid = conn.execute(sa.select(workshops.c.id).where(cond)).scalar()
            return None if wid is None else self._load_workshop(conn, wid)

    def list_workshops(self, backlog_key: str) -> pd.DataFrame:
        w, p = workshops, workshop_participants
        participants = sa.select(sa.func.count()).where(p.c.workshop_id == w.c.id).scalar_subquery()
        cols = ["id", "name", "join_code", "current_round", "round_state", "created_at", "participants"]
        with self._tx(write=False) as conn:
            rows = conn.execute(
                sa.select(
                    w.c.id, w.c.name, w.c.join_code, w.c.current_round, w.c.round_state, w.c.created_at, participants
                )
                .where(w.c.backlog_key == backlog_key)
                .order_by(w.c.id.desc())
            ).all()
        df = pd.DataFrame([tuple(r) for r in rows], columns=cols)
        df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
        return df

    def check_facilitator(self, workshop_id: int, token: str) -> bool:
        """True if ``token`` is this workshop's facilitator token (constant-time hash compare)."""
        if not _valid_token(token):
            return False
        with self._tx(write=False) as conn:
            stored = conn.execute(
                sa.select(workshops.c.facilitator_token_hash).where(workshops.c.id == workshop_id)
            ).scalar()
        return stored is not None and hmac.compare_digest(_hash_token(token), stored)

    def _require_facilitator(self, conn: Connection, workshop_id: int, token: str) -> Workshop:
        """Lock the workshop row and check the facilitator token; PermissionError otherwise."""
        row = conn.execute(
            self._locked(sa.select(workshops.c.facilitator_token_hash).where(workshops.c.id == workshop_id))
        ).first()
        if row is None:
            raise WorkshopNotFound(f"Workshop {workshop_id} does not exist.")
        if not _valid_token(token) or not hmac.compare_digest(_hash_token(token), row[0]):
            raise PermissionError("Only the workshop's facilitator can do this.")
        return self._load_workshop(conn, workshop_id)

    # -- workshops: facilitator actions -------------------------------------------------------

    def _update_workshop(self, conn: Connection, workshop_id: int, **values: Any) -> None:
        conn.execute(workshops.update().where(workshops.c.id == workshop_id).values(**values, updated_at=self._now()))

    def _ensure_round_row(self, conn: Connection, workshop_id: int, round: int) -> None:
        stmt = self._insert(workshop_rounds).values(workshop_id=workshop_id, round=round)
        conn.execute(stmt.on_conflict_do_nothing(index_elements=["workshop_id", "round"]))

    def open_round(self, workshop_id: int, facilitator_token: str) -> Workshop:
        """Start (or re-open) voting in the current round."""
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            now = self._now()
            self._update_workshop(conn, w.id, round_state="open")
            self._ensure_round_row(conn, w.id, w.current_round)
            r = workshop_rounds
            conn.execute(
                r.update()
                .where(r.c.workshop_id == w.id, r.c.round == w.current_round)
                .values(opened_at=sa.func.coalesce(r.c.opened_at, now), closed_at=None)
            )
            return self._load_workshop(conn, w.id)

    def close_round(self, workshop_id: int, facilitator_token: str) -> Workshop:
        """Stop voting in the current round (votes are kept; open_round re-opens it)."""
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            now = self._now()
            self._update_workshop(conn, w.id, round_state="closed", timer_ends_at=None)
            self._ensure_round_row(conn, w.id, w.current_round)
            r = workshop_rounds
            conn.execute(r.update().where(r.c.workshop_id == w.id, r.c.round == w.current_round).values(closed_at=now))
            return self._load_workshop(conn, w.id)

    def reset_round(self, workshop_id: int, facilitator_token: str, *, open: bool = True) -> Workshop:
        """Start a new round (number + 1) with an empty board; earlier votes stay as history.

        The new round is open for voting unless ``open=False`` (then 'draft'); results are hidden
        again and the timer is cleared.
        """
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            now = self._now()
            r = workshop_rounds
            self._ensure_round_row(conn, w.id, w.current_round)
            conn.execute(
                r.update()
                .where(r.c.workshop_id == w.id, r.c.round == w.current_round)
                .values(reset_at=now, closed_at=sa.func.coalesce(r.c.closed_at, now))
            )
            new_round = w.current_round + 1
            self._update_workshop(
                conn,
                w.id,
                current_round=new_round,
                round_state="open" if open else "draft",
                revealed=False,
                timer_ends_at=None,
            )
            conn.execute(r.insert().values(workshop_id=w.id, round=new_round, opened_at=now if open else None))
            return self._load_workshop(conn, w.id)

    def set_revealed(self, workshop_id: int, facilitator_token: str, revealed: bool) -> Workshop:
        """Show (True) or hide (False) the results on participants' screens."""
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            self._update_workshop(conn, w.id, revealed=bool(revealed))
            return self._load_workshop(conn, w.id)

    def set_timer(self, workshop_id: int, facilitator_token: str, seconds: float | None) -> Workshop:
        """Votes are accepted until now + ``seconds`` (plus a 2 s grace); None removes the timer."""
        if seconds is not None:
            seconds = _number(seconds, "Timer seconds")
            if seconds is None or not 0 < seconds <= MAX_TIMER_SECONDS:
                raise ValueError(f"Timer must be between 1 second and {MAX_TIMER_SECONDS // 3600} hours.")
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            ends = None if seconds is None else self._now() + dt.timedelta(seconds=seconds)
            self._update_workshop(conn, w.id, timer_ends_at=ends)
            return self._load_workshop(conn, w.id)

    def delete_workshop(self, workshop_id: int, facilitator_token: str) -> None:
        """Delete a workshop with its participants and votes (backlog score history is kept)."""
        with self._tx() as conn:
            self._require_facilitator(conn, workshop_id, facilitator_token)
            conn.execute(workshops.delete().where(workshops.c.id == workshop_id))

    # -- workshops: participants ---------------------------------------------------------------

    def join(self, workshop_id: int, display_name: str | None = None) -> Participant:
        """Add a participant; the returned object carries their token (only its hash is stored)."""
        display_name = _text(display_name, "Display name", NAME_MAX)
        token = _new_token()
        with self._tx() as conn:
            self._load_workshop(conn, workshop_id, lock="share")
            count = conn.execute(
                sa.select(sa.func.count()).where(workshop_participants.c.workshop_id == workshop_id)
            ).scalar_one()
            if count >= MAX_PARTICIPANTS:
                raise StoreError(f"This workshop is full ({MAX_PARTICIPANTS} participants).")
            now = self._now()
            pid = conn.execute(
                workshop_participants.insert()
                .values(
                    workshop_id=workshop_id, display_name=display_name, token_hash=_hash_token(token), joined_at=now
                )
                .returning(workshop_participants.c.id)
            ).scalar_one()
        return Participant(id=pid, workshop_id=workshop_id, display_name=display_name, joined_at=now, token=token)

    def participant_by_token(self, workshop_id: int, token: str) -> Participant | None:
        if not _valid_token(token):
            return None
        p = workshop_participants
        with self._tx(write=False) as conn:
            row = conn.execute(
                sa.select(p.c.id, p.c.workshop_id, p.c.display_name, p.c.joined_at).where(
                    p.c.token_hash == _hash_token(token), p.c.workshop_id == workshop_id
                )
            ).first()
        return None if row is None else Participant(*row)

    def list_participants(self, workshop_id: int) -> pd.DataFrame:
        p = workshop_participants
        with self._tx(write=False) as conn:
            rows = conn.execute(
                sa.select(p.c.id, p.c.display_name, p.c.joined_at)
                .where(p.c.workshop_id == workshop_id)
                .order_by(p.c.id)
            ).all()
        df = pd.DataFrame([tuple(r) for r in rows], columns=["participant_id", "display_name", "joined_at"])
        df["joined_at"] = pd.to_datetime(df["joined_at"], utc=True)
        return df

    def _participant_id(self, conn: Connection, workshop_id: int, token: str) -> int:
        p = workshop_participants
        if not _valid_token(token):
            raise PermissionError("Unknown participant: join the workshop again.")
        pid = conn.execute(
            self._locked(sa.select(p.c.id).where(p.c.token_hash == _hash_token(token), p.c.workshop_id == workshop_id))
        ).scalar()
        if pid is None:
            raise PermissionError("Unknown participant: join the workshop again.")
        return pid

    # -- workshops: votes --------------------------------------------------------------------

    def cast_vote(
        self, workshop_id: int, participant_token: str, opportunity_id: str, criterion: str, value: float | None
    ) -> None:
        """Store (or change) one vote in the current round; ``value=None`` withdraws it.

        Raises PermissionError for an unknown participant, RoundClosed when the round is not
        open (or its timer ran out), NotInWorkshop for an item or criterion outside the
        workshop, VoteRejected for a value off the scale and DotsBudgetExceeded when a dots
        vote would spend more than the participant's dots.
        """
        self.cast_votes(workshop_id, participant_token, {(opportunity_id, criterion): value})

    def cast_votes(
        self,
        workshop_id: int,
        participant_token: str,
        votes: Mapping[tuple[str, str], float | None] | Iterable[tuple[str, str, float | None]],
    ) -> None:
        """Several votes of one participant in one transaction (all or none)."""
        # Last one wins for a repeated (opportunity, criterion): one statement may not upsert a row twice.
        items = list((dict(votes) if isinstance(votes, Mapping) else {(o, c): v for o, c, v in votes}).items())
        with self._tx() as conn:
            # Lock order (PostgreSQL): workshop row (shared, so facilitator actions wait for
            # in-flight votes and vice versa), then the participant row (exclusive: one
            # participant's concurrent votes serialize, which keeps the dots budget exact).
            w = self._load_workshop(conn, workshop_id, lock="share")
            pid = self._participant_id(conn, workshop_id, participant_token)
            if w.round_state != "open":
                raise RoundClosed(
                    "Voting has not started yet." if w.round_state == "draft" else "This round is closed."
                )
            left = w.seconds_left(self._now() - dt.timedelta(seconds=TIMER_GRACE_SECONDS))
            if left is not None and left <= 0:
                raise RoundClosed("Time is up for this round.")
            item_ids = set(w.opportunity_ids)
            crit = w.criteria["criteria"]
            now = self._now()
            upserts: list[dict] = []
            removals: list[tuple[str, str]] = []
            for (oid, criterion), raw in items:
                if oid not in item_ids:
                    raise NotInWorkshop(f"{oid!r} is not one of this workshop's opportunities.")
                if criterion not in crit:
                    raise NotInWorkshop(f"{criterion!r} is not one of this workshop's criteria.")
                if raw is None:
                    removals.append((oid, criterion))
                    continue
                try:
                    value = _number(raw, crit[criterion]["label"])
                except ValueError as err:
                    raise VoteRejected(str(err)) from None
                if value is None:
                    removals.append((oid, criterion))
                    continue
                lo, hi = crit[criterion]["min"], crit[criterion]["max"]
                if w.mode == "dots":
                    if value != int(value) or value < 0:
                        raise VoteRejected("Dots are whole numbers of 0 or more.")
                    if value == 0:  # no dots on an item = no vote
                        removals.append((oid, criterion))
                        continue
                elif not lo <= value <= hi:
                    raise VoteRejected(f"{crit[criterion]['label']} must be between {lo:g} and {hi:g}.")
                upserts.append(
                    dict(
                        workshop_id=w.id,
                        round=w.current_round,
                        participant_id=pid,
                        opportunity_id=oid,
                        criterion=criterion,
                        value=value,
                        created_at=now,
                        updated_at=now,
                    )
                )
            v = workshop_votes
            mine = (v.c.workshop_id == w.id) & (v.c.round == w.current_round) & (v.c.participant_id == pid)
            for oid, criterion in removals:
                conn.execute(v.delete().where(mine, v.c.opportunity_id == oid, v.c.criterion == criterion))
            if upserts:
                stmt = self._insert(v)
                stmt = stmt.on_conflict_do_update(
                    index_elements=["workshop_id", "round", "participant_id", "opportunity_id", "criterion"],
                    set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
                )
                conn.execute(stmt, upserts)
            if w.mode == "dots":
                spent = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(v.c.value), 0)).where(mine)).scalar_one()
                if spent > w.criteria["dots"]:
                    # Raising rolls the whole transaction back: nothing of this call is kept.
                    raise DotsBudgetExceeded(
                        f"That would use {spent:g} dots; you have {w.criteria['dots']} in this round."
                    )

    def my_votes(
        self, workshop_id: int, participant_token: str, round: int | None = None
    ) -> dict[str, dict[str, float]]:
        """{opportunity_id: {criterion: value}} of this participant in the current (or given) round."""
        with self._tx(write=False) as conn:
            w = self._load_workshop(conn, workshop_id)
            p = workshop_participants
            pid = None
            if _valid_token(participant_token):
                pid = conn.execute(
                    sa.select(p.c.id).where(
                        p.c.token_hash == _hash_token(participant_token), p.c.workshop_id == workshop_id
                    )
                ).scalar()
            if pid is None:
                raise PermissionError("Unknown participant: join the workshop again.")
            v = workshop_votes
            rows = conn.execute(
                sa.select(v.c.opportunity_id, v.c.criterion, v.c.value).where(
                    v.c.workshop_id == workshop_id,
                    v.c.round == (w.current_round if round is None else int(round)),
                    v.c.participant_id == pid,
                )
            ).all()
        out: dict[str, dict[str, float]] = {}
        for oid, criterion, value in rows:
            out.setdefault(oid, {})[criterion] = value
        return out

    _RESULT_COLUMNS = ["round", "opportunity_id", "name", "criterion", "n", "mean", "median", "std", "min", "max",
                       "spread", "total", "participant_count", "voter_count", "progress"]  # fmt: skip

    def round_results(self, workshop_id: int, round: int | None = None) -> pd.DataFrame:
        """One row per opportunity x criterion of a round (default: the current one).

        n, mean, median, std (population standard deviation, 0 for one vote; ``spread`` is the
        same number), min, max and total of the votes; items without votes have n=0 and NaN
        statistics. ``participant_count`` = participants who joined; ``voter_count`` = those
        with at least one vote in the round; ``progress`` = share of participants who scored
        every item on every criterion (dots mode: who placed all their dots). The three are
        repeated on every row and also in ``df.attrs`` (with ``round`` and ``mode``).
        """
        with self._tx(write=False) as conn:
            w = self._load_workshop(conn, workshop_id)
            rnd = w.current_round if round is None else int(round)
            v = workshop_votes
            votes = conn.execute(
                sa.select(v.c.participant_id, v.c.opportunity_id, v.c.criterion, v.c.value).where(
                    v.c.workshop_id == workshop_id, v.c.round == rnd
                )
            ).all()
            participants = conn.execute(
                sa.select(sa.func.count()).where(workshop_participants.c.workshop_id == workshop_id)
            ).scalar_one()
        return _results_frame(w, rnd, votes, participants)

    def results_history(self, workshop_id: int) -> pd.DataFrame:
        """round_results of every round so far, stacked, with each round's opened/closed/reset times."""
        with self._tx(write=False) as conn:
            w = self._load_workshop(conn, workshop_id)
            v = workshop_votes
            votes = conn.execute(
                sa.select(v.c.round, v.c.participant_id, v.c.opportunity_id, v.c.criterion, v.c.value).where(
                    v.c.workshop_id == workshop_id
                )
            ).all()
            participants = conn.execute(
                sa.select(sa.func.count()).where(workshop_participants.c.workshop_id == workshop_id)
            ).scalar_one()
            r = workshop_rounds
            times = {
                row[0]: row[1:]
                for row in conn.execute(
                    sa.select(r.c.round, r.c.opened_at, r.c.closed_at, r.c.reset_at).where(
                        r.c.workshop_id == workshop_id
                    )
                ).all()
            }
        frames = []
        for rnd in range(1, w.current_round + 1):
            frame = _results_frame(w, rnd, [x[1:] for x in votes if x[0] == rnd], participants)
            opened, closed, reset = times.get(rnd, (None, None, None))
            frame["opened_at"] = pd.Timestamp(opened) if opened else pd.NaT
            frame["closed_at"] = pd.Timestamp(closed) if closed else pd.NaT
            frame["reset_at"] = pd.Timestamp(reset) if reset else pd.NaT
            frames.append(frame)
        df = pd.concat(frames, ignore_index=True)
        for col in ("opened_at", "closed_at", "reset_at"):
            df[col] = pd.to_datetime(df[col], utc=True)
        return df

    # -- workspaces --------------------------------------------------------------------------

    def _encode_tables(self, tables: Mapping[str, pd.DataFrame]) -> list[dict]:
        if not isinstance(tables, Mapping):
            raise ValueError("tables must be a dict name -> DataFrame.")
        rows, total = [], 0
        for i, (name, frame) in enumerate(tables.items()):
            name = _text(name, "Table name", NAME_MAX, required=True)
            if not isinstance(frame, pd.DataFrame):
                raise ValueError(f"Table {name!r} is a {type(frame).__name__}, not a DataFrame.")
            buf = io.BytesIO()
            try:
                frame.to_parquet(buf, engine="pyarrow", compression="zstd")
            except Exception as err:  # pyarrow raises many types for unconvertible columns
                raise ValueError(f"Table {name!r} cannot be saved: {err}") from None
            data = buf.getvalue()
            total += len(data)
            if total > WORKSPACE_MAX_BYTES:
                raise ValueError(f"The workspace's tables exceed {WORKSPACE_MAX_BYTES // 2**20} MB compressed.")
            rows.append(dict(name=name, position=i, n_rows=len(frame), n_bytes=len(data), parquet=data))
        return rows

    @staticmethod
    def _recipe(recipe_json: Any) -> str | None:
        if recipe_json is None:
            return None
        text = recipe_json if isinstance(recipe_json, str) else _dumps(recipe_json)
        return _text(text, "Recipe", RECIPE_MAX)

    def save_workspace(
        self,
        title: str,
        owner: str,
        recipe_json: str | Mapping | None,
        tables: Mapping[str, pd.DataFrame],
        view_state: Mapping[str, Any] | None = None,
    ) -> tuple[int, str]:
        """Store a workspace (tables as Parquet inside the database); return (id, link token).

        The token (256 bits, urlsafe) is the secret of the share link: only its SHA-256 is stored,
        so it cannot be shown again; the caller puts it in the link.
        """
        title = _text(title, "Title", NAME_MAX, required=True)
        owner = _text(owner, "Owner", NAME_MAX, required=True)
        recipe = self._recipe(recipe_json)
        view = _json_value(dict(view_state or {}), "View state", VIEW_STATE_MAX)
        rows = self._encode_tables(tables)
        token = _new_token()
        now = self._now()
        with self._tx() as conn:
            wid = conn.execute(
                workspaces.insert()
                .values(
                    token_hash=_hash_token(token),
                    title=title,
                    owner=owner,
                    recipe_json=recipe,
                    view_state=view,
                    created_at=now,
                    updated_at=now,
                )
                .returning(workspaces.c.id)
            ).scalar_one()
            if rows:
                conn.execute(workspace_tables.insert(), [{**r, "workspace_id": wid} for r in rows])
        return wid, token

    def open_workspace(self, token: str) -> Workspace:
        """The workspace behind a link token. WorkspaceNotFound / WorkspaceRevoked otherwise."""
        if not _valid_token(token):
            raise WorkspaceNotFound("This link does not point to a workspace.")
        with self._tx(write=False) as conn:
            row = conn.execute(sa.select(workspaces).where(workspaces.c.token_hash == _hash_token(token))).first()
            if row is None:
                raise WorkspaceNotFound("This link does not point to a workspace.")
            m = row._mapping
            if m["revoked_at"] is not None:
                raise WorkspaceRevoked("The owner has revoked this link.")
            blobs = conn.execute(
                sa.select(workspace_tables.c.name, workspace_tables.c.parquet)
                .where(workspace_tables.c.workspace_id == m["id"])
                .order_by(workspace_tables.c.position)
            ).all()
        tables = {name: pd.read_parquet(io.BytesIO(bytes(data)), engine="pyarrow") for name, data in blobs}
        return Workspace(
            id=m["id"],
            title=m["title"],
            owner=m["owner"],
            recipe_json=m["recipe_json"],
            tables=tables,
            view_state=m["view_state"] or {},
            created_at=m["created_at"],
            updated_at=m["updated_at"],
        )

    def peek_workspace(self, token: str) -> Workspace:
        """Like :meth:`open_workspace` without reading the tables (``tables`` is empty): a cheap
        check, on every rerun, of whether the workspace changed (``updated_at``) or was revoked."""
        if not _valid_token(token):
            raise WorkspaceNotFound("This link does not point to a workspace.")
        w = workspaces
        with self._tx(write=False) as conn:
            row = conn.execute(
                sa.select(w.c.id, w.c.title, w.c.owner, w.c.recipe_json, w.c.view_state, w.c.created_at,
                          w.c.updated_at, w.c.revoked_at).where(w.c.token_hash == _hash_token(token))
            ).first()
        if row is None:
            raise WorkspaceNotFound("This link does not point to a workspace.")
        m = row._mapping
        if m["revoked_at"] is not None:
            raise WorkspaceRevoked("The owner has revoked this link.")
        return Workspace(id=m["id"], title=m["title"], owner=m["owner"], recipe_json=m["recipe_json"], tables={},
                         view_state=m["view_state"] or {}, created_at=m["created_at"], updated_at=m["updated_at"])

    def _require_owner(self, conn: Connection, workspace_id: int, owner: str, *, allow_revoked: bool = False):
        row = conn.execute(
            self._locked(sa.select(workspaces.c.owner, workspaces.c.revoked_at).where(workspaces.c.id == workspace_id))
        ).first()
        if row is None:
            raise WorkspaceNotFound(f"Workspace {workspace_id} does not exist.")
        if not isinstance(owner, str) or not hmac.compare_digest(owner.encode("utf-8"), row[0].encode("utf-8")):
            raise PermissionError("Only the workspace's owner can change it.")
        if row[1] is not None and not allow_revoked:
            raise WorkspaceRevoked("This workspace's link was revoked.")

    def replace_workspace_data(
        self,
        workspace_id: int,
        owner: str,
        tables: Mapping[str, pd.DataFrame],
        recipe_json: str | Mapping | None,
        view_state: Mapping[str, Any] | None = None,
    ) -> None:
        """Replace the tables and recipe (and view state, if given); the link keeps working."""
        recipe = self._recipe(recipe_json)
        rows = self._encode_tables(tables)
        values: dict[str, Any] = {"recipe_json": recipe, "updated_at": self._now()}
        if view_state is not None:
            values["view_state"] = _json_value(dict(view_state), "View state", VIEW_STATE_MAX)
        with self._tx() as conn:
            self._require_owner(conn, workspace_id, owner)
            conn.execute(workspace_tables.delete().where(workspace_tables.c.workspace_id == workspace_id))
            if rows:
                conn.execute(workspace_tables.insert(), [{**r, "workspace_id": workspace_id} for r in rows])
            conn.execute(workspaces.update().where(workspaces.c.id == workspace_id).values(**values))

    def update_view_state(self, workspace_id: int, owner: str, view_state: Mapping[str, Any]) -> None:
        view = _json_value(dict(view_state), "View state", VIEW_STATE_MAX)
        with self._tx() as conn:
            self._require_owner(conn, workspace_id, owner)
            conn.execute(
                workspaces.update()
                .where(workspaces.c.id == workspace_id)
                .values(view_state=view, updated_at=self._now())
            )

    def reissue_workspace_link(self, workspace_id: int, owner: str) -> str:
        """A new link token for the owner's workspace; the old link stops working at once.

        For an owner who no longer has the link (only its hash is stored, so it cannot be shown
        again) or who wants to cut off everyone who had the old one without deleting the data.
        """
        token = _new_token()
        with self._tx() as conn:
            self._require_owner(conn, workspace_id, owner)
            conn.execute(
                workspaces.update()
                .where(workspaces.c.id == workspace_id)
                .values(token_hash=_hash_token(token), updated_at=self._now())
            )
        return token

    def rename_workspace(self, workspace_id: int, owner: str, title: str) -> None:
        title = _text(title, "Title", NAME_MAX, required=True)
        with self._tx() as conn:
            self._require_owner(conn, workspace_id, owner)
            conn.execute(
                workspaces.update().where(workspaces.c.id == workspace_id).values(title=title, updated_at=self._now())
            )

    def revoke_workspace(self, workspace_id: int, owner: str) -> None:
        """Kill the link for good and delete the stored tables (title and dates are kept)."""
        with self._tx() as conn:
            self._require_owner(conn, workspace_id, owner, allow_revoked=True)
            conn.execute(workspace_tables.delete().where(workspace_tables.c.workspace_id == workspace_id))
            now = self._now()
            conn.execute(
                workspaces.update()
                .where(workspaces.c.id == workspace_id)
                .values(revoked_at=sa.func.coalesce(workspaces.c.revoked_at, now), recipe_json=None, view_state=None)
            )

    def list_workspaces(self, owner: str, *, include_revoked: bool = False) -> pd.DataFrame:
        """The owner's workspaces, newest first: id, title, created/updated/revoked times, tables, bytes."""
        w, t = workspaces, workspace_tables
        query = sa.select(w.c.id, w.c.title, w.c.created_at, w.c.updated_at, w.c.revoked_at).where(w.c.owner == owner)
        if not include_revoked:
            query = query.where(w.c.revoked_at.is_(None))
        with self._tx(write=False) as conn:
            rows = conn.execute(query.order_by(w.c.updated_at.desc(), w.c.id.desc())).all()
            sizes: dict[int, list] = {}
            ids = [r[0] for r in rows]
            if ids:
                for wid, name, n_bytes in conn.execute(
                    sa.select(t.c.workspace_id, t.c.name, t.c.n_bytes)
                    .where(t.c.workspace_id.in_(ids))
                    .order_by(t.c.position)
                ):
                    sizes.setdefault(wid, []).append((name, n_bytes))
        df = pd.DataFrame(
            [(*r, [n for n, _ in sizes.get(r[0], [])], sum(b for _, b in sizes.get(r[0], []))) for r in rows],
            columns=["workspace_id", "title", "created_at", "updated_at", "revoked_at", "tables", "n_bytes"],
        )
        for col in ("created_at", "updated_at", "revoked_at"):
            df[col] = pd.to_datetime(df[col], utc=True)
        return df


    # -- upload drafts (cxlens/drafts.py) ---------------------------------------------------

    @staticmethod
    def _draft_hash(key: Any) -> str:
        parsed = _drafts.parse_key(key)
        if parsed is None:
            raise DraftNotFound("This link does not point to a draft.")
        return _drafts.key_hash(parsed)

    @staticmethod
    def _draft_rows(files: Any) -> list[tuple[str, str, bytes]]:
        """(name, digest, bytes) of each file, checked against the draft caps."""
        if isinstance(files, (str, bytes)) or not isinstance(files, Sequence):
            raise ValueError("files must be a sequence of (name, bytes).")
        if not files:
            raise ValueError("A draft needs at least one file.")
        if len(files) > DRAFT_MAX_FILES:
            raise ValueError(f"A draft keeps at most {DRAFT_MAX_FILES} files, not {len(files)}.")
        rows, total = [], 0
        for item in files:
            name, data = item
            name = _text(name, "File name", FILE_NAME_MAX, required=True)
            if not isinstance(data, bytes):
                raise ValueError(f"File {name!r} is a {type(data).__name__}, not bytes.")
            if len(data) > DRAFT_FILE_MAX_BYTES:
                raise ValueError(f"{name} is {len(data) / 1e6:.0f} MB; the upload limit is "
                                 f"{DRAFT_FILE_MAX_BYTES / 1e6:.0f} MB.")
            total += len(data)
            if total > DRAFT_MAX_BYTES:
                raise ValueError(f"The files are more than {DRAFT_MAX_BYTES / 1e6:.0f} MB together, "
                                 "too much to keep as a draft.")
            rows.append((name, _drafts.file_digest(data), data))
        return rows

    def _ensure_blobs(self, conn: Connection, rows: list[tuple[str, str, bytes]], now: dt.datetime) -> None:
        """Each file's bytes stored once by digest; bytes already stored (by any draft) are not sent again.

        The blobs are share-locked on PostgreSQL so a purge running meanwhile cannot delete them
        before this draft refers to them."""
        digests = sorted({d for _, d, _ in rows})
        have = set(conn.execute(
            self._locked(sa.select(draft_blobs.c.digest).where(draft_blobs.c.digest.in_(digests)), read=True)
        ).scalars())
        missing: dict[str, bytes] = {}
        for _, d, data in rows:
            if d not in have:
                missing.setdefault(d, data)
        if missing:
            conn.execute(
                self._insert(draft_blobs).on_conflict_do_nothing(index_elements=["digest"]),
                [dict(digest=d, n_bytes=len(b), data=b, created_at=now) for d, b in missing.items()],
            )
            conn.execute(self._locked(sa.select(draft_blobs.c.digest).where(draft_blobs.c.digest.in_(list(missing))),
                                      read=True)).all()

    def _drop_orphan_blobs(self, conn: Connection, digests: Iterable[str] | None = None) -> int:
        """Delete the stored bytes no draft refers to (only among ``digests`` when given)."""
        query = draft_blobs.delete().where(~sa.exists().where(draft_files.c.digest == draft_blobs.c.digest))
        if digests is not None:
            digests = list(digests)
            if not digests:
                return 0
            query = query.where(draft_blobs.c.digest.in_(digests))
        try:
            with conn.begin_nested():
                return conn.execute(query).rowcount or 0
        except sa.exc.IntegrityError:
            return 0  # a draft saved meanwhile took one of them: the next purge looks again

    def _delete_drafts(self, conn: Connection, where) -> int:
        ids = list(conn.execute(sa.select(drafts.c.id).where(where)).scalars())
        if not ids:
            return 0
        digests = set(conn.execute(sa.select(draft_files.c.digest).where(draft_files.c.draft_id.in_(ids))).scalars())
        conn.execute(draft_files.delete().where(draft_files.c.draft_id.in_(ids)))
        conn.execute(drafts.delete().where(drafts.c.id.in_(ids)))
        self._drop_orphan_blobs(conn, digests)
        return len(ids)

    def save_draft(self, key: str, files: Sequence[tuple[str, bytes]], recipe_json: str | Mapping | None = None,
                   *, days: float) -> "Draft":
        """Keep ``files`` (name, bytes) and the recipe as the draft ``key`` (created, or its files and
        recipe replaced) for ``days`` from now. ValueError for a bad key, no files or files over the caps."""
        if _drafts.parse_key(key) is None:
            raise ValueError("A draft key is 43 URL-safe characters (cxlens.drafts.new_key()).")
        hashed = self._draft_hash(key)
        recipe = self._recipe(recipe_json)
        rows = self._draft_rows(files)
        now = self._now()
        expires = _drafts.expires_at(now, days)
        with self._tx() as conn:
            self._ensure_blobs(conn, rows, now)
            row = conn.execute(self._locked(sa.select(drafts.c.id, drafts.c.created_at)
                                            .where(drafts.c.key_hash == hashed))).first()
            old: set[str] = set()
            if row is None:
                draft_id = conn.execute(
                    drafts.insert().values(key_hash=hashed, recipe_json=recipe, created_at=now, updated_at=now,
                                           expires_at=expires).returning(drafts.c.id)
                ).scalar_one()
                created = now
            else:
                draft_id, created = row
                old = set(conn.execute(sa.select(draft_files.c.digest)
                                       .where(draft_files.c.draft_id == draft_id)).scalars())
                conn.execute(draft_files.delete().where(draft_files.c.draft_id == draft_id))
                conn.execute(drafts.update().where(drafts.c.id == draft_id)
                             .values(recipe_json=recipe, updated_at=now, expires_at=expires))
            conn.execute(draft_files.insert(), [dict(draft_id=draft_id, position=i, name=n, digest=d)
                                                for i, (n, d, _) in enumerate(rows)])
            self._drop_orphan_blobs(conn, old - {d for _, d, _ in rows})
        return Draft(files=tuple((n, d) for n, d, _ in rows), recipe_json=recipe, created_at=created,
                     updated_at=now, expires_at=expires)

    def _draft_row(self, conn: Connection, hashed: str, *, lock: bool = False):
        query = sa.select(drafts).where(drafts.c.key_hash == hashed)
        return conn.execute(self._locked(query) if lock else query).first()

    def _expire(self, hashed: str) -> None:
        """Delete the draft ``hashed`` if it has expired (met on access)."""
        now = self._now()
        with self._tx() as conn:
            self._delete_drafts(conn, sa.and_(drafts.c.key_hash == hashed, drafts.c.expires_at <= now))

    def _read_draft(self, key: str, *, with_bytes: bool) -> "Draft":
        hashed = self._draft_hash(key)
        with self._tx(write=False) as conn:
            row = self._draft_row(conn, hashed)
            if row is not None:
                m = row._mapping
                cols = [draft_files.c.name, draft_files.c.digest] + ([draft_blobs.c.data] if with_bytes else [])
                query = sa.select(*cols).where(draft_files.c.draft_id == m["id"]).order_by(draft_files.c.position)
                if with_bytes:
                    query = query.join_from(draft_files, draft_blobs, draft_files.c.digest == draft_blobs.c.digest)
                files = conn.execute(query).all()
        if row is None:
            raise DraftNotFound("This draft was forgotten or has expired.")
        if not _drafts.is_live(m["expires_at"], self._now()):
            self._expire(hashed)
            raise DraftNotFound("This draft has expired.")
        return Draft(
            files=tuple((f[0], f[1]) for f in files), recipe_json=m["recipe_json"], created_at=m["created_at"],
            updated_at=m["updated_at"], expires_at=m["expires_at"],
            payloads=tuple((f[0], bytes(f[2])) for f in files) if with_bytes else (),
        )

    def peek_draft(self, key: str) -> "Draft":
        """The draft's file names, digests, recipe and dates, without the bytes. DraftNotFound when
        the key opens nothing (never saved, forgotten, expired: an expired draft is deleted here)."""
        return self._read_draft(key, with_bytes=False)

    def open_draft(self, key: str) -> "Draft":
        """Like :meth:`peek_draft`, with the files' bytes in ``payloads``."""
        return self._read_draft(key, with_bytes=True)

    _UNCHANGED: Any = object()

    def update_draft(self, key: str, *, days: float, recipe_json: Any = _UNCHANGED) -> "Draft":
        """Set the draft's recipe (when given; None removes it) and keep it ``days`` from now.
        DraftNotFound when it was forgotten or has expired."""
        hashed = self._draft_hash(key)
        values: dict[str, Any] = {}
        if recipe_json is not Store._UNCHANGED:
            values["recipe_json"] = self._recipe(recipe_json)
        now = self._now()
        values.update(updated_at=now, expires_at=_drafts.expires_at(now, days))
        with self._tx() as conn:
            row = self._draft_row(conn, hashed, lock=True)
            live = row is not None and _drafts.is_live(row._mapping["expires_at"], now)
            if live:
                conn.execute(drafts.update().where(drafts.c.id == row._mapping["id"]).values(**values))
        if not live:
            if row is not None:
                self._expire(hashed)
            raise DraftNotFound("This draft was forgotten or has expired.")
        return self.peek_draft(key)

    def delete_draft(self, key: str) -> bool:
        """Forget the draft (and the bytes no other draft holds). False when there was none."""
        try:
            hashed = self._draft_hash(key)
        except DraftNotFound:
            return False
        with self._tx() as conn:
            return self._delete_drafts(conn, drafts.c.key_hash == hashed) > 0

    def purge_drafts(self) -> int:
        """Delete every expired draft and any stored bytes no draft refers to; return the drafts deleted."""
        now = self._now()
        with self._tx() as conn:
            n = self._delete_drafts(conn, drafts.c.expires_at <= now)
            self._drop_orphan_blobs(conn)
        return n

    def draft_stats(self) -> dict[str, int]:
        """Counts for operators and tests: drafts, stored files (distinct bytes) and their size."""
        with self._tx(write=False) as conn:
            n = conn.execute(sa.select(sa.func.count()).select_from(drafts)).scalar_one()
            blobs, size = conn.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(draft_blobs.c.n_bytes),
                                                                                   0))).one()
        return {"drafts": int(n), "blobs": int(blobs), "bytes": int(size)}


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    """Stored value equal to a written one (floats to 1e-9, None == None)."""
    if _is_missing(a) or _is_missing(b):
        return _is_missing(a) and _is_missing(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) <= 1e-9
    return a == b


def _results_frame(w: Workshop, rnd: int, votes: Sequence[Sequence[Any]], participants: int) -> pd.DataFrame:
    """Statistics of one round's votes: rows (participant_id, opportunity_id, criterion, value)."""
    criteria = list(w.criterion_names)
    by_key: dict[tuple[str, str], list[float]] = {}
    per_participant: dict[int, list[float]] = {}
    for pid, oid, criterion, value in votes:
        by_key.setdefault((oid, criterion), []).append(float(value))
        per_participant.setdefault(pid, []).append(float(value))
    if w.mode == "dots":
        complete = sum(1 for vals in per_participant.values() if sum(vals) >= w.criteria["dots"])
    else:
        needed = len(w.items) * len(criteria)
        complete = sum(1 for vals in per_participant.values() if len(vals) >= needed)
    voters = len(per_participant)
    progress = complete / participants if participants else 0.0
    rows = []
    for oid, name in w.items:
        for criterion in criteria:
            vals = np.asarray(by_key.get((oid, criterion), []), dtype="float64")
            n = len(vals)
            if n:
                std = float(vals.std(ddof=0))
                stats = (
                    float(vals.mean()),
                    float(np.median(vals)),
                    std,
                    float(vals.min()),
                    float(vals.max()),
                    std,
                    float(vals.sum()),
                )
            else:
                stats = (math.nan,) * 6 + (0.0,)
            rows.append((rnd, oid, name, criterion, n, *stats, participants, voters, progress))
    df = pd.DataFrame(rows, columns=Store._RESULT_COLUMNS)
    df["n"] = df["n"].astype("int64")
    df.attrs.update(round=rnd, mode=w.mode, participant_count=participants, voter_count=voters, progress=progress)
    return df
