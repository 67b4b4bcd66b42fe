"""Finding 7 of issue 20: a page's URL parameters never raise; a value that cannot be used is ignored
with a visible notice, its text escaped (components/url_params.py).

Pages are driven through AppTest with query parameters set before the first run (AppTest starts the
st.navigation app on its default page, then switches to the page, keeping the parameters)."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

import cxlens
from components import url_params as up
from components.workspace_view import owner_key_for_secret
from cxlens import workspace as cw
from cxlens.store import Store, default_url

from ..conftest import ROOT

HUGE = "x" * 100_000
FIRST, LAST = dt.date(2030, 1, 1), dt.date(2030, 3, 1)


def _open(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _notices(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith(up.NOTICE_ICON)]


def _noticed(at: AppTest, text: str) -> bool:
    return any(text in n for n in _notices(at))


def _errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


# -- the two reported crashes -----------------------------------------------------------------------


def test_heatmap_link_with_a_date_before_the_data_is_narrowed(sample_dataset):
    dates = sample_dataset.feedback["date"].dropna()
    lo, hi = dates.min().date(), dates.max().date()
    at = _open("pages/journey_heatmap.py", **{"from": "2000-01-01"})  # raised the date-range error
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (lo, hi)
    assert _noticed(at, f"narrowed to the data's range ({lo.day} {lo:%b %Y}")


def test_workshop_id_past_64_bits_is_refused_with_a_notice():
    at = _open("pages/workshop.py", w="99999999999999999999999", f="x" * 43)  # raised OverflowError
    assert "This facilitator link is not valid" in _errors(at)
    assert _noticed(at, "The link's **w** value “99999999999999999999999” is not a valid id, so it was ignored.")


# -- a very long value, a non-numeric id, an unknown choice -------------------------------------------


@pytest.mark.parametrize("page,query,message", [
    ("pages/workshop.py", {"join": HUGE}, "No workshop matches this join code"),
    ("pages/workshop.py", {"screen": HUGE}, "This big-screen link does not open a workshop"),
    ("pages/workshop.py", {"w": "1", "f": HUGE}, "This facilitator link is not valid"),
    ("pages/overview.py", {"ws": HUGE}, None),
    ("pages/journey_heatmap.py", {"metric": HUGE}, None),
    ("pages/friction_hotspots.py", {"by": HUGE}, None),
])
def test_a_100k_character_value_is_ignored_with_a_notice(page, query, message):
    at = _open(page, **query)
    (name,) = [k for k, v in query.items() if v == HUGE]
    assert _noticed(at, f"The link's **{name}** value “{'x' * 39}…” is longer than 200 characters, so it was ignored.")
    if message:
        assert message in _errors(at)


def test_a_100k_character_workspace_link_falls_back_to_the_sample():
    at = _open("pages/journey_heatmap.py", ws=HUGE)
    assert "ws" not in at.query_params  # dropped, not carried to every page
    assert at.title[0].value == "Journey heatmap" and at.session_state["hm_from"] is not None  # the sample
    assert "does not open any workspace" not in _errors(at)  # refused before the store was asked


def test_a_long_assessment_name_is_ignored_with_a_notice():
    # the link's assessment is an id now (issue #20 finding 1): a value that is not one opens nothing
    at = _open("pages/maturity.py", assessment=HUGE)
    assert at.text_input(key="mt_assessment").value == ""
    assert any("is not known here" in w.value for w in at.warning)
    assert "assessment" not in at.query_params and not at.exception


@pytest.mark.parametrize("page,query,notice", [
    ("pages/workshop.py", {"w": "abc", "f": "x" * 43}, "The link's **w** value “abc” is not a valid id"),
    ("pages/workshop.py", {"w": "-1", "f": "x" * 43}, "The link's **w** value “\\-1” is not a valid id"),
    ("pages/journey_heatmap.py", {"min_n": "ten"}, "The link's **min\\_n** value “ten” is not a valid whole number"),
    ("pages/friction_hotspots.py", {"min_n": "1e400"}, "“1e400” is not a valid whole number"),
])
def test_a_non_numeric_id_or_number_is_ignored_with_a_notice(page, query, notice):
    at = _open(page, **query)
    assert _noticed(at, notice), _notices(at)
    if page == "pages/workshop.py":
        assert "This facilitator link is not valid" in _errors(at)


@pytest.mark.parametrize("page,query,notice", [
    ("pages/workshop.py", {"w": "1", "f": "x" * 43, "present": "yes"},
     "The link's **present** value “yes” is neither 1 nor 0, so it was ignored."),
    ("pages/journey_heatmap.py", {"rows": "nowhere"}, "The link's **rows** value “nowhere” is not available"),
    ("pages/friction_hotspots.py", {"by": "<b>x</b>"}, "“\\<b\\>x\\</b\\>” is not available"),  # escaped
])
def test_an_unknown_choice_is_ignored_with_a_notice(page, query, notice):
    at = _open(page, **query)
    assert _noticed(at, notice), _notices(at)


def test_present_is_read_only_as_one_or_zero():
    assert up.parse_choice("1", ("1", "0")) == "1"
    with pytest.raises(up.Refused, match="neither"):
        up.parse_choice("yes", ("1", "0"), why="is neither 1 nor 0")


# -- a saved or shared period outside the data ----------------------------------------------------------


def _other_csv() -> bytes:
    lines = ["Date,Touchpoint,Stage,Persona,CSAT"]
    for i in range(300):
        lines.append(f"{(FIRST + dt.timedelta(days=i % 60)).isoformat()},T{i % 3},S{i % 2},P{i % 2},{1 + i % 5}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def workspace():
    """A workspace of data from 1 Jan to 1 Mar 2030 whose saved default view has a 2025 period."""
    ds = cxlens.load(_other_csv(), filename="other.csv")
    store = Store(default_url())
    view = {"page": "journey_heatmap", "params": {"from": "2025-11-01", "to": "2026-01-31"},
            "backlog_key": "url-params-other"}
    _, token = store.save_workspace("Period test", owner_key_for_secret("url-params-owner-" + "k" * 30),
                                    ds.recipe.to_json(), cw.dataset_tables(ds), view)
    yield token
    store.close()


def test_a_shared_link_with_a_period_outside_the_data_is_reset(workspace):
    at = _open("pages/journey_heatmap.py", ws=workspace, **{"from": "2000-01-01", "to": "2000-02-01"})
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (FIRST, LAST)
    assert _noticed(at, "reset to the data's range (1 Jan 2030 – 1 Mar 2030)")
    assert at.query_params["from"] == "2030-01-01"


def test_a_saved_default_view_whose_period_no_longer_fits_is_reset(workspace):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["ws"] = workspace
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Journey heatmap"
    assert (at.session_state["hm_from"], at.session_state["hm_to"]) == (FIRST, LAST)
    assert _noticed(at, "reset to the data's range (1 Jan 2030 – 1 Mar 2030)")


# -- every page with every parameter hostile ---------------------------------------------------------

PARAMETERS = ["from", "to", "metric", "rows", "cols", "min_n", "persona", "channel", "stage", "by", "measures",
              "sort", "group", "group_value", "top", "assessment", "ws", "owner", "draft", "join", "p", "w", "f",
              "present", "screen"]
PAGES = ["pages/overview.py", "pages/import_data.py", "pages/journey_heatmap.py", "pages/friction_hotspots.py",
         "pages/opportunities.py", "pages/maturity.py", "pages/workshop.py"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", [HUGE, "-99999999999999999999999", "9999-99-99", "\u0000<b>nope</b>"])
def test_every_page_survives_every_parameter_being_hostile(page, value):
    _open(page, **{name: value for name in PARAMETERS})  # _open asserts no exception


# -- the parsers -------------------------------------------------------------------------------------


def test_parsers_check_type_range_and_length():
    assert up.parse_int(" 42 ", 1, 1000) == 42
    for raw, why in [("99999999999999999999999", "outside 1–1000"), ("1_000", "whole number"),
                     ("٣", "whole number"), ("4.5", "whole number"), (HUGE, "longer than 200")]:
        with pytest.raises(up.Refused, match=why):
            up.parse_int(raw, 1, 1000)
    assert up.parse_id(str(up.MAX_ID)) == up.MAX_ID
    for raw in (str(up.MAX_ID + 1), "0", "-1", "1e3", "", None):
        with pytest.raises(up.Refused):
            up.parse_id(raw)
    assert up.parse_date("2026-02-28") == dt.date(2026, 2, 28)
    with pytest.raises(up.Refused, match="YYYY-MM-DD"):
        up.parse_date("2026-02-30")
    assert up.parse_token("  K7M2QX ") == "K7M2QX"
    for raw in ("x" * 201, "   ", "a\x00b", "line\nbreak"):
        with pytest.raises(up.Refused):
            up.parse_token(raw)
    assert up.parse_choice("nps", ("csat", "nps")) == "nps"
    with pytest.raises(up.Refused, match="not available"):
        up.parse_choice("NPS", ("csat", "nps"))
    assert up.parse_float("2.5", 0, 3) == 2.5
    for raw in ("nan", "inf", "1e400", "4"):
        with pytest.raises(up.Refused):
            up.parse_float(raw, 0, 3)


def test_a_link_kept_for_after_sign_in_or_saved_as_a_view_keeps_only_short_values():
    kept = up.bounded({"ws": "t" * 43, "metric": "nps", "junk": HUGE, "y" * 300: "1",
                       "persona": ["A", HUGE, *["B"] * 200], "stage": [HUGE], **{f"k{i}": "v" for i in range(50)}})
    assert kept["ws"] == "t" * 43 and kept["metric"] == "nps"
    assert kept["persona"] == ["A", *["B"] * 99]  # the first 100 short values
    assert "junk" not in kept and "y" * 300 not in kept and "stage" not in kept and len(kept) == 40


def test_a_saved_view_never_carries_a_huge_parameter(monkeypatch):
    from components import workspace_view

    monkeypatch.setattr(workspace_view.st, "query_params", _FakeParams({"metric": ["nps"], "junk": [HUGE]}))
    monkeypatch.setattr(workspace_view, "_current_page_path", lambda: "journey_heatmap")
    assert workspace_view.current_view() == {"page": "journey_heatmap", "params": {"metric": ["nps"]}}


class _FakeParams(dict):
    def get_all(self, key):
        return self[key]


# -- error details ----------------------------------------------------------------------------------


def test_users_never_see_exception_types():
    """Both configs a user can meet show Streamlit's generic message only; `make dev` shows everything."""
    for path in (ROOT / ".streamlit" / "config.toml", ROOT / "deploy" / "config.production.toml"):
        with open(path, "rb") as f:
            assert tomllib.load(f)["client"]["showErrorDetails"] == "none", path
    dev = [line for line in (ROOT / "Makefile").read_text().splitlines() if "runOnSave true" in line]
    assert dev and "--client.showErrorDetails full" in dev[0]


def test_a_long_draft_key_is_ignored_with_a_notice():
    at = _open("pages/overview.py", draft=HUGE)
    assert "draft" not in at.query_params
    assert any("The link's **draft** value is not a draft key, so it was ignored." in c.value for c in at.caption)
