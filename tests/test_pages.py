"""Every page through streamlit.testing.v1.AppTest: with the sample data and with no usable data."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cxlens import metrics

from .conftest import ROOT

DEFAULT_PAGE = "pages/overview.py"
PAGES = {
    "pages/overview.py": "Overview",
    "pages/import_data.py": "Import & data quality",
    "pages/journey_heatmap.py": "Journey heatmap",
    "pages/friction_hotspots.py": "Friction hotspots",
    "pages/why.py": "Why",
    "pages/opportunities.py": "Opportunities",
    "pages/maturity.py": "CX maturity",
    "pages/workshop.py": "Workshop",
}


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _open(page: str, upload=None) -> AppTest:
    """Run the app on ``page``. ``upload`` is (name, bytes, mime), loaded as if uploaded.

    AppTest drops the sidebar of an st.navigation app after its first run, so files are
    preset through session state (the path saved workspaces use) rather than the uploader
    widget; the browser tests cover the uploader itself.
    """
    at = _app()
    if upload is not None:
        at.session_state["cxlens_payloads"] = ((upload[0], upload[1]),)
    at.run()
    sidebar_errors = [e.value for e in at.sidebar.error]
    sidebar_captions = [c.value for c in at.sidebar.caption]
    if page != DEFAULT_PAGE:
        # (switching to the default page again drops the sidebar in AppTest; it is already showing)
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    at.sidebar_errors, at.sidebar_captions = sidebar_errors, sidebar_captions
    return at


@pytest.mark.parametrize("page,title", PAGES.items())
def test_page_with_sample_data(page, title):
    at = _open(page)
    assert at.title[0].value == title
    assert not at.error
    assert any("Sample data" in c for c in at.sidebar_captions)


@pytest.mark.parametrize("page,title", PAGES.items())
def test_page_without_usable_data_shows_empty_state(page, title):
    at = _open(page, upload=("broken.xlsx", b"PK\x03\x04 not really a workbook", "application/octet-stream"))
    assert at.title[0].value == title
    assert "Could not load the data" in at.sidebar_errors[0]
    # the maturity questionnaire needs no uploaded data: it says there are no answers yet instead
    expected = "No answers yet" if page == "pages/maturity.py" else "No data is loaded"
    assert any(expected in i.value for i in at.info)


def test_overview_kpis_match_independent_computation(sample_dataset):
    at = _open("pages/overview.py")
    shown = {m.label: m.value for m in at.metric}
    fb = sample_dataset.feedback
    assert shown["Responses"] == f"{fb['response_id'].nunique():,}"
    assert shown["Touchpoints"] == str(fb["touchpoint"].nunique())
    # NPS recomputed here from raw answers, not through cxlens
    answers = fb["nps"].dropna()
    expected_nps = 100 * ((answers >= 9).mean() - (answers <= 6).mean())
    assert shown["NPS"] == f"{expected_nps:+.0f}"
    csat = fb["csat"].dropna()
    assert shown["CSAT"] == f"{100 * (csat >= 4).mean():.0f}%"
    assert shown["CES"] == f"{fb['ces'].dropna().mean():.2f}"
    dates = fb["date"].dropna()
    period = next(m for m in at.metric if m.label == "Period")
    assert period.delta == f"{dates.min():%b %Y} – {dates.max():%b %Y}" == "Oct 2025 – Oct 2026"
    assert period.value == "13 months"  # Oct 2025 to Oct 2026, both counted
    assert "Where to look first" in [s.value for s in at.subheader]


def test_period_length_is_short_enough_for_a_card():
    from cxlens.overview import period_length

    ts = pd.Timestamp
    assert period_length(ts("2025-10-03"), ts("2026-03-28 17:00")) == "6 months"  # Oct..Mar, inclusive
    assert period_length(ts("2026-01-01"), ts("2026-01-01 23:59")) == "1 day"
    assert period_length(ts("2026-01-01"), ts("2026-03-03")) == "62 days"
    assert period_length(ts("2026-01-01"), ts("2026-03-04")) == "3 months"


def test_upload_replaces_sample_in_every_page():
    csv = b"Touchpoint,Stage,CSAT\nCheckout,Purchase,5\nCheckout,Purchase,1\nHelp,Support,4\n"
    at = _open("pages/overview.py", upload=("mine.csv", csv, "text/csv"))
    shown = {m.label: m.value for m in at.metric}
    assert shown["Responses"] == "3"
    assert shown["CSAT"] == "67%"
    assert any("Loaded: mine" in c for c in at.sidebar_captions)


def test_maturity_results_from_the_sample_sheet():
    at = _open("pages/maturity.py")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Stage"] == "Mobilize"
    assert [h.value for h in at.subheader][0].replace("\\", "") == "Measurement & feedback"  # the weakest (md() escapes)
    assert shown["Raters"] == "8"
    assert any("Raters disagree" in w.value and "Strategy" in w.value for w in at.warning)


def test_maturity_questionnaire_answer_is_stored_and_counted():
    at = _open("pages/maturity.py")
    at.text_input(key="mt_assessment").input("leadership-offsite").run()
    radios = [r for r in at.radio if r.key and r.key.startswith("mq_")]
    for r in radios:
        r.set_value(4)
    [b for b in at.button if b.label == "Submit my answers"][0].click().run()
    assert not at.exception
    assert any("answers saved" in s.value for s in at.success)
    shown = {m.label: m.value for m in at.metric}
    # answered today, so it opens a new round (the sample's rounds are March and September 2026):
    # one rater, everything 4, compared with the sample's last round
    assert shown["Raters"] == "1" and shown["Overall"] == "4.00 / 5"
    overall = [m for m in at.metric if m.label == "Overall"][0]
    assert overall.delta.endswith("since last round")


# ----------------------------------------------------------------------------- maturity: custom model (issue #6)

#: A (weight 3): a1, a2; B (weight 1): b1. Default stages.
TWO_DIMENSIONS = b"Dimension,Statement,Weight\nA,a1,3\nA,a2,\nB,b1,1\n"


def _maturity(assessment: str) -> AppTest:
    at = _open("pages/maturity.py")
    at.text_input(key="mt_assessment").input(assessment).run()
    return at


def link_of(at: AppTest) -> str:
    """The id in the ``?assessment=`` link an assessment's creator shares (issue #20: never its name)."""
    value = at.query_params["assessment"]
    return value[0] if isinstance(value, list) else value


