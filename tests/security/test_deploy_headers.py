"""Finding 8 of issue 20: deployment headers, logs and file watching.

The shipped nginx example sends security headers (a Content-Security-Policy Streamlit works under,
no framing, nosniff, no referrer, HSTS), hides its version and logs paths without query strings
(links carry workspace, owner, draft and join tokens there). Both Streamlit configs switch file
watching off. The browser test runs the example in front of the app and loads it in Chromium."""

from __future__ import annotations

import base64
import hashlib
import re
import tomllib
import urllib.request
from pathlib import Path

import pytest

from ..conftest import ROOT

SECRET = "s3cr3tTOKENdoNotLog"


def _site() -> str:
    from tests.browser.scaleout import render_nginx_site

    return render_nginx_site(listen="80", server_name="cx.example.com", backend_a="127.0.0.1:8501",
                             backend_b="127.0.0.1:8502", access_log="/var/log/nginx/cxlens.access.log")


def _active(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def _location_root(text: str) -> str:
    body = _active(text).split("location / {", 1)[1]
    depth, out = 1, []
    for ch in body:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            break
        out.append(ch)
    return "".join(out)


def _headers(block: str) -> dict[str, str]:
    return {m[0].lower(): m[1] for m in re.findall(r'add_header\s+(\S+)\s+"([^"]*)"\s+always;', block)}


def streamlit_inline_script_hashes() -> set[str]:
    import streamlit

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    return {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in re.findall(r"<script>(.*?)</script>", index, re.S)}


def test_nginx_sends_security_headers_on_app_responses():
    headers = _headers(_location_root(_site()))  # a location with add_header inherits none from server
    csp = {d.split()[0]: d.split()[1:] for d in (x.strip() for x in headers["content-security-policy"].split(";")) if d}
    assert csp["frame-ancestors"] == ["'none'"] and headers["x-frame-options"] == "DENY"
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert streamlit_inline_script_hashes() <= set(csp["script-src"]), "Streamlit's inline script changed: new hash"
    assert csp["connect-src"] == ["'self'"]
    assert not any("*" in v or v in ("http:", "https:") for vals in csp.values() for v in vals)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in ("no-referrer", "strict-origin", "same-origin")
    assert re.fullmatch(r"max-age=(\d+).*", headers["strict-transport-security"])
    assert int(re.match(r"max-age=(\d+)", headers["strict-transport-security"])[1]) >= 15_552_000  # 180 days
    assert re.search(r"^\s*server_tokens off;", _active(_site()), re.M)


def test_nginx_log_format_has_no_query_strings():
    active = _active(_site())
    formats = re.findall(r"log_format\s+\w+((?:\s+'[^']*')+)\s*;", active)
    assert formats
    for fmt in formats:
        for variable in ("$request ", "$request\"", "$request_uri", "$args", "$query_string", "$arg_",
                         "$http_referer", "$request_body", "$http_cookie"):
            assert variable not in fmt.replace("'", ""), variable
    for line in re.findall(r"^\s*access_log\s+(.*);", active, re.M):
        assert line.split()[-1] in {"cxlens", "off"} or line.strip() == "off"


@pytest.mark.parametrize("path", ["deploy/config.production.toml", ".streamlit/config.toml"])
def test_file_watching_is_off(path):
    server = tomllib.loads((ROOT / path).read_text())["server"]
    assert server["fileWatcherType"] == "none" and server["runOnSave"] is False


@pytest.mark.browser
def test_app_behind_the_nginx_example_runs_under_its_headers(tmp_path, browser):
    """Chromium through the example config: headers present, no CSP violation on the pages, no
    token in the access log."""
    from tests.browser.conftest import AppServer, settle
    from tests.browser.scaleout import Nginx, nginx_binary

    binary = nginx_binary()
    app = AppServer().start()
    backend = f"127.0.0.1:{app.port}"
    nginx = Nginx(tmp_path / "nginx", {"a": backend, "b": backend}, binary=binary)
    try:
        nginx.start()
        with urllib.request.urlopen(f"{nginx.url}/?ws={SECRET}&owner={SECRET}", timeout=10) as r:
            got = {k.lower(): v for k, v in r.headers.items()}
        assert "frame-ancestors 'none'" in got["content-security-policy"]
        assert got["x-content-type-options"] == "nosniff" and got["x-frame-options"] == "DENY"
        assert got["server"] == "nginx"  # no version
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: violations.append(str(e)))
        page.goto(f"{nginx.url}/?draft={SECRET}")
        settle(page)
        for name in ("Journey heatmap", "Opportunities", "Overview"):
            page.locator('[data-testid="stTopNavLink"]', has_text=name).first.click()
            settle(page)
            page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        context.close()
        assert violations == []
        nginx.stop()
        log = nginx.access_log.read_text()
        assert '"GET / HTTP/1.1" 200' in log  # the page opened with ?ws=…&owner=…, logged as its path
        assert SECRET not in log and "?" not in log
    finally:
        nginx.stop()
        app.stop()
