"""The shared sidebar data source: sample data or the user's uploads.

This module owns the loaded dataset's place in ``st.session_state`` and the parse
cache. Parsed datasets are cached per SHA-256 of the uploaded bytes plus the
import recipe, never on a DataFrame argument: Streamlit hashes large frames by
sampling, so two different uploads could collide and one user could see another's
data. The cached Dataset is shared, not copied, across reruns and sessions with
the same bytes; pandas' copy-on-write keeps pages from changing it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import cxlens
from cxlens.errors import DataError
from cxlens.problems import summarise

from .markdown import md

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "sample_data" / "cx_lens_sample.xlsx"
STATE_KEY = "cxlens_source"
#: Files to load instead of the uploader's, as ((name, bytes), ...): set when a saved
#: workspace is opened, and by tests (AppTest cannot re-run a navigation app's sidebar).
PAYLOADS_KEY = "cxlens_payloads"
RECIPE_KEY = "cxlens_recipe_json"
#: Parsed datasets kept in memory at once (each distinct upload + recipe is one entry).
CACHE_ENTRIES = 8


@dataclass(frozen=True)
class LoadedSource:
    label: str  # what the sidebar says is loaded
    digest: str  # sha256 over names and bytes
    is_sample: bool


def digest_of(named_payloads: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in named_payloads:
        h.update(name.encode("utf-8", "replace") + b"\x00")
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _load_cached(digest: str, recipe_json: str, _payloads: tuple[tuple[str, bytes], ...]) -> cxlens.Dataset:
    """Parse once per (digest, recipe). ``_payloads`` is excluded from the cache key on purpose."""
    names = [n for n, _ in _payloads]
    datas = [d for _, d in _payloads]
    recipe = cxlens.Recipe.from_json(recipe_json) if recipe_json else None
    return cxlens.load(datas, filename=names, recipe=recipe)


def sample_payload() -> tuple[tuple[str, bytes], ...]:
    return ((SAMPLE_PATH.name, SAMPLE_PATH.read_bytes()),)


def render_sidebar() -> None:
    """Draw the data-source controls in the sidebar and load the chosen data into session state."""
    with st.sidebar:
        st.markdown("### Data")
        uploads = st.file_uploader(
            "Upload touchpoints and feedback",
            type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet"],
            accept_multiple_files=True,
            key="uploads",
            help="CSV or Excel exported from any survey, complaint or journey tool. Several files at once are fine. "
                 "Up to 200 MB each.",
        )
        preset = st.session_state.get(PAYLOADS_KEY)
        if uploads:
            payloads = tuple((f.name, f.getvalue()) for f in uploads)
            label = ", ".join(f.name for f in uploads)
            is_sample = False
            if st.button("Back to sample data", width="stretch", help="Clear the uploads and show the sample."):
                st.session_state.pop("uploads", None)
                st.rerun()
        elif preset:
            payloads = tuple(preset)
            label = ", ".join(name for name, _ in payloads)
            is_sample = False
        else:
            payloads = sample_payload()
            label = "Sample data (fictional broadband provider)"
            is_sample = True
        digest = digest_of(list(payloads))
        recipe_json = "" if is_sample else st.session_state.get(RECIPE_KEY, "")
        try:
            dataset = _load_cached(digest, recipe_json, payloads)
        except DataError as err:
            st.session_state[STATE_KEY] = None
            st.error(f"**Could not load the data.** {err}", icon=":material/error:")
            return
        st.session_state[STATE_KEY] = (LoadedSource(label, digest, is_sample), dataset)
        _summary(label, dataset, is_sample)


def _summary(label: str, ds: cxlens.Dataset, is_sample: bool) -> None:
    n = len(ds.feedback)
    st.caption(("Showing: " if is_sample else "Loaded: ") + label)
    parts = [f"{n:,} feedback rows"]
    if len(ds.touchpoints):
        parts.append(f"{len(ds.touchpoints)} touchpoints")
    if len(ds.opportunities):
        parts.append(f"{len(ds.opportunities)} opportunities")
    if len(ds.maturity):
        parts.append(f"{ds.maturity['rater'].nunique()} maturity raters")
    st.caption(" · ".join(parts))
    if "status" in ds.sources:
        for _, failed in ds.sources[ds.sources["status"] == "error"].iterrows():
            st.warning(f"**{md(failed['file'])}** was not loaded: {md(failed['detail'])}", icon=":material/warning:")
    issues = int(summarise(ds.problems)["count"].sum())
    if issues:
        st.caption(f":orange[{issues:,} values needed attention] — see Import & data quality.")


def current() -> tuple[LoadedSource, cxlens.Dataset] | None:
    """The loaded source and dataset, or None when nothing usable is loaded."""
    return st.session_state.get(STATE_KEY)


def current_dataset() -> cxlens.Dataset | None:
    loaded = current()
    return loaded[1] if loaded else None
