"""The metric registry: one entry per metric, and a metric added there works in every analysis.

Hand-computed on a 20-answer file: App's CSAT answers are 5,5,5,4,4 (persona A) and 3,2,1,1,5 (B);
Shop's are 5,4,4,4,3 (A) and 3,2,2,1,5 (B).
"""

import math

import pytest

import cxlens
from cxlens import friction, journey, metric_registry as registry, metrics, overview
from cxlens.metric_groups import metric_by_group, overall_estimate
from cxlens.metric_registry import MEAN, NPS, PROPORTION, Metric

APP = [5, 5, 5, 4, 4, 3, 2, 1, 1, 5]
SHOP = [5, 4, 4, 4, 3, 3, 2, 2, 1, 5]


@pytest.fixture(scope="module")
def ds():
    lines = [f"App,Use,{'A' if i < 5 else 'B'},{v}" for i, v in enumerate(APP)]
    lines += [f"Shop,Buy,{'A' if i < 5 else 'B'},{v}" for i, v in enumerate(SHOP)]
    return cxlens.load(("Touchpoint,Stage,Persona,CSAT\n" + "\n".join(lines) + "\n").encode(), filename="toy.csv")


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95% bounds in percent, written out here (not through cxlens)."""
    z = 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


@pytest.fixture
def toy_metrics():
    """Two metrics added at run time, as a new metric would be added to METRICS: a share of top answers
    (5 on 1-5) and a friction component (answers of 1)."""
    top = registry.register(Metric("csat_top", "Top box (%)", "csat", PROPORTION, "%",
                                   "% of satisfaction answers at the top of the scale, 0-100.",
                                   higher_is_better=True, hit=lambda v, scale: v >= scale["max"]))
    ones = registry.register(Metric("csat_one", "Very unhappy (%)", "csat", PROPORTION, "%",
                                    "% of satisfaction answers at the bottom of the scale, 0-100.",
                                    higher_is_better=False, hit=lambda v, scale: v <= scale["min"], listed=False,
                                    friction="very_unhappy", friction_label="Very unhappy (lowest answer)"))
    yield top, ones
    registry.unregister("csat_top")
    registry.unregister("csat_one")


def test_a_metric_added_to_the_registry_works_in_every_analysis(ds, toy_metrics):
    # listed metrics are offered (before volume); hidden ones are not
    available = journey.available_metrics(ds)
    assert available[-2:] == ["csat_top", "volume"] and "csat_one" not in available
    # the heatmap: App has 4 fives of 10 (40%), Shop 2 of 10 (20%); overall 6 of 20 (30%)
    cells = journey.journey_heatmap(ds, rows="touchpoint", cols="persona", metric="csat_top", min_n=1)
    app_a = cells[(cells["row"] == "App") & (cells["col"] == "A")].iloc[0]
    assert (app_a["value"], app_a["n"]) == (60.0, 5) and app_a["delta"] == pytest.approx(30.0)
    whole = journey.journey_heatmap(ds, rows="touchpoint", cols=None, metric="csat_top", min_n=1)
    whole = whole.set_index(whole["row"].astype("object"))
    assert whole["value"].to_dict() == {"App": 40.0, "Shop": 20.0}
    assert (whole.loc["App", "ci_low"], whole.loc["App", "ci_high"]) == pytest.approx(wilson(4, 10))
    assert journey.metric_overall(ds, "csat_top").value == 30.0
    info = journey.metric_info(ds, "csat_top")
    assert (info["label"], info["unit"], info["higher_is_better"], info["decimals"]) == ("Top box (%)", "%", True, 0)
    # the Overview: weakest touchpoint first (higher is better), with n and the same interval
    summary = overview.touchpoint_summary(ds, "csat_top", min_n=1)
    assert summary["touchpoint"].tolist() == ["Shop", "App"] and summary["value"].tolist() == [20.0, 40.0]
    assert (summary["ci_low"].iloc[0], summary["ci_high"].iloc[0]) == pytest.approx(wilson(2, 10))
    assert overview.summary_label(ds, "csat_top") == ("Top box (%)", "%", True)
    # the friction hotspots: a metric naming a friction component is one, weighted like the others
    assert friction.available_components(ds) == ["low_satisfaction", "very_unhappy"]
    assert friction.COMPONENTS["very_unhappy"] == "Very unhappy (lowest answer)"
    spots = friction.friction_hotspots(ds, min_n=1).set_index("touchpoint")
    # App: bottom two boxes 2,1,1 = 30%, ones 2 = 20% -> friction 25; Shop: 2,2,1 = 30%, one 1 = 10% -> 20
    assert spots.loc["App", ["low_satisfaction", "very_unhappy", "friction"]].tolist() == [30.0, 20.0, 25.0]
    assert spots.loc["Shop", ["low_satisfaction", "very_unhappy", "friction"]].tolist() == [30.0, 10.0, 20.0]
    assert friction.hotspot_drivers(spots.reset_index().iloc[0])["component"].tolist() == [
        "low_satisfaction", "very_unhappy"]
    # and a customer-group ranking (data without touchpoints) takes it like any metric
    groups = journey.segment_hotspots(ds, "csat_top", min_n=1)
    assert set(groups["segment"]) == {"persona"}
    assert groups.set_index("group").loc["A", "value"] == 40.0  # 4 fives of A's 10 answers


def test_registered_metrics_leave_the_built_in_ones_alone(ds, toy_metrics):
    registry.unregister("csat_top")
    registry.unregister("csat_one")
    assert "csat_top" not in journey.available_metrics(ds)
    assert friction.available_components(ds) == ["low_satisfaction"]
    registry.register(toy_metrics[0])  # the fixture removes them again
    registry.register(toy_metrics[1])


def test_register_refuses_what_cannot_work():
    with pytest.raises(ValueError, match="already exists"):
        registry.register(Metric("csat", "Again", "csat", MEAN, "", ""))
    with pytest.raises(ValueError, match="already exists"):
        registry.register(Metric("rate:Churn", "Churn", "Churn", MEAN, "", ""))
    with pytest.raises(ValueError, match="unknown metric kind"):
        registry.register(Metric("median", "Median", "csat", "median", "", ""))
    with pytest.raises(ValueError, match="hit function"):
        registry.register(Metric("share", "Share", "csat", PROPORTION, "%", ""))
    with pytest.raises(ValueError, match="built-in"):
        registry.unregister("nps")
    with pytest.raises(ValueError, match="unknown metric 'happiness'"):
        registry.spec("happiness")


def test_the_built_in_metrics_and_what_they_say():
    assert registry.listed() == ["csat", "mean_csat", "nps", "ces", "high_effort", "rating", "sentiment",
                                 "complaint", "abandoned", "volume"]
    assert registry.friction_components() == {
        "low_satisfaction": ["low_csat", "low_rating"], "high_effort": ["high_effort"], "detractors": ["detractors"],
        "negative_sentiment": ["negative_sentiment"], "complaint_rate": ["complaint"], "abandon_rate": ["abandoned"]}
    # every score column has a mean or NPS metric, and the flags a rate
    scored = {m.column for m in registry.METRICS.values() if m.kind in (MEAN, NPS)}
    assert scored == set(registry.SCORE_COLUMNS)
    assert {m.column for m in registry.METRICS.values() if m.column in registry.FLAG_COLUMNS} == {"complaint",
                                                                                                  "abandoned"}
    assert registry.default_scale("ces") == {"min": 1, "max": 7, "higher_is_better": False}
    assert registry.fixed_scale("sentiment") == {"min": -1, "max": 1, "higher_is_better": True}
    assert registry.fixed_scale("csat") is None and registry.default_scale("comment") is None
    intervals = {k: m.interval for k, m in registry.METRICS.items() if m.listed}
    assert intervals["csat"] == "wilson" and intervals["nps"] == "nps_se" and intervals["ces"] == "normal_mean"
    assert intervals["volume"] == "none"
    spec = registry.spec
    assert [spec("csat").format(63.4), spec("nps").format(4.2), spec("ces").format(3.3134), spec("volume").format(5804),
            spec("rating").format(math.nan)] == ["63%", "+4", "3.31", "5,804", "–"]
    churn = spec("rate:Churn")
    assert (churn.column, churn.kind, churn.unit, registry.rate_column("rate:Churn")) == ("Churn", PROPORTION, "%",
                                                                                          "Churn")
    assert registry.MIN_N == 30 and journey.MIN_N == friction.MIN_N == overview.MIN_N == registry.MIN_N


def test_metric_by_group_is_the_formulas_of_cxlens_metrics_per_group(ds):
    fb = ds.feedback
    tp = fb["touchpoint"]
    table = metric_by_group(fb, "csat", [tp], ds)
    table.index = table.index.astype("object")
    # CSAT = top two boxes (4-5): App 6 of 10, Shop 5 of 10; the same numbers as cxlens.metrics.csat per group
    for name, answers in (("App", APP), ("Shop", SHOP)):
        expected = metrics.csat(answers, {"min": 1, "max": 5, "higher_is_better": True})
        assert tuple(table.loc[name]) == pytest.approx((expected.value, expected.n, expected.ci_low, expected.ci_high))
    means = metric_by_group(fb, "mean_csat", [tp], ds)
    means.index = means.index.astype("object")
    assert means.loc["App", "value"] == pytest.approx(sum(APP) / 10) and means.loc["Shop", "value"] == 3.3
    e = metrics.mean_score(SHOP)
    assert (means.loc["Shop", "ci_low"], means.loc["Shop", "ci_high"]) == pytest.approx((e.ci_low, e.ci_high),
                                                                                        abs=1e-12)
    both = metric_by_group(fb, "csat", [tp, fb["persona"]], ds)
    both.index = [(str(a), str(b)) for a, b in both.index]
    assert both["n"].to_dict() == {("App", "A"): 5, ("App", "B"): 5, ("Shop", "A"): 5, ("Shop", "B"): 5}
    assert both["value"].to_dict() == {("App", "A"): 100.0, ("App", "B"): 20.0, ("Shop", "A"): 80.0,
                                       ("Shop", "B"): 20.0}
    everyone = overall_estimate(fb, "csat", ds)
    assert (everyone.value, everyone.n) == (55.0, 20)
