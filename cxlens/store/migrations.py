"""The migrations: numbered steps that create and upgrade the schema, applied in order by
:meth:`cxlens.store.database.Database.migrate`.

Each step is frozen once released: never edit a step, add a new one. A step receives a connection
inside its own transaction and runs Core DDL/SQL on it, on its own copy of the tables as they were
when it was released (the current tables are in :mod:`cxlens.store.schema`). Steps too long to read
in one piece build their tables in helpers on the same ``MetaData``: ``create_all`` orders the
tables itself, so the DDL is the same as from one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import UTCDateTime


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
    _m3_workshop_tables(md)
    _m3_vote_tables(md)
    md.create_all(conn)


def _m3_workshop_tables(md: sa.MetaData) -> None:
    """Migration 3: the workshop, its items, rounds and participants."""
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


def _m3_vote_tables(md: sa.MetaData) -> None:
    """Migration 3: the votes, and the workshop results kept in the backlog."""
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


def _m10_maturity_owners(conn: Connection) -> None:
    # Who may see and remove a maturity submission: the SHA-256 of the rater's private token (NULL for
    # submissions made before: they belong to the assessment's owner only), and assessments shared by
    # link, keyed on the SHA-256 of their unguessable id, with their label and the owner's token hash.
    conn.exec_driver_sql(
        f"ALTER TABLE maturity_responses ADD COLUMN rater_hash {sa.String(64).compile(dialect=conn.dialect)}"
    )
    md = sa.MetaData()
    responses = sa.Table("maturity_responses", md, sa.Column("assessment_key", sa.String(200)),
                         sa.Column("rater_hash", sa.String(64)))
    sa.Index("ix_maturity_responses_rater", responses.c.assessment_key, responses.c.rater_hash).create(conn)
    sa.Table(
        "maturity_assessments",
        md,
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("owner_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    md.tables["maturity_assessments"].create(conn)


def _m11_workshop_screen_and_devices(conn: Connection) -> None:
    # The big-screen link gets its own token (issue #20 finding 4), no longer the join token: a
    # random salt per workshop and the SHA-256 of the token derived from the facilitator token and
    # the salt. NULLs until the facilitator view first shows the link (then Store.screen_token draws them).
    string = sa.String(64).compile(dialect=conn.dialect)
    for column in ("screen_salt", "screen_token_hash"):
        conn.exec_driver_sql(f"ALTER TABLE workshops ADD COLUMN {column} {string}")
    md = sa.MetaData()
    table = sa.Table("workshops", md, sa.Column("screen_token_hash", sa.String(64)))
    sa.Index("ix_workshops_screen_token_hash", table.c.screen_token_hash, unique=True).create(conn)
    # One participation per device and workshop: the hash of the device key a participant joined from.
    conn.exec_driver_sql(f"ALTER TABLE workshop_participants ADD COLUMN device_hash {string}")
    people = sa.Table("workshop_participants", md, sa.Column("workshop_id", sa.Integer),
                      sa.Column("device_hash", sa.String(64)))
    sa.Index("uq_workshop_participants_device", people.c.workshop_id, people.c.device_hash, unique=True).create(conn)


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
    Migration(10, "maturity submissions' rater token hash and assessments shared by link", _m10_maturity_owners),
    Migration(11, "workshop big-screen token (salt and hash) and one participation per device",
              _m11_workshop_screen_and_devices),
)
LATEST_VERSION = MIGRATIONS[-1].version
