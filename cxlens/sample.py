"""Seeded sample data for CX Lens: a fictional broadband provider, "Fernway Broadband".

Run ``python -m cxlens.sample [--out sample_data]`` to (re)build

* ``<out>/cx_lens_sample.xlsx`` with the sheets Touchpoints, Feedback,
  Opportunities, Maturity and Strategy, and
* ``<out>/feedback.csv`` with the same rows and columns as the Feedback sheet.

Everything is derived from one ``numpy.random.default_rng(SEED)`` and fixed
calendar dates, so every build is identical. Column headers are deliberately the
human-style headers of a real export (``CSAT (1-5)``, ``Journey stage``...), not
the canonical names of :mod:`cxlens.schema`; the loader maps them by synonyms.

The planted patterns the sample is meant to show are described in
``sample_data/README.md`` and checked by ``tests/test_sample.py``.

This module must stay free of Streamlit so it can run anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from . import sample_comments

SEED = 20261129

#: Feedback covers 13 full calendar months.
START_DATE = dt.date(2025, 10, 1)
END_DATE = dt.date(2026, 10, 31)
#: The one-page checkout went live on this day (pattern d).
CHECKOUT_FIX_DATE = dt.date(2026, 5, 1)
#: The two maturity self-assessment rounds.
MATURITY_DATES = (dt.date(2026, 3, 15), dt.date(2026, 9, 15))
#: Fixed workbook creation timestamp so the xlsx bytes are reproducible.
WORKBOOK_CREATED = dt.datetime(2026, 11, 29, 9, 0, 0)

XLSX_NAME = "cx_lens_sample.xlsx"
CSV_NAME = "feedback.csv"
SHEETS = ("Touchpoints", "Feedback", "Opportunities", "Maturity", "Strategy")

MATURITY_MODEL_PATH = Path(__file__).resolve().parent / "data" / "maturity_model.json"

STAGES = (
    "Awareness",
    "Consideration",
    "Purchase",
    "Onboarding",
    "Use",
    "Support",
    "Renewal",
    "Advocacy",
)

CHANNELS = ("Web", "App", "Phone", "Chat", "Store", "Email")

# --------------------------------------------------------------------------- #
# Touchpoints
# --------------------------------------------------------------------------- #
# name, stage, main channel, owner (None = nobody owns it), monthly volume,
# expected feedback rows, latent satisfaction mean (None = set by date, see
# CHECKOUT_MU_*), effort base (CES), other channels the touchpoint is rated
# through, share of rows that use the main channel.
_TP = [
    ("Online advertising", "Awareness", "Web", "Marketing", 18000, 180, 0.75, 2.7, ("App", "Email"), 0.85),
    ("Promotional email", "Awareness", "Email", "Marketing", 9500, 160, 0.70, 2.6, ("App",), 0.85),
    ("Plan comparison page", "Consideration", "Web", "Digital", 14000, 260, 0.80, 3.2, ("App",), 0.85),
    ("Coverage & speed checker", "Consideration", "Web", "Digital", 11000, 220, 0.70, 3.1, ("App",), 0.85),
    ("Store visit", "Consideration", "Store", "Sales", 2600, 150, 0.90, 3.0, (), 1.0),
    ("Sales hotline", "Consideration", "Phone", "Sales", 3400, 180, 0.75, 3.3, ("Chat",), 0.85),
    ("Checkout / payment", "Purchase", "Web", "Digital", 4200, 480, None, 3.3, ("App",), 0.85),
    ("Contract signing", "Purchase", "Email", "Sales", 4000, 200, 0.80, 3.1, ("Web",), 0.85),
    ("Order confirmation", "Purchase", "Email", "Digital", 4100, 180, 1.05, 2.3, ("App",), 0.85),
    ("Identity check", "Onboarding", "App", "Operations", 3900, 420, -0.35, 5.4, ("Web", "Store"), 0.85),
    ("Installation appointment", "Onboarding", "Phone", "Operations", 3100, 300, 0.75, 3.3, ("App", "Web"), 0.85),
    ("Router setup", "Onboarding", "App", "Product", 3600, 280, 0.85, 3.1, ("Web",), 0.85),
    ("Welcome email", "Onboarding", "Email", "Marketing", 4000, 160, 1.05, 2.3, ("App",), 0.85),
    ("Monthly bill", "Use", "Email", "Billing", 41000, 600, 0.15, 3.9, ("App", "Web"), 0.85),
    ("Mobile app account", "Use", "App", "Digital", 27000, 400, 1.10, 2.5, (), 1.0),
    ("Moving home transfer", "Use", "Phone", None, 900, 160, -0.30, 4.3, ("Chat", "Web"), 0.85),
    ("Help centre", "Support", "Web", "Digital", 16000, 330, 0.10, 3.3, ("App",), 0.85),
    ("Support chat", "Support", "Chat", "Customer Service", 5200, 700, 1.10, 2.9, (), 1.0),
    ("Support hotline", "Support", "Phone", "Customer Service", 7800, 560, -0.50, 4.0, (), 1.0),
    ("Technician repair visit", "Support", "Phone", "Operations", 1400, 200, 0.25, 3.6, ("App",), 0.85),
    ("Renewal offer", "Renewal", "Email", "Marketing", 3000, 300, -0.05, 3.2, ("App", "Phone"), 0.85),
    ("Cancellation / retention call", "Renewal", "Phone", "Customer Service", 1600, 320, -1.05, 4.7, (), 1.0),
    ("In-store contract change", "Renewal", "Store", "Sales", 150, 0, -2.0, 6.0, (), 1.0),
    ("Refer-a-friend", "Advocacy", "App", "Marketing", 1200, 120, 0.95, 2.5, ("Web", "Email"), 0.85),
    ("Review invitation", "Advocacy", "Email", "Marketing", 2200, 140, 0.95, 2.3, ("Web",), 0.85),
]

#: Pattern d: checkout satisfaction before / after the one-page checkout.
CHECKOUT_MU_BEFORE = -0.30
CHECKOUT_MU_AFTER = 1.00

#: Pattern c: the four and only answers for the in-store contract change.
SMALL_SAMPLE_TOUCHPOINT = "In-store contract change"
_SMALL_SAMPLE = [
    # date, persona, region, csat, ces, nps
    (dt.date(2025, 11, 18), "Senior / low digital confidence", "North", 1, 7, 0),
    (dt.date(2026, 2, 3), "Family organiser", "East", 2, None, 3),
    (dt.date(2026, 6, 22), "Small business owner", "South", 1, 6, 1),
    (dt.date(2026, 9, 9), "Busy professional", "West", 2, None, 2),
]

PERSONAS = (
    ("Busy professional", 0.30),
    ("Family organiser", 0.26),
    ("Price-sensitive switcher", 0.19),
    ("Senior / low digital confidence", 0.15),
    ("Small business owner", 0.10),
)
SENIOR = "Senior / low digital confidence"
REGIONS = (("North", 0.22), ("South", 0.31), ("East", 0.27), ("West", 0.20))

#: Pattern b: seniors using chat for support.
SENIOR_CHAT_PENALTY = -1.8

N_RESPONSES = 5800
MULTI_SHARE = 0.15  # responses rating 2-3 touchpoints of one stage

# Score model -------------------------------------------------------------- #
# Each row has a latent satisfaction q = touchpoint mean + adjustments +
# response effect (shared by the rows of one response) + row noise. CSAT, NPS
# and CES are all read off q with their own noise, so they move together.
RESPONSE_SD = 0.45
ROW_SD = 0.80
CSAT_CUTS = (-1.5, -0.7, 0.0, 1.0)  # q + noise above the 3rd cut = top-2-box
CSAT_NOISE = 0.35
NPS_CENTRE, NPS_SLOPE, NPS_NOISE = 6.9, 1.9, 1.1
CES_SLOPE, CES_NOISE = 0.75, 0.75

CSAT_BLANK = 0.03
NPS_BLANK = 0.05
CES_PRESENT = 0.40

HTML_COMMENT = (
    "The help article about router lights showed <b>bold</b> & <script>alert(1)</script> "
    "instead of normal text."
)

# --------------------------------------------------------------------------- #
# Strategy and opportunities
# --------------------------------------------------------------------------- #
GOALS = ("Effortless onboarding", "Reduce churn", "Fewer avoidable contacts", "Transparent, fair billing")

# type, goal, description, importance (1 = nice to have .. 5 = must win)
_STRATEGY = [
    ("Target customers", "Connected households",
     "Families and professionals who work, study and stream at home and need dependable fibre.", 4),
    ("Target customers", "Home-based small businesses",
     "Sole traders and micro-businesses run from home, for whom a day offline is a day of lost income.", 3),
    ("Value proposition", "Fast fibre without the fine print",
     "Reliable speeds, one clear monthly price and help from a real person when it matters.", 4),
    ("Brand promise", "Simple, fair, always on",
     "Everything we do should be easy to understand, priced fairly and work first time.", 3),
    ("Business goal", "Effortless onboarding",
     "Every new customer connected within 10 days with an onboarding effort score (CES) of 3 or lower.", 4),
    ("Business goal", "Reduce churn",
     "Cut annual churn from 14% to 10% by 2027, especially at first renewal.", 5),
    ("Business goal", "Fewer avoidable contacts",
     "Cut avoidable support contacts per customer by 20% by fixing root causes.", 3),
    ("Business goal", "Transparent, fair billing",
     "Halve bill-related complaints and calls; no customer should need to call to understand a bill.", 4),
]

# opportunity, touchpoint, customer value, business value, effort, confidence %,
# cost EUR, owner, goal, status. Reach and stage come from the touchpoint.
_OPPORTUNITIES = [
    ("Offer a phone callback button in support chat", "Support chat", 9, 8, 1, 90, 6000,
     "Customer Service", "Fewer avoidable contacts; Simple, fair, always on", "Planned"),
    ("Accept driving licences and auto-capture ID photos", "Identity check", 9, 8, 3, 80, 45000,
     "Operations", "Effortless onboarding", "Planned"),
    ("Plain-language bill with a pro-rata explainer", "Monthly bill", 8, 8, 6, 75, 120000,
     "Billing", "Transparent, fair billing; Fast fibre without the fine print", "In progress"),
    ("First-bill preview in the welcome email", "Welcome email", 7, 6, 2, 75, 9000,
     "Marketing", "Transparent, fair billing", "Idea"),
    ("Self-service installation rescheduling", "Installation appointment", 7, 5, 4, 70, 35000,
     "Operations", "Effortless onboarding", "Idea"),
    ("Proactive outage alerts with repair times", "Help centre", 7, 6, 4, 70, 40000,
     "Digital", "Fewer avoidable contacts; Home-based small businesses", "Planned"),
    ("Name a single owner and concierge for home moves", "Moving home transfer", 8, 6, 4, 65, 30000,
     "Operations", "Reduce churn", "Idea"),
    ("Online cancellation in three clicks", "Cancellation / retention call", 8, 5, 5, 70, 60000,
     "Digital", "Reduce churn", "Idea"),
    ("Loyalty pricing offered before the renewal date", "Renewal offer", 8, 9, 6, 60, 250000,
     "Marketing", "Reduce churn; Connected households", "Planned"),
    ("Skills-based routing to cut hotline hold times", "Support hotline", 8, 7, 7, 65, 180000,
     "Customer Service", "Fewer avoidable contacts", "In progress"),
    ("Address-level speed estimates in the coverage checker", "Coverage & speed checker", 6, 7, 7, 60, 150000,
     "Digital", "Reduce churn", "Idea"),
    ("Personalised plan recommender", "Plan comparison page", 5, 7, 8, 50, 220000,
     "Digital", "Reduce churn", "Idea"),
    ("Router setup video guide", "Router setup", 6, 5, 2, 80, 12000,
     "Product", "Effortless onboarding", "In progress"),
    ("Rewrite the top 50 help articles", "Help centre", 5, 4, 2, 80, 15000,
     "Digital", "Fewer avoidable contacts", "Planned"),
    ("Add wallet payments to the new checkout", "Checkout / payment", 5, 5, 3, 85, 25000,
     "Digital", "Effortless onboarding", "In progress"),
    ("Double the refer-a-friend reward", "Refer-a-friend", 4, 5, 3, 55, 80000,
     "Marketing", "Reduce churn", "Idea"),
    ("AI chatbot for all support contacts", "Support chat", 4, 6, 8, 50, 900000,
     "Customer Service", "Fewer avoidable contacts", "Idea"),
    ("Digitise in-store contract changes", "In-store contract change", 3, 2, 7, 50, 140000,
     "Sales", "Reduce churn", "Idea"),
    ("Rebuild the mobile app from scratch", "Mobile app account", 3, 3, 10, 50, 2400000,
     "Digital", None, "Idea"),
]

# --------------------------------------------------------------------------- #
# Maturity raters
# --------------------------------------------------------------------------- #
_RATERS = [
    # name, department, general bias
    ("Anna", "Marketing", 0.1),
    ("Marco", "Customer Service", -0.3),
    ("Priya", "Digital", 0.0),
    ("Tom", "Operations", -0.2),
    ("Sofia", "Finance", 0.0),
    ("Jonas", "Executive team", 0.4),
    ("Lea", "Product", 0.1),
    ("Omar", "HR", 0.2),
]
FRONT_LINE = ("Customer Service", "Operations")
#: Round-1 mean per dimension id (before rater bias).
_DIMENSION_BASE = {
    "strategy": 3.0,
    "customer_understanding": 3.1,
    "journey_management": 2.7,
    "measurement": 1.5,
    "culture": 3.2,
    "technology": 2.6,
    "governance": 2.6,
}
#: The dimension the organisation worked on between the rounds, and by how much.
TARGETED_DIMENSION = "measurement"
TARGETED_GAIN = 0.6
DISAGREEMENT_DIMENSION = "strategy"


def load_maturity_model(path: Path | str | None = None) -> dict:
    """The default maturity model (``cxlens/data/maturity_model.json``)."""
    with open(path or MATURITY_MODEL_PATH, encoding="utf-8") as fh:
        return json.load(fh)


# --------------------------------------------------------------------------- #
# Builders
# --------------------------------------------------------------------------- #
def _touchpoints() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Touchpoint": [t[0] for t in _TP],
            "Journey stage": [t[1] for t in _TP],
            "Stage order": [STAGES.index(t[1]) + 1 for t in _TP],
            "Channel": [t[2] for t in _TP],
            "Owner": [t[3] for t in _TP],
            "Monthly volume": [t[4] for t in _TP],
        }
    )


_TP_BY_NAME = {t[0]: t for t in _TP}


def _feedback(rng: np.random.Generator, rng_scores: np.random.Generator,
              rng_text: np.random.Generator) -> pd.DataFrame:
    """Feedback rows. Separate streams for structure, scores and comment text keep
    each part stable when another one is edited."""
    responses = _responses(rng)
    # Stable sort by date so response ids increase with time.
    order = sorted(range(len(responses)), key=lambda i: responses[i][0])

    rows = []
    for rid, i in enumerate(order, start=1):
        response = responses[i]
        r_eff = rng_scores.normal(0.0, RESPONSE_SD)
        for tp in response[3]:
            rows.append(_feedback_row(rng_scores, rng_text, rid, response, tp, r_eff))

    df = pd.DataFrame(rows)
    # Exactly one comment exercises HTML escaping: the first unhappy Help centre comment.
    mask = (df["Touchpoint"] == "Help centre") & (df["CSAT (1-5)"] <= 2) & df["Comment"].notna()
    df.loc[mask.idxmax(), "Comment"] = HTML_COMMENT
    df["Date"] = pd.to_datetime(df["Date"])
    for col in ("CSAT (1-5)", "Effort (CES 1-7)", "Likelihood to recommend (0-10)"):
        df[col] = df[col].astype("Int64")
    return df


def _responses(rng: np.random.Generator) -> list[tuple]:
    """Responses: (day, persona, region, [touchpoints rated], fixed scores or None), in drawing order."""
    names = [t[0] for t in _TP]
    info = {t[0]: t for t in _TP}
    weights = np.array([t[5] for t in _TP], dtype=float)
    p_tp = weights / weights.sum()
    stage_of = {t[0]: t[1] for t in _TP}
    stage_w = np.array([sum(t[5] for t in _TP if t[1] == s) for s in STAGES], dtype=float)
    n_days = (END_DATE - START_DATE).days + 1
    persona_names = [p for p, _ in PERSONAS]
    persona_p = np.array([w for _, w in PERSONAS])
    region_names = [r for r, _ in REGIONS]
    region_p = np.array([w for _, w in REGIONS])

    responses = []
    for _ in range(N_RESPONSES):
        day = START_DATE + dt.timedelta(days=int(rng.integers(n_days)))
        persona = persona_names[rng.choice(len(persona_names), p=persona_p)]
        region = region_names[rng.choice(len(region_names), p=region_p)]
        if rng.random() < MULTI_SHARE:
            stage = STAGES[rng.choice(len(STAGES), p=stage_w / stage_w.sum())]
            pool = [n for n in names if stage_of[n] == stage and info[n][5] > 0]
            k = min(len(pool), 2 if rng.random() < 0.6 else 3)
            w = np.array([info[n][5] for n in pool], dtype=float)
            idx = rng.choice(len(pool), size=k, replace=False, p=w / w.sum())
            tps = [pool[i] for i in sorted(idx)]
        else:
            tps = [names[rng.choice(len(names), p=p_tp)]]
        responses.append((day, persona, region, tps, None))
    for day, persona, region, csat, ces, nps in _SMALL_SAMPLE:
        responses.append((day, persona, region, [SMALL_SAMPLE_TOUCHPOINT], (csat, ces, nps)))
    return responses


def _feedback_row(rng_scores: np.random.Generator, rng_text: np.random.Generator, rid: int, response: tuple,
                  tp: str, r_eff: float) -> dict:
    """One rating of touchpoint ``tp`` in ``response`` (its scores drawn around the planted patterns)."""
    day, persona, region, _, fixed = response
    t = _TP_BY_NAME[tp]
    stage, main_channel, alts, main_share = t[1], t[2], t[8], t[9]
    channel = main_channel
    if alts and rng_scores.random() >= main_share:
        channel = alts[int(rng_scores.integers(len(alts)))]
    if tp == "Checkout / payment":
        mu = CHECKOUT_MU_BEFORE if day < CHECKOUT_FIX_DATE else CHECKOUT_MU_AFTER
    else:
        mu = t[6]
    # Secondary, milder persona effects.
    if persona == "Price-sensitive switcher" and stage == "Renewal":
        mu -= 0.3
    if persona == "Small business owner" and tp in ("Support hotline", "Technician repair visit"):
        mu -= 0.25
    # Pattern b: chat fails seniors in support.
    if persona == SENIOR and stage == "Support" and channel == "Chat":
        mu += SENIOR_CHAT_PENALTY
    q = mu + r_eff + rng_scores.normal(0.0, ROW_SD)
    csat_v = 1 + int(np.searchsorted(CSAT_CUTS, q + rng_scores.normal(0.0, CSAT_NOISE)))
    nps_v = int(np.clip(np.rint(NPS_CENTRE + NPS_SLOPE * q + rng_scores.normal(0.0, NPS_NOISE)), 0, 10))
    ces_v = int(np.clip(np.rint(t[7] - CES_SLOPE * (q - mu) - 0.35 * mu
                                + rng_scores.normal(0.0, CES_NOISE)), 1, 7))
    csat_blank = rng_scores.random() < CSAT_BLANK
    nps_blank = rng_scores.random() < NPS_BLANK
    ces_present = rng_scores.random() < CES_PRESENT
    if fixed is not None:
        csat_v, ces_v, nps_v = fixed
        csat_blank = nps_blank = False
        ces_present = ces_v is not None
    csat_out = None if csat_blank else csat_v
    nps_out = None if nps_blank else nps_v
    ces_out = ces_v if ces_present else None
    score_for_mood = csat_out if csat_out is not None else csat_v
    p_comment = 0.55 if score_for_mood <= 2 else (0.35 if score_for_mood == 3 else 0.31)
    if fixed is not None:
        p_comment = 1.0
    comment = None
    if rng_text.random() < p_comment:
        comment = sample_comments.comment(rng_text, tp, persona, csat_out, nps_v,
                                          checkout_fixed=day >= CHECKOUT_FIX_DATE,
                                          senior_on_chat=persona == SENIOR and channel == "Chat")
    return {
        "Response ID": f"R{rid:06d}",
        "Date": day,
        "Journey stage": stage,
        "Touchpoint": tp,
        "Channel": channel,
        "Persona": persona,
        "Region": region,
        "CSAT (1-5)": csat_out,
        "Effort (CES 1-7)": ces_out,
        "Likelihood to recommend (0-10)": nps_out,
        "Comment": comment,
    }


def _opportunities() -> pd.DataFrame:
    info = {t[0]: t for t in _TP}
    rows = []
    for name, tp, cv, bv, effort, conf, cost, owner, goal, status in _OPPORTUNITIES:
        rows.append(
            {
                "Opportunity": name,
                "Touchpoint": tp,
                "Stage": info[tp][1],
                "Customer value (1-10)": cv,
                "Business value (1-10)": bv,
                "Effort (1-10)": effort,
                "Confidence (%)": conf,
                "Reach (customers/month)": info[tp][4],
                "Cost (EUR)": cost,
                "Owner": owner,
                "Strategic goal": goal,
                "Status": status,
            }
        )
    return pd.DataFrame(rows)


def _maturity(rng: np.random.Generator, model: dict) -> pd.DataFrame:
    rows = []
    # A persistent rater x statement opinion, plus a little noise per round.
    opinion = {}
    for name, dept, bias in _RATERS:
        for dim in model["dimensions"]:
            for st in dim["statements"]:
                opinion[(name, st)] = rng.normal(0.0, 0.45)
    for rnd, date in enumerate(MATURITY_DATES):
        for name, dept, bias in _RATERS:
            for dim in model["dimensions"]:
                base = _DIMENSION_BASE[dim["id"]]
                if rnd == 1 and dim["id"] == TARGETED_DIMENSION:
                    base += TARGETED_GAIN
                for st in dim["statements"]:
                    noise = rng.normal(0.0, 0.2)
                    if dim["id"] == DISAGREEMENT_DIMENSION and dept == "Executive team":
                        score = 5
                    elif dim["id"] == DISAGREEMENT_DIMENSION and dept in FRONT_LINE:
                        score = 1 if opinion[(name, st)] + noise < 0.1 else 2
                    else:
                        score = int(np.clip(np.rint(base + bias + opinion[(name, st)] + noise), 1, 5))
                    rows.append(
                        {
                            "Rater": name,
                            "Department": dept,
                            "Date": date,
                            "Dimension": dim["name"],
                            "Statement": st,
                            "Score (1-5)": score,
                        }
                    )
    df = pd.DataFrame(rows)
    df["Date"] = pd.to_datetime(df["Date"])
    return df


def _strategy() -> pd.DataFrame:
    return pd.DataFrame(_STRATEGY, columns=["Type", "Goal", "Description", "Importance (1-5)"])


def build_sample(model: dict | None = None) -> dict[str, pd.DataFrame]:
    """All sample sheets, by sheet name, with the human-style headers of the workbook."""
    # One seeded generator, split into independent streams so that editing one
    # part (say, the comment templates) does not change the numbers of another.
    rng_responses, rng_scores, rng_text, rng_maturity = np.random.default_rng(SEED).spawn(4)
    model = model or load_maturity_model()
    feedback = _feedback(rng_responses, rng_scores, rng_text)
    maturity = _maturity(rng_maturity, model)
    return {
        "Touchpoints": _touchpoints(),
        "Feedback": feedback,
        "Opportunities": _opportunities(),
        "Maturity": maturity,
        "Strategy": _strategy(),
    }


_WIDTHS = {
    "Touchpoints": [30, 15, 12, 10, 18, 16],
    "Feedback": [12, 12, 15, 30, 9, 32, 9, 11, 16, 30, 90],
    "Opportunities": [52, 30, 15, 22, 22, 14, 15, 24, 12, 18, 26, 12],
    "Maturity": [10, 18, 12, 30, 90, 12],
    "Strategy": [20, 34, 100, 16],
}


def write_sample(out_dir: Path | str = "sample_data", frames: dict[str, pd.DataFrame] | None = None) -> dict[str, Path]:
    """Write the workbook and the feedback CSV into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = frames or build_sample()
    xlsx_path = out / XLSX_NAME
    csv_path = out / CSV_NAME
    with pd.ExcelWriter(
        xlsx_path,
        engine="xlsxwriter",
        date_format="yyyy-mm-dd",
        datetime_format="yyyy-mm-dd",
        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
    ) as writer:
        writer.book.set_properties(
            {
                "title": "CX Lens sample data (Fernway Broadband, fictional)",
                "author": "CX Lens",
                "created": WORKBOOK_CREATED,
            }
        )
        for name in SHEETS:
            df = frames[name]
            df.to_excel(writer, sheet_name=name, index=False)
            ws = writer.sheets[name]
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, len(df), len(df.columns) - 1)
            for i, width in enumerate(_WIDTHS.get(name, [])):
                ws.set_column(i, i, width)
    frames["Feedback"].to_csv(csv_path, index=False, encoding="utf-8", date_format="%Y-%m-%d", lineterminator="\n")
    return {"xlsx": xlsx_path, "csv": csv_path}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cxlens.sample", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="sample_data", help="output folder (default: sample_data)")
    args = parser.parse_args(argv)
    frames = build_sample()
    paths = write_sample(args.out, frames)
    for name in SHEETS:
        print(f"{name:14s} {len(frames[name]):6d} rows")
    for path in paths.values():
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
