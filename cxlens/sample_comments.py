"""The comments of the sample data (cxlens.sample): templates per touchpoint and mood, and the seeded
choice among them. Any change here changes sample_data/ (rebuild with ``make sample``)."""

from __future__ import annotations

import numpy as np

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


def _pick(rng: np.random.Generator, options: list[str]) -> str:
    return options[int(rng.integers(len(options)))]


def comment(rng: np.random.Generator, tp: str, persona: str, csat: int | None, nps: int, *,
            checkout_fixed: bool, senior_on_chat: bool) -> str:
    """A comment that fits the touchpoint, the persona and the scores. ``checkout_fixed``: written after the
    one-page checkout went live; ``senior_on_chat``: a senior customer who used the support chat."""
    if csat is not None:
        mood = "neg" if csat <= 2 else ("mix" if csat == 3 else "pos")
    else:
        mood = "neg" if nps <= 4 else ("mix" if nps <= 7 else "pos")
    text = _TEXT[tp]
    neg, pos = text["neg"], text["pos"]
    if tp == "Checkout / payment" and checkout_fixed:
        neg, pos = text["neg_after"], text["pos_after"]
    if tp == "Support chat" and senior_on_chat:
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
