"""What each column of a raw table holds, with a confidence and the evidence for it.

A column profile reads the header (in English, French, Spanish, German, Portuguese,
Italian and Dutch) and a bounded sample of the values (2,000 rows), and names the column's kind:

============  ==================================================================
kind          meaning
============  ==================================================================
identifier    one value per row: a response, customer or order id
date          dates or timestamps
geography     state, region, country, city, postcode
count         counts, amounts, money, durations, ages, tenure (never a rating)
tier          an ordinal code that is not an opinion (city tier, income band)
design        survey design fields: weights, strata, interviewer, wave
derived       analytics columns: model scores, predicted labels, text lengths
importance    "How important is ... to you?" (not a rating of the experience)
outcome       a yes/no flag: churn, complaint, resolved, recommended
sentiment     a sentiment label or polarity already in the file
free_text     comments, reviews, narratives
rating        small whole numbers on an answer scale, named like an opinion
code          small whole numbers under an opaque name (q12, V5_3): unknown
category      a few repeated labels (a segment or a journey label)
number        any other number
empty         no values
============  ==================================================================

``confidence`` is 0..1: 0.9 where the header names the kind and the values agree, about
0.6 where only the values speak, lower where they disagree. The loader applies a role
only when it is confident and asks the user otherwise (see ``loader`` and the Import page).

Pure: no Streamlit. Profiles read at most ``SAMPLE_ROWS`` rows, so a 2M-row file costs
what a 2,000-row one does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .cleaning import looks_like_dates, na_mask, rank_date_formats, strip_text

#: Rows read to profile a column (evenly spread over the table, first and last included).
SAMPLE_ROWS = 2000
#: Distinct date values tried against each date format to measure how cleanly a column reads.
DATE_FORMAT_SAMPLE = 60
#: Word lists (places, flags, sentiment labels) are checked only on columns with at most this many values.
FOLD_MAX_DISTINCT = 300

#: A profile at or above this confidence is applied without asking.
CONFIDENT = 0.75


def fold(text: str) -> str:
    """Lower case without accents: 'Puntuación' -> 'puntuacion', 'Qualität' -> 'qualitat'."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def split_camel(text: str) -> str:
    """'NumberOfDeviceRegistered' -> 'Number Of Device Registered'; 'CSATScore' -> 'CSAT Score'."""
    return _CAMEL.sub(" ", str(text))


#: A scale written in a header: 'CSAT (1-5)', 'Effort (1 to 7)'.
SCALE_HINT = re.compile(r"\(?\b(\d{1,2})\s*(?:-|–|to)\s*(\d{1,3})\b\)?")


