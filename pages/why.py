"""Why: which comment themes cost or win points, and which ratings drive the overall score."""

import streamlit as st

from components.frame import ensure_frame
from components import ui, why_view

ensure_frame()  # a deep link on a fresh server must still get the router and sidebar

st.title("Why")
st.caption("Why the score is what it is: the comment themes that cost or win points, and the ratings or attributes "
           "that drive the overall outcome — each with how sure we are.")
ds = ui.require_dataset("The Why page needs feedback with comments and a score, or ratings and an overall outcome.")
if ds is not None:
    if ds.feedback.empty and not ds.aggregates.empty:
        st.info("These are published results, not individual responses: there are no comments or respondents to "
                "explain a score with. Entities are compared on the Journey heatmap page.",
                icon=":material/table_chart:")
    else:
        part, key = why_view.filtered(ds)
        impact = why_view.theme_impact_section(ds, part, key)
        st.divider()
        result = why_view.drivers_section(part, key)
        why_view.backlog_candidates(part, impact, result)
