"""Live workshop scoring: the pure part (criteria, per-item statistics, the room's consensus,
the live matrix and dots figures, the join QR code). The store (cxlens/store/votes.py) keeps votes;
components/workshop_view.py draws the views. No Streamlit here.
"""

from __future__ import annotations

import io
import math
import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .figures import CATEGORICAL, base_layout, safe_label
from .opportunity_figures import crowded, matrix_figure, matrix_keys

#: Score mode: value and effort on 1-10, the axes of the opportunity matrix.
SCALE_MIN, SCALE_MAX = 1, 10
SCORE_CRITERIA = {
    "mode": "score",
    "criteria": {
        "value": {"label": "Value", "min": SCALE_MIN, "max": SCALE_MAX,
                  "help": "How much it would improve things for customers and the business (10 = a lot)."},
        "effort": {"label": "Effort", "min": SCALE_MIN, "max": SCALE_MAX,
                   "help": "How much work it would take (10 = a lot of work)."},
    },
}


#: Anonymity: the one setting. An item's statistics are shown (big screen, facilitator, phones,
#: export, write-back) only once at least this many people scored it. Environment variable
#: ``CXLENS_WORKSHOP_MIN_VOTES``; values below :data:`MIN_VOTES_FLOOR` (or not a whole number)
#: fall back to the default. See docs/workshop.md, "Anonymity".
MIN_VOTES_ENV = "CXLENS_WORKSHOP_MIN_VOTES"
MIN_VOTES_DEFAULT = 3
#: With two votes an average and your own vote give the other's: never fewer than three.
MIN_VOTES_FLOOR = 3
#: Statistics that are individual votes (min, max; the median of three is one of them too) and
#: are never shown or exported.
VOTE_REVEALING_STATS = ("median", "min", "max")


def min_votes() -> int:
    """The anonymity threshold in force (read on every call, so a changed setting applies at once)."""
    raw = os.environ.get(MIN_VOTES_ENV, "").strip()
    try:
        value = int(raw)
    except ValueError:
        return MIN_VOTES_DEFAULT
    return value if value >= MIN_VOTES_FLOOR else MIN_VOTES_DEFAULT


def anonymise(results: pd.DataFrame, threshold: int | None = None) -> pd.DataFrame:
    """round_results / results_history with only what cannot reveal anyone's vote.

    With ``k`` = the threshold (default :func:`min_votes`), per item and criterion:

    * ``mean`` and ``total`` only from ``k`` votes: from fewer, a participant's own vote and the
      average give the others' (two votes: the other's exactly);
    * ``std`` and ``spread`` only from ``k + 1`` votes: mean and sd together are two equations, so
      with ``k`` votes a participant could solve them for the other two votes;
    * ``median``, ``min`` and ``max`` are dropped: they are individual votes.

    ``n`` (how many scored the item) and the participation counts stay. Rows and ``attrs`` are kept.
    """
    k = min_votes() if threshold is None else int(threshold)
    out = results.drop(columns=[c for c in VOTE_REVEALING_STATS if c in results.columns])
    n = out["n"].to_numpy()
    for col in ("mean", "total"):
        if col in out:
            out[col] = out[col].where(n >= k)
    for col in ("std", "spread"):
        if col in out:
            out[col] = out[col].where(n >= k + 1)
    out.attrs = dict(results.attrs, min_votes=k)
    return out


#: Write-back (score mode): the backlog fields each criterion's room average becomes. The room's
#: "value" is asked as value "for customers and the business", so it sets both; the
#: Opportunities matrix blends them back into the same number.
WRITEBACK_FIELDS = {"value": ("customer_value", "business_value"), "effort": ("effort",)}


