"""What is loaded: the sample data, the user's uploads, a restored draft or a shared workspace.

This module owns the loaded dataset's place in ``st.session_state`` and the parse
cache. Parsed datasets are cached per SHA-256 of the uploaded bytes plus the
import recipe, never on a DataFrame argument: Streamlit hashes large frames by
sampling, so two different uploads could collide and one user could see another's
data. A cached Dataset is shared, not copied, between reruns and sessions with the
same bytes; pandas' copy-on-write keeps pages from changing it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import cxlens
from cxlens.errors import DataError

from .markdown import md
from .shared_cache import SharedLru

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "sample_data" / "cx_lens_sample.xlsx"
SAMPLE_LABEL = "Sample data (fictional broadband provider)"
STATE_KEY = "cxlens_source"
#: The user's import recipe: {"json": str, "for_sample": bool}. Edited on the Import page.
RECIPE_KEY = "cxlens_recipe"
#: Files to load instead of the uploader's, as ((name, bytes), ...): set when a saved
#: workspace is opened, and by tests (AppTest cannot re-run a navigation app's sidebar).
PAYLOADS_KEY = "cxlens_payloads"
#: The workspace opened this run (components/workspace_view.Opened), or None.
OPENED_KEY = "cxlens_workspace_opened"
#: Parsed datasets kept in memory at once (each distinct upload + recipe is one entry).
CACHE_ENTRIES = 8
#: (identity of the uploaded files, their digest): hashing a 200 MB upload on every rerun costs 0.1 s
DIGEST_MEMO_KEY = "cxlens_upload_digest"


@dataclass(frozen=True)
class LoadedSource:
    label: str  # what the sidebar says is loaded
    digest: str  # sha256 over names and bytes; for a saved workspace, the digest of the data it was saved from
    is_sample: bool
    payloads: tuple[tuple[str, bytes], ...]
    #: set when the data is a saved workspace opened by its link (components/workspace_view.py)
    workspace_id: int | None = None
    #: a workspace opened by someone who is not its owner: nothing shared may be changed
    read_only: bool = False
    #: set when the upload was restored from its private draft (components/draft_view.py): ``payloads``
    #: is then empty and the bytes are read from the database only if the parsed dataset is not cached
    draft_key: str | None = None
    #: the uploader's files, when ``payloads`` is left empty so their bytes are not copied on every rerun
    uploads: tuple = ()

    def files(self) -> tuple[tuple[str, bytes], ...]:
        """(name, bytes) of every file: copied from the uploader only when asked (a parse, a save)."""
        return self.payloads or tuple((f.name, f.getvalue()) for f in self.uploads)


@st.cache_resource(show_spinner=False)
def parse_cache() -> SharedLru:
    """The parsed datasets, shared by every session (keyed by digest and recipe)."""
    return SharedLru(CACHE_ENTRIES)


def digest_of(named_payloads: tuple[tuple[str, bytes], ...]) -> str:
    h = hashlib.sha256()
    for name, data in named_payloads:
        h.update(name.encode("utf-8", "replace") + b"\x00")
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def load_dataset(source: LoadedSource, recipe_json: str,
                 fetch: Callable[[str, str], tuple[tuple[str, bytes], ...]] | None = None) -> cxlens.Dataset:
    """Parse ``source`` once per (bytes, recipe); show the steps while a first parse runs. A source
    restored from a draft has no bytes: ``fetch(draft_key, digest)`` reads them (components/draft_view.py)."""
    key = (source.digest, recipe_json)
    cache = parse_cache()
    ds = cache.get(key)
    if ds is not None:
        return ds
    recipe = cxlens.Recipe.from_json(recipe_json) if recipe_json else None
    payloads = source.files()
    if not payloads and source.draft_key and fetch is not None:
        payloads = fetch(source.draft_key, source.digest)
    names = [n for n, _ in payloads]
    datas = [d for _, d in payloads]
    del payloads  # only the parse holds the bytes of a restored draft
    with st.status(f"Loading {md(source.label)}…", expanded=False) as status:
        bar = st.progress(0.0)

        def progress(step: str, fraction: float) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=md(step))  # steps name files and sheets

        try:
            ds = cxlens.load(datas, filename=names, recipe=recipe, progress=progress)
        except DataError:
            status.update(label="Could not load the data", state="error")
            raise
        status.update(label=f"Loaded {len(ds.feedback):,} feedback rows", state="complete")
    cache.put(key, ds)
    return ds


def upload_digest(uploads) -> str:
    """The digest of the uploaded files (:func:`digest_of`), computed once per upload: the uploader's file
    ids, names and sizes identify it across reruns, so its bytes are neither copied nor hashed again."""
    identity = tuple((f.file_id, f.name, f.size) for f in uploads)
    memo = st.session_state.get(DIGEST_MEMO_KEY)
    if memo and memo[0] == identity:
        return memo[1]
    digest = digest_of(tuple((f.name, f.getvalue()) for f in uploads))
    st.session_state[DIGEST_MEMO_KEY] = (identity, digest)
    return digest


def recipe_json_for(source: LoadedSource) -> str:
    """The user's recipe when it was made for this kind of source (sample vs own files), else ''."""
    saved = st.session_state.get(RECIPE_KEY)
    if saved and saved.get("for_sample") == source.is_sample:
        return saved["json"]
    return ""


def has_custom_recipe() -> bool:
    loaded = current()
    return bool(loaded and recipe_json_for(loaded[0]))


def read_only() -> bool:
    """True when the data is someone else's shared workspace: edits to shared things are disabled."""
    loaded = current()
    return bool(loaded and loaded[0].read_only)


def is_workspace() -> bool:
    """True when the data is a saved workspace (no uploaded bytes to re-read with a new recipe)."""
    loaded = current()
    return bool(loaded and loaded[0].workspace_id is not None)


def current() -> tuple[LoadedSource, cxlens.Dataset] | None:
    """The loaded source and dataset, or None when nothing usable is loaded."""
    return st.session_state.get(STATE_KEY)


def current_dataset() -> cxlens.Dataset | None:
    loaded = current()
    return loaded[1] if loaded else None
