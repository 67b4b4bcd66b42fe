"""CX maturity in real browsers (issue #6): two raters answer on their own devices (separate browser
contexts) and the results radar updates after each submission; a facilitator uploads a custom model
that the raters' questionnaires then use.

The server has its own data directory (CXLENS_DATA_DIR), so the assessments start empty. Screenshots
go to test-artifacts/maturity/.
"""

from __future__ import annotations

import re
import time

import pytest

from ..conftest import ROOT
from .conftest import AppServer

SHOTS = ROOT / "test-artifacts" / "maturity"
DESKTOP = {"width": 1440, "height": 1000}
#: The test servers do not watch the source tree (an edit elsewhere would prompt "Rerun" on every page).
NO_WATCHER = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
#: Answers dated here form their own round, far from the sample sheet's rounds (March and September 2026),
#: so the results hold exactly the two raters of this test whatever day it runs.
ROUND_DATE = "2030-01-15"
STRATEGY = "Strategy & leadership"
MEASUREMENT = "Measurement & feedback"
DIMENSIONS = ["Strategy & leadership", "Customer understanding", "Journey management & design",
              "Measurement & feedback", "Culture & employee engagement", "Technology & data",
              "Governance & alignment"]
LABELS = {1: "1 · Strongly disagree", 2: "2 · Disagree", 3: "3 · Neither", 4: "4 · Agree", 5: "5 · Strongly agree"}

RADAR_JS = """() => {
    const el = document.querySelector('.st-key-mt_radar .js-plotly-plot');
    if (!el || !el.data) return null;
    return el.data.map(t => ({name: t.name, r: Array.from(t.r), customdata: t.customdata ? Array.from(t.customdata)
        .map(row => Array.from(row)) : null}));
}"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("maturity-data")


@pytest.fixture(scope="module")
def server(data_dir):
    srv = AppServer(env={"CXLENS_DATA_DIR": str(data_dir), **NO_WATCHER}).start()
    yield srv
    srv.stop()


def new_page(browser):
    ctx = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = ctx.new_page()
    page.console_errors = []
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return page


def settle(page, timeout: float = 60_000) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_timeout(400)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(400)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def assert_clean(page) -> None:
    exc = page.locator('[data-testid="stException"]')
    assert exc.count() == 0, exc.first.inner_text()
    assert page.console_errors == []


def create_assessment(page, server: AppServer, name: str) -> str:
    """Type a name in the Assessment box: a new assessment shared by link (issue #20), this page its creator.
    Returns the id its link carries."""
    page.goto(f"{server.url}/maturity")
    settle(page)
    box = page.locator('.st-key-mt_assessment input')
    box.fill(name)
    box.press("Enter")
    page.wait_for_function("() => /[?&]assessment=[A-Za-z0-9_-]{43}/.test(location.search)", timeout=30_000)
    settle(page)
    return re.search(r"[?&]assessment=([A-Za-z0-9_-]{43})", page.url).group(1)


def open_assessment(page, server: AppServer, link: str, name: str) -> None:
    # The assessment's link, as raters receive it; the answers live in the server's store, so a new session
    # per page.goto loses nothing.
    page.goto(f"{server.url}/maturity?assessment={link}")
    settle(page)
    # The field can be drawn a moment before the run that fills it from the URL finishes: wait for it.
    page.wait_for_function(
        "(name) => { const i = document.querySelector('.st-key-mt_assessment input'); return i && i.value === name; }",
        arg=name, timeout=30_000)
    settle(page)
    assert page.locator('.st-key-mt_assessment input').input_value() == name


def reload(page) -> None:
    """The same browser reloads its page: its private ``me=`` token in the URL keeps who it is."""
    assert "me=" in page.url
    page.goto(page.url)
    settle(page)


def tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(300)


def metric(page, label: str) -> str:
    return page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$"))
    ).locator('[data-testid="stMetricValue"]').first.inner_text().strip()


def radar(page, timeout: float = 20_000) -> dict:
    """The radar's traces by name, read from the plotly element in the page."""
    deadline = time.time() + timeout / 1000
    while time.time() < deadline:
        data = page.evaluate(RADAR_JS)
        if data:
            return {t["name"]: t for t in data}
        page.wait_for_timeout(250)
    raise AssertionError("no radar chart on the page")


def answer(page, name: str, department: str, scores: list[int]) -> None:
    """Fill in the questionnaire tab: name, department, date and one score per statement (in order)."""
    tab(page, "Answer the questionnaire")
    form = page.locator('[data-testid="stForm"]')
    form.locator('input[aria-label="Your name (optional)"]').fill(name)
    form.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=department, exact=True).click()
    date = form.locator('[data-testid="stDateInput"] input')
    date.fill(ROUND_DATE)
    date.press("Enter")
    page.locator("h1").click()  # close the calendar; the date is taken on leaving the field
    page.wait_for_timeout(300)
    assert date.input_value() == ROUND_DATE
    radios = form.locator('[data-testid="stRadio"]')
    assert radios.count() == len(scores)
    for i, score in enumerate(scores):
        radios.nth(i).get_by_text(LABELS[score], exact=True).click()
    assert date.input_value() == ROUND_DATE
    page.get_by_role("button", name="Submit my answers").click()
    page.get_by_text("answers saved to assessment").wait_for(timeout=30_000)
    settle(page)


