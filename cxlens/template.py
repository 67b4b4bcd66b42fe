"""The downloadable Excel template: the canonical model as a workbook people can fill in."""

from __future__ import annotations

import pandas as pd

from .export import to_xlsx_bytes
from .schema import TABLES

#: Header used in the template for each canonical column (what a person would type).
TEMPLATE_HEADERS = {
    "feedback": {
        "response_id": "Response ID", "date": "Date", "stage": "Journey stage", "touchpoint": "Touchpoint",
        "channel": "Channel", "persona": "Persona", "csat": "CSAT (1-5)", "ces": "Effort (CES 1-7)",
        "nps": "Likelihood to recommend (0-10)", "rating": "Rating", "sentiment": "Sentiment",
        "complaint": "Complaint", "abandoned": "Abandoned", "comment": "Comment",
    },
    "touchpoints": {
        "touchpoint": "Touchpoint", "stage": "Journey stage", "stage_order": "Stage order", "channel": "Channel",
        "owner": "Owner", "volume": "Monthly volume", "csat": "CSAT", "ces": "CES", "nps": "NPS",
    },
    "opportunities": {
        "opportunity": "Opportunity", "touchpoint": "Touchpoint", "stage": "Stage",
        "customer_value": "Customer value (1-10)", "business_value": "Business value (1-10)",
        "effort": "Effort (1-10)", "confidence": "Confidence (%)", "reach": "Reach (customers/month)",
        "cost": "Cost", "time_criticality": "Time criticality (0-10)",
        "risk_reduction": "Risk reduction (0-10)", "owner": "Owner", "goal": "Strategic goal", "status": "Status",
    },
    "maturity": {
        "rater": "Rater", "department": "Department", "date": "Date", "dimension": "Dimension",
        "question": "Statement", "score": "Score (1-5)",
    },
}

_EXAMPLES = {
    "feedback": [
        ["R0001", "2026-03-02", "Onboarding", "Identity check", "App", "Busy professional", 2, 6, 3, None, None, 0, 0,
         "Had to upload my ID three times"],
        ["R0002", "2026-03-02", "Purchase", "Checkout", "Web", "Family organiser", 5, 2, 9, None, None, 0, 0, None],
    ],
    "touchpoints": [
        ["Identity check", "Onboarding", 4, "App", "Digital", 3200, None, None, None],
        ["Checkout", "Purchase", 3, "Web", "Digital", 5200, None, None, None],
    ],
    "opportunities": [
        ["Photo ID check in one step", "Identity check", "Onboarding", 8, 6, 5, 70, 3200, 40000, 6, 3, "Digital",
         "Effortless onboarding", "Idea"],
    ],
    "maturity": [
        ["Anna", "Marketing", "2026-03-15", "Measurement & feedback", "We measure satisfaction at each key touchpoint", 2],
    ],
}


def template_workbook() -> bytes:
    """An .xlsx with a 'Read me' sheet and one example sheet per canonical table."""
    readme_rows = []
    for table, cols in TABLES.items():
        for col in cols:
            readme_rows.append({"Sheet": table.capitalize(), "Column": TEMPLATE_HEADERS[table][col.name],
                                "Meaning": col.description})
    sheets = {"Read me": pd.DataFrame(readme_rows)}
    for table in TABLES:
        headers = [TEMPLATE_HEADERS[table][c.name] for c in TABLES[table]]
        sheets[table.capitalize()] = pd.DataFrame(_EXAMPLES[table], columns=headers)
    return to_xlsx_bytes(sheets)
