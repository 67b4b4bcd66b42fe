"""The corpus of odd and hostile files (issue #3): each file's expected outcome, stated precisely.

Files are built in memory by ``tests/corpus.py``. Each test says what a demanding user
expects: the layout found, the rows and values kept, every problem reported with its
count, or a DataError whose message says what is wrong and what to do.

Decisions recorded here:
- A header with no data rows raises DataError ("no data rows"): an empty Dataset would
  look like a successful load on every page.
- Recognised tables whose every row is unusable also raise DataError, naming the problem.
- Formulas are never evaluated: the value Excel cached when it last saved is used.
- Markup in comments is kept verbatim; escaping is the UI's job at display time.
- A second date format in one column is read and every such value reported; when no
  value tells day from month, the guess (day first) is reported too.
- Lines with more fields than the header keep the extra values in extra columns
  ('Column 4', ...) and are reported with their line numbers.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

import cxlens
import cxlens.safety
import cxlens.sheet_extent
from cxlens.problems import summarise

from . import corpus


def load(builder, **kw) -> cxlens.Dataset:
    data, name = builder()
    return cxlens.load(data, filename=name, **kw)


def refused(builder) -> str:
    data, name = builder()
    with pytest.raises(cxlens.DataError) as info:
        cxlens.load(data, filename=name)
    assert info.type is cxlens.DataError
    return str(info.value)


def problem_counts(ds: cxlens.Dataset) -> dict[tuple[str, str], int]:
    """(column, problem) -> total count, from the summary the Import page shows."""
    summary = summarise(ds.problems)
    return {(r["column"], r["problem"]): int(r["count"]) for _, r in summary.iterrows()}


def only_source(ds: cxlens.Dataset) -> pd.Series:
    assert len(ds.sources) == 1
    return ds.sources.iloc[0]


# --------------------------------------------------------------------------- encodings and delimiters


def test_cp1252_semicolons_decimal_commas_and_thousands():
    ds = load(corpus.cp1252_semicolon_decimal_comma)
    src = only_source(ds)
    assert (src["encoding"], src["delimiter"], src["decimal"], src["thousands"]) == ("cp1252", ";", ",", ".")
    fb = ds.feedback
    assert len(fb) == 3
    assert fb["touchpoint"].astype(str).tolist() == ["Caf\u00e9 visit", "Caf\u00e9 visit", "Kasse"]
    assert fb["csat"].tolist() == [4.5, 3.0, 2.5]
    # '1.234,50' is one thousand two hundred and thirty-four and a half, in a column kept under its own name
    assert fb["Spend (\u20ac)"].tolist() == [12.5, 8.0, 1234.5]
    assert fb["comment"].tolist() == ["Tr\u00e8s bien \u2013 merci", "\u00c7a va", "Zu langsam, \u00fcberall Schlangen"]
    assert ds.problems.empty


def test_utf16_le_with_bom_and_tabs():
    ds = load(corpus.utf16le_bom_tabs)
    src = only_source(ds)
    assert (src["encoding"], src["delimiter"]) == ("utf-16", "\t")
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "D\u00e9livrance"]
    assert ds.feedback["csat"].tolist() == [4.0, 2.0]
    assert ds.feedback["comment"].tolist() == ["Smooth \u2714", "\u5ef6\u8fdf"]
    assert ds.problems.empty


@pytest.mark.parametrize("builder,encoding", [(corpus.utf16le_no_bom, "utf-16-le"),
                                              (corpus.utf16be_no_bom, "utf-16-be")])
def test_utf16_without_bom(builder, encoding):
    ds = load(builder)
    assert only_source(ds)["encoding"] == encoding
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery", "Returns"]
    assert ds.feedback["csat"].tolist() == [4.0, 2.0, 5.0]


def test_utf8_bom_is_not_part_of_the_first_header():
    ds = load(corpus.utf8_bom)
    src = only_source(ds)
    assert src["encoding"] == "utf-8-sig"
    assert "Touchpoint → touchpoint" in src["mapping"]
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery"]
    assert ds.feedback["comment"].tolist() == ["\u00a1Genial!", "\u00d6de"]


def test_excel_sep_hint_line_sets_the_delimiter_and_is_skipped():
    ds = load(corpus.excel_sep_hint)
    src = only_source(ds)
    assert (src["delimiter"], src["header_line"], bool(src["delimiter_hint"])) == (";", 2, True)
    assert ds.feedback["comment"].tolist() == ["ok, fine", "late"]  # the comma inside is text, not a delimiter
    assert ds.feedback["source_row"].tolist() == [3, 4]
    assert ds.problems.empty


def test_quoted_sep_hint_after_a_bom():
    ds = load(corpus.excel_sep_hint_utf8_bom_quoted)
    src = only_source(ds)
    assert (src["delimiter"], src["header_line"]) == (",", 2)
    assert ds.feedback["csat"].tolist() == [4.0, 2.0]


# --------------------------------------------------------------------------- layouts


def test_title_rows_above_the_header_in_csv():
    ds = load(corpus.title_rows_csv)
    assert only_source(ds)["header_line"] == 4
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Checkout", "Delivery"]
    assert ds.feedback["csat"].tolist() == [4.0, 5.0, 2.0]
    assert ds.feedback["source_row"].tolist() == [5, 6, 7]


def test_title_rows_above_the_header_in_xlsx():
    ds = load(corpus.title_rows_xlsx)
    src = only_source(ds)
    assert (src["sheet"], src["header_line"]) == ("Export", 4)
    assert ds.feedback["channel"].astype(str).tolist() == ["Web", "Web", "Store"]
    assert ds.feedback["csat"].tolist() == [4.0, 2.0, 5.0]
    assert ds.feedback["source_row"].tolist() == [5, 6, 7]


def test_duplicate_headers_are_numbered_and_the_first_is_used():
    ds = load(corpus.duplicate_headers)
    fb = ds.feedback
    assert fb["csat"].tolist() == [4.0, 2.0]
    assert fb["comment"].tolist() == ["a", "c"]
    # the second copies are kept under numbered names, not dropped
    assert fb["CSAT (2)"].tolist() == [5, 1]
    assert fb["Comment (2)"].astype(str).tolist() == ["b", "d"]
    assert ds.recipe.tables["dupes.csv"]["columns"] == {
        "Touchpoint": "touchpoint", "CSAT": "csat", "CSAT (2)": "", "Comment": "comment", "Comment (2)": ""}


def test_wide_survey_becomes_one_row_per_rated_touchpoint():
    ds = load(corpus.wide_survey)
    src = only_source(ds)
    assert (src["layout"], src["rows_read"], src["rows_used"]) == ("wide", 30, 120)
    fb = ds.feedback
    assert sorted(fb["touchpoint"].cat.categories) == ["Booking", "Breakfast", "Check-in", "Room"]
    assert fb["response_id"].nunique() == 30  # the respondent column identifies responses
    first = fb[fb["response_id"] == "P00"].set_index("touchpoint")["csat"].to_dict()
    assert first == {"Booking": 1.0, "Check-in": 1.0, "Room": 1.0, "Breakfast": 1.0}
    p07 = fb[fb["response_id"] == "P07"].set_index("touchpoint")["csat"].to_dict()
    assert p07 == {"Booking": 3.0, "Check-in": 5.0, "Room": 2.0, "Breakfast": 4.0}
    assert fb["persona"].astype(str).value_counts().to_dict() == {"Family": 80, "Business": 40}
    assert ds.recipe.tables["wide.xlsx::Survey"]["value_columns"] == ["Booking", "Check-in", "Room", "Breakfast"]
    assert ds.problems.empty


def test_complaint_log_without_scores():
    ds = load(corpus.complaint_log)
    assert only_source(ds)["layout"] == "complaints"
    fb = ds.feedback
    assert fb["complaint"].tolist() == [1.0] * 4
    assert fb["touchpoint"].astype(str).tolist() == ["Escrow", "Escrow", "Billing disputes", "Late fee"]
    assert fb["stage"].astype(str).tolist() == ["Mortgage", "Mortgage", "Credit card", "Credit card"]
    assert fb["response_id"].tolist() == ["1001", "1002", "1003", "1004"]
    assert fb["comment"].tolist()[1] == "They lost my payment" and pd.isna(fb["comment"][0])
    assert fb["date"].dt.strftime("%Y-%m-%d").tolist() == ["2016-09-12", "2016-09-13", "2016-09-14", "2016-09-15"]
    assert ds.metrics == ["complaint"]
    assert ds.problems.empty


def test_instructions_and_dictionary_sheets_are_skipped():
    ds = load(corpus.instructions_first_workbook)
    sources = ds.sources.set_index("sheet")
    assert sources.loc["Instructions", "status"] == "skipped"
    assert sources.loc["Data dictionary", "status"] == "skipped"
    assert sources.loc["Data dictionary", "detail"] == "looks like instructions or a data dictionary"
    assert sources.loc["Responses", "status"] == "used"
    # the dictionary's rows ('Touchpoint', 'CSAT', ...) must not become touchpoints
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery", "Checkout"]
    assert set(ds.feedback["source_sheet"]) == {"Responses"}


def test_hidden_sheets_are_skipped_and_listed_in_sources():
    ds = load(corpus.hidden_sheet_workbook)
    sources = ds.sources.set_index("sheet")
    assert sources.loc["Data", "status"] == "used"
    for sheet in ("Old", "Calc"):  # hidden and 'very hidden'
        assert sources.loc[sheet, "status"] == "skipped"
        assert sources.loc[sheet, "detail"] == "hidden sheet"
        assert not sources.loc[sheet, "visible"]
        assert sources.loc[sheet, "rows_read"] == 3
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery"]


def test_hidden_sheet_is_used_when_the_recipe_says_so():
    data, name = corpus.hidden_sheet_workbook()
    recipe = cxlens.load(data, filename=name).recipe
    recipe.tables["hidden.xlsx::Old"] = {"use": True, "table": "feedback"}
    ds = cxlens.load(data, filename=name, recipe=recipe)
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery"] + ["Old checkout"] * 3


# --------------------------------------------------------------------------- dates


def test_mixed_date_formats_in_one_column_are_read_and_reported():
    ds = load(corpus.mixed_date_formats)
    dates = ds.feedback["date"]
    assert dates.dt.strftime("%Y-%m-%d").tolist()[:5] == [
        "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-31", "2026-02-05"]
    assert pd.isna(dates.iloc[5])
    assert problem_counts(ds) == {
        ("Date", "date written in a different format from the rest of the column (yyyy-mm-dd)"): 2,
        ("Date", "not a date we can read"): 1,
    }
    other = ds.problems[ds.problems["problem"].str.startswith("date written")]
    assert other["row"].tolist() == [5, 6]
    assert other["value"].tolist() == ["31/01/2026", "05/02/2026"]
    assert set(other["action"]) == {"read as dd/mm/yyyy"}
    assert ds.problems[ds.problems["problem"] == "not a date we can read"]["value"].tolist() == ["yesterday"]
    assert ds.recipe.tables["mixed_dates.csv"]["date_formats"] == ["%Y-%m-%d", "%d/%m/%Y"]


def test_us_day_month_order_is_inferred_from_the_values():
    ds = load(corpus.us_dates)
    assert ds.feedback["date"].dt.strftime("%Y-%m-%d").tolist() == ["2016-09-12", "2016-09-13", "2016-10-01"]
    assert ds.recipe.tables["us_dates.csv"]["date_formats"] == ["%m/%d/%Y"]
    assert ds.problems.empty


def test_eu_day_month_order_is_inferred_from_the_values():
    ds = load(corpus.eu_dates)
    assert ds.feedback["date"].dt.strftime("%Y-%m-%d").tolist() == ["2016-09-12", "2016-09-13", "2016-10-01"]
    assert ds.recipe.tables["eu_dates.csv"]["date_formats"] == ["%d/%m/%Y"]
    assert ds.problems.empty


def test_ambiguous_day_month_order_is_a_reported_guess_and_the_recipe_can_fix_it():
    ds = load(corpus.ambiguous_dates)
    assert ds.feedback["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-02-01", "2026-04-03", "2026-06-05"]
    assert problem_counts(ds) == {("Date", "day/month order cannot be told from the values (no day is above 12)"): 3}
    assert ds.problems["action"].iloc[0].startswith("read as dd/mm/yyyy")
    recipe = ds.recipe
    recipe.date_format = "%m/%d/%Y"
    fixed = load(corpus.ambiguous_dates, recipe=recipe)
    assert fixed.feedback["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-02", "2026-03-04", "2026-05-06"]
    assert fixed.problems.empty


def test_dotted_dates_are_not_read_as_thousands():
    """'31.01.2026' beside '1.234,50' in a European file: the date stays a date."""
    ds = load(corpus.german_dates_with_thousands)
    fb = ds.feedback
    assert fb["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-31", "2026-02-01", "2026-02-02"]
    assert fb["csat"].tolist() == [4.5, 3.5, 2.0]
    assert fb["Revenue"].tolist() == [1234.5, 12500.0, 980.0]
    assert ds.problems.empty


def test_excel_serial_dates_in_csv():
    ds = load(corpus.excel_serial_dates_csv)
    assert ds.feedback["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05", "2026-01-06", "2026-01-07"]
    assert ds.recipe.tables["serials.csv"]["date_formats"] == ["Excel serial"]


def test_excel_serial_dates_in_xlsx_and_real_date_cells():
    ds = load(corpus.excel_serial_dates_xlsx)
    fb = ds.feedback
    assert fb["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05", "2026-01-06", "2026-01-07"]
    assert fb["Visit date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05", "2026-01-06", "2026-01-07"]


# --------------------------------------------------------------------------- values


def test_rare_zeros_on_a_five_point_scale_mean_not_applicable():
    ds = load(corpus.zero_as_not_applicable)
    assert ds.recipe.scales["csat"] == {"min": 1, "max": 5, "na_values": [0], "higher_is_better": True, "column": "CSAT"}
    assert len(ds.feedback) == 40  # rows stay; only the score is missing
    assert ds.feedback["csat"].isna().sum() == 2
    assert problem_counts(ds) == {("CSAT", "0 means 'not applicable' on this scale"): 2}
    assert ds.problems["row"].tolist() == [9, 23]


def test_no_answer_strings_become_missing_and_are_counted():
    ds = load(corpus.na_strings)
    fb = ds.feedback
    assert fb["csat"].tolist()[0] == 4.0 and fb["csat"].tolist()[-1] == 5.0
    assert fb["csat"].isna().sum() == 5
    assert fb["nps"].isna().sum() == 3
    assert problem_counts(ds) == {("CSAT", "no-answer code"): 5, ("Likelihood to recommend", "no-answer code"): 3}
    csat = ds.problems[ds.problems["column"] == "CSAT"]
    assert csat["value"].tolist() == ["N/A", "n/a", "-", "don't know", "Don\u2019t know"]
    assert set(ds.problems["action"]) == {"set to missing"}


def test_percent_strings_are_numbers_on_a_0_100_scale():
    ds = load(corpus.percent_strings)
    assert ds.feedback["csat"].tolist() == [72.0, 85.0, 90.0]
    assert ds.recipe.scales["csat"]["max"] == 100
    assert ds.problems.empty


def test_percent_confidence_becomes_a_fraction():
    ds = load(corpus.percent_confidence_workbook)
    assert ds.opportunities["confidence"].tolist() == [0.8, 0.35]
    assert ds.opportunities["customer_value"].tolist() == [8.0, 6.0]


def test_european_thousands_separators_in_a_catalogue():
    ds = load(corpus.eu_thousands_catalogue)
    assert only_source(ds)["table"] == "touchpoints"
    tp = ds.touchpoints
    assert tp["volume"].tolist() == [12500.0, 1234.5, 980.0]
    assert tp["csat"].tolist() == [4.2, 3.9, 3.1]
    assert ds.problems.empty


def test_formulas_are_never_evaluated_cached_values_are_read():
    ds = load(corpus.formula_cells)
    fb = ds.feedback
    assert fb["csat"].tolist() == [4.0, 3.0]  # '=1+1' cached 4; WEBSERVICE cached 3 and was not called
    # a DDE-looking string stays text; a HYPERLINK formula gives its cached text
    assert fb["comment"].tolist() == ["=cmd|' /C calc'!A0", "click"]


@pytest.mark.parametrize("builder", [corpus.huge_comment_csv, corpus.huge_comment_xlsx])
def test_one_megabyte_comment_is_kept_intact(builder):
    ds = load(builder)
    comments = ds.feedback["comment"].tolist()
    assert len(comments[0]) == 1024 * 1024
    assert comments[0] == corpus.ONE_MB_COMMENT
    assert comments[1] == "short"


def test_comment_over_the_csv_modules_field_limit():
    ds = load(corpus.long_comment_200k_csv)
    assert only_source(ds)["delimiter"] == ","
    assert ds.feedback["comment"].tolist() == [corpus.ONE_MB_COMMENT[: 200 * 1024]]


def test_nul_bytes_are_removed_and_reported():
    ds = load(corpus.nul_bytes_csv)
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery"]
    assert ds.feedback["comment"].tolist() == ["fine", "late"]
    assert problem_counts(ds) == {("", "file contains NUL bytes (damaged export)"): 2}


def test_markup_in_comments_is_kept_verbatim():
    ds = load(corpus.html_in_comments)
    assert ds.feedback["comment"].tolist() == [corpus.XSS_SCRIPT, corpus.XSS_IMG, '=HYPERLINK("http://evil.invalid")']
    assert ds.problems.empty


def test_ragged_line_is_reported_and_its_extra_value_kept():
    ds = load(corpus.ragged_line)
    fb = ds.feedback
    assert len(fb) == 4
    assert fb["comment"].tolist() == ["fine", "late", "great service", "ok"]
    assert fb["Column 4"].astype("object").where(fb["Column 4"].notna(), None).tolist() == [None, None, "thanks", None]
    assert problem_counts(ds) == {("", "line has more fields than the header"): 1}
    row = ds.problems.iloc[0]
    assert (row["row"], row["value"], row["action"]) == (
        4, "Returns | 5 | great service |  thanks", "extra values kept in column 'Column 4'")


def test_unclosed_quote_does_not_swallow_the_rest_of_the_file():
    ds = load(corpus.unclosed_quote)
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout", "Delivery", "Returns"]
    assert ds.feedback["comment"].tolist() == ["fine", '"late', "ok"]
    assert problem_counts(ds) == {("", "a quote mark is never closed"): 1}
    assert ds.problems.iloc[0]["row"] == 3


def _no_slow_parser(monkeypatch):
    """Fail the test if pandas' python parser (the slow, last-resort one) is used."""
    original = pd.read_csv

    def read_csv(*args, **kwargs):
        assert kwargs.get("engine") != "python", "the slow python parser was used"
        return original(*args, **kwargs)

    monkeypatch.setattr(pd, "read_csv", read_csv)


