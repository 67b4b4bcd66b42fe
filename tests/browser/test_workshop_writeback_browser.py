"""Workshop write-back in a real browser (issue 15, fault 5): the facilitator writes a round into
the backlog, goes to the Opportunities page through the app's navigation (same session), sees the
matrix move and where the scores came from, and undoes it with one click.

The workshop and its three voters are set up through the store on the server's SQLite file (the
phones themselves are covered by test_workshop_browser.py).
"""

from __future__ import annotations

import re

import cxlens
from components import identity
from cxlens import backlog as bl
from cxlens.store import Store
from cxlens.workshop import SCORE_CRITERIA

from ..conftest import SAMPLE_XLSX
from .conftest import AppServer, click_until, settle
from .workshop_helpers import NO_WATCHER, assert_clean, new_page, wsettle

ME = "facilitator-private-token-0123456789abcdefg"  # 43 urlsafe characters, like cxlens.drafts.new_key()
ITEM = "Offer a phone callback button in support chat"  # the sample's first idea: value 9/8, effort 1

POINT_JS = r"""(oid) => {
    const gd = document.querySelector('.st-key-opp_matrix .js-plotly-plot');
    if (!gd || !gd._fullData) return null;
    for (const t of gd._fullData) {
        if (!t.customdata) continue;
        for (let k = 0; k < t.customdata.length; k++) {
            if (t.customdata[k][0] === oid) return [t.x[k], t.y[k]];
        }
    }
    return null;
}"""


def _point(page, oid: str, expected: tuple[float, float] | None = None, timeout: float = 30_000):
    """(effort, value) of an item's bubble on the Opportunities matrix; waits for ``expected``."""
    page.wait_for_selector(".st-key-opp_matrix .js-plotly-plot", timeout=60_000)
    if expected is not None:
        x, y = expected
        page.wait_for_function(f"(oid) => {{ const p = ({POINT_JS})(oid); return p && Math.abs(p[0] - {x}) < 1e-9 "
                               f"&& Math.abs(p[1] - {y}) < 1e-9; }}", arg=oid, timeout=timeout)
    return tuple(page.evaluate(POINT_JS, oid))


def _prepare(url: str) -> tuple[int, str, str]:
    """A workshop on the sample's first three ideas, three voters; returns (id, facilitator token, item id)."""
    backlog = bl.from_sheet(cxlens.load(SAMPLE_XLSX).opportunities)
    # the sample data's backlog is private to the browser session (issue #20): the facilitator's browser
    # opens the link with its private token ME, so its sample backlog is stored under this key
    key = "sample:" + identity.scope_of(ME)
    with Store(url) as store:
        ids = store.save_opportunities(key, backlog.head(3))
        w = store.create_workshop("Browser workshop", key, ids, SCORE_CRITERIA)
        store.open_round(w.id, w.facilitator_token)
        for value, effort in ((8, 2), (6, 4), (10, 3)):  # value 8.0, effort 3.0
            store.cast_votes(w.id, store.join(w.id).token, {(ids[0], "value"): value, (ids[0], "effort"): effort})
        store.close_round(w.id, w.facilitator_token)
    assert backlog.loc[0, "opportunity"] == ITEM
    return w.id, w.facilitator_token, ids[0]


def test_write_back_moves_the_matrix_shows_its_source_and_undoes(browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'writeback.sqlite3'}"
    workshop_id, token, oid = _prepare(url)
    server = AppServer(env={"CXLENS_DATABASE_URL": url, **NO_WATCHER}).start()
    try:
        page = new_page(browser, viewport={"width": 1440, "height": 1100})
        # the facilitator link opens the session (with the browser's private token, as after a reload)
        page.goto(f"{server.url}/workshop?w={workshop_id}&f={token}&me={ME}")
        wsettle(page)
        click_until(page, "Write results into the backlog", "Wrote round 1 into the backlog")
        settle(page)

        page.locator('[data-testid="stTopNavLink"]').filter(has_text=re.compile("^Opportunities$")).first.click()
        settle(page)
        page.get_by_text("come from the workshop “Browser workshop”").first.wait_for(timeout=30_000)
        body = page.inner_text("body")
        assert "The scores of 1 opportunity come from the workshop “Browser workshop”" in body
        assert _point(page, oid, (3.0, 8.0)) == (3.0, 8.0)  # effort 3, value 8 (was effort 1)

        click_until(page, "Undo this write-back", "Put back the previous scores of 1 opportunity")
        settle(page)
        effort, value = _point(page, oid, (1.0, 8.5))  # the sheet's effort 1, value (9 + 8) / 2
        assert (effort, value) == (1.0, 8.5)
        assert page.get_by_role("button", name="Undo this write-back").count() == 0
        assert_clean(page)
        page.context.close()
    finally:
        server.stop()
