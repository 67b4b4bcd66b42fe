"""Saved workspaces and share links (the Streamlit side of cxlens/workspace.py + the store).

* **Save and share** (sidebar, at the end of each run so the link carries the view the page
  has just drawn): stores the loaded dataset's canonical tables as Parquet in the app's
  database with the recipe, a title and the owner, and shows a link.
* **A shared link** ``/<page>?ws=<token>&<view params>`` opens that workspace read-only on
  the same page and view for anyone holding it. The recipient can change filters: they
  change only their own URL. The token (256 bits) is the only secret; the store keeps
  its SHA-256 alone, so it cannot be listed or recovered from the database.
* **The owner** (the signed-in address when sign-in is configured, else whoever holds the
  private manage link ``?ws=<token>&owner=<secret>``) can rename the workspace, replace its
  data with a newer upload (the link keeps working), save the current view as the link's
  default, and revoke the link.

This module owns ``st.session_state[WS_KEY]``: {"token", "owner_secret", "default_view_done"}.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import streamlit as st

import cxlens
from cxlens import workspace as cw
from cxlens.errors import DataError
from cxlens.store import StoreError, Workspace, WorkspaceNotFound, WorkspaceRevoked
from streamlit.errors import StreamlitAPIException

from . import auth, data_source
from . import url_params as up
from . import view_state as vs
from .markdown import md

WS_KEY = "cxlens_workspace"
_FLASH = "cxlens_workspace_flash"
_SAVED = "cxlens_workspace_saved"  # the links just created, shown once in full
_PANEL_OPEN = "cxlens_workspace_panel_open"
_PAGE_PATH = "cxlens_page_path"  # the URL path of the page this run shows (set by the router)


def _store():
    from .store_resource import get_store

    return get_store()


def owner_key_for_secret(secret: str) -> str:
    """How an anonymous owner is recorded: a fingerprint of the manage link's secret, never the secret."""
    return "key:" + hashlib.sha256(secret.encode("utf-8")).hexdigest()[:64]


def current_owner() -> str | None:
    """Who the current user is as a workspace owner: 'user:<email>' when signed in, else None."""
    email = auth.signed_in_email()
    if email:
        return ("user:" + email)[:80]
    return None


def _owner_candidates() -> list[str]:
    """The owner strings this user can prove: the signed-in account, and the manage link's secret."""
    state = st.session_state.get(WS_KEY) or {}
    found = [current_owner()] if current_owner() else []
    if state.get("owner_secret"):
        found.append(owner_key_for_secret(state["owner_secret"]))
    return found


def _owner_for_action(ws: Workspace) -> str:
    """The owner string the store checks (raises PermissionError when this user is not the owner)."""
    for candidate in _owner_candidates():
        if hmac.compare_digest(candidate.encode(), ws.owner.encode()):
            return candidate
    raise PermissionError("Only the workspace's owner can change it.")


def _is_owner(ws: Workspace) -> bool:
    try:
        _owner_for_action(ws)
    except PermissionError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Opening a workspace from the URL
# ---------------------------------------------------------------------------------------------


class Opened:
    """The workspace this session shows, with whether the current user owns it."""

    def __init__(self, ws: Workspace, token: str, owner: bool):
        self.ws, self.token, self.owner = ws, token, owner

    @property
    def backlog_key(self) -> str:
        return str(self.ws.view_state.get("backlog_key") or f"workspace:{self.ws.id}")


def active_token() -> str | None:
    """Adopt a workspace link from the URL (once) and keep ``ws`` in the URL on every page."""
    state = st.session_state.get(WS_KEY)
    from_url = up.token("ws")  # a value no workspace token could be is refused before the store sees it
    if from_url and (not state or state.get("token") != from_url):
        state = {"token": from_url, "owner_secret": None, "default_view_done": False}
        st.session_state[WS_KEY] = state
    secret = up.token("owner")
    if secret and state:
        state["owner_secret"] = secret
    if "owner" in st.query_params:
        del st.query_params["owner"]  # never left in the address bar, where a copied link would carry it
    if not state:
        if "ws" in st.query_params:
            del st.query_params["ws"]  # refused above, with a notice
        return None
    if st.query_params.get("ws") != state["token"]:
        st.query_params["ws"] = state["token"]  # page switches drop query parameters
    return state["token"]


