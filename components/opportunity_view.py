"""Opportunities page pieces: matrix controls, detail card, framework comparison, exports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cxlens import export
from cxlens import opportunity_scales as osc
from cxlens import prioritisation as pr
from cxlens import strategy as sg
from cxlens.opportunity_figures import (NAMED_LABELS_MAX, axis_title, crowded, matrix_figure, matrix_keys,
                                       rank_comparison_figure)

from . import view_state as vs
from .markdown import md

SIZE_OPTIONS = {"reach": "Reach (customers/month)", "confidence": "Confidence", "none": "Same size"}
COLOR_OPTIONS = {"stage": "Stage", "primary_goal": "Strategic goal", "owner": "Owner", "status": "Status",
                 "origin": "Source"}
LABEL_OPTIONS = {"auto": "Auto", "names": "Names", "numbers": "Numbers + key"}
#: The page's settings, kept while the user visits other pages (view_state.keep).
KEPT = ["opp_weight", "opp_size", "opp_color", "opp_split", "opp_labels", "opp_vt", "opp_et", "opp_goal_blend",
        "opp_goal_weight", "sens_method", "sens_top", "cand_top"]


def keep_settings() -> None:
    """Restore the page's settings after a visit to another page (call before drawing any of them)."""
    vs.keep(KEPT)


def matrix_controls(has_goals: bool = True, scales: dict | None = None) -> dict:
    """The matrix settings; the fixed quadrant lines are chosen on the value and effort scales."""
    scales = scales or osc.DEFAULTS
    v_scale, e_scale = osc.value_scale(scales), scales["effort"]
    c1, c2, c3, c4, c5 = st.columns([2.4, 1, 1, 1, 0.7])
    weight = c1.slider("Value = customer value × w + business value × (1 − w); w =", 0.0, 1.0, 0.5, 0.1,
                       key="opp_weight", help="Slide to 1 to rank by customer value only, to 0 for business value only.")
    size = c2.selectbox("Bubble size", list(SIZE_OPTIONS), format_func=SIZE_OPTIONS.get, key="opp_size")
    color = c3.selectbox("Colour and shape", list(COLOR_OPTIONS), format_func=COLOR_OPTIONS.get, key="opp_color")
    split = c4.selectbox("Quadrant lines", ["median", "fixed"], key="opp_split",
                         format_func={"median": "At the medians", "fixed": "At chosen values"}.get,
                         help="Medians of the items on the matrix (unscored items do not move them). "
                              + pr.TIE_RULE)
    labels = c5.selectbox("Bubble labels", list(LABEL_OPTIONS), format_func=LABEL_OPTIONS.get, key="opp_labels",
                          help=f"Names overlap when many bubbles sit close. Numbers stay readable on a projector, "
                               f"with a key below the chart (1 = highest value, then lowest effort). Auto shows "
                               f"names for up to {NAMED_LABELS_MAX} opportunities and numbers above that.")
    thresholds = (None, None)
    if split == "fixed":
        t1, t2 = st.columns(2)
        thresholds = (_threshold_slider(t1, "Value line", v_scale, "opp_vt"),
                      _threshold_slider(t2, "Effort line", e_scale, "opp_et"))
    goal_weight = 0.0
    g1, g2 = st.columns([1, 2])
    blend = g1.toggle("Blend goal alignment into business value", key="opp_goal_blend", disabled=not has_goals,
                      help="Goal alignment = " + sg.ALIGNMENT_FORMULA + ". See docs/prioritisation.md.")
    if blend and has_goals:
        goal_weight = g2.slider("Share of business value that comes from goal alignment (g)", 0.1, 1.0, 0.5, 0.1,
                                key="opp_goal_weight")
        st.caption(f"**{pr.goal_blend_formula(scales)}**, g = {goal_weight:.1f}. Goal alignment (0-1) = "
                   f"{sg.ALIGNMENT_FORMULA}; serving no goal counts as 0.")
    elif not has_goals:
        g2.caption("Add strategy goals (above) to use goal alignment.")
    return {"weight": weight, "size": None if size == "none" else size, "color": color, "thresholds": thresholds,
            "goal_weight": goal_weight, "labels": labels}


