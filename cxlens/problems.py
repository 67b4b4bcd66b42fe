"""The data-quality log: every problem found while loading, reported at once.

Like pandera's lazy validation, loading never stops at the first bad value; it
records each problem with where it was and what was done about it, and the
Import page shows the whole table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "value", "problem", "action", "count"]

#: At most this many example rows are kept per (file, sheet, column, problem);
#: the ``count`` column of the summary row says how many there were in all.
EXAMPLES_PER_PROBLEM = 50


@dataclass
class ProblemLog:
    rows: list[dict] = field(default_factory=list)

    def add(
        self,
        problem: str,
        action: str,
        *,
        file: str = "",
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        value: object = "",
        count: int = 1,
    ) -> None:
        self.rows.append(
            {
                "file": file,
                "sheet": sheet,
                "row": row,
                "column": column,
                "value": _shorten(value),
                "problem": problem,
                "action": action,
                "count": int(count),
            }
        )

    def add_values(
        self,
        problem: str,
        action: str,
        values: pd.Series,
        *,
        file: str = "",
        sheet: str = "",
        column: str = "",
        row_numbers: pd.Series | None = None,
    ) -> None:
        """Log ``values`` (a Series indexed like the table) as one problem.

        Keeps up to EXAMPLES_PER_PROBLEM example rows; each row carries the total
        ``count`` so the summary is exact however many examples are shown.
        ``row_numbers`` maps the index to the row number the user sees in the file.
        """
        total = len(values)
        if not total:
            return
        sample = values.iloc[:EXAMPLES_PER_PROBLEM]
        rows = row_numbers.reindex(sample.index) if row_numbers is not None else pd.Series(sample.index, index=sample.index)
        for (idx, value), row in zip(sample.items(), rows):
            self.add(problem, action, file=file, sheet=sheet, row=None if pd.isna(row) else int(row),
                     column=column, value=value, count=total)

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows, columns=PROBLEM_COLUMNS)
        frame["row"] = frame["row"].astype("Int64")
        return frame


def _shorten(value: object, limit: int = 200) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summarise(problems: pd.DataFrame) -> pd.DataFrame:
    """One row per (file, sheet, column, problem, action) with its total count."""
    if problems.empty:
        return pd.DataFrame(columns=["file", "sheet", "column", "problem", "action", "count"])
    keys = ["file", "sheet", "column", "problem", "action"]
    return (
        problems.groupby(keys, sort=False, dropna=False)["count"].first().reset_index()
        .sort_values("count", ascending=False, kind="stable")
        .reset_index(drop=True)
    )
