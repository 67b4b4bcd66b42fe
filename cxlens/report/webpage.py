"""The report: a :class:`~.content.Report` as one self-contained HTML page.

Plotly's JavaScript is inlined once (``include_plotlyjs=True`` on the first figure), so the file opens
offline and by e-mail and fetches nothing. Every piece of user text is escaped with :func:`html.escape`
(plotly labels by the figure builders' ``safe_label``); print CSS puts each section on its own page,
so a browser's "Print to PDF" gives a handout.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.io as pio

from ..journey_figures import heatmap_figure, hotspot_bars
from ..maturity_figures import radar_figure
from ..opportunity_figures import axis_title, matrix_figure
from .content import Report, Section

CSS = """
:root { --ink: #1b2430; --muted: #4a5260; --accent: #0072B2; --band: #f1f4f8; }
body { font-family: Inter, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 1180px; padding: 24px; font-size: 16px; line-height: 1.45; }
header { border-top: 8px solid var(--accent); padding-top: 12px; margin-bottom: 24px; }
h1 { font-size: 32px; margin: 8px 0; } h2 { font-size: 24px; margin: 0 0 6px; }
.lead { color: var(--muted); margin: 0 0 12px; white-space: pre-line; }
section { border-top: 1px solid #d4d7dc; padding: 20px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th { background: var(--accent); color: white; text-align: left; padding: 6px 8px; }
td { padding: 5px 8px; border-bottom: 1px solid #e6e9ee; vertical-align: top; }
tr:nth-child(even) td { background: var(--band); }
.footer { color: var(--muted); font-size: 14px; margin-top: 10px; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
blockquote { margin: 6px 0; padding: 6px 12px; border-left: 4px solid #E69F00; background: #fffaf0; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 13px; }
  h2 { font-size: 20px; }
  table { break-inside: avoid; }
  .footer { break-before: avoid; }
  td, th { padding: 3px 6px; }
  section { break-before: page; border-top: none; }
  .plot { break-inside: avoid; zoom: 0.68; }  /* 1100 px figures on a 1030 px landscape page */
  .modebar-container { display: none; }
}
"""

CONFIG = {"displaylogo": False, "responsive": False}
#: Figures have a fixed width (inside the page's 1180 px), so screen and print lay them out the same.
FIGURE_WIDTH = 1100


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class _Figures:
    """Figures to HTML: plotly.js inlined with the first one only."""

    def __init__(self):
        self.first = True

    def __call__(self, fig) -> str:
        fig.update_layout(width=FIGURE_WIDTH, autosize=False)
        out = pio.to_html(fig, full_html=False, include_plotlyjs=self.first, config=CONFIG)
        self.first = False
        return f'<div class="plot">{out}</div>'


def figure_of(section: Section):
    d = section.data
    if section.kind == "heatmap":
        info = d["info"]
        return heatmap_figure(d["cells"], info["label"], d["overall"], higher_is_better=info["higher_is_better"],
                              unit=info["unit"], decimals=info["decimals"], signed=info["key"] == "nps",
                              row_label=d["rows"], col_label=d["cols"], bounds=d["bounds"])
    if section.kind == "hotspots":
        spots = d["spots"]
        order = "affected" if "affected_rank" in spots else "rank"
        return hotspot_bars(spots, top=10, order_by=order)
    if section.kind == "matrix":
        ranked = d["ranked"]
        return matrix_figure(ranked, size="reach" if ranked["reach"].notna().any() else None,
                             color="quadrant", x_threshold=d["et"], y_threshold=d["vt"], keys=d["keys"],
                             x_scale=d["e_scale"], y_scale=d["v_scale"], color_label="Quadrant",
                             x_label=axis_title("Effort", d["e_scale"], "higher = more work"),
                             y_label=axis_title("Value", d["v_scale"]))
    if section.kind == "maturity":
        return radar_figure(d["result"])
    return None


def section_html(section: Section, figure) -> str:
    parts = [f"<h2>{_e(section.title)}</h2>"]
    if section.lead and section.kind != "title":
        parts.append(f'<p class="lead">{_e(section.lead)}</p>')
    fig = figure_of(section)
    if fig is not None:
        parts.append(figure(fig))
    d = section.data
    if section.kind == "hotspot":
        facts = "".join(f"<li>{_e(f)}</li>" for f in d["facts"])
        quotes = "".join(f"<blockquote>“{_e(v)}”</blockquote>" for v in d["verbatims"]) or \
            "<p>No comments for this touchpoint.</p>"
        parts.append(f'<div class="cols"><div><h3>What drives it</h3><ul>{facts}</ul></div>'
                     f"<div><h3>What customers said</h3>{quotes}</div></div>")
    if section.table is not None:
        parts.append(table_html(section.table))
    if d.get("evidence"):
        parts.append("<p><strong>Evidence from the journey data:</strong></p><ul>"
                     + "".join(f"<li>{_e(x)}</li>" for x in d["evidence"]) + "</ul>")
    f = section.footer
    parts.append(f'<p class="footer">{_e(f.n)} · Filters: {_e(f.filters)} · {_e(f.formula)}</p>')
    return f'<section id="{_e(section.kind)}">' + "".join(parts) + "</section>"


def render(report: Report) -> str:
    """One HTML document: the title block, then one section per slide's content."""
    figure = _Figures()
    title, *rest = report.sections
    body = [f"<header><h1>{_e(title.title)}</h1><p class=\"lead\">{_e(title.lead)}\n"
            f"Made with CX Lens on {report.created:%d %b %Y}</p>"
            f'<p class="footer">{_e(title.footer.n)} · Formulas: docs/metrics.md, docs/prioritisation.md, '
            f"docs/maturity.md</p></header>"]
    body += [section_html(s, figure) for s in rest]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_e(report.title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
