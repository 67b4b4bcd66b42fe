"""Who sees and removes maturity submissions (issue #20 finding 1), on SQLite and PostgreSQL: a rater
sees and removes only the submissions saved with their own private token, the assessment's owner all
of them; assessments shared by link have an unguessable id and only hashes are stored."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from cxlens import store as store_module
from cxlens.store import fixed_to_default, session_default_key, shared_assessment_key
from cxlens.store.errors import MaturityModelLocked
from tests.store_fixtures import *  # noqa: F403 - the db_url / store / pg_database fixtures

ANN = "ann-private-token-0123456789abcdefghijkl"
BO = "bo-private-token-0123456789abcdefghijklm"
ANSWER = [("Strategy", "We have a vision", 4)]


def _two_raters(store, key="team"):
    a = store.save_maturity_response(key, "Ann", "Ops", "2026-03-01", ANSWER, rater_token=ANN)
    b = store.save_maturity_response(key, "Bo", "IT", "2026-03-02", [("Strategy", "We have a vision", 2)],
                                     rater_token=BO)
    return a, b


def test_each_rater_sees_only_their_own_submissions_and_the_owner_sees_all(store):
    a, b = _two_raters(store)
    mine = store.maturity_submissions("team", rater_token=ANN)
    assert mine["response_id"].tolist() == [a] and mine["rater"].tolist() == ["Ann"]
    assert mine["department"].tolist() == ["Ops"] and mine["answers"].tolist() == [1] and mine["mine"].tolist() == [True]
    assert store.maturity_submissions("team", rater_token=BO)["rater"].tolist() == ["Bo"]
    assert store.maturity_submissions("team").empty  # no token: nobody's identity
    owner = store.maturity_submissions("team", manage=True)
    assert owner["rater"].tolist() == ["Ann", "Bo"] and owner["mine"].tolist() == [False, False]
    # the aggregate stays for everyone: both scores
    assert store.list_maturity_answers("team")["score"].tolist() == [4.0, 2.0]


def test_a_rater_removes_only_their_own_submission(store):
    a, b = _two_raters(store)
    with pytest.raises(PermissionError, match="Only the rater"):
        store.delete_maturity_response("team", a, rater_token=BO)  # the wrong token
    with pytest.raises(PermissionError):
        store.delete_maturity_response("team", a)  # no token at all
    # the rater's own token under another assessment's name removes nothing: the key is checked too
    assert not store.delete_maturity_response("other", a, rater_token=ANN)
    assert store.list_maturity_answers("team")["response_id"].tolist() == [a, b]
    assert store.delete_maturity_response("team", a, rater_token=ANN)
    assert not store.delete_maturity_response("team", a, rater_token=ANN)  # gone
    assert store.list_maturity_answers("team")["response_id"].tolist() == [b]
    assert store.delete_maturity_response("team", b, manage=True)  # the owner removes anyone's
    assert store.list_maturity_answers("team").empty


def test_submissions_without_a_token_are_the_owners_only(store):
    old = store.save_maturity_response("team", "Cy", "HR", "2026-01-01", ANSWER)  # as before migration 10
    assert store.maturity_submissions("team", rater_token=ANN).empty
    with pytest.raises(PermissionError):
        store.delete_maturity_response("team", old, rater_token=ANN)
    assert store.maturity_submissions("team", manage=True)["rater"].tolist() == ["Cy"]
    assert store.delete_maturity_response("team", old, manage=True)


def test_only_token_hashes_are_stored(store):
    _two_raters(store)
    aid = store.create_maturity_assessment("Board review", ANN)
    with store.engine.connect() as conn:
        hashes = conn.execute(sa.select(store_module.maturity_responses.c.rater_hash)
                              .order_by(store_module.maturity_responses.c.id)).scalars().all()
        row = conn.execute(sa.select(store_module.maturity_assessments)).one()
        dump = repr(conn.execute(sa.select(store_module.maturity_responses)).all()) + repr(row)
    assert hashes == [hashlib.sha256(ANN.encode()).hexdigest(), hashlib.sha256(BO.encode()).hexdigest()]
    assert row.owner_hash == hashlib.sha256(ANN.encode()).hexdigest()
    assert row.id_hash == hashlib.sha256(aid.encode()).hexdigest()
    assert ANN not in dump and BO not in dump and aid not in dump


def test_an_assessment_shared_by_link_has_an_unguessable_id_and_its_creator_owns_it(store):
    aid = store.create_maturity_assessment("Board review", ANN)
    other = store.create_maturity_assessment("Board review", BO)  # the same label: another assessment
    assert len(aid) == 43 and aid != other
    found = store.get_maturity_assessment(aid)
    assert found["name"] == "Board review" and found["key"] == shared_assessment_key(aid)
    assert found["key"] == "shared:" + hashlib.sha256(aid.encode()).hexdigest()
    assert store.get_maturity_assessment(other)["key"] != found["key"]
    assert store.get_maturity_assessment("Board review") is None  # a name opens nothing
    assert store.get_maturity_assessment("x" * 43) is None
    assert store.check_maturity_owner(aid, ANN) and not store.check_maturity_owner(aid, BO)
    assert store.check_maturity_owner(other, BO) and not store.check_maturity_owner(aid, None)
    with pytest.raises(ValueError, match="owner_token"):
        store.create_maturity_assessment("Short token", "abc")


def test_a_sessions_default_assessment_always_uses_the_default_model(store):
    key = session_default_key("ab" * 16)
    assert key == "default:" + "ab" * 16 and fixed_to_default(key) and fixed_to_default("default")
    assert not fixed_to_default("shared:abc") and not fixed_to_default("data:abc")
    with pytest.raises(MaturityModelLocked):
        store.set_maturity_model(key, {"dimensions": []}, fingerprint="f" * 64, name="Mine")