def _threshold_slider(container, label: str, scale: osc.Scale, key: str) -> float:
    """A quadrant line on ``scale`` (default its middle); a kept value from another scale is clamped."""
    lo, hi = float(scale.low), float(scale.high)
    step = scale.step / 2 if scale.words else scale.step
    note = vs.fit_number(key, lo, hi, label)
    if note:
        st.caption(note)
    middle = lo + round((hi - lo) / 2 / step) * step
    return container.slider(f"{label} ({scale.label}): high is above", lo, hi, middle, step, key=key,
                            help=pr.TIE_RULE)


def weights(controls: dict) -> dict:
    return {"customer": controls["weight"], "goal": controls.get("goal_weight", 0.0)}


def untied_callout(ranked: pd.DataFrame, has_goals: bool) -> None:
    """Say which opportunities serve no strategy goal (they compete for the same budget)."""
    if not has_goals:
        return
    untied = ranked.loc[ranked["goals"].map(len) == 0, "opportunity"].astype(str).tolist()
    if not untied:
        st.caption("Every opportunity serves at least one strategy goal.")
        return
    shown = ", ".join(f"“{md(n)}”" for n in untied[:6]) + (f" and {len(untied) - 6} more" if len(untied) > 6 else "")
    st.warning(f"**{len(untied)} opportunit{'y is' if len(untied) == 1 else 'ies are'} not tied to any goal:** "
               f"{shown}. Tag the goals {'it serves' if len(untied) == 1 else 'they serve'} in the backlog below, or ask why "
               f"{'it is' if len(untied) == 1 else 'they are'} on the list.",
               icon=":material/link_off:")


def render_matrix(ranked: pd.DataFrame, controls: dict, scales: dict | None = None) -> str | None:
    """Draw the matrix on the data's scales; return the id of the clicked/selected opportunity, if any."""
    scales = scales or osc.DEFAULTS
    v_scale, e_scale = osc.value_scale(scales), scales["effort"]
    if not (ranked["value"].notna() & ranked["effort"].notna()).any():
        st.info("Nothing to plot yet: no opportunity has both a value and an effort estimate. Fill in business "
                "value and effort in the backlog below (hotspot candidates come with customer value only); "
                "items appear on the matrix as soon as they are scored.", icon=":material/scatter_plot:")
        return st.session_state.get("opp_selected")
    vt, et = pr.thresholds(ranked["value"], ranked["effort"], *controls["thresholds"])
    keys = matrix_keys(ranked)
    labels = controls.get("labels", "auto")
    numbered = labels == "numbers" or (labels == "auto" and crowded(keys))
    fig = matrix_figure(ranked, size=controls["size"], color=controls["color"], x_threshold=et, y_threshold=vt,
                        color_label=COLOR_OPTIONS.get(controls["color"]),
                        selected=st.session_state.get("opp_selected"), keys=keys if numbered else None,
                        x_scale=e_scale, y_scale=v_scale,
                        x_label=axis_title("Effort", e_scale, "higher = more work"), y_label=axis_title("Value", v_scale))
    event = st.plotly_chart(fig, key="opp_matrix", on_select="rerun", selection_mode=("points",), width="stretch")
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    if points:
        chosen = points[0].get("customdata")
        chosen = chosen[0] if isinstance(chosen, (list, tuple)) else chosen
        st.session_state["opp_selected"] = chosen
    plotted = int((ranked["value"].notna() & ranked["effort"].notna()).sum())
    on = ranked.loc[ranked["on_line"].astype(str) != "", "opportunity"].astype(str).tolist() \
        if "on_line" in ranked else []
    st.caption(f"Quadrant lines: value {v_scale.format(vt)}, effort {e_scale.format(et)}"
               + (f" (medians of the {plotted} items on the matrix)." if controls["thresholds"] == (None, None)
                  else ".")
               + f" Scales: value {v_scale.label}, effort {e_scale.label}. {pr.TIE_RULE}"
               + (f" On a line now: {', '.join(md(n) for n in on[:4])}{' …' if len(on) > 4 else ''}." if on else "")
               + " Click a bubble for its evidence and scores.")
    if numbered:
        _matrix_key(ranked, keys)
    return st.session_state.get("opp_selected")


