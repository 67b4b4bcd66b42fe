"""Opportunities: value versus effort, with the usual prioritisation frameworks."""

import streamlit as st

from components import ui

st.title("Opportunities")
st.caption("Which improvements pay off for customers and the business.")
ds = ui.require_dataset("The matrix needs an Opportunities sheet (or friction hotspots to generate candidates).")
if ds is not None:
    if ds.opportunities.empty:
        ui.empty_state("The loaded data has no opportunities. Add an 'Opportunities' sheet with value and effort "
                       "columns (see the Excel template on the Import page).")
    else:
        st.dataframe(ds.opportunities, hide_index=True, width="stretch")
        ui.view_in_progress(f"{len(ds.opportunities)} opportunities are loaded (above). The value/effort matrix "
                            "and RICE, ICE and WSJF rankings come next.", "issue #5")
