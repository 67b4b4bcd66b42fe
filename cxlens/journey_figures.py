"""Figures for the journey heatmap, journey curve and friction hotspots (pure: DataFrame -> plotly figure).

Every string that can come from a user's file (stage, touchpoint, segment and
period names, metric labels) goes through :func:`cxlens.figures.safe_label`, so
``<img src=x onerror=...>`` in a spreadsheet is shown as text, never rendered.
Meaning is never carried by colour alone: heatmap cells carry their value, n and a
▲/▼ mark when significant; curves differ by dash and marker symbol as well as
colour (Okabe-Ito); distribution bars carry a pattern per band.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from .figures import BAD, CATEGORICAL, GOOD, NEUTRAL, base_layout, place_parts, safe_label, wrap_label

#: Colour-blind-safe diverging scale (ColorBrewer PuOr), from orange (worse) to purple (better).
DIVERGING = ["#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7", "#d8daeb", "#b2abd2", "#8073ac", "#542788"]
#: Sequential scale for counts (volume), light to dark purple.
SEQUENTIAL = ["#f7f7f7", "#d8daeb", "#b2abd2", "#8073ac", "#542788"]
SUPPRESSED_GREY = "#d4d7dc"
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "star", "hexagon", "cross"]
#: Projector-friendly sizes.
BIG_FONT = 16
CELL_FONT = 15
UP, DOWN = "▲", "▼"


def _num(value: float, unit: str = "", decimals: int = 0, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    sign = "+" if signed else ""
    return f"{value:{sign},.{decimals}f}{unit}"


def _unique_labels(values, limit: int = 60) -> list[str]:
    """Escaped, shortened labels, made unique (two long names may shorten to the same text)."""
    out, seen = [], {}
    for v in values:
        lab = safe_label(v, limit)
        if lab in seen:
            seen[lab] += 1
            lab = f"{lab} ({seen[lab]})"
        else:
            seen[lab] = 1
        out.append(lab)
    return out


def _wrap(label: str, width: int = 14) -> str:
    return wrap_label(label, width, max_lines=3)


def _order(series: pd.Series) -> list:
    if isinstance(series.dtype, pd.CategoricalDtype):
        present = set(series.dropna().astype("object"))
        return [c for c in series.cat.categories if c in present]
    return list(pd.unique(series.dropna()))


# ----------------------------------------------------------------------------- heatmap


def heatmap_figure(cells: pd.DataFrame, metric_label: str, overall: float | None, *,
                   higher_is_better: bool | None = True, unit: str = "", decimals: int = 0, signed: bool = False,
                   row_label: str = "", col_label: str = "", title: str | None = None,
                   bounds: tuple[float, float] | None = None) -> go.Figure:
    """A heatmap of :func:`cxlens.journey.journey_heatmap` output (rows in journey order, top to bottom).

    Colour: a diverging orange-white-purple scale (ColorBrewer PuOr, colour-blind safe)
    centred on ``overall``; the worse direction is orange (``higher_is_better`` False
    flips it, e.g. for effort). With ``overall`` None/NaN or ``higher_is_better`` None
    (volume) a sequential purple scale is used and cells show the count alone. Every other
    cell shows its value and n, and ▲/▼ when its 95% interval lies above/below the overall
    value. Suppressed cells (n < min_n) are grey, show only "too few" and n, and are not
    coloured. Hover: value,
    n, 95% interval, difference from overall. Both traces carry ``customdata`` =
    [row, col] (the raw labels, for mapping a click back to
    :func:`cxlens.journey.cell_feedback`); it is never rendered. ``signed`` prints a
    + on positive values (NPS); ``unit`` is appended to values ("%").

    ``bounds`` (lowest, highest possible value: 0-100 for percentages, the answer scale for means)
    keep the colour bar inside what the metric can be: the scale stays centred on ``overall`` and
    equally steep on both sides, and is cut at the bounds. Many columns (more than
    ``MANY_COLUMNS``) get angled headers and cells that show the value alone (n is in the hover);
    the colour bar lies under the heatmap, so stage names on the right never run into it.
    """
    if cells.empty:
        return _no_answers(title)
    rows, cols = _order(cells["row"]), _order(cells["col"])
    many = len(cols) > MANY_COLUMNS
    ylab, xlab = _unique_labels(rows, 50), [_wrap(x) for x in _unique_labels(cols, 36)]
    diverging = higher_is_better is not None and overall is not None and not pd.isna(overall)
    fmt = _CellFormat(safe_label(metric_label), safe_label(col_label) if col_label else "", unit, decimals, signed,
                      higher_is_better, many, overall if diverging else None)
    z, grey, text, hover, custom = _cell_grids(cells, rows, cols, ylab, xlab, fmt)
    if diverging:
        scale = DIVERGING if higher_is_better else DIVERGING[::-1]
        colorscale, lo, hi = _centred_scale(scale, z, float(overall), bounds)
        colour_title = f"{fmt.metric}, centre = overall {_num(overall, unit, decimals, signed)}"
        extra = dict(zmin=lo, zmax=hi)
    else:
        colorscale = [[k / (len(SEQUENTIAL) - 1), c] for k, c in enumerate(SEQUENTIAL)]
        colour_title = fmt.metric
        extra = {}
    common = dict(x=xlab, y=ylab, customdata=custom, hoverinfo="text", texttemplate="%{text}", xgap=2, ygap=2,
                  hoverongaps=False)
    is_grey = ~np.isnan(grey)
    fig = go.Figure()
    fig.add_trace(go.Heatmap(z=grey, colorscale=[[0, SUPPRESSED_GREY], [1, SUPPRESSED_GREY]], showscale=False,
                             text=np.where(is_grey, text, ""), hovertext=np.where(is_grey, hover, ""),
                             textfont=dict(size=CELL_FONT - 2, color="#4a5260"), name="too few answers",
                             **common))
    fig.add_trace(go.Heatmap(z=z, colorscale=colorscale, textfont=dict(size=CELL_FONT - 3 if many else CELL_FONT),
                             name=fmt.metric,
                             text=np.where(is_grey, "", text), hovertext=np.where(is_grey, "", hover),
                             colorbar=dict(title=dict(text=colour_title, side="top"), orientation="h", len=0.6,
                                           thickness=12, x=0.5, xanchor="center", y=0, yanchor="top", ypad=12),
                             **extra, **common))
    fig.update_xaxes(type="category", side="top", title=safe_label(col_label) or None,
                     tickfont=dict(size=BIG_FONT - 3 if many else BIG_FONT), tickangle=-45 if many else 0,
                     automargin=True, categoryorder="array", categoryarray=xlab)
    fig.update_yaxes(type="category", autorange="reversed", title=safe_label(row_label) or None,
                     tickfont=dict(size=BIG_FONT), categoryorder="array", categoryarray=ylab, automargin=True)
    has_stage = "row_stage" in cells.columns
    if has_stage:
        _stage_separators(fig, cells, rows, len(cols))
    fig = base_layout(fig, height=max(380, (44 if many else 62) * len(rows) + 260), title=title)
    fig.update_layout(font=dict(size=BIG_FONT), margin=dict(b=90, r=170 if has_stage else 20))
    return fig


def _no_answers(title: str | None) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text="No answers for this selection.", showarrow=False, font=dict(size=BIG_FONT))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, height=240, title=title)


@dataclass(frozen=True)
class _CellFormat:
    """How heatmap cells print: escaped metric and column labels, number format, direction (None: a count),
    many columns (value alone), and the overall value cells are compared with (None: no comparison)."""

    metric: str
    column: str
    unit: str
    decimals: int
    signed: bool
    higher_is_better: bool | None
    many: bool
    overall: float | None

    def num(self, value: float, unit: str | None = None, signed: bool | None = None) -> str:
        return _num(value, self.unit if unit is None else unit, self.decimals, self.signed if signed is None else signed)


def _cell_grids(cells: pd.DataFrame, rows: list, cols: list, ylab: list[str], xlab: list[str], fmt: _CellFormat):
    """(values, grey mask, cell text, hover text, customdata [row, col]) as row x column grids."""
    ri = {r: i for i, r in enumerate(rows)}
    ci = {c: j for j, c in enumerate(cols)}
    shape = (len(rows), len(cols))
    z = np.full(shape, np.nan)
    grey = np.full(shape, np.nan)
    text = np.full(shape, "", dtype=object)
    hover = np.full(shape, "", dtype=object)
    custom = np.empty(shape + (2,), dtype=object)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            custom[i, j, 0], custom[i, j, 1] = str(r), str(c)
    has_stage = "row_stage" in cells.columns
    for rec in cells.itertuples(index=False):
        i, j = ri[rec.row], ci[rec.col]
        stage = f" ({safe_label(rec.row_stage, 40)})" if has_stage and not pd.isna(rec.row_stage) else ""
        lines = [f"<b>{ylab[i]}</b>{stage}", f"{fmt.column + ': ' if fmt.column else ''}{xlab[j]}"]
        if rec.suppressed:
            grey[i, j] = 1.0
        else:
            z[i, j] = rec.value
        text[i, j], more = _cell_text(rec, fmt)
        hover[i, j] = "<br>".join(lines + more)
    return z, grey, text, hover, custom


def _cell_text(rec, fmt: _CellFormat) -> tuple[str, list[str]]:
    """(the text printed in one cell, its hover lines after the row and column)."""
    value = fmt.num(rec.value)
    n_text = f"n={int(rec.n):,}"
    if rec.suppressed:
        text = "·" if fmt.many else f"too few<br>{n_text}"
        lines = [f"{fmt.metric}: {value} ({n_text})", "Too few answers to judge: not coloured."]
    else:
        mark = ""
        if rec.significant:
            mark = f" {UP}" if rec.delta > 0 else f" {DOWN}"
        # a count (volume, higher_is_better None) is its own n: printing both says the same twice
        if fmt.higher_is_better is None:
            text, lines = value, [f"{fmt.metric}: {value}"]
        else:
            text = f"{value}{mark}" if fmt.many else f"{value}{mark}<br>{n_text}"
            lines = [f"{fmt.metric}: {value} ({n_text})"]
    if not pd.isna(rec.ci_low):
        lines.append(f"95% interval: {fmt.num(rec.ci_low)} to {fmt.num(rec.ci_high)}")
    if fmt.overall is not None and not pd.isna(rec.delta):
        pts = " points" if fmt.unit == "%" or fmt.signed else ""
        lines.append(f"Difference from overall ({fmt.num(fmt.overall)}): {fmt.num(rec.delta, '', True)}{pts}")
        if rec.significant:
            lines.append(f"{UP if rec.delta > 0 else DOWN} significantly "
                         f"{'above' if rec.delta > 0 else 'below'} overall (95% interval excludes it)")
    return text, lines


#: Columns above which a heatmap angles its headers and shows values without n.
MANY_COLUMNS = 8


def _centred_scale(scale: list[str], z: np.ndarray, overall: float,
                   bounds: tuple[float, float] | None) -> tuple[list, float, float]:
    """(colorscale, zmin, zmax): white at ``overall``, equally steep both ways, cut at ``bounds``.

    The span is the largest distance of a cell from the overall value; a side that would pass a
    bound (110% on a 0-100 metric) stops at it, and its colours stop where that distance falls.
    """
    finite = z[np.isfinite(z)]
    span = float(np.max(np.abs(finite - overall))) if finite.size else 1.0
    span = span or 1.0
    lo, hi = overall - span, overall + span
    if bounds is not None:
        lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
        if hi <= lo:
            lo, hi = overall - span, overall + span
    stops = np.linspace(lo, hi, 11)
    positions = (stops - overall) / span / 2 + 0.5  # 0 = full 'worse' colour, 1 = full 'better'
    colours = sample_colorscale([[k / (len(scale) - 1), c] for k, c in enumerate(scale)],
                                list(np.clip(positions, 0, 1)))
    return [[k / 10, c] for k, c in enumerate(colours)], float(lo), float(hi)


def _stage_separators(fig: go.Figure, cells: pd.DataFrame, rows: list, ncols: int) -> None:
    """Lines between stage groups and the stage name to the right of its first touchpoint."""
    stage_of = cells.drop_duplicates("row").set_index("row")["row_stage"].astype("object")
    previous = object()
    for i, r in enumerate(rows):
        stage = stage_of.get(r)
        if stage != previous:
            if i > 0:
                fig.add_shape(type="line", xref="paper", x0=0, x1=1, yref="y", y0=i - 0.5, y1=i - 0.5,
                              line=dict(color="#1b2430", width=2))
            fig.add_annotation(xref="paper", x=1.01, xanchor="left", yref="y", y=i, yanchor="middle",
                               text=f"<b>{safe_label(stage, 24)}</b>" if isinstance(stage, str) else "",
                               showarrow=False, font=dict(size=BIG_FONT - 2, color="#4a5260"))
            previous = stage


# ----------------------------------------------------------------------------- journey curve


def journey_curve_figure(curve: pd.DataFrame, metric_label: str, *, unit: str = "", decimals: int = 0,
                         signed: bool = False, overall: float | None = None, title: str | None = None) -> go.Figure:
    """The emotion curve from :func:`cxlens.journey.journey_curve`: one line per segment across stages.

    Lines differ by colour (Okabe-Ito), dash and marker symbol. Suppressed points
    (n < min_n) break the line and are drawn as hollow markers. A dotted line marks
    ``overall`` when given. Hover: value, n and 95% interval.
    """
    stages = _order(curve["stage"]) if not curve.empty else []
    xlab = _unique_labels(stages, 30)
    xmap = dict(zip(stages, xlab))
    m_label = safe_label(metric_label)
    fig = go.Figure()
    segments = _order(curve["segment"]) if not curve.empty else []
    for k, seg in enumerate(segments):
        g = curve[curve["segment"].astype("object") == seg]
        g = g.sort_values("stage", kind="stable")
        name = safe_label(seg, 40)
        colour, dash, symbol = CATEGORICAL[k % len(CATEGORICAL)], DASHES[k % len(DASHES)], SYMBOLS[k % len(SYMBOLS)]
        x = [xmap[s] for s in g["stage"].astype("object")]
        hover = [f"<b>{name}</b> · {xmap[s]}<br>{m_label}: {_num(v, unit, decimals, signed)} (n={int(n):,})"
                 + (f"<br>95% interval {_num(lo, unit, decimals, signed)} to {_num(hi, unit, decimals, signed)}"
                    if not pd.isna(lo) else "")
                 + ("<br>Too few answers to judge." if sup else "")
                 for s, v, n, lo, hi, sup in zip(g["stage"].astype("object"), g["value"], g["n"], g["ci_low"],
                                                 g["ci_high"], g["suppressed"])]
        y = [None if sup else v for v, sup in zip(g["value"], g["suppressed"])]
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines+markers", name=name, legendgroup=name,
                                 line=dict(color=colour, dash=dash, width=3),
                                 marker=dict(symbol=symbol, size=11, color=colour),
                                 hovertext=hover, hoverinfo="text", connectgaps=False))
        sup = g["suppressed"].to_numpy(dtype=bool)
        if sup.any():
            fig.add_trace(go.Scatter(x=[xv for xv, s in zip(x, sup) if s], y=g["value"][sup].tolist(),
                                     mode="markers", name=f"{name} (too few answers)", legendgroup=name,
                                     showlegend=False, marker=dict(symbol=f"{symbol}-open", size=11, color=colour),
                                     hovertext=[h for h, s in zip(hover, sup) if s], hoverinfo="text"))
    if overall is not None and not pd.isna(overall):
        fig.add_hline(y=float(overall), line=dict(color="#555", dash="dot", width=2),
                      annotation_text=f"overall {_num(overall, unit, decimals, signed)}",
                      annotation_position="top left")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=xlab, tickfont=dict(size=BIG_FONT),
                     gridcolor="#e6e9ee")
    fig.update_yaxes(title=m_label, gridcolor="#e6e9ee", tickfont=dict(size=BIG_FONT),
                     ticksuffix=unit if unit == "%" else "")
    fig = base_layout(fig, height=460, title=title)
    fig.update_layout(font=dict(size=BIG_FONT), legend=dict(orientation="h", y=-0.15, font=dict(size=BIG_FONT)),
                      hovermode="closest")
    return fig


# ----------------------------------------------------------------------------- hotspots


_HOTSPOT_KNOWN = {"touchpoint", "stage", "n", "friction", "friction_low", "friction_high", "volume", "affected",
                  "too_few", "rank", "low_satisfaction", "high_effort", "detractors", "negative_sentiment",
                  "complaint_rate", "abandon_rate", "complaint_share", "affected_low", "affected_high", "affected_rank",
                  "stages"}


def hotspot_bars(hotspots: pd.DataFrame, top: int = 15, *, title: str | None = None,
                 order_by: str = "rank") -> go.Figure:
    """Horizontal bars of the ``top`` ranked hotspots (:func:`cxlens.friction.friction_hotspots`), worst on top.

    Each bar is the friction index with its interval (friction_low..friction_high) as an
    error bar, labelled with the customers affected per month when known, else with the
    friction itself (and the complaint count in a complaint log). Rows that are
    ``too_few`` are left out (list them apart). ``customdata`` holds the raw touchpoint
    (and segment value) of each bar for click-through; it is never rendered.
    """
    by = next((c for c in hotspots.columns if c not in _HOTSPOT_KNOWN), None)
    rows = hotspots[~hotspots["too_few"].astype(bool) & hotspots["rank"].notna()]
    if order_by == "affected" and "affected_rank" in rows:
        rows = rows.sort_values("affected_rank")
    else:
        rows = rows.sort_values("rank")
    rows = rows.head(top).iloc[::-1]
    complaint_log = "complaint_share" in hotspots.columns
    parts = [rows["touchpoint"], rows["stage"]] + ([rows[by]] if by else [])
    labels = _unique_labels([" · ".join(place_parts(*vals)) for vals in zip(*parts)], 70)
    by_affected = order_by == "affected" and "affected_low" in rows
    texts, hovers = [], []
    for rec, label in zip(rows.itertuples(index=False), labels):
        affected = getattr(rec, "affected", math.nan)
        if by_affected:
            texts.append(f"friction {rec.friction:.0f}% of {int(rec.n):,} answers")
        elif not pd.isna(affected):
            texts.append(f"≈ {affected:,.0f} customers/month")
        elif complaint_log:
            texts.append(f"{rec.friction:.0f}% · {int(rec.n):,} complaints")
        else:
            texts.append(f"{rec.friction:.0f}%")
        filed_under = int(getattr(rec, "stages", 1) or 1)
        if filed_under > 1:  # its stage above is the most common of several
            texts[-1] += f" · under {filed_under} stages"
        hover = [f"<b>{label}</b>", f"Rank {int(rec.rank)}",
                 f"{'Share of complaints' if complaint_log else 'Friction'}: {rec.friction:.1f}% "
                 f"(95% interval {rec.friction_low:.1f} to {rec.friction_high:.1f})",
                 f"n = {int(rec.n):,} {'complaints' if complaint_log else 'answers'}"]
        if not pd.isna(affected):
            hover.append(f"Customers affected per month: ≈ {affected:,.0f} (of {rec.volume:,.0f})")
        if filed_under > 1:
            hover.append(f"Filed under {filed_under} stages; shown under the most common one")
        hovers.append("<br>".join(hover))
    custom = [[str(t), "" if not by else str(v)] for t, v in zip(rows["touchpoint"], rows[by] if by else rows["touchpoint"])]
    # The customers-affected figure goes on a second label line, clear of the bar's error bar.
    labels = [f"{lab}<br><span style='font-size:13px;color:#56606b'>{txt}</span>" for lab, txt in zip(labels, texts)]
    x, lo, hi = ("affected", "affected_low", "affected_high") if by_affected else ("friction", "friction_low",
                                                                                     "friction_high")
    fig = go.Figure(go.Bar(
        x=rows[x], y=labels, orientation="h", marker_color=BAD, cliponaxis=False,
        error_x=dict(type="data", symmetric=False, color="#333", thickness=1.5,
                     array=(rows[hi] - rows[x]).tolist(), arrayminus=(rows[x] - rows[lo]).tolist()),
        hovertext=hovers, hoverinfo="text", customdata=custom,
    ))
    x_title = ("Share of all complaints (%)" if complaint_log
               else "Customers hurt per month (volume × friction; bars show the 95% range)" if by_affected
               else "Friction index (% of answers with a problem, weighted)")
    fig.update_xaxes(title=x_title, gridcolor="#e6e9ee", rangemode="tozero", tickfont=dict(size=BIG_FONT))
    fig.update_yaxes(type="category", automargin=True, tickfont=dict(size=BIG_FONT))
    fig = base_layout(fig, height=max(280, 56 * len(rows) + 110), title=title)
    fig.update_layout(font=dict(size=BIG_FONT))
    return fig


# ----------------------------------------------------------------------------- score distribution

_BAND_STYLE = {
    "bad": ("Problem answers", BAD, "x"),
    "middle": ("Middle", NEUTRAL, ""),
    "good": ("Good answers", GOOD, "/"),
}


def score_distribution_figure(dist: pd.DataFrame, metric_label: str, *, title: str | None = None) -> go.Figure:
    """Bars of :func:`cxlens.journey.score_distribution`: % of answers per scale point.

    Bars are coloured and patterned by band (problem / middle / good) so the bands do not
    rely on colour alone; each bar is labelled with its share and count.
    """
    m_label = safe_label(metric_label)
    fig = go.Figure()
    labels = [safe_label(x, 30) for x in dist["label"]] if not dist.empty else []
    for band, (name, colour, pattern) in _BAND_STYLE.items():
        part = dist[dist["band"] == band] if not dist.empty else dist
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            x=[safe_label(x, 30) for x in part["label"]], y=part["share"], name=name, marker_color=colour,
            marker_pattern_shape=pattern, text=[f"{s:.0f}%" for s in part["share"]], textposition="outside",
            textfont=dict(size=CELL_FONT), cliponaxis=False,
            hovertext=[f"{m_label} {safe_label(lab, 30)}: {s:.1f}% ({int(c):,} answers)"
                       for lab, s, c in zip(part["label"], part["share"], part["count"])],
            hoverinfo="text",
        ))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels, title=m_label,
                     tickfont=dict(size=BIG_FONT))
    fig.update_yaxes(title="% of answers", gridcolor="#e6e9ee", rangemode="tozero", tickfont=dict(size=BIG_FONT))
    fig = base_layout(fig, height=340, title=title)
    fig.update_layout(font=dict(size=BIG_FONT), barmode="overlay", legend=dict(orientation="h", y=-0.25))
    return fig
