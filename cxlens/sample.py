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
# Comment templates
# --------------------------------------------------------------------------- #
_NEG_OPEN = ["", "", "", "Really frustrating.", "Not good enough.", "Very disappointed.",
             "Honestly, a poor experience.", "Not impressed.", "Third time this has happened."]
_NEG_CLOSE = ["", "", "", "Please fix this.", "I'm seriously thinking about switching.",
              "Nobody seemed to care.", "It wasted my whole afternoon.", "Why is this so hard?",
              "I expected better from you."]
_POS_OPEN = ["", "", "", "Great experience.", "Very happy.", "Quick and easy.", "No complaints.",
             "Impressed, to be honest."]
_POS_CLOSE = ["", "", "", "Thank you!", "Keep it up.", "Exactly what I needed.", "Would recommend."]
_MIX_OPEN = ["It was okay.", "Fine, mostly.", "Average.", "Not bad, not great.", "It worked in the end."]
_MIX_OPEN_NEG = ["Okay overall, but one thing annoyed me.", "Mostly fine, except for one thing."]
_MIX_CLOSE = ["", "", "Could be better.", "Room for improvement.", "Hope it gets smoother."]
_PERSONA_NEG = {
    "Small business owner": "As a small business I can't afford to lose time like this.",
    "Senior / low digital confidence": "My grandson had to help me in the end.",
    "Price-sensitive switcher": "I'll be comparing prices elsewhere.",
    "Family organiser": "With three kids at home I don't have time for this.",
    "Busy professional": "I had to do this during my lunch break.",
}
_EMOJI_POS = ["👍", "🙂", "😊"]
_EMOJI_NEG = ["😡", "🙄"]

