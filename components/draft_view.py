"""Private upload drafts: the Streamlit side of cxlens/drafts.py and the store's drafts.

* **Keep**: when files are uploaded, their names and bytes and the import recipe are saved as a
  draft in the app database (the bytes once; a correction on the Import page only updates the
  recipe), and the draft's key goes into the URL (``?draft=<key>``, kept on every page).
* **Restore**: a session that opens with that URL and no files in the uploader (a reload, a tab
  reopened from history, a server restart) shows the draft's data with its recipe, on the page in
  the URL. The session does not hold the bytes: the parsed dataset is found in the shared cache by
  the upload's digest, and the bytes are read from the database only when it is not there.
* **Forget**: the sidebar's "Forget this upload" (or removing the files from the uploader)
  deletes the draft; an expired or forgotten draft's link says so in one line and shows the sample.

The key is private to whoever holds the URL: never in a share link (``draft`` is in
cxlens/workspace.py PRIVATE_PARAMS), never listed; the store keeps only its SHA-256.

This module owns ``st.session_state[STATE]``: {"key", "digest", "files", "adopted", "uploaded",
"failed", "why"} and the uploader's generation ``st.session_state[GEN]``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from cxlens import drafts
from cxlens.errors import DataError
from cxlens.store import DraftNotFound, StoreError

from . import data_source
from .markdown import md

STATE = "cxlens_draft"
GEN = "cxlens_uploader_generation"  # bumped to empty the file uploader (Forget)
_FLASH = "cxlens_draft_flash"
_DB_ERRORS = (StoreError, OSError)


def _store():
    from .store_resource import get_store

    return get_store()


@st.cache_resource(show_spinner=False)
def _purge_schedule() -> drafts.PurgeSchedule:
    return drafts.PurgeSchedule()


def days() -> float:
    """Days a draft is kept (``CXLENS_DRAFT_DAYS``); 0 when drafts are turned off."""
    return drafts.draft_days()


def _state() -> dict:
    return st.session_state.setdefault(STATE, {})


def uploader_key() -> str:
    """The file uploader's widget key: a new one after Forget empties the uploader."""
    gen = st.session_state.get(GEN, 0)
    return "uploads" if not gen else f"uploads_{gen}"


def _set_url(key: str | None) -> None:
    if key:
        if st.query_params.get(drafts.PARAM) != key:
            st.query_params[drafts.PARAM] = key
    elif drafts.PARAM in st.query_params:
        del st.query_params[drafts.PARAM]


def adopt_url() -> None:
    """Take a draft key from the URL (a new one replaces the session's) and keep the session's key in
    the URL on every page (page switches drop query parameters). Called at the top of every run."""
    state = _state()
    raw = st.query_params.get(drafts.PARAM)
    if raw is not None and raw != state.get("key"):
        key = drafts.parse_key(raw) if days() > 0 else None
        if key is None:
            del st.query_params[drafts.PARAM]
            if days() > 0:
                st.session_state[_FLASH] = ("The link's **draft** value is not a draft key, so it was ignored.",
                                            ":material/link_off:")
        else:
            state.clear()
            state.update(key=key, adopted=False, uploaded=False)
    _set_url(state.get("key"))


def in_workspace() -> None:
    """A workspace is shown: the uploader is not drawn (Streamlit empties it), which is not the user
    removing their files; closing the workspace brings the draft back (read again from the store)."""
    state = _state()
    state["uploaded"] = False
    if state.get("key"):
        state["adopted"] = False


def _maybe_purge(store) -> None:
    if _purge_schedule().due(dt.datetime.now(dt.timezone.utc)):
        try:
            store.purge_drafts()
        except _DB_ERRORS:
            pass  # the next due time tries again


def _recipe_json() -> str | None:
    saved = st.session_state.get(data_source.RECIPE_KEY)
    return saved["json"] if saved and not saved.get("for_sample") else None


def is_kept(digest: str) -> bool:
    """Whether the upload with ``digest`` needs nothing more from :func:`keep_upload` (kept, refused or off)."""
    state = _state()
    return state.get("uploaded", False) and (days() <= 0 or (bool(state.get("key")) and state.get("digest") == digest)
                                             or state.get("failed") == digest)


def keep_upload(payloads: tuple[tuple[str, bytes], ...], digest: str) -> None:
    """The uploader holds ``payloads``: keep them as the session's draft unless they already are."""
    state = _state()
    state["uploaded"] = True
    if days() <= 0 or (state.get("key") and state.get("digest") == digest) or state.get("failed") == digest:
        return
    store = _store()
    if store is None:
        state.update(failed=digest, why="the app database is not available")
        return
    old, key = state.get("key"), drafts.new_key()
    try:
        saved = store.save_draft(key, payloads, _recipe_json(), days=days())
    except ValueError as err:
        state.update(failed=digest, why=str(err).rstrip("."))
        return
    except _DB_ERRORS as err:
        state.update(failed=digest, why=f"the app database did not answer ({type(err).__name__})")
        return
    if old:
        _delete(store, old)  # the previous upload of this session
    state.clear()
    state.update(key=key, digest=digest, files=saved.files, adopted=True, uploaded=True)
    _set_url(key)
    _maybe_purge(store)


def _delete(store, key: str) -> None:
    try:
        store.delete_draft(key)
    except _DB_ERRORS:
        pass  # it expires anyway


