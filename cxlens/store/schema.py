"""The current schema: the tables the queries use, on one :data:`metadata`.

The migrations (:mod:`cxlens.store.migrations`) carry their own frozen copies of each table as it
was when released; a test checks that a migrated database has exactly these tables and columns.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .tokens import JOIN_CODE_LENGTH
from .validation import FILE_NAME_MAX, KEY_MAX, LABEL_MAX, NAME_MAX, UTC

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


def json_type() -> sa.JSON:
    return sa.JSON(none_as_null=True)


# ---------------------------------------------------------------------------------------------
# Tables
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
    sa.Column("evidence", json_type()),
    sa.Column("goals", json_type()),
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
    # migration 10: SHA-256 of the rater's private token (NULL: before migration 10, the owner's only)
    sa.Column("rater_hash", sa.String(64)),
    sa.Index("ix_maturity_responses_rater", "assessment_key", "rater_hash"),
)

maturity_assessments = sa.Table(  # migration 10: assessments shared by an unguessable link, named by a label
    "maturity_assessments",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),  # SHA-256 of the id in the link
    sa.Column("name", sa.String(NAME_MAX), nullable=False),
    sa.Column("owner_hash", sa.String(64), nullable=False),  # SHA-256 of the creator's token
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
    sa.Column("model", json_type(), nullable=False),
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
    # migration 11: the big-screen link's token is derived from the facilitator token and this salt
    # (cxlens.store.tokens.derive_token); only its SHA-256 is kept. NULL until the facilitator view
    # first shows it (Store.screen_token).
    sa.Column("screen_salt", sa.String(64)),
    sa.Column("screen_token_hash", sa.String(64)),
    sa.Column("criteria", json_type(), nullable=False),
    sa.Column("current_round", sa.Integer, nullable=False),
    sa.Column("round_state", sa.String(8), nullable=False),
    sa.Column("revealed", sa.Boolean, nullable=False),
    sa.Column("timer_ends_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("round_state IN ('draft', 'open', 'closed')", name="ck_workshops_state"),
    sa.Index("ix_workshops_screen_token_hash", "screen_token_hash", unique=True),
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
    # migration 11: SHA-256 of the device key this participation came from, per workshop (one
    # participation per device; NULL: joined before, or from a browser that could not be recognised)
    sa.Column("device_hash", sa.String(64)),
    sa.Index("uq_workshop_participants_device", "workshop_id", "device_hash", unique=True),
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
    sa.Column("changes", json_type(), nullable=False),  # {opportunity_id: {"before": {...}, "after": {...}}}
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
    sa.Column("view_state", json_type()),
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


# Indexes added by migrations, mirrored on the runtime metadata so create_all == migrate.
sa.Index(
    "ix_workshop_votes_round", workshop_votes.c.workshop_id, workshop_votes.c.round, workshop_votes.c.opportunity_id
)
sa.Index("ix_opportunity_workshop_scores_key", opportunity_workshop_scores.c.backlog_key)
