"""Opportunities: value versus effort, tied to the strategy, with the usual prioritisation frameworks."""

import streamlit as st

from components.frame import ensure_frame
from components import backlog_state, data_source, strategy_state
from components import opportunity_view as ov
from components import ui
from cxlens import prioritisation as pr
from cxlens import strategy as sg

ensure_frame()  # a deep link on a fresh server must still get the router and sidebar

st.title("Opportunities")
st.caption("Which improvements pay off for customers and the business, which goals they serve — "
           "and how robust that ranking is.")
ds = ui.require_dataset("The matrix needs an Opportunities sheet (or friction hotspots to generate candidates).")
if ds is not None:
    ov.keep_settings()
    goals = strategy_state.load(ds)
    scales = backlog_state.scales(ds)  # value/effort scales detected from the data (1-5, 1-10, 0-100, words)
    spots = backlog_state.hotspots(ds)
    backlog, goal_problems = sg.attach_goals(backlog_state.load(ds, spots), goals)
    read_only = data_source.read_only()  # someone else's shared workspace: view, do not change
    backlog_state.writeback_notice(read_only)
    if not read_only:
        backlog_state.add_hotspot_candidates(ds, backlog, spots, scales)
    strategy_state.panel(goals, backlog, goal_problems, editable=not read_only)
    if backlog.empty:
        ui.empty_state("The loaded data has no opportunities yet. Add candidates from the friction hotspots "
                       "above, or an 'Opportunities' sheet (see the Excel template on the Import page).")
    else:
        controls = ov.matrix_controls(has_goals=not goals.empty, scales=scales)
        ranked = pr.prioritise(backlog, "value_effort", ov.weights(controls), *controls["thresholds"], scales=scales)
        counts = ranked["quadrant"].value_counts()
        st.markdown(" · ".join(f"**{counts.get(q, 0)}** {q.lower()}{'s' if counts.get(q, 0) != 1 else ''}"
                               for q in pr.QUADRANTS))
        unscored = int((ranked["quadrant"] == "Not scored").sum())
        if unscored:
            st.caption(f"{unscored} item(s) need value and effort estimates before they appear on the matrix.")
        ov.untied_callout(ranked, has_goals=not goals.empty)
        selected = ov.render_matrix(ranked, controls, scales)
        ov.detail_card(ranked, selected, goals, scales)
        st.subheader("Backlog")
        if read_only:
            st.caption("A shared workspace, open read-only: its owner edits the backlog.")
            backlog_state.table(backlog, goals)
        else:
            st.caption("Edit scores and the goals each item serves, add rows, then save: changes are kept in the "
                       "app's database and survive restarts.")
            backlog_state.quick_edit(ranked, goals, scales)
            backlog_state.editor(backlog, goals, scales)
        st.subheader("Frameworks side by side")
        ov.frameworks(backlog, ov.weights(controls), scales)
        st.subheader("Export")
        ov.export_buttons(ranked)
