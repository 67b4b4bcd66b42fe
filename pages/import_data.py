"""Import & data quality: what was detected in each file, corrections, and every problem found."""

import streamlit as st

from components.frame import ensure_frame
from components import data_source
from components import import_editor as ie
from components import ui

ensure_frame()  # a deep link on a fresh server must still get the router and sidebar

st.title("Import & data quality")
st.caption("How your files were read. Correct anything that was guessed wrong, then apply: "
           "the files are read again with your settings, and the recipe can be saved for next time.")
ds = ui.require_dataset("This page shows how your files were read.", questions_notice=False)
if ds is not None:
    st.subheader("What was read")
    ie.reading_summary(ds)
    if not data_source.is_workspace():
        ie.open_questions(ds)
    st.subheader("Files and sheets")
    ie.sources_table(ds)

    if data_source.is_workspace():
        # A saved workspace holds the tables as imported, not the files: there is nothing to re-read.
        st.info("This is a saved workspace: it holds the data as its owner imported it, with the recipe below. "
                "To correct the import, its owner uploads the files again (with the corrected recipe) and "
                "replaces the workspace's data from the sidebar; the link keeps working.",
                icon=":material/inventory_2:")
        ie.recipe_controls(ds, allow_upload=False)
    else:
        st.subheader("Corrections")
        recipe = ie.editable_recipe(ds)
        tab_tables, tab_scales, tab_values, tab_stages = st.tabs(["Tables and columns", "Scales and codes",
                                                                  "Labels", "Stages"])
        with tab_tables:
            for key in recipe.tables:
                ie.table_editor(ds, recipe, key)
        with tab_scales:
            ie.scales_editor(recipe)
        with tab_values:
            ie.values_editor(ds, recipe)
        with tab_stages:
            ie.stages_editor(ds, recipe)
        if st.button("Apply corrections", type="primary", icon=":material/refresh:"):
            ie.apply(recipe)
        ie.recipe_controls(ds)

    if not ds.aggregates.empty:
        st.subheader("Preview of the published results as loaded")
        st.caption("One row per entity × measure (docs/data-format.md, 'Published results').")
        st.dataframe(ds.aggregates.drop(columns=["source_file"], errors="ignore").head(50), hide_index=True,
                     width="stretch")
    if not ds.feedback.empty or ds.aggregates.empty:
        st.subheader("Preview of the feedback as loaded")
        preview_cols = [c for c in ds.feedback.columns if ds.feedback[c].notna().any() and c not in ("source_file",)]
        st.dataframe(ds.feedback[preview_cols].head(50), hide_index=True, width="stretch")

    st.subheader("Data quality report")
    ie.quality_report(ds)

    st.divider()
    st.markdown("**Starting from scratch?** The template has the four sheets CX Lens reads best: "
                "Touchpoints, Feedback, Opportunities and Maturity.")
    ie.template_download()
