"""Take it to the meeting: the sidebar's "Download deck (.pptx)" and "Download report (.html)" (issue 18).

Both are built only when clicked (``st.download_button`` with a callable: Streamlit runs it on its own
thread when the button is pressed), from the loaded data and the views as the pages left them: the
heatmap's metric, axes, minimum n and filters, the hotspots' split and weights, the matrix's value
weight and quadrant lines. A shared read-only workspace link gets the same buttons.

What the callable needs is read here, on the script thread (session state cannot be read from
another thread): the dataset, its digest and recipe, the view settings, the store and the keys of
the backlog and the maturity assessment. The backlog, maturity answers and workshop results are read
from the store at click time. A finished file is kept per data digest + recipe + settings + stored
inputs in a small LRU shared by the sessions of this server, so a second click (or a colleague with the
same link and view) does not build it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import cxlens
from cxlens import backlog as bl
from cxlens import friction
from cxlens.metric_registry import MIN_N
from cxlens import maturity as mt
from cxlens import strategy as sg
from cxlens.report import ReportView

from . import data_source, maturity_access
from . import url_params as up
from . import view_state as vs
from .workshop_common import QP_FACILITATOR, QP_WORKSHOP
from .shared_cache import SharedLru

LOG = logging.getLogger(__name__)
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#: Finished files kept in memory (each a deck or a report of one data set and view).
CACHE_ENTRIES = 6
#: The widget keys the pages keep their view in (components/heatmap_view, hotspot_view, opportunity_view).
HEATMAP_KEYS = ["hm_metric", "hm_rows", "hm_cols", "hm_min_n", "hm_from", "hm_to", "hm_persona", "hm_channel",
                "hm_stage"]
HOTSPOT_KEYS = ["hs_by", "hs_min_n", "hs_order"] + [f"hs_w_{c}" for c in friction.COMPONENTS]
MATRIX_KEYS = ["opp_weight", "opp_split", "opp_vt", "opp_et", "opp_goal_blend", "opp_goal_weight"]
FACETS = {"hm_persona": "persona", "hm_channel": "channel", "hm_stage": "stage"}
NO_COLUMN, NO_SPLIT = "(none)", "(touchpoints only)"  # the pages' "no column" choices


@st.cache_resource(show_spinner=False)
def _cache() -> SharedLru:
    return SharedLru(CACHE_ENTRIES)


def _int(value, lo: int, hi: int, default: int) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        return default
    return value if lo <= value <= hi else default


def _get(key: str, url_name: str | None = None):
    """A view setting: the widget's value, else the link's (a shared link opened on another page)."""
    if key in st.session_state:
        return st.session_state[key]
    return st.query_params.get(url_name) if url_name else None


def view_settings(ds: cxlens.Dataset) -> ReportView:
    """The view of the pages as the user left them (the core fits what no longer fits the data)."""
    vs.keep(HEATMAP_KEYS + HOTSPOT_KEYS + MATRIX_KEYS)  # restore values kept while on another page
    filters: dict = {}
    dates = ds.feedback["date"].dropna()
    if not dates.empty:
        lo, hi = dates.min().date(), dates.max().date()
        start, end = st.session_state.get("hm_from"), st.session_state.get("hm_to")
        if isinstance(start, dt.date) and start > lo:
            filters["date_from"] = start
        if isinstance(end, dt.date) and end < hi:
            filters["date_to"] = end
    for key, column in FACETS.items():
        chosen = st.session_state.get(key)
        if chosen:
            filters[column] = [str(v) for v in chosen]
    cols = _get("hm_cols", "cols")
    weights = {c: float(st.session_state[f"hs_w_{c}"]) for c in friction.COMPONENTS
               if isinstance(st.session_state.get(f"hs_w_{c}"), (int, float))}
    by = st.session_state.get("hs_by")
    fixed = st.session_state.get("opp_split") == "fixed"
    return ReportView(
        metric=_get("hm_metric", "metric"), rows=_get("hm_rows", "rows"),
        cols=None if cols == NO_COLUMN else (cols or "persona"),
        min_n=_int(_get("hm_min_n", "min_n"), 1, 1000, MIN_N), filters=filters or None,
        hotspot_by=None if by in (None, NO_SPLIT) else by,
        hotspot_min_n=_int(st.session_state.get("hs_min_n"), 1, 1000, MIN_N),
        weights=weights if any(weights.values()) else None,
        hotspot_order="rank" if st.session_state.get("hs_order") == "rank" else "affected",
        customer_weight=float(st.session_state.get("opp_weight", 0.5)),
        goal_weight=float(st.session_state.get("opp_goal_weight", 0.0)) if st.session_state.get("opp_goal_blend")
        else 0.0,
        value_threshold=st.session_state.get("opp_vt") if fixed else None,
        effort_threshold=st.session_state.get("opp_et") if fixed else None)


@dataclass(frozen=True)
class Inputs:
    """Everything the click-time build needs, read on the script thread."""

    ds: cxlens.Dataset
    label: str
    data_key: str  # digest + recipe of the loaded data
    backlog_key: str
    assessment_key: str
    view: ReportView
    facilitator: tuple[int, str] | None  # (workshop id, token) on a workshop's facilitator view


def _facilitator_link() -> tuple[int, str] | None:
    """(workshop id, facilitator token) when this is a workshop's facilitator view (checked at click time)."""
    # Only that view's deck shows the workshop's results, which are otherwise seen through its own links only.
    workshop_id = up.record_id(QP_WORKSHOP, quiet=True)
    token = up.token(QP_FACILITATOR, quiet=True)
    return (workshop_id, token) if workshop_id is not None and token else None


