"""cxlens.profiling on small hand-made columns: header words, what a header says, and the kind,
confidence and evidence of each column's profile (dates, flags, sentiment, places, identifiers,
ratings, codes, numbers, links, multi-select answers, free text, labels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlens import profiling
from cxlens.profiling import profile_column


def kind(values, header="x", total_rows=None) -> tuple[str, float, str]:
    p = profile_column(pd.Series(values), header, total_rows)
    return p.kind, p.confidence, p.evidence


# --------------------------------------------------------------------------- headers


def test_header_text_helpers():
    assert profiling.fold("Puntuación Qualität") == "puntuacion qualitat"
    assert profiling.split_camel("NumberOfDeviceRegistered") == "Number Of Device Registered"
    assert profiling.split_camel("CSATScore") == "CSAT Score"
    assert profiling.normalise_header("CSAT (1-5)") == "csat"
    assert profiling.normalise_header("Ticket #") == "ticket no"
    assert profiling.normalise_header("SatisfactionScore") == "satisfaction score"
    assert profiling.header_words("satOverall_2") == ["sat", "overall", "2"]


@pytest.mark.parametrize("header, said", [
    ("How important is price to you?", "importance"),
    ("Churned", "outcome"),
    ("Region", "geography"),
    ("Location rating", None),  # an opinion about the place
    ("Number of calls", "count"),
    ("Customer ID", "identifier"),
    ("Order No.", "identifier"),
    ("Seat comfort", None),
])
def test_header_kind(header, said):
    found = profiling.header_kind(header)
    assert (found[0] if found else None) == said


def test_code_and_opinion_headers():
    assert profiling.is_code_header("q12") and profiling.is_code_header("Q5_3")
    assert not profiling.is_code_header("Quality")
    assert profiling.has_opinion_words("Satisfaction with staff") and not profiling.has_opinion_words("Branch")


# --------------------------------------------------------------------------- kinds


def test_empty_and_no_answer_only_columns():
    p = profile_column(pd.Series([None, "N/A", " "], dtype="object"), "Comment")
    assert (p.kind, p.confidence, p.evidence, p.filled) == ("empty", 0.9, "no values", 0.0)


def test_dates():
    assert kind(pd.to_datetime(["2026-01-01", "2026-02-01"])) == ("date", 0.9, "values are dates")
    assert kind(["2026-01-05", "2026-01-06", "2026-01-07"]) == ("date", 0.9, "values are dates (100% in one format)")
    assert kind([46027, 46028, 46100], "Visit date") == ("date", 0.85, "header says date; values are Excel date serials")


def test_sentiment_flags_and_places():
    assert kind(["Positive", "negative", "neutral", "positive"]) == (
        "sentiment", 0.9, "values are sentiment labels (negative, neutral, positive)")
    assert kind(["yes", "no", "yes"]) == ("outcome", 0.8, "two values (no, yes)")
    assert kind(["Paris", "London", "Berlin", "Madrid"]) == ("geography", 0.85, "4 of 4 values are places")


def test_the_header_decides_unless_the_values_contradict_it():
    assert kind(["a", "b"], "Churned") == ("outcome", 0.9, "header says 'churned'")
    # 'Resolution' written as sentences is a category, not a yes/no outcome
    assert kind(["Closed with explanation", "Closed with relief", "In progress", "Closed"], "Resolution")[0] == "category"
    assert kind(["18-24", "25-34", "35-44"], "Age group")[0] == "category"  # labels: a segment, not a count
    assert kind([7, 7, 3, 3, 7, 3], "Product No")[0] != "identifier"  # repeated numbers: a label


def test_numbers():
    assert kind(list(range(100, 130))) == ("identifier", 0.8, "a different whole number on every row")
    assert kind([1, 2, 3, 4, 5] * 4, "Satisfaction with staff") == (
        "rating", 0.9, "whole numbers 1-5, header names an opinion")
    assert kind([1, 2, 3, 4, 5] * 4, "Aisle") == ("rating", 0.7, "whole numbers 1-5")
    assert kind([1, 2, 3, 4, 5] * 4, "Seat")[1] == 0.9  # seats are rated (an aspect word names an opinion)
    assert kind([1, 2, 3, 4, 5] * 4, "q12") == ("code", 0.5, "whole numbers 1-5 under a coded name")
    assert kind([12, 40, 75, 99], "v23a") == ("code", 0.5, "whole numbers 12-99 under a coded name")
    assert kind([1.5, 2.25, 1000.0]) == ("number", 0.7, "numbers 1.5 to 1000")
    p = profile_column(pd.Series(["4", "72%", "3,5", "N/A"], dtype="object"), "Score")
    assert (p.numeric, p.low, p.high, p.integer) == (1.0, 3.5, 72.0, False)


def test_texts():
    links = [f"https://shop.example/item/{i}" for i in range(10)]
    assert kind(links) == ("identifier", 0.85, "web addresses")
    picks = ["Soups\nDesserts", "Salads;Soups", "Desserts|Mains", "Soups", "Mains\nSalads", "Drinks;Soups"]
    assert kind(picks) == ("category", 0.8, "several choices per answer from 5 options")
    prose = [f"The delivery number {i} arrived very late and nobody called me back" for i in range(25)]
    assert kind(prose) == ("free_text", 0.85, "long varied text")
    sentences = [f"The app crashed {i} times" for i in range(25)]  # short, but a sentence on every row
    assert kind(sentences) == ("free_text", 0.75, "a different sentence on nearly every row")
    codes = [f"AB-{i:04d}" for i in range(25)]
    assert kind(codes) == ("identifier", 0.7, "a different value on nearly every row")
    assert kind(["Web", "App", "Phone", "Web", "App"]) == ("category", 0.8, "3 repeated labels")


def test_profile_facts_and_confidence():
    p = profile_column(pd.Series([1, 2, 2, 3, None]), "Aisle")
    assert (p.distinct, p.count, p.filled, p.low, p.high, p.integer) == (3, 4, 0.8, 1.0, 3.0, True)
    assert p.values == ("2.0", "1.0", "3.0") and not p.unique
    assert profile_column(pd.Series([1, 2, 3, 4, 5] * 4), "Aisle").confident is False  # 0.7 < 0.75
    assert profile_column(pd.Series([1, 2, 3, 4, 5] * 4), "Aisle rating").confident is True


def test_profile_table_samples_long_tables_evenly():
    frame = pd.DataFrame({"n": np.arange(10_000)})
    part = profiling.sample(frame, rows=5)
    assert part["n"].tolist() == [0, 2500, 5000, 7499, 9999]  # linspace(0, 9999, 5) rounded
    profiles = profiling.profile_table(frame)
    assert list(profiles) == ["n"] and profiles["n"].kind == "identifier" and profiles["n"].count == 2000
