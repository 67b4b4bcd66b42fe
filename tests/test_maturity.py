"""CX maturity assessment (issue #6): scores, stage, floor, rounds, recommendations, figures.

Expected values are computed by hand in the comments next to each fixture.
"""

from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest

import cxlens
from cxlens import maturity as M
from cxlens import maturity_figures as MF

XSS = "<img src=x onerror=alert(1)>"


# ----------------------------------------------------------------------------- helpers


def small_model(**kw) -> M.MaturityModel:
    """Dimensions A (weight 2; a1, a2), B (b1, b2), C (c1); default stages 1 / 1.8 / 2.6 / 3.4 / 4.2."""
    sheet = pd.DataFrame({
        "Dimension": ["A", "A", "B", "B", "C"],
        "Statement": ["a1", "a2", "b1", "b2", "c1"],
        "Weight": [2, None, 1, 1, None],
    })
    return M.model_from_frame(sheet, **kw)


def answers(rows) -> pd.DataFrame:
    """rows: (rater, department, date, dimension, question, score)."""
    frame = pd.DataFrame(rows, columns=["rater", "department", "date", "dimension", "question", "score"])
    frame["date"] = pd.to_datetime(frame["date"])
    if not frame["score"].map(lambda v: isinstance(v, str)).any():
        frame["score"] = frame["score"].astype("float64")  # text scores stay text, to test validation
    return frame


def dims(result) -> pd.DataFrame:
    return result.dimensions.set_index("dimension")


def flat(model: M.MaturityModel, scores: dict[str, float], rater="R", dept="D", date="2026-01-10") -> list:
    """One rater answering every statement of each dimension with the given score."""
    return [(rater, dept, date, d.name, s, scores[d.name]) for d in model.dimensions for s in d.statements]


# ----------------------------------------------------------------------------- model


def test_default_model_loads_and_questionnaire():
    model = M.load_model()
    assert len(model.dimensions) == 7
    assert [s.name for s in model.stages] == ["Investigate", "Initiate", "Mobilize", "Scale", "Embed"]
    assert [s.min_score for s in model.stages] == [1.0, 1.8, 2.6, 3.4, 4.2]
    q = model.questionnaire()
    assert list(q.columns) == ["dimension", "statement"]
    assert len(q) == 28
    assert q.iloc[0].tolist() == ["Strategy & leadership",
                                  "We have a written customer-experience vision that everyone can explain in one sentence"]
    assert model.dimension("measurement").name == "Measurement & feedback"
    assert model.dimension("  measurement & FEEDBACK ").id == "measurement"


def test_questionnaire_form_answers_round_trip():
    model = small_model()
    form = model.answers_frame({"a1": 4, "a2": None, "b1": 2, "c1": 5}, rater="Ann", department="Sales",
                               date="2026-02-01")
    assert list(form.columns) == ["rater", "department", "date", "dimension", "question", "score"]
    assert form["dimension"].tolist() == ["A", "B", "C"]
    r = M.maturity_scores(form, model)
    assert dims(r)["score"].tolist() == [4, 2, 5] and r.problems.empty


def test_custom_model_weights_and_defaults_kept():
    model = small_model()
    assert model.dimension_names == ["A", "B", "C"]
    assert model.weights == {"A": 2.0, "B": 1.0, "C": 1.0}  # blank rows take the dimension's weight; none -> 1
    assert model.stages == M.load_model().stages  # default stages kept
    assert model.recommendations == ()  # no default dimension matches
    assert model.questionnaire()["statement"].tolist() == ["a1", "a2", "b1", "b2", "c1"]


def test_custom_model_matching_default_dimension_keeps_recommendations():
    sheet = pd.DataFrame({"Pillar": ["Measurement & feedback", "Measurement & feedback", "Brand"],
                          "Question": ["We measure it", "We act on it", "People know us"]})
    model = M.model_from_frame(sheet)
    assert model.dimension("Measurement & feedback").id == "measurement"
    recs = {r.dimension for r in model.recommendations}
    assert recs == {"measurement"}
    assert model.dimension("Brand").id == "brand"


def test_custom_stages_and_recommendations_sheets():
    stages = pd.DataFrame({"Stage": ["Low", "High"], "Min score": [1, 3], "Description": ["x", "y"]})
    recs = pd.DataFrame({"Dimension": ["A"], "Stages": ["Low; High"], "Project": ["Do A"], "Why": ["because"],
                         "Evidence": [""]})
    model = small_model(stages=stages, recommendations=recs)
    assert model.stage_names == ["Low", "High"]
    assert model.recommendations[0].stages == ("Low", "High")
    via_sheets = M.model_from_sheets({"Model": pd.DataFrame({"Dimension": ["A"], "Statement": ["a1"]}),
                                      "Stages": stages})
    assert via_sheets.stage_names == ["Low", "High"]


@pytest.mark.parametrize("sheet, message", [
    (pd.DataFrame({"Dimension": ["A", "B"], "Statement": ["same", "Same."]}), "appears more than once"),
    (pd.DataFrame({"Dimension": ["A"], "Statement": ["a1"], "Weight": [0]}), "above 0"),
    (pd.DataFrame({"Dimension": ["A"], "Statement": ["a1"], "Weight": [-1]}), "above 0"),
    (pd.DataFrame({"Dimension": ["A"], "Statement": ["a1"], "Weight": ["heavy"]}), "above 0"),
    (pd.DataFrame({"Dimension": ["A", "A"], "Statement": ["a1", "a2"], "Weight": [1, 2]}), "different weights"),
    (pd.DataFrame({"Dimension": ["A", "B"], "Statement": ["a1", None]}), "'B' has no statements"),
    (pd.DataFrame({"Dimension": [None], "Statement": ["a1"]}), "no dimension"),
    (pd.DataFrame({"Area": ["A"], "Text": ["a1"]}), "needs a 'Dimension' and a 'Statement' column"),
    (pd.DataFrame({"Dimension": [], "Statement": []}), "empty"),
])
def test_custom_model_validation_errors(sheet, message):
    with pytest.raises(ValueError, match=message):
        M.model_from_frame(sheet)


def test_custom_stage_and_recommendation_validation():
    with pytest.raises(ValueError, match="must start at 1"):
        small_model(stages=pd.DataFrame({"Stage": ["Low", "High"], "Min score": [2, 3]}))
    with pytest.raises(ValueError, match="no two stages"):
        small_model(stages=pd.DataFrame({"Stage": ["Low", "low"], "Min score": [1, 3]}))
    with pytest.raises(ValueError, match="stages the model does not have"):
        small_model(recommendations=pd.DataFrame({"Dimension": ["A"], "Stages": ["Nirvana"], "Project": ["x"]}))
    with pytest.raises(ValueError, match="unknown evidence rule"):
        small_model(recommendations=pd.DataFrame({"Dimension": ["A"], "Stages": ["Scale"], "Project": ["x"],
                                                  "Evidence": ["vibes"]}))


