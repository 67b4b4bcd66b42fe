"""cxlens.cleaning on small hand-made columns: numbers in both locales, no-answer codes, flags,
sentiment, scales and their 'not applicable' zeros, dates (formats, mixed columns, ambiguous
day/month order, Excel serials, placeholders), dimensions, ids and text. Every change the
cleaning makes is asserted in the problem log with its file row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlens import cleaning
from cxlens.cleaning import Context
from cxlens.problems import ProblemLog


def ctx(n: int, decimal: str = ".") -> Context:
    """A context whose row numbers are those of a file with its header on line 1."""
    return Context(ProblemLog(), "f.csv", "", pd.Series(np.arange(n) + 2), decimal=decimal)


def problems(c: Context) -> list[tuple]:
    """(row, column, value, problem, action) of every problem logged."""
    f = c.log.frame()
    return [(int(r.row), r.column, r.value, r.problem, r.action) for r in f.itertuples()]


def text(*values) -> pd.Series:
    return pd.Series(list(values), dtype="object")


# --------------------------------------------------------------------------- numbers and no-answer codes


def test_numbers_written_as_text():
    c = ctx(7)
    out = cleaning.to_number(text("4", " 3 ", "4,5", "1,234.5", "72%", "1\u00a0000", None), c, "Score")
    assert out.tolist()[:6] == [4.0, 3.0, 4.5, 1234.5, 72.0, 1000.0] and np.isnan(out.iloc[6])
    assert problems(c) == []


def test_numbers_in_a_decimal_comma_file():
    c = ctx(4, decimal=",")
    out = cleaning.to_number(text("1.234,5", "12.500", "4,5", "4.5"), c, "Revenue")
    assert out.tolist() == [1234.5, 12500.0, 4.5, 4.5]


def test_no_answer_codes_are_missing_and_reported_and_words_are_not_numbers():
    c = ctx(6)
    out = cleaning.to_number(text("5", "N/A", "don't know", "  ", "four", "Keine Angabe"), c, "CSAT")
    assert out.iloc[0] == 5.0 and out.iloc[1:].isna().all()
    assert problems(c) == [
        (3, "CSAT", "N/A", "no-answer code", "set to missing"),
        (4, "CSAT", "don't know", "no-answer code", "set to missing"),
        (5, "CSAT", "", "no-answer code", "set to missing"),  # spaces only: blank
        (7, "CSAT", "Keine Angabe", "no-answer code", "set to missing"),
        (6, "CSAT", "four", "not a number", "set to missing"),
    ]


def test_na_mask_and_numeric_share():
    assert cleaning.na_mask(text("n/a", "N.A.", "", "x", "nvt")).tolist() == [True, True, True, False, True]
    assert cleaning.numeric_share(text("1", "2", "three", "N/A")) == pytest.approx(2 / 3)
    assert cleaning.numeric_share(pd.Series([1, 2])) == 1.0
    assert cleaning.numeric_share(text("N/A", None)) == 0.0


def test_flags():
    c = ctx(7)
    out = cleaning.to_flag(text("yes", "No", "TRUE", "0", "oui", "maybe", "n/a"), c, "Churn")
    assert out.tolist()[:5] == [1.0, 0.0, 1.0, 0.0, 1.0] and out.iloc[5:].isna().all()
    assert problems(c) == [(7, "Churn", "maybe", "not a yes/no value", "set to missing")]
    c = ctx(3)
    assert cleaning.to_flag(pd.Series([1, 0, 2]), c, "Churn").tolist()[:2] == [1.0, 0.0]
    assert problems(c) == [(4, "Churn", "2", "not a yes/no value", "set to missing")]


def test_sentiment_labels_and_numbers():
    c = ctx(4)
    assert cleaning.to_sentiment(text("Positive", "neutral", "NEG", "angry"), c, "Tone").tolist()[:3] == [1.0, 0.0, -1.0]
    assert problems(c) == [(5, "Tone", "angry", "unknown sentiment label", "set to missing")]
    c = ctx(3)
    out = cleaning.to_sentiment(pd.Series([0.5, -1.0, 3.0]), c, "Polarity")
    assert out.tolist()[:2] == [0.5, -1.0] and np.isnan(out.iloc[2])
    assert problems(c) == [(4, "Polarity", "3.0", "outside the scale -1-1", "set to missing")]


# --------------------------------------------------------------------------- scales


def test_detect_scale_from_hints_and_values():
    assert cleaning.detect_scale("csat", pd.Series([1.0, 2.0]), hint=(1, 7)) == {
        "min": 1, "max": 7, "na_values": [], "higher_is_better": True}
    assert cleaning.detect_scale("nps", pd.Series([3.0]))["max"] == 10
    assert cleaning.detect_scale("csat", pd.Series([1.0, 4.0, 5.0]))["max"] == 5
    assert cleaning.detect_scale("rating", pd.Series([2.0, 6.0]))["max"] == 7
    assert cleaning.detect_scale("rating", pd.Series([2.0, 9.0]))["max"] == 10
    assert cleaning.detect_scale("rating", pd.Series([20.0, 85.0, 99.0]))["max"] == 100
    assert cleaning.detect_scale("ces", pd.Series([1.0, 7.0]), header="Customer effort")["higher_is_better"] is False
    assert cleaning.detect_scale("ces", pd.Series([1.0, 7.0]), header="Ease score")["higher_is_better"] is True


def test_rare_zeros_on_a_five_point_scale_mean_not_applicable():
    values = pd.Series([0.0] + [1.0] * 5 + [3.0] * 10 + [5.0] * 10)
    scale = cleaning.detect_scale("csat", values)
    assert scale == {"min": 1, "max": 5, "na_values": [0], "higher_is_better": True}
    c = ctx(len(values))
    out = cleaning.apply_scale(values, scale, c, "CSAT")
    assert np.isnan(out.iloc[0]) and out.iloc[1:].notna().all()
    assert problems(c) == [(2, "CSAT", "0.0", "0 means 'not applicable' on this scale", "set to missing")]


def test_common_zeros_make_a_scale_start_at_zero():
    assert cleaning.detect_scale("rating", pd.Series([0.0, 0.0, 0.0, 1.0, 4.0]))["min"] == 0


def test_a_typo_above_ten_is_outside_the_scale_not_a_hundred_point_scale():
    values = pd.Series([5.0] * 150 + [50.0])
    scale = cleaning.detect_scale("csat", values)
    assert scale["max"] == 5
    c = ctx(len(values))
    out = cleaning.apply_scale(values, scale, c, "CSAT")
    assert out.isna().sum() == 1
    assert problems(c) == [(152, "CSAT", "50.0", "outside the scale 1-5", "set to missing")]


def test_a_short_scale_of_many_answers_is_its_own():
    values = pd.Series([1.0, 2.0, 3.0] * 40)
    assert cleaning.detect_scale("rating", values) == {"min": 1, "max": 3, "na_values": [], "higher_is_better": True}


# --------------------------------------------------------------------------- dates


def test_iso_and_day_first_dates():
    c = ctx(3)
    out, used = cleaning.parse_dates(text("2026-01-05", "2026-02-28", None), c, "Date")
    assert out.dt.strftime("%Y-%m-%d").tolist()[:2] == ["2026-01-05", "2026-02-28"] and pd.isna(out.iloc[2])
    assert used == ["%Y-%m-%d"] and problems(c) == []
    c = ctx(2)
    out, used = cleaning.parse_dates(text("31/01/2026", "13/02/2026"), c, "Date")
    assert out.dt.strftime("%Y-%m-%d").tolist() == ["2026-01-31", "2026-02-13"] and used == ["%d/%m/%Y"]


def test_an_ambiguous_day_month_order_is_reported_as_a_guess():
    c = ctx(2)
    out, used = cleaning.parse_dates(text("01/02/2026", "03/04/2026"), c, "Date")
    assert used == ["%d/%m/%Y"] and out.dt.strftime("%Y-%m-%d").tolist() == ["2026-02-01", "2026-04-03"]
    assert [p[3] for p in problems(c)] == ["day/month order cannot be told from the values (no day is above 12)"] * 2


def test_a_second_format_in_one_column_is_read_and_reported():
    c = ctx(4)
    out, used = cleaning.parse_dates(text("2026-01-05", "2026-01-06", "2026-01-07", "07.01.2026"), c, "Date")
    assert out.dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-07"]
    assert used == ["%Y-%m-%d", "%d.%m.%Y"]
    assert problems(c) == [(5, "Date", "07.01.2026",
                            "date written in a different format from the rest of the column (yyyy-mm-dd)",
                            "read as dd.mm.yyyy")]


def test_unreadable_dates_placeholders_and_serials():
    c = ctx(4)
    out, _ = cleaning.parse_dates(text("2026-01-05", "someday", "9999-12-31", "N/A"), c, "Date")
    assert out.notna().tolist() == [True, False, False, False]
    assert [(p[0], p[3]) for p in problems(c)] == [(4, "date outside the years 1678-2261"),
                                                   (3, "not a date we can read")]
    c = ctx(2)
    out, used = cleaning.parse_dates(pd.Series([46027.0, 0.0]), c, "Date")
    assert out.iloc[0] == pd.Timestamp("2026-01-05") and pd.isna(out.iloc[1]) and used == ["Excel serial"]
    assert problems(c) == [(3, "Date", "0.0", "not a date", "set to missing")]


def test_time_zones_and_twelve_hour_clocks():
    c = ctx(2)
    out, _ = cleaning.parse_dates(text("03/14/2026 10:05:00 PM GMT", "03/15/2026 09:00:00 AM"), c, "Submitted")
    assert out.dt.strftime("%Y-%m-%d").tolist() == ["2026-03-14", "2026-03-15"] and problems(c) == []


def test_date_helpers():
    assert cleaning.describe_date_format("%d/%m/%Y %H:%M") == "dd/mm/yyyy hh:mm"
    assert cleaning.rank_date_formats(text("13/09/2016", "01/02/2016"))[0] == "%d/%m/%Y"
    assert cleaning.rank_date_formats(text("09/13/2016", "01/02/2016"))[0] == "%m/%d/%Y"
    assert cleaning.looks_like_dates(text("2026-03-14", "14/03/2026 10:05"))
    assert not cleaning.looks_like_dates(text("Web", "2026-03-14"))


# --------------------------------------------------------------------------- dimensions, ids, text


def test_dimensions_ids_and_text():
    c = ctx(4)
    out = cleaning.to_dimension(text(" Web ", "App", "n/a", "Web"), c, "Channel")
    assert out.dtype == "category" and out.astype(object).tolist()[:2] == ["Web", "App"] and pd.isna(out.iloc[2])
    assert problems(c) == [(4, "Channel", "n/a", "no-answer code", "set to missing")]
    assert cleaning.to_dimension(pd.Series([1.0, 2.0]), ctx(2), "Class").astype(object).tolist() == ["1", "2"]
    assert cleaning.to_id(pd.Series([12.0, 3.5, np.nan, 1e20])).tolist()[:2] == ["12", "3.5"]
    assert cleaning.to_text(text("  a  b ", None)).tolist()[0] == "a  b"


def test_free_text_is_long_and_varied():
    comments = text(*[f"The delivery number {i} arrived late and the driver was not helpful at all" for i in range(10)])
    assert cleaning.looks_like_free_text(comments)
    assert not cleaning.looks_like_free_text(text(*["Web", "App"] * 10))
    assert not cleaning.looks_like_free_text(pd.Series([1, 2]))
