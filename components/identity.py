"""Who this browser is, without an account: a private token per browser session, kept in the URL.

* **The token** (256 bits, ``cxlens.drafts.new_key``) is made the first time something private is
  needed (a maturity submission, an edit on the sample data) and kept in ``st.session_state`` and in the
  URL (``?me=<token>``, put back on every page, like the private upload draft's ``?draft=``), so a
  reload or a tab reopened from history is still the same person. It is never in a share link (``me``
  is in cxlens/workspace.py PRIVATE_PARAMS) and the store keeps only its SHA-256.
* **Signed in** (``st.login`` configured, components/auth.py): the account is the identity instead,
  on every device; the URL token is not used.

:func:`token` is what the store hashes (a rater's or an assessment owner's token); :func:`scope` is a
short hash of it for store keys that must be private to this person (the sample data's backlog and
default assessment, docs/maturity.md "Who sees what").

This module owns ``st.session_state[STATE]``.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from cxlens import drafts

from . import auth

PARAM = "me"
STATE = "cxlens_me"


def adopt_url() -> None:
    """Take a token from the URL (a new valid one replaces the session's) and keep the session's token
    in the URL on every page (page switches drop query parameters). Called at the top of every run."""
    raw = st.query_params.get(PARAM)
    if raw is not None and raw != st.session_state.get(STATE):
        key = drafts.parse_key(raw)
        if key is None:
            del st.query_params[PARAM]
        else:
            st.session_state[STATE] = key
    mine = st.session_state.get(STATE)
    if mine and st.query_params.get(PARAM) != mine:
        st.query_params[PARAM] = mine


def token() -> str:
    """This person's private token: the signed-in account's, else this browser session's (made on first use)."""
    email = auth.signed_in_email()
    if email:
        return "user:" + hashlib.sha256(email.encode("utf-8")).hexdigest()
    mine = st.session_state.get(STATE)
    if not mine:
        mine = st.session_state[STATE] = drafts.new_key()
    if st.query_params.get(PARAM) != mine:
        st.query_params[PARAM] = mine
    return mine


def scope_of(private_token: str) -> str:
    """A short, non-reversible name of a private token for store keys (32 hex characters)."""
    return hashlib.sha256(("scope:" + private_token).encode("utf-8")).hexdigest()[:32]


def scope() -> str:
    """:func:`scope_of` this person's :func:`token`: the private part of the sample data's store keys."""
    return scope_of(token())
