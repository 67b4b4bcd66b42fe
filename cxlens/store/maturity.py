"""The maturity aggregate: raters' questionnaire answers per assessment, and an assessment's
custom maturity model (fixed from its first submission on)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any, Mapping, Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..maturity import DEFAULT_ASSESSMENT, model_fixed_to_default
from .database import Database
from .errors import MaturityModelChanged, MaturityModelLocked
from .schema import maturity_answers, maturity_assessments, maturity_models, maturity_responses
from .tokens import hash_token, new_token, valid_token
from .validation import (
    KEY_MAX,
    LABEL_MAX,
    MAX_ANSWERS,
    MODEL_JSON_MAX,
    NAME_MAX,
    TEXT_MAX,
    date_field,
    json_field,
    number_field,
    text_field,
)


#: Store-key prefix of an assessment shared by link (followed by the SHA-256 of its id).
SHARED_ASSESSMENT_PREFIX = "shared:"


def shared_assessment_key(assessment_id: str) -> str:
    """The store key of the assessment shared by link ``assessment_id`` (never the id itself)."""
    return SHARED_ASSESSMENT_PREFIX + hash_token(assessment_id)


def session_default_key(scope: str) -> str:
    """The store key of the app's default assessment as one browser session (or signed-in user) sees it on
    the sample data: ``scope`` is a hash of its private token, so nobody else's answers show there."""
    return f"{DEFAULT_ASSESSMENT}:{scope}"


def fixed_to_default(assessment_key: str) -> bool:
    """True for the app's default assessment, shared (``default``) or a session's own: always the default model."""
    key = str(assessment_key).strip()
    return model_fixed_to_default(key) or key.startswith(DEFAULT_ASSESSMENT + ":")


def _token_hash(token: str | None, field: str) -> str:
    if not valid_token(token):
        raise ValueError(f"{field} must be a private token of 16 to 200 characters.")
    return hash_token(token)


