"""The red-team regression suite (issue 20): each finding as a test, its inputs made in code.

Browser tests here reuse the fixtures of tests/browser (a real `streamlit run` and Debian's Chromium)."""

import os

import pytest

from ..browser.conftest import app_server, browser, chromium_path, page  # noqa: F401  (fixtures)


def pytest_collection_modifyitems(items):
    for item in items:
        if "test_" in item.name and "browser" in str(item.fspath).rsplit(os.sep, 1)[-1]:
            item.add_marker(pytest.mark.browser)
