"""An assessment's custom maturity model in the store (issue #6): shared by every session, fixed once
answers exist, and a submission against a model that changed meanwhile is refused. SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from cxlens import maturity as M
from cxlens.store import MaturityModelChanged, MaturityModelLocked, Store
from tests.store_fixtures import *  # noqa: F403 - the db_url / store / pg_database fixtures


def custom_model() -> M.MaturityModel:
    return M.read_model_file(b"Dimension,Statement,Weight\nA,a1,3\nA,a2,\nB,b1,1\n", "two.csv")


def test_custom_model_is_stored_per_assessment_and_read_back(store, db_url):
    model = custom_model()
    fp = M.model_fingerprint(model)
    assert store.get_maturity_model("board") is None  # no row: the default model
    store.set_maturity_model("board", M.model_to_dict(model), fingerprint=fp, name=model.name, updated_by="Ann")
    # another process (another server, another browser session) sees the same model
    with Store(db_url) as other:
        row = other.get_maturity_model("board")
    assert row["name"] == "Custom model (two)" and row["fingerprint"] == fp and row["updated_by"] == "Ann"
    assert M.model_from_dict(row["model"]) == model
    assert row["updated_at"].tzinfo is not None
    assert store.get_maturity_model("other-team") is None  # keyed on the assessment
    # replaced while nobody has answered
    store.set_maturity_model("board", M.model_to_dict(M.load_model()), fingerprint="f" * 16, name="Again")
    assert store.get_maturity_model("board")["name"] == "Again"
    assert store.clear_maturity_model("board") is True and store.get_maturity_model("board") is None
    assert store.clear_maturity_model("board") is False


def test_model_is_fixed_once_the_assessment_has_answers(store):
    model = custom_model()
    fp = M.model_fingerprint(model)
    store.set_maturity_model("q3", M.model_to_dict(model), fingerprint=fp, name=model.name)
    store.save_maturity_response("q3", "Ann", "Ops", "2026-05-04", [("A", "a1", 4)], model_fingerprint=fp)
    store.save_maturity_response("q3", "Bo", "IT", "2026-05-04", [("B", "b1", 2)], model_fingerprint=fp)
    with pytest.raises(MaturityModelLocked, match="already has 2 submissions answered with its current model"):
        store.set_maturity_model("q3", M.model_to_dict(M.load_model()), fingerprint="0" * 16, name="Default")
    with pytest.raises(MaturityModelLocked, match="Start a new assessment name"):
        store.clear_maturity_model("q3")
    assert store.get_maturity_model("q3")["fingerprint"] == fp
    # a default-model assessment with answers cannot switch to a custom model either
    store.save_maturity_response("plain", "Cy", "HR", "2026-05-04", [("A", "x", 3)], model_fingerprint="")
    with pytest.raises(MaturityModelLocked, match="already has 1 submission answered"):
        store.set_maturity_model("plain", M.model_to_dict(model), fingerprint=fp, name=model.name)


def test_submission_against_a_changed_model_is_refused_and_not_stored(store):
    model = custom_model()
    fp = M.model_fingerprint(model)
    # the rater opened the questionnaire on the default model, then the facilitator uploaded another
    store.set_maturity_model("race", M.model_to_dict(model), fingerprint=fp, name=model.name)
    with pytest.raises(MaturityModelChanged, match="changed while you were answering"):
        store.save_maturity_response("race", "Ann", "Ops", "2026-05-04", [("A", "a1", 4)], model_fingerprint="")
    with pytest.raises(MaturityModelChanged):
        store.save_maturity_response("race", "Ann", "Ops", "2026-05-04", [("A", "a1", 4)], model_fingerprint="x")
    assert store.list_maturity_answers("race").empty
    # without a fingerprint (API callers, sheet imports) nothing is checked
    store.save_maturity_response("race", "Ann", "Ops", "2026-05-04", [("A", "a1", 4)])
    assert store.list_maturity_answers("race")["score"].tolist() == [4.0]


def test_model_change_and_first_submission_race(db_url):
    """Both at once from two connections: either the model changed first (the submission is refused) or
    the submission came first (the change is refused). Never both accepted."""
    model = custom_model()
    fp = M.model_fingerprint(model)
    with Store(db_url) as a, Store(db_url) as b:
        outcomes: dict[str, str] = {}
        barrier = threading.Barrier(2)

        def submit():
            barrier.wait()
            try:
                a.save_maturity_response("race2", "Ann", "Ops", "2026-05-04", [("A", "a1", 4)], model_fingerprint="")
                outcomes["submit"] = "ok"
            except MaturityModelChanged:
                outcomes["submit"] = "refused"

        def change():
            barrier.wait()
            try:
                b.set_maturity_model("race2", M.model_to_dict(model), fingerprint=fp, name=model.name)
                outcomes["change"] = "ok"
            except MaturityModelLocked:
                outcomes["change"] = "refused"

        threads = [threading.Thread(target=submit), threading.Thread(target=change)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(outcomes.values()) == ["ok", "refused"], outcomes
        stored = a.get_maturity_model("race2")
        answers = a.list_maturity_answers("race2")
        if outcomes["change"] == "ok":
            assert stored["fingerprint"] == fp and answers.empty
        else:
            assert stored is None and len(answers) == 1


def test_model_json_is_capped(store):
    with pytest.raises(ValueError, match="Maturity model is .* characters as JSON; the limit is 1,000,000"):
        store.set_maturity_model("big", {"x": "y" * 1_000_001}, fingerprint="f" * 16, name="Big")
    with pytest.raises(ValueError, match="Model name is required"):
        store.set_maturity_model("big", {"x": 1}, fingerprint="f" * 16, name=" ")


def test_the_default_assessment_never_takes_a_custom_model(store, db_url):
    """Issue #15 fault 4: a model uploaded to the assessment named "default" changed the sample data's
    assessment for every session. The app's default assessment always uses the default model."""
    model = custom_model()
    fp = M.model_fingerprint(model)
    with pytest.raises(MaturityModelLocked, match="always uses the default model"):
        store.set_maturity_model("default", M.model_to_dict(model), fingerprint=fp, name=model.name)
    with pytest.raises(MaturityModelLocked):
        store.set_maturity_model(" default ", M.model_to_dict(model), fingerprint=fp, name=model.name)
    with Store(db_url) as other:  # nothing stored for anyone
        assert other.get_maturity_model("default") is None
    # a data set's own assessment, and a shared name, may have one
    own = M.assessment_for("", data_key="f" * 64, is_sample=False).key
    store.set_maturity_model(own, M.model_to_dict(model), fingerprint=fp, name=model.name)
    store.set_maturity_model("Default", M.model_to_dict(model), fingerprint=fp, name=model.name)  # another name
    assert store.get_maturity_model(own)["fingerprint"] == fp and store.get_maturity_model("default") is None
