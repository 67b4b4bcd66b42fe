"""Deck and report downloads in a real browser (issue 18): the sidebar's buttons give a valid .pptx of the
page's view and an HTML report that renders every figure offline, with no request and no console error."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ..conftest import ROOT
from .conftest import AppServer, settle

pptx = pytest.importorskip("pptx", reason="python-pptx is in requirements.txt")
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = AppServer(env={"CXLENS_DATA_DIR": str(tmp_path_factory.mktemp("report-data"))}).start()
    yield srv
    srv.stop()


def _download(page, label: str) -> Path:
    button = page.locator('[data-testid="stSidebar"]').get_by_role("button", name=label)
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=90_000) as dl:
        button.click()
    return Path(dl.value.path())


def test_deck_and_report_download_from_the_heatmap_view(browser, server):
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{server.url}/journey_heatmap?metric=nps&cols=channel")
        settle(page)
        deck = _download(page, "Download deck (.pptx)")
        prs = pptx.Presentation(io.BytesIO(deck.read_bytes()))
        titles = [next(s.text_frame.text for s in slide.shapes if s.name == "Title") for slide in prs.slides]
        assert titles[0] == "CX Lens: Sample data (fictional broadband provider)"
        assert "Journey heatmap: NPS" in titles and "Opportunity matrix: value × effort" in titles
        report = _download(page, "Download report (.html)").read_text(encoding="utf-8")
        assert "<h2>Journey heatmap: NPS</h2>" in report
        assert errors == []
    finally:
        ctx.close()

    # The report opened on its own, offline: every figure drawn, nothing fetched, no console error.
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "report-sample.html"
    path.write_text(report, encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    page = ctx.new_page()
    requests, console = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: console.append(str(exc)))
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4",
                               timeout=60_000)
        drawn = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')]"
                              ".map(p => p.querySelectorAll('.main-svg').length > 0)")
        assert drawn == [True] * 4  # heatmap, hotspots, matrix, radar
        assert requests == [path.as_uri()] and console == []
        page.screenshot(path=str(ARTIFACTS / "report-sample.png"), full_page=True)
    finally:
        ctx.close()
