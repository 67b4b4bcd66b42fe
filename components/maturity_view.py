"""Maturity page pieces: the assessment's model (default or uploaded, kept in the app store), the
questionnaire form (answers go to the app store) and the results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

import cxlens
from cxlens import export
from cxlens import maturity as mt
from cxlens.maturity_figures import dimension_spread_figure, radar_figure, stage_figure
from cxlens.store import MaturityModelChanged, MaturityModelLocked, StoreError, fixed_to_default

from . import data_source, identity
from . import maturity_access as access
from . import view_state as vs
from .markdown import md

DEPARTMENTS = ["Executive team", "Marketing", "Sales", "Customer Service", "Digital", "Product", "Operations",
               "Finance", "HR", "IT", "Other"]
SCALE_LABELS = {1: "1 · Strongly disagree", 2: "2 · Disagree", 3: "3 · Neither", 4: "4 · Agree",
                5: "5 · Strongly agree", None: "Don't know"}


def assessment() -> mt.Assessment:
    """The session's assessment (rules: components/maturity_access.py): one opened by its link or created by
    typing a name (shared by link), else the loaded data's own (on the sample data, private to this person)."""
    return access.assessment()


def assessment_key() -> str:
    """The store key of the session's assessment (:func:`assessment`)."""
    return assessment().key


def _label(key: str, *, capital: bool = False) -> str:
    """The assessment as the page names it (Markdown-escaped): “name”, or whose it is."""
    return md(access.label(key, capital=capital))


def _store():
    from .store_resource import get_store

    return get_store()


# ----------------------------------------------------------------------------- the assessment's model


@dataclass(frozen=True)
class ActiveModel:
    """The model an assessment uses: the default one, or the custom one stored for it."""

    model: mt.MaturityModel
    custom: bool
    name: str
    fingerprint: str
    updated_at: dt.datetime | None = None
    submissions: int = 0  # stored submissions for the assessment: once > 0 the model is fixed

    @property
    def locked(self) -> bool:
        return self.submissions > 0


def active_model(key: str) -> ActiveModel:
    """The assessment's model from the store (shared by every rater's session), else the default model.

    A stored model that no longer validates is reported and the page stops, rather than scoring its
    answers against another model; "Back to the default model" is offered when allowed."""
    default = mt.load_model()
    store = _store()
    stored, submissions = None, 0
    if store is not None:
        try:
            # the app's default assessment always uses the default model (a custom one stored for it
            # before this rule is ignored)
            stored = None if fixed_to_default(key) else store.get_maturity_model(key)
            submissions = int(store.list_maturity_answers(key)["response_id"].nunique())
        except StoreError as err:  # pragma: no cover - database trouble is drawn by get_store's checks
            st.error(md(err))
    if stored is None:
        return ActiveModel(default, False, default.name, mt.model_fingerprint(default), submissions=submissions)
    try:
        model = mt.model_from_dict(stored["model"])
    except ValueError as err:
        st.error(f"The custom maturity model stored for {_label(key)} can no longer be used: {md(err)}",
                 icon=":material/error:")
        if not submissions:
            st.button("Back to the default model", on_click=_back_to_default, args=(key,), key="mt_model_reset_bad")
        st.stop()
    return ActiveModel(model, True, stored["name"], stored["fingerprint"], stored.get("updated_at"), submissions)


def model_caption(active: ActiveModel, key: str | None = None) -> None:
    n = sum(len(d.statements) for d in active.model.dimensions)
    which = f"custom model “{md(active.name)}”" if active.custom else "the default model"
    whose = "This assessment" if key is None else _label(key, capital=True)
    st.caption(f"{whose} uses {which}: {len(active.model.dimensions)} dimensions, {n} statements "
               "(tab **The model**).")


def _flash(kind: str, text: str) -> None:
    st.session_state["mt_model_flash"] = (kind, text)


def _apply_model(key: str, model_dict: dict, fingerprint: str, name: str) -> None:
    store = _store()
    refused = _model_change_refused(key)
    if store is None or refused:
        if refused:
            _flash("error", refused)
        return
    try:
        store.set_maturity_model(key, model_dict, fingerprint=fingerprint, name=name)
    except MaturityModelLocked as err:
        _flash("error", str(err))
        return
    except (ValueError, StoreError) as err:
        _flash("error", f"The model could not be saved: {err}")
        return
    st.session_state["mt_upload_round"] = st.session_state.get("mt_upload_round", 0) + 1  # a fresh, empty uploader
    label = access.label(key)  # _flash text is escaped when shown
    _flash("success", f"{label[:1].upper() + label[1:]} now uses {name}. Everyone answering it sees the new "
                      "questionnaire.")


