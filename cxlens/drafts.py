"""Private upload drafts: the rules, without the database or the UI.

A *draft* keeps the user's current upload (file names and bytes) and its import recipe in the
app database, so a browser reload, a closed tab reopened from history or a server restart brings
the user back to the same data and corrections. Its key sits in the URL (``?draft=<key>``) like a
workspace's ``ws``, but it is private to whoever holds the link: it is never put in a share link
(cxlens/workspace.py PRIVATE_PARAMS), never listed, and the store keeps only its SHA-256.

The rules here are pure and tested (tests/test_drafts.py); the store (cxlens/store/drafts.py) keeps the
rows, components/draft_view.py decides when to save, restore and forget.

* **Key**: 32 random bytes, urlsafe base64 (43 characters, :func:`new_key`). A URL value is used
  only when :func:`parse_key` accepts it.
* **Expiry**: a draft lives :func:`draft_days` days (``CXLENS_DRAFT_DAYS``, default 7) after it was
  last saved, corrected or reopened (:func:`expires_at`); an expired draft is never opened and is
  deleted when met, and at most every :data:`PURGE_EVERY_SECONDS` by :class:`PurgeSchedule`.
  ``CXLENS_DRAFT_DAYS=0`` turns drafts off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import threading
from typing import Iterable, Mapping

#: The query parameter that carries a draft's key.
PARAM = "draft"
#: Random bytes in a key: 256 bits, like workspace links.
KEY_BYTES = 32
KEY_LENGTH = 43  # len(secrets.token_urlsafe(32))
_KEY = re.compile(r"[A-Za-z0-9_-]{%d}" % KEY_LENGTH)

ENV_DAYS = "CXLENS_DRAFT_DAYS"
DEFAULT_DAYS = 7.0
#: The longest a draft may be kept (a typo of 7000 would otherwise keep uploads for decades).
MAX_DAYS = 365.0
#: How often a server deletes the expired drafts of everyone (besides deleting one when it is met).
PURGE_EVERY_SECONDS = 3600.0


def new_key() -> str:
    """A fresh, unguessable draft key (urlsafe, 43 characters)."""
    return secrets.token_urlsafe(KEY_BYTES)


def parse_key(raw: object) -> str | None:
    """The draft key in a URL value, or None when it is not one (wrong length or characters, not text).

    Checked before any database lookup, like ``id_param`` for ids and the length check of ``ws``.
    """
    if not isinstance(raw, str):
        return None
    value = raw.strip()
    return value if _KEY.fullmatch(value) else None


def key_hash(key: str) -> str:
    """What the store keeps instead of the key: its SHA-256 (so the database cannot give links away)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def draft_days(env: Mapping[str, str] | None = None) -> float:
    """Days a draft is kept, from ``CXLENS_DRAFT_DAYS``: a number in 0..365 (0 = no drafts).

    Unset, empty or not a number: the default (7). Negative: 0. Over 365: 365.
    """
    raw = (os.environ if env is None else env).get(ENV_DAYS, "")
    raw = raw.strip() if isinstance(raw, str) else ""
    if not raw:
        return DEFAULT_DAYS
    try:
        days = float(raw)
    except ValueError:
        return DEFAULT_DAYS
    if days != days:  # NaN
        return DEFAULT_DAYS
    return min(max(days, 0.0), MAX_DAYS)


def expires_at(now: dt.datetime, days: float) -> dt.datetime:
    """When a draft saved, corrected or reopened at ``now`` expires."""
    if days <= 0:
        raise ValueError("Drafts are turned off (CXLENS_DRAFT_DAYS=0): nothing can be kept.")
    return now + dt.timedelta(days=min(days, MAX_DAYS))


def is_live(expires: dt.datetime, now: dt.datetime) -> bool:
    """A draft can be opened strictly before its expiry time."""
    return now < expires


def days_text(days: float) -> str:
    """'7 days', '1 day', '12 hours' for the sidebar line."""
    if days < 1:
        hours = max(1, round(days * 24))
        return f"{hours} hour" + ("" if hours == 1 else "s")
    whole = round(days) if abs(days - round(days)) < 1e-9 else None
    if whole is not None:
        return f"{whole} day" + ("" if whole == 1 else "s")
    return f"{days:g} days"


def file_digest(data: bytes) -> str:
    """SHA-256 of one file's bytes (hex): how the store deduplicates the bytes of drafts."""
    return hashlib.sha256(data).hexdigest()


def files_digest(files: Iterable[tuple[str, str]]) -> str:
    """The digest of a set of uploaded files from their (name, :func:`file_digest`) pairs.

    Equal to components/data_source.digest_of over the same (name, bytes), so a draft reopened
    without its bytes finds the parsed dataset (and the backlog) of the upload it was made from.
    """
    h = hashlib.sha256()
    for name, digest in files:
        h.update(name.encode("utf-8", "replace") + b"\x00")
        h.update(bytes.fromhex(digest))
    return h.hexdigest()


class PurgeSchedule:
    """Says when the periodic purge is due: once at the start, then every ``every`` seconds (thread-safe)."""

    def __init__(self, every: float = PURGE_EVERY_SECONDS):
        self.every = every
        self._last: dt.datetime | None = None
        self._lock = threading.Lock()

    def due(self, now: dt.datetime) -> bool:
        with self._lock:
            if self._last is not None and (now - self._last).total_seconds() < self.every:
                return False
            self._last = now
            return True
