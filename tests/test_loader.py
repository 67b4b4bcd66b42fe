"""cxlens.load on small files built here, with outcomes checked by hand."""

import io

import pandas as pd
import pytest

import cxlens
import cxlens.inference
import cxlens.metrics
from cxlens.problems import summarise


def _xlsx(sheets: dict[str, pd.DataFrame], **kw) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        for name, frame in sheets.items():
            frame.to_excel(xw, sheet_name=name, index=False, **kw)
    return buf.getvalue()


LONG_CSV = (
    "Response ID,Date,Journey Stage,Touch point,Channel,Segment,CSAT (1-5),Customer Effort,Likelihood to recommend,Verbatim\n"
    "R1,2026-01-05,Onboarding,Identity check,App,Busy,2,6,3,Too many steps\n"
    "R2,2026-01-06,Onboarding,Identity check,Web,Busy,N/A,7,0,\n"
    "R3,2026-02-01,Purchase,Checkout,Web,Family,5,2,10,Smooth\n"
    "R4,2026-02-03,Purchase,Checkout,Web,Family,4,,9,\n"
    "R5,2026-02-03,Purchase,Checkout,Web,Family,seven,1,8,odd score\n"
)


def test_long_csv_maps_synonyms_and_reports_bad_values():
    ds = cxlens.load(LONG_CSV.encode(), filename="export.csv")
    fb = ds.feedback
    assert len(fb) == 5
    assert list(fb["touchpoint"].astype(str)) == ["Identity check"] * 2 + ["Checkout"] * 3
    assert fb["persona"].astype(str).tolist()[2] == "Family"
    # 'N/A' is a no-answer code and 'seven' is not a number: both missing, both reported
    assert fb["csat"].tolist()[:1] == [2.0] and pd.isna(fb["csat"][1]) and pd.isna(fb["csat"][4])
    problems = summarise(ds.problems)
    assert set(problems["problem"]) == {"no-answer code", "not a number"}
    bad = ds.problems[ds.problems["problem"] == "not a number"].iloc[0]
    assert (bad["row"], bad["column"], bad["value"]) == (6, "CSAT (1-5)", "seven")
    assert ds.recipe.scales["csat"]["max"] == 5
    assert ds.recipe.scales["ces"] == {"min": 1, "max": 7, "na_values": [], "higher_is_better": False,
                                       "column": "Customer Effort"}  # (read from that header)
    assert fb["date"].min() == pd.Timestamp("2026-01-05")
    # stage order follows the conventional journey, not first appearance
    assert ds.stages == ["Purchase", "Onboarding"]
    assert fb["comment"].iloc[0] == "Too many steps"


def test_european_csv_semicolons_decimal_commas_cp1252():
    text = "Touchpoint;Stage;Satisfaction;Date\nCaf\u00e9 visit;Use;4,5;31/01/2026\nCaf\u00e9 visit;Use;3,0;01/02/2026\n"
    ds = cxlens.load(text.encode("cp1252"), filename="eu.csv")
    src = ds.sources.iloc[0]
    assert (src["delimiter"], src["decimal"]) == (";", ",")
    assert ds.feedback["csat"].tolist() == [4.5, 3.0]
    assert ds.feedback["touchpoint"].astype(str).iloc[0] == "Caf\u00e9 visit"
    assert ds.feedback["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-31", "2026-02-01"]


def test_wide_survey_is_melted_and_zero_means_not_applicable():
    rows = []
    for i in range(40):
        rows.append({"id": i, "Class": "Eco" if i % 2 else "Business", "Age": 20 + i,
                     "Wifi": 0 if i == 0 else 1 + i % 5, "Seat comfort": 1 + (i * 3) % 5, "Food": 1 + (i * 2) % 5})
    ds = cxlens.load(_xlsx({"Survey": pd.DataFrame(rows)}), filename="wide.xlsx")
    fb = ds.feedback
    assert ds.sources.iloc[0]["layout"] == "wide"
    assert sorted(fb["touchpoint"].cat.categories) == ["Food", "Seat comfort", "Wifi"]
    assert len(fb) == 40 * 3 - 1  # the one 0 is 'not applicable', reported, not a rating
    assert ds.recipe.scales["csat"]["na_values"] == [0]
    assert summarise(ds.problems)["count"].sum() == 1
    assert set(fb["stage"].astype(str)) == {"Unassigned"}
    assert "Class" in ds.segment_columns