def _back_to_default(key: str) -> None:
    store = _store()
    if store is None or _model_change_refused(key):
        return
    try:
        removed = store.clear_maturity_model(key)
    except (MaturityModelLocked, StoreError) as err:
        _flash("error", str(err))
        return
    if removed:
        label = access.label(key)
        _flash("success", f"{label[:1].upper() + label[1:]} uses the default model again.")


#: The rater name stored for a submission whose rater left the name blank.
ANONYMOUS = "Anonymous"


def stored_answers(key: str) -> pd.DataFrame:
    """The answers given in the app to the assessment, every rater's (the scores are everyone's), with the
    names of submissions this person may not see replaced (:func:`components.maturity_access.without_others_names`)."""
    store = _store()
    empty = pd.DataFrame(columns=["rater", "department", "date", "dimension", "question", "score", "response_id"])
    if store is None:
        return empty
    try:
        stored = store.list_maturity_answers(key)
        visible = access.visible_submissions(key)
    except StoreError as err:
        st.error(f"The answers given in the app could not be read: {md(err)}", icon=":material/database:")
        return empty
    return access.without_others_names(stored, visible["response_id"].tolist())


def combined_answers(ds: cxlens.Dataset | None, stored: pd.DataFrame) -> pd.DataFrame:
    """Answers from the uploaded Maturity sheet plus ``stored``, those given in the app (:func:`stored_answers`)."""
    parts = []
    if ds is not None and not ds.maturity.empty:
        parts.append(ds.maturity[["rater", "department", "date", "dimension", "question", "score"]].astype(
            {"rater": "object", "department": "object", "dimension": "object", "question": "object"}))
    if not stored.empty:
        s = stored[["rater", "department", "date", "dimension", "question", "score"]].copy()
        # Each unnamed submission is its own rater: grouped under one name, a second anonymous rater's
        # answers would replace the first's (one rater's latest answer counts).
        unnamed = s["rater"] == ANONYMOUS
        s.loc[unnamed, "rater"] = ANONYMOUS + " #" + stored.loc[unnamed, "response_id"].astype("str")
        s["date"] = pd.to_datetime(s["date"]).dt.tz_localize(None) if getattr(
            pd.to_datetime(s["date"]).dt, "tz", None) is not None else pd.to_datetime(s["date"])
        parts.append(s)
    if not parts:
        return pd.DataFrame(columns=["rater", "department", "date", "dimension", "question", "score"])
    return pd.concat(parts, ignore_index=True)


def questionnaire(active: "ActiveModel", key: str) -> None:
    model = active.model
    if not access.can_write():
        st.info(access.READ_ONLY, icon=":material/lock:")
        return
    minutes = max(1, round(sum(len(d.statements) for d in model.dimensions) * 10 / 60))
    st.markdown("Rate how far you agree with each statement about **your organisation today**. "
                f"Answer for what happens in practice, not for what is planned. Takes about {minutes} minutes.")
    if active.custom:
        st.caption(f"Questionnaire of the assessment's custom model: {md(active.name)}.")
    shown = st.session_state.get("mt_form_model")  # the model of the form this rater last saw
    st.session_state["mt_form_model"] = active.fingerprint
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
                scores[statement] = st.radio(md(statement), [1, 2, 3, 4, 5, None], index=5, horizontal=True,
                                             format_func=SCALE_LABELS.get,
                                             key=f"mq_{active.fingerprint}_{dim.id}_{i}")
        submitted = st.form_submit_button("Submit my answers", type="primary")
    if submitted and shown is not None and shown != active.fingerprint:
        st.warning("The assessment's model was changed while you were answering, so your answers were not saved. "
                   "The questionnaire above now shows the new statements: please answer again.",
                   icon=":material/sync_problem:")
        return
    if submitted:
        answered_items = [(_dim_of(model, s), s, v) for s, v in scores.items() if v is not None]
        if not answered_items:
            st.error("Answer at least one statement (\"Don't know\" answers are not counted).")
            return
        store = _store()
        if store is None:
            return
        try:
            store.save_maturity_response(key, rater.strip() or ANONYMOUS, department, answered, answered_items,
                                         model_fingerprint=active.fingerprint if active.custom else "",
                                         rater_token=identity.token())
        except MaturityModelChanged as err:
            st.warning(md(err), icon=":material/sync_problem:")
            return
        except (ValueError, StoreError) as err:
            st.error(md(err))
            return
        st.success(f"Thank you — {len(answered_items)} answers saved to {_label(key)}. "
                   "The results tab includes them now.", icon=":material/check_circle:")


