"""Strategy goals as the user edits them: the Strategy sheet plus the goals added or changed in the
app (kept in the app store, per dataset), the goal form, and the goal-name problems of the sheet."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import cxlens
from cxlens import strategy as sg
from cxlens.store import StoreError

from . import backlog_state
from . import view_state as vs
from .markdown import md

NEW = "__new__"


def load(ds: cxlens.Dataset) -> pd.DataFrame:
    """The sheet's goals with every stored edit, deletion and addition applied."""
    sheet = sg.goals_from_sheet(ds.strategy)
    store = backlog_state._store()
    if store is None:
        return sheet
    try:
        return sg.merge_goals(sheet, store.list_strategy_goals(backlog_state.backlog_key()))
    except StoreError as err:
        st.error(f"The goals saved in the app could not be read, so the sheet's goals are shown: {md(err)}",
                 icon=":material/database:")
        return sheet


def panel(goals: pd.DataFrame, backlog: pd.DataFrame, problems: pd.DataFrame, *, editable: bool = True) -> None:
    """The strategy in an expander: goals by kind with importance and how many items serve each,
    a form to add, edit or delete a goal (unless ``editable`` is False: a read-only shared
    workspace), and the sheet's goal names that match no goal."""
    if not problems.empty:
        missing = list(dict.fromkeys(problems["goal"].astype(str)))
        st.warning(
            f"**{len(missing)} goal name(s) in the Opportunities sheet match no strategy goal:** "
            + ", ".join(f"“{md(n)}”" for n in missing)
            + ". Those opportunities count as not serving them. Add them as goals (below) or correct the sheet.",
            icon=":material/link_off:")
        with st.expander("Which opportunities name them"):
            st.dataframe(problems, hide_index=True, width="stretch")
        if editable and st.button(f"Add {len(missing)} missing goal(s) as business goals", key="goal_add_missing"):
            store = backlog_state._store()
            if store is not None:
                try:
                    for i, name in enumerate(missing):
                        store.save_strategy_goal(backlog_state.backlog_key(), {
                            "goal_id": sg.goal_id(name, "app"), "name": name, "kind": "Business goal",
                            "weight": sg.DEFAULT_IMPORTANCE, "position": len(goals) + i})
                except StoreError as err:
                    st.error(f"The goals could not be saved: {md(err)}", icon=":material/database:")
                else:
                    st.rerun()
    label = (f"Strategy: {len(goals)} goal(s) — target customers, value proposition, business goals, brand promise"
             if len(goals) else "Strategy: no goals yet — add what the organisation is aiming for")
    with st.expander(label, icon=":material/flag:", expanded=goals.empty):
        if goals.empty:
            st.markdown("Goals come from a **Strategy** sheet (columns *Type*, *Goal*, *Description*, "
                        "*Importance (1-5)*) or " + ("from the form below" if editable else "from the owner of "
                                                     "this shared workspace")
                        + ". Tag each opportunity with the goals it serves in the backlog; goal alignment can "
                        "then feed business value.")
        else:
            summary = sg.goal_summary(goals, backlog)
            st.dataframe(
                summary[["kind", "name", "weight", "opportunities", "description"]], hide_index=True,
                width="stretch",
                column_config={
                    "kind": st.column_config.TextColumn("Kind"),
                    "name": st.column_config.TextColumn("Goal"),
                    "weight": st.column_config.ProgressColumn("Importance (1-5)", min_value=0, max_value=5,
                                                              format="%.0f"),
                    "opportunities": st.column_config.NumberColumn("Opportunities serving it", format="%d"),
                    "description": st.column_config.TextColumn("What it means", width="large"),
                })
        if editable:
            goal_form(goals)


def goal_form(goals: pd.DataFrame) -> None:
    names = dict(zip(goals["goal_id"], goals["name"].astype(str)))
    options = [NEW, *names]
    pending = st.session_state.pop("goal_pick_next", None)  # set by save/delete before the rerun
    if pending is not None:
        st.session_state["goal_pick"] = pending if pending in options else NEW
    vs.fit_choice("goal_pick", options, "Add or edit a goal", default=NEW, fmt=lambda g: names.get(g, g))
    gid = st.selectbox("Add or edit a goal", options, key="goal_pick",
                       format_func=lambda g: "+ New goal" if g == NEW else names.get(g, g))
    row = goals.set_index("goal_id").loc[gid] if gid != NEW else None
    with st.form(f"goal_form_{gid}", border=True):
        c1, c2, c3 = st.columns([1, 2, 1])
        kind = c1.selectbox("Kind", sg.KINDS, key=f"gf_kind_{gid}",
                            index=sg.KINDS.index(row["kind"]) if row is not None else sg.KINDS.index("Business goal"))
        name = c2.text_input("Goal", value="" if row is None else str(row["name"]), max_chars=200,
                             key=f"gf_name_{gid}", placeholder="e.g. Reduce churn")
        weight = c3.slider("Importance", 1, 5, int(round(row["weight"])) if row is not None else 3, key=f"gf_weight_{gid}",
                           help="1 = nice to have, 5 = must win. Goal alignment is measured against the most "
                                "important goal.")
        description = st.text_area(
            "What it means (optional)", key=f"gf_desc_{gid}", max_chars=2000, height=68,
            value="" if row is None or pd.isna(row["description"]) else str(row["description"]))
        saved = st.form_submit_button("Save goal", type="primary", icon=":material/save:")
    if saved:
        _save(goals, gid, kind, name, weight, description)
    if row is not None and st.button(f"Delete “{md(names[gid])}”", key=f"gf_delete_{gid}", icon=":material/delete:"):
        _delete(gid, row["origin"], str(row["name"]))


def _save(goals: pd.DataFrame, gid: str, kind: str, name: str, weight: int, description: str) -> None:
    name = " ".join(name.split())
    if not name:
        st.error("Give the goal a name.")
        return
    others = goals[goals["goal_id"] != gid]
    if name.casefold() in set(others["name"].astype(str).str.casefold()):
        st.error(f"There is already a goal called “{md(name)}”: pick it above to edit it.")
        return
    store = backlog_state._store()
    if store is None:
        return
    record = {"goal_id": sg.goal_id(name, "app") if gid == NEW else gid, "name": name, "kind": kind,
              "weight": float(weight), "description": description.strip() or None, "removed": False}
    if gid == NEW:
        record["position"] = len(goals)
    try:
        store.save_strategy_goal(backlog_state.backlog_key(), record)
    except StoreError as err:
        st.error(f"The goal could not be saved: {md(err)}", icon=":material/database:")
        return
    st.session_state["goal_pick_next"] = record["goal_id"]
    st.toast(f"Saved goal “{md(name)}”.")
    st.rerun()


def _delete(gid: str, origin: str, name: str) -> None:
    store = backlog_state._store()
    if store is None:
        return
    key = backlog_state.backlog_key()
    try:
        if origin == "sheet":  # the sheet is read again on every load: remember that it was deleted
            store.save_strategy_goal(key, {"goal_id": gid, "name": name, "removed": True})
        else:
            store.delete_strategy_goal(key, gid)
    except StoreError as err:
        st.error(f"The goal could not be deleted: {md(err)}", icon=":material/database:")
        return
    st.session_state["goal_pick_next"] = NEW
    st.toast(f"Deleted goal “{md(name)}”.")
    st.rerun()
