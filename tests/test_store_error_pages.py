"""A database that fails while a page reads it (issue #20 item 3): the page says so in one plain line and
keeps working with what it has; never a traceback."""

from __future__ import annotations

import pytest

from cxlens.store import StoreFailure
from cxlens.store.backlog import BacklogStore
from cxlens.store.maturity import MaturityStore

from .test_pages import _open


def _fail(*args, **kwargs):
    raise StoreFailure("The app database did not answer (OperationalError).")


@pytest.mark.parametrize("method", ["list_opportunities", "list_strategy_goals"])
def test_opportunities_page_survives_a_failing_backlog_read(monkeypatch, method):
    monkeypatch.setattr(BacklogStore, method, _fail)
    at = _open("pages/opportunities.py")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("could not be read" in e and "did not answer" in e for e in errors), errors
    # the sheet's items and goals are still shown
    assert any(e.label.startswith("Strategy: 8 goal(s)") for e in at.expander)


@pytest.mark.parametrize("method", ["list_maturity_answers", "maturity_submissions"])
def test_maturity_page_survives_a_failing_answers_read(monkeypatch, method):
    monkeypatch.setattr(MaturityStore, method, _fail)
    at = _open("pages/maturity.py")
    assert not at.exception
    assert any("could not be read" in e.value and "did not answer" in e.value for e in at.error)
    assert {m.label: m.value for m in at.metric}["Raters"] == "8"  # the sample sheet is still scored