def _survey_lines(rows: int) -> list[str]:
    return [f"R{i},{['Checkout', 'Delivery', 'Returns'][i % 3]},{i % 5 + 1},comment {i}" for i in range(rows)]


def test_lines_of_several_extra_widths_keep_every_value_and_use_the_fast_parser(monkeypatch):
    _no_slow_parser(monkeypatch)
    lines = _survey_lines(30_000)
    lines[7_000] += ",x"  # one value too many ...
    lines[21_000] += ",y,z,w"  # ... and three, further down (the first error names only the first)
    data = ("ID,Touchpoint,CSAT,Comment\n" + "\n".join(lines) + "\n").encode()
    ds = cxlens.load(data, filename="ragged_big.csv")
    fb = ds.feedback
    assert len(fb) == 30_000
    extra = ["Column 5", "Column 6", "Column 7"]
    assert [c for c in fb.columns if c.startswith("Column ")] == extra
    kept = fb.loc[fb[extra].notna().any(axis=1), ["response_id"] + extra]
    assert kept.astype(object).where(kept.notna(), None).values.tolist() == [
        ["R7000", "x", None, None], ["R21000", "y", "z", "w"]]
    assert problem_counts(ds) == {("", "line has more fields than the header"): 2}
    assert ds.problems["row"].tolist() == [7_002, 21_002]  # file lines: header is line 1
    assert fb["csat"].notna().all()