def _matrix_key(ranked: pd.DataFrame, keys: pd.Series) -> None:
    """The numbered bubbles' names, in two side-by-side tables so the key fits beside a projected chart."""
    table = (ranked.assign(key=keys).dropna(subset=["key"]).sort_values("key")
             [["key", "opportunity", "value", "effort"]]
             .rename(columns={"key": "#", "opportunity": "Opportunity", "value": "Value", "effort": "Effort"}))
    half = (len(table) + 1) // 2
    config = {"#": st.column_config.NumberColumn(width=40), "Opportunity": st.column_config.TextColumn(width=290),
              "Value": st.column_config.NumberColumn(format="%.1f", width=60),
              "Effort": st.column_config.NumberColumn(format="%.1f", width=60)}
    st.markdown("**Key to the numbered bubbles** (1 = highest value, then lowest effort)")
    for column, part in zip(st.columns(2), (table.iloc[:half], table.iloc[half:])):
        if len(part):
            column.dataframe(part, hide_index=True, column_config=config, width="stretch",
                             height=35 * (len(part) + 1) + 3)


def detail_card(ranked: pd.DataFrame, selected: str | None, goals: pd.DataFrame | None = None,
                scales: dict | None = None) -> None:
    if not selected or selected not in set(ranked["opportunity_id"]):
        return
    scales = scales or osc.DEFAULTS
    v_scale, e_scale = osc.value_scale(scales), scales["effort"]
    row = ranked.set_index("opportunity_id").loc[selected]
    with st.container(border=True):
        st.markdown(f"#### {md(row['opportunity'])}")
        cols = st.columns(5)
        line = str(row.get("on_line") or "")
        cols[0].metric("Quadrant", row["quadrant"], help=pr.TIE_RULE)
        cols[1].metric(f"Value ({v_scale.label})", v_scale.format(row["value"]))
        cols[2].metric(f"Effort ({e_scale.label})", e_scale.format(row["effort"]))
        cols[3].metric("Confidence", "–" if pd.isna(row["confidence"]) else f"{row['confidence']:.0%}")
        cols[4].metric("Reach / month", "–" if pd.isna(row["reach"]) else f"{row['reach']:,.0f}")
        facts = [f"**{label}:** {md(row[c])}" for c, label in (("touchpoint", "Touchpoint"), ("stage", "Stage"),
                                                              ("owner", "Owner"), ("status", "Status"),
                                                              ("origin", "Source"))
                 if c in row and pd.notna(row[c]) and str(row[c])]
        if line:
            facts.insert(0, f"**On the {line} line{'s' if ' and ' in line else ''}** ({pr.TIE_RULE.split(':')[0].lower()}, "
                            f"so it counts as low {line})")
        st.markdown(" · ".join(facts))
        source = row.get("score_source")
        if isinstance(source, str) and source:
            st.markdown(f":material/groups: **Scores from:** {md(source)}")
        _goals_served(row, goals)
        evidence = row.get("evidence")
        if isinstance(evidence, dict) and evidence:
            st.markdown("**Evidence**" + (" (the hotspot data of its touchpoint)" if row.get("origin") != "hotspot"
                                          else ""))
            for k, v in evidence.items():
                if k == "verbatims":
                    for text in v[:5]:
                        st.text(f"“{text}”")
                else:
                    st.markdown(f"- {md(k)}: {md(v)}")
        if st.button("Close", key="opp_close"):
            st.session_state.pop("opp_selected", None)
            st.rerun()


def _goals_served(row: pd.Series, goals: pd.DataFrame | None) -> None:
    if goals is None or goals.empty:
        return
    tags = list(row.get("goals") or [])
    blended = ""
    used, entered = row.get("business_value_used"), row.get("business_value")
    if pd.notna(used) and pd.notna(entered) and abs(used - entered) > 1e-9:
        blended = f" · business value used {used:.1f} (entered {entered:.1f})"
    if not tags:
        st.warning("**Not tied to any goal** (goal alignment 0%" + blended + "). Which target customers, "
                   "business goal or promise does it serve?", icon=":material/link_off:")
        return
    info = goals.set_index("goal_id")
    served = [f"**{md(info.at[g, 'name'])}** ({md(info.at[g, 'kind']).lower()}, importance {info.at[g, 'weight']:.0f})"
              for g in tags if g in info.index]
    st.markdown(f"**Serves:** {' · '.join(served)}  \n**Goal alignment:** {row['goal_alignment']:.0%}{blended}")


