"""Save and share in a real browser: an analyst saves uploaded data, a colleague in a separate
browser context opens the link and sees the same heatmap cells and filters; revoking the link
locks the colleague out with a clear message."""

from __future__ import annotations

import re

import pytest

from .conftest import AppServer, click_until, settle

NAV = '[data-testid="stTopNavLink"]'

# 2 stages x 2 personas, 4 answers per cell; CSAT top-2-box (4 or 5 of 5) per cell, by hand:
#   Purchase/Busy 5,5,4,2 -> 75%   Purchase/Family 1,2,5,5 -> 50%
#   Support/Busy  5,1,1,1 -> 25%   Support/Family  4,4,4,4 -> 100%
CELLS = {("Purchase", "Busy"): [5, 5, 4, 2], ("Purchase", "Family"): [1, 2, 5, 5],
         ("Support", "Busy"): [5, 1, 1, 1], ("Support", "Family"): [4, 4, 4, 4]}
EXPECTED_Z = [[75.0, 50.0], [25.0, 100.0]]  # rows Purchase, Support; columns Busy, Family


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("ws-data")
    s = AppServer(env={"CXLENS_DATA_DIR": str(data), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}).start()
    yield s
    s.stop()


def _csv(tmp_path):
    lines = ["Response ID,Touchpoint,Journey stage,Persona,CSAT (1-5)"]
    n = 0
    for (stage, persona), scores in CELLS.items():
        for score in scores:
            n += 1
            lines.append(f"r{n},{'Checkout' if stage == 'Purchase' else 'Helpdesk'},{stage},{persona},{score}")
    path = tmp_path / "q3_survey.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _heatmap(page) -> dict:
    page.wait_for_selector(".st-key-hm_chart .js-plotly-plot .nsewdrag", timeout=60_000)
    page.wait_for_timeout(1000)
    return page.evaluate("""() => {
        const plot = document.querySelector('.st-key-hm_chart .js-plotly-plot');
        // _fullData: the traces as plotly.js decoded them (data may hold base64 typed arrays)
        const maps = plot._fullData.filter(t => t.type === 'heatmap' && t.showscale !== false);
        const t = maps[maps.length - 1];
        const list = a => Array.from(a, v => (v !== null && typeof v === 'object') ? Array.from(v) : v);
        return {z: list(t.z), x: list(t.x), y: list(t.y)};
    }""")


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    return context, context.new_page()


def test_analyst_shares_a_link_and_colleague_sees_the_same_view(server, browser, tmp_path):
    analyst_ctx, analyst = _new_page(browser)
    analyst.goto(server.url)
    settle(analyst)
    analyst.locator('[data-testid="stSidebar"] input[type="file"]').first.set_input_files(str(_csv(tmp_path)))
    settle(analyst)
    assert "q3_survey.csv" in analyst.locator('[data-testid="stSidebar"]').inner_text()
    analyst.locator(NAV).filter(has_text=re.compile("^Journey heatmap$")).first.click()
    settle(analyst)
    # the analyst's view: CSAT, stage x persona, cells with at least 1 answer shown
    analyst.get_by_label("Min. answers per cell", exact=True).fill("1")
    analyst.get_by_label("Min. answers per cell", exact=True).press("Enter")
    settle(analyst)
    seen = _heatmap(analyst)
    assert seen["z"] == EXPECTED_Z and seen["y"] == ["Purchase", "Support"] and seen["x"] == ["Busy", "Family"]

    analyst.get_by_text("Save and share").click()
    analyst.get_by_label("Title").fill("Q3 <b>survey</b>")
    click_until(analyst, "Save and get the link", "Saved. Copy the link")
    settle(analyst)
    codes = analyst.locator('[data-testid="stSidebar"] [data-testid="stCode"]').all_inner_texts()
    link = next(c.strip() for c in codes if "ws=" in c and "owner=" not in c)
    assert "/journey_heatmap?ws=" in link and "min_n=1" in link and "cols=persona" in link
    assert any("owner=" in c for c in codes)  # the private manage link, shown to the analyst only

    colleague_ctx, colleague = _new_page(browser)
    colleague.goto(link)
    settle(colleague)
    side = colleague.locator('[data-testid="stSidebar"]').inner_text()
    assert "Q3 <b>survey</b>" in side and "read-only" in side  # the title shown as text, not markup
    assert "16 feedback rows" in side
    assert _heatmap(colleague) == seen  # the same cells, from the analyst's upload
    assert colleague.get_by_label("Min. answers per cell", exact=True).input_value() == "1"
    assert "owner=" not in colleague.url
    assert "Revoke the link" not in colleague.locator('[data-testid="stSidebar"]').inner_text()

    # the colleague changes a filter locally: their URL changes, the shared link does not
    colleague.get_by_label("Min. answers per cell", exact=True).fill("5")
    colleague.get_by_label("Min. answers per cell", exact=True).press("Enter")
    settle(colleague)
    assert "min_n=5" in colleague.url
    third_ctx, third = _new_page(browser)
    third.goto(link)
    settle(third)
    assert _heatmap(third)["z"] == EXPECTED_Z

    # the analyst revokes the link: the colleague is told, and sees none of the data
    revoke_box = analyst.get_by_text("I want to revoke this link for everyone")
    if not revoke_box.is_visible():  # the panel is still open after saving; open it otherwise
        analyst.get_by_text("Share this view").click()
    revoke_box.click()
    settle(analyst)
    assert revoke_box.is_visible()  # the panel stays open while the owner works in it
    analyst.get_by_role("button", name="Revoke the link").click()
    settle(analyst)
    colleague.goto(link)
    settle(colleague)
    side = colleague.locator('[data-testid="stSidebar"]').inner_text()
    assert "revoked by its owner" in side
    assert colleague.locator(".st-key-hm_chart .js-plotly-plot").count() == 0
    for ctx in (analyst_ctx, colleague_ctx, third_ctx):
        ctx.close()
