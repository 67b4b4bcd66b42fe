"""Whose maturity assessment this is and what this person may do with it (docs/maturity.md "Who sees what").

* **The session's own assessment** (nothing named): an uploaded data set's or a workspace's
  (``data:<digest>``); on the sample data the app's default assessment *as this person sees it*
  (``default:<scope>``, components/identity.py), so answers on the sample never show to anyone else.
* **An assessment shared by link**: a name typed in the *Assessment* box creates a new assessment with an
  unguessable id (``?assessment=<id>``; the name is only its label); whoever opens the link answers it.
* **Seeing and removing submissions**: a rater sees the name, department and date of their own
  submissions only (the store keeps the SHA-256 of their private token) and removes only those; the
  assessment's owner (its creator; for the data's own assessment whoever holds the data: the uploader or
  the workspace's owner; on the sample data the person themself) sees and removes all of them. The
  scores stay visible to everyone using the assessment, with other raters' names replaced.
* **Read-only workspace viewers** write nothing (no answers, no model, no removal).

This module owns ``st.session_state[OPENED]`` (the assessment opened by link: (id, name)).
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from cxlens import maturity as mt
from cxlens.store import SHARED_ASSESSMENT_PREFIX, StoreError, fixed_to_default, session_default_key

from . import data_source, identity
from .markdown import md

PARAM = "assessment"
WIDGET = "mt_assessment"
OPENED = "cxlens_mt_opened"
#: Backlog keys of the sample data are private to a person: ``sample:<scope>`` (components/backlog_state.py).
SAMPLE_BACKLOG_PREFIX = "sample:"
READ_ONLY = ("You are viewing someone else's workspace (read-only link): answers, models and submissions "
             "cannot be changed here. Ask its owner for the link of an assessment to answer it.")


def _store():
    from .store_resource import get_store

    return get_store()


def own_key() -> str:
    """The store key of the session's own assessment (nothing typed, no assessment link)."""
    loaded = data_source.current()
    source = loaded[0] if loaded else None
    if source is None or source.is_sample:
        return session_default_key(identity.scope())
    if source.digest.startswith(SAMPLE_BACKLOG_PREFIX):  # a workspace saved from someone's sample data
        return session_default_key(source.digest[len(SAMPLE_BACKLOG_PREFIX):])
    return mt.DATA_ASSESSMENT_PREFIX + source.digest


def label(key: str, *, capital: bool = False) -> str:
    """The assessment as the page names it (plain text): “name”, or whose it is."""
    opened = st.session_state.get(OPENED)
    if key.startswith(SHARED_ASSESSMENT_PREFIX) and opened:
        text = f"assessment “{opened[1]}”"
    elif fixed_to_default(key):
        text = "the app's default assessment"
    else:
        text = mt.assessment_label(key)
    return text[:1].upper() + text[1:] if capital else text


def _shared_key(assessment_id: str) -> str:
    return SHARED_ASSESSMENT_PREFIX + hashlib.sha256(assessment_id.encode("utf-8")).hexdigest()


def _open_link(store) -> None:
    """An ``?assessment=<id>`` in the URL opens that assessment (an unknown value says so and is dropped)."""
    raw = st.query_params.get(PARAM)
    opened = st.session_state.get(OPENED)
    if opened and WIDGET not in st.session_state:  # the box was not drawn on another page: Streamlit dropped it
        st.session_state[WIDGET] = opened[1]
    if raw is None and opened:  # page switches drop query parameters: the link stays in the address bar
        st.query_params[PARAM] = opened[0]
        return
    if raw is None or (opened and opened[0] == raw):
        return
    found = None
    if store is not None:
        try:
            found = store.get_maturity_assessment(raw)
        except StoreError as err:
            st.error(f"The assessment could not be opened: {md(err)}", icon=":material/database:")
            return
    if found is None:
        del st.query_params[PARAM]
        st.warning("The link's **assessment** is not known here: assessments are opened by the link their "
                   "creator shares, not by name. The page shows your own assessment.", icon=":material/link_off:")
        return
    st.session_state[OPENED] = (raw, found["name"])
    st.session_state[WIDGET] = found["name"]


