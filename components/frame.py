"""Guarantees every page is drawn inside the app's frame (app.py).

Why: Streamlit remembers that a ``pages/`` folder exists until ``st.navigation`` has
run once in the server process. On a freshly started server, the first visitor who
opens a deep link such as ``/opportunities`` therefore gets ``pages/opportunities.py``
run on its own, without the router, the sidebar data source or the navigation.
Each page calls :func:`ensure_frame` first: when it is not running inside app.py's
frame it runs the frame itself (which resolves and runs the requested page) and
stops the bare run.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

import streamlit as st

_state = threading.local()  # scripts of one session run in one thread


@contextmanager
def frame_run():
    """Mark the current script run as drawn by app.py."""
    _state.active = True
    try:
        yield
    finally:
        _state.active = False


def ensure_frame() -> None:
    if getattr(_state, "active", False):
        return
    import app  # the router; importing it does not run it

    app.main()
    st.stop()