def writeback_scores(mode: str, means: dict, scales: dict | None = None) -> dict:
    """The backlog scores a round's averages set (one decimal, as on the big screen); {} in dots
    mode, whose totals have no backlog score (they stay in the workshop history).

    The room votes on 1-10 (:data:`SCALE_MIN`..:data:`SCALE_MAX`); a backlog scored on another scale
    (``scales``: field -> :class:`cxlens.opportunity_scales.Scale`, e.g. 1-5) gets the average put on its
    scale linearly: low + (mean − 1) / 9 × (high − low), so 10 is its top and 1 its bottom.
    """
    if mode != "score":
        return {}
    out = {}
    for criterion, fields in WRITEBACK_FIELDS.items():
        value = means.get(criterion)
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            for f in fields:
                scale = (scales or {}).get(f)
                v = float(value)
                if scale is not None and (scale.low, scale.high) != (SCALE_MIN, SCALE_MAX):
                    v = scale.low + (v - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * (scale.high - scale.low)
                out[f] = round(v, 1)
    return out


def writeback_source(name: str, date, voters: int | None = None, round: int = 1) -> str:
    """Where written scores came from, e.g. 'workshop “Q3 planning”, 12 Nov 2025, 9 voters'."""
    parts = [f"workshop “{' '.join(str(name).split())}”", f"{date.day} {date:%b %Y}"]
    if round > 1:
        parts.append(f"round {round}")
    if voters is not None:
        parts.append(f"{voters} voter{'s' if voters != 1 else ''}")
    return ", ".join(parts)


def dots_criteria(dots: int) -> dict:
    """Dots mode: each participant distributes ``dots`` whole dots over the items."""
    return {"mode": "dots", "dots": int(dots)}


def fmt(value: float, digits: int = 1) -> str:
    """A statistic for display: one decimal, or an en dash when there is none."""
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def item_stats(results: pd.DataFrame) -> pd.DataFrame:
    """One row per opportunity (in workshop order) from round_results: ``<criterion>_mean``,
    ``_std``, ``_n`` and ``_total`` per criterion, plus ``n`` (people who scored the item on any
    criterion) and ``spread`` (its largest standard deviation)."""
    names = results.drop_duplicates("opportunity_id").set_index("opportunity_id")["name"]
    out = pd.DataFrame({"opportunity_id": names.index.astype(str), "opportunity": names.to_numpy()})
    wide = results.set_index(["opportunity_id", "criterion"])[["mean", "std", "n", "total"]].unstack("criterion")
    wide = wide.reindex(names.index)
    criteria = list(dict.fromkeys(results["criterion"]))
    for criterion in criteria:
        for stat in ("mean", "std", "n", "total"):
            out[f"{criterion}_{stat}"] = wide[(stat, criterion)].to_numpy(dtype="float64")
    n_cols = [f"{c}_n" for c in criteria]
    std_cols = [f"{c}_std" for c in criteria]
    out["n"] = out[n_cols].max(axis=1).fillna(0).astype("int64") if n_cols else 0
    out["spread"] = out[std_cols].max(axis=1) if std_cols else np.nan
    return out


def consensus_table(results: pd.DataFrame, mode: str) -> pd.DataFrame:
    """What the room discusses, one row per opportunity (numbers raw, text unescaped).

    Score mode: ``#`` (the item's number on the live matrix, :func:`matrix_keys`; shown when the
    matrix is numbered), mean and standard deviation of value and effort, ``Spread`` (the larger
    sd) and ``Votes``; sorted by spread so the biggest disagreement comes first, unscored items
    last. Dots mode: dots received (float; 0 without votes) and how many people gave any, most
    dots first. Pass :func:`anonymise`-d results for anything shown: hidden statistics are NaN
    and sort last.
    """
    stats = item_stats(results)
    if mode == "dots":
        table = pd.DataFrame({
            "Opportunity": stats["opportunity"],
            # NaN where the total is hidden (anonymise): fewer than the minimum number of people
            "Dots": stats.get("dots_total", pd.Series(np.nan, index=stats.index)),
            "People": stats["n"],
        })
        table.loc[table["People"] == 0, "Dots"] = 0.0
        return table.sort_values(["Dots", "People"], ascending=False, kind="stable",
                                 na_position="last").reset_index(drop=True)
    table = pd.DataFrame({"#": matrix_keys(_matrix_items(stats)).to_numpy(), "Opportunity": stats["opportunity"]})
    for criterion, label in (("value", "Value"), ("effort", "Effort")):
        table[label] = stats.get(f"{criterion}_mean", np.nan)
        table[f"{label} sd"] = stats.get(f"{criterion}_std", np.nan)
    table["Spread"] = stats["spread"]
    table["Votes"] = stats["n"]
    scored = table["Votes"] > 0
    table = pd.concat([table[scored].sort_values("Spread", ascending=False, kind="stable"), table[~scored]])
    return table.reset_index(drop=True)


def matrix_items(results: pd.DataFrame) -> pd.DataFrame:
    """Averaged value/effort per item in the columns matrix_figure expects (bubble size = votes)."""
    return _matrix_items(item_stats(results))


def _matrix_items(stats: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "opportunity_id": stats["opportunity_id"], "opportunity": stats["opportunity"],
        "value": stats.get("value_mean"), "effort": stats.get("effort_mean"),
        "value_sd": stats.get("value_std"), "effort_sd": stats.get("effort_std"), "votes": stats["n"],
    })


