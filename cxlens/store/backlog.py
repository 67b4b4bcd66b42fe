"""The backlog aggregate: opportunities and strategy goals, per backlog key (a dataset or workspace)."""

from __future__ import annotations

import secrets
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .database import Database
from .schema import opportunities, strategy_goals
from .validation import (
    JSON_MAX,
    KEY_MAX,
    LABEL_MAX,
    NAME_MAX,
    ORIGINS,
    TEXT_MAX,
    is_missing,
    json_field,
    number_field,
    text_field,
)


class BacklogStore(Database):
    """Opportunities (the improvement backlog) and the strategy goals they serve."""

    _OPPORTUNITY_FIELDS = (
        "opportunity_id", "name", "touchpoint", "stage", "customer_value", "business_value", "effort",
        "confidence", "reach", "cost", "owner", "goal", "status", "origin", "evidence", "goals",
        "created_at", "updated_at", "updated_by", "time_criticality", "risk_reduction", "score_source",
    )  # fmt: skip
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
            out["name"] = text_field(rec["name"], "Opportunity name", LABEL_MAX, required=True)
        for key in ("touchpoint", "stage", "goal"):
            if key in rec:
                out[key] = text_field(rec[key], key.capitalize(), LABEL_MAX)
        if "score_source" in rec:
            out["score_source"] = text_field(rec["score_source"], "Score source", LABEL_MAX)
        for key in ("owner", "status", "updated_by"):
            if key in rec:
                out[key] = text_field(rec[key], key.replace("_", " ").capitalize(), NAME_MAX)
        for key in self._NUMBER_FIELDS:
            if key in rec:
                out[key] = number_field(rec[key], key)
        if "origin" in rec:
            origin = rec["origin"] if not is_missing(rec["origin"]) else "app"
            if origin not in ORIGINS:
                raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}.")
            out["origin"] = origin
        if "evidence" in rec:
            out["evidence"] = json_field(rec["evidence"], "Evidence", JSON_MAX)
        if "goals" in rec:
            goals = rec["goals"]
            if isinstance(goals, str):
                goals = [goals]
            if isinstance(goals, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
                goals = [text_field(g, "Goal", LABEL_MAX, required=True) for g in list(goals)]
            elif is_missing(goals):
                goals = None
            else:
                raise ValueError("goals must be a list of goal names or ids.")
            out["goals"] = json_field(goals, "Goals", JSON_MAX)
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
        key = text_field(backlog_key, "backlog_key", KEY_MAX, required=True)
        values = self._opportunity_values(record, strict=strict)
        values.pop("created_at", None)
        values.pop("updated_at", None)
        oid = text_field(record.get("opportunity_id"), "opportunity_id", NAME_MAX) or f"opp-{secrets.token_hex(6)}"
        if updated_by is not None:
            values["updated_by"] = text_field(updated_by, "Updated by", NAME_MAX)
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
        key = text_field(backlog_key, "backlog_key", KEY_MAX, required=True)
        rec = dict(record)
        unknown = sorted(k for k in rec if k not in self._GOAL_FIELDS)
        if unknown:
            raise ValueError(f"Unknown goal field(s): {', '.join(map(str, unknown))}.")
        values: dict[str, Any] = {}
        if "name" in rec:
            values["name"] = text_field(rec["name"], "Goal name", LABEL_MAX, required=True)
        if "description" in rec:
            values["description"] = text_field(rec["description"], "Goal description", TEXT_MAX)
        for k in ("metric", "target"):
            if k in rec:
                values[k] = text_field(rec[k], k.capitalize(), LABEL_MAX)
        if "owner" in rec:
            values["owner"] = text_field(rec["owner"], "Owner", NAME_MAX)
        if "kind" in rec:
            values["kind"] = text_field(rec["kind"], "Goal kind", NAME_MAX)
        if "removed" in rec:
            values["removed"] = bool(rec["removed"]) if not is_missing(rec["removed"]) else None
        if "weight" in rec:
            values["weight"] = number_field(rec["weight"], "weight")
        if "position" in rec:
            pos = number_field(rec["position"], "position")
            values["position"] = None if pos is None else int(pos)
        if updated_by is not None or "updated_by" in rec:
            values["updated_by"] = text_field(
                updated_by if updated_by is not None else rec["updated_by"], "Updated by", NAME_MAX
            )
        gid = text_field(rec.get("goal_id"), "goal_id", NAME_MAX) or f"goal-{secrets.token_hex(6)}"
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
