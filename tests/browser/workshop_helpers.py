"""Browser helpers for the live workshop: settle a page at any width, screenshots, metrics,
sliders, creating a workshop and voting from a phone. Shared by test_workshop_browser.py and
test_scaleout_browser.py."""

from __future__ import annotations

import re
import time

from ..conftest import ROOT

SHOTS = ROOT / "test-artifacts" / "workshop"
DESKTOP = {"width": 1440, "height": 1000}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
CONTENT_HEIGHT_JS = """() => Math.max(document.body.scrollHeight,
    ...[...document.querySelectorAll('[data-testid="stMain"] *')].map(e => e.scrollHeight))"""
#: The test servers do not watch the source tree: an edit elsewhere in the checkout while a test
#: runs would otherwise put a "File change — Rerun" prompt on every page.
NO_WATCHER = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
#: (value, effort) of each participant for the first two opportunities.
VOTES = {"Ana": [(8, 2), (3, 9)], "Ben": [(6, 4), (3, 9)]}


def wsettle(page, timeout: float = 60_000) -> None:
    """Like conftest.settle, for every width (phones show no top navigation bar). On a timeout the
    failure names the URL and what the page showed, with a screenshot in test-artifacts/workshop/."""
    try:
        page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
        page.wait_for_selector("h1", timeout=timeout)
        page.wait_for_timeout(400)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                               timeout=timeout)
        page.wait_for_timeout(400)
    except Exception as err:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"failure-{int(time.time())}.png"
        try:
            page.screenshot(path=str(path))
            body = page.inner_text("body")[:800]
        except Exception:
            body = "(page unavailable)"
        raise AssertionError(f"page did not settle: {page.url}\n{body}\nscreenshot: {path}") from err


def new_page(browser, **context):
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    page.console_errors = []
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return page


def shot(page, name: str, enabled: bool, *, full_page: bool = True) -> None:
    """Save a screenshot. Streamlit scrolls inside its main container, not the document, so a
    full-page shot first stretches the viewport to the content's height."""
    if not enabled:
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(600)  # let images and charts paint
    size = page.viewport_size
    if full_page:
        height = page.evaluate(CONTENT_HEIGHT_JS)
        page.set_viewport_size({"width": size["width"], "height": min(max(size["height"], height + 40), 6000)})
        page.wait_for_timeout(700)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    if full_page:
        page.set_viewport_size(size)
        page.wait_for_timeout(300)


def assert_clean(page) -> None:
    exc = page.locator('[data-testid="stException"]')
    assert exc.count() == 0, exc.first.inner_text()
    assert page.console_errors == []


def metric(page, label: str) -> str:
    return page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{label}$"))
    ).locator('[data-testid="stMetricValue"]').first.inner_text().strip()


def wait_metric(page, label: str, value: str, timeout: float = 15_000) -> None:
    deadline = time.time() + timeout / 1000
    seen = None
    while time.time() < deadline:
        try:
            seen = metric(page, label)
        except Exception:  # re-rendering
            seen = None
        if seen == value:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"metric {label!r} stayed {seen!r}, expected {value!r}")


def code_blocks(page) -> list[str]:
    return [t.strip() for t in page.locator('[data-testid="stCode"]').all_inner_texts()]


def set_slider(page, index: int, clicks: int) -> None:
    """Move the index-th select slider from "–" by ``clicks`` steps (1 step = the value 1)."""
    thumb = page.get_by_role("slider").nth(index)
    thumb.focus()
    thumb.press("Home")
    for _ in range(clicks):
        thumb.press("ArrowRight")


def slider_values(page, count: int) -> list[str]:
    return [page.get_by_role("slider").nth(i).get_attribute("aria-valuetext") for i in range(count)]


def create_workshop(fac, base: str, shots: bool) -> tuple[str, str]:
    """Create a workshop on the setup view; return (join link, facilitator link)."""
    fac.goto(f"{base}/workshop")
    wsettle(fac)
    shot(fac, "setup-1440", shots)
    fac.get_by_role("button", name="Create workshop").click()
    fac.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stCode\"]')].some(e => e.innerText.includes('?w='))",
        timeout=30_000)
    wsettle(fac)
    fac.wait_for_selector('[data-testid="stImage"] img', timeout=15_000)  # the QR code
    shot(fac, "created-1440", shots)
    codes = code_blocks(fac)
    join = next(c for c in codes if "?join=" in c)
    facilitator = next(c for c in codes if "?w=" in c)
    assert join.startswith(base) and facilitator.startswith(base)
    assert fac.locator('[data-testid="stAlert"]').filter(has_text="Keep this link private").count() == 1
    return join, facilitator


def participant_votes(browser, join: str, name: str, votes, shots: bool, *, prepare=None):
    """Join on a phone-sized page, score, save; ``prepare(context)`` runs before the first request."""
    phone = new_page(browser, **PHONE)
    if prepare is not None:
        prepare(phone.context)
    phone.goto(join)
    wsettle(phone)
    shot(phone, "participant-join-390", shots and name == "Ana")
    phone.locator('input[aria-label="Your name (optional)"]').fill(name)
    phone.get_by_role("button", name="Join the workshop").click()
    phone.locator('[data-testid="stSlider"]').first.wait_for(timeout=30_000)
    wsettle(phone)
    assert "&p=" in phone.url or "?p=" in phone.url  # the personal link survives reloads
    shot(phone, "participant-ballot-390", shots and name == "Ana", full_page=False)
    for item, (value, effort) in enumerate(votes):
        set_slider(phone, 2 * item, value)
        set_slider(phone, 2 * item + 1, effort)
    phone.get_by_role("button", name="Save my scores").click()
    phone.get_by_text("Saved ✓").wait_for(timeout=30_000)
    wsettle(phone)
    saved = phone.locator('[data-testid="stAlert"]').filter(has_text="Saved ✓").inner_text()
    assert "you can change your scores until the round closes" in saved
    assert re.search(r"\d\d:\d\d:\d\d", saved)
    shot(phone, "participant-saved-390", shots and name == "Ana")
    # No facilitator controls on a participant's screen.
    for label in ("Open voting", "Close voting", "Reveal results", "Write results into the backlog"):
        assert phone.get_by_role("button", name=label).count() == 0
    return phone
