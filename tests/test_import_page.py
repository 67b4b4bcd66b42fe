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


def test_encoding_can_be_chosen_and_the_file_is_read_again_with_it():
    """A cp1252 file read as another encoding shows wrong accents; choosing cp1252 on the Import page fixes them."""
    import json as _json

    from streamlit.testing.v1 import AppTest

    from .conftest import ROOT

    data = "Touchpoint;Note;Commentaire\nLivraison;4;très bien\nFacturation;2;trop cher, déçu\n".encode("cp1252")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["cxlens_payloads"] = (("avis.csv", data),)
    at.session_state["cxlens_recipe"] = {"for_sample": False, "json": _json.dumps(
        {"version": 1, "tables": {"avis.csv": {"encoding": "mac_roman"}}})}
    at.run()
    at.switch_page("pages/import_data.py").run()
    assert not at.exception
    box = at.selectbox(key="enc:avis.csv")
    assert box.value == "mac_roman"
    box.set_value("cp1252").run()
    at.button[[b.label for b in at.button].index("Apply corrections")].click().run()
    at.run()
    recipe = _json.loads(at.session_state["cxlens_recipe"]["json"])
    assert recipe["tables"]["avis.csv"]["encoding"] == "cp1252"
    shown = " ".join(str(v) for df in at.dataframe for v in df.value.astype(str).to_numpy().ravel())
    assert "trop cher, déçu" in shown


def test_a_metric_mapped_to_another_column_gets_its_own_scale():
    import cxlens

    data = b"Touchpoint,CSAT (1-5),Score B\nX,4,9\nY,2,7\nZ,5,10\nW,1,3\n"
    ds = cxlens.load(data, filename="s.csv")
    assert ds.recipe.scales["csat"]["max"] == 5 and ds.recipe.scales["csat"]["column"] == "CSAT (1-5)"
    recipe = ds.recipe
    recipe.tables["s.csv"]["columns"] = {"Touchpoint": "touchpoint", "CSAT (1-5)": "", "Score B": "csat"}
    again = cxlens.load(data, filename="s.csv", recipe=recipe)
    assert (again.recipe.scales["csat"]["max"], again.recipe.scales["csat"]["column"]) == (10, "Score B")
    assert again.feedback["csat"].tolist() == [9, 7, 10, 3]
