"""Hostile inputs made in code: every header, value, sheet name, goal and file name carries markdown
images, links, bare URLs, HTML and `javascript:` pointing at an outside host (example.invalid)."""

from __future__ import annotations

import io

import pandas as pd

OUTSIDE = "example.invalid"


def payload(tag: str) -> str:
    """Markdown image, link, bare URL, www and e-mail autolinks, raw HTML and a javascript: link."""
    return (f"![{tag}](http://{OUTSIDE}/{tag}.png) [{tag}](http://{OUTSIDE}/{tag}) http://{OUTSIDE}/u{tag} "
            f"www.{OUTSIDE} {tag}@{OUTSIDE} <img src=\"http://{OUTSIDE}/h{tag}.png\"> [js](javascript:alert(1))")


def short(tag: str) -> str:
    """A shorter payload for values (many of them become chart labels)."""
    return f"{tag} ![i](http://{OUTSIDE}/{tag}.png) <img src=//{OUTSIDE}/{tag}h.png>"


FILE_NAME = f"cx ![f](http://{OUTSIDE}/file.png) <img src=x onerror=alert(1)> [a](javascript:alert(1)).xlsx"
# Excel sheet names: at most 31 characters, none of \ / ? * [ ] :
FEEDBACK_SHEET = "Feedback <img src=x onerror=1>"
STRATEGY_SHEET = "Strategy <img src=x>"


def feedback_frame(rows: int = 240) -> pd.DataFrame:
    stages = [short("Buy"), short("Use")]
    touchpoints = [short(f"T{i}") for i in range(4)]
    recs = []
    for i in range(rows):
        recs.append({
            "Response ID": f"R{i:05d}",
            "Date": pd.Timestamp("2025-10-01") + pd.Timedelta(days=i % 90),
            "Journey stage": stages[i % 2],
            "Touchpoint": touchpoints[i % 4],
            f"Channel {payload('ch')}": short("App") if i % 3 else short("Web"),
            f"Persona {payload('pe')}": short("P1") if i % 2 else short("P2"),
            "CSAT (1-5)": 1 + i % 5,
            "Likelihood to recommend (0-10)": i % 11,
            "Comment": payload(f"c{i % 3}"),
        })
    return pd.DataFrame(recs)


def strategy_frame() -> pd.DataFrame:
    return pd.DataFrame({"Type": ["Business goal", "Brand promise"],
                         "Goal": [f"Grow {payload('g1')}", f"Promise {payload('g2')}"],
                         "Description": [payload("d1"), payload("d2")], "Importance (1-5)": [5, 3]})


def workbook() -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        feedback_frame().to_excel(xl, sheet_name=FEEDBACK_SHEET, index=False)
        strategy_frame().to_excel(xl, sheet_name=STRATEGY_SHEET, index=False)
    return buf.getvalue()