def frameworks(backlog: pd.DataFrame, weights: dict, scales: dict | None = None) -> None:
    methods = ["value_effort", "rice", "ice", "ice_mean", "wsjf"]
    tabs = st.tabs([pr.METHODS[m] for m in methods] + ["Agreement", "Sensitivity"])
    for tab, method in zip(tabs, methods):
        with tab:
            st.markdown(f"**{pr.METHODS[method]}** = {pr.scale_formulas(scales)[method]}")
            ranked = pr.prioritise(backlog, method, weights, scales=scales)
            cols = ["rank", "opportunity", "score", "value", "effort", "confidence", "reach", "quadrant", "assumed"]
            if weights.get("goal"):
                cols[4:4] = ["goal_alignment", "business_value_used"]
            if method == "wsjf":
                cols[6:6] = ["time_criticality", "risk_reduction"]
            st.dataframe(ranked[[c for c in cols if c in ranked]], hide_index=True, width="stretch",
                         column_config={"score": st.column_config.NumberColumn(format="%.2f"),
                                        "goal_alignment": st.column_config.NumberColumn(format="percent"),
                                        "business_value_used": st.column_config.NumberColumn(format="%.1f"),
                                        "confidence": st.column_config.NumberColumn(format="percent"),
                                        "reach": st.column_config.NumberColumn(format="%d")})
            if ranked["score"].isna().any():
                st.caption(f"{int(ranked['score'].isna().sum())} item(s) lack the inputs this framework needs "
                           "and are listed last without a rank.")
    ranks = pr.compare_methods(backlog, ["value_effort", "rice", "ice", "wsjf"], weights, scales)
    with tabs[-2]:
        agreement = pr.rank_agreement(ranks)
        labels = {m: pr.METHODS[m] for m in agreement.columns}
        st.markdown("**Rank agreement** (Kendall's tau-b: 1 = same order, 0 = unrelated, −1 = reversed)")
        st.dataframe(agreement.rename(index=labels, columns=labels).style.format("{:.2f}"), width="stretch")
        st.plotly_chart(rank_comparison_figure(ranks.sort_values("value_effort"), labels), width="stretch",
                        key="rank_slope")
    with tabs[-1]:
        method = st.selectbox("Framework", ["value_effort", "rice", "ice", "wsjf"], format_func=pr.METHODS.get,
                              key="sens_method")
        top = st.number_input("Top list size", 1, 20, 5, key="sens_top")
        sens = pr.sensitivity(backlog, method, top=int(top), goal_weight=weights.get("goal", 0.0), scales=scales)
        st.markdown(f"Re-ranked over {int(sens['settings'].iloc[0])} settings (customer weight 0 to 1"
                    + (", confidence ±0.2" if method in ("rice", "ice") else "") + "). "
                    f"**Fragile** items enter and leave the top {int(top)} as the weights move: discuss them.")
        st.dataframe(sens, hide_index=True, width="stretch",
                     column_config={"in_top_share": st.column_config.ProgressColumn(
                         f"share of settings in top {int(top)}", min_value=0.0, max_value=1.0, format="percent")})


def export_buttons(ranked: pd.DataFrame) -> None:
    cols = [c for c in ("rank", "opportunity", "quadrant", "on_line", "score", "value", "customer_value", "business_value",
                        "business_value_used", "goal_alignment", "goal_names", "effort", "confidence", "reach", "cost",
                        "time_criticality", "risk_reduction", "touchpoint", "stage", "owner", "status", "origin",
                        "score_source")
            if c in ranked]
    table = ranked[cols].rename(columns={"goal_names": "goals"})
    c1, c2 = st.columns(2)
    c1.download_button("Download ranked backlog (CSV)", export.to_csv_bytes(table), "cxlens_backlog.csv", "text/csv",
                       width="stretch")
    c2.download_button("Download ranked backlog (Excel)", export.to_xlsx_bytes({"Backlog": table}), "cxlens_backlog.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch")
