"""Figures for published (aggregated) results: entity × measure, and one measure's ranking.

Pure functions from the frames of :mod:`cxlens.aggregates` to plotly figures; every label from the
file goes through :func:`cxlens.figures.safe_label`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import aggregates
from .figures import GOOD, base_layout, safe_label, wrap_label

#: Light to dark blue: higher values darker. No good/bad colours: a file does not say which way is better.
SEQUENTIAL = [[0.0, "#f1f6fb"], [0.5, "#8fb8de"], [1.0, "#08519c"]]


def _shown(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.0f}%" if unit == "percent" else f"{value:.2f}"


def matrix_figure(table: pd.DataFrame, units: dict[str, str]) -> go.Figure:
    """Heatmap of an entity × measure table (:func:`cxlens.aggregates.matrix`).

    Colour is each value's place among the entities shown for its measure (0 lowest, 1 highest;
    :func:`cxlens.aggregates.relative_position`), so measures on different ranges are each
    compared across entities; cells show the published value ('72%', '3.71'). Words every measure
    starts with are dropped from the column labels (:func:`cxlens.aggregates.shared_prefix`; say
    them above the figure) and kept in the hover.
    """
    position = aggregates.relative_position(table)
    prefix = aggregates.shared_prefix([str(m) for m in table.columns])
    short = [str(m)[len(prefix):].strip() if prefix else str(m) for m in table.columns]
    x = [wrap_label(safe_label(m, 90), width=18, max_lines=5) for m in short]
    y = [safe_label(e, 60) for e in table.index]
    text = [[_shown(v, units.get(m, "mean")) for m, v in zip(table.columns, row)] for row in table.to_numpy()]
    hover_measures = [safe_label(m, 200) for m in table.columns]
    custom = np.array([[hover_measures[j] for j in range(len(table.columns))] for _ in range(len(table))],
                      dtype=object)
    fig = go.Figure(go.Heatmap(
        z=position.to_numpy(dtype="float64"), x=x, y=y, text=text, texttemplate="%{text}",
        customdata=custom, colorscale=SEQUENTIAL, zmin=0, zmax=1, xgap=2, ygap=2,
        hovertemplate="<b>%{y}</b><br>%{customdata}<br>Value: %{text}<extra></extra>",
        colorbar=dict(title=dict(text="Within<br>measure", side="top"), tickvals=[0, 1],
                      ticktext=["lowest", "highest"], len=0.6, thickness=14, x=1.02),
    ))
    height = max(320, 30 * len(table) + 140)
    base_layout(fig, height=height)
    fig.update_layout(margin=dict(l=10, r=90, t=20, b=10))
    fig.update_xaxes(side="top", tickangle=0, automargin=True)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def ranking_figure(ranked: pd.DataFrame, measure: str, *, max_entities: int = 30) -> go.Figure:
    """Horizontal bars of one measure per entity (:func:`cxlens.aggregates.ranking`), highest first,
    with 95% intervals where the file gives counts; the axis spans the measure's scale."""
    shown = ranked.head(max_entities)
    unit = str(shown["unit"].iloc[0]) if len(shown) else "mean"
    has_ci = shown["low"].notna().any()
    error = dict(type="data", symmetric=False, array=(shown["high"] - shown["value"]).fillna(0),
                 arrayminus=(shown["value"] - shown["low"]).fillna(0), color="#1b2430", thickness=1.2) if has_ci else None
    n_text = [f"n = {n:,.0f}" if n == n else "n not given" for n in shown["n"]]
    fig = go.Figure(go.Bar(
        x=shown["value"], y=[safe_label(e, 60) for e in shown["entity"]], orientation="h", marker_color=GOOD,
        error_x=error, text=[_shown(v, unit) for v in shown["value"]], textposition="outside", cliponaxis=False,
        customdata=n_text, hovertemplate="<b>%{y}</b><br>%{text}<br>%{customdata}<extra></extra>",
    ))
    base_layout(fig, height=max(300, 26 * len(shown) + 90), title=measure)
    low = shown["scale_min"].iloc[0] if len(shown) else 0
    high = shown["scale_max"].iloc[0] if len(shown) else 1
    if low == low and high == high:
        fig.update_xaxes(range=[low, high * 1.08])
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title_text="percent" if unit == "percent" else f"average ({low:g}-{high:g})", gridcolor="#e6e9ee")
    return fig
