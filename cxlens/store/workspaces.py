"""The workspace aggregate: imported data saved as Parquet tables with its recipe and view, opened
read-only by whoever holds the share link; changed, re-linked or revoked by its owner only."""

from __future__ import annotations

import datetime as dt
import hmac
import io
from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .database import Database
from .errors import WorkspaceNotFound, WorkspaceRevoked
from .schema import workspace_tables, workspaces
from .tokens import hash_token, new_token, valid_token
from .validation import NAME_MAX, VIEW_STATE_MAX, WORKSPACE_MAX_BYTES, json_field, recipe_text, text_field


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



class WorkspaceStore(Database):
    """Shared workspaces: the tables, recipe and view state behind a share link."""

    def _encode_tables(self, tables: Mapping[str, pd.DataFrame]) -> list[dict]:
        if not isinstance(tables, Mapping):
            raise ValueError("tables must be a dict name -> DataFrame.")
        rows, total = [], 0
        for i, (name, frame) in enumerate(tables.items()):
            name = text_field(name, "Table name", NAME_MAX, required=True)
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
        title = text_field(title, "Title", NAME_MAX, required=True)
        owner = text_field(owner, "Owner", NAME_MAX, required=True)
        recipe = recipe_text(recipe_json)
        view = json_field(dict(view_state or {}), "View state", VIEW_STATE_MAX)
        rows = self._encode_tables(tables)
        token = new_token()
        now = self._now()
        with self._tx() as conn:
            wid = conn.execute(
                workspaces.insert()
                .values(
                    token_hash=hash_token(token),
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
        if not valid_token(token):
            raise WorkspaceNotFound("This link does not point to a workspace.")
        with self._tx(write=False) as conn:
            row = conn.execute(sa.select(workspaces).where(workspaces.c.token_hash == hash_token(token))).first()
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
        if not valid_token(token):
            raise WorkspaceNotFound("This link does not point to a workspace.")
        w = workspaces
        with self._tx(write=False) as conn:
            row = conn.execute(
                sa.select(w.c.id, w.c.title, w.c.owner, w.c.recipe_json, w.c.view_state, w.c.created_at,
                          w.c.updated_at, w.c.revoked_at).where(w.c.token_hash == hash_token(token))
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
        recipe = recipe_text(recipe_json)
        rows = self._encode_tables(tables)
        values: dict[str, Any] = {"recipe_json": recipe, "updated_at": self._now()}
        if view_state is not None:
            values["view_state"] = json_field(dict(view_state), "View state", VIEW_STATE_MAX)
        with self._tx() as conn:
            self._require_owner(conn, workspace_id, owner)
            conn.execute(workspace_tables.delete().where(workspace_tables.c.workspace_id == workspace_id))
            if rows:
                conn.execute(workspace_tables.insert(), [{**r, "workspace_id": workspace_id} for r in rows])
            conn.execute(workspaces.update().where(workspaces.c.id == workspace_id).values(**values))

    def update_view_state(self, workspace_id: int, owner: str, view_state: Mapping[str, Any]) -> None:
        view = json_field(dict(view_state), "View state", VIEW_STATE_MAX)
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
        token = new_token()
        with self._tx() as conn:
            self._require_owner(conn, workspace_id, owner)
            conn.execute(
                workspaces.update()
                .where(workspaces.c.id == workspace_id)
                .values(token_hash=hash_token(token), updated_at=self._now())
            )
        return token

    def rename_workspace(self, workspace_id: int, owner: str, title: str) -> None:
        title = text_field(title, "Title", NAME_MAX, required=True)
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
