"""cxlens.problems: the data-quality log keeps every problem with its file row, at most
EXAMPLES_PER_PROBLEM examples per problem with the exact total, and summarises by problem."""

from __future__ import annotations

import pandas as pd

from cxlens import problems
from cxlens.problems import PROBLEM_COLUMNS, ProblemLog, summarise


def test_add_and_frame():
    log = ProblemLog()
    log.add("a quote mark is never closed", "quote marks read as ordinary characters", file="f.csv", row=4)
    log.add("no-answer code", "set to missing", file="f.csv", column="CSAT", value=None)
    frame = log.frame()
    assert list(frame.columns) == PROBLEM_COLUMNS and str(frame["row"].dtype) == "Int64"
    assert frame["row"].tolist()[0] == 4 and pd.isna(frame["row"].iloc[1])
    assert frame["value"].tolist() == ["", ""] and frame["count"].tolist() == [1, 1]


def test_long_values_are_shortened():
    log = ProblemLog()
    log.add("not a number", "set to missing", value="x" * 500)
    value = log.frame()["value"].iloc[0]
    assert len(value) == 200 and value.endswith("…")


def test_add_values_keeps_examples_with_the_total_and_file_rows(monkeypatch):
    monkeypatch.setattr(problems, "EXAMPLES_PER_PROBLEM", 3)
    log = ProblemLog()
    values = pd.Series(["a", "b", "c", "d", "e"], index=[10, 11, 12, 13, 14])
    log.add_values("not a number", "set to missing", values, file="f.csv", column="CSAT",
                   row_numbers=pd.Series(range(12, 17), index=values.index))
    frame = log.frame()
    assert frame[["row", "value", "count"]].values.tolist() == [[12, "a", 5], [13, "b", 5], [14, "c", 5]]
    log.add_values("nothing", "none", pd.Series([], dtype=object))
    assert len(log.frame()) == 3


def test_summarise_counts_each_problem_once_largest_first():
    log = ProblemLog()
    log.add_values("no-answer code", "set to missing", pd.Series(["N/A"]), column="CSAT")
    log.add_values("not a number", "set to missing", pd.Series(["x", "y", "z"]), column="CSAT")
    summary = summarise(log.frame())
    assert summary[["column", "problem", "count"]].values.tolist() == [
        ["CSAT", "not a number", 3], ["CSAT", "no-answer code", 1]]
    assert list(summarise(ProblemLog().frame()).columns) == ["file", "sheet", "column", "problem", "action", "count"]
