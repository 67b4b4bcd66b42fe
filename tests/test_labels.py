"""cxlens.labels on small hand-made columns: answers written as words ('Very satisfied'), numbers
written with their label ('5 - Very satisfied'), recommendation endpoints, ease words in an effort
column, stray words, and the share of a column that reads as scores."""

from __future__ import annotations

import pandas as pd

from cxlens import labels


def col(*values) -> pd.Series:
    return pd.Series(list(values), dtype="object")


def test_normalise_label():
    assert labels.normalise_label("Very  Satisfied!") == "very satisfied"
    assert labels.normalise_label("Très satisfait") == "tres satisfait"
    assert labels.normalise_label("Don’t know") == "don't know"
    assert labels.normalise_label("Sehr zufrieden (Essen war gut)") == "sehr zufrieden"
    assert labels.normalise_label("Weiß nicht") == "weiss nicht"


def test_a_five_point_satisfaction_column():
    out, info = labels.read_scores(col("Very satisfied", "Satisfied", "Neutral", "Dissatisfied",
                                       "Very dissatisfied", None), "csat")
    assert out.tolist()[:5] == ["5", "4", "3", "2", "1"] and pd.isna(out.iloc[5])
    assert info == {"labels": {"Very dissatisfied": 1.0, "Dissatisfied": 2.0, "Neutral": 3.0, "Satisfied": 4.0,
                               "Very satisfied": 5.0},
                    "scale": "satisfaction (5 points)", "points": 5}


def test_numbers_written_with_their_label():
    out, info = labels.read_scores(col("5 - Very satisfied", "Very satisfied (5)", "3. Okay", "4"), "csat")
    assert out.tolist() == ["5", "5", "3", "4"]
    assert info["scale"] == "numbers with labels" and info["points"] is None
    assert info["labels"] == {"3. Okay": 3.0, "5 - Very satisfied": 5.0, "Very satisfied (5)": 5.0}


def test_recommendation_endpoints_are_nps_zero_and_ten():
    out, info = labels.read_scores(col("Not at all likely", "7", "Extremely likely"), "nps")
    assert out.tolist() == ["0", "7", "10"]
    assert info["labels"] == {"Not at all likely": 0.0, "Extremely likely": 10.0}


def test_ease_words_in_an_effort_column_are_turned_round():
    out, info = labels.read_scores(col("Very easy", "Easy", "Neither easy nor difficult", "Difficult",
                                       "Very difficult"), "ces", "Customer effort")
    assert out.tolist() == ["1", "2", "3", "4", "5"]  # very easy = least effort
    assert info["scale"] == "ease (5 points)"
    same, _ = labels.read_scores(col("Very easy", "Very difficult", "Easy"), "ces", "Ease of use")
    assert same.tolist() == ["5", "1", "4"]


def test_stray_words_are_left_for_the_number_parser():
    out, info = labels.read_scores(col("Very satisfied", "Satisfied", "Satisfied", "Neutral", "Meh", "N/A"), "csat")
    assert out.tolist() == ["5", "4", "4", "3", "Meh", "N/A"]
    assert info["scale"] == "satisfaction (5 points)"


def test_nothing_read_leaves_the_column_alone():
    numbers = pd.Series([1, 2, 3])
    assert labels.read_scores(numbers, "csat") == (numbers, {})
    words = col("Web", "App")
    out, info = labels.read_scores(words, "csat")
    assert out is words and info == {}


def test_score_share():
    assert labels.score_share(col("Very satisfied", "Satisfied", "Neutral", "Meh"), "csat") == 0.75
    assert labels.score_share(col("Web", "App"), "csat") == 0.0