def test_unclosed_quote_in_a_large_file_is_read_by_the_fast_parser(monkeypatch):
    _no_slow_parser(monkeypatch)
    lines = _survey_lines(30_000)
    lines[100] = 'R100,Delivery,2,"late'
    data = ("ID,Touchpoint,CSAT,Comment\n" + "\n".join(lines) + "\n").encode()
    ds = cxlens.load(data, filename="unclosed_big.csv")
    assert len(ds.feedback) == 30_000
    assert ds.feedback["comment"].iloc[100] == '"late'
    assert ds.feedback["comment"].iloc[101] == "comment 101"
    assert problem_counts(ds) == {("", "a quote mark is never closed"): 1}


def test_the_slow_tolerant_parser_is_bounded_by_size(monkeypatch):
    """A line wider than the column limit needs the python parser: refused above its size cap."""
    lines = _survey_lines(50)
    lines[10] += "," + ",".join(["v"] * (cxlens.safety.MAX_COLUMNS + 5))
    data = ("ID,Touchpoint,CSAT,Comment\n" + "\n".join(lines) + "\n").encode()
    ds = cxlens.load(data, filename="very_wide_line.csv")  # under the cap: read, the line cut and reported
    assert len(ds.feedback) == 50 and ds.feedback.shape[1] < 40
    assert problem_counts(ds)[("", "line has more fields than the header")] == 1
    monkeypatch.setattr(cxlens.readers.irregular, "PYTHON_PARSER_MAX_BYTES", len(data) - 1)
    with pytest.raises(cxlens.DataError, match="too large for the slow, tolerant reader"):
        cxlens.load(data, filename="very_wide_line.csv")


