"""Descriptions of the reading-corpus entries (build_manifest.py turns them into manifest.json).

check_spec: which checks to compute (mean of a column on its own scale with the
entry's na_codes excluded; share of rows equal to a value).  read: the pandas
arguments that give the correct reading.
"""

R = "touchpoint_rating"


def roles(**groups):
    """roles(a=[...], b=[...]) -> {header: role} keeping list order."""
    out = {}
    for role, headers in groups.items():
        for h in headers:
            out[h] = role
    return out


ENTRIES = []
E = ENTRIES.append

# 1 ---------------------------------------------------------------------------
E({
    "id": "hotel_guest_survey_xlsx",
    "replica": "hotel_guest_survey_xlsx",
    "filename": "guest_satisfaction_survey_responses.xlsx",
    "source": {"repo": "rh133/hotel-guest-experience-project", "path": "guest_satisfaction_survey_responses.xlsx",
               "commit": "8d0696492632498c01a512e61b95f7a84a0e7aa7",
               "licence": "none stated (no LICENSE file, README silent)", "upstream": "simulated by the author",
               "copied": "generated replica: same sheets/headers/codes, synthetic values"},
    "language": "en", "encoding": "xlsx",
    "sheets": {
        "about_this _data": {
            "kind": "not_data", "one_row_is": "a line of notes about the dataset",
            "roles": {"Disclaimer ": "ignore",
                      "This dataset was created to simulate a real-world scenario where a hotel chain experiences a drop in guest satisfaction (replica text).": "ignore"},
            "scales": {}, "na_codes": {}, "check_spec": {}},
        "survey_responses": {
            "kind": "responses_wide", "one_row_is": "one post-stay survey response (reservation)",
            "roles": {"reservation_number": "response_id", "reservation_date": "date", "property_code": "segment",
                      "room_type_code": "segment", "membership_id": "customer_id", "visit_purpose": "segment",
                      "satisfied_or_dissatisfied": "outcome", "main_reason_satisfaction": "segment",
                      "main_reason_dissatisfaction": "segment", "food_quality_rating": R, "checkin_rating": R,
                      "checkout_rating": R, "staff_friendliness": R, "room_cleanliness": R, "avg_ratings": "derived"},
            "scales": {c: [1, 5] for c in ["food_quality_rating", "checkin_rating", "checkout_rating",
                                           "staff_friendliness", "room_cleanliness", "avg_ratings"]},
            "na_codes": {},
            "check_spec": {"mean": [("avg_ratings", "mean of the five 1-5 ratings, computed in the file"),
                                    ("room_cleanliness", None)],
                           "share": [("satisfied_or_dissatisfied", "Satisfied")]}},
        "memberships_information": {
            "kind": "customer", "one_row_is": "one loyalty member",
            "roles": {"membership_id": "customer_id", "membership_tier": "segment", "guest_age": "count"},
            "scales": {}, "na_codes": {}, "check_spec": {"share": [("membership_tier", "Platinum")]}},
        "room_details": {
            "kind": "not_data", "one_row_is": "a room type (lookup table)",
            "roles": roles(ignore=["room_type"], id=["room_code"]) | {h: "ignore" for h in [
                "Mattress Type", "Pillow Type", "Duvet Type", "Bedsheets Type", "Coffee Machine", "Kettle",
                "Hairdryer", "Room Size (sqm)", "TV Size", "Wi-Fi"]},
            "scales": {}, "na_codes": {}, "check_spec": {}},
        "properties_info": {
            "kind": "not_data", "one_row_is": "a hotel property (lookup table)",
            "roles": {"property_code": "id", "hotel_name ": "ignore"}, "scales": {}, "na_codes": {},
            "check_spec": {}},
    },
    "notes": "Multi-sheet workbook: only survey_responses holds responses; the first sheet is a free-text notes sheet. "
             "reservation_date holds raw Excel serial numbers (e.g. 45549) with General format, not date cells. "
             "main_reason_* are closed-list reasons asked conditionally (blank by design). avg_ratings is computed, "
             "not asked. Several header names carry trailing spaces ('hotel_name ', 'Disclaimer ', sheet 'about_this _data').",
})

# 2 ---------------------------------------------------------------------------
_hs = ["satCleanRoom", "satCleanBath", "satCleanCommon", "satFrontStaff", "satDiningStaff", "satHouseStaff",
       "satValetStaff", "satPerks", "satRoomPrice", "satDiningPrice", "satWifiPrice", "satParkingPrice", "satCity",
       "satCloseTransp", "satCloseEvents", "satPoints", "satRecognition"]
E({
    "id": "hotel_sat_wide_r",
    "replica": "hotel_sat_wide_r",
    "filename": "hotelsat-data.csv",
    "source": {"repo": "rithubeedu/Regression-Modelling", "path": "hotelsat-data.csv",
               "commit": "7fb80f7401052c3dc27935cd3c65cd46b1d77162",
               "licence": "none stated (no LICENSE file)",
               "upstream": "Chapman & Feit, R for Marketing Research and Analytics (2nd ed.) hotel satisfaction data",
               "copied": "generated replica: same headers/codes/scales, synthetic values"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "responses_wide", "one_row_is": "one hotel guest (survey respondent)",
        "roles": {**{h: R for h in _hs}, "satOverall": "csat", "distanceTraveled": "count", "nightsStayed": "count",
                  "visitPurpose": "segment", "avgRoomSpendPerNight": "count", "avgFoodSpendPerNight": "count",
                  "avgWifiSpendPerNight": "count", "eliteStatus": "segment"},
        "scales": {h: [1, 7] for h in _hs + ["satOverall"]}, "na_codes": {},
        "check_spec": {"mean": [("satOverall", "1-7 scale"), ("satCleanRoom", None)],
                       "share": [("eliteStatus", "NoStatus")]}}},
    "notes": "R write.csv output: every header and string value is double-quoted, numbers are not. 1-7 satisfaction "
             "scale (not 1-5). No respondent id column. Spend columns are money, not ratings.",
})

# 3 ---------------------------------------------------------------------------
E({
    "id": "ecommerce_churn_xlsx",
    "replica": "ecommerce_churn_xlsx",
    "filename": "E Commerce Dataset.xlsx",
    "source": {"repo": "weilai0807/E-Commerce_Customer_Behaviour_Analysis", "path": "Dataset/E Commerce Dataset.xlsx",
               "commit": "a6052028a9b742e23274e707a131b057282b216f",
               "licence": "none stated (no LICENSE file)",
               "upstream": "Kaggle ankitverma2010/ecommerce-customer-churn-analysis-and-prediction (extended by the repo author with Age, TotalSpent, MembershipLevel, FreqofWebsiteVisits, Occupation)",
               "copied": "generated replica: same sheet/headers/codes, synthetic values"},
    "language": "en", "encoding": "xlsx",
    "sheets": {"E Commerce Dataset": {
        "kind": "customer", "one_row_is": "one customer",
        "roles": {"CustomerID": "customer_id", "Churn": "outcome", "Tenure": "count", "PreferredLoginDevice": "segment",
                  "CityTier": "tier", "WarehouseToHome": "count", "PreferredPaymentMode": "segment", "Gender": "segment",
                  "HourSpendOnApp": "count", "NumberOfDeviceRegistered": "count", "PreferedOrderCat": "segment",
                  "SatisfactionScore": "csat", "MaritalStatus": "segment", "NumberOfAddress": "count",
                  "Complain": "outcome", "OrderAmountHikeFromlastYear": "count", "CouponUsed": "count",
                  "OrderCount": "count", "DaySinceLastOrder": "count", "CashbackAmount": "count", "Age": "count",
                  "TotalSpent": "count", "MembershipLevel": "segment", "FreqofWebsiteVisits": "count",
                  "Occupation": "segment"},
        "scales": {"SatisfactionScore": [1, 5]}, "na_codes": {},
        "check_spec": {"mean": [("SatisfactionScore", "1-5")], "share": [("Churn", 1), ("Complain", 1)]}}},
    "notes": "Churn and Complain are 0/1 flags; CityTier 1-3 is an ordinal code, not a rating. Blank cells in Tenure, "
             "HourSpendOnApp, CouponUsed etc. Same category spelled several ways ('Mobile Phone'/'Phone'/'Mobile', "
             "'CC'/'Credit Card', 'COD'/'Cash on Delivery').",
})

