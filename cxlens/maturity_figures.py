"""Plotly figures for the CX maturity assessment (pure: result in, figure out).

Every user-provided string (dimension, stage, rater, department names) goes
through :func:`cxlens.figures.safe_label`. Colours come from the Okabe-Ito palette
and every series also differs by line dash or marker shape, so the figures work
for colour-blind readers and in grey-scale print. Fonts are sized for a projector.
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .figures import BAD, CATEGORICAL, GOOD, NEUTRAL, base_layout, safe_label, wrap_label
from .maturity import MaturityModel, MaturityResult

PROJECTOR_FONT = 16
#: Line dashes for department overlays, in order (current = solid, target = dash are reserved).
OVERLAY_DASHES = ["dot", "dashdot", "longdash", "longdashdot", "5px,3px,1px,3px", "1px,4px"]
OVERLAY_SYMBOLS = ["square", "triangle-up", "cross", "star", "hexagon", "x", "triangle-down", "pentagon"]
#: Light to dark blue bands for the stages (low to high maturity); text stays readable on each.
STAGE_FILLS = ["#f1f4f8", "#dfe9f3", "#cbdcec", "#b5cfe4", "#9fc1dc", "#8ab4d4", "#76a7cc"]


def _wrap(text: str, width: int = 16, limit: int = 60) -> str:
    """Escape first, then break at spaces so long names fit around the radar (or in a hover)."""
    return wrap_label(safe_label(text, limit), width)


def _closed(values: list) -> list:
    return list(values) + list(values[:1])


def radar_figure(result: MaturityResult, overlay: pd.DataFrame | Mapping[str, Mapping[str, float]] | None = None,
                 *, show_previous: bool = False, height: int = 560) -> go.Figure:
    """Current scores (solid, filled) and targets (dashed) per dimension on a fixed 1-5 radial scale.

    ``overlay``: extra polygons, e.g. :func:`cxlens.maturity.by_department` (dimension x
    department; one polygon per column) or ``{label: {dimension: score}}``. Each overlay
    has its own colour, dash and marker. ``show_previous`` adds the previous round (grey, dotted).
    """
    model = result.model
    dims = result.dimensions
    theta = _closed([_wrap(d) for d in dims["dimension"]])
    names = _closed([safe_label(d) for d in dims["dimension"]])
    fig = go.Figure()

    def trace(values, label, color, dash, symbol, fill=False, width=3, extra=None):
        vals = [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]
        fig.add_trace(go.Scatterpolar(
            r=_closed(vals), theta=theta, name=label, mode="lines+markers",
            line=dict(color=color, dash=dash, width=width), marker=dict(symbol=symbol, size=9, color=color),
            fill="toself" if fill else None, fillcolor=_rgba(color, 0.15) if fill else None,
            customdata=np.array(names, dtype=object).reshape(-1, 1) if extra is None else extra,
            hovertemplate="%{customdata[0]}<br>%{fullData.name}: %{r:.2f}<extra></extra>",
            connectgaps=False,
        ))

    if show_previous and dims["previous"].notna().any():
        trace(dims["previous"].tolist(), "Previous round", NEUTRAL, "dot", "circle-open", width=2)
    if overlay is not None:
        series = _overlay_series(overlay, dims["dimension"].tolist())
        for i, (label, values) in enumerate(series):
            trace(values, safe_label(label, 40), CATEGORICAL[(i + 2) % len(CATEGORICAL)],
                  OVERLAY_DASHES[i % len(OVERLAY_DASHES)], OVERLAY_SYMBOLS[i % len(OVERLAY_SYMBOLS)], width=2)
    trace(dims["target"].tolist(), "Target", CATEGORICAL[1], "dash", "diamond", width=3)
    extra = np.array(_closed([
        [n, f"{s:.2f}" if not math.isnan(s) else "–", int(k),
         f"{sp:.2f}" if not math.isnan(sp) else "–"]
        for n, s, k, sp in zip([safe_label(d) for d in dims["dimension"]], dims["score"], dims["n_raters"],
                               dims["spread"])]), dtype=object)
    fig.add_trace(go.Scatterpolar(
        r=_closed([None if math.isnan(v) else float(v) for v in dims["score"]]), theta=theta, name="Current",
        mode="lines+markers", fill="toself", fillcolor=_rgba(GOOD, 0.18),
        line=dict(color=GOOD, width=4), marker=dict(symbol="circle", size=11, color=GOOD),
        customdata=extra,
        hovertemplate="%{customdata[0]}<br>Current: %{customdata[1]}<br>Raters: %{customdata[2]}"
                      "<br>Spread (SD): %{customdata[3]}<extra></extra>",
    ))
    lo, hi = model.scale_min, model.scale_max
    fig.update_layout(
        polar=dict(
            bgcolor="white",
            radialaxis=dict(range=[lo, hi], tickvals=list(range(int(math.ceil(lo)), int(hi) + 1)),
                            tickfont=dict(size=13, color="#555"), gridcolor="#d5dae1", linecolor="#aab",
                            angle=90 - 180 / max(len(dims), 1), tickangle=90 - 180 / max(len(dims), 1),
                            showline=False),
            angularaxis=dict(tickfont=dict(size=PROJECTOR_FONT), gridcolor="#d5dae1", linecolor="#aab",
                             direction="clockwise", rotation=90),
        ),
        legend=dict(orientation="h", yanchor="top", y=-0.16, xanchor="center", x=0.5,
                    font=dict(size=PROJECTOR_FONT)),
        showlegend=True,
    )
    base_layout(fig, height=height)
    fig.update_layout(font=dict(size=PROJECTOR_FONT), margin=dict(l=135, r=135, t=50, b=120))  # room for wrapped names
    return fig


def _overlay_series(overlay, dimensions: list[str]) -> list[tuple[str, list[float]]]:
    if isinstance(overlay, pd.DataFrame):
        frame = overlay.reindex(dimensions)
        return [(str(c), [float(v) for v in frame[c]]) for c in frame.columns]
    out = []
    for label, values in overlay.items():
        values = dict(values)
        out.append((str(label), [float(values.get(d, math.nan)) for d in dimensions]))
    return out


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def dimension_spread_figure(result: MaturityResult, rater_matrix: pd.DataFrame, *,
                            height: int | None = None) -> go.Figure:
    """One dot per rater per dimension (slightly jittered), the mean as a large diamond.

    Dimensions flagged ``disagreement`` are drawn in the warning colour and marked
    "raters disagree", so a split hidden behind an average is visible at a glance.
    """
    model = result.model
    dims = result.dimensions
    order = dims["dimension"].tolist()
    labels = {d: safe_label(d, 40) + ("  ⚠ raters disagree" if flag else "")
              for d, flag in zip(order, dims["disagreement"])}
    ypos = {d: len(order) - 1 - i for i, d in enumerate(order)}  # first dimension on top
    dept = {}
    if not result.rater_scores.empty:
        dept = dict(zip(result.rater_scores["rater"], result.rater_scores["department"]))
    fig = go.Figure()
    raters = list(rater_matrix.index)
    n = max(len(raters), 1)
    for flag in (False, True):
        xs, ys, hover = [], [], []
        for d in order:
            if d not in rater_matrix.columns or bool(dims.loc[dims["dimension"] == d, "disagreement"].iloc[0]) != flag:
                continue
            for j, r in enumerate(raters):
                v = rater_matrix.at[r, d]
                if pd.isna(v):
                    continue
                jitter = (j - (n - 1) / 2) / max(n - 1, 1) * 0.36 if n > 1 else 0.0
                xs.append(float(v))
                ys.append(ypos[d] + jitter)
                who = safe_label(r, 40) + (f" ({safe_label(dept.get(r), 40)})" if dept.get(r) else "")
                hover.append(f"{who}<br>{safe_label(d, 60)}: {float(v):.2f}")
        if xs:
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="markers", name="Rater, where raters disagree" if flag else "Rater",
                marker=dict(size=12, color=BAD if flag else "#56B4E9", opacity=0.85,
                            symbol="triangle-up" if flag else "circle", line=dict(color="white", width=1)),
                text=hover, hovertemplate="%{text}<extra></extra>",
            ))
    scored = dims[dims["score"].notna()]
    fig.add_trace(go.Scatter(
        x=scored["score"], y=[ypos[d] for d in scored["dimension"]], mode="markers", name="Mean",
        marker=dict(symbol="diamond", size=20, color="#000000", line=dict(color="white", width=2)),
        text=[f"{safe_label(d, 60)}<br>Mean {s:.2f}, spread (SD) {sp:.2f}" if not math.isnan(sp)
              else f"{safe_label(d, 60)}<br>Mean {s:.2f}"
              for d, s, sp in zip(scored["dimension"], scored["score"], scored["spread"])],
        hovertemplate="%{text}<extra></extra>",
    ))
    fig.update_xaxes(range=[model.scale_min - 0.2, model.scale_max + 0.2],
                     tickvals=list(range(int(math.ceil(model.scale_min)), int(model.scale_max) + 1)),
                     title="Each rater's mean score", gridcolor="#e6e9ee",
                     tickfont=dict(size=PROJECTOR_FONT), zeroline=False)
    fig.update_yaxes(tickvals=[ypos[d] for d in order], ticktext=[labels[d] for d in order],
                     range=[-0.6, len(order) - 0.4], tickfont=dict(size=PROJECTOR_FONT), automargin=True,
                     showgrid=False)
    for d in order:
        fig.add_hline(y=ypos[d], line=dict(color="#eef0f3", width=1), layer="below")
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0,
                                  font=dict(size=14)))
    return base_layout(fig, height=height or max(320, 62 * len(order) + 120))


def stage_figure(result: MaturityResult, model: MaturityModel | None = None, *, height: int = 210) -> go.Figure:
    """The stages as one horizontal band from the lowest to the highest score, the overall score marked.

    A black triangle marks the overall score of the current round; a hollow grey one
    the previous round, when there is one. If the floor caps the stage, the note says so.
    """
    model = model or result.model
    stages = model.stages_frame()
    fig = go.Figure()
    for i, row in stages.iterrows():
        fill = STAGE_FILLS[int(round(i * (len(STAGE_FILLS) - 1) / max(len(stages) - 1, 1)))] \
            if len(stages) > len(STAGE_FILLS) else STAGE_FILLS[i]
        current = row["stage"] == result.stage
        fig.add_shape(type="rect", x0=row["min_score"], x1=row["max_score"], y0=0, y1=1,
                      fillcolor=fill, line=dict(color="#1b2430" if current else "white", width=3 if current else 1),
                      layer="below")
    fig.add_trace(go.Scatter(
        x=[(a + b) / 2 for a, b in zip(stages["min_score"], stages["max_score"])], y=[0.62] * len(stages),
        mode="text", text=[("<b>" + safe_label(s, 24) + "</b>") if s == result.stage else safe_label(s, 24)
                           for s in stages["stage"]],
        textfont=dict(size=PROJECTOR_FONT, color="#1b2430"),
        hovertext=[f"{safe_label(s, 40)}: from {a:g}<br>{_wrap(desc, 60, 400)}" for s, a, desc in
                   zip(stages["stage"], stages["min_score"], stages["description"])],
        hoverinfo="text", showlegend=False,
    ))
    fig.add_trace(go.Scatter(
        x=stages["min_score"] + 0.005 * (model.scale_max - model.scale_min), y=[0.22] * len(stages),
        mode="text", text=[f"{a:g}" for a in stages["min_score"]],
        textposition="middle right", textfont=dict(size=12, color="#444"),
        hoverinfo="skip", showlegend=False,
    ))
    if not math.isnan(result.previous_overall):
        fig.add_trace(go.Scatter(
            x=[result.previous_overall], y=[1.12], mode="markers", name="Previous round",
            marker=dict(symbol="triangle-down", size=18, color="white", line=dict(color=NEUTRAL, width=3)),
            hovertemplate=f"Previous round: {result.previous_overall:.2f}<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        x=[result.overall], y=[1.12], mode="markers+text", name="Overall score",
        marker=dict(symbol="triangle-down", size=22, color="#000000"),
        text=[f"Overall {result.overall:.2f}"], textposition="top center", textfont=dict(size=PROJECTOR_FONT + 2),
        hovertemplate=f"Overall: {result.overall:.2f} ({safe_label(result.stage, 40)})<extra></extra>",
    ))
    fig.add_shape(type="line", x0=result.overall, x1=result.overall, y0=0, y1=1.05,
                  line=dict(color="#000000", width=3))
    if result.capped:
        fig.add_annotation(
            x=model.scale_min, y=-0.06, xanchor="left", yanchor="top", showarrow=False,
            text=safe_label(f"The weakest dimension ({', '.join(result.floor_dimensions)}) caps the organisation "
                            f"at {result.stage_capped_by_floor}.", 200),
            font=dict(size=14, color=BAD))
    fig.update_xaxes(range=[model.scale_min, model.scale_max], showgrid=False, zeroline=False,
                     showticklabels=False, fixedrange=True)
    fig.update_yaxes(range=[-0.32 if result.capped else -0.05, 1.6], visible=False, fixedrange=True)
    fig.update_layout(showlegend=False)
    base_layout(fig, height=height + (30 if result.capped else 0))
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10))
    return fig
