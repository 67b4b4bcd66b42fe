"""Sign-in end to end against a real local OpenID Connect provider (oidc-provider-mock, in this
process; never the internet): an allowed account gets in and owns what it saves, another
account is refused with a clear message."""

from __future__ import annotations

import secrets

import pytest

from ..conftest import skip_or_fail
from .conftest import AppServer, click_until, settle


@pytest.fixture(scope="module")
def provider():
    try:
        import oidc_provider_mock
    except ImportError:
        skip_or_fail("oidc-provider-mock is not installed (pip install -r requirements-dev.txt)")
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def server(provider, tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    data = tmp_path_factory.mktemp("login-data")
    app = AppServer(env={"HOME": str(home), "CXLENS_DATA_DIR": str(data),
                         "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"})
    # Streamlit also reads ~/.streamlit/secrets.toml: a private HOME gives this server its own [auth].
    (home / ".streamlit").mkdir()
    (home / ".streamlit" / "secrets.toml").write_text(f"""
[auth]
redirect_uri = "{app.url}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "cxlens-test"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[access]
allowed_domains = ["allowed.example"]
""")
    app.start()
    yield app
    app.stop()


def _sign_in(browser, server, email: str, link: str = ""):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(server.url + link)
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stTopNavLink"]').count() == 0  # nothing of the app before sign-in
    page.get_by_role("button", name="Sign in").click()
    page.locator('input[name="sub"]').wait_for(timeout=30_000)  # the provider's own form
    assert page.url.startswith("http://localhost:")
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{server.url}/**", timeout=30_000)
    return context, page


def _visible(text: str) -> str:
    """Text as a reader sees it: md() puts an invisible word joiner after '@' so e-mails never become links."""
    return text.replace("\u2060", "")


def test_allowed_account_gets_in_and_owns_its_workspace(browser, server):
    context, page = _sign_in(browser, server, "ana@allowed.example")
    settle(page)
    side = _visible(page.locator('[data-testid="stSidebar"]').inner_text())
    assert "Signed in as ana@allowed.example" in side
    assert page.locator("h1").first.inner_text() == "Overview"
    page.get_by_text("Save and share").click()
    click_until(page, "Save and get the link", "Saved. Copy the link")
    settle(page)
    side = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "(you own it)" in side
    assert "private manage link" not in side  # the account owns it: no secret link is needed
    assert "Revoke the link" in side
    context.close()


def test_other_account_is_refused(browser, server):
    context, page = _sign_in(browser, server, "mallory@elsewhere.example")
    page.get_by_text("not on this server's list of allowed accounts").wait_for(timeout=60_000)
    main = _visible(page.locator('[data-testid="stMain"]').inner_text())
    assert "mallory@elsewhere.example" in main
    assert page.locator('[data-testid="stTopNavLink"]').count() == 0
    assert page.locator('[data-testid="stSidebar"]').count() == 0 or \
        "feedback rows" not in page.locator('[data-testid="stSidebar"]').inner_text()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)  # the provider is told too
    page.goto(server.url)  # the app's sign-in cookie is gone: back to the sign-in screen
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    context.close()


def test_a_link_opened_before_signing_in_opens_again_after(browser, server):
    """The provider always returns to the home page; the app reopens the shared link's page and view."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(f"{server.url}/journey_heatmap?metric=nps")
    page.get_by_text("The link you opened opens again once you have signed in.").wait_for(timeout=60_000)
    context.close()
    context, page = _sign_in(browser, server, "ana@allowed.example", link="/journey_heatmap?metric=nps")
    page.wait_for_function("() => document.querySelector('h1') && "
                           "document.querySelector('h1').innerText === 'Journey heatmap'", timeout=60_000)
    settle(page)
    assert "metric=nps" in page.url
    assert "NPS" in page.locator('[data-testid="stMain"]').inner_text()
    # once only: the home page stays the home page afterwards
    page.goto(server.url)
    settle(page)
    assert page.locator("h1").first.inner_text() == "Overview"
    context.close()