def _join(first: AppTest, upload=None) -> AppTest:
    """Another browser session opening the link of ``first``'s assessment."""
    at = _app()
    at.query_params["assessment"] = link_of(first)
    if upload is not None:
        at.session_state["cxlens_payloads"] = ((upload[0], upload[1]),)
    at.run()
    at.switch_page("pages/maturity.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _upload_model(at: AppTest, name: str, data: bytes) -> AppTest:
    uploader = [u for u in at.file_uploader if u.key and u.key.startswith("mt_model_upload_")][0]
    return uploader.set_value((name, data, "text/csv")).run()


def _statements(at: AppTest) -> list[str]:
    return [r.label for r in at.radio if r.key and r.key.startswith("mq_")]


def test_maturity_custom_model_preview_apply_answer_and_share(sample_dataset):
    at = _maturity("custom-model-apptest")
    assert len(_statements(at)) == 28  # the default questionnaire
    _upload_model(at, "two.csv", TWO_DIMENSIONS)
    assert not at.exception
    preview = [m.value for m in at.markdown if m.value.startswith("**Preview of")]
    assert preview == ["**Preview of two\\.csv**: 2 dimensions, 3 statements, 5 stages "
                       "(Investigate, Initiate, Mobilize, Scale, Embed), 0 recommendations."]
    assert len(_statements(at)) == 28  # previewing changes nothing yet
    at.button(key="mt_model_apply").click().run()
    assert any("now uses Custom model \\(two\\)" in s.value for s in at.success)
    assert _statements(at) == ["a1", "a2", "b1"]
    assert any("custom model “Custom model \\(two\\)”: 2 dimensions, 3 statements" in c.value for c in at.caption)

    answers = {"a1": 4, "a2": 2, "b1": 5}
    for r in at.radio:
        if r.key and r.key.startswith("mq_"):
            r.set_value(answers[r.label])
    [b for b in at.button if b.label == "Submit my answers"][0].click().run()
    assert any("3 answers saved" in s.value for s in at.success)
    shown = {m.label: m.value for m in at.metric}
    # A = (4 + 2) / 2 = 3, B = 5; overall = (3 * 3 + 1 * 5) / (3 + 1) = 3.5 -> Scale (3.4 to 4.2)
    assert shown["Overall"] == "3.50 / 5" and shown["Stage"] == "Scale" and shown["Raters"] == "1"
    assert [h.value for h in at.subheader][0] == "A"  # the weakest dimension
    # the sample's Maturity sheet answered the default model: listed, never scored against this one
    n_sheet = len(sample_dataset.maturity)
    assert any(i.value.startswith(f"{n_sheet} answers were given to statements that are not in this assessment's")
               for i in at.info)
    # one submission fixes the model: upload and "back to default" are disabled and say why
    assert at.button(key="mt_model_reset").disabled
    assert any("already has 1 submission, so its model is fixed" in i.value for i in at.info)
    assert [u for u in at.file_uploader if u.key.startswith("mt_model_upload_")][0].proto.disabled

    # a second browser session with the assessment's link gets the same questionnaire from the store
    other = _join(at)
    assert _statements(other) == ["a1", "a2", "b1"]
    assert {m.label: m.value for m in other.metric}["Overall"] == "3.50 / 5"


def test_maturity_model_upload_lists_every_problem_and_changes_nothing():
    at = _maturity("custom-model-errors")
    bad = b"Dimension,Statement,Weight\nA,a1,1\nA,a1,2\n,orphan,\nB,,\n"
    _upload_model(at, "bad.csv", bad)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert errors[0].startswith("**bad\\.csv** cannot be used as a maturity model (4 problems; fix them all")
    for text in ["The statement 'a1' appears more than once in the maturity model sheet \\(rows 2 and 3\\)",
                 "Row 4 of the maturity model sheet has a statement but no dimension",
                 "The dimension 'A' has different weights on rows 2, 3",
                 "The dimension 'B' has no statements"]:
        assert f"- {text}" in errors[0]
    assert not [b for b in at.button if b.key == "mt_model_apply"]
    assert len(_statements(at)) == 28
    _upload_model(at, "photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert "This file is an image \\(PNG\\), not a spreadsheet" in at.error[0].value


def test_maturity_back_to_the_default_model():
    at = _maturity("custom-model-reset")
    _upload_model(at, "two.csv", TWO_DIMENSIONS)
    at.button(key="mt_model_apply").click().run()
    assert _statements(at) == ["a1", "a2", "b1"]
    assert not at.button(key="mt_model_reset").disabled
    at.button(key="mt_model_reset").click().run()
    assert any("uses the default model again" in s.value for s in at.success)
    assert len(_statements(at)) == 28 and not [b for b in at.button if b.key == "mt_model_reset"]


def test_maturity_answers_to_a_model_changed_meanwhile_are_not_saved():
    facilitator = _maturity("custom-model-race")  # creates the assessment: its owner
    rater = _join(facilitator)  # opens the default questionnaire through the link
    _upload_model(facilitator, "two.csv", TWO_DIMENSIONS)
    facilitator.button(key="mt_model_apply").click().run()
    for r in rater.radio:
        if r.key and r.key.startswith("mq_"):
            r.set_value(3)
    [b for b in rater.button if b.label == "Submit my answers"][0].click().run()
    assert not rater.exception
    assert any("model was changed while you were answering, so your answers were not saved" in w.value
               for w in rater.warning)
    assert _statements(rater) == ["a1", "a2", "b1"]  # now the new questionnaire
    assert not any("answers saved" in s.value for s in rater.success)
    assert {m.label: m.value for m in rater.metric}.get("Raters") is None  # still nobody answered this model


def test_maturity_custom_model_text_is_shown_literally():
    at = _maturity("custom-model-markup")
    hostile = (b'Dimension,Statement\n"<img src=x onerror=alert(1)>","[click](javascript:alert(1)) **now**"\n'
               b"B,b1\nC,c1\n")
    _upload_model(at, "<b>model</b>.csv", hostile)
    assert not at.exception
    assert any(m.value.startswith("**Preview of \\<b\\>model\\</b\\>\\.csv**") for m in at.markdown)
    at.button(key="mt_model_apply").click().run()
    labels = _statements(at)
    assert labels[0] == "\\[click\\]\\(javascript\\:alert\\(1\\)\\) \\*\\*now\\*\\*"  # escaped Markdown, no link
    assert any(m.value.startswith("**\\<img src=x onerror=alert\\(1\\)\\>**") for m in at.markdown)


def test_overview_points_to_stage_assignment_when_touchpoints_have_no_stage():
    # a wide survey (one column per touchpoint, 0-5 ratings) has no stage column: everything is 'Unassigned'
    rows = "\n".join(f"{i},{1 + i % 5},{1 + (i * 3) % 5},{1 + (i * 7) % 5}" for i in range(40))
    csv = ("id,Seat comfort,Food and drink,Online boarding\n" + rows + "\n").encode()
    at = _open("pages/overview.py", upload=("survey.csv", csv, "text/csv"))
    assert not at.exception
    hint = [i.value for i in at.main.info if "no journey stage yet" in i.value]
    assert hint and hint[0].startswith("**3 of 3 touchpoints have no journey stage yet**")
    assert "tab **Stages**" in hint[0]
    sample = _open("pages/overview.py")
    assert not [i for i in sample.main.info if "no journey stage yet" in i.value]


def test_maturity_mistaken_submission_can_be_removed():
    at = _open("pages/maturity.py")
    at.text_input(key="mt_assessment").input("board-review").run()
    for value in (4, 2):  # two raters: all 4s, then (a test run by mistake) all 2s
        for r in [r for r in at.radio if r.key and r.key.startswith("mq_")]:
            r.set_value(value)
        [b for b in at.button if b.label == "Submit my answers"][0].click().run()
    shown = {m.label: m.value for m in at.metric}
    assert shown["Raters"] == "2" and shown["Overall"] == "3.00 / 5"
    choice = at.multiselect(key="mt_remove_choice")
    assert len(choice.options) == 2 and all("Anonymous" in o for o in choice.options)
    remove = at.button(key="mt_remove")
    assert remove.disabled  # nothing chosen, not confirmed
    import re

    second = int(re.search(r"\(#(\d+)\)$", choice.options[1]).group(1))
    choice.set_value([second]).run()  # the second submission, the 2s (options are submission ids)
    assert at.button(key="mt_remove").disabled  # chosen but not confirmed
    at.checkbox(key="mt_remove_confirm").check().run()
    at.button(key="mt_remove").click().run()
    assert not at.exception
    assert any("1 submission removed" in s.value for s in at.success)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Raters"] == "1" and shown["Overall"] == "4.00 / 5"
    assert len(at.multiselect(key="mt_remove_choice").options) == 1


def test_overview_names_the_weakest_mean_rating_as_the_bars_show_it():
    # A: 20 threes and 20 fours (3.50); B: 10 fours and 30 fives (4.75); a 1-5 'Rating' column
    lines = [f"A,Use,{3 + i % 2}" for i in range(40)] + [f"B,Use,{4 if i < 10 else 5}" for i in range(40)]
    csv = ("Touchpoint,Stage,Rating\n" + "\n".join(lines) + "\n").encode()
    at = _open("pages/overview.py", upload=("ratings.csv", csv, "text/csv"))
    assert not at.exception
    text = next(m.value for m in at.main.markdown if m.value.startswith("Lowest"))
    assert "**A** (Use) at **3.50** from 40 answers" in text  # not "4": the same two decimals as the bar


def test_overview_of_a_complaint_log_counts_complaints_instead_of_scoring():
    # 40 complaints about Escrow (Mortgage), 20 about Billing disputes (Credit card): a complaint log, no scores
    rows = [f"09/{1 + i % 28:02d}/2016,Mortgage,Escrow,Web,,{1000 + i}" for i in range(40)]
    rows += [f"09/{1 + i % 28:02d}/2016,Credit card,Billing disputes,Phone,,{2000 + i}" for i in range(20)]
    csv = ("Date received,Product,Issue,Submitted via,Consumer complaint narrative,Complaint ID\n"
           + "\n".join(rows) + "\n").encode()
    at = _open("pages/overview.py", upload=("complaints.csv", csv, "text/csv"))
    assert not at.exception
    text = next(m.value for m in at.main.markdown if m.value.startswith("Most complaints"))
    assert text.startswith("Most complaints: **Escrow** (Mortgage) with **40** of 60 complaints (67%).")
    assert "95% interval" not in text


def test_overview_names_the_highest_effort_touchpoint_as_highest():
    lines = [f"Returns,Support,{6 if i % 2 else 5}" for i in range(40)] + [f"Login,Use,{2}" for i in range(40)]
    csv = ("Touchpoint,Stage,Customer effort (CES 1-7)\n" + "\n".join(lines) + "\n").encode()
    at = _open("pages/overview.py", upload=("effort.csv", csv, "text/csv"))
    assert not at.exception
    text = next(m.value for m in at.main.markdown if "Mean effort (CES)" in m.value)
    assert text.startswith("Highest **Mean effort (CES)**: **Returns** (Support) at **5.50** from 40 answers.")


def _escrow_complaints() -> bytes:
    """A complaint log: 'Escrow' filed under Mortgage 30 times and Home equity 5 times (one touchpoint,
    35 complaints), 'Late fee' under Credit card 32 times."""
    rows = [f"09/01/2016,Mortgage,Escrow,Web,,{i}" for i in range(30)]
    rows += [f"09/02/2016,Home equity,Escrow,Web,,{100 + i}" for i in range(5)]
    rows += [f"09/03/2016,Credit card,Late fee,Web,,{200 + i}" for i in range(32)]
    return ("Date received,Product,Issue,Submitted via,Consumer complaint narrative,Complaint ID\n"
            + "\n".join(rows) + "\n").encode()


def test_overview_counts_a_touchpoint_filed_under_several_stages_once_as_the_hotspots_do():
    import cxlens
    from cxlens import friction, overview

    ds = cxlens.load(_escrow_complaints(), filename="complaints.csv")
    summary = overview.touchpoint_summary(ds).set_index("touchpoint")
    assert summary.loc["Escrow", "value"] == 35 and summary.loc["Escrow", "stage"] == "Mortgage"  # most of its rows
    assert len(summary) == 2
    hotspots = friction.friction_hotspots(ds).set_index("touchpoint")
    assert hotspots.loc["Escrow", "n"] == 35 and hotspots.loc["Escrow", "stage"] == "Mortgage"


def test_heatmap_of_response_counts_explains_counts_not_intervals():
    at = _open("pages/journey_heatmap.py")
    at.selectbox(key="hm_metric").set_value("volume").run()
    assert not at.exception
    text = next(m.value for m in at.main.markdown if m.value.startswith("**Responses**"))
    assert text.startswith("**Responses**: **5,804** in all.")  # distinct response IDs, as the Overview counts
    assert "95% interval" not in text


def test_hotspots_of_a_complaint_log_speak_of_complaints():
    at = _open("pages/friction_hotspots.py", upload=("complaints.csv", _escrow_complaints(), "text/csv"))
    assert not at.exception
    text = next(m.value for m in at.main.markdown if m.value.startswith("Biggest hotspot"))
    # 35 of 67 complaints = 52%, filed under Mortgage (30) and Home equity (5)
    assert text.startswith("Biggest hotspot: **Escrow** (Mortgage, and 1 more) — **35 complaints**, **52%** of all")
    assert "friction" not in text
