"""Change between two periods, as the Journey heatmap's "change" mode and the hotspots' rising/falling section.

Holds the comparison controls (latest 90 days vs the 90 before, two date ranges, or two uploaded files)
in session state; the numbers come from :func:`cxlens.periods.change_grid` and
:func:`cxlens.friction.friction_change`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import cxlens
from cxlens import friction, journey, metric_registry, periods
from cxlens.change_figures import change_heatmap_figure
from cxlens.figures import add_click_targets

from . import view_state as vs
from .markdown import md

LATEST, DATES, FILES = "latest", "dates", "files"
#: Significant cells or hotspots listed in words under the chart.
LISTED = 8


def _label(choice: str) -> str:
    return {LATEST: f"Latest {periods.DEFAULT_DAYS} days vs the {periods.DEFAULT_DAYS} before",
            DATES: "Two date ranges", FILES: "Two uploaded files (waves)"}[choice]


def _range(value) -> tuple | None:
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, dt.date) for v in value):
        return tuple(value)
    return None


def comparison(ds: cxlens.Dataset, prefix: str) -> tuple[object, object, str, str] | None:
    """(now, before, now label, before label) picked by the user; None (and a message) when the data has
    neither dates nor several files. ``prefix`` keeps the heatmap's and the hotspots' choices apart."""
    latest = periods.latest_periods(ds)
    files = periods.source_files(ds)
    options = ([LATEST, DATES] if latest else []) + ([FILES] if len(files) > 1 else [])
    if not options:
        st.info("The data has no dates, so there are no periods to compare. Map a date column on the Import page, "
                "or upload two files (for example two survey waves) together to compare them.",
                icon=":material/event_busy:")
        return None
    key = f"{prefix}_cmp"
    vs.fit_choice(key, options, "Compare", quiet=True)
    choice = st.radio("Compare", options, key=key, horizontal=True, format_func=_label)
    if choice == FILES:
        vs.fit_choice(f"{prefix}_wave_before", files, "Earlier file", quiet=True)
        vs.fit_choice(f"{prefix}_wave_now", files, "Later file", default=files[-1], quiet=True)
        st.session_state.setdefault(f"{prefix}_wave_now", files[-1])
        c1, c2 = st.columns(2)
        before = c1.selectbox("Earlier file", files, key=f"{prefix}_wave_before")
        now = c2.selectbox("Later file", files, key=f"{prefix}_wave_now")
        return now, before, str(now), str(before)
    (n0, n1), (b0, b1) = latest
    if choice == DATES:
        dates = ds.feedback["date"].dropna()
        lo, hi = dates.min().date(), dates.max().date()
        for k, default in ((f"{prefix}_before", (b0.date(), b1.date())), (f"{prefix}_now", (n0.date(), n1.date()))):
            value = st.session_state.get(k)
            if not isinstance(value, (tuple, list)):  # first visit: the default; a half-picked range stays
                value = default
            clamped = tuple(min(max(d, lo), hi) for d in value if isinstance(d, dt.date))
            if clamped != tuple(value) or k not in st.session_state:
                st.session_state[k] = clamped  # other data since: keep the range inside its dates
        c1, c2 = st.columns(2)
        b = _range(c1.date_input("Earlier range", key=f"{prefix}_before", min_value=lo, max_value=hi))
        n = _range(c2.date_input("Later range", key=f"{prefix}_now", min_value=lo, max_value=hi))
        if b is None or n is None:
            st.info("Pick both ends of each date range.", icon=":material/date_range:")
            return None
        (b0, b1), (n0, n1) = b, n
    now, before = (pd.Timestamp(n0), pd.Timestamp(n1)), (pd.Timestamp(b0), pd.Timestamp(b1))
    return now, before, f"{n0:%d %b %Y} to {n1:%d %b %Y}", f"{b0:%d %b %Y} to {b1:%d %b %Y}"


def heatmap_change(ds: cxlens.Dataset, view: dict) -> None:
    """The heatmap in change mode: each cell the later period minus the earlier, with interval, n and BH."""
    metric = view["metric"]
    if metric_registry.spec(metric).kind == metric_registry.COUNT:
        st.info("Responses are a count, not a score or a rate: pick another metric in “Colour by” to compare "
                "two periods.", icon=":material/info:")
        return
    cols = view["cols"]
    if cols in journey.TIME_COLUMNS:
        st.info(f"Columns by {cols} do not carry over from one period to another, so the change is shown per "
                "row only. Pick another column to split it.", icon=":material/info:")
        cols = None
    picked = comparison(ds, "hm")
    if picked is None:
        return
    now, before, now_label, before_label = picked
    filters = {k: v for k, v in view["filters"].items() if k not in ("date_from", "date_to")}
    if len(filters) != len(view["filters"]):
        st.caption("The From/To filter is not used here: the two periods set the dates.")
    problem = periods.change_problem(ds, metric, now, before, view["min_n"], filters)
    if problem:
        st.warning(problem, icon=":material/compare_arrows:")
        return
    info = journey.metric_info(ds, metric)
    grid = periods.change_grid(ds, view["rows"], cols, metric, now, before, view["min_n"], filters)
    spec = metric_registry.spec(metric)
    fig = change_heatmap_figure(grid, info["label"], higher_is_better=info["higher_is_better"], unit=info["unit"],
                                decimals=info["decimals"], signed=spec.kind == metric_registry.NPS,
                                row_label=journey.column_label(view["rows"]), col_label=journey.column_label(cols),
                                now_label=now_label, before_label=before_label, min_n=view["min_n"])
    add_click_targets(fig)
    judged = int((~grid["too_few"]).sum())
    better = "higher" if info["higher_is_better"] else "lower"
    st.markdown(f"**{md(info['label'])}**: **{md(now_label)}** minus **{md(before_label)}** in each cell, with n on "
                f"both sides. Blue is better ({better} is better), vermilion worse. **Bold ▲/▼** cells changed "
                f"significantly after a Benjamini-Hochberg correction across the {judged} cells compared; pale cells "
                f"are within the noise; grey cells have fewer than {view['min_n']} answers on a side. Hover for the "
                "95% interval.")
    st.plotly_chart(fig, key="hm_change_chart", width="stretch", config={"displaylogo": False})
    _listed(grid, info, spec)


def _listed(grid: pd.DataFrame, info: dict, spec) -> None:
    sig = grid[grid["significant"]].assign(size=lambda g: g["diff"].abs()).sort_values("size", ascending=False)
    if sig.empty:
        st.caption("No cell changed significantly between the two periods.")
        return
    st.markdown("**Significant changes**, largest first")
    signed = spec.kind == metric_registry.NPS
    for r in sig.head(LISTED).itertuples(index=False):
        col = "" if str(r.col) == journey.ALL_LABEL else f" × {r.col}"
        subject = f"{r.row}{col}: {info['label']}"
        word = "better" if r.better else "worse"
        st.markdown("- " + md(periods.describe_change(subject, r.value_before, r.value_now, r.diff, r.ci_low,
                                                      r.ci_high, r.n_before, r.n_now, unit=info["unit"],
                                                      decimals=info["decimals"], signed=signed)) + f" ({word})")


def hotspot_change(ds: cxlens.Dataset, view: dict) -> None:
    """Rising and falling hotspots: friction change per touchpoint between two periods, interval and BH."""
    st.subheader("Rising and falling")
    picked = comparison(ds, "hs")
    if picked is None:
        return
    now, before, now_label, before_label = picked
    problem = periods.change_problem(ds, _any_metric(ds), now, before, 1)
    if problem:
        st.warning(problem, icon=":material/compare_arrows:")
        return
    change = friction.friction_change(ds, now, before, weights=view["weights"], min_n=view["min_n"])
    judged = change[~change["too_few"]]
    st.caption(f"Friction in **{md(now_label)}** minus **{md(before_label)}** per touchpoint, with its 95% interval; "
               f"significant after a Benjamini-Hochberg correction across the {len(judged)} touchpoints with "
               f"{view['min_n']} or more answers on both sides.")
    rising = judged[judged["significant"] & (judged["diff"] > 0)]
    falling = judged[judged["significant"] & (judged["diff"] < 0)].sort_values("diff", kind="stable")
    left, right = st.columns(2)
    for slot, title, rows, empty in ((left, "Rising (worse)", rising, "No touchpoint's friction rose significantly."),
                                     (right, "Falling (better)", falling,
                                      "No touchpoint's friction fell significantly.")):
        with slot:
            st.markdown(f"**{title}**")
            if rows.empty:
                st.caption(empty)
            for r in rows.head(LISTED).itertuples(index=False):
                st.markdown("- " + md(periods.describe_change(f"{r.touchpoint} friction", r.friction_before,
                                                              r.friction_now, r.diff, r.ci_low, r.ci_high,
                                                              r.n_before, r.n_now)))
    with st.expander(f"Change of every touchpoint ({len(change)})"):
        st.dataframe(change, hide_index=True, width="stretch", column_config={
            c: st.column_config.NumberColumn(format="%.1f") for c in
            ("friction_before", "friction_now", "diff", "ci_low", "ci_high")} | {
            "p": st.column_config.NumberColumn(format="%.3f"), "q": st.column_config.NumberColumn("q (BH)",
                                                                                              format="%.3f")})


def _any_metric(ds: cxlens.Dataset) -> str:
    """A metric to check the periods with (dates, overlap); the friction's own n is checked per touchpoint."""
    return next((m for m in journey.available_metrics(ds) if m != "volume"), "volume")
