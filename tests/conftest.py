"""Shared fixtures. Tests that need something the machine may lack (a browser, the shared
datasets) skip with a reason locally, but fail under CI=true, where it must be present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"
SAMPLE_XLSX = ROOT / "sample_data" / "cx_lens_sample.xlsx"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def skip_or_fail(reason: str, *, required_in_ci: bool = True):
    """Skip locally; under CI a missing prerequisite is a failure, not a silent skip."""
    if IN_CI and required_in_ci:
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    if not SHARED_DATASETS.is_dir():
        # The shared datasets live beside the checkout, not in it (their licences are unverified).
        pytest.skip(f"real datasets not found at {SHARED_DATASETS}")
    return SHARED_DATASETS


@pytest.fixture(scope="session")
def sample_dataset():
    import cxlens

    return cxlens.load(SAMPLE_XLSX)


@pytest.fixture(autouse=True, scope="session")
def _app_data_in_tmp(tmp_path_factory):
    """The app's embedded SQLite store goes to a temporary folder, never into the checkout."""
    if "CXLENS_DATA_DIR" not in os.environ:
        os.environ["CXLENS_DATA_DIR"] = str(tmp_path_factory.mktemp("cxlens-data"))
    yield
