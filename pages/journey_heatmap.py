"""Journey heatmap: stage/touchpoint x segment, coloured by the chosen metric."""

import streamlit as st

from components import ui

st.title("Journey heatmap")
st.caption("Where in the journey, and for whom, the experience breaks.")
ds = ui.require_dataset("The heatmap needs feedback rows with touchpoints or stages and at least one score.")
if ds is not None:
    if ds.feedback["touchpoint"].isna().all() or not ds.metrics:
        ui.empty_state("The loaded data has no touchpoints with scores. Map a touchpoint and a score column "
                       "on the Import page.")
    else:
        ui.view_in_progress(
            f"Stages × segments coloured by {', '.join(m.upper() for m in ds.metrics)}, with sample sizes, "
            "confidence marks and a click-through to verbatims.", "issue #4")
