"""The workshop's setup view (no URL parameters): create a workshop over the loaded backlog, show its
links once, list the workshops on this backlog (issue #7)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cxlens.store import Store, StoreError, WorkshopNotFound
from cxlens.workshop import SCORE_CRITERIA, dots_criteria

from . import backlog_state, data_source, store_resource, ui
from . import view_state as vs
from . import workshop_common as wc
from .markdown import md

_CREATED = "cxlens_ws_created"  # id of the workshop created last in this session


def setup_view() -> None:
    st.title("Workshop")
    st.caption("Score the opportunity backlog together: participants use their phones, the room watches the "
               "big screen, and the results go back into the backlog.")
    wc.join_by_code_box()
    ds = ui.require_dataset("A workshop scores the opportunity backlog.")
    if ds is None:
        return
    # The backlog as the Opportunities page shows it: the sheet plus items added or edited in the app
    # (e.g. candidates generated from friction hotspots), so a workshop can score those too.
    backlog = backlog_state.load(ds)
    if backlog.empty:
        ui.empty_state("There is no opportunity backlog to score yet. Add candidates from the friction hotspots on "
                       "the Opportunities page, or load an Opportunities sheet.")
        return
    store = store_resource.get_store()
    if store is None:
        return
    backlog_key = backlog_state.backlog_key()  # the sample data: this person's own backlog
    created = st.session_state.get(_CREATED)
    if created is not None and created in wc.tokens(wc.FACILITATORS):
        _created_panel(store, created)
    elif data_source.read_only():
        st.info("This is someone else's shared workspace, open read-only: a workshop would change its backlog. "
                "Ask its owner to run the workshop, or start one from your own data.", icon=":material/lock:")
    else:
        _create_form(store, backlog, backlog_key)
    _existing_workshops(store, backlog_key)


def _create_form(store: Store, backlog: pd.DataFrame, backlog_key: str) -> None:
    st.subheader("Start a workshop")
    names = dict(zip(backlog["opportunity_id"], backlog["opportunity"].astype(str)))
    name = st.text_input("Workshop name", value="Prioritisation workshop", max_chars=80, key="ws_new_name")
    vs.fit_choices("ws_new_items", list(names), "Opportunities to score", fmt=lambda oid: names.get(oid, oid))
    ids = st.multiselect("Opportunities to score", list(names), default=list(names)[:100], key="ws_new_items",
                         format_func=lambda oid: names.get(oid, oid),
                         help="Every opportunity of the loaded backlog is included; remove the ones to skip.")
    st.caption(f"{len(ids)} of {len(names)} opportunities selected.")
    how = st.radio("How people score", ["score", "dots"], horizontal=True, key="ws_new_mode",
                   format_func={"score": "Value and effort, 1-10 each", "dots": "Dots to distribute"}.get)
    dots = None
    if how == "dots":
        dots = st.number_input("Dots per person", min_value=1, max_value=100, value=5, step=1, key="ws_new_dots",
                               help="Each participant spreads this many dots over the opportunities they would do "
                                    "first (several on one item is fine).")
    else:
        st.caption("Each participant rates every opportunity on value and effort from 1 to 10; the big screen "
                   "plots the room's averages on the opportunity matrix.")
    if len(ids) > 100:
        st.warning("A workshop holds at most 100 opportunities; remove some.", icon=":material/warning:")
    if st.button("Create workshop", type="primary", icon=":material/groups:",
                 disabled=not ids or not name.strip() or len(ids) > 100):
        criteria = SCORE_CRITERIA if how == "score" else dots_criteria(dots)
        try:
            stored = set(store.list_opportunities(backlog_key)["opportunity_id"])
            missing = backlog[backlog["opportunity_id"].isin(ids) & ~backlog["opportunity_id"].isin(stored)]
            if len(missing):
                store.save_opportunities(backlog_key, missing)  # existing rows (and their edits) stay as they are
            w = store.create_workshop(name.strip(), backlog_key, ids, criteria)
        except ValueError as err:
            st.error(f"**The workshop was not created.** {md(err)}", icon=":material/error:")
            return
        except StoreError as err:
            wc.database_trouble(err)
            return
        wc.tokens(wc.FACILITATORS)[w.id] = w.facilitator_token
        st.session_state[_CREATED] = w.id
        st.rerun()


def _created_panel(store: Store, workshop_id: int) -> None:
    try:
        w = store.get_workshop(workshop_id)
    except WorkshopNotFound:
        st.session_state.pop(_CREATED, None)
        st.rerun()
    token = wc.tokens(wc.FACILITATORS)[workshop_id]
    st.success(f"**{md(w.name)}** is ready with {len(w.items)} opportunities.", icon=":material/check_circle:")
    wc.invite_panel(w)
    with st.container(border=True):
        st.markdown("**Your private facilitator link**")
        st.warning("Keep this link private: anyone who has it can open and close voting, reveal results and "
                   "write them into the backlog. It is shown only here — bookmark it or copy it somewhere safe now.",
                   icon=":material/lock:")
        st.code(wc.facilitator_link(w.id, token), language=None, wrap_lines=True)
    c1, c2 = st.columns(2)
    if c1.button("Open the facilitator screen", type="primary", icon=":material/co_present:", width="stretch"):
        _go_facilitator(w.id, token)
    if c2.button("Create another workshop", icon=":material/add:", width="stretch"):
        st.session_state.pop(_CREATED, None)
        st.rerun()


def _go_facilitator(workshop_id: int, token: str) -> None:
    st.query_params.clear()
    st.query_params[wc.QP_WORKSHOP] = str(workshop_id)
    st.query_params[wc.QP_FACILITATOR] = token
    st.rerun()


def _existing_workshops(store: Store, backlog_key: str) -> None:
    try:
        df = store.list_workshops(backlog_key)
    except StoreError as err:
        wc.database_trouble(err)
        return
    if df.empty:
        return
    st.subheader("Workshops on this backlog")
    state = {"draft": "Not started", "open": "Voting open", "closed": "Voting closed"}
    table = pd.DataFrame({
        "Workshop": df["name"].astype(str),
        "Created": [wc.local_time(t, "%Y-%m-%d %H:%M") for t in df["created_at"]],
        "Round": df["current_round"].astype("int64"),
        "Status": df["round_state"].map(state).fillna(df["round_state"]),
        "Participants": df["participants"].astype("int64"),
    })
    st.dataframe(table, hide_index=True, width="stretch")
    mine = {int(i): t for i, t in wc.tokens(wc.FACILITATORS).items() if int(i) in set(df["id"].astype(int))}
    if mine:
        labels = dict(zip(df["id"].astype(int), df["name"].astype(str)))
        vs.fit_choice("ws_mine", list(mine), "Created in this browser session", fmt=lambda i: labels.get(i, i))
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        chosen = c1.selectbox("Created in this browser session", list(mine), format_func=lambda i: labels[i],
                              key="ws_mine")
        if c2.button("Open facilitator screen", width="stretch"):
            _go_facilitator(chosen, mine[chosen])
    st.caption("A workshop is managed through its private facilitator link, shown once when it is created. "
               "Links are not listed here, so whoever loads the same data cannot take over someone's workshop.")
