"""Labels that mean the same thing ('CC' / 'Credit Card', 'Phone' / 'Mobile Phone'): suggest, then merge.

Exports spell one value several ways: an abbreviation beside the full name, a shorter name inside a
longer one, different case, spacing or punctuation, a typo. Split by such a column, one group of
customers becomes two cells with half the answers each. CX Lens never merges on its own: it
**suggests** pairs (:func:`suggest`), the user confirms them on the Import page, and the merges are
kept in the recipe (``Recipe.value_map``: {column: {label: merged label}}) and applied to the raw
values on every load (:func:`apply`), so next month's file is merged the same way.

Pure: no Streamlit.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from .profiling import fold

#: Most distinct labels a column may have for merges to be suggested (a segment, not free text).
MAX_LABELS = 60
#: Similarity (difflib ratio of folded labels) from which two labels look like one misspelt.
TYPO_RATIO = 0.88


@dataclass(frozen=True)
class Merge:
    column: str
    label: str  # merged away
    into: str  # kept
    reason: str  # why they look alike, for the user
    rows: int  # rows whose label changes


def _key(label: str) -> str:
    """Case, accents, spacing and punctuation folded: 'E-Wallet' and 'e wallet' share a key."""
    return re.sub(r"[^a-z0-9]+", " ", fold(str(label).lower())).strip()


_SMALL_WORDS = {"of", "on", "the", "and", "de", "du", "la", "el", "a", "to", "for", "en", "et", "y", "und"}


def _initials(label: str) -> set[str]:
    """'Cash on Delivery' -> {'cod', 'cd'}: initials with and without the small words."""
    words = _key(label).split()
    if len(words) < 2:
        return set()
    return {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in _SMALL_WORDS)}


def _why(a: str, b: str) -> str | None:
    """Why label ``a`` looks like another spelling of ``b`` (b the fuller one), or None."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb or ka == kb and a == b:
        return None
    if ka == kb:
        return "same words, other case or punctuation"
    compact = ka.replace(" ", "")
    if 2 <= len(compact) <= 5 and " " not in ka and compact in _initials(b):
        return f"'{a}' are the initials of '{b}'"
    words_a, words_b = ka.split(), kb.split()
    if _negated(words_a) != _negated(words_b):
        return None  # 'Consent provided' / 'Consent not provided', 'Loyal' / 'disloyal': opposites
    # A one-word label inside a two-word one ('Phone' / 'Mobile Phone'); longer names ('Credit card or
    # prepaid card', 'Other transaction issues') are other categories more often than other spellings.
    if len(words_a) == 1 and len(words_b) == 2 and len(ka) >= 4 and "other" not in words_b:
        if words_a[0] == words_b[1]:
            return f"'{b}' ends with '{a}'"
        if words_a[0] == words_b[0]:
            return f"'{b}' starts with '{a}'"
    if len(ka) >= 5 and difflib.SequenceMatcher(None, ka, kb).ratio() >= TYPO_RATIO \
            and abs(len(ka) - len(kb)) <= 2 and _edits(ka, kb) <= 2:
        return "nearly the same spelling"
    return None


_NEGATION = re.compile(r"^(not|no|non|never|without|sans|sin|ohne|geen|niet|nao|dis\w+|un\w+)$")


def _negated(words: list[str]) -> bool:
    return any(_NEGATION.match(w) for w in words) or any(w.startswith("non") and len(w) > 5 for w in words)


def _edits(a: str, b: str) -> int:
    """Characters inserted, deleted or replaced to turn ``a`` into ``b`` (difflib's opcodes)."""
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes()
               if tag != "equal")


def suggest(frame: pd.DataFrame, columns: list[str]) -> list[Merge]:
    """Likely merges in ``columns`` of ``frame``: each label into the most frequent look-alike.

    A label is merged into a fuller or more frequent one: the abbreviation into the full name
    ('CC' -> 'Credit Card'), the shorter name into the longer one that ends with it ('Phone' ->
    'Mobile Phone'), a rare spelling into the common one. Columns with more than ``MAX_LABELS``
    labels are skipped.
    """
    out: list[Merge] = []
    for column in columns:
        if column not in frame:
            continue
        counts = frame[column].dropna().astype("str").str.strip().value_counts()
        counts = counts[counts.index != ""]
        if not 2 <= len(counts) <= MAX_LABELS:
            continue
        labels = list(counts.index)
        merged: set[str] = set()
        for a in sorted(labels, key=lambda x: (counts[x], len(x))):  # rarest and shortest first
            if a in merged:
                continue
            best = None
            for b in labels:
                if b == a or b in merged:
                    continue
                fuller = len(_key(b)) > len(_key(a)) or (len(_key(b)) == len(_key(a)) and (
                    counts[b] > counts[a] or counts[b] == counts[a] and b < a))  # (a tie: one way, by name)
                reason = _why(a, b) if fuller else None
                if reason and (best is None or counts[b] > counts[best[0]]):
                    best = (b, reason)
            if best:
                out.append(Merge(str(column), a, best[0], best[1], int(counts[a])))
                merged.add(a)
    return out


def apply(frame: pd.DataFrame, value_map: dict[str, dict[str, str]]) -> pd.DataFrame:
    """``frame`` with the recipe's merges applied to the raw labels (trimmed before matching).

    Columns not in the frame are ignored (another file of the same upload has them); merges are
    applied one step (a label merged into one that is itself merged away is not followed).
    """
    present = {c: m for c, m in (value_map or {}).items() if c in frame.columns and m}
    if not present:
        return frame
    frame = frame.copy()
    for column, mapping in present.items():
        s = frame[column]
        text = s.astype("str").str.strip().where(s.notna())
        hit = text.isin(list(mapping))
        if hit.any():
            frame[column] = s.astype("object").where(~hit, text.map(mapping))
    return frame
