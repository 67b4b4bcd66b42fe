"""Saved workspaces: the Dataset <-> tables round trip, share links and the store's cheap check,
computed by hand on small cases (store tests run on SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

import cxlens
from cxlens import workspace as cw
from cxlens.store import WorkspaceNotFound, WorkspaceRevoked
from tests.store_fixtures import db_url, pg_database, store  # noqa: F401  (fixtures)

from .conftest import ROOT


def _through_parquet(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = {}
    for name, frame in tables.items():
        buf = io.BytesIO()
        frame.to_parquet(buf, engine="pyarrow")
        out[name] = pd.read_parquet(io.BytesIO(buf.getvalue()), engine="pyarrow")
    return out


def test_sample_dataset_survives_the_round_trip_exactly(sample_dataset):
    ds = sample_dataset
    back = cw.dataset_from_tables(_through_parquet(cw.dataset_tables(ds)), ds.recipe.to_json())
    for name in cw.TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(back, name), getattr(ds, name), check_like=False)
    # what the pages rely on: ordered stages, segments and metrics, the recipe
    assert back.stages == ds.stages and back.segment_columns == ds.segment_columns and back.metrics == ds.metrics
    assert back.recipe.to_json() == ds.recipe.to_json()


def test_non_text_objects_become_json_text_and_missing_tables_are_empty():
    ds = cxlens.load(b"Touchpoint,CSAT\nCheckout,4\nLogin,2\n", filename="t.csv")
    ds.sources["extra_columns"] = [["Column 4", "Column 5"]]
    tables = cw.dataset_tables(ds)
    assert tables["sources"]["extra_columns"].tolist() == ['["Column 4", "Column 5"]']
    assert ds.sources["extra_columns"].tolist() == [["Column 4", "Column 5"]]  # the Dataset itself is untouched
    back = cw.dataset_from_tables({"feedback": tables["feedback"]}, None)
    assert back.feedback["csat"].tolist() == [4.0, 2.0]
    assert back.opportunities.empty and "opportunity" in back.opportunities.columns
    assert back.problems.empty and "problem" in back.problems.columns


def test_share_url_carries_page_and_view_but_never_secrets():
    view = cw.view_state("journey_heatmap", {"metric": ["nps"], "persona": ["Busy", "Family & kids"],
                                             "ws": ["old"], "owner": ["s3cret"], "f": ["facilitator"], "p": ["x"]})
    assert view == {"page": "journey_heatmap", "params": {"metric": ["nps"], "persona": ["Busy", "Family & kids"]}}
    url = cw.share_url("https://cx.example.org/lens/", "TOKEN-1", view)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "cx.example.org", "/lens/journey_heatmap")
    assert parse_qs(parts.query) == {"ws": ["TOKEN-1"], "metric": ["nps"], "persona": ["Busy", "Family & kids"]}
    assert parts.query.startswith("ws=TOKEN-1&")  # the token first: a truncated paste still opens the data
    assert cw.share_url("http://h:8501", "T", None) == "http://h:8501/?ws=T"
    assert "owner" not in cw.share_url("http://h", "T", {"page": "", "params": {"owner": "s"}})


def test_peek_workspace_is_cheap_and_follows_changes(store):
    wid, token = store.save_workspace("Q3", "key:abc", None, {"feedback": pd.DataFrame({"csat": [4.0]})},
                                      {"page": "overview", "params": {}, "backlog_key": "d1"})
    peek = store.peek_workspace(token)
    assert (peek.id, peek.title, peek.owner, peek.tables) == (wid, "Q3", "key:abc", {})
    assert peek.view_state["backlog_key"] == "d1"
    store.rename_workspace(wid, "key:abc", "Q3 review")
    again = store.peek_workspace(token)
    assert again.title == "Q3 review" and again.updated_at > peek.updated_at
    with pytest.raises(PermissionError):
        store.revoke_workspace(wid, "key:someone-else")
    store.revoke_workspace(wid, "key:abc")
    with pytest.raises(WorkspaceRevoked):
        store.peek_workspace(token)
    with pytest.raises(WorkspaceNotFound):
        store.peek_workspace("A" * 43)


def test_allowed_accounts_match_whole_domains_and_addresses():
    from components.auth import is_allowed

    assert is_allowed("ana@example.org", [], []) is True  # no list: any signed-in account
    assert is_allowed(None, [], []) is False
    assert is_allowed("Ana@Example.org", ["example.org"], []) is True  # case does not matter
    assert is_allowed("ana@example.org", ["example.org"], []) is True
    assert is_allowed("eve@evil-example.org", ["example.org"], []) is False
    assert is_allowed("eve@sub.example.org", ["example.org"], []) is False
    assert is_allowed("eve@example.org.evil.com", ["example.org"], []) is False
    assert is_allowed("consultant@partner.com", ["example.org"], ["consultant@partner.com"]) is True
    assert is_allowed("not-an-address", ["example.org"], []) is False


def test_reissued_link_replaces_the_old_one_for_the_owner_only(store):
    wid, old = store.save_workspace("Q4", "user:ana@example.org", None, {"feedback": pd.DataFrame({"csat": [5.0]})})
    with pytest.raises(PermissionError):
        store.reissue_workspace_link(wid, "user:eve@example.org")
    assert store.peek_workspace(old).id == wid  # a refused reissue changes nothing
    new = store.reissue_workspace_link(wid, "user:ana@example.org")
    assert new != old and len(new) == 43
    assert store.open_workspace(new).tables["feedback"]["csat"].tolist() == [5.0]
    with pytest.raises(WorkspaceNotFound):
        store.peek_workspace(old)
    listed = store.list_workspaces("user:ana@example.org")
    assert listed["workspace_id"].tolist() == [wid] and listed["title"].tolist() == ["Q4"]