def _follow_box(store, name: str) -> None:
    """The box changed: a new name creates an assessment shared by link (this person owns it); blank closes it."""
    opened = st.session_state.get(OPENED)
    if not name:
        st.session_state.pop(OPENED, None)
        if PARAM in st.query_params:
            del st.query_params[PARAM]
        return
    if opened and opened[1] == name:
        return
    if data_source.read_only():
        st.info(READ_ONLY, icon=":material/lock:")
        return
    if store is None:
        return
    try:
        new_id = store.create_maturity_assessment(name, identity.token())
    except (StoreError, ValueError) as err:
        st.error(f"The assessment could not be created: {md(err)}", icon=":material/error:")
        return
    st.session_state[OPENED] = (new_id, name)
    st.query_params[PARAM] = new_id


def assessment() -> mt.Assessment:
    """The session's assessment: one opened by link or created by typing a name, else the session's own."""
    store = _store()
    _open_link(store)
    own = own_key()
    name = st.text_input("Assessment", key=WIDGET, max_chars=60, placeholder=f"Blank: {label(own)}",
                         help="Leave blank to use your own assessment (each uploaded data set and each workspace has "
                              "one; on the sample data it is private to you and always uses the default model). "
                              "Type a name to start a new assessment shared by link: send the page's link (shown "
                              "below the box) to the raters. The name is only a label: nobody can open the "
                              "assessment by typing it.")
    _follow_box(store, (name or "").strip())
    opened = st.session_state.get(OPENED)
    if not opened:
        return mt.Assessment(own, False, fixed_to_default(own))
    st.caption("Shared by link: send the raters this page's link with "
               f"`?{PARAM}={opened[0]}` (never the address bar's `me=` value, which is yours alone). "
               "Each rater sees only their own submissions; you, its creator, see all of them.")
    return mt.Assessment(_shared_key(opened[0]), True, False)


def current_key() -> str:
    """The store key of the assessment the Maturity page shows this session, without drawing anything (the
    deck and report use it): the one opened by link or created by name, else the session's own."""
    opened = st.session_state.get(OPENED)
    return _shared_key(opened[0]) if opened else own_key()


def can_write() -> bool:
    return not data_source.read_only()


def can_manage(key: str) -> bool:
    """Whether this person is the assessment's owner: sees every submission's identity and removes any."""
    if data_source.read_only():
        return False
    if key.startswith(SHARED_ASSESSMENT_PREFIX):
        opened = st.session_state.get(OPENED)
        store = _store()
        if not opened or store is None or _shared_key(opened[0]) != key:
            return False
        try:
            return store.check_maturity_owner(opened[0], identity.token())
        except StoreError:
            return False
    return True  # the data's own assessment (the data's holder) or the session's own on the sample


def visible_submissions(key: str) -> pd.DataFrame:
    """The submissions whose name, department and date this person may see (own ones, or all for the owner)."""
    store = _store()
    if store is None:
        return pd.DataFrame(columns=["response_id", "rater", "department", "date", "answers", "mine"])
    manage = can_manage(key)
    return store.maturity_submissions(key, rater_token=identity.token(), manage=manage)


def without_others_names(stored: pd.DataFrame, visible_ids) -> pd.DataFrame:
    """``stored`` answers with the rater names of submissions this person may not see replaced by
    “Rater 1”, “Rater 2”… (numbered by first submission; one name keeps one number, so scores are
    the same as with the names)."""
    if stored.empty:
        return stored
    hidden = ~stored["response_id"].isin(list(visible_ids))
    if not hidden.any():
        return stored
    out = stored.copy()
    names = out.loc[hidden, "rater"].astype("object")
    named = names.notna() & (names != "Anonymous")
    codes = {n: f"Rater {i + 1}" for i, n in enumerate(pd.unique(names[named]))}
    out["rater"] = out["rater"].astype("object")
    out.loc[names[named].index, "rater"] = names[named].map(codes)
    return out
