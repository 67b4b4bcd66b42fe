"""Theme impact (cxlens/theme_effects.py) and key drivers (cxlens/drivers.py), issue #17 parts 3 and 4:
values computed by hand on tiny tables, relative weights against exact Shapley/LMG, the real airline file."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

import cxlens
from cxlens import drivers, periods, theme_effects
from cxlens.text_signals import NO_THEME, Themes

sm_prop = pytest.importorskip("statsmodels.stats.proportion", reason="statsmodels is a dev-only oracle")
from statsmodels.regression.linear_model import OLS  # noqa: E402
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW  # noqa: E402

Z = 1.959963984540054

# ----------------------------------------------------------------------------- theme impact on 14 answers
# rows 0-3: theme 1; rows 4-6: theme 2; rows 7-9: comments in no theme; rows 10-13: no comment.
NPS = [2, 5, 9, 10, 9, 9, 10, 7, 3, 8, 10, 10, 6, 8]
CSAT = [1, 2, 4, 5, 5, 4, 4, 3, 1, 5, 5, 5, 2, 4]
THEME = [1, 1, 1, 1, 2, 2, 2, NO_THEME, NO_THEME, NO_THEME]


def _impact_data() -> tuple[cxlens.Dataset, Themes]:
    lines = ["Response ID,Touchpoint,CSAT (1-5),Likelihood to recommend (0-10),Comment"]
    for i, (n, c) in enumerate(zip(NPS, CSAT)):
        comment = f"comment number {i} about the bill" if i < len(THEME) else ""
        lines.append(f"R{i:02d},Billing,{c},{n},{comment}")
    ds = cxlens.load("\n".join(lines).encode(), filename="impact.csv")
    assert list(ds.feedback["nps"]) == NPS and list(ds.feedback["csat"]) == CSAT
    table = pd.DataFrame({"theme": [1, 2], "label": ["bill · wrong", "app · easy"], "terms": ["", ""],
                          "size": [4, 3], "share": [40.0, 30.0], "sentiment": [np.nan, np.nan],
                          "n_scored": [0, 0], "examples": [[], []]})
    assignment = pd.Series(THEME, index=ds.feedback.index[: len(THEME)], name="theme")
    return ds, Themes(table, assignment, len(THEME), 2)


def test_theme_impact_nps_by_hand():
    ds, themes = _impact_data()
    out = theme_effects.theme_impact(ds, themes, "nps", min_n=1).set_index("theme")
    one = out.loc[1]
    # theme 1: 2, 5, 9, 10 -> 2 promoters, 2 detractors of 4: NPS 0
    # rest (the 6 other comments): 9, 9, 10, 7, 3, 8 -> 3 promoters, 1 detractor: NPS 33.33
    assert (one["n_theme"], one["n_rest"]) == (4, 6)
    assert one["value_theme"] == pytest.approx(0.0) and one["value_rest"] == pytest.approx(100 / 3)
    se = math.sqrt(100 ** 2 * (0.5 + 0.5 - 0) / 4 + 100 ** 2 * (3 / 6 + 1 / 6 - (2 / 6) ** 2) / 6)
    assert one["diff"] == pytest.approx(-100 / 3)
    assert (one["ci_low"], one["ci_high"]) == (pytest.approx(-100 / 3 - Z * se), pytest.approx(-100 / 3 + Z * se))
    # overall over all 14 answers: 7 promoters, 4 detractors -> 21.43; the theme's 4 answers scoring
    # like the rest would add 4/14 x 33.33 = 9.52 points
    assert one["overall"] == pytest.approx(300 / 14) and one["n_overall"] == 14
    assert one["impact"] == pytest.approx(4 / 14 * 100 / 3)
    assert one["overall_if_like_rest"] == pytest.approx(300 / 14 + 4 / 14 * 100 / 3)
    assert (one["impact_low"], one["impact_high"]) == (pytest.approx(4 / 14 * (100 / 3 - Z * se)),
                                                       pytest.approx(4 / 14 * (100 / 3 + Z * se)))
    # theme 2: 9, 9, 10 (NPS 100) vs 2, 5, 9, 10, 7, 3, 8 (2 promoters, 3 detractors: -14.29): it lifts the score
    two = out.loc[2]
    assert two["diff"] == pytest.approx(100 + 100 / 7)
    assert two["impact"] == pytest.approx(-3 / 14 * (100 + 100 / 7))
    assert list(out.index) == [1, 2]  # ranked by impact: the theme that costs points first


def test_theme_impact_csat_share_and_mean_match_the_oracle():
    ds, themes = _impact_data()
    share = theme_effects.theme_impact(ds, themes, "csat", min_n=1).set_index("theme").loc[1]
    # top-2-box (4-5): theme 1 has 2 of 4 (50%), the rest 4 of 6 (66.7%); overall 9 of 14
    lo, hi = sm_prop.confint_proportions_2indep(2, 4, 4, 6, method="newcomb", compare="diff")
    assert (share["value_theme"], share["value_rest"]) == (pytest.approx(50.0), pytest.approx(200 / 3))
    assert (share["ci_low"], share["ci_high"]) == (pytest.approx(100 * lo), pytest.approx(100 * hi))
    assert share["overall"] == pytest.approx(900 / 14)
    assert share["impact"] == pytest.approx(4 / 14 * (200 / 3 - 50))
    mean = theme_effects.theme_impact(ds, themes, "mean_csat", min_n=1).set_index("theme").loc[1]
    a, b = np.array([1, 2, 4, 5.0]), np.array([5, 4, 4, 3, 1, 5.0])
    wlo, whi = CompareMeans(DescrStatsW(a), DescrStatsW(b)).tconfint_diff(usevar="unequal")
    assert (mean["value_theme"], mean["value_rest"]) == (pytest.approx(3.0), pytest.approx(22 / 6))
    assert (mean["ci_low"], mean["ci_high"]) == (pytest.approx(wlo), pytest.approx(whi))
    assert mean["impact"] == pytest.approx(4 / 14 * (22 / 6 - 3))


def test_theme_impact_too_few_answers_are_listed_last_without_an_interval():
    ds, themes = _impact_data()
    out = theme_effects.theme_impact(ds, themes, "nps")  # min_n = 30: every theme is too small to judge
    assert out["too_few"].all()
    assert out["ci_low"].isna().all() and out["impact_low"].isna().all() and not out["significant"].any()
    assert out.loc[0, "impact"] == pytest.approx(4 / 14 * 100 / 3)  # the point value is still there


def test_theme_impact_without_comments_or_a_score():
    ds = cxlens.load(b"Touchpoint,CSAT (1-5)\nBilling,4\nBilling,2\n", filename="no_comments.csv")
    assert theme_effects.theme_impact(ds).empty
    with pytest.raises(ValueError, match="count"):
        theme_effects.theme_impact(ds, metric="volume")
    ds, themes = _impact_data()
    assert theme_effects.impact_metric(ds) == "nps"


# ----------------------------------------------------------------------------- relative weights


def _r2(x: np.ndarray, y: np.ndarray, cols: list[int]) -> float:
    if not cols:
        return 0.0
    return float(OLS(y, np.column_stack([np.ones(len(y)), x[:, cols]])).fit().rsquared)


def _lmg(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Exact Shapley/LMG: each driver's gain in R², averaged over every order of entry."""
    p = x.shape[1]
    out = np.zeros(p)
    for j in range(p):
        others = [k for k in range(p) if k != j]
        for size in range(p):
            for subset in itertools.combinations(others, size):
                w = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
                out[j] += w * (_r2(x, y, [*subset, j]) - _r2(x, y, list(subset)))
    return out