def _assessment_key() -> str:
    """The Maturity page's assessment (components/maturity_access.py: opened by link, else the session's own)."""
    return maturity_access.current_key()


def inputs() -> Inputs | None:
    loaded = data_source.current()
    if loaded is None:
        return None
    source, ds = loaded
    if ds.feedback.empty and ds.opportunities.empty and ds.maturity.empty:
        return None
    recipe = data_source.recipe_json_for(source)
    return Inputs(ds, source.label, hashlib.sha256(f"{source.digest}\0{recipe}".encode()).hexdigest(),
                  source.digest, _assessment_key(), view_settings(ds), _facilitator_link())


# ----------------------------------------------------------------------------- click time (another thread)


def _stored(inp: Inputs) -> dict:
    """The backlog as the Opportunities page shows it, the assessment's answers and model, a workshop's
    results: read from the store (nothing of it without a store)."""
    from .store_resource import get_store  # (its error messages are ignored on this thread)

    ds, store = inp.ds, get_store()
    backlog = bl.from_sheet(ds.opportunities) if not ds.opportunities.empty else pd.DataFrame()
    out = {"backlog": backlog, "maturity_answers": None, "maturity_model": None, "workshop": None}
    if store is None:
        return out
    from .maturity_view import combined_answers

    edits = store.list_opportunities(inp.backlog_key, canonical=True)
    merged = bl.merge_edits(backlog, edits) if not backlog.empty or not edits.empty else backlog
    if not merged.empty:
        spots = friction.friction_hotspots(ds) if not ds.feedback["touchpoint"].isna().all() else pd.DataFrame()
        merged = bl.link_evidence(merged, spots, ds)
        goals = sg.merge_goals(sg.goals_from_sheet(ds.strategy), store.list_strategy_goals(inp.backlog_key))
        merged, _ = sg.attach_goals(merged, goals)
    out["backlog"] = merged
    out["maturity_answers"] = combined_answers(ds, store.list_maturity_answers(inp.assessment_key))
    if not mt.model_fixed_to_default(inp.assessment_key):
        custom = store.get_maturity_model(inp.assessment_key)
        out["maturity_model"] = mt.model_from_dict(custom["model"]) if custom else None
    if inp.facilitator is not None and store.check_facilitator(*inp.facilitator):
        w = store.get_workshop(inp.facilitator[0])
        out["workshop"] = {"name": w.name, "mode": w.criteria.get("mode", "score"),
                           "results": store.round_results(w.id)}
    return out


def _fingerprint(stored: dict) -> str:
    h = hashlib.sha256()
    for key in ("backlog", "maturity_answers"):
        frame = stored[key]
        h.update(b"-" if frame is None else frame.to_csv(index=False).encode("utf-8", "replace"))
    h.update(repr(stored["maturity_model"]).encode())
    w = stored["workshop"]
    h.update(b"-" if w is None else (w["name"] + w["results"].to_csv(index=False)).encode("utf-8", "replace"))
    return h.hexdigest()


def build(kind: str, inp: Inputs) -> bytes | str:
    """The deck (bytes) or report (str), from the LRU when this data, view and stored state were built before."""
    stored = _stored(inp)
    settings = json.dumps(inp.view.__dict__, default=str, sort_keys=True)
    key = (kind, inp.data_key, settings, _fingerprint(stored), inp.label)
    cache = _cache()
    done = cache.get(key)
    if done is not None:
        return done
    make = cxlens.deck if kind == "deck" else cxlens.html_report
    try:
        done = make(inp.ds, inp.view, label=inp.label, **stored)
    except Exception:
        LOG.exception("building the %s failed", kind)
        raise
    cache.put(key, done)
    return done


# ----------------------------------------------------------------------------- the sidebar


def sidebar() -> None:
    """The two download buttons under the sidebar's data panel (nothing without data, or on a phone that
    joined a workshop or a projected big screen)."""
    if any(k in st.query_params for k in ("join", "screen", "present")):
        return
    inp = inputs()
    if inp is None:
        return
    day = dt.date.today().isoformat()
    with st.sidebar:
        st.markdown("### Take it to the meeting")
        st.download_button("Download deck (.pptx)", lambda: build("deck", inp), f"cxlens_deck_{day}.pptx", PPTX_MIME,
                           key="report_deck", icon=":material/slideshow:", on_click="ignore", width="stretch",
                           help="An editable PowerPoint deck of the current data and views: KPIs and their change, "
                                "the journey heatmap, top hotspots with verbatims, the opportunity matrix, maturity "
                                "and next projects. Built when you click (a few seconds).")
        st.download_button("Download report (.html)", lambda: build("report", inp), f"cxlens_report_{day}.html",
                           "text/html", key="report_html", icon=":material/description:", on_click="ignore",
                           width="stretch",
                           help="The same content as one web page that opens offline and prints to PDF.")