def test_broken_model_file(tmp_path):
    p = tmp_path / "m.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        M.load_model(p)
    data = json.loads(M.DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    data["dimensions"][0]["weight"] = 0
    p.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="above 0"):
        M.load_model(p)


# ----------------------------------------------------------------------------- scores


def test_rater_level_mean_with_skipped_statement_and_spread():
    model = small_model()
    rows = [
        ("R1", "Sales", "2026-01-10", "A", "a1", 4), ("R1", "Sales", "2026-01-10", "A", "a2", 2),  # R1: A = 3
        ("R2", "Ops", "2026-01-10", "A", "a1", 5),  # R2 skipped a2: A = 5
        ("R1", "Sales", "2026-01-10", "B", "b1", 2), ("R1", "Sales", "2026-01-10", "B", "b2", 2),  # B: 2, 3
        ("R2", "Ops", "2026-01-10", "B", "b1", 3), ("R2", "Ops", "2026-01-10", "B", "b2", 3),
        ("R1", "Sales", "2026-01-10", "C", "c1", 1), ("R2", "Ops", "2026-01-10", "C", "c1", 1),  # C: 1, 1
    ]
    r = M.maturity_scores(answers(rows), small_model())
    d = dims(r)
    # rater level first: (3 + 5) / 2 = 4.0, not the answer mean (4 + 2 + 5) / 3 = 3.67
    assert d.at["A", "score"] == pytest.approx(4.0)
    assert d.at["A", "n_raters"] == 2 and d.at["A", "n_answers"] == 3
    assert d.at["A", "spread"] == pytest.approx(math.sqrt(2))  # sample SD of 3 and 5
    assert (d.at["A", "min"], d.at["A", "max"], d.at["A", "range"]) == (3.0, 5.0, 2.0)
    assert d.at["B", "spread"] == pytest.approx(math.sqrt(0.5))
    assert d.at["C", "spread"] == 0
    # weighted overall: (2 * 4 + 2.5 + 1) / 4 = 2.875
    assert r.overall == pytest.approx(2.875)
    assert r.n_raters == 2
    assert list(r.dimensions.columns) == M.DIMENSION_COLUMNS
    assert model.weights == {"A": 2.0, "B": 1.0, "C": 1.0}


def test_weighted_overall_floor_stage_targets_and_gaps():
    model = small_model()
    # A = 3, B = 2, C = 1: overall (2*3 + 2 + 1) / 4 = 2.25 -> Initiate (1.8 <= 2.25 < 2.6)
    r = M.maturity_scores(answers(flat(model, {"A": 3, "B": 2, "C": 1})), model)
    assert r.overall == pytest.approx(2.25)
    assert r.stage == "Initiate" and r.next_stage == "Mobilize"
    assert r.points_to_next_stage == pytest.approx(0.35)
    assert r.floor_dimensions == ["C"] and r.floor_stage == "Investigate"
    assert r.stage_capped_by_floor == "Initiate" and not r.capped  # floor's stage + 1 = Initiate
    d = dims(r)
    # default target: cut-off of the stage after Initiate (Mobilize 2.6), or the score when above it
    assert d["target"].tolist() == pytest.approx([3.0, 2.6, 2.6])
    assert d["gap"].tolist() == pytest.approx([0.0, 0.6, 1.6])
    assert d["stage"].tolist() == ["Mobilize", "Initiate", "Investigate"]
    assert r.stage_description.startswith("The organisation has started")


def test_floor_caps_the_stage():
    model = small_model()
    # A = 4, B = 4, C = 1: overall (8 + 4 + 1) / 4 = 3.25 -> Mobilize; floor C is Investigate -> capped at Initiate
    r = M.maturity_scores(answers(flat(model, {"A": 4, "B": 4, "C": 1})), model)
    assert r.stage == "Mobilize"
    assert r.stage_capped_by_floor == "Initiate" and r.capped
    assert "holds the organisation at Initiate" in r.headline()
    # targets follow the capped stage: next after Initiate is Mobilize (2.6)
    assert dims(r)["target"].tolist() == pytest.approx([4.0, 4.0, 2.6])


def test_floor_ties_are_all_flagged():
    model = small_model()
    r = M.maturity_scores(answers(flat(model, {"A": 2, "B": 2, "C": 3})), model)
    assert r.floor_dimensions == ["A", "B"]
    assert dims(r)["floor"].tolist() == [True, True, False]


def test_explicit_targets():
    model = small_model()
    r = M.maturity_scores(answers(flat(model, {"A": 2, "B": 2, "C": 3})), model, targets={"a": 4, "C": 3.5})
    d = dims(r)
    assert d["target"].tolist() == pytest.approx([4.0, 2.6, 3.5])
    assert d["gap"].tolist() == pytest.approx([2.0, 0.6, 0.5])
    with pytest.raises(ValueError, match="not a dimension"):
        M.maturity_scores(answers(flat(model, {"A": 2, "B": 2, "C": 3})), model, targets={"Z": 3})
    with pytest.raises(ValueError, match="from 1 to 5"):
        M.maturity_scores(answers(flat(model, {"A": 2, "B": 2, "C": 3})), model, targets={"A": 7})


@pytest.mark.parametrize("scores, stage", [
    ([3, 3, 3, 2, 2], "Mobilize"),  # 13 / 5 = 2.6 exactly at the cut-off
    ([1.4, 2.3, 4.1], "Mobilize"),  # mean is 2.5999999999999996 in floating point: still the cut-off
    ([2.59], "Initiate"),  # just below
    ([1.8], "Initiate"),
    ([1.79], "Investigate"),
    ([4.2], "Embed"),
    ([1], "Investigate"),
    ([5], "Embed"),
])
def test_stage_cut_off_boundaries(scores, stage):
    model = M.model_from_frame(pd.DataFrame({"Dimension": ["Only"] * 5, "Statement": [f"s{i}" for i in range(5)]}))
    rows = [("R", "D", "2026-01-10", "Only", f"s{i}", v) for i, v in enumerate(scores)]
    r = M.maturity_scores(answers(rows), model)
    assert r.stage == stage
    assert model.stage_for(2.6).name == "Mobilize" and model.stage_for(2.5999).name == "Initiate"