def test_stage_map_in_recipe_assigns_stages_to_wide_touchpoints():
    frame = pd.DataFrame({"Wifi": [1, 2, 3, 4], "Seat": [5, 4, 3, 2], "Food": [3, 3, 3, 3]})
    first = cxlens.load(_xlsx({"S": frame}), filename="w.xlsx")
    recipe = first.recipe
    recipe.stage_map = {"Wifi": "In-flight", "Seat": "In-flight", "Food": "In-flight"}
    again = cxlens.load(_xlsx({"S": frame}), filename="other-name.xlsx", recipe=recipe)
    assert again.stages == ["In-flight"]
    assert first.recipe.stage_map  # the caller's recipe object is not consumed


def test_complaint_log_without_scores():
    csv = ("Date received,Product,Issue,Submitted via,Consumer complaint narrative\n"
           "09/12/2016,Mortgage,Escrow,Web,\n09/13/2016,Mortgage,Escrow,Phone,They lost my payment\n"
           "09/14/2016,Credit card,Billing disputes,Web,\n")
    ds = cxlens.load(csv.encode(), filename="complaints.csv")
    assert ds.sources.iloc[0]["layout"] == "complaints"
    assert ds.feedback["complaint"].tolist() == [1.0, 1.0, 1.0]
    assert ds.feedback["date"].dt.strftime("%Y-%m-%d").tolist() == ["2016-09-12", "2016-09-13", "2016-09-14"]
    assert set(ds.feedback["stage"].astype(str)) == {"Mortgage", "Credit card"}


def test_workbook_with_catalogue_opportunities_and_maturity():
    touch = pd.DataFrame({"Touchpoint": ["Ad", "Checkout"], "Journey stage": ["Awareness", "Purchase"],
                          "Stage order": [1, 2], "Owner": ["Marketing", "Digital"], "Monthly volume": [1000, 400]})
    feedback = pd.DataFrame({"Response ID": ["a", "b"], "Touchpoint": ["Checkout", "Ad"], "CSAT": [5, 2]})
    opps = pd.DataFrame({"Opportunity": ["Fix form"], "Customer value (1-10)": [8], "Effort (1-10)": [3],
                         "Confidence (%)": [80]})
    mat = pd.DataFrame({"Rater": ["A"], "Department": ["HR"], "Dimension": ["Culture"], "Statement": ["s"],
                        "Score (1-5)": [4]})
    ds = cxlens.load(_xlsx({"Readme": pd.DataFrame({"Notes": ["Fill in the sheets"]}), "Touchpoints": touch,
                            "Feedback": feedback, "Opportunities": opps, "Maturity": mat}), filename="book.xlsx")
    assert ds.feedback["stage"].astype(str).tolist() == ["Purchase", "Awareness"]  # from the catalogue
    assert ds.stages == ["Awareness", "Purchase"]
    assert ds.touchpoints["volume"].tolist() == [1000.0, 400.0]
    assert ds.opportunities["confidence"].tolist() == [0.8]
    assert ds.maturity["score"].tolist() == [4.0]
    skipped = ds.sources.set_index("sheet").loc["Readme"]
    assert skipped["status"] == "skipped"


def test_title_rows_above_header_in_workbook():
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        pd.DataFrame({"Touchpoint": ["A", "B"], "CSAT": [4, 5]}).to_excel(xw, sheet_name="Data", startrow=3, index=False)
        xw.sheets["Data"].write(0, 0, "Quarterly survey export")
    ds = cxlens.load(buf.getvalue(), filename="titled.xlsx")
    assert ds.feedback["csat"].tolist() == [4.0, 5.0]
    assert ds.sources.iloc[0]["header_line"] == 4


def _rating_csv(values: list) -> bytes:
    return ("Touchpoint,Rating\n" + "".join(f"Checkout,{v}\n" for v in values)).encode()


