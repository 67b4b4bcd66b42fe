"""Files nobody planned for (issue #14) in a real browser: the summary, the questions, and the first view."""

from __future__ import annotations

import re

from .conftest import settle


def _open(page, label: str) -> None:
    """Go to another page through the app's navigation (a new URL would start a new session)."""
    page.locator('[data-testid="stTopNavLink"]').filter(has_text=re.compile(f"^{re.escape(label)}$")).first.click()
    settle(page)


def _upload(page, app_server, path, wait_text: str, url_path: str = "import_data") -> None:
    page.goto(f"{app_server.url}/{url_path}")
    settle(page)
    page.locator('[data-testid="stSidebar"] input[type="file"]').first.set_input_files(str(path))
    page.wait_for_function("(t) => document.querySelector('[data-testid=\"stMain\"]').innerText.includes(t)",
                           arg=wait_text, timeout=120_000)
    settle(page)


def test_coded_survey_question_answered_then_the_overview_counts_it(app_server, page, tmp_path):
    from ..test_reading_pages import CODED

    path = tmp_path / "coded_survey.csv"
    path.write_bytes(CODED)
    _upload(page, app_server, path, "Questions about your data")
    main = page.locator('[data-testid="stMain"]')
    assert "80 rows with 7 other columns; no touchpoints (1 open question)" in main.inner_text()
    box = main.locator('[data-testid="stMultiSelect"]').first
    box.click()
    for column in ("q1", "q2", "q3", "q4"):
        page.get_by_role("option", name=re.compile(f"^{column}$")).click()
    page.keyboard.press("Escape")
    main.get_by_role("button", name="Use as ratings").click()
    page.wait_for_function("() => document.body.innerText.includes('for each of 4 touchpoints')", timeout=120_000)
    settle(page)
    assert "80 respondents with a 1-5 satisfaction score for each of 4 touchpoints" in main.inner_text()
    assert "Questions about your data" not in main.inner_text()
    # 80 respondents x 4 rated touchpoints
    assert "320 feedback rows" in page.locator('[data-testid="stSidebar"]').inner_text()
    _open(page, "Overview")
    page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').innerText.includes("
                           "'80 respondents')", timeout=60_000)
    assert "open question" not in page.locator('[data-testid="stMain"]').inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_customer_table_reads_as_customers_and_the_heatmap_compares_segments(app_server, page, tmp_path):
    from ..test_reading import customer_table

    path = tmp_path / "customers.csv"
    customer_table().to_csv(path, index=False)
    _upload(page, app_server, path, "300 customers")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "300 customers with a 1-5 satisfaction score, a complaint flag, a 'Churn' outcome and 11 other columns; no touchpoints" in text
    _open(page, "Journey heatmap")
    page.wait_for_function("() => document.body.innerText.includes('rows are customer segments')", timeout=60_000)
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.console_errors == []


def test_analysis_sheet_set_aside_with_its_reason(app_server, page, tmp_path):
    import io

    import pandas as pd

    data = io.BytesIO()
    with pd.ExcelWriter(data, engine="xlsxwriter") as xw:
        pd.DataFrame({"": ["Price", "Speed", "Staff"], "Price": [1.0, 0.42, -0.1], "Speed": [0.42, 1.0, 0.3],
                      "Staff": [-0.1, 0.3, 1.0]}).to_excel(xw, sheet_name="Correlations", index=False)
        pd.DataFrame({"Touchpoint": ["Billing", "Install", "Billing"], "CSAT": [3, 4, 2]}).to_excel(
            xw, sheet_name="Data", index=False)
    path = tmp_path / "analysis.xlsx"
    path.write_bytes(data.getvalue())
    _upload(page, app_server, path, "What was read")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Not used: looks like a correlation matrix" in text
    assert "3 responses with a 1-5 satisfaction score" in text


def test_published_results_open_as_entity_by_measure(app_server, page, tmp_path):
    from ..test_reading_pages import PUBLISHED

    path = tmp_path / "hcahps_state.csv"
    path.write_bytes(PUBLISHED)
    _upload(page, app_server, path, "Published results")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "2 measures for each of 3 'State' (percent 0-100)" in text
    assert "published results: 3 entities × 2 measures" in page.locator('[data-testid="stSidebar"]').inner_text()
    _open(page, "Journey heatmap")
    page.wait_for_function("() => document.body.innerText.includes('Ranking')", timeout=60_000)
    main = page.locator('[data-testid="stMain"]')
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 2
    heat = main.locator('[data-testid="stPlotlyChart"]').first.inner_text()
    # AL's 81% tops the first measure; its 'Not Available' clean-room value is an empty cell
    assert {"AL", "AK", "AZ"} <= set(heat.split())
    assert heat.index("81%") < heat.index("78%") < heat.index("76%")  # cells row by row: AL, AK, AZ
    assert "95% interval (Wilson" in main.inner_text()
    _open(page, "Overview")
    page.wait_for_function("() => document.body.innerText.includes('Respondent counts')", timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.console_errors == []


def test_french_ticket_log_reads_its_rating_and_comments(app_server, page, tmp_path):
    """An interaction log in French: 'Note' with stars is the rating, 'Commentaire' the comment, 'Canal' the
    channel; the Overview's mean rating is the file's own mean (computed here with plain Python)."""
    notes = [1 + (i * 7) % 5 for i in range(57)] + [5, 5, 4]  # mean 3.1
    rows = ["Numéro de ticket;Date de création;Canal;Motif;Note;Commentaire"]
    motifs = ["Facturation", "Livraison", "Retour produit"]
    for i, note in enumerate(notes):
        rows.append(f"T{i:03d};{1 + i % 28:02d}/03/2025;{'Téléphone' if i % 2 else 'Chat'};{motifs[i % 3]};{note};"
                    f"Le conseiller a répondu au bout de {i % 9 + 1} jours, {'merci' if note > 3 else 'trop lent'}")
    path = tmp_path / "tickets_fr.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    _upload(page, app_server, path, "What was read")
    _open(page, "Overview")
    page.wait_for_function("() => document.body.innerText.includes('Mean rating')", timeout=60_000)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert f"\n{sum(notes) / len(notes):.2f}\n" in text  # the mean of 'Note' on 1-5, as the Mean rating card
    assert "60 tickets" in text or "60 responses" in text or "60 reviews" in text
    _open(page, "Journey heatmap")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= 1",
                           timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.console_errors == []
