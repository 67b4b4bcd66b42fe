"""The app's one Store (cxlens/store/) per server process, shared by every session.

Where the data lives, first match wins:

1. the environment variable ``CXLENS_DATABASE_URL``;
2. ``.streamlit/secrets.toml`` → ``[connections.cxlens]`` ``url = "..."``;
3. the embedded SQLite file (``<CXLENS_DATA_DIR or ./data>/cxlens.sqlite3``).

``get_store()`` never lets a database problem become a traceback on screen: it draws an
``st.error`` that says what is wrong and where (never the password) and returns None.
"""

from __future__ import annotations

import os

import streamlit as st

from cxlens.store import Store, StoreError, default_url
from cxlens.store import describe_url as _url_without_password

from .markdown import md


def database_url() -> str:
    """The database URL by the precedence above. A missing or broken secrets file is not an error."""
    env = os.environ.get("CXLENS_DATABASE_URL", "").strip()
    if env:
        return env
    try:
        url = st.secrets["connections"]["cxlens"]["url"]
    except Exception:  # no secrets.toml, no such section, unparsable file: fall back to SQLite
        url = None
    if isinstance(url, str) and url.strip():
        return url.strip()
    return default_url()


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    return _url_without_password(url)


@st.cache_resource(show_spinner=False, on_release=lambda store: store.close())
def _open_store(url: str) -> Store:
    # Keyed by URL: a changed CXLENS_DATABASE_URL (tests) opens a new store. Failures are not
    # cached, so the next run tries again (e.g. after the database came back).
    return Store(url)


def _reason(err: BaseException) -> str:
    """One readable line: the store's sentence (database errors arrive as StoreError already)."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def get_store() -> Store | None:
    """The shared Store, or None after an ``st.error`` explaining why there is none."""
    url = database_url()
    try:
        return _open_store(url)
    except (StoreError, ValueError, OSError, ImportError) as err:
        show_database_error(err, url)
        return None


def show_database_error(err: BaseException, url: str | None = None) -> None:
    where = describe_url(url or database_url())
    st.error(
        f"**The workshop database is not available.** {md(_reason(err))}\n\n"
        f"Database: `{where.replace('`', '')}`. Check `CXLENS_DATABASE_URL` or `[connections.cxlens]` in "
        "`.streamlit/secrets.toml` (see docs/store.md), then reload this page.",
        icon=":material/database:",
    )


def clear() -> None:
    """Forget (and close) the cached stores, e.g. between tests that switch databases."""
    _open_store.clear()