@pytest.mark.parametrize("seed", [7, 11])
def test_relative_weights_are_close_to_exact_shapley_and_sum_to_r2(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(200, 4))
    x = np.column_stack([z[:, 0], 0.6 * z[:, 0] + 0.8 * z[:, 1], 0.3 * z[:, 1] + z[:, 2], z[:, 3]])
    y = x @ np.array([1.0, 0.5, 0.3, 0.1]) + rng.normal(size=200)
    weights, r2 = drivers.relative_weights(x, y)
    assert r2 == pytest.approx(_r2(x, y, [0, 1, 2, 3]), abs=1e-12)
    assert weights.sum() == pytest.approx(r2, abs=1e-12) and (weights >= 0).all()
    assert weights == pytest.approx(_lmg(x, y), abs=0.01)


def test_relative_weights_by_hand():
    # uncorrelated drivers: each weight is its squared correlation with y (Shapley gives the same)
    x1 = np.array([1, -1, 1, -1, 1, -1, 1, -1.0])
    x2 = np.array([1, 1, -1, -1, 1, 1, -1, -1.0])
    noise = np.array([1, 1, 1, 1, -1, -1, -1, -1.0])  # orthogonal to both
    y = 2 * x1 + x2 + noise
    weights, r2 = drivers.relative_weights(np.column_stack([x1, x2]), y)
    assert weights == pytest.approx([4 / 6, 1 / 6]) and r2 == pytest.approx(5 / 6)
    # y is one driver exactly, the other is unrelated: all of R² = 1 goes to the first
    weights, r2 = drivers.relative_weights(np.column_stack([x1, x2]), x1.copy())
    assert weights == pytest.approx([1.0, 0.0], abs=1e-12) and r2 == pytest.approx(1.0)
    # a driver that copies another (singular correlations): the two share its weight
    weights, r2 = drivers.relative_weights(np.column_stack([x1, x1, x2]), y)
    assert weights == pytest.approx([2 / 6, 2 / 6, 1 / 6]) and r2 == pytest.approx(5 / 6)


