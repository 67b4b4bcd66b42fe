"""The workshop big-screen token (issue #20 finding 4): its own unguessable token, only its hash in
the database, never the join code or join token; the facilitator gets it (again) and can renew it."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from cxlens.store import Store
from cxlens.store.tokens import derive_token
from tests.store_fixtures import *  # noqa: F403 - the db_url / store / pg_database fixtures
from tests.store_fixtures import BACKLOG, seed_backlog


def _stored(store: Store, workshop_id: int) -> dict:
    with store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM workshops WHERE id = :i"), {"i": workshop_id}).mappings().one()
    return dict(row)


def test_derive_token_by_hand():
    # HMAC-SHA256("salt", key "secret"), urlsafe base64 without padding (checked with openssl dgst -hmac)
    assert derive_token("secret", "salt") == "hoVxX2132GWCjsm3bNMpI-Ooszpn2oRRM-IEMU9rsQs"
    assert len(derive_token("a" * 43, "b" * 43)) == 43
    assert derive_token("a" * 43, "b" * 43) != derive_token("a" * 43, "c" * 43)


def test_screen_token_opens_only_its_workshop_and_is_stored_hashed(store):
    ids = seed_backlog(store, 3)
    w1 = store.create_workshop("One", BACKLOG, ids)
    w2 = store.create_workshop("Two", BACKLOG, ids)
    assert _stored(store, w1.id)["screen_token_hash"] is None  # made on the facilitator's first view
    t1 = store.screen_token(w1.id, w1.facilitator_token)
    t2 = store.screen_token(w2.id, w2.facilitator_token)
    assert len(t1) == 43 and t1 != t2
    assert store.screen_token(w1.id, w1.facilitator_token) == t1  # the same link every time
    assert store.get_workshop_by_screen(t1).id == w1.id
    assert store.get_workshop_by_screen(t2).id == w2.id
    row = _stored(store, w1.id)
    assert row["screen_token_hash"] == hashlib.sha256(t1.encode()).hexdigest()
    assert t1 not in {str(v) for v in row.values()}  # only its hash and the salt, never the token
    assert derive_token(w1.facilitator_token, row["screen_salt"]) == t1


def test_join_code_and_join_token_do_not_open_the_screen(store):
    ids = seed_backlog(store, 2)
    w = store.create_workshop("W", BACKLOG, ids)
    store.screen_token(w.id, w.facilitator_token)
    for wrong in (w.join_code, w.join_code.lower(), w.join_token, w.facilitator_token, "", "x" * 300, None, 7):
        assert store.get_workshop_by_screen(wrong) is None, wrong
    p = store.join(w.id, "Ann")
    assert store.get_workshop_by_screen(p.token) is None


def test_only_the_facilitator_gets_or_renews_the_screen_token(store):
    ids = seed_backlog(store, 2)
    w = store.create_workshop("W", BACKLOG, ids)
    p = store.join(w.id)
    for wrong in (w.join_token, w.join_code, p.token, "f" * 43):
        with pytest.raises(PermissionError):
            store.screen_token(w.id, wrong)
        with pytest.raises(PermissionError):
            store.screen_token(w.id, wrong, renew=True)
    old = store.screen_token(w.id, w.facilitator_token)
    new = store.screen_token(w.id, w.facilitator_token, renew=True)
    assert new != old
    assert store.get_workshop_by_screen(old) is None  # the previous link stops at once
    assert store.get_workshop_by_screen(new).id == w.id
    assert store.screen_token(w.id, w.facilitator_token) == new


# -- one participation per device -------------------------------------------------------------


def test_a_device_that_joins_again_gets_its_participation_back(store):
    ids = seed_backlog(store, 2)
    w = store.create_workshop("W", BACKLOG, ids, {"mode": "score", "criteria": ["impact"], "min": 1, "max": 5})
    store.open_round(w.id, w.facilitator_token)
    phone, laptop = "p" * 43, "l" * 43
    ann = store.join(w.id, "Ann", device=phone)
    store.cast_vote(w.id, ann.token, ids[0], "impact", 4)
    again = store.join(w.id, None, device=phone)  # the same phone, a new tab without the personal link
    assert again.id == ann.id and again.rejoined and not ann.rejoined
    assert again.display_name == "Ann" and again.token != ann.token
    assert store.participant_by_token(w.id, ann.token) is None  # the old personal link stops
    assert store.my_votes(w.id, again.token) == {ids[0]: {"impact": 4.0}}  # votes kept
    bo = store.join(w.id, "Bo", device=laptop)
    store.join(w.id, "Anonymous tab")  # no device key: a participation of its own
    people = store.list_participants(w.id)
    assert people["participant_id"].tolist() == [ann.id, bo.id, bo.id + 1]
    assert people["device_known"].tolist() == [True, True, False]
    assert store.round_results(w.id).attrs["participant_count"] == 3
    with store.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT device_hash FROM workshop_participants ORDER BY id")).scalars().all()
    assert phone not in str(stored) and stored[0] == hashlib.sha256(
        f"cxlens-workshop-device:{w.id}:{phone}".encode()).hexdigest()
    # the same device in another workshop is another participation (hashes salted by workshop)
    other = store.create_workshop("Other", BACKLOG, ids)
    assert store.join(other.id, device=phone).rejoined is False


def test_the_facilitator_removes_a_duplicate_with_its_votes(store):
    ids = seed_backlog(store, 2)
    w = store.create_workshop("W", BACKLOG, ids, {"mode": "score", "criteria": ["impact"], "min": 1, "max": 5})
    store.open_round(w.id, w.facilitator_token)
    first, twice = store.join(w.id, "Ann"), store.join(w.id, "Ann")
    for p, v in ((first, 2), (twice, 2)):
        store.cast_vote(w.id, p.token, ids[0], "impact", v)
    with pytest.raises(PermissionError):
        store.remove_participant(w.id, first.token, twice.id)
    assert store.remove_participant(w.id, w.facilitator_token, twice.id)
    assert not store.remove_participant(w.id, w.facilitator_token, twice.id)
    assert store.list_participants(w.id)["participant_id"].tolist() == [first.id]
    results = store.round_results(w.id).set_index("opportunity_id")
    assert results.loc[ids[0], "n"] == 1  # the duplicate's vote went with it
    other = store.create_workshop("Other", BACKLOG, ids)
    assert not store.remove_participant(other.id, other.facilitator_token, first.id)  # not its participant
    assert store.list_participants(w.id)["participant_id"].tolist() == [first.id]
