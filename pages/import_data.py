"""Import & data quality: what was detected in each file, and every problem found."""

import streamlit as st

from components import ui
from cxlens.problems import summarise

st.title("Import & data quality")
ds = ui.require_dataset("This page shows how your files were read.")
if ds is not None:
    st.subheader("What was read")
    st.dataframe(ds.sources, hide_index=True, width="stretch")
    st.subheader("Problems found")
    problems = ds.problems
    if problems.empty:
        st.success("No problems: every value was read as it was.", icon=":material/check:")
    else:
        st.markdown("Each problem is listed with where it was and what was done. Rows are never dropped silently.")
        st.dataframe(summarise(problems), hide_index=True, width="stretch")
        with st.expander("Every affected cell (up to 50 examples per problem)"):
            st.dataframe(problems, hide_index=True, width="stretch")
    st.download_button("Download import recipe (JSON)", ds.recipe.to_json(), file_name="cxlens_recipe.json",
                       mime="application/json")