def test_default_event():
    assert drivers.default_event(["neutral or dissatisfied", "satisfied"]) == "satisfied"
    assert drivers.default_event(["Attrited Customer", "Existing Customer"]) == "Attrited Customer"
    assert drivers.default_event(["A", "B"]) == "B"


# ----------------------------------------------------------------------------- key drivers of a dataset


def _survey(n: int = 60, outcome=None) -> cxlens.Dataset:
    """A wide survey: seat 1-5, food 1-4 and wifi 1, 3 or 5 in a full factorial (uncorrelated); satisfied
    when the seat is rated 4 or 5."""
    lines = ["id,Seat comfort,Food and drink,Inflight wifi,Class,satisfaction"]
    for i in range(n):
        seat, food, wifi = 1 + i % 5, 1 + (i // 5) % 4, 1 + 2 * ((i // 20) % 3)
        sat = outcome(i) if outcome else ("satisfied" if seat >= 4 else "neutral or dissatisfied")
        lines.append(f"{i + 1},{seat},{food},{wifi},{'Eco' if i % 2 else 'Business'},{sat}")
    return cxlens.load("\n".join(lines).encode(), filename="survey.csv")


def test_key_drivers_on_a_hand_checked_survey():
    ds = _survey()
    assert drivers.is_ratings_survey(ds) and drivers.outcome_options(ds)[0] == "satisfaction"
    result = drivers.driver_analysis(ds, "satisfaction")
    t = result.table.set_index("driver")
    assert (result.shape, result.n, result.event, result.scale) == ("ratings", 60, "satisfied", (1.0, 5.0))
    # only the seat is related to the outcome: r = cov / (sd sd) = 0.6 / sqrt(2 x 0.24) = 0.866, R² = 0.75
    assert result.r2 == pytest.approx(0.75)
    assert t.loc["Seat comfort", "r"] == pytest.approx(0.6 / math.sqrt(0.48))
    assert t["importance"].to_dict() == pytest.approx({"Seat comfort": 1.0, "Food and drink": 0.0,
                                                       "Inflight wifi": 0.0}, abs=1e-9)
    assert list(result.table["driver"])[0] == "Seat comfort" and list(result.table["rank"]) == [1, 2, 3]
    assert (t["ci_low"] <= t["importance"] + 1e-12).all() and (t["importance"] <= t["ci_high"] + 1e-12).all()
    assert result.r2_low <= result.r2 <= result.r2_high
    # performance = mean rating: seat 3.0, food 2.5, wifi 3.0 (mean 2.83); only the seat is important
    assert t["performance"].to_dict() == pytest.approx({"Seat comfort": 3.0, "Food and drink": 2.5,
                                                        "Inflight wifi": 3.0})
    assert t["quadrant"].to_dict() == {"Seat comfort": "Keep strong", "Food and drink": "Watch",
                                       "Inflight wifi": "Maintain"}
    frame = cxlens.key_drivers(ds, "satisfaction", n_boot=0)
    assert frame.attrs["r2"] == pytest.approx(0.75) and frame["ci_low"].isna().all()


def test_key_drivers_say_why_when_they_cannot_run():
    few = drivers.driver_analysis(_survey(outcome=lambda i: "satisfied" if i < 12 else "no" if i < 25 else ""),
                                  "satisfaction")
    assert few.table.empty and few.note == "Only 25 respondents have satisfaction = satisfied: at least 30 are needed."
    same = drivers.driver_analysis(_survey(outcome=lambda i: "satisfied"), "satisfaction")
    assert same.table.empty and same.note == ("Every one of the 60 respondents has the same satisfaction = satisfied: "
                                              "nothing to explain.")
    with pytest.raises(ValueError, match="3 different values"):
        drivers.driver_analysis(_survey(outcome=lambda i: "abc"[i % 3]), "satisfaction")
    with pytest.raises(ValueError, match="unknown outcome"):
        drivers.driver_analysis(_survey(), "no such column")


def test_key_drivers_of_attributes_leave_out_rarely_answered_drivers():
    lines = ["Customer,Plan,Tenure months,Support calls,Churn"]
    for i in range(60):
        plan = ["Basic", "Plus", "Pro"][i % 3]
        calls = "" if i % 3 else str(i % 7)  # answered by a third of the rows only
        lines.append(f"C{i},{plan},{1 + (i // 3) % 20},{calls},{1 if plan == 'Basic' else 0}")
    ds = cxlens.load("\n".join(lines).encode(), filename="customers.csv")
    result = drivers.driver_analysis(ds, "Churn")
    assert result.shape == "attributes" and result.n == 60
    assert any(line.startswith("Support calls: answered by only 33%") for line in result.left_out)
    assert "Customer: 60 different values, an identifier or free text rather than groups" in result.left_out
    t = result.table.set_index("driver")
    # churn is exactly "plan = Basic": the plan's two dummies carry all of R² = 1
    assert result.r2 == pytest.approx(1.0) and t.loc["Plan", "importance"] == pytest.approx(1.0, abs=1e-9)
    assert t.loc["Plan", "kind"] == "category" and math.isnan(t.loc["Plan", "performance"])
    # churn by plan: Basic 100%, Plus and Pro 0% (the first of the two in the data's order)
    assert (t.loc["Plan", "high_group"], t.loc["Plan", "high_value"]) == ("Basic", 1.0)
    assert t.loc["Plan", "low_group"] in ("Plus", "Pro") and t.loc["Plan", "low_value"] == 0.0
    assert (t["quadrant"] == "").all()


def test_key_drivers_on_the_airline_file(shared_datasets):
    ds = cxlens.load(shared_datasets / "airline_passenger_satisfaction_test.csv")
    result = drivers.driver_analysis(ds, "satisfaction", n_boot=50)
    t = result.table
    assert result.shape == "ratings" and result.event == "satisfied" and len(t) == 14
    assert t["importance"].sum() == pytest.approx(1.0) and 0.4 < result.r2 < 0.6
    assert t.loc[0, "driver"] == "Online boarding" and t.loc[0, "ci_low"] > t.loc[1, "ci_high"]
    assert t.set_index("driver").loc["Inflight wifi service", "quadrant"] == "Fix first"
    assert ((t["ci_low"] <= t["importance"]) & (t["importance"] <= t["ci_high"])).all()
    assert result.n > 20_000  # passengers who rated every service (0 = not applicable is not a rating)


def test_figures_escape_user_text_and_keep_the_order():
    from cxlens import why_figures

    ds, themes = _impact_data()
    table = theme_effects.theme_impact(ds, themes, "nps", min_n=1)
    table.loc[0, "label"] = "<b>bill</b> · wrong"
    fig = why_figures.impact_figure(table, "NPS points")
    names = list(fig.data[1].y)
    assert names[-1].startswith("1. &lt;b&gt;bill&lt;/b&gt;") and names[0].startswith("2. ")  # rank 1 on top
    # theme 2 surely lifts the score (+114 NPS, 95% interval +53 to +176): the GOOD colour; theme 1's interval
    # includes zero: grey
    assert list(fig.data[1].marker.color) == [why_figures.GOOD, why_figures.NEUTRAL]
    survey = drivers.driver_analysis(_survey(), "satisfaction", n_boot=20)
    quad = why_figures.quadrant_figure(survey.table, survey.scale)
    assert quad.layout.xaxis.title.text == "Performance: mean rating (1-5)"
    assert list(quad.data[0].text) == [d for d in survey.table["driver"]]  # three drivers: all named
    bars = why_figures.drivers_figure(survey.table)
    assert list(bars.data[0].x) == pytest.approx(list(100 * survey.table["importance"][::-1]))


def test_clothing_reviews_drivers_and_theme_impact(shared_datasets):
    ds = cxlens.load(shared_datasets / "womens_ecommerce_clothing_reviews.xlsx")
    options = drivers.outcome_options(ds)
    assert options[:2] == ["rating", "rate:Recommended IND"] and "Clothing ID" not in options  # an id measures nothing
    assert "Clothing ID" not in drivers.candidate_drivers(ds, "rating")
    result = drivers.driver_analysis(ds, "rate:Recommended IND", n_boot=20)
    # department, division, age and helpful votes say little about a recommendation: the page warns (R² < 10%)
    assert result.n > 23_000 and result.r2 < 0.05 and result.event == "1"
    assert theme_effects.impact_metric(ds) == "rating"


def test_theme_impact_on_a_filtered_dataset_keeps_the_themes_and_counts_what_is_left():
    import dataclasses

    ds, themes = _impact_data()
    part = dataclasses.replace(ds, feedback=ds.feedback.iloc[2:])  # rows 0 and 1 (theme 1: NPS 2 and 5) filtered out
    one = theme_effects.theme_impact(part, themes, "nps", min_n=1).set_index("theme").loc[1]
    # theme 1 keeps 9 and 10 (NPS 100) against the same rest (NPS 33.3); overall 12 answers: 7 promoters, 2 detractors
    assert (one["size"], one["share"], one["n_theme"], one["n_rest"]) == (2, 25.0, 2, 6)
    assert one["overall"] == pytest.approx(500 / 12) and one["impact"] == pytest.approx(2 / 12 * (100 / 3 - 100))


def test_backlog_candidates_from_themes_and_drivers_by_hand():
    from cxlens import opportunity_scales as osc
    from cxlens import why_candidates

    ds, themes = _impact_data()
    impact = theme_effects.theme_impact(ds, themes, "nps", min_n=1)
    # theme 1's impact interval includes zero (4/14 x (33.3 ± 114.7)): not a sure cost, no candidate
    assert why_candidates.theme_candidates(impact, themes, "NPS", "NPS points").empty
    sure = impact.assign(impact_low=[1.0, -5.0], impact_high=[18.0, -1.0])
    cands = why_candidates.theme_candidates(sure, themes, "NPS", "NPS points", where={1: ("Billing", "Pay")},
                                            scale=osc.Scale(1, 5))
    (row,) = cands.to_dict("records")
    assert row["opportunity"] == "Fix what customers say about “bill · wrong”" and row["origin"] == "app"
    assert (row["touchpoint"], row["stage"], row["customer_value"]) == ("Billing", "Pay", 5.0)  # the largest: top
    assert row["confidence"] == 0.5  # 0.5 + 0.4 x 4 / 400, to two decimals
    assert row["evidence"]["impact on the overall score"].startswith("+9.52 NPS points (95% interval +1.00 to +18.00)")
    survey = drivers.driver_analysis(_survey(), "satisfaction", n_boot=0)
    assert why_candidates.driver_candidates(survey).empty  # no driver is "Fix first" in the survey
    fix = survey.table.assign(quadrant=["Fix first", "Fix first", "Watch"], importance=[0.6, 0.3, 0.1])
    picked = why_candidates.driver_candidates(dataclasses_replace(survey, table=fix))
    assert list(picked["opportunity"]) == ["Improve Seat comfort", "Improve " + fix.loc[1, "driver"]]
    # customer value on the default 1-10 scale: 1 + 9 x importance / the largest importance
    assert list(picked["customer_value"]) == [10.0, 5.5]
    assert picked.loc[0, "evidence"]["importance"].startswith("60% of what the ratings explain")


def dataclasses_replace(obj, **kw):
    import dataclasses

    return dataclasses.replace(obj, **kw)
