"""Live workshop mode in real browsers (issue #7): a facilitator and two phones in separate
browser contexts, the big screen updating by itself, reveal, a refused facilitator link, a
server restart on the same SQLite file, and the same flow on PostgreSQL.

Screenshots of every view (desktop 1440 px, phone 390 px) go to test-artifacts/workshop/.
"""

from __future__ import annotations

import os
import re
import secrets
import time

import pytest

from ..conftest import ROOT, skip_or_fail
from .conftest import AppServer

SHOTS = ROOT / "test-artifacts" / "workshop"
DESKTOP = {"width": 1440, "height": 1000}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
PG_SERVER_URL = os.environ.get("CXLENS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
#: (value, effort) of each participant for the first two opportunities.
CONTENT_HEIGHT_JS = """() => Math.max(document.body.scrollHeight,
    ...[...document.querySelectorAll('[data-testid="stMain"] *')].map(e => e.scrollHeight))"""
#: The test servers do not watch the source tree: an edit elsewhere in the checkout while a test
#: runs would otherwise put a "File change — Rerun" prompt on every page.
NO_WATCHER = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
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


def participant_votes(browser, join: str, name: str, votes, shots: bool):
    phone = new_page(browser, **PHONE)
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


def run_workshop_flow(browser, server: AppServer, *, shots: bool) -> dict:
    """Create, join from two phones, watch the big screen update live, reveal; return the links."""
    fac = new_page(browser, viewport=DESKTOP)
    join, facilitator = create_workshop(fac, server.url, shots)
    join_token = join.split("?join=", 1)[1]

    fac.goto(facilitator)
    wsettle(fac)
    shot(fac, "facilitator-1440", shots)
    assert metric(fac, "Participants") == "0"
    fac.get_by_role("button", name="Open voting").click()
    fac.get_by_text("Voting is open.").wait_for(timeout=30_000)
    wsettle(fac)
    # Mark this document: if the page navigated or reloaded, the marker would be gone.
    fac.evaluate("() => { window.__cxlensMarker = 'still-here'; }")
    url_before = fac.url

    phones = [participant_votes(browser, join, name, votes, shots) for name, votes in VOTES.items()]
    personal_links = [p.url for p in phones]
    started = time.time()
    wait_metric(fac, "Participants", "2", timeout=15_000)
    wait_metric(fac, "Have voted", "2", timeout=15_000)
    live_seconds = time.time() - started
    assert fac.evaluate("() => window.__cxlensMarker") == "still-here", "the big screen was reloaded"
    assert fac.url == url_before
    # Scores stay hidden until revealed.
    assert fac.locator('[data-testid="stTable"]').count() == 0
    assert "Scores are hidden" in fac.inner_text("body")
    shot(fac, "facilitator-voting-1440", shots)

    fac.get_by_role("button", name="Reveal results").click()
    fac.wait_for_selector('[data-testid="stTable"]', timeout=30_000)
    fac.wait_for_selector(".js-plotly-plot .plot-container", timeout=30_000)
    wsettle(fac)
    table = fac.locator('[data-testid="stTable"]').inner_text()
    # Ana 8/2 and Ben 6/4 on the first item: value 7.0 ± 1.0, effort 3.0 ± 1.0; the second item agrees (sd 0).
    assert "7.0" in table and "3.0" in table and "Offer a phone callback button in support chat" in table
    first_row = fac.locator('[data-testid="stTable"] tbody tr').first.inner_text()
    assert "Offer a phone callback" in first_row  # the disagreement is listed first
    shot(fac, "bigscreen-revealed-1440", shots)
    assert_clean(fac)

    # A participant who swaps in the join token for the facilitator token is refused.
    facilitator_id = re.search(r"[?&]w=(\d+)", facilitator).group(1)
    phones[0].goto(f"{server.url}/workshop?w={facilitator_id}&f={join_token}")
    wsettle(phones[0])
    body = phones[0].inner_text("body")
    assert "This facilitator link is not valid" in body
    assert phones[0].get_by_role("button").filter(has_text=re.compile("voting|results", re.I)).count() == 0
    assert phones[0].locator('[data-testid="stMetric"]').count() == 0
    shot(phones[0], "refused-390", shots)

    # The second phone sees the round close by itself (it polls), without reloading.
    fac.get_by_role("button", name="Close voting").click()
    fac.get_by_text("Voting is closed").wait_for(timeout=30_000)
    phones[1].get_by_text("Round closed — thank you").wait_for(timeout=15_000)
    wsettle(phones[1])
    shot(phones[1], "participant-closed-390", shots)
    assert_clean(phones[1])
    return {"join": join, "facilitator": facilitator, "fac": fac, "phones": phones, "personal": personal_links,
            "live_seconds": live_seconds}


def check_after_restart(browser, server: AppServer, flow: dict) -> None:
    fac = new_page(browser, viewport=DESKTOP)
    fac.goto(flow["facilitator"])  # the very first request of the new server process
    wsettle(fac)
    fac.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    assert metric(fac, "Participants") == "2" and metric(fac, "Have voted") == "2"
    fac.wait_for_selector('[data-testid="stTable"]', timeout=30_000)  # still revealed
    assert "7.0" in fac.locator('[data-testid="stTable"]').inner_text()
    # The sidebar and navigation are there: app.py ran, not the page alone.
    assert fac.locator('[data-testid="stSidebar"]').count() == 1
    assert_clean(fac)
    # A participant's personal link still restores them with their scores.
    phone = new_page(browser, **PHONE)
    phone.goto(flow["personal"][0])
    wsettle(phone)
    assert "You are Ana" in phone.inner_text("body")
    assert "Round closed — thank you" in phone.inner_text("body")
    fac.context.close()
    phone.context.close()


def close_all(flow: dict) -> None:
    for page in [flow["fac"], *flow["phones"]]:
        page.context.close()


def test_workshop_live_flow_and_restart_on_sqlite(browser, tmp_path):
    env = {"CXLENS_DATABASE_URL": f"sqlite:///{tmp_path / 'workshop.sqlite3'}", **NO_WATCHER}
    server = AppServer(env=env).start()
    try:
        flow = run_workshop_flow(browser, server, shots=True)
        assert flow["live_seconds"] < 10
        extra_screenshots(browser, server, flow)
        close_all(flow)
        server.stop()
        server.start()  # same port, same SQLite file: a restarted server
        check_after_restart(browser, server, flow)
    finally:
        server.stop()


def extra_screenshots(browser, server: AppServer, flow: dict) -> None:
    """Presentation mode, the participant's revealed view and the facilitator screen on a phone."""
    fac = flow["fac"]
    fac.get_by_text("Presentation mode").click()
    fac.wait_for_function("() => location.search.includes('present=1')", timeout=15_000)
    wsettle(fac)
    assert fac.get_by_role("button", name="Close voting").count() == 0
    assert fac.get_by_role("button", name="Re-open voting").count() == 0
    fac.wait_for_selector('[data-testid="stTable"]', timeout=30_000)
    shot(fac, "presentation-1440", True)
    phone = new_page(browser, **PHONE)
    phone.goto(flow["facilitator"])
    wsettle(phone)
    phone.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
    shot(phone, "facilitator-390", True)
    phone.goto(f"{server.url}/workshop")
    wsettle(phone)
    shot(phone, "setup-390", True)
    assert_clean(phone)
    phone.context.close()


@pytest.fixture
def pg_url():
    import sqlalchemy as sa

    admin = sa.create_engine(PG_SERVER_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool,
                             connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as err:
        admin.dispose()
        skip_or_fail(f"PostgreSQL not reachable at {sa.make_url(PG_SERVER_URL).render_as_string()}: {err.orig}")
    # The store tests' stale-database sweep (tests/store_fixtures.py) knows this name pattern.
    name = f"cxlens_test_{int(time.time())}_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_workshop_live_flow_on_postgresql(browser, pg_url):
    server = AppServer(env={"CXLENS_DATABASE_URL": pg_url, **NO_WATCHER}).start()
    try:
        flow = run_workshop_flow(browser, server, shots=False)
        close_all(flow)
        server.stop()
        server.start()
        check_after_restart(browser, server, flow)
    finally:
        server.stop()