# 4 ---------------------------------------------------------------------------
E({
    "id": "fr_hellofresh_verbatims",
    "replica": "fr_hellofresh_verbatims",
    "filename": "verbatims.csv",
    "source": {"repo": "diallomamadoub/customers", "path": "csv/verbatims.csv",
               "commit": "bdd71b1c03f4ad9a994203307e73b4e7204c8491",
               "licence": "none stated (no LICENSE file)", "upstream": "scraped Trustpilot reviews (HelloFresh FR)",
               "copied": "generated replica: same headers/separator/value formats, synthetic French text"},
    "language": "fr", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "reviews", "one_row_is": "one customer review",
        "roles": {"auteur": "ignore", "opinion": "title", "commentaire": "comment", "note": "rating", "date": "date"},
        "scales": {"note": [1, 5]}, "na_codes": {},
        "read": {"sep": ";"},
        "check_spec": {"mean": [("note", "decimal comma: '3,5' read as 3.5")], "share": [("note", "5")]}}},
    "notes": "Semicolon separated; note uses a decimal comma ('3,5'); dates are French long dates with a leading "
             "space (' 17 juillet 2023'). In the real file the 'note' values look partly misaligned with the text "
             "(scraping artefact), so do not expect text sentiment to match the rating.",
})

# 5 ---------------------------------------------------------------------------
E({
    "id": "olist_reviews_pt",
    "replica": "olist_reviews_pt",
    "filename": "olist_order_reviews_dataset.csv",
    "source": {"repo": "jumoke-data/p2-olist-ecommerce", "path": "olist_order_reviews_dataset.csv",
               "commit": "babf1d27016a3fa8d5bfa95fd63fdd8080eb8db6",
               "licence": "none in repo; upstream Kaggle olistbr/brazilian-ecommerce is CC BY-NC-SA 4.0 (not allowed)",
               "upstream": "Olist Brazilian e-commerce public dataset",
               "copied": "generated replica: same headers/date format/mojibake, synthetic Portuguese text"},
    "language": "pt", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "reviews", "one_row_is": "one post-purchase review (satisfaction survey answer) of an order",
        "roles": {"review_id": "response_id", "order_id": "id", "review_score": "rating",
                  "review_comment_title": "title", "review_comment_message": "comment",
                  "review_creation_date": "date", "review_answer_timestamp": "other_date"},
        "scales": {"review_score": [1, 5]}, "na_codes": {},
        "check_spec": {"mean": [("review_score", "1-5 stars")], "share": [("review_score", 5)],
                       "nonblank": [("review_comment_message", "most reviews have no text")]}}},
    "notes": "This copy was re-saved through Excel: dates are day-first 'dd/mm/yyyy H:MM' (not ISO) and the "
             "Portuguese text is mojibake: valid UTF-8 whose characters are cp1252-decoded UTF-8 ('NÃ£o', 'Ã“timo'); a reader may repair it with s.encode('cp1252').decode('utf-8'). Comments contain embedded newlines inside quotes. "
             "Most titles and messages are blank.",
})

# 6 ---------------------------------------------------------------------------
E({
    "id": "comcast_complaints",
    "replica": "comcast_complaints",
    "filename": "Comcast_telecom_complaints_data.csv",
    "source": {"repo": "Sounakde/Comcast-Complaint", "path": "Comcast_telecom_complaints_data.csv",
               "commit": "ec397d7908c96aecdfdc0c36002720badf51710d",
               "licence": "none stated (no LICENSE file)",
               "upstream": "Comcast consumer complaints (Kaggle / Simplilearn course data)",
               "copied": "generated replica: same headers/codes/date formats, synthetic values"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "complaints", "one_row_is": "one complaint ticket",
        "roles": {"Ticket #": "id", "Customer Complaint": "comment", "Date": "date", "Date_month_year": "other_date",
                  "Time": "ignore", "Received Via": "channel", "City": "geography", "State": "geography",
                  "Zip code": "geography", "Status": "outcome", "Filing on Behalf of Someone": "segment"},
        "scales": {}, "na_codes": {},
        "check_spec": {"share": [("Status", "Solved"), ("Received Via", "Internet")]}}},
    "notes": "Date is day-first two-digit-year 'dd-mm-yy' and Date_month_year is 'dd-Mon-yy' for the same day; "
             "parsing Date month-first gives wrong dates. Status has 4 values (Open/Pending = unresolved, "
             "Closed/Solved = resolved). Zip codes lose leading zeros (2134). No rating column. 'Customer Complaint' "
             "is a title each customer wrote: 1,840 distinct of 2,224, 31 characters on average (the replica composes "
             "titles to match).",
})

# 7 ---------------------------------------------------------------------------
E({
    "id": "support_tickets_interactions",
    "replica": "support_tickets_interactions",
    "filename": "customer_support_tickets.csv",
    "source": {"repo": "KingAtomic7/Customer-Satisfaction-Prediction-Project", "path": "customer_support_tickets.csv",
               "commit": "1a07d2c9fa5397cbc4c6877ac0432c429f64d236",
               "licence": "none stated (no LICENSE file)",
               "upstream": "Kaggle suraj520/customer-support-ticket-dataset",
               "copied": "generated replica: same headers/codes, synthetic values"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "interactions", "one_row_is": "one support ticket",
        "roles": {"Ticket ID": "id", "Customer Name": "ignore", "Customer Email": "customer_id", "Customer Age": "count",
                  "Customer Gender": "segment", "Product Purchased": "segment", "Date of Purchase": "other_date",
                  "Ticket Type": "segment", "Ticket Subject": "segment", "Ticket Description": "ignore",
                  "Ticket Status": "outcome", "Resolution": "ignore", "Ticket Priority": "segment",
                  "Ticket Channel": "channel", "First Response Time": "date", "Time to Resolution": "other_date",
                  "Customer Satisfaction Rating": "csat"},
        "scales": {"Customer Satisfaction Rating": [1, 5]}, "na_codes": {},
        "check_spec": {"mean": [("Customer Satisfaction Rating", "1-5, only closed tickets are rated")],
                       "share": [("Ticket Status", "Closed")]}}},
    "notes": "Satisfaction rating is blank for every ticket that is not Closed (about two thirds of rows) and is "
             "written as float (4.0). Time to Resolution can be earlier than First Response Time (synthetic upstream). "
             "In this copy 'Ticket Description' is the same sentence on all 8,469 rows ('I'm having an issue with the "
             "product purchased.'; checked against the repository's file): it says nothing, so it is no comment.",
})

# 8 ---------------------------------------------------------------------------
_cnt = [c for c in ["MORT Group Measure Count", "Count of Facility MORT Measures", "Count of MORT Measures Better",
                    "Count of MORT Measures No Different", "Count of MORT Measures Worse",
                    "Safety Group Measure Count", "Count of Facility Safety Measures",
                    "Count of Safety Measures Better", "Count of Safety Measures No Different",
                    "Count of Safety Measures Worse", "READM Group Measure Count",
                    "Count of Facility READM Measures", "Count of READM Measures Better",
                    "Count of READM Measures No Different", "Count of READM Measures Worse",
                    "Pt Exp Group Measure Count", "Count of Facility Pt Exp Measures", "TE Group Measure Count",
                    "Count of Facility TE Measures"]]
_fn = ["Hospital overall rating footnote", "MORT Group Footnote", "Safety Group Footnote", "READM Group Footnote",
       "Pt Exp Group Footnote", "TE Group Footnote"]