@pytest.mark.parametrize("builder, first_response_row", [(corpus.qualtrics_csv, 4), (corpus.qualtrics_xlsx, 3)])
def test_qualtrics_export_uses_question_texts_and_rates_each_grid_item_as_a_touchpoint(builder, first_response_row):
    ds = load(builder)
    fb = ds.feedback
    rated = fb[fb["touchpoint"].notna()]
    # the grid question's items are the touchpoints; R_2 skipped the app
    assert rated[["response_id", "touchpoint", "csat"]].astype(object).values.tolist() == [
        ["R_1", "Website", 4.0], ["R_1", "Mobile app", 5.0], ["R_1", "Call centre", 2.0],
        ["R_2", "Website", 3.0], ["R_2", "Call centre", 1.0],
        ["R_3", "Website", 5.0], ["R_3", "Mobile app", 4.0], ["R_3", "Call centre", 3.0],
        ["R_4", "Website", 2.0], ["R_4", "Mobile app", 2.0], ["R_4", "Call centre", 1.0]]
    assert rated["nps"].isna().all() and rated["comment"].isna().all()
    # the recommendation question and the open question: once per respondent, on a row without a touchpoint
    own = fb[fb["touchpoint"].isna()]
    assert own[["response_id", "nps", "comment"]].astype(object).where(own[["response_id", "nps", "comment"]].notna(),
                                                                     None).values.tolist() == [
        ["R_1", 9.0, "Great"], ["R_2", 6.0, "Call centre was slow"], ["R_4", 3.0, "Website keeps logging me out"]]
    assert fb["source_row"].min() == first_response_row  # label and import-ID rows are not responses
    # R_3 answered 'ten': reported on its own line of the file, once
    assert ds.problems[["row", "value", "problem"]].values.tolist() == [
        [first_response_row + 2, "ten", "not a number"]]
    assert ds.sources["layout"].tolist() == ["wide"]
    assert ds.sources["detail"].iloc[0].startswith("Qualtrics export: question texts used as column names")
    assert fb.loc[fb["response_id"] == "R_2", "persona"].astype(str).unique().tolist() == ["Enterprise"]


