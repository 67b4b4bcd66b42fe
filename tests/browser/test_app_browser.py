"""The main flows in a real browser: every page opens, charts render, uploads replace the sample."""

from __future__ import annotations

import re

import pytest

from .conftest import AppServer, settle

PAGES = ["Overview", "Import & data quality", "Journey heatmap", "Friction hotspots", "Why", "Opportunities",
         "Maturity", "Workshop"]
NAV = '[data-testid="stTopNavLink"], [data-testid="stSidebarNavLink"]'


def _assert_clean(page):
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()
    assert page.console_errors == []


def test_fresh_server_shows_no_stray_page_list(browser):
    # A brand-new server process: the legacy pages/ list must never appear, not even on the first run.
    server = AppServer().start()
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(server.url)
        settle(page)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        labels = [t.strip() for t in page.locator(NAV).all_inner_texts()]
        assert labels == PAGES
        page.close()
    finally:
        server.stop()


def test_every_page_opens_with_sample_data(app_server, page):
    page.goto(app_server.url)
    settle(page)
    assert "Sample data" in page.locator('[data-testid="stSidebar"]').inner_text()
    for label in PAGES:
        page.locator(NAV).filter(has_text=re.compile(f"^{re.escape(label)}$")).first.click()
        settle(page)
        heading = page.locator("h1").first.inner_text()
        assert heading.replace("CX maturity", "Maturity") == label, heading
        _assert_clean(page)


def test_overview_renders_kpis_and_chart(app_server, page):
    page.goto(app_server.url)
    settle(page)
    page.wait_for_selector('[data-testid="stMetricValue"]')
    # the KPI row renders metric by metric: read it once all seven are there
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stMetricLabel\"]').length >= 7",
                           timeout=30_000)
    labels = [t.strip() for t in page.locator('[data-testid="stMetricLabel"]').all_inner_texts()]
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert labels[:3] == ["Responses", "Touchpoints", "Journey stages"] and "NPS" in labels
    assert values[0] == "5,804" and values[1] == "25"  # the sample's documented counts
    page.wait_for_selector(".js-plotly-plot .plot-container", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 1
    _assert_clean(page)


def test_upload_replaces_sample_and_broken_file_is_explained(app_server, page, tmp_path):
    good = tmp_path / "survey.csv"
    good.write_text("Touchpoint,Stage,CSAT\nCheckout,Purchase,5\nCheckout,Purchase,1\nHelp,Support,4\n")
    page.goto(app_server.url)
    settle(page)
    page.locator('input[type="file"]').first.set_input_files(str(good))
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "survey.csv" in sidebar
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values[0] == "3" and "67%" in values
    for label in PAGES[1:]:
        page.locator(NAV).filter(has_text=re.compile(f"^{re.escape(label)}$")).first.click()
        settle(page)
        _assert_clean(page)

    bad = tmp_path / "report.xlsx"
    bad.write_bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    page.locator('input[type="file"]').first.set_input_files(str(bad))
    settle(page)
    text = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "web page (HTML)" in text
    _assert_clean(page)


@pytest.mark.parametrize("path", ["journey_heatmap?metric=nps&cols=channel", "opportunities"])
def test_deep_link_on_a_fresh_server_gets_the_full_app(browser, path):
    # The first visitor of a new server process opens a shared deep link: they must get the router,
    # the sidebar and the requested view, with no "page not found" dialog.
    server = AppServer().start()
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(f"{server.url}/{path}")
        settle(page)
        page.wait_for_timeout(1500)
        assert "Sample data" in page.locator('[data-testid="stSidebar"]').inner_text()
        assert page.locator('[data-testid="stTopNavLink"]').count() == len(PAGES)
        assert "Page not found" not in page.locator("body").inner_text()
        if path.startswith("journey_heatmap"):
            assert page.locator("h1").first.inner_text() == "Journey heatmap"
            assert "NPS overall" in page.locator('[data-testid="stMain"]').inner_text()
        page.close()
    finally:
        server.stop()
