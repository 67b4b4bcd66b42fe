"""Comments: sentiment computed from comments (when the file has none) and comment themes.

Both are cached per loaded source — the SHA-256 digest of the uploaded bytes plus the import
recipe (and the workspace, for an opened one), as components/data_source.py keys parsed datasets —
never on a DataFrame argument. The first computation on 100k comments takes about a minute (see
docs/performance.md); every later rerun is a dictionary look-up.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

import cxlens
from cxlens import journey, text_signals
from cxlens.metric_registry import MIN_N

from .shared_cache import SharedLru
from .markdown import md

#: The SentimentFill of the dataset shown this run (set by :func:`with_sentiment`).
FILL_KEY = "cxlens_sentiment_fill"
#: The data key of the dataset shown this run: (digest, recipe json, workspace id).
DATA_KEY = "cxlens_text_key"
AUTO = 0  # the theme-count choice "automatic"


@st.cache_resource(show_spinner=False)
def _caches() -> dict[str, SharedLru]:
    return {"sentiment": SharedLru(8), "themes": SharedLru(24)}


#: Distinct comments read automatically on load (a few seconds); more wait for the user's click, so a
#: 20,000-review file opens at once instead of half a minute later (about 1.5 ms a comment, see
#: docs/performance.md).
AUTO_MAX_COMMENTS = 3000
#: Session key: the data key whose comments the user asked to read.
REQUEST_KEY = "cxlens_read_comments"


def _distinct_comments(ds: cxlens.Dataset) -> int:
    return int(ds.feedback["comment"].nunique(dropna=True)) if "comment" in ds.feedback else 0


def pending(ds: cxlens.Dataset) -> int:
    """Distinct comments waiting to be read (0 when read, when the file has its own sentiment, or none)."""
    fill = st.session_state.get(FILL_KEY)
    if fill is not None:
        return 0
    if "sentiment" in ds.feedback and ds.feedback["sentiment"].notna().any():
        return 0
    return _distinct_comments(ds)


def with_sentiment(key: tuple, ds: cxlens.Dataset) -> cxlens.Dataset:
    """``ds`` with its sentiment column computed from comments when the file has none (cached per ``key``).

    ``key`` identifies the loaded bytes and recipe (never the frame). A sentiment column in the file
    wins. Records which is shown for :func:`sentiment_note`. Files with more than
    :data:`AUTO_MAX_COMMENTS` distinct comments are read only once the user asks (:func:`read_button`);
    until then ``ds`` is returned as loaded.
    """
    cache = _caches()["sentiment"]
    hit = cache.get(key)
    st.session_state[DATA_KEY] = key
    if hit is None and _distinct_comments(ds) > AUTO_MAX_COMMENTS and st.session_state.get(REQUEST_KEY) != key \
            and not ("sentiment" in ds.feedback and ds.feedback["sentiment"].notna().any()):
        st.session_state.pop(FILL_KEY, None)
        return ds
    if hit is None:
        if "sentiment" in ds.feedback and ds.feedback["sentiment"].notna().any():
            hit = (ds, text_signals.SentimentFill("file"))
        else:
            with st.status("Reading the sentiment of the comments…", expanded=False) as status:
                bar = st.progress(0.0)
                feedback, fill = text_signals.fill_sentiment(
                    ds.feedback, progress=lambda f: bar.progress(min(max(f, 0.0), 1.0)))
                status.update(label=f"Sentiment of {fill.scored:,} comments read", state="complete")
            hit = (dataclasses.replace(ds, feedback=feedback) if fill.source == "computed" else ds, fill)
        cache.put(key, hit)
    st.session_state[FILL_KEY] = hit[1]
    st.session_state[DATA_KEY] = key
    return hit[0]


def read_button(ds: cxlens.Dataset) -> bool:
    """Offer to read a large file's comments (sentiment and themes); True once they are read."""
    waiting = pending(ds)
    if not waiting:
        return True
    seconds = max(5, round(waiting * 0.0015 / 5) * 5)
    st.info(f"This file has **{waiting:,} different comments**. Reading their sentiment and themes takes about "
            f"{seconds} s the first time (then it is kept for everyone who opens this data).",
            icon=":material/forum:")
    if st.button("Read the comments", icon=":material/play_arrow:", key="read_comments"):
        st.session_state[REQUEST_KEY] = st.session_state.get(DATA_KEY)
        st.rerun()
    return False


def sentiment_note() -> str:
    """What the sentiment shown is, when it was computed from comments; else ''."""
    fill = st.session_state.get(FILL_KEY)
    return fill.describe() if fill is not None and fill.source == "computed" else ""


def _theme_columns(ds: cxlens.Dataset) -> list[str]:
    cols = ["touchpoint"] if ds.feedback["touchpoint"].notna().any() else []
    return cols + [c for c in ds.segment_columns if c not in cols]


