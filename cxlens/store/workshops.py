"""The workshop aggregate: a live scoring session over backlog items, its rounds, the
facilitator's actions and the participants who join it. Votes and results: :mod:`.votes`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .database import Database
from .errors import StoreConflict, StoreError, WorkshopNotFound
from .schema import opportunities, workshop_items, workshop_participants, workshop_rounds, workshops
from .tokens import (
    JOIN_CODE_LENGTH,
    derive_token,
    hash_token,
    new_join_code,
    new_token,
    normalize_join_code,
    valid_token,
)
from .validation import (
    KEY_MAX,
    MAX_PARTICIPANTS,
    MAX_TIMER_SECONDS,
    MAX_WORKSHOP_ITEMS,
    NAME_MAX,
    TEXT_MAX,
    UTC,
    number_field,
    text_field,
)

#: Criteria used when create_workshop is given none: three 1-5 scores.
DEFAULT_CRITERIA: dict[str, Any] = {
    "mode": "score",
    "criteria": {
        "customer_value": {"label": "Customer value", "min": 1, "max": 5},
        "business_value": {"label": "Business value", "min": 1, "max": 5},
        "effort": {"label": "Effort", "min": 1, "max": 5},
    },
}
DOTS_CRITERION = "dots"


#: The columns a Workshop is made of (never the token hashes or the big-screen salt).
_LOADED = ("id", "name", "backlog_key", "join_code", "join_token", "criteria", "current_round", "round_state",
           "revealed", "timer_ends_at", "created_at")


@dataclass(frozen=True)
class Workshop:
    id: int
    name: str
    backlog_key: str
    join_code: str
    join_token: str
    criteria: dict
    #: (opportunity_id, name) in display order
    items: tuple[tuple[str, str], ...]
    current_round: int
    round_state: str  # 'draft' | 'open' | 'closed'
    revealed: bool
    timer_ends_at: dt.datetime | None
    created_at: dt.datetime
    #: Only set on the object returned by create_workshop: show it once, it is not stored.
    facilitator_token: str | None = field(default=None, repr=False)

    @property
    def opportunity_ids(self) -> tuple[str, ...]:
        return tuple(oid for oid, _ in self.items)

    @property
    def mode(self) -> str:
        return self.criteria["mode"]

    @property
    def dots(self) -> int | None:
        return self.criteria.get("dots")

    @property
    def criterion_names(self) -> tuple[str, ...]:
        return tuple(self.criteria["criteria"])

    def seconds_left(self, now: dt.datetime | None = None) -> float | None:
        """Seconds until the timer ends (0 once it has), None without a timer."""
        if self.timer_ends_at is None:
            return None
        now = now or dt.datetime.now(UTC)
        return max(0.0, (self.timer_ends_at - now).total_seconds())

    def accepting_votes(self, now: dt.datetime | None = None) -> bool:
        left = self.seconds_left(now)
        return self.round_state == "open" and (left is None or left > 0)


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    display_name: str | None
    joined_at: dt.datetime
    #: Only set on the object returned by join: the participant's bearer token.
    token: str | None = field(default=None, repr=False)
    #: True when join gave this device its earlier participation back (votes kept).
    rejoined: bool = False


def device_key_hash(workshop_id: int, device: str) -> str:
    """What is stored of a device key: its SHA-256 salted with the workshop, so one browser's
    participations in two workshops cannot be matched."""
    return hash_token(f"cxlens-workshop-device:{int(workshop_id)}:{device}")



def normalize_criteria(criteria: Mapping[str, Any] | None) -> dict:
    """Validate workshop criteria and return their canonical form.

    Accepted forms::

        {"mode": "dots", "dots": 5}
        {"mode": "score", "criteria": ["impact", "effort"], "min": 1, "max": 5}
        {"mode": "score", "criteria": {"impact": {"label": "Impact", "min": 1, "max": 10}}}

    Canonical form: ``{"mode", "criteria": {name: {"label", "min", "max"}}}`` plus ``"dots"`` in
    dots mode, where the single criterion is ``"dots"`` with values 0..dots.
    """
    if criteria is None:
        criteria = DEFAULT_CRITERIA
    if not isinstance(criteria, Mapping):
        raise ValueError("criteria must be a dict such as {'mode': 'dots', 'dots': 5}.")
    mode = criteria.get("mode", "score")
    if mode == "dots":
        dots = criteria.get("dots")
        if isinstance(dots, bool) or not isinstance(dots, (int, np.integer)) or not 1 <= int(dots) <= 100:
            raise ValueError("Dots mode needs 'dots': a whole number from 1 to 100.")
        label = text_field(criteria.get("label", "Dots"), "criteria label", NAME_MAX) or "Dots"
        return {
            "mode": "dots",
            "dots": int(dots),
            "criteria": {DOTS_CRITERION: {"label": label, "min": 0, "max": int(dots)}},
        }
    if mode != "score":
        raise ValueError(f"criteria mode must be 'score' or 'dots', not {mode!r}.")
    default_min = number_field(criteria.get("min", 1), "criteria min")
    default_max = number_field(criteria.get("max", 5), "criteria max")
    raw = criteria.get("criteria")
    if isinstance(raw, (list, tuple)):
        raw = {name: {} for name in raw}
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError("Score mode needs 'criteria': a list of names or a dict name -> {label, min, max}.")
    if len(raw) > 10:
        raise ValueError("A workshop can score at most 10 criteria.")
    out: dict[str, dict] = {}
    for name, spec in raw.items():
        name = text_field(name, "criterion name", NAME_MAX, required=True)
        if name == DOTS_CRITERION:
            raise ValueError("'dots' is reserved for dots mode; pick another criterion name.")
        spec = dict(spec or {})
        lo = number_field(spec.get("min", default_min), f"{name} min")
        hi = number_field(spec.get("max", default_max), f"{name} max")
        if lo is None or hi is None or lo >= hi:
            raise ValueError(f"Criterion {name!r} needs min < max.")
        label = text_field(spec.get("label", name), f"{name} label", NAME_MAX) or name
        entry = {"label": label, "min": lo, "max": hi}
        if spec.get("help") is not None:
            entry["help"] = text_field(spec["help"], f"{name} help", TEXT_MAX)
        out[name] = entry
    return {"mode": "score", "criteria": out}


class WorkshopStore(Database):
    """Workshops: set-up, the facilitator's actions and the participants."""

    def create_workshop(
        self,
        name: str,
        backlog_key: str,
        opportunity_ids: Sequence[str],
        criteria: Mapping[str, Any] | None = None,
    ) -> Workshop:
        """Create a workshop over backlog items. The returned object carries the facilitator
        token, which is not stored (only its SHA-256): show it once, keep it in the session."""
        name = text_field(name, "Workshop name", NAME_MAX, required=True)
        key = text_field(backlog_key, "backlog_key", KEY_MAX, required=True)
        crit = normalize_criteria(criteria)
        ids = list(dict.fromkeys(str(o) for o in opportunity_ids))
        if not ids:
            raise ValueError("Pick at least one opportunity for the workshop.")
        if len(ids) > MAX_WORKSHOP_ITEMS:
            raise ValueError(f"A workshop holds at most {MAX_WORKSHOP_ITEMS} opportunities.")
        facilitator_token = new_token()
        for _attempt in range(20):
            code, join_token, now = new_join_code(), new_token(), self._now()
            try:
                with self._tx() as conn:
                    names = dict(
                        conn.execute(
                            sa.select(opportunities.c.opportunity_id, opportunities.c.name).where(
                                opportunities.c.backlog_key == key, opportunities.c.opportunity_id.in_(ids)
                            )
                        ).all()
                    )
                    missing = [o for o in ids if o not in names]
                    if missing:
                        raise ValueError(f"Not in this backlog: {', '.join(missing[:5])}.")
                    wid = conn.execute(
                        workshops.insert()
                        .values(
                            name=name,
                            backlog_key=key,
                            join_code=code,
                            join_token=join_token,
                            facilitator_token_hash=hash_token(facilitator_token),
                            criteria=crit,
                            current_round=1,
                            round_state="draft",
                            revealed=False,
                            timer_ends_at=None,
                            created_at=now,
                            updated_at=now,
                        )
                        .returning(workshops.c.id)
                    ).scalar_one()
                    conn.execute(
                        workshop_items.insert(),
                        [dict(workshop_id=wid, opportunity_id=o, position=i, name=names[o]) for i, o in enumerate(ids)],
                    )
                    conn.execute(workshop_rounds.insert().values(workshop_id=wid, round=1))
                    workshop = self._load_workshop(conn, wid)
            except StoreConflict:
                continue  # join code (or token) collision (the database's unique index): draw again
            return dataclasses.replace(workshop, facilitator_token=facilitator_token)
        raise StoreError("Could not allocate a unique join code; try again.")

    def _load_workshop(self, conn: Connection, workshop_id: int, *, lock: str | None = None) -> Workshop:
        query = sa.select(*(workshops.c[name] for name in _LOADED)).where(workshops.c.id == workshop_id)
        if lock:
            query = self._locked(query, read=(lock == "share"))
        row = conn.execute(query).first()
        if row is None:
            raise WorkshopNotFound(f"Workshop {workshop_id} does not exist.")
        items = conn.execute(
            sa.select(workshop_items.c.opportunity_id, workshop_items.c.name)
            .where(workshop_items.c.workshop_id == workshop_id)
            .order_by(workshop_items.c.position)
        ).all()
        m = row._mapping
        return Workshop(
            id=m["id"],
            name=m["name"],
            backlog_key=m["backlog_key"],
            join_code=m["join_code"],
            join_token=m["join_token"],
            criteria=m["criteria"],
            items=tuple((i[0], i[1]) for i in items),
            current_round=m["current_round"],
            round_state=m["round_state"],
            revealed=bool(m["revealed"]),
            timer_ends_at=m["timer_ends_at"],
            created_at=m["created_at"],
        )

    def get_workshop(self, workshop_id: int) -> Workshop:
        with self._tx(write=False) as conn:
            return self._load_workshop(conn, workshop_id)

    def get_workshop_by_join(self, token_or_code: str) -> Workshop | None:
        """The workshop a join link token or a typed join code (any case, dashes/spaces ignored)
        belongs to, or None."""
        if not isinstance(token_or_code, str) or not token_or_code.strip() or len(token_or_code) > 200:
            return None
        text = token_or_code.strip()
        code = normalize_join_code(text)
        if len(code) == JOIN_CODE_LENGTH:
            cond = workshops.c.join_code == code
        else:
            cond = workshops.c.join_token == text
        with self._tx(write=False) as conn:
            wid = conn.execute(sa.select(workshops.c.id).where(cond)).scalar()
            return None if wid is None else self._load_workshop(conn, wid)

    def get_workshop_by_screen(self, token: str) -> Workshop | None:
        """The workshop a big-screen link's token belongs to, or None. Only that token opens the
        big screen: a join code or join token does not (issue #20 finding 4)."""
        if not valid_token(token):
            return None
        with self._tx(write=False) as conn:
            wid = conn.execute(
                sa.select(workshops.c.id).where(workshops.c.screen_token_hash == hash_token(token))
            ).scalar()
            return None if wid is None else self._load_workshop(conn, wid)

    def screen_token(self, workshop_id: int, facilitator_token: str, *, renew: bool = False) -> str:
        """The big-screen link's token, for the facilitator only (PermissionError otherwise).

        It is derived from the facilitator token and the workshop's stored salt, so the facilitator
        view shows the same link every time while the database keeps only its hash. A workshop gets
        one here on first use (the facilitator view asks at once); ``renew=True`` draws a new salt, so the
        previous big-screen link stops working at once."""
        with self._tx() as conn:
            self._require_facilitator(conn, workshop_id, facilitator_token)
            row = conn.execute(
                sa.select(workshops.c.screen_salt, workshops.c.screen_token_hash).where(workshops.c.id == workshop_id)
            ).one()
            if not renew and row[0] is not None and row[1] is not None:
                return derive_token(facilitator_token, row[0])
            salt = new_token()
            token = derive_token(facilitator_token, salt)
            self._update_workshop(conn, workshop_id, screen_salt=salt, screen_token_hash=hash_token(token))
            return token

    def list_workshops(self, backlog_key: str) -> pd.DataFrame:
        w, p = workshops, workshop_participants
        participants = sa.select(sa.func.count()).where(p.c.workshop_id == w.c.id).scalar_subquery()
        cols = ["id", "name", "join_code", "current_round", "round_state", "created_at", "participants"]
        with self._tx(write=False) as conn:
            rows = conn.execute(
                sa.select(
                    w.c.id, w.c.name, w.c.join_code, w.c.current_round, w.c.round_state, w.c.created_at, participants
                )
                .where(w.c.backlog_key == backlog_key)
                .order_by(w.c.id.desc())
            ).all()
        df = pd.DataFrame([tuple(r) for r in rows], columns=cols)
        df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
        return df

    def check_facilitator(self, workshop_id: int, token: str) -> bool:
        """True if ``token`` is this workshop's facilitator token (constant-time hash compare)."""
        if not valid_token(token):
            return False
        with self._tx(write=False) as conn:
            stored = conn.execute(
                sa.select(workshops.c.facilitator_token_hash).where(workshops.c.id == workshop_id)
            ).scalar()
        return stored is not None and hmac.compare_digest(hash_token(token), stored)

    def _require_facilitator(self, conn: Connection, workshop_id: int, token: str) -> Workshop:
        """Lock the workshop row and check the facilitator token; PermissionError otherwise."""
        row = conn.execute(
            self._locked(sa.select(workshops.c.facilitator_token_hash).where(workshops.c.id == workshop_id))
        ).first()
        if row is None:
            raise WorkshopNotFound(f"Workshop {workshop_id} does not exist.")
        if not valid_token(token) or not hmac.compare_digest(hash_token(token), row[0]):
            raise PermissionError("Only the workshop's facilitator can do this.")
        return self._load_workshop(conn, workshop_id)

    # -- workshops: facilitator actions -------------------------------------------------------

    def _update_workshop(self, conn: Connection, workshop_id: int, **values: Any) -> None:
        conn.execute(workshops.update().where(workshops.c.id == workshop_id).values(**values, updated_at=self._now()))

    def _ensure_round_row(self, conn: Connection, workshop_id: int, round: int) -> None:
        stmt = self._insert(workshop_rounds).values(workshop_id=workshop_id, round=round)
        conn.execute(stmt.on_conflict_do_nothing(index_elements=["workshop_id", "round"]))

    def open_round(self, workshop_id: int, facilitator_token: str) -> Workshop:
        """Start (or re-open) voting in the current round."""
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            now = self._now()
            self._update_workshop(conn, w.id, round_state="open")
            self._ensure_round_row(conn, w.id, w.current_round)
            r = workshop_rounds
            conn.execute(
                r.update()
                .where(r.c.workshop_id == w.id, r.c.round == w.current_round)
                .values(opened_at=sa.func.coalesce(r.c.opened_at, now), closed_at=None)
            )
            return self._load_workshop(conn, w.id)

    def close_round(self, workshop_id: int, facilitator_token: str) -> Workshop:
        """Stop voting in the current round (votes are kept; open_round re-opens it)."""
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            now = self._now()
            self._update_workshop(conn, w.id, round_state="closed", timer_ends_at=None)
            self._ensure_round_row(conn, w.id, w.current_round)
            r = workshop_rounds
            conn.execute(r.update().where(r.c.workshop_id == w.id, r.c.round == w.current_round).values(closed_at=now))
            return self._load_workshop(conn, w.id)

    def reset_round(self, workshop_id: int, facilitator_token: str, *, open: bool = True) -> Workshop:
        """Start a new round (number + 1) with an empty board; earlier votes stay as history.

        The new round is open for voting unless ``open=False`` (then 'draft'); results are hidden
        again and the timer is cleared.
        """
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            now = self._now()
            r = workshop_rounds
            self._ensure_round_row(conn, w.id, w.current_round)
            conn.execute(
                r.update()
                .where(r.c.workshop_id == w.id, r.c.round == w.current_round)
                .values(reset_at=now, closed_at=sa.func.coalesce(r.c.closed_at, now))
            )
            new_round = w.current_round + 1
            self._update_workshop(
                conn,
                w.id,
                current_round=new_round,
                round_state="open" if open else "draft",
                revealed=False,
                timer_ends_at=None,
            )
            conn.execute(r.insert().values(workshop_id=w.id, round=new_round, opened_at=now if open else None))
            return self._load_workshop(conn, w.id)

    def set_revealed(self, workshop_id: int, facilitator_token: str, revealed: bool) -> Workshop:
        """Show (True) or hide (False) the results on participants' screens."""
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            self._update_workshop(conn, w.id, revealed=bool(revealed))
            return self._load_workshop(conn, w.id)

    def set_timer(self, workshop_id: int, facilitator_token: str, seconds: float | None) -> Workshop:
        """Votes are accepted until now + ``seconds`` (plus a 2 s grace); None removes the timer."""
        if seconds is not None:
            seconds = number_field(seconds, "Timer seconds")
            if seconds is None or not 0 < seconds <= MAX_TIMER_SECONDS:
                raise ValueError(f"Timer must be between 1 second and {MAX_TIMER_SECONDS // 3600} hours.")
        with self._tx() as conn:
            w = self._require_facilitator(conn, workshop_id, facilitator_token)
            ends = None if seconds is None else self._now() + dt.timedelta(seconds=seconds)
            self._update_workshop(conn, w.id, timer_ends_at=ends)
            return self._load_workshop(conn, w.id)

    def delete_workshop(self, workshop_id: int, facilitator_token: str) -> None:
        """Delete a workshop with its participants and votes (backlog score history is kept)."""
        with self._tx() as conn:
            self._require_facilitator(conn, workshop_id, facilitator_token)
            conn.execute(workshops.delete().where(workshops.c.id == workshop_id))

    # -- workshops: participants ---------------------------------------------------------------

    def join(self, workshop_id: int, display_name: str | None = None, *, device: str | None = None) -> Participant:
        """Add a participant; the returned object carries their token (only its hash is stored).

        ``device`` is a secret key of the browser joining (components/workshop_participant.py): one
        participation per device and workshop. A device that joined before gets its participation
        back (votes kept) under a new token, so the old personal link stops working and the device
        never counts twice. Only the key's hash, salted with the workshop id, is stored."""
        display_name = text_field(display_name, "Display name", NAME_MAX)
        token = new_token()
        device_hash = device_key_hash(workshop_id, device) if valid_token(device) else None
        p = workshop_participants
        with self._tx() as conn:
            self._load_workshop(conn, workshop_id, lock="share")
            now = self._now()
            if device_hash is not None:
                row = conn.execute(
                    self._locked(sa.select(p.c.id, p.c.display_name, p.c.joined_at).where(
                        p.c.workshop_id == workshop_id, p.c.device_hash == device_hash))
                ).first()
                if row is not None:
                    name = display_name if display_name is not None else row[1]
                    conn.execute(p.update().where(p.c.id == row[0]).values(token_hash=hash_token(token),
                                                                            display_name=name))
                    return Participant(id=row[0], workshop_id=workshop_id, display_name=name, joined_at=row[2],
                                       token=token, rejoined=True)
            count = conn.execute(sa.select(sa.func.count()).where(p.c.workshop_id == workshop_id)).scalar_one()
            if count >= MAX_PARTICIPANTS:
                raise StoreError(f"This workshop is full ({MAX_PARTICIPANTS} participants).")
            values = dict(workshop_id=workshop_id, display_name=display_name, token_hash=hash_token(token),
                          joined_at=now)
            if device_hash is not None:  # named only when given: a database before migration 11 lacks it
                values["device_hash"] = device_hash
            pid = conn.execute(p.insert().values(**values).returning(p.c.id)).scalar_one()
        return Participant(id=pid, workshop_id=workshop_id, display_name=display_name, joined_at=now, token=token)

    def remove_participant(self, workshop_id: int, facilitator_token: str, participant_id: int) -> bool:
        """Remove one participation with all its votes (a duplicate, say); facilitator only. False if it
        was not in this workshop."""
        p = workshop_participants
        with self._tx() as conn:
            self._require_facilitator(conn, workshop_id, facilitator_token)
            gone = conn.execute(p.delete().where(p.c.workshop_id == workshop_id, p.c.id == int(participant_id)))
            return gone.rowcount > 0

    def participant_by_token(self, workshop_id: int, token: str) -> Participant | None:
        if not valid_token(token):
            return None
        p = workshop_participants
        with self._tx(write=False) as conn:
            row = conn.execute(
                sa.select(p.c.id, p.c.workshop_id, p.c.display_name, p.c.joined_at).where(
                    p.c.token_hash == hash_token(token), p.c.workshop_id == workshop_id
                )
            ).first()
        return None if row is None else Participant(*row)

    def list_participants(self, workshop_id: int) -> pd.DataFrame:
        p = workshop_participants
        with self._tx(write=False) as conn:
            rows = conn.execute(
                sa.select(p.c.id, p.c.display_name, p.c.joined_at, p.c.device_hash.is_not(None))
                .where(p.c.workshop_id == workshop_id)
                .order_by(p.c.id)
            ).all()
        # device_known: joined from a recognised device (one participation per device); False: joined
        # before migration 11 or from a browser that gave no device key, so possibly a duplicate.
        df = pd.DataFrame([tuple(r) for r in rows],
                          columns=["participant_id", "display_name", "joined_at", "device_known"])
        df["device_known"] = df["device_known"].astype(bool)
        df["joined_at"] = pd.to_datetime(df["joined_at"], utc=True)
        return df

    def _participant_id(self, conn: Connection, workshop_id: int, token: str) -> int:
        p = workshop_participants
        if not valid_token(token):
            raise PermissionError("Unknown participant: join the workshop again.")
        pid = conn.execute(
            self._locked(sa.select(p.c.id).where(p.c.token_hash == hash_token(token), p.c.workshop_id == workshop_id))
        ).scalar()
        if pid is None:
            raise PermissionError("Unknown participant: join the workshop again.")
        return pid