def live_matrix(results: pd.DataFrame, height: int = 600) -> go.Figure:
    """The opportunity matrix of the room's averages; quadrant lines at the middle of the scale.

    When the matrix is :func:`crowded` the bubbles carry numbers (:func:`matrix_keys`), which
    the consensus table lists in its '#' column, instead of names that would pile up."""
    items = matrix_items(results)
    mid = (SCALE_MIN + SCALE_MAX) / 2
    keys = matrix_keys(items)
    keys = keys if crowded(keys) else None
    fig = matrix_figure(items, x="effort", y="value", size="votes", color=None, x_threshold=mid, y_threshold=mid,
                        x_label="Effort (room average, 1-10)", y_label="Value (room average, 1-10)", height=height,
                        keys=keys)
    number = dict(zip(items["opportunity_id"], keys)) if keys is not None else {}
    hover = {
        r.opportunity_id: ("" if pd.isna(number.get(r.opportunity_id, pd.NA)) else f"#{number[r.opportunity_id]} ")
                          + (f"<b>{safe_label(r.opportunity, 80)}</b><br>value {_mean_sd(r.value, r.value_sd)}"
                           f"<br>effort {_mean_sd(r.effort, r.effort_sd)}<br>{int(r.votes)} "
                           f"vote{'s' if r.votes != 1 else ''}")
        for r in items.itertuples()
    }
    for trace in fig.data:
        ids = [row[0] for row in trace.customdata] if trace.customdata is not None else []
        trace.hovertext = [hover.get(i, "") for i in ids]
    fig.update_traces(textfont_size=16)
    fig.update_layout(font_size=17, showlegend=False, dragmode=False)
    return fig


def _mean_sd(mean: float, sd: float) -> str:
    """'7.0 ± 1.2'; '7.0' when the sd is hidden (anonymise) or missing."""
    return fmt(mean) if sd is None or pd.isna(sd) else f"{fmt(mean)} ± {fmt(sd)}"


def dots_figure(results: pd.DataFrame) -> go.Figure:
    table = consensus_table(results, "dots")
    table = table[table["Dots"] > 0].iloc[::-1]  # hidden totals (NaN) are not drawn
    fig = go.Figure(go.Bar(
        x=table["Dots"].astype("int64"), y=[safe_label(n, 48) for n in table["Opportunity"]], orientation="h",
        marker_color=CATEGORICAL[0], text=table["Dots"].astype("int64"), textposition="outside", cliponaxis=False,
        hovertext=[safe_label(n, 120) for n in table["Opportunity"]], hovertemplate="%{hovertext}: %{x}<extra></extra>",
    ))
    fig.update_xaxes(title="Dots", gridcolor="#eef0f3", rangemode="tozero", tickfont_size=15)
    fig.update_yaxes(tickfont_size=16)
    base_layout(fig, height=max(320, 48 * len(table) + 120))
    fig.update_layout(font_size=17)  # after base_layout, which sets the app's default font
    return fig


def qr_png(text: str) -> bytes:
    """A QR code of ``text`` as PNG bytes (error correction M survives a projector's glare)."""
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    qr.add_data(text)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buf, format="PNG")
    return buf.getvalue()
