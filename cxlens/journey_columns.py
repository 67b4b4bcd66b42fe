"""Which label columns name the touchpoint and the stage when no header says so (review data:
department > product class; ticket data: queue > category), and the question asked when unsure."""

from __future__ import annotations

import re

import pandas as pd

from . import profiling
from .cleaning import looks_like_dates
from .table_kinds import is_customer_table

#: Header words of a column that names the part of the journey a row is about.
_JOURNEY_WORDS = profiling.lexicon(
    "product", "products", "category", "categories", "class name", "department", "division", "service", "services",
    "queue", "topic", "issue", "reason", "request type", "type of request", "case type", "call reason",
    "contact reason", "area", "aspect", "process", "step", "feature", "section", "page", "function",
    "item", "line of business", "journey", "interaction", "theme", "sub category", "subcategory", "department name",
    "produit", "categorie", "rayon", "motif", "producto", "categoria", "motivo", "produkt", "kategorie", "anliegen",
    "grund", "prodotto", "produto", "assunto", "onderwerp", "categorie", "reden",
)
#: Header words of a customer attribute: a segment to split by, never a touchpoint.
_ATTRIBUTE_WORDS = profiling.lexicon(
    "gender", "sex", "marital", "married", "payment", "payment mode", "payment method", "device", "login device",
    "education", "income", "occupation", "job", "profession", "age group", "age band", "plan", "contract", "tier",
    "segment", "loyalty", "membership", "member", "customer type", "type of travel", "travel type", "class",
    "language", "nationality", "ethnicity", "race", "household", "status", "partner", "dependents", "senior",
    "citizen", "subscription", "preferred", "prefered", "internet service", "phone service", "paperless",
    "purchased", "owned", "bought", "subscribed", "product purchased", "product owned",
    "genre", "sexe", "civilite", "genero", "sexo", "geschlecht", "sesso", "geslacht", "idioma", "sprache",
)


def guess_journey_columns(frame: pd.DataFrame, mapping: dict[str, str],
                          profiles: dict[str, profiling.ColumnProfile] | None = None) -> dict[str, str]:
    """When no touchpoint column is named as such, propose category columns for touchpoint and stage.

    The touchpoint is the unmapped label column with the most distinct values (3..60);
    the stage is a coarser label column the touchpoint nests in (each touchpoint
    value falls under one stage value for at least 90% of rows). Review data
    (department > product class) and ticket data (queue > category) fit this shape.
    The guess is flagged in the recipe so the Import page can ask the user to check it.

    With ``profiles`` only a column whose name speaks of products, categories, services or
    reasons is taken without asking; places, identifiers, flags, sentiment labels and customer
    attributes (gender, payment method, plan) are never taken. Other label columns are only
    offered: see :func:`journey_question`.
    """
    roles = set(mapping.values())
    if "touchpoint" in roles:
        return {}
    if profiles is not None and is_customer_table(mapping, profiles):
        return {}
    candidates = _journey_candidates(frame, mapping, profiles)
    if profiles is not None:
        candidates = [(n, col) for n, col in candidates if _journey_named(col)]
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


#: Journey words that also end compound names written as one word ('negativereason', 'productcategory').
_JOURNEY_SUFFIX = re.compile(r"[a-z]{3,}(reason|category|topic|issue|product|service|department)$")


def _journey_named(header: str) -> bool:
    words = " ".join(profiling.header_words(header))
    named = bool(_JOURNEY_WORDS.search(words)) or any(_JOURNEY_SUFFIX.match(w) for w in words.split())
    return named and not (_ATTRIBUTE_WORDS.search(words) and not re.search(r"class name|product class", words))


def _journey_candidates(frame: pd.DataFrame, mapping: dict[str, str],
                        profiles: dict[str, profiling.ColumnProfile] | None) -> list[tuple[int, str]]:
    candidates = []
    for col in frame.columns:
        if col in mapping:
            continue
        p = (profiles or {}).get(str(col))
        if p is not None and p.kind != "category":
            continue
        s = frame[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        n = s.nunique(dropna=True)
        # a named reason may be blank where there was nothing to complain about ('negativereason')
        filled_enough = s.notna().mean() > (0.3 if profiles is not None and _journey_named(str(col)) else 0.8)
        if 3 <= n <= 60 and filled_enough:
            sample = s.dropna().astype(str).head(1000)
            if sample.str.len().mean() < 40 and not looks_like_dates(sample):  # timestamps are no touchpoints
                candidates.append((n, col))
    return candidates


def journey_question(frame: pd.DataFrame, mapping: dict[str, str],
                     profiles: dict[str, profiling.ColumnProfile]) -> dict | None:
    """A question for the Import page when label columns might name touchpoints but their names do not say so.

    None when a touchpoint is mapped or guessed, or when every label column is a customer attribute.
    """
    if "touchpoint" in set(mapping.values()) or is_customer_table(mapping, profiles):
        return None
    candidates = sorted(_journey_candidates(frame, mapping, profiles), reverse=True)
    unclear = [col for _, col in candidates if not _ATTRIBUTE_WORDS.search(" ".join(profiling.header_words(col)))]
    if not unclear:
        return None
    options = [str(col) for _, col in candidates]
    return {"id": "touchpoint", "kind": "column", "options": options, "suggested": "",
            "text": "No column is named as the touchpoint. Does one of these name the touchpoint or part of the "
                    "journey each row is about? " + ", ".join(f"'{c}'" for c in options[:6])
                    + ". If they describe the customer instead (a segment), choose none: they stay available "
                      "as segments."}
