"""Guess what a raw table is and what its columns mean.

Everything guessed here ends up in the import recipe, where the user can see it
and correct it; nothing here is final.
"""

from __future__ import annotations

import re

import pandas as pd

from . import labels
from .cleaning import looks_like_dates, numeric_share
from .schema import TABLES

# Header synonyms per table and canonical column. Headers are normalised first
# (lower case, punctuation and scale hints such as "(1-5)" removed), then matched
# against these regular expressions in order; the first match wins.
_SYNONYMS: dict[str, list[tuple[str, str]]] = {
    "feedback": [
        ("response_id", r"^(response|respondent|survey|submission|record|complaint|ticket|case|feedback|interview)s? ?(id|number|no|nr|ref|reference|key)$|^(id|uid|response|respondent|respondent id)$"),
        ("date", r"^(date|day|timestamp|datetime|time stamp|created|created at|created on|submitted|submitted at|submitted on|completed|completed at|end date|response date|survey date|feedback date|interview date|date received|received|received date|visit date|date of (visit|response|survey)|"
                 # survey tools: Qualtrics, Microsoft Forms, Typeform ('Submit Date (UTC)')
                 r"(start|end|submit|submission|completion|recorded) (date|time)( utc)?)$"),
        ("stage", r"^(journey )?(stage|phase)( name)?$|^(customer )?(lifecycle|journey) (stage|phase|step)$|^journey$"),
        ("touchpoint", r"^(touch ?points?|touch point name|touchpoint name|interaction( point| type)?|moment( of truth)?|service moment|journey step|step)$"),
        ("channel", r"^(channel|contact channel|channel used|submitted via|medium|via|source channel|contact method|touchpoint channel)$"),
        ("persona", r"^(persona|personas|segment|customer segment|segment name|persona name|customer persona|profile|"
                    r"which (segment|persona)( best)? describes? you.*)$"),
        ("ces", r"^(.*\bces\b.*|(customer )?effort( score| rating)?|ease|ease score|ease of use|"
                r"how easy .*|how (difficult|hard) .*|how much effort .*)$"),
        ("nps", r"^(nps|.*\bnps\b.*|ltr|likelihood to recommend|likely to recommend|recommend( score)?|recommendation|how likely .*recommend.*|net promoter( score)?|nps score|promoter score)$"),
        ("csat", r"^(csat|.*\bcsat\b.*|sat|satisfaction( score)?|overall satisfaction|customer satisfaction|satisfaction rating|how satisfied.*)$"),
        ("rating", r"^(rating|score|stars?|star rating|review rating|review score|overall rating|grade)$"),
        ("sentiment", r"^(sentiment|sentiment score|polarity|tone)$"),
        ("complaint", r"^(complaint|is complaint|complaint flag|complained)$"),
        ("abandoned", r"^(abandoned|abandon|abandonment|dropped|drop off|dropout|abandoned flag)$"),
        ("comment", r"^(comments?|verbatims?|feedback( text)?|free ?text|open text|open comment|review( text)?|text|remarks?|notes?|consumer complaint narrative|narrative|complaint( text)?|why|reason for score|what could we improve|customer comment|description)$"
                    # open questions as survey tools export them
                    r"|^((is there )?anything else|any (other|further|additional) (comments?|feedback|thoughts|suggestions)|"
                    r"additional (comments?|feedback)|other comments?|(please )?tell us (more|why)|"
                    r"why did you (give|rate|score)|what (could|can|should) we (do|improve|change)|"
                    r"how (could|can) we improve|reason for (your |the )?(score|rating))\b.*$"),
    ],
    "touchpoints": [
        ("touchpoint", r"^(touch ?points?|touch point name|touchpoint name|interaction|moment|step|name)$"),
        ("stage", r"^(journey )?(stage|phase)( name)?$"),
        ("stage_order", r"^(stage|phase)? ?(order|number|no|nr|position|sequence|seq|index)$"),
        ("channel", r"^(channel|medium)$"),
        ("owner", r"^(owner|owning team|team|responsible( team)?|department|accountable|touchpoint owner)$"),
        ("volume", r"^((monthly )?volume|customers( per month| month)?|monthly customers|traffic|visits( per month)?|monthly volume|volume per month|customers per month|reach)$"),
        ("csat", r"^(csat|satisfaction|avg csat|mean csat)$"),
        ("ces", r"^(ces|effort|avg ces|mean ces)$"),
        ("nps", r"^(nps|net promoter score)$"),
    ],
    "opportunities": [
        ("opportunity", r"^(opportunity|opportunities|idea|initiative|improvement|project|opportunity name|title|name)$"),
        ("touchpoint", r"^(touch ?points?|linked touchpoint|touchpoint name)$"),
        ("stage", r"^(journey )?(stage|phase)$"),
        ("customer_value", r"^(customer value|customer impact|value to customers?|cx impact|impact)$"),
        ("business_value", r"^(business value|value to business|business impact|value)$"),
        ("effort", r"^(effort|job size|size|complexity|effort estimate)$"),
        ("confidence", r"^(confidence|certainty)$"),
        ("reach", r"^(reach\b.*|customers (reached|affected)( month| per month)?)$"),
        ("cost", r"^(cost|cost estimate|budget)( eur| usd| gbp)?$"),
        ("time_criticality", r"^(time criticality|time critical|urgency|time sensitivity|cost of delay)$"),
        ("risk_reduction", r"^(risk reduction|risk reduction( and)? opportunity enablement|rr ?oe|opportunity enablement)$"),
        ("owner", r"^(owner|team|owning team|responsible)$"),
        ("goal", r"^(strategic goal|goal|objective|strategic objective|strategy)$"),
        ("status", r"^(status|state)$"),
    ],
    "maturity": [
        ("rater", r"^(rater|respondent|assessor|name|rater name|participant)$"),
        ("department", r"^(department|function|team|business unit)$"),
        ("date", r"^(date|assessment date|round date)$"),
        ("dimension", r"^(dimension|pillar|area|capability|competency)$"),
        ("question", r"^(statement|question|item|criterion|criteria)$"),
        ("score", r"^(score|answer|rating|agreement)$"),
    ],
}

