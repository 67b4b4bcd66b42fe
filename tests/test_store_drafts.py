"""Private upload drafts in the store (migration 9), on SQLite and PostgreSQL: save, open, update,
expire, forget, purge; bytes kept once per distinct file; the key itself never stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
import sqlalchemy as sa

from cxlens import drafts
from cxlens import store as store_module
from cxlens.store import validation as store_limits  # where the draft caps are read
from cxlens.store import DRAFT_FILE_MAX_BYTES, DRAFT_MAX_FILES, DraftNotFound, Store
from tests.store_fixtures import *  # noqa: F403 - the db_url / store / pg_database fixtures

CSV = b"Touchpoint,Stage,CSAT\nCheckout,Purchase,2\nHelp,Support,4\n"
OTHER = b"Touchpoint,Stage,CSAT\nLogin,Onboarding,5\n"
RECIPE = '{"version": 1, "stage_map": {"Checkout": "Buy"}}'


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clocked(db_url):
    clock = Clock()
    with Store(db_url, clock=clock) as s:
        yield s, clock


def _all_text(s: Store) -> str:
    with s.engine.connect() as conn:
        rows = [r for t in ("drafts", "draft_files") for r in conn.execute(sa.text(f"SELECT * FROM {t}"))]
    return "\n".join(repr(tuple(r)) for r in rows)


def test_save_then_open_and_peek(store):
    key = drafts.new_key()
    saved = store.save_draft(key, [("survey.csv", CSV), ("more.csv", OTHER)], RECIPE, days=7)
    assert saved.files == (("survey.csv", hashlib.sha256(CSV).hexdigest()),
                           ("more.csv", hashlib.sha256(OTHER).hexdigest()))
    assert saved.expires_at - saved.updated_at == dt.timedelta(days=7)

    opened = store.open_draft(key)
    assert opened.payloads == (("survey.csv", CSV), ("more.csv", OTHER))
    assert opened.recipe_json == RECIPE and opened.files == saved.files
    assert opened.expires_at.tzinfo == dt.timezone.utc
    peeked = store.peek_draft(key)
    assert peeked.payloads == () and peeked.files == saved.files and peeked.digest == opened.digest
    # the key is not stored, only its SHA-256
    text = _all_text(store)
    assert key not in text and drafts.key_hash(key) in text


def test_a_new_store_on_the_same_database_opens_the_draft(db_url):
    key = drafts.new_key()
    with Store(db_url) as s:
        s.save_draft(key, [("survey.csv", CSV)], RECIPE, days=7)
    with Store(db_url) as again:  # a server restart
        assert again.open_draft(key).payloads == (("survey.csv", CSV),)


def test_wrong_keys_open_nothing(store):
    key = drafts.new_key()
    store.save_draft(key, [("survey.csv", CSV)], None, days=7)
    for wrong in (drafts.new_key(), key[:-1], key + "A", "", None, "x" * 43 + "!", 42):
        with pytest.raises(DraftNotFound):
            store.open_draft(wrong)
        assert store.delete_draft(wrong) is False
    with pytest.raises(ValueError, match="43 URL-safe"):
        store.save_draft("short", [("a.csv", CSV)], None, days=7)


def test_update_sets_the_recipe_and_keeps_it_longer(clocked):
    s, clock = clocked
    key = drafts.new_key()
    s.save_draft(key, [("survey.csv", CSV)], None, days=7)
    clock.advance(days=6)
    updated = s.update_draft(key, days=7, recipe_json=RECIPE)
    assert updated.recipe_json == RECIPE and updated.expires_at == clock.now + dt.timedelta(days=7)
    clock.advance(days=6)  # 12 days after saving, 6 after the correction: still there
    assert s.open_draft(key).recipe_json == RECIPE
    touched = s.update_draft(key, days=7)  # reopening keeps the recipe
    assert touched.recipe_json == RECIPE
    assert s.update_draft(key, days=7, recipe_json=None).recipe_json is None


def test_expired_drafts_are_not_opened_and_are_deleted_when_met(clocked):
    s, clock = clocked
    key, other = drafts.new_key(), drafts.new_key()
    s.save_draft(key, [("survey.csv", CSV)], RECIPE, days=7)
    s.save_draft(other, [("other.csv", OTHER)], None, days=1)
    clock.advance(days=7)  # exactly at expiry: gone
    with pytest.raises(DraftNotFound):
        s.peek_draft(key)
    with pytest.raises(DraftNotFound):
        s.update_draft(key, days=7, recipe_json=None)
    assert s.draft_stats() == {"drafts": 1, "blobs": 1, "bytes": len(OTHER)}  # `key` deleted on access
    with pytest.raises(DraftNotFound):
        s.open_draft(other)
    assert s.draft_stats() == {"drafts": 0, "blobs": 0, "bytes": 0}


def test_purge_deletes_expired_drafts_and_their_bytes_only(clocked):
    s, clock = clocked
    short, long_, shared = drafts.new_key(), drafts.new_key(), drafts.new_key()
    s.save_draft(short, [("a.csv", CSV), ("b.csv", OTHER)], None, days=1)
    s.save_draft(shared, [("same-bytes.csv", CSV)], None, days=30)
    s.save_draft(long_, [("c.csv", b"x,y\n1,2\n")], None, days=30)
    clock.advance(days=2)
    assert s.purge_drafts() == 1
    assert s.draft_stats() == {"drafts": 2, "blobs": 2, "bytes": len(CSV) + 8}  # OTHER's bytes went with `short`
    assert s.open_draft(shared).payloads == (("same-bytes.csv", CSV),)
    assert s.purge_drafts() == 0
    clock.advance(days=30)
    assert s.purge_drafts() == 2 and s.draft_stats() == {"drafts": 0, "blobs": 0, "bytes": 0}


def test_delete_forgets_the_draft_and_its_bytes(store):
    key, other = drafts.new_key(), drafts.new_key()
    store.save_draft(key, [("survey.csv", CSV), ("more.csv", OTHER)], RECIPE, days=7)
    store.save_draft(other, [("copy.csv", CSV)], None, days=7)
    assert store.delete_draft(key) is True
    with pytest.raises(DraftNotFound):
        store.open_draft(key)
    assert store.delete_draft(key) is False
    # CSV is still held by the other draft; OTHER is gone
    assert store.draft_stats() == {"drafts": 1, "blobs": 1, "bytes": len(CSV)}
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(store_module.draft_files)).scalar_one() == 1


def test_the_same_bytes_are_stored_once(store):
    keys = [drafts.new_key() for _ in range(3)]
    for i, key in enumerate(keys):
        store.save_draft(key, [(f"upload-{i}.csv", CSV), ("again.csv", CSV)], None, days=7)
    assert store.draft_stats() == {"drafts": 3, "blobs": 1, "bytes": len(CSV)}
    assert store.open_draft(keys[1]).payloads == (("upload-1.csv", CSV), ("again.csv", CSV))


def test_saving_again_replaces_the_files_and_recipe(store):
    key = drafts.new_key()
    store.save_draft(key, [("survey.csv", CSV)], RECIPE, days=7)
    store.save_draft(key, [("other.csv", OTHER)], None, days=7)
    d = store.open_draft(key)
    assert d.payloads == (("other.csv", OTHER),) and d.recipe_json is None
    assert store.draft_stats() == {"drafts": 1, "blobs": 1, "bytes": len(OTHER)}


def test_caps(store, monkeypatch):
    key = drafts.new_key()
    with pytest.raises(ValueError, match="at least one file"):
        store.save_draft(key, [], None, days=7)
    with pytest.raises(ValueError, match=f"at most {DRAFT_MAX_FILES} files"):
        store.save_draft(key, [(f"f{i}.csv", CSV) for i in range(DRAFT_MAX_FILES + 1)], None, days=7)
    with pytest.raises(ValueError, match="File name is 256"):
        store.save_draft(key, [("n" * 256, CSV)], None, days=7)
    monkeypatch.setattr(store_limits, "DRAFT_FILE_MAX_BYTES", 10)
    with pytest.raises(ValueError, match="upload limit"):
        store.save_draft(key, [("big.csv", CSV)], None, days=7)
    monkeypatch.setattr(store_limits, "DRAFT_FILE_MAX_BYTES", DRAFT_FILE_MAX_BYTES)
    monkeypatch.setattr(store_limits, "DRAFT_MAX_BYTES", len(CSV) + 1)
    with pytest.raises(ValueError, match="together"):
        store.save_draft(key, [("a.csv", CSV), ("b.csv", CSV)], None, days=7)
    with pytest.raises(ValueError, match="turned off"):
        store.save_draft(key, [("a.csv", CSV)], None, days=0)
    assert store.draft_stats()["drafts"] == 0


def test_keys_are_unguessable_tokens():
    keys = {drafts.new_key() for _ in range(100)}
    assert len(keys) == 100 and all(re.fullmatch(r"[A-Za-z0-9_-]{43}", k) for k in keys)