E({
    "id": "cms_hospital_general_info",
    "file": "files/Hospital_General_Information_first2000.csv",
    "filename": "Hospital_General_Information.csv",
    "source": {"repo": "noorussabah/us-hospital-performance-dashboard", "path": "Data/Hospital_General_Information.csv",
               "commit": "dfcfb1fc6fa0d6af6efd19f1d9abbf93ead50913",
               "licence": "US federal government data (CMS Provider Data Catalog), public domain; repo has no LICENSE",
               "upstream": "CMS Care Compare, dataset xubh-q36u / 84jm-wiui (Hospital General Information)",
               "copied": "real copy, header + first 2000 rows"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "aggregated", "one_row_is": "one hospital (star rating and counts of measures)",
        "roles": {"Facility ID": "entity", "Facility Name": "id", "Address": "ignore", "City/Town": "geography",
                  "State": "geography", "ZIP Code": "geography", "County/Parish": "geography",
                  "Telephone Number": "ignore", "Hospital Type": "segment", "Hospital Ownership": "segment",
                  "Emergency Services": "segment", "Meets criteria for birthing friendly designation": "segment",
                  "Hospital overall rating": "rating", **{c: "count" for c in _cnt}, **{c: "ignore" for c in _fn}},
        "scales": {"Hospital overall rating": [1, 5]},
        "na_codes": {"Hospital overall rating": ["Not Available"], **{c: ["Not Available"] for c in _cnt}},
        "read": {"dtype": {"Facility ID": "str", "ZIP Code": "str"}},
        "check_spec": {"mean": [("Hospital overall rating", "1-5 stars, 'Not Available' excluded")],
                       "share": [("Hospital overall rating", "Not Available"), ("Emergency Services", "Yes")]}}},
    "notes": "'Not Available' is the NA code in every numeric column; Facility ID and ZIP have leading zeros "
             "(read as text). Footnote columns hold footnote numbers ('16, 23'), not values. Wide aggregated "
             "layout: one row per hospital, no measure/value columns.",
})

# 9 ---------------------------------------------------------------------------
_cc1 = {"Call Id": "id", "Agent": "persona", "Date": "date", "Time": "ignore", "Topic": "touchpoint",
        "Answered (Y/N)": "outcome", "Resolved": "outcome", "Speed of answer in seconds": "count",
        "AvgTalkDuration": "count", "Satisfaction rating": "csat"}
E({
    "id": "callcenter_pwc_xlsx",
    "replica": "callcenter_pwc_xlsx",
    "filename": "01 Call-Center-Dataset.xlsx",
    "source": {"repo": "Akshi01/Call-Centre-Trends--Data-Analysis", "path": "01 Call-Center-Dataset.xlsx",
               "commit": "797f32d967adadd46132fa0133f4a53bdd2287fd",
               "licence": "none stated (no LICENSE file)", "upstream": "PwC Switzerland Power BI virtual case (Forage)",
               "copied": "generated replica: same sheets/headers/cell types, synthetic values"},
    "language": "en", "encoding": "xlsx",
    "sheets": {
        "Sheet1": {
            "kind": "interactions", "one_row_is": "one inbound call",
            "roles": _cc1, "scales": {"Satisfaction rating": [1, 5]}, "na_codes": {},
            "check_spec": {"mean": [("Satisfaction rating", "1-5, unanswered calls blank")],
                           "share": [("Answered (Y/N)", "Y"), ("Resolved", "Y")]}},
        "Sheet1 (2)": {
            "kind": "interactions", "one_row_is": "one inbound call (analysis copy of Sheet1 without Call Id)",
            "roles": {**{k: v for k, v in _cc1.items() if k != "Call Id"}, "HourOfTheDay": "derived",
                      "duration_min2": "derived"},
            "scales": {"Satisfaction rating": [1, 5]}, "na_codes": {},
            "check_spec": {"mean": [("Satisfaction rating", "1-5")]}},
    },
    "notes": "Date is stored as TEXT ('2021-01-01'), Time and AvgTalkDuration are Excel time cells (durations, not "
             "clock times, for AvgTalkDuration). 'Sheet1 (2)' duplicates the data with formula columns "
             "(HourOfTheDay, duration_min2) whose cached values must be read; it is not a second dataset. "
             "Agent is the employee, not the customer. Answered/Resolved are Y/N flags; unanswered calls have "
             "blank speed, duration and rating.",
})

# 10 --------------------------------------------------------------------------
E({
    "id": "bank_churn_derived",
    "replica": "bank_churn_derived",
    "filename": "Churn_Modelling.csv",
    "source": {"repo": "AaronMbuzi/BankChurn-Analytics", "path": "Churn_Modelling.csv",
               "commit": "e8b9d11bdf0155d323e9f197d2702f98b0e134e4",
               "licence": "none stated", "upstream": "Kaggle 'Churn Modelling' bank customer data (terms unstated)",
               "copied": "generated replica: same headers/codes, synthetic values"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "customer", "one_row_is": "one bank customer",
        "roles": {"RowNumber": "ignore", "CustomerId": "customer_id", "Surname": "ignore", "CreditScore": "count",
                  "Geography": "geography", "Gender Encoded": "derived", "Gender": "segment", "Age": "count",
                  "Tenure": "count", "Balance": "count", "NumOfProducts": "count", "HasCrCard": "segment",
                  "IsActiveMember": "segment", "EstimatedSalary": "count", "Exited": "outcome",
                  "BalanceSalaryRatio": "derived", "IsHighValueCustomer": "derived", "AgeGroup": "derived"},
        "scales": {}, "na_codes": {},
        "check_spec": {"share": [("Exited", 1), ("Geography", "France")]}}},
    "notes": "No satisfaction score: CreditScore (350-850) is NOT a rating. Exited is the churn flag (0/1). The repo "
             "author appended derived columns (Gender Encoded, BalanceSalaryRatio, IsHighValueCustomer TRUE/FALSE, "
             "AgeGroup with a buggy 'Retiree' bucket). Surnames include '?' for lost characters.",
})

# 11 --------------------------------------------------------------------------
E({
    "id": "telco_churn_customer",
    "replica": "telco_churn_customer",
    "filename": "Telco-Customer-Churn.csv",
    "source": {"repo": "prasertcbs/basic-dataset", "path": "Telco-Customer-Churn.csv",
               "commit": "a53613f61acc18b9ff46a5c018336d2f9ba0187b",
               "licence": "none clearly stated for the data", "upstream": "IBM Watson Analytics sample data (Kaggle blastchar/telco-customer-churn)",
               "copied": "generated replica: same headers/codes, synthetic values"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "customer", "one_row_is": "one telecom customer",
        "roles": {"customerID": "customer_id", "gender": "segment", "SeniorCitizen": "segment", "Partner": "segment",
                  "Dependents": "segment", "tenure": "count", "PhoneService": "segment", "MultipleLines": "segment",
                  "InternetService": "segment", "OnlineSecurity": "segment", "OnlineBackup": "segment",
                  "DeviceProtection": "segment", "TechSupport": "segment", "StreamingTV": "segment",
                  "StreamingMovies": "segment", "Contract": "segment", "PaperlessBilling": "segment",
                  "PaymentMethod": "segment", "MonthlyCharges": "count", "TotalCharges": "count", "Churn": "outcome"},
        "scales": {}, "na_codes": {"TotalCharges": [" ", ""]},
        "check_spec": {"mean": [("MonthlyCharges", "money, not a rating")], "share": [("Churn", "Yes")]}}},
    "notes": "No satisfaction column at all. TotalCharges is text because customers with tenure 0 have a single "
             "space ' ' instead of a number. SeniorCitizen is 0/1 while the other flags are Yes/No. "
             "'No internet service' / 'No phone service' are structural answers, not missing.",
})

# 12 --------------------------------------------------------------------------
E({
    "id": "model_results_not_data",
    "replica": "model_results_not_data",
    "filename": "model_results.csv",
    "source": {"repo": "KingAtomic7/Customer-Satisfaction-Prediction-Project", "path": "model_results.csv",
               "commit": "1a07d2c9fa5397cbc4c6877ac0432c429f64d236", "licence": "none stated",
               "upstream": "author's model comparison on the Kaggle support-ticket data",
               "copied": "generated replica: same headers and model names, synthetic metrics"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "not_data", "one_row_is": "one fitted model (evaluation metrics)",
        "roles": {"Model": "ignore", "Accuracy": "ignore", "F1 Score": "ignore", "CV Mean": "ignore", "CV Std": "ignore"},
        "scales": {}, "na_codes": {}, "check_spec": {}}},
    "notes": "A 4-row model-evaluation table: numbers 0-1 that look like shares/scores but are not customer data.",
})

