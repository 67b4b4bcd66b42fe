"""The Opportunities page's strategy context through AppTest: the goal form, tagging an opportunity,
unknown goal names, the goal-alignment blend. Each test gets its own database."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import store_resource
from cxlens import backlog as bl
from cxlens import strategy as sg

from .conftest import ROOT

PAGE = "pages/opportunities.py"
UNTIED = "Rebuild the mobile app from scratch"


@pytest.fixture(autouse=True)
def own_database(tmp_path, monkeypatch):
    monkeypatch.setenv("CXLENS_DATABASE_URL", f"sqlite:///{tmp_path / 'cx.sqlite3'}")
    yield
    store_resource.clear()


def _open(upload: tuple[str, bytes] | None = None, same_person_as: AppTest | None = None) -> AppTest:
    """A new browser session on the page; ``same_person_as``: with that session's private ``me=`` token in
    the URL, as after a reload (edits on the sample data are private to the person, issue #20)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if same_person_as is not None:
        me = same_person_as.query_params["me"]
        at.query_params["me"] = me[0] if isinstance(me, list) else me
    if upload is not None:
        at.session_state["cxlens_payloads"] = (upload,)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _strategy_label(at) -> str:
    return next(e.label for e in at.expander if e.label.startswith("Strategy"))


def _untied_warning(at) -> str | None:
    return next((w.value for w in at.warning if "not tied to any goal" in w.value), None)


def test_strategy_form_adds_edits_and_deletes_goals():
    at = _open()
    assert _strategy_label(at).startswith("Strategy: 8 goal(s)")
    # add a goal
    at.selectbox(key="goal_pick").set_value("__new__").run()
    at.selectbox(key="gf_kind___new__").set_value("Target customers")
    at.text_input(key="gf_name___new__").input("Students in shared flats")
    at.slider(key="gf_weight___new__").set_value(2)
    next(b for b in at.button if b.label == "Save goal").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _strategy_label(at).startswith("Strategy: 9 goal(s)")
    table = next(d.value for d in at.dataframe if "opportunities" in d.value.columns)
    row = table.set_index("name").loc["Students in shared flats"]
    assert (row["kind"], row["weight"], row["opportunities"]) == ("Target customers", 2.0, 0)
    # the form now edits the new goal: raise its importance
    new_id = sg.goal_id("Students in shared flats", "app")
    assert at.selectbox(key="goal_pick").value == new_id
    at.slider(key=f"gf_weight_{new_id}").set_value(4)
    next(b for b in at.button if b.label == "Save goal").click().run()
    table = next(d.value for d in at.dataframe if "opportunities" in d.value.columns)
    assert table.set_index("name").at["Students in shared flats", "weight"] == 4.0
    # a duplicate name is refused
    at.selectbox(key="goal_pick").set_value("__new__").run()
    at.text_input(key="gf_name___new__").input("reduce CHURN")
    next(b for b in at.button if b.label == "Save goal").click().run()
    assert any("already a goal called" in e.value for e in at.error)
    # delete a goal that came from the sheet: it stays deleted on a fresh session of the same person
    churn = sg.goal_id("Reduce churn")
    at.selectbox(key="goal_pick").set_value(churn).run()
    next(b for b in at.button if b.label.startswith("Delete")).click().run()
    assert not at.exception
    again = _open(same_person_as=at)
    assert _strategy_label(again).startswith("Strategy: 8 goal(s)")
    table = next(d.value for d in again.dataframe if "opportunities" in d.value.columns)
    assert "Reduce churn" not in set(table["name"]) and "Students in shared flats" in set(table["name"])
    # the items that served only Reduce churn are now untied (6 of them, plus the mobile app rebuild); the
    # loyalty pricing item still serves Connected households
    assert _untied_warning(again).startswith("**7 opportunities are not tied to any goal:**")


def test_tagging_an_opportunity_persists_and_changes_alignment():
    at = _open()
    assert _untied_warning(at).startswith("**1 opportunity is not tied to any goal:** “Rebuild the mobile app")
    target = bl.opportunity_id(UNTIED, "sheet")
    at.selectbox(key="quick_edit_id").set_value(target).run()
    goals = at.multiselect(key=f"qe_goals_{target}")
    assert goals.value == []
    goals.set_value([sg.goal_id("Fewer avoidable contacts")])
    at.number_input(key=f"qe_tc_{target}").set_value(6.0)
    at.number_input(key=f"qe_rr_{target}").set_value(3.0)
    next(b for b in at.button if b.label == "Save scores").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _untied_warning(at) is None
    assert any("Every opportunity serves at least one strategy goal" in c.value for c in at.caption)
    # the detail card of the saved item names the goal and its alignment (3 of 5 = 60%)
    assert any("Fewer avoidable contacts" in m.value and "60%" in m.value for m in at.markdown)
    again = _open(same_person_as=at)  # a new session (a reload) reads them back from the database
    assert _untied_warning(again) is None
    again.selectbox(key="quick_edit_id").set_value(target).run()
    assert again.multiselect(key=f"qe_goals_{target}").value == [sg.goal_id("Fewer avoidable contacts")]
    assert again.number_input(key=f"qe_tc_{target}").value == 6.0
    assert again.number_input(key=f"qe_rr_{target}").value == 3.0
    wsjf = next(d.value for d in again.dataframe if {"time_criticality", "score"} <= set(d.value.columns))
    row = wsjf.set_index("opportunity").loc[UNTIED]
    # value = (3 + 3) / 2 = 3; WSJF = (3 + 6 + 3) / 10
    assert (row["time_criticality"], row["risk_reduction"], row["score"]) == (6.0, 3.0, pytest.approx(1.2))


def test_blend_moves_business_value_and_is_explained():
    at = _open()
    at.toggle(key="opp_goal_blend").set_value(True).run()
    assert any("business value used = (1 − g) × business value + g × (1 + 9 × goal alignment)" in c.value
               for c in at.caption)
    at.slider(key="opp_goal_weight").set_value(1.0).run()
    table = next(d.value for d in at.dataframe if "business_value_used" in d.value.columns)
    t = table.set_index("opportunity")
    # g = 1: business value used = 1 + 9 x alignment. Reduce churn (5 of 5) -> 10; Fewer avoidable contacts
    # (3 of 5) -> 6.4; no goal -> 1
    assert t.at["Online cancellation in three clicks", "business_value_used"] == pytest.approx(10.0)
    assert t.at["Rewrite the top 50 help articles", "business_value_used"] == pytest.approx(6.4)
    assert t.at[UNTIED, "business_value_used"] == pytest.approx(1.0)
    # value/effort rank 1 stays the callback button: (9 + 10) / 2 / 1 = 9.5
    assert t.index[0] == "Offer a phone callback button in support chat"
    assert t.at["Offer a phone callback button in support chat", "score"] == pytest.approx(9.5)


def _workbook() -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        pd.DataFrame({
            "Opportunity": ["Fix the bill", "Open a pop-up store", "Callback"],
            "Customer value": [8, 4, 9], "Business value": [6, 5, 8], "Effort": [3, 8, 1],
            "Strategic goal": ["Fair billing", "Grow abroad; Fair billing", None],
        }).to_excel(xw, sheet_name="Opportunities", index=False)
        pd.DataFrame({"Type": ["Business goal"], "Goal": ["Fair billing"], "Description": ["Fewer bill calls"],
                      "Importance": [4]}).to_excel(xw, sheet_name="Strategy", index=False)
    return buf.getvalue()


def test_unknown_goal_names_are_reported_and_can_be_added():
    at = _open(("mine.xlsx", _workbook()))
    warning = next(w.value for w in at.warning if "match no strategy goal" in w.value)
    assert "“Grow abroad”" in warning and "Fair billing" not in warning
    problems = next(d.value for d in at.dataframe if "problem" in d.value.columns)
    assert problems[["opportunity", "goal"]].values.tolist() == [["Open a pop-up store", "Grow abroad"]]
    assert _untied_warning(at).startswith("**1 opportunity is not tied to any goal:** “Callback”")
    next(b for b in at.button if b.label == "Add 1 missing goal(s) as business goals").click().run()
    assert not at.exception
    assert not any("match no strategy goal" in w.value for w in at.warning)
    table = next(d.value for d in at.dataframe if "opportunities" in d.value.columns).set_index("name")
    # Fair billing serves both sheet items; Grow abroad (importance 3 by default) serves the pop-up store
    assert table["opportunities"].to_dict() == {"Fair billing": 2, "Grow abroad": 1}
    assert table.at["Grow abroad", "weight"] == 3.0


def test_unscored_candidates_get_an_explanation_not_an_empty_matrix(monkeypatch):
    import os

    from components import data_source
    from cxlens.store import Store

    payloads = (("survey.csv", b"Touchpoint,Stage,CSAT\nCheckout,Purchase,2\nHelp,Support,4\n"),)
    with Store(os.environ["CXLENS_DATABASE_URL"]) as store:
        store.save_opportunity(data_source.digest_of(payloads),
                               {"opportunity_id": "hs-1", "opportunity": "Fix checkout", "customer_value": 7,
                                "origin": "hotspot"})  # customer value only: no business value, no effort
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["cxlens_payloads"] = payloads
    at.run()
    at.switch_page("pages/opportunities.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Nothing to plot yet" in i.value for i in at.info)
    # once the item is scored, the explanation gives way to the matrix
    with Store(os.environ["CXLENS_DATABASE_URL"]) as store:
        store.save_opportunity(data_source.digest_of(payloads), {"opportunity_id": "hs-1", "opportunity": "Fix checkout",
                                                                 "customer_value": 7, "business_value": 6,
                                                                 "effort": 3, "origin": "hotspot"})
    at.run()
    assert not any("Nothing to plot yet" in i.value for i in at.info)


def test_crowded_matrix_numbers_its_bubbles_with_a_key_and_names_on_request():
    import json

    at = _open()  # the sample: 19 scored opportunities, more than NAMED_LABELS_MAX
    keys = [m.value for m in at.main.markdown if m.value.startswith("**Key to the numbered bubbles**")]
    assert keys, "no key under a crowded matrix"
    tables = [d.value for d in at.main.dataframe if list(d.value.columns) == ["#", "Opportunity", "Value", "Effort"]]
    assert [len(t) for t in tables] == [10, 9]
    key = pd.concat(tables)
    assert key["#"].tolist() == list(range(1, 20))
    assert key["Value"].is_monotonic_decreasing
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    bubble_text = {t for trace in spec["data"] for t in (trace.get("text") or [])}
    assert bubble_text == {str(k) for k in range(1, 20)}
    first = key.iloc[0]["Opportunity"]

    at.selectbox(key="opp_labels").set_value("names").run()
    assert not at.exception
    assert not [m for m in at.main.markdown if m.value.startswith("**Key to the numbered bubbles**")]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {t for trace in spec["data"] for t in (trace.get("text") or [])}
    assert len(names) == 19 and any(first.startswith(n.rstrip("…")) for n in names)


def _one_to_five_workbook() -> bytes:
    """Ideas scored 1-5, and feedback on their touchpoints (40 answers each, a few comments)."""
    buf = io.BytesIO()
    rows = []
    for tp, stage, scores in (("Checkout", "Purchase", [1, 2, 2, 3, 5]), ("Help centre", "Support", [4, 5, 5, 4, 3])):
        for i in range(40):
            rows.append({"Touchpoint": tp, "Stage": stage, "CSAT": scores[i % 5],
                         "Comment": f"{tp} comment {i}" if i % 10 == 0 else None})
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        pd.DataFrame(rows).to_excel(xw, sheet_name="Feedback", index=False)
        pd.DataFrame({
            "Opportunity": ["Fix checkout", "Chat bot", "FAQ refresh", "Checkout redesign", "Tiny tweak"],
            "Touchpoint": ["checkout", "Help centre", "Help centre", "Checkout", None],
            "Customer value": [5, 2, 4, 3, 1], "Business value": [5, 2, 4, 3, 1], "Effort": [3, 5, 1, 4, 2],
        }).to_excel(xw, sheet_name="Opportunities", index=False)
    return buf.getvalue()


def _matrix_spec(at) -> dict:
    import json

    return json.loads(next(c for c in at.get("plotly_chart") if "Quick win" in c.proto.spec).proto.spec)


def test_a_one_to_five_sheet_is_drawn_and_edited_on_one_to_five():
    from cxlens import prioritisation as pr

    at = _open(("ideas.xlsx", _one_to_five_workbook()))
    layout = _matrix_spec(at)["layout"]
    assert layout["yaxis"]["range"] == [0.5, 5.5] and layout["xaxis"]["range"] == [0.5, 5.5]
    assert layout["yaxis"]["title"]["text"] == "Value (1-5)"
    assert layout["xaxis"]["title"]["text"] == "Effort (1-5, higher = more work)"
    # the quick-edit inputs are on 1-5 too: a value above 5 is clamped to 5
    target = bl.opportunity_id("Fix checkout", "sheet")
    at.selectbox(key="quick_edit_id").set_value(target).run()
    cv = at.number_input(key=f"qe_cv_{target}")
    assert cv.label == "Customer value (1-5)" and cv.value == 5.0
    assert at.number_input(key=f"qe_effort_{target}").label == "Effort (1-5)"
    # fixed quadrant lines are chosen on 1-5
    at.selectbox(key="opp_split").set_value("fixed").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="opp_vt").value == 3.0 and at.slider(key="opp_et").value == 3.0
    assert "High means above the line" in pr.TIE_RULE


