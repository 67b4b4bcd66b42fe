"""Every page through streamlit.testing.v1.AppTest: with the sample data and with no usable data."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cxlens import metrics

from .conftest import ROOT

DEFAULT_PAGE = "pages/overview.py"
PAGES = {
    "pages/overview.py": "Overview",
    "pages/import_data.py": "Import & data quality",
    "pages/journey_heatmap.py": "Journey heatmap",
    "pages/friction_hotspots.py": "Friction hotspots",
    "pages/opportunities.py": "Opportunities",
    "pages/maturity.py": "CX maturity",
    "pages/workshop.py": "Workshop",
}


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _open(page: str, upload=None) -> AppTest:
    """Run the app on ``page``. ``upload`` is (name, bytes, mime), loaded as if uploaded.

    AppTest drops the sidebar of an st.navigation app after its first run, so files are
    preset through session state (the path saved workspaces use) rather than the uploader
    widget; the browser tests cover the uploader itself.
    """
    at = _app()
    if upload is not None:
        at.session_state["cxlens_payloads"] = ((upload[0], upload[1]),)
    at.run()
    sidebar_errors = [e.value for e in at.sidebar.error]
    sidebar_captions = [c.value for c in at.sidebar.caption]
    if page != DEFAULT_PAGE:
        # (switching to the default page again drops the sidebar in AppTest; it is already showing)
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    at.sidebar_errors, at.sidebar_captions = sidebar_errors, sidebar_captions
    return at


@pytest.mark.parametrize("page,title", PAGES.items())
def test_page_with_sample_data(page, title):
    at = _open(page)
    assert at.title[0].value == title
    assert not at.error
    assert any("Sample data" in c for c in at.sidebar_captions)


@pytest.mark.parametrize("page,title", PAGES.items())
def test_page_without_usable_data_shows_empty_state(page, title):
    at = _open(page, upload=("broken.xlsx", b"PK\x03\x04 not really a workbook", "application/octet-stream"))
    assert at.title[0].value == title
    assert "Could not load the data" in at.sidebar_errors[0]
    # the maturity questionnaire needs no uploaded data: it says there are no answers yet instead
    expected = "No answers yet" if page == "pages/maturity.py" else "No data is loaded"
    assert any(expected in i.value for i in at.info)


def test_overview_kpis_match_independent_computation(sample_dataset):
    at = _open("pages/overview.py")
    shown = {m.label: m.value for m in at.metric}
    fb = sample_dataset.feedback
    assert shown["Responses"] == f"{fb['response_id'].nunique():,}"
    assert shown["Touchpoints"] == str(fb["touchpoint"].nunique())
    # NPS recomputed here from raw answers, not through cxlens
    answers = fb["nps"].dropna()
    expected_nps = 100 * ((answers >= 9).mean() - (answers <= 6).mean())
    assert shown["NPS"] == f"{expected_nps:+.0f}"
    csat = fb["csat"].dropna()
    assert shown["CSAT"] == f"{100 * (csat >= 4).mean():.0f}%"
    assert shown["CES"] == f"{fb['ces'].dropna().mean():.2f}"
    assert "Where to look first" in [s.value for s in at.subheader]


def test_upload_replaces_sample_in_every_page():
    csv = b"Touchpoint,Stage,CSAT\nCheckout,Purchase,5\nCheckout,Purchase,1\nHelp,Support,4\n"
    at = _open("pages/overview.py", upload=("mine.csv", csv, "text/csv"))
    shown = {m.label: m.value for m in at.metric}
    assert shown["Responses"] == "3"
    assert shown["CSAT"] == "67%"
    assert any("Loaded: mine" in c for c in at.sidebar_captions)


def test_maturity_results_from_the_sample_sheet():
    at = _open("pages/maturity.py")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Stage"] == "Mobilize" and shown["Weakest dimension"] == "Measurement & feedback"
    assert shown["Raters"] == "8"
    assert any("Raters disagree" in w.value and "Strategy" in w.value for w in at.warning)


def test_maturity_questionnaire_answer_is_stored_and_counted():
    at = _open("pages/maturity.py")
    at.text_input(key="mt_assessment").input("leadership-offsite").run()
    radios = [r for r in at.radio if r.key and r.key.startswith("mq_")]
    for r in radios:
        r.set_value(4)
    [b for b in at.button if b.label == "Submit my answers"][0].click().run()
    assert not at.exception
    assert any("answers saved" in s.value for s in at.success)
    shown = {m.label: m.value for m in at.metric}
    # answered today, so it opens a new round (the sample's rounds are March and September 2026):
    # one rater, everything 4, compared with the sample's last round
    assert shown["Raters"] == "1" and shown["Overall"] == "4.00 / 5"
    overall = [m for m in at.metric if m.label == "Overall"][0]
    assert overall.delta.endswith("since last round")
