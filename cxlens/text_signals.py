"""From where it hurts to why: sentiment and themes of free-text comments (issue #17, part 1).

Everything runs offline: VADER's lexicon, py3langid's model and scikit-learn ship inside their
wheels; nothing is downloaded and no text leaves the process. Pure: no Streamlit. The heavy
libraries are imported on first use, so ``import cxlens`` stays fast.

* :func:`comment_sentiment` — one row per comment: ``sentiment`` (VADER compound, -1..1, NaN when
  not scored), ``language`` (ISO 639-1 code of the best guess) and ``scored``. Only English
  comments are scored: VADER's lexicon is English and would give French or German text a wrong,
  usually neutral, score.
* :func:`comment_themes` — TF-IDF + NMF themes (seeded, deterministic), each labelled by its most
  distinctive terms, with size, examples, mean sentiment, and :func:`over_representation` of each
  theme in touchpoints and segments.

Formulas and rules: docs/metrics.md, "Comments: sentiment and themes".
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .metrics import wilson_bounds

#: A best guess of another language counts only from this probability on (py3langid's normalised
#: probabilities, 0..1). Short English comments ("Fits perfect!") are often guessed as Catalan or
#: Pidgin with a probability under 0.5; they are treated as English and scored.
LANGUAGE_CONFIDENCE = 0.5
#: Fewer comments than this (after dropping empty and non-English ones) are too few for themes.
MIN_COMMENTS_FOR_THEMES = 50
#: Bounds of the number of themes (the default rule and the control).
MIN_THEMES, MAX_THEMES = 2, 15
#: NMF is fitted on at most this many comments (a seeded sample); every comment is then assigned.
FIT_SAMPLE = 20_000
SEED = 0
EXAMPLES_PER_THEME = 3
TOP_TERMS = 8
NO_THEME = -1


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _text_of(comments: pd.Series) -> pd.Series:
    """Comments as stripped strings; missing or blank comments become NA."""
    s = comments.astype("string").str.strip()
    return s.mask(s == "")


def comment_sentiment(comments: pd.Series, progress=None) -> pd.DataFrame:
    """Sentiment of each comment, English only.

    Returns a frame with ``comments``' index and columns

    * ``sentiment`` — VADER's compound score, -1 (most negative) .. +1 (most positive), 0 neutral;
      NaN when the comment is empty or not scored;
    * ``language`` — py3langid's best guess (ISO 639-1, e.g. "en", "fr"); NA for empty comments;
    * ``scored`` — True when the comment was scored: it is non-empty and English, or its best guess
      of another language has a probability under :data:`LANGUAGE_CONFIDENCE` (too short to tell).

    Each distinct text is analysed once (both libraries are per-string Python: about 0.3 ms each
    per comment). ``progress(fraction)`` is called now and then when given.
    """
    text = _text_of(comments)
    present = text.dropna()
    unique = pd.unique(present.to_numpy(dtype=object))
    ident, vader = _identifier(), _analyzer()
    langs = np.empty(len(unique), dtype=object)
    probs = np.empty(len(unique), dtype="float64")
    scores = np.full(len(unique), np.nan)
    step = max(len(unique) // 20, 1)
    for i, t in enumerate(unique):
        lang, prob = ident.classify(t)
        langs[i], probs[i] = lang, prob
        if lang == "en" or prob < LANGUAGE_CONFIDENCE:
            scores[i] = vader.polarity_scores(t)["compound"]
        if progress is not None and i % step == 0:
            progress(i / max(len(unique), 1))
    codes = pd.Index(unique).get_indexer(text.fillna("").to_numpy(dtype=object))  # -1 for empty comments
    have = codes >= 0
    sentiment = np.where(have, scores[codes], np.nan)
    language = pd.array(np.where(have, langs[codes], None), dtype="string")
    out = pd.DataFrame({"sentiment": sentiment, "language": language, "scored": ~np.isnan(sentiment)},
                       index=comments.index)
    return out


@dataclass(frozen=True)
class SentimentFill:
    """What :func:`fill_sentiment` did: where the sentiment column comes from, and counts."""

    source: str  # "file" (the file's own column), "computed", or "none" (no comments, no sentiment)
    comments: int = 0  # non-empty comments
    scored: int = 0
    not_scored: int = 0  # non-empty comments in another language

    def describe(self) -> str:
        if self.source == "file":
            return "sentiment from the file's own column"
        if self.source == "computed":
            other = (f"; {self.not_scored:,} non-English comment{'s' if self.not_scored != 1 else ''} not scored"
                     if self.not_scored else "")
            return f"sentiment computed from comments (VADER, English only{other})"
        return ""


def fill_sentiment(feedback: pd.DataFrame, progress=None) -> tuple[pd.DataFrame, SentimentFill]:
    """``feedback`` with its ``sentiment`` column computed from ``comment`` when the file has none.

    A sentiment column with any value in the file wins and is kept as it is. Returns the (new) frame
    and a :class:`SentimentFill` saying which is shown.
    """
    if "sentiment" in feedback and feedback["sentiment"].notna().any():
        return feedback, SentimentFill("file")
    if "comment" not in feedback or _text_of(feedback["comment"]).isna().all():
        return feedback, SentimentFill("none")
    scores = comment_sentiment(feedback["comment"], progress=progress)
    out = feedback.copy()
    out["sentiment"] = scores["sentiment"].astype("float64")
    n = int(scores["language"].notna().sum())
    k = int(scores["scored"].sum())
    return out, SentimentFill("computed", n, k, n - k)


# ----------------------------------------------------------------------------- themes


def default_theme_count(n_comments: int) -> int:
    """The default number of themes: round(sqrt(n / 20)), kept within MIN_THEMES..MAX_THEMES.

    50 comments -> 2, 500 -> 5, 2,000 -> 10, 4,500 or more -> 15.
    """
    return int(min(MAX_THEMES, max(MIN_THEMES, round(math.sqrt(max(n_comments, 0) / 20)))))


@dataclass(frozen=True)
class Themes:
    """The result of :func:`comment_themes`.

    ``themes``: one row per theme, largest first — ``theme`` (1..k, 1 = largest), ``label`` (top 3 terms),
    ``terms`` (top terms, most distinctive first), ``size`` (comments assigned), ``share`` (% of the
    modelled comments), ``sentiment`` (mean, -1..1, NaN without scored comments), ``n_scored``,
    ``examples`` (up to 3 comments most typical of the theme).
    ``assignment``: per modelled comment (the input's index) its theme, or NO_THEME (-1) when it
    has no word of the vocabulary. ``note``: why there are no themes, when there are none.
    """

    themes: pd.DataFrame
    assignment: pd.Series
    n_comments: int
    n_themes: int
    note: str = ""
    left_out: int = 0  # non-empty comments not modelled (not English)


def _empty_themes(note: str, n: int = 0, left_out: int = 0) -> Themes:
    cols = ["theme", "label", "terms", "size", "share", "sentiment", "n_scored", "examples"]
    return Themes(pd.DataFrame(columns=cols), pd.Series(dtype="int64"), n, 0, note, left_out)


def comment_themes(comments: pd.Series, n_themes: int | None = None, *, sentiment: pd.Series | None = None,
                   english: pd.Series | None = None, seed: int = SEED) -> Themes:
    """Group comments into themes with TF-IDF + NMF (scikit-learn), deterministic for the same data.

    ``n_themes`` None uses :func:`default_theme_count`. ``sentiment`` (aligned with ``comments``)
    gives each theme its mean; ``english`` (bool, aligned) restricts the model to English comments
    (the stop words and the vocabulary are English). Fewer than MIN_COMMENTS_FOR_THEMES comments
    give no themes and a ``note`` saying so.
    """
    text = _text_of(comments).dropna()
    left_out = 0
    if english is not None:
        keep = english.reindex(text.index).fillna(False).astype(bool)
        left_out = int((~keep).sum())
        text = text[keep]
    n = len(text)
    if n < MIN_COMMENTS_FOR_THEMES:
        return _empty_themes(f"{n:,} comment{'s' if n != 1 else ''} — too few for themes (at least "
                             f"{MIN_COMMENTS_FOR_THEMES} are needed).", n, left_out)
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = text.to_numpy(dtype=object)
    rng = np.random.default_rng(seed)
    fit_rows = np.sort(rng.choice(n, FIT_SAMPLE, replace=False)) if n > FIT_SAMPLE else np.arange(n)
    vec = TfidfVectorizer(stop_words="english", lowercase=True, token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+\b",
                          min_df=2, max_df=0.5, max_features=5000, sublinear_tf=True, dtype=np.float32)
    try:
        x_fit = vec.fit_transform(docs[fit_rows])
    except ValueError:  # no term in two comments, or all stop words
        return _empty_themes("The comments share too few words for themes.", n, left_out)
    vocab = vec.get_feature_names_out()
    k = default_theme_count(n) if n_themes is None else int(n_themes)
    k = max(MIN_THEMES, min(k, MAX_THEMES, len(vocab) - 1, len(fit_rows) - 1))
    if k < MIN_THEMES:
        return _empty_themes("The comments share too few words for themes.", n, left_out)
    model = NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=400)
    with warnings.catch_warnings():  # a stop at max_iter is still deterministic; nothing for the user to do
        warnings.simplefilter("ignore", category=Warning)
        model.fit(x_fit)
    x = vec.transform(docs) if len(fit_rows) < n else x_fit
    w = model.transform(x)
    best = w.argmax(axis=1)
    assigned = np.where(w.max(axis=1) > 0, best, NO_THEME)
    assignment = pd.Series(assigned, index=text.index, name="theme")
    h = model.components_
    # distinctive terms: weight in the theme relative to the term's weight over all themes
    distinct = h / (h.sum(axis=0, keepdims=True) + 1e-12) * h
    rows = []
    for t in range(k):
        members = np.flatnonzero(assigned == t)
        order = np.argsort(-distinct[t], kind="stable")[:TOP_TERMS]
        terms = [str(vocab[i]) for i in order if h[t, i] > 0]
        picks = members[np.argsort(-w[members, t], kind="stable")] if len(members) else members
        examples = list(dict.fromkeys(str(docs[i]) for i in picks[:20]))[:EXAMPLES_PER_THEME]
        if sentiment is not None and len(members):
            s = pd.to_numeric(sentiment.reindex(text.index[members]), errors="coerce").dropna()
            mean, n_scored = (float(s.mean()) if len(s) else math.nan), len(s)
        else:
            mean, n_scored = math.nan, 0
        rows.append({"theme": t, "label": " · ".join(terms[:3]) or f"theme {t + 1}", "terms": ", ".join(terms),
                     "size": len(members), "share": 100.0 * len(members) / n, "sentiment": mean,
                     "n_scored": n_scored, "examples": examples})
    themes = pd.DataFrame(rows)
    themes = themes[themes["size"] > 0].sort_values(["size", "theme"], ascending=[False, True], kind="stable")
    # number themes 1, 2, ... from the largest; comments without a theme stay NO_THEME
    renumber = {old: new for new, old in enumerate(themes["theme"], start=1)}
    themes["theme"] = np.arange(1, len(themes) + 1)
    assignment = assignment.map(lambda t: renumber.get(t, NO_THEME)).astype("int64")
    return Themes(themes.reset_index(drop=True), assignment, n, k, "", left_out)


def over_representation(assignment: pd.Series, groups: pd.DataFrame, *, min_n: int = 10) -> pd.DataFrame:
    """Where each theme is over-represented: its share among a group's comments vs among all comments.

    ``assignment``: theme per comment (:attr:`Themes.assignment`); ``groups``: one column per way of
    grouping (touchpoint, persona, channel, ...), indexed like the comments. For every theme x
    column x value with at least ``min_n`` modelled comments (``n_group``):

    * ``n_theme`` comments of the theme in the group, ``share_group`` = 100 · n_theme / n_group;
    * ``share_overall`` = 100 · (comments of the theme) / (all modelled comments);
    * ``lift`` = share_group / share_overall (1 = as often as everywhere);
    * ``ci_low``, ``ci_high``: Wilson 95% interval of share_group, in %;
    * ``over``: True when ci_low > share_overall (surely more frequent in the group than overall).

    Sorted by theme, then over-represented first, then by lift.
    """
    cols = ["theme", "column", "group", "n_group", "n_theme", "share_group", "share_overall", "lift",
            "ci_low", "ci_high", "over"]
    a = assignment
    total = len(a)
    if not total or groups is None or groups.empty:
        return pd.DataFrame(columns=cols)
    overall = a.value_counts()
    parts = []
    for column in groups.columns:
        g = groups[column].reindex(a.index)
        frame = pd.DataFrame({"group": g.astype("string"), "theme": a.to_numpy()}).dropna(subset=["group"])
        if frame.empty:
            continue
        n_group = frame.groupby("group").size()
        n_group = n_group[n_group >= min_n]
        if n_group.empty:
            continue
        counts = pd.crosstab(frame["group"], frame["theme"]).reindex(n_group.index)
        long = counts.stack().rename("n_theme").reset_index()
        long.columns = ["group", "theme", "n_theme"]
        long = long[long["theme"] != NO_THEME]
        long["column"] = column
        long["n_group"] = long["group"].map(n_group).to_numpy()
        parts.append(long)
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["share_group"] = 100.0 * out["n_theme"] / out["n_group"]
    out["share_overall"] = 100.0 * out["theme"].map(overall).to_numpy() / total
    out["lift"] = out["share_group"] / out["share_overall"]
    lo, hi = wilson_bounds(out["n_theme"].to_numpy(), out["n_group"].to_numpy())
    out["ci_low"], out["ci_high"] = 100.0 * lo, 100.0 * hi
    out["over"] = out["ci_low"] > out["share_overall"]
    out = out.sort_values(["theme", "over", "lift", "column", "group"], ascending=[True, False, False, True, True],
                          kind="stable")
    return out[cols].reset_index(drop=True)


def themes_in_group(result: Themes, in_group: pd.Series, sentiment: pd.Series | None = None) -> pd.DataFrame:
    """The themes of one group of comments (e.g. one hotspot's touchpoint), most frequent first.

    ``in_group``: bool per comment (indexed like the comments). Per theme: ``n_theme`` comments of the
    theme in the group, ``n_group`` modelled comments in the group, ``share_group`` and
    ``share_overall`` (%), ``lift``, Wilson ``ci_low``/``ci_high`` (%), ``over`` (ci_low >
    share_overall) as in :func:`over_representation`, and ``sentiment``: the theme's mean sentiment
    within the group (NaN without scored comments).
    """
    a = result.assignment
    if a.empty:
        return pd.DataFrame(columns=["theme", "label", "n_theme", "n_group", "share_group", "share_overall", "lift",
                                     "ci_low", "ci_high", "over", "sentiment"])
    mask = in_group.reindex(a.index).fillna(False).astype(bool).to_numpy()
    flag = pd.DataFrame({"group": np.where(mask, "in", None)}, index=a.index)
    over = over_representation(a, flag, min_n=1)
    over = over[over["group"] == "in"].drop(columns=["column", "group"])
    labels = result.themes.set_index("theme")["label"]
    over.insert(1, "label", over["theme"].map(labels))
    if sentiment is not None:
        s = pd.to_numeric(sentiment.reindex(a.index), errors="coerce")[mask]
        means = s.groupby(a[mask]).mean()
        over["sentiment"] = over["theme"].map(means).astype("float64")
    else:
        over["sentiment"] = np.nan
    over = over[over["n_theme"] > 0].sort_values(["n_theme", "theme"], ascending=[False, True], kind="stable")
    return over.reset_index(drop=True)
