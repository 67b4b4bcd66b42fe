"""Controls whose options or range come from the data, and URL parameters, never crash a page.

Each page is driven through AppTest: the sample data -> another dataset with other dates and
segments -> the sample again, with settings chosen that the other data cannot hold; links with
values out of range; settings kept while the user visits another page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

import cxlens
from components import url_params as up
from components import view_state as vs
from components.workspace_view import WS_KEY, owner_key_for_secret
from cxlens import workspace as cw
from cxlens.store import Store, default_url

from .conftest import ROOT

PAYLOADS = "cxlens_payloads"
OTHER_FIRST, OTHER_LAST = dt.date(2030, 1, 1), dt.date(2030, 3, 1)


def _other_csv() -> bytes:
    """300 answers from 1 Jan to 1 Mar 2030: touchpoints T0-T2, stages S0/S1, personas P0/P1, CSAT only
    (no NPS, no channel): dates, segments and metrics the sample does not share."""
    lines = ["Date,Touchpoint,Stage,Persona,CSAT"]
    for i in range(300):
        day = OTHER_FIRST + dt.timedelta(days=i % 60)
        lines.append(f"{day.isoformat()},T{i % 3},S{i % 2},P{i % 2},{1 + i % 5}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def sample_range(sample_dataset) -> tuple[dt.date, dt.date]:
    dates = sample_dataset.feedback["date"].dropna()
    return dates.min().date(), dates.max().date()


def _app(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def _open(page: str, **query) -> AppTest:
    at = _app(**query)
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    _ok(at)
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def _use_other(at: AppTest) -> AppTest:
    at.session_state[PAYLOADS] = (("other.csv", _other_csv()),)
    at.run()
    _ok(at)
    return at


def _use_sample(at: AppTest) -> AppTest:
    del at.session_state[PAYLOADS]
    at.run()
    _ok(at)
    return at


def _notices(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith(vs.NOTICE_ICON)]


# -- the journey heatmap: the reported crash ------------------------------------------------------


def test_heatmap_survives_other_data_and_back(sample_range):
    lo, hi = sample_range
    at = _open("pages/journey_heatmap.py")
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (lo, hi)
    at.date_input(key="hm_from").set_value(lo + dt.timedelta(days=30))
    at.multiselect(key="hm_persona").set_value(["Busy professional"])
    at.selectbox(key="hm_metric").set_value("nps")
    at.selectbox(key="hm_cols").set_value("channel")
    at.run()
    _ok(at)

    _use_other(at)  # used to raise StreamlitValueBelowMinError from the date filter
    assert at.session_state["hm_from"] == OTHER_FIRST  # the whole sample period lies before this data
    assert at.session_state["hm_to"] == OTHER_LAST
    assert at.date_input(key="hm_from").value == OTHER_FIRST
    assert at.session_state["hm_persona"] == []
    assert at.session_state["hm_metric"] == "csat"  # no NPS in this data
    assert at.session_state["hm_cols"] == "persona"  # no channel either
    notices = "\n".join(_notices(at))
    assert "The period was reset to the data's range (1 Jan 2030 – 1 Mar 2030)" in notices
    assert "“Busy professional” is not in this data" in notices
    assert "**Colour by**: “NPS” is not in this data" in notices
    assert at.query_params["from"] == "2030-01-01" and "persona" not in at.query_params

    _use_sample(at)  # used to raise StreamlitValueAboveMaxError
    # the period covered all of the other data, so it covers all of the sample again
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (lo, hi)
    assert at.date_input(key="hm_to").value == hi
    assert not _notices(at)


def test_heatmap_period_outside_or_partly_outside_the_new_data(sample_range):
    lo, hi = sample_range
    at = _open("pages/journey_heatmap.py")
    _use_other(at)
    at.date_input(key="hm_from").set_value(dt.date(2030, 2, 1)).run()
    _use_sample(at)
    # 1 Feb 2030 is after the sample's last day: nothing of the period is left
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (lo, hi)
    assert any("the chosen one (1 Feb 2030 – 1 Mar 2030) lies outside it" in n for n in _notices(at))
    at.date_input(key="hm_to").set_value(hi - dt.timedelta(days=10)).run()
    assert not _notices(at)
    _use_other(at)
    # a period that ends before this data begins is not clamped to a single day: the whole range is used
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (OTHER_FIRST, OTHER_LAST)
    at.date_input(key="hm_to").set_value(dt.date(2030, 2, 10)).run()
    _use_sample(at)
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (lo, hi)
    assert any("the chosen one (1 Jan 2030 – 10 Feb 2030) lies outside it" in n for n in _notices(at))


def test_heatmap_link_with_a_date_before_the_data(sample_range):
    lo, hi = sample_range
    at = _open("pages/journey_heatmap.py", **{"from": "2000-01-01"})
    assert at.session_state["hm_from"] == lo and at.session_state["hm_to"] == hi
    assert any(f"narrowed to the data's range ({lo.day} {lo:%b %Y}" in n for n in _notices(at))
    assert at.query_params["from"] == lo.isoformat()


@pytest.mark.parametrize("query,expected", [
    ({"min_n": "5000"}, "outside 1–1000"),
    ({"min_n": "99999999999999999999999"}, "outside 1–1000"),
    ({"min_n": "ten"}, "not a valid whole number"),
    ({"from": "2026-13-45"}, "not a valid date"),
    ({"metric": "x" * 500}, "longer than 200 characters"),
    ({"rows": "<b>nope</b>"}, "“\\<b\\>nope\\</b\\>” is not available"),  # escaped, not HTML
])
def test_heatmap_link_values_that_do_not_fit_are_refused_with_a_notice(query, expected):
    at = _open("pages/journey_heatmap.py", **query)
    assert at.number_input(key="hm_min_n").value == 30  # the default, not the link's value
    assert at.selectbox(key="hm_metric").value == "csat"
    assert any(expected in n for n in _notices(at)), _notices(at)


def test_heatmap_start_after_end_in_a_link_is_reset(sample_range):
    lo, hi = sample_range
    at = _open("pages/journey_heatmap.py", **{"from": "2026-05-01", "to": "2026-01-01"})
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (lo, hi)
    assert any("its start was after its end" in n for n in _notices(at))


# -- settings kept while visiting another page ---------------------------------------------------


def test_heatmap_settings_survive_visiting_another_page():
    at = _open("pages/journey_heatmap.py")
    at.selectbox(key="hm_metric").set_value("nps")
    at.selectbox(key="hm_cols").set_value("channel")
    at.segmented_control(key="hm_rows").set_value("touchpoint")
    at.number_input(key="hm_min_n").set_value(50).run()
    _ok(at)
    at.switch_page("pages/friction_hotspots.py").run()
    _ok(at)
    assert at.title[0].value == "Friction hotspots"
    at.switch_page("pages/journey_heatmap.py").run()
    _ok(at)
    assert at.selectbox(key="hm_metric").value == "nps"
    assert at.selectbox(key="hm_cols").value == "channel"
    assert at.segmented_control(key="hm_rows").value == "touchpoint"
    assert at.number_input(key="hm_min_n").value == 50
    assert at.query_params["metric"] == "nps" and at.query_params["cols"] == "channel"


def test_hotspot_and_opportunity_settings_survive_visiting_another_page():
    at = _open("pages/friction_hotspots.py")
    weight = at.slider[0]
    at.selectbox(key="hs_by").set_value("persona")
    weight.set_value(2.5)
    at.run()
    at.switch_page("pages/opportunities.py").run()
    _ok(at)
    at.selectbox(key="opp_color").set_value("owner")
    at.slider(key="opp_weight").set_value(0.8)
    at.run()
    at.switch_page("pages/friction_hotspots.py").run()
    _ok(at)
    assert at.selectbox(key="hs_by").value == "persona"
    assert at.slider(key=weight.key).value == 2.5
    at.switch_page("pages/opportunities.py").run()
    _ok(at)
    assert at.selectbox(key="opp_color").value == "owner"
    assert at.slider(key="opp_weight").value == pytest.approx(0.8)


# -- every page: sample -> other data -> sample ---------------------------------------------------


def test_hotspots_survive_other_data_and_back(sample_dataset):
    at = _open("pages/friction_hotspots.py")
    at.selectbox(key="hs_by").set_value("channel")
    at.selectbox(key="hs_pick").set_value(at.selectbox(key="hs_pick").options[1])
    at.run()
    _ok(at)
    _use_other(at)
    assert at.selectbox(key="hs_by").value == "(touchpoints only)"  # no channel in this data
    assert at.selectbox(key="hs_pick").value in {"T0", "T1", "T2"}
    notices = "\n".join(_notices(at))
    assert "**Split each touchpoint by**: “Channel” is not in this data" in notices
    assert "**Hotspot**:" in notices
    _use_sample(at)
    assert at.selectbox(key="hs_pick").value in set(sample_dataset.feedback["touchpoint"].astype(str))


def test_opportunities_survive_other_data_and_back(sample_dataset):
    at = _open("pages/opportunities.py")
    ids = at.selectbox(key="quick_edit_id").options
    first = at.selectbox(key="quick_edit_id").value
    at.selectbox(key="opp_color").set_value("owner")
    at.selectbox(key="opp_size").set_value("confidence").run()
    _ok(at)
    _use_other(at)  # no Opportunities sheet: the page shows its empty state
    assert any("no opportunities yet" in i.value for i in at.info)
    at.switch_page("pages/journey_heatmap.py").run()
    _use_sample(at)
    at.switch_page("pages/opportunities.py").run()
    _ok(at)
    assert at.selectbox(key="opp_color").value == "owner"  # kept while the matrix was not drawn
    assert at.selectbox(key="opp_size").value == "confidence"
    assert at.selectbox(key="quick_edit_id").options == ids
    assert at.selectbox(key="quick_edit_id").value == first


def test_maturity_survives_other_data_and_back():
    at = _open("pages/maturity.py")
    at.text_input(key="mt_assessment").input("robust-controls-test").run()  # a new assessment shared by link
    overlay = at.multiselect(key="mt_overlay")
    chosen = list(overlay.options[:2])
    overlay.set_value(chosen).run()
    _ok(at)
    _use_other(at)  # no maturity answers in this data
    assert any("No answers yet" in i.value for i in at.info)
    _use_sample(at)
    assert at.multiselect(key="mt_overlay").value == chosen
    assert at.text_input(key="mt_assessment").value == "robust-controls-test"
    at.session_state["mt_overlay"] = [chosen[0], "Gone department"]
    at.run()
    _ok(at)
    assert at.multiselect(key="mt_overlay").value == [chosen[0]]
    assert any("“Gone department” is not in this data" in n for n in _notices(at))


@pytest.mark.parametrize("page,title", [("pages/overview.py", "Overview"),
                                        ("pages/import_data.py", "Import & data quality"),
                                        ("pages/workshop.py", "Workshop")])
def test_other_pages_survive_other_data_and_back(page, title, sample_range):
    """The heatmap's narrowed period is in session state on every page; every page still loads."""
    at = _open("pages/journey_heatmap.py")
    at.date_input(key="hm_from").set_value(sample_range[0] + dt.timedelta(days=3)).run()
    at.switch_page(page).run()
    _ok(at)
    _use_other(at)
    _use_sample(at)
    assert at.title[0].value == title
    at.switch_page("pages/journey_heatmap.py").run()
    _ok(at)
    assert at.session_state["hm_from"] == sample_range[0] + dt.timedelta(days=3)  # kept on the way


