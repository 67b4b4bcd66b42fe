"""Plotly figure builders: pure functions from DataFrames to figures.

Plotly renders a subset of HTML inside text, labels and hovers (``<b>``, ``<a>``,
``<br>``). Spreadsheet text must never be interpreted, so every user-supplied
string goes through :func:`safe_label` before it reaches a figure.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

#: Colour-blind-safe palette (Okabe-Ito) for categorical series.
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GOOD, BAD, NEUTRAL = "#0072B2", "#D55E00", "#9aa3ad"
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=14, color="#1b2430")


def safe_label(value: object, limit: int = 80) -> str:
    """User text made inert for plotly (HTML-escaped) and shortened for axes and hovers.

    Quotes stay as they are: plotly has no attribute context a quote could break out of, and it
    shows '&quot;' literally in axis labels.
    """
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def place_parts(*parts: object) -> list[str]:
    """The non-blank parts of a place name (touchpoint, stage, segment) with repeats dropped: a file whose
    touchpoint and stage share a name ('Trend', 'Trend') names the place once, not 'Trend · Trend'."""
    out: list[str] = []
    for part in parts:
        if part is None or (isinstance(part, float) and math.isnan(part)) or part is pd.NA:
            continue
        text = str(part).strip()
        if text and text.casefold() not in (o.casefold() for o in out):
            out.append(text)
    return out


def wrap_label(label: str, width: int = 14, max_lines: int | None = None) -> str:
    """Break an already-escaped label into lines of about ``width`` characters at spaces (plotly <br>)."""
    words, lines, line = label.split(" "), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    lines.append(line)
    return "<br>".join(lines[:max_lines] if max_lines else lines)


def base_layout(fig: go.Figure, *, height: int | None = None, title: str | None = None) -> go.Figure:
    fig.update_layout(
        font=FONT,
        margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel=dict(font_size=14),
        title=dict(text=safe_label(title, 200), x=0, font=dict(size=17)) if title else None,
    )
    if height:
        fig.update_layout(height=height)
    return fig


def format_value(value: float, unit: str = "") -> str:
    """A metric value as the Overview's bars show it: percentages and values of 10 or more
    without decimals (63%, -12), smaller values (mean ratings, effort) with two (3.82)."""
    return f"{value:.0f}{unit}" if unit == "%" or abs(value) >= 10 else f"{value:.2f}{unit}"


def touchpoint_bars(summary: pd.DataFrame, *, metric_label: str, unit: str = "", higher_is_better: bool = True,
                    top: int = 10, scale: tuple[float, float] | None = None) -> go.Figure:
    """Horizontal bars of a touchpoint summary (see ``cxlens.overview.touchpoint_summary``), worst on top.

    Bars show the value with its 95% interval as error bars; touchpoints with too
    few answers are left out (the page lists them separately). For a mean on a rating
    scale give ``scale`` = (lowest, highest answer): bars then start at the lowest possible
    answer and the axis spans the scale, so a 3.8 and a 4.3 out of 5 do not look alike.
    """
    rows = summary[~summary["too_few"]].head(top).iloc[::-1]
    floor = float(scale[0]) if scale else 0.0
    labels = ["  ·  ".join(safe_label(p, limit) for p, limit in zip(place_parts(t, s), (40, 20)))
              for t, s in zip(rows["touchpoint"], rows["stage"])]
    has_ci = rows["ci_low"].notna().any()
    fig = go.Figure(
        go.Bar(
            x=rows["value"] - floor,
            base=floor,
            y=labels,
            orientation="h",
            marker_color=BAD,
            text=[format_value(v, unit) for v in rows["value"]],
            textposition="inside",
            insidetextanchor="start",
            textfont=dict(color="white", size=14),
            error_x=dict(
                type="data", symmetric=False, color="#555",
                array=(rows["ci_high"] - rows["value"]).tolist(),
                arrayminus=(rows["value"] - rows["ci_low"]).tolist(),
            ) if has_ci else None,
            customdata=rows[["n", "ci_low", "ci_high", "value"]].to_numpy(),
            hovertemplate="%{y}<br>" + safe_label(metric_label) + ": %{customdata[3]:"
            + (".1f" if unit == "%" or (rows["value"].abs() >= 10).any() else ".2f") + "}" + unit
            + "<br>n = %{customdata[0]:,}" + ("<br>95% interval %{customdata[1]:.1f} to %{customdata[2]:.1f}" if has_ci else "")
            + "<extra></extra>",
        )
    )
    fig.update_xaxes(title=safe_label(metric_label), gridcolor="#e6e9ee", zeroline=True, zerolinecolor="#aab")
    if scale:
        fig.update_xaxes(range=[float(scale[0]), float(scale[1])], zeroline=False)
    fig.update_yaxes(automargin=True)
    return base_layout(fig, height=max(260, 42 * len(rows) + 80))


def add_click_targets(fig: go.Figure, size: int = 44) -> go.Figure:
    """Make the cells of the heatmap(s) in ``fig`` clickable.

    Plotly heatmaps cannot be *selected*, only hovered, so a click on a cell would
    not reach the app. This overlays one near-transparent square marker per filled
    cell, at the heatmap's own x/y labels, carrying the heatmap's ``customdata`` for
    that cell (e.g. [row_key, col_key]).
    """
    import numpy as np

    xs, ys, custom, hovers = [], [], [], []
    seen = set()
    for trace in fig.data:
        if trace.type != "heatmap" or trace.customdata is None:
            continue
        z = np.asarray(trace.z, dtype="float64")
        cd = np.asarray(trace.customdata, dtype=object)
        ht = np.asarray(trace.hovertext, dtype=object) if trace.hovertext is not None else None
        for i, y in enumerate(trace.y):
            for j, x in enumerate(trace.x):
                if not np.isnan(z[i, j]) and (i, j) not in seen:
                    seen.add((i, j))
                    xs.append(x)
                    ys.append(y)
                    custom.append(list(cd[i, j]))
                    hovers.append(ht[i, j] if ht is not None else "")
        # The overlay answers hover and click (a 'skip' marker would not receive clicks).
        trace.hoverinfo = "skip"
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", name="cells", showlegend=False, hoverinfo="text", hovertext=hovers,
        marker=dict(symbol="square", size=size, color="rgba(0,0,0,0.004)", line=dict(width=0)),
        customdata=custom,
        selected=dict(marker=dict(color="rgba(0,0,0,0.004)")),
        unselected=dict(marker=dict(opacity=1)),
    ))
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig
