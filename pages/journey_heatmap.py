"""Journey heatmap: stage/touchpoint x segment or period, coloured by the chosen metric."""

import streamlit as st

from components.frame import ensure_frame
from components import heatmap_view as hv
from components import aggregate_view, change_view, ui
from cxlens import journey

ensure_frame()  # a deep link on a fresh server must still get the router and sidebar

st.title("Journey heatmap")
st.caption("Where in the journey, and for whom, the experience breaks — with sample sizes and confidence.")
ds = ui.require_dataset("The heatmap needs feedback rows with touchpoints or stages and at least one score.")
if ds is not None:
    if ds.feedback.empty and not ds.aggregates.empty:
        aggregate_view.show(ds)
    elif not journey.row_options(ds):
        ui.empty_state("The loaded data has no touchpoints, stages or segments to split by. Map a touchpoint column "
                       "on the Import page.")
    else:
        if not journey.has_journey(ds):
            st.info("This data has no touchpoints or stages (for example one row per customer), so rows are customer "
                    "segments: compare groups with each other. Map a touchpoint column on the Import page to see "
                    "the journey.", icon=":material/group:")
        view = hv.controls(ds)
        shown = change_view.heatmap_change(ds, view) if view["mode"] == "change" else hv.heatmap(ds, view)
        if shown is not None:
            cells, info, chosen = shown
            hv.drilldown(ds, view, cells, info, chosen)
            hv.curve(ds, view)
