"""Prioritisation frameworks against a 5-item fixture computed by hand."""

import math

import pandas as pd
import pytest

from cxlens import prioritisation as pr

OPPS = pd.DataFrame({
    "opportunity": ["A", "B", "C", "D", "E"],
    "customer_value": [8, 6, 2, 9, 3],
    "business_value": [6, 6, 4, 9, 1],
    "effort": [2, 6, 8, 9, 1],
    "confidence": [0.8, 0.5, 0.9, 0.6, 1.0],
    "reach": [1000, 5000, 200, 3000, 100],
})
# blended value (w = 0.5): A 7, B 6, C 3, D 9, E 2


def _ranks(method):
    out = pr.prioritise(OPPS, method)
    return dict(zip(out["opportunity"], out["rank"])), dict(zip(out["opportunity"], out["score"]))


def test_value_effort():
    ranks, scores = _ranks("value_effort")
    assert scores == pytest.approx({"A": 3.5, "B": 1.0, "C": 0.375, "D": 1.0, "E": 2.0})
    assert ranks == {"A": 1, "E": 2, "B": 3, "D": 3, "C": 5}  # B and D tie and share rank 3


def test_rice():
    ranks, scores = _ranks("rice")
    assert scores == pytest.approx({"A": 2800, "B": 2500, "C": 67.5, "D": 1800, "E": 200})
    assert ranks == {"A": 1, "B": 2, "D": 3, "E": 4, "C": 5}


def test_ice_product_and_mean():
    ranks, scores = _ranks("ice")
    assert scores == pytest.approx({"A": 504, "B": 150, "C": 81, "D": 108, "E": 200})
    assert ranks == {"A": 1, "E": 2, "B": 3, "D": 4, "C": 5}
    ranks, scores = _ranks("ice_mean")
    assert scores == pytest.approx({"A": 8, "B": 16 / 3, "C": 5, "D": 17 / 3, "E": 22 / 3})
    assert ranks == {"A": 1, "E": 2, "D": 3, "B": 4, "C": 5}


def test_wsjf_uses_criticality_and_risk_when_present():
    with_extra = OPPS.assign(time_criticality=[0, 0, 9, 0, 0], risk_reduction=[0, 0, 9, 0, 0])
    out = pr.prioritise(with_extra, "wsjf").set_index("opportunity")
    assert out.loc["C", "score"] == pytest.approx((3 + 9 + 9) / 8)
    assert out.loc["A", "score"] == pytest.approx(7 / 2)


def test_customer_weight_changes_value():
    out = pr.prioritise(OPPS, "value_effort", weights={"customer": 1.0}).set_index("opportunity")
    assert out.loc["E", "value"] == 3 and out.loc["E", "score"] == pytest.approx(3.0)


def test_quadrants_at_the_median_boundaries():
    out = pr.prioritise(OPPS).set_index("opportunity")
    # value median 6, effort median 6; B sits on both lines: high means above the line, so B is low value
    # and low effort (a fill-in), and is marked as on both lines
    assert out["quadrant"].to_dict() == {"A": "Quick win", "B": "Fill-in", "C": "Money pit", "D": "Big bet",
                                         "E": "Fill-in"}
    assert out["on_line"].to_dict() == {"A": "", "B": "value and effort", "C": "", "D": "", "E": ""}
    fixed = pr.prioritise(OPPS, value_threshold=7, effort_threshold=7).set_index("opportunity")
    assert fixed["quadrant"]["B"] == "Fill-in" and fixed["quadrant"]["D"] == "Big bet"
    # A has value 7 = the value line: low value (a fill-in, not a quick win), on the value line
    assert (fixed.at["A", "quadrant"], fixed.at["A", "on_line"]) == ("Fill-in", "value")


def test_tie_rule_one_line_at_a_time():
    # value line 5 (median of 3, 5, 8), effort line 4 (median of 2, 4, 6)
    opps = pd.DataFrame({"opportunity": ["hot fix", "middle value", "cheap"], "customer_value": [8, 5, 3],
                         "business_value": [8, 5, 3], "effort": [4, 6, 2], "confidence": [1.0] * 3,
                         "reach": [1] * 3})
    out = pr.prioritise(opps).set_index("opportunity")
    # effort exactly on the effort line counts as low effort: high value + on the effort line = Quick win
    assert (out.at["hot fix", "quadrant"], out.at["hot fix", "on_line"]) == ("Quick win", "effort")
    # value exactly on the value line counts as low value: with high effort a Money pit
    assert (out.at["middle value", "quadrant"], out.at["middle value", "on_line"]) == ("Money pit", "value")
    assert (out.at["cheap", "quadrant"], out.at["cheap", "on_line"]) == ("Fill-in", "")
    assert "High means above the line" in pr.TIE_RULE


