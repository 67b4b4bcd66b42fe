"""Whose maturity assessment (issue #15, fault 4), through AppTest: a custom model belongs to the assessment
it was made for; the app's default assessment (the sample data's) is never changed by an upload; each
uploaded data set has its own assessment unless a shared name is typed; a Maturity sheet with its own
dimensions and statements offers its model, shown before use."""

from __future__ import annotations

import io

import pandas as pd
from streamlit.testing.v1 import AppTest

from cxlens import export

from .test_pages import TWO_DIMENSIONS, _open, _statements, _upload_model, link_of

PAGE = "pages/maturity.py"
N_DEFAULT_STATEMENTS = 28


def _feedback_csv(tag: str) -> tuple[str, bytes, str]:
    """A small feedback upload; ``tag`` makes the bytes (the data set) differ."""
    return (f"feedback-{tag}.csv", f"Touchpoint,Stage,CSAT\nCheckout,Purchase,5\nHelp,Support,4\n{tag},X,3\n".encode(),
            "text/csv")


def _apply_if_offered(at: AppTest) -> None:
    apply = [b for b in at.button if b.key == "mt_model_apply"]
    if apply and not apply[0].disabled:
        apply[0].click().run()


def _sample_results_intact(at: AppTest) -> None:
    """The sample's Maturity sheet scored against the default model, as on a fresh server."""
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    shown = {m.label: m.value for m in at.metric}
    assert shown.get("Stage") == "Mobilize" and shown.get("Raters") == "8", shown
    assert not [i for i in at.info if "not in this assessment's model" in i.value]
    assert len(_statements(at)) == N_DEFAULT_STATEMENTS


def test_a_model_uploaded_on_the_sample_data_never_changes_the_default_assessment():
    first = _open(PAGE)  # the sample data, no assessment name typed: the app's default assessment
    uploader = [u for u in first.file_uploader if u.key.startswith("mt_model_upload_")][0]
    if not uploader.proto.disabled:  # (today's main: a model can be uploaded and applied to it)
        _upload_model(first, "two.csv", TWO_DIMENSIONS)
        _apply_if_offered(first)
    assert not first.exception
    # every other session on the sample data still scores the sample's answers
    _sample_results_intact(_open(PAGE))
    assert len(_statements(first)) == N_DEFAULT_STATEMENTS
    assert any("The app's default assessment always uses the default model" in i.value for i in first.info)
    assert [u for u in first.file_uploader if u.key.startswith("mt_model_upload_")][0].proto.disabled
    # typing "default" starts a new assessment shared by link, labelled “default” (issue #20: names are
    # labels, never a way into another assessment); the sample's answers are scored the same there
    typed = _open(PAGE)
    typed.text_input(key="mt_assessment").input("default").run()
    _sample_results_intact(typed)


def test_each_uploaded_data_set_has_its_own_assessment_and_model():
    mine = _open(PAGE, upload=_feedback_csv("mine"))
    _upload_model(mine, "two.csv", TWO_DIMENSIONS)
    mine.button(key="mt_model_apply").click().run()
    assert not mine.exception
    assert _statements(mine) == ["a1", "a2", "b1"]
    # the sample data: untouched
    _sample_results_intact(_open(PAGE))
    assert any(s.value.startswith("This data's own assessment now uses Custom model") for s in mine.success)
    assert any("This data's own assessment uses custom model" in c.value for c in mine.caption)
    # someone else with the same file: the same data set, so the same assessment and model
    assert _statements(_open(PAGE, upload=_feedback_csv("mine"))) == ["a1", "a2", "b1"]
    # another data set: its own assessment, the default model
    other = _open(PAGE, upload=_feedback_csv("other"))
    assert len(_statements(other)) == N_DEFAULT_STATEMENTS and not other.error
    # a shared name typed on the uploaded data: another assessment again, shared with whoever types it
    shared = _open(PAGE, upload=_feedback_csv("mine"))
    shared.text_input(key="mt_assessment").input("scope-team").run()
    assert len(_statements(shared)) == N_DEFAULT_STATEMENTS
    assert any("Assessment “scope\\-team” uses the default model" in c.value for c in shared.caption)