PB = {"repo": "prasertcbs/basic-dataset", "commit": "a53613f61acc18b9ff46a5c018336d2f9ba0187b",
      "licence": "none stated (README: 'a collection of Dataset from various sources', no LICENSE file)"}

# 13 --------------------------------------------------------------------------
_sbx = ["1. Your Gender", "2. Your Age", "3. Are you currently....?", "4. What is your annual income?",
        "5. How often do you visit Starbucks?", "6. How do you usually enjoy Starbucks?",
        "7. How much time do you normally  spend during your visit?", "8. The nearest Starbucks's outlet to you is...?",
        "9. Do you have Starbucks membership card?", "10. What do you most frequently purchase at Starbucks?",
        "11. On average, how much would you spend at Starbucks per visit?",
        "12. How would you rate the quality of Starbucks compared to other brands (Coffee Bean, Old Town White Coffee..) to be:",
        "13. How would you rate the price range at Starbucks?",
        "14. How important are sales and promotions in your purchase decision?",
        "15. How would you rate the ambiance at Starbucks? (lighting, music, etc...)",
        "16. You rate the WiFi quality at Starbucks as..",
        "17. How would you rate the service at Starbucks? (Promptness, friendliness, etc..)",
        "18. How likely you will choose Starbucks for doing business meetings or hangout with friends?",
        "19. How do you come to hear of promotions at Starbucks? Check all that apply.",
        "20. Will you continue buying at Starbucks?"]
E({
    "id": "starbucks_survey_raw",
    "replica": "starbucks_survey_raw",
    "filename": "Starbucks satisfactory survey.csv",
    "source": {**PB, "path": "Starbucks satisfactory survey.csv",
               "upstream": "Kaggle mahirahmzh/starbucks-customer-retention-malaysia-survey (Google Forms)",
               "copied": "generated replica: same question headers/answer options, synthetic answers"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "responses_wide", "one_row_is": "one survey respondent (Google Forms submission)",
        "roles": {"Timestamp": "date", _sbx[0]: "segment", _sbx[1]: "segment", _sbx[2]: "segment", _sbx[3]: "tier",
                  _sbx[4]: "segment", _sbx[5]: "channel", _sbx[6]: "segment", _sbx[7]: "segment", _sbx[8]: "segment",
                  _sbx[9]: "segment", _sbx[10]: "segment", _sbx[11]: R, _sbx[12]: R, _sbx[13]: "importance",
                  _sbx[14]: R, _sbx[15]: R, _sbx[16]: R, _sbx[17]: "rating", _sbx[18]: "ignore", _sbx[19]: "outcome"},
        "scales": {_sbx[i]: [1, 5] for i in (11, 12, 13, 14, 15, 16, 17)}, "na_codes": {},
        "check_spec": {"mean": [(_sbx[16], "service rating 1-5"), (_sbx[11], "quality rating 1-5")],
                       "share": [(_sbx[19], "Yes")]}}},
    "notes": "Headers are full question texts with numbering and punctuation (one has a double space). Timestamp "
             "'2019/10/01 12:38:43 PM GMT+8'. Q10 and Q19 are multi-select answers joined with ';'. Q14 is an "
             "importance question, not a satisfaction rating; Q18 is likelihood to choose (1-5), not an NPS. Q20 "
             "(continue buying Yes/No) is the retention outcome. Income bands are ordinal text.",
})

# 14 --------------------------------------------------------------------------
E({
    "id": "starbucks_survey_coded",
    "replica": "starbucks_survey_coded",
    "filename": "Starbucks satisfactory survey encode cleaned.csv",
    "source": {**PB, "path": "Starbucks satisfactory survey encode cleaned.csv",
               "upstream": "same Kaggle Starbucks survey, numerically encoded by the dataset author",
               "copied": "generated replica: same headers/codes, synthetic values"},
    "language": "en", "encoding": "utf-8-sig",
    "sheets": {"": {
        "kind": "responses_wide", "one_row_is": "one survey respondent (all answers as number codes)",
        "roles": {"Id": "response_id", "gender": "segment", "age": "tier", "status": "segment", "income": "tier",
                  "visitNo": "tier", "method": "channel", "timeSpend": "tier", "location": "tier",
                  "membershipCard": "segment", "itemPurchaseCoffee": "ignore", "itempurchaseCold": "ignore",
                  "itemPurchasePastries": "ignore", "itemPurchaseJuices": "ignore", "itemPurchaseSandwiches": "ignore",
                  "itemPurchaseOthers": "ignore", "spendPurchase": "tier", "productRate": R, "priceRate": R,
                  "promoRate": "importance", "ambianceRate": R, "wifiRate": R, "serviceRate": R, "chooseRate": "rating",
                  "promoMethodApp": "ignore", "promoMethodSoc": "ignore", "promoMethodEmail": "ignore",
                  "promoMethodDeal": "ignore", "promoMethodFriend": "ignore", "promoMethodDisplay": "ignore",
                  "promoMethodBillboard": "ignore", "promoMethodOthers": "ignore", "loyal": "outcome"},
        "scales": {c: [1, 5] for c in ["productRate", "priceRate", "promoRate", "ambianceRate", "wifiRate",
                                       "serviceRate", "chooseRate"]},
        "na_codes": {},
        "check_spec": {"mean": [("serviceRate", "1-5"), ("productRate", "1-5")], "share": [("loyal", 1)]}}},
    "notes": "UTF-8 with BOM (first header reads '\\ufeffId' if the BOM is not stripped). Every answer is a number "
             "code: demographics 0-4 codes (not ratings), ratings 1-5. The itemPurchase*/promoMethod* dummy columns "
             "are constant 1 in the real file (a broken encoding), so they carry no information. Id has gaps. "
             "'loyal' is 1 = will not continue (inverted relative to the raw file's 'Yes'); treat as outcome flag. "
             "'promoRate' is the importance-of-promotions question.",
})

# 15 --------------------------------------------------------------------------
_nb = "Naive_Bayes_Classifier_Attrition_Flag_Card_Category_Contacts_Count_12_mon_Dependent_count_Education_Level_Months_Inactive_12_mon_"
E({
    "id": "bank_churners_credit",
    "replica": "bank_churners_credit",
    "filename": "BankChurners.csv",
    "source": {**PB, "path": "BankChurners.csv", "upstream": "Kaggle sakshigoyal7/credit-card-customers (terms unstated)",
               "copied": "generated replica: same headers/codes, synthetic values"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "customer", "one_row_is": "one credit-card customer",
        "roles": {"CLIENTNUM": "customer_id", "Attrition_Flag": "outcome", "Customer_Age": "count", "Gender": "segment",
                  "Dependent_count": "count", "Education_Level": "segment", "Marital_Status": "segment",
                  "Income_Category": "tier", "Card_Category": "segment", "Months_on_book": "count",
                  "Total_Relationship_Count": "count", "Months_Inactive_12_mon": "count",
                  "Contacts_Count_12_mon": "count", "Credit_Limit": "count", "Total_Revolving_Bal": "count",
                  "Avg_Open_To_Buy": "count", "Total_Amt_Chng_Q4_Q1": "derived", "Total_Trans_Amt": "count",
                  "Total_Trans_Ct": "count", "Total_Ct_Chng_Q4_Q1": "derived", "Avg_Utilization_Ratio": "derived",
                  _nb + "1": "derived", _nb + "2": "derived"},
        "scales": {},
        "na_codes": {"Education_Level": ["Unknown"], "Marital_Status": ["Unknown"], "Income_Category": ["Unknown"]},
        "check_spec": {"share": [("Attrition_Flag", "Attrited Customer"), ("Income_Category", "Unknown")]}}},
    "notes": "Quoted headers, quoted strings, bare numbers. Churn flag is text ('Attrited Customer' vs 'Existing "
             "Customer'). 'Unknown' is the NA code in three categorical columns. The last two columns are leaked "
             "model outputs (Naive Bayes probabilities) with 120-character names and must not be read as scores. "
             "No satisfaction column.",
})

