"""The deck: a :class:`~.content.Report` as an editable PowerPoint file (python-pptx).

Tables are native tables (the heatmap a coloured one), the opportunity matrix a native XY scatter
chart and the maturity result a native radar chart, so everything stays editable in PowerPoint.
Every slide has a footer with its n, the filters and the formula; all text is at least 18 pt; colours
are the app's colour-blind-safe palettes (Okabe-Ito, ColorBrewer PuOr).

User text (touchpoints, comments, goal names) is placed as plain text runs: PowerPoint never reads a
text run as a formula or markup. A chart's data is also kept in an embedded workbook, where a text
starting with = + - @ would be a formula: those names are neutralised as in the app's exports.
"""

from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ..export import neutralise_cell
from ..figures import BAD, CATEGORICAL, GOOD, NEUTRAL
from ..journey_figures import DIVERGING, SEQUENTIAL, SUPPRESSED_GREY
from .content import Report, Section, fmt_metric

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
FONT = "Arial"
MIN_PT = 18  # the smallest text on any slide
TITLE_PT = 30
INK, MUTED, HEADER, BAND = "1B2430", "4A5260", "0072B2", "F1F4F8"
BODY_TOP = Inches(1.75)
FOOTER_TOP = Inches(6.55)
#: Table rows per slide (a longer table continues on the next slide) and heatmap columns per slide.
HEATMAP_COLS = 6
#: Inches between the body's top and the footer's first line, for tables.
ROOM_IN = 4.9
QUADRANT_COLOURS = dict(zip(("Quick win", "Fill-in", "Big bet", "Money pit"), CATEGORICAL[:4]))


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text_box(slide, left, top, width, height, lines, *, size=MIN_PT, bold=False, colour=INK, anchor=MSO_ANCHOR.TOP,
              name: str | None = None):
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate([lines] if isinstance(lines, str) else lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.space_after = Pt(4)
        run = para.add_run()
        run.text = line  # a plain run: never a field, hyperlink or formula
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        run.font.color.rgb = _rgb(colour)
    return box


#: Characters of a slide's lead (two lines at 18 pt) and of each footer line (one line).
LEAD_CHARS, FOOTER_CHARS = 190, 100


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _footer_lines(f) -> list[str]:
    """n and filters on one line, the formula on the next: both shortened to one line at 18 pt."""
    return [_short(f"{f.n} · Filters: {f.filters}", FOOTER_CHARS), _short(f.formula, FOOTER_CHARS)]


def _slide(prs, section: Section, title: str | None = None, lead: bool = True):
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    _text_box(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.7), title or section.title, size=TITLE_PT,
              bold=True, name="Title")
    if lead and section.lead:
        _text_box(slide, MARGIN, Inches(1.0), WIDTH - 2 * MARGIN, Inches(0.7), _short(section.lead, LEAD_CHARS),
                  colour=MUTED)
    f = section.footer
    _text_box(slide, MARGIN, FOOTER_TOP, WIDTH - 2 * MARGIN, Inches(0.85),
              _footer_lines(f), colour=MUTED, anchor=MSO_ANCHOR.BOTTOM, name="Footer")
    return slide


#: Text metrics of 18 pt Arial for sizing table rows: average character width and line height (inches).
CHAR_IN, LINE_IN, CELL_PAD_IN = 0.12, 0.28, 0.08


def _lines(text: str, width_in: float) -> int:
    """Lines ``text`` takes in a cell ``width_in`` wide (words wrap; an estimate from average widths)."""
    per_line = max(int((width_in - 0.16) / CHAR_IN), 1)
    lines, used = 1, 0
    for word in str(text).split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
        lines += max(len(word) - 1, 0) // per_line  # a word longer than a line breaks
    return lines


