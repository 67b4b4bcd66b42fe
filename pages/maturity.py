"""CX maturity: how ready the organisation is, where raters disagree, and what to do next."""

import streamlit as st

from components.frame import ensure_frame
from components import data_source
from components import maturity_view as mv

ensure_frame()  # a deep link on a fresh server must still get the router and sidebar

st.title("CX maturity")
st.caption("Many raters, one picture: how mature the CX practice is, where people disagree, "
           "and the next projects for this stage.")
ds = data_source.current_dataset()  # optional: answers and evidence from the loaded data
key = mv.assessment_key()  # the data's own assessment, the app's default one (sample), or a shared name
active = mv.active_model(key)  # the assessment's model, shared by every rater (default or uploaded)
mv.model_caption(active, key)
mv.sheet_model_offer(ds, active, key)  # a Maturity sheet with its own statements: use them as the model?
results_tab, form_tab, model_tab = st.tabs(["Results", "Answer the questionnaire", "The model"])
with form_tab:
    mv.questionnaire(active, key)
with results_tab:
    stored = mv.stored_answers(key)  # read after the questionnaire: includes answers submitted this run
    mv.results(mv.combined_answers(ds, stored), active.model, ds)
    mv.manage_answers(key, stored)
with model_tab:
    mv.model_tab(active, key)