def manage_answers(key: str, stored: pd.DataFrame) -> None:
    """Remove mistaken submissions given in the app (a test run, a duplicate, the wrong assessment): a rater
    sees and removes their own, the assessment's owner all of them (components/maturity_access.py).

    Answers from an uploaded Maturity sheet are not listed: they change with the file."""
    done = st.session_state.pop("mt_removed_flash", None)
    if done:
        st.success(done, icon=":material/delete:")
    if stored.empty:
        return
    if data_source.read_only():
        st.caption(access.READ_ONLY)
        return
    try:
        per = access.visible_submissions(key).set_index("response_id")
    except StoreError as err:
        st.error(f"The submissions could not be read: {md(err)}", icon=":material/database:")
        return
    manage = access.can_manage(key)
    others = int(stored["response_id"].nunique()) - len(per)
    if per.empty:
        st.caption(f"{others} submission{'s' if others != 1 else ''} given in the app by other raters: only they "
                   "and the assessment's owner see who gave them or remove them.")
        return
    labels = {int(rid): f"{r.rater} · {r.department} · {pd.Timestamp(r.date):%d %b %Y} · {r.answers} answers "
                        f"(#{int(rid)})" for rid, r in per.iterrows()}
    whose = "all submissions" if manage else "your submissions"
    with st.expander(f"Submissions given in the app for {_label(key)} ({whose}): {len(per)} — remove a mistaken "
                     "one"):
        st.caption("Removing a submission deletes all its answers from this assessment for everyone; the "
                   "results above are recomputed without them. Answers from an uploaded Maturity sheet are "
                   "not listed here: remove them from the file."
                   + ("" if manage else f" {others} other submission{'s' if others != 1 else ''}: only their "
                      "raters and the assessment's owner see and remove them." if others else ""))
        vs.fit_choices("mt_remove_choice", list(labels), "Submissions to remove", fmt=lambda r: labels.get(r, r))
        chosen = st.multiselect("Submissions to remove", list(labels), format_func=labels.get, key="mt_remove_choice")
        sure = st.checkbox("I understand removed answers cannot be restored", key="mt_remove_confirm")
        if st.button("Remove the chosen submissions", disabled=not (chosen and sure), key="mt_remove"):
            _remove(key, chosen, manage)