# 16 --------------------------------------------------------------------------
E({
    "id": "googleplay_reviews_sentiment",
    "replica": "googleplay_reviews_sentiment",
    "filename": "googleplaystore_user_reviews.csv",
    "source": {**PB, "path": "google-play-store-apps/googleplaystore_user_reviews.csv.zip",
               "upstream": "Kaggle lava18/google-play-store-apps (CC BY 3.0 upstream per Kaggle page is not verifiable here)",
               "copied": "generated replica: same headers, literal 'nan' strings, synthetic text/scores"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "reviews", "one_row_is": "one app review (or an empty placeholder row)",
        "roles": {"App": "segment", "Translated_Review": "comment", "Sentiment": "sentiment",
                  "Sentiment_Polarity": "sentiment", "Sentiment_Subjectivity": "derived"},
        "scales": {"Sentiment_Polarity": [-1, 1], "Sentiment_Subjectivity": [0, 1]},
        "na_codes": {"Translated_Review": ["nan"], "Sentiment": ["nan"], "Sentiment_Polarity": ["nan"],
                     "Sentiment_Subjectivity": ["nan"]},
        "check_spec": {"mean": [("Sentiment_Polarity", "-1..1, 'nan' rows excluded")],
                       "share": [("Sentiment", "nan"), ("Sentiment", "Positive")]}}},
    "notes": "No star rating: the only scores are precomputed sentiment polarity (-1..1) and subjectivity (0..1). "
             "About 42% of rows are placeholders where every field but App is the literal string 'nan'. "
             "App names include non-Latin characters. Stored upstream as a .zip; the replica is the unzipped CSV.",
})

# 17 --------------------------------------------------------------------------
E({
    "id": "amazon_phone_items_aggregated",
    "replica": "amazon_phone_items_aggregated",
    "filename": "20191226-items.csv",
    "source": {**PB, "path": "amazon_phone_review/20191226-items.csv",
               "upstream": "Kaggle grikomsn/amazon-cell-phones-reviews (scraped)",
               "copied": "generated replica: same headers/formats, synthetic products"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "aggregated", "one_row_is": "one phone product (average star rating over its reviews)",
        "roles": {"asin": "entity", "brand": "segment", "title": "ignore", "url": "ignore", "image": "ignore",
                  "rating": "rating", "reviewUrl": "ignore", "totalReviews": "count", "price": "count",
                  "originalPrice": "count"},
        "scales": {"rating": [1, 5]}, "na_codes": {"price": ["0"], "originalPrice": ["0"]},
        "check_spec": {"mean": [("rating", "average stars per product, 1-5")]}}},
    "notes": "Aggregated product table: 'rating' is already an average (3.7) and totalReviews is its base. "
             "price/originalPrice use 0 for 'no price'. Whole-number values are written without decimals ('3', '0'). "
             "Some brands are blank.",
})

# 18 --------------------------------------------------------------------------
E({
    "id": "young_people_columns_dictionary",
    "replica": "young_people_columns_dictionary",
    "filename": "columns.csv",
    "source": {**PB, "path": "YoungPeopleSurvey/columns.csv",
               "upstream": "Kaggle miroslavsabo/young-people-survey (columns.csv codebook)",
               "copied": "generated replica: same headers and layout, subset of question/short-name pairs"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "not_data", "one_row_is": "one survey question: full text -> short column name (codebook)",
        "roles": {"original": "ignore", "short": "ignore"}, "scales": {}, "na_codes": {}, "check_spec": {}}},
    "notes": "A data dictionary, not responses: every cell is quoted text. A reader should recognise it as metadata "
             "(and could use it to label responses.csv columns).",
})

# 19 --------------------------------------------------------------------------
E({
    "id": "cms_hcahps_state",
    "file": "files/Patient_survey__HCAHPS__-_State.csv",
    "filename": "Patient_survey__HCAHPS__-_State.csv",
    "source": {"repo": "alishawarke/Healthcare-Covid19", "path": "Patient_survey__HCAHPS__-_State.csv",
               "commit": "7fdbef7036656e5ff0d5b7af44e87470eea01a3a",
               "licence": "US federal government data (CMS Hospital Compare / Provider Data Catalog), public domain; repo has no LICENSE",
               "upstream": "CMS 'Patient survey (HCAHPS) - State', reporting period 10/01/2018-09/30/2019",
               "copied": "real copy, whole file"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "aggregated", "one_row_is": "one state x HCAHPS answer category (percent of patients)",
        "roles": {"State": "entity", "HCAHPS Question": "measure", "HCAHPS Measure ID": "measure",
                  "HCAHPS Answer Description": "ignore", "HCAHPS Answer Percent": "value", "Footnote": "ignore",
                  "Start Date": "date", "End Date": "other_date"},
        "scales": {"HCAHPS Answer Percent": [0, 100]},
        "na_codes": {"HCAHPS Answer Percent": ["Not Available"]},
        "check_spec": {"mean": [("HCAHPS Answer Percent", "0-100 percent, 'Not Available' excluded; averages unlike answer categories")],
                       "share": [("HCAHPS Answer Percent", "Not Available")]}}},
    "notes": "Long aggregated layout: 56 states/territories x 72 measures. Values are percentages of patients giving "
             "an answer category; the '_A_P' (always), '_U_P' (usually), '_SN_P' (sometimes/never) rows of one "
             "question sum to ~100, so averaging across measures is meaningless - a reader should pivot by "
             "HCAHPS Measure ID. Question texts contain embedded double quotes and double spaces. "
             "'Not Available' (footnote 5) for territories. Dates are US mm/dd/yyyy.",
})

# 20 --------------------------------------------------------------------------
E({
    "id": "restmex_es_xlsx",
    "replica": "restmex_es_xlsx",
    "filename": "Rest_Mex_2022_Sentiment_Analysis_Track_Test.xlsx",
    "source": {"repo": "javilonso/NLP_Sentiment_UC3M_RestMex2022",
               "path": "1.-DATA/dataset_test/Rest_Mex_2022_Sentiment_Analysis_Track_Test.xlsx",
               "commit": "974c34250883333e2e89366e1ffc482aaf2d1145",
               "licence": "none in repo; Rest-Mex 2022 data restricted to academic/research use (not allowed)",
               "upstream": "Rest-Mex 2022 shared task (TripAdvisor opinions on Mexican tourist places)",
               "copied": "generated replica: same sheet/headers, synthetic Spanish text"},
    "language": "es", "encoding": "xlsx",
    "sheets": {"testRestMexConLABEL": {
        "kind": "reviews", "one_row_is": "one tourist opinion (review without a rating)",
        "roles": {"Id": "id", "Title": "title", "Opinion": "comment"},
        "scales": {}, "na_codes": {}, "check_spec": {"nonblank": [("Opinion", "every row has text")]}}},
    "notes": "Review text with NO score column (the test split withholds polarity): a reader must not invent a "
             "rating from Id. Spanish titles with odd punctuation ('Súper ..hotel,vacaciones ,lugar y precio !!'). "
             "The sheet name is not 'Sheet1'.",
})

# 21 --------------------------------------------------------------------------
_de_map = {"unzufrieden": 1, "weniger zufrieden": 2, "zufrieden": 3, "sehr zufrieden": 4}
E({
    "id": "klinik_de_reviews",
    "replica": "klinik_de_reviews",
    "filename": "clinical_data_lowersaxony.csv",
    "source": {"repo": "ablmz/AbschlussProject-EndToEnd-DS-Project-", "path": "klinikbewertung.de/clinical_data_lowersaxony.csv",
               "commit": "53d5dd7765e313aa6518900b4f4b012daf30e8fb", "licence": "none stated (no LICENSE file)",
               "upstream": "scraped from klinikbewertungen.de (hospital reviews, Lower Saxony)",
               "copied": "generated replica: same headers/label scale/date format/mojibake, synthetic German text"},
    "language": "de", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "reviews", "one_row_is": "one patient review of a clinic (overall + 4 aspect ratings as words)",
        "roles": {"Name der Klinik": "segment", "Titel": "title", "Datum": "date", "Fachbereich": "segment",
                  "Erfahrungsbericht": "comment", "Gesamtzufriedenheit": "csat", "Qualität der Beratung": R,
                  "Mediz. Behandlung": R, "Verwaltung und Abläufe": R, "Ausstattung und Gestaltung": R},
        "scales": {c: [1, 4] for c in ["Gesamtzufriedenheit", "Qualität der Beratung", "Mediz. Behandlung",
                                       "Verwaltung und Abläufe", "Ausstattung und Gestaltung"]},
        "value_labels": {c: _de_map for c in ["Gesamtzufriedenheit", "Qualität der Beratung", "Mediz. Behandlung",
                                              "Verwaltung und Abläufe", "Ausstattung und Gestaltung"]},
        "na_codes": {},
        "check_spec": {"mean_mapped": [("Gesamtzufriedenheit", _de_map,
                                        "verbal scale mapped 1-4 (text after ' (' ignored)")],
                       "share": [("Gesamtzufriedenheit", "sehr zufrieden")]}}},
    "notes": "Ratings are German words on a 4-point scale (unzufrieden < weniger zufrieden < zufrieden < sehr "
             "zufrieden), sometimes followed by a free-text remark in parentheses ('unzufrieden (siehe Text)'). "
             "Dates are dd.mm.yyyy. Headers are proper UTF-8 but the text values are mojibake ('Ã¼' for 'ü', "
             "'OrthopÃ¤die'). Reviews contain embedded newlines. 'Ausstattung und Gestaltung' is blank in ~23% of rows.",
})

