"""Workshop results kept in the backlog: the score history per opportunity, and write-backs of a
round's averages into the opportunities' scores (undoable)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .errors import NotFound
from .schema import backlog_writebacks, opportunities, opportunity_workshop_scores, workshops
from .validation import KEY_MAX, LABEL_MAX, NAME_MAX, date_field, number_field, same_value, text_field
from .votes import VoteStore


class WritebackStore(VoteStore):
    """A workshop's results written into its backlog (facilitator only for whole rounds)."""

    #: The scores a workshop write-back sets (score mode): the room's value -> both values, effort -> effort.
    _WRITEBACK_FIELDS = ("customer_value", "business_value", "effort", "score_source")

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
        key = text_field(backlog_key, "backlog_key", KEY_MAX, required=True)
        oid = text_field(opportunity_id, "opportunity_id", NAME_MAX, required=True)
        scored_on = date_field(date, "date") if date is not None else self._now().date()
        if not isinstance(scores, Mapping) or not scores:
            raise ValueError("scores must be a non-empty dict criterion -> value.")
        name = conn.execute(sa.select(workshops.c.name).where(workshops.c.id == workshop_id)).scalar()
        now = self._now()
        rows = []
        for criterion, raw in scores.items():
            spec = raw if isinstance(raw, Mapping) else {"value": raw}
            n = number_field(spec.get("n"), "n")
            rows.append(
                dict(
                    backlog_key=key,
                    opportunity_id=oid,
                    workshop_id=int(workshop_id),
                    workshop_name=name,
                    round=int(round),
                    criterion=text_field(criterion, "criterion", NAME_MAX, required=True),
                    value=number_field(spec.get("value"), str(criterion)),
                    n=None if n is None else int(n),
                    spread=number_field(spec.get("spread"), "spread"),
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
        from ..workshop import anonymise, writeback_scores, writeback_source  # lazy: the module needs plotly

        results = anonymise(self.round_results(workshop_id, round))
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            stat = "total" if w.criteria["mode"] == "dots" else "mean"
            rnd = int(results.attrs["round"])
            scored_on = date_field(date, "date") if date is not None else self._now().date()
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
        after = {f: (number_field(v, f) if f != "score_source" else text_field(v, "Score source", LABEL_MAX))
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
                        if same_value(getattr(current, f), change["after"][f])}
                if back:
                    conn.execute(o.update().where(o.c.id == current.id).values(**back, updated_at=self._now()))
                    restored += 1
                else:
                    kept += 1
            conn.execute(t.update().where(t.c.id == int(writeback_id)).values(undone_at=self._now()))
            return restored, kept
