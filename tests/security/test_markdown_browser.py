"""Finding 2 of issue 20: user text never renders as markdown images, links or HTML.

A workbook whose every header, value, sheet name, goal and file name carries markdown images, links,
bare URLs, HTML and `javascript:` pointing at example.invalid is loaded through the sidebar; every page
is walked (expanders opened, tabs and dropdowns clicked). Every request is intercepted: none may leave
127.0.0.1, and no element may carry an outside or script address or be an image or link from the data.
"""

from __future__ import annotations

from urllib.parse import urlparse

from ..browser.conftest import settle
from .hostile import FILE_NAME, OUTSIDE, workbook

FAVICON = "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsrounded/insights/"

# Any element whose attributes point outside, at javascript:, or at the relative "x" of <img src=x>.
_FIND_LEAKS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = (a.value || '').toLowerCase();
      const link = ['src', 'href', 'xlink:href', 'srcset', 'action', 'formaction', 'poster', 'data'].includes(a.name);
      if (v.includes('example.invalid') && (link || a.name === 'style')
          || link && v.startsWith('javascript:')
          || el.tagName === 'IMG' && a.name === 'src' && v === 'x') {
        out.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 120));
      }
    }
    if ((el.tagName === 'A' || el.tagName === 'IMG') && (el.textContent || '').includes('example.invalid')) {
      out.push(el.tagName + ' text ' + el.textContent.slice(0, 120));
    }
  }
  return out;
}"""


def _leaks(page) -> list[str]:
    return page.evaluate(_FIND_LEAKS)


def _open_controls(page, seen: list[str], where: str) -> None:
    main = page.locator('[data-testid="stMain"]')
    for tab in main.get_by_role("tab").all():
        try:
            tab.click(timeout=2_000)
            page.wait_for_timeout(300)
        except Exception:
            pass
        _expand(page)
        seen += [f"{where} tab: {x}" for x in _leaks(page)]
    _expand(page)
    for box in page.locator('[data-testid="stSelectbox"], [data-testid="stMultiSelect"]').all()[:25]:
        try:
            box.click(timeout=2_000)
            page.wait_for_timeout(200)
            seen += [f"{where} dropdown: {x}" for x in _leaks(page)]
            page.keyboard.press("Escape")
        except Exception:
            pass


def _expand(page) -> None:
    for summary in page.locator('[data-testid="stExpander"] details:not([open]) > summary').all()[:30]:
        try:
            summary.click(timeout=2_000)
        except Exception:
            pass
    page.wait_for_timeout(300)


def test_hostile_workbook_makes_no_outside_request_and_renders_no_image_or_link(app_server, page):
    outside: list[str] = []
    where = ["upload"]

    def route(r):
        host = urlparse(r.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            outside.append(f"{r.request.url} (on {where[0]})")
            r.abort()

    page.context.route("**/*", route)
    page.goto(app_server.url)
    settle(page)
    page.locator('[data-testid="stSidebar"] input[type="file"]').first.set_input_files(
        {"name": FILE_NAME, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": workbook()})
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]').innerText.includes('240 feedback rows')",
        timeout=120_000)
    settle(page)
    leaks: list[str] = [f"sidebar: {x}" for x in _leaks(page)]
    links = page.locator('[data-testid="stTopNavLink"]')
    names = [links.nth(i).inner_text() for i in range(links.count())]
    assert len(names) >= 7
    for name in names:
        where[0] = name
        page.locator('[data-testid="stTopNavLink"]', has_text=name).first.click()
        settle(page)
        page.wait_for_timeout(800)
        leaks += [f"{name}: {x}" for x in _leaks(page)]
        where[0] = f"{name} controls"
        _open_controls(page, leaks, name)
        settle(page)
        leaks += [f"{name} after controls: {x}" for x in _leaks(page)]
    assert "240 feedback rows" in page.locator('[data-testid="stSidebar"]').inner_text()
    # The only outside request allowed is the app's own favicon (page_icon=":material/insights:"), which
    # Streamlit loads from Google's icon font service; nothing from the data.
    from_data = [u for u in outside if not u.startswith(FAVICON)]
    assert (from_data, sorted(set(leaks))) == ([], [])
    assert page.console_errors == []
