"""Survey-tool exports: scores written as words (cxlens.labels), grid questions, timestamps — on small hand-made files."""

import pandas as pd
import pytest

import cxlens
import cxlens.inference
from cxlens import labels


def _read(values, metric="csat", header=""):
    out, info = labels.read_scores(pd.Series(values, dtype="str"), metric, header)
    return out.tolist(), info


def test_a_five_point_satisfaction_scale():
    out, info = _read(["Very satisfied", "satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied",
                       "VERY DISSATISFIED", None, "4"])
    assert out[:5] == ["5", "4", "3", "2", "1"] and pd.isna(out[5]) and out[6] == "4"
    assert info["scale"] == "satisfaction (5 points)" and info["points"] == 5


def test_somewhat_next_to_plain_words_means_seven_points():
    out, info = _read(["Extremely satisfied", "Satisfied", "Somewhat satisfied", "Somewhat dissatisfied",
                       "Extremely dissatisfied"])
    assert info["scale"] == "satisfaction (7 points)"
    assert out == ["7", "6", "5", "3", "1"]


def test_agreement_and_quality_scales():
    assert _read(["Strongly agree", "Agree", "Strongly disagree"])[0] == ["5", "4", "1"]
    out, info = _read(["Excellent", "Very good", "Good", "Fair", "Poor"], metric="rating")
    assert out == ["5", "4", "3", "2", "1"] and info["scale"] == "quality (poor to excellent)"


def test_numbers_written_with_their_label():
    out, info = _read(["5 - Very satisfied", "1 - Very dissatisfied", "3", "Very satisfied (5)", "4 stars"])
    assert out == ["5", "1", "3", "5", "4"] and info["scale"] == "numbers with labels"


def test_recommendation_endpoints():
    out, _ = _read(["10 - Extremely likely", "Not at all likely", "7", "Extremely likely"], metric="nps")
    assert out == ["10", "0", "7", "10"]


def test_ease_words_in_an_effort_column_are_turned_round_unless_the_header_says_ease():
    words = ["Very easy", "Easy", "Difficult", "Very difficult"]
    assert _read(words, metric="ces", header="Customer effort")[0] == ["1", "2", "4", "5"]
    assert _read(words, metric="ces", header="Ease of getting help")[0] == ["5", "4", "2", "1"]


def test_a_stray_word_does_not_hide_the_scale_and_stays_for_the_number_parser():
    out, info = _read(["Satisfied"] * 3 + ["Very satisfied"] * 2 + ["Other"])
    assert out == ["4"] * 3 + ["5"] * 2 + ["Other"]
    assert info["labels"] == {"Satisfied": 4.0, "Very satisfied": 5.0}


def test_words_of_no_scale_and_numbers_are_left_alone():
    assert _read(["Web", "App", "Store"]) == (["Web", "App", "Store"], {})
    series = pd.Series([1.0, 2.0])
    assert labels.read_scores(series, "csat")[0] is series


def test_a_csat_column_of_words_is_read_and_its_words_kept_in_the_recipe():
    data = ("Touchpoint,Satisfaction,Comment\n"
            "Checkout,Very satisfied,\nCheckout,Dissatisfied,slow\nDelivery,Satisfied,\nDelivery,N/A,\n"
            "Delivery,Meh,\nReturns,Satisfied,\nReturns,Very dissatisfied,\n").encode()
    ds = cxlens.load(data, filename="words.csv")
    assert ds.feedback["csat"].tolist()[:3] == [5.0, 2.0, 4.0]
    assert ds.recipe.scales["csat"]["labels"] == {"Very dissatisfied": 1.0, "Dissatisfied": 2.0, "Satisfied": 4.0,
                                                  "Very satisfied": 5.0}
    assert (ds.recipe.scales["csat"]["min"], ds.recipe.scales["csat"]["max"]) == (1, 5)
    # 'N/A' is no answer; 'Meh' is no score: both missing and reported
    assert ds.problems[["row", "value", "problem"]].values.tolist() == [
        [5, "N/A", "no-answer code"], [6, "Meh", "not a number"]]


def test_a_two_way_satisfaction_label_is_not_read_as_a_five_point_score():
    """The airline file's 'satisfaction' (satisfied / neutral or dissatisfied) is a segment, not CSAT."""
    rows = ["satisfied"] * 9 + ["neutral or dissatisfied"] * 1
    data = ("Touchpoint,satisfaction\n" + "".join(f"Checkout,{r}\n" for r in rows)).encode()
    ds = cxlens.load(data, filename="binary.csv")
    assert ds.feedback["csat"].isna().all() and "satisfaction" in ds.feedback.columns
    assert "csat" not in ds.recipe.scales


