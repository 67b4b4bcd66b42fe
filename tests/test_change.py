"""Change between two periods per heatmap cell and per hotspot (issue #18): by hand, against statsmodels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cxlens
from cxlens import friction, periods
from cxlens.change_figures import MUTED, change_heatmap_figure
from cxlens.figures import BAD, GOOD

sm_prop = pytest.importorskip("statsmodels.stats.proportion", reason="statsmodels is a dev-only oracle")
from statsmodels.stats.multitest import multipletests  # noqa: E402
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW  # noqa: E402

MARCH, APRIL = ("2025-03-01", "2025-03-31"), ("2025-04-01", "2025-04-30")


def _grid_csv() -> bytes:
    """March and April: Billing x A and B with 10 answers each side, Web x A 10 then 3.

    CSAT top-2 (5 vs 2): Billing/A 4 -> 9 of 10, Billing/B 5 -> 5, Web/A 5 -> 3 of 3.
    CES (1-7, lower is better) at Billing: 3, 4, 5 repeating in March, 1, 2, 3 in April."""
    rows = ["Date,Touchpoint,Persona,CSAT (1-5),CES (1-7)"]
    cells = [("03", "Billing", "A", 10, 4), ("03", "Billing", "B", 10, 5), ("03", "Web", "A", 10, 5),
             ("04", "Billing", "A", 10, 9), ("04", "Billing", "B", 10, 5), ("04", "Web", "A", 3, 3)]
    for month, tp, persona, n, good in cells:
        for i in range(n):
            ces = (3 if month == "03" else 1) + i % 3 if tp == "Billing" else ""
            rows.append(f"2025-{month}-{1 + i:02d},{tp},{persona},{5 if i < good else 2},{ces}")
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture(scope="module")
def grid_ds():
    return cxlens.load(_grid_csv(), filename="grid.csv")


def test_change_grid_shares_by_hand_and_against_statsmodels(grid_ds):
    g = periods.change_grid(grid_ds, "touchpoint", "persona", "csat", APRIL, MARCH, min_n=5)
    cell = {(r.row, r.col): r for r in g.itertuples()}
    a = cell[("Billing", "A")]
    assert (a.n_before, a.value_before, a.n_now, a.value_now, a.diff) == (10, pytest.approx(40), 10,
                                                                       pytest.approx(90), pytest.approx(50))
    lo, hi = sm_prop.confint_proportions_2indep(9, 10, 4, 10, method="newcomb", compare="diff")
    assert (a.ci_low, a.ci_high) == (pytest.approx(100 * lo), pytest.approx(100 * hi))
    assert a.better is True
    b = cell[("Billing", "B")]
    assert b.diff == pytest.approx(0) and b.p == pytest.approx(1.0) and not b.significant
    web = cell[("Web", "A")]
    assert web.too_few and (web.n_before, web.n_now) == (10, 3) and math.isnan(web.q) and not web.significant
    # BH over the two judged cells only (Web/A has too few in April)
    want = multipletests([a.p, b.p], method="fdr_bh")[1]
    assert (a.q, b.q) == (pytest.approx(want[0]), pytest.approx(want[1]))
    assert a.significant == (want[0] < 0.05)
    assert list(g["row"].cat.categories) == ["Billing", "Web"] and list(g.columns) == periods.GRID_COLUMNS


def test_change_grid_means_use_welch_and_a_drop_in_effort_is_better(grid_ds):
    g = periods.change_grid(grid_ds, "touchpoint", None, "ces", APRIL, MARCH, min_n=5)
    assert list(g["row"]) == ["Billing"] and list(g["col"]) == ["All"]
    r = g.iloc[0]
    before = np.array([3, 4, 5, 3, 4, 5, 3, 4, 5, 3] * 2, dtype=float)  # A and B, 10 answers each
    now = before - 2
    cm = CompareMeans(DescrStatsW(now), DescrStatsW(before))
    lo, hi = cm.tconfint_diff(usevar="unequal")
    assert r["diff"] == pytest.approx(-2) and (r["ci_low"], r["ci_high"]) == (pytest.approx(lo), pytest.approx(hi))
    assert r["p"] == pytest.approx(cm.ttest_ind(usevar="unequal")[1])
    assert r["significant"] and r["better"] is True  # lower effort is an improvement


def test_change_figure_colours_follow_the_direction_and_mute_the_noise(grid_ds):
    ces = periods.change_grid(grid_ds, "touchpoint", None, "ces", APRIL, MARCH, min_n=5)
    fig = change_heatmap_figure(ces, "Mean effort (CES)", higher_is_better=False, decimals=2)
    few, noise, sig = fig.data
    assert sig.colorscale[0][1] == GOOD and sig.colorscale[-1][1] == BAD  # a drop is blue
    assert (sig.zmin, sig.zmax) == (pytest.approx(-2), pytest.approx(2))
    assert sig.text[0][0].startswith("<b>-2.00 ▼</b>") and "n 20 → 20" in sig.text[0][0]
    assert "95% interval" in sig.hovertext[0][0] and "better" in sig.hovertext[0][0]
    csat = periods.change_grid(grid_ds, "touchpoint", "persona", "csat", APRIL, MARCH, min_n=5)
    fig = change_heatmap_figure(csat, "CSAT", higher_is_better=True, unit="%", min_n=5)
    few, noise, sig = fig.data
    assert sig.colorscale[0][1] == BAD and sig.colorscale[-1][1] == GOOD
    assert noise.opacity == MUTED and noise.text[0][1].startswith("+0 pts")  # Billing/B: no change, muted
    assert few.text[1][0].startswith("too few") and "n 10 → 3" in few.text[1][0]


def test_change_problem_says_why_periods_cannot_be_compared(grid_ds):
    assert periods.change_problem(grid_ds, "csat", APRIL, MARCH, min_n=5) is None
    assert "overlap" in periods.change_problem(grid_ds, "csat", ("2025-03-15", "2025-04-30"), MARCH)
    assert "ends before it starts" in periods.change_problem(grid_ds, "csat", ("2025-04-30", "2025-04-01"), MARCH)
    few = periods.change_problem(grid_ds, "csat", APRIL, MARCH, min_n=40)
    assert few.startswith("The earlier side (01 Mar 2025 to 31 Mar 2025) has 30 answers")
    empty = periods.change_problem(grid_ds, "csat", APRIL, ("2024-01-01", "2024-01-31"))
    assert empty == "The earlier side (01 Jan 2024 to 31 Jan 2024) has no answers with this metric: nothing to compare. " \
        "Pick other dates."
    undated = cxlens.load(b"Touchpoint,CSAT (1-5)\nBilling,4\nWeb,2\n", filename="undated.csv")
    assert periods.latest_periods(undated) is None
    assert "no dates" in periods.change_problem(undated, "csat", APRIL, MARCH)


def test_two_uploaded_files_are_two_waves():
    first = ("Touchpoint,CSAT (1-5)\n" + "Billing,5\n" * 2 + "Billing,1\n" * 8).encode()
    second = ("Touchpoint,CSAT (1-5)\n" + "Billing,5\n" * 8 + "Billing,1\n" * 2).encode()
    ds = cxlens.load([first, second], filename=["wave1.csv", "wave2.csv"])
    assert periods.source_files(ds) == ["wave1.csv", "wave2.csv"]
    assert periods.change_problem(ds, "csat", "wave2.csv", "wave1.csv", min_n=5) is None
    assert "different files" in periods.change_problem(ds, "csat", "wave1.csv", "wave1.csv")
    g = periods.change_grid(ds, "touchpoint", None, "csat", "wave2.csv", "wave1.csv", min_n=5)
    assert (g["value_before"].iloc[0], g["value_now"].iloc[0]) == (pytest.approx(20), pytest.approx(80))
    lo, hi = sm_prop.confint_proportions_2indep(8, 10, 2, 10, method="newcomb", compare="diff")
    assert (g["ci_low"].iloc[0], g["ci_high"].iloc[0]) == (pytest.approx(100 * lo), pytest.approx(100 * hi))


def test_latest_periods_are_the_last_90_days_and_the_90_before(grid_ds):
    (start, end), (p0, p1) = periods.latest_periods(grid_ds)
    assert end == pd.Timestamp("2025-04-10") and start == pd.Timestamp("2025-01-11")
    assert (p0, p1) == (pd.Timestamp("2024-10-13"), pd.Timestamp("2025-01-10"))


# ----------------------------------------------------------------------------- rising and falling hotspots


def _friction_csv() -> bytes:
    rows = ["Date,Touchpoint,CSAT (1-5)"]
    for i in range(40):  # March: 20 of 40 in the bottom two boxes
        rows.append(f"2025-03-{1 + i % 28:02d},Checkout,{1 if i < 20 else 5}")
    for i in range(40):  # April: 4 of 40
        rows.append(f"2025-04-{1 + i % 28:02d},Checkout,{1 if i < 4 else 5}")
    return ("\n".join(rows) + "\n").encode()


def test_friction_change_with_one_component_is_the_wald_difference():
    ds = cxlens.load(_friction_csv(), filename="friction.csv")
    r = friction.friction_change(ds, APRIL, MARCH).iloc[0]
    assert (r["touchpoint"], r["n_before"], r["n_now"]) == ("Checkout", 40, 40)
    assert (r["friction_before"], r["friction_now"], r["diff"]) == (pytest.approx(50), pytest.approx(10),
                                                                    pytest.approx(-40))
    se = 100 * math.sqrt(0.5 * 0.5 / 40 + 0.1 * 0.9 / 40)  # 9.22 points
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(-40 - 1.959964 * se, abs=1e-4),
                                           pytest.approx(-40 + 1.959964 * se, abs=1e-4))
    assert r["q"] == pytest.approx(r["p"]) and r["significant"] and not r["too_few"]
    assert friction.friction_change(ds, APRIL, MARCH, min_n=41).iloc[0]["too_few"]


def test_friction_change_variance_keeps_components_of_one_answer_together():
    # April at X: (low CSAT, complaint) = (1, 1), (0, 0), (1, -), (0, 1); March: four happy answers
    rows = ["Date,Touchpoint,CSAT (1-5),Complaint"]
    rows += [f"2025-03-0{i + 1},X,5,0" for i in range(4)]
    rows += ["2025-04-01,X,1,1", "2025-04-02,X,5,0", "2025-04-03,X,1,", "2025-04-04,X,5,1"]
    ds = cxlens.load(("\n".join(rows) + "\n").encode(), filename="two.csv")
    r = friction.friction_change(ds, APRIL, MARCH, min_n=1).iloc[0]
    assert r["friction_now"] == pytest.approx(100 * (0.5 * 2 / 4 + 0.5 * 2 / 3)) and r["friction_before"] == 0
    c1, c2 = 2 / 4, 2 / 3  # each weighted 1/2; psi = sum of a * (k - c) / n over the components answered
    psi = [0.5 * (1 - c1) / 4 + 0.5 * (1 - c2) / 3, 0.5 * -c1 / 4 + 0.5 * -c2 / 3, 0.5 * (1 - c1) / 4,
           0.5 * -c1 / 4 + 0.5 * (1 - c2) / 3]
    se = 100 * math.sqrt(sum(p * p for p in psi))  # March has no variance: every answer is happy
    assert r["ci_high"] - r["diff"] == pytest.approx(1.959964 * se, abs=1e-4)


def test_sample_checkout_friction_fell_after_the_fix(sample_dataset):
    ch = friction.friction_change(sample_dataset, ("2026-05-01", "2026-10-31"), ("2025-10-01", "2026-04-30"))
    r = ch[ch["touchpoint"] == "Checkout / payment"].iloc[0]
    assert r["diff"] < 0 and r["ci_high"] < 0 and r["significant"]
