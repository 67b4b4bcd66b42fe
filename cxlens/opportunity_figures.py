"""Figures for the opportunity matrix and framework comparison (pure plotly)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .figures import CATEGORICAL, base_layout, safe_label
from .opportunity_scales import DEFAULTS, Scale

QUADRANT_POSITIONS = {  # (x side, y side) of the label: effort low/high, value high/low
    "Quick win": ("low", "high"), "Big bet": ("high", "high"), "Fill-in": ("low", "low"), "Money pit": ("high", "low"),
}
SYMBOLS = ["circle", "diamond", "square", "triangle-up", "cross", "x", "star", "hexagon"]
#: Above this many bubbles, names overlap on a 16:9 screen: the matrix shows numbers and a key.
NAMED_LABELS_MAX = 12


def matrix_keys(items: pd.DataFrame, *, x: str = "effort", y: str = "value") -> pd.Series:
    """Key numbers for the bubbles of a matrix: 1, 2, ... by value (highest first), then effort
    (lowest first), then name. Items without both ``x`` and ``y`` get no number (<NA>)."""
    plotted = items.dropna(subset=[x, y])
    order = plotted.assign(_name=plotted["opportunity"].astype(str)).sort_values(
        [y, x, "_name"], ascending=[False, True, True], kind="stable").index
    keys = pd.Series(pd.NA, index=items.index, dtype="Int64")
    keys.loc[order] = range(1, len(order) + 1)
    return keys


def crowded(keys: pd.Series) -> bool:
    """Whether a matrix with these :func:`matrix_keys` has too many bubbles to label them by name."""
    return int(keys.notna().sum()) > NAMED_LABELS_MAX


def matrix_figure(items: pd.DataFrame, *, x: str = "effort", y: str = "value", size: str | None = "reach",
                  color: str | None = "stage", x_threshold: float, y_threshold: float,
                  x_label: str = "Effort (1-10, higher = more work)", y_label: str = "Value (1-10)",
                  selected: str | None = None, height: int = 620, color_label: str | None = None,
                  keys: pd.Series | None = None, x_scale: Scale | None = None,
                  y_scale: Scale | None = None) -> go.Figure:
    """Bubble matrix of opportunities with quadrant lines and labels.

    Every point carries ``customdata = [opportunity_id]`` so a selection maps back to the item.
    Bubble area scales with ``size`` (reach or evidence); colour and marker shape both encode
    ``color`` so the grouping survives colour blindness and greyscale projectors. Bubbles are
    labelled with their names, or with ``keys`` (see :func:`matrix_keys`) when given: short
    numbers that do not collide, for a key table shown next to the chart.

    ``x_scale``/``y_scale`` (cxlens.opportunity_scales; 1-10 by default) set each axis: it spans the
    scale plus 5% of its span either side (items off the scale widen it), and a word scale shows
    its words at their positions.
    """
    data = items.dropna(subset=[x, y]).copy()
    fig = go.Figure()
    xs, ys = data[x].astype(float), data[y].astype(float)
    x_scale, y_scale = x_scale or DEFAULTS["effort"], y_scale or DEFAULTS["customer_value"]
    lo_x, hi_x = _axis_range(xs, x_scale)
    lo_y, hi_y = _axis_range(ys, y_scale)
    dx, dy = 0.015 * (hi_x - lo_x), 0.02 * (hi_y - lo_y)  # quadrant labels sit this far inside their corner
    shading = {"Quick win": "rgba(0,114,178,0.07)", "Money pit": "rgba(213,94,0,0.07)"}
    for name, (xs_side, ys_side) in QUADRANT_POSITIONS.items():
        x0, x1 = (lo_x, x_threshold) if xs_side == "low" else (x_threshold, hi_x)
        y0, y1 = (y_threshold, hi_y) if ys_side == "high" else (lo_y, y_threshold)
        if name in shading:
            fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=shading[name], line_width=0, layer="below")
        fig.add_annotation(x=x0 + dx if xs_side == "low" else x1 - dx, y=y1 - dy if ys_side == "high" else y0 + dy,
                           text=f"<b>{name}</b>", showarrow=False, font=dict(size=16, color="#56606b"),
                           xanchor="left" if xs_side == "low" else "right",
                           yanchor="top" if ys_side == "high" else "bottom")
    fig.add_vline(x=x_threshold, line_dash="dash", line_color="#8a939d")
    fig.add_hline(y=y_threshold, line_dash="dash", line_color="#8a939d")

    sizes = _bubble_sizes(data[size] if size and size in data else None, len(data))
    numbered = keys is not None
    positions = label_positions(xs, ys, x_span=hi_x - lo_x, y_span=hi_y - lo_y, right_edge=hi_x - 0.2 * (hi_x - lo_x),
                                label_width=0.03 if numbered else 0.16)
    groups = data[color].astype("object").fillna("(none)") if color and color in data else pd.Series("All", index=data.index)
    for i, (group, part) in enumerate(data.groupby(groups, sort=False)):
        idx = part.index
        is_sel = part["opportunity_id"].astype(str) == str(selected) if selected is not None else pd.Series(False, index=idx)
        fig.add_trace(go.Scatter(
            x=part[x], y=part[y], mode="markers+text", name=safe_label(group, 40),
            text=([str(keys[i]) for i in idx] if numbered else [safe_label(t, 28) for t in part["opportunity"]]),
            textposition=positions.loc[idx].tolist(),
            textfont=dict(size=14 if numbered else 12, color="#1b2430"),
            marker=dict(size=sizes.loc[idx], color=CATEGORICAL[i % len(CATEGORICAL)], symbol=SYMBOLS[i % len(SYMBOLS)],
                        opacity=0.85, line=dict(width=np.where(is_sel, 4, 1), color=np.where(is_sel, "#000", "#fff"))),
            customdata=np.column_stack([part["opportunity_id"].astype(str)]),
            cliponaxis=False,
            hovertext=[(f"#{keys[i]} " if numbered else "") + _hover(r, x, y, size) for i, r in part.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_xaxes(title=safe_label(x_label), range=[lo_x, hi_x], gridcolor="#eef0f3", zeroline=False,
                     **_ticks(x_scale))
    fig.update_yaxes(title=safe_label(y_label), range=[lo_y, hi_y], gridcolor="#eef0f3", zeroline=False,
                     **_ticks(y_scale))
    fig.update_layout(legend=dict(orientation="h", y=-0.15, title=safe_label(color_label or color or "")),
                      clickmode="event+select",
                      dragmode=False)  # a click selects a bubble (with dragmode="select" clicks were lost)
    return base_layout(fig, height=height)


def _axis_range(values: pd.Series, scale: Scale) -> tuple[float, float]:
    """The scale plus 5% of its span (at least 0.5 on a short scale) either side, widened to fit the values."""
    pad = max(0.05 * scale.span, 0.5 if scale.span <= 10 else 0.0)
    lo, hi = scale.low - pad, scale.high + pad
    if len(values):
        lo, hi = min(lo, float(values.min()) - pad), max(hi, float(values.max()) + pad)
    return lo, hi


def _ticks(scale: Scale) -> dict:
    """Axis ticks: the words of a word scale at positions 1..k; whole numbers on a short numeric scale."""
    if scale.words:
        return {"tickvals": list(range(1, len(scale.words) + 1)), "ticktext": [safe_label(w, 20) for w in scale.words]}
    if scale.span <= 10:
        return {"tick0": scale.low, "dtick": 1}
    return {}


def axis_title(what: str, scale: Scale, note: str = "") -> str:
    """'Effort (1-5, higher = more work)' or 'Value (Low / Medium / High)'."""
    return f"{what} ({scale.label}{', ' + note if note else ''})"


def label_positions(xs: pd.Series, ys: pd.Series, *, x_span: float, y_span: float,
                    right_edge: float, label_width: float = 0.16) -> pd.Series:
    """A text position per bubble that keeps labels apart on a projector.

    Labels sit above their bubble; one that would overlap an already placed label (closer than
    ``label_width`` of the width - 16% is roughly one 28-character label - and ~6% of the
    height) goes below its bubble instead, then to the side; when every slot is taken it stays
    on top. Labels near the right edge grow leftwards so they are not cut off. Greedy, in order
    of value (top first), so the most valuable items keep the top slot.
    """
    placed: list[tuple[float, float]] = []  # centres of the labels placed so far
    out = pd.Series("top center", index=xs.index, dtype="object")
    order = ys.sort_values(ascending=False, kind="stable").index
    for i in order:
        x, y = float(xs[i]), float(ys[i])
        left = x > right_edge
        beside = (label_width / 2 + 0.02) * x_span
        side_x = x - beside if left else x + beside  # centre of a label beside the bubble
        candidates = [("top", x, y + 0.04 * y_span), ("bottom", x, y - 0.04 * y_span), ("middle", side_x, y)]
        free = [c for c in candidates
                if not any(abs(c[1] - px) < label_width * x_span and abs(c[2] - py) < 0.06 * y_span
                           for px, py in placed)]
        side, lx, ly = free[0] if free else candidates[0]  # every slot taken: keep the top
        placed.append((lx, ly))
        if side == "middle":
            out[i] = "middle left" if left else "middle right"
        else:
            out[i] = f"{side} left" if left else f"{side} center"
    return out


def _bubble_sizes(values: pd.Series | None, n: int) -> pd.Series:
    if values is None or values.notna().sum() == 0:
        return pd.Series(22.0, index=range(n)) if values is None else pd.Series(22.0, index=values.index)
    v = values.astype(float)
    top = v.max()
    area = np.sqrt(v.fillna(0) / top) if top > 0 else v * 0
    return (14 + 36 * area).where(v.notna(), 14.0)


def _hover(row: pd.Series, x: str, y: str, size: str | None) -> str:
    parts = [f"<b>{safe_label(row['opportunity'], 80)}</b>"]
    for col, label in ((y, "value"), (x, "effort"), ("customer_value", "customer value"),
                       ("business_value", "business value"), ("confidence", "confidence"), (size, "reach")):
        if col and col in row and pd.notna(row[col]):
            val = row[col]
            parts.append(f"{label}: {val:.0%}" if col == "confidence" else f"{label}: {val:,.1f}".replace(".0", ""))
    for col, label in (("touchpoint", "touchpoint"), ("goal_names", "goals"), ("quadrant", "quadrant")):
        if col in row and pd.notna(row[col]) and str(row[col]):
            parts.append(f"{label}: {safe_label(row[col], 80)}")
    if "goal_names" in row and not str(row["goal_names"] or ""):
        parts.append("not tied to any goal")
    return "<br>".join(parts)


def rank_comparison_figure(ranks: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Slope chart: each opportunity's rank under each framework (1 at the top)."""
    methods = [c for c in ranks.columns if c != "opportunity"]
    fig = go.Figure()
    for i, (_, row) in enumerate(ranks.iterrows()):
        fig.add_trace(go.Scatter(
            x=[labels.get(m, m) for m in methods], y=[row[m] for m in methods], mode="lines+markers",
            name=safe_label(row["opportunity"], 40), line=dict(color=CATEGORICAL[i % len(CATEGORICAL)], width=2),
            marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=9),
            hovertemplate=safe_label(row["opportunity"], 80) + "<br>%{x}: rank %{y}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title="Rank (1 = do first)", dtick=1, gridcolor="#eef0f3")
    fig.update_layout(showlegend=len(ranks) <= 12, legend=dict(font=dict(size=11)))
    return base_layout(fig, height=max(360, 26 * len(ranks) + 120))
