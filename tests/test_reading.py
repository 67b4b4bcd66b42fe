"""Reading files nobody planned for (issue #14): each kind of mistake seen on real files, made small.

Every fixture is code. Each test states the right reading, or that the loader asks instead of guessing.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import cxlens
from cxlens import inference, lifecycle, profiling
from cxlens.readers import detect_encoding


def _load(frame: pd.DataFrame, name: str = "export.csv") -> cxlens.Dataset:
    return cxlens.load(frame.to_csv(index=False).encode(), filename=name)


def _settings(ds: cxlens.Dataset) -> dict:
    return next(iter(ds.recipe.tables.values()))


def _mapped(ds: cxlens.Dataset) -> dict[str, str]:
    return {h: c for h, c in _settings(ds)["columns"].items() if c}


def customer_table(n: int = 300) -> pd.DataFrame:
    """One row per customer: attributes, counts and tiers beside a 1-5 satisfaction score and a complaint flag."""
    rng = np.random.default_rng(7)
    return pd.DataFrame({
        "CustomerID": range(50001, 50001 + n), "Churn": rng.integers(0, 2, n), "Tenure": rng.integers(0, 30, n),
        "PreferredLoginDevice": rng.choice(["Mobile Phone", "Phone", "Computer"], n),
        "CityTier": rng.integers(1, 4, n), "WarehouseToHome": rng.integers(5, 40, n),
        "PreferredPaymentMode": rng.choice(["Debit Card", "UPI", "CC", "COD", "E wallet", "Credit Card"], n),
        "Gender": rng.choice(["Male", "Female"], n), "HourSpendOnApp": rng.integers(0, 6, n),
        "NumberOfDeviceRegistered": rng.integers(1, 7, n),
        "PreferedOrderCat": rng.choice(["Laptop & Accessory", "Mobile", "Fashion", "Grocery", "Others"], n),
        "SatisfactionScore": rng.integers(1, 6, n), "MaritalStatus": rng.choice(["Single", "Married", "Divorced"], n),
        "NumberOfAddress": rng.integers(1, 10, n), "Complain": rng.integers(0, 2, n),
    })


def test_customer_table_counts_and_tiers_are_not_touchpoint_ratings():
    frame = customer_table()
    ds = _load(frame)
    settings = _settings(ds)
    assert settings["layout"] == "long"
    assert _mapped(ds) == {"CustomerID": "response_id", "SatisfactionScore": "csat", "Complain": "complaint"}
    # the satisfaction score keeps its own 1-5 scale (counts set it to 0-10 before)
    assert (ds.recipe.scales["csat"]["min"], ds.recipe.scales["csat"]["max"]) == (1, 5)
    assert ds.feedback["csat"].mean() == pytest.approx(frame["SatisfactionScore"].mean())
    assert ds.feedback["complaint"].mean() == pytest.approx(frame["Complain"].mean())
    # attributes are segments, never a guessed touchpoint; nothing left to ask about ratings
    assert ds.feedback["touchpoint"].isna().all()
    assert "PreferredPaymentMode" in ds.segment_columns
    assert not any(q["id"] == "ratings" for q in ds.questions)
    kinds = {h: p["kind"] for h, p in settings["profiles"].items()}
    assert kinds["CityTier"] == "tier" and kinds["HourSpendOnApp"] == "count"
    assert kinds["NumberOfAddress"] == "count" and kinds["Tenure"] == "count" and kinds["Churn"] == "outcome"


def test_places_never_become_touchpoints():
    rng = np.random.default_rng(1)
    n = 120
    frame = pd.DataFrame({"State": rng.choice(["CA", "NY", "TX", "FL", "WA"], n),
                          "Region": rng.choice(["Maharashtra", "Kerala", "Punjab", "Gujarat"], n),
                          "Rating": rng.integers(1, 6, n),
                          "Review": [f"Service was {'good' if i % 2 else 'slow'} at the branch, visit {i}" for i in range(n)]})
    ds = _load(frame)
    assert ds.feedback["touchpoint"].isna().all()
    kinds = {h: p["kind"] for h, p in _settings(ds)["profiles"].items()}
    assert kinds["State"] == "geography" and kinds["Region"] == "geography"
    assert _mapped(ds) == {"Rating": "rating", "Review": "comment"}


def test_unnamed_label_columns_are_asked_about_not_guessed():
    rng = np.random.default_rng(2)
    n = 100
    frame = pd.DataFrame({"Colour": rng.choice(["Red", "Blue", "Green", "Black"], n),
                          "Rating": rng.integers(1, 6, n)})
    ds = _load(frame)
    assert ds.feedback["touchpoint"].isna().all()
    (question,) = ds.questions
    assert question["id"] == "touchpoint" and question["options"] == ["Colour"]
    # answering it (the Import page writes the mapping and the answer) applies it
    recipe = ds.recipe
    settings = recipe.tables[question["key"]]
    settings["columns"]["Colour"] = "touchpoint"
    settings["answered"] = ["touchpoint"]
    again = cxlens.load(frame.to_csv(index=False).encode(), filename="export.csv", recipe=recipe)
    assert set(again.feedback["touchpoint"].dropna().astype(str)) == {"Red", "Blue", "Green", "Black"}
    assert again.questions == []


def test_named_product_columns_are_still_guessed_as_touchpoint_and_stage():
    frame = pd.DataFrame({"Department Name": ["Tops", "Tops", "Dresses", "Bottoms"] * 10,
                          "Class Name": ["Knits", "Blouses", "Dresses", "Jeans"] * 10,
                          "Rating": [5, 4, 2, 3] * 10})
    ds = _load(frame)
    assert _mapped(ds) == {"Department Name": "stage", "Class Name": "touchpoint", "Rating": "rating"}
    assert ds.questions == []


@pytest.mark.parametrize("frame, reason", [
    (pd.DataFrame({"": ["Price", "Speed", "Staff"], "Price": [1.0, 0.42, -0.1], "Speed": [0.42, 1.0, 0.3],
                   "Staff": [-0.1, 0.3, 1.0]}), "correlation matrix"),
    (pd.DataFrame({"Variable": ["Intercept", "Speed", "Staff"], "Coefficients": [1.2, 0.4, 0.3],
                   "Standard Error": [0.1, 0.05, 0.04], "t Stat": [12.0, 8.0, 7.5], "P-value": [0.0, 0.0, 0.001]}),
     "regression output"),
    (pd.DataFrame({"Row Labels": ["Billing", "Install", "Grand Total"], "Count of Rating": [3, 4, 7],
                   "Average of Rating": [2.3, 3.1, 2.8]}), "pivot table"),
])
def test_analysis_outputs_are_not_data(frame, reason):
    data = io.BytesIO()
    with pd.ExcelWriter(data, engine="xlsxwriter") as xw:
        frame.to_excel(xw, sheet_name="Output", index=False)
        pd.DataFrame({"Touchpoint": ["Billing", "Install"], "CSAT": [3, 4]}).to_excel(xw, sheet_name="Data",
                                                                                      index=False)
    ds = cxlens.load(data.getvalue(), filename="analysis.xlsx")
    output = ds.recipe.tables["analysis.xlsx::Output"]
    assert output["use"] is False and reason in output["reason"]
    assert list(ds.feedback["touchpoint"].astype(str)) == ["Billing", "Install"]


def test_aggregated_results_are_read_as_entity_by_measure_not_responses():
    frame = pd.DataFrame({"Hospital Name": ["A", "A", "B", "B"], "Measure ID": ["H_COMP_1", "H_CLEAN", "H_COMP_1", "H_CLEAN"],
                          "Answer Percent": ["72%", "80%", "65%", "77%"], "Number of Completed Surveys": [300, 300, 410, 410]})
    table, mapping, reason = inference.classify(frame, "", profiling.profile_table(frame))
    assert table == "aggregates" and "aggregated results" in reason
    assert mapping == {"Hospital Name": "entity", "Measure ID": "measure", "Answer Percent": "value",
                       "Number of Completed Surveys": "n"}
    wide = pd.DataFrame({"State": ["AL", "AK", "AZ"], "Percent satisfied": ["72%", "68%", "75%"],
                         "Percent dissatisfied": ["10%", "12%", "9%"], "Rating": [3, 4, 3]})
    table, mapping, reason = inference.classify(wide, "", profiling.profile_table(wide))
    assert table == "aggregates" and "one row per State" in reason
    assert [h for h, r in mapping.items() if r == "value"] == ["Percent satisfied", "Percent dissatisfied", "Rating"]
    # An entity and percentages that fit neither shape (a hospital per year) are still set aside.
    yearly = pd.DataFrame({"Hospital": ["A", "A", "B", "B"], "Year": [2023, 2024, 2023, 2024],
                           "Percent satisfied": ["72%", "70%", "65%", "66%"], "Mean score": [3.61, 3.52, 3.44, 3.47]})
    table, _, reason = inference.classify(yearly, "", profiling.profile_table(yearly))
    assert table is None and "aggregated" in reason


def test_coded_survey_is_asked_about_not_melted():
    rng = np.random.default_rng(3)
    n = 200
    frame = pd.DataFrame({"serial": range(1, n + 1), "wt": rng.uniform(0.5, 2, n).round(3),
                          **{f"q{i}": rng.integers(1, 6, n) for i in range(1, 7)},
                          "region": rng.integers(1, 10, n)})
    ds = _load(frame)
    settings = _settings(ds)
    assert settings["layout"] == "long"
    (question,) = [q for q in ds.questions if q["id"] == "ratings"]
    assert question["options"][:6] == [f"q{i}" for i in range(1, 7)]
    assert "wt" not in question["options"] and "serial" not in question["options"]
    # the answer makes it a wide survey of exactly the chosen columns
    settings = ds.recipe.tables[question["key"]]
    settings.update(layout="wide", value_columns=["q1", "q2", "q3"], answered=["ratings"])
    again = cxlens.load(frame.to_csv(index=False).encode(), filename="export.csv", recipe=ds.recipe)
    assert sorted(again.feedback["touchpoint"].dropna().astype(str).unique()) == ["q1", "q2", "q3"]
    assert again.feedback["csat"].mean() == pytest.approx(frame[["q1", "q2", "q3"]].to_numpy().mean())


def test_wide_survey_keeps_named_ratings_and_leaves_out_counts_and_importance():
    rng = np.random.default_rng(4)
    n = 150
    frame = pd.DataFrame({"Respondent ID": range(n),
                          "Seat comfort": rng.integers(1, 6, n), "Food and drink": rng.integers(1, 6, n),
                          "Cleanliness": rng.integers(1, 6, n), "Check-in service": rng.integers(1, 6, n),
                          "How important is price to you?": rng.integers(1, 6, n),
                          "Number of dependents": rng.integers(0, 5, n), "City tier": rng.integers(1, 4, n)})
    ds = _load(frame)
    settings = _settings(ds)
    assert settings["layout"] == "wide"
    assert settings["value_columns"] == ["Seat comfort", "Food and drink", "Cleanliness", "Check-in service"]
    assert (ds.recipe.scales["csat"]["min"], ds.recipe.scales["csat"]["max"]) == (1, 5)


def test_likelihood_words_and_dont_know():
    frame = pd.DataFrame({"Touchpoint": ["App", "Shop", "App", "Shop", "App", "Shop"],
                          "How likely are you to use it again?": ["Extremely likely", "Likely", "Unlikely",
                                                                  "Extremely unlikely", "Don't know",
                                                                  "Neither likely nor unlikely"],
                          "Rating": [5, 4, 2, 1, 3, 3]})
    frame = frame.rename(columns={"How likely are you to use it again?": "Satisfaction"})
    ds = _load(frame)
    assert list(ds.feedback["csat"]) == [5, 4, 2, 1, None, 3] or \
        ds.feedback["csat"].tolist()[:4] == [5.0, 4.0, 2.0, 1.0]
    assert ds.feedback["csat"].isna().sum() == 1


def test_sentiment_labels_are_sentiment_not_the_stage():
    frame = pd.DataFrame({"Review": [f"The delivery was {w} and the box {i}" for i, w in
                                     enumerate(["fine", "late", "great", "slow"] * 10)],
                          "sentiment_label": ["positive", "negative", "positive", "neutral"] * 10,
                          "Product category": ["Shoes", "Bags", "Hats", "Shoes"] * 10})
    ds = _load(frame)
    mapped = _mapped(ds)
    assert mapped["sentiment_label"] == "sentiment"
    assert mapped["Product category"] == "touchpoint"
    assert "stage" not in mapped.values()
    assert ds.feedback["sentiment"].tolist()[:4] == [1.0, -1.0, 1.0, 0.0]


def test_french_export_star_rating_and_review_text():
    frame = pd.DataFrame({"Date de publication": ["2025-01-03", "2025-01-05", "2025-02-01"] * 5,
                          "Note": [5, 2, 4] * 5,
                          "Avis": ["Très bon accueil, livraison rapide", "Colis abîmé, service client injoignable",
                                   "Produit conforme, un peu cher"] * 5})
    ds = cxlens.load(frame.to_csv(index=False, sep=";").encode("cp1252"), filename="avis.csv")
    assert _mapped(ds) == {"Date de publication": "date", "Note": "rating", "Avis": "comment"}
    assert ds.feedback["comment"].iloc[0] == "Très bon accueil, livraison rapide"
    assert ds.feedback["rating"].mean() == pytest.approx(11 / 3)


@pytest.mark.parametrize("header, canonical", [
    ("Resp. ID", "response_id"), ("Puntuación", "rating"), ("Comentario", "comment"), ("Bewertung", "rating"),
    ("Kommentar", "comment"), ("Nota", "rating"), ("Comentário", "comment"), ("Voto", "rating"),
    ("Commento", "comment"), ("Cijfer", "rating"), ("Opmerking", "comment"), ("SatisfactionScore", "csat"),
    ("Fecha", "date"), ("Datum", "date"), ("Canal", "channel"), ("Zufriedenheit", "csat"),
])
def test_headers_in_seven_languages(header, canonical):
    assert inference.match_column("feedback", header) == canonical


def test_english_note_of_prose_is_the_comment():
    frame = pd.DataFrame({"Touchpoint": ["Call", "Chat"] * 5,
                          "CSAT": [4, 2] * 5,
                          "Note": ["Customer asked about the bill twice", "Agent transferred the call, long wait"] * 5})
    assert _mapped(_load(frame)) == {"Touchpoint": "touchpoint", "CSAT": "csat", "Note": "comment"}


def test_the_cleanest_date_column_dates_the_responses():
    clean = pd.date_range("2024-06-01", periods=40, freq="D")
    mixed = [d.strftime("%d-%m-%y") if i % 2 else d.strftime("%Y-%d-%m") for i, d in enumerate(clean)]
    frame = pd.DataFrame({"Date": mixed, "Date received": clean.strftime("%Y-%m-%d"),
                          "Issue": ["Billing", "Late delivery"] * 20})
    ds = _load(frame)
    assert _mapped(ds)["Date received"] == "date"
    assert "Date" not in _mapped(ds)
    assert (ds.feedback["date"].dt.month == 6).sum() == 30


def test_cp1252_before_cp1250():
    text = "Touchpoint;Avis;Note\nAccueil;Très bien, très agréable;5\nCaisse;Trop d'attente à la caisse;2\n"
    assert detect_encoding(text.encode("cp1252")) == "cp1252"
    polish = "Punkt;Ocena;Komentarz\nSklep;5;Zażółć gęślą jaźń\nKasa;2;Długo czekałem w kolejce\n"
    assert detect_encoding(polish.encode("cp1250")) == "cp1250"
    ds = cxlens.load(text.encode("cp1252"), filename="avis.csv")
    assert ds.feedback["comment"].iloc[0] == "Très bien, très agréable"


def test_stages_follow_the_customer_lifecycle_without_a_catalogue():
    frame = pd.DataFrame({"Stage": ["Use", "Get help", "Discover", "Apply", "Renew", "Onboard"],
                          "Touchpoint": ["App", "Chat", "Ads", "Form", "Renewal call", "Welcome pack"],
                          "CSAT": [4, 2, 5, 3, 4, 4]})
    ds = _load(frame)
    assert ds.stages == ["Discover", "Apply", "Onboard", "Use", "Get help", "Renew"]
    assert lifecycle.lifecycle_order(["Use", "Airport", "Discover"]) == ["Discover", "Airport", "Use"]


@pytest.mark.parametrize("header, kind", [
    ("NumberOfDeviceRegistered", "count"), ("CityTier", "tier"), ("HourSpendOnApp", "count"),
    ("Number of dependents", "count"), ("How important is speed to you?", "importance"), ("Zip code", "geography"),
    ("Survey weight", "design"), ("Predicted churn probability", "derived"), ("Churn", "outcome"),
    ("Customer ID", "identifier"), ("Location rating", None), ("Seat comfort", None),
])
def test_header_kinds(header, kind):
    said = profiling.header_kind(header)
    assert (said[0] if said else None) == kind


def test_profiles_read_a_bounded_sample():
    frame = pd.DataFrame({"x": range(100_000)})
    assert len(profiling.sample(frame)) == profiling.SAMPLE_ROWS
    assert profiling.sample(frame).index[-1] == 99_999


def test_overall_questions_stay_on_the_respondents_row():
    rng = np.random.default_rng(5)
    n = 120
    frame = pd.DataFrame({"satCleanRoom": rng.integers(1, 8, n), "satFrontStaff": rng.integers(1, 8, n),
                          "satRoomPrice": rng.integers(1, 8, n), "satWifiPrice": rng.integers(1, 8, n),
                          "satOverall": rng.integers(1, 8, n), "nightsStayed": rng.integers(1, 10, n)})
    ds = _load(frame)
    settings = _settings(ds)
    assert settings["value_columns"] == ["satCleanRoom", "satFrontStaff", "satRoomPrice", "satWifiPrice"]
    assert _mapped(ds)["satOverall"] == "csat"
    overall = ds.feedback.loc[ds.feedback["touchpoint"].isna(), "csat"]
    assert len(overall) == n and overall.mean() == pytest.approx(frame["satOverall"].mean())
    assert (ds.recipe.scales["csat"]["min"], ds.recipe.scales["csat"]["max"]) == (1, 7)


def test_coded_demographics_beside_a_rating_grid_are_not_ratings():
    rng = np.random.default_rng(6)
    n = 150
    frame = pd.DataFrame({"Id": range(n), "status": rng.integers(0, 4, n), "visitNo": rng.integers(0, 4, n),
                          "method": rng.integers(0, 5, n), "income": rng.integers(0, 5, n),
                          "productRate": rng.integers(1, 6, n), "priceRate": rng.integers(1, 6, n),
                          "ambianceRate": rng.integers(1, 6, n), "Cleanliness": rng.integers(1, 6, n),
                          "loyal": rng.integers(0, 2, n)})
    settings = _settings(_load(frame))
    assert settings["value_columns"] == ["productRate", "priceRate", "ambianceRate", "Cleanliness"]


def test_lookup_tables_and_notes_sheets_are_not_feedback():
    data = io.BytesIO()
    with pd.ExcelWriter(data, engine="xlsxwriter") as xw:
        pd.DataFrame({"Disclaimer": ["This dataset simulates a hotel chain whose guest satisfaction dropped in "
                                     "2024; names and numbers are made up for training purposes."]}
                     ).to_excel(xw, sheet_name="about_this_data", index=False)
        pd.DataFrame({"room_type": ["Single", "Double", "Suite", "Family"], "Mattress": ["Foam", "Spring", "Foam", "Latex"],
                      "Kettle": ["yes", "yes", "no", "yes"], "Size (sqm)": [18, 25, 45, 38]}
                     ).to_excel(xw, sheet_name="room_details", index=False)
        pd.DataFrame({"Touchpoint": ["Check-in", "Room"] * 3, "CSAT": [4, 3, 5, 2, 4, 4]}
                     ).to_excel(xw, sheet_name="responses", index=False)
    ds = cxlens.load(data.getvalue(), filename="hotel.xlsx")
    assert "notes about the data" in ds.recipe.tables["hotel.xlsx::about_this_data"]["reason"]
    assert "lookup or reference table" in ds.recipe.tables["hotel.xlsx::room_details"]["reason"]
    assert len(ds.feedback) == 6 and ds.questions == []


def test_a_churn_table_without_scores_keeps_one_row_per_customer():
    rng = np.random.default_rng(8)
    n = 250
    frame = pd.DataFrame({"customerID": [f"C{i:04d}" for i in range(n)],
                          "Contract": rng.choice(["Month-to-month", "One year", "Two year"], n),
                          "PaymentMethod": rng.choice(["Electronic check", "Mailed check", "Card"], n),
                          "InternetService": rng.choice(["DSL", "Fiber optic", "No"], n),
                          "tenure": rng.integers(0, 72, n), "Churn": rng.choice(["Yes", "No"], n)})
    ds = _load(frame)
    settings = _settings(ds)
    assert settings["kind"] == "customer" and settings["outcome_columns"] == ["Churn"]
    assert len(ds.feedback) == n and ds.feedback["touchpoint"].isna().all()
    assert ds.questions == []
    assert "Contract" in ds.segment_columns


def test_short_scales_and_four_point_word_scales():
    rng = np.random.default_rng(9)
    frame = pd.DataFrame({"userID": [f"U{i}" for i in range(300)], "placeID": rng.integers(132000, 135000, 300),
                          "rating": rng.integers(0, 3, 300)})
    ds = _load(frame)
    assert (ds.recipe.scales["rating"]["min"], ds.recipe.scales["rating"]["max"]) == (0, 2)
    words = pd.DataFrame({"Klinik": ["A", "B", "C", "D"] * 5,
                          "Gesamtzufriedenheit": ["sehr zufrieden", "zufrieden", "weniger zufrieden (lange Wartezeiten)",
                                                  "unzufrieden"] * 5})
    ds = _load(words)
    assert ds.feedback["csat"].tolist()[:4] == [4.0, 3.0, 2.0, 1.0]
    assert ds.recipe.scales["csat"]["max"] == 4


def test_comments_and_dates_found_by_their_values_and_header_words():
    rng = np.random.default_rng(10)
    n = 200
    created = pd.date_range("2024-01-01", periods=n, freq="h")
    frame = pd.DataFrame({"review_id": [f"r{i}" for i in range(n)],
                          "review_score": rng.integers(1, 6, n),
                          "review_comment_message": [f"Entrega rápida, produto {i} ok" for i in range(n)],
                          "review_creation_date": created.strftime("%Y-%m-%d %H:%M:%S"),
                          "review_answer_timestamp": (created + pd.Timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")})
    mapped = _mapped(_load(frame))
    assert mapped["review_comment_message"] == "comment" and mapped["review_creation_date"] == "date"
    assert mapped["review_id"] == "response_id" and mapped["review_score"] == "rating"


def test_excel_serial_dates_under_a_date_header():
    frame = pd.DataFrame({"reservation_number": range(1000, 1060), "reservation_date": range(45292, 45352),
                          "food_quality_rating": [4, 5, 3] * 20, "checkin_rating": [2, 4, 5] * 20,
                          "room_cleanliness": [5, 3, 4] * 20})
    ds = _load(frame)
    assert _mapped(ds)["reservation_date"] == "date"
    assert ds.feedback["date"].min() == pd.Timestamp("2024-01-01")


def test_a_named_reason_that_is_often_blank_is_still_the_touchpoint():
    reasons = ["Late Flight", "Lost Luggage", "Customer Service Issue", None, None]
    frame = pd.DataFrame({"airline_sentiment": ["negative", "negative", "negative", "positive", "neutral"] * 20,
                          "negativereason": reasons * 20,
                          "text": [f"@airline flight {i} was something else entirely" for i in range(100)]})
    assert _mapped(_load(frame))["negativereason"] == "touchpoint"


def test_a_product_the_customer_bought_is_a_segment_not_the_touchpoint():
    frame = pd.DataFrame({"Product Purchased": ["Phone", "Laptop", "TV", "Camera"] * 10,
                          "Customer Satisfaction Rating": [1, 2, 3, 4, 5] * 8})
    ds = _load(frame)
    assert "touchpoint" not in _mapped(ds).values()
    assert _mapped(ds)["Customer Satisfaction Rating"] == "csat"


def test_a_two_column_dictionary_is_not_comments_but_reviews_with_ids_are():
    names = ["Music", "Slow songs", "Dance", "Folk", "Country", "Classical", "Musical", "Pop", "Rock", "Metal",
             "Punk", "Hiphop", "Reggae", "Swing", "Opera", "Movies", "Horror", "Thriller", "Comedy", "Romantic"]
    labels = pd.DataFrame({"original": [f"I enjoy {n.lower()} a lot, most days of the week." for n in names],
                           "short": names})
    table, _, reason = inference.classify(labels, "", profiling.profile_table(labels))
    assert table is None and "dictionary" in reason
    reviews = pd.DataFrame({"review_id": [f"R{i:03d}" for i in range(20)],
                            "text": [f"The room was clean and the staff kind, stay number {i}" for i in range(20)]})
    table, _, _ = inference.classify(reviews, "", profiling.profile_table(reviews))
    assert table == "feedback"


def test_title_rows_below_an_empty_first_row_and_beside_an_empty_first_column():
    """Row 1 empty, titles in B2 and B4, header in B6: the header must be row 6, not the blank row 5."""
    data = io.BytesIO()
    with pd.ExcelWriter(data, engine="xlsxwriter") as xw:
        frame = pd.DataFrame({"ID": ["A-1", "A-2", "A-3", "A-4"], "CSAT Score": [4, 3, 8, 9],
                              "Reason": ["Billing", "Payments", "Billing", "Service outage"]})
        frame.to_excel(xw, sheet_name="Call Center Data", index=False, startrow=5, startcol=1)
        ws = xw.sheets["Call Center Data"]
        ws.write(1, 1, "Excel Sample Data")
        ws.write(3, 1, "Call Center Sentiment Analysis Data")
    ds = cxlens.load(data.getvalue(), filename="calls.xlsx")
    settings = ds.recipe.tables["calls.xlsx::Call Center Data"]
    assert {h: c for h, c in settings["columns"].items() if c} == {"ID": "response_id", "CSAT Score": "csat",
                                                                    "Reason": "touchpoint"}
    assert ds.sources["header_line"].tolist() == [6]
    assert ds.feedback["source_row"].tolist() == [7, 8, 9, 10]


def test_a_file_without_a_header_row_keeps_its_first_respondent():
    rng = np.random.default_rng(11)
    lines = ["0,3,3,3,4,2,4"] + [",".join([str(rng.integers(0, 2))] + [str(v) for v in rng.integers(1, 6, 6)])
                                 for _ in range(29)]
    data = ("\n".join(lines) + "\n").encode("utf-16")
    ds = cxlens.load(data, filename="happiness.csv")
    settings = _settings(ds)
    assert list(settings["columns"]) == [f"Column {i}" for i in range(1, 8)]
    assert ds.sources["rows_read"].tolist() == [30]
    (question,) = ds.questions  # ratings under positional names are asked about, not guessed
    assert question["id"] == "ratings" and question["options"] == [f"Column {i}" for i in range(2, 8)]
    from cxlens import reading
    assert "no header row" in reading.describe(ds)[0][1]
    assert not cxlens.readers.headerless(["2019", "2020", "2021"])


def test_a_generic_0_10_score_asks_whether_it_is_nps():
    rng = np.random.default_rng(12)
    n = 200
    frame = pd.DataFrame({"Score": rng.integers(0, 11, n), "Comment": [f"Because of reason {i} and more text" for i in range(n)],
                          "Created At": pd.date_range("2025-01-01", periods=n, freq="D").strftime("%Y-%m-%d")})
    ds = _load(frame)
    (question,) = ds.questions
    assert question["id"] == "nps" and question["column"] == "Score" and question["suggested"] == "rating"
    assert ds.feedback["rating"].mean() == pytest.approx(frame["Score"].mean())  # a score until answered
    from cxlens import reading
    recipe = reading.answer(ds.recipe, question["key"], "nps", "nps")
    again = cxlens.load(frame.to_csv(index=False).encode(), filename="export.csv", recipe=recipe)
    promoters = (frame["Score"] >= 9).mean() * 100
    detractors = (frame["Score"] <= 6).mean() * 100
    assert again.questions == [] and again.feedback["rating"].isna().all()
    from cxlens import metrics
    assert metrics.nps(again.feedback["nps"]).value == pytest.approx(promoters - detractors)


def test_a_sheet_without_a_header_row_keeps_its_first_respondent():
    rng = np.random.default_rng(13)
    rows = [[0, 3, 3, 3, 4, 2, 4]] + [[int(rng.integers(0, 2))] + [int(v) for v in rng.integers(1, 6, 6)]
                                       for _ in range(29)]
    data = io.BytesIO()
    with pd.ExcelWriter(data, engine="xlsxwriter") as xw:
        pd.DataFrame(rows).to_excel(xw, sheet_name="Survey", index=False, header=False)
    ds = cxlens.load(data.getvalue(), filename="happiness.xlsx")
    settings = ds.recipe.tables["happiness.xlsx::Survey"]
    assert list(settings["columns"]) == [f"Column {i}" for i in range(1, 8)]
    assert ds.sources["rows_read"].tolist() == [30] and ds.sources["no_header"].tolist() == [True]
    # answering the question melts all 30 respondents, the first included, with their file rows
    settings.update(layout="wide", value_columns=[f"Column {i}" for i in range(2, 8)], answered=["ratings"])
    again = cxlens.load(data.getvalue(), filename="happiness.xlsx", recipe=ds.recipe)
    assert again.feedback["source_row"].min() == 1
    first = again.feedback[again.feedback["source_row"] == 1]
    assert first["csat"].tolist() == [3.0, 3.0, 3.0, 4.0, 2.0, 4.0]


def test_coded_export_with_bare_rate_names_asks_which_rate_a_touchpoint():
    """'promoRate' in a statistics export (every answer a number under a variable name) may be an
    importance question: the ratings are suggested and confirmed, not melted on a guess."""
    rng = np.random.default_rng(11)
    n = 150
    frame = pd.DataFrame({"Id": range(1, n + 1), "gender": rng.integers(0, 2, n), "ageGroup": rng.integers(0, 4, n),
                          "productRate": rng.integers(1, 6, n), "priceRate": rng.integers(1, 6, n),
                          "promoRate": rng.integers(1, 6, n), "serviceRate": rng.integers(1, 6, n),
                          "loyal": rng.integers(0, 2, n)})
    ds = _load(frame)
    settings = _settings(ds)
    assert settings["layout"] == "long" and "value_columns" not in settings
    (question,) = [q for q in ds.questions if q["id"] == "ratings"]
    assert question["suggested"] == ["productRate", "priceRate", "promoRate", "serviceRate"]
    # Answering applies it, and the next load keeps it
    recipe = cxlens.reading.answer(ds.recipe, question["key"], "ratings", ["productRate", "priceRate", "serviceRate"])
    again = cxlens.load(frame.to_csv(index=False).encode(), filename="export.csv", recipe=recipe)
    assert _settings(again)["value_columns"] == ["productRate", "priceRate", "serviceRate"]
    assert not again.questions
    # The same names with words in them ('Product rating') are a survey people wrote: read as before
    worded = frame.rename(columns={"productRate": "Product rating", "priceRate": "Price rating",
                                   "promoRate": "Promotions rating", "serviceRate": "Service rating",
                                   "ageGroup": "Age group"})
    assert _settings(_load(worded))["value_columns"] == ["Product rating", "Price rating", "Promotions rating",
                                                         "Service rating"]


def test_web_addresses_are_links_not_comments():
    profile = profiling.profile_column(pd.Series([f"https://example.com/product/{i}?ref=abc" for i in range(50)]),
                                       "url")
    assert (profile.kind, profile.evidence) == ("identifier", "web addresses")
    frame = pd.DataFrame({"Review ID": range(40), "Rating": [(i % 5) + 1 for i in range(40)],
                          "Image": [f"https://img.example.com/{i}/very/long/path/to/a/picture.jpg" for i in range(40)],
                          "Review": [f"Parcel {i} came two days late and the box was open when it arrived" for i in
                                     range(40)]})
    assert _mapped(_load(frame))["Review"] == "comment"


def test_zero_padded_codes_stay_text():
    data = b"Store code,Zip,Score\n0101,02134,4\n0102,10001,5\n0101,02134,3\n0203,60614,3\n"
    ds = cxlens.load(data, filename="stores.csv")
    assert ds.feedback["Store code"].astype(str).tolist() == ["0101", "0102", "0101", "0203"]
    assert ds.feedback["Zip"].astype(str).tolist()[0] == "02134"


def test_event_dates_named_in_other_languages():
    frame = pd.DataFrame({"Id": range(1, 41), "Stato": ["Chiusa", "Aperta"] * 20,
                          "Creato": [f"2024-03-{1 + i % 28:02d}" for i in range(40)],
                          "Chiusa": [f"2024-04-{1 + i % 28:02d}" if i % 2 == 0 else None for i in range(40)],
                          "Categoria": ["Buche", "Illuminazione", "Rifiuti", "Verde"] * 10})
    assert _mapped(_load(frame))["Creato"] == "date"  # the report's date, not its closing date


def test_delimiter_of_records_with_multi_line_quoted_answers():
    """A multi-select answer written as tab-bulleted lines inside quotes must not make tab the delimiter."""
    lines = ["Id,Categories,Taste (1-5),Comment"]
    for i in range(30):
        lines.append(f'{i},"•\tSoups\n•\tDesserts\n•\tSalads",{1 + i % 5},fine {i}')
    data = ("\n".join(lines) + "\n").encode()
    ds = cxlens.load(data, filename="jotform.csv")
    settings = _settings(ds)
    assert settings["delimiter"] == ","
    assert settings["profiles"]["Categories"]["kind"] == "category"  # several choices, not a comment
    assert _mapped(ds).get("Categories") != "comment"


@pytest.mark.parametrize("written, day", [
    ("01 janvier 2023", "2023-01-01"), ("20 mars 2021", "2021-03-20"), ("12 févr. 2021", "2021-02-12"),
    ("3. März 2024", "2024-03-03"), ("5 de mayo de 2022", "2022-05-05"), ("2 luglio 2019", "2019-07-02"),
    ("14 oktober 2020", "2020-10-14"), ("9 de setembro de 2018", "2018-09-09"),
])
def test_dates_with_month_names_in_other_languages(written, day):
    """The French verbatims export lost all 1,200 dates ('01 janvier 2023') before month names were translated."""
    frame = pd.DataFrame({"date": [written] * 3, "comment": ["très bien", "pas mal", "bof"], "note": [5, 3, 2]})
    ds = _load(frame)
    assert _mapped(ds)["date"] == "date"
    assert ds.feedback["date"].dt.strftime("%Y-%m-%d").tolist() == [day] * 3
    assert not ds.problems["problem"].str.contains("date").any()


def test_month_words_inside_other_text_are_left_alone():
    from cxlens.cleaning import english_month_names
    text = pd.Series(["set up the mar account", "Mai Tai", "5 mai 2020", None])
    assert english_month_names(text).tolist()[:3] == ["set up the mar account", "May Tai", "5 May 2020"]


def test_a_comment_column_with_no_text_is_not_called_comments():
    """The 2016 CFPB export maps its narrative column, which is blank in every row: the page must not say
    'with comments' above a Why page that (rightly) says there are none."""
    from cxlens import reading
    filled = cxlens.load(b"Touchpoint,Score,Comment\nA,4,good\nB,2,bad\n", filename="x.csv")
    blank = cxlens.load(b"Touchpoint,Score,Comment\nA,4,\nB,2,\n", filename="x.csv")
    assert reading.headline(filled) == "2 reviews with a 1-5 rating and comments; 2 touchpoints."
    assert reading.headline(blank) == "2 reviews with a 1-5 rating and an empty comment column; 2 touchpoints."