def open_active() -> Opened | None | bool:
    """The session's workspace; None when there is none; False after drawing why it cannot be opened."""
    token = active_token()
    if token is None:
        return None
    store = _store()
    if store is None:
        return False  # get_store drew the reason
    try:
        ws = store.peek_workspace(token)
    except WorkspaceRevoked:
        _closed_link("**This shared link was revoked by its owner.** Ask them for a new link.")
        return False
    except WorkspaceNotFound:
        _closed_link("**This link does not open any workspace.** Check that you copied the whole link; "
                     "it may also have been mistyped.")
        return False
    except StoreError as err:
        st.error(f"The workspace could not be opened: the app database did not answer ({type(err).__name__}). "
                 "Reload the page to try again.", icon=":material/database:")
        return False
    opened = Opened(ws, token, _is_owner(ws))
    _apply_default_view(opened)
    return opened


def _closed_link(message: str) -> None:
    with st.sidebar:
        st.error(message, icon=":material/link_off:")
        st.button("Use the sample data instead", key="ws_leave_closed", on_click=leave)


def _apply_default_view(opened: Opened) -> None:
    """A bare link (``/?ws=...``) opens the page and view the owner saved as the default."""
    state = st.session_state[WS_KEY]
    if state.get("default_view_done"):
        return
    state["default_view_done"] = True
    view = opened.ws.view_state or {}
    others = [k for k in st.query_params if k not in cw.PRIVATE_PARAMS]
    page = str(view.get("page") or "")
    if others or not page:
        return
    params = {"ws": opened.token, **(view.get("params") or {})}
    try:
        st.switch_page(f"pages/{page}.py", query_params=params)
    except StreamlitAPIException:
        pass  # a page that no longer exists: stay on the home page


def leave() -> None:
    """Stop showing the workspace (callback): back to the sample data or one's own uploads."""
    st.session_state.pop(WS_KEY, None)
    st.session_state.pop(_SAVED, None)
    st.session_state.pop(_PANEL_OPEN, None)
    if "ws" in st.query_params:
        del st.query_params["ws"]


def dataset_of(opened: Opened, cache) -> cxlens.Dataset | None:
    """The workspace's Dataset, read from the store once per (workspace, last change) per process."""
    key = (f"workspace:{opened.ws.id}", opened.ws.updated_at.isoformat())
    ds = cache.get(key)
    if ds is not None:
        return ds
    store = _store()
    if store is None:
        return None
    try:
        with st.spinner(f"Opening {md(opened.ws.title)}…"):
            full = store.open_workspace(opened.token)
            ds = cw.dataset_from_tables(full.tables, full.recipe_json)
    except StoreError as err:  # revoked or gone since it was peeked, or the database did not answer
        st.error(f"The workspace could not be opened: {md(err)}", icon=":material/database:")
        return None
    cache.put(key, ds)
    return ds


# ---------------------------------------------------------------------------------------------
# Sidebar panels
# ---------------------------------------------------------------------------------------------


def workspace_summary(opened: Opened) -> None:
    """What the sidebar says about an open workspace (drawn where the data source usually is)."""
    ws = opened.ws
    role = "you own it" if opened.owner else "read-only"
    st.caption(f"Shared workspace: **{md(ws.title)}** ({role}) · data saved "
               f"{_when(ws.updated_at)}")
    st.button("Close the workspace", key="ws_leave", icon=":material/close:", on_click=leave,
              help="Back to the sample data or your own uploads. The link keeps working.")


def _when(ts: dt.datetime) -> str:
    return ts.astimezone(dt.timezone.utc).strftime("%d %b %Y %H:%M UTC")


def app_root_url() -> str:
    """The app's root URL as the browser sees it (scheme, host, port, base path), without the page."""
    url = st.context.url or ""
    page = _current_page_path()
    if page and url.rstrip("/").endswith("/" + page):
        url = url.rstrip("/")[: -len(page) - 1]
    return url.rstrip("/")


def _current_page_path() -> str:
    return str(st.session_state.get(_PAGE_PATH) or "")


def remember_page(url_path: str) -> None:
    """Called by the router with the page about to run, so links can name it."""
    st.session_state[_PAGE_PATH] = url_path or ""


def current_view() -> dict:
    return cw.view_state(_current_page_path(), up.bounded({k: st.query_params.get_all(k) for k in st.query_params}))


