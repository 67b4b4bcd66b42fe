"""Private upload drafts through AppTest (issue 15, fault 2): an upload and its corrections come
back in a new session opened with the draft's URL (a reload, a reopened tab, a restarted server);
the sidebar says so in one line and "Forget this upload" deletes them."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from cxlens import drafts
from cxlens import workspace as cw
from cxlens.store import DraftNotFound, Store, default_url

from .conftest import ROOT
from .test_import_page import WIDE

KEPT = "Your upload is kept as a private draft for 7 days: reload-safe."


@pytest.fixture(autouse=True)
def _default_days(monkeypatch):
    monkeypatch.delenv(drafts.ENV_DAYS, raising=False)


@pytest.fixture
def store():
    s = Store(default_url())
    yield s
    s.close()


def _sidebar(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption] + [e.value for e in at.sidebar.error]


def _upload(name: str = "wide.csv", payload: bytes = WIDE) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.file_uploader(key="uploads").set_value((name, payload, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _reopen(key: str, page: str | None = None) -> AppTest:
    """A new session (a reload) with the draft's URL parameter."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params[drafts.PARAM] = key
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _correct_scale(at: AppTest) -> str:
    at.switch_page("pages/import_data.py").run()
    at.selectbox(key="wm:wide.csv").set_value("rating")
    [b for b in at.button if b.label == "Apply corrections"][0].click().run()
    assert not at.exception
    return at.session_state["cxlens_recipe"]["json"]


def test_an_upload_is_kept_as_a_draft_and_the_sidebar_says_so(store):
    at = _upload()
    key = at.query_params[drafts.PARAM][0] if isinstance(at.query_params[drafts.PARAM], list) \
        else at.query_params[drafts.PARAM]
    assert drafts.parse_key(key) == key
    assert any(KEPT in c for c in _sidebar(at))
    assert [b.label for b in at.sidebar.button if b.key == "draft_forget"] == ["Forget this upload"]
    assert store.open_draft(key).payloads == (("wide.csv", WIDE),)


def _key(at: AppTest) -> str:
    value = at.query_params[drafts.PARAM]
    return value[0] if isinstance(value, list) else value


def test_a_new_session_with_the_draft_link_gets_the_same_data_and_corrections(store):
    at = _upload()
    key = _key(at)
    recipe = _correct_scale(at)
    assert json.loads(recipe)["tables"]["wide.csv"]["wide_metric"] == "rating"
    assert _key(at) == key  # still in the URL on the Import page
    assert store.peek_draft(key).recipe_json == recipe

    again = _reopen(key, "pages/import_data.py")
    assert any("Loaded: wide\\.csv" in c for c in _sidebar(again))
    assert any(KEPT in c for c in _sidebar(again))
    assert again.session_state["cxlens_recipe"] == {"json": recipe, "for_sample": False}
    assert again.selectbox(key="wm:wide.csv").value == "rating"
    again.switch_page("pages/overview.py").run()
    labels = [m.label for m in again.metric]
    assert "Mean rating" in labels and "CSAT" not in labels
    assert _key(again) == key  # kept on every page

    # a correction made after the reload is kept too, and the reset as well
    [b for b in at.button if b.label == "Reset to detected settings"][0].click().run()
    assert store.peek_draft(key).recipe_json is None
    assert "cxlens_recipe" not in _reopen(key).session_state


def test_forget_deletes_the_draft_and_returns_to_the_sample(store):
    at = _upload()
    key = _key(at)
    _correct_scale(at)
    at.sidebar.button(key="draft_forget").click().run()
    assert not at.exception
    sidebar = _sidebar(at)
    assert any("Showing: Sample data" in c for c in sidebar), sidebar
    assert any("Forgotten" in c for c in sidebar)
    assert drafts.PARAM not in at.query_params and "cxlens_recipe" not in at.session_state
    with pytest.raises(DraftNotFound):
        store.peek_draft(key)
    at.run()  # the emptied uploader does not bring it back
    assert any("Showing: Sample data" in c for c in _sidebar(at))

    gone = _reopen(key)
    assert any("expired or was forgotten" in c for c in _sidebar(gone))
    assert any("Showing: Sample data" in c for c in _sidebar(gone))
    assert drafts.PARAM not in gone.query_params


def test_removing_the_files_from_the_uploader_forgets_the_draft(store):
    at = _upload()
    key = _key(at)
    at.file_uploader(key="uploads").set_value(None)
    at.run()
    assert any("Showing: Sample data" in c for c in _sidebar(at))
    assert drafts.PARAM not in at.query_params
    with pytest.raises(DraftNotFound):
        store.peek_draft(key)


def test_a_new_upload_replaces_the_sessions_draft(store):
    at = _upload()
    first = _key(at)
    at.file_uploader(key="uploads").set_value(("other.csv", b"Touchpoint,Stage,CSAT\nHelp,Support,4\n", "text/csv"))
    at.run()
    second = _key(at)
    assert second != first and store.peek_draft(second).files[0][0] == "other.csv"
    with pytest.raises(DraftNotFound):
        store.peek_draft(first)


def test_a_malformed_draft_value_is_ignored_with_a_notice():
    at = _reopen("not-a-key'><script>")
    assert any("not a draft key" in c for c in _sidebar(at))
    assert any("Showing: Sample data" in c for c in _sidebar(at))
    assert drafts.PARAM not in at.query_params


def test_the_draft_key_never_goes_into_a_share_link():
    key = drafts.new_key()
    view = cw.view_state("journey_heatmap", {"draft": key, "metric": "nps"})
    assert view == {"page": "journey_heatmap", "params": {"metric": "nps"}}
    assert key not in cw.share_url("https://cx.example.org", "t" * 43, {"page": "x", "params": {"draft": key}})


def test_drafts_can_be_turned_off(monkeypatch, store):
    monkeypatch.setenv(drafts.ENV_DAYS, "0")
    at = _upload()
    assert drafts.PARAM not in at.query_params
    assert any("Drafts are turned off" in c for c in _sidebar(at))


def test_after_a_server_restart_the_bytes_come_from_the_database(store):
    """No parsed dataset in memory (a restarted server): the draft's files are read from the database."""
    import streamlit as st

    at = _upload()
    key = _key(at)
    recipe = _correct_scale(at)
    st.cache_resource.clear()  # the dataset cache and the store, as after a restart
    again = _reopen(key, "pages/overview.py")
    assert any("Loaded: wide\\.csv" in c for c in _sidebar(again))
    assert again.session_state["cxlens_recipe"]["json"] == recipe
    assert "Mean rating" in [m.label for m in again.metric]
    source, _ = again.session_state["cxlens_source"]
    assert source.payloads == () and source.draft_key == key  # the session holds no copy of the bytes


def test_closing_a_workspace_brings_the_draft_back(store):
    """Saving the upload as a workspace hides the uploader (Streamlit empties it); that is not the user
    removing their files: closing the workspace shows the upload and its corrections again."""
    at = _upload()
    key = _key(at)
    recipe = _correct_scale(at)
    at.sidebar.button(key="ws_save").click().run()
    assert not at.exception
    assert at.query_params["ws"] and any("Shared workspace" in c for c in _sidebar(at))
    at.run()
    at.sidebar.button(key="ws_leave").click().run()
    assert not at.exception
    assert any("Loaded: wide\\.csv" in c for c in _sidebar(at)), _sidebar(at)
    assert _key(at) == key and store.peek_draft(key).recipe_json == recipe
    assert at.session_state["cxlens_recipe"]["json"] == recipe
