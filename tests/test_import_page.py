"""The Import page's correction flows through AppTest."""

import json

from streamlit.testing.v1 import AppTest

from .conftest import ROOT

WIDE = ("id,Class,Wifi,Seat comfort,Food,Boarding\n" + "".join(
    f"{i},{'Eco' if i % 2 else 'Business'},{1 + i % 5},{1 + (i * 3) % 5},{1 + (i * 2) % 5},{1 + (i * 4) % 5}\n"
    for i in range(60))).encode()


def _import_page(payload: bytes, name: str = "wide.csv") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["cxlens_payloads"] = ((name, payload),)
    at.run()
    at.switch_page("pages/import_data.py").run()
    assert not at.exception
    return at


def test_wide_survey_stages_assigned_in_bulk():
    at = _import_page(WIDE)
    assert any("have no stage" in i.value for i in at.info)
    at.text_input(key="assign_stage").input("In-flight")
    at.multiselect(key="assign_touchpoints").set_value(["Wifi", "Seat comfort", "Food"])
    submit = [b for b in at.button if b.label == "Assign and apply"][0]
    submit.click().run()
    assert not at.exception
    recipe = json.loads(at.session_state["cxlens_recipe"]["json"])
    assert recipe["stage_map"] == {"Wifi": "In-flight", "Seat comfort": "In-flight", "Food": "In-flight"}
    # the data was reloaded with the recipe: one touchpoint is still unassigned
    at.run()
    info = [i.value for i in at.info]
    assert any("1 touchpoint(s) have no stage" in v for v in info)


def test_scale_correction_is_applied():
    at = _import_page(WIDE)
    at.selectbox(key="wm:wide.csv").set_value("rating")
    [b for b in at.button if b.label == "Apply corrections"][0].click().run()
    assert not at.exception
    recipe = json.loads(at.session_state["cxlens_recipe"]["json"])
    assert recipe["tables"]["wide.csv"]["wide_metric"] == "rating"
    at.switch_page("pages/overview.py").run()
    labels = [m.label for m in at.metric]
    assert "Mean rating" in labels and "CSAT" not in labels


def test_reset_returns_to_detected_settings():
    at = _import_page(WIDE)
    [b for b in at.button if b.label == "Apply corrections"][0].click().run()
    assert "cxlens_recipe" in at.session_state
    [b for b in at.button if b.label == "Reset to detected settings"][0].click().run()
    assert "cxlens_recipe" not in at.session_state


def test_a_survey_platform_export_is_named_and_its_word_answers_shown():
    from . import corpus

    data, name = corpus.surveymonkey_csv()
    at = _import_page(data, name)
    info = [i.value for i in at.main.info]
    assert any("SurveyMonkey export" in v and "Grid questions are read as one rating per touchpoint" in v for v in info)
    captions = [c.value for c in at.main.caption]
    assert any("answers written as words were read as scores" in c and "Very dissatisfied = 1" in c for c in captions)