# -- shared workspaces ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def other_workspace():
    """A workspace of the other data whose saved default view has a period of the sample's dates."""
    ds = cxlens.load(_other_csv(), filename="other.csv")
    store = Store(default_url())
    secret = "robust-owner-secret-" + "z" * 30
    view = {"page": "journey_heatmap", "params": {"from": "2025-11-01", "to": "2026-01-31", "metric": "nps"},
            "backlog_key": "robust-other"}
    wid, token = store.save_workspace("Other period", owner_key_for_secret(secret), ds.recipe.to_json(),
                                      cw.dataset_tables(ds), view)
    yield token, secret, store, wid
    store.close()


def test_shared_link_whose_saved_period_no_longer_fits(other_workspace):
    token, _, _, _ = other_workspace
    at = _app(ws=token)
    at.run()
    _ok(at)
    assert at.title[0].value == "Journey heatmap"
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (OTHER_FIRST, OTHER_LAST)
    assert at.session_state["hm_metric"] == "csat"
    notices = "\n".join(_notices(at))
    assert "**metric** value “nps” is not available" in notices
    assert "reset to the data's range (1 Jan 2030 – 1 Mar 2030)" in notices


def test_owner_falls_back_to_the_sample_after_revoking(sample_range):
    ds = cxlens.load(_other_csv(), filename="other.csv")
    store = Store(default_url())
    secret = "revoking-owner-secret-" + "q" * 30
    wid, token = store.save_workspace("To revoke", owner_key_for_secret(secret), ds.recipe.to_json(),
                                      cw.dataset_tables(ds), {})
    try:
        at = _open("pages/journey_heatmap.py", ws=token, owner=secret)
        at.date_input(key="hm_from").set_value(dt.date(2030, 2, 1)).run()
        _ok(at)
        store.revoke_workspace(wid, owner_key_for_secret(secret))
        # what the Revoke button does after the store call (workspace_view.leave)
        del at.session_state[WS_KEY]
        del at.query_params["ws"]
        at.run()
        _ok(at)
        assert at.title[0].value == "Journey heatmap"
        assert (at.session_state["hm_from"], at.session_state["hm_to"]) == sample_range
    finally:
        store.close()


# -- the workshop -------------------------------------------------------------------------------


@pytest.mark.parametrize("wid", ["99999999999999999999999", "9223372036854775808", "-1", "0", "1e3", "١٢"])
def test_workshop_link_with_an_impossible_id_is_refused_not_a_crash(wid):
    at = _open("pages/workshop.py", w=wid, f="x" * 43)  # used to raise OverflowError in the store
    assert "This facilitator link is not valid" in at.error[0].value


def _id(raw):
    try:
        return up.parse_id(raw)
    except up.Refused:
        return None


def test_id_param_range():
    assert _id("42") == 42 and _id(" 7 ") == 7
    assert _id(str(up.MAX_ID)) == up.MAX_ID
    for raw in (str(up.MAX_ID + 1), "0", "-3", "1_000", "", None, "٣", "9" * 400):
        assert _id(raw) is None, raw