def share_panel(opened: Opened | None, source, ds: cxlens.Dataset | None) -> None:
    """The "Save and share" / "Share this view" panel (called after the page has run)."""
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        getattr(st, flash[0])(flash[1])
    if opened:
        _share_open(opened)
    elif ds is not None:
        _save_form(source, ds)
    if current_owner():
        _my_workspaces(opened)


def _my_workspaces(opened: Opened | None) -> None:
    """A signed-in owner's workspaces: find one again without its link (only a hash is stored)."""
    store = _store()
    if store is None:
        return
    owner = current_owner()
    try:
        mine = store.list_workspaces(owner)
    except StoreError:
        return
    if mine.empty:
        return
    with st.expander(f"Your workspaces ({len(mine)})", icon=":material/folder_shared:"):
        titles = {int(r.workspace_id): str(r.title) for r in mine.itertuples()}
        names = {int(r.workspace_id): f"{r.title} · {_when(r.updated_at.to_pydatetime())}" for r in mine.itertuples()}
        vs.fit_choice("ws_mine_pick", list(names), "Workspace", fmt=lambda i: names.get(i, i))
        chosen = st.selectbox("Workspace", list(names), format_func=names.get, key="ws_mine_pick")
        st.caption("Links are stored only as fingerprints, so an old link cannot be shown again. A new link opens "
                   "the workspace here; the old link stops working.")
        c1, c2 = st.columns(2)
        if c1.button("New link", key="ws_mine_reissue", icon=":material/link:", width="stretch",
                     disabled=opened is not None and opened.ws.id == chosen):
            try:
                token = store.reissue_workspace_link(chosen, owner)
            except (PermissionError, StoreError) as err:
                st.error(f"No new link: {md(type(err).__name__)}. Try again.", icon=":material/error:")
                return
            st.session_state[WS_KEY] = {"token": token, "owner_secret": None, "default_view_done": False}
            st.session_state[_SAVED] = True
            st.session_state[_FLASH] = ("success", f"New link for “{md(titles[chosen])}”: the old "
                                                   "one no longer works.")
            st.query_params.clear()
            st.query_params["ws"] = token
            st.rerun()
        sure = st.checkbox("Yes, revoke it for everyone", key="ws_mine_revoke_confirm")
        if c2.button("Revoke", key="ws_mine_revoke", icon=":material/link_off:", width="stretch", disabled=not sure):
            try:
                store.revoke_workspace(chosen, owner)
            except (PermissionError, StoreError) as err:
                st.error(f"Not revoked: {md(type(err).__name__)}. Try again.", icon=":material/error:")
                return
            if opened is not None and opened.ws.id == chosen:
                leave()
            st.session_state[_FLASH] = ("success", "Revoked: that link no longer opens anything.")
            st.rerun()


def _save_form(source, ds: cxlens.Dataset) -> None:
    if auth.auth_configured() and current_owner() is None:
        return
    with st.expander("Save and share", icon=":material/share:"):
        st.caption("Saves the loaded data (as imported, with your corrections) in the app's database and gives you "
                   "a link. Anyone with the link sees this page and view, read-only.")
        default = "Sample data" if source.is_sample else source.label[:80]
        # keyed on the data, so a new upload gets its own default title instead of the previous one
        title = st.text_input("Title", value=default, max_chars=80, key=f"ws_new_title_{source.digest[:16]}")
        if st.button("Save and get the link", key="ws_save", type="primary", icon=":material/link:"):
            _save(title, source, ds)


def _save(title: str, source, ds: cxlens.Dataset) -> None:
    store = _store()
    if store is None:
        return
    owner = current_owner()
    secret = None
    if owner is None:
        secret = secrets.token_urlsafe(32)
        owner = owner_key_for_secret(secret)
    from . import backlog_state

    view = {**current_view(), "backlog_key": backlog_state.backlog_key()}  # the sample: this person's own edits
    try:
        with st.spinner("Saving the workspace…"):
            _, token = store.save_workspace(title.strip() or "CX Lens workspace", owner, ds.recipe.to_json(),
                                            cw.dataset_tables(ds), view_state=view)
    except ValueError as err:
        st.error(f"The workspace was not saved: {md(err)}", icon=":material/error:")
        return
    except StoreError as err:
        st.error(f"The workspace was not saved: the app database did not answer ({type(err).__name__}). "
                 "Try again.", icon=":material/database:")
        return
    st.session_state[WS_KEY] = {"token": token, "owner_secret": secret, "default_view_done": True}
    st.session_state[_SAVED] = True
    st.query_params["ws"] = token
    st.rerun()


