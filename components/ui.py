"""Small reusable Streamlit pieces shared by the pages."""

from __future__ import annotations

import streamlit as st

import cxlens
from cxlens import reading
from cxlens.overview import Kpi

from . import data_source, text_view
from .markdown import md  # noqa: F401  (re-exported for pages)


def require_dataset(needs: str, *, questions_notice: bool = True) -> cxlens.Dataset | None:
    """The loaded dataset, or None after drawing an empty state that says what the page needs.

    With open questions from the load (``Dataset.questions``) a notice points to the Import page.
    """
    ds = data_source.current_dataset()
    if ds is None:
        empty_state(f"No data is loaded. {needs}")
    else:
        line = reading.headline(ds)
        if line and questions_notice:  # (the Import page shows the full summary instead)
            st.caption(f"Data: {md(line)}")
        note = text_view.sentiment_note()
        if note and questions_notice:
            st.caption(f"Sentiment: {md(note)}.")
        if ds.questions and questions_notice:
            open_questions_notice(len(ds.questions))
    return ds


def open_questions_notice(count: int) -> None:
    """Until the load's open questions are answered, every page says its view may be incomplete."""
    st.warning(f"Part of your data could not be read with confidence, so CX Lens did not guess: **{count} open "
               f"question{'s' if count > 1 else ''}** on the Import page. Until answered, views use only what "
               "was read with confidence.", icon=":material/help:")
    st.page_link("pages/import_data.py", label="Answer on the Import page", icon=":material/arrow_forward:")


def empty_state(message: str) -> None:
    st.info(
        f"{message}\n\nUse the **Data** panel in the sidebar: upload a CSV or Excel export, "
        "or clear your uploads to return to the sample data.",
        icon=":material/upload_file:",
    )


def kpi_row(kpis: list[Kpi], per_row: int = 4) -> None:
    for start in range(0, len(kpis), per_row):
        cols = st.columns(per_row)
        for col, kpi in zip(cols, kpis[start : start + per_row]):
            help_text = kpi.help
            if kpi.n is not None:
                help_text += f" n = {kpi.n:,}."
            if kpi.ci is not None:
                lo, hi = kpi.ci
                unit = "%" if kpi.unit == "%" else ""
                help_text += f" 95% interval {lo:.1f}{unit} to {hi:.1f}{unit}."
            col.metric(kpi.label, kpi.formatted(), help=help_text, border=True, delta=kpi.detail,
                       delta_color="off", delta_arrow="off", height="stretch")  # equal card heights in a row


def view_in_progress(what: str, tracking: str) -> None:
    """An honest frame for a view that is not built yet: what it will show and where it is tracked."""
    st.info(f"{what}\n\nThis view is being built ({tracking}). The data it needs is loaded.",
            icon=":material/construction:")
