"""Scores written as words: 'Very satisfied', 'Strongly agree', '5 - Very satisfied'.

Survey tools export answer texts by default (SurveyMonkey, Microsoft Forms, many CRM
exports), so a satisfaction column often holds "Very satisfied" rather than 5. Such a
column is read on its scale: the words of one known answer scale become its points
(1 = the lowest), and a number written with its label ("5 - Very satisfied",
"Very satisfied (5)", "10 - Extremely likely") is that number. What was read is kept in the
import recipe (``Recipe.scales[metric]["labels"]``) and shown on the Import page.

Pure: no Streamlit. Functions work on the distinct values of a column, so a 2M-row column
costs a factorisation, not 2M regex matches.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

def normalise_label(text: str) -> str:
    """'Very  Satisfied!' -> 'very satisfied', 'Très satisfait' -> 'tres satisfait'; curly apostrophes
    and punctuation dropped, accents folded."""
    text = unicodedata.normalize("NFKD", str(text).replace("ß", "ss"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("’", "'")
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text) or text  # 'sehr zufrieden (Essen war gut)': the remark is no part
    text = re.sub(r"[^a-z' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


#: Answer scales, lowest point first; each point lists the words that name it. Tried in this
#: order: the first scale that names every word found (with the most distinct points, so a
#: 7-point export that also uses 'somewhat' is not folded onto 5 points) is used.
SCALES: dict[str, list[tuple[str, ...]]] = {
    "satisfaction (5 points)": [
        ("very dissatisfied", "extremely dissatisfied", "completely dissatisfied", "very unsatisfied"),
        ("dissatisfied", "somewhat dissatisfied", "fairly dissatisfied", "unsatisfied", "not satisfied"),
        ("neither satisfied nor dissatisfied", "neither dissatisfied nor satisfied", "neutral", "neither",
         "neither satisfied or dissatisfied"),
        ("satisfied", "somewhat satisfied", "fairly satisfied"),
        ("very satisfied", "extremely satisfied", "completely satisfied"),
    ],
    "satisfaction (7 points)": [
        ("extremely dissatisfied", "completely dissatisfied", "very dissatisfied"),
        ("dissatisfied", "moderately dissatisfied", "mostly dissatisfied"),
        ("somewhat dissatisfied", "slightly dissatisfied"),
        ("neither satisfied nor dissatisfied", "neither dissatisfied nor satisfied", "neutral", "neither"),
        ("somewhat satisfied", "slightly satisfied"),
        ("satisfied", "moderately satisfied", "mostly satisfied"),
        ("extremely satisfied", "completely satisfied", "very satisfied"),
    ],
    "agreement (5 points)": [
        ("strongly disagree", "completely disagree", "totally disagree"),
        ("disagree", "somewhat disagree", "tend to disagree", "mostly disagree"),
        ("neither agree nor disagree", "neither disagree nor agree", "neutral", "neither", "undecided"),
        ("agree", "somewhat agree", "tend to agree", "mostly agree"),
        ("strongly agree", "completely agree", "totally agree"),
    ],
    "agreement (7 points)": [
        ("strongly disagree", "completely disagree"),
        ("disagree", "moderately disagree", "mostly disagree"),
        ("somewhat disagree", "slightly disagree"),
        ("neither agree nor disagree", "neither disagree nor agree", "neutral", "neither"),
        ("somewhat agree", "slightly agree"),
        ("agree", "moderately agree", "mostly agree"),
        ("strongly agree", "completely agree"),
    ],
    "ease (5 points)": [
        ("very difficult", "extremely difficult", "very hard"),
        ("difficult", "somewhat difficult", "fairly difficult", "hard"),
        ("neither easy nor difficult", "neither difficult nor easy", "neutral", "neither"),
        ("easy", "somewhat easy", "fairly easy"),
        ("very easy", "extremely easy"),
    ],
    "ease (7 points)": [
        ("extremely difficult", "very difficult"),
        ("difficult", "moderately difficult"),
        ("somewhat difficult", "slightly difficult"),
        ("neither easy nor difficult", "neither difficult nor easy", "neutral", "neither"),
        ("somewhat easy", "slightly easy"),
        ("easy", "moderately easy"),
        ("extremely easy", "very easy"),
    ],
    "effort (5 points)": [
        ("very low effort", "very little effort", "no effort"),
        ("low effort", "little effort"),
        ("moderate effort", "some effort", "neutral"),
        ("high effort", "a lot of effort", "much effort"),
        ("very high effort", "a great deal of effort", "very much effort"),
    ],
    "quality (poor to excellent)": [
        ("poor",), ("fair",), ("good",), ("very good",), ("excellent",),
    ],
    "quality (very poor to very good)": [
        ("very poor", "terrible", "awful"), ("poor", "bad"), ("fair", "average", "okay", "ok"), ("good",),
        ("very good", "great"),
    ],
    "likelihood (5 points)": [
        ("extremely unlikely", "very unlikely", "not at all likely", "not likely at all", "definitely not",
         "definitely will not"),
        ("unlikely", "somewhat unlikely", "fairly unlikely", "not very likely", "probably not", "probably will not"),
        ("neither likely nor unlikely", "neither unlikely nor likely", "neutral", "unsure", "might or might not",
         "maybe"),
        ("likely", "somewhat likely", "fairly likely", "probably", "probably will"),
        ("extremely likely", "very likely", "definitely", "definitely will"),
    ],
    # The same scales in French, Spanish, German, Portuguese, Italian and Dutch (accents are folded
    # before matching, so 'très satisfait' and 'tres satisfait' are one answer).
    "satisfaction (4 points)": [
        ("very dissatisfied", "unzufrieden", "sehr unzufrieden", "tres insatisfait", "muy insatisfecho"),
        ("dissatisfied", "somewhat dissatisfied", "weniger zufrieden", "eher unzufrieden", "peu satisfait",
         "poco satisfecho"),
        ("satisfied", "somewhat satisfied", "zufrieden", "eher zufrieden", "satisfait", "satisfecho"),
        ("very satisfied", "sehr zufrieden", "tres satisfait", "muy satisfecho"),
    ],
    "satisfaction (5 points, fr es de pt it nl)": [
        ("tres insatisfait", "tres insatisfaite", "muy insatisfecho", "muy insatisfecha", "sehr unzufrieden",
         "muito insatisfeito", "muito insatisfeita", "molto insoddisfatto", "molto insoddisfatta", "zeer ontevreden",
         "heel ontevreden"),
        ("insatisfait", "insatisfaite", "plutot insatisfait", "plutot insatisfaite", "peu satisfait", "pas satisfait",
         "insatisfecho", "insatisfecha", "algo insatisfecho", "poco satisfecho", "unzufrieden", "eher unzufrieden",
         "insatisfeito", "insatisfeita", "pouco satisfeito", "insoddisfatto", "insoddisfatta", "poco soddisfatto",
         "ontevreden"),
        ("ni satisfait ni insatisfait", "neutre", "ni satisfecho ni insatisfecho", "neutral", "weder noch",
         "weder zufrieden noch unzufrieden", "teils teils", "nem satisfeito nem insatisfeito", "neutro",
         "ne soddisfatto ne insoddisfatto", "neutrale", "neutraal", "niet tevreden niet ontevreden"),
        ("satisfait", "satisfaite", "plutot satisfait", "plutot satisfaite", "satisfecho", "satisfecha",
         "algo satisfecho", "bastante satisfecho", "zufrieden", "eher zufrieden", "satisfeito", "satisfeita",
         "soddisfatto", "soddisfatta", "abbastanza soddisfatto", "tevreden"),
        ("tres satisfait", "tres satisfaite", "muy satisfecho", "muy satisfecha", "sehr zufrieden",
         "muito satisfeito", "muito satisfeita", "molto soddisfatto", "molto soddisfatta", "zeer tevreden",
         "heel tevreden"),
    ],
    "agreement (5 points, fr es de pt it nl)": [
        ("pas du tout d'accord", "totalement en desaccord", "totalmente en desacuerdo", "muy en desacuerdo",
         "stimme gar nicht zu", "stimme uberhaupt nicht zu", "discordo totalmente", "totalmente in disaccordo",
         "per niente d'accordo", "fortemente in disaccordo", "helemaal oneens", "zeer oneens"),
        ("pas d'accord", "plutot pas d'accord", "en desacuerdo", "stimme nicht zu", "stimme eher nicht zu",
         "discordo", "discordo parcialmente", "in disaccordo", "poco d'accordo", "oneens"),
        ("ni d'accord ni pas d'accord", "neutre", "ni de acuerdo ni en desacuerdo", "neutral", "weder noch",
         "teils teils", "nem concordo nem discordo", "neutro", "ne d'accordo ne in disaccordo", "neutrale",
         "neutraal", "niet eens niet oneens"),
        ("d'accord", "plutot d'accord", "de acuerdo", "stimme zu", "stimme eher zu", "concordo",
         "concordo parcialmente", "d'accordo", "abbastanza d'accordo", "eens"),
        ("tout a fait d'accord", "totalement d'accord", "totalmente de acuerdo", "muy de acuerdo",
         "stimme voll zu", "stimme voll und ganz zu", "concordo totalmente", "totalmente d'accordo",
         "completamente d'accordo", "fortemente d'accordo", "helemaal eens", "zeer eens"),
    ],
    "quality (5 points, fr es de pt it nl)": [
        ("tres mauvais", "muy malo", "muy mala", "sehr schlecht", "muito ruim", "pessimo", "pessima",
         "molto scarso", "zeer slecht", "heel slecht"),
        ("mauvais", "malo", "mala", "schlecht", "ruim", "scarso", "insufficiente", "slecht"),
        ("moyen", "passable", "regular", "normal", "mittel", "befriedigend", "razoavel", "sufficiente", "discreto",
         "matig", "redelijk"),
        ("bon", "bien", "bueno", "buena", "gut", "bom", "boa", "buono", "buona", "goed"),
        ("tres bon", "tres bien", "excellent", "muy bueno", "muy buena", "excelente", "sehr gut", "ausgezeichnet",
         "muito bom", "muito boa", "otimo", "otima", "ottimo", "ottima", "molto buono", "eccellente", "zeer goed",
         "uitstekend"),
    ],
}
# Labels are matched as normalise_label writes them (folded accents, no punctuation).
SCALES = {name: [tuple(dict.fromkeys(normalise_label(label) for label in point)) for point in points]
          for name, points in SCALES.items()}

#: Every word of every scale: other words in a score column are not scale points.
_VOCABULARY = {label for points in SCALES.values() for labels in points for label in labels}
#: Scales whose higher points mean more effort: for an effort (CES) column they read as they are;
#: an ease scale read into an effort column is turned round (very easy = least effort = 1).
_EASE = ("ease (5 points)", "ease (7 points)")
#: Endpoint labels a 0-10 recommendation question is exported with.
_LIKELIHOOD = {"not at all likely": 0.0, "not likely at all": 0.0, "extremely likely": 10.0, "very likely": 10.0}

_LABELLED_NUMBER = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(?:[-–—:=.)]\s*|\s+)(?=\D)(.+)$")
_NUMBER_AFTER_LABEL = re.compile(r"^(.*\D)\s*\(\s*([+-]?\d+(?:[.,]\d+)?)\s*\)\s*$|^(.*\D)\s*[-–—:=]\s*([+-]?\d+(?:[.,]\d+)?)\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)\s*%?\s*$")


def _labelled_number(text: str) -> float | None:
    """5 for '5 - Very satisfied', 'Very satisfied (5)', '5. Very satisfied'; None otherwise."""
    m = _LABELLED_NUMBER.match(text)
    if m and re.search(r"[A-Za-z]", m.group(2)):
        return float(m.group(1).replace(",", "."))
    m = _NUMBER_AFTER_LABEL.match(text)
    if m:
        label, number = (m.group(1), m.group(2)) if m.group(2) is not None else (m.group(3), m.group(4))
        if re.search(r"[A-Za-z]", label):
            return float(number.replace(",", "."))
    return None


def _scale_for(words: set[str]) -> tuple[str, dict[str, int]] | None:
    """The known scale naming every word, as (name, {word: point 1..k}); None if none does."""
    best = None
    for name, points in SCALES.items():
        lookup = {label: i + 1 for i, labels in enumerate(points) for label in labels}
        if not words <= lookup.keys():
            continue
        distinct = len({lookup[w] for w in words})
        if best is None or distinct > best[0]:
            best = (distinct, name, lookup)
    return (best[1], best[2]) if best else None


def read_scores(series: pd.Series, metric: str, header: str = "") -> tuple[pd.Series, dict]:
    """``series`` with scores written as words replaced by their numbers (as text), and what was read.

    Returns (series, info). ``info`` is empty when nothing was read; else it holds
    ``labels`` ({text as found: score}), ``scale`` (the answer scale's name, or
    'numbers with labels') and ``points`` (k, for a 1..k scale; None for labelled numbers).
    Values that are numbers, blank, or words of no known scale are left for the number
    parser, which reads or reports them.
    """
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series) or series.isna().all():
        return series, {}
    codes, uniques = pd.factorize(series)
    texts = [str(u).strip() for u in uniques]
    words = {t for t in texts if t and not _PLAIN_NUMBER.match(t) and re.search(r"[A-Za-z]", t)}
    if not words:
        return series, {}
    read: dict[str, float] = {}
    for text in words:
        number = _labelled_number(text)
        if number is not None:
            read[text] = number
    rest = {t: normalise_label(t) for t in words if t not in read}
    scale_name, points = "numbers with labels", None
    if metric == "nps":
        for text, norm in rest.items():
            if norm in _LIKELIHOOD:
                read[text] = _LIKELIHOOD[norm]
    else:
        # Words of no scale ('N/A', 'Meh', 'Other') are left for the number parser to read or report.
        candidates = {norm for norm in rest.values() if norm in _VOCABULARY}
        known = _scale_for(candidates) if candidates else None
        if known is None and candidates:
            # A few stray words (typos, 'other') must not hide a scale: leave out the rarest (at most 3).
            freq = np.bincount(codes[codes >= 0], minlength=len(texts))
            counts: dict[str, int] = {}
            for i, text in enumerate(texts):
                if text in rest and rest[text] in candidates:
                    counts[rest[text]] = counts.get(rest[text], 0) + int(freq[i])
            ranked = sorted(counts, key=lambda w: (-counts[w], w))
            for drop in range(1, min(3, len(ranked) - 1) + 1):
                known = _scale_for(set(ranked[:-drop]))
                if known:
                    break
        if known and len({known[1][w] for w in candidates if w in known[1]}) < 2:
            known = None  # one scale word alone ('satisfied' beside 'neutral or dissatisfied') is a label, not a scale
        if known:
            scale_name, lookup = known
            points = len(SCALES[scale_name])
            turn = metric == "ces" and scale_name in _EASE and "ease" not in header.lower()
            for text, norm in rest.items():
                if norm in lookup:
                    read[text] = float(points + 1 - lookup[norm] if turn else lookup[norm])
    if not read:
        return series, {}
    mapped = np.array([read.get(t) for t in texts], dtype=object)
    replacement = pd.Series([None if v is None else f"{v:g}" for v in mapped], dtype="object")
    spread = replacement.to_numpy()[codes]
    spread[codes < 0] = None
    keep = pd.isna(spread)
    out = series.astype("object").where(keep, pd.Series(spread, index=series.index))
    info = {"labels": dict(sorted(read.items(), key=lambda kv: (kv[1], kv[0]))), "scale": scale_name,
            "points": points}
    return out, info


def score_share(series: pd.Series, metric: str, header: str = "") -> float:
    """Share (0..1) of a column's answers (not blank, not a no-answer code) that are numbers or scores as words."""
    from .cleaning import numeric_share

    sample = series.dropna().head(2000)
    converted, info = read_scores(sample, metric, header)
    return numeric_share(converted) if info else 0.0
