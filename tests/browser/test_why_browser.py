"""The Why page in a real browser: theme impact beside volume and key drivers render on the sample data."""

from __future__ import annotations

import re

from .conftest import settle

NAV = '[data-testid="stTopNavLink"], [data-testid="stSidebarNavLink"]'


def test_why_page_shows_impact_and_drivers(app_server, page):
    page.goto(app_server.url)
    settle(page)
    page.locator(NAV).filter(has_text=re.compile("^Why$")).first.click()
    settle(page)
    page.wait_for_selector(".js-plotly-plot .plot-container", timeout=60_000)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert page.locator("h1").first.inner_text() == "Why"
    assert "costs the most." in main and "NPS points (95% interval" in main
    assert "Which touchpoint matters most:" in main
    assert page.locator(".js-plotly-plot").count() == 2  # volume beside impact; driver importance
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.console_errors == []
