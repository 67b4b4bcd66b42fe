"""Votes in a workshop and the results computed from them: each participant's scores or dots per
round, round results (n, mean, median, spread, progress) and the history of every round."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .errors import DotsBudgetExceeded, NotInWorkshop, RoundClosed, VoteRejected
from .schema import workshop_participants, workshop_rounds, workshop_votes
from .tokens import hash_token, valid_token
from .validation import TIMER_GRACE_SECONDS, number_field
from .workshops import Workshop, WorkshopStore

#: Columns of :meth:`VoteStore.round_results`, in order.
RESULT_COLUMNS = ["round", "opportunity_id", "name", "criterion", "n", "mean", "median", "std", "min", "max",
                  "spread", "total", "participant_count", "voter_count", "progress"]  # fmt: skip


class VoteStore(WorkshopStore):
    """Participants' votes and the results of each round."""

    _RESULT_COLUMNS = RESULT_COLUMNS

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
            _check_round_open(w, self._now)
            item_ids = set(w.opportunity_ids)
            now = self._now()
            upserts: list[dict] = []
            removals: list[tuple[str, str]] = []
            for (oid, criterion), raw in items:
                value = _vote_value(w, item_ids, oid, criterion, raw)
                if value is None:
                    removals.append((oid, criterion))
                    continue
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
            self._store_votes(conn, w, pid, upserts, removals)

    def _store_votes(
        self, conn: Connection, w: Workshop, pid: int, upserts: list[dict], removals: list[tuple[str, str]]
    ) -> None:
        """Withdraw ``removals`` and upsert ``upserts`` of participant ``pid`` in the current round;
        DotsBudgetExceeded (rolling the whole call back) when more dots than allowed are spent."""
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
            if valid_token(participant_token):
                pid = conn.execute(
                    sa.select(p.c.id).where(
                        p.c.token_hash == hash_token(participant_token), p.c.workshop_id == workshop_id
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
        return results_frame(w, rnd, votes, participants)

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
            frame = results_frame(w, rnd, [x[1:] for x in votes if x[0] == rnd], participants)
            opened, closed, reset = times.get(rnd, (None, None, None))
            frame["opened_at"] = pd.Timestamp(opened) if opened else pd.NaT
            frame["closed_at"] = pd.Timestamp(closed) if closed else pd.NaT
            frame["reset_at"] = pd.Timestamp(reset) if reset else pd.NaT
            frames.append(frame)
        df = pd.concat(frames, ignore_index=True)
        for col in ("opened_at", "closed_at", "reset_at"):
            df[col] = pd.to_datetime(df[col], utc=True)
        return df


def results_frame(w: Workshop, rnd: int, votes: Sequence[Sequence[Any]], participants: int) -> pd.DataFrame:
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
    df = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    df["n"] = df["n"].astype("int64")
    df.attrs.update(round=rnd, mode=w.mode, participant_count=participants, voter_count=voters, progress=progress)
    return df


def _check_round_open(w: Workshop, clock: Callable[[], dt.datetime]) -> None:
    """RoundClosed unless the round is open and its timer (plus the grace) has not run out."""
    if w.round_state != "open":
        raise RoundClosed(
            "Voting has not started yet." if w.round_state == "draft" else "This round is closed."
        )
    left = w.seconds_left(clock() - dt.timedelta(seconds=TIMER_GRACE_SECONDS))
    if left is not None and left <= 0:
        raise RoundClosed("Time is up for this round.")


def _vote_value(w: Workshop, item_ids: set[str], oid: str, criterion: str, raw: Any) -> float | None:
    """The value to store for one vote, None to withdraw it (no value, or no dots); NotInWorkshop
    or VoteRejected when the item, criterion or value does not fit the workshop."""
    crit = w.criteria["criteria"]
    if oid not in item_ids:
        raise NotInWorkshop(f"{oid!r} is not one of this workshop's opportunities.")
    if criterion not in crit:
        raise NotInWorkshop(f"{criterion!r} is not one of this workshop's criteria.")
    if raw is None:
        return None
    try:
        value = number_field(raw, crit[criterion]["label"])
    except ValueError as err:
        raise VoteRejected(str(err)) from None
    if value is None:
        return None
    lo, hi = crit[criterion]["min"], crit[criterion]["max"]
    if w.mode == "dots":
        if value != int(value) or value < 0:
            raise VoteRejected("Dots are whole numbers of 0 or more.")
        if value == 0:  # no dots on an item = no vote
            return None
    elif not lo <= value <= hi:
        raise VoteRejected(f"{crit[criterion]['label']} must be between {lo:g} and {hi:g}.")
    return value
