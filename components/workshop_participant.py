"""The workshop's participant view (``?join=<join token or code>[&p=<participant token>]``), phone
first: join, score or place dots while the round is open, the room's results once revealed (issue #7)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cxlens.store import Store, StoreError, VoteRejected, Workshop
from cxlens.workshop import anonymise, item_stats
from cxlens.workshop import fmt as _fmt

from . import store_resource
from . import view_state as vs
from . import workshop_common as wc
from .markdown import md

_PARTICIPANTS = "cxlens_ws_participants"  # {workshop_id: participant token}
_SAVED_AT = "cxlens_ws_saved_at"  # {(workshop_id, round): datetime of the last successful save}

NOT_SCORED = "–"
#: What the ends of each scale mean, next to the slider.
SCALE_HINTS = {"value": "1 = low, 10 = high", "effort": "1 = little work, 10 = a lot"}
# Anonymity: every view, the export and the write-back show statistics through
PARTICIPANT_REFRESH = 3  # seconds


def participant_view(link: wc.Link) -> None:
    store = store_resource.get_store()
    if store is None:
        return
    try:
        w = store.get_workshop_by_join(link.join_token) if link.join_token else None
    except StoreError as err:
        wc.database_trouble(err)
        return
    if w is None:
        st.title("Workshop")
        st.error("No workshop matches this join code or link. Check the code on the facilitator's screen.",
                 icon=":material/error:")
        wc.join_by_code_box()
        return
    st.title(md(w.name))
    token = _restore_participant(store, w, link.participant_token)
    if token is None:
        _join_form(store, w)
        return
    _participant_live(store, w.id, wc.state_sig(w))
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


def _restore_participant(store: Store, w: Workshop, from_url: str | None) -> str | None:
    """This browser's participant token: from the URL (&p=) or the session; None if not joined."""
    mine = wc.tokens(_PARTICIPANTS)
    candidates = [t for t in (from_url, mine.get(w.id)) if t]
    for token in dict.fromkeys(candidates):
        try:
            participant = store.participant_by_token(w.id, token)
        except StoreError as err:
            wc.database_trouble(err)
            st.stop()
        if participant is not None:
            mine[w.id] = token
            if st.query_params.get(wc.QP_PARTICIPANT) != token:
                st.query_params[wc.QP_PARTICIPANT] = token
            name = participant.display_name or "Anonymous"
            st.caption(f"You are **{md(name)}** · round {w.current_round}. Keep this page's address to come back "
                       "as yourself; don't share it.")
            return token
    if from_url:
        st.warning("This personal link is not valid for this workshop any more. Join again below.",
                   icon=":material/warning:")
    if wc.QP_PARTICIPANT in st.query_params:  # not valid here, or refused by wc.read_link
        del st.query_params[wc.QP_PARTICIPANT]
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
            wc.tokens(_PARTICIPANTS)[w.id] = participant.token
            st.query_params[wc.QP_PARTICIPANT] = participant.token
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
    if wc.state_sig(w) != sig:
        st.rerun(scope="app")
    left = w.seconds_left()
    if w.round_state == "open" and left is not None and left > 0:
        st.markdown(f":material/timer: **{wc.seconds_text(left)}** left to vote")


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
                   f"{wc.local_time(saved)}.)", icon=":material/cloud_done:")
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
        wc.database_trouble(err)
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
    # Markdown, so wc.display_table escapes the names.
    if len(table):
        st.table(wc.display_table(table), hide_index=True)
    note = f"{unscored} opportunit{'ies have' if unscored != 1 else 'y has'} no votes yet. " if unscored else ""
    st.caption(f"{note}{'Dots' if w.mode == 'dots' else 'Averages'} appear once at least "
               f"{results.attrs['min_votes']} people scored an item, so nobody's individual vote can be worked out.")