def test_top_stage_has_no_next_stage():
    model = small_model()
    r = M.maturity_scores(answers(flat(model, {"A": 5, "B": 5, "C": 4.5})), model)
    assert r.stage == "Embed" and r.next_stage is None and math.isnan(r.points_to_next_stage)
    assert dims(r)["target"].tolist() == pytest.approx([5.0, 5.0, 5.0])


@pytest.mark.parametrize("scores, flagged", [
    ([1, 3], True),  # SD 1.41 >= 1
    ([2, 3, 3, 3], False),  # SD 0.5, range 1
    ([2, 3, 3, 3, 3, 3, 4], True),  # SD 0.58 but range 2
    ([1.5, 3, 3, 3, 3, 3, 3.4], False),  # range 1.9, SD 0.6
    ([1], False),  # one rater cannot disagree
])
def test_disagreement_flag(scores, flagged):
    model = M.model_from_frame(pd.DataFrame({"Dimension": ["X"], "Statement": ["x"]}))
    rows = [(f"R{i}", "D", "2026-01-10", "X", "x", v) for i, v in enumerate(scores)]
    r = M.maturity_scores(answers(rows), model)
    assert bool(r.dimensions.at[0, "disagreement"]) is flagged
    assert r.disagreement_dimensions == (["X"] if flagged else [])


# ----------------------------------------------------------------------------- rounds


