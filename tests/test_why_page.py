"""The Why page through AppTest (issue #17 parts 3-5): theme impact and key drivers on the sample data and
the airline file, and the plain messages when the data lacks comments, a score, an outcome or rows."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.markdown import md
from cxlens import theme_effects

from .conftest import ROOT

PAGE = "pages/why.py"


def _open(upload: tuple[str, bytes] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if upload is not None:
        at.session_state["cxlens_payloads"] = (upload,)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [i.value for i in at.info] + [c.value for c in at.caption]
                     + [w.value for w in at.warning])


def test_why_page_on_the_sample_data():
    at = _open()
    assert at.title[0].value == "Why"
    text = _text(at)
    # the theme that costs the most NPS, with its points and interval, and the one that lifts it
    assert "costs the most.** Its " in text and "NPS points** (95% interval " in text
    assert "lifts the score most:**" in text and "A typical comment: “" in text
    impact = at.dataframe[0].value
    assert impact.loc[0, "verdict"] == "costs points" and impact["impact on overall"].is_monotonic_decreasing
    assert list(impact.columns[:4]) == ["rank", "theme", "comments", "% of comments"]
    # key drivers of NPS: touchpoint, channel, persona, region (CSAT of the same answer is left out by default)
    assert "**Which touchpoint matters most:**" in text and "6,646 answers with all of them" in text
    drivers = at.dataframe[1].value
    assert list(drivers["driver"]) == ["Which touchpoint", "Channel", "Persona", "Region"]
    assert drivers["importance"].sum() == pytest.approx(100, abs=0.3)
    assert drivers.loc[0, "the outcome"].startswith("lowest for ")
    assert [s.label for s in at.selectbox] == ["Score", "Number of themes", "Outcome to explain"]
    at.selectbox(key="why_metric").select("csat").run()
    assert "percentage points** (95% interval" in _text(at)


def test_why_page_on_the_airline_file(shared_datasets):
    data = (shared_datasets / "airline_passenger_satisfaction_test.csv").read_bytes()
    at = _open(("airline_passenger_satisfaction_test.csv", data))
    text = _text(at)
    assert "This data has no comments, so there are no themes to weigh." in text
    assert "**Online boarding matters most:** 31% (95% interval " in text
    assert "**Fix first:** Inflight wifi service (11% of the importance, rated 2.8 of 5)" in text
    assert "of who is satisfied and who is not, among the 23,863 respondents who rated all of them." in text
    table = at.dataframe[0].value
    assert len(table) == 14 and table.loc[0, "quadrant"] == "Keep strong"


def test_why_page_says_what_is_missing():
    log = "Date,Touchpoint,Comment\n" + "".join(f"2025-03-{1 + i % 28:02d},Billing,The bill was wrong again {i}\n"
                                                for i in range(40))
    text = _text(_open(("complaints.csv", log.encode())))
    assert "The comments have no score beside them" in text
    # the only outcome is the sentiment computed from the comments, and nothing varies beside it
    assert "There is nothing to explain Comment sentiment with" in text
    nothing = "Touchpoint,Comment\n" + "".join(f"Billing,Très bien {i}\n" for i in range(3))
    assert "Key drivers need an outcome to explain" in _text(_open(("nothing.csv", nothing.encode())))
    few = "Touchpoint,Likelihood to recommend (0-10),Channel\n" + "".join(
        f"{'Billing' if i % 2 else 'App'},{i % 11},{'Web' if i % 3 else 'Phone'}\n" for i in range(12))
    text = _text(_open(("few.csv", few.encode())))
    assert "This data has no comments, so there are no themes to weigh." in text
    assert md("Only 12 rows have NPS: at least 30 are needed.") in text


def test_theme_impact_metric_falls_back_to_a_yes_no_outcome():
    import cxlens

    lines = ["Customer,Churn,Comment"] + [f"C{i},{i % 2},slow support {i}" for i in range(40)]
    ds = cxlens.load("\n".join(lines).encode(), filename="churn.csv")
    assert theme_effects.impact_metric(ds) == "rate:Churn"


def test_why_page_filters_both_sections(sample_dataset):
    at = _open()
    at.multiselect(key="why_f_touchpoint").select("Monthly bill").run()
    assert not at.exception, [e.value for e in at.exception]
    fb = sample_dataset.feedback
    n_bill = int((fb["touchpoint"] == "Monthly bill").sum())
    assert f"Filtered: {n_bill:,} of {len(fb):,} rows." in _text(at)
    impact = at.dataframe[0].value
    # volume counts the bill's comments only; the themes stay those of every comment
    assert impact["comments"].sum() <= int(fb.loc[fb["touchpoint"] == "Monthly bill", "comment"].notna().sum())
    drivers = at.dataframe[1].value
    assert "Which touchpoint" not in set(drivers["driver"])  # one touchpoint left: nothing to compare
    assert set(drivers["driver"]) == {"Channel", "Persona", "Region"}


def _two_themes_csv() -> bytes:
    lines = ["Response ID,Touchpoint,Likelihood to recommend (0-10),Comment"]
    for i in range(120):
        if i % 2:
            lines.append(f"R{i},Monthly bill,{2 + i % 3},The bill was wrong and confusing again {i % 7}")
        else:
            lines.append(f"R{i},Technician visit,{9 + i % 2},Great friendly technician fixed it fast {i % 5}")
    return "\n".join(lines).encode()


def test_why_page_adds_theme_candidates_to_the_backlog_once():
    at = _open(("two_themes.csv", _two_themes_csv()))
    labels = [e.label for e in at.expander]
    assert "Add to the opportunity backlog (1 candidate)" in labels
    shown = at.dataframe[-1].value
    name = shown.loc[0, "opportunity"]
    assert name.startswith("Fix what customers say about “") and "wrong" in name
    assert (shown.loc[0, "touchpoint"], shown.loc[0, "from"]) == ("Monthly bill", "Why page: comment theme")
    at.button(key="why_add").click().run()
    assert [s.value for s in at.success] == ["1 candidate(s) added to the backlog."]
    at.run()
    assert "All of them are in the backlog already." in [c.value for c in at.caption]


def test_why_page_shows_column_names_and_values_as_text():
    lines = ["Customer,Plan [x](http://e.test),Tenure,Churn *now*,Comment"]
    for i in range(90):
        plan = ["<b>Basic</b>", "Plus", "Pro"][i % 3]
        churn = 1 if plan == "<b>Basic</b>" and i % 2 else 0
        lines.append(f"C{i},{plan},{1 + i % 24},{churn},**slow** support <script>alert(1)</script> {i % 9}")
    at = _open(("markup.csv", "\n".join(lines).encode()))
    markdown = "\n".join(m.value for m in at.markdown)
    assert "Plan \\[x\\]\\(http" in markdown or "Plan \\[x\\]" in markdown  # the driver named as text
    assert "Churn \\*now\\*" in markdown and "*now*" not in markdown.replace("\\*now\\*", "")
    assert "<script>" not in markdown and "<b>" not in markdown
