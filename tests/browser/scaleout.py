"""A real scale-out deployment for browser tests: Debian's nginx on a free loopback port in front
of two `streamlit run app.py` processes that share one PostgreSQL database and one
``server.cookieSecret`` (issue #8, and issue #7's "two app processes see each other's votes").

nginx runs ``deploy/nginx.conf.example`` itself (rendered with loopback values), so the tested
config is the documented one. Use the ``scaleout`` fixture::

    from .scaleout import scaleout  # noqa: F401  (makes the fixture available in a test module)

    def test_something(browser, scaleout):
        page = scaleout.new_page(browser, "a", viewport={"width": 1440, "height": 1000})
        page.goto(f"{scaleout.url}/workshop")          # through nginx, served by process A
        before = scaleout.sessions("b")                 # websocket sessions process B has accepted
        ...
        assert scaleout.sessions("b") > before          # ...and B really served the other context
"""

from __future__ import annotations

import concurrent.futures
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..conftest import ROOT, skip_or_fail
from ..store_fixtures import temporary_database
from .conftest import AppServer, free_port

NGINX = os.environ.get("CXLENS_NGINX", "/usr/sbin/nginx")
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf.example"
ROUTE_COOKIE = "cxlens_route"
ROUTES = ("a", "b")
DB_PREFIX = "cxlens_scaleout_"
#: The test servers do not watch the source tree (other edits in the checkout would put a
#: "File change — Rerun" prompt on every page).
NO_WATCHER = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}


def max_upload_mb() -> int:
    """server.maxUploadSize from .streamlit/config.toml (Streamlit's default, 200, if unset)."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return int(config.get("server", {}).get("maxUploadSize", 200))


def render_nginx_site(*, listen: str, server_name: str, backend_a: str, backend_b: str, access_log: str,
                      max_body: str | None = None) -> str:
    """deploy/nginx.conf.example with its {{placeholders}} filled in."""
    values = {"listen": listen, "server_name": server_name, "backend_a": backend_a, "backend_b": backend_b,
              "access_log": access_log, "max_body": max_body or f"{max_upload_mb()}m"}
    text = NGINX_TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{\w+\}\}", text)
    assert not left, f"unfilled placeholders in {NGINX_TEMPLATE.name}: {left}"
    return text


MAIN_CONF = """\
# Test wrapper: everything in {prefix}, nothing under /etc, /var or /run.
daemon off;
master_process on;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
{user}
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {prefix}/cxlens.conf;
}}
"""


class Nginx:
    """nginx in the foreground (`daemon off`) with its config, pid, logs and temp files in ``prefix``."""

    def __init__(self, prefix: Path, backends: dict[str, str], binary: str = NGINX):
        self.prefix = prefix
        self.binary = binary
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.conf = prefix / "nginx.conf"
        self.site = prefix / "cxlens.conf"
        self.access_log = prefix / "access.log"
        self.error_log = prefix / "error.log"
        self.output = prefix / "nginx.out"
        self.proc: subprocess.Popen | None = None
        (prefix / "temp").mkdir(parents=True, exist_ok=True)
        self.site.write_text(render_nginx_site(
            listen=f"127.0.0.1:{self.port}", server_name="127.0.0.1 localhost", backend_a=backends["a"],
            backend_b=backends["b"], access_log=str(self.access_log)), encoding="utf-8")
        # As root, nginx would run its worker as `nobody`, which cannot enter pytest's private tmp dir.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
        self.conf.write_text(MAIN_CONF.format(prefix=prefix, user=user), encoding="utf-8")

    def _cmd(self, *extra: str) -> list[str]:
        return [self.binary, "-p", str(self.prefix), "-c", str(self.conf), "-e", str(self.error_log), *extra]

    def start(self, timeout: float = 15) -> "Nginx":
        check = subprocess.run(self._cmd("-t"), capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejected {self.conf}:\n{check.stderr}")
        self.proc = subprocess.Popen(self._cmd(), stdout=self.output.open("wb"), stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.proc.returncode}; see {self.error_log} and {self.output}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not listen on {self.port} within {timeout}s; see {self.error_log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: fast shutdown of master and workers
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def access_entries(self) -> list[dict]:
        """Parsed access log lines: request, status, route, upstream (host:port)."""
        pattern = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ route=(?P<route>\S*) upstream=(?P<upstream>\S*)')
        if not self.access_log.exists():
            return []
        return [m.groupdict() for m in map(pattern.search, self.access_log.read_text().splitlines()) if m]


@dataclass
class ScaleOut:
    """Two app processes behind nginx, sharing PostgreSQL and a cookie secret.

    ``url``            nginx's address (http://127.0.0.1:<port>): send browsers here.
    ``backends``       {"a": AppServer, "b": AppServer}; ``backends["a"].url`` bypasses nginx.
    ``db_url``         the shared database (CXLENS_DATABASE_URL of both processes).
    ``cookie_secret``  the shared STREAMLIT_SERVER_COOKIE_SECRET.
    ``nginx``          the Nginx object (``.conf``, ``.site``, ``.access_log``, ``.error_log``).
    """

    url: str
    backends: dict[str, AppServer]
    db_url: str
    cookie_secret: str
    nginx: Nginx
    _ports: dict[int, str] = field(default_factory=dict)

    def pin(self, context, route: str) -> None:
        """Send every request of this browser context to process ``route`` ("a" or "b") by presetting
        the route cookie nginx's sticky sessions read. Call it before the context's first request."""
        if route not in self.backends:
            raise ValueError(f"route must be one of {sorted(self.backends)}, not {route!r}")
        context.add_cookies([{"name": ROUTE_COOKIE, "value": route, "url": self.url}])

    def new_page(self, browser, route: str, **context_options):
        """A page in a new browser context pinned to ``route``; ``page.console_errors`` collects
        uncaught page errors (as in test_workshop_browser). Close it with ``page.context.close()``."""
        context = browser.new_context(**context_options)
        self.pin(context, route)
        page = context.new_page()
        page.console_errors = []
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        return page

    def sessions(self, route: str) -> int:
        """How many browser sessions (websocket connections) process ``route`` has accepted since it
        started, read from that process's own /_stcore/metrics — proof of who served whom."""
        with urllib.request.urlopen(f"{self.backends[route].url}/_stcore/metrics", timeout=10) as r:
            text = r.read().decode()
        m = re.search(r'^session_events_total\{type="connect"\} (\d+(?:\.\d+)?)', text, re.M)
        return int(float(m.group(1))) if m else 0

    def route_of_port(self, port: int) -> str:
        return {b.port: name for name, b in self.backends.items()}[port]

    def proxied(self) -> list[dict]:
        """nginx's view: every request with the route it chose and the backend ("a"/"b") it reached."""
        entries = []
        for e in self.nginx.access_entries():
            port = int(e["upstream"].rsplit(":", 1)[1]) if ":" in e["upstream"] else None
            entries.append({**e, "backend": self.route_of_port(port) if port else None})
        return entries