# 22 --------------------------------------------------------------------------
E({
    "id": "semeval_absa_long",
    "replica": "semeval_absa_long",
    "filename": "Restaurants_Train_v2.csv",
    "source": {"repo": "Bramomento/Machine-Learning-and-Content-Analytics", "path": "Restaurants_Train_v2.csv",
               "commit": "6cf66d498184184b438d9086de8c3f9e8fef4cf6", "licence": "none stated",
               "upstream": "SemEval-2014 Task 4 aspect-based sentiment (restaurants), research distribution",
               "copied": "generated replica: same headers/layout/polarity codes, synthetic sentences"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "responses_long", "one_row_is": "one review sentence x aspect term (sentence repeated per aspect)",
        "roles": {"id": "response_id", "Sentence": "comment", "Aspect Term": "touchpoint", "polarity": "sentiment",
                  "from": "ignore", "to": "ignore"},
        "scales": {}, "na_codes": {},
        "check_spec": {"share": [("polarity", "positive"), ("polarity", "conflict")]}}},
    "notes": "Long format: the same id and Sentence repeat once per aspect term, so counting rows over-counts "
             "reviews. The aspect is in 'Aspect Term'; the per-aspect score is a polarity label "
             "(positive/negative/neutral/conflict), not a number. from/to are character offsets.",
})

# 23 --------------------------------------------------------------------------
E({
    "id": "airline_tweets_excel_mangled",
    "replica": "airline_tweets_excel_mangled",
    "filename": "Tweets.csv",
    "source": {"repo": "AyushDhatwalia/Twitter-Airline-Sentiment", "path": "Tweets.csv",
               "commit": "9bb398288512b2114f61e1e34b83d50efc990c66", "licence": "none in repo; upstream CC BY-NC-SA 4.0 (not allowed)",
               "upstream": "Figure Eight 'Twitter US Airline Sentiment' (Kaggle crowdflower)",
               "copied": "generated replica: same headers, Excel-mangled ids and dates, synthetic tweets"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "complaints", "one_row_is": "one customer tweet to an airline (negative ones carry a complaint reason)",
        "roles": {"tweet_id": "id", "airline_sentiment": "sentiment", "airline_sentiment_confidence": "derived",
                  "negativereason": "touchpoint", "negativereason_confidence": "derived", "airline": "segment",
                  "airline_sentiment_gold": "ignore", "name": "customer_id", "negativereason_gold": "ignore",
                  "retweet_count": "count", "text": "comment", "tweet_coord": "geography", "tweet_created": "date",
                  "tweet_location": "geography", "user_timezone": "ignore"},
        "scales": {}, "na_codes": {},
        "check_spec": {"share": [("airline_sentiment", "negative"), ("negativereason", "Customer Service Issue")]}}},
    "notes": "This copy went through Excel: tweet_id is in scientific notation ('5.70306E+17', so ids are no longer "
             "unique) and tweet_created is 'dd-mm-yyyy H.MM' with a dot between hour and minutes. "
             "negativereason is the complaint category (blank for non-negative tweets). No star rating; "
             "sentiment is a label with a confidence.",
})

# 24 --------------------------------------------------------------------------
E({
    "id": "callcenter_sentiment_xlsx",
    "replica": "callcenter_sentiment_xlsx",
    "filename": "Call-Center-Sentiment-Sample-Data.xlsx",
    "source": {"repo": "reddyprasanna927-bit/call-center-data-analysis-dashboard",
               "path": "Call-Center-Sentiment-Sample-Data.xlsx", "commit": "817a913608bbc2141a8957338436052cd950ec62",
               "licence": "none stated", "upstream": "ExcelDemy call-center sentiment sample workbook",
               "copied": "generated replica: same sheets/title rows/header position/codes, synthetic records"},
    "language": "en", "encoding": "xlsx",
    "sheets": {
        "pivot table": {
            "kind": "not_data", "one_row_is": "pivot-table output (static sums/counts by sentiment and channel)",
            "roles": {str(i): "ignore" for i in range(8)}, "scales": {}, "na_codes": {},
            "read": {"header": None}, "check_spec": {}},
        "Dashboard": {
            "kind": "not_data", "one_row_is": "nothing (empty sheet that held charts)",
            "roles": {}, "scales": {}, "na_codes": {}, "check_spec": {}},
        "Call Center Data": {
            "kind": "interactions", "one_row_is": "one customer call/contact",
            "roles": {"ID": "id", "Customer Name": "customer_id", "Sentiment": "sentiment", "CSAT Score": "csat",
                      "Call Timestamp": "date", "Reason": "touchpoint", "City": "geography", "State": "geography",
                      "Channel": "channel", "Response Time": "segment", "Call Duration (Minutes)": "count",
                      "Call Center": "segment"},
            "scales": {"CSAT Score": [1, 10]}, "na_codes": {},
            "read": {"header": 5, "usecols": "B:M"},
            "check_spec": {"mean": [("CSAT Score", "1-10 scale")], "share": [("Channel", "Chatbot")]}}},
    "notes": "The data sheet is the THIRD sheet; the first is a pivot-table summary (not data) and the second is an "
             "empty dashboard sheet. On the data sheet, column A is empty, rows 1-5 hold a title "
             "('Excel Sample Data', 'Call Center Sentiment Analysis Data') and the header is in row 6 (B6:M6). "
             "CSAT is on a 1-10 scale. 'Response Time' is an SLA category (Within/Below/Above SLA), not a duration. "
             "Call Timestamp cells are dates formatted mm-dd-yy. In the real workbook the pivot values are stale "
             "copies, not formulas.",
})

# 25 --------------------------------------------------------------------------
E({
    "id": "tripadvisor_hotel_reviews",
    "replica": "tripadvisor_hotel_reviews",
    "filename": "tripadvisor_hotel_reviews.csv",
    "source": {"repo": "Kaustav-web-m/NLP_Travel_feedback_text_preprocessing", "path": "tripadvisor_hotel_reviews.csv",
               "commit": "dc02dd1d82f845c3361feb826bbc6630871c62d1",
               "licence": "none in repo; upstream Kaggle andrewmvd/trip-advisor-hotel-reviews is CC BY-NC 4.0 (not allowed)",
               "upstream": "Alam et al. 2016, TripAdvisor hotel reviews",
               "copied": "generated replica: same headers/quoting/text style, synthetic reviews"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "reviews", "one_row_is": "one hotel review",
        "roles": {"Review": "comment", "Rating": "rating"}, "scales": {"Rating": [1, 5]}, "na_codes": {},
        "check_spec": {"mean": [("Rating", "1-5 stars")], "share": [("Rating", 5)]}}},
    "notes": "Two columns only: no id, no date, no hotel. Text is lower-cased and stop-word stripped with a "
             "trailing ',  ' and tokens like \"n't\" split off; some apostrophes are mangled ('didn__Ç_é_').",
})