def test_surveymonkey_export_combines_its_header_rows_and_reads_word_answers():
    ds = load(corpus.surveymonkey_csv)
    fb = ds.feedback
    rated = fb[fb["touchpoint"].notna()]
    assert rated[["response_id", "touchpoint", "csat"]].astype(object).values.tolist() == [
        ["11401", "Booking", 5.0], ["11401", "Check-in", 4.0], ["11401", "Room", 2.0],
        ["11402", "Booking", 4.0], ["11402", "Check-in", 1.0], ["11402", "Room", 4.0],
        ["11403", "Booking", 5.0], ["11403", "Check-in", 5.0], ["11403", "Room", 3.0]]
    own = fb[fb["touchpoint"].isna()]
    assert own["nps"].tolist() == [9.0, 6.0, 10.0]
    assert own["comment"].astype(object).where(own["comment"].notna(), None).tolist() == [
        "Room was noisy", None, "Lovely stay"]
    # 12-hour US timestamps are dates; the one bad end date is reported once, on its line of the file (4)
    assert fb.loc[fb["response_id"] == "11401", "date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2026-03-14"]
    assert ds.problems[["row", "column", "value", "problem"]].values.tolist() == [
        [4, "End Date", "soon", "not a date we can read"]]
    assert ds.recipe.scales["csat"]["label_scale"] == "satisfaction (5 points)"
    assert {"Which channels did you use? - Email", "Which channels did you use? - Chat",
            "Which best describes you?"} <= set(fb.columns)
    assert ds.sources["detail"].iloc[0].startswith("SurveyMonkey export")


