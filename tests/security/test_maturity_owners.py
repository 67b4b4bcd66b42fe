"""Finding 1 of issue 20 and "shared state on the sample data is per user", through AppTest (each
AppTest is one browser session): a fresh session must not see or remove another rater's maturity
submission, an assessment must not be reachable by typing its name, a read-only workspace viewer
writes nothing, and goals added on the sample data stay with the person who added them.

Each test fails on the main before the fix (aa7f038): there the sample's "default" assessment and
typed names were shared by everyone, the delete path checked only the assessment and id, viewers of
a read-only workspace could answer, and the sample's backlog was one store key for all."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ..conftest import ROOT

PAGE = "pages/maturity.py"
SECRET_RATER = "Rater Confidential"


def _session(page: str = PAGE, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _link(at: AppTest) -> str:
    value = at.query_params["assessment"]
    return value[0] if isinstance(value, list) else value


def _submit(at: AppTest, name: str, score: int = 4) -> None:
    next(t for t in at.text_input if t.label == "Your name (optional)").input(name)
    for r in [r for r in at.radio if r.key and r.key.startswith("mq_")]:
        r.set_value(score)
    next(b for b in at.button if b.label == "Submit my answers").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("answers saved" in s.value for s in at.success)


def _removable(at: AppTest) -> list[str]:
    """The submissions this session is offered to remove (their labels name the rater)."""
    found = [m for m in at.multiselect if m.key == "mt_remove_choice"]
    return list(found[0].options) if found else []


def _raters(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Raters"]


def test_a_fresh_session_on_the_sample_neither_sees_nor_removes_anothers_submission():
    rater = _session()
    _submit(rater, SECRET_RATER)
    assert any(SECRET_RATER in o for o in _removable(rater))  # the rater sees and may remove their own
    stranger = _session()  # another browser, no link: the sample data's default assessment
    assert not any(SECRET_RATER in o for o in _removable(stranger))
    assert _raters(stranger) == "8"  # the sample sheet's raters only: nothing of the other session
    # a stranger naming the rater's submission id in the widget state removes nothing
    assert not [b for b in stranger.button if b.key == "mt_remove"]


def test_an_assessment_cannot_be_opened_by_typing_its_name():
    creator = _session()
    creator.text_input(key="mt_assessment").input("board-review-2026").run()
    _submit(creator, SECRET_RATER)
    guesser = _session()
    guesser.text_input(key="mt_assessment").input("board-review-2026").run()
    assert _link(guesser) != _link(creator)  # another assessment with the same label
    assert not any(SECRET_RATER in o for o in _removable(guesser))
    assert _raters(guesser) == "8"
    # an old-style link carrying the name opens nothing
    by_name = _session(assessment="board-review-2026")
    assert any("not known here" in w.value for w in by_name.warning)
    assert _raters(by_name) == "8"


def test_a_rater_with_the_link_sees_and_removes_only_their_own_submission():
    creator = _session()
    creator.text_input(key="mt_assessment").input("offsite").run()
    _submit(creator, SECRET_RATER)
    rater = _session(assessment=_link(creator))
    assert rater.text_input(key="mt_assessment").value == "offsite"
    assert _raters(rater) == "1"  # the scores are everyone's
    assert _removable(rater) == []  # but not who gave them
    _submit(rater, "Bo")
    assert [o.split(" · ")[0] for o in _removable(rater)] == ["Bo"]
    # the creator (the assessment's owner) sees and may remove both
    creator.run()
    assert sorted(o.split(" · ")[0] for o in _removable(creator)) == ["Bo", SECRET_RATER]


def test_a_read_only_workspace_viewer_cannot_answer_change_the_model_or_remove(sample_dataset):
    from components.workspace_view import owner_key_for_secret
    from cxlens import workspace as cw
    from cxlens.store import Store, default_url

    secret = "owner-secret-" + "r" * 30
    with Store(default_url()) as store:
        _, token = store.save_workspace("Read-only maturity", owner_key_for_secret(secret),
                                        sample_dataset.recipe.to_json(), cw.dataset_tables(sample_dataset), {})
    owner = _session(ws=token, owner=secret)
    _submit(owner, SECRET_RATER)
    viewer = _session(ws=token)
    assert not [b for b in viewer.button if b.label == "Submit my answers"]
    assert any("read-only link" in i.value for i in viewer.info)
    assert [u for u in viewer.file_uploader if u.key.startswith("mt_model_upload_")][0].proto.disabled
    assert _removable(viewer) == [] and not [b for b in viewer.button if b.key == "mt_remove"]
    assert _raters(viewer) == "1"  # the aggregate stays visible


def test_goals_added_on_the_sample_data_stay_with_the_person_who_added_them():
    def strategy_label(at: AppTest) -> str:
        return next(e.label for e in at.expander if e.label.startswith("Strategy"))

    mine = _session("pages/opportunities.py")
    before = strategy_label(mine)
    mine.selectbox(key="goal_pick").set_value("__new__").run()
    mine.text_input(key="gf_name___new__").input("Private goal of one user")
    next(b for b in mine.button if b.label == "Save goal").click().run()
    assert not mine.exception
    assert strategy_label(mine) != before
    other = _session("pages/opportunities.py")
    assert strategy_label(other) == before
    names = [str(v) for d in other.dataframe if "name" in d.value.columns for v in d.value["name"]]
    assert "Private goal of one user" not in names


def test_other_raters_names_are_replaced_in_the_scored_answers():
    """The results (charts and downloads) of a rater who is not the owner name other raters “Rater n”:
    one name keeps one number across submissions, so every score is the same as with the names."""
    import pandas as pd

    from components.maturity_access import without_others_names

    stored = pd.DataFrame({
        "rater": ["Ann", "Ann", "Bo", "Anonymous", "Ann", "Cy"],
        "department": ["Ops"] * 6, "date": pd.to_datetime(["2026-03-01"] * 6),
        "dimension": ["D"] * 6, "question": ["Q"] * 6, "score": [4.0, 3.0, 2.0, 5.0, 1.0, 3.0],
        "response_id": pd.array([1, 1, 2, 3, 4, 5], dtype="Int64"),
    })
    shown = without_others_names(stored, [2])  # this person gave submission 2 (Bo)
    assert shown["rater"].tolist() == ["Rater 1", "Rater 1", "Bo", "Anonymous", "Rater 1", "Rater 2"]
    assert shown["score"].tolist() == stored["score"].tolist()
    assert without_others_names(stored, [1, 2, 3, 4, 5]) is stored  # the owner: nothing replaced