def test_medians_come_from_the_plotted_items_only():
    # plotted: values 7, 6, 3, 9, 2 (median 6), efforts 2, 6, 8, 9, 1 (median 6)
    unplotted = pd.DataFrame({"opportunity": ["cand 1", "cand 2", "cand 3"], "customer_value": [1.0, 1.0, 1.0],
                              "business_value": [float("nan")] * 3, "effort": [float("nan")] * 3,
                              "confidence": [0.5] * 3, "reach": [10] * 3})
    effort_only = pd.DataFrame({"opportunity": ["sized"], "customer_value": [float("nan")],
                                "business_value": [float("nan")], "effort": [10.0], "confidence": [0.5],
                                "reach": [1]})
    before = pr.prioritise(OPPS).set_index("opportunity")
    after = pr.prioritise(pd.concat([OPPS, unplotted, effort_only], ignore_index=True)).set_index("opportunity")
    assert pr.thresholds(after["value"], after["effort"]) == (6.0, 6.0)  # with every value: (3.5 + 6) / 2, 7
    for name in OPPS["opportunity"]:
        assert after.at[name, "quadrant"] == before.at[name, "quadrant"], name
    assert set(after.loc[["cand 1", "cand 2", "cand 3", "sized"], "quadrant"]) == {"Not scored"}
    # given thresholds are used as they are
    assert pr.thresholds(after["value"], after["effort"], 4.0, 3.0) == (4.0, 3.0)


def test_scores_on_a_one_to_five_scale():
    from cxlens.opportunity_scales import Scale, scales_for

    five = scales_for({"customer_value": Scale(1, 5), "business_value": Scale(1, 5), "effort": Scale(1, 5)})
    opps = pd.DataFrame({"opportunity": ["P", "Q"], "customer_value": [5, 2], "business_value": [3, 2],
                         "effort": [1, 5], "confidence": [0.8, 0.5], "reach": [100, 100],
                         "goal_alignment": [1.0, 0.0]})
    out = pr.prioritise(opps, "ice", scales=five).set_index("opportunity")
    # value P = 4, Q = 2; ease = 1 + 5 - effort: P 5, Q 1; ICE = value x (5 x confidence) x ease
    assert out.at["P", "score"] == pytest.approx(4 * 4 * 5)
    assert out.at["Q", "score"] == pytest.approx(2 * 2.5 * 1)
    mean = pr.prioritise(opps, "ice_mean", scales=five).set_index("opportunity")
    assert mean.at["P", "score"] == pytest.approx((4 + 4 + 5) / 3)
    # goal blend on 1-5: business value used = (1 - g) x bv + g x (1 + 4 x alignment)
    blended = pr.prioritise(opps, weights={"goal": 0.5}, scales=five).set_index("opportunity")
    assert blended.at["P", "business_value_used"] == pytest.approx(0.5 * 3 + 0.5 * 5)
    assert blended.at["Q", "business_value_used"] == pytest.approx(0.5 * 2 + 0.5 * 1)
    assert "5 × confidence" in pr.scale_formulas(five)["ice"] and "ease = 6 − effort" in pr.scale_formulas(five)["ice"]


def test_business_value_on_another_scale_is_put_on_the_value_scale():
    from cxlens.opportunity_scales import Scale, scales_for

    mixed = scales_for({"customer_value": Scale(1, 5), "business_value": Scale(0, 100), "effort": Scale(1, 5)})
    opps = pd.DataFrame({"opportunity": ["P"], "customer_value": [3], "business_value": [50], "effort": [2],
                         "confidence": [0.5], "reach": [1]})
    out = pr.prioritise(opps, scales=mixed).iloc[0]
    # 50 on 0-100 -> 1 + 50 x 4 / 100 = 3 on 1-5; value = (3 + 3) / 2 = 3
    assert out["business_value_used"] == pytest.approx(3.0) and out["value"] == pytest.approx(3.0)


def test_missing_inputs_are_not_scored():
    opps = OPPS.copy()
    opps.loc[0, "effort"] = float("nan")
    out = pr.prioritise(opps).set_index("opportunity")
    assert math.isnan(out.loc["A", "score"]) and out.loc["A", "quadrant"] == "Not scored"
    assert math.isnan(out.loc["A", "rank"])