_COMPILED = {t: [(c, re.compile(p)) for c, p in pats] for t, pats in _SYNONYMS.items()}

_SCALE_HINT = re.compile(r"\(?\b(\d{1,2})\s*(?:-|–|to)\s*(\d{1,3})\b\)?")


def normalise_header(header: str) -> str:
    """Lower-case, drop scale hints and punctuation: 'CSAT (1-5)' -> 'csat'."""
    text = str(header).lower()
    text = _SCALE_HINT.sub(" ", text)
    text = text.replace("%", " ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def scale_hint(header: str) -> tuple[int, int] | None:
    """(low, high) when the header states a scale, e.g. 'Effort (CES 1-7)' -> (1, 7)."""
    m = _SCALE_HINT.search(str(header))
    if not m:
        return None
    low, high = int(m.group(1)), int(m.group(2))
    return (low, high) if low < high <= 100 else None


def match_column(table: str, header: str) -> str | None:
    norm = normalise_header(header)
    for canonical, pattern in _COMPILED[table]:
        if pattern.match(norm):
            return canonical
    return None


#: A matrix question's columns as survey tools export them: "How satisfied were you with ... - Website".
_MATRIX_ITEM = re.compile(r"^(?P<question>.*\S)\s+[-–]\s+(?P<item>\S.*)$"  # the last ' - ' splits
                          r"|^(?P<gquestion>.*\S)\s*\[(?P<gitem>[^\[\]]*\S[^\[\]]*)\]$")  # Google Forms: 'Question [Item]'
#: Items of one matrix question make a group when there are at least this many.
MATRIX_MIN_ITEMS = 3


def matrix_items(headers: list[str]) -> dict[str, str]:
    """Header -> item label, for headers that are items of one matrix question ('<question> - <item>').

    Survey tools (Qualtrics, SurveyMonkey, Microsoft Forms) export a grid question as one
    column per rated item, each header repeating the question. Such columns are the items a
    wide survey rates (touchpoints), not several copies of one metric.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for h in headers:
        m = _MATRIX_ITEM.match(str(h).strip())
        if m:
            question, item = (m.group("question"), m.group("item")) if m.group("question") else (
                m.group("gquestion"), m.group("gitem"))
            groups.setdefault(question, []).append((h, item.strip()))
    return {h: item for members in groups.values() if len(members) >= MATRIX_MIN_ITEMS for h, item in members}


def guess_mapping(table: str, headers: list[str]) -> dict[str, str]:
    """Header -> canonical column, first matching header wins for each canonical column.

    Items of a matrix question ('How satisfied ... - Website') are never mapped to a metric:
    they are one rating per touchpoint (a wide survey), not one score column.
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    matrix = matrix_items(headers) if table == "feedback" else {}
    # A response is dated when it was submitted: a survey's start date only when it has no end date.
    ordered = sorted(headers, key=lambda h: normalise_header(h).startswith("start "))
    for h in ordered:
        canonical = match_column(table, h)
        if canonical in ("csat", "ces", "rating") and h in matrix:
            continue
        if canonical and canonical not in taken:
            mapping[h] = canonical
            taken.add(canonical)
    return {h: mapping[h] for h in headers if h in mapping}  # in the file's column order


#: Sheet names that are documentation whatever their width (a data dictionary often has 4-6 columns).
_DOC_SHEET = re.compile(r"^(data |field |column |variable |survey )?(dictionary|codebook|code book|instructions?|read ?me|"
                        r"how to( use| fill in)?|legend|definitions?|glossary|field (list|definitions?)|"
                        r"column (list|descriptions?|definitions?))$", re.I)
#: A dictionary's own header row: a column of field names beside a column describing them.
_DICT_NAME_HEADERS = {"field", "field name", "column", "column name", "variable", "variable name"}
_DICT_TEXT_HEADERS = {"description", "definition", "meaning", "explanation", "what it means"}

_SKIP_SHEET = re.compile(r"(instruction|read ?me|dictionary|codebook|code book|notes?|about|legend|definitions?|help|info|glossary|lookup|lists?)$", re.I)


def classify(frame: pd.DataFrame, sheet: str = "") -> tuple[str | None, dict[str, str], str]:
    """Decide which canonical table a raw frame is.

    Returns (table or None, mapping, reason). ``None`` means "not data we use",
    with the reason saying why (shown on the Import page, where the user can override).
    """
    if frame.empty or frame.shape[1] == 0:
        return None, {}, "empty"
    headers = [str(c) for c in frame.columns]
    if sheet and _SKIP_SHEET.search(sheet.strip()) and frame.shape[1] <= 3:
        return None, {}, "looks like instructions or a data dictionary"
    normalised = {normalise_header(h) for h in headers}
    numeric = any(pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
                  for c in frame.columns)
    # Documentation is all text: a sheet with numbers in it is data, whatever it is called.
    if not numeric and ((normalise_header(headers[0]) in _DICT_NAME_HEADERS and normalised & _DICT_TEXT_HEADERS)
                        or (sheet and _DOC_SHEET.match(sheet.strip()))):
        return None, {}, "looks like instructions or a data dictionary"
    maps = {t: guess_mapping(t, headers) for t in TABLES}
    m = {t: set(v.values()) for t, v in maps.items()}
    sheet_l = sheet.lower()
    if {"dimension", "score"} <= m["maturity"] and ("question" in m["maturity"] or "rater" in m["maturity"]):
        return "maturity", maps["maturity"], "has dimension, statement and score columns"
    if "opportunity" in m["opportunities"] and m["opportunities"] & {"effort", "customer_value", "business_value"}:
        if "opportunit" in sheet_l or len(m["opportunities"] & {"effort", "customer_value", "business_value", "confidence", "reach"}) >= 2:
            return "opportunities", maps["opportunities"], "has opportunity, value and effort columns"
    response_level = m["feedback"] & {"response_id", "date", "comment", "rating"}
    if "touchpoint" in m["touchpoints"] and m["touchpoints"] & {"volume", "stage_order", "owner"} and not response_level:
        if frame.iloc[:, headers.index(_key(maps["touchpoints"], "touchpoint"))].is_unique or "touchpoint" in sheet_l:
            return "touchpoints", maps["touchpoints"], "one row per touchpoint with volume/owner/order"
    if re.search(r"strateg|goals?$", sheet_l) and frame.shape[1] <= 6:
        return None, {}, "strategy goals (used by the Opportunities page)"
    if len(frame.columns) < 2:
        return None, {}, "only one column"
    return "feedback", maps["feedback"], "response-level data"


def _key(mapping: dict[str, str], canonical: str) -> str:
    return next(h for h, c in mapping.items() if c == canonical)


# ----------------------------------------------------------------------------- wide and complaint layouts

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


def detect_layout(frame: pd.DataFrame, mapping: dict[str, str]) -> tuple[str, dict]:
    """'long', 'wide' (one rating column per touchpoint) or 'complaints' (a log without scores)."""
    roles = set(mapping.values())
    scored = roles & {"csat", "ces", "nps", "rating"}
    if "touchpoint" not in roles:
        ratings = rating_like_columns(frame, exclude=set(mapping))
        if len(ratings) >= 3:
            return "wide", {"value_columns": ratings}
    if not scored:
        issue = next((c for c in frame.columns if c not in mapping and _ISSUE.match(_strip(c))), None)
        product = next((c for c in frame.columns if c not in mapping and _PRODUCT.match(_strip(c))), None)
        if issue is not None:
            return "complaints", {"issue_column": issue, "product_column": product}
    return "long", {}


def _strip(header: str) -> str:
    return normalise_header(header)


def guess_journey_columns(frame: pd.DataFrame, mapping: dict[str, str]) -> dict[str, str]:
    """When no touchpoint column is named as such, propose category columns for touchpoint and stage.

    The touchpoint is the unmapped label column with the most distinct values (3..60);
    the stage is a coarser label column the touchpoint nests in (each touchpoint
    value falls under one stage value for at least 90% of rows). Review data
    (department > product class) and ticket data (queue > category) fit this shape.
    The guess is flagged in the recipe so the Import page can ask the user to check it.
    """
    roles = set(mapping.values())
    if "touchpoint" in roles:
        return {}
    candidates = []
    for col in frame.columns:
        if col in mapping:
            continue
        s = frame[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        n = s.nunique(dropna=True)
        if 3 <= n <= 60 and s.notna().mean() > 0.8:
            sample = s.dropna().astype(str).head(1000)
            if sample.str.len().mean() < 40 and not looks_like_dates(sample):  # timestamps are no touchpoints
                candidates.append((n, col))
    if not candidates:
        return {}
    candidates.sort(reverse=True)
    touch = candidates[0][1]
    out = {touch: "touchpoint"}
    if "stage" not in roles:
        for n, col in candidates[1:]:
            pair = frame[[touch, col]].dropna()
            if pair.empty:
                continue
            top = pair.groupby(touch, observed=True)[col].agg(lambda v: v.value_counts().iloc[0]).sum()
            if top >= 0.9 * len(pair) and n < candidates[0][0]:
                out[col] = "stage"
                break
    return out
