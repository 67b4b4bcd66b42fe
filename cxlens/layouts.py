"""How a feedback table is laid out: long (one row per rating), wide (one rating column per
touchpoint, a survey's grid) or a complaint log (an issue column, no scores).

Columns whose names do not say what they rate are not melted on a guess: a question for the
Import page is returned instead.
"""

from __future__ import annotations

import re

import pandas as pd

from . import labels, profiling
from .cleaning import numeric_share

normalise_header = profiling.normalise_header

_ISSUE = re.compile(r"^(issue|sub issue|complaint (type|category|reason)|reason|problem|category|topic|theme|complaint)$")
_PRODUCT = re.compile(r"^(product|product name|service|product line|sub product)$")


def rating_like_columns(frame: pd.DataFrame, exclude: set[str]) -> list[str]:
    """Numeric columns holding small integers on a common rating scale (0..10).

    A wide survey has one such column per rated touchpoint. Identifier, age,
    distance and delay columns fail the range test and are left alone.
    """
    out = []
    for col in frame.columns:
        if col in exclude:
            continue
        s = frame[col]
        if pd.api.types.is_bool_dtype(s):
            continue
        if not pd.api.types.is_numeric_dtype(s):
            # Text: answers exported as words ('Very satisfied'), or numbers beside a stray 'x' or
            # 'N/A'. Rating-like when at least 90% of the answers (no-answer codes aside) read as scores.
            converted, _ = labels.read_scores(s.dropna().head(2000), "csat")
            if numeric_share(converted) < 0.9:
                continue
            s = pd.to_numeric(converted, errors="coerce")
        v = s.dropna()
        if len(v) < 3:
            continue
        lo, hi = v.min(), v.max()
        if lo < 0 or hi > 10 or hi < 3:
            continue
        if not (v == v.round()).all():
            continue
        out.append(col)
    return out


def detect_layout(frame: pd.DataFrame, mapping: dict[str, str],
                  profiles: dict[str, profiling.ColumnProfile] | None = None) -> tuple[str, dict]:
    """'long', 'wide' (one rating column per touchpoint) or 'complaints' (a log without scores).

    With ``profiles``, a column is a touchpoint rating only when nothing says otherwise: counts,
    tiers, flags, importance questions, identifiers and design fields never are. Columns whose
    names say nothing (survey codes such as 'q12') are not melted on a guess: the returned info
    then holds a question (``questions``) for the Import page to ask.
    """
    roles = set(mapping.values())
    scored = roles & {"csat", "ces", "nps", "rating"}
    if "touchpoint" not in roles:
        ratings = rating_like_columns(frame, exclude=set(mapping))
        if profiles is None:
            if len(ratings) >= 3:
                return "wide", {"value_columns": ratings}
        else:
            chosen, uncertain = _touchpoint_ratings(ratings, profiles)
            if coded_headers(frame.columns) and any(_bare_rate(str(c)) for c in chosen) and \
                    sum(p.numeric >= 0.9 for p in profiles.values()) >= 0.8 * len(profiles):
                # Every answer a number under a variable name ('promoRate', 'gender' 0/1): a coded export whose
                # meaning is in a codebook. 'promoRate' may rate the promotions or ask how much they matter
                # ('satCleanRoom' and 'food_quality_rating' say what they rate), so such ratings are confirmed
                # once, not assumed.
                return "long", {"questions": [_ratings_question(chosen + uncertain, profiles, more=False,
                                                                suggested=chosen)]}
            if len(chosen) >= 3:
                info: dict = {"value_columns": chosen}
                if uncertain:
                    info["questions"] = [_ratings_question(uncertain, profiles, more=True)]
                return "wide", info
            if len(chosen) + len(uncertain) >= 3:
                return "long", {"questions": [_ratings_question(chosen + uncertain, profiles, more=False,
                                                                suggested=chosen)]}
    if not scored:
        issue = next((c for c in frame.columns if c not in mapping and _ISSUE.match(_strip(c))), None)
        product = next((c for c in frame.columns if c not in mapping and _PRODUCT.match(_strip(c))), None)
        if issue is not None:
            return "complaints", {"issue_column": issue, "product_column": product}
    return "long", {}


_CODED_NAME = re.compile(r"^[a-z]+([A-Z][a-z0-9]*)+$|^[a-z0-9]+(_[a-z0-9]+)+$")


_BARE_RATE = {"rate", "rated", "score", "scr", "rank", "val", "value"}