def _share_open(opened: Opened) -> None:
    link = cw.share_url(app_root_url(), opened.token, current_view())
    just_saved = st.session_state.pop(_SAVED, False)
    # A constant `expanded` for the session: changing it between reruns would fold the panel
    # away under the owner's cursor (e.g. on ticking the revoke box).
    open_panel = st.session_state.setdefault(_PANEL_OPEN, False) or just_saved
    st.session_state[_PANEL_OPEN] = open_panel
    with st.expander("Share this view", icon=":material/share:", expanded=open_panel):
        if just_saved:
            st.success("Saved. Copy the link below: for security the app keeps only a fingerprint of it.",
                       icon=":material/check_circle:")
        st.caption("Link to this page with its current filters (read-only for whoever opens it):")
        st.code(link, language=None, wrap_lines=True)
        if opened.owner:
            _owner_controls(opened)


def _owner_controls(opened: Opened) -> None:
    state = st.session_state.get(WS_KEY) or {}
    if state.get("owner_secret") and not current_owner():
        st.caption("**Your private manage link** — it lets its holder rename, replace or revoke this workspace. "
                   "Keep it to yourself:")
        manage = cw.share_url(app_root_url(), opened.token, {"page": "", "params": {}}) + \
            "&owner=" + state["owner_secret"]
        st.code(manage, language=None, wrap_lines=True)
    st.divider()
    with st.form("ws_rename", border=False):
        title = st.text_input("Rename", value=opened.ws.title, max_chars=80)
        if st.form_submit_button("Rename", icon=":material/edit:"):
            _act(lambda store, owner: store.rename_workspace(opened.ws.id, owner, title), opened,
                 f"Renamed to “{md(title)}”.")
    if st.button("Make this view the link's default", key="ws_default_view", icon=":material/bookmark:",
                 help="Someone who opens the plain link (without a page) lands on this page with these filters."):
        view = {**current_view(), "backlog_key": opened.backlog_key}
        _act(lambda store, owner: store.update_view_state(opened.ws.id, owner, view), opened,
             "Saved this view as the link's default.")
    replacement = st.file_uploader("Replace the data (the link keeps working)", accept_multiple_files=True,
                                   type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet"], key="ws_replace")
    if replacement and st.button("Replace the data", key="ws_replace_go", icon=":material/upload:"):
        _replace(opened, replacement)
    confirm = st.checkbox("I want to revoke this link for everyone", key="ws_revoke_confirm")
    if st.button("Revoke the link", key="ws_revoke", icon=":material/link_off:", disabled=not confirm):
        if _act(lambda store, owner: store.revoke_workspace(opened.ws.id, owner), opened,
                "The link is revoked: it no longer opens anything. The data was deleted from the database.",
                rerun=False):
            leave()
            st.rerun()


def _act(action, opened: Opened, success: str, *, rerun: bool = True) -> bool:
    store = _store()
    if store is None:
        return False
    try:
        action(store, _owner_for_action(opened.ws))
    except PermissionError:
        st.error("Only the workspace's owner can do this.", icon=":material/block:")
        return False
    except ValueError as err:
        st.error(md(err), icon=":material/error:")
        return False
    except StoreError as err:
        st.error(f"The app database did not answer ({type(err).__name__}); nothing was changed. Try again.",
                 icon=":material/database:")
        return False
    st.session_state[_FLASH] = ("success", success)
    if rerun:
        st.rerun()
    return True


def _replace(opened: Opened, uploads) -> None:
    payloads = tuple((f.name, f.getvalue()) for f in uploads)
    source = data_source.LoadedSource(", ".join(n for n, _ in payloads), data_source.digest_of(payloads), False,
                                      payloads)
    try:
        ds = data_source.load_dataset(source, "")
    except DataError as err:
        st.error(f"**The new files could not be loaded; the workspace is unchanged.** {md(err)}",
                 icon=":material/error:")
        return
    view = {**(opened.ws.view_state or {}), "backlog_key": opened.backlog_key}
    _act(lambda store, owner: store.replace_workspace_data(opened.ws.id, owner, cw.dataset_tables(ds),
                                                           ds.recipe.to_json(), view_state=view), opened,
         f"Replaced the data with {md(source.label)} ({len(ds.feedback):,} feedback rows). The link is unchanged.")