def row_heights(frame: pd.DataFrame, widths_in: list[float]) -> list[float]:
    """Inches each row of ``frame`` needs (the header first), from its longest-wrapping cell."""
    rows = [list(map(str, frame.columns))] + [list(map(str, r)) for r in frame.itertuples(index=False)]
    return [max(_lines(t, w) for t, w in zip(row, widths_in)) * LINE_IN + CELL_PAD_IN for row in rows]


def _widths_in(n_cols: int, widths: list[float] | None, width) -> list[float]:
    widths = widths or [1.0] * n_cols
    return [width / 914400 * w / sum(widths) for w in widths]


def _table(slide, frame: pd.DataFrame, top, *, widths: list[float] | None = None,
           fills: list[list[str | None]] | None = None, left=MARGIN, width=None):
    """A native table of ``frame`` (text cells), header in the palette's blue, 18 pt; rows as tall as their text."""
    width = width or WIDTH - 2 * MARGIN
    n_rows, n_cols = len(frame) + 1, len(frame.columns)
    inches = _widths_in(n_cols, widths, width)
    heights = row_heights(frame, inches)
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, Inches(sum(heights)))
    table = shape.table
    for j, w in enumerate(inches):
        table.columns[j].width = Inches(w)
    for i in range(n_rows):
        table.rows[i].height = Inches(heights[i])
        for j in range(n_cols):
            cell = table.cell(i, j)
            text = str(frame.columns[j]) if i == 0 else str(frame.iat[i - 1, j])
            fill = HEADER if i == 0 else (fills[i - 1][j] if fills and fills[i - 1][j] else
                                          ("FFFFFF" if i % 2 else BAND))
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(fill)
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            para = cell.text_frame.paragraphs[0]
            run = para.add_run()
            run.text = text
            run.font.size, run.font.name, run.font.bold = Pt(MIN_PT), FONT, i == 0
            run.font.color.rgb = _rgb("FFFFFF" if i == 0 or _dark(fill) else INK)
    return table


def pages(frame: pd.DataFrame, widths_in: list[float], room_in: float) -> list[tuple[int, int]]:
    """Row ranges of ``frame`` that fit ``room_in`` inches each, the header repeated on every page."""
    heights = row_heights(frame, widths_in)
    header, out, start, used = heights[0], [], 0, heights[0]
    for i, h in enumerate(heights[1:]):
        if i > start and used + h > room_in:
            out.append((start, i))
            start, used = i, header
        used += h
    out.append((start, len(frame)))
    return out


def _dark(hex_colour: str) -> bool:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[k:k + 2], 16) for k in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _chunks(n: int, size: int) -> list[tuple[int, int]]:
    return [(s, min(s + size, n)) for s in range(0, max(n, 1), size)]


def _paged_title(title: str, k: int, pages: int) -> str:
    return title if pages == 1 else f"{title} ({k + 1}/{pages})"


def table_slides(prs, section: Section, widths: list[float] | None = None) -> None:
    frame = section.table
    ranges = pages(frame, _widths_in(len(frame.columns), widths, WIDTH - 2 * MARGIN), ROOM_IN)
    for k, (a, b) in enumerate(ranges):
        slide = _slide(prs, section, _paged_title(section.title, k, len(ranges)))
        _table(slide, frame.iloc[a:b], BODY_TOP, widths=widths)


def title_slide(prs, report: Report, section: Section) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(1, 0, 0, WIDTH, Inches(0.35))  # 1 = rectangle
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(HEADER)
    band.line.fill.background()
    _text_box(slide, MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, Inches(1.6), section.title, size=40, bold=True,
              anchor=MSO_ANCHOR.BOTTOM, name="Title")
    _text_box(slide, MARGIN, Inches(3.4), WIDTH - 2 * MARGIN, Inches(2.0),
              section.lead.split("\n") + [f"Made with CX Lens on {report.created:%d %b %Y}"], size=22, colour=MUTED)
    f = section.footer
    _text_box(slide, MARGIN, FOOTER_TOP, WIDTH - 2 * MARGIN, Inches(0.85), _footer_lines(f),
              colour=MUTED, anchor=MSO_ANCHOR.BOTTOM, name="Footer")


