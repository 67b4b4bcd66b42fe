"""Metric formulas against values computed by hand."""

import math

import numpy as np
import pytest

from cxlens import metrics


def test_wilson_interval_matches_hand_computation():
    # k=8, n=10, z=1.96: centre=(0.8+0.19208)/1.38416=0.71674; half=1.96*sqrt(0.016+0.0009604)/1.38416=0.18444
    lo, hi = metrics.wilson_interval(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-3)
    assert hi == pytest.approx(0.9433, abs=1e-3)
    assert all(math.isnan(x) for x in metrics.wilson_interval(0, 0))


def test_csat_top_two_box_on_1_to_5():
    e = metrics.csat([5, 4, 3, 2, 1, 5, np.nan], {"min": 1, "max": 5, "higher_is_better": True})
    assert e.n == 6
    assert e.value == pytest.approx(50.0)


def test_csat_respects_scale_and_direction():
    assert metrics.csat([7, 6, 5, 1], {"min": 1, "max": 7}).value == pytest.approx(50.0)
    # reversed scale (1 = very satisfied): top boxes are 1-2
    assert metrics.csat([1, 2, 3, 5], {"min": 1, "max": 5, "higher_is_better": False}).value == pytest.approx(50.0)


def test_nps_and_standard_error():
    answers = [10, 9, 8, 7, 6, 0, 10, 9, 3, 10]  # 5 promoters, 2 passives, 3 detractors
    e = metrics.nps(answers)
    assert e.value == pytest.approx(20.0)
    # scores +1 x5, 0 x2, -1 x3: mean 0.2, E[x^2] 0.8, var 0.76, se sqrt(0.076)
    se = math.sqrt(0.76 / 10)
    assert e.ci_low == pytest.approx(100 * (0.2 - 1.959964 * se), abs=1e-3)
    assert e.ci_high == pytest.approx(100 * (0.2 + 1.959964 * se), abs=1e-3)
    assert metrics.nps_parts(answers) == pytest.approx({"promoters": 50.0, "passives": 20.0, "detractors": 30.0})


def test_nps_interval_is_clipped():
    e = metrics.nps([10, 10])
    assert e.value == 100 and e.ci_high == 100


def test_high_effort_share_on_1_to_7_and_ease_scale():
    assert metrics.high_effort([7, 6, 5, 4, 1], {"min": 1, "max": 7}).value == pytest.approx(60.0)
    ease = {"min": 1, "max": 7, "higher_is_better": True}
    assert metrics.high_effort([1, 2, 3, 4, 7], ease).value == pytest.approx(60.0)


def test_mean_score_interval():
    e = metrics.mean_score([1, 2, 3, 4, 5])
    se = np.std([1, 2, 3, 4, 5], ddof=1) / math.sqrt(5)
    assert e.value == 3 and e.ci_high == pytest.approx(3 + 1.959964 * se, abs=1e-4)
