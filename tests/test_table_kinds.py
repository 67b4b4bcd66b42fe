"""cxlens.table_kinds on small hand-made tables: analysis outputs, aggregated results, dictionaries,
lookup tables and customer tables are told apart from feedback, each with its reason."""

from __future__ import annotations

import pandas as pd

from cxlens import profiling, table_kinds


def test_regression_output():
    frame = pd.DataFrame({"Variable": ["Intercept", "Price", "Speed"], "Coefficients": [1.2, 0.3, 0.5],
                          "Standard Error": [0.1, 0.05, 0.07], "P-value": [0.01, 0.2, 0.03]})
    assert table_kinds.not_data_reason(frame) == (
        "looks like a regression output (coefficients, standard errors, p-values), not data")


def test_pivot_table():
    frame = pd.DataFrame({"Row Labels": ["Web", "App", "Grand Total"], "Sum of Complaints": [3, 4, 7]})
    assert table_kinds.not_data_reason(frame) == "looks like a pivot table summary (row labels, totals), not data"


def test_correlation_matrix():
    frame = pd.DataFrame({"": ["Price", "Speed", "Support"], "Price": [1, 0.4, 0.2], "Speed": [0.4, 1, 0.3],
                          "Support": [0.2, 0.3, 1]})
    assert table_kinds.not_data_reason(frame).startswith("looks like a correlation matrix")


def test_feedback_is_data():
    frame = pd.DataFrame({"Touchpoint": ["Web", "App"], "CSAT": [4, 5], "Comment": ["ok", "fine"]})
    assert table_kinds.not_data_reason(frame) is None


def test_label_list_is_a_dictionary():
    frame = pd.DataFrame({"Code": ["Music", "Sport", "Travel", "Food"] * 6,
                          "Meaning": [f"I enjoy {w} more than anything else on a free day, honestly {i}"
                                      for i, w in enumerate(["music", "sport", "travel", "food"] * 6)]})
    frame["Code"] = [f"{c} {chr(65 + i)}" for i, c in enumerate(frame["Code"])]  # unique labels, no digits
    assert table_kinds.label_list(frame, profiling.profile_table(frame))


def test_aggregated_results_of_percentages():
    frame = pd.DataFrame({"Hospital": ["A", "B", "C"], "Year": ["2024", "2024", "2024"],
                          "Top box": ["72%", "65%", "80%"], "Bottom box": ["5%", "9%", "3%"]})
    assert table_kinds.aggregated_reason(frame, profiling.profile_table(frame)) == (
        "looks like aggregated results (one row per Hospital; 2 columns of percentages or averages), "
        "not individual responses")


def test_lookup_table():
    frame = pd.DataFrame({"Room type": ["Single", "Double", "Suite"], "Beds": [1, 2, 3], "View": ["no", "no", "yes"]})
    assert table_kinds.lookup_reason(frame, {}, profiling.profile_table(frame)) == (
        "no scores, comments, flags or dates: looks like a lookup or reference table (one row per "
        "'Room type'), not feedback")
    assert table_kinds.lookup_reason(frame, {"Beds": "rating"}, profiling.profile_table(frame)) is None


def test_customer_tables():
    churn = pd.DataFrame({"Plan": ["Basic", "Pro"] * 10, "Churned": ["yes", "no"] * 10})
    profiles = profiling.profile_table(churn)
    assert table_kinds.is_customer_table({}, profiles)
    assert not table_kinds.is_customer_table({"Plan": "comment"}, profiles)
    ids = pd.DataFrame({"Customer ID": range(20), "Plan": ["Basic", "Pro"] * 10})
    assert table_kinds.is_customer_table({"Customer ID": "response_id"}, profiling.profile_table(ids))
    assert not table_kinds.is_customer_table({"Response ID": "response_id"},
                                             profiling.profile_table(ids.rename(columns={"Customer ID": "Response ID"})))