# ----------------------------------------------------------------------------- heatmap as a coloured table


def cell_colour(value: float, overall: float | None, spread: float, higher_is_better: bool | None) -> str:
    """The heatmap's colour for ``value``: PuOr centred on ``overall`` (orange = worse), sequential
    purple for counts; ``spread`` = the largest distance from ``overall`` among the cells shown."""
    if value is None or pd.isna(value):
        return SUPPRESSED_GREY
    if higher_is_better is None or overall is None or pd.isna(overall):
        k = 0 if not spread else round(min(max(value / spread, 0.0), 1.0) * (len(SEQUENTIAL) - 1))
        return SEQUENTIAL[k]
    scale = DIVERGING if higher_is_better else DIVERGING[::-1]
    t = 0.0 if not spread else max(-1.0, min(1.0, (value - overall) / spread))
    return scale[round((t + 1) / 2 * (len(scale) - 1))]


def heatmap_grid(section: Section) -> tuple[pd.DataFrame, list[list[str]]]:
    """The heatmap as a table of text ('85% ▲ n=93'; 'too few n=4') and the fill of every cell."""
    d = section.data
    cells, info, overall = d["cells"], d["info"], d["overall"]
    rows = [r for r in cells["row"].cat.categories if (cells["row"] == r).any()]
    cols = [c for c in cells["col"].cat.categories if (cells["col"] == c).any()]
    shown = cells[~cells["suppressed"]]
    hib = info["higher_is_better"]
    base = overall if hib is not None else 0.0
    spread = float((shown["value"] - base).abs().max()) if not shown.empty else 0.0
    if hib is None:
        spread = float(shown["value"].max()) if not shown.empty else 0.0
    lookup = {(str(r.row), str(r.col)): r for r in cells.itertuples(index=False)}
    texts, fills = [], []
    for r in rows:
        line, colours = [str(r)], [None]
        for c in cols:
            rec = lookup.get((str(r), str(c)))
            if rec is None:
                line.append("")
                colours.append("FFFFFF")
            elif rec.suppressed:
                line.append(f"too few n={int(rec.n):,}")
                colours.append(SUPPRESSED_GREY)
            else:
                mark = (" ▲" if rec.delta > 0 else " ▼") if rec.significant else ""
                n_text = "" if hib is None else f" n={int(rec.n):,}"
                line.append(f"{fmt_metric(rec.value, info)}{mark}{n_text}")
                colours.append(cell_colour(rec.value, overall, spread, hib))
        texts.append(line)
        fills.append(colours)
    return pd.DataFrame(texts, columns=[d["rows"]] + [str(c) for c in cols]), fills


def heatmap_slides(prs, section: Section) -> None:
    grid, fills = heatmap_grid(section)
    data_cols = list(range(1, len(grid.columns)))
    col_pages = [data_cols[a:b] for a, b in _chunks(len(data_cols), HEATMAP_COLS)]
    layouts = []
    for cols in col_pages:
        widths = [1.6] + [1.0] * len(cols)
        part = grid.iloc[:, [0] + cols]
        layouts += [(cols, widths, a, b) for a, b in
                    pages(part, _widths_in(len(widths), widths, WIDTH - 2 * MARGIN), ROOM_IN)]
    for k, (cols, widths, a, b) in enumerate(layouts):
        slide = _slide(prs, section, _paged_title(section.title, k, len(layouts)))
        part = grid.iloc[a:b, [0] + cols]
        part_fills = [[None] + [fills[i][j] for j in cols] for i in range(a, b)]
        _table(slide, part, BODY_TOP, widths=widths, fills=part_fills)


# ----------------------------------------------------------------------------- native charts


def _chart_text(chart, size: int = MIN_PT) -> None:
    chart.font.size, chart.font.name = Pt(size), FONT
    chart.font.color.rgb = _rgb(INK)
    for axis in (chart.category_axis, chart.value_axis):
        axis.tick_labels.font.size = Pt(size)


