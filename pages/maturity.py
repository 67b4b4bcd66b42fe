"""CX maturity: how ready the organisation is, and what to do next."""

import streamlit as st

from components import ui

st.title("CX maturity")
st.caption("How mature the CX practice is, where raters disagree, and the next projects for this stage.")
ds = ui.require_dataset("The assessment needs a Maturity sheet of questionnaire answers.")
if ds is not None:
    if ds.maturity.empty:
        ui.empty_state("The loaded data has no maturity answers. Add a 'Maturity' sheet "
                       "(rater, department, date, dimension, statement, score 1-5).")
    else:
        raters = ds.maturity["rater"].nunique()
        ui.view_in_progress(f"Answers from {raters} raters are loaded. Dimension scores, spread, stage and "
                            "recommended next projects come next.", "issue #6")
