"""Figures of the Why page: theme volume beside theme impact, key-driver importance, and the
importance x performance quadrant. Pure functions from the tables of :mod:`cxlens.theme_effects`
and :mod:`cxlens.drivers` to plotly figures; every user string goes through ``safe_label``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .figures import BAD, GOOD, NEUTRAL, base_layout, safe_label, wrap_label

QUADRANT_COLOURS = {"Fix first": BAD, "Keep strong": GOOD, "Watch": "#E69F00", "Maintain": NEUTRAL}


def _points(value: float, decimals: int) -> str:
    return f"{value:+.{decimals}f}"


def impact_colour(row: pd.Series) -> str:
    """BAD when the theme surely costs points (interval above 0), GOOD when it surely lifts the score, else grey."""
    if bool(row.get("too_few")) or pd.isna(row.get("impact_low")):
        return NEUTRAL
    if row["impact_low"] > 0:
        return BAD
    if row["impact_high"] < 0:
        return GOOD
    return NEUTRAL


def impact_figure(table: pd.DataFrame, unit_label: str, decimals: int = 1) -> go.Figure:
    """Two panels sharing the themes (in the table's order, numbered 1..n from the top): volume (comments) on the left,
    impact (points the overall score would gain) with its 95% interval on the right."""
    # numbered by rank (the table's order); plotly draws the first category at the bottom
    names = [f"{i}. {wrap_label(safe_label(label, 60), 28, 2)}"
             for i, label in enumerate(table["label"], start=1)][::-1]
    t = table.iloc[::-1]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.35, 0.65], horizontal_spacing=0.03,
                        subplot_titles=("How often: comments", f"Impact: {safe_label(unit_label)} the overall "
                                        "score would gain"))
    fig.add_trace(go.Bar(x=t["size"], y=names, orientation="h", marker_color="#56B4E9", name="comments",
                         hovertemplate="%{y}<br>%{x:,} comments<extra></extra>"), row=1, col=1)
    has_ci = t["impact_low"].notna()
    fig.add_trace(go.Bar(
        x=t["impact"], y=names, orientation="h", name="impact",
        marker_color=[impact_colour(r) for _, r in t.iterrows()],
        error_x=dict(type="data", symmetric=False, color="#1b2430", thickness=1.2,
                     array=np.where(has_ci, t["impact_high"] - t["impact"], 0),
                     arrayminus=np.where(has_ci, t["impact"] - t["impact_low"], 0)),
        customdata=np.column_stack([t["impact_low"], t["impact_high"]]),
        hovertemplate=f"%{{y}}<br>impact %{{x:+.{decimals}f}} (95% interval %{{customdata[0]:+.{decimals}f}} to "
                      f"%{{customdata[1]:+.{decimals}f}})<extra></extra>"), row=1, col=2)
    # the value beyond the end of its interval, so the error bar never covers it
    ends = np.where(t["impact"] >= 0, t["impact_high"].fillna(t["impact"]), t["impact_low"].fillna(t["impact"]))
    fig.add_trace(go.Scatter(x=ends, y=names, mode="text", cliponaxis=False, hoverinfo="skip",
                             text=[f" {_points(v, decimals)} " if pd.notna(v) else "" for v in t["impact"]],
                             textposition=["middle right" if v >= 0 else "middle left" for v in t["impact"].fillna(0)]),
                  row=1, col=2)
    fig.add_vline(x=0, line_color="#1b2430", line_width=1, row=1, col=2)
    base_layout(fig, height=max(260, 46 * len(t) + 90))
    fig.update_layout(showlegend=False, bargap=0.35, margin=dict(l=10, r=40, t=60, b=10))
    fig.update_xaxes(gridcolor="#eef0f3", zeroline=False)
    return fig


def drivers_figure(table: pd.DataFrame) -> go.Figure:
    """Importance of each driver (share of R², %) with its bootstrap 95% interval, the most important on top;
    coloured by quadrant when there is one."""
    t = table.iloc[::-1]
    names = [wrap_label(safe_label(d, 60), 30, 2) for d in t["driver"]]
    colours = [QUADRANT_COLOURS.get(q, "#0072B2") for q in t["quadrant"]]
    has_ci = t["ci_low"].notna()
    fig = go.Figure(go.Bar(
        x=100 * t["importance"], y=names, orientation="h", marker_color=colours,
        error_x=dict(type="data", symmetric=False, color="#1b2430", thickness=1.2,
                     array=np.where(has_ci, 100 * (t["ci_high"] - t["importance"]), 0),
                     arrayminus=np.where(has_ci, 100 * (t["importance"] - t["ci_low"]), 0)),
        hovertemplate="%{y}<br>%{x:.1f}% of what the drivers explain<extra></extra>"))
    ends = 100 * t["ci_high"].fillna(t["importance"])
    fig.add_trace(go.Scatter(x=ends, y=names, mode="text", text=[f"  {100 * v:.0f}%" for v in t["importance"]],
                             textposition="middle right", cliponaxis=False, hoverinfo="skip"))
    base_layout(fig, height=max(240, 34 * len(t) + 80))
    fig.update_layout(showlegend=False, bargap=0.3, margin=dict(l=10, r=50, t=20, b=10))
    fig.update_xaxes(title="Importance: share of what the drivers explain (%)", gridcolor="#eef0f3", rangemode="tozero")
    return fig


def quadrant_figure(table: pd.DataFrame, scale: tuple[float, float] | None = None) -> go.Figure:
    """Importance (y, %) against performance (x, mean rating): above the average importance and below the
    average rating is "Fix first" (top left)."""
    x, y = table["performance"], 100 * table["importance"]
    x_cut, y_cut = float(x.mean()), 100.0 / max(len(table), 1)
    colours = [QUADRANT_COLOURS.get(q, "#0072B2") for q in table["quadrant"]]
    # names on the points that matter (Fix first, the three most important); the rest on hover, so a cluster
    # of average drivers does not become a pile of overlapping names
    named = (table["quadrant"] == "Fix first") | (table["importance"].rank(ascending=False, method="first") <= 3)
    fig = go.Figure(go.Scatter(
        x=x, y=y, mode="markers+text", marker=dict(size=12, color=colours, line=dict(color="white", width=1)),
        text=[wrap_label(safe_label(d, 40), 18, 2) if keep else "" for d, keep in zip(table["driver"], named)],
        textposition="top center", textfont=dict(size=11), cliponaxis=False,
        customdata=np.column_stack([table["driver"].map(safe_label), table["quadrant"].map(safe_label)]),
        hovertemplate="%{customdata[0]}<br>mean rating %{x:.2f}<br>importance %{y:.1f}%<br>%{customdata[1]}"
                      "<extra></extra>"))
    fig.add_vline(x=x_cut, line_dash="dot", line_color=NEUTRAL)
    fig.add_hline(y=y_cut, line_dash="dot", line_color=NEUTRAL)
    pad_x = max(float(x.max() - x.min()) * 0.15, 0.1)
    x_range = [float(x.min()) - pad_x, float(x.max()) + pad_x]
    y_top = float(y.max()) * 1.2 + 1
    for text, ax, ay, anchor in (("Fix first", x_range[0], y_top, "left"), ("Keep strong", x_range[1], y_top, "right"),
                                 ("Watch", x_range[0], 0, "left"), ("Maintain", x_range[1], 0, "right")):
        fig.add_annotation(x=ax, y=ay, text=f"<b>{text}</b>", showarrow=False, xanchor=anchor,
                           yanchor="top" if ay else "bottom", font=dict(color=QUADRANT_COLOURS[text], size=13))
    base_layout(fig, height=460)
    unit = f" ({scale[0]:g}-{scale[1]:g})" if scale else ""
    fig.update_xaxes(title=f"Performance: mean rating{unit}", range=x_range, gridcolor="#eef0f3")
    fig.update_yaxes(title="Importance (%)", range=[0, y_top], gridcolor="#eef0f3")
    fig.update_layout(showlegend=False, margin=dict(l=10, r=10, t=20, b=10))
    return fig