def test_header_only_is_a_data_error():
    for builder in (corpus.header_only_csv, corpus.header_only_xlsx):
        assert "no data rows" in refused(builder)


@pytest.mark.parametrize("builder", [corpus.empty_file, corpus.blank_lines_file])
def test_empty_files(builder):
    message = refused(builder)
    assert "empty" in message or "no data" in message


# --------------------------------------------------------------------------- formats


def test_csv_named_xlsx_is_read_as_csv():
    ds = load(corpus.csv_named_xlsx)
    assert only_source(ds)["format"] == "csv"
    assert len(ds.feedback) == 4
    assert ds.feedback["csat"].tolist() == [4.0, 2.0, 5.0, 3.0]


def test_parquet_file():
    ds = load(corpus.parquet_file)
    src = only_source(ds)
    assert src["format"] == "parquet"
    fb = ds.feedback
    assert fb["csat"].tolist() == [4.0, 2.0, 5.0]
    assert fb["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05", "2026-01-06", "2026-01-07"]
    assert fb["comment"].tolist()[0] == "ok" and pd.isna(fb["comment"][1])


def test_feedback_csv_and_catalogue_xlsx_combine():
    data, names = corpus.multi_file()
    ds = cxlens.load(data, filename=names)
    assert ds.sources["table"].tolist() == ["feedback", "touchpoints"]
    assert ds.stages == ["Purchase", "Delivery", "Onboarding"]  # the catalogue's stage order
    fb = ds.feedback.set_index("response_id")
    assert fb["stage"].astype(str).to_dict() == {"R1": "Purchase", "R2": "Delivery", "R3": "Onboarding"}
    assert ds.touchpoints.set_index("touchpoint")["volume"].to_dict() == {
        "Onboarding call": 300.0, "Checkout": 5000.0, "Delivery": 4800.0}
    assert fb["source_file"].unique().tolist() == ["feedback.csv"]


def test_one_bad_file_among_good_ones_is_skipped_and_reported():
    feedback = corpus.BASIC_CSV.encode()
    png, _ = corpus.png_file()
    ds = cxlens.load([feedback, png], filename=["feedback.csv", "chart.png"])
    assert len(ds.feedback) == 4
    assert problem_counts(ds) == {("", "file could not be read"): 1}
    assert ds.sources.set_index("file").loc["chart.png", "status"] == "error"


def test_a_short_filename_list_does_not_drop_sources():
    feedback = corpus.BASIC_CSV.encode()
    ds = cxlens.load([feedback, feedback], filename=["a.csv"])
    assert len(ds.feedback) == 8
    assert ds.sources["file"].tolist() == ["a.csv", "upload 2"]


def test_file_objects_and_paths(tmp_path):
    ds = cxlens.load(io.BytesIO(corpus.BASIC_CSV.encode()), filename="obj.csv")
    assert len(ds.feedback) == 4
    path = tmp_path / "export.csv"
    path.write_bytes(corpus.BASIC_CSV.encode())
    assert cxlens.load(path).sources.iloc[0]["file"] == "export.csv"
    with pytest.raises(cxlens.DataError, match="could not be opened"):
        cxlens.load(tmp_path / "missing.csv")


# --------------------------------------------------------------------------- refused files


@pytest.mark.parametrize("builder", [corpus.html_as_csv, corpus.html_as_xls, corpus.html_utf16_as_xls,
                                     corpus.html_comment_first])
def test_html_is_refused_naming_html(builder):
    assert "web page (HTML)" in refused(builder)


def test_excel_2003_xml_is_refused_with_its_name():
    assert "XML Spreadsheet 2003" in refused(corpus.spreadsheetml_2003)


@pytest.mark.parametrize("builder,what", [
    (corpus.png_file, "an image (PNG)"), (corpus.pdf_file, "a PDF document"),
    (corpus.gzip_file, "a compressed (gzip) file"),
])
def test_files_that_are_not_spreadsheets_are_refused(builder, what):
    message = refused(builder)
    assert f"This file is {what}, not a spreadsheet" in message
    assert "Upload a CSV, Excel" in message


def test_ole2_garbage_is_refused():
    assert "could not be opened" in refused(corpus.ole2_garbage)


def test_password_protected_workbook_is_refused_saying_so():
    message = refused(corpus.password_protected_xlsx)
    assert "password-protected" in message and "Remove the password" in message


def test_word_document_named_xlsx_is_refused():
    assert "not an Excel workbook" in refused(corpus.docx_like_zip)


def test_zip_bomb_by_ratio_is_refused_before_parsing(monkeypatch):
    def parser_must_not_run(*a, **k):
        raise AssertionError("the workbook parser was reached")

    import fastexcel

    monkeypatch.setattr(fastexcel, "read_excel", parser_must_not_run)
    assert "zip bomb" in refused(corpus.zip_bomb_ratio)


def test_zip_bomb_lying_about_its_size_is_refused_before_parsing(monkeypatch):
    import fastexcel

    monkeypatch.setattr(fastexcel, "read_excel", lambda *a, **k: pytest.fail("the workbook parser was reached"))
    assert "zip bomb" in refused(corpus.zip_bomb_lying_sizes)


def test_declared_size_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(cxlens.safety, "MAX_UNCOMPRESSED_BYTES", 1000)
    assert "over the" in refused(corpus.minimal_workbook)


def test_too_many_zip_members_is_refused(monkeypatch):
    monkeypatch.setattr(cxlens.safety, "MAX_ZIP_MEMBERS", 20)
    assert "far more than a spreadsheet has" in refused(corpus.zip_many_members)


@pytest.mark.parametrize("builder", [corpus.wide_xlsx, corpus.wide_csv])
def test_too_many_columns_is_refused(monkeypatch, builder):
    assert len(load(builder).feedback.columns) > 40  # loads under the real limit
    monkeypatch.setattr(cxlens.safety, "MAX_COLUMNS", 20)
    message = refused(builder)
    assert "41 columns; the limit is 20" in message


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(cxlens.safety, "MAX_ROWS", 3)
    assert "the limit is 3" in refused(corpus.zero_as_not_applicable)


def test_upload_size_limit(monkeypatch):
    monkeypatch.setattr(cxlens.safety, "MAX_UPLOAD_BYTES", 100)
    assert "the limit is" in refused(corpus.zero_as_not_applicable)


def test_rows_that_are_all_unusable_are_a_data_error():
    with pytest.raises(cxlens.DataError, match="none of its rows could be used"):
        cxlens.load(b"Touchpoint,CSAT\n,N/A\n,-\n", filename="blank_rows.csv")


