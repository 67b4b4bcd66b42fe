"""cxlens.inference, cxlens.layouts and cxlens.journey_columns on small hand-made tables: header
synonyms, scale hints, matrix items, the column mapping, which table a frame is, its layout
(long, wide, complaints), the touchpoint and stage columns guessed, and the questions asked."""

from __future__ import annotations

import pandas as pd
import pytest

from cxlens import inference, journey_columns, layouts, profiling


def profiled(frame: pd.DataFrame) -> dict:
    return profiling.profile_table(frame)


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize("table, header, canonical", [
    ("feedback", "Response ID", "response_id"),
    ("feedback", "CSAT (1-5)", "csat"),
    ("feedback", "How likely are you to recommend us?", "nps"),
    ("feedback", "Customer Effort Score", "ces"),
    ("feedback", "Journey stage", "stage"),
    ("feedback", "Touch point", "touchpoint"),
    ("feedback", "Kommentar", "comment"),
    ("feedback", "Date de la réponse", "date"),
    ("feedback", "Which segment best describes you?", "persona"),
    ("feedback", "Favourite colour", None),
    ("touchpoints", "Monthly volume", "volume"),
    ("opportunities", "Time criticality", "time_criticality"),
    ("maturity", "Statement", "question"),
])
def test_match_column(table, header, canonical):
    assert inference.match_column(table, header) == canonical


def test_match_columns_lists_every_reading_in_order():
    assert inference.match_columns("feedback", "Note") == ["rating", "comment"]


@pytest.mark.parametrize("header, hint", [
    ("Effort (CES 1-7)", (1, 7)), ("Rating 0-10", (0, 10)), ("Score (1 to 5)", (1, 5)), ("CSAT", None),
    ("Score (5-1)", None),
])
def test_scale_hint(header, hint):
    assert inference.scale_hint(header) == hint


def test_matrix_items_need_three_items_of_one_question():
    headers = ["How satisfied - Web", "How satisfied - App", "How satisfied - Shop", "Rate us [Web]",
               "Rate us [App]", "Comment"]
    assert inference.matrix_items(headers) == {"How satisfied - Web": "Web", "How satisfied - App": "App",
                                               "How satisfied - Shop": "Shop"}
    google = ["Rate us [Web]", "Rate us [App]", "Rate us [Phone]"]
    assert inference.matrix_items(google) == {"Rate us [Web]": "Web", "Rate us [App]": "App",
                                              "Rate us [Phone]": "Phone"}


def test_guess_mapping_first_header_wins_and_matrix_items_are_no_metric():
    headers = ["ID", "Touchpoint", "CSAT", "Satisfaction", "Sat - Web", "Sat - App", "Sat - Shop", "Comments"]
    assert inference.guess_mapping("feedback", headers) == {
        "ID": "response_id", "Touchpoint": "touchpoint", "CSAT": "csat", "Comments": "comment"}


def test_guess_mapping_prefers_the_end_date_of_a_survey():
    assert inference.guess_mapping("feedback", ["Start Date", "End Date", "CSAT"]) == {
        "End Date": "date", "CSAT": "csat"}


def test_a_french_note_of_prose_is_the_comment_with_profiles():
    frame = pd.DataFrame({"Note": [f"Le service numéro {i} était vraiment très lent aujourd'hui" for i in range(25)],
                          "Produit": ["A"] * 25})
    assert inference.guess_mapping("feedback", list(frame.columns), profiled(frame)) == {"Note": "comment"}
    stars = pd.DataFrame({"Note": [1, 2, 3, 4, 5] * 5, "Produit": ["A"] * 25})
    assert inference.guess_mapping("feedback", list(stars.columns), profiled(stars)) == {"Note": "rating"}


# --------------------------------------------------------------------------- which table


def test_classify_each_kind_of_table():
    feedback = pd.DataFrame({"Touchpoint": ["Web", "App"], "CSAT": [4, 5]})
    assert inference.classify(feedback)[0::2] == ("feedback", "response-level data")
    catalogue = pd.DataFrame({"Touchpoint": ["Web", "App"], "Stage": ["Buy", "Use"], "Monthly volume": [100, 50]})
    assert inference.classify(catalogue)[0] == "touchpoints"
    backlog = pd.DataFrame({"Opportunity": ["Fix checkout"], "Effort": [3], "Customer value": [8]})
    assert inference.classify(backlog, "Opportunities")[0] == "opportunities"
    maturity = pd.DataFrame({"Dimension": ["Strategy"], "Statement": ["We have a vision"], "Score": [3]})
    assert inference.classify(maturity)[0] == "maturity"
    notes = pd.DataFrame({"Field": ["CSAT"], "Description": ["Satisfaction 1-5"]})
    assert inference.classify(notes) == (None, {}, "looks like instructions or a data dictionary")
    assert inference.classify(pd.DataFrame({"Goal": ["Grow"], "Importance": ["high"]}), "Strategy")[2] == \
        "strategy goals (used by the Opportunities page)"
    assert inference.classify(pd.DataFrame({"Only": [1, 2]})) == (None, {}, "only one column")
    assert inference.classify(pd.DataFrame()) == (None, {}, "empty")