_TEXT: dict[str, dict[str, list[str]]] = {
    "Online advertising": {
        "pos": ["The ad was clear about the price and the speed.",
                "Liked that the advert showed the real monthly price.",
                "The social media ad brought me straight to the right offer."],
        "neg": ["The advert said €25 a month but the site showed €35 once I entered my address.",
                "I keep seeing the same ad ten times a day, even after signing up.",
                "The ad promised 'up to 1 Gbit', which isn't available where I live."],
    },
    "Promotional email": {
        "pos": ["The email offer was relevant and easy to read.",
                "Good deal in the newsletter, with clear terms."],
        "neg": ["The link in the email went to a page saying the offer had expired.",
                "I unsubscribed twice and still get the promotions.",
                "The small print in the email contradicted the headline price."],
    },
    "Plan comparison page": {
        "pos": ["The comparison table made it easy to pick the right plan.",
                "Loved comparing speeds and prices side by side."],
        "neg": ["I couldn't tell the difference between the \"Plus\" and \"Max\" plans.",
                "The page didn't show the price after the first 12 months.",
                "The comparison kept resetting every time I changed a filter."],
    },
    "Coverage & speed checker": {
        "pos": ["Checked my address in seconds and got a clear speed estimate.",
                "The checker was spot on about the speed I now get."],
        "neg": ["The checker didn't recognise my address at all.",
                "It said fibre was available, then the sales team said it wasn't.",
                "My flat number wasn't in the list so I had to guess."],
    },
    "Store visit": {
        "pos": ["The staff in store explained everything patiently.",
                "Quick demo in store and no pressure to buy."],
        "neg": ["Waited 40 minutes in store with only one person serving.",
                "The store staff couldn't answer basic questions about fibre.",
                "The store had no routers in stock."],
    },
    "Sales hotline": {
        "pos": ["The sales advisor found me a better deal than the website.",
                "Friendly advisor who answered all my questions."],
        "neg": ["On hold for 25 minutes just to ask about prices.",
                "The advisor kept pushing a TV package I didn't want.",
                "I was promised a callback that never came."],
    },
    "Checkout / payment": {
        "pos": ["Managed to pay without problems.", "Checkout worked, though it took a while."],
        "neg": ["The payment page timed out and I had to enter my card details again.",
                "Checkout asked for my address three times.",
                "My card payment failed twice with no explanation.",
                "I got an error at the last step and didn't know if the order went through."],
        "pos_after": ["The new one-page checkout took two minutes.",
                      "Paying was quick and I could save my card for later.",
                      "Much easier checkout than when I last ordered."],
        "neg_after": ["The discount code field didn't accept my code.",
                      "I wanted to pay by invoice and that wasn't offered."],
    },
    "Contract signing": {
        "pos": ["The e-signature was straightforward.", "Clear contract summary before signing."],
        "neg": ["The contract PDF was 18 pages of legal text.",
                "The signing link expired before I got to it.",
                "The contract showed a different start date from the one I chose."],
    },
    "Order confirmation": {
        "pos": ["Got the confirmation straight away with all the details.",
                "Clear order summary and delivery date."],
        "neg": ["The confirmation email went to spam and I thought the order had failed.",
                "There was no order number in the confirmation email.",
                "The confirmation listed the wrong plan."],
    },
    "Identity check": {
        "pos": ["The ID check was done in five minutes.",
                "Scanned my passport and it worked first time."],
        "neg": ["The app rejected my passport photo four times.",
                "The selfie video kept failing because it said the lighting was wrong.",
                "I had to upload my ID again because the first upload had 'expired'.",
                "It wouldn't accept my driving licence, only a passport.",
                "It was stuck on \"verifying\" for three days with no update."],
    },
    "Installation appointment": {
        "pos": ["The engineer arrived on time and was very tidy.",
                "Easy to book an installation slot that suited me."],
        "neg": ["I took a day off work and the engineer never came.",
                "The only installation slots were three weeks away.",
                "The engineer arrived outside the booked window."],
    },
    "Router setup": {
        "pos": ["Router setup was plug and play.", "The app walked me through the router setup nicely."],
        "neg": ["The app couldn't find the router.",
                "The setup guide didn't match the router I received.",
                "I had to reset the router twice before it connected."],
    },
    "Welcome email": {
        "pos": ["Useful welcome email with the key information.", "Nice welcome pack with clear next steps."],
        "neg": ["The welcome email was mostly adverts.",
                "The welcome email didn't say when my first bill would arrive."],
    },
    "Monthly bill": {
        "pos": ["The bill was clear and the same as last month.", "Easy to see what I'm paying for."],
        "neg": ["My bill was higher than expected and nothing explains why.",
                "I couldn't understand the pro-rata charges on my bill.",
                "I was charged for an add-on I had already cancelled.",
                "The bill lists internal codes instead of plain descriptions.",
                "The price went up but the bill doesn't show the old price."],
    },
    "Mobile app account": {
        "pos": ["The app is quick and shows my usage clearly.", "Paid my bill in the app in seconds."],
        "neg": ["The app logs me out every time I open it.",
                "I couldn't change my payment details in the app.",
                "The app crashes when I open the bills section."],
    },
    "Moving home transfer": {
        "pos": ["Moving my broadband to the new flat went smoothly.",
                "They switched the service over on the day I moved."],
        "neg": ["Nobody could tell me who handles moving home.",
                "I was passed between three departments for my home move.",
                "Two weeks without internet after moving.",
                "I was charged at both addresses for a month."],
    },
    "Help centre": {
        "pos": ["Found the answer in the help centre in a minute.",
                "Clear article with screenshots, so I fixed it myself."],
        "neg": ["The help article was out of date.",
                "The search didn't find anything useful.",
                "Every article ends with 'contact us' but there's no phone number."],
    },
    "Support chat": {
        "pos": ["The chat agent sorted my issue in ten minutes.",
                "Quick and friendly chat, problem solved.",
                "Chat was faster than calling."],
        "neg": ["The chat agent had to transfer me twice.",
                "Waited 20 minutes in the chat queue."],
        "neg_senior": ["The chat closed while I was looking for my account number.",
                       "I couldn't work out where to type my question.",
                       "The bot kept sending me links instead of putting me through to a person.",
                       "The text was too small and the chat timed out.",
                       "I'd rather speak to someone, the chat was confusing."],
    },
    "Support hotline": {
        "pos": ["The agent fixed my problem on the first call.", "Short wait and a very helpful agent."],
        "neg": ["On hold for 45 minutes, then cut off.",
                "I had to explain my problem again to every agent.",
                "The agent said \"it's in the system\" but nothing happened.",
                "I was promised a callback and never got one."],
    },
    "Technician repair visit": {
        "pos": ["The technician found the fault quickly.", "Repair done the next day, very professional."],
        "neg": ["The technician didn't have the right part and had to come back.",
                "I waited in all day and then the repair was rescheduled."],
    },
    "Renewal offer": {
        "pos": ["Fair renewal price and easy to accept.", "Got a loyalty discount without having to ask."],
        "neg": ["New customers get a better deal than loyal ones.",
                "The renewal price went up by 30% with no explanation.",
                "I only got a decent offer after threatening to leave."],
    },
    "Cancellation / retention call": {
        "pos": ["The cancellation was handled quickly and politely.",
                "They offered me a fair deal and I stayed."],
        "neg": ["I had to call three times to cancel.",
                "They kept pushing offers when I just wanted to leave.",
                "I was told I can only cancel by phone, and the line is always busy.",
                "I'm still being billed after I cancelled.",
                "Nobody mentioned the early termination fee until the call."],
    },
    "In-store contract change": {
        "pos": ["The store changed my contract on the spot."],
        "neg": ["The store said they couldn't change my contract and told me to send a letter.",
                "I waited an hour in store and the contract change still wasn't done.",
                "The store staff had no access to my contract.",
                "I had to post a signed form and heard nothing for weeks."],
    },
    "Refer-a-friend": {
        "pos": ["My friend and I both got the bonus quickly.", "Easy to share the referral link."],
        "neg": ["The referral bonus never arrived.", "The referral link didn't work for my friend."],
    },
    "Review invitation": {
        "pos": ["Happy to leave a review, it only took a minute.", "Short survey, nice touch."],
        "neg": ["I got three review reminders in one week.", "The review form asked the same question twice."],
    },
}

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


