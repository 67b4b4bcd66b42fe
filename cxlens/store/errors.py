"""The store's errors. ``str(err)`` is always a sentence a user can read and act on.

Database failures (SQLAlchemy and driver errors) never leave the store as such: the transaction
helper (:meth:`cxlens.store.database.Database._tx`) turns each into one of the classes below with
:func:`from_database_error`, keeping the original as ``__cause__`` for logs. Code outside
``cxlens/store`` therefore catches :class:`StoreError` and never imports SQLAlchemy.
"""

from __future__ import annotations

import sqlalchemy as sa


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


class StoreConfigError(StoreError, ValueError):
    """The database address or driver cannot be used (a typo in the URL, an unsupported
    database, a driver that is not installed)."""


class DatabaseUnavailable(StoreError):
    """The database cannot be reached or is too busy to answer now; trying again later may work."""


class StoreConflict(StoreError):
    """The change clashes with what is stored (a name or key already taken, a row removed meanwhile)."""


class StoreFailure(StoreError):
    """The database refused the request for another reason (a value it cannot hold, a schema
    that does not match this version of CX Lens)."""


def _first_line(err: BaseException) -> str:
    """The driver's own message (first line), without SQLAlchemy's statement and parameters."""
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err).strip()
    return text.splitlines()[0].strip() if text else type(err).__name__


def from_database_error(err: BaseException) -> StoreError:
    """The :class:`StoreError` that says what a SQLAlchemy error means for the user.

    The caller raises it ``from err`` so the original stays available as ``__cause__``."""
    reason = _first_line(err)
    if isinstance(err, sa.exc.IntegrityError):
        return StoreConflict(
            "This name is already taken, or what it refers to was changed or deleted meanwhile: "
            f"reload and try again ({reason})."
        )
    if isinstance(err, (sa.exc.ArgumentError, sa.exc.NoSuchModuleError)):
        return StoreConfigError(f"The database address cannot be used: {reason}.")
    if isinstance(err, sa.exc.TimeoutError):
        return DatabaseUnavailable(f"The database is too busy to answer now; try again in a moment ({reason}).")
    if isinstance(err, sa.exc.OperationalError):
        lowered = reason.lower()
        if "locked" in lowered or "busy" in lowered:
            return DatabaseUnavailable(f"The database is busy; try again in a moment ({reason}).")
        if "no such table" in lowered or "no such column" in lowered or "has no column" in lowered:
            return StoreFailure(f"The database's tables do not match this version of CX Lens: {reason}")
        if "readonly" in lowered or "read-only" in lowered:
            return StoreFailure(f"The database cannot be written (it is read-only): {reason}")
    if isinstance(err, (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError)):
        return DatabaseUnavailable(f"The database is not reachable: {reason}")
    if isinstance(err, sa.exc.DataError):
        return StoreFailure(f"The database cannot store this value: {reason}")
    return StoreFailure(f"The database could not complete the request: {reason}")
