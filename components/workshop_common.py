"""What the workshop's three views share: URL parameters, links, this browser's tokens, times, the
invite panel, the join-code box and the big-screen CSS (issue #7; the views are in
components/workshop_setup.py, workshop_participant.py and workshop_screen.py, chosen by
components/workshop_view.py).

Everything shared between people lives in the store (components/store_resource.py); session state only
remembers this browser's own tokens, so a reload, a lost connection or a server restart loses nothing.
User text (workshop, display and opportunity names) is escaped with md() in Markdown, shown as plain text
in dataframes and through safe_label in figures.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from cxlens.store import Workshop
from cxlens.workshop import fmt as _fmt, qr_png

from . import store_resource
from . import url_params as up
from .markdown import md

# URL parameters
QP_JOIN, QP_PARTICIPANT, QP_WORKSHOP, QP_FACILITATOR, QP_PRESENT = "join", "p", "w", "f", "present"
#: The read-only big screen: ``?screen=<join token>`` (no facilitator token in a projected address bar).
QP_SCREEN = "screen"
PAGE_PATH = "workshop"

#: Session state: {workshop_id: facilitator token} of the workshops opened or created in this browser.
FACILITATORS = "cxlens_ws_facilitators"

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


def seconds_text(seconds: float) -> str:
    seconds = int(math.ceil(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def state_sig(w: Workshop) -> tuple:
    """What changes a participant's or facilitator's screen beyond the live numbers."""
    return (w.current_round, w.round_state, w.revealed, w.timer_ends_at, w.accepting_votes())


@dataclass(frozen=True)
class Link:
    """What this page's URL asks for, each parameter read once and checked (components/url_params.py).

    The view follows which parameters are there, valid or not, so a broken facilitator, big-screen or
    join link gets its own "not valid" message rather than the setup page; values that cannot be used
    are None (a notice said why)."""

    view: str  # "facilitator" | "screen" | "participant" | "setup"
    workshop_id: int | None = None
    facilitator_token: str | None = None
    screen_token: str | None = None
    join_token: str | None = None
    participant_token: str | None = None
    present: bool = False


def _given(name: str) -> bool:
    value = up.raw(name)
    return value is not None and value.strip() != ""


def read_link() -> Link:
    """The workshop view and tokens this URL asks for (only the chosen view's parameters are read)."""
    if _given(QP_WORKSHOP) or _given(QP_FACILITATOR):
        return Link("facilitator", workshop_id=up.record_id(QP_WORKSHOP), facilitator_token=up.token(QP_FACILITATOR),
                    present=up.choice(QP_PRESENT, ("1", "0"), "is neither 1 nor 0") == "1")
    if _given(QP_SCREEN):
        return Link("screen", screen_token=up.token(QP_SCREEN))
    if _given(QP_JOIN):
        return Link("participant", join_token=up.token(QP_JOIN), participant_token=up.token(QP_PARTICIPANT))
    return Link("setup")


def tokens(key: str) -> dict:
    return st.session_state.setdefault(key, {})


def _tz() -> dt.tzinfo:
    name = getattr(st.context, "timezone", None)
    try:
        return ZoneInfo(name) if name else dt.timezone.utc
    except Exception:
        return dt.timezone.utc


def local_time(ts: dt.datetime | pd.Timestamp, fmt: str = "%H:%M:%S") -> str:
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
def database_trouble(err: BaseException) -> None:
    store_resource.show_database_error(err)


def css() -> None:
    st.html(_CSS)


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


def join_by_code_box() -> None:
    """Participants who were told a code: first on the page, so a phone shows it without scrolling."""
    with st.form("ws_join_code"):
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        code = c1.text_input("Joining a workshop? Type the join code", max_chars=60, placeholder="e.g. K7M2QX",
                             help="The six characters on the facilitator's screen.")
        if c2.form_submit_button("Join", icon=":material/login:", width="stretch") and code.strip():
            st.query_params.clear()
            st.query_params[QP_JOIN] = code.strip()
            st.rerun()


def display_table(table: pd.DataFrame) -> pd.DataFrame:
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
