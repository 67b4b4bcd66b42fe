"""The draft rules (cxlens/drafts.py): key format and validation, the expiry setting and rule,
the upload digest without the bytes, the purge schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from components.data_source import digest_of
from cxlens import drafts

NOW = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.timezone.utc)


def test_new_keys_are_accepted_and_other_values_are_not():
    key = drafts.new_key()
    assert len(key) == drafts.KEY_LENGTH and drafts.parse_key(key) == key
    assert drafts.parse_key(f"  {key} ") == key
    for bad in (None, 42, "", key[:-1], key + "x", key[:-1] + "!", key[:-1] + "é", "../" + key[3:],
                key[:-1] + "\n", ["list"]):
        assert drafts.parse_key(bad) is None, bad


def test_the_store_keeps_a_hash_of_the_key():
    key = drafts.new_key()
    assert drafts.key_hash(key) != key and len(drafts.key_hash(key)) == 64


@pytest.mark.parametrize("raw, days", [
    (None, 7.0), ("", 7.0), ("  ", 7.0), ("7", 7.0), ("14", 14.0), ("0.5", 0.5), ("0", 0.0),
    ("-3", 0.0), ("seven", 7.0), ("nan", 7.0), ("100000", 365.0),
])
def test_draft_days_setting(raw, days):
    env = {} if raw is None else {drafts.ENV_DAYS: raw}
    assert drafts.draft_days(env) == days


def test_expiry_rule():
    until = drafts.expires_at(NOW, 7)
    assert until == NOW + dt.timedelta(days=7)
    assert drafts.is_live(until, until - dt.timedelta(seconds=1))
    assert not drafts.is_live(until, until)  # at the expiry time it is gone
    with pytest.raises(ValueError, match="turned off"):
        drafts.expires_at(NOW, 0)


def test_days_text():
    assert [drafts.days_text(d) for d in (7, 1, 0.5, 1 / 24, 2.5)] == ["7 days", "1 day", "12 hours", "1 hour",
                                                                       "2.5 days"]


def test_files_digest_equals_the_upload_digest():
    payloads = (("survey.csv", b"a,b\n1,2\n"), ("more.xlsx", b"PK\x03\x04..."))
    files = [(n, drafts.file_digest(d)) for n, d in payloads]
    assert drafts.files_digest(files) == digest_of(payloads)


def test_purge_schedule():
    schedule = drafts.PurgeSchedule(every=3600)
    assert schedule.due(NOW)
    assert not schedule.due(NOW + dt.timedelta(minutes=59))
    assert schedule.due(NOW + dt.timedelta(hours=1))
