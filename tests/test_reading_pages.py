"""The Import page's summary and open questions (issue #14), and every page on data read with questions open."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT
from .test_reading import customer_table

CODED = ("serial,wt,q1,q2,q3,q4,region\n" + "".join(
    f"{i},{0.5 + (i % 7) / 10:.2f},{1 + i % 5},{1 + (i * 3) % 5},{1 + (i * 2) % 5},{1 + (i * 4) % 5},{1 + i % 9}\n"
    for i in range(1, 81))).encode()

PAGES = ["pages/overview.py", "pages/journey_heatmap.py", "pages/friction_hotspots.py", "pages/opportunities.py",
         "pages/maturity.py", "pages/import_data.py"]


def _app(payload: bytes, name: str, page: str = "pages/import_data.py") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["cxlens_payloads"] = ((name, payload),)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def test_coded_survey_question_is_answered_on_the_import_page():
    at = _app(CODED, "coded.csv")
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "80 rows" in text and "no touchpoints" in text and "1 open question" in text
    assert "Their names do not say what they measure" in text
    ratings = at.multiselect(key="q:coded.csv:ratings")
    assert ratings.options == ["q1", "q2", "q3", "q4", "region"]
    ratings.set_value(["q1", "q2", "q3", "q4"])
    at.button(key="q:coded.csv:ratings:apply").click().run()
    assert not at.exception
    recipe = json.loads(at.session_state["cxlens_recipe"]["json"])
    assert recipe["tables"]["coded.csv"]["value_columns"] == ["q1", "q2", "q3", "q4"]
    at.run()
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "80 respondents with a 1-5 satisfaction score for each of 4 touchpoints" in text
    assert not any("open question" in w.value for w in at.warning)


@pytest.mark.parametrize("page", PAGES[:4])
def test_pages_say_questions_are_open(page):
    at = _app(CODED, "coded.csv", page)
    assert any("open question" in w.value for w in at.warning)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_customer_table(page):
    at = _app(customer_table().to_csv(index=False).encode(), "customers.csv", page)
    assert not at.exception
    if page == "pages/import_data.py":
        text = " ".join(m.value for m in at.markdown).replace("\\", "")
        assert "300 customers with a 1-5 satisfaction score, a complaint flag, a 'Churn' outcome and 11 other columns; no touchpoints" in text


def test_heatmap_of_a_customer_table_compares_segments():
    """No touchpoints: rows are a segment, columns another, coloured by the customer's satisfaction."""
    frame = customer_table()
    at = _app(frame.to_csv(index=False).encode(), "customers.csv", "pages/journey_heatmap.py")
    assert any("rows are customer segments" in i.value for i in at.info)
    rows = at.selectbox(key="hm_rows")
    assert "PreferredPaymentMode" in rows.options and "stage" not in rows.options
    rows.set_value("Gender").run()
    at.selectbox(key="hm_cols").set_value("MaritalStatus").run()
    at.selectbox(key="hm_metric").set_value("mean_csat").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) >= 1


def test_segment_rows_heatmap_values_by_hand():
    import cxlens
    from cxlens import journey

    frame = customer_table()
    ds = cxlens.load(frame.to_csv(index=False).encode(), filename="customers.csv")
    cells = journey.journey_heatmap(ds, rows="Gender", cols="MaritalStatus", metric="mean_csat", min_n=1)
    want = frame.groupby(["Gender", "MaritalStatus"])["SatisfactionScore"].agg(["mean", "size"])
    for rec in cells.itertuples():
        assert rec.value == pytest.approx(want.loc[(rec.row, rec.col), "mean"])
        assert rec.n == want.loc[(rec.row, rec.col), "size"]
    with pytest.raises(ValueError, match="segment column"):
        journey.journey_heatmap(ds, rows="NoSuchColumn", metric="mean_csat")
    # a number splits customers in value ranges (quartile groups), each holding its share of the rows
    tenure = journey.journey_heatmap(ds, rows="Tenure", metric="mean_csat", min_n=1)
    assert tenure["n"].sum() == frame["Tenure"].notna().sum() and all("-" in str(r) or str(r).isdigit()
                                                                      for r in tenure["row"])


def test_nps_question_answered_on_the_import_page():
    rows = "".join(f"{(i * 7) % 11},Reason {i} for the score given today,2025-01-{1 + i % 28:02d}\n" for i in range(120))
    at = _app(("Score,Comment,Created At\n" + rows).encode(), "nps.csv")
    choice = at.radio(key="q:nps.csv:nps")
    assert choice.value == "rating"
    choice.set_value("nps").run()
    at.button(key="q:nps.csv:nps:apply").click().run()
    assert not at.exception
    recipe = json.loads(at.session_state["cxlens_recipe"]["json"])
    assert recipe["tables"]["nps.csv"]["columns"]["Score"] == "nps"
    at.run()
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "0-10 recommendation score" in text


PUBLISHED = ("State,Measure ID,Question,Answer Percent,Number of Completed Surveys\n"
             "AK,H_COMP_1,Patients who said nurses always communicated well,78,300\n"
             "AK,H_CLEAN,Patients who said their room was always clean,70,300\n"
             "AL,H_COMP_1,Patients who said nurses always communicated well,81,410\n"
             "AL,H_CLEAN,Patients who said their room was always clean,Not Available,410\n"
             "AZ,H_COMP_1,Patients who said nurses always communicated well,76,120\n"
             "AZ,H_CLEAN,Patients who said their room was always clean,72,120\n").encode()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_published_results(page):
    at = _app(PUBLISHED, "hcahps.csv", page)
    assert not at.exception
    if page == "pages/overview.py":
        assert [m.value for m in at.metric][:4] == ["3", "2", "5", "given"]


def test_published_results_show_entity_by_measure_with_intervals():
    at = _app(PUBLISHED, "hcahps.csv", "pages/journey_heatmap.py")
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert ("Data: Published results, not individual responses: 2 measures for each of 3 'State' (percent 0-100); "
            "respondents per value in 'Number of Completed Surveys'.") in captions
    assert "Every measure shown starts “Patients who said …”" in captions
    assert "95% interval (Wilson" in captions
    heat, bars = at.get("plotly_chart")
    heat_spec, bar_spec = json.loads(heat.proto.spec), json.loads(bars.proto.spec)
    assert heat_spec["data"][0]["y"] == ["AL", "AK", "AZ"]  # sorted by the first measure, highest first
    assert heat_spec["data"][0]["text"][0] == ["81%", ""]  # AL's clean room: 'Not Available'
    assert bar_spec["data"][0]["text"] == ["81%", "78%", "76%"] and bar_spec["data"][0]["y"] == ["AL", "AK", "AZ"]
    assert bar_spec["data"][0]["error_x"]["type"] == "data"  # counts given: intervals drawn
    # Sort by the other measure: AZ (72) first; AL without a value last
    at.selectbox(key="ag_sort").set_value("Patients who said their room was always clean").run()
    heat = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert heat["data"][0]["y"] == ["AZ", "AK", "AL"]
    assert at.query_params["sort"] in ("Patients who said their room was always clean",
                                      ["Patients who said their room was always clean"])