def test_items_on_a_median_line_follow_the_stated_rule_and_unplotted_candidates_do_not_move_the_lines():
    from cxlens import prioritisation as pr

    at = _open(("ideas.xlsx", _one_to_five_workbook()))
    # values 5, 2, 4, 3, 1 and efforts 3, 5, 1, 4, 2: both medians are 3. "Fix checkout" (value 5, effort 3)
    # sits on the effort line: low effort by the rule, so a quick win (not a big bet), marked on the line
    caption = next(c.value for c in at.caption if c.value.startswith("Quadrant lines:"))
    assert "value 3, effort 3 (medians of the 5 items on the matrix)" in caption and pr.TIE_RULE in caption
    assert "On a line now: Fix checkout, Checkout redesign" in caption
    fix = bl.opportunity_id("Fix checkout", "sheet")
    at.session_state["opp_selected"] = fix
    at.run()
    quadrant = next(m for m in at.metric if m.label == "Quadrant")
    assert quadrant.value == "Quick win"
    assert any(m.value.startswith("**On the effort line** (high means above the line, so it counts as low effort)")
               for m in at.markdown)
    counts = next(m.value for m in at.markdown if "quick win" in m.value)
    # add the hotspot candidates: customer value only, not plotted; the lines and quadrants stay
    next(b for b in at.button if b.label.startswith("Add ") and "candidate" in b.label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(c.value.startswith("Quadrant lines: value 3, effort 3 (medians of the 5 items") for c in at.caption)
    assert next(m.value for m in at.markdown if "quick win" in m.value) == counts
    assert next(m for m in at.metric if m.label == "Quadrant").value == "Quick win"
    # the candidates were scored on the sheet's 1-5 scale
    table = next(d.value for d in at.dataframe if "time_criticality" in d.value.columns and "score" in d.value.columns)
    cands = table[table["opportunity"].str.startswith("Reduce friction at")]
    assert len(cands) and cands["value"].max() <= 5


def test_a_sheet_ideas_detail_card_shows_its_touchpoints_hotspot_evidence():
    at = _open(("ideas.xlsx", _one_to_five_workbook()))
    at.session_state["opp_selected"] = bl.opportunity_id("Fix checkout", "sheet")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    evidence = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("- ")]  # md() escapes
    # the sheet names the touchpoint "checkout": it matches "Checkout" (40 answers, 3 in 5 in the bottom boxes)
    assert "- touchpoint: Checkout" in evidence and "- answers (n): 40" in evidence
    assert any(v.startswith("- friction: 60% (95% interval ") for v in evidence)
    assert any("Checkout comment" in t.value for t in at.text)
