"""The production files in deploy/ agree with the app and with Streamlit (docs/deploy.md). The
nginx config itself runs in tests/browser/test_scaleout_browser.py."""

from __future__ import annotations

import re
import tomllib

from cxlens.safety import MAX_UPLOAD_BYTES

from .conftest import ROOT

DEPLOY = ROOT / "deploy"


def _toml(path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_production_config_uses_only_real_streamlit_options():
    from streamlit import config

    known = set(config._config_options_template)  # every option this Streamlit version has
    prod = _toml(DEPLOY / "config.production.toml")
    keys = {f"{section}.{key}" for section, values in prod.items() if section != "theme" for key in values}
    assert keys and keys - known == set()


def test_production_config_is_hardened_and_matches_the_app():
    prod, dev = _toml(DEPLOY / "config.production.toml"), _toml(ROOT / ".streamlit" / "config.toml")
    assert prod["client"]["showErrorDetails"] == "none"
    assert prod["server"]["enableXsrfProtection"] is True and prod["server"]["enableCORS"] is True
    assert prod["server"]["allowedHosts"] and "*" not in prod["server"]["allowedHosts"]
    assert prod["server"]["fileWatcherType"] == "none" and prod["server"]["runOnSave"] is False
    assert prod["browser"]["gatherUsageStats"] is False
    assert "cookieSecret" not in prod["server"]  # a secret: from the environment only
    assert prod["server"]["maxUploadSize"] == dev["server"]["maxUploadSize"] == MAX_UPLOAD_BYTES // 2**20
    assert prod["theme"] == dev["theme"]
    for key in ("showSidebarNavigation", "toolbarMode"):
        assert prod["client"][key] == dev["client"][key]


def test_nginx_example_allows_the_app_upload_cap_and_upgrades_websockets():
    from tests.browser.scaleout import render_nginx_site

    text = render_nginx_site(listen="80", server_name="cx.example.com", backend_a="127.0.0.1:8501",
                             backend_b="127.0.0.1:8502", access_log="/var/log/nginx/cxlens.access.log")
    assert re.search(rf"client_max_body_size {MAX_UPLOAD_BYTES // 2**20}m;", text)
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_set_header Connection $connection_upgrade;", "proxy_pass http://$cxlens_upstream;",
                 "map $cookie_cxlens_route $cxlens_route {", "proxy_read_timeout 86400s;"):
        assert line in text
    assert not re.search(r"^\s*server\s+\S+.*\bbackup\b", text, re.M)  # see docs/deploy.md: no failover
