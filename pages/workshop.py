"""Workshop: live prioritisation with participants scoring from their phones."""

import streamlit as st

from components import ui

st.title("Workshop")
st.caption("Put the opportunity matrix on the big screen while participants score from their phones.")
ds = ui.require_dataset("A workshop scores the opportunity backlog.")
if ds is not None:
    if ds.opportunities.empty:
        ui.empty_state("There is no opportunity backlog to score. Load an Opportunities sheet first.")
    else:
        ui.view_in_progress(f"A live scoring session over the {len(ds.opportunities)} opportunities in the backlog.",
                            "issue #7")
