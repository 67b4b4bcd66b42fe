"""The sidebar's Data panel: which data is loaded (a workspace link, uploads, a restored draft or the
sample) and the user's import recipe for it, kept in step with the upload's private draft.

components/data_source.py holds what is loaded and the parse cache; this module draws the choice and
ties it to the draft (components/draft_view.py) and the shared workspace (components/workspace_view.py),
so none of those needs to import this one.
"""

from __future__ import annotations

import streamlit as st

import cxlens
from cxlens.errors import DataError
from cxlens.problems import summarise

from . import data_source
from . import draft_view, identity, text_view, workspace_view
from .markdown import md


def render_sidebar() -> None:
    """Draw the data-source controls in the sidebar and load the chosen data into session state.

    A workspace link in the URL (``?ws=``) takes precedence over uploads, a private upload draft
    (``?draft=``, components/draft_view.py) and the sample.
    """
    with st.sidebar:
        st.markdown("### Data")
        draft_view.adopt_url()
        identity.adopt_url()
        draft_view.flash()
        opened = workspace_view.open_active()
        st.session_state[data_source.OPENED_KEY] = opened or None
        if opened is False:
            st.session_state[data_source.STATE_KEY] = None
            return
        if opened is not None:
            draft_view.in_workspace()
            dataset = workspace_view.dataset_of(opened, data_source.parse_cache())
            if dataset is None:
                st.session_state[data_source.STATE_KEY] = None
                return
            source = data_source.LoadedSource(opened.ws.title, opened.backlog_key, False, (),
                                              workspace_id=opened.ws.id, read_only=not opened.owner)
            dataset = text_view.with_sentiment((source.digest, "", source.workspace_id), dataset)
            st.session_state[data_source.STATE_KEY] = (source, dataset)
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
            dataset = data_source.load_dataset(source, data_source.recipe_json_for(source), fetch=draft_view.fetch)
        except DataError as err:
            st.session_state[data_source.STATE_KEY] = None
            st.error(f"**Could not load the data.** {md(err)}", icon=":material/error:")
            return
        dataset = text_view.with_sentiment((source.digest, data_source.recipe_json_for(source), None), dataset)
        st.session_state[data_source.STATE_KEY] = (source, dataset)
        _summary(source, dataset)
        if not source.is_sample and (uploads or source.draft_key):
            draft_view.sidebar_line(source.digest)


def render_share_panel() -> None:
    """The save/share panel at the bottom of the sidebar, drawn after the page so links carry its view."""
    loaded = data_source.current()
    with st.sidebar:
        workspace_view.share_panel(st.session_state.get(data_source.OPENED_KEY), loaded[0] if loaded else None,
                                   loaded[1] if loaded else None)


def _summary(source: data_source.LoadedSource, ds: cxlens.Dataset) -> None:
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
    if source.workspace_id is None and data_source.recipe_json_for(source):
        st.caption("A custom import recipe is applied (Import page).")


def _chosen_source(uploads) -> data_source.LoadedSource:
    if uploads:
        source = data_source.LoadedSource(", ".join(f.name for f in uploads), data_source.upload_digest(uploads),
                                          False, (), uploads=tuple(uploads))
        if not draft_view.is_kept(source.digest):
            draft_view.keep_upload(source.files(), source.digest)
        return source
    draft = draft_view.restored()
    if draft is not None:
        label, digest, key = draft
        return data_source.LoadedSource(label, digest, False, (), draft_key=key)
    preset = st.session_state.get(data_source.PAYLOADS_KEY)
    if preset:
        payloads = tuple(preset)
        return data_source.LoadedSource(", ".join(n for n, _ in payloads), data_source.digest_of(payloads), False,
                                        payloads)
    payloads = ((data_source.SAMPLE_PATH.name, data_source.SAMPLE_PATH.read_bytes()),)
    return data_source.LoadedSource(data_source.SAMPLE_LABEL, data_source.digest_of(payloads), True, payloads)


def set_recipe(recipe: cxlens.Recipe | None) -> None:
    """Store (or with None, clear) the user's recipe for the current source; the next run reloads with it."""
    loaded = data_source.current()
    if recipe is None:
        st.session_state.pop(data_source.RECIPE_KEY, None)
    else:
        st.session_state[data_source.RECIPE_KEY] = {"json": recipe.to_json(),
                                                    "for_sample": bool(loaded and loaded[0].is_sample)}
    if loaded and not loaded[0].is_sample and loaded[0].workspace_id is None:
        draft_view.recipe_changed(None if recipe is None else st.session_state[data_source.RECIPE_KEY]["json"])