def flat_scores(per_dimension: dict[str, int], statements_per_dimension: int = 4) -> list[int]:
    return [per_dimension[d] for d in DIMENSIONS for _ in range(statements_per_dimension)]


def test_two_raters_answer_and_the_radar_updates(browser, server):
    ann = new_page(browser)
    ben = new_page(browser)
    link = create_assessment(ann, server, "board-2030")
    open_assessment(ben, server, link, "board-2030")
    tab(ann, "Results")
    assert "No answers yet" in ann.inner_text("body") or metric(ann, "Raters") == "8"  # (sample sheet only)

    # Ann (executive team): Strategy 5, everything else 4.
    answer(ann, "Ann", "Executive team", flat_scores({d: 5 if d == STRATEGY else 4 for d in DIMENSIONS}))
    tab(ann, "Results")
    assert metric(ann, "Raters") == "1"
    # overall = (5 + 6 * 4) / 7 = 29 / 7 = 4.14 -> Scale (3.4 to 4.2)
    assert metric(ann, "Overall") == "4.14 / 5" and metric(ann, "Stage") == "Scale"
    # the six dimensions at 4 tie as the floor; all are named (wrapped, not cut off)
    floor = ann.locator(".st-key-mt_floor h3").inner_text().strip()
    assert floor.split(", ") == [d for d in DIMENSIONS if d != STRATEGY]
    first = radar(ann)
    assert first["Current"]["r"] == [5, 4, 4, 4, 4, 4, 4, 5]  # a closed polygon over the seven dimensions
    assert [row[2] for row in first["Current"]["customdata"]] == [1] * 8  # raters per dimension
    assert [row[3] for row in first["Current"]["customdata"]][:7] == ["–"] * 7  # no spread with one rater
    shot(ann, "after-first-rater")

    # Ben (customer service), on his own device: Strategy 1, Measurement 3, everything else 2.
    ben_scores = {d: {STRATEGY: 1, MEASUREMENT: 3}.get(d, 2) for d in DIMENSIONS}
    answer(ben, "Ben", "Customer Service", flat_scores(ben_scores))
    tab(ben, "Results")
    assert metric(ben, "Raters") == "2"
    # Strategy (5 + 1) / 2 = 3, SD of (5, 1) = 2.83; Measurement (4 + 3) / 2 = 3.5, SD of (4, 3) = 0.71;
    # the other five (4 + 2) / 2 = 3, SD of (4, 2) = 1.41. Overall = (6 * 3 + 3.5) / 7 = 21.5 / 7 = 3.07 -> Mobilize.
    assert metric(ben, "Overall") == "3.07 / 5" and metric(ben, "Stage") == "Mobilize"
    second = radar(ben)
    assert second["Current"]["r"] == [3, 3, 3, 3.5, 3, 3, 3, 3]
    assert second["Current"]["r"] != first["Current"]["r"]
    cells = {row[0]: row[1:] for row in second["Current"]["customdata"]}
    assert cells["Strategy &amp; leadership"] == ["3.00", 2, "2.83"]
    assert cells["Measurement &amp; feedback"] == ["3.50", 2, "0.71"]  # names are HTML-escaped in the figure
    assert cells["Technology &amp; data"] == ["3.00", 2, "1.41"]
    # targets: the floor (3.00, Mobilize) caps nothing; target = start of Scale (3.4) for all, gap shown dashed
    assert second["Target"]["r"] == [3.4, 3.4, 3.4, 3.5, 3.4, 3.4, 3.4, 3.4]
    warning = ben.locator('[data-testid="stAlert"]').filter(has_text="Raters disagree").inner_text()
    assert "Strategy" in warning and "Measurement" not in warning  # SD 0.71 and range 1 are no disagreement
    shot(ben, "after-second-rater")

    # Ann opens the link again: the combined result, from the shared store
    open_assessment(ann, server, link, "board-2030")
    tab(ann, "Results")
    assert metric(ann, "Raters") == "2" and metric(ann, "Overall") == "3.07 / 5"
    assert radar(ann)["Current"]["r"] == second["Current"]["r"]
    for page in (ann, ben):
        assert_clean(page)
        page.context.close()