def normalise_header(header: str) -> str:
    """Lower-case, drop scale hints, accents and punctuation, split camel case: 'CSAT (1-5)' -> 'csat',
    'Puntuación' -> 'puntuacion', 'SatisfactionScore' -> 'satisfaction score', 'Resp. ID' -> 'resp id'."""
    text = fold(split_camel(str(header))).replace("#", " no ")  # 'Ticket #' -> 'ticket no'
    text = SCALE_HINT.sub(" ", text)
    text = text.replace("%", " ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def header_words(header: str) -> list[str]:
    """'NumberOfDeviceRegistered' -> ['number', 'of', 'device', 'registered']; accents folded."""
    return re.findall(r"[a-z]+|\d+", fold(split_camel(header)))


def lexicon(*words: str) -> re.Pattern:
    """A pattern matching any of the words or phrases as whole words of a folded header."""
    return re.compile(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")


# Header vocabularies, folded (no accents). Multi-word entries match as phrases.
_GEOGRAPHY = lexicon(
    "state", "states", "province", "region", "country", "countries", "city", "town", "postcode", "post code",
    "zip", "zipcode", "zip code", "postal code", "county", "district", "municipality", "territory", "location",
    "latitude", "longitude", "lat", "lon", "lng", "address", "suburb", "borough", "geography", "geo",
    "pays", "ville", "departement", "code postal", "commune",                           # fr
    "provincia", "ciudad", "pais", "estado", "comunidad", "codigo postal", "municipio",  # es / pt
    "land", "stadt", "bundesland", "ort", "plz", "postleitzahl", "kreis",               # de
    "paese", "citta", "regione", "comune", "cap",                                       # it
    "cidade", "uf", "cep", "distrito",                                                 # pt
    "gemeente", "plaats", "provincie", "postcode", "woonplaats",                        # nl
)
_COUNT = lexicon(
    "number of", "num of", "no of", "nr of", "count", "counts", "qty", "quantity", "amount", "total", "sum",
    "price", "cost", "costs", "fee", "fees", "revenue", "spend", "spent", "spending", "income", "salary", "balance",
    "charges", "charge", "payment amount", "value usd", "usd", "eur", "gbp", "dollars", "euros",
    "hours", "hour", "minutes", "minute", "mins", "seconds", "secs", "days", "day since", "weeks", "months",
    "years", "tenure", "age", "distance", "delay", "duration", "length", "dependents", "dependants", "children",
    "kids", "devices", "device registered", "addresses", "address count", "orders", "order count", "visits",
    "calls", "tickets", "cashback", "discount", "coupon", "coupons", "hike", "products", "items", "credit score",
    "estimated salary", "nb", "numberof", "num", "votes", "helpful", "feedback count", "likes", "clicks",
    "views", "pages", "sessions", "logins", "transactions", "purchases", "frequency", "recency", "monetary",
    "nombre", "montant", "prix", "duree", "anciennete", "enfants",                     # fr
    "cantidad", "importe", "precio", "edad", "duracion", "antiguedad", "hijos",        # es
    "anzahl", "betrag", "preis", "dauer", "alter", "kinder", "umsatz",                 # de
    "quantidade", "valor", "preco", "idade", "duracao", "filhos",                      # pt
    "numero di", "importo", "prezzo", "eta", "durata", "figli",                        # it
    "aantal", "bedrag", "prijs", "leeftijd", "duur", "kinderen",                       # nl
)
_TIER = lexicon("tier", "band", "bracket", "quintile", "decile", "quartile", "income group", "level code",
                 "grade level", "rank", "ranking", "class code", "categorie code", "stufe")
_DESIGN = lexicon(
    "weight", "weights", "wt", "pweight", "weighting", "stratum", "strata", "psu", "interviewer", "intvw",
    "wave", "sample", "sampling", "quota", "serial", "batch", "mode of interview", "interview mode", "version",
    "poids", "gewicht", "peso", "ponderacion", "ponderazione", "weging", "fieldwork", "cluster id", "panel",
)
_DERIVED = lexicon(
    "predicted", "prediction", "predictions", "probability", "prob", "propensity", "polarity", "subjectivity",
    "compound", "text length", "review length", "word count", "char count", "character count", "num words",
    "num chars", "n words", "length of", "tokens", "lemma", "lemmas", "lemmatized", "cleaned", "clean text",
    "processed", "stemmed", "topic id", "dominant topic", "topic probability", "cluster", "label pred",
    "score pred", "vader", "textblob", "classifier", "naive bayes", "logit", "fitted", "residual",
)
_IMPORTANCE = lexicon("important", "importance", "importancia", "importante", "wichtig", "wichtigkeit",
                       "importanza", "belangrijk", "belang", "priority of")
_OUTCOME = lexicon(
    "churn", "churned", "churn flag", "exited", "attrition", "attrited", "left", "cancelled", "canceled",
    "complain", "complained", "complaint", "complaints flag", "resolved", "resolution", "escalated", "disputed",
    "recommended", "recommended ind", "would recommend", "converted", "conversion", "default", "defaulted",
    "retained", "renewed", "repeat", "returned", "refund", "responded", "abandoned",
    "resilie", "reclamation", "baja", "abandono", "kundigung", "beschwerde", "reclamo", "reclamacao", "opzegging",
    "klacht",
)
_SENTIMENT = lexicon("sentiment", "sentiments", "polarity", "tone", "emotion", "sentimiento", "stimmung",
                      "sentimento", "sentiment label")
_IDENTIFIER = lexicon("id", "ids", "uuid", "guid", "identifier", "key", "ref", "reference", "row number",
                       "serial number", "record number", "index", "identifiant", "identificador", "kennung",
                       "kundennummer", "nummer", "codigo", "numero", "matricola", "klantnummer")
#: Words that say a column holds an opinion of something (a rating of an aspect or touchpoint).
_OPINION = lexicon(
    "satisfaction", "satisfied", "rating", "rated", "rate", "score", "stars", "star", "quality", "experience",
    "service", "opinion", "evaluation", "overall", "comfort", "cleanliness", "clean", "friendliness", "friendly",
    "helpfulness", "helpful staff", "courtesy", "ease", "easy", "speed", "convenience", "convenient", "value for money",
    "staff", "food", "room", "location rating", "support", "agent", "communication", "responsiveness", "knowledge",
    "satisfaction level", "csat", "nps", "recommend", "likely", "agree", "entertainment", "wifi", "boarding",
    "checkin", "check in", "baggage", "seat", "leg room", "gate", "booking", "delivery", "packaging", "website",
    "app", "billing", "installation", "onboarding", "checkout",
    "note", "avis", "qualite", "accueil", "proprete", "satisfait",                      # fr
    "satisfaccion", "calificacion", "valoracion", "puntuacion", "calidad", "atencion", "limpieza",  # es
    "zufriedenheit", "bewertung", "qualitat", "sauberkeit", "freundlichkeit", "note",  # de
    "satisfacao", "avaliacao", "nota", "qualidade", "atendimento", "limpeza",          # pt
    "soddisfazione", "valutazione", "voto", "qualita", "pulizia", "cortesia",          # it
    "tevredenheid", "beoordeling", "cijfer", "kwaliteit", "vriendelijkheid", "service", # nl
)

#: Opaque survey codes: 'q12', 'Q5_3', 'v23a', 'x1', 'QN12r3', 'A4'.
_CODE_HEADER = re.compile(r"^\s*[A-Za-z]{1,4}[_.]?\d+[A-Za-z]?([_.]\d+[A-Za-z]?)*(r\d+)?\s*$")

#: Values that name a sentiment.
_SENTIMENT_VALUES = {"positive", "negative", "neutral", "mixed", "pos", "neg", "neu", "positif", "negatif",
                     "neutre", "positivo", "negativo", "neutro", "positiv", "negativ", "neutral", "positief",
                     "negatief", "neutraal", "very positive", "very negative"}
_FLAG_VALUES = {"0", "1", "yes", "no", "y", "n", "true", "false", "t", "f", "oui", "non", "si", "ja", "nein",
                "nee", "sim", "nao", "0.0", "1.0"}

_US_STATES = {
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky", "la", "me",
    "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa",
    "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "dc", "pr",
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada",
    "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma",
    "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas", "utah",
    "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming", "district of columbia",
    "puerto rico",
}
_OTHER_PLACES = {
    # Indian states and union territories
    "andhra pradesh", "arunachal pradesh", "assam", "bihar", "chhattisgarh", "goa", "gujarat", "haryana",
    "himachal pradesh", "jharkhand", "karnataka", "kerala", "madhya pradesh", "maharashtra", "manipur", "meghalaya",
    "mizoram", "nagaland", "odisha", "punjab", "rajasthan", "sikkim", "tamil nadu", "telangana", "tripura",
    "uttar pradesh", "uttarakhand", "west bengal", "delhi", "jammu and kashmir", "chandigarh", "puducherry",
    # countries often seen in CX exports
    "united states", "usa", "us", "uk", "united kingdom", "canada", "mexico", "brazil", "argentina", "chile",
    "colombia", "peru", "france", "germany", "spain", "italy", "portugal", "netherlands", "belgium", "switzerland",
    "austria", "ireland", "sweden", "norway", "denmark", "finland", "poland", "india", "china", "japan",
    "australia", "new zealand", "south africa", "nigeria", "kenya", "egypt", "turkey", "russia", "indonesia",
    "philippines", "singapore", "malaysia", "thailand", "vietnam", "pakistan", "bangladesh", "saudi arabia",
    "united arab emirates", "uae", "israel", "greece", "czech republic", "hungary", "romania",
    "deutschland", "espana", "italia", "nederland", "belgique", "suisse", "brasil", "mexique", "francia",
    "alemania", "frankreich", "spanien",
    # Canadian provinces, Australian states, UK nations, big cities
    "ontario", "quebec", "british columbia", "alberta", "manitoba", "saskatchewan", "nova scotia",
    "new south wales", "victoria", "queensland", "tasmania", "western australia", "south australia",
    "england", "scotland", "wales", "northern ireland", "london", "paris", "berlin", "madrid", "rome", "milan",
    "amsterdam", "lisbon", "new york city", "chicago", "los angeles", "mumbai", "bangalore", "bengaluru",
    "chennai", "kolkata", "hyderabad", "pune", "toronto", "sydney", "melbourne",
}
_PLACES = _US_STATES | _OTHER_PLACES


#: Excel stores a date as days since 1899-12-30: 20000-80000 is 1954-2119.
EXCEL_SERIAL_RANGE = (20000, 80000)
_DATE_HEADER = lexicon("date", "datum", "fecha", "data", "day", "jour", "dia", "giorno", "dag", "timestamp")


@dataclass(frozen=True)
class ColumnProfile:
    """What one column holds: ``kind`` (see the module doc), ``confidence`` 0..1 and the evidence."""

    header: str
    kind: str
    confidence: float
    evidence: str
    #: share of the sampled non-blank values that read as numbers (0..1)
    numeric: float = 0.0
    low: float | None = None
    high: float | None = None
    distinct: int = 0
    #: share of sampled rows that are filled (0..1)
    filled: float = 0.0
    integer: bool = False
    values: tuple = field(default=(), repr=False)
    #: for dates: share of sampled values one date format reads (1.0 for typed dates)
    date_consistency: float = 0.0
    #: mean length of the sampled values as text (characters)
    mean_length: float = 0.0
    #: every sampled value differs from the others
    unique: bool = False
    #: sampled values that are not blank or a no-answer code
    count: int = 0

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT

    @property
    def small_scale(self) -> bool:
        """Whole numbers inside 0..10 with at least three distinct values: an answer scale's shape."""
        return bool(self.integer and self.low is not None and self.low >= 0 and self.high is not None
                    and 3 <= self.high <= 10 and self.distinct >= 3)


def header_kind(header: str) -> tuple[str, str] | None:
    """The kind a header names by its words, with the word that said so; None when it says nothing.

    Checked most specific first: an importance question, then outcomes, sentiment, derived and
    design fields, geography, tiers, counts, identifiers.
    """
    text = " ".join(header_words(header))
    raw = fold(header)
    if _IMPORTANCE.search(text):
        return "importance", _IMPORTANCE.search(text).group(0)
    for kind, pattern in (("derived", _DERIVED), ("sentiment", _SENTIMENT), ("outcome", _OUTCOME),
                          ("design", _DESIGN), ("tier", _TIER), ("count", _COUNT), ("geography", _GEOGRAPHY)):
        m = pattern.search(text)
        if m:
            if kind in ("count", "geography", "tier", "design") and _RATING_WORDS.search(text) \
                    and not _COUNT_FIRST.search(text):
                continue  # 'Delivery time satisfaction', 'Location rating': an opinion about the thing
            return kind, m.group(0)
    words = text.split()
    if words and (words[-1] in ("id", "ids", "uuid", "guid", "key", "ref") or words[0] in ("id", "uuid")
                  or _IDENTIFIER.fullmatch(text) or re.search(r"\b(n[o°]|nr|num|number)$", raw.strip(" .:"))):
        return "identifier", words[-1]
    return None


#: Words that say a column is someone's judgement: they win over count, place and tier words
#: ('Location rating', 'Satisfaction with delivery time'); aspect words ('gate', 'app') do not.
_RATING_WORDS = lexicon(
    "satisfaction", "satisfied", "sat", "rating", "rated", "rate", "score", "stars", "star", "quality", "opinion",
    "evaluation", "csat", "nps", "recommend", "likely", "agree", "convenient", "convenience", "ease", "easy",
    "note", "avis", "qualite", "satisfait", "satisfaccion", "calificacion", "valoracion", "puntuacion", "calidad",
    "zufriedenheit", "bewertung", "qualitat", "satisfacao", "avaliacao", "nota", "qualidade", "soddisfazione",
    "valutazione", "voto", "qualita", "tevredenheid", "beoordeling", "cijfer", "kwaliteit",
)
#: Count words that win over an opinion word ('Number of service calls', 'Service hours spent').
_COUNT_FIRST = lexicon("number of", "num of", "no of", "count", "amount", "hours", "hour", "minutes", "days", "tenure",
                        "nombre", "anzahl", "aantal", "cantidad", "quantidade")


def is_code_header(header: str) -> bool:
    """An opaque survey code ('q12', 'Q5_3', 'v23a'): the header says nothing about the column."""
    return bool(_CODE_HEADER.match(str(header)))


def has_opinion_words(header: str) -> bool:
    return bool(_OPINION.search(" ".join(header_words(header))))


def sample(frame: pd.DataFrame, rows: int = SAMPLE_ROWS) -> pd.DataFrame:
    """At most ``rows`` rows, evenly spread (first and last included), in file order."""
    if len(frame) <= rows:
        return frame
    positions = np.linspace(0, len(frame) - 1, rows).round().astype(np.int64)
    return frame.iloc[np.unique(positions)]


_LINK = re.compile(r"^(https?://|www\.)\S+$", re.I)


def _is_links(text: pd.Series) -> bool:
    """Most distinct values are web addresses (a product page, an image), not text."""
    head = text.head(200)
    return bool(len(head)) and bool(head.str.match(_LINK, na=False).mean() >= 0.8)


_ITEM_SPLIT = re.compile(r"\s*(?:\n|;|\||•|·|\t)+\s*")
#: Most options a multi-select question has; more distinct items make it text.
MULTI_SELECT_MAX_OPTIONS = 40


def _multi_select_options(text: pd.Series) -> int | None:
    """How many options a column of multi-select answers draws from ('•\tSoups\n•\tDesserts'), or None.

    Multi-select: most answers hold several items split by line breaks, bullets, ';' or '|', and the
    items repeat (at most MULTI_SELECT_MAX_OPTIONS different ones across all answers).
    """
    head = text.head(300).astype("str")
    items = head.map(lambda v: [i for i in _ITEM_SPLIT.split(v) if i])
    several = float((items.map(len) >= 2).mean())
    distinct = {i for row in items for i in row}
    if several >= 0.3 and 2 <= len(distinct) <= MULTI_SELECT_MAX_OPTIONS:
        return len(distinct)
    return None


def profile_column(series: pd.Series, header: str, total_rows: int | None = None) -> ColumnProfile:
    """Profile one column (pass a sample; ``total_rows`` is the table's full length, for identifiers).

    Works on the column's distinct values weighted by their counts: a sampled score column has a
    handful, so its profile costs next to nothing; a comment column costs one pass over its texts.
    Dates and labels decide first (their values, then the header), then numbers, then text.
    """
    m = _measure(series, header)
    if m is None:
        return ColumnProfile(str(header), "empty", 0.9, "no values", filled=0.0)
    found = _dates_and_labels(m, header)
    if found is not None:
        return found
    if m.numeric >= 0.9:
        return _numbers(m, header, total_rows or m.n)
    return _texts(m)


@dataclass
class _Measured:
    """What profile_column measured of one column's distinct values, before judging its kind."""

    header: str
    n: int  # rows in the sample
    is_number: bool
    is_date: bool
    keys: pd.Series  # the distinct values as text, most frequent first (no blanks or no-answer codes)
    weights: np.ndarray  # how often each occurs
    total: float  # values counted
    numeric: float  # share of the values that read as numbers
    distinct: int
    mean_length: float
    folded: pd.Series  # lower case, no accents; only for up to FOLD_MAX_DISTINCT values
    common: dict  # the ColumnProfile fields every kind shares

    def make(self, kind: str, confidence: float, evidence: str) -> ColumnProfile:
        return ColumnProfile(self.header, kind, round(confidence, 2), evidence, **self.common)


def _measure(series: pd.Series, header: str) -> _Measured | None:
    """The column's distinct values, weighted by their counts; None when it holds none."""
    n = len(series)
    present = series.dropna()
    is_number = pd.api.types.is_numeric_dtype(present) or pd.api.types.is_bool_dtype(present)
    is_date = pd.api.types.is_datetime64_any_dtype(present)
    counts = present.value_counts(sort=True)
    if is_number or is_date:
        keys = pd.Series(counts.index.astype("str"), dtype="object")
    else:
        keys = strip_text(pd.Series(counts.index.astype("str"), dtype="object"))
        # blanks and no-answer codes ('N/A', "don't know") say nothing about what the column holds
        keep = (keys.notna() & ~na_mask(keys.fillna(""))).to_numpy()
        counts, keys = counts[keep], keys[keep].reset_index(drop=True)
    weights = counts.to_numpy(dtype="float64")
    total = float(weights.sum())
    if total == 0:
        return None
    filled = total / n if n else 0.0
    if is_number:
        numbers = pd.Series(counts.index.to_numpy(dtype="float64", na_value=np.nan))
    elif is_date:
        numbers = pd.Series(np.full(len(counts), np.nan))
    else:
        numbers = pd.to_numeric(keys.str.rstrip("%").str.strip().str.replace(",", ".", regex=False), errors="coerce")
    finite_mask = np.isfinite(numbers.to_numpy(dtype="float64", na_value=np.nan))
    numeric = float(weights[finite_mask].sum() / total)
    finite = numbers[finite_mask]
    distinct = len(counts)
    mean_length = 0.0 if (is_number or is_date) else float((keys.str.len().to_numpy() * weights).sum() / total)
    # Folded (lower case, no accents) distinct values, for the word lists; only where few enough to matter.
    folded = (keys.str.lower().map(fold) if distinct <= FOLD_MAX_DISTINCT else pd.Series([], dtype="object"))
    common = dict(numeric=numeric, distinct=distinct, filled=filled, count=int(total),
                  values=tuple(keys.head(12)), mean_length=mean_length,
                  unique=distinct == total and filled >= 0.99)
    if numeric >= 0.9 and len(finite):
        low, high = float(finite.min()), float(finite.max())
        integer = bool((finite == finite.round()).all())
        common.update(low=low, high=high, integer=integer)
    return _Measured(str(header), n, is_number, is_date, keys, weights, total, numeric, distinct, mean_length,
                     folded, common)


def _dates_and_labels(m: _Measured, header: str) -> ColumnProfile | None:
    """Dates, sentiment labels, yes/no flags, places, and what the header says (unless the values
    contradict it); None when none of these decides."""
    common, text, folded = m.common, m.keys, m.folded
    if m.is_date:
        common["date_consistency"] = 1.0
        return m.make("date", 0.9, "values are dates")
    if m.numeric < 0.5 and looks_like_dates(text.head(200)):
        head = text.head(DATE_FORMAT_SAMPLE)
        formats = rank_date_formats(head)
        share = float(pd.to_datetime(head, format=formats[0], errors="coerce").notna().mean()) if formats else 0.0
        common["date_consistency"] = share
        return m.make("date", 0.9 if share >= 0.98 else 0.6, f"values are dates ({share:.0%} in one format)")
    unique_share = m.distinct / m.total
    # Sentiment labels or a yes/no flag are decided by their values before the header is trusted.
    if m.distinct <= 5 and set(folded) <= _SENTIMENT_VALUES and len(set(folded)) >= 2:
        return m.make("sentiment", 0.9, "values are sentiment labels (" + ", ".join(sorted(set(folded))) + ")")
    flag_values = m.distinct <= 2 and set(folded) <= _FLAG_VALUES
    said = header_kind(header)
    if said:
        kind, word = said
        if kind == "identifier" and unique_share < 0.5 and m.numeric >= 0.9:
            said = None  # 'Product No' repeated: a label, not an id
        elif kind == "outcome" and not flag_values and m.distinct > 3:
            said = None  # 'Resolution' as text ('Closed with explanation'): a category, not a flag
        elif kind in ("count", "tier") and m.numeric < 0.5:
            said = None  # 'Age group' as labels ('18-24'): a segment
        elif kind == "geography" and m.numeric >= 0.9 and not re.search(r"zip|post|plz|cep|cap", fold(header)):
            said = None  # 'Region' coded 1-4 is a code, decided below
        if said:
            return m.make(kind, 0.9, f"header says '{word}'")
    if flag_values:
        return m.make("outcome", 0.8, "two values (" + ", ".join(sorted(set(folded))) + ")")
    places = sum(1 for v in folded if v in _PLACES)
    if m.distinct >= 3 and len(folded) and places >= 0.8 * len(folded):
        return m.make("geography", 0.85, f"{places} of {len(folded)} values are places")
    if m.numeric >= 0.9 and _DATE_HEADER.search(" ".join(header_words(header))) \
            and EXCEL_SERIAL_RANGE[0] <= common["low"] <= common["high"] <= EXCEL_SERIAL_RANGE[1]:
        common["date_consistency"] = 1.0
        return m.make("date", 0.85, "header says date; values are Excel date serials")
    return None


def _numbers(m: _Measured, header: str, rows: int) -> ColumnProfile:
    """A column of numbers: an identifier, a rating, a code or a plain number."""
    low, high, integer = m.common["low"], m.common["high"], m.common["integer"]
    if integer and rows >= 20 and m.total >= 20 and m.distinct >= 0.95 * m.total:
        return m.make("identifier", 0.8, "a different whole number on every row")
    if integer and low >= 0 and 3 <= high <= 10 and m.distinct >= 3:
        if is_code_header(header):
            return m.make("code", 0.5, f"whole numbers {low:g}-{high:g} under a coded name")
        if has_opinion_words(header):
            return m.make("rating", 0.9, f"whole numbers {low:g}-{high:g}, header names an opinion")
        return m.make("rating", 0.7, f"whole numbers {low:g}-{high:g}")
    if integer and low >= 0 and high <= 100 and is_code_header(header):
        return m.make("code", 0.5, f"whole numbers {low:g}-{high:g} under a coded name")
    return m.make("number", 0.7, f"numbers {low:g} to {high:g}")


def _texts(m: _Measured) -> ColumnProfile:
    """A column of text: web addresses, multi-select answers, free text, identifiers or labels."""
    text, unique_share = m.keys, m.distinct / m.total
    if not m.is_number and _is_links(text):  # long and varied, but nobody's words
        return m.make("identifier", 0.85, "web addresses")
    options = _multi_select_options(text) if not m.is_number and m.distinct >= 5 else None
    if options is not None:  # long and varied, but every answer a list of the same few options
        return m.make("category", 0.8, f"several choices per answer from {options} options")
    if m.mean_length > 40 and unique_share > 0.5:  # long, mostly different answers (as cleaning.looks_like_free_text)
        return m.make("free_text", 0.85, "long varied text")
    if unique_share > 0.9 and m.total >= 20:
        words = float((text.str.count(" ").to_numpy() * m.weights).sum() / m.total) + 1
        if words >= 4.5 and m.common["mean_length"] >= 20:  # identifiers and names are no sentences: short answers
            return m.make("free_text", 0.75, "a different sentence on nearly every row")
        return m.make("identifier", 0.7, "a different value on nearly every row")
    return m.make("category", 0.8, f"{m.distinct} repeated labels")


def profile_table(frame: pd.DataFrame) -> dict[str, ColumnProfile]:
    """Profiles of every column of ``frame`` (on a bounded, evenly spread sample of rows)."""
    part = sample(frame)
    return {str(c): profile_column(part[c], str(c), total_rows=len(frame)) for c in frame.columns}


#: Kinds that are never a rating of a touchpoint, a touchpoint or a journey stage.
NOT_JOURNEY = frozenset({"identifier", "date", "geography", "count", "tier", "design", "derived", "importance",
                         "outcome", "sentiment", "free_text", "empty"})