@pytest.mark.parametrize("typo", ["50", "500", "1e3", "inf", "-inf"])
def test_one_typo_above_ten_does_not_turn_a_five_point_scale_into_a_hundred_point_one(typo):
    ds = cxlens.load(_rating_csv([4, 5, 4, 2, 3, typo]), filename="ratings.csv")
    assert (ds.recipe.scales["rating"]["min"], ds.recipe.scales["rating"]["max"]) == (1, 5)
    assert ds.feedback["rating"].tolist()[:5] == [4.0, 5.0, 4.0, 2.0, 3.0]
    assert pd.isna(ds.feedback["rating"].iloc[5])
    assert summarise(ds.problems)[["problem", "count"]].values.tolist() == [["outside the scale 1-5", 1]]


def test_values_above_ten_make_a_hundred_point_scale_when_they_are_not_rare():
    two = cxlens.load(_rating_csv([4, 5, 4, 80, 90]), filename="a.csv")  # two of five: a 0-100 score
    assert two.recipe.scales["rating"]["max"] == 100
    # 1% of 300 answers above 10 (3 values) decide; 2 of 300 are typos
    common = [4, 5, 3] * 99
    assert cxlens.load(_rating_csv(common + [60, 70, 80]), filename="b.csv").recipe.scales["rating"]["max"] == 100
    rare = cxlens.load(_rating_csv(common + [60, 70, 4]), filename="c.csv")
    assert rare.recipe.scales["rating"]["max"] == 5
    assert summarise(rare.problems)["count"].sum() == 2


def _table_below_empty_rows(writer: str, *, title: bool = False) -> bytes:
    """Header in B3 (rows 1-2 empty, or a title in A1), data in rows 4-6; 'seven' sits in C5."""
    rows = [("Touchpoint", "CSAT"), ("Checkout", 4), ("Delivery", "seven"), ("Returns", 5)]
    buf = io.BytesIO()
    if writer == "openpyxl":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        if title:
            ws["A1"] = "Q3 survey export"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.cell(row=3 + r, column=2 + c, value=value)
        wb.save(buf)
    else:
        import xlsxwriter

        wb = xlsxwriter.Workbook(buf, {"constant_memory": True})  # inline strings, rows streamed
        ws = wb.add_worksheet("Feedback")
        if title:
            ws.write(0, 0, "Q3 survey export")
        for r, row in enumerate(rows):
            ws.write_row(2 + r, 1, row)
        wb.close()
    return buf.getvalue()


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
@pytest.mark.parametrize("title", [False, True])
def test_row_numbers_count_from_the_top_of_the_sheet_when_the_table_starts_lower(writer, title):
    ds = cxlens.load(_table_below_empty_rows(writer, title=title), filename="lower.xlsx")
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery", "Returns"]
    assert ds.feedback["source_row"].tolist() == [4, 5, 6]
    bad = ds.problems[ds.problems["problem"] == "not a number"]
    assert bad[["row", "column", "value"]].values.tolist() == [[5, "CSAT", "seven"]]
    assert ds.sources["header_line"].tolist() == [3]


def test_wide_survey_keeps_answers_about_the_whole_experience_once_per_respondent():
    """NPS 9, 3, 10, 8 from 4 respondents: NPS = (2 promoters - 1 detractor) / 4 = 25, not weighted by touchpoints."""
    data = (b"Respondent,Likelihood to recommend,Website,App,Call centre,Comment\n"
            b"1,9,4,5,2,slow phone\n2,3,3,,1,\n3,10,5,4,3,\n4,8,4,4,4,ok\n")
    ds = cxlens.load(data, filename="wide_nps.csv")
    fb = ds.feedback
    assert len(fb[fb["touchpoint"].notna()]) == 11 and fb.loc[fb["touchpoint"].notna(), "nps"].isna().all()
    own = fb[fb["touchpoint"].isna()]
    assert own["nps"].tolist() == [9.0, 3.0, 10.0, 8.0]
    assert own["comment"].astype(object).where(own["comment"].notna(), None).tolist() == ["slow phone", None, None, "ok"]
    assert own["stage"].isna().all()
    assert cxlens.metrics.nps(fb["nps"].dropna()).value == 25.0
    assert fb.groupby("touchpoint", observed=True)["csat"].mean().to_dict() == {
        "App": 13 / 3, "Call centre": 2.5, "Website": 4.0}


