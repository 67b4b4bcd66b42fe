"""The workshop's facilitator controls and big screen (issue #7).

* ``?w=<workshop id>&f=<facilitator token>[&present=1]`` — facilitator controls, the big screen, and
  after the round the write-back into the backlog and the exports;
* ``?screen=<join token>`` — the big screen alone, read-only (no facilitator token in a projected
  address bar).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cxlens import export
from cxlens import opportunity_scales as osc
from cxlens.opportunity_figures import crowded
from cxlens.store import Store, StoreError, Workshop, WorkshopNotFound
from cxlens.workshop import anonymise, consensus_table, dots_figure, live_matrix, min_votes
from cxlens.workshop import fmt as _fmt

from . import data_source, store_resource
from . import workshop_common as wc
from .markdown import md

_FLASH = "cxlens_ws_flash"  # (kind, message) shown once after a facilitator action
_WRITTEN = "cxlens_ws_written"  # (workshop_id, round) written into the backlog in this session
_PRESENT = "ws_present"
# Anonymity: every view, the export and the write-back show statistics through
# cxlens.workshop.anonymise, whose threshold (cxlens.workshop.min_votes) is the one setting.
BIG_SCREEN_REFRESH = 2  # seconds


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
    return wc.display_table(out.reset_index(drop=True)), int(len(table) - len(scored))


def _mean_sd(mean: float, sd: float) -> str:
    if pd.isna(mean):
        return _fmt(mean)
    return _fmt(mean) if pd.isna(sd) else f"{_fmt(mean)} ± {_fmt(sd)}"


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


def screen_view(link: wc.Link) -> None:
    """The big screen alone, opened by its read-only link: live numbers, the join code while voting
    runs, and results once the facilitator reveals them. No control and no facilitator token."""
    store = store_resource.get_store()
    if store is None:
        return
    try:
        w = store.get_workshop_by_join(link.screen_token) if link.screen_token else None
    except StoreError as err:
        wc.database_trouble(err)
        return
    if w is None:
        st.title("Workshop")
        st.error("This big-screen link does not open a workshop. Check that you copied the whole link.",
                 icon=":material/link_off:")
        return
    st.title(md(w.name))
    if w.round_state != "closed" and not w.revealed:
        with st.container(border=True):
            wc.invite_panel(w, qr_width=180)
    with st.container(key="ws_bigscreen"):
        _big_screen(store, w.id, wc.state_sig(w))


def _refuse() -> None:
    st.title("Workshop")
    st.error("This facilitator link is not valid. Check that you copied the whole link; participants join "
             "with the join link or code instead.", icon=":material/lock:")


def facilitator_view(link: wc.Link) -> None:
    store = store_resource.get_store()
    if store is None:
        return
    # checked before the store sees it (wc.read_link): an id past 64 bits overflows the database driver
    workshop_id, token = link.workshop_id, link.facilitator_token
    if workshop_id is None:
        _refuse()
        return
    try:
        ok = bool(token) and store.check_facilitator(workshop_id, token)
        w = store.get_workshop(workshop_id) if ok else None
    except WorkshopNotFound:
        ok = False
    except StoreError as err:
        wc.database_trouble(err)
        return
    if not ok or w is None:
        _refuse()
        return
    wc.tokens(wc.FACILITATORS)[w.id] = token
    if _PRESENT not in st.session_state:
        st.session_state[_PRESENT] = link.present
    head, toggle = st.columns([4, 1], vertical_alignment="bottom")
    with head:
        st.title(md(w.name))
    with toggle:
        present = st.toggle("Presentation mode", key=_PRESENT,
                            help="Show only the big screen (for the projector). Press F11 for full screen, so the "
                                 "address bar with your private link is hidden.")
    if present:
        st.query_params[wc.QP_PRESENT] = "1"
    elif wc.QP_PRESENT in st.query_params:
        del st.query_params[wc.QP_PRESENT]
    _show_flash()
    if not present:
        _controls(store, w, token)
    elif w.round_state != "closed" and not w.revealed:
        with st.container(border=True):
            wc.invite_panel(w, qr_width=180)
    if not present:
        st.subheader("Live results")
    with st.container(key="ws_bigscreen"):
        _big_screen(store, w.id, wc.state_sig(w))
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
        wc.invite_panel(w)
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
        st.code(wc.screen_link(w), language=None, wrap_lines=True)
    with st.expander("Your private facilitator link (don't project this)"):
        st.code(wc.facilitator_link(w.id, token), language=None, wrap_lines=True)


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
    if wc.state_sig(w) != sig:
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
            st.metric("Time left", wc.seconds_text(left) if left > 0 else "Time is up", width="content")
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