def _drop(message: str | None = None, *, now: bool = False) -> None:
    """The session no longer has a draft; ``message`` is shown once in the sidebar (``now``: in this run,
    else in the next)."""
    st.session_state[STATE] = {}
    _set_url(None)
    if message:
        st.session_state[_FLASH] = (message, ":material/history_toggle_off:")
        if now:
            flash()


def restored() -> tuple[str, str, str] | None:
    """With no files in the uploader: the draft to show as (label, digest, key), or None.

    Files removed from the uploader in this session forget the draft. A draft met for the first
    time in this session is checked, its recipe restored and its expiry renewed."""
    state = _state()
    key = state.get("key")
    if state.get("uploaded"):
        state["uploaded"] = False
        if key:
            store = _store()
            if store is not None:
                _delete(store, key)
            _drop()
        return None
    if not key or days() <= 0:
        return None
    if not state.get("adopted"):
        store = _store()
        if store is None:
            return None
        try:
            draft = store.update_draft(key, days=days())  # renews the expiry: reopened counts as used
        except DraftNotFound:
            _drop("**This upload draft has expired or was forgotten**, so the sample data is shown. "
                  "Upload the files again to continue.", now=True)
            return None
        except _DB_ERRORS as err:
            st.error(f"Your upload could not be restored: the app database did not answer "
                     f"({type(err).__name__}). Reload the page to try again.", icon=":material/database:")
            return None
        if draft.recipe_json:
            st.session_state[data_source.RECIPE_KEY] = {"json": draft.recipe_json, "for_sample": False}
        else:
            st.session_state.pop(data_source.RECIPE_KEY, None)
        state.update(adopted=True, digest=draft.digest, files=draft.files)
        _maybe_purge(store)
    return ", ".join(n for n, _ in state["files"]), state["digest"], key


def fetch(key: str, digest: str) -> tuple[tuple[str, bytes], ...]:
    """The draft's files, read from the database when the parsed dataset is not in the cache."""
    store = _store()
    try:
        if store is None:
            raise StoreError("no database")
        draft = store.open_draft(key)
    except DraftNotFound:
        _drop()
        raise DataError("Your upload draft has expired or was forgotten. Upload the files again.") from None
    except _DB_ERRORS as err:
        raise DataError(f"Your upload could not be read from the app database ({type(err).__name__}). "
                        "Reload the page to try again.") from None
    if draft.digest != digest:
        _drop()
        raise DataError("Your upload draft has changed. Upload the files again.")
    return draft.payloads


def recipe_changed(recipe_json: str | None) -> None:
    """A correction on the Import page (or a reset): keep it in the draft of the shown upload."""
    state = _state()
    key = state.get("key")
    if not key or not state.get("adopted") or days() <= 0:
        return
    store = _store()
    if store is None:
        return
    try:
        store.update_draft(key, days=days(), recipe_json=recipe_json)
    except DraftNotFound:
        _drop("**Your upload draft has expired or was forgotten**: a reload will not bring these corrections "
              "back. Upload the files again to keep them.")
    except (ValueError, *_DB_ERRORS) as err:
        state["why_recipe"] = str(err) if isinstance(err, ValueError) else type(err).__name__


def forget() -> None:
    """"Forget this upload" (callback): delete the draft, empty the uploader, back to the sample data."""
    key = _state().get("key")
    if key:
        store = _store()
        if store is not None:
            _delete(store, key)
    st.session_state[STATE] = {}
    _set_url(None)
    st.session_state[GEN] = st.session_state.get(GEN, 0) + 1
    st.session_state.pop(data_source.RECIPE_KEY, None)
    st.session_state[_FLASH] = ("Forgotten: your upload and its corrections were deleted from the app database.",
                                ":material/delete:")


def flash() -> None:
    """A one-line message left by the previous run (forgotten, expired, bad link)."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.caption(f"{message[1]} {message[0]}")


def sidebar_line(digest: str) -> None:
    """Under the loaded upload: whether it survives a reload, and the way to forget it."""
    state = _state()
    if days() <= 0:
        st.caption("Drafts are turned off on this server: a reload starts over with the sample data.")
        return
    if state.get("key") and state.get("digest") == digest:
        st.caption(f":material/save: Your upload is kept as a private draft for {drafts.days_text(days())}: "
                   "reload-safe.")
        st.button("Forget this upload", key="draft_forget", type="tertiary", icon=":material/delete:",
                  on_click=forget, help="Delete the files and your corrections from the app database and go back "
                                        "to the sample data. The link in the address bar stops working.")
        if state.get("why_recipe"):
            st.caption(f":orange[Your last correction was not kept in the draft ({md(state['why_recipe'])}).]")
    elif state.get("failed") == digest:
        st.caption(f":orange[This upload is not kept as a draft ({md(state.get('why') or 'unknown reason')}): "
                   "a reload starts over.]")


def footer_note() -> str:
    """The sidebar's last line: where uploads are kept."""
    if days() <= 0:
        return ("CX Lens · open-source CX strategy workbench. Uploads stay in this server's memory "
                "unless you save them as a workspace.")
    return (f"CX Lens · open-source CX strategy workbench. Uploads are kept as a private draft in the app's "
            f"database for {drafts.days_text(days())} (or until you forget them), and as long as you like when "
            "saved as a workspace.")
