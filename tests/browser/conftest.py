"""Browser fixtures: a real `streamlit run` on a free localhost port, driven by Playwright
in Debian's headless Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ..conftest import ROOT, skip_or_fail

CHROMIUM = os.environ.get("CXLENS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A `streamlit run app.py` process; stop() and start() again to test restarts."""

    def __init__(self, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.log = ROOT / "test-artifacts" / f"streamlit-{self.port}.log"

    def start(self, timeout: float = 60) -> "AppServer":
        self.log.parent.mkdir(exist_ok=True)
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not answer within {timeout}s; see {self.log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        skip_or_fail(f"no Chromium at {CHROMIUM} (Debian package 'chromium'; .ci/run installs it)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        skip_or_fail("the playwright package is not installed (pip install -r requirements-dev.txt)")
    return CHROMIUM


_SHARED: dict = {}  # one Playwright per test session, also for tests/security (which imports these fixtures)


@pytest.fixture(scope="session")
def browser(chromium_path):
    if "browser" in _SHARED:  # a second package's instance of this fixture: the Sync API allows one loop
        yield _SHARED["browser"]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        _SHARED["browser"] = b
        try:
            yield b
        finally:
            _SHARED.pop("browser", None)
            b.close()


@pytest.fixture(scope="module")
def app_server():
    server = AppServer().start()
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    pg = context.new_page()
    pg.console_errors = []
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    yield pg
    context.close()


def click_until(page, button_name: str, done_text: str, attempts: int = 3, wait: float = 30_000) -> None:
    """Click a button until ``done_text`` shows: a click that lands while the app is re-running
    can be lost, most often on a loaded CI machine."""
    for attempt in range(attempts):
        settle(page)
        page.get_by_role("button", name=button_name).click()
        try:
            page.get_by_text(done_text).first.wait_for(timeout=wait)
            return
        except Exception:
            if attempt == attempts - 1:
                raise


def settle(page, timeout: float = 60_000) -> None:
    """Wait until the app has rendered and finished running."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stTopNavLink"]', timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)  # every page starts with its title
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(300)
