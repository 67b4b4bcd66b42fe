"""This period against the last (issue #18): intervals by hand and against statsmodels as the oracle."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cxlens
from cxlens import periods

sm_prop = pytest.importorskip("statsmodels.stats.proportion", reason="statsmodels is a dev-only oracle")
from statsmodels.stats.multitest import multipletests  # noqa: E402
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW  # noqa: E402


def test_newcombe_matches_statsmodels():
    lo, hi = periods.newcombe_interval(56, 70, 48, 80)
    want = sm_prop.confint_proportions_2indep(56, 70, 48, 80, method="newcomb", compare="diff")
    assert (lo, hi) == (pytest.approx(want[0], abs=1e-9), pytest.approx(want[1], abs=1e-9))
    # Newcombe's own worked example (1998, Table II): 56/70 vs 48/80 -> 0.0524 to 0.3339
    assert (round(lo, 4), round(hi, 4)) == (0.0524, 0.3339)


def test_welch_matches_statsmodels():
    rng = np.random.default_rng(4)
    a, b = rng.integers(1, 6, 40).astype(float), rng.integers(2, 6, 55).astype(float)
    lo, hi, p = periods.welch(a.mean(), a.var(ddof=1), len(a), b.mean(), b.var(ddof=1), len(b))
    cm = CompareMeans(DescrStatsW(a), DescrStatsW(b))
    wlo, whi = cm.tconfint_diff(usevar="unequal")
    _, wp, _ = cm.ttest_ind(usevar="unequal")
    assert (lo, hi, p) == (pytest.approx(wlo), pytest.approx(whi), pytest.approx(wp))


def test_nps_difference_by_hand():
    # now: 50 promoters, 20 detractors of 100 (NPS 30); before: 40 and 30 of 100 (NPS 10)
    lo, hi, p = periods.nps_difference(50, 20, 100, 40, 30, 100)
    var_now = 100 ** 2 * (0.5 + 0.2 - 0.3 ** 2) / 100  # 61
    var_before = 100 ** 2 * (0.4 + 0.3 - 0.1 ** 2) / 100  # 69
    se = math.sqrt(var_now + var_before)
    assert (lo, hi) == (pytest.approx(20 - 1.959964 * se, abs=1e-3), pytest.approx(20 + 1.959964 * se, abs=1e-3))
    assert p == pytest.approx(2 * (1 - 0.5 * (1 + math.erf(20 / se / math.sqrt(2)))), abs=1e-9)


def test_benjamini_hochberg_matches_statsmodels():
    p = pd.Series([0.01, 0.04, 0.03, np.nan, 0.20, 0.001])
    q = periods.benjamini_hochberg(p)
    want = multipletests(p.dropna().to_numpy(), method="fdr_bh")[1]
    assert q.dropna().to_numpy() == pytest.approx(want)
    assert math.isnan(q.iloc[3])


def _two_months() -> bytes:
    rows = ["Date,Touchpoint,Persona,CSAT (1-5)"]
    # March: Billing 30 answers, 12 top-2 (40%); April: Billing 30 answers, 24 top-2 (80%)
    for month, good in (("03", 12), ("04", 24)):
        for i in range(30):
            rows.append(f"2025-{month}-{1 + i % 28:02d},Billing,{'A' if i % 2 else 'B'},{5 if i < good else 2}")
    return ("\n".join(rows) + "\n").encode()


def test_compare_periods_on_a_share_by_hand():
    ds = cxlens.load(_two_months(), filename="two.csv")
    out = periods.compare_periods(ds, "csat", ("2025-04-01", "2025-04-30"), ("2025-03-01", "2025-03-31"))
    row = out.iloc[0]
    assert (row["n_now"], row["n_before"]) == (30, 30)
    assert (row["value_now"], row["value_before"], row["diff"]) == (pytest.approx(80), pytest.approx(40),
                                                                   pytest.approx(40))
    lo, hi = sm_prop.confint_proportions_2indep(24, 30, 12, 30, method="newcomb", compare="diff")
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(100 * lo), pytest.approx(100 * hi))
    assert row["significant"] and row["q"] == pytest.approx(row["p"])  # one test: q = p
    by = periods.compare_periods(ds, "csat", ("2025-04-01", "2025-04-30"), by="persona", min_n=10)
    assert set(by["group"]) == {"A", "B"} and by["n_now"].sum() == 30
    # the default previous period is the same number of days just before
    assert periods.previous_period(pd.Timestamp("2025-04-01"), pd.Timestamp("2025-04-30")) == (
        pd.Timestamp("2025-03-02"), pd.Timestamp("2025-03-31"))
    with pytest.raises(ValueError, match="volume"):
        periods.compare_periods(ds, "volume", ("2025-04-01", "2025-04-30"))


def test_overview_cards_show_only_significant_changes():
    from cxlens import overview

    ds = cxlens.load(_two_months(), filename="two.csv")
    # last 30 days (30 Mar - 28 Apr) hold April's answers (80% top-2), the 30 before hold March's (40%)
    assert overview.kpi_changes(ds, days=30) == {"csat": "▲ +40 pts vs the 30 days before (better)"}
    cards = {k.key: k for k in overview.kpis_with_changes(ds, days=30)}
    assert cards["csat"].detail == "▲ +40 pts vs the 30 days before (better)"
    assert overview.kpi_changes(ds, days=90) == {}  # the data do not span two 90-day periods
    flat = cxlens.load(_two_months().replace(b",5\n", b",2\n"), filename="flat.csv")
    assert overview.kpi_changes(flat, days=30) == {}  # no change, no arrow