def test_rounds_change_and_round_selection():
    model = small_model()
    rows = (flat(model, {"A": 2, "B": 2, "C": 1}, rater="R1", date="2026-01-10")
            + flat(model, {"A": 3, "B": 2, "C": 2}, rater="R1", date="2026-06-01")
            + flat(model, {"A": 3, "B": 4, "C": 2}, rater="R2", date="2026-06-10"))  # 9 days later: same round
    r = M.maturity_scores(answers(rows), model)
    assert r.rounds["start"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-10", "2026-06-01"]
    assert r.rounds["end"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-10", "2026-06-10"]
    assert r.round_start == pd.Timestamp("2026-06-01") and r.previous_round_start == pd.Timestamp("2026-01-10")
    assert r.n_raters == 2
    d = dims(r)
    assert d["score"].tolist() == pytest.approx([3.0, 3.0, 2.0])
    assert d["previous"].tolist() == pytest.approx([2.0, 2.0, 1.0])
    assert d["change"].tolist() == pytest.approx([1.0, 1.0, 1.0])
    # overall: round 1 (4 + 2 + 1) / 4 = 1.75, round 2 (6 + 3 + 2) / 4 = 2.75
    assert r.previous_overall == pytest.approx(1.75) and r.overall_change == pytest.approx(1.0)
    first = M.maturity_scores(answers(rows), model, round_date="2026-03-01")
    assert first.round_start == pd.Timestamp("2026-01-10")
    assert dims(first)["change"].isna().all() and math.isnan(first.overall_change)
    assert r.change_text() == "+1.00 since last round" and first.change_text() is None
    from dataclasses import replace
    assert replace(r, overall_change=-0.004).change_text() == "no change since last round"  # not "-0.00"
    assert replace(r, overall_change=-0.006).change_text() == "-0.01 since last round"
    with pytest.raises(ValueError, match="no assessment round on or before"):
        M.maturity_scores(answers(rows), model, round_date="2025-01-01")
    hist = r.history
    assert set(hist["round"]) == {1, 2} and len(hist) == 6


def test_round_window_is_anchored_on_first_date():
    model = M.model_from_frame(pd.DataFrame({"Dimension": ["X"], "Statement": ["x"]}))
    rows = [("R1", "", "2026-06-01", "X", "x", 2), ("R2", "", "2026-06-15", "X", "x", 3),  # 14 days: same round
            ("R3", "", "2026-06-16", "X", "x", 4), ("R4", "", "2026-06-20", "X", "x", 5)]  # 15 days: new round
    r = M.maturity_scores(answers(rows), model)
    assert r.rounds["start"].dt.strftime("%Y-%m-%d").tolist() == ["2026-06-01", "2026-06-16"]
    assert r.rounds["n_raters"].tolist() == [2, 2]
    assert r.dimensions.at[0, "change"] == pytest.approx(4.5 - 2.5)


def test_undated_answers_are_one_round():
    model = M.model_from_frame(pd.DataFrame({"Dimension": ["X"], "Statement": ["x"]}))
    rows = [("R1", "", None, "X", "x", 2), ("R2", "", None, "X", "x", 4)]
    r = M.maturity_scores(answers(rows), model)
    assert r.overall == pytest.approx(3.0) and r.round_start is None and r.problems.empty


# ----------------------------------------------------------------------------- problems


def test_invalid_answers_are_reported_not_used():
    model = small_model()
    rows = [
        ("R1", "Sales", "2026-01-10", "A", "a1", 4),
        ("R1", "Sales", "2026-01-10", "A", "a2", 6),  # outside 1-5
        ("R1", "Sales", "2026-01-10", "B", "b1", 0),  # outside 1-5
        ("R1", "Sales", "2026-01-10", "B", "b2", "lots"),  # not a number
        ("R1", "Sales", "2026-01-10", "B", "b9", 1),  # statement not in the model
        ("R1", "Sales", "2026-01-10", "B", "b1", None),  # no score
        ("R1", "Sales", "2026-01-10", "Z", "", 1),  # unknown dimension, no statement
        ("R1", "Sales", "2026-01-10", "C", "c1", 2),
        ("R1", "Sales", "2026-01-10", "B", "B2.", 3),  # statement matches ignoring case and the full stop
    ]
    r = M.maturity_scores(answers(rows), model)
    p = r.problems
    assert list(p.columns) == M.PROBLEM_COLUMNS
    assert p["problem"].tolist() == ["score outside 1-5", "score outside 1-5", "score is not a number",
                                     "statement is not in the maturity model", "no score",
                                     "dimension is not in the maturity model"]
    assert p["row"].tolist() == [2, 3, 4, 5, 6, 7]
    assert p["value"].tolist()[:5] == ["6", "0", "lots", "b9", ""]
    assert set(p["action"]) == {"answer not used"}
    d = dims(r)
    assert d.at["A", "score"] == 4 and d.at["A", "n_answers"] == 1
    assert d.at["B", "score"] == 3 and d.at["B", "n_answers"] == 1
    assert d.at["C", "score"] == 2


def test_duplicates_and_moved_statements_are_reported():
    model = small_model()
    rows = [("R1", "S", "2026-01-10", "A", "a1", 2), ("R1", "S", "2026-01-12", "A", "a1", 4),  # latest counts
            ("R1", "S", "2026-01-10", "C", "a2", 4),  # a2 belongs to A
            ("", "Ops", "2026-01-10", "C", "c1", 3), ("", "Ops", "2026-01-10", "C", "c1", 1)]  # two unnamed
    r = M.maturity_scores(answers(rows), model)
    problems = set(r.problems["problem"])
    assert "statement answered more than once by the same rater in the same round" in problems
    assert "statement is listed under another dimension in the answers" in problems
    assert "no rater name" in problems
    d = dims(r)
    assert d.at["A", "score"] == 4  # mean of a1 = 4 (latest) and a2 = 4
    # unnamed answers of one department are one rater, all their answers averaged: (3 + 1) / 2 = 2
    assert d.at["C", "n_raters"] == 1 and d.at["C", "score"] == 2 and r.n_raters == 2
    assert r.rater_scores["rater"].tolist()[-1] == "(no name, Ops)"


def test_no_usable_answer_raises_with_problems():
    model = small_model()
    with pytest.raises(M.MaturityError, match="None of the maturity answers") as err:
        M.maturity_scores(answers([("R", "D", "2026-01-10", "A", "zz", 3)]), model)
    assert len(err.value.problems) == 1


def test_rater_matrix_and_by_department():
    model = small_model()
    rows = (flat(model, {"A": 2, "B": 4, "C": 1}, rater="R1", dept="Sales")
            + flat(model, {"A": 4, "B": 2, "C": 3}, rater="R2", dept="Ops")
            + flat(model, {"A": 5, "B": 3, "C": 3}, rater="R3", dept="Ops")
            + flat(model, {"A": 1, "B": 1, "C": 1}, rater="R1", dept="Sales", date="2025-01-01"))  # older round
    m = M.rater_matrix(answers(rows), model)
    assert list(m.columns) == ["A", "B", "C"] and list(m.index) == ["R1", "R2", "R3"]
    assert m.loc["R1"].tolist() == [2, 4, 1]
    dep = M.by_department(answers(rows), model)
    assert list(dep.index) == ["A", "B", "C"] and list(dep.columns) == ["Ops", "Sales"]
    assert dep["Ops"].tolist() == pytest.approx([4.5, 2.5, 3.0])
    assert dep["Sales"].tolist() == pytest.approx([2.0, 4.0, 1.0])
    old = M.rater_matrix(answers(rows), model, round_date="2025-06-01")
    assert old.loc["R1"].tolist() == [1, 1, 1]


# ----------------------------------------------------------------------------- recommendations and evidence


def small_dataset(*, measured_everywhere: bool = False) -> cxlens.Dataset:
    """Catalogue T1 (Onboarding, owner Ops), T2 (Support, no owner), T3 (Support, owner CS), T4 (Renewal, owner Sales).

    Feedback (40 answers each): T1 all CSAT 5; T2 all CSAT 2; T3 half 5, half 1.
    Overall top-2-box = (40 + 0 + 20) / 120 = 50%; T2 (0%) is >= 10 points below: a hotspot with no owner.
    T3 (50%) is not. T4 (and so the Renewal stage) has no feedback unless ``measured_everywhere``.
    """
    tps = pd.DataFrame({"Touchpoint": ["T1", "T2", "T3", "T4"],
                        "Journey stage": ["Onboarding", "Support", "Support", "Renewal"],
                        "Owner": ["Ops", "", "CS", "Sales"], "Channel": ["Web", "Phone", "Chat", "Email"]})
    fb = []
    day = pd.Timestamp("2026-02-01")
    for i in range(40):
        fb.append((f"A{i}", day, "Onboarding", "T1", 5))
        fb.append((f"B{i}", day, "Support", "T2", 2))
        fb.append((f"C{i}", day, "Support", "T3", 5 if i % 2 else 1))
        if measured_everywhere:
            fb.append((f"D{i}", day, "Renewal", "T4", 4))
    feedback = pd.DataFrame(fb, columns=["Response ID", "Date", "Journey stage", "Touchpoint", "CSAT (1-5)"])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        tps.to_excel(xw, sheet_name="Touchpoints", index=False)
        feedback.to_excel(xw, sheet_name="Feedback", index=False)
    return cxlens.load(buf.getvalue(), filename="small.xlsx")


def weak_measurement_result(model=None):
    """Default model: Measurement 1.5 (floor, Investigate), Journey 2.0 and Governance 2.0 (Initiate), others 3.0.

    Overall (1.5 + 2 + 2 + 4 * 3) / 7 = 2.5 -> Initiate; targets = Mobilize cut-off 2.6:
    gaps Measurement 1.1, Journey 0.6, Governance 0.6 (tie -> model order), others 0.
    """
    model = model or M.load_model()
    scores = {d.name: 3.0 for d in model.dimensions}
    scores.update({"Measurement & feedback": 1.5, "Journey management & design": 2.0, "Governance & alignment": 2.0})
    return M.maturity_scores(answers(flat(model, scores)), model)


def test_evidence_rules_on_a_small_dataset():
    ds = small_dataset()
    assert M.touchpoints_without_metric(ds) == ["T4"]
    assert M.stages_without_metric(ds) == ["Renewal"]
    hs = M.margin_hotspots(ds)
    assert hs["touchpoint"].tolist() == ["T2"] and hs.at[0, "owner"] == ""
    assert hs.at[0, "csat"] == 0 and hs.at[0, "csat_n"] == 40
    e = M.evidence("hotspots_without_owner", ds)
    assert e.items == ("T2",)
    assert e.text == "1 of 1 friction hotspots has no owner in the touchpoint catalogue: T2 (CSAT 0% vs 50% overall)."
    assert M.evidence("touchpoints_without_metric", ds).text == (
        "1 of 4 touchpoints in the catalogue has no feedback scores: T4.")
    assert M.evidence("no_journey_kpis", ds).text == "1 journey stage has no metric at all: Renewal."
    full = small_dataset(measured_everywhere=True)
    assert M.evidence("touchpoints_without_metric", full).items == ()
    assert M.evidence("no_journey_kpis", full).text.startswith("Every journey stage in the data")


def test_recommendations_order_without_data():
    r = weak_measurement_result()
    assert r.stage == "Initiate" and r.floor_dimensions == ["Measurement & feedback"]
    rec = M.recommend(r)
    assert list(rec.columns) == M.RECOMMENDATION_COLUMNS
    assert rec["rank"].tolist() == [1, 2, 3]
    assert rec["dimension"].tolist() == ["Measurement & feedback", "Journey management & design",
                                         "Governance & alignment"]
    assert rec["project"].tolist() == ["Add a short CSAT or effort question at every key touchpoint",
                                       "Map the two most important customer journeys end to end",
                                       "Start a monthly cross-department CX forum"]
    assert rec["stage"].tolist() == ["Investigate", "Initiate", "Initiate"]
    assert rec.at[0, "evidence"].startswith("Load feedback")  # has an evidence rule, but no data given
    assert rec.at[1, "evidence"] == ""  # no evidence rule
    assert bool(rec.at[0, "floor"]) and rec.at[0, "gap"] == pytest.approx(1.1)


def test_recommendations_with_evidence_from_data():
    r = weak_measurement_result()
    rec = M.recommend(r, dataset=small_dataset(), top=5)
    # round 1: best project per dimension in need order; round 2: second projects
    assert rec["project"].tolist() == [
        "Add a short CSAT or effort question at every key touchpoint",
        "Map the two most important customer journeys end to end",
        "Start a monthly cross-department CX forum",
        "Define one KPI per key journey and review it monthly",
        "Name an owner for every key journey and friction hotspot",
    ]
    assert rec.at[0, "evidence_items"] == ["T4"]
    assert rec.at[2, "evidence"].endswith("T2 (CSAT 0% vs 50% overall).")
    assert rec.at[3, "evidence"] == "1 journey stage has no metric at all: Renewal."
    assert rec.at[4, "evidence_items"] == ["T2"]
    assert all("<" not in t for t in rec["evidence"])  # plain text


def test_recommendation_whose_evidence_finds_nothing_is_not_made():
    """Issue #15 fault 4: "Add a CSAT question at every touchpoint" was recommended with the evidence "every
    touchpoint in the catalogue has feedback scores". A recommendation is only made when its evidence
    supports it."""
    sheet = pd.DataFrame({"Dimension": ["M", "M"], "Statement": ["m1", "m2"]})
    recs = pd.DataFrame({"Dimension": ["M", "M"], "Stages": ["Investigate", "Investigate, Initiate"],
                         "Project": ["Measure every touchpoint", "Review the scores monthly"],
                         "Why": ["w1", "w2"], "Evidence": ["touchpoints_without_metric", ""]})
    model = M.model_from_frame(sheet, recommendations=recs)
    r = M.maturity_scores(answers(flat(model, {"M": 1.2})), model)
    assert M.recommend(r, top=1)["project"].tolist() == ["Measure every touchpoint"]  # no data: cannot tell
    assert M.recommend(r, dataset=small_dataset(), top=1)["project"].tolist() == ["Measure every touchpoint"]
    covered = M.recommend(r, dataset=small_dataset(measured_everywhere=True), top=2)
    assert covered["project"].tolist() == ["Review the scores monthly"]  # the other is done, says the data
    # the only recommendation is contradicted by the data: the generic project says why
    only = M.model_from_frame(sheet, recommendations=recs.iloc[:1])
    r = M.maturity_scores(answers(flat(only, {"M": 1.2})), only)
    rec = M.recommend(r, dataset=small_dataset(measured_everywhere=True), top=2)
    assert rec["project"].tolist() == ["Agree one improvement project for M"]
    assert rec.at[0, "why"] == ("This is one of the weakest dimensions, and your data shows that the maturity model's "
                                "recommendation for it at this stage is already in place: Measure every touchpoint "
                                "(Every touchpoint in the catalogue (4) has feedback scores).")
    assert rec.at[0, "evidence"] == ""


def test_evidence_supports_rule():
    assert M.evidence_supports(None)  # no evidence rule
    assert M.evidence_supports(M.Evidence("touchpoints_without_metric", "No catalogue.", computed=False))
    assert M.evidence_supports(M.Evidence("touchpoints_without_metric", "1 of 4 ...: T4.", ("T4",)))
    assert not M.evidence_supports(M.Evidence("touchpoints_without_metric", "Every touchpoint ... has scores."))


def owned_and_measured_dataset() -> cxlens.Dataset:
    """Evidence that says the opposite of every rule: catalogue T1 (Onboarding, owner Ops), T2 (Support, owner
    CS), T3 (Renewal, owner Sales); 40 answers each, all CSAT 4 and CES 2. Every touchpoint and stage has
    scores; no hotspot (every touchpoint's top-2-box 100% = overall; high effort 0% = overall), so none lacks
    an owner."""
    tps = pd.DataFrame({"Touchpoint": ["T1", "T2", "T3"], "Journey stage": ["Onboarding", "Support", "Renewal"],
                        "Owner": ["Ops", "CS", "Sales"]})
    fb = [(f"{t}{i}", pd.Timestamp("2026-02-01"), stage, t, 4, 2)
          for i in range(40) for t, stage in (("T1", "Onboarding"), ("T2", "Support"), ("T3", "Renewal"))]
    feedback = pd.DataFrame(fb, columns=["Response ID", "Date", "Journey stage", "Touchpoint", "CSAT (1-5)",
                                         "CES (1-7)"])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        tps.to_excel(xw, sheet_name="Touchpoints", index=False)
        feedback.to_excel(xw, sheet_name="Feedback", index=False)
    return cxlens.load(buf.getvalue(), filename="owned.xlsx")


def _every_candidate(model: M.MaturityModel, dataset) -> pd.DataFrame:
    """Every recommendation :func:`recommend` makes at any stage: all dimensions answered at each stage's cut-off
    (+0.1), ``top`` large enough for every candidate."""
    out = []
    for stage in model.stages:
        score = min(stage.min_score + 0.1, model.scale_max)
        r = M.maturity_scores(answers(flat(model, {d.name: score for d in model.dimensions})), model)
        out.append(M.recommend(r, model, dataset=dataset, top=10 * len(model.recommendations) + 10))
    return pd.concat(out, ignore_index=True)


def test_no_recommendation_is_contradicted_by_its_evidence_for_any_rule():
    """Goes over every evidence rule and every default recommendation with one: with data where the evidence
    says the opposite (nothing to fix), none of them is made; with data where it finds something to fix,
    each is made with that evidence."""
    model = M.load_model()
    with_rule = [r for r in model.recommendations if r.evidence]
    assert {r.evidence for r in with_rule} == set(M.EVIDENCE_KEYS)  # the default model uses every rule
    opposite = owned_and_measured_dataset()
    for key in M.EVIDENCE_KEYS:
        ev = M.evidence(key, opposite)
        assert ev.computed and ev.items == (), (key, ev.text)  # the data says there is nothing to fix
    made = _every_candidate(model, opposite)
    assert not set(made["project"]) & {r.project for r in with_rule}
    assert (made["evidence_key"] == "").all()
    assert not any(M.evidence_supports(M.evidence(key, opposite)) for key in M.EVIDENCE_KEYS)
    # the same rules where the data finds something (small_dataset: T4/Renewal unmeasured, T2 an unowned hotspot)
    supported = _every_candidate(model, small_dataset())
    assert {r.project for r in with_rule} <= set(supported["project"])
    for _, row in supported[supported["evidence_key"] != ""].iterrows():
        assert row["evidence_items"], row["project"]


def test_dimension_without_recommendation_gets_a_generic_project():
    model = small_model()
    r = M.maturity_scores(answers(flat(model, {"A": 3, "B": 2, "C": 1})), model)
    rec = M.recommend(r, top=2)
    assert rec["dimension"].tolist() == ["C", "B"]
    assert rec.at[0, "project"] == "Agree one improvement project for C"


# ----------------------------------------------------------------------------- figures


def xss_inputs():
    sheet = pd.DataFrame({"Dimension": [XSS, "B", "C"], "Statement": ["x1", "b1", "c1"]})
    stages = pd.DataFrame({"Stage": ["<b>Low</b>", "High"], "Min score": [1, 3]})
    model = M.model_from_frame(sheet, stages=stages)
    rows = [("<script>alert(2)</script>", XSS, "2026-01-10", XSS, "x1", 1),
            ("Bob", "Ops", "2026-01-10", XSS, "x1", 5),
            ("Bob", "Ops", "2026-01-10", "B", "b1", 3), ("Bob", "Ops", "2026-01-10", "C", "c1", 4)]
    a = answers(rows)
    return model, a, M.maturity_scores(a, model)


def test_figures_escape_user_text():
    model, a, r = xss_inputs()
    figs = [MF.radar_figure(r, overlay=M.by_department(a, model), show_previous=True),
            MF.dimension_spread_figure(r, M.rater_matrix(a, model)),
            MF.stage_figure(r)]
    radar = figs[0].to_json()
    assert "&lt;img src=x onerror=alert(1)&gt;" in json.dumps(json.loads(radar)["data"])  # escaped label present
    for fig in figs:
        text = json.dumps(json.loads(fig.to_json()))  # decoded: \u003c -> <
        assert "<img" not in text and "<script" not in text and "<b>Low" not in text


def test_radar_scale_and_styles(sample_dataset):
    ds = sample_dataset
    r = M.maturity_scores(ds.maturity)
    fig = MF.radar_figure(r, overlay=M.by_department(ds.maturity)[["Executive team", "Customer Service"]])
    assert list(fig.layout.polar.radialaxis.range) == [1, 5]
    names = [t.name for t in fig.data]
    assert names == ["Executive team", "Customer Service", "Target", "Current"]
    dashes = [t.line.dash for t in fig.data]
    assert len(set(dashes)) == len(dashes)  # every series has its own dash (solid = None for Current)
    colours = [t.line.color for t in fig.data]
    assert len(set(colours)) == len(colours)
    current = fig.data[-1]
    assert len(current.r) == 8 and current.r[0] == current.r[-1]  # closed polygon over 7 dimensions
    spread = MF.dimension_spread_figure(r, M.rater_matrix(ds.maturity))
    assert any("raters disagree" in str(t) for t in spread.layout.yaxis.ticktext)
    stage = MF.stage_figure(r)
    assert stage.layout.xaxis.range == (1, 5)
    assert len(stage.layout.shapes) == 6  # 5 stage bands + the overall marker line


# ----------------------------------------------------------------------------- the sample's planted patterns


def test_sample_planted_patterns(sample_dataset):
    ds = sample_dataset
    current = M.maturity_scores(ds.maturity)
    first = M.maturity_scores(ds.maturity, round_date="2026-03-15")
    assert current.problems.empty
    assert current.round_start == pd.Timestamp("2026-09-15") and first.round_start == pd.Timestamp("2026-03-15")
    assert len(current.rounds) == 2 and current.n_raters == 8
    for r in (first, current):
        assert r.floor_dimensions == ["Measurement & feedback"]
        assert r.disagreement_dimensions == ["Strategy & leadership"]
        assert r.stage == "Mobilize"
    d = dims(current)
    assert d.at["Measurement & feedback", "change"] == pytest.approx(0.5, abs=0.01)
    assert d.drop("Measurement & feedback")["change"].abs().max() < 0.15
    assert d.at["Strategy & leadership", "spread"] == pytest.approx(1.20, abs=0.01)
    assert current.overall == pytest.approx(2.75, abs=0.005) and first.overall == pytest.approx(2.68, abs=0.005)
    # In March the floor (1.66, Investigate) held the organisation at Initiate; by September it no longer does.
    assert first.capped and first.stage_capped_by_floor == "Initiate"
    assert not current.capped and current.stage_capped_by_floor == "Mobilize"
    dep = M.by_department(ds.maturity)
    assert dep.at["Strategy & leadership", "Executive team"] == 5
    assert dep.at["Strategy & leadership", "Customer Service"] < 1.5
    rec = M.recommend(current, dataset=ds)
    assert rec.at[0, "dimension"] == "Measurement & feedback"
    owner = rec[rec["evidence_key"] == "hotspots_without_owner"]
    assert owner["evidence_items"].iloc[0] == ["Moving home transfer"]


# ----------------------------------------------------------------------------- custom model files (upload)


def xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    from cxlens import export

    return export.to_xlsx_bytes(sheets)


def test_every_problem_of_a_model_sheet_is_reported_at_once():
    bad = pd.DataFrame({
        "Dimension": ["A", "A", None, "B", "C", "D"],
        "Statement": ["a1", "a1.", "x", None, "c1", "d1"],
        "Weight": [1, 2, None, None, 0, "heavy"],
    })
    stages = pd.DataFrame({"Stage": ["Low", "High"], "Min score": [2, "lots"]})
    with pytest.raises(M.ModelSheetError) as err:
        M.model_from_frame(bad, stages=stages)
    # spreadsheet rows: header is row 1, so the frame's first row is row 2
    assert err.value.problems == [
        "The statement 'a1.' appears more than once in the maturity model sheet (rows 2 and 3). "
        "Each statement may appear only once.",
        "Row 4 of the maturity model sheet has a statement but no dimension.",
        "Row 6 of the maturity model sheet: the weight of 'C' must be a number above 0 (found '0').",
        "Row 7 of the maturity model sheet: the weight of 'D' must be a number above 0 (found 'heavy').",
        "The dimension 'A' has different weights on rows 2, 3. The weight belongs to the dimension: use one value "
        "(or fill it in on one row only).",
        "The dimension 'B' has no statements in the maturity model sheet. Add at least one statement or remove "
        "the dimension.",
        "Row 3 of the stages sheet needs a lowest score (a number) for 'High'.",
        "The first stage must start at 1 (the lowest possible score) so that every score has a stage; it starts "
        "at 2.",
    ]
    assert str(err.value).startswith("The maturity model has 8 problems: (1) The statement 'a1.'")


def test_default_model_round_trips_through_its_download():
    default = M.load_model()
    sheets = M.model_sheets(default)
    assert list(sheets) == ["Model", "Stages", "Recommendations", "Read me"]
    assert sheets["Model"].shape == (28, 4) and sheets["Stages"]["Min score"].tolist() == [1, 1.8, 2.6, 3.4, 4.2]
    assert sheets["Recommendations"].iloc[0].tolist()[:3] == [
        "Strategy & leadership", "Investigate; Initiate", "Write a one-page CX vision with the leadership team"]
    from cxlens import export

    back = M.read_model_file(xlsx(sheets), "cxlens_maturity_model.xlsx")
    assert back.name == "Custom model (cxlens_maturity_model)"
    assert M.model_fingerprint(back) == M.model_fingerprint(default)
    assert back.dimensions == default.dimensions and back.stages == default.stages
    assert back.recommendations == default.recommendations
    # the statements-only CSV keeps the default stages and recommendations: the same model again
    csv_back = M.read_model_file(export.to_csv_bytes(sheets["Model"]), "statements.csv")
    assert M.model_fingerprint(csv_back) == M.model_fingerprint(default)
    assert M.model_from_dict(M.model_to_dict(default)) == default


def test_fingerprint_follows_what_is_answered_and_scored():
    model = small_model()
    same = M.model_from_frame(pd.DataFrame({"Dimension": ["A", "A", "B", "B", "C"],
                                            "Statement": ["a1", "a2", "b1", "b2", "c1"], "Weight": [2, 2, 1, 1, 1]}),
                              name="Another name")
    assert M.model_fingerprint(same) == M.model_fingerprint(model)  # the name does not matter
    heavier = M.model_from_frame(pd.DataFrame({"Dimension": ["A", "A", "B", "B", "C"],
                                               "Statement": ["a1", "a2", "b1", "b2", "c1"], "Weight": [3, 3, 1, 1, 1]}))
    reworded = M.model_from_frame(pd.DataFrame({"Dimension": ["A", "A", "B", "B", "C"],
                                                "Statement": ["a1", "a2!", "b1", "b2", "c1"], "Weight": [2, 2, 1, 1, 1]}))
    fps = {M.model_fingerprint(m) for m in (model, heavier, reworded)}
    assert len(fps) == 3 and all(len(f) == 16 for f in fps)


def test_model_file_rows_are_the_spreadsheets_rows_and_sheets_are_named():
    model = pd.DataFrame({"Dimension": ["A", None, "A"], "Statement": ["a1", None, "a1"]})  # row 3 left blank
    recs = pd.DataFrame({"Dimension": ["Nope"], "Stages": ["Scale"], "Project": ["Do it"]})
    with pytest.raises(M.ModelSheetError) as err:
        M.read_model_file(xlsx({"My model": model, "Projects": recs}), "m.xlsx")
    assert err.value.problems == [
        "The statement 'a1' appears more than once in the maturity model sheet (rows 2 and 4). "
        "Each statement may appear only once.",
        "Row 2 of the recommendations sheet 'Projects' is for the dimension 'Nope', which is not in the model.",
    ]


@pytest.mark.parametrize("data, name, message", [
    (b"", "m.csv", "The file is empty (0 bytes)."),
    (b"%PDF-1.4 not a sheet", "m.xlsx", "This file is a PDF document, not a spreadsheet."),
    (b"PK\x03\x04 not really a workbook", "m.xlsx", "The workbook is damaged"),
    (b"Area,Text\nA,a1\n", "m.csv", "No sheet has a 'Dimension' and a 'Statement' column"),
    (b"x" * (M.MODEL_MAX_BYTES + 1), "m.csv", "The file is 2.1 MB; a maturity model file may be at most 2 MB."),
])
def test_unusable_model_files_are_refused_with_one_clear_message(data, name, message):
    with pytest.raises(M.ModelSheetError) as err:
        M.read_model_file(data, name)
    assert len(err.value.problems) == 1 and err.value.problems[0].startswith(message)
    assert "Traceback" not in str(err.value)


def test_model_limits():
    many = pd.DataFrame({"Dimension": [f"D{i % 25}" for i in range(151)], "Statement": [f"s{i}" for i in range(151)]})
    with pytest.raises(M.ModelSheetError) as err:
        M.model_from_frame(many)
    assert err.value.problems == [
        "The maturity model has 25 dimensions; the limit is 20. Merge related dimensions.",
        "The maturity model has 151 statements; the limit is 150 (a questionnaire people finish). Remove statements.",
    ]
    long = pd.DataFrame({"Dimension": ["A"], "Statement": ["w" * 501]})
    with pytest.raises(M.ModelSheetError, match="is 501 characters long; the limit is 500"):
        M.model_from_frame(long)


def test_uploaded_model_scores_its_own_answers_and_reports_others():
    # A (weight 3): a1, a2; B (weight 1): b1
    data = b"Dimension,Statement,Weight\nA,a1,3\nA,a2,\nB,b1,1\n"
    model = M.read_model_file(data, "two.csv")
    assert model.weights == {"A": 3.0, "B": 1.0} and model.stages == M.load_model().stages
    rows = [("Ann", "Ops", "2026-05-04", "A", "a1", 4), ("Ann", "Ops", "2026-05-04", "A", "a2", 2),
            ("Ann", "Ops", "2026-05-04", "B", "b1", 5),
            ("Ann", "Ops", "2026-05-04", "Strategy & leadership",
             "We have a written customer-experience vision that everyone can explain in one sentence", 1)]
    r = M.maturity_scores(answers(rows), model)
    # A = (4 + 2) / 2 = 3; B = 5; overall = (3 * 3 + 1 * 5) / 4 = 3.5 -> Scale (from 3.4)
    assert dims(r)["score"].tolist() == [3.0, 5.0]
    assert r.overall == 3.5 and r.stage == "Scale"
    # the answer to a default-model statement is listed, not silently scored
    assert r.problems[["row", "problem", "action"]].values.tolist() == [
        [4, "statement is not in the maturity model", "answer not used"]]


def test_export_of_scores_and_answers_neutralises_formulas():
    import openpyxl

    from cxlens import export

    sheet = pd.DataFrame({"Dimension": ["@SUM(A1)", "B"], "Statement": ["-2+3", "=1+1"]})
    model = M.model_from_frame(sheet)
    rows = [("=HYPERLINK(\"http://evil\",\"x\")", "+cmd", "2026-05-04", "@SUM(A1)", "-2+3", 2),
            ("Bo", "Ops", "2026-05-04", "B", "=1+1", 4)]
    a = answers(rows)
    r = M.maturity_scores(a, model)
    sheets = M.export_sheets(r, a, M.recommend(r, model))
    assert list(sheets) == ["Scores", "Answers", "Recommendations"]
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(sheets)))
    answers_ws = [[c.value for c in row] for row in book["Answers"].iter_rows(min_row=2)]
    assert [row[0] for row in answers_ws] == ["'=HYPERLINK(\"http://evil\",\"x\")", "Bo"]
    assert [row[1] for row in answers_ws] == ["'+cmd", "Ops"]
    assert [row[3:] for row in answers_ws] == [["'@SUM(A1)", "'-2+3", 2], ["B", "'=1+1", 4]]
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)
    header = [c.value for c in book["Scores"][1]]
    assert header[:3] == ["dimension", "weight", "score"]
    scores = [[c.value for c in row][0:3:2] for row in book["Scores"].iter_rows(min_row=2)]
    assert scores == [["'@SUM(A1)", 2], ["B", 4]]  # dimension names neutralised, scores stay numbers
    text = export.to_csv_bytes(sheets["Answers"]).decode("utf-8-sig").splitlines()
    assert text[1].startswith('"\'=HYPERLINK') and ",'+cmd," in text[1] and text[2].endswith(",B,'=1+1,4.0")