CUSTOM = ("Dimension,Statement,Weight\n"
          "Vision,We know where our customer experience is going,2\n"
          "Vision,Leaders back the CX plan,\n"
          "Data,We measure every key touchpoint,1\n"
          "People,Staff can fix a customer's problem on the spot,1\n").encode()
BROKEN = b"Dimension,Statement,Weight\nVision,Same statement,1\nVision,Same statement,2\n,Orphan,\n"


def upload(page, name: str, data: bytes) -> None:
    page.locator('[class*="st-key-mt_model_upload_"] input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.wait_for_timeout(500)
    settle(page)


def test_custom_model_upload_is_used_by_every_rater(browser, server):
    fac = new_page(browser)
    link = create_assessment(fac, server, "custom-2030")
    tab(fac, "The model")
    # the default model as an editable sheet
    with fac.expect_download() as dl:
        fac.get_by_role("button", name="Download the statements (CSV)").click()
    lines = open(dl.value.path(), encoding="utf-8-sig").read().splitlines()
    assert lines[0] == "Dimension,Statement,Weight,Description" and len(lines) == 29

    upload(fac, "broken.csv", BROKEN)
    error = fac.locator('[data-testid="stAlert"]').filter(has_text="cannot be used as a maturity model").inner_text()
    assert "3 problems" in error
    assert "The statement 'Same statement' appears more than once in the maturity model sheet (rows 2 and 3)" in error
    assert "Row 4 of the maturity model sheet has a statement but no dimension" in error
    assert "The dimension 'Vision' has different weights on rows 2, 3" in error
    assert fac.get_by_role("button", name=re.compile("^Use this model")).count() == 0
    shot(fac, "model-upload-errors")

    upload(fac, "custom.csv", CUSTOM)
    assert "Preview of custom.csv: 3 dimensions, 4 statements, 5 stages" in fac.inner_text("body")
    shot(fac, "model-upload-preview")
    fac.get_by_role("button", name=re.compile("^Use this model for assessment")).click()
    fac.get_by_text("now uses Custom model (custom)").wait_for(timeout=30_000)
    settle(fac)
    assert "uses custom model “Custom model (custom)”: 3 dimensions, 4 statements" in fac.inner_text("body")

    # a rater on another device gets the custom questionnaire
    rater = new_page(browser)
    open_assessment(rater, server, link, "custom-2030")
    tab(rater, "Answer the questionnaire")
    labels = [t.strip() for t in rater.locator('[data-testid="stRadio"] [data-testid="stWidgetLabel"]').all_inner_texts()]
    assert labels == ["We know where our customer experience is going", "Leaders back the CX plan",
                      "We measure every key touchpoint", "Staff can fix a customer's problem on the spot"]
    answer(rater, "Cleo", "Digital", [4, 2, 5, 1])
    tab(rater, "Results")
    # Vision (4 + 2) / 2 = 3 (weight 2), Data 5, People 1: overall (2 * 3 + 5 + 1) / 4 = 3.00 -> Mobilize
    assert metric(rater, "Overall") == "3.00 / 5" and metric(rater, "Stage") == "Mobilize"
    assert rater.locator(".st-key-mt_floor h3").inner_text().strip() == "People"
    assert radar(rater)["Current"]["r"] == [3, 5, 1, 3]
    # the sample's Maturity sheet answered the default model: reported, not scored
    assert "answers were given to statements that are not in this assessment's model" in rater.inner_text("body")
    shot(rater, "custom-model-results")

    # with an answer in, the facilitator can no longer swap the model
    reload(fac)
    tab(fac, "The model")
    assert "already has 1 submission, so its model is fixed" in fac.inner_text("body")
    assert fac.get_by_role("button", name="Back to the default model").is_disabled()
    for page in (fac, rater):
        assert_clean(page)
        page.context.close()


def removable(page) -> list[str]:
    """The submissions this browser is offered to remove (each label starts with the rater's name)."""
    expander = page.locator('[data-testid="stExpander"]').filter(has_text="Submissions given in the app")
    if expander.count() == 0:
        return []
    expander.first.locator("summary").click()
    page.wait_for_timeout(300)
    page.locator('.st-key-mt_remove_choice input[role="combobox"]').click()
    page.wait_for_timeout(300)
    page.get_by_role("option").first.wait_for(timeout=10_000)
    options = [t.strip() for t in page.get_by_role("option").all_inner_texts() if t.strip() != "Select all"]
    page.keyboard.press("Escape")
    return options


def test_a_rater_in_another_browser_neither_sees_nor_removes_anothers_submission(browser, server, data_dir,
                                                                                 sample_dataset):
    """Issue #20 finding 1 in two browser contexts: Ann creates an assessment and answers; Bo, with its link
    in another browser, sees the scores but not Ann's name and cannot remove her submission; a read-only
    workspace viewer gets no questionnaire."""
    ann, bo = new_page(browser), new_page(browser)
    link = create_assessment(ann, server, "owners-2030")
    answer(ann, "Ann Private", "Finance", flat_scores({d: 4 for d in DIMENSIONS}))
    tab(ann, "Results")
    assert [o.split(" · ")[0] for o in removable(ann)] == ["Ann Private"]

    open_assessment(bo, server, link, "owners-2030")
    tab(bo, "Results")
    assert metric(bo, "Raters") == "1" and metric(bo, "Overall") == "4.00 / 5"  # the scores are everyone's
    assert "Ann Private" not in bo.inner_text("body")
    assert removable(bo) == []
    answer(bo, "Bo", "Digital", flat_scores({d: 2 for d in DIMENSIONS}))
    tab(bo, "Results")
    assert metric(bo, "Raters") == "2"
    assert [o.split(" · ")[0] for o in removable(bo)] == ["Bo"]
    assert "Ann Private" not in bo.inner_text("body")
    # Ann, the creator, reloads her page (her private token is in its URL): she sees and may remove both
    reload(ann)
    tab(ann, "Results")
    assert sorted(o.split(" · ")[0] for o in removable(ann)) == ["Ann Private", "Bo"]
    shot(bo, "rater-sees-only-own")

    # a read-only workspace viewer: no questionnaire, no removal
    from components.workspace_view import owner_key_for_secret
    from cxlens import workspace as cw
    from cxlens.store import Store

    with Store(f"sqlite:///{data_dir / 'cxlens.sqlite3'}") as store:
        _, token = store.save_workspace("Owners test", owner_key_for_secret("s" * 43),
                                        sample_dataset.recipe.to_json(), cw.dataset_tables(sample_dataset), {})
    viewer = new_page(browser)
    viewer.goto(f"{server.url}/maturity?ws={token}")
    settle(viewer)
    tab(viewer, "Answer the questionnaire")
    assert viewer.get_by_role("button", name="Submit my answers").count() == 0
    assert "read-only link" in viewer.inner_text("body")
    for page in (ann, bo, viewer):
        assert_clean(page)
        page.context.close()