# 26 --------------------------------------------------------------------------
E({
    "id": "uci_bank_marketing_semicolon",
    "replica": "uci_bank_marketing_semicolon",
    "filename": "bank.csv",
    "source": {**PB, "path": "bank/bank.csv",
               "upstream": "UCI Bank Marketing (Moro et al. 2014); UCI lists CC BY 4.0 but this copy's repo states no licence",
               "copied": "generated replica: same delimiter/quoting/codes, synthetic values"},
    "language": "en", "encoding": "ascii",
    "sheets": {"": {
        "kind": "customer", "one_row_is": "one bank client contacted in a telemarketing campaign",
        "roles": {"age": "count", "job": "segment", "marital": "segment", "education": "tier", "default": "segment",
                  "balance": "count", "housing": "segment", "loan": "segment", "contact": "channel", "day": "ignore",
                  "month": "ignore", "duration": "count", "campaign": "count", "pdays": "count", "previous": "count",
                  "poutcome": "ignore", "y": "outcome"},
        "scales": {}, "na_codes": {"education": ["unknown"], "contact": ["unknown"], "job": ["unknown"],
                                   "poutcome": ["unknown"], "pdays": ["-1"]},
        "read": {"sep": ";"},
        "check_spec": {"share": [("y", "yes"), ("contact", "unknown")]}}},
    "notes": "Semicolon-separated with every header and string value in double quotes. 'unknown' is the NA code in "
             "several categorical columns and pdays = -1 means 'never contacted'. Contact date is split into day "
             "(number) and month ('may') with no year. No satisfaction measure; y is the campaign outcome.",
})

# 27 --------------------------------------------------------------------------
E({
    "id": "restaurant_ratings_0_2",
    "replica": "restaurant_ratings_0_2",
    "filename": "Restaurant ratings.csv",
    "source": {**PB, "path": "RestaurantRating/Restaurant ratings.csv",
               "upstream": "UCI 'Restaurant & consumer data' rating_final.csv (Vargas-Govea et al. 2011), columns reduced",
               "copied": "generated replica: same headers and 0-2 scale, synthetic ratings"},
    "language": "en", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "reviews", "one_row_is": "one consumer's rating of one restaurant",
        "roles": {"userID": "customer_id", "placeID": "entity", "rating": "rating"},
        "scales": {"rating": [0, 2]}, "na_codes": {},
        "check_spec": {"mean": [("rating", "0-2 scale (0 = low)")], "share": [("rating", 0)]}}},
    "notes": "Rating scale is 0-2, so 0 is a valid lowest score (not missing) and a 1-5 assumption is wrong. "
             "No text, no date. placeID is numeric but an identifier.",
})

# 28 --------------------------------------------------------------------------
E({
    "id": "somerville_happiness_utf16",
    "file": "files/SomervilleHappinessSurvey2015.csv",
    "filename": "SomervilleHappinessSurvey2015.csv",
    "source": {"repo": "guigomes94/datasets", "path": "SomervilleHappinessSurvey2015.csv",
               "commit": "04e7b6a305ca157f85261a1f0f9f79b4433d3929",
               "licence": "CC BY 4.0 (UCI Machine Learning Repository, 'Somerville Happiness Survey', Koczkodaj 2018); the repo itself has no LICENSE",
               "upstream": "City of Somerville (MA) 2015 happiness survey via UCI ML Repository",
               "copied": "real copy, whole file (header line already absent in this copy)"},
    "language": "en", "encoding": "utf-16",
    "sheets": {"": {
        "kind": "responses_wide", "one_row_is": "one resident (survey respondent)",
        # Positional names as CX Lens gives the columns of a file without a header row.
        "roles": {"Column 1": "outcome", **{f"Column {i}": R for i in range(2, 8)}},
        "scales": {f"Column {i}": [1, 5] for i in range(2, 8)}, "na_codes": {},
        "read": {"header": None, "names": [f"Column {i}" for i in range(1, 8)]},
        "check_spec": {"mean": [("Column 2", "X1 availability of information about city services, 1-5"),
                                ("Column 6", "X5 maintenance of streets and sidewalks, 1-5")],
                       "share": [("Column 1", 1)]}}},
    "notes": "UTF-16 LE with BOM and NO header row (the UCI original's 'D,X1..X6' line is missing in this copy), "
             "so columns are positional ('Column 1'..'Column 7' as CX Lens names them): Column 1 = D (happy 1 / unhappy 0), "
             "Columns 2..7 = X1..X6 public-service ratings 1-5 "
             "(information about city services, cost of housing, quality of schools, trust in police, streets and "
             "sidewalks, community events). A reader must not take the first respondent as the header.",
})

# 29 --------------------------------------------------------------------------
E({
    "id": "it_segnalazioni_alessandria",
    "file": "files/segnalazioni-municipium_first2000.csv",
    "filename": "segnalazioni-municipium.csv",
    "source": {"repo": "ComunediAlessandria/open-data", "path": "dataset/segnalazioni-municipium/segnalazioni-municipium.csv",
               "commit": "04b8cb14c5a9991155b2be555d8cc9c46d49a4ce",
               "licence": "CC BY 4.0 (repository LICENSE and README: 'Tutti i dati si intendono pubblicati con licenza CC-BY 4.0'); attribution: Comune di Alessandria",
               "upstream": "Comune di Alessandria open data: citizen reports handled in the Municipium app",
               "copied": "real copy, header + first 2000 of 4,651 rows"},
    "language": "it", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "complaints", "one_row_is": "one citizen report (segnalazione) about a public-space problem",
        "roles": {"Id": "id", "Stato": "outcome", "Anno": "derived", "Creato": "date", "Chiusa": "other_date",
                  "DescrizioneBreve": "channel", "Categoria": "touchpoint"},
        "scales": {}, "na_codes": {},
        "read": {"sep": ";"},
        "check_spec": {"share": [("Stato", "chiusa"), ("Categoria", "Buche")]}}},
    "notes": "Semicolon separated (documented in the dataset README: UTF-8, ';', decimal '.'). Italian headers. "
             "DescrizioneBreve is documented as the reception channel and is constant ('App Municipium'). Categoria is "
             "the problem category (Buche = potholes, Verde pubblico, Illuminazione pubblica ...; ~1% blank). "
             "Stato has 6 values (chiusa, aperta, annullata, in carico, archiviata, eliminata). Chiusa (closing date) "
             "is blank for reports still open. Anno is the year of Creato. No free text and no rating.",
})

# 30 --------------------------------------------------------------------------


def _tr_roles():
    import csv as _c
    from pathlib import Path as _P
    with open(_P(__file__).resolve().parent / "files" / "survey_mudanya_lunch.csv", encoding="utf-8", newline="") as fh:
        hdr = next(_c.reader(fh))
    out = {}
    for h in hdr:
        if h == "Submission Date":
            out[h] = "date"
        elif h.startswith("Lütfen"):
            out[h] = "ignore"
        elif "(1-5 arası puan veriniz)" in h:
            out[h] = R
        else:  # 'tekrar sipariş etme olasılığınız' (reorder intention) / 'tavsiye eder miydiniz' (recommend)
            out[h] = "outcome"
    return out


_TR_ROLES = _tr_roles()
_TR_R = [h for h, r in _TR_ROLES.items() if r == R]
E({
    "id": "tr_lunch_survey_jotform",
    "file": "files/survey_mudanya_lunch.csv",
    "filename": "survey.csv",
    "source": {"repo": "anill056/Lunch-Analysis-Project", "path": "data/survey.csv",
               "commit": "c3a3b517cf0d6f3c090bbf43a7bcff2736d13016",
               "licence": "MIT (repository LICENSE, Copyright (c) 2026 ANIL AKSU)",
               "upstream": "Mudanya University cafeteria meal survey (TUBITAK 2209-A student project), Jotform export",
               "copied": "real copy, whole file (187 responses)"},
    "language": "tr", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "responses_wide",
        "one_row_is": "one survey respondent (Jotform submission) rating the dish categories they ate",
        "roles": _TR_ROLES,
        "scales": {h: [1, 5] for h in _TR_R},
        "na_codes": {},
        "check_spec": {"mean": [(_TR_R[1], "soup taste, 1-5, asked only of those who chose soups"),
                                (_TR_R[4], "meat doneness, 1-5")],
                       "share": [(list(_TR_ROLES)[8], "o\tEvet")]}}},
    "notes": "Jotform export in Turkish: question texts as headers, most wrapped in HTML '<strong>...</strong>' and "
             "followed by '(1-5 arası puan veriniz)'; some start with a bullet and a tab ('•\\t'). Column 2 is a "
             "multi-select of dish categories written as '•\\t' bullet lines with embedded newlines; every later block "
             "(soup, meat, fried, vegetable, pasta, rice, dessert, salad) is asked only for the chosen categories, so "
             "50-70% of each column is blank by design. Ratings are 1-5 written as floats ('4.0'). Per category there "
             "is a reorder-intention question on a verbal 5-point scale ('o\\tKesinlikle sipariş etmem' .. "
             "'o\\tKesinlikle sipariş ederim', with a literal 'o' and tab) and a recommend question (Evet / "
             "Kararsızım / Hayır). No overall score, no respondent id; dates are 'Jul 7, 2025'.",
})

