"""Friction hotspots: touchpoints ranked by how many customers they hurt, and how sure we are."""

import streamlit as st

from components.frame import ensure_frame
from components import hotspot_view as hs
from components import change_view, text_view, ui

ensure_frame()  # a deep link on a fresh server must still get the router and sidebar

st.title("Friction hotspots")
st.caption("Where customers struggle, ranked by how sure we are — and how many customers it touches each month.")
ds = ui.require_dataset("Hotspots need feedback rows with touchpoints and scores or complaint flags.")
if ds is not None:
    if ds.feedback.empty and not ds.aggregates.empty:
        st.info("These are published results, not individual responses: entities are compared on the Journey "
                "heatmap page.", icon=":material/table_chart:")
    elif ds.feedback["touchpoint"].isna().all():
        hs.segments(ds)
        text_view.themes_section(ds)
    else:
        view = hs.controls(ds)
        spots = hs.ranking(ds, view)
        picked = hs.story(ds, spots, view)
        change_view.hotspot_change(ds, view)
        text_view.themes_section(ds, picked)