def test_a_seven_point_scale_is_seven_points_even_if_few_are_used():
    data = ("Touchpoint,CSAT\n" + "Checkout,Somewhat satisfied\nCheckout,Satisfied\nDelivery,Somewhat dissatisfied\n"
            "Delivery,Dissatisfied\n").encode()
    scale = cxlens.load(data, filename="seven.csv").recipe.scales["csat"]
    assert (scale["min"], scale["max"]) == (1, 7)


def test_a_wide_survey_of_words_is_melted_like_one_of_numbers():
    data = ("ID,Website,App,Call centre\n"
            "1,Very satisfied,Satisfied,Dissatisfied\n2,Satisfied,,Very dissatisfied\n"
            "3,Neither satisfied nor dissatisfied,Very satisfied,Satisfied\n4,Satisfied,Satisfied,Dissatisfied\n").encode()
    ds = cxlens.load(data, filename="wide_words.csv")
    assert ds.sources["layout"].tolist() == ["wide"]
    means = ds.feedback.groupby("touchpoint", observed=True)["csat"].mean().to_dict()
    assert means == {"Website": 4.0, "App": 13 / 3, "Call centre": 2.25}


@pytest.mark.parametrize("header", ["How easy was it to get help?", "How much effort did it take?"])
def test_effort_questions_are_ces(header):
    assert cxlens.inference.match_column("feedback", header) == "ces"


def test_google_forms_grid_items_and_survey_tool_dates():
    headers = ["Timestamp", "Rate your visit [Booking]", "Rate your visit [Check-in]", "Rate your visit [Room]"]
    assert cxlens.inference.matrix_items(headers) == {
        "Rate your visit [Booking]": "Booking", "Rate your visit [Check-in]": "Check-in", "Rate your visit [Room]": "Room"}
    # the submission date wins over the start date, whatever the column order
    assert cxlens.inference.guess_mapping("feedback", ["Start Date (UTC)", "Submit Date (UTC)", "#"]) == {
        "Submit Date (UTC)": "date"}
    assert cxlens.inference.guess_mapping("feedback", ["Start time", "Completion time"]) == {"Completion time": "date"}
    assert cxlens.inference.guess_mapping("feedback", ["Start time", "Name"]) == {"Start time": "date"}


def test_a_google_forms_export_with_a_grid_of_word_answers_is_a_wide_survey():
    data = ("Timestamp,How satisfied were you? [Booking],How satisfied were you? [Check-in],"
            "How satisfied were you? [Room],Anything else?\n"
            "2026/03/14 10:05:00 AM GMT,Very satisfied,Satisfied,Dissatisfied,Noisy room\n"
            "2026/03/15 11:04:00 AM GMT,Satisfied,Very dissatisfied,Satisfied,\n"
            "2026/03/16 12:03:00 PM GMT,Very satisfied,Very satisfied,Satisfied,\n").encode()
    ds = cxlens.load(data, filename="google_forms.csv")
    fb = ds.feedback
    assert ds.sources["layout"].tolist() == ["wide"]
    assert fb.groupby("touchpoint", observed=True)["csat"].mean().to_dict() == {
        "Booking": 14 / 3, "Check-in": 10 / 3, "Room": 10 / 3}
    assert fb.loc[fb["touchpoint"].isna(), "comment"].tolist() == ["Noisy room"]


@pytest.mark.parametrize("written", ["2026/03/14 10:05:00 AM GMT", "2026-03-14T10:05:00Z", "2026-03-14T10:05:00+01:00",
                                     "2026-03-14 10:05:00.123", "03/14/2026 10:05:00 AM GMT+1", "14.03.2026 10:05 UTC"])
def test_survey_tool_timestamps_are_dates(written):
    data = f"Touchpoint,CSAT,Submitted\nCheckout,4,{written}\n".encode()
    ds = cxlens.load(data, filename="stamps.csv")
    assert ds.feedback["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-14"]
    assert ds.problems.empty


def test_timestamps_are_not_segments_and_a_segment_question_is_the_persona():
    rows = "".join(f"R{i},2026-03-0{i % 3 + 1} 10:00:00,{'AB'[i % 2]},{i % 5 + 1}\n" for i in range(12))
    data = ("Response ID,Start Date,Which segment describes you?,CSAT\n" + rows).encode()
    ds = cxlens.load(data, filename="segments.csv")
    fb = ds.feedback
    assert fb["persona"].astype(str).tolist()[:2] == ["A", "B"]
    assert fb["date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2026-03-01", "2026-03-02"]  # the only date column
    data = ("Response ID,End Date,Start Date,Which segment describes you?,CSAT\n"
            + "".join(f"R{i},2026-03-10,2026-03-0{i % 3 + 1} 10:00:00,{'AB'[i % 2]},{i % 5 + 1}\n" for i in range(12))).encode()
    fb = cxlens.load(data, filename="segments2.csv").feedback
    assert fb["Start Date"].dtype == "str"  # three timestamps: text, not a segment to split the journey by
