"""Friction hotspots page pieces: editable weights, the ranked table and chart, the per-hotspot story."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import cxlens
from cxlens import export, friction, journey
from cxlens.journey_figures import hotspot_bars

from . import view_state as vs
from .markdown import md

PARAMS = [vs.Param("hs_by", "by"), vs.Param("hs_min_n", "min_n", "int", lo=1, hi=1000)]
NO_SPLIT = "(touchpoints only)"


def controls(ds: cxlens.Dataset) -> dict:
    columns = [c for c in journey.available_columns(ds) if c not in ("month", "quarter")]
    params = vs.restrict(PARAMS, {"hs_by": tuple(columns) + (NO_SPLIT,)})
    vs.seed(params)
    components = friction.available_components(ds)
    vs.keep([f"hs_w_{comp}" for comp in friction.COMPONENTS] + ["hs_order"])
    vs.fit_choice("hs_by", [NO_SPLIT] + columns, "Split each touchpoint by", default=NO_SPLIT,
                  fmt=lambda c: c if c == NO_SPLIT else journey.column_label(c))
    vs.fit_number("hs_min_n", 1, 1000, "Min. answers to rank")
    for comp in components:
        vs.fit_number(f"hs_w_{comp}", 0.0, 3.0, friction.COMPONENTS[comp])
    st.session_state.setdefault("hs_by", NO_SPLIT)
    st.session_state.setdefault("hs_min_n", friction.MIN_N)
    c1, c2 = st.columns([2, 1])
    by = c1.selectbox("Split each touchpoint by", [NO_SPLIT] + columns, key="hs_by",
                      format_func=lambda c: c if c == NO_SPLIT else journey.column_label(c),
                      help="Catches a touchpoint that fails only one persona or channel.")
    min_n = c2.number_input("Min. answers to rank", 1, 1000, key="hs_min_n", step=5,
                            help="Touchpoints with fewer answers are listed apart as 'too few to judge'.")
    weights = {}
    with st.expander("Friction formula and weights", expanded=False):
        st.markdown("**Friction** = weighted mean of the components below (each a % of the touchpoint's answers). "
                    "Ranking uses the **lower bound** of its 95% interval, so a high rate on few answers does not "
                    "outrank a slightly lower rate on many. **Customers affected / month** = monthly volume × "
                    "friction.")
        cols = st.columns(max(len(components), 1))
        for col, comp in zip(cols, components):
            weights[comp] = col.slider(friction.COMPONENTS[comp], 0.0, 3.0, 1.0, 0.5, key=f"hs_w_{comp}")
        if components and not any(weights.values()):
            st.warning("All weights are 0; using equal weights.")
            weights = {}
    vs.publish(params)
    return {"by": None if by == NO_SPLIT else by, "min_n": int(min_n), "weights": weights or None,
            "components": components}


def ranking(ds: cxlens.Dataset, view: dict) -> pd.DataFrame:
    spots = friction.friction_hotspots(ds, by=view["by"], weights=view["weights"], min_n=view["min_n"])
    order = "rank"
    if spots["affected"].notna().any():
        spots = friction.rank_by_affected(spots)
        order = st.radio("Rank by", ["affected", "rank"], horizontal=True, key="hs_order",
                         format_func={"affected": "Customers hurt per month (volume × friction, lower bound)",
                                      "rank": "Friction rate (lower bound of the 95% interval)"}.get)
        order = "affected_rank" if order == "affected" else "rank"
    spots = spots.sort_values([order, "rank"], na_position="last", kind="stable").reset_index(drop=True)
    ranked, thin = spots[~spots["too_few"]], spots[spots["too_few"]]
    if ranked.empty:
        st.info(f"No touchpoint has {view['min_n']} or more answers, so none is ranked. Lower the minimum to see "
                "tentative results.")
    else:
        top = ranked.iloc[0]
        who = f" for **{md(top[view['by']])}**" if view["by"] else ""
        affected = (f", about **{top['affected']:,.0f} customers a month**" if pd.notna(top.get("affected")) else "")
        if "complaint_share" in view["components"]:  # a complaint log: shares of all complaints, not friction rates
            filed = int(top.get("stages", 1) or 1)
            st.markdown(f"Biggest hotspot: **{md(top['touchpoint'])}** ({md(top['stage'])}"
                        f"{f', and {filed - 1} more' if filed > 1 else ''}){who} — **{int(top['n']):,} complaints**, "
                        f"**{top['friction']:.0f}%** of all (at least {top['friction_low']:.0f}% with 95% "
                        "confidence).")
        else:
            st.markdown(f"Biggest hotspot: **{md(top['touchpoint'])}** ({md(top['stage'])}){who} — friction "
                        f"**{top['friction']:.0f}%** (at least {top['friction_low']:.0f}% with 95% confidence) from "
                        f"{int(top['n']):,} answers{affected}.")
        st.plotly_chart(hotspot_bars(spots, top=15, order_by="affected" if order == "affected_rank" else "rank"),
                        width="stretch", key="hs_bars")
    show = [order, "touchpoint", "stage"] + ([view["by"]] if view["by"] else []) + ["n"] + view["components"] + \
        ["friction", "friction_low", "friction_high", "volume", "affected"]
    config = {c: st.column_config.NumberColumn(friction.COMPONENTS[c], format="%.0f%%") for c in view["components"]}
    config.update({"friction": st.column_config.NumberColumn("friction", format="%.1f%%"),
                   "friction_low": st.column_config.NumberColumn("low (95%)", format="%.1f%%"),
                   "friction_high": st.column_config.NumberColumn("high (95%)", format="%.1f%%"),
                   "volume": st.column_config.NumberColumn("customers / month", format="%d"),
                   "affected": st.column_config.NumberColumn("affected / month", format="%d"),
                   "rank": st.column_config.NumberColumn(format="%d"),
                   "affected_rank": st.column_config.NumberColumn("rank", format="%d"),
                   "affected_low": st.column_config.NumberColumn("at least, / month", format="%d")})
    if order == "affected_rank":
        show.append("affected_low")
    st.dataframe(ranked[[c for c in show if c in ranked]], hide_index=True, width="stretch", column_config=config)
    if not thin.empty:
        with st.expander(f"{len(thin)} with too few answers to judge (under {view['min_n']})"):
            st.dataframe(thin[[c for c in show if c in thin and c != order]], hide_index=True, width="stretch",
                         column_config=config)
    _exports(spots[[c for c in show + ["too_few"] if c in spots]])
    return spots


def _exports(table: pd.DataFrame) -> None:
    c1, c2 = st.columns(2)
    c1.download_button("Download ranking (CSV)", export.to_csv_bytes(table), "cxlens_hotspots.csv", "text/csv",
                       width="stretch")
    c2.download_button("Download ranking (Excel)", export.to_xlsx_bytes({"Hotspots": table}), "cxlens_hotspots.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch")


def story(ds: cxlens.Dataset, spots: pd.DataFrame, view: dict) -> str | None:
    """Why one hotspot hurts: drivers, worst segment, verbatims (its change over time: :mod:`components.change_view`).

    Returns the touchpoint of the hotspot chosen (None when nothing is ranked)."""
    ranked = spots[~spots["too_few"]]
    if ranked.empty:
        return None
    st.subheader("Why it hurts")
    names = list(dict.fromkeys(ranked["touchpoint"].astype(str)))
    vs.fit_choice("hs_pick", names, "Hotspot")
    touchpoint = st.selectbox("Hotspot", names, key="hs_pick")
    row = ranked[ranked["touchpoint"].astype(str) == touchpoint].iloc[0]
    left, right = st.columns(2)
    with left:
        drivers = friction.hotspot_drivers(row, view["weights"])
        st.markdown("**What drives it**")
        st.dataframe(drivers[["label", "value", "contribution"]], hide_index=True, width="stretch",
                     column_config={"label": "component",
                                    "value": st.column_config.NumberColumn("% of answers", format="%.0f%%"),
                                    "contribution": st.column_config.NumberColumn("points of friction", format="%.1f")})
        segment_col = next((c for c in ("persona", "channel") if c in ds.segment_columns), None)
        if segment_col:
            worst = friction.worst_segment(ds, touchpoint, segment_col, view["min_n"], view["weights"])
            if worst is not None:
                st.markdown(f"**Worst {journey.column_label(segment_col).lower()}:** {md(worst[segment_col])} — "
                            f"friction {worst['friction']:.0f}% from {int(worst['n']):,} answers.")
    with right:
        st.markdown("**What customers said** (worst first)")
        quotes = friction.sample_verbatims(ds, touchpoint, n=6)
        if quotes.empty:
            st.caption("No comments for this touchpoint.")
        else:
            for _, q in quotes.iterrows():
                # st.text never interprets markup: spreadsheet HTML stays inert.
                st.text(f"“{q['comment']}”")
    return touchpoint


SEGMENT_PARAMS = [vs.Param("sg_metric", "metric"), vs.Param("hs_min_n", "min_n", "int", lo=1, hi=1000)]
SEGMENTS_SHOWN = 15


def segments(ds: cxlens.Dataset) -> None:
    """Without touchpoints (a customer table): the customer groups that fare surely worse than everyone."""
    metrics_ = [m for m in journey.available_metrics(ds) if m != "volume"]
    if not metrics_:
        st.info("The data has no score or yes/no outcome to compare customer groups on.", icon=":material/info:")
        return
    params = vs.restrict(SEGMENT_PARAMS, {"sg_metric": tuple(metrics_)})
    vs.seed(params)

    def label(m: str) -> str:
        return journey.metric_info(ds, m)["label"]

    vs.fit_choice("sg_metric", metrics_, "Compare groups on", default=journey.default_metric(ds), fmt=label)
    vs.fit_number("hs_min_n", 1, 1000, "Min. customers per group")
    st.session_state.setdefault("sg_metric", journey.default_metric(ds))
    st.session_state.setdefault("hs_min_n", friction.MIN_N)
    st.info("This data has no touchpoints (for example one row per customer), so the hotspots are **customer "
            "groups**: every value of every segment column, and numbers in value ranges.", icon=":material/group:")
    c1, c2 = st.columns([2, 1])
    metric = c1.selectbox("Compare groups on", metrics_, key="sg_metric", format_func=label)
    min_n = c2.number_input("Min. customers per group", 1, 1000, key="hs_min_n", step=5)
    vs.publish(params)
    info = journey.metric_info(ds, metric)
    groups = journey.segment_hotspots(ds, metric, min_n=int(min_n))
    overall = journey.metric_overall(ds, metric)
    if groups.empty:
        st.warning(f"No group has {int(min_n)} or more answers. Lower the minimum to compare smaller groups.",
                   icon=":material/filter_alt_off:")
        return
    worse = "highest" if info["higher_is_better"] is False else "lowest"
    unit = info["unit"]
    digits = info["decimals"]
    st.markdown(f"**{md(info['label'])}** over everyone: **{overall.value:.{digits}f}{unit}** (n = {overall.n:,}). "
                f"Groups are ranked by the end of their 95% interval nearest the overall value, so a group ranks high "
                f"only when even its most favourable plausible value is among the {worse}; ▲/▼ mark groups whose "
                "interval excludes the overall value.")
    shown = groups.head(SEGMENTS_SHOWN).copy()
    table = pd.DataFrame({
        "Segment": shown["segment"].map(journey.column_label), "Group": shown["group"],
        "Customers (n)": shown["n"].astype(int),
        info["label"]: shown["value"].round(digits),
        "95% interval": [f"{lo:.{digits}f}–{hi:.{digits}f}{unit}" for lo, hi in zip(shown["ci_low"], shown["ci_high"])],
        "vs everyone": [f"{d:+.{digits}f}{' ▲' if s and d > 0 else ' ▼' if s else ''}"
                        for d, s in zip(shown["delta"], shown["significant"])],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button("Download groups (CSV)", groups_csv(table), "cxlens_groups.csv", "text/csv", key="sg_csv",
                       icon=":material/download:")
    st.caption(f"{len(groups):,} groups with at least {int(min_n)} customers; the {min(len(groups), SEGMENTS_SHOWN)} "
               "shown are the surest to fare worse. The Journey heatmap crosses two segments.")


def groups_csv(table: pd.DataFrame) -> bytes:
    """The compared groups as shown, safe to open in Excel (the table toolbar's download is off)."""
    return export.to_csv_bytes(table)
