"""Cost of comment sentiment and themes (issue #17 part 1) on 100k distinct comments.

    .venv/bin/python -m benchmarks.comments [--n 100000] [--page]

Comments are sentences of the clothing reviews in ../shared/datasets recombined (seeded) into
distinct texts, so the per-text cache of ``comment_sentiment`` does not help. Peak RSS from
/proc/self/status (VmHWM). With ``--page`` the Friction hotspots page is run through AppTest on a
CSV of those comments: the first run (load + sentiment + themes) and a rerun (cached).
"""

from __future__ import annotations

import argparse
import io
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
REVIEWS = ROOT.parent / "shared" / "datasets" / "womens_ecommerce_clothing_reviews.xlsx"


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return float("nan")


def comments(n: int, seed: int = 0) -> pd.Series:
    reviews = pd.read_excel(REVIEWS, usecols=["Review Text"])["Review Text"].dropna().astype(str)
    sentences = [s.strip() for r in reviews for s in re.split(r"(?<=[.!?])\s+", r) if len(s.strip()) > 3]
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(sentences), size=(n, 3))
    return pd.Series([" ".join(sentences[i] for i in row) for row in picks]).drop_duplicates().head(n)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--page", action="store_true")
    args = parser.parse_args()
    from cxlens import text_signals as ts

    texts = comments(args.n)
    print(f"{len(texts):,} distinct comments, mean {texts.str.len().mean():.0f} characters")
    ts.comment_sentiment(pd.Series(["warm up the models"]))  # load VADER and py3langid once
    before = _rss_mb("VmRSS")
    t = time.perf_counter()
    s = ts.comment_sentiment(texts)
    print(f"sentiment: {time.perf_counter() - t:.1f} s, {int(s['scored'].sum()):,} scored, "
          f"peak RSS +{_rss_mb('VmHWM') - before:.0f} MB")
    t = time.perf_counter()
    th = ts.comment_themes(texts, sentiment=s["sentiment"], english=s["scored"])
    print(f"themes: {time.perf_counter() - t:.1f} s, {len(th.themes)} themes, peak RSS +{_rss_mb('VmHWM') - before:.0f} MB")
    if args.page:
        from streamlit.testing.v1 import AppTest

        rng = np.random.default_rng(1)
        frame = pd.DataFrame({"touchpoint": rng.choice(["Order", "Delivery", "Returns", "Support"], len(texts)),
                              "csat": rng.integers(1, 6, len(texts)), "comment": texts.to_numpy()})
        buf = io.StringIO()
        frame.to_csv(buf, index=False)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
        at.session_state["cxlens_payloads"] = (("comments.csv", buf.getvalue().encode()),)
        t = time.perf_counter()
        at.run()
        at.switch_page("pages/friction_hotspots.py").run()
        print(f"page, first run (load + sentiment + themes): {time.perf_counter() - t:.1f} s")
        for _ in range(3):
            t = time.perf_counter()
            at.run()
            print(f"page, rerun: {time.perf_counter() - t:.2f} s")
        assert not at.exception, [e.value for e in at.exception]
        # baseline: the same page and rows without comments (no sentiment, no themes)
        buf = io.StringIO()
        frame.drop(columns="comment").to_csv(buf, index=False)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
        at.session_state["cxlens_payloads"] = (("no_comments.csv", buf.getvalue().encode()),)
        at.run()
        at.switch_page("pages/friction_hotspots.py").run()
        for _ in range(3):
            t = time.perf_counter()
            at.run()
            print(f"page without comments, rerun: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
