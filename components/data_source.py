"""The shared sidebar data source: sample data or the user's uploads.

This module owns the loaded dataset's place in ``st.session_state`` and the parse
cache. Parsed datasets are cached per SHA-256 of the uploaded bytes plus the
import recipe, never on a DataFrame argument: Streamlit hashes large frames by
sampling, so two different uploads could collide and one user could see another's
data. A cached Dataset is shared, not copied, between reruns and sessions with the
same bytes; pandas' copy-on-write keeps pages from changing it.
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
def _cache() -> SharedLru:
    return SharedLru(CACHE_ENTRIES)


def digest_of(named_payloads: tuple[tuple[str, bytes], ...]) -> str:
    h = hashlib.sha256()
    for name, data in named_payloads:
        h.update(name.encode("utf-8", "replace") + b"\x00")
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def load_dataset(source: LoadedSource, recipe_json: str) -> cxlens.Dataset:
    """Parse ``source`` once per (bytes, recipe); show the steps while a first parse runs."""
    key = (source.digest, recipe_json)
    cache = _cache()
    ds = cache.get(key)
    if ds is not None:
        return ds
    recipe = cxlens.Recipe.from_json(recipe_json) if recipe_json else None
    payloads = source.files()
    if not payloads and source.draft_key:
        from . import draft_view

        payloads = draft_view.fetch(source.draft_key, source.digest)
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


def _chosen_source(uploads) -> LoadedSource:
    from . import draft_view

    if uploads:
        source = LoadedSource(", ".join(f.name for f in uploads), upload_digest(uploads), False, (),
                              uploads=tuple(uploads))
        if not draft_view.is_kept(source.digest):
            draft_view.keep_upload(source.files(), source.digest)
        return source
    draft = draft_view.restored()
    if draft is not None:
        label, digest, key = draft
        return LoadedSource(label, digest, False, (), draft_key=key)
    preset = st.session_state.get(PAYLOADS_KEY)
    if preset:
        payloads = tuple(preset)
        return LoadedSource(", ".join(n for n, _ in payloads), digest_of(payloads), False, payloads)
    payloads = ((SAMPLE_PATH.name, SAMPLE_PATH.read_bytes()),)
    return LoadedSource(SAMPLE_LABEL, digest_of(payloads), True, payloads)


def recipe_json_for(source: LoadedSource) -> str:
    """The user's recipe when it was made for this kind of source (sample vs own files), else ''."""
    saved = st.session_state.get(RECIPE_KEY)
    if saved and saved.get("for_sample") == source.is_sample:
        return saved["json"]
    return ""


def set_recipe(recipe: cxlens.Recipe | None) -> None:
    """Store (or with None, clear) the user's recipe for the current source; the next run reloads with it."""
    from . import draft_view

    loaded = current()
    if recipe is None:
        st.session_state.pop(RECIPE_KEY, None)
    else:
        st.session_state[RECIPE_KEY] = {"json": recipe.to_json(), "for_sample": bool(loaded and loaded[0].is_sample)}
    if loaded and not loaded[0].is_sample and loaded[0].workspace_id is None:
        draft_view.recipe_changed(None if recipe is None else st.session_state[RECIPE_KEY]["json"])


def has_custom_recipe() -> bool:
    loaded = current()
    return bool(loaded and recipe_json_for(loaded[0]))


def render_sidebar() -> None:
    """Draw the data-source controls in the sidebar and load the chosen data into session state.

    A workspace link in the URL (``?ws=``) takes precedence over uploads, a private upload draft
    (``?draft=``, components/draft_view.py) and the sample.
    """
    from . import draft_view, identity, text_view, workspace_view

    with st.sidebar:
        st.markdown("### Data")
        draft_view.adopt_url()
        identity.adopt_url()
        draft_view.flash()
        opened = workspace_view.open_active()
        st.session_state[OPENED_KEY] = opened or None
        if opened is False:
            st.session_state[STATE_KEY] = None
            return
        if opened is not None:
            draft_view.in_workspace()
            dataset = workspace_view.dataset_of(opened, _cache())
            if dataset is None:
                st.session_state[STATE_KEY] = None
                return
            source = LoadedSource(opened.ws.title, opened.backlog_key, False, (), workspace_id=opened.ws.id,
                                  read_only=not opened.owner)
            dataset = text_view.with_sentiment((source.digest, "", source.workspace_id), dataset)
            st.session_state[STATE_KEY] = (source, dataset)
            workspace_view.workspace_summary(opened)
            _summary(source, dataset)
            return
        uploads = st.file_uploader(
            "Upload touchpoints and feedback",
            type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet"],
            accept_multiple_files=True,
            key=draft_view.uploader_key(),
            help="CSV or Excel exported from any survey, complaint or journey tool. Several files at once are fine. "
                 "Up to 200 MB each.",
        )
        source = _chosen_source(uploads)
        try:
            dataset = load_dataset(source, recipe_json_for(source))
        except DataError as err:
            st.session_state[STATE_KEY] = None
            st.error(f"**Could not load the data.** {md(err)}", icon=":material/error:")
            return
        dataset = text_view.with_sentiment((source.digest, recipe_json_for(source), None), dataset)
        st.session_state[STATE_KEY] = (source, dataset)
        _summary(source, dataset)
        if not source.is_sample and (uploads or source.draft_key):
            draft_view.sidebar_line(source.digest)


def render_share_panel() -> None:
    """The save/share panel at the bottom of the sidebar, drawn after the page so links carry its view."""
    from . import workspace_view

    loaded = current()
    with st.sidebar:
        workspace_view.share_panel(st.session_state.get(OPENED_KEY), loaded[0] if loaded else None,
                                   loaded[1] if loaded else None)


def _summary(source: LoadedSource, ds: cxlens.Dataset) -> None:
    if source.workspace_id is None:
        st.caption(("Showing: " if source.is_sample else "Loaded: ") + md(source.label))
    parts = [f"{len(ds.feedback):,} feedback rows"] if len(ds.feedback) or ds.aggregates.empty else []
    if not ds.aggregates.empty:
        parts.append(f"published results: {ds.aggregates['entity'].nunique():,} entities × "
                     f"{ds.aggregates['measure'].nunique():,} measures")
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
        st.caption(f":orange[{issues:,} {'value' if issues == 1 else 'values'} needed attention] — see Import & data quality.")
    if source.workspace_id is None and recipe_json_for(source):
        st.caption("A custom import recipe is applied (Import page).")


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
