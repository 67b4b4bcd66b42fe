"""Journey heatmap and curve against values computed by hand on small files loaded through cxlens.load."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pandas as pd
import pytest

import cxlens
from cxlens import journey, journey_figures, metrics

Z = 1.959963984540054


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95% bounds in percent, written out independently of cxlens.metrics."""
    p = k / n
    denom = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


HEADER = ["Response ID", "Date", "Journey stage", "Touchpoint", "Persona", "Channel", "CSAT (1-5)", "CES (1-7)",
          "NPS (0-10)", "Rating", "Sentiment", "Complaint", "Abandoned", "Comment"]


def csv_bytes(rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue().encode("utf-8")


def fixture_rows() -> list[list]:
    """60 answers in four stage x persona cells (csat top-2-box: 7/10, 10/10, 10/20, 2/20; overall 29/60).

    Use rows come first in the file so that journey order cannot come from file order.
    """
    rows = []
    # Use x A: 20 answers, Bill then App; csat alternating 4/3 -> top-2-box 10/20. April and May 2025.
    for i in range(20):
        rid = "UA00" if i == 10 else f"UA{i:02d}"  # row 10 shares the response of row 0: 19 responses
        rows.append([rid, "2025-04-10" if i < 10 else "2025-05-10", "Use", "Bill" if i < 10 else "App", "A", "App",
                     4 if i % 2 == 0 else 3, None, None, None, None, None, None, None])
    # Use x B: 20 answers, csat 5 twice and 1 otherwise -> 2/20. June 2025.
    for i in range(20):
        rows.append([f"UB{i:02d}", "2025-06-15", "Use", "Bill" if i < 10 else "App", "B", "App",
                     5 if i in (0, 10) else 1, None, None, None, None, None, None, "Awful" if i == 5 else None])
    # Purchase x A: 10 answers carrying every metric. Five in Dec 2024, five in Jan 2025 (the last on 31 Jan).
    csat = [5, 5, 5, 5, 4, 4, 4, 3, 2, 1]
    ces = [1, 2, 2, 3, 3, 4, 5, 6, 7, None]
    nps = [10, 10, 9, 8, 7, 6, 5, 0, 9, 10]
    rating = [5, 4, 4, 3, 3, 2, 1, 5, 5, 5]
    sentiment = [0.5, -0.5, 0, 1, -1, None, None, None, None, None]
    complaint = [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    abandoned = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    dates = ["2024-12-01", "2024-12-02", "2024-12-03", "2024-12-04", "2024-12-05",
             "2025-01-05", "2025-01-06", "2025-01-07", "2025-01-08", "2025-01-31"]
    for i in range(10):
        rows.append([f"PA{i:02d}", dates[i], "Purchase", "Checkout", "A", "Web", csat[i], ces[i], nps[i], rating[i],
                     sentiment[i], complaint[i], abandoned[i], f"comment {i}"])
    # Purchase x B: 10 answers, all csat 5, March 2025.
    for i in range(10):
        rows.append([f"PB{i:02d}", "2025-03-10", "Purchase", "Checkout", "B", "Web", 5, None, None, None, None, None,
                     None, None])
    return rows


@pytest.fixture(scope="module")
def ds():
    return cxlens.load(csv_bytes(fixture_rows()), filename="feedback.csv")


def cell(cells: pd.DataFrame, row, col) -> pd.Series:
    hit = cells[(cells["row"].astype("object") == row) & (cells["col"].astype("object") == col)]
    assert len(hit) == 1, (row, col, cells)
    return hit.iloc[0]


def test_fixture_goes_through_the_real_loader(ds):
    assert len(ds.feedback) == 60
    assert ds.recipe.scales["csat"]["min"] == 1 and ds.recipe.scales["csat"]["max"] == 5
    assert ds.recipe.scales["ces"]["max"] == 7 and not ds.recipe.scales["ces"]["higher_is_better"]
    assert ds.stages == ["Purchase", "Use"]


def test_csat_cell_value_and_wilson_interval(ds):
    cells = journey.journey_heatmap(ds, rows="stage", cols="persona", metric="csat", min_n=10)
    c = cell(cells, "Purchase", "A")
    assert c["n"] == 10
    assert c["value"] == pytest.approx(70.0)
    lo, hi = wilson(7, 10)
    assert (c["ci_low"], c["ci_high"]) == (pytest.approx(lo), pytest.approx(hi))
    assert lo == pytest.approx(39.68, abs=0.01) and hi == pytest.approx(89.22, abs=0.01)
    # 0 of 10 / 10 of 10 boxes: the interval touches 100
    assert cell(cells, "Purchase", "B")["ci_high"] == pytest.approx(100.0)
    assert cell(cells, "Use", "B")["value"] == pytest.approx(10.0)
    assert list(cells.columns) == journey.HEATMAP_COLUMNS


def test_nps_cell_and_its_interval(ds):
    cells = journey.journey_heatmap(ds, cols="persona", metric="nps", min_n=1)
    assert len(cells) == 1  # only Purchase x A has NPS answers
    c = cells.iloc[0]
    # 5 promoters (10,10,9,9,10), 2 passives (8,7), 3 detractors (6,5,0): NPS = 50 - 30 = +20
    assert c["value"] == pytest.approx(20.0) and c["n"] == 10
    se = math.sqrt((0.5 + 0.3 - 0.2 ** 2) / 10)  # scores +1/0/-1: variance 0.76
    assert c["ci_low"] == pytest.approx(100 * (0.2 - Z * se))
    assert c["ci_high"] == pytest.approx(100 * (0.2 + Z * se))
    assert c["ci_low"] == pytest.approx(-34.03, abs=0.01)


def test_every_other_metric_in_a_cell(ds):
    def one(metric):
        return cell(journey.journey_heatmap(ds, cols="persona", metric=metric, min_n=1), "Purchase", "A")

    m = one("mean_csat")
    assert m["value"] == pytest.approx(3.8)
    se = math.sqrt((17.6 / 9) / 10)  # squared deviations from 3.8 sum to 17.6
    assert m["ci_low"] == pytest.approx(3.8 - Z * se) and m["ci_high"] == pytest.approx(3.8 + Z * se)
    c = one("ces")
    assert c["n"] == 9 and c["value"] == pytest.approx(33 / 9)  # one blank effort answer
    h = one("high_effort")
    assert h["n"] == 9 and h["value"] == pytest.approx(100 * 3 / 9)  # 5, 6, 7 on 1-7
    assert (h["ci_low"], h["ci_high"]) == tuple(pytest.approx(x) for x in wilson(3, 9))
    assert one("rating")["value"] == pytest.approx(3.7)
    s = one("sentiment")
    assert s["n"] == 5 and s["value"] == pytest.approx(0.0)
    cp = one("complaint")
    assert cp["value"] == pytest.approx(20.0) and cp["n"] == 10
    assert (cp["ci_low"], cp["ci_high"]) == tuple(pytest.approx(x) for x in wilson(2, 10))
    assert one("abandoned")["value"] == pytest.approx(10.0)
    v = one("volume")
    assert v["value"] == 10 and v["n"] == 10 and math.isnan(v["ci_low"])


def test_volume_counts_responses_not_rows(ds):
    cells = journey.journey_heatmap(ds, cols="persona", metric="volume")
    c = cell(cells, "Use", "A")
    assert c["n"] == 20 and c["value"] == 19  # two rows belong to the same response
    assert not cells["suppressed"].any() and not cells["significant"].any()
    assert journey.metric_overall(ds, "volume").value == 59


def test_delta_and_significance_against_the_overall(ds):
    overall = journey.metric_overall(ds, "csat")
    assert overall.value == pytest.approx(100 * 29 / 60) and overall.n == 60
    lo, hi = wilson(29, 60)
    assert (overall.ci_low, overall.ci_high) == (pytest.approx(lo), pytest.approx(hi))
    cells = journey.journey_heatmap(ds, cols="persona", metric="csat", min_n=10)
    expected = {("Purchase", "A"): (70.0, False),  # 39.7..89.2 contains 48.3
                ("Purchase", "B"): (100.0, True),  # 72.2..100 lies above
                ("Use", "A"): (50.0, False),
                ("Use", "B"): (10.0, True)}  # 2.8..30.1 lies below
    for (r, c), (value, sig) in expected.items():
        got = cell(cells, r, c)
        assert got["delta"] == pytest.approx(value - 100 * 29 / 60)
        assert bool(got["significant"]) is sig, (r, c)


def test_suppression_at_the_min_n_boundary(ds):
    at = journey.journey_heatmap(ds, cols="persona", metric="csat", min_n=10)
    below = journey.journey_heatmap(ds, cols="persona", metric="csat", min_n=11)
    assert not cell(at, "Purchase", "B")["suppressed"]  # n = min_n
    b = cell(below, "Purchase", "B")
    assert b["suppressed"]  # n = min_n - 1
    assert b["value"] == pytest.approx(100.0)  # still computed...
    assert not b["significant"]  # ...but never flagged
    assert not cell(below, "Use", "B")["suppressed"]  # n = 20


def test_rows_in_journey_order_and_touchpoints_under_their_stage(ds):
    stages = journey.journey_heatmap(ds, cols="persona", min_n=1)
    assert list(stages["row"].cat.categories) == ["Purchase", "Use"]
    assert list(stages["row"].astype("object").unique()) == ["Purchase", "Use"]
    tps = journey.journey_heatmap(ds, rows="touchpoint", cols="persona", min_n=1)
    order = list(tps["row"].astype("object").unique())
    assert order[0] == "Checkout" and set(order[1:]) == {"Bill", "App"}
    assert dict(zip(tps["row"].astype("object"), tps["row_stage"].astype("object"))) == {
        "Checkout": "Purchase", "Bill": "Use", "App": "Use"}
    c = cell(tps, "Bill", "B")  # Bill x B: csat 5 once, 1 nine times
    assert c["n"] == 10 and c["value"] == pytest.approx(10.0)
    assert "row_stage" not in stages.columns


def test_month_and_quarter_columns_are_chronological(ds):
    months = journey.journey_heatmap(ds, cols="month", min_n=1)
    assert list(months["col"].cat.categories) == ["2024-12", "2025-01", "2025-03", "2025-04", "2025-05", "2025-06"]
    dec = cell(months, "Purchase", "2024-12")
    assert dec["n"] == 5 and dec["value"] == pytest.approx(100.0)  # 5,5,5,5,4
    jan = cell(months, "Purchase", "2025-01")
    assert jan["n"] == 5 and jan["value"] == pytest.approx(40.0)  # 4,4,3,2,1
    quarters = journey.journey_heatmap(ds, cols="quarter", min_n=1)
    assert list(quarters["col"].cat.categories) == ["2024 Q4", "2025 Q1", "2025 Q2"]
    q1 = cell(quarters, "Purchase", "2025 Q1")
    assert q1["n"] == 15 and q1["value"] == pytest.approx(100 * 12 / 15)  # Jan 2/5 + Mar 10/10
    assert cell(quarters, "Use", "2025 Q2")["value"] == pytest.approx(100 * 12 / 40)


def test_filters_change_cells_and_the_overall(ds):
    cells = journey.journey_heatmap(ds, cols="persona", min_n=1, filters={"persona": ["A"]})
    assert set(cells["col"].astype("object")) == {"A"}
    assert cell(cells, "Purchase", "A")["delta"] == pytest.approx(70.0 - 100 * 17 / 30)
    assert journey.metric_overall(ds, "csat", {"persona": ["A"]}).value == pytest.approx(100 * 17 / 30)
    # date_to is inclusive of its whole day (a response on 31 Jan counts)
    jan = journey.journey_heatmap(ds, cols=None, min_n=1, filters={"date_from": "2025-01-01", "date_to": "2025-01-31"})
    assert len(jan) == 1 and jan.iloc[0]["n"] == 5 and jan.iloc[0]["value"] == pytest.approx(40.0)
    assert jan.iloc[0]["col"] == journey.ALL_LABEL
    month = journey.journey_heatmap(ds, cols="persona", min_n=1, filters={"month": ["2024-12"], "stage": "Purchase"})
    assert len(month) == 1 and month.iloc[0]["n"] == 5
    with pytest.raises(ValueError):
        journey.journey_heatmap(ds, filters={"no such column": ["x"]})


def test_cell_feedback_and_score_distribution(ds):
    rows = journey.cell_feedback(ds, "Purchase", "A", rows="stage", cols="persona")
    assert len(rows) == 10 and set(rows["response_id"]) == {f"PA{i:02d}" for i in range(10)}
    jan = journey.cell_feedback(ds, "Purchase", "2025-01", cols="month")
    assert len(jan) == 5
    dist = journey.score_distribution(rows, "csat", ds.recipe.scales["csat"])
    assert list(dist["score"]) == [1, 2, 3, 4, 5]
    assert list(dist["count"]) == [1, 1, 1, 3, 4]
    assert list(dist["band"]) == ["bad", "bad", "middle", "good", "good"]
    assert dist["share"].sum() == pytest.approx(100.0)
    nps = journey.score_distribution(rows, "nps")
    assert len(nps) == 11 and nps.loc[nps["score"] == 10, "count"].item() == 3
    assert nps.loc[nps["band"] == "bad", "count"].sum() == 3  # the detractors
    effort = journey.score_distribution(rows, "high_effort", ds.recipe.scales["ces"])
    assert effort.loc[effort["band"] == "bad", "score"].tolist() == [5, 6, 7]


def test_available_metrics_and_columns(ds):
    assert journey.available_metrics(ds) == ["csat", "mean_csat", "nps", "ces", "high_effort", "rating", "sentiment",
                                             "complaint", "abandoned", "volume"]
    assert journey.available_columns(ds) == ["persona", "channel", "month", "quarter"]
    info = journey.metric_info(ds, "ces")
    assert info["higher_is_better"] is False and info["unit"] == ""
    assert journey.metric_info(ds, "csat")["unit"] == "%"
    with pytest.raises(ValueError):
        journey.journey_heatmap(ds, metric="happiness")


def test_journey_curve(ds):
    curve = journey.journey_curve(ds, by="persona", metric="csat", min_n=15)
    assert list(curve.columns[:2]) == ["stage", "segment"]
    a = curve[curve["segment"].astype("object") == "A"]
    assert list(a["stage"].astype("object")) == ["Purchase", "Use"]
    assert list(a["value"]) == [pytest.approx(70.0), pytest.approx(50.0)]
    assert list(a["suppressed"]) == [True, False]


def test_vectorised_forms_match_the_scalar_formulas():
    rng = np.random.default_rng(1)
    answers = rng.integers(0, 11, 57).astype(float)
    e = metrics.nps(answers)
    t = metrics.nps_table([int(metrics.promoter_mask(answers).sum())], [int(metrics.detractor_mask(answers).sum())],
                          [answers.size]).iloc[0]
    assert (t["value"], t["ci_low"], t["ci_high"]) == (pytest.approx(e.value), pytest.approx(e.ci_low),
                                                       pytest.approx(e.ci_high))
    lo, hi = metrics.wilson_bounds([8, 0], [10, 0])
    assert lo[0] == pytest.approx(metrics.wilson_interval(8, 10)[0]) and math.isnan(lo[1])
    m = metrics.mean_score(answers)
    t = metrics.mean_table([answers.mean()], [answers.var(ddof=1)], [answers.size]).iloc[0]
    assert t["ci_low"] == pytest.approx(m.ci_low)


# ----------------------------------------------------------------------------- figures

EVIL = "<img src=x onerror=alert(1)>"
EVIL_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def rendered_strings(fig) -> list[str]:
    """Every string in the figure JSON that plotly may render (customdata is data, never rendered)."""
    out = []

    def walk(node, key=""):
        if key == "customdata":
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            out.append(node)

    walk(json.loads(fig.to_json()))
    return out


def assert_escaped(fig):
    strings = rendered_strings(fig)
    assert not [s for s in strings if "<img" in s or "<script" in s], "raw user HTML reached the figure"
    assert any(EVIL_ESCAPED in s for s in strings)
    assert not [s for s in strings if "customdata" in s], "a template renders customdata"


@pytest.fixture(scope="module")
def evil_ds():
    rows = []
    for i in range(40):
        tp = EVIL if i < 20 else "Bill"
        rows.append([f"R{i}", f"2025-0{1 + i % 3}-01", "<b>Use</b>", tp, "<script>x</script>" if i % 2 else EVIL,
                     "Web", 1 + i % 5, 1 + i % 7, i % 11, None, None, None, None, f"text {EVIL}"])
    return cxlens.load(csv_bytes(rows), filename="evil.csv")


def test_user_text_is_escaped_in_every_journey_figure(evil_ds):
    for rows, cols in (("touchpoint", "persona"), ("stage", "persona"), ("touchpoint", "month")):
        cells = journey.journey_heatmap(evil_ds, rows=rows, cols=cols, metric="csat", min_n=5)
        fig = journey_figures.heatmap_figure(cells, f"CSAT {EVIL}", journey.metric_overall(evil_ds, "csat").value,
                                             unit="%", row_label=EVIL, col_label=EVIL, title=EVIL)
        assert_escaped(fig)
    curve = journey.journey_curve(evil_ds, by="persona", min_n=5)
    assert_escaped(journey_figures.journey_curve_figure(curve, EVIL, overall=50.0, title=EVIL))
    rows = journey.cell_feedback(evil_ds, EVIL, EVIL, rows="touchpoint", cols="persona")
    assert len(rows) == 10
    dist = journey.score_distribution(rows, "csat")
    assert_escaped(journey_figures.score_distribution_figure(dist, EVIL, title=EVIL))


def test_heatmap_figure_cells_carry_value_n_marks_and_customdata(ds):
    cells = journey.journey_heatmap(ds, cols="persona", metric="csat", min_n=11)
    fig = journey_figures.heatmap_figure(cells, "CSAT", journey.metric_overall(ds, "csat").value, unit="%")
    grey, main = fig.data
    assert main.type == "heatmap" and grey.type == "heatmap"
    rows, cols = list(main.y), list(main.x)
    assert rows == ["Purchase", "Use"] and cols == ["A", "B"]
    # Use x B: 10% on n=20, significantly below the overall 48%
    i, j = rows.index("Use"), cols.index("B")
    assert main.text[i][j] == "10% ▼<br>n=20"
    assert "95% interval" in main.hovertext[i][j] and "below overall" in main.hovertext[i][j]
    assert list(main.customdata[i][j]) == ["Use", "B"]
    # Purchase x B has n = 10 < 11: grey, not coloured, labelled as too few
    i, j = rows.index("Purchase"), cols.index("B")
    assert main.z[i][j] is None or math.isnan(main.z[i][j])
    assert grey.z[i][j] == 1 and "too few" in grey.text[i][j]
    # centred on the overall 48%: white there, equally steep both ways (no bounds given)
    overall = 100 * 29 / 60
    assert main.zmin + main.zmax == pytest.approx(2 * overall)
    assert main.colorscale[5][1] == _rgb(journey_figures.DIVERGING[4])
    # worse (lower CSAT) is orange
    assert main.colorscale[0][1] == _rgb(journey_figures.DIVERGING[0])
    effort = journey_figures.heatmap_figure(cells, "High effort", 20.0, higher_is_better=False)
    assert effort.data[1].colorscale[-1][1] == _rgb(journey_figures.DIVERGING[0])


def _rgb(hex_colour: str) -> str:
    from plotly.colors import hex_to_rgb

    return "rgb(%d, %d, %d)" % hex_to_rgb(hex_colour)


def test_heatmap_colour_bar_stays_within_the_metrics_bounds():
    """63% overall and a cell at 16%: the bar would reach 110% when centred; it stops at 100%, and its top
    colour is the one 37 points above the overall deserves (not the full purple of 47 points)."""
    cells = pd.DataFrame({"row": ["A", "B", "C"], "col": ["x", "x", "x"], "value": [16.0, 63.0, 100.0],
                          "n": [50, 50, 50], "ci_low": [10.0, 50.0, 95.0], "ci_high": [25.0, 75.0, 100.0],
                          "delta": [-47.0, 0.0, 37.0], "significant": [True, False, True],
                          "suppressed": [False, False, False]})
    fig = journey_figures.heatmap_figure(cells, "CSAT", 63.0, unit="%", bounds=(0, 100))
    main = fig.data[1]
    assert (main.zmin, main.zmax) == (16.0, 100.0)
    assert main.colorscale[0][1] == _rgb(journey_figures.DIVERGING[0])  # 47 below: full orange
    assert main.colorscale[-1][1] != _rgb(journey_figures.DIVERGING[-1])  # 37 above: not full purple
    assert fig.data[1].colorbar.orientation == "h"
    many = pd.concat([cells.assign(col=f"2025-{m:02d}") for m in range(1, 13)], ignore_index=True)
    wide = journey_figures.heatmap_figure(many, "CSAT", 63.0, unit="%", bounds=(0, 100))
    assert wide.layout.xaxis.tickangle == -45 and wide.data[1].text[0][0] == "16% ▼"  # n in the hover only
    assert journey.metric_bounds({"key": "csat", "unit": "%", "higher_is_better": True, "scale": None}) == (0, 100)
    assert journey.metric_bounds({"key": "nps", "unit": "", "higher_is_better": True, "scale": None}) == (-100, 100)
    assert journey.metric_bounds({"key": "rating", "unit": "", "higher_is_better": True,
                                  "scale": {"min": 1, "max": 5}}) == (1, 5)


# ----------------------------------------------------------------------------- the sample's planted patterns


def test_sample_chat_fails_seniors_in_the_support_heatmap(sample_dataset):
    cells = journey.journey_heatmap(sample_dataset, rows="touchpoint", cols="persona", metric="csat",
                                    filters={"stage": ["Support"]})
    assert set(cells["row_stage"].astype("object")) == {"Support"}
    senior = cell(cells, "Support chat", "Senior / low digital confidence")
    assert senior["significant"] and senior["delta"] < -20 and not senior["suppressed"]
    others = cells[(cells["row"].astype("object") == "Support chat")
                   & (cells["col"].astype("object") != "Senior / low digital confidence")]
    assert (others["value"] > 85).all()
    # by channel: Support x Chat, seniors 25% top-2-box on 99 answers (sample_data/README.md)
    chat = journey.journey_heatmap(sample_dataset, cols="persona", filters={"stage": ["Support"], "channel": ["Chat"]})
    c = cell(chat, "Support", "Senior / low digital confidence")
    assert c["n"] == 99 and c["value"] == pytest.approx(25, abs=0.5) and c["significant"]


def test_sample_identity_check_has_the_highest_effort(sample_dataset):
    cells = journey.journey_heatmap(sample_dataset, rows="touchpoint", metric="high_effort")
    top = cells[~cells["suppressed"]].sort_values("value", ascending=False).iloc[0]
    assert top["row"] == "Identity check" and top["n"] == 146 and top["significant"]
    assert top["value"] == pytest.approx(85, abs=1)
    assert top["row_stage"] == "Onboarding"
    mean = cell(journey.journey_heatmap(sample_dataset, rows="touchpoint", metric="ces"), "Identity check", "All")
    assert mean["value"] == pytest.approx(5.6, abs=0.05)


def test_sample_rows_follow_the_catalogue(sample_dataset):
    cells = journey.journey_heatmap(sample_dataset, rows="touchpoint", cols="quarter", metric="nps")
    order = list(cells["row"].cat.categories)
    assert order == list(sample_dataset.touchpoints["touchpoint"].astype(str))
    assert list(cells["col"].cat.categories) == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    stages = journey.journey_heatmap(sample_dataset, metric="nps")
    nps = dict(zip(stages["row"].astype("object"), stages["value"]))
    assert nps["Renewal"] == pytest.approx(-54, abs=1) and nps["Support"] == pytest.approx(-6, abs=1)


def test_volume_heatmap_cells_show_the_count_once(ds):
    cells = journey.journey_heatmap(ds, cols="persona", metric="volume", min_n=11)
    fig = journey_figures.heatmap_figure(cells, "Responses", journey.metric_overall(ds, "volume").value,
                                         higher_is_better=None)
    main = fig.data[-1]
    rows, cols = list(main.y), list(main.x)
    i, j = rows.index("Use"), cols.index("B")
    assert main.text[i][j] == "20"  # the count; 'n=20' under it would say the same again
    assert "n=" not in main.hovertext[i][j]
