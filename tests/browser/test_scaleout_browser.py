"""The multi-process deployment of docs/deploy.md, for real (issues #7 and #8): Debian's nginx on a
loopback port, rendered from deploy/nginx.conf.example, in front of two `streamlit run app.py`
processes sharing one PostgreSQL database and one cookie secret (fixture: scaleout.py).

* nginx's sticky routing, websocket upgrade and upload cap, over plain HTTP;
* a workshop vote cast through process A shows on the big screen served by process B (and one
  cast through B on A's facilitator screen), live, in Chromium.

Screenshots go to test-artifacts/scaleout/.
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import time
import urllib.error
import urllib.request

from ..conftest import ROOT
from .scaleout import ROUTE_COOKIE, max_upload_mb, scaleout  # noqa: F401  (scaleout is the fixture)
from .workshop_helpers import (DESKTOP, VOTES, assert_clean, create_workshop, metric, participant_votes,
                               wait_metric, wsettle)

SHOTS = ROOT / "test-artifacts" / "scaleout"
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455


def _get(url: str, cookie: str | None = None):
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.headers.get_all("Set-Cookie") or [], r.read()


def _route_cookie(set_cookies: list[str]) -> str | None:
    for c in set_cookies:
        name, _, rest = c.partition("=")
        if name.strip() == ROUTE_COOKIE:
            return rest.split(";", 1)[0]
    return None


def _raw(port: int, request: str, read: int = 4096) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(request.encode())
        return s.recv(read).decode(errors="replace")


def _wait_for_log(scaleout, predicate, timeout: float = 10) -> list[dict]:
    """nginx writes a request's log line when it ends (a websocket's when it closes)."""
    deadline = time.time() + timeout
    while True:
        entries = scaleout.proxied()
        if predicate(entries) or time.time() > deadline:
            return entries
        time.sleep(0.2)


def test_nginx_sticky_routes_websockets_and_upload_cap(scaleout):
    port = scaleout.nginx.port
    start = len(scaleout.proxied())

    # New clients (no cookie) are spread over both processes, and each is told its route.
    assigned = []
    for _ in range(24):
        status, cookies, body = _get(f"{scaleout.url}/_stcore/health")
        assert (status, body) == (200, b"ok")
        assigned.append(_route_cookie(cookies))
    assert set(assigned) == {"a", "b"}, assigned  # all 24 on one side: chance 2 in 16 million
    # Returning clients stay where their cookie says; an unknown route gets a fresh valid one.
    for route in ("a", "b", "a", "b"):
        status, cookies, _ = _get(f"{scaleout.url}/_stcore/health", f"{ROUTE_COOKIE}={route}")
        assert status == 200 and _route_cookie(cookies) == route
    _, cookies, _ = _get(f"{scaleout.url}/_stcore/health", f"{ROUTE_COOKIE}=gone")
    assert _route_cookie(cookies) in ("a", "b")

    def health(entries):
        return [e for e in entries[start:] if e["request"].startswith("GET /_stcore/health ")]

    entries = health(_wait_for_log(scaleout, lambda e: len(health(e)) >= 29))
    assert len(entries) == 29
    # nginx's own record: every request reached the process its route names (no failover).
    assert [e["backend"] for e in entries[:24]] == assigned
    assert [e["backend"] for e in entries[24:28]] == ["a", "b", "a", "b"]
    strays = [e for e in entries if e["backend"] and e["backend"] != e["route"]]
    assert strays == []

    # Streamlit's metrics are not published through nginx.
    try:
        _get(f"{scaleout.url}/_stcore/metrics", f"{ROUTE_COOKIE}=a")
        raise AssertionError("/_stcore/metrics answered through nginx")
    except urllib.error.HTTPError as err:
        assert err.code == 404

    # The websocket upgrade passes through to the pinned process, which opens a session.
    before = {r: scaleout.sessions(r) for r in ("a", "b")}
    key = base64.b64encode(os.urandom(16)).decode()
    answer = _raw(port, f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                        f"Sec-WebSocket-Protocol: streamlit\r\nOrigin: {scaleout.url}\r\n"
                        f"Cookie: {ROUTE_COOKIE}=b\r\n\r\n")
    assert answer.startswith("HTTP/1.1 101"), answer[:300]
    accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
    assert f"Sec-WebSocket-Accept: {accept}" in answer
    deadline = time.time() + 10
    while scaleout.sessions("b") == before["b"] and time.time() < deadline:
        time.sleep(0.2)
    assert scaleout.sessions("b") == before["b"] + 1
    assert scaleout.sessions("a") == before["a"]

    # nginx passes the browser's Host on, so the processes' allowedHosts list applies: a websocket
    # for a host name the app does not serve (DNS rebinding) is refused by the process.
    answer = _raw(port, f"GET /_stcore/stream HTTP/1.1\r\nHost: rebound.example:{port}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                        f"Sec-WebSocket-Protocol: streamlit\r\nOrigin: http://rebound.example:{port}\r\n"
                        f"Cookie: {ROUTE_COOKIE}=b\r\n\r\n")
    assert answer.startswith("HTTP/1.1 403"), answer[:300]
    assert scaleout.sessions("b") == before["b"] + 1

    # Uploads: nginx refuses a body over the app's cap up front (413, never reaching a process)...
    cap = max_upload_mb() * 1024 * 1024
    answer = _raw(port, f"POST /_stcore/upload_file/s/f HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                        f"Content-Length: {cap + 1}\r\nCookie: {ROUTE_COOKIE}=a\r\n\r\n")
    assert answer.startswith("HTTP/1.1 413"), answer[:300]
    assert "client intended to send too large body" in scaleout.nginx.error_log.read_text()
    # ...but passes 5 MB (nginx's default cap is 1 MB) on to the pinned process. Streamlit refuses
    # this one (no session, no XSRF token) by closing the connection, which nginx reports as 502;
    # that must not take process A out of the rotation (no `backup` failover in the config).
    body = b"x" * (5 * 1024 * 1024)
    req = urllib.request.Request(f"{scaleout.url}/_stcore/upload_file/s/f", data=body, method="PUT",
                                 headers={"Cookie": f"{ROUTE_COOKIE}=a", "Content-Type": "application/octet-stream"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status = r.status
    except urllib.error.HTTPError as err:
        status = err.code
    assert status != 413
    _get(f"{scaleout.url}/_stcore/health", f"{ROUTE_COOKIE}=a")
    entries = _wait_for_log(scaleout, lambda e: bool(e) and e[-1]["request"].startswith("GET /_stcore/health "))
    put = [e for e in entries if e["request"].startswith("PUT /_stcore/upload_file")][-1]
    assert put["backend"] == "a" and put["status"] == str(status)
    assert entries[-1]["backend"] == "a"  # still served by A right after A refused a request


def test_workshop_vote_through_one_process_shows_on_the_big_screen_of_the_other(browser, scaleout):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = []
    try:
        # Facilitator on process A creates the workshop and opens voting.
        fac = scaleout.new_page(browser, "a", viewport=DESKTOP)
        pages.append(fac)
        join, facilitator = create_workshop(fac, scaleout.url, shots=False)  # links point at nginx
        fac.goto(facilitator)
        wsettle(fac)
        fac.get_by_role("button", name="Open voting").click()
        fac.get_by_text("Voting is open.").wait_for(timeout=30_000)
        wsettle(fac)
        assert metric(fac, "Have voted") == "0"

        # The big screen (presentation mode) is opened through nginx, pinned to process B.
        a_before, b_before = scaleout.sessions("a"), scaleout.sessions("b")
        screen = scaleout.new_page(browser, "b", viewport=DESKTOP)
        pages.append(screen)
        screen.goto(f"{facilitator}&present=1")
        wsettle(screen)
        screen.wait_for_selector('[data-testid="stMetric"]', timeout=30_000)
        assert metric(screen, "Participants") == "0" and metric(screen, "Have voted") == "0"
        assert screen.get_by_role("button", name="Close voting").count() == 0  # presentation: no controls
        # Process B itself accepted the big screen's session, and process A did not.
        assert scaleout.sessions("b") > b_before
        assert scaleout.sessions("a") == a_before
        screen.evaluate("() => { window.__cxlensMarker = 'still-here'; }")

        # A participant joins and votes through process A...
        a_before, b_before = scaleout.sessions("a"), scaleout.sessions("b")
        phone_a = participant_votes(browser, join, "Ana", VOTES["Ana"], False,
                                    prepare=lambda ctx: scaleout.pin(ctx, "a"))
        pages.append(phone_a)
        assert scaleout.sessions("a") > a_before and scaleout.sessions("b") == b_before
        saved = time.time()
        # ...and process B's big screen shows it at its next refresh (every 2 s), without a reload.
        wait_metric(screen, "Have voted", "1", timeout=10_000)
        wait_metric(screen, "Participants", "1", timeout=5_000)
        seen_after = time.time() - saved
        assert seen_after < 6, f"the vote took {seen_after:.1f}s to reach the other process's screen"

        # The other direction: a participant on process B, the facilitator's screen on process A.
        phone_b = participant_votes(browser, join, "Ben", VOTES["Ben"], False,
                                    prepare=lambda ctx: scaleout.pin(ctx, "b"))
        pages.append(phone_b)
        wait_metric(fac, "Have voted", "2", timeout=10_000)
        wait_metric(screen, "Have voted", "2", timeout=10_000)
        assert "Scores are hidden" in screen.inner_text("body")

        # Reveal on A; B's screen notices the new state and shows the room's averages.
        fac.get_by_role("button", name="Reveal results").click()
        screen.wait_for_selector('[data-testid="stTable"]', timeout=15_000)
        screen.wait_for_selector(".js-plotly-plot .plot-container", timeout=30_000)
        wsettle(screen)
        table = screen.locator('[data-testid="stTable"]').inner_text()
        # Ana 8/2 and Ben 6/4 on the first item (tests/browser/workshop_helpers.VOTES): two votes each, so
        # the items are listed with their votes and no average (anonymity threshold 3).
        assert "Offer a phone callback button in support chat" in table
        assert "7.0" not in table and "Averages appear once at least 3 people" in screen.inner_text("body")
        assert screen.evaluate("() => window.__cxlensMarker") == "still-here", "the big screen was reloaded"
        screen.screenshot(path=str(SHOTS / "bigscreen-on-b-1440.png"))
        for p in (fac, screen, phone_a, phone_b):
            assert_clean(p)
    finally:
        for p in pages:
            p.context.close()

    # nginx's record: the websockets of A-pinned pages went to A, those of B-pinned pages to B.
    entries = _wait_for_log(scaleout, lambda e: {x["backend"] for x in e if "/_stcore/stream" in x["request"]}
                            >= {"a", "b"})
    streams = [e for e in entries if "/_stcore/stream" in e["request"] and e["status"] == "101"]
    assert {e["backend"] for e in streams} == {"a", "b"}
    strays = [e for e in entries if e["backend"] and e["backend"] != e["route"]]
    assert strays == []


def test_shared_link_saved_through_one_process_opens_the_same_view_through_the_other(browser, scaleout, tmp_path):
    from .conftest import click_until, settle
    from .test_workspace_browser import EXPECTED_Z, NAV, _csv, _heatmap

    pages = []
    try:
        # The analyst, pinned to process A, uploads a survey through nginx and saves it as a workspace.
        analyst = scaleout.new_page(browser, "a", viewport=DESKTOP)
        pages.append(analyst)
        analyst.goto(scaleout.url)
        settle(analyst)
        analyst.locator('[data-testid="stSidebar"] input[type="file"]').first.set_input_files(str(_csv(tmp_path)))
        settle(analyst)
        assert "q3_survey.csv" in analyst.locator('[data-testid="stSidebar"]').inner_text()
        analyst.locator(NAV).filter(has_text="Journey heatmap").first.click()
        settle(analyst)
        analyst.get_by_label("Min. answers per cell", exact=True).fill("1")
        analyst.get_by_label("Min. answers per cell", exact=True).press("Enter")
        settle(analyst)
        seen = _heatmap(analyst)
        assert seen["z"] == EXPECTED_Z
        analyst.get_by_text("Save and share").click()
        click_until(analyst, "Save and get the link", "Saved. Copy the link")
        settle(analyst)
        codes = analyst.locator('[data-testid="stSidebar"] [data-testid="stCode"]').all_inner_texts()
        link = next(c.strip() for c in codes if "ws=" in c and "owner=" not in c)
        assert link.startswith(scaleout.url + "/journey_heatmap?ws=")  # the link names nginx, not a process

        # The colleague, pinned to process B, which never saw the upload, opens the link.
        a_before, b_before = scaleout.sessions("a"), scaleout.sessions("b")
        colleague = scaleout.new_page(browser, "b", viewport=DESKTOP)
        pages.append(colleague)
        colleague.goto(link)
        settle(colleague)
        assert scaleout.sessions("b") > b_before and scaleout.sessions("a") == a_before
        side = colleague.locator('[data-testid="stSidebar"]').inner_text()
        assert "read-only" in side and "16 feedback rows" in side
        assert _heatmap(colleague) == seen
        assert colleague.get_by_label("Min. answers per cell", exact=True).input_value() == "1"
        for p in pages:
            assert_clean(p)
    finally:
        for p in pages:
            p.context.close()