def test_kendall_tau_b_known_value():
    # value/effort ranks (A..E) 1,3,5,3,2 vs RICE 1,2,5,3,4: 7 concordant, 2 discordant, 1 tie in x
    assert pr.kendall_tau([1, 3, 5, 3, 2], [1, 2, 5, 3, 4]) == pytest.approx(5 / math.sqrt(90))
    assert pr.kendall_tau([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    agreement = pr.rank_agreement(pr.compare_methods(OPPS))
    assert agreement.loc["value_effort", "rice"] == pytest.approx(5 / math.sqrt(90))
    assert agreement.loc["rice", "rice"] == pytest.approx(1.0)


def test_sensitivity_marks_stable_and_fragile_items():
    opps = pd.DataFrame({"opportunity": ["W", "X", "Y", "Z"], "customer_value": [10, 10, 1, 5],
                         "business_value": [10, 1, 10, 5], "effort": [1, 5, 5, 5], "confidence": [1.0] * 4,
                         "reach": [1] * 4})
    # W scores 10 at every weight; X = (1 + 9w)/5 beats Y = (10 - 9w)/5 when w > 0.5 (tie at 0.5); Z = 1
    out = pr.sensitivity(opps, "value_effort", top=2).set_index("opportunity")
    assert out.loc["W", "verdict"] == "stays in top 2"
    assert out.loc["X", "in_top_share"] == pytest.approx(6 / 11) and out.loc["X", "verdict"] == "fragile"
    assert out.loc["Y", "in_top_share"] == pytest.approx(6 / 11)
    assert out.loc["Z", "verdict"] == "never in top 2"
    assert out.loc["W", "settings"] == 11


def test_hotspot_candidates_carry_their_evidence(sample_dataset):
    from cxlens import backlog, friction

    spots = friction.friction_hotspots(sample_dataset)
    cands = backlog.opportunities_from_hotspots(spots, sample_dataset, top=3)
    ranked = spots[~spots["too_few"]].sort_values("rank").head(3)
    assert list(cands["touchpoint"]) == list(ranked["touchpoint"].astype(str))
    first, top = cands.iloc[0], ranked.iloc[0]
    assert first["origin"] == "hotspot" and first["evidence"]["answers (n)"] == int(top["n"])
    assert first["reach"] == top["volume"]
    # customer value scales with customers affected: the most affected candidate scores 10
    best = cands.loc[cands["reach"].notna()].sort_values("customer_value").iloc[-1]
    assert best["customer_value"] == 10.0
    assert first["confidence"] == pytest.approx(0.5 + 0.4 * min(int(top["n"]), 400) / 400, abs=0.01)
    assert len(first["evidence"]["verbatims"]) <= 3


def test_wsjf_inputs_load_from_the_opportunities_sheet():
    import io

    import cxlens
    from cxlens import backlog as bl
    from cxlens import prioritisation as pr

    sheet = pd.DataFrame({"Opportunity": ["Callback", "New app"], "Business value": [8, 6], "Effort": [2, 8],
                          "Time criticality (0-10)": [6, None], "Risk reduction & opportunity enablement": [2, 4]})
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        sheet.to_excel(xw, sheet_name="Opportunities", index=False)
    ds = cxlens.load(buf.getvalue(), filename="backlog.xlsx")
    backlog = bl.from_sheet(ds.opportunities)
    assert backlog["time_criticality"].tolist()[0] == 6.0 and pd.isna(backlog["time_criticality"].iloc[1])
    assert backlog["risk_reduction"].tolist() == [2.0, 4.0]
    # WSJF = (business value + time criticality + risk reduction) / job size; blank counts as 0
    ranked = pr.prioritise(backlog, "wsjf").set_index("opportunity")
    assert ranked.loc["Callback", "score"] == pytest.approx((8 + 6 + 2) / 2)
    assert ranked.loc["New app", "score"] == pytest.approx((6 + 0 + 4) / 8)


def test_matrix_labels_move_aside_instead_of_overlapping():
    from cxlens.opportunity_figures import label_positions

    xs = pd.Series([2.0, 2.5, 8.0, 9.8, 2.2], index=list("abcde"))
    ys = pd.Series([8.0, 7.9, 8.0, 3.0, 7.8], index=list("abcde"))
    pos = label_positions(xs, ys, x_span=10, y_span=10, right_edge=8.5)
    # a (highest) keeps the top; b, right under it, goes below; e, between both, finds every slot
    # taken (top, bottom and right all within a label of a's or b's) and stays on top
    assert pos["a"] == "top center" and pos["b"] == "bottom center" and pos["e"] == "top center"
    assert pos["c"] == "top center"  # far from the others
    assert pos["d"] == "top left"  # near the right edge: grows leftwards
    pair = label_positions(pd.Series([5.0, 5.2, 5.0]), pd.Series([5.0, 4.7, 2.0]), x_span=10, y_span=10,
                           right_edge=8.5)
    assert pair.tolist() == ["top center", "bottom center", "top center"]  # the third is far below


def test_matrix_keys_number_bubbles_by_value_then_effort_then_name():
    from cxlens.opportunity_figures import matrix_keys

    items = pd.DataFrame({"opportunity": ["Zeta", "Alpha", "Beta", "Gamma", "Unscored"],
                          "value": [7.0, 7.0, 9.0, 7.0, None], "effort": [3.0, 3.0, 8.0, 1.0, 2.0]})
    # Beta has the highest value; of the three at 7, Gamma needs least effort, then Alpha and Zeta
    # tie on effort and go by name; the unscored item is not on the matrix and gets no number.
    assert matrix_keys(items).tolist() == [4, 3, 1, 2, pd.NA]


def test_numbered_matrix_shows_numbers_and_keeps_names_in_the_hover():
    from cxlens.opportunity_figures import matrix_figure, matrix_keys

    items = pd.DataFrame({"opportunity_id": ["a", "b", "c"], "opportunity": ["<b>Callback</b>", "App", "Bill"],
                          "value": [8.0, 3.0, 6.0], "effort": [2.0, 9.0, 5.0], "reach": [100, 50, 10],
                          "stage": ["Support", "Use", "Use"]})
    keys = matrix_keys(items)
    fig = matrix_figure(items, x_threshold=5, y_threshold=5, keys=keys)
    labels = {d.customdata[i][0]: (d.text[i], d.hovertext[i]) for d in fig.data for i in range(len(d.x))}
    assert {k: v[0] for k, v in labels.items()} == {"a": "1", "c": "2", "b": "3"}
    assert labels["a"][1].startswith("#1 <b>&lt;b&gt;Callback&lt;/b&gt;</b>")  # the name, escaped, in the hover
    named = matrix_figure(items, x_threshold=5, y_threshold=5)
    assert sorted(t for d in named.data for t in d.text) == ["&lt;b&gt;Callback&lt;/b&gt;", "App", "Bill"]


def test_sheet_ideas_get_their_touchpoints_hotspot_evidence(sample_dataset):
    from cxlens import backlog, friction

    spots = friction.friction_hotspots(sample_dataset)
    sheet = backlog.from_sheet(sample_dataset.opportunities)
    linked = backlog.link_evidence(sheet, spots, sample_dataset).set_index("opportunity")
    item = linked.loc["Offer a phone callback button in support chat"]
    chat = spots.set_index("touchpoint").loc["Support chat"]
    ev = item["evidence"]
    assert ev["touchpoint"] == "Support chat" and ev["answers (n)"] == int(chat["n"])
    assert ev["friction"].startswith(f"{chat['friction']:.0f}% (95% interval {chat['friction_low']:.0f}-")
    assert 1 <= len(ev["verbatims"]) <= 3
    row = spots[spots["touchpoint"].astype(str) == "Support chat"].iloc[0]
    assert ev == backlog.hotspot_evidence(row, sample_dataset)  # the evidence a generated candidate carries
    # every sheet idea whose touchpoint is in the hotspot table is linked; case and spacing are ignored
    odd = sheet.assign(touchpoint=sheet["touchpoint"].astype(str).str.upper() + "  ")
    relinked = backlog.link_evidence(odd, spots, sample_dataset)
    assert relinked["evidence"].map(lambda e: isinstance(e, dict)).all()
    # an item with its own evidence keeps it; an unknown touchpoint stays without evidence
    mine = sheet.head(2).copy()
    mine["evidence"] = [{"note": "kept"}, None]
    mine.loc[1, "touchpoint"] = "Nowhere"
    kept = backlog.link_evidence(mine, spots, sample_dataset)
    assert kept.loc[0, "evidence"] == {"note": "kept"} and kept.loc[1, "evidence"] is None


def test_hotspot_candidates_are_scored_on_the_customer_value_scale(sample_dataset):
    from cxlens import backlog, friction
    from cxlens.opportunity_scales import Scale

    spots = friction.friction_hotspots(sample_dataset)
    ten = backlog.opportunities_from_hotspots(spots, sample_dataset, top=3)
    five = backlog.opportunities_from_hotspots(spots, sample_dataset, top=3, scale=Scale(1, 5))
    # the most affected candidate is the top of the scale: 10 on 1-10, 5 on 1-5; 1 + 9s <-> 1 + 4s
    assert ten["customer_value"].max() == 10.0 and five["customer_value"].max() == 5.0
    share = (ten["customer_value"] - 1) / 9
    assert five["customer_value"].tolist() == pytest.approx((1 + 4 * share).round(1).tolist(), abs=0.06)
    words = backlog.opportunities_from_hotspots(spots, sample_dataset, top=3, scale=Scale(1, 3, ("Low", "Medium", "High")))
    assert set(words["customer_value"]) <= {1.0, 2.0, 3.0}
