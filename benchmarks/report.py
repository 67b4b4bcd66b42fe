"""How long a deck and a report of the sample data take (issue 18's target: a deck in under 10 s).

    PYTHONPATH=. .venv/bin/python -m benchmarks.report [--runs 3] [--data path]

The data is loaded once and given comment sentiment as the app does (``text_signals.fill_sentiment``),
then ``cxlens.deck`` and ``cxlens.html_report`` are each timed ``--runs`` times in this process (wall
time; the first run includes importing python-pptx and the figure modules). Prints one line per run
and PASS/MISS for the 10 s target of the deck.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import cxlens
from cxlens import text_signals

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "cx_lens_sample.xlsx"
TARGET_S = 10.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=SAMPLE)
    args = parser.parse_args(argv)
    ds = cxlens.load(args.data)
    feedback, fill = text_signals.fill_sentiment(ds.feedback)
    if fill.source == "computed":
        ds = dataclasses.replace(ds, feedback=feedback)
    worst = 0.0
    for run in range(args.runs):
        for name, make in (("deck", cxlens.deck), ("html_report", cxlens.html_report)):
            start = time.perf_counter()
            out = make(ds, label=args.data.name)
            took = time.perf_counter() - start
            if name == "deck":
                worst = max(worst, took)
            print(f"run {run + 1}  {name:<12} {took:6.2f} s  {len(out) / 1e6:5.2f} MB")
    print(f"deck, slowest run: {worst:.2f} s — {'PASS' if worst < TARGET_S else 'MISS'} (target < {TARGET_S:g} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
