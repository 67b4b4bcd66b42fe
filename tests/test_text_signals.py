"""Sentiment and themes of comments (cxlens/text_signals.py, issue #17 part 1): hand-checkable cases,
the real clothing reviews, and the Friction hotspots section through AppTest."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cxlens import metrics, text_signals as ts

from .conftest import ROOT


def test_vader_signs_on_fixed_sentences():
    out = ts.comment_sentiment(pd.Series(["I love this, great service and very friendly staff!",
                                          "Terrible. Slow, rude and the bill was wrong.",
                                          "The engineer came on Tuesday."]))
    assert out.loc[0, "sentiment"] > 0.5
    assert out.loc[1, "sentiment"] < -0.5
    assert out.loc[2, "sentiment"] == 0.0  # no opinion word: neutral
    assert out["scored"].all() and (out["language"] == "en").all()
    assert out["sentiment"].between(-1, 1).all()


def test_other_languages_and_empty_comments_are_not_scored():
    comments = pd.Series(["Très bien, merci pour le service rapide et aimable.",
                          "Der Kundendienst war sehr unfreundlich und langsam.",
                          None, "   ", "Fits perfect!"], index=[10, 11, 12, 13, 14])
    out = ts.comment_sentiment(comments)
    assert list(out.index) == [10, 11, 12, 13, 14]
    assert out.loc[10, "language"] == "fr" and out.loc[11, "language"] == "de"
    assert not out.loc[10, "scored"] and not out.loc[11, "scored"]
    assert np.isnan(out.loc[10, "sentiment"]) and np.isnan(out.loc[11, "sentiment"])
    assert pd.isna(out.loc[12, "language"]) and not out.loc[13, "scored"]
    # too short to tell (best guess another language under 50%): treated as English and scored
    assert out.loc[14, "scored"] and out.loc[14, "sentiment"] > 0


def test_fill_sentiment_file_column_wins_and_counts_not_scored():
    fb = pd.DataFrame({"comment": ["Great help, thank you!", "Awful wait.", "C'était vraiment très décevant, hélas.",
                                   None],
                       "sentiment": [np.nan] * 4})
    filled, fill = ts.fill_sentiment(fb)
    assert fill.source == "computed" and (fill.comments, fill.scored, fill.not_scored) == (3, 2, 1)
    assert filled["sentiment"].iloc[0] > 0 > filled["sentiment"].iloc[1]
    assert fill.describe() == "sentiment computed from comments (VADER, English only; 1 non-English comment not scored)"
    assert fb["sentiment"].isna().all()  # the input is not changed
    own = fb.assign(sentiment=[0.1, 0.2, 0.3, np.nan])
    kept, fill = ts.fill_sentiment(own)
    assert fill.source == "file" and kept is own
    assert ts.fill_sentiment(fb.assign(comment=None))[1].source == "none"


def test_default_theme_count_rule():
    assert [ts.default_theme_count(n) for n in (50, 500, 2000, 4500, 10**6)] == [2, 5, 10, 15, 15]


TOPICS = {
    "billing": ["bill", "invoice", "charged", "refund", "payment", "overcharged", "direct debit", "fee"],
    "technician": ["technician", "engineer", "visit", "appointment", "installed", "router", "cabling", "van"],
    "delivery": ["parcel", "courier", "delivery", "package", "tracking", "doorstep", "depot", "driver"],
}


def _planted(sizes=(70, 50, 30)) -> tuple[pd.Series, pd.Series]:
    """Comments from three disjoint vocabularies, each tied to one touchpoint."""
    rng = np.random.default_rng(7)
    texts, topics = [], []
    for (topic, words), size in zip(TOPICS.items(), sizes):
        for _ in range(size):
            texts.append("The " + " and the ".join(rng.choice(words, 3, replace=False)) + " were a problem.")
            topics.append(topic)
    return pd.Series(texts), pd.Series(topics)


def test_themes_recover_three_planted_topics_deterministically():
    comments, topics = _planted()
    result = ts.comment_themes(comments, 3)
    assert result.note == "" and result.n_comments == 150 and len(result.themes) == 3
    assert result.themes["size"].tolist() == [70, 50, 30]
    assert result.themes["theme"].tolist() == [1, 2, 3]
    # every theme holds exactly one planted topic
    table = pd.crosstab(result.assignment, topics)
    assert ((table > 0).sum(axis=1) == 1).all() and ((table > 0).sum(axis=0) == 1).all()
    billing = result.themes.iloc[0]
    assert set(billing["terms"].split(", ")) <= {w for w in " ".join(TOPICS["billing"]).split()}
    assert len(billing["examples"]) == 3 and all(e in set(comments) for e in billing["examples"])
    assert billing["share"] == pytest.approx(100 * 70 / 150)
    again = ts.comment_themes(comments, 3)
    pd.testing.assert_frame_equal(result.themes, again.themes)
    pd.testing.assert_series_equal(result.assignment, again.assignment)
    # each topic over-represented in its own touchpoint
    touchpoint = topics.map({"billing": "Bill", "technician": "Install", "delivery": "Parcel"})
    over = ts.over_representation(result.assignment, pd.DataFrame({"touchpoint": touchpoint}), min_n=10)
    surely = over[over["over"]]
    assert sorted(zip(surely["theme"], surely["group"])) == [(1, "Bill"), (2, "Install"), (3, "Parcel")]


def test_themes_sentiment_and_english_only():
    comments, _ = _planted()
    sentiment = pd.Series(np.where(np.arange(150) < 70, -0.5, 0.25))
    english = pd.Series(np.arange(150) != 0)  # one comment treated as not English
    result = ts.comment_themes(comments, 3, sentiment=sentiment, english=english)
    assert result.left_out == 1 and result.n_comments == 149
    assert result.themes["sentiment"].tolist() == pytest.approx([-0.5, 0.25, 0.25])
    assert result.themes["n_scored"].tolist() == [69, 50, 30]


def test_too_few_comments_for_themes():
    result = ts.comment_themes(pd.Series(["Bill too high"] * 49 + [None, ""]))
    assert result.themes.empty and "49 comments — too few for themes" in result.note


def test_over_representation_by_hand():
    # 100 comments: group A has 50 (40 of theme 1), group B 50 (10 of theme 1); overall theme 1 = 50/100
    assignment = pd.Series([1] * 40 + [2] * 10 + [1] * 10 + [2] * 40)
    groups = pd.DataFrame({"persona": ["A"] * 50 + ["B"] * 50})
    over = ts.over_representation(assignment, groups, min_n=30).set_index(["theme", "group"])
    a1 = over.loc[(1, "A")]
    assert (a1["n_group"], a1["n_theme"]) == (50, 40)
    assert a1["share_group"] == pytest.approx(80.0) and a1["share_overall"] == pytest.approx(50.0)
    assert a1["lift"] == pytest.approx(1.6)
    lo, hi = metrics.wilson_interval(40, 50)
    assert (a1["ci_low"], a1["ci_high"]) == pytest.approx((100 * lo, 100 * hi))
    assert a1["over"] and lo > 0.5  # 66.9% > 50%
    assert not over.loc[(1, "B"), "over"] and over.loc[(1, "B"), "lift"] == pytest.approx(0.4)
    assert ts.over_representation(assignment, groups, min_n=51).empty  # groups under min_n are left out
    # the same numbers for one group of comments, with the theme's sentiment there
    result = ts.Themes(pd.DataFrame({"theme": [1, 2], "label": ["one", "two"]}), assignment, 100, 2)
    mine = ts.themes_in_group(result, groups["persona"] == "A", pd.Series([0.5] * 40 + [-1.0] * 60))
    assert mine[["theme", "n_theme", "n_group"]].values.tolist() == [[1, 40, 50], [2, 10, 50]]
    assert mine["sentiment"].tolist() == [0.5, -1.0]


@pytest.mark.datasets
def test_clothing_reviews_give_deterministic_themes(shared_datasets):
    path = shared_datasets / "womens_ecommerce_clothing_reviews.xlsx"
    if not path.exists():
        pytest.skip(f"{path.name} not found in {shared_datasets}")
    reviews = pd.read_excel(path, usecols=["Review Text", "Department Name"], nrows=5000)
    first = ts.comment_themes(reviews["Review Text"])
    again = ts.comment_themes(reviews["Review Text"])
    assert len(first.themes) == ts.default_theme_count(first.n_comments) == 15
    assert first.themes["size"].sum() <= first.n_comments and (first.themes["size"] > 0).all()
    assert (first.themes["label"].str.len() > 0).all()
    pd.testing.assert_frame_equal(first.themes, again.themes)
    terms = set(", ".join(first.themes["terms"]).split(", "))
    assert {"dress", "size"} <= terms  # what a clothing buyer writes about


# ----------------------------------------------------------------------------- the page section


def _friction_page(upload: tuple[str, bytes] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if upload is not None:
        at.session_state["cxlens_payloads"] = (upload,)
    at.run()
    at.switch_page("pages/friction_hotspots.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _csv(frame: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode()


def test_friction_page_shows_themes_of_the_sample_and_the_chosen_count():
    at = _friction_page()
    assert "What customers talk about" in [s.value for s in at.subheader]
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Sentiment: sentiment computed from comments") for c in captions)
    assert any("comments in" in c and "themes (TF-IDF + NMF" in c for c in captions)
    tables = [d.value for d in at.dataframe if "distinctive terms" in d.value.columns]
    assert tables and len(tables[0]) == ts.default_theme_count(2483)
    at.selectbox(key="th_k").select(4).run()
    tables = [d.value for d in at.dataframe if "distinctive terms" in d.value.columns]
    assert len(tables[0]) == 4


def test_friction_page_too_few_comments_and_not_scored_count():
    rng = np.random.default_rng(1)
    comments = ["Great help from the agent, thanks!", "The bill was wrong again, awful."] * 10
    comments += ["Très décevant, la facture était fausse.", "Die Rechnung war leider wieder falsch."]
    frame = pd.DataFrame({"touchpoint": ["Billing", "Support"] * 11, "csat": rng.integers(1, 6, 22),
                          "comment": comments})
    at = _friction_page(("few.csv", _csv(frame)))
    captions = [c.value for c in at.caption]
    assert any("2 non\\-English comments not scored" in c for c in captions), captions
    infos = [i.value for i in at.info]
    assert any("too few for themes" in i for i in infos), infos


def test_friction_page_file_sentiment_wins():
    frame = pd.DataFrame({"touchpoint": ["Billing", "Support"] * 30, "csat": [1, 5] * 30,
                          "sentiment": [-0.5, 0.5] * 30, "comment": ["<script>alert(1)</script> bill **wrong**",
                                                                      "friendly agent"] * 30})
    at = _friction_page(("own.csv", _csv(frame)))
    captions = [c.value for c in at.caption]
    assert not any("computed from comments" in c for c in captions)
    assert any("from the file's own column" in c for c in captions)
    assert not any("<script>" in m.value for m in at.markdown)  # comments only reach st.text or tables


def test_large_files_read_their_comments_only_when_asked(monkeypatch):
    """Reading 20,000 comments takes half a minute: above AUTO_MAX_COMMENTS the page opens at once and offers it."""
    from streamlit.testing.v1 import AppTest

    from components import text_view

    from .conftest import ROOT

    monkeypatch.setattr(text_view, "AUTO_MAX_COMMENTS", 20)
    rows = ["Touchpoint,CSAT,Comment"] + [
        f"{['Billing', 'Delivery', 'App'][i % 3]},{1 + i % 5},\"The delivery number {i} was late and the driver was rude\""
        for i in range(60)]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["cxlens_payloads"] = (("comments.csv", ("\n".join(rows) + "\n").encode()),)
    at.run()
    at.switch_page("pages/friction_hotspots.py").run()
    assert not at.exception
    assert any("60 different comments" in i.value for i in at.info)
    assert text_view.FILL_KEY not in at.session_state  # nothing read yet
    at.button(key="read_comments").click().run()
    assert not at.exception
    assert at.session_state[text_view.FILL_KEY].source == "computed"
    assert not any("different comments" in i.value for i in at.info)