def _bare_rate(header: str) -> bool:
    """A variable name whose only opinion word is 'rate' or 'score' ('promoRate', 'priceScore'): it
    does not say whether satisfaction, importance or likelihood was asked."""
    words = profiling.header_words(header)
    return bool(set(words) & _BARE_RATE) and not any(
        profiling.has_opinion_words(w) for w in words if w not in _BARE_RATE)


def coded_headers(headers) -> bool:
    """Most headers are program names ('productRate', 'visit_no'), not words a person wrote: a
    database or statistics export, whose names do not say what was asked."""
    names = [str(h) for h in headers]
    return len(names) >= 5 and sum(bool(_CODED_NAME.match(h)) for h in names) >= 0.6 * len(names)


def _band(profile: profiling.ColumnProfile) -> int:
    """The answer scale a column's highest value falls in: 5, 7 or 10 points."""
    high = profile.high if profile.high is not None else 5
    return 5 if high <= 5 else 7 if high <= 7 else 10


def _touchpoint_ratings(ratings: list[str],
                        profiles: dict[str, profiling.ColumnProfile]) -> tuple[list[str], list[str]]:
    """Split rating-shaped columns into (touchpoint ratings, columns to ask about).

    A column named like an opinion ('Seat comfort', 'Wifi service') or answered in scale words
    is a rating. One that only has the shape (whole numbers 1-5 under a plain name) is a rating
    too when at least one named rating shares its scale; coded names are always asked about.
    Columns whose profile is another kind (a count, a tier, a flag, an importance question) drop out.
    """
    sure, shaped, coded = [], [], []
    for col in ratings:
        p = profiles.get(str(col))
        if p is not None and ((p.distinct < 3 and p.count >= 20) or is_overall(str(col))):
            continue  # two answers among many are a flag; an overall question is about the whole experience
        if p is None or p.kind == "category":  # answers written as words: the scale words are the evidence
            sure.append(col)
        elif p.kind in profiling.NOT_JOURNEY:
            continue
        elif p.kind == "code":
            coded.append(col)
        elif p.confident:
            sure.append(col)
        else:
            shaped.append(col)
    bands = {_band(profiles[str(c)]) for c in sure if str(c) in profiles}
    # A plain-named column joins the named ratings when it is on their scale and sits in one block with
    # them (a survey's rating grid): demographics coded 0-4 at the start of the file do not.
    order = {str(c): i for i, c in enumerate(profiles)}
    sure_pos = sorted(order[str(c)] for c in sure if str(c) in order)
    shaped_pos = {order[str(c)] for c in shaped if str(c) in order}

    def in_block(col) -> bool:
        i = order.get(str(col))
        if i is None or not sure_pos:
            return False
        for step in (-1, 1):  # walk towards a named rating through shaped columns only
            j = i + step
            while j in shaped_pos:
                j += step
            if j in sure_pos:
                return True
        return False

    joined = [c for c in shaped if _band(profiles[str(c)]) in bands and in_block(c)] if sure else []
    chosen = [c for c in ratings if c in sure or c in joined]
    return chosen, [c for c in ratings if c not in chosen and (c in shaped or c in coded)]


#: Questions about the whole experience, not one touchpoint: kept on the respondent's row.
_OVERALL = re.compile(r"\b(overall|global|globale?|general|generale?|gesamt\w*|in general|all in all|"
                      r"likely|likelihood|choose|again|return|come back|continue|loyal|loyalty)\b")


def is_overall(header: str) -> bool:
    """'satOverall', 'Overall satisfaction', 'How likely will you choose us again?': not a touchpoint."""
    return bool(_OVERALL.search(" ".join(profiling.header_words(header))))


def _ratings_question(columns: list[str], profiles: dict[str, profiling.ColumnProfile], *, more: bool,
                      suggested: list[str] | None = None) -> dict:
    shown = ", ".join(f"'{c}'" for c in columns[:6]) + (f" and {len(columns) - 6} more" if len(columns) > 6 else "")
    lows = [profiles[str(c)].low for c in columns if profiles.get(str(c)) and profiles[str(c)].low is not None]
    highs = [profiles[str(c)].high for c in columns if profiles.get(str(c)) and profiles[str(c)].high is not None]
    scale = f" ({min(lows):g} to {max(highs):g})" if lows and highs else ""
    text = (f"{'These columns also hold' if more else 'These columns hold'} small whole numbers{scale}: {shown}. "
            "Their names do not say what they measure. Which of them rate a touchpoint or an aspect of the "
            "experience (one column per touchpoint)? Leave out counts, codes and demographics.")
    return {"id": "ratings", "kind": "columns", "text": text, "options": [str(c) for c in columns],
            "suggested": [str(c) for c in (suggested or [])]}


def _strip(header: str) -> str:
    return normalise_header(header)