# ----------------------------------------------------------------------------- whose assessment; a sheet's own model


def test_assessment_for_each_data_set_workspace_and_shared_name():
    sample = M.assessment_for("", data_key="d" * 64, is_sample=True)
    assert (sample.key, sample.shared, sample.default) == ("default", False, True)
    assert M.assessment_for(None, data_key=None, is_sample=False).key == "default"  # nothing loaded
    upload = M.assessment_for("  ", data_key="abc123", is_sample=False)
    assert (upload.key, upload.shared, upload.default) == ("data:abc123", False, False)
    assert upload.label == "this data's own assessment"
    workspace = M.assessment_for("", data_key="workspace:7", is_sample=False)
    assert workspace.key == "data:workspace:7"
    shared = M.assessment_for(" board 2030 ", data_key="abc123", is_sample=False)
    assert (shared.key, shared.shared, shared.label) == ("board 2030", True, "assessment “board 2030”")
    typed_default = M.assessment_for("default", data_key="abc123", is_sample=False)
    assert typed_default.default and M.model_fixed_to_default(typed_default.key)
    assert not M.model_fixed_to_default("data:abc123") and not M.model_fixed_to_default("board 2030")
    with pytest.raises(ValueError, match="may not start with 'data:'"):
        M.assessment_for("Data:abc123", data_key=None, is_sample=True)


