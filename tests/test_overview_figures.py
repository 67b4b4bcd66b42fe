"""The Overview's touchpoint bars and value formatting, on hand-made summaries."""

from __future__ import annotations

import pandas as pd

from cxlens.figures import format_value, touchpoint_bars


def _summary(values, ci=0.1):
    n = len(values)
    return pd.DataFrame({"touchpoint": [f"T{i}" for i in range(n)], "stage": ["S"] * n, "n": [50] * n,
                         "value": values, "ci_low": [v - ci for v in values], "ci_high": [v + ci for v in values],
                         "too_few": [False] * n, "metric": ["rating"] * n})


def test_format_value_matches_the_bars():
    assert format_value(63.4, "%") == "63%"
    assert format_value(3.8249) == "3.82"
    assert format_value(-12.4) == "-12"  # NPS-sized values without decimals
    assert format_value(4.0) == "4.00"


def test_mean_rating_bars_start_at_the_lowest_answer_and_span_the_scale():
    fig = touchpoint_bars(_summary([3.82, 4.26]), metric_label="Mean rating", scale=(1, 5))
    bar = fig.data[0]
    assert bar.base == 1.0
    # worst on top: plotly draws the last row at the top, so rows come reversed
    assert [round(x, 2) for x in bar.x] == [3.26, 2.82]  # lengths above the floor of 1
    assert list(bar.text) == ["4.26", "3.82"]
    assert list(fig.layout.xaxis.range) == [1.0, 5.0]
    # error bars: the interval around each value, not around the bar's length
    assert [round(v, 2) for v in bar.error_x.array] == [0.1, 0.1]


def test_percentage_bars_start_at_zero():
    fig = touchpoint_bars(_summary([31.0, 52.5]), metric_label="CSAT", unit="%")
    bar = fig.data[0]
    assert bar.base == 0.0 and list(bar.x) == [52.5, 31.0]
    assert list(bar.text) == ["52%", "31%"]  # 52.5 rounds half to even, as Python formats
    assert fig.layout.xaxis.range is None
