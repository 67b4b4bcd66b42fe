"""The seeded sample data: deterministic, well-formed, and every planted pattern present.

The thresholds below are the figures promised in sample_data/README.md, with a
little slack; if a generator change moves a number outside them, update the
README as well as the test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cxlens import sample  # noqa: E402

CSAT = "CSAT (1-5)"
CES = "Effort (CES 1-7)"
NPS = "Likelihood to recommend (0-10)"

FEEDBACK_HEADERS = [
    "Response ID", "Date", "Journey stage", "Touchpoint", "Channel", "Persona", "Region",
    CSAT, CES, NPS, "Comment",
]
HEADERS = {
    "Touchpoints": ["Touchpoint", "Journey stage", "Stage order", "Channel", "Owner", "Monthly volume"],
    "Feedback": FEEDBACK_HEADERS,
    "Opportunities": [
        "Opportunity", "Touchpoint", "Stage", "Customer value (1-10)", "Business value (1-10)",
        "Effort (1-10)", "Confidence (%)", "Reach (customers/month)", "Cost (EUR)", "Owner",
        "Strategic goal", "Status",
    ],
    "Maturity": ["Rater", "Department", "Date", "Dimension", "Statement", "Score (1-5)"],
    "Strategy": ["Type", "Goal", "Description", "Importance (1-5)"],
}
STAGES = ["Awareness", "Consideration", "Purchase", "Onboarding", "Use", "Support", "Renewal", "Advocacy"]
SENIOR = "Senior / low digital confidence"
FIX = pd.Timestamp("2026-05-01")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return sample.build_sample()


@pytest.fixture(scope="module")
def fb(frames) -> pd.DataFrame:
    df = frames["Feedback"].copy()
    csat = df[CSAT].astype("float64")
    nps = df[NPS].astype("float64")
    df["top2"] = (csat >= 4).astype(float).where(csat.notna())
    df["bottom2"] = (csat <= 2).astype(float).where(csat.notna())
    df["detractor"] = (nps <= 6).astype(float).where(nps.notna())
    df["high_effort"] = (df[CES].astype("float64") >= 5).astype(float).where(df[CES].notna())
    return df


@pytest.fixture(scope="module")
def model() -> dict:
    return json.loads((ROOT / "cxlens" / "data" / "maturity_model.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- #
# Determinism and shape
# --------------------------------------------------------------------------- #
def test_build_is_deterministic(frames):
    again = sample.build_sample()
    assert list(again) == list(frames)
    for name in frames:
        pd.testing.assert_frame_equal(again[name], frames[name])


def test_sheets_and_headers(frames):
    assert list(frames) == ["Touchpoints", "Feedback", "Opportunities", "Maturity", "Strategy"]
    for name, headers in HEADERS.items():
        assert list(frames[name].columns) == headers, name


def test_module_does_not_import_streamlit():
    code = "import sys, cxlens.sample; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_touchpoints(frames):
    tp = frames["Touchpoints"]
    assert 20 <= len(tp) <= 30
    assert tp["Touchpoint"].is_unique
    assert list(dict.fromkeys(tp["Journey stage"])) == STAGES
    for stage, order in zip(tp["Journey stage"], tp["Stage order"]):
        assert STAGES.index(stage) + 1 == order
    assert tp["Stage order"].is_monotonic_increasing
    assert set(tp["Channel"]) <= {"Web", "App", "Phone", "Chat", "Store", "Email"}
    assert tp["Monthly volume"].between(100, 100_000).all()
    assert tp["Monthly volume"].max() >= 10_000
    # Planted governance gap: exactly one touchpoint without an owner.
    unowned = tp.loc[tp["Owner"].isna(), "Touchpoint"].tolist()
    assert unowned == ["Moving home transfer"]


def test_feedback_shape(frames, fb):
    tp = frames["Touchpoints"]
    assert len(fb) >= 6000
    assert fb["Date"].min() == pd.Timestamp("2025-10-01")
    assert fb["Date"].max() == pd.Timestamp("2026-10-31")
    assert (fb["Date"].max() - fb["Date"].min()).days >= 365
    assert fb["Date"].dt.to_period("M").nunique() == 13
    assert fb["Response ID"].str.fullmatch(r"R\d{6}").all()
    # Every touchpoint is known and sits in its own stage.
    stage_of = dict(zip(tp["Touchpoint"], tp["Journey stage"]))
    assert set(fb["Touchpoint"]) == set(stage_of)
    assert (fb["Journey stage"] == fb["Touchpoint"].map(stage_of)).all()
    assert set(fb["Channel"]) == {"Web", "App", "Phone", "Chat", "Store", "Email"}
    # The touchpoint's own channel most of the time.
    main = fb["Touchpoint"].map(dict(zip(tp["Touchpoint"], tp["Channel"])))
    assert (fb["Channel"] == main).mean() > 0.85
    # Personas: 4-5, unequal shares; 4 regions.
    shares = fb.groupby("Response ID")["Persona"].first().value_counts(normalize=True)
    assert 4 <= len(shares) <= 5
    assert shares.max() - shares.min() > 0.1
    assert fb["Region"].nunique() == 4


def test_multi_touchpoint_responses(fb):
    per = fb.groupby("Response ID").agg(
        n=("Touchpoint", "size"),
        tps=("Touchpoint", "nunique"),
        stages=("Journey stage", "nunique"),
        dates=("Date", "nunique"),
        personas=("Persona", "nunique"),
        regions=("Region", "nunique"),
    )
    assert per["n"].between(1, 3).all()
    assert (per["tps"] == per["n"]).all()
    assert 0.10 <= (per["n"] > 1).mean() <= 0.20
    assert (per[["stages", "dates", "personas", "regions"]] == 1).all().all()
    # Ids are issued in date order.
    first = fb.groupby("Response ID")["Date"].first()
    assert first.is_monotonic_increasing


def test_score_ranges_and_blanks(fb):
    for col, lo, hi in ((CSAT, 1, 5), (CES, 1, 7), (NPS, 0, 10)):
        assert str(fb[col].dtype) == "Int64"
        vals = fb[col].dropna()
        assert vals.between(lo, hi).all()
        assert set(vals.unique()) == set(range(lo, hi + 1)), col
    assert 0.015 <= fb[CSAT].isna().mean() <= 0.05
    assert 0.35 <= fb[CES].notna().mean() <= 0.45
    assert 0.03 <= fb[NPS].isna().mean() <= 0.07


def test_scores_move_together(fb):
    scores = fb[[CSAT, CES, NPS]].astype("float64")
    corr = scores.corr()
    assert corr.loc[CSAT, NPS] > 0.6
    assert corr.loc[CSAT, CES] < -0.4
    assert corr.loc[NPS, CES] < -0.4


def test_comments(fb):
    c = fb["Comment"].dropna()
    assert 0.30 <= len(c) / len(fb) <= 0.40
    assert c.nunique() > 1000
    assert not c.str.contains("lorem", case=False).any()
    assert c.str.contains("'", regex=False).sum() >= 5
    assert c.str.contains('"', regex=False).sum() >= 5
    assert c.str.contains("[\U0001F300-\U0001FAFF]", regex=True).sum() >= 3
    html = c[c.str.contains("<b>bold</b> & <script>alert(1)</script>", regex=False)]
    assert len(html) == 1
    # Negative comments go with low scores, praise with high ones.
    low = fb[(fb[CSAT] <= 2) & fb["Comment"].notna()]
    high = fb[(fb[CSAT] >= 4) & fb["Comment"].notna()]
    assert not low["Comment"].str.contains("Would recommend|Keep it up|Thank you!", regex=True).any()
    assert not high["Comment"].str.contains("switching|Please fix this|Nobody seemed to care", regex=True).any()
    # Comments for low scores outnumber their share of rows: unhappy customers write more.
    assert fb.loc[fb[CSAT] <= 2, "Comment"].notna().mean() > fb.loc[fb[CSAT] >= 4, "Comment"].notna().mean()


# --------------------------------------------------------------------------- #
# Planted patterns
# --------------------------------------------------------------------------- #
def test_pattern_a_identity_check_effort(fb):
    idc = fb["Touchpoint"] == "Identity check"
    ces_id = fb.loc[idc, CES].astype(float).mean()
    ces_else = fb.loc[~idc, CES].astype(float).mean()
    assert fb.loc[idc, CES].notna().sum() >= 100
    assert ces_id >= 5.4
    assert 2.8 <= ces_else <= 3.4
    assert fb.loc[idc, CSAT].astype(float).mean() <= fb.loc[~idc, CSAT].astype(float).mean() - 0.6
    # The highest-effort touchpoint among those with enough answers.
    by_tp = fb.groupby("Touchpoint")[CES].agg(["mean", "count"])
    assert by_tp[by_tp["count"] >= 30]["mean"].astype(float).idxmax() == "Identity check"


def test_pattern_b_chat_fails_seniors(fb):
    chat = fb[(fb["Channel"] == "Chat") & (fb["Journey stage"] == "Support")]
    cell = chat.groupby("Persona")["top2"].agg(["mean", "count"])
    assert cell.loc[SENIOR, "count"] >= 60
    assert cell.loc[SENIOR, "mean"] < 0.35
    others = cell.drop(index=SENIOR)
    assert len(others) >= 3
    assert (others["count"] >= 30).all()
    assert (others["mean"] > 0.70).all()
    # Seniors are fine on the phone: the problem is the channel, not the persona.
    hotline_seniors = fb[(fb["Touchpoint"] == "Support hotline") & (fb["Persona"] == SENIOR)]["top2"].mean()
    hotline_all = fb[fb["Touchpoint"] == "Support hotline"]["top2"].mean()
    assert abs(hotline_seniors - hotline_all) < 0.1


def test_pattern_c_small_sample(fb):
    small = fb[fb["Touchpoint"] == "In-store contract change"]
    assert len(small) == 4
    assert small["Response ID"].nunique() == 4
    assert small[CSAT].between(1, 2).all() and small[CSAT].notna().all()
    assert small[NPS].between(0, 3).all() and small[NPS].notna().all()
    assert small["Comment"].notna().all()
    # Looks like the worst touchpoint if sample size is ignored.
    means = fb.groupby("Touchpoint")[CSAT].mean().astype(float)
    assert means.idxmin() == "In-store contract change"
    assert fb["Touchpoint"].value_counts().drop("In-store contract change").min() >= 100


def test_pattern_d_checkout_fix(fb):
    co = fb[fb["Touchpoint"] == "Checkout / payment"]
    before = co[co["Date"] < FIX]["top2"]
    after = co[co["Date"] >= FIX]["top2"]
    assert before.count() >= 150 and after.count() >= 150
    assert 0.38 <= before.mean() <= 0.52
    assert 0.74 <= after.mean() <= 0.88
    # Month by month, every month after the fix beats every month before it.
    monthly = co.groupby(co["Date"].dt.to_period("M"))["top2"].mean()
    fix_month = pd.Period("2026-05", "M")
    assert monthly[monthly.index >= fix_month].min() > monthly[monthly.index < fix_month].max()


def test_pattern_e_most_customers_affected(frames, fb):
    tp = frames["Touchpoints"].set_index("Touchpoint")
    counts = fb["Touchpoint"].value_counts()
    enough = counts[counts >= 30].index
    for flag in ("bottom2", "high_effort", "detractor"):
        rate = fb.groupby("Touchpoint")[flag].mean().loc[enough]
        affected = rate * tp.loc[enough, "Monthly volume"]
        ranked = affected.sort_values(ascending=False)
        assert ranked.index[0] == "Monthly bill", flag
        assert ranked.iloc[0] >= 2 * ranked.iloc[1], flag
        # ...even though its rate is far from the worst.
        assert rate.rank(ascending=False)["Monthly bill"] >= 4, flag
    bill = fb[fb["Touchpoint"] == "Monthly bill"]
    assert 0.12 <= bill["bottom2"].mean() <= 0.25
    assert 3.6 <= bill[CES].astype(float).mean() <= 4.4


def test_pattern_f_detractors_in_support_and_renewal(fb):
    by_stage = fb.groupby("Journey stage")["detractor"].agg(["mean", "sum", "count"])
    top_two = by_stage["mean"].sort_values(ascending=False).index[:2]
    assert set(top_two) == {"Support", "Renewal"}
    assert by_stage.loc["Renewal", "mean"] >= 0.55
    sr = ["Support", "Renewal"]
    share_of_detractors = by_stage.loc[sr, "sum"].sum() / by_stage["sum"].sum()
    share_of_answers = by_stage.loc[sr, "count"].sum() / by_stage["count"].sum()
    assert share_of_detractors >= share_of_answers + 0.08
    by_tp = fb.groupby("Touchpoint")["detractor"].agg(["mean", "count"])
    assert by_tp[by_tp["count"] >= 30]["mean"].idxmax() == "Cancellation / retention call"
    assert by_tp.loc["Cancellation / retention call", "mean"] >= 0.75


def test_governance_gap_is_a_hotspot(frames, fb):
    unowned = frames["Touchpoints"].loc[frames["Touchpoints"]["Owner"].isna(), "Touchpoint"].iloc[0]
    assert fb.loc[fb["Touchpoint"] == unowned, "top2"].mean() < 0.5


# --------------------------------------------------------------------------- #
# Opportunities, strategy, maturity
# --------------------------------------------------------------------------- #
def test_opportunities(frames):
    opp = frames["Opportunities"]
    tp = frames["Touchpoints"].set_index("Touchpoint")
    assert 16 <= len(opp) <= 20
    assert opp["Opportunity"].is_unique
    assert opp["Touchpoint"].isin(tp.index).all()
    assert (opp["Stage"] == opp["Touchpoint"].map(tp["Journey stage"])).all()
    for col in ("Customer value (1-10)", "Business value (1-10)", "Effort (1-10)"):
        assert opp[col].between(1, 10).all()
    assert opp["Confidence (%)"].between(50, 90).all()
    assert (opp["Reach (customers/month)"] > 0).all() and (opp["Cost (EUR)"] > 0).all()
    assert set(opp["Status"]) == {"Idea", "Planned", "In progress"}
    # every named goal is a goal of the Strategy sheet; several are separated by "; "; one item serves none
    named = opp["Strategic goal"].dropna().str.split("; ").explode()
    assert named.isin(frames["Strategy"]["Goal"]).all()
    assert opp.loc[opp["Strategic goal"].isna(), "Opportunity"].tolist() == ["Rebuild the mobile app from scratch"]
    assert (opp["Strategic goal"].str.count("; ") == 1).sum() == 4
    planted = {"Identity check", "Support chat", "Monthly bill", "Checkout / payment",
               "Cancellation / retention call", "Moving home transfer", "In-store contract change"}
    assert planted <= set(opp["Touchpoint"])
    value = (opp["Customer value (1-10)"] + opp["Business value (1-10)"]) / 2
    effort = opp["Effort (1-10)"]
    quadrants = {(v > 5.5, e > 5.5) for v, e in zip(value, effort)}
    assert quadrants == {(True, True), (True, False), (False, True), (False, False)}
    # One obvious quick win and one obvious money pit.
    assert ((value >= 8) & (effort <= 2)).sum() >= 1
    pit = opp[(value <= 3) & (effort >= 9)]
    assert len(pit) == 1 and pit["Cost (EUR)"].iloc[0] == opp["Cost (EUR)"].max()


def test_strategy(frames):
    st = frames["Strategy"]
    assert 6 <= len(st) <= 8
    assert set(st["Type"]) == {"Target customers", "Value proposition", "Business goal", "Brand promise"}
    assert st["Goal"].is_unique and st["Description"].str.len().gt(20).all()
    assert st["Importance (1-5)"].between(1, 5).all()
    assert st.loc[st["Importance (1-5)"].idxmax(), "Goal"] == "Reduce churn"


def test_maturity_model_file(model):
    assert {"name", "version", "scale", "dimensions", "stages", "recommendations"} <= set(model)
    assert model["scale"]["min"] == 1 and model["scale"]["max"] == 5
    assert set(model["scale"]["labels"]) == {"1", "2", "3", "4", "5"}
    names = [d["name"] for d in model["dimensions"]]
    assert names == [
        "Strategy & leadership", "Customer understanding", "Journey management & design",
        "Measurement & feedback", "Culture & employee engagement", "Technology & data",
        "Governance & alignment",
    ]
    ids = [d["id"] for d in model["dimensions"]]
    assert len(set(ids)) == 7
    for d in model["dimensions"]:
        assert 3 <= len(d["statements"]) <= 5 and d["weight"] == 1 and d["description"]
    stages = model["stages"]
    assert [s["name"] for s in stages] == ["Investigate", "Initiate", "Mobilize", "Scale", "Embed"]
    cuts = [s["min_score"] for s in stages]
    assert cuts[0] == 1.0 and cuts == sorted(cuts) and len(set(cuts)) == 5
    assert all(s["description"].count(".") >= 2 for s in stages)
    recs = model["recommendations"]
    stage_names = {s["name"] for s in stages}
    for r in recs:
        assert r["dimension"] in ids
        assert r["stages"] and set(r["stages"]) <= stage_names
        assert r["project"] and r["why"]
        assert r["evidence"] in (None, "touchpoints_without_metric", "hotspots_without_owner", "no_journey_kpis")
    for i in ids:
        mine = [r for r in recs if r["dimension"] == i]
        assert len(mine) >= 2
        assert len({s for r in mine for s in r["stages"]}) >= 3  # spread over stages
    assert sample.load_maturity_model() == model


def test_maturity_sheet_structure(frames, model):
    mat = frames["Maturity"]
    pairs = [(d["name"], s) for d in model["dimensions"] for s in d["statements"]]
    assert set(zip(mat["Dimension"], mat["Statement"])) == set(pairs)
    assert mat["Rater"].nunique() == 8
    assert set(mat["Department"]) == {"Marketing", "Customer Service", "Digital", "Operations",
                                      "Finance", "Executive team", "Product", "HR"}
    assert mat.groupby("Rater")["Department"].nunique().eq(1).all()
    assert sorted(mat["Date"].unique()) == [pd.Timestamp("2026-03-15"), pd.Timestamp("2026-09-15")]
    # Every rater answers every statement exactly once per round.
    assert len(mat) == 8 * len(pairs) * 2
    assert not mat.duplicated(["Rater", "Date", "Statement"]).any()
    assert mat["Score (1-5)"].between(1, 5).all()
    assert pd.api.types.is_integer_dtype(mat["Score (1-5)"])


def test_maturity_patterns(frames):
    mat = frames["Maturity"]
    means = mat.groupby(["Date", "Dimension"])["Score (1-5)"].mean().unstack("Date")
    r1, r2 = means.columns
    # Measurement & feedback is the floor in both rounds...
    assert means[r1].idxmin() == "Measurement & feedback"
    assert means[r2].idxmin() == "Measurement & feedback"
    assert means[r1].drop("Measurement & feedback").min() - means.loc["Measurement & feedback", r1] >= 0.6
    # ...and the targeted dimension improved modestly while the others held still.
    change = means[r2] - means[r1]
    assert 0.3 <= change["Measurement & feedback"] <= 0.7
    assert change.drop("Measurement & feedback").abs().max() < 0.2
    # Strong disagreement on Strategy & leadership.
    sl = mat[mat["Dimension"] == "Strategy & leadership"]
    assert (sl.loc[sl["Department"] == "Executive team", "Score (1-5)"] == 5).all()
    assert sl.loc[sl["Department"].isin(["Customer Service", "Operations"]), "Score (1-5)"].between(1, 2).all()
    spread = mat.groupby(["Dimension", "Rater"])["Score (1-5)"].mean().unstack().std(axis=1)
    assert spread.idxmax() == "Strategy & leadership"
    assert spread["Strategy & leadership"] >= 2 * spread.drop("Strategy & leadership").max()


# --------------------------------------------------------------------------- #
# Files
# --------------------------------------------------------------------------- #
@pytest.fixture(scope="module")
def written(tmp_path_factory, frames):
    out = tmp_path_factory.mktemp("sample")
    return sample.write_sample(out, frames)


def test_written_files(written, frames):
    xlsx, csv = written["xlsx"], written["csv"]
    assert xlsx.name == "cx_lens_sample.xlsx" and csv.name == "feedback.csv"
    assert xlsx.stat().st_size < 1_500_000
    assert csv.stat().st_size < 1_500_000
    import openpyxl

    wb = openpyxl.load_workbook(xlsx, read_only=True)
    assert wb.sheetnames == ["Touchpoints", "Feedback", "Opportunities", "Maturity", "Strategy"]
    ws = wb["Feedback"]
    header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
    assert header == FEEDBACK_HEADERS
    first = [c for c in next(ws.iter_rows(min_row=2, max_row=2))]
    assert first[1].is_date and first[1].number_format == "yyyy-mm-dd"
    wb.close()

    back = pd.read_excel(xlsx, sheet_name=None, engine="openpyxl")
    for name, df in frames.items():
        assert back[name].shape == df.shape, name
        assert list(back[name].columns) == list(df.columns)
    got = back["Feedback"]
    assert (got["Date"] == frames["Feedback"]["Date"]).all()
    assert got["Comment"].fillna("").eq(frames["Feedback"]["Comment"].fillna("")).all()
    np.testing.assert_array_equal(got[CSAT].to_numpy(dtype=float),
                                  frames["Feedback"][CSAT].to_numpy(dtype=float, na_value=np.nan))


def test_csv_matches_feedback_sheet(written, frames):
    raw = written["csv"].read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert text.splitlines()[0] == ",".join(FEEDBACK_HEADERS)
    df = pd.read_csv(written["csv"], dtype={"Response ID": str},
                     converters={"Comment": lambda s: s or None}, keep_default_na=False,
                     na_values={CSAT: [""], CES: [""], NPS: [""]})
    expected = frames["Feedback"]
    assert df.shape == expected.shape
    assert (df["Date"] == expected["Date"].dt.strftime("%Y-%m-%d")).all()
    for col in (CSAT, CES, NPS):
        np.testing.assert_array_equal(df[col].to_numpy(dtype=float),
                                      expected[col].to_numpy(dtype=float, na_value=np.nan))
    assert df["Comment"].fillna("").eq(expected["Comment"].fillna("")).all()


def test_xlsx_bytes_are_reproducible(written, tmp_path, frames):
    again = sample.write_sample(tmp_path, frames)
    assert again["xlsx"].read_bytes() == written["xlsx"].read_bytes()
    assert again["csv"].read_bytes() == written["csv"].read_bytes()
