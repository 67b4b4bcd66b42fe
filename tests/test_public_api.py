"""The public analysis API (issue #16): the README's notebook example runs as written, with the numbers the pages show."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest

import cxlens
from cxlens import friction, journey, prioritisation

from .conftest import ROOT


def _readme_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    (block,) = [b for b in blocks if "cxlens.journey_heatmap(" in b]
    return block


def test_readme_analysis_example_runs_and_matches_the_modules():
    scope: dict = {}
    exec(compile(_readme_block(), "README.md", "exec"), scope)  # noqa: S102 - the README's own example
    ds = scope["ds"]
    pd.testing.assert_frame_equal(scope["cells"], journey.journey_heatmap(ds, rows="stage", cols="persona",
                                                                          metric="nps"))
    pd.testing.assert_frame_equal(scope["spots"], friction.friction_hotspots(ds))
    pd.testing.assert_frame_equal(scope["ranked"], prioritisation.prioritise(ds.opportunities, method="rice"))
    assert list(scope["ranks"].columns)[:1] == ["opportunity"] and len(scope["ranks"]) == len(ds.opportunities)
    assert len(scope["projects"]) == 3
    assert cxlens.journey_heatmap is journey.journey_heatmap and "friction_hotspots" in dir(cxlens)
    assert scope["impact"].loc[0, "impact"] > 0 and scope["drivers"]["importance"].sum() == pytest.approx(1.0)


def test_import_cxlens_stays_light():
    code = "import sys, cxlens; print(sorted(m for m in ('cxlens.maturity', 'cxlens.friction', 'plotly') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_name_is_an_attribute_error():
    try:
        cxlens.no_such_function  # noqa: B018
    except AttributeError as exc:
        assert "no_such_function" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_deck_and_html_report_are_public_and_lazy():
    from cxlens import report

    assert cxlens.deck is report.deck and cxlens.html_report is report.html_report
    assert {"deck", "html_report"} <= set(dir(cxlens)) and {"deck", "html_report"} <= set(cxlens.__all__)
    code = "import sys, cxlens; print(sorted(m for m in ('cxlens.report', 'pptx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"  # python-pptx is imported only when a deck is made


def test_why_functions_are_public_and_lazy(sample_dataset):
    from cxlens import drivers, theme_effects

    assert cxlens.theme_impact is theme_effects.theme_impact and cxlens.key_drivers is drivers.key_drivers
    assert {"theme_impact", "key_drivers"} <= set(dir(cxlens)) and {"theme_impact", "key_drivers"} <= set(cxlens.__all__)
    table = cxlens.key_drivers(sample_dataset, "nps", n_boot=0)
    assert table["importance"].sum() == pytest.approx(1.0) and table.attrs["n"] > 6000
    code = ("import sys, cxlens; print(sorted(m for m in ('cxlens.drivers', 'cxlens.theme_effects', 'sklearn') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_change_grid_is_public_and_lazy():
    from cxlens import periods

    assert "change_grid" in dir(cxlens) and "change_grid" in cxlens.__all__
    assert cxlens.change_grid is periods.change_grid