# --------------------------------------------------------------------------- layouts


def test_rating_like_columns():
    frame = pd.DataFrame({"Web": [1, 4, 5, 3], "Age": [34, 51, 29, 40], "Score": [0.5, 1.5, 2.0, 3.5],
                          "App": ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied"], "Flag": [True, False] * 2})
    assert layouts.rating_like_columns(frame, exclude=set()) == ["Web", "App"]
    assert layouts.rating_like_columns(frame, exclude={"Web"}) == ["App"]


def test_a_wide_survey_and_a_complaint_log():
    wide = pd.DataFrame({"Respondent": range(1, 25), "Website": [4, 5, 3] * 8, "Mobile app": [2, 3, 4] * 8,
                         "Call centre": [5, 4, 2] * 8})
    layout, info = layouts.detect_layout(wide, {"Respondent": "response_id"}, profiled(wide))
    assert layout == "wide" and info == {"value_columns": ["Website", "Mobile app", "Call centre"]}
    log = pd.DataFrame({"Issue": ["Billing", "Late delivery", "Billing"], "Product": ["Card", "Loan", "Card"],
                        "Date received": ["2026-01-01"] * 3})
    assert layouts.detect_layout(log, {"Date received": "date"}) == (
        "complaints", {"issue_column": "Issue", "product_column": "Product"})
    long = pd.DataFrame({"Touchpoint": ["Web"] * 3, "CSAT": [4, 5, 3]})
    assert layouts.detect_layout(long, {"Touchpoint": "touchpoint", "CSAT": "csat"}) == ("long", {})


def test_coded_ratings_are_asked_about_not_melted():
    frame = pd.DataFrame({"q1": [1, 2, 3, 4, 5] * 5, "q2": [2, 3, 4, 5, 1] * 5, "q3": [3, 4, 5, 1, 2] * 5,
                          "id": range(25)})
    layout, info = layouts.detect_layout(frame, {}, profiled(frame))
    assert layout == "long"
    (question,) = info["questions"]
    assert question["id"] == "ratings" and question["kind"] == "columns"
    assert question["options"] == ["q1", "q2", "q3"] and question["suggested"] == []
    assert "(1 to 5)" in question["text"]


def test_overall_questions_and_coded_headers():
    assert layouts.is_overall("Overall satisfaction") and layouts.is_overall("satOverall")
    assert layouts.is_overall("How likely will you choose us again?") and not layouts.is_overall("Seat comfort")
    assert layouts.coded_headers(["promoRate", "visit_no", "satClean", "gender_code", "ageBand"])
    assert not layouts.coded_headers(["Seat comfort", "Wifi", "Food", "Cleanliness", "Staff"])
    assert not layouts.coded_headers(["promoRate", "visit_no"])  # too few to judge


# --------------------------------------------------------------------------- journey columns


def test_a_label_column_named_like_a_product_is_the_touchpoint_and_its_department_the_stage():
    frame = pd.DataFrame({
        "Department Name": ["Tops", "Tops", "Bottoms", "Bottoms", "Dresses", "Dresses"] * 5,
        "Class Name": ["Blouses", "Knits", "Jeans", "Pants", "Dresses", "Dresses"] * 5,
        "Rating": [5, 4, 3, 2, 5, 4] * 5,
    })
    mapping = {"Rating": "rating"}
    assert journey_columns.guess_journey_columns(frame, mapping, profiled(frame)) == {
        "Class Name": "touchpoint", "Department Name": "stage"}


def test_customer_attributes_are_never_the_touchpoint_and_unclear_labels_are_asked():
    frame = pd.DataFrame({"Gender": ["F", "M", "X"] * 10, "Branch": ["North", "East", "West"] * 10,
                          "Rating": [1, 2, 3] * 10})
    profiles = profiled(frame)
    assert journey_columns.guess_journey_columns(frame, {"Rating": "rating"}, profiles) == {}
    question = journey_columns.journey_question(frame, {"Rating": "rating"}, profiles)
    assert question["id"] == "touchpoint" and question["kind"] == "column" and question["suggested"] == ""
    assert question["options"] == ["Gender", "Branch"]
    assert journey_columns.journey_question(frame, {"Rating": "rating", "Branch": "touchpoint"}, profiles) is None


# --------------------------------------------------------------------------- NPS question


def test_a_generic_zero_to_ten_score_asks_whether_it_is_nps():
    frame = pd.DataFrame({"Score": list(range(0, 11)) * 3})
    profiles = profiled(frame)
    question = inference.nps_question({"Score": "rating"}, profiles)
    assert question["id"] == "nps" and question["column"] == "Score"
    assert question["options"] == ["nps", "rating"] and question["suggested"] == "rating"
    assert inference.nps_question({"Score": "rating", "LTR": "nps"}, profiles) is None
    sat = pd.DataFrame({"Satisfaction score": list(range(0, 11)) * 3})
    assert inference.nps_question({"Satisfaction score": "csat"}, profiled(sat)) is None
