"""The four real datasets load through the sidebar and the Import page in a real browser."""

from __future__ import annotations

import re

import pytest

from .conftest import settle

CASES = {
    # file: (text expected on the Import page, feedback rows shown in the sidebar)
    "airline_passenger_satisfaction_test.csv": ("wide", "359,462 feedback rows"),
    "cfpb_complaints_2023_first2067.csv": ("complaints", "2,067 feedback rows"),
    "cfpb_complaints_2016-09_sample.csv": ("complaints", "349 feedback rows"),
    "womens_ecommerce_clothing_reviews.xlsx": ("were guessed", "23,486 feedback rows"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_real_dataset_loads_through_import_page(app_server, page, shared_datasets, name):
    expected_text, rows = CASES[name]
    page.goto(f"{app_server.url}/import_data")
    settle(page)
    page.locator('[data-testid="stSidebar"] input[type="file"]').first.set_input_files(str(shared_datasets / name))
    page.wait_for_function(
        "(n) => document.querySelector('[data-testid=\"stSidebar\"]').innerText.includes(n)", arg=rows,
        timeout=120_000)
    settle(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert expected_text in body
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.console_errors == []


def test_airline_stages_assigned_in_the_browser(app_server, page, shared_datasets):
    page.goto(f"{app_server.url}/import_data")
    settle(page)
    page.locator('[data-testid="stSidebar"] input[type="file"]').first.set_input_files(
        str(shared_datasets / "airline_passenger_satisfaction_test.csv"))
    page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]').innerText.includes('359,462')",
                           timeout=120_000)
    settle(page)
    page.get_by_role("tab", name="Stages").click()
    assert "14 touchpoint(s) have no stage" in page.locator('[data-testid="stMain"]').inner_text()
    form = page.locator('[data-testid="stForm"]')
    form.get_by_label("Stage").fill("Airport")
    form.locator('[data-testid="stMultiSelect"]').click()
    for tp in ("Gate location", "Baggage handling", "Checkin service"):
        page.get_by_role("option", name=re.compile(f"^{re.escape(tp)}$")).click()
    page.keyboard.press("Escape")
    form.get_by_role("button", name="Assign and apply").click()
    page.wait_for_function("() => document.body.innerText.includes('11 touchpoint(s) have no stage')",
                           timeout=120_000)
    settle(page)
    assert "A custom import recipe is applied" in page.locator('[data-testid="stSidebar"]').inner_text()


@pytest.mark.parametrize("builder", ["qualtrics_csv", "surveymonkey_csv"])
def test_survey_tool_export_loads_as_a_wide_survey_with_its_word_answers_read(app_server, page, tmp_path, builder):
    """A survey platform's export (fixture built in tests/corpus.py) through the sidebar and the Import page."""
    from .. import corpus

    data, name = getattr(corpus, builder)()
    path = tmp_path / name
    path.write_bytes(data)
    page.goto(f"{app_server.url}/import_data")
    settle(page)
    page.locator('[data-testid="stSidebar"] input[type="file"]').first.set_input_files(str(path))
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]').innerText.includes('3 touchpoints')",
        timeout=120_000)
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    assert "One column per touchpoint (wide survey)" in main.inner_text()
    page.get_by_role("tab", name="Scales and codes").click()
    settle(page)
    if builder == "surveymonkey_csv":
        assert "Very dissatisfied = 1" in main.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.console_errors == []