def own_answers() -> pd.DataFrame:
    """Service: s1, s2; Digital: d1 (first seen in this order). Ann answers all, Ben s2, d1 and (by mistake)
    an old default statement."""
    old = M.load_model().dimensions[0].statements[0]
    return answers([("Ann", "Ops", "2026-05-04", "Service", "s1", 4), ("Ann", "Ops", "2026-05-04", "Service", "s2", 2),
                    ("Ann", "Ops", "2026-05-04", "Digital", "d1", 5), ("Ben", "IT", "2026-05-04", "Service", "s2", 3),
                    ("Ben", "IT", "2026-05-04", "Digital", "d1", 3),
                    ("Ben", "IT", "2026-05-04", "Strategy & leadership", old, 1)])


def test_model_from_answers_keeps_the_sheets_order_and_scores_its_answers():
    a = own_answers()
    model = M.model_from_answers(a)
    assert [(d.name, d.statements, d.weight) for d in model.dimensions] == [
        ("Service", ("s1", "s2"), 1.0), ("Digital", ("d1",), 1.0),
        ("Strategy & leadership", (M.load_model().dimensions[0].statements[0],), 1.0)]
    assert model.dimensions[2].id == "strategy"  # named like a default dimension: keeps its id
    assert model.stage_names == M.load_model().stage_names
    r = M.maturity_scores(a, model)
    # Service: Ann (4 + 2) / 2 = 3, Ben 3 -> 3; Digital: Ann 5, Ben 3 -> 4; Strategy: Ben 1.
    # Overall (3 + 4 + 1) / 3 = 2.667 -> Mobilize (2.6); the floor (1, Investigate) caps it at Initiate
    d = dims(r)
    assert d.at["Service", "score"] == 3 and d.at["Digital", "score"] == 4
    assert d.at["Strategy & leadership", "score"] == 1
    assert r.overall == pytest.approx(8 / 3) and r.stage == "Mobilize" and r.stage_capped_by_floor == "Initiate"
    assert r.problems.empty