def test_sparse_sheet_bomb_is_refused_before_parsing(monkeypatch):
    """One value in A1 and one in ALL100000: a 3.2 GB grid in the parser, whose failure aborts the process."""
    import fastexcel

    monkeypatch.setattr(fastexcel, "read_excel", lambda *a, **k: pytest.fail("the workbook parser was reached"))
    message = refused(corpus.sparse_sheet_bomb)
    assert "1,000 columns and 100,000 rows" in message and "refused for safety" in message


def test_formatted_empty_cell_far_away_is_harmless():
    ds = load(corpus.formatted_far_cell)
    assert ds.feedback["touchpoint"].astype(str).tolist() == ["Checkout"]
    assert only_source(ds)["columns"] == 2


def test_cells_without_references_load():
    ds = load(corpus.cells_without_references)
    assert len(ds.feedback) == 20
    assert ds.feedback["csat"].tolist()[:5] == [1.0, 2.0, 3.0, 4.0, 5.0]


@pytest.mark.parametrize("builder", [corpus.wide_survey, corpus.huge_comment_xlsx, corpus.formula_cells])
def test_sheet_measurement_does_not_depend_on_block_boundaries(monkeypatch, builder):
    """The grid check reads sheet XML in blocks; tiny blocks cut tags everywhere and must agree."""
    expected = load(builder).feedback
    monkeypatch.setattr(cxlens.sheet_extent.SheetExtent, "BLOCK", 300)
    monkeypatch.setattr(cxlens.sheet_extent.SheetExtent, "OVERLAP", 64)
    pd.testing.assert_frame_equal(load(builder).feedback, expected)


def test_grid_limit_applies_to_real_workbooks(monkeypatch):
    monkeypatch.setattr(cxlens.safety, "MAX_SHEET_CELLS", 100)
    assert "6 columns and 31 rows (186 cells); the limit is 100 cells" in refused(corpus.wide_survey)


@pytest.mark.parametrize("spelling", sorted(corpus.SPARSE_BOMB_SPELLINGS))
def test_sparse_sheet_bomb_in_every_spelling_the_parser_accepts(monkeypatch, spelling):
    import fastexcel

    monkeypatch.setattr(fastexcel, "read_excel", lambda *a, **k: pytest.fail("the workbook parser was reached"))
    message = refused(lambda: corpus.sparse_sheet_bomb_spelled(spelling))
    assert "refused for safety" in message or "the limit is 1,000" in message


def test_uncompressed_workbooks_are_checked_too():
    ds = load(corpus.stored_workbook)
    assert ds.feedback["csat"].tolist() == [4.0]
    assert "refused for safety" in refused(corpus.stored_sparse_sheet_bomb)


def test_text_decoded_with_the_wrong_encoding_is_reported_with_its_rows():
    """Issue #20 finding 6: a file mixing UTF-8 and Latin-1 lines, and a UTF-8 BOM before cp1252 bytes, loaded
    silently before; now every cell that looks mis-decoded is listed with its row and column."""
    mixed = "Touchpoint,Comment\nCafé,très bien\n".encode("utf-8") + "Boutique,déçu\n".encode("latin-1")
    ds = cxlens.load(mixed, filename="mixed.csv")
    found = ds.problems[ds.problems["problem"].str.startswith("text looks decoded with the wrong encoding")]
    assert sorted(zip(found["row"], found["column"])) == [(2, "Comment"), (2, "Touchpoint")]
    assert set(found["value"]) == {"CafÃ©", "trÃ¨s bien"}
    bom = b"\xef\xbb\xbf" + "Touchpoint,Comment\nCafé,bien\n".encode("cp1252")
    ds = cxlens.load(bom, filename="bom.csv")
    found = ds.problems[ds.problems["problem"].str.startswith("text looks decoded")]
    assert list(found["value"]) == ["Caf\ufffd"] and list(found["row"]) == [2]
    clean = cxlens.load("Touchpoint,Comment\nCafé,très bien\nSÃO PAULO,ótimo\n".encode("utf-8"), filename="ok.csv")
    assert not clean.problems["problem"].str.startswith("text looks decoded").any()


def test_two_digit_years_with_dashes_are_dates():
    """A real complaint export writes 'dd-mm-yy' ('22-04-15'); every date was dropped before."""
    rows = [f"{i},Internet down again after {i} days and nobody calls back,{1 + i % 28:02d}-0{1 + i % 9}-15,"
            f"Solved" for i in range(40)]
    data = ("Ticket #,Customer Complaint,Date,Status\n" + "\n".join(rows) + "\n").encode()
    ds = cxlens.load(data, filename="complaints.csv")
    assert ds.feedback["date"].notna().all()
    assert ds.feedback["date"].iloc[0] == pd.Timestamp("2015-01-01")  # '01-01-15'
    assert ds.feedback["date"].iloc[30] == pd.Timestamp("2015-04-03")  # '03-04-15': day first