def themes_result(ds: cxlens.Dataset, n_themes: int | None) -> tuple[text_signals.Themes, pd.DataFrame, dict]:
    """(themes, over-representation, per-touchpoint cache) of the comments of ``ds``, cached per loaded source
    and theme count (the Friction hotspots and Why pages share them)."""
    fill = st.session_state.get(FILL_KEY)
    key = (st.session_state.get(DATA_KEY), n_themes)
    cache = _caches()["themes"]
    hit = cache.get(key) if key[0] is not None else None
    if hit is None:
        fb = ds.feedback
        english = fb["sentiment"].notna() if fill is not None and fill.source == "computed" else None
        with st.spinner("Finding themes in the comments…"):
            result = text_signals.comment_themes(fb["comment"], n_themes, sentiment=fb["sentiment"], english=english)
            over = text_signals.over_representation(result.assignment, fb[_theme_columns(ds)], min_n=MIN_N)
        hit = (result, over, {})  # {} caches each touchpoint's themes (themes_in_group)
        if key[0] is not None:
            cache.put(key, hit)
    return hit


def _where(over: pd.DataFrame, theme: int, shown: int = 3) -> str:
    rows = over[(over["theme"] == theme) & over["over"]].head(shown)
    return "; ".join(f"{g} ({journey.column_label(c).lower()}): {s:.0f}% vs {o:.0f}%, n = {int(n):,}"
                     for c, g, s, o, n in zip(rows["column"], rows["group"], rows["share_group"],
                                              rows["share_overall"], rows["n_group"]))


def pick_theme_count(ds: cxlens.Dataset) -> int | None:
    """The "Number of themes" control (one key, so every page shows the same themes): None = automatic."""
    fill = st.session_state.get(FILL_KEY)
    n_text = int(ds.feedback["comment"].notna().sum())
    n_model = int(ds.feedback["sentiment"].notna().sum()) if fill is not None and fill.source == "computed" else n_text
    auto = text_signals.default_theme_count(n_model)
    choices = [AUTO, *range(text_signals.MIN_THEMES, text_signals.MAX_THEMES + 1)]
    if st.session_state.get("th_k") not in choices:
        st.session_state.pop("th_k", None)
    pick = st.selectbox("Number of themes", choices, key="th_k",
                        format_func=lambda v: f"Automatic ({auto})" if v == AUTO else str(v),
                        help="Automatic: round(√(comments ÷ 20)), between 2 and 15.")
    return None if pick == AUTO else int(pick)


def themes_section(ds: cxlens.Dataset, touchpoint: str | None = None) -> None:
    """What customers talk about: comment themes with size, sentiment, examples and where they are
    over-represented; for ``touchpoint`` (the selected hotspot), its own themes first."""
    st.subheader("What customers talk about")
    n_text = int(ds.feedback["comment"].notna().sum())  # (the loader makes blank comments missing)
    if not n_text:
        st.caption("This data has no comments, so there are no themes.")
        return
    if not read_button(ds):
        return
    fill = st.session_state.get(FILL_KEY)
    result, over, per_touchpoint = themes_result(ds, pick_theme_count(ds))
    if result.note:
        st.info(result.note, icon=":material/info:")
        return
    if fill is not None and fill.source == "file":  # (a computed one is said under the page title)
        st.caption(f"Sentiment: {md(fill.describe())}.")
    st.caption(f"{result.n_comments:,} comments in {len(result.themes)} themes (TF-IDF + NMF, seeded, so the same "
               "data gives the same themes); each comment belongs to the theme it weighs most on"
               + (f"; {result.left_out:,} non-English comments left out" if result.left_out else "") + ".")
    if touchpoint is not None:
        mine = per_touchpoint.get(touchpoint)
        if mine is None:
            in_group = ds.feedback["touchpoint"].astype("string") == touchpoint
            mine = per_touchpoint[touchpoint] = text_signals.themes_in_group(result, in_group, ds.feedback["sentiment"])
        st.markdown(f"**Themes at {md(touchpoint)}**")
        if mine.empty:
            st.caption("No modelled comments at this touchpoint.")
        else:
            st.dataframe(pd.DataFrame({
                "theme": mine["label"], "comments here": mine["n_theme"].astype(int),
                "% here": mine["share_group"].round(1), "% overall": mine["share_overall"].round(1),
                "more often here": ["yes" if o else "" for o in mine["over"]],
                "mean sentiment here": mine["sentiment"].round(2)}), hide_index=True, width="stretch",
                column_config={"% here": st.column_config.NumberColumn(format="%.1f%%"),
                               "% overall": st.column_config.NumberColumn(format="%.1f%%")})
            st.caption(f"% here: share of the {int(mine['n_group'].iloc[0]):,} modelled comments at this touchpoint; "
                       "'more often here' when the lower end of its 95% interval is above the overall share.")
    themes = result.themes
    st.page_link("pages/why.py", label="Which of these themes cost points, and what drives the score: the Why page",
                 icon=":material/arrow_forward:")
    st.markdown("**All themes**")
    st.dataframe(pd.DataFrame({
        "#": themes["theme"], "theme": themes["label"], "comments": themes["size"].astype(int),
        "% of comments": themes["share"].round(1), "mean sentiment": themes["sentiment"].round(2),
        "distinctive terms": themes["terms"],
        "over-represented in": [_where(over, t) for t in themes["theme"]]}), hide_index=True, width="stretch",
        column_config={"% of comments": st.column_config.NumberColumn(format="%.1f%%")})
    with st.expander("Example comments per theme"):
        for _, row in themes.iterrows():
            st.markdown(f"**{int(row['theme'])}. {md(row['label'])}** — {int(row['size']):,} comments")
            for quote in row["examples"]:
                st.text(f"“{quote}”")  # st.text never interprets markup