class MaturityStore(Database):
    """Maturity questionnaire submissions and custom models, per assessment key."""

    def save_maturity_response(
        self,
        assessment_key: str,
        rater: str | None,
        department: str | None,
        answered_on: dt.date | dt.datetime | str,
        answers: Sequence[tuple[str, str, float | None]] | Sequence[Mapping[str, Any]],
        *,
        model_fingerprint: str | None = None,
        rater_token: str | None = None,
    ) -> int:
        """Store one rater's submission atomically; return its response_id.

        ``answers`` are ``(dimension, statement, score)`` tuples (or dicts with those keys,
        ``question`` accepted for ``statement``). A score may be None ("don't know").
        ``model_fingerprint``: the fingerprint of the custom model the rater answered, or ``""``
        for the default model; when given and the assessment's model is no longer that one,
        nothing is stored and :class:`MaturityModelChanged` is raised.
        ``rater_token``: the rater's private token; only its SHA-256 is stored, and only that token
        (or the assessment's owner) sees the submission's name, department and date and removes it
        (:meth:`maturity_submissions`, :meth:`delete_maturity_response`).
        """
        key = text_field(assessment_key, "assessment_key", KEY_MAX, required=True)
        rater = text_field(rater, "Rater", NAME_MAX)
        department = text_field(department, "Department", NAME_MAX)
        answered_on = date_field(answered_on, "answered_on")
        owned = {} if rater_token is None else {"rater_hash": _token_hash(rater_token, "rater_token")}
        answers = list(answers)
        if not answers:
            raise ValueError("A maturity response needs at least one answer.")
        if len(answers) > MAX_ANSWERS:
            raise ValueError(f"A maturity response holds at most {MAX_ANSWERS:,} answers.")
        rows = []
        for i, answer in enumerate(answers):
            if isinstance(answer, Mapping):
                dimension = answer.get("dimension")
                statement = answer.get("statement", answer.get("question"))
                score = answer.get("score")
            else:
                try:
                    dimension, statement, score = answer
                except (TypeError, ValueError):
                    raise ValueError(f"Answer {i + 1} must be (dimension, statement, score).") from None
            rows.append(
                dict(
                    position=i,
                    dimension=text_field(dimension, f"Answer {i + 1} dimension", LABEL_MAX, required=True),
                    statement=text_field(statement, f"Answer {i + 1} statement", TEXT_MAX, required=True),
                    score=number_field(score, f"Answer {i + 1} score"),
                )
            )
        with self._tx() as conn:
            self._maturity_lock(conn, key)
            if model_fingerprint is not None:
                current = conn.execute(
                    sa.select(maturity_models.c.fingerprint).where(maturity_models.c.assessment_key == key)
                ).scalar()
                if (current or "") != model_fingerprint:
                    raise MaturityModelChanged(
                        "The maturity model of this assessment was changed while you were answering, so your "
                        "answers were not saved. The questionnaire now shows the new statements: please answer again."
                    )
            response_id = conn.execute(
                maturity_responses.insert()
                .values(
                    assessment_key=key,
                    rater=rater,
                    department=department,
                    answered_on=answered_on,
                    created_at=self._now(),
                    **owned,
                )
                .returning(maturity_responses.c.id)
            ).scalar_one()
            conn.execute(maturity_answers.insert(), [{**r, "response_id": response_id} for r in rows])
        return response_id

    def list_maturity_answers(self, assessment_key: str) -> pd.DataFrame:
        """Answers in the canonical maturity columns (rater, department, date, dimension, question,
        score) plus response_id; one row per answer."""
        r, a = maturity_responses, maturity_answers
        with self._tx(write=False) as conn:
            rows = conn.execute(
                sa.select(r.c.rater, r.c.department, r.c.answered_on, a.c.dimension, a.c.statement, a.c.score, r.c.id)
                .join(a, a.c.response_id == r.c.id)
                .where(r.c.assessment_key == assessment_key)
                .order_by(r.c.id, a.c.position)
            ).all()
        df = pd.DataFrame(
            [tuple(x) for x in rows],
            columns=["rater", "department", "date", "dimension", "question", "score", "response_id"],
        )
        df["rater"] = df["rater"].astype("str")
        df["department"] = df["department"].astype("category")
        df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
        df["dimension"] = df["dimension"].astype("category")
        df["question"] = df["question"].astype("str")
        df["score"] = df["score"].astype("float64")
        df["response_id"] = df["response_id"].astype("Int64")
        return df

    def maturity_submissions(
        self, assessment_key: str, *, rater_token: str | None = None, manage: bool = False
    ) -> pd.DataFrame:
        """The submissions whose identity this caller may see: ``response_id, rater, department, date,
        answers, mine``, oldest first. ``manage=True`` (the assessment's owner, decided by the caller:
        :meth:`check_maturity_owner` for an assessment shared by link) sees all of them; otherwise only
        those saved with ``rater_token``. Without either, none."""
        r, a = maturity_responses, maturity_answers
        mine_hash = _token_hash(rater_token, "rater_token") if rater_token is not None else None
        query = (
            sa.select(r.c.id, r.c.rater, r.c.department, r.c.answered_on, sa.func.count(a.c.id), r.c.rater_hash)
            .join(a, a.c.response_id == r.c.id)
            .where(r.c.assessment_key == assessment_key)
            .group_by(r.c.id, r.c.rater, r.c.department, r.c.answered_on, r.c.rater_hash)
            .order_by(r.c.id)
        )
        if not manage:
            if mine_hash is None:
                query = query.where(sa.false())
            else:
                query = query.where(r.c.rater_hash == mine_hash)
        with self._tx(write=False) as conn:
            rows = conn.execute(query).all()
        df = pd.DataFrame(
            [(x[0], x[1], x[2], x[3], x[4], mine_hash is not None and x[5] == mine_hash) for x in rows],
            columns=["response_id", "rater", "department", "date", "answers", "mine"],
        )
        df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
        return df.astype({"response_id": "Int64", "answers": "int64", "mine": "bool"})

    def delete_maturity_response(
        self, assessment_key: str, response_id: int, *, rater_token: str | None = None, manage: bool = False
    ) -> bool:
        """Remove one submission; True if it was there. Only its rater (``rater_token``, the token it was
        saved with) or the assessment's owner (``manage=True``, decided by the caller) may: anyone else
        gets :class:`PermissionError`, and a submission saved without a token is the owner's only."""
        r = maturity_responses
        where = [r.c.assessment_key == assessment_key, r.c.id == int(response_id)]
        if not manage:
            if rater_token is None:
                raise PermissionError("Only the rater who gave a submission, or the assessment's owner, can "
                                      "remove it.")
            where.append(r.c.rater_hash == _token_hash(rater_token, "rater_token"))
        with self._tx() as conn:
            if conn.execute(r.delete().where(*where)).rowcount > 0:
                return True
            exists = conn.execute(sa.select(r.c.id).where(*where[:2])).first()
        if exists is not None:
            raise PermissionError("Only the rater who gave this submission, or the assessment's owner, can "
                                  "remove it.")
        return False

    def create_maturity_assessment(self, name: str, owner_token: str) -> str:
        """A new assessment shared by link: returns its id (256 bits, for the link; only its SHA-256 is
        stored, in the store key :func:`shared_assessment_key`). ``name`` is only its label (two
        assessments may have the same one); ``owner_token`` (the creator's private token) manages it."""
        values = dict(
            name=text_field(name, "Assessment name", NAME_MAX, required=True),
            owner_hash=_token_hash(owner_token, "owner_token"),
            created_at=self._now(),
        )
        assessment_id = new_token()
        with self._tx() as conn:
            conn.execute(maturity_assessments.insert().values(id_hash=hash_token(assessment_id), **values))
        return assessment_id

    def get_maturity_assessment(self, assessment_id: str) -> dict | None:
        """``{"key", "name", "created_at"}`` of the assessment shared by link with this id, or None (also for
        a value that is not an id: it is never looked up)."""
        if not valid_token(assessment_id):
            return None
        m = maturity_assessments
        with self._tx(write=False) as conn:
            row = conn.execute(
                sa.select(m.c.name, m.c.created_at).where(m.c.id_hash == hash_token(assessment_id))
            ).first()
        if row is None:
            return None
        return {"key": shared_assessment_key(assessment_id), "name": row.name, "created_at": row.created_at}

    def check_maturity_owner(self, assessment_id: str, owner_token: str | None) -> bool:
        """Whether ``owner_token`` is the token that created the assessment shared by link ``assessment_id``."""
        if not valid_token(assessment_id) or not valid_token(owner_token):
            return False
        m = maturity_assessments
        with self._tx(write=False) as conn:
            stored = conn.execute(
                sa.select(m.c.owner_hash).where(m.c.id_hash == hash_token(assessment_id))
            ).scalar()
        return stored is not None and hmac.compare_digest(stored, hash_token(owner_token))

    def _maturity_lock(self, conn: Connection, assessment_key: str) -> None:
        """Serialize model changes and submissions of one assessment (SQLite writers already are)."""
        if self.dialect == "postgresql":
            lock_id = int.from_bytes(hashlib.sha256(f"maturity:{assessment_key}".encode()).digest()[:8], "big",
                                     signed=True)
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_id)))

    def get_maturity_model(self, assessment_key: str) -> dict | None:
        """The assessment's custom maturity model as stored: ``{"model": <dict>, "name", "fingerprint",
        "updated_at", "updated_by"}``; None when the assessment uses the default model."""
        m = maturity_models
        with self._tx(write=False) as conn:
            row = conn.execute(
                sa.select(m.c.model, m.c.name, m.c.fingerprint, m.c.updated_at, m.c.updated_by).where(
                    m.c.assessment_key == assessment_key
                )
            ).first()
        return None if row is None else dict(row._mapping)

    def _refuse_model_change(self, conn: Connection, key: str) -> None:
        n = conn.execute(
            sa.select(sa.func.count()).select_from(maturity_responses).where(maturity_responses.c.assessment_key == key)
        ).scalar_one()
        if n:
            raise MaturityModelLocked(
                f"The assessment '{key}' already has {n} submission{'s' if n != 1 else ''} answered with its current "
                "model, so the model can no longer be changed (answers to one set of statements must not be scored "
                "against another). Start a new assessment name for the new model."
            )

    def set_maturity_model(
        self,
        assessment_key: str,
        model: Mapping[str, Any],
        *,
        fingerprint: str,
        name: str,
        updated_by: str | None = None,
    ) -> None:
        """Make ``model`` (a JSON-able mapping, e.g. ``cxlens.maturity.model_to_dict``) the assessment's model.

        Refused with :class:`MaturityModelLocked` once the assessment has stored answers: the model
        is fixed from the first submission on; and always for the app's default assessment
        (``cxlens.maturity.DEFAULT_ASSESSMENT``), whose model is the default model for everyone.
        """
        key = text_field(assessment_key, "assessment_key", KEY_MAX, required=True)
        if fixed_to_default(key):
            raise MaturityModelLocked(
                f"The app's default assessment '{key}' always uses the default model, for everyone using the "
                "app; a custom model belongs to an assessment of its own. Use your data's own assessment or "
                "type another assessment name."
            )
        values = dict(
            name=text_field(name, "Model name", LABEL_MAX, required=True),
            fingerprint=text_field(fingerprint, "Model fingerprint", 64, required=True),
            model=json_field(model, "Maturity model", MODEL_JSON_MAX),
            updated_at=self._now(),
            updated_by=text_field(updated_by, "Updated by", NAME_MAX),
        )
        if not isinstance(values["model"], dict):
            raise ValueError("Maturity model must be a mapping.")
        with self._tx() as conn:
            self._maturity_lock(conn, key)
            self._refuse_model_change(conn, key)
            stmt = self._insert(maturity_models).values(assessment_key=key, **values)
            conn.execute(stmt.on_conflict_do_update(index_elements=["assessment_key"], set_=values))

    def clear_maturity_model(self, assessment_key: str) -> bool:
        """Back to the default model; True if a custom model was removed. Refused with
        :class:`MaturityModelLocked` once the assessment has stored answers."""
        with self._tx() as conn:
            self._maturity_lock(conn, assessment_key)
            exists = conn.execute(
                sa.select(maturity_models.c.assessment_key).where(maturity_models.c.assessment_key == assessment_key)
            ).first()
            if exists is None:
                return False
            self._refuse_model_change(conn, assessment_key)
            conn.execute(maturity_models.delete().where(maturity_models.c.assessment_key == assessment_key))
            return True

