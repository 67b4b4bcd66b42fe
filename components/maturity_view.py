"""Maturity page pieces: the questionnaire form (answers go to the app store) and the results."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import cxlens
from cxlens import export
from cxlens import maturity as mt
from cxlens.maturity_figures import dimension_spread_figure, radar_figure, stage_figure

from . import view_state as vs
from .markdown import md

DEPARTMENTS = ["Executive team", "Marketing", "Sales", "Customer Service", "Digital", "Product", "Operations",
               "Finance", "HR", "IT", "Other"]
SCALE_LABELS = {1: "1 · Strongly disagree", 2: "2 · Disagree", 3: "3 · Neither", 4: "4 · Agree",
                5: "5 · Strongly agree", None: "Don't know"}
PARAMS = [vs.Param("mt_assessment", "assessment")]


def assessment_key() -> str:
    vs.seed(PARAMS)
    st.session_state.setdefault("mt_assessment", "default")
    name = st.text_input("Assessment", key="mt_assessment", max_chars=60,
                         help="Everyone answering the same assessment name is combined. Share the page link: "
                              "it carries the name.")
    vs.publish(PARAMS)
    return (name or "default").strip()


def _store():
    from .store_resource import get_store

    return get_store()


def stored_answers(key: str) -> pd.DataFrame:
    store = _store()
    if store is None:
        return pd.DataFrame(columns=["rater", "department", "date", "dimension", "question", "score"])
    return store.list_maturity_answers(key)


def combined_answers(ds: cxlens.Dataset | None, key: str) -> pd.DataFrame:
    """Answers from the uploaded Maturity sheet plus those given in the app for this assessment."""
    parts = []
    if ds is not None and not ds.maturity.empty:
        parts.append(ds.maturity[["rater", "department", "date", "dimension", "question", "score"]].astype(
            {"rater": "object", "department": "object", "dimension": "object", "question": "object"}))
    stored = stored_answers(key)
    if not stored.empty:
        s = stored[["rater", "department", "date", "dimension", "question", "score"]].copy()
        s["date"] = pd.to_datetime(s["date"]).dt.tz_localize(None) if getattr(
            pd.to_datetime(s["date"]).dt, "tz", None) is not None else pd.to_datetime(s["date"])
        parts.append(s)
    if not parts:
        return pd.DataFrame(columns=["rater", "department", "date", "dimension", "question", "score"])
    return pd.concat(parts, ignore_index=True)


def questionnaire(model: mt.MaturityModel, key: str) -> None:
    st.markdown("Rate how far you agree with each statement about **your organisation today**. "
                "Answer for what happens in practice, not for what is planned. Takes about 5 minutes.")
    with st.form("maturity_form", clear_on_submit=False):
        c1, c2, c3 = st.columns(3)
        rater = c1.text_input("Your name (optional)", max_chars=80, placeholder="Anonymous")
        department = c2.selectbox("Department", DEPARTMENTS)
        answered = c3.date_input("Date", value=dt.date.today())
        scores: dict[str, int | None] = {}
        for dim in model.dimensions:
            st.markdown(f"**{md(dim.name)}** — {md(dim.description)}" if getattr(dim, "description", "") else
                        f"**{md(dim.name)}**")
            for i, statement in enumerate(dim.statements):
                scores[statement] = st.radio(statement, [1, 2, 3, 4, 5, None], index=5, horizontal=True,
                                             format_func=SCALE_LABELS.get, key=f"mq_{dim.id}_{i}")
        submitted = st.form_submit_button("Submit my answers", type="primary")
    if submitted:
        answered_items = [(_dim_of(model, s), s, v) for s, v in scores.items() if v is not None]
        if not answered_items:
            st.error("Answer at least one statement (\"Don't know\" answers are not counted).")
            return
        store = _store()
        if store is None:
            return
        try:
            store.save_maturity_response(key, rater.strip() or "Anonymous", department, answered, answered_items)
        except ValueError as err:
            st.error(md(err))
            return
        st.success(f"Thank you — {len(answered_items)} answers saved to assessment “{md(key)}”. "
                   "The results tab includes them now.", icon=":material/check_circle:")


def _dim_of(model: mt.MaturityModel, statement: str) -> str:
    for d in model.dimensions:
        if statement in d.statements:
            return d.name
    return ""


def results(answers: pd.DataFrame, model: mt.MaturityModel, ds: cxlens.Dataset | None) -> None:
    if answers.empty:
        st.info("No answers yet. Use the **Answer the questionnaire** tab (each person on their own device, "
                "with the same assessment name), or upload a Maturity sheet.", icon=":material/how_to_vote:")
        return
    try:
        result = mt.maturity_scores(answers, model)
    except mt.MaturityError as err:
        st.error(md(err))
        return
    st.markdown(f"**{md(result.headline())}**")
    k = st.columns([1, 1, 0.7, 1.6])
    k[0].metric("Overall", f"{result.overall:.2f} / 5", border=True,
                delta=None if pd.isna(result.overall_change) else f"{result.overall_change:+.2f} since last round")
    k[1].metric("Stage", result.stage, border=True, help=result.stage_description)
    k[2].metric("Raters", f"{result.n_raters}", border=True)
    k[3].metric("Weakest dimension", ", ".join(result.floor_dimensions), border=True,
                help="The floor: it limits the rest. An organisation is at most one stage above its weakest dimension.")
    st.plotly_chart(stage_figure(result, model), width="stretch", key="mt_stage")
    st.caption(md(result.stage_description))
    if result.disagreement_dimensions:
        st.warning("**Raters disagree** on " + ", ".join(md(d) for d in result.disagreement_dimensions)
                   + ". Discuss these before acting on the average: people see the organisation differently.",
                   icon=":material/forum:")
    left, right = st.columns(2)
    with left:
        by_dept = mt.by_department(answers, model)
        overlay = None
        if by_dept is not None and not by_dept.empty and by_dept.shape[1] > 1:
            chosen = st.multiselect("Overlay departments", list(by_dept.columns), key="mt_overlay",
                                    placeholder="None")
            overlay = by_dept[chosen] if chosen else None
        st.plotly_chart(radar_figure(result, overlay), width="stretch", key="mt_radar")
    with right:
        st.plotly_chart(dimension_spread_figure(result, mt.rater_matrix(answers, model)), width="stretch",
                        key="mt_spread")
    table = result.dimensions[["dimension", "score", "n_raters", "spread", "min", "max", "target", "gap", "change",
                               "floor", "disagreement"]]
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%.2f")
                                for c in ("score", "spread", "min", "max", "target", "gap", "change")})
    st.subheader("Recommended next projects")
    recs = mt.recommend(result, model, dataset=ds, top=3)
    for _, rec in recs.iterrows():
        with st.container(border=True):
            st.markdown(f"**{int(rec['rank'])}. {md(rec['project'])}** — {md(rec['dimension'])}")
            st.markdown(md(rec["why"]))
            if isinstance(rec.get("evidence"), str) and rec["evidence"]:
                st.caption("Evidence from your journey data: " + md(rec["evidence"]))
    if not result.problems.empty:
        with st.expander(f"{len(result.problems)} answers could not be used"):
            st.dataframe(result.problems, hide_index=True, width="stretch")
    c1, c2 = st.columns(2)
    c1.download_button("Download scores and answers (Excel)",
                       export.to_xlsx_bytes({"Scores": result.dimensions, "Answers": answers,
                                             "Recommendations": recs}),
                       "cxlens_maturity.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       width="stretch")
    c2.download_button("Download answers (CSV)", export.to_csv_bytes(answers), "cxlens_maturity_answers.csv",
                       "text/csv", width="stretch")


def model_tab(model: mt.MaturityModel) -> None:
    st.markdown(f"**{md(model.name)}** — {len(model.dimensions)} dimensions, answered on a 1-5 agreement scale. "
                "See docs/maturity.md for how scores, stages and recommendations are computed.")
    st.dataframe(model.stages_frame(), hide_index=True, width="stretch")
    st.dataframe(model.questionnaire(), hide_index=True, width="stretch")
