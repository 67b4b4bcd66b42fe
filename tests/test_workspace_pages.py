"""Shared workspace links through AppTest: read-only for a colleague, owner controls for the owner,
clear messages for revoked and wrong links."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.workspace_view import owner_key_for_secret
from cxlens import workspace as cw
from cxlens.store import Store, WorkspaceNotFound, default_url

from .conftest import ROOT


@pytest.fixture(scope="module")
def saved(sample_dataset):
    """A workspace of the sample data saved by an anonymous owner; (token, owner secret, store)."""
    store = Store(default_url())
    secret = "owner-secret-" + "x" * 30
    view = {"page": "journey_heatmap", "params": {"metric": ["nps"]}, "backlog_key": "sample-digest"}
    wid, token = store.save_workspace("Q3 journey review", owner_key_for_secret(secret),
                                      sample_dataset.recipe.to_json(), cw.dataset_tables(sample_dataset), view)
    yield token, secret, store, wid
    store.close()


def _open(query: dict, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.first_sidebar = [c.value for c in at.sidebar.caption] + [e.value for e in at.sidebar.error]
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_colleague_sees_the_workspace_read_only(saved):
    token, _, _, _ = saved
    at = _open({"ws": token, "metric": "nps"}, "pages/opportunities.py")
    assert any("Shared workspace: **Q3 journey review** (read-only)" in c for c in at.first_sidebar)
    assert any("6,964 feedback rows" in c for c in at.first_sidebar)
    assert at.title[0].value == "Opportunities"
    assert any("open read-only" in c.value for c in at.caption)
    assert not at.get("arrow_data_editor")  # no backlog editor
    assert not [f for f in at.get("form") if f.proto.form_id == "quick_edit"]
    assert at.query_params["ws"] == token  # kept in the URL after the page switch


def test_import_page_of_a_workspace_explains_how_to_correct_it(saved):
    token, _, _, _ = saved
    at = _open({"ws": token}, "pages/import_data.py")
    assert any("saved workspace" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Apply corrections"]
    assert at.dataframe  # sources and the quality report are still shown


def test_owner_link_grants_ownership_and_leaves_no_secret_in_the_url(saved):
    token, secret, _, _ = saved
    at = _open({"ws": token, "owner": secret, "metric": "nps"})
    assert any("(you own it)" in c for c in at.first_sidebar)
    assert "owner" not in at.query_params and at.query_params["ws"] == token


def test_wrong_and_revoked_links_say_so(saved, sample_dataset):
    at = _open({"ws": "B" * 43})
    assert any("does not open any workspace" in c for c in at.first_sidebar)
    assert at.info  # the page's empty state: no data, nothing from another workspace

    token, _, store, _ = saved
    secret = "another-owner-secret-" + "y" * 24
    wid, other = store.save_workspace("Old", owner_key_for_secret(secret), None,
                                      {"feedback": sample_dataset.feedback.head(3)}, {})
    store.revoke_workspace(wid, owner_key_for_secret(secret))
    at = _open({"ws": other})
    assert any("revoked by its owner" in c for c in at.first_sidebar)


def test_signed_in_owner_finds_their_workspaces_and_gets_a_new_link(sample_dataset, monkeypatch):
    from components import auth

    store = Store(default_url())
    owner = "user:ana@example.org"
    wid, old = store.save_workspace("Ana's Q1 review", owner, None, cw.dataset_tables(sample_dataset), {})
    store.save_workspace("Someone else's", "user:bo@example.org", None, {}, {})
    monkeypatch.setattr(auth, "signed_in_email", lambda: "ana@example.org")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    labels = [e.label for e in at.sidebar.expander]
    assert "Your workspaces (1)" in labels  # only Ana's own
    picker = at.sidebar.selectbox(key="ws_mine_pick")
    assert [o.split(" · ")[0] for o in picker.options] == ["Ana's Q1 review"]
    at.sidebar.button(key="ws_mine_reissue").click().run()
    assert not at.exception
    new = at.query_params["ws"]
    assert new != old and store.peek_workspace(new).id == wid
    with pytest.raises(WorkspaceNotFound):
        store.peek_workspace(old)  # the old link no longer opens anything
    store.close()


def test_a_plain_link_opens_the_owners_default_view(saved):
    token, _, _, _ = saved  # saved with the default view: the heatmap coloured by NPS
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["ws"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Journey heatmap"
    assert at.query_params["ws"] == token and at.query_params["metric"] == "nps"
    assert at.selectbox(key="hm_metric").value == "nps"