# 31 --------------------------------------------------------------------------
E({
    "id": "it_wine_recensioni",
    "replica": "it_wine_recensioni",
    "filename": "recensioni.csv",
    "source": {"repo": "FRA-0023/Business_Game_JEMIB", "path": "recensioni.csv",
               "commit": "704b2d6363e77d6e1506559e64319ade4cef4125",
               "licence": "none stated (no LICENSE file; README silent)",
               "upstream": "VinLiber business game (JEMIB Milano Bicocca 2026) consumer reviews of 20 wines",
               "copied": "generated replica: same headers/codes/half-point scale, synthetic ratings"},
    "language": "it", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "reviews", "one_row_is": "one consumer's rating of one wine",
        "roles": {"review_id": "response_id", "wine_id": "entity", "età": "count", "sesso": "segment",
                  "nazionalità": "geography", "valutazione": "rating"},
        "scales": {"valutazione": [1, 10]}, "na_codes": {},
        "check_spec": {"mean": [("valutazione", "ten-point scale in half points; observed 3.0-9.0")],
                       "share": [("nazionalità", "Italia")]}}},
    "notes": "Italian headers with accented letters (età, nazionalità). valutazione is a ten-point score in half "
             "points (3.0 .. 9.0 observed, none above 9), so a 1-5 assumption is wrong; the repository does not "
             "document the scale ends, 1-10 is the reading taken here. wine_id is a numeric product id (20 wines, "
             "rows sorted by wine), età is age in years (20-69). No text, no date.",
})

# 32 --------------------------------------------------------------------------
E({
    "id": "be_keytrade_trustpilot",
    "replica": "be_keytrade_trustpilot",
    "filename": "dataset.csv",
    "source": {"repo": "jean-cheramy/keytrade-trustpilot-analysis", "path": "src/data/dataset.csv",
               "commit": "c9e8fbf1cc040a64b05cfb9d787697fdaa96a912", "licence": "none stated (no LICENSE file)",
               "upstream": "Trustpilot reviews of Keytrade Bank (Belgium), scraped by the author (src/scrapper.py)",
               "copied": "generated replica: same headers/tab separator/language mix/reply blanks, synthetic nl/fr/en text"},
    "language": "nl/fr", "encoding": "utf-8",
    "sheets": {"": {
        "kind": "reviews", "one_row_is": "one Trustpilot review (with the company's reply when there is one)",
        "roles": {"text": "comment", "rating": "rating", "consumer_id": "customer_id", "language": "segment",
                  "reply_message": "ignore", "consumer_countryCode": "geography",
                  "consumersReviewCountOnSameDomain": "count", "dates_publishedDate": "date",
                  "consumer_numberOfReviews": "count", "reply_publishedDate": "other_date", "likes": "count",
                  "consumer_isVerified": "segment", "title": "title"},
        "scales": {"rating": [1, 5]}, "na_codes": {},
        "read": {"sep": "\t"},
        "check_spec": {"mean": [("rating", "1-5 stars")], "share": [("language", "nl"), ("rating", 1)]}}},
    "notes": "TAB-separated although named .csv. Mixed-language Belgian reviews: 48% French, 44% Dutch, 9% English "
             "(column 'language'). Text and company replies contain embedded newlines inside quotes. reply_message "
             "(the bank's answer, not customer feedback) and reply_publishedDate are blank for ~64% of rows. Dates "
             "are ISO 8601 with milliseconds and 'Z'. consumer_isVerified is 'True'/'False'. Mostly 1-star "
             "(48%) with a second peak at 5. Titles are often truncated with '…'.",
})

# 33 --------------------------------------------------------------------------
E({
    "id": "be_telco_shop_ratings",
    "replica": "be_telco_shop_ratings",
    "filename": "shop_list.csv",
    "source": {"repo": "thaochithai/google-map-review-analysis-telco", "path": "shop_list/shop_list.csv",
               "commit": "698154c7dd006b99e41ae089e29904419c5b6675", "licence": "none stated (no LICENSE file)",
               "upstream": "Google Maps store pages of Belgian telecom shops (Telenet, Proximus, Orange, BASE), collected with a scraper extension",
               "copied": "generated replica: same headers/BOM/CRLF/URL form, synthetic shops"},
    "language": "en", "encoding": "utf-8-sig",
    "sheets": {"": {
        "kind": "aggregated", "one_row_is": "one store page: its average Google star rating and number of reviews",
        "roles": {"source_url": "id", "review": "count", "shop_name": "entity", "rating": "rating"},
        "scales": {"rating": [1, 5]}, "na_codes": {},
        "check_spec": {"mean": [("rating", "average stars per store, 1-5")]}}},
    "notes": "Published per-store results, not reviews: 'rating' is already the store's average (one decimal) and the "
             "column named 'review' is the NUMBER of reviews behind it (1-829), not text. UTF-8 with BOM, CRLF line "
             "ends; long Google Maps URLs, a few quoted because the shop name in them has a comma. shop_name is not "
             "unique (several pages share a name), so source_url is the key. Shop names mix Dutch and French place "
             "names (Antwerpen, Liège/Liege).",
})

#: How each column with the role "date" is written, read independently of the loader: a strptime
#: format, "excel_serial" (days since 1899-12-30) or "datetime" (the workbook cell is a date already).
#: build_manifest.py turns these into a "dates" check (cells with a date, first and last day).
FR_MONTHS = {"janvier": "January", "février": "February", "mars": "March", "avril": "April", "mai": "May",
             "juin": "June", "juillet": "July", "août": "August", "septembre": "September",
             "octobre": "October", "novembre": "November", "décembre": "December"}
DATE_FORMATS = {
    ("hotel_guest_survey_xlsx", "survey_responses", "reservation_date"): "excel_serial",
    ("fr_hellofresh_verbatims", "", "date"): "fr:%d %B %Y",
    ("olist_reviews_pt", "", "review_creation_date"): "%d/%m/%Y %H:%M",
    ("comcast_complaints", "", "Date"): "%d-%m-%y",
    ("support_tickets_interactions", "", "First Response Time"): "%Y-%m-%d %H:%M:%S",
    ("callcenter_pwc_xlsx", "Sheet1", "Date"): "%Y-%m-%d",
    ("callcenter_pwc_xlsx", "Sheet1 (2)", "Date"): "%Y-%m-%d",
    ("starbucks_survey_raw", "", "Timestamp"): "%Y/%m/%d %I:%M:%S %p GMT+8",
    ("cms_hcahps_state", "", "Start Date"): "%m/%d/%Y",
    ("klinik_de_reviews", "", "Datum"): "%d.%m.%Y",
    ("airline_tweets_excel_mangled", "", "tweet_created"): "%d-%m-%Y %H.%M",
    ("callcenter_sentiment_xlsx", "Call Center Data", "Call Timestamp"): "datetime",
    ("it_segnalazioni_alessandria", "", "Creato"): "%Y-%m-%d",
    ("tr_lunch_survey_jotform", "", "Submission Date"): "%b %d, %Y",
    ("be_keytrade_trustpilot", "", "dates_publishedDate"): "%Y-%m-%dT%H:%M:%S.%fZ",
}