def matrix_slide(prs, section: Section) -> None:
    """The value × effort matrix as a native XY scatter: one series per quadrant, the two quadrant lines
    as line series, the top items per quadrant labelled with their number (as in the next slide's table)."""
    d = section.data
    ranked, vt, et, v_scale, e_scale = d["ranked"], d["vt"], d["et"], d["v_scale"], d["e_scale"]
    keys = d["keys"]
    data = XyChartData()
    present = [q for q in QUADRANT_COLOURS if (ranked["quadrant"] == q).any()]
    for q in present:
        series = data.add_series(q)
        for _, r in ranked[ranked["quadrant"] == q].iterrows():
            series.add_data_point(float(r["effort"]), float(r["value"]))
    x_lo, x_hi = float(e_scale.low), float(e_scale.high)
    y_lo, y_hi = float(v_scale.low), float(v_scale.high)
    line = data.add_series("Value line")
    line.add_data_point(x_lo, float(vt))
    line.add_data_point(x_hi, float(vt))
    line = data.add_series("Effort line")
    line.add_data_point(float(et), y_lo)
    line.add_data_point(float(et), y_hi)
    chart = _chart_slide(prs, section, XL_CHART_TYPE.XY_SCATTER, data, XL_LEGEND_POSITION.RIGHT)
    for axis, lo, hi, title in ((chart.category_axis, x_lo, x_hi, f"Effort ({e_scale.label}, higher = more work)"),
                                (chart.value_axis, y_lo, y_hi, f"Value ({v_scale.label})")):
        axis.minimum_scale, axis.maximum_scale = lo, hi
        axis.has_major_gridlines = False
        axis.has_title = True
        axis.axis_title.text_frame.text = title
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(MIN_PT)
    labelled = set(d.get("labelled", ()))
    for series, q in zip(chart.plots[0].series, present + ["Value line", "Effort line"]):
        colour = QUADRANT_COLOURS.get(q, NEUTRAL)
        if q in QUADRANT_COLOURS:
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 14
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = _rgb(colour)
            series.format.line.fill.background()
            items = ranked[ranked["quadrant"] == q]
            for idx, (row_id, _) in enumerate(items.iterrows()):
                key = keys.get(row_id)
                if row_id in labelled and not pd.isna(key):
                    label = series.points[idx].data_label
                    label.has_text_frame = True
                    label.text_frame.text = str(int(key))
                    label.text_frame.paragraphs[0].runs[0].font.size = Pt(MIN_PT)
        else:
            series.marker.style = XL_MARKER_STYLE.NONE
            series.format.line.color.rgb = _rgb(MUTED)
            series.format.line.width = Pt(1.5)
            series.smooth = False


def _chart_slide(prs, section: Section, kind, data, legend_position):
    """A slide holding one native chart over the body area, with the deck's chart text and a legend."""
    slide = _slide(prs, section)
    chart = slide.shapes.add_chart(kind, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN,
                                   FOOTER_TOP - BODY_TOP - Inches(0.1), data).chart
    _chart_text(chart)
    chart.has_legend = True
    chart.legend.position = legend_position
    chart.legend.include_in_layout = False
    return chart


