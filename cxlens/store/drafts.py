"""The upload-draft aggregate: an upload's files and recipe kept privately across a reload
(rules in :mod:`cxlens.drafts`). The bytes of each distinct file are kept once, by SHA-256,
however many drafts hold it; bytes no draft uses are deleted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import drafts as draft_rules
from . import validation as limits
from .database import Database
from .errors import DraftNotFound
from .schema import draft_blobs, draft_files, drafts
from .validation import FILE_NAME_MAX, recipe_text, text_field

#: ``update_draft(recipe_json=...)`` not given: the recipe stays as it is.
_UNCHANGED: Any = object()

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
        return draft_rules.files_digest(self.files)



class DraftStore(Database):
    """Private upload drafts, opened only by whoever holds the draft key."""

    @staticmethod
    def _draft_hash(key: Any) -> str:
        parsed = draft_rules.parse_key(key)
        if parsed is None:
            raise DraftNotFound("This link does not point to a draft.")
        return draft_rules.key_hash(parsed)

    @staticmethod
    def _draft_rows(files: Any) -> list[tuple[str, str, bytes]]:
        """(name, digest, bytes) of each file, checked against the draft caps."""
        if isinstance(files, (str, bytes)) or not isinstance(files, Sequence):
            raise ValueError("files must be a sequence of (name, bytes).")
        if not files:
            raise ValueError("A draft needs at least one file.")
        if len(files) > limits.DRAFT_MAX_FILES:
            raise ValueError(f"A draft keeps at most {limits.DRAFT_MAX_FILES} files, not {len(files)}.")
        rows, total = [], 0
        for item in files:
            name, data = item
            name = text_field(name, "File name", FILE_NAME_MAX, required=True)
            if not isinstance(data, bytes):
                raise ValueError(f"File {name!r} is a {type(data).__name__}, not bytes.")
            if len(data) > limits.DRAFT_FILE_MAX_BYTES:
                raise ValueError(f"{name} is {len(data) / 1e6:.0f} MB; the upload limit is "
                                 f"{limits.DRAFT_FILE_MAX_BYTES / 1e6:.0f} MB.")
            total += len(data)
            if total > limits.DRAFT_MAX_BYTES:
                raise ValueError(f"The files are more than {limits.DRAFT_MAX_BYTES / 1e6:.0f} MB together, "
                                 "too much to keep as a draft.")
            rows.append((name, draft_rules.file_digest(data), data))
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
        if draft_rules.parse_key(key) is None:
            raise ValueError("A draft key is 43 URL-safe characters (cxlens.drafts.new_key()).")
        hashed = self._draft_hash(key)
        recipe = recipe_text(recipe_json)
        rows = self._draft_rows(files)
        now = self._now()
        expires = draft_rules.expires_at(now, days)
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
        if not draft_rules.is_live(m["expires_at"], self._now()):
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

    def update_draft(self, key: str, *, days: float, recipe_json: Any = _UNCHANGED) -> "Draft":
        """Set the draft's recipe (when given; None removes it) and keep it ``days`` from now.
        DraftNotFound when it was forgotten or has expired."""
        hashed = self._draft_hash(key)
        values: dict[str, Any] = {}
        if recipe_json is not _UNCHANGED:
            values["recipe_json"] = recipe_text(recipe_json)
        now = self._now()
        values.update(updated_at=now, expires_at=draft_rules.expires_at(now, days))
        with self._tx() as conn:
            row = self._draft_row(conn, hashed, lock=True)
            live = row is not None and draft_rules.is_live(row._mapping["expires_at"], now)
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