def test_a_statement_under_two_dimensions_cannot_define_a_model():
    a = answers([("Ann", "", "2026-05-04", "Service", "s1", 4), ("Ben", "", "2026-05-04", "Digital", "s1", 2)])
    with pytest.raises(M.ModelSheetError, match="'s1' is answered under 'Service' and under 'Digital'"):
        M.model_from_answers(a)
    assert M.sheet_model_offer(a, M.load_model()) is None


def test_sheet_model_is_offered_when_most_of_its_statements_are_not_in_the_model():
    default = M.load_model()
    # 4 distinct statements, 1 in the default model: 3 / 4 unknown >= half -> offered
    offer = M.sheet_model_offer(own_answers(), default)
    assert offer is not None and sum(len(d.statements) for d in offer.dimensions) == 4
    # the same sheet against its own model: nothing to offer
    assert M.sheet_model_offer(own_answers(), offer) is None
    # 4 distinct statements, 2 unknown: exactly half -> offered; 1 unknown of 4 -> not (a typo is a problem)
    known = [s for d in default.dimensions for s in d.statements]
    half = answers([("A", "", "2026-05-04", "X", "x1", 3), ("A", "", "2026-05-04", "X", "x2", 3),
                    ("A", "", "2026-05-04", default.dimensions[0].name, known[0], 3),
                    ("A", "", "2026-05-04", default.dimensions[0].name, known[1], 3)])
    assert M.sheet_model_offer(half, default) is not None
    typo = answers([("A", "", "2026-05-04", "X", "x1", 3)]
                   + [("A", "", "2026-05-04", default.dimensions[0].name, s, 3) for s in known[:3]])
    assert M.sheet_model_offer(typo, default) is None
    # the sample's sheet answers the default model: not its own model, on the default or a custom one
    assert M.sheet_model_offer(answers([("A", "", "2026-05-04", "", known[0], 3)]), default) is None
    default_sheet = answers([("A", "", "2026-05-04", d.name, s, 3) for d in default.dimensions for s in d.statements])
    assert M.sheet_model_offer(default_sheet, small_model()) is None
