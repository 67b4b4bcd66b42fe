"""The canonical data model every CX Lens view works on.

Whatever a user uploads is mapped onto four tables with fixed column names.
Columns that are absent in the upload are present in the table and empty, so
downstream code never has to test for a column's existence.

See docs/data-format.md for the user-facing description.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "id" | "date" | "dimension" | "metric" | "flag" | "text" | "number"
    description: str


FEEDBACK_COLUMNS: tuple[Column, ...] = (
    Column("response_id", "id", "Identifier of one response (one customer answering once)."),
    Column("date", "date", "When the response was given (day precision)."),
    Column("stage", "dimension", "Journey stage the touchpoint belongs to."),
    Column("touchpoint", "dimension", "The interaction rated (e.g. 'Checkout', 'Call centre')."),
    Column("channel", "dimension", "Channel of the interaction (web, app, phone, store...)."),
    Column("persona", "dimension", "Persona or customer segment of the respondent."),
    Column("csat", "metric", "Satisfaction on its native scale (usually 1-5, higher is better)."),
    Column("ces", "metric", "Customer effort on its native scale (usually 1-7, higher is more effort)."),
    Column("nps", "metric", "Likelihood to recommend, 0-10."),
    Column("rating", "metric", "Any other score (e.g. a star rating) on its native scale."),
    Column("sentiment", "metric", "Sentiment of the comment, -1 (negative) to 1 (positive)."),
    Column("complaint", "flag", "1 if the response is a complaint, 0 if not."),
    Column("abandoned", "flag", "1 if the customer abandoned the step, 0 if not."),
    Column("comment", "text", "Verbatim free text."),
)

TOUCHPOINT_COLUMNS: tuple[Column, ...] = (
    Column("touchpoint", "dimension", "Touchpoint name (joins to feedback.touchpoint)."),
    Column("stage", "dimension", "Journey stage."),
    Column("stage_order", "number", "Position of the stage in the journey, 1 = first."),
    Column("channel", "dimension", "Main channel."),
    Column("owner", "dimension", "Owning team."),
    Column("volume", "number", "Customers passing the touchpoint per month."),
    Column("csat", "metric", "Pre-aggregated satisfaction, when the file has no respondents."),
    Column("ces", "metric", "Pre-aggregated effort."),
    Column("nps", "metric", "Pre-aggregated NPS (-100..100)."),
)

OPPORTUNITY_COLUMNS: tuple[Column, ...] = (
    Column("opportunity", "id", "Short name of the improvement."),
    Column("touchpoint", "dimension", "Touchpoint it improves."),
    Column("stage", "dimension", "Stage it improves."),
    Column("customer_value", "number", "Value to customers, 1-10."),
    Column("business_value", "number", "Value to the business, 1-10."),
    Column("effort", "number", "Effort / job size, 1-10 (higher is more work)."),
    Column("confidence", "number", "Confidence in the estimates, 0-1 (or %)."),
    Column("reach", "number", "Customers affected per month."),
    Column("cost", "number", "Cost estimate in the user's currency."),
    Column("time_criticality", "number", "WSJF: value lost by waiting, 0-10."),
    Column("risk_reduction", "number", "WSJF: risk reduced or opportunity enabled, 0-10."),
    Column("owner", "dimension", "Owning team."),
    Column("goal", "dimension", "Strategic goal it serves."),
    Column("status", "dimension", "Backlog status."),
)

MATURITY_COLUMNS: tuple[Column, ...] = (
    Column("rater", "id", "Who answered (may be anonymous)."),
    Column("department", "dimension", "Rater's department."),
    Column("date", "date", "When the assessment was answered."),
    Column("dimension", "dimension", "Maturity dimension."),
    Column("question", "text", "Statement answered."),
    Column("score", "number", "Agreement 1-5."),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "feedback": FEEDBACK_COLUMNS,
    "touchpoints": TOUCHPOINT_COLUMNS,
    "opportunities": OPPORTUNITY_COLUMNS,
    "maturity": MATURITY_COLUMNS,
}

METRICS = tuple(c.name for c in FEEDBACK_COLUMNS if c.kind == "metric")
FLAGS = tuple(c.name for c in FEEDBACK_COLUMNS if c.kind == "flag")


def column_names(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def empty_table(table: str) -> pd.DataFrame:
    """An empty frame with the canonical columns and dtypes of ``table``."""
    data = {}
    for col in TABLES[table]:
        if col.kind == "date":
            data[col.name] = pd.Series([], dtype="datetime64[ns]")
        elif col.kind in ("metric", "number", "flag"):
            data[col.name] = pd.Series([], dtype="float64")
        elif col.kind == "dimension":
            data[col.name] = pd.Series([], dtype="category")
        else:
            data[col.name] = pd.Series([], dtype="str")
    return pd.DataFrame(data)
