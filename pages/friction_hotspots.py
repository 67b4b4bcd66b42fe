"""Friction hotspots: touchpoints ranked by how many customers they hurt."""

import streamlit as st

from components import ui

st.title("Friction hotspots")
st.caption("Where customers struggle, ranked by how many are hurt and how sure we are.")
ds = ui.require_dataset("Hotspots need feedback rows with touchpoints and scores or complaint flags.")
if ds is not None:
    if ds.feedback["touchpoint"].isna().all():
        ui.empty_state("The loaded data has no touchpoint column. Map one on the Import page.")
    else:
        ui.view_in_progress("A confidence-aware friction ranking per touchpoint and segment, with the "
                            "verbatims behind each hotspot.", "issue #4")
