"""Optional sign-in: OpenID Connect through ``st.login`` when ``[auth]`` is configured.

Without an ``[auth]`` section in ``.streamlit/secrets.toml`` the app is open, as it always
was. With one, everyone must sign in, and only allowed accounts get in:

    [auth]                       # Streamlit's own keys: see docs/deploy.md
    redirect_uri = "https://cx.example.org/oauth2callback"
    cookie_secret = "..."
    client_id = "..."
    client_secret = "..."
    server_metadata_url = "https://login.example.org/.well-known/openid-configuration"

    [access]                     # CX Lens: who may use the app (both optional; empty = any account)
    allowed_domains = ["example.org"]
    allowed_emails = ["consultant@partner.com"]

``CXLENS_ALLOWED_DOMAINS`` / ``CXLENS_ALLOWED_EMAILS`` (comma-separated) override ``[access]``.
The signed-in address is who owns saved workspaces (components/workspace_view.py).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time

import streamlit as st

from . import url_params as up
from .markdown import md


def _secrets_section(name: str):
    try:
        return st.secrets[name]
    except Exception:  # no secrets file, no such section, unparsable file
        return None


def auth_configured() -> bool:
    return _secrets_section("auth") is not None


def _listed(env: str, key: str) -> list[str]:
    raw = os.environ.get(env)
    if raw is not None:
        values = raw.split(",")
    else:
        section = _secrets_section("access")
        values = list(section.get(key, [])) if section is not None else []
    return [v.strip().lower().lstrip("@") for v in values if str(v).strip()]


def is_allowed(email: str | None, allowed_domains: list[str], allowed_emails: list[str]) -> bool:
    """An address is allowed when no list is set, or it is listed, or its domain is.

    Domains match exactly (``example.org`` allows ``a@example.org``, not ``a@evil-example.org``
    nor ``a@sub.example.org``).
    """
    if not allowed_domains and not allowed_emails:
        return bool(email)
    if not email or "@" not in email:
        return False
    address = email.strip().lower()
    return address in allowed_emails or address.rsplit("@", 1)[1] in allowed_domains


def signed_in_email() -> str | None:
    """The signed-in user's e-mail address, or None (also when sign-in is not configured)."""
    if not auth_configured():
        return None
    try:
        if not st.user.is_logged_in:
            return None
        email = st.user.get("email")
    except Exception:
        return None
    return str(email).strip().lower() if email else None


def gate() -> bool:
    """True when this user may see the app. Draws nothing; see :func:`login_screen`."""
    if not auth_configured():
        return True
    email = signed_in_email()
    if email is None:
        return False
    if st.user.get("email_verified") is False:
        return False
    return is_allowed(email, _listed("CXLENS_ALLOWED_DOMAINS", "allowed_domains"),
                      _listed("CXLENS_ALLOWED_EMAILS", "allowed_emails"))


def login_screen(page_path: str = "") -> None:
    """What a visitor who may not see the app yet sees: sign in, or why they were refused.

    ``page_path`` is the page the visitor's link points to: with the link's query it is opened
    again once they have signed in (sign-in always comes back to the home page)."""
    st.title("CX Lens")
    email = signed_in_email()
    if email is None:
        st.write("This CX Lens is private to its organisation. Sign in with your work account to continue.")
        if page_path or st.query_params:
            if remember_link(page_path, up.bounded(st.query_params.to_dict())):
                st.caption("The link you opened opens again once you have signed in.")
            else:
                st.caption("If you opened a shared link, open it again after signing in.")
        st.button("Sign in", type="primary", icon=":material/login:", on_click=st.login)
        return
    if st.user.get("email_verified") is False:
        reason = "its e-mail address is not verified by the sign-in provider"
    else:
        reason = "it is not on this server's list of allowed accounts"
    st.error(f"You are signed in as **{md(email)}**, but {reason}. Ask the person who runs this CX Lens to add "
             "your address or domain, or sign in with another account.", icon=":material/block:")
    st.button("Sign out", icon=":material/logout:", on_click=st.logout)


# ----------------------------------------------------------------------------- the link opened before sign-in

#: How long a link opened before signing in is kept for its browser, and how many are kept.
PENDING_LINK_SECONDS = 15 * 60
PENDING_LINK_MAX = 10_000


@st.cache_resource(show_spinner=False)
def _pending_links() -> dict:
    """Links opened before signing in, by browser, shared by this server process's sessions.

    The sign-in provider sends everyone back to the home page, in a new session; the browser is
    recognised by the token in Streamlit's XSRF cookie, which outlives that round trip (kept
    hashed, never as is). Behind a load balancer the round trip returns to the same process when
    sessions are pinned (docs/deploy.md); otherwise the visitor simply lands on the home page."""
    return {"lock": threading.Lock(), "links": {}}


def _browser_key() -> str | None:
    """A hash of this browser's XSRF token, or None when Streamlit sets no XSRF cookie."""
    try:
        raw = st.context.cookies.get("_streamlit_xsrf")
    except Exception:
        return None
    if not raw:
        return None
    token = raw
    parts = raw.split("|")
    if len(parts) == 4 and parts[0] == "2":  # "2|mask|masked token|time": the mask changes on every page load
        try:
            mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
            token = bytes(a ^ b for a, b in zip(mask, masked)).hex()
        except ValueError:
            return None
    return hashlib.sha256(f"cxlens-pending-link:{token}".encode()).hexdigest()


def remember_link(page_path: str, params: dict) -> bool:
    """Keep the page and query of the link this browser opened; False when the browser cannot be recognised."""
    key = _browser_key()
    if key is None:
        return False
    store = _pending_links()
    now = time.monotonic()
    with store["lock"]:
        links = store["links"]
        for stale in [k for k, (expires, _, _) in links.items() if expires < now]:
            del links[stale]
        if len(links) >= PENDING_LINK_MAX and key not in links:
            links.pop(next(iter(links)))  # the oldest
        links[key] = (now + PENDING_LINK_SECONDS, str(page_path or ""), {str(k): str(v) for k, v in params.items()})
    return True


def take_link() -> tuple[str, dict] | None:
    """The (page path, query) this browser opened before signing in, once; None when there is none."""
    key = _browser_key()
    if key is None:
        return None
    store = _pending_links()
    with store["lock"]:
        found = store["links"].pop(key, None)
    if found is None or found[0] < time.monotonic():
        return None
    return found[1], found[2]


def account_sidebar() -> None:
    """Who is signed in, with a sign-out button (nothing when sign-in is not configured)."""
    email = signed_in_email()
    if email is None:
        return
    with st.sidebar:
        st.caption(f"Signed in as {md(email)}")
        st.button("Sign out", key="auth_sign_out", icon=":material/logout:", on_click=st.logout)
