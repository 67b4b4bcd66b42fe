"""The reading corpus (issue #14): real public CX files, each with its correct reading in the manifest.

The corpus must build and match its manifest; and no file may be read worse than the recorded
baseline (tests/reading_corpus/baseline.json, verdicts right < honest < incomplete < wrong). When a
change reads a file better, `make reading-report` shows it and the baseline is updated in the same commit.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from . import reading_report
from .conftest import ROOT

CORPUS = ROOT / "tests" / "reading_corpus"
ORDER = ["right", "honest", "incomplete", "wrong"]


def test_corpus_matches_its_manifest():
    done = subprocess.run([sys.executable, str(CORPUS / "verify.py")], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 problems" in done.stdout
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    assert len(manifest) >= 25
    assert len({e["language"] for e in manifest}) >= 5


@pytest.fixture(scope="module")
def verdicts() -> dict[str, str]:
    return reading_report.file_verdicts(reading_report.run())


def test_no_file_is_read_worse_than_the_baseline(verdicts):
    baseline = json.loads((CORPUS / "baseline.json").read_text())
    worse = {f: (baseline[f], v) for f, v in verdicts.items() if f in baseline and ORDER.index(v) > ORDER.index(baseline[f])}
    assert not worse, f"read worse than the baseline (was, now): {worse}"
    assert set(verdicts) == set(baseline)


def test_no_file_is_read_confidently_wrong(verdicts):
    """Issue #14's bar: what is uncertain is asked, never applied wrongly."""
    assert [f for f, v in verdicts.items() if v == "wrong"] == []


def test_report_scores_a_wrong_reading_as_wrong():
    """The scorer itself: a count read as a touchpoint rating is wrong, a question asked is honest."""
    entry = {"id": "t", "sheets": {"": {"kind": "customer", "roles": {"Visits": "count", "Score": "csat"}}}}

    class FakeRecipe:
        tables = {"t.csv": {"use": True, "table": "feedback", "layout": "wide", "value_columns": ["Visits"],
                            "columns": {"Visits": "", "Score": ""}}}
        scales: dict = {}

    class FakeDs:
        recipe = FakeRecipe()
        import pandas as pd
        feedback = pd.DataFrame({"csat": [], "touchpoint": []})

    result = reading_report.score_sheet(entry, "", entry["sheets"][""], FakeDs(), None)
    assert result.verdict == "wrong" and "'Visits' is count, read as touchpoint_rating" in result.notes[0]
    FakeRecipe.tables["t.csv"] = {"use": True, "table": "feedback", "layout": "long", "columns": {"Visits": ""},
                                  "questions": [{"id": "ratings", "options": ["Score"]}]}
    result = reading_report.score_sheet(entry, "", entry["sheets"][""], FakeDs(), None)
    assert result.verdict == "honest"
