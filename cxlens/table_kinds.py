"""What kind of table a sheet is, beyond its columns: analysis outputs, aggregated results, lookup
tables, dictionaries and customer tables (one row per customer).

Each check returns the reason shown on the Import page (or True/False), so a table set aside is
always set aside with its reason. Pure: no Streamlit.
"""

from __future__ import annotations

import re

import pandas as pd

from . import aggregates, profiling
from .profiling import normalise_header

#: A customer's id by name ('CustomerID', 'client number'); a bare 'ID' could be a response's or a call's.
_NAMED_CUSTOMER_ID = re.compile(r"\b(customer|client|account|subscriber|household|member|cliente|kunde|kunden|klant)s? ?"
                                r"(id|number|no|nr|key|ref|code|num)\b|^(customerid|clientnum|custid|cust id)$")


_REGRESSION_TERMS = {"coefficients", "coefficient", "standard error", "std error", "t stat", "p value", "lower 95",
                     "upper 95", "summary output", "regression statistics", "multiple r", "r square",
                     "adjusted r square", "anova", "significance f", "intercept", "estimate", "pr t", "df", "ss",
                     "ms", "observations", "residual", "residuals", "beta", "std err", "t value", "sig"}
_PIVOT_TERMS = re.compile(r"^(row labels|column labels|grand total|(sum|count|average|mean|max|min) of .+)$")


def _first_column_text(frame: pd.DataFrame) -> list[str]:
    first = frame.iloc[:200, 0].dropna().astype(str)
    return [normalise_header(v) for v in first]


def not_data_reason(frame: pd.DataFrame) -> str | None:
    """Why a table is an analysis output rather than data, or None.

    A correlation matrix (row labels repeat the headers, values within -1..1), a regression
    output (coefficients, standard errors, p-values, R square) and a pivot table (row labels,
    grand totals, 'Sum of ...') summarise data; reading their cells as responses would turn
    coefficients into touchpoints.
    """
    if frame.shape[1] < 2 or frame.empty:
        return None
    headers = [normalise_header(h) for h in frame.columns]
    first = _first_column_text(frame)
    words = set(headers) | set(first)
    if len(words & _REGRESSION_TERMS) >= 3:
        return "looks like a regression output (coefficients, standard errors, p-values), not data"
    summaries = [w for w in words if _PIVOT_TERMS.match(w)]
    markers = [w for w in summaries if w in ("row labels", "column labels", "grand total")]
    # 'Count of Facility Measures' beside other columns is a column of counts, not a pivot's summary
    if (markers or len([h for h in headers if _PIVOT_TERMS.match(h)]) >= max(1, len(headers) / 2)) \
            and len(frame) <= 500:
        return "looks like a pivot table summary (row labels, totals), not data"
    header_set = {h for h in headers[1:] if h}
    if len(header_set) >= 3 and first and len(set(first) & header_set) >= 0.6 * len(header_set):
        body = frame.iloc[:, 1:].apply(pd.to_numeric, errors="coerce")
        values = body.to_numpy(dtype="float64", na_value=float("nan"))
        finite = values[~pd.isna(values)]
        if finite.size and (abs(finite) <= 1).mean() >= 0.95:
            return "looks like a correlation matrix (rows repeat the column names, values -1 to 1), not data"
    return None


def label_list(frame: pd.DataFrame, profiles: dict[str, profiling.ColumnProfile]) -> bool:
    """Two columns, a few hundred rows at most, a description beside a label that differs on every row
    and holds no digits ('Music' | 'I enjoy listening to music.'): a dictionary, not comments with ids."""
    if frame.shape[1] != 2 or len(frame) > 500:
        return False
    a, b = (profiles.get(str(c)) for c in frame.columns)
    if a is None or b is None:
        return False
    for label, text in ((a, b), (b, a)):
        if text.kind == "free_text" and label.unique and label.numeric < 0.5 and label.kind != "free_text":
            values = frame[label.header].dropna().astype(str)
            if len(values) and not values.str.contains(r"\d").mean() > 0.1:
                return True
    return False


_AGG_WORDS = re.compile(r"\b(percent|percentage|pct|rate|average|mean|top box|bottom box|share|proportion|"
                        r"number of (completed )?surveys|sample size|response rate|base|n)\b")


def aggregated_reason(frame: pd.DataFrame, profiles: dict[str, profiling.ColumnProfile]) -> str | None:
    """Why a table holds aggregated results (entity x measure -> value) rather than responses, or None.

    The shapes CX Lens reads (long: entity, measure and value columns; wide: one row per entity)
    are found first by :func:`cxlens.aggregates.read_roles`; this catches the rest: a table with an
    entity column and several columns of percentages or averages that fits neither ('72%' per
    hospital and year) is set aside, as individual responses never carry percentages.
    """
    headers = [str(c) for c in frame.columns]
    norm = {h: normalise_header(h) for h in headers}
    entity = next((h for h in headers if aggregates.ENTITY_HEADER.match(norm[h])), None)
    percent_columns = []
    for h in headers:
        p = profiles.get(h)
        if p is None or p.kind in ("free_text", "date", "empty"):
            continue
        shown = [str(v) for v in p.values]
        written_percent = shown and sum(v.strip().endswith("%") for v in shown) >= 0.8 * len(shown)
        named = bool(_AGG_WORDS.search(norm[h])) and p.numeric >= 0.9 and not p.integer
        if written_percent or named:
            percent_columns.append(h)
    if entity and len(percent_columns) >= 2:
        return (f"looks like aggregated results (one row per {entity}; {len(percent_columns)} columns of "
                "percentages or averages), not individual responses")
    return None


#: Roles that make a row feedback: without any of them a table is a lookup or reference list.
_CONTENT_ROLES = {"csat", "ces", "nps", "rating", "comment", "complaint", "abandoned", "sentiment", "date"}
#: A lookup table is short: a catalogue of rooms, products or models, not a log of customers' answers.
LOOKUP_MAX_ROWS = 200


def lookup_reason(frame: pd.DataFrame, mapping: dict[str, str],
                  profiles: dict[str, profiling.ColumnProfile]) -> str | None:
    """Why a short table with no score, comment, flag or date is a lookup or reference table, or None.

    Room types with their amenities, a list of models with their accuracy, hotel codes with names:
    one row per thing (the first column differs on every row), nothing a customer said.
    """
    if len(frame) > LOOKUP_MAX_ROWS or set(mapping.values()) & (_CONTENT_ROLES | {"touchpoint", "stage"}) \
            or frame.shape[1] < 2:
        return None
    first = profiles.get(str(frame.columns[0]))
    if first is None or not first.unique:
        return None
    return (f"no scores, comments, flags or dates: looks like a lookup or reference table (one row per "
            f"'{frame.columns[0]}'), not feedback")


_CHURN = re.compile(r"\b(churn\w*|attrition|attrited|exited|cancel\w*|retained|renewed|lapsed|defected)\b")


def is_customer_table(mapping: dict[str, str], profiles: dict[str, profiling.ColumnProfile]) -> bool:
    """One row per customer: a churn-like outcome, or a unique customer id as the row's id, and no comment.

    Such a table has attributes (segments), not touchpoints: nothing in it is guessed as a touchpoint.
    """
    if "comment" in mapping.values():
        return False
    churn = any(p.kind == "outcome" and _CHURN.search(" ".join(profiling.header_words(h))) for h, p in profiles.items())
    customer_id = any(c == "response_id" and _NAMED_CUSTOMER_ID.search(normalise_header(h)) for h, c in mapping.items())
    return churn or customer_id
