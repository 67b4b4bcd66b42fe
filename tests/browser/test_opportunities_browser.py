"""An effort edit moves an opportunity to another quadrant and survives a server restart."""

from __future__ import annotations

from .conftest import AppServer, settle

ITEM = "Offer a phone callback button in support chat"


def _quadrant_of_item(page) -> str:
    """The quadrant shown on the detail card of the selected opportunity."""
    card = page.locator('[data-testid="stMetric"]').filter(has_text="Quadrant").first
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _open(page, server):
    page.goto(f"{server.url}/opportunities")
    settle(page)
    page.wait_for_selector(".st-key-opp_matrix .js-plotly-plot", timeout=60_000)


def _pick(page):
    box = page.locator(".st-key-quick_edit_id input")
    box.scroll_into_view_if_needed()
    box.click()
    box.fill(ITEM)
    page.get_by_role("option", name=ITEM).first.click()
    settle(page)


def test_effort_edit_moves_quadrant_and_survives_restart(browser, tmp_path):
    env = {"CXLENS_DATA_DIR": str(tmp_path)}
    server = AppServer(env=env).start()
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 1200})
        _open(page, server)
        _pick(page)
        effort = page.locator("[class*=\"st-key-qe_effort_\"] input")
        assert effort.input_value() == "1.00"
        effort.fill("9")
        effort.press("Tab")
        page.get_by_role("button", name="Save scores").click()
        # saving selects the item: its card shows the new quadrant (value 8.5 stays high, effort 9 is now high)
        page.wait_for_function("() => document.body.innerText.includes('Big bet')", timeout=60_000)
        settle(page)
        assert _quadrant_of_item(page) == "Big bet"
        page.close()
    finally:
        server.stop()

    restarted = AppServer(env=env).start()  # a new server process on the same embedded database
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 1200})
        _open(page, restarted)
        _pick(page)
        assert page.locator("[class*=\"st-key-qe_effort_\"] input").input_value() == "9.00"
        page.close()
    finally:
        restarted.stop()
