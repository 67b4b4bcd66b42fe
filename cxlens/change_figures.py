"""The journey heatmap's change mode as a figure (pure: :func:`cxlens.periods.change_grid` output -> plotly).

Colour: a diverging scale centred on 0 from :data:`cxlens.figures.BAD` (vermilion, a change the bad way)
through white to :data:`cxlens.figures.GOOD` (blue, an improvement), both colour-blind safe; for a metric
where lower is better (effort, complaint rate) a drop is blue. Meaning is never carried by colour alone:
cells print the signed difference and n on both sides, significant ones (after Benjamini-Hochberg across
the cells) are bold with ▲/▼ and a "better"/"worse" word in the hover; cells within the noise are pale and
their text grey; cells with too few answers on either side are grey and say so. Every user string goes
through :func:`cxlens.figures.safe_label`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .figures import BAD, GOOD, base_layout, safe_label, wrap_label

#: Grey of cells with too few answers on either side.
TOO_FEW_GREY = "#d4d7dc"
#: Opacity of cells whose change is within the noise (not significant after BH).
MUTED = 0.3
UP, DOWN = "▲", "▼"
CELL_FONT = 14


def _num(value: float, decimals: int, signed: bool = True, unit: str = "") -> str:
    if value is None or pd.isna(value):
        return "–"
    value = round(float(value), decimals) + 0.0  # no "-0"
    return f"{value:{'+' if signed else ''},.{decimals}f}{unit}"


def _labels(values, limit: int) -> list[str]:
    out, seen = [], {}
    for v in values:
        lab = safe_label(v, limit)
        seen[lab] = seen.get(lab, 0) + 1
        out.append(lab if seen[lab] == 1 else f"{lab} ({seen[lab]})")
    return out


def _cell(rec, fmt: dict) -> tuple[str, str]:
    """(cell text, hover text) of one cell of the change grid."""
    d, unit, pts = fmt["decimals"], fmt["unit"], fmt["pts"]
    diff = _num(rec.diff, d) + pts
    sides = f"n {int(rec.n_before):,} → {int(rec.n_now):,}"
    hover = [f"<b>{fmt['ylab']}</b>", f"{fmt['col']}{fmt['xlab']}",
             f"{fmt['before']}: {_num(rec.value_before, d, fmt['signed'], unit)} (n={int(rec.n_before):,})",
             f"{fmt['now']}: {_num(rec.value_now, d, fmt['signed'], unit)} (n={int(rec.n_now):,})",
             f"Change: {diff}"]
    if not pd.isna(rec.ci_low):
        hover.append(f"95% interval: {_num(rec.ci_low, d)} to {_num(rec.ci_high, d)}{pts}")
    if rec.too_few:
        hover.append(f"Too few answers on one side (under {fmt['min_n']}): not judged, not coloured.")
        return f"too few<br>{sides}", "<br>".join(hover)
    if rec.significant:
        mark = UP if rec.diff > 0 else DOWN
        word = {True: "better", False: "worse"}.get(rec.better, "changed")
        hover.append(f"{mark} significant change ({word}), BH q = {rec.q:.3f}")
        return f"<b>{diff} {mark}</b><br>{sides}", "<br>".join(hover)
    q = "" if pd.isna(rec.q) else f" (BH q = {rec.q:.2f})"
    hover.append(f"Within the noise{q}: not a significant change")
    return f"{diff}<br>{sides}", "<br>".join(hover)


def change_heatmap_figure(grid: pd.DataFrame, metric_label: str, *, higher_is_better: bool | None = True,
                          unit: str = "", decimals: int = 0, signed: bool = False, row_label: str = "",
                          col_label: str = "", now_label: str = "Now", before_label: str = "Before",
                          min_n: int = 30, title: str | None = None) -> go.Figure:
    """A heatmap of the change between two periods per cell (rows in journey order, top to bottom).

    ``grid``: :func:`cxlens.periods.change_grid`. Three traces: cells with too few answers (grey), cells
    within the noise (pale colour, grey text), significant cells (full colour, bold text with ▲/▼). The
    colour scale is symmetric around 0 (the largest |difference| of a judged cell), :data:`GOOD` on the
    improving side (``higher_is_better`` False puts it on the negative side); a metric without a direction
    gets a purple-orange scale that says nothing about better or worse. ``unit`` is "%" for shares (the
    difference then reads in points), ``signed`` is True for NPS. ``customdata`` = [row, col] on every cell.
    """
    if grid.empty:
        fig = go.Figure()
        fig.add_annotation(text="No answers in either period for this selection.", showarrow=False)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return base_layout(fig, height=240, title=title)
    rows = [r for r in grid["row"].cat.categories if r in set(grid["row"])]
    cols = [c for c in grid["col"].cat.categories if c in set(grid["col"])]
    ylab = _labels(rows, 50)
    xlab = [wrap_label(x, 14, max_lines=3) for x in _labels(cols, 36)]
    ri, ci = {r: i for i, r in enumerate(rows)}, {c: j for j, c in enumerate(cols)}
    shape = (len(rows), len(cols))
    z = {k: np.full(shape, np.nan) for k in ("few", "noise", "sig")}
    text = {k: np.full(shape, "", dtype=object) for k in z}
    hover = {k: np.full(shape, "", dtype=object) for k in z}
    custom = np.empty(shape + (2,), dtype=object)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            custom[i, j, 0], custom[i, j, 1] = str(r), str(c)
    fmt = {"decimals": decimals, "unit": unit, "signed": signed, "min_n": min_n,
           "pts": " pts" if unit == "%" or signed else "", "col": f"{safe_label(col_label)}: " if col_label else "",
           "before": safe_label(before_label, 60), "now": safe_label(now_label, 60)}
    for rec in grid.itertuples(index=False):
        i, j = ri[rec.row], ci[rec.col]
        kind = "few" if rec.too_few or pd.isna(rec.diff) else ("sig" if rec.significant else "noise")
        z[kind][i, j] = 1.0 if kind == "few" else rec.diff
        text[kind][i, j], hover[kind][i, j] = _cell(rec, {**fmt, "ylab": ylab[i], "xlab": xlab[j]})
    judged = np.concatenate([z["noise"][np.isfinite(z["noise"])], z["sig"][np.isfinite(z["sig"])]])
    span = float(np.max(np.abs(judged))) if judged.size else 1.0
    span = span or 1.0
    if higher_is_better is None:
        scale = [[0, "#b35806"], [0.5, "#f7f7f7"], [1, "#542788"]]
    else:
        low, high = (BAD, GOOD) if higher_is_better else (GOOD, BAD)
        scale = [[0, low], [0.5, "#f7f7f7"], [1, high]]
    common = dict(x=xlab, y=ylab, customdata=custom, hoverinfo="text", texttemplate="%{text}", xgap=2, ygap=2,
                  hoverongaps=False)
    pts = ", points" if fmt["pts"] else (f" ({unit})" if unit else "")
    better = "" if higher_is_better is None else f"; blue = better ({'a rise' if higher_is_better else 'a drop'})"
    fig = go.Figure()
    fig.add_trace(go.Heatmap(z=z["few"], colorscale=[[0, TOO_FEW_GREY], [1, TOO_FEW_GREY]], showscale=False,
                             text=text["few"], hovertext=hover["few"], name="too few answers",
                             textfont=dict(size=CELL_FONT - 2, color="#4a5260"), **common))
    colorbar = dict(title=dict(text=f"Change in {safe_label(metric_label)}{pts}{better}", side="top"),
                    orientation="h", len=0.6, thickness=12, x=0.5, xanchor="center", y=0, yanchor="top", ypad=12)
    any_sig = bool(np.isfinite(z["sig"]).any())  # the colour bar goes with the full-colour cells when there are any
    fig.add_trace(go.Heatmap(z=z["noise"], colorscale=scale, zmin=-span, zmax=span, zmid=0, showscale=not any_sig,
                             opacity=MUTED, text=text["noise"], hovertext=hover["noise"], name="within the noise",
                             textfont=dict(size=CELL_FONT, color="#59606b"), colorbar=colorbar, **common))
    fig.add_trace(go.Heatmap(z=z["sig"], colorscale=scale, zmin=-span, zmax=span, zmid=0, showscale=any_sig,
                             text=text["sig"], hovertext=hover["sig"], name="significant change",
                             textfont=dict(size=CELL_FONT), colorbar=colorbar, **common))
    fig.update_xaxes(type="category", side="top", title=safe_label(col_label) or None, automargin=True,
                     categoryorder="array", categoryarray=xlab)
    fig.update_yaxes(type="category", autorange="reversed", title=safe_label(row_label) or None,
                     categoryorder="array", categoryarray=ylab, automargin=True)
    fig = base_layout(fig, height=max(380, 62 * len(rows) + 260), title=title)
    fig.update_layout(margin=dict(b=90, r=20))
    return fig
