"""A reload keeps the upload and its corrections (issue 15, fault 2), in a real browser: upload a
file, correct it on the Import page, reload the page (and restart the server), and the same data,
correction and page are back; "Forget this upload" returns to the sample data for good."""

from __future__ import annotations

import re

import pytest

from ..test_import_page import WIDE
from .conftest import AppServer, click_until, settle

NAV = '[data-testid="stTopNavLink"]'
SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("draft-data")
    s = AppServer(env={"CXLENS_DATA_DIR": str(data), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}).start()
    yield s
    s.stop()


def _sidebar(page) -> str:
    return page.locator(SIDEBAR).inner_text()


def _wait_sidebar(page, text: str, timeout: float = 120_000) -> None:
    page.wait_for_function("(t) => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
                           " return !!s && s.innerText.includes(t); }", arg=text, timeout=timeout)
    settle(page)


def _stages_tab(page) -> str:
    page.get_by_role("tab", name="Stages").click()
    settle(page)
    return page.locator('[data-testid="stMain"]').inner_text()


def _same_data_and_correction(page) -> None:
    _wait_sidebar(page, "Loaded: wide.csv")
    sidebar = _sidebar(page)
    assert "Your upload is kept as a private draft for 7 days: reload-safe." in sidebar
    assert "A custom import recipe is applied" in sidebar
    assert "3 touchpoint(s) have no stage" in _stages_tab(page)  # Wifi is still in "In-flight"


def test_reload_and_restart_keep_the_upload_and_its_correction_until_forgotten(server, page, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes(WIDE)
    page.goto(f"{server.url}/import_data")
    settle(page)
    page.locator(f'{SIDEBAR} input[type="file"]').first.set_input_files(str(path))
    _wait_sidebar(page, "Loaded: wide.csv")
    assert "4 touchpoint(s) have no stage" in _stages_tab(page)

    # the correction: Wifi goes into a new stage
    form = page.locator('[data-testid="stForm"]')
    form.get_by_label("Stage").fill("In-flight")
    form.locator('[data-testid="stMultiSelect"]').click()
    page.get_by_role("option", name=re.compile("^Wifi$")).click()
    page.keyboard.press("Escape")
    form.get_by_role("button", name="Assign and apply").click()
    page.wait_for_function("() => document.body.innerText.includes('3 touchpoint(s) have no stage')",
                           timeout=120_000)
    settle(page)
    assert "A custom import recipe is applied" in _sidebar(page)
    assert re.search(r"/import_data\?(.*&)?draft=[A-Za-z0-9_-]{43}", page.url), page.url

    page.reload()
    settle(page)
    assert "/import_data" in page.url  # the same page
    _same_data_and_correction(page)

    # another page, then a reload there: still the upload (the key follows the user across pages)
    page.locator(NAV).filter(has_text="Overview").first.click()
    settle(page)
    assert "draft=" in page.url
    page.reload()
    settle(page)
    _wait_sidebar(page, "Loaded: wide.csv")

    # a server restart: the draft is in the database, not in the server's memory
    link = page.url.replace("/?", "/import_data?") if "/import_data" not in page.url else page.url
    server.stop()
    server.start()
    page.goto(link)
    settle(page)
    _same_data_and_correction(page)

    click_until(page, "Forget this upload", "Showing: Sample data")
    settle(page)
    sidebar = _sidebar(page)
    assert "Forgotten" in sidebar and "wide.csv" not in sidebar
    assert "draft=" not in page.url
    page.reload()
    settle(page)
    _wait_sidebar(page, "Showing: Sample data")
    page.goto(link)  # the old link opens nothing any more
    settle(page)
    _wait_sidebar(page, "expired or was forgotten")
    assert "Showing: Sample data" in _sidebar(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.console_errors == []
