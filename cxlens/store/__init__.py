"""The CX Lens store: one database for the backlog, maturity answers, live workshops, shared
workspaces and upload drafts.

Pure Python + SQLAlchemy Core (never imports streamlit). SQLite by default (a file, nothing to
install), PostgreSQL for several app processes (:mod:`.engine`)::

    from cxlens.store import Store
    store = Store()                          # CXLENS_DATABASE_URL, else the SQLite file
    store.save_opportunity("dataset-1", {"name": "Fix checkout", "effort": 3})
    store.list_opportunities("dataset-1")    # -> pandas.DataFrame

One module per idea:

=================  ===============================================================================
``database``       the base: engine, clock, the transaction helper, the migrations runner
``engine``         URLs and engines for SQLite and PostgreSQL
``schema``         the current tables (what the queries use)
``migrations``     the numbered, frozen steps that create and upgrade the schema
``errors``         :class:`StoreError` and its kinds; database errors are translated once, in the
                   transaction helper, so no code outside this package needs SQLAlchemy
``validation``     length caps and the checks of what callers pass in
``tokens``         link tokens and join codes (only their SHA-256 is stored)
``backlog``        opportunities and strategy goals
``maturity``       maturity submissions and custom models
``workshops``      workshops, rounds, the facilitator's actions, participants
``votes``          votes and round results
``writeback``      workshop results kept in the backlog and written into its scores (undoable)
``workspaces``     shared workspaces (Parquet tables behind a share link)
``drafts``         private upload drafts
=================  ===============================================================================

:class:`Store` is the facade the app uses: one object with every aggregate's methods. The schema
is created and upgraded by numbered migrations (:data:`MIGRATIONS`), applied by
:meth:`Store.migrate` (called by the constructor), each in its own transaction under a lock, so
two processes starting at once are safe. See docs/store.md.

Free text is stored as given (escaping is the UI's job) but length-capped: a value over its
cap raises :class:`ValueError` saying which field and what the limit is.
"""

from __future__ import annotations

from .backlog import BacklogStore
from .database import Database
from .drafts import Draft, DraftStore
from .engine import default_url, describe_url
from .errors import (
    DatabaseUnavailable,
    DotsBudgetExceeded,
    DraftNotFound,
    MaturityModelChanged,
    MaturityModelLocked,
    NotFound,
    NotInWorkshop,
    RoundClosed,
    StoreConfigError,
    StoreConflict,
    StoreError,
    StoreFailure,
    VoteRejected,
    WorkshopNotFound,
    WorkspaceNotFound,
    WorkspaceRevoked,
)
from .maturity import (
    SHARED_ASSESSMENT_PREFIX,
    MaturityStore,
    fixed_to_default,
    session_default_key,
    shared_assessment_key,
)
from .migrations import LATEST_VERSION, MIGRATIONS, Migration
from .schema import (
    UTCDateTime,
    backlog_writebacks,
    draft_blobs,
    draft_files,
    drafts,
    maturity_answers,
    maturity_assessments,
    maturity_models,
    maturity_responses,
    metadata,
    opportunities,
    opportunity_workshop_scores,
    schema_migrations,
    strategy_goals,
    workshop_items,
    workshop_participants,
    workshop_rounds,
    workshop_votes,
    workshops,
    workspace_tables,
    workspaces,
)
from .tokens import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, TOKEN_BYTES
from .validation import (
    DRAFT_FILE_MAX_BYTES,
    DRAFT_MAX_BYTES,
    DRAFT_MAX_FILES,
    FILE_NAME_MAX,
    JSON_MAX,
    KEY_MAX,
    LABEL_MAX,
    MAX_ANSWERS,
    MAX_PARTICIPANTS,
    MAX_TIMER_SECONDS,
    MAX_WORKSHOP_ITEMS,
    MODEL_JSON_MAX,
    NAME_MAX,
    ORIGINS,
    RECIPE_MAX,
    ROUND_STATES,
    TEXT_MAX,
    TIMER_GRACE_SECONDS,
    UTC,
    VIEW_STATE_MAX,
    WORKSPACE_MAX_BYTES,
)
from .votes import RESULT_COLUMNS
from .workshops import DEFAULT_CRITERIA, DOTS_CRITERION, Participant, Workshop, normalize_criteria
from .workspaces import Workspace, WorkspaceStore
from .writeback import WritebackStore

__all__ = [
    "DEFAULT_CRITERIA",
    "LATEST_VERSION",
    "MIGRATIONS",
    "DatabaseUnavailable",
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
    "StoreConfigError",
    "StoreConflict",
    "StoreError",
    "StoreFailure",
    "VoteRejected",
    "Workshop",
    "WorkshopNotFound",
    "Workspace",
    "WorkspaceNotFound",
    "WorkspaceRevoked",
    "SHARED_ASSESSMENT_PREFIX",
    "default_url",
    "describe_url",
    "fixed_to_default",
    "session_default_key",
    "shared_assessment_key",
]


class Store(BacklogStore, MaturityStore, WritebackStore, WorkspaceStore, DraftStore):
    """Thread-safe access to the CX Lens database. Create one per process and share it.

    ``Store(url=None, *, migrate=True, pool_size=None, max_overflow=None, clock=None)``: ``url``
    defaults to :func:`default_url`; the constructor applies pending migrations unless
    ``migrate=False``. Every method of every aggregate is here (see the module docstring); each
    runs in its own transaction, and any database failure is raised as a :class:`StoreError`.
    """