def _pick(rng: np.random.Generator, options: list[str]) -> str:
    return options[int(rng.integers(len(options)))]


def _comment(rng: np.random.Generator, tp: str, persona: str, channel: str,
             day: dt.date, csat: int | None, nps: int) -> str:
    """A comment that fits the touchpoint, the persona and the scores."""
    if csat is not None:
        mood = "neg" if csat <= 2 else ("mix" if csat == 3 else "pos")
    else:
        mood = "neg" if nps <= 4 else ("mix" if nps <= 7 else "pos")
    text = _TEXT[tp]
    neg, pos = text["neg"], text["pos"]
    if tp == "Checkout / payment" and day >= CHECKOUT_FIX_DATE:
        neg, pos = text["neg_after"], text["pos_after"]
    if tp == "Support chat" and persona == SENIOR and channel == "Chat":
        neg = text["neg_senior"]
    if mood == "neg":
        parts = [_pick(rng, _NEG_OPEN), _pick(rng, neg), _pick(rng, _NEG_CLOSE)]
        if rng.random() < 0.12:
            parts.append(_PERSONA_NEG[persona])
        if rng.random() < 0.02:
            parts.append(_pick(rng, _EMOJI_NEG))
    elif mood == "mix":
        if rng.random() < 0.7:
            parts = [_pick(rng, _MIX_OPEN + _MIX_OPEN_NEG), _pick(rng, neg), _pick(rng, _MIX_CLOSE)]
        else:
            parts = [_pick(rng, _MIX_OPEN), _pick(rng, pos), _pick(rng, _MIX_CLOSE)]
    else:
        parts = [_pick(rng, _POS_OPEN), _pick(rng, pos), _pick(rng, _POS_CLOSE)]
        if rng.random() < 0.02:
            parts.append(_pick(rng, _EMOJI_POS))
    return " ".join(p for p in parts if p)


def _feedback(rng: np.random.Generator, rng_scores: np.random.Generator,
              rng_text: np.random.Generator) -> pd.DataFrame:
    """Feedback rows. Separate streams for structure, scores and comment text keep
    each part stable when another one is edited."""
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

    # 1. Responses: date, persona, region and the touchpoints rated.
    responses = []  # (day, persona, region, [touchpoints], fixed scores or None)
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
    # Stable sort by date so response ids increase with time.
    order = sorted(range(len(responses)), key=lambda i: responses[i][0])

    rows = []
    for rid, i in enumerate(order, start=1):
        day, persona, region, tps, fixed = responses[i]
        r_eff = rng_scores.normal(0.0, RESPONSE_SD)
        for tp in tps:
            t = info[tp]
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
                comment = _comment(rng_text, tp, persona, channel, day, csat_out, nps_v)
            rows.append(
                {
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
            )

    df = pd.DataFrame(rows)
    # Exactly one comment exercises HTML escaping: the first unhappy Help centre comment.
    mask = (df["Touchpoint"] == "Help centre") & (df["CSAT (1-5)"] <= 2) & df["Comment"].notna()
    df.loc[mask.idxmax(), "Comment"] = HTML_COMMENT
    df["Date"] = pd.to_datetime(df["Date"])
    for col in ("CSAT (1-5)", "Effort (CES 1-7)", "Likelihood to recommend (0-10)"):
        df[col] = df[col].astype("Int64")
    return df


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
