"""Heatmap click-through and escaping of hostile spreadsheet text, in a real browser."""

from __future__ import annotations

from .conftest import settle

HOSTILE = "<img src=x onerror=window.__xss=1>"


def _wait_chart(page, key: str):
    page.wait_for_selector(f'.st-key-{key} .js-plotly-plot .nsewdrag', timeout=60_000)
    page.wait_for_timeout(2500)
    plot = page.locator(f'.st-key-{key} .js-plotly-plot').first
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    return page.locator(f'.st-key-{key} .js-plotly-plot .nsewdrag').first.bounding_box()


def test_click_on_a_heatmap_cell_shows_its_verbatims(app_server, page):
    page.goto(f"{app_server.url}/journey_heatmap?metric=csat&rows=stage&cols=persona")
    settle(page)
    box = _wait_chart(page, "hm_chart")
    # 8 stages (rows) x 5 personas (columns): click Renewal (row 7) x Senior / low digital confidence (column 4)
    x = box["x"] + box["width"] * (3.5 / 5)
    y = box["y"] + box["height"] * (6.5 / 8)
    target = "Renewal × Senior / low digital confidence"
    for _ in range(3):  # a click that lands while the page is still re-running is lost; try again
        page.mouse.move(x, y)
        page.wait_for_timeout(300)
        page.mouse.click(x, y)
        try:
            page.wait_for_function(f"() => document.body.innerText.includes('{target}')", timeout=15_000)
            break
        except Exception:
            settle(page)
    assert target in page.locator('[data-testid="stMain"]').inner_text()
    settle(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "What customers said" in main
    assert page.locator(".st-key-hm_dist .js-plotly-plot").count() == 1
    # the URL keeps the view, so a copied link reopens it
    assert "cols=persona" in page.url and "metric=csat" in page.url


def test_hostile_text_is_shown_as_text(app_server, page, tmp_path):
    rows = ["Touchpoint,Stage,Persona,CSAT,Comment"]
    for i in range(40):
        rows.append(f'"{HOSTILE}",Purchase,"{HOSTILE}",{1 + i % 5},"{HOSTILE} <script>window.__xss=2</script>"')
    path = tmp_path / "hostile.csv"
    path.write_text("\n".join(rows) + "\n")
    page.goto(app_server.url)
    settle(page)
    page.locator('input[type="file"]').first.set_input_files(str(path))
    page.wait_for_function("() => document.body.innerText.includes('40 feedback rows')", timeout=60_000)
    # navigate inside the session (a page load would start a new session without the upload)
    for label in ("Journey heatmap", "Import & data quality", "Overview", "Friction hotspots"):
        page.locator('[data-testid="stTopNavLink"]').filter(has_text=label).first.click()
        settle(page)
        page.wait_for_timeout(1500)
        assert page.evaluate("() => window.__xss") is None
        assert page.locator('img[src="x"]').count() == 0
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "40 answers" in main and HOSTILE in main  # shown literally in the hotspot story


def test_switching_the_heatmap_to_change_mode_shows_a_change_chart(app_server, page):
    page.goto(f"{app_server.url}/journey_heatmap?metric=csat&rows=stage&cols=persona")
    settle(page)
    _wait_chart(page, "hm_chart")
    page.locator(".st-key-hm_mode button").filter(has_text="Change between two periods").first.click()
    settle(page)
    box = _wait_chart(page, "hm_change_chart")
    assert box and box["width"] > 200
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "minus" in main and "Benjamini-Hochberg" in main
    assert page.locator(".st-key-hm_chart").count() == 0  # the value heatmap is replaced, not shown twice
    assert "mode=change" in page.url  # the mode lives in the URL with the rest of the view