def test_matrix_question_items_are_recognised_only_in_groups():
    headers = ["Q - Website", "Q - App", "Q - Call centre", "Other - A", "Other - B", "Plain"]
    assert cxlens.inference.matrix_items(headers) == {"Q - Website": "Website", "Q - App": "App",
                                                      "Q - Call centre": "Call centre"}
    # a satisfaction grid is not three copies of CSAT; a lone satisfaction question is CSAT
    grid = ["How satisfied were you? - Web", "How satisfied were you? - App", "How satisfied were you? - Shop"]
    assert cxlens.inference.guess_mapping("feedback", grid) == {}
    assert cxlens.inference.guess_mapping("feedback", ["How satisfied were you overall?"]) == {
        "How satisfied were you overall?": "csat"}


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_excel_error_values_are_reported_where_they_are_not_silently_blank(writer):
    """#DIV/0!, #N/A and #REF! cells (the parser reads them as blanks) are listed with their row and column."""
    rows = [("Checkout", 4, "ok"), ("Delivery", "#DIV/0!", "meh"), ("Returns", 5, "x"), ("Returns", "#N/A", "y"),
            ("Returns", 3, "#REF!")]
    buf = io.BytesIO()
    if writer == "openpyxl":  # error strings become error cells (t="e"); the table starts at B3
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        for c, header in enumerate(("Touchpoint", "CSAT", "Comment")):
            ws.cell(row=3, column=2 + c, value=header)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.cell(row=4 + r, column=2 + c, value=value)
        wb.save(buf)
    else:  # formulas whose saved result is an error, as Excel writes them
        import xlsxwriter

        wb = xlsxwriter.Workbook(buf)
        ws = wb.add_worksheet()
        ws.write_row(2, 1, ("Touchpoint", "CSAT", "Comment"))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and value.startswith("#"):
                    ws.write_formula(3 + r, 1 + c, "=1/0", None, value)
                else:
                    ws.write(3 + r, 1 + c, value)
        wb.close()
    ds = cxlens.load(buf.getvalue(), filename="errors.xlsx")
    assert ds.problems[["row", "column", "value", "problem", "action"]].values.tolist() == [
        [5, "CSAT", "#DIV/0!", "spreadsheet error value (a formula that failed)", "set to missing"],
        [7, "CSAT", "#N/A", "spreadsheet error value (a formula that failed)", "set to missing"],
        [8, "Comment", "#REF!", "spreadsheet error value (a formula that failed)", "set to missing"]]
    assert ds.feedback["csat"].tolist()[::2] == [4.0, 5.0, 3.0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_totals_and_notes_below_a_table_are_reported_not_read_as_touchpoints(fmt):
    rows = [("Checkout", "Purchase", 1200, "Digital"), ("Delivery", "Use", 800, "Logistics"),
            ("Returns", "Support", 150, "Service"), ("Grand Total", None, 2150, None),
            ("Source: CRM export 2026-03-01", None, None, None)]
    frame = pd.DataFrame(rows, columns=["Touchpoint", "Stage", "Monthly volume", "Owner"])
    data = frame.to_csv(index=False).encode() if fmt == "csv" else _xlsx({"Touchpoints": frame})
    ds = cxlens.load(data, filename=f"catalogue.{fmt}")
    assert ds.touchpoints["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery", "Returns"]
    assert ds.touchpoints["volume"].tolist() == [1200.0, 800.0, 150.0]
    assert ds.problems[["row", "value", "problem", "action"]].values.tolist() == [
        [5, "Grand Total | 2150", "total or average row below the table", "row not used"],
        [6, "Source: CRM export 2026-03-01", "note below the table", "row not used"]]


def test_a_touchpoint_called_overall_in_the_last_row_is_data():
    data = b"Touchpoint,CSAT\nCheckout,4\nDelivery,3\nOverall,4\n"
    ds = cxlens.load(data, filename="overall.csv")
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery", "Overall"]
    assert ds.problems.empty


def test_an_identifier_column_holding_inf_keeps_it_as_text():
    """Found by the fuzz test: 'INF' parses as an infinite float, which has no integer form."""
    ds = cxlens.load(b"Touchpoint,CSAT,Respondent ID\nCheckout,4,INF\nDelivery,3,12\nReturns,2,\nShop,5,7.5\n",
                     filename="ids.csv")
    assert ds.feedback["response_id"].astype(object).where(ds.feedback["response_id"].notna(), None).tolist() == [
        "inf", "12", None, "7.5"]


def test_unreadable_inputs_raise_data_error():
    for data, name in [(b"", "empty.csv"), (b"<html><body>x</body></html>", "report.xls"), (b"PK\x03\x04garbage", "x.xlsx")]:
        with pytest.raises(cxlens.DataError):
            cxlens.load(data, filename=name)


def test_text_late_in_a_numeric_workbook_column_is_reported_not_lost():
    # fastexcel types a column from its first 1,000 rows by default and then coerces later text
    # to NaN without a word; every late value must reach the problem report instead.
    scores = [4] * 2500 + ["n/a", "four"] + [5] * 498
    frame = pd.DataFrame({"Response ID": [f"r{i}" for i in range(3000)], "Touchpoint": ["Checkout"] * 3000,
                          "CSAT (1-5)": scores})
    ds = cxlens.load(_xlsx({"Feedback": frame}), filename="late_text.xlsx")
    fb = ds.feedback
    assert len(fb) == 3000
    assert fb["csat"].notna().sum() == 2998 and fb["csat"].sum() == 4 * 2500 + 5 * 498
    found = ds.problems.set_index("problem")
    assert found.loc["no-answer code", "value"] == "n/a" and found.loc["no-answer code", "row"] == 2502
    assert found.loc["not a number", "value"] == "four" and found.loc["not a number", "row"] == 2503


def test_cleaning_on_distinct_values_gives_exactly_the_row_wise_result(monkeypatch):
    # Large columns are cleaned once per distinct value and problems replayed onto rows;
    # forcing that path on and off must give identical frames and an identical problem log.
    lines = ["Response ID,Date,Touchpoint,Segment,CSAT"]
    dates = ["03/01/2026", "2026-01-04", "garbage", "", "15/01/2026", "n/a"]
    touch = [" Checkout ", "Login", "-", "Billing", "n/a", "Checkout"]
    for i in range(600):
        lines.append(f"r{i},{dates[i % 6]},{touch[i % 5]},{'AB'[i % 2] if i % 7 else 'dont know'},{1 + i % 5}")
    data = ("\n".join(lines) + "\n").encode()
    from cxlens import cleaning

    monkeypatch.setattr(cleaning, "DISTINCT_MIN_ROWS", 10**9)
    row_wise = cxlens.load(data, filename="mixed.csv")
    monkeypatch.setattr(cleaning, "DISTINCT_MIN_ROWS", 0)
    distinct = cxlens.load(data, filename="mixed.csv")
    pd.testing.assert_frame_equal(row_wise.feedback, distinct.feedback)
    pd.testing.assert_frame_equal(row_wise.problems, distinct.problems)
    # and the replayed log is right: 100 rows have 'garbage' (rows 2 + 6k + 2 of the file, first at line 4)
    garbage = distinct.problems[distinct.problems["problem"] == "not a date we can read"]
    assert garbage["count"].iloc[0] == 100 and garbage["row"].tolist()[:3] == [4, 10, 16]
    assert distinct.feedback["touchpoint"].isna().sum() == 240  # '-' and 'n/a': 2 of every 5 rows


def test_two_csvs_in_one_upload_are_each_read_on_their_own():
    # The one-CSV recipe fallback (next month's file of another name) must not hand the first file's
    # settings to the second file of the same upload: the catalogue would be read as feedback.
    feedback = b"Touchpoint,CSAT\nCheckout,4\nLogin,2\n"
    catalogue = b"Touchpoint,Journey stage,Owner,Monthly volume\nCheckout,Purchase,Digital,500\nLogin,Use,IT,900\n"
    ds = cxlens.load([feedback, catalogue], filename=["feedback.csv", "touchpoints.csv"])
    assert ds.sources["table"].tolist() == ["feedback", "touchpoints"]
    assert len(ds.feedback) == 2 and ds.feedback["stage"].astype(str).tolist() == ["Purchase", "Use"]
    assert ds.touchpoints["volume"].tolist() == [500.0, 900.0]
    # ...while a one-CSV recipe still applies to a renamed single file
    recipe = cxlens.load(feedback, filename="feedback.csv").recipe
    recipe.tables["feedback.csv"]["columns"]["CSAT"] = "rating"
    march = cxlens.load(feedback, filename="feedback_march.csv", recipe=recipe)
    assert march.feedback["rating"].tolist() == [4.0, 2.0] and march.feedback["csat"].isna().all()


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_no_answer_texts_the_workbook_parser_reads_as_blanks_are_reported(writer):
    """'N/A' or 'null' among numbers: fastexcel types the column as numbers and blanks them; they are listed."""
    frame = pd.DataFrame({"Touchpoint": ["Checkout"] * 6 + ["Delivery"] * 3,
                          "CSAT": [4, 5, 4, 3, 4, 5, "N/A", "null", None],
                          "Comment": ["ok"] * 9})
    if writer == "openpyxl":  # text written inline in the sheet
        import openpyxl

        buf = io.BytesIO()
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append(list(row))
        wb.save(buf)
        data = buf.getvalue()
    else:  # text in the shared-strings table, as Excel writes it
        data = _xlsx({"Feedback": frame})
    ds = cxlens.load(data, filename="na.xlsx")
    assert ds.problems[["row", "column", "value", "problem", "action"]].values.tolist() == [
        [8, "CSAT", "N/A", "no-answer code", "set to missing"], [9, "CSAT", "null", "no-answer code", "set to missing"]]
    assert ds.feedback["csat"].tolist()[:6] == [4.0, 5.0, 4.0, 3.0, 4.0, 5.0]


def test_a_bad_rating_is_reported_under_its_column_when_the_survey_also_asks_for_a_recommendation():
    """Wide survey with an NPS question (kept per respondent) and skipped ratings (blank cells)."""
    rows = "".join(f"{i},{i % 11},{'' if i % 4 == 0 else i % 5 + 1},{'x' if i == 6 else i % 4 + 1},{(i * 3) % 5 + 1}\n"
                   for i in range(1, 25))
    ds = cxlens.load(("ID,Likelihood to recommend,Website,App,Call centre\n" + rows).encode(), filename="w.csv")
    assert ds.sources["layout"].tolist() == ["wide"]
    assert ds.problems[["row", "column", "value", "problem"]].values.tolist() == [[7, "App", "x", "not a number"]]


def test_a_wide_survey_with_an_overall_score_of_the_same_kind_keeps_it_per_respondent():
    """'Overall satisfaction' beside satisfaction per touchpoint: no crash, the overall score on the respondent's row."""
    rows = "".join(f"{i},{'N/A' if i == 3 else i % 5 + 1},{i % 5 + 1},{'x' if i == 6 else i % 4 + 1},{(i * 3) % 5 + 1}\n"
                   for i in range(1, 25))
    ds = cxlens.load(("ID,Overall satisfaction,Website,App,Call centre\n" + rows).encode(), filename="w.csv")
    fb = ds.feedback
    assert ds.sources["layout"].tolist() == ["wide"]
    assert fb.loc[fb["touchpoint"].isna(), "csat"].tolist()[:3] == [2.0, 3.0, 5.0]  # IDs 1, 2, 4 (3 said N/A)
    assert fb.loc[(fb["response_id"] == "1") & fb["touchpoint"].notna(), "csat"].tolist() == [2.0, 2.0, 4.0]
    assert ds.problems[["row", "column", "value", "problem"]].values.tolist() == [
        [4, "Overall satisfaction", "N/A", "no-answer code"], [7, "App", "x", "not a number"]]