def maturity_slide(prs, section: Section) -> None:
    """The dimension scores (and targets) as a native radar chart on the model's answer scale."""
    d = section.data
    dims = d["dimensions"]
    data = CategoryChartData()
    data.categories = [neutralise_cell(str(x)) for x in dims["dimension"]]
    data.add_series("Score", [None if pd.isna(v) else float(v) for v in dims["score"]])
    has_target = "target" in dims and dims["target"].notna().any()
    if has_target:
        data.add_series("Target", [None if pd.isna(v) else float(v) for v in dims["target"]])
    chart = _chart_slide(prs, section, XL_CHART_TYPE.RADAR_MARKERS, data, XL_LEGEND_POSITION.BOTTOM)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = d["scale_min"], d["scale_max"]
    axis.major_unit = 1
    for series, colour in zip(chart.plots[0].series, (GOOD, BAD)):
        series.format.line.color.rgb = _rgb(colour)
        series.format.line.width = Pt(3 if colour == GOOD else 2)
        series.marker.style = XL_MARKER_STYLE.CIRCLE if colour == GOOD else XL_MARKER_STYLE.TRIANGLE
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(colour)
    if colour == BAD:
        from pptx.enum.dml import MSO_LINE_DASH_STYLE

        chart.plots[0].series[1].format.line.dash_style = MSO_LINE_DASH_STYLE.DASH


def hotspot_slide(prs, section: Section) -> None:
    slide = _slide(prs, section)
    d = section.data
    _text_box(slide, MARGIN, BODY_TOP, Inches(6.0), Inches(0.4), "What drives it", bold=True)
    _text_box(slide, MARGIN, BODY_TOP + Inches(0.45), Inches(6.0), Inches(4.1), [f"• {f}" for f in d["facts"]])
    quotes = [f"“{v}”" for v in d["verbatims"]] or ["No comments for this touchpoint."]
    right = MARGIN + Inches(6.3)
    _text_box(slide, right, BODY_TOP, WIDTH - MARGIN - right, Inches(0.4), "What customers said", bold=True)
    _text_box(slide, right, BODY_TOP + Inches(0.45), WIDTH - MARGIN - right, Inches(4.1), quotes)


def projects_slide(prs, section: Section) -> None:
    slide = _slide(prs, section)
    table = section.table[["#", "Project", "Dimension"]]
    widths = [0.4, 4.0, 2.0]
    _table(slide, table, BODY_TOP, widths=widths)
    evidence = section.data.get("evidence") or []
    if evidence:
        top = BODY_TOP + Inches(sum(row_heights(table, _widths_in(3, widths, WIDTH - 2 * MARGIN))) + 0.3)
        _text_box(slide, MARGIN, top, WIDTH - 2 * MARGIN, FOOTER_TOP - top,
                  ["Evidence from the journey data:"] + [f"• {e}" for e in evidence[:2]], colour=MUTED)


#: Relative column widths by column name (others 1.0): long text gets room, numbers little.
WIDTHS = {"#": 0.4, "KPI": 2.2, "Value": 1.2, "n": 1.0, "Touchpoint": 3.6, "Stage": 2.2, "Friction [95%]": 2.0,
          "Hurt / month (at least)": 2.2, "Quadrant": 1.7, "Opportunity": 6.0, "Effort": 1.0, "Dimension": 4.2,
          "Raters (spread)": 2.0, "Note": 2.2, "Spread (sd)": 1.4, "Change [95% interval]": 2.6}
WIDE_VALUE = {"kpis": 3.2}  # the KPI table's Value holds a period's dates


def widths_of(section: Section) -> list[float]:
    return [WIDE_VALUE.get(section.kind, WIDTHS["Value"]) if c == "Value" else
            WIDTHS.get(str(c), 5.0 if section.kind == "workshop" and c == "Opportunity" else 1.0)
            for c in section.table.columns]


def render(report: Report) -> bytes:
    """The .pptx bytes of ``report`` (16:9)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = report.title[:200]
    prs.core_properties.author = "CX Lens"
    for section in report.sections:
        if section.kind == "title":
            title_slide(prs, report, section)
        elif section.kind == "heatmap":
            heatmap_slides(prs, section)
        elif section.kind == "matrix":
            matrix_slide(prs, section)
        elif section.kind == "maturity":
            maturity_slide(prs, section)
        elif section.kind == "hotspot":
            hotspot_slide(prs, section)
        elif section.kind == "projects":
            projects_slide(prs, section)
        elif section.table is not None:
            table_slides(prs, section, widths_of(section))
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