def _remove(key: str, chosen: list[int], manage: bool) -> None:
    store = _store()
    if store is None:
        return
    removed = 0
    try:
        for rid in chosen:
            removed += bool(store.delete_maturity_response(key, rid, rater_token=identity.token(), manage=manage))
    except (PermissionError, StoreError) as err:
        st.error(md(err), icon=":material/block:")
        return
    for widget in ("mt_remove_choice", "mt_remove_confirm"):
        st.session_state.pop(widget, None)
    st.session_state["mt_removed_flash"] = (f"{removed} submission{'s' if removed != 1 else ''} removed "
                                            f"from {_label(key)}.")
    st.rerun()


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
        _other_model_note(err.problems)
        if not err.problems.empty:
            with st.expander(f"{len(err.problems)} answers could not be used"):
                st.dataframe(err.problems, hide_index=True, width="stretch")
        return
    st.markdown(f"**{md(result.headline())}**")
    k = st.columns([1, 1, 0.7, 1.9], vertical_alignment="top")
    change = result.change_text()
    steady = change is not None and change.startswith("no change")  # grey, no arrow: not a red "-0.00"
    k[0].metric("Overall", f"{result.overall:.2f} / {model.scale_max:g}", border=True, height="stretch",
                delta=change, delta_color="off" if steady else "normal", delta_arrow="off" if steady else "auto")
    k[1].metric("Stage", md(result.stage), border=True, help=md(result.stage_description) or None, height="stretch")
    k[2].metric("Raters", f"{result.n_raters}", border=True, height="stretch")
    # not an st.metric: a metric never wraps, and dimension names (several when they tie) are long
    with k[3].container(border=True, height="stretch", key="mt_floor"):
        st.caption("Weakest dimension", help="The floor: it limits the rest. An organisation is at most one stage "
                                             "above its weakest dimension.")
        st.subheader(", ".join(md(d) for d in result.floor_dimensions), anchor=False)
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
            vs.keep(["mt_overlay"])
            vs.fit_choices("mt_overlay", list(by_dept.columns), "Overlay departments")
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
    _other_model_note(result.problems)
    if not result.problems.empty:
        with st.expander(f"{len(result.problems)} answers could not be used"):
            st.dataframe(result.problems, hide_index=True, width="stretch")
    c1, c2 = st.columns(2)
    c1.download_button("Download scores and answers (Excel)",
                       export.to_xlsx_bytes(mt.export_sheets(result, answers, recs)),
                       "cxlens_maturity.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       width="stretch")
    c2.download_button("Download answers (CSV)", export.to_csv_bytes(mt.export_sheets(result, answers)["Answers"]),
                       "cxlens_maturity_answers.csv",
                       "text/csv", width="stretch")


def _other_model_note(problems: pd.DataFrame) -> None:
    """Say plainly when answers belong to another model's statements (they are listed, never scored)."""
    if problems is None or problems.empty:
        return
    n = int((problems["problem"] == "statement is not in the maturity model").sum())
    if n:
        st.info(f"{n} answer{'s were' if n != 1 else ' was'} given to statements that are not in this assessment's "
                "model (for example a Maturity sheet answered with another model). They are listed under "
                "**answers could not be used** and not scored. Use the matching model, or a separate assessment "
                "name for each model.", icon=":material/rule:")


def model_tab(active: ActiveModel, key: str) -> None:
    model = active.model
    # counted again: a submission earlier in this run (the questionnaire tab) fixes the model now
    store = _store()
    try:
        n_submissions = int(store.list_maturity_answers(key)["response_id"].nunique()) if store is not None else 0
    except StoreError as err:
        st.error(f"The assessment could not be read: {md(err)}", icon=":material/database:")
        return
    active = replace(active, submissions=n_submissions)
    flash = st.session_state.pop("mt_model_flash", None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(md(flash[1]))
    when = f", uploaded {active.updated_at:%Y-%m-%d %H:%M} UTC" if active.custom and active.updated_at else ""
    label = _label(key)
    st.markdown(f"{_label(key, capital=True)} uses **{md(active.name)}**{md(when)} — {len(model.dimensions)} "
                "dimensions, "
                "answered on a 1-5 agreement scale. See docs/maturity.md for how scores, stages and "
                "recommendations are computed.")
    weights = pd.DataFrame({"dimension": model.dimension_names,
                            "statements": [len(d.statements) for d in model.dimensions],
                            "weight": [d.weight for d in model.dimensions]})
    c1, c2 = st.columns([1, 1.6])
    c1.dataframe(weights, hide_index=True, width="stretch")
    c2.dataframe(model.stages_frame(), hide_index=True, width="stretch",
                 column_config={"min_score": st.column_config.NumberColumn("from", width="small"),
                                "max_score": st.column_config.NumberColumn("below", width="small"),
                                "description": st.column_config.TextColumn(width="large")})
    st.dataframe(model.questionnaire(), hide_index=True, width="stretch")
    st.subheader("Use your own model")
    st.markdown("1. Download the model below.\n"
                "2. Edit the statements, dimensions and weights in Excel (stages and recommendations too, if you "
                "like).\n"
                f"3. Upload the file here, check the preview and use it. Everyone answering {label} then gets "
                "the new questionnaire; answers already given fix the model. A custom model belongs to the "
                "assessment it was made for: other assessments, and the app's default one, are not changed.")
    sheets = mt.model_sheets(model)
    d1, d2 = st.columns(2)
    d1.download_button("Download the model (Excel)", export.to_xlsx_bytes(sheets), "cxlens_maturity_model.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch",
                       icon=":material/download:")
    d2.download_button("Download the statements (CSV)", export.to_csv_bytes(sheets["Model"]),
                       "cxlens_maturity_model.csv", "text/csv", width="stretch", icon=":material/download:")
    fixed = _model_change_refused(key)
    if fixed:
        st.info(fixed, icon=":material/lock:")
    elif active.locked:
        st.info(f"{_label(key, capital=True)} already has {active.submissions} "
                f"submission{'s' if active.submissions != 1 else ''}, so its model is fixed: answers to one set of "
                "statements are never scored against another. To use another model, start a new assessment name "
                "(the box at the top of the page).", icon=":material/lock:")
    upload = st.file_uploader(f"Upload an edited model (CSV or Excel, at most {mt.MODEL_MAX_BYTES // 2**20} MB)",
                              type=["xlsx", "xls", "csv"], disabled=active.locked or bool(fixed),
                              max_upload_size=max(1, mt.MODEL_MAX_BYTES // 2**20),
                              key=f"mt_model_upload_{st.session_state.get('mt_upload_round', 0)}")
    if upload is not None:
        _preview(upload.name, upload.getvalue(), active, key)
    if active.custom:
        st.button("Back to the default model", on_click=_back_to_default, args=(key,), key="mt_model_reset",
                  disabled=active.locked or bool(fixed), icon=":material/undo:")


def _preview(filename: str, data: bytes, active: ActiveModel, key: str) -> None:
    try:
        candidate = mt.read_model_file(data, filename)
    except mt.ModelSheetError as err:
        n = len(err.problems)
        st.error(f"**{md(filename)}** cannot be used as a maturity model "
                 f"({n} problem{'s' if n != 1 else ''}; fix {'them all' if n != 1 else 'it'} and upload again):\n\n"
                 + "\n".join(f"- {md(p)}" for p in err.problems), icon=":material/error:")
        return
    fingerprint = mt.model_fingerprint(candidate)
    n = sum(len(d.statements) for d in candidate.dimensions)
    with st.container(border=True, key="mt_model_preview"):
        st.markdown(f"**Preview of {md(filename)}**: {len(candidate.dimensions)} dimensions, {n} statements, "
                    f"{len(candidate.stages)} stages ({md(', '.join(candidate.stage_names))}), "
                    f"{len(candidate.recommendations)} recommendations.")
        st.dataframe(pd.DataFrame({"dimension": candidate.dimension_names,
                                   "statements": [len(d.statements) for d in candidate.dimensions],
                                   "weight": [d.weight for d in candidate.dimensions]}),
                     hide_index=True, width="stretch")
        st.dataframe(candidate.questionnaire(), hide_index=True, width="stretch")
        if fingerprint == active.fingerprint:
            st.info("This is the model the assessment already uses.", icon=":material/check:")
            return
        st.button(f"Use this model for {_label(key)}", type="primary", key="mt_model_apply",
                  on_click=_apply_model, args=(key, mt.model_to_dict(candidate), fingerprint, candidate.name),
                  disabled=active.locked or bool(_model_change_refused(key)))


def _model_change_refused(key: str) -> str:
    """Why this session may not change the assessment's model (Markdown), or '' when it may."""
    if fixed_to_default(key):
        return ("The app's default assessment always uses the default model, for everyone using the app. "
                "To use your own model, upload your data (it gets an assessment of its own) or type an "
                "assessment name at the top of the page; the model then belongs to that assessment only.")
    if data_source.read_only():
        return "You are viewing someone else's workspace: its maturity model cannot be changed here."
    if not access.can_manage(key):
        return ("Only the assessment's creator can change its model: raters answer the questionnaire it has.")
    return ""


def sheet_model_offer(ds: cxlens.Dataset | None, active: ActiveModel, key: str) -> None:
    """Offer the model the loaded Maturity sheet defines (rule: :func:`cxlens.maturity.sheet_model_offer`),
    shown before use, for the session's assessment.

    Always draws its (possibly empty) container, so the tabs below keep their place and the open tab
    stays open when the offer appears or goes."""
    slot = st.container(key="mt_sheet_model_slot")
    if ds is None or ds.maturity.empty:
        return
    candidate = mt.sheet_model_offer(ds.maturity, active.model)
    if candidate is None:
        return
    with slot:
        _sheet_model_offer(candidate, active, key)


def _sheet_model_offer(candidate: mt.MaturityModel, active: ActiveModel, key: str) -> None:
    n = sum(len(d.statements) for d in candidate.dimensions)
    fingerprint = mt.model_fingerprint(candidate)
    refused = _model_change_refused(key)
    with st.container(border=True, key="mt_sheet_model"):
        st.markdown(f"**This sheet defines {len(candidate.dimensions)} dimension"
                    f"{'s' if len(candidate.dimensions) != 1 else ''} and {n} statement{'s' if n != 1 else ''}: "
                    f"use it as the model for {_label(key)}?** Its statements are not in the model the "
                    "assessment uses now, so its answers cannot be scored against that one.")
        st.dataframe(candidate.questionnaire(), hide_index=True, width="stretch", height=min(400, 36 + 35 * n))
        st.caption("Every dimension weighs the same; the stages are the default model's. To change weights, "
                   "stages or recommendations, download the model afterwards (tab **The model**), edit it and "
                   "upload it before anyone answers.")
        if refused:
            st.info(refused, icon=":material/lock:")
        elif active.locked:
            st.info(f"{_label(key, capital=True)} already has answers given with its model, "
                    "so the model is fixed. Type a new assessment name at the top of the page to use the sheet's "
                    "model there.", icon=":material/lock:")
        st.button(f"Use the sheet's model for {_label(key)}", type="primary", key="mt_sheet_model_apply",
                  on_click=_apply_model, args=(key, mt.model_to_dict(candidate), fingerprint, candidate.name),
                  disabled=bool(refused) or active.locked, icon=":material/check:")