#: Two dimensions and four statements none of which is in the default model; two raters.
#: Service: s1, s2; Digital: d1, d2. Ann: 4, 2 | 5, 5 ; Ben: 2, 2 | 3, 3 (all on 2026-05-04).
#: Rater-level: Service Ann 3, Ben 2 -> 2.5; Digital Ann 5, Ben 3 -> 4.0. Weights 1: overall 3.25 -> Mobilize
#: (2.6 to 3.4 in the default stages); the weakest dimension is Service.
OWN_SHEET = pd.DataFrame({
    "Rater": ["Ann"] * 4 + ["Ben"] * 4,
    "Department": ["Ops"] * 4 + ["IT"] * 4,
    "Date": ["2026-05-04"] * 8,
    "Dimension": ["Service", "Service", "Digital", "Digital"] * 2,
    "Statement": ["s1 We answer within a day", "s2 We call back", "d1 The app works", "d2 The site is fast"] * 2,
    "Score (1-5)": [4, 2, 5, 5, 2, 2, 3, 3],
})


def _own_sheet_upload(tag: str = "own") -> tuple[str, bytes, str]:
    feedback = pd.DataFrame({"Touchpoint": ["Checkout", "Help"], "Stage": ["Purchase", tag], "CSAT": [5, 4]})
    data = export.to_xlsx_bytes({"Feedback": feedback, "Maturity": OWN_SHEET})
    return (f"{tag}.xlsx", data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_a_maturity_sheet_with_its_own_statements_offers_its_model_before_use():
    at = _open(PAGE, upload=_own_sheet_upload())
    assert not at.exception
    offer = [m.value for m in at.markdown if m.value.startswith("**This sheet defines")]
    assert offer == ["**This sheet defines 2 dimensions and 4 statements: use it as the model for this data's own "
                     "assessment?** Its statements are not in the model the assessment uses now, so its answers "
                     "cannot be scored against that one."]
    assert len(_statements(at)) == N_DEFAULT_STATEMENTS  # shown, not used yet
    at.button(key="mt_sheet_model_apply").click().run()
    assert not at.exception and not at.error
    assert _statements(at) == ["s1 We answer within a day", "s2 We call back", "d1 The app works",
                               "d2 The site is fast"]
    assert not [m for m in at.markdown if m.value.startswith("**This sheet defines")]  # in use now
    shown = {m.label: m.value for m in at.metric}
    assert shown["Overall"] == "3.25 / 5" and shown["Stage"] == "Mobilize" and shown["Raters"] == "2"
    assert [h.value for h in at.subheader][0] == "Service"
    _sample_results_intact(_open(PAGE))  # the sample data's assessment is not changed


def test_typing_default_no_longer_reaches_the_apps_default_assessment():
    # Before issue #20 the typed name "default" was the app's default assessment, shared by everyone on the
    # sample data. Now a typed name starts a new assessment shared by link whose creator sets its model.
    at = _open(PAGE, upload=_own_sheet_upload("typed"))
    at.text_input(key="mt_assessment").input("default").run()
    button = at.button(key="mt_sheet_model_apply")
    assert not button.disabled and button.label == "Use the sheet's model for assessment “default”"
    assert not any("The app's default assessment always uses the default model" in i.value for i in at.info)
    assert len(link_of(at)) == 43  # the link carries an unguessable id, not the name


def test_a_workspace_has_its_own_assessment(sample_dataset):
    """A workspace saved from the sample data: its own assessment (not the app's default one), whose model
    its owner may change and a colleague with the link may not."""
    from components.workspace_view import owner_key_for_secret
    from cxlens import workspace as cw
    from cxlens.store import Store, default_url

    from .conftest import ROOT

    secret = "owner-secret-" + "m" * 30
    with Store(default_url()) as store:
        _, token = store.save_workspace("Maturity scope", owner_key_for_secret(secret),
                                        sample_dataset.recipe.to_json(), cw.dataset_tables(sample_dataset), {})

    def open_ws(query: dict) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    owner = open_ws({"ws": token, "owner": secret})
    assert any("This data's own assessment uses the default model" in c.value for c in owner.caption)
    assert {m.label: m.value for m in owner.metric}["Raters"] == "8"  # the workspace's Maturity sheet
    _upload_model(owner, "two.csv", TWO_DIMENSIONS)
    owner.button(key="mt_model_apply").click().run()
    assert _statements(owner) == ["a1", "a2", "b1"]
    colleague = open_ws({"ws": token})
    assert any("This data's own assessment uses custom model" in c.value for c in colleague.caption)
    assert _statements(colleague) == []  # a read-only viewer does not answer (issue #20)
    assert any("read-only link" in i.value for i in colleague.info)
    assert [u for u in colleague.file_uploader if u.key.startswith("mt_model_upload_")][0].proto.disabled
    assert any("someone else's workspace: its maturity model cannot be changed" in i.value for i in colleague.info)
    _sample_results_intact(_open(PAGE))
