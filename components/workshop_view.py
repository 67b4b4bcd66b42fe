"""Live workshop mode: facilitator setup, participants' phones and the big screen (issue #7).

One page, three views, chosen by the URL so every link works on its own:

* no parameters — **setup**: create a workshop over the loaded backlog, see its links;
* ``?join=<join token or code>[&p=<participant token>]`` — **participant** (phone first);
* ``?w=<workshop id>&f=<facilitator token>[&present=1]`` — **facilitator controls + big screen**.

Everything shared lives in the store (components/store_resource.py); session state only
remembers this browser's own tokens, so a reload, a lost connection or a server restart
loses nothing. User text (workshop, display and opportunity names) is escaped with md() in
Markdown, shown as plain text in dataframes and through safe_label in figures.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cxlens import export
from cxlens import opportunity_scales as osc
from cxlens.opportunity_figures import crowded
from cxlens.store import Store, StoreError, VoteRejected, Workshop, WorkshopNotFound
from cxlens.workshop import (SCORE_CRITERIA, anonymise, consensus_table, dots_criteria,  # noqa: F401 (re-exported)
                             dots_figure, item_stats, live_matrix, min_votes, qr_png)
from cxlens.workshop import fmt as _fmt

from . import backlog_state, data_source, store_resource, ui
from . import view_state as vs
from .markdown import md

# URL parameters
QP_JOIN, QP_PARTICIPANT, QP_WORKSHOP, QP_FACILITATOR, QP_PRESENT = "join", "p", "w", "f", "present"
#: The read-only big screen: ``?screen=<join token>`` (no facilitator token in a projected address bar).
QP_SCREEN = "screen"
MAX_PARAM = 200  # characters of a URL value this page reads
PAGE_PATH = "workshop"

# Session state: only this browser's own tokens and messages.
_PARTICIPANTS = "cxlens_ws_participants"  # {workshop_id: participant token}
_FACILITATORS = "cxlens_ws_facilitators"  # {workshop_id: facilitator token} of workshops created here
_CREATED = "cxlens_ws_created"  # id of the workshop created last in this session
_SAVED_AT = "cxlens_ws_saved_at"  # {(workshop_id, round): datetime of the last successful save}
_FLASH = "cxlens_ws_flash"  # (kind, message) shown once after a facilitator action
_WRITTEN = "cxlens_ws_written"  # (workshop_id, round) written into the backlog in this session
_PRESENT = "ws_present"

NOT_SCORED = "–"
#: What the ends of each scale mean, next to the slider.
SCALE_HINTS = {"value": "1 = low, 10 = high", "effort": "1 = little work, 10 = a lot"}
# Anonymity: every view, the export and the write-back show statistics through
# cxlens.workshop.anonymise, whose threshold (cxlens.workshop.min_votes) is the one setting.
BIG_SCREEN_REFRESH = 2  # seconds
PARTICIPANT_REFRESH = 3  # seconds

_CSS = """
<style>
.st-key-ws_bigscreen [data-testid="stMarkdown"] [data-testid="stMarkdownContainer"] p,
.st-key-ws_bigscreen [data-testid="stProgress"] p { font-size: 1.2rem; }
.st-key-ws_bigscreen [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: 3.4rem; line-height: 1.1; font-weight: 650; }
.st-key-ws_bigscreen [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p { font-size: 1.2rem; }
.st-key-ws_bigscreen [data-testid="stTable"] td, .st-key-ws_bigscreen [data-testid="stTable"] td p {
  font-size: 1.25rem; }
.st-key-ws_bigscreen [data-testid="stTable"] th, .st-key-ws_bigscreen [data-testid="stTable"] th p {
  font-size: 1.05rem; }
.st-key-ws_joincode [data-testid="stMarkdownContainer"] p {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 2.6rem; font-weight: 700; letter-spacing: 0.18em; margin: 0; }
@media (max-width: 640px) {
  [data-testid="stMain"] [data-testid="stHeadingWithActionElements"] h1 { font-size: 1.9rem; }
  .st-key-ws_bigscreen [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 2.2rem; }
  .st-key-ws_bigscreen [data-testid="stTable"] td, .st-key-ws_bigscreen [data-testid="stTable"] td p,
  .st-key-ws_bigscreen [data-testid="stTable"] th, .st-key-ws_bigscreen [data-testid="stTable"] th p {
    font-size: 0.85rem; }
}
</style>
"""


# ---------------------------------------------------------------------------------------------
# Pure helpers (no Streamlit): criteria, results tables, figures
# ---------------------------------------------------------------------------------------------


def consensus_display(table: pd.DataFrame, mode: str, show_keys: bool = False) -> tuple[pd.DataFrame, int]:
    """The big-screen version of consensus_table: scored items only, "7.0 ± 1.0" cells ("7.0" when
    the sd is hidden, "–" when the mean is: see cxlens.workshop.anonymise), names escaped for
    st.table (which renders Markdown); with ``show_keys`` the '#' of each item's bubble on a
    numbered matrix first. Returns the table and the unscored count."""
    key = "People" if mode == "dots" else "Votes"
    scored = table[table[key] > 0]
    if mode == "dots":
        out = scored[["Opportunity", "Dots", "People"]].copy()
        out["Dots"] = [_fmt(v, 0) for v in out["Dots"]]
    else:
        out = pd.DataFrame({
            **({"#": ["–" if pd.isna(k) else str(int(k)) for k in scored["#"]]} if show_keys else {}),
            "Opportunity": scored["Opportunity"],
            "Value (mean ± sd)": [_mean_sd(m, d) for m, d in zip(scored["Value"], scored["Value sd"])],
            "Effort (mean ± sd)": [_mean_sd(m, d) for m, d in zip(scored["Effort"], scored["Effort sd"])],
            "Spread": scored["Spread"],
            "Votes": scored["Votes"],
        })
    return _display_table(out.reset_index(drop=True)), int(len(table) - len(scored))


def _mean_sd(mean: float, sd: float) -> str:
    if pd.isna(mean):
        return _fmt(mean)
    return _fmt(mean) if pd.isna(sd) else f"{_fmt(mean)} ± {_fmt(sd)}"


def _seconds_text(seconds: float) -> str:
    seconds = int(math.ceil(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _state_sig(w: Workshop) -> tuple:
    """What changes a participant's or facilitator's screen beyond the live numbers."""
    return (w.current_round, w.round_state, w.revealed, w.timer_ends_at, w.accepting_votes())


# ---------------------------------------------------------------------------------------------
# Streamlit helpers
# ---------------------------------------------------------------------------------------------


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    if not isinstance(value, str) or len(value) > MAX_PARAM:  # no token, code or id is this long
        return None
    return value.strip() or None


def _tokens(key: str) -> dict:
    return st.session_state.setdefault(key, {})


def _tz() -> dt.tzinfo:
    name = getattr(st.context, "timezone", None)
    try:
        return ZoneInfo(name) if name else dt.timezone.utc
    except Exception:
        return dt.timezone.utc


def _local(ts: dt.datetime | pd.Timestamp, fmt: str = "%H:%M:%S") -> str:
    if ts is None or pd.isna(ts):
        return ""
    return pd.Timestamp(ts).tz_convert(_tz()).strftime(fmt)


def page_url() -> str:
    """The absolute URL of this page as the browser sees it (st.context.url), else from the Host header."""
    url = getattr(st.context, "url", None)
    if url:
        base = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        return base if base.endswith("/" + PAGE_PATH) else f"{base}/{PAGE_PATH}"
    headers = getattr(st.context, "headers", None) or {}
    host = headers.get("Host") or headers.get("host")
    if host:
        scheme = (headers.get("X-Forwarded-Proto") or "http").split(",")[0].strip()
        return f"{scheme}://{host}/{PAGE_PATH}"
    return f"/{PAGE_PATH}"


def join_link(w: Workshop) -> str:
    return f"{page_url()}?{QP_JOIN}={w.join_token}"


def screen_link(w: Workshop) -> str:
    return f"{page_url()}?{QP_SCREEN}={w.join_token}"


def facilitator_link(workshop_id: int, token: str) -> str:
    return f"{page_url()}?{QP_WORKSHOP}={workshop_id}&{QP_FACILITATOR}={token}"


@st.cache_data(show_spinner=False, max_entries=64)
def _database_trouble(err: BaseException) -> None:
    store_resource.show_database_error(err)


def _flash(kind: str, message: str) -> None:
    """Remember a message (Markdown: escape user text with md()) to show after the rerun."""
    st.session_state[_FLASH] = (kind, message)


def _show_flash() -> None:
    kind, message = st.session_state.pop(_FLASH, (None, None))
    if kind == "success":
        st.success(message, icon=":material/check_circle:")
    elif kind == "warning":
        st.warning(message, icon=":material/warning:")
    elif kind == "error":
        st.error(message, icon=":material/error:")


def _css() -> None:
    st.html(_CSS)


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def render() -> None:
    """Draw the view the URL asks for."""
    _css()
    if _param(QP_WORKSHOP) or _param(QP_FACILITATOR):
        facilitator_view()
    elif _param(QP_SCREEN):
        screen_view()
    elif _param(QP_JOIN):
        participant_view()
    else:
        setup_view()


# ---------------------------------------------------------------------------------------------
# 1. Facilitator setup
# ---------------------------------------------------------------------------------------------


def setup_view() -> None:
    st.title("Workshop")
    st.caption("Score the opportunity backlog together: participants use their phones, the room watches the "
               "big screen, and the results go back into the backlog.")
    _join_by_code_box()
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
    if created is not None and created in _tokens(_FACILITATORS):
        _created_panel(store, created)
    elif data_source.read_only():
        st.info("This is someone else's shared workspace, open read-only: a workshop would change its backlog. "
                "Ask its owner to run the workshop, or start one from your own data.", icon=":material/lock:")
    else:
        _create_form(store, backlog, backlog_key)
    _existing_workshops(store, backlog_key)


def _join_by_code_box() -> None:
    """Participants who were told a code: first on the page, so a phone shows it without scrolling."""
    with st.form("ws_join_code"):
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        code = c1.text_input("Joining a workshop? Type the join code", max_chars=60, placeholder="e.g. K7M2QX",
                             help="The six characters on the facilitator's screen.")
        if c2.form_submit_button("Join", icon=":material/login:", width="stretch") and code.strip():
            st.query_params.clear()
            st.query_params[QP_JOIN] = code.strip()
            st.rerun()


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
            _database_trouble(err)
            return
        _tokens(_FACILITATORS)[w.id] = w.facilitator_token
        st.session_state[_CREATED] = w.id
        st.rerun()


def _created_panel(store: Store, workshop_id: int) -> None:
    try:
        w = store.get_workshop(workshop_id)
    except WorkshopNotFound:
        st.session_state.pop(_CREATED, None)
        st.rerun()
    token = _tokens(_FACILITATORS)[workshop_id]
    st.success(f"**{md(w.name)}** is ready with {len(w.items)} opportunities.", icon=":material/check_circle:")
    invite_panel(w)
    with st.container(border=True):
        st.markdown("**Your private facilitator link**")
        st.warning("Keep this link private: anyone who has it can open and close voting, reveal results and "
                   "write them into the backlog. It is shown only here — bookmark it or copy it somewhere safe now.",
                   icon=":material/lock:")
        st.code(facilitator_link(w.id, token), language=None, wrap_lines=True)
    c1, c2 = st.columns(2)
    if c1.button("Open the facilitator screen", type="primary", icon=":material/co_present:", width="stretch"):
        _go_facilitator(w.id, token)
    if c2.button("Create another workshop", icon=":material/add:", width="stretch"):
        st.session_state.pop(_CREATED, None)
        st.rerun()


def _go_facilitator(workshop_id: int, token: str) -> None:
    st.query_params.clear()
    st.query_params[QP_WORKSHOP] = str(workshop_id)
    st.query_params[QP_FACILITATOR] = token
    st.rerun()


def invite_panel(w: Workshop, *, qr_width: int = 220) -> None:
    """Join code, join link and QR code: what the room needs to join."""
    link = join_link(w)
    qr_col, text_col = st.columns([1, 2], vertical_alignment="center")
    with qr_col:
        st.image(qr_png(link), width=qr_width, caption="Scan to join")
    with text_col:
        st.markdown("**Join code**")
        with st.container(key="ws_joincode"):
            st.markdown(md(w.join_code))
        st.markdown("**Join link** (send it in the meeting chat)")
        st.code(link, language=None, wrap_lines=True)
        st.caption(f"Or open {md(page_url())} and type the code.")


def _existing_workshops(store: Store, backlog_key: str) -> None:
    try:
        df = store.list_workshops(backlog_key)
    except StoreError as err:
        _database_trouble(err)
        return
    if df.empty:
        return
    st.subheader("Workshops on this backlog")
    state = {"draft": "Not started", "open": "Voting open", "closed": "Voting closed"}
    table = pd.DataFrame({
        "Workshop": df["name"].astype(str),
        "Created": [_local(t, "%Y-%m-%d %H:%M") for t in df["created_at"]],
        "Round": df["current_round"].astype("int64"),
        "Status": df["round_state"].map(state).fillna(df["round_state"]),
        "Participants": df["participants"].astype("int64"),
    })
    st.dataframe(table, hide_index=True, width="stretch")
    mine = {int(i): t for i, t in _tokens(_FACILITATORS).items() if int(i) in set(df["id"].astype(int))}
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


# ---------------------------------------------------------------------------------------------
# 2. Participant
# ---------------------------------------------------------------------------------------------


def participant_view() -> None:
    store = store_resource.get_store()
    if store is None:
        return
    join = _param(QP_JOIN)
    try:
        w = store.get_workshop_by_join(join)
    except StoreError as err:
        _database_trouble(err)
        return
    if w is None:
        st.title("Workshop")
        st.error("No workshop matches this join code or link. Check the code on the facilitator's screen.",
                 icon=":material/error:")
        _join_by_code_box()
        return
    st.title(md(w.name))
    token = _restore_participant(store, w)
    if token is None:
        _join_form(store, w)
        return
    _participant_live(store, w.id, _state_sig(w))
    if w.round_state == "open" and w.accepting_votes():
        if w.mode == "dots":
            _dots_ballot(store, w, token)
        else:
            _score_ballot(store, w, token)
    elif w.round_state == "draft":
        st.info("Waiting for the facilitator to open voting. This page updates by itself.",
                icon=":material/hourglass_top:")
    elif w.round_state == "open":  # timer ran out
        st.success("Time is up — thank you. Your saved scores count.", icon=":material/timer_off:")
    else:
        st.success("Round closed — thank you. Your saved scores count.", icon=":material/task_alt:")
    if w.revealed:
        _participant_results(store, w)


def _restore_participant(store: Store, w: Workshop) -> str | None:
    """This browser's participant token: from the URL (&p=) or the session; None if not joined."""
    mine = _tokens(_PARTICIPANTS)
    candidates = [t for t in (_param(QP_PARTICIPANT), mine.get(w.id)) if t]
    for token in dict.fromkeys(candidates):
        try:
            participant = store.participant_by_token(w.id, token)
        except StoreError as err:
            _database_trouble(err)
            st.stop()
        if participant is not None:
            mine[w.id] = token
            if st.query_params.get(QP_PARTICIPANT) != token:
                st.query_params[QP_PARTICIPANT] = token
            name = participant.display_name or "Anonymous"
            st.caption(f"You are **{md(name)}** · round {w.current_round}. Keep this page's address to come back "
                       "as yourself; don't share it.")
            return token
    if _param(QP_PARTICIPANT):
        st.warning("This personal link is not valid for this workshop any more. Join again below.",
                   icon=":material/warning:")
        del st.query_params[QP_PARTICIPANT]
    mine.pop(w.id, None)
    return None


def _join_form(store: Store, w: Workshop) -> None:
    with st.form("ws_join"):
        name = st.text_input("Your name (optional)", max_chars=80, placeholder="Anonymous",
                             help="Kept in the workshop's participant list; your scores are never shown next to "
                                  "it. Leave it empty to stay anonymous.")
        if st.form_submit_button("Join the workshop", type="primary", icon=":material/login:", width="stretch"):
            try:
                participant = store.join(w.id, name.strip() or None)
            except ValueError as err:
                st.error(md(err), icon=":material/error:")
                return
            except StoreError as err:
                st.error(f"Could not join: {md(err)}", icon=":material/error:")
                return
            _tokens(_PARTICIPANTS)[w.id] = participant.token
            st.query_params[QP_PARTICIPANT] = participant.token
            st.rerun()
    st.caption(f"{len(w.items)} opportunities to score. Your individual scores are never shown to other "
               "participants.")


@st.fragment(run_every=PARTICIPANT_REFRESH)
def _participant_live(store: Store, workshop_id: int, sig: tuple) -> None:
    """Poll the store: rerun the page when the facilitator opens, closes or reveals; show the timer."""
    try:
        w = store.get_workshop(workshop_id)
    except StoreError:
        st.caption(":orange[Connection to the workshop lost — retrying…]")
        return
    if _state_sig(w) != sig:
        st.rerun(scope="app")
    left = w.seconds_left()
    if w.round_state == "open" and left is not None and left > 0:
        st.markdown(f":material/timer: **{_seconds_text(left)}** left to vote")


def _vote_key(w: Workshop, kind: str, index: int, criterion: str) -> str:
    return f"ws_{kind}_{w.id}_{w.current_round}_{index}_{criterion}"


def _prefill(store: Store, w: Workshop, token: str, keys: dict[str, tuple[str, str]], convert) -> bool:
    """Put the participant's stored votes into widgets that have no state yet (first run, reload).
    Returns True if stored votes were found."""
    missing = [k for k in keys if k not in st.session_state]
    if not missing:
        return False
    try:
        votes = store.my_votes(w.id, token)
    except PermissionError:
        votes = {}
    for key in missing:
        oid, criterion = keys[key]
        st.session_state[key] = convert(votes.get(oid, {}).get(criterion))
    return bool(votes)


def _save(store: Store, w: Workshop, token: str, votes: dict) -> None:
    try:
        store.cast_votes(w.id, token, votes)
    except PermissionError:
        st.error("Your participant link is no longer valid. Reload the page and join again.",
                 icon=":material/error:")
        return
    except VoteRejected as err:  # RoundClosed, DotsBudgetExceeded, off-scale values
        st.error(f"**Not saved.** {md(err)}", icon=":material/error:")
        return
    except StoreError as err:
        st.error(f"**Not saved** — the workshop database did not answer ({md(type(err).__name__)}). "
                 "Your entries are still here; try again.", icon=":material/error:")
        return
    st.session_state.setdefault(_SAVED_AT, {})[(w.id, w.current_round)] = dt.datetime.now(dt.timezone.utc)
    st.rerun()


def _saved_note(w: Workshop, restored: bool) -> None:
    saved = st.session_state.get(_SAVED_AT, {}).get((w.id, w.current_round))
    if saved is not None:
        st.success(f"**Saved ✓** — you can change your scores until the round closes. (Last saved at "
                   f"{_local(saved)}.)", icon=":material/cloud_done:")
    elif restored:
        st.info("Your saved votes are filled in — you can change them until the round closes.",
                icon=":material/cloud_done:")


def _score_ballot(store: Store, w: Workshop, token: str) -> None:
    crit = w.criteria["criteria"]
    keys = {_vote_key(w, "v", i, c): (oid, c) for i, (oid, _) in enumerate(w.items) for c in crit}

    def convert(value):
        return NOT_SCORED if value is None else int(round(value))

    restored = _prefill(store, w, token, keys, convert)
    for key, (_, c) in keys.items():  # a stored vote off the criterion's current scale
        spec = crit[c]
        vs.fit_choice(key, [NOT_SCORED, *range(int(spec["min"]), int(spec["max"]) + 1)], spec["label"],
                      default=NOT_SCORED)
    scored = sum(all(st.session_state.get(_vote_key(w, "v", i, c)) != NOT_SCORED for c in crit)
                 for i in range(len(w.items)))
    st.markdown(f"Rate each opportunity, then press **Save my scores** at the bottom. "
                f"Fully scored: **{scored} of {len(w.items)}**.")
    with st.form(f"ws_ballot_{w.id}_{w.current_round}", border=False):
        for i, (oid, name) in enumerate(w.items):
            with st.container(border=True):
                st.markdown(f"**{md(name)}**")
                for c, spec in crit.items():
                    lo, hi = int(spec["min"]), int(spec["max"])
                    hint = SCALE_HINTS.get(c, f"{lo} = low, {hi} = high")
                    st.select_slider(f"{md(spec['label'])} ({hint})", [NOT_SCORED, *range(lo, hi + 1)],
                                     key=_vote_key(w, "v", i, c), help=spec.get("help"))
        submitted = st.form_submit_button("Save my scores", type="primary", icon=":material/save:", width="stretch")
    if submitted:
        votes = {keys[k]: (None if st.session_state[k] == NOT_SCORED else st.session_state[k]) for k in keys}
        if all(v is None for v in votes.values()):
            st.warning("Move at least one slider off “–” before saving.", icon=":material/warning:")
        else:
            _save(store, w, token, votes)
    _saved_note(w, restored)
    st.caption("“–” means not scored. Only the room's averages are ever shown, never anyone's own scores.")


def _dots_ballot(store: Store, w: Workshop, token: str) -> None:
    budget = int(w.dots)
    keys = {_vote_key(w, "d", i, "dots"): (oid, "dots") for i, (oid, _) in enumerate(w.items)}
    restored = _prefill(store, w, token, keys, lambda v: 0 if v is None else int(v))
    names = dict(w.items)
    for key, (oid, _) in keys.items():
        vs.fit_number(key, 0, budget, f"Dots for {names.get(oid, oid)}")
    used = sum(int(st.session_state.get(k) or 0) for k in keys)
    left = budget - used
    counter = st.empty()
    st.caption("Put your dots on the opportunities you would do first — several on one is fine.")
    for i, (oid, name) in enumerate(w.items):
        with st.container(border=True):
            c1, c2 = st.columns([3, 2], vertical_alignment="center")
            c1.markdown(f"**{md(name)}**")
            c2.number_input(f"Dots for {md(name)}", min_value=0, max_value=budget, step=1,
                            key=_vote_key(w, "d", i, "dots"), label_visibility="collapsed")
    if left < 0:
        message = f":red[**{-left} dot{'s' if -left != 1 else ''} too many**] — take some off before saving."
    else:
        message = f"**{left} of {budget} dots left**"
    counter.markdown(message)
    st.markdown(message)
    if st.button("Save my dots", type="primary", icon=":material/save:", width="stretch", disabled=left < 0):
        _save(store, w, token, {keys[k]: int(st.session_state.get(k) or 0) for k in keys})
    _saved_note(w, restored)


def _participant_results(store: Store, w: Workshop) -> None:
    """The room's averages — never anyone's individual votes (hidden under cxlens.workshop.min_votes)."""
    try:
        results = anonymise(store.round_results(w.id))
    except StoreError as err:
        _database_trouble(err)
        return
    st.subheader("The room's results")
    stats = item_stats(results)

    def shown(criterion: str, stat: str = "mean") -> pd.Series:  # NaN below the minimum number of votes
        return stats[f"{criterion}_{stat}"]

    if w.mode == "dots":
        table = pd.DataFrame({"Opportunity": stats["opportunity"], "Dots": shown("dots", "total")})
        order = ["Dots"]
    else:
        table = pd.DataFrame({"Opportunity": stats["opportunity"], "Value": shown("value"),
                              "Effort": shown("effort")})
        order = ["Value", "Effort"]
    table["Votes"] = stats["n"]
    unscored = int((table["Votes"] == 0).sum())
    table = table[table["Votes"] > 0].sort_values(order, ascending=[False] + [True] * (len(order) - 1),
                                                  na_position="last", kind="stable")
    if w.mode == "dots":
        table["Dots"] = [_fmt(v, 0) for v in table["Dots"]]
    # st.table wraps long names on a phone (a dataframe would scroll sideways); it renders
    # Markdown, so _display_table escapes the names.
    if len(table):
        st.table(_display_table(table), hide_index=True)
    note = f"{unscored} opportunit{'ies have' if unscored != 1 else 'y has'} no votes yet. " if unscored else ""
    st.caption(f"{note}{'Dots' if w.mode == 'dots' else 'Averages'} appear once at least "
               f"{results.attrs['min_votes']} people scored an item, so nobody's individual vote can be worked out.")


# ---------------------------------------------------------------------------------------------
# 3. Facilitator controls and big screen
# ---------------------------------------------------------------------------------------------


def screen_view() -> None:
    """The big screen alone, opened by its read-only link: live numbers, the join code while voting
    runs, and results once the facilitator reveals them. No control and no facilitator token."""
    store = store_resource.get_store()
    if store is None:
        return
    try:
        w = store.get_workshop_by_join(_param(QP_SCREEN) or "")
    except StoreError as err:
        _database_trouble(err)
        return
    if w is None:
        st.title("Workshop")
        st.error("This big-screen link does not open a workshop. Check that you copied the whole link.",
                 icon=":material/link_off:")
        return
    st.title(md(w.name))
    if w.round_state != "closed" and not w.revealed:
        with st.container(border=True):
            invite_panel(w, qr_width=180)
    with st.container(key="ws_bigscreen"):
        _big_screen(store, w.id, _state_sig(w))


def _refuse() -> None:
    st.title("Workshop")
    st.error("This facilitator link is not valid. Check that you copied the whole link; participants join "
             "with the join link or code instead.", icon=":material/lock:")


def facilitator_view() -> None:
    store = store_resource.get_store()
    if store is None:
        return
    # checked before the store sees it: an id past 64 bits overflows the database driver
    workshop_id, token = vs.id_param(_param(QP_WORKSHOP)), _param(QP_FACILITATOR)
    if workshop_id is None:
        _refuse()
        return
    try:
        ok = bool(token) and store.check_facilitator(workshop_id, token)
        w = store.get_workshop(workshop_id) if ok else None
    except WorkshopNotFound:
        ok = False
    except StoreError as err:
        _database_trouble(err)
        return
    if not ok or w is None:
        _refuse()
        return
    _tokens(_FACILITATORS)[w.id] = token
    if _PRESENT not in st.session_state:
        st.session_state[_PRESENT] = _param(QP_PRESENT) == "1"
    head, toggle = st.columns([4, 1], vertical_alignment="bottom")
    with head:
        st.title(md(w.name))
    with toggle:
        present = st.toggle("Presentation mode", key=_PRESENT,
                            help="Show only the big screen (for the projector). Press F11 for full screen, so the "
                                 "address bar with your private link is hidden.")
    if present:
        st.query_params[QP_PRESENT] = "1"
    elif QP_PRESENT in st.query_params:
        del st.query_params[QP_PRESENT]
    _show_flash()
    if not present:
        _controls(store, w, token)
    elif w.round_state != "closed" and not w.revealed:
        with st.container(border=True):
            invite_panel(w, qr_width=180)
    if not present:
        st.subheader("Live results")
    with st.container(key="ws_bigscreen"):
        _big_screen(store, w.id, _state_sig(w))
    if not present:
        _after_round(store, w, token)


def _act(action, success: str | None = None) -> None:
    """Run a facilitator action, remember how it went, rerun so every part shows the new state."""
    try:
        action()
    except PermissionError:
        _flash("error", "Only the workshop's facilitator can do this — this link's token was not accepted.")
    except ValueError as err:
        _flash("error", md(err))
    except StoreError as err:
        _flash("error", f"The workshop database did not answer ({type(err).__name__}); try again.")
    else:
        if success:
            _flash("success", success)
    st.rerun()


def _controls(store: Store, w: Workshop, token: str) -> None:
    with st.expander("Invite participants", expanded=w.round_state == "draft"):
        invite_panel(w)
    state = {"draft": ":gray-badge[Not started]", "open": ":green-badge[Voting open]",
             "closed": ":orange-badge[Voting closed]"}[w.round_state]
    shown = ":blue-badge[Results revealed]" if w.revealed else ":gray-badge[Results hidden]"
    with st.container(border=True):
        st.markdown(f"**Round {w.current_round}** {state} {shown}")
        with st.container(horizontal=True):
            if w.round_state == "open":
                if st.button("Close voting", icon=":material/stop_circle:", key="ws_close"):
                    _act(lambda: store.close_round(w.id, token), "Voting is closed. Participants see "
                                                                  "“Round closed — thank you”.")
            elif st.button("Open voting" if w.round_state == "draft" else "Re-open voting", type="primary",
                           icon=":material/play_circle:", key="ws_open"):
                _act(lambda: store.open_round(w.id, token), "Voting is open.")
            if w.revealed:
                if st.button("Hide results", icon=":material/visibility_off:", key="ws_hide"):
                    _act(lambda: store.set_revealed(w.id, token, False))
            elif st.button("Reveal results", icon=":material/visibility:", key="ws_reveal",
                           type="primary" if w.round_state == "closed" else "secondary"):
                _act(lambda: store.set_revealed(w.id, token, True))
            with st.popover("New round…", icon=":material/restart_alt:"):
                st.markdown(f"Start **round {w.current_round + 1}** with an empty board? Round "
                            f"{w.current_round}'s votes are kept in the history and the export; results are hidden "
                            "again and voting opens right away.")
                if st.button(f"Yes, start round {w.current_round + 1}", type="primary", key="ws_reset"):
                    _act(lambda: store.reset_round(w.id, token), f"Round {w.current_round + 1} is open.")
        t1, t2, t3 = st.columns([1, 1, 1], vertical_alignment="bottom")
        minutes = t1.number_input("Timer (minutes)", min_value=1, max_value=120, value=5, step=1, key="ws_timer_min")
        if t2.button("Start timer", icon=":material/timer:", key="ws_timer", width="stretch",
                     disabled=w.round_state != "open",
                     help="Votes are accepted until the timer runs out." if w.round_state == "open"
                     else "Open voting first."):
            _act(lambda: store.set_timer(w.id, token, minutes * 60), f"Timer started: {minutes} minutes.")
        if t3.button("Clear timer", icon=":material/timer_off:", key="ws_timer_clear", width="stretch",
                     disabled=w.timer_ends_at is None):
            _act(lambda: store.set_timer(w.id, token, None), "Timer cleared.")
        if not w.revealed:
            st.caption("Results stay hidden until you reveal them, so nobody anchors on early scores.")
    with st.expander("Big-screen link (read-only, safe to project)"):
        st.caption("Open it on the computer that drives the projector: it shows the live results and follows "
                   "your reveal, but has no controls and does not contain your private link.")
        st.code(screen_link(w), language=None, wrap_lines=True)
    with st.expander("Your private facilitator link (don't project this)"):
        st.code(facilitator_link(w.id, token), language=None, wrap_lines=True)


@st.fragment(run_every=BIG_SCREEN_REFRESH)
def _big_screen(store: Store, workshop_id: int, sig: tuple) -> None:
    """Live numbers every 2 s; scores only once revealed. A state change elsewhere reruns the page."""
    try:
        w = store.get_workshop(workshop_id)
        results = anonymise(store.round_results(workshop_id))
    except StoreError:
        st.warning("Lost the connection to the workshop database — retrying every few seconds.",
                   icon=":material/sync_problem:")
        return
    if _state_sig(w) != sig:
        st.rerun(scope="app")
    attrs = results.attrs
    participants, voters, progress = attrs["participant_count"], attrs["voter_count"], attrs["progress"]
    complete = round(progress * participants)
    # A wrapping row rather than st.columns: two per line on a phone instead of four stacked.
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.metric("Participants", f"{participants}", width="content")
        st.metric("Have voted", f"{voters}", width="content")
        st.metric("Finished", f"{complete}", width="content")
        left = w.seconds_left()
        if w.round_state == "open" and left is not None:
            st.metric("Time left", _seconds_text(left) if left > 0 else "Time is up", width="content")
        else:
            st.metric("Round", f"{w.current_round}", width="content",
                      help={"draft": "Not started", "open": "Voting open", "closed": "Voting closed"}[w.round_state])
    what = "placed all their dots" if w.mode == "dots" else "scored every opportunity"
    st.progress(float(min(max(progress, 0.0), 1.0)), text=f"{complete} of {participants} {what}")
    if not w.revealed:
        st.markdown(":material/visibility_off: Scores are hidden until the facilitator reveals them.")
        return
    if results["n"].sum() == 0:
        st.info("No scores yet.", icon=":material/hourglass_empty:")
        return
    key = _results_key(results)
    if w.mode == "dots":
        st.plotly_chart(_cached_figure(key, "dots", results), width="stretch", key="ws_dots_chart",
                        config={"displayModeBar": False})
    else:
        st.plotly_chart(_cached_figure(key, "matrix", results), width="stretch", key="ws_matrix",
                        config={"displayModeBar": False})
    consensus = consensus_table(results, w.mode)
    keys_shown = w.mode != "dots" and crowded(consensus["#"])  # the matrix above shows numbers
    st.markdown("**Discuss first** — where the room disagrees most (largest spread on top)"
                + (" · **#** is the bubble's number on the matrix" if keys_shown else "") if w.mode != "dots"
                else "**Dots per opportunity**")
    table, unscored = consensus_display(consensus, w.mode, show_keys=keys_shown)
    st.table(table, hide_index=True)
    if unscored:
        st.caption(f"{unscored} more opportunit{'ies have' if unscored != 1 else 'y has'} no "
                   f"{'dots' if w.mode == 'dots' else 'scores'} yet.")
    st.caption(_anonymity_note(w.mode, results.attrs["min_votes"]))
    if w.round_state == "open" and w.accepting_votes():
        st.caption(":material/info: Results are revealed while voting is open: when one person saves, the change "
                   "in the numbers can show their scores. Close voting before revealing to keep every vote "
                   "anonymous.")


def _anonymity_note(mode: str, k: int) -> str:
    what = "Dots" if mode == "dots" else "Averages"
    extra = "" if mode == "dots" else f", the spread (sd) from {k + 1}"
    return (f"{what} appear once at least {k} people scored an item{extra}, so nobody's individual vote can be "
            "worked out.")


def _results_key(results: pd.DataFrame) -> tuple:
    cols = ["opportunity_id", "name", "criterion", "n", "mean", "std", "total"]
    return tuple(results[cols].itertuples(index=False, name=None))


@st.cache_resource(max_entries=32, show_spinner=False)
def _cached_figure(key: tuple, kind: str, _results: pd.DataFrame) -> go.Figure:
    """The big screen redraws every 2 s; build its figure only when the numbers changed. Figures
    are shared read-only (st.plotly_chart does not modify them)."""
    return dots_figure(_results) if kind == "dots" else live_matrix(_results)


def _display_table(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers formatted, text escaped for st.table (which renders Markdown in cells)."""
    out = table.copy()
    for col in out.columns:
        if col == "Opportunity":
            out[col] = [md(" ".join(str(v).split())) for v in out[col]]
        elif pd.api.types.is_float_dtype(out[col]):
            out[col] = [_fmt(v) for v in out[col]]
        else:
            out[col] = out[col].astype(str)
    return out


def _after_round(store: Store, w: Workshop, token: str) -> None:
    st.subheader("After the round")
    c1, c2 = st.columns(2, gap="large")
    with c1:
        st.markdown("**Write results into the backlog**")
        if w.mode == "dots":
            st.caption(f"Keeps round {w.current_round}'s total dots per opportunity, with the number of people, in "
                       "the backlog's workshop history (dots are not a value or effort score, so the Opportunities "
                       "page's scores stay as they are).")
        else:
            st.caption(f"Sets each opportunity's value (customer and business) and effort on the Opportunities page "
                       f"to round {w.current_round}'s averages, marked with this workshop as their source, and keeps "
                       "them with the number of votes and the spread in the workshop history. The previous scores "
                       "are kept: **Undo** on the Opportunities page puts them back. Items with fewer votes than "
                       "the screen shows averages for are not written.")
        if st.button("Write results into the backlog", icon=":material/playlist_add_check:", key="ws_write"):
            _write_backlog(store, w, token)
        written = st.session_state.get(_WRITTEN)
        if written and written[0] == w.id:
            _written_table(store, w, written[1])
    with c2:
        st.markdown("**Export results**")
        st.caption("Every round's statistics per opportunity and criterion: number of votes, average, spread and "
                   f"total, each only from as many votes as the screen shows it ({min_votes()}; the spread from "
                   f"{min_votes() + 1}). No individual votes, no minimum, maximum or median.")
        stem = f"workshop-{w.id}-results"
        d1, d2 = st.columns(2)
        # The files are built only when a button is pressed (callables), not on every rerun.
        d1.download_button("CSV", lambda: results_csv(store, w.id), f"{stem}.csv", "text/csv",
                           icon=":material/download:", on_click="ignore", key="ws_csv", width="stretch")
        d2.download_button("Excel", lambda: results_xlsx(store, w.id), f"{stem}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:", on_click="ignore", key="ws_xlsx", width="stretch")


def results_csv(store: Store, workshop_id: int) -> bytes:
    """Every round's statistics (anonymised: nothing that reveals a vote), formula-safe for Excel."""
    return export.to_csv_bytes(anonymise(store.results_history(workshop_id)))


def results_xlsx(store: Store, workshop_id: int) -> bytes:
    history = anonymise(store.results_history(workshop_id))
    current = int(history["round"].max()) if len(history) else 1
    return export.to_xlsx_bytes({f"Round {current}": history[history["round"] == current], "All rounds": history})


def _backlog_scales() -> dict:
    """The scales of the loaded backlog's scores (1-5, words ...), so written averages land on them."""
    ds = data_source.current_dataset()
    return osc.scales_for(ds.recipe.opportunity_scales if ds is not None else None)


def _write_backlog(store: Store, w: Workshop, token: str) -> None:
    try:
        count = store.record_round_in_backlog(w.id, token, scales=_backlog_scales())
    except PermissionError:
        _flash("error", "Only the workshop's facilitator can write results into the backlog.")
        st.rerun()
    except (StoreError, ValueError) as err:
        _flash("error", f"Nothing was written: {md(err)}")
        st.rerun()
    if count == 0:
        _flash("warning", f"Nothing to write yet: round {w.current_round} has no votes.")
    else:
        what = "total dots" if w.mode == "dots" else "average value and effort"
        where = ("" if w.mode == "dots" else " The Opportunities page (matrix, backlog, frameworks) now uses these "
                 "scores and shows their source; its **Undo this write-back** puts the previous ones back.")
        _flash("success", f"Wrote round {w.current_round} into the backlog: the {what} of {count} "
                          f"opportunit{'ies' if count != 1 else 'y'}, each with its number of votes and spread "
                          f"(workshop “{md(w.name)}”, {dt.date.today():%Y-%m-%d}).{where}")
        st.session_state[_WRITTEN] = (w.id, w.current_round)
    st.rerun()


def _written_table(store: Store, w: Workshop, rnd: int) -> None:
    try:
        scores = store.list_workshop_scores(w.backlog_key)
    except StoreError:
        return
    scores = scores[(scores["workshop_id"] == w.id) & (scores["round"] == rnd)]
    k = min_votes()  # rows written before the anonymity rule may hold fewer votes
    scores = scores[scores["n"].fillna(0) >= k].assign(spread=lambda d: d["spread"].where(d["n"] >= k + 1))
    if scores.empty:
        return
    names = dict(w.items)
    labels = {c: s.get("label", c) for c, s in w.criteria["criteria"].items()}
    table = pd.DataFrame({
        "Opportunity": scores["opportunity_id"].map(names).fillna(scores["opportunity_id"]),
        "Criterion": scores["criterion"].map(labels).fillna(scores["criterion"]),
        "Value": scores["value"].round(2), "Votes": scores["n"], "Spread (sd)": scores["spread"].round(2),
    })
    st.dataframe(table, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(table)))

