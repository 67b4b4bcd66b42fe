"""The heatmap's change mode and the hotspots' rising/falling section through AppTest (issue #18)."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from .conftest import ROOT


def _open(page: str, upload: tuple[str, bytes] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if upload is not None:
        at.session_state["cxlens_payloads"] = (upload,)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.main.markdown]


def test_heatmap_change_mode_compares_the_checkout_before_and_after_the_fix():
    at = _open("pages/journey_heatmap.py")
    at.button_group(key="hm_mode").set_value("change").run()
    assert not at.exception
    assert at.radio(key="hm_cmp").value == "latest"
    assert any("**: **03 Aug 2026 to 31 Oct 2026** minus **05 May 2026 to 02 Aug 2026**" in m for m in _markdown(at))
    at.radio(key="hm_cmp").set_value("dates").run()
    at.date_input(key="hm_before").set_value((dt.date(2025, 10, 1), dt.date(2026, 4, 30)))
    at.date_input(key="hm_now").set_value((dt.date(2026, 5, 1), dt.date(2026, 10, 31)))
    at.selectbox(key="hm_cols").set_value("(none)")
    at.button_group(key="hm_rows").set_value("touchpoint").run()
    assert not at.exception and not at.warning
    listed = [m for m in _markdown(at) if m.startswith("- Checkout / payment\\: CSAT")]
    # sample_data/README.md (d): 46% of 225 before 1 May 2026, 82% of 190 after
    assert listed and "rose from 46% to 82% \\(\\+36 pts, 95% CI" in listed[0] and "n = 225 → 190" in listed[0]
    assert listed[0].endswith("(better)")
    # overlapping ranges are refused in words
    at.date_input(key="hm_now").set_value((dt.date(2026, 4, 1), dt.date(2026, 10, 31))).run()
    assert "overlap" in at.warning[0].value


def test_heatmap_change_mode_without_dates_says_so():
    rows = "Touchpoint,Persona,CSAT (1-5)\n" + "".join(f"Billing,A,{1 + i % 5}\n" for i in range(40))
    at = _open("pages/journey_heatmap.py", ("undated.csv", rows.encode()))
    at.button_group(key="hm_mode").set_value("change").run()
    assert not at.exception
    assert any("no dates" in i.value for i in at.info)


def test_hotspots_list_the_checkout_among_the_falling():
    at = _open("pages/friction_hotspots.py")
    assert any(s.value == "Rising and falling" for s in at.subheader)
    at.radio(key="hs_cmp").set_value("dates").run()
    at.date_input(key="hs_before").set_value((dt.date(2025, 10, 1), dt.date(2026, 4, 30)))
    at.date_input(key="hs_now").set_value((dt.date(2026, 5, 1), dt.date(2026, 10, 31))).run()
    assert not at.exception
    falling = [m for m in _markdown(at) if m.startswith("- Checkout / payment friction fell from")]
    assert falling and "95% CI" in falling[0] and "n = " in falling[0]


def test_hotspots_without_dates_say_so():
    rows = "Touchpoint,CSAT (1-5)\n" + "".join(f"Billing,{1 + i % 5}\n" for i in range(40))
    at = _open("pages/friction_hotspots.py", ("undated.csv", rows.encode()))
    assert any(s.value == "Rising and falling" for s in at.subheader)
    assert any("no dates" in i.value for i in at.info)


def test_a_half_picked_range_is_kept_and_waits_for_its_end():
    at = _open("pages/journey_heatmap.py")
    at.button_group(key="hm_mode").set_value("change").run()
    at.radio(key="hm_cmp").set_value("dates").run()
    at.date_input(key="hm_before").set_value((dt.date(2025, 10, 1),)).run()
    assert not at.exception
    assert at.session_state["hm_before"] == (dt.date(2025, 10, 1),)  # not reset to the default range
    assert any("both ends" in i.value for i in at.info)