def nginx_binary() -> str:
    """The nginx to run; skips locally (fails under CI=true) when there is none."""
    if not (Path(NGINX).exists() or shutil.which(NGINX)):
        skip_or_fail(f"no nginx at {NGINX} (Debian package 'nginx'; .ci/run installs it; "
                     "CXLENS_NGINX=/path/to/nginx to use another)")
    return NGINX


@pytest.fixture(scope="session")
def scaleout(tmp_path_factory):
    """nginx (sticky sessions by the ``cxlens_route`` cookie, websockets, upload cap) on a free
    loopback port in front of two ``streamlit run app.py`` processes ("a" and "b") that share a
    fresh PostgreSQL database ``cxlens_scaleout_<time>_<hex>`` (created here, dropped at the end)
    and one ``server.cookieSecret``; ``server.allowedHosts`` 127.0.0.1 and localhost; file watchers
    off. Yields a :class:`ScaleOut`:

    * ``scaleout.url`` — nginx; ``scaleout.backends["a"|"b"]`` — the AppServers (``.url``, ``.port``,
      ``.log``); ``scaleout.db_url``; ``scaleout.cookie_secret``; ``scaleout.nginx``.
    * ``scaleout.pin(context, "a"|"b")`` — route a Playwright browser context to one process;
      ``scaleout.new_page(browser, "a", **context_options)`` — a new pinned context and page.
    * ``scaleout.sessions("a")`` — sessions that process has accepted (its /_stcore/metrics);
      ``scaleout.proxied()`` — nginx's access log: request, status, route, backend.

    Session-scoped: tests share the processes and the database, so keep data apart by creating
    your own workshop/workspace. Skips locally (fails under CI=true) without nginx, Chromium or
    PostgreSQL. Logs: test-artifacts/streamlit-<port>.log, and nginx's in its tmp prefix.
    """
    binary = nginx_binary()
    with temporary_database(DB_PREFIX) as db_url:
        yield from _scaleout(tmp_path_factory, binary, db_url)


def _scaleout(tmp_path_factory, binary: str, db_url: str):
    cookie_secret = secrets.token_hex(32)
    env = {"CXLENS_DATABASE_URL": db_url, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
           # deploy/config.production.toml's host allow-list, for the names the tests use.
           "STREAMLIT_SERVER_ALLOWED_HOSTS": "127.0.0.1 localhost", **NO_WATCHER}
    backends = {route: AppServer(env=env) for route in ROUTES}
    nginx = None
    try:
        # Both at once, as a real rollout would: the store's migration lock lets one of them create
        # the schema while the other waits.
        with concurrent.futures.ThreadPoolExecutor(len(backends)) as pool:
            for future in [pool.submit(b.start, 90) for b in backends.values()]:
                future.result()
        nginx = Nginx(tmp_path_factory.mktemp("nginx"),
                      {route: f"127.0.0.1:{b.port}" for route, b in backends.items()}, binary).start()
        yield ScaleOut(url=nginx.url, backends=backends, db_url=db_url, cookie_secret=cookie_secret, nginx=nginx)
    finally:
        if nginx:
            nginx.stop()
        for b in backends.values():
            b.stop()
