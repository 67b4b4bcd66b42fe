"""The sidebar's deck and report downloads (issue 18) through AppTest: on a page, with the page's view, and on a
shared read-only workspace link."""

from __future__ import annotations

import io

import pytest
from streamlit.testing.v1 import AppTest

from components import report_download
from components.workspace_view import owner_key_for_secret
from cxlens import workspace as cw
from cxlens.store import Store, default_url
from cxlens.workshop import SCORE_CRITERIA

from .conftest import ROOT

pptx = pytest.importorskip("pptx", reason="python-pptx is in requirements.txt")
LABELS = ["Download deck (.pptx)", "Download report (.html)"]


@pytest.fixture
def captured(monkeypatch):
    """The click-time inputs the sidebar handed to its download buttons, in order of the runs."""
    seen = []
    original = report_download.inputs

    def spy():
        inp = original()
        seen.append(inp)
        return inp

    monkeypatch.setattr(report_download, "inputs", spy)
    return seen


def _run(query: dict, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _buttons(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.sidebar.get("download_button")]


def _slide_titles(data: bytes) -> list[str]:
    prs = pptx.Presentation(io.BytesIO(data))
    return [next(s.text_frame.text for s in slide.shapes if s.name == "Title") for slide in prs.slides]


def test_heatmap_page_offers_a_deck_of_its_view(captured):
    at = _run({"metric": "nps", "cols": "channel", "persona": "Busy professional"}, "pages/journey_heatmap.py")
    assert _buttons(at) == LABELS
    deferred = [b.proto.deferred_file_id for b in at.sidebar.get("download_button")]
    assert all(deferred)  # built on click, not on every run
    inp = captured[-1]
    assert (inp.view.metric, inp.view.cols, inp.view.filters) == ("nps", "channel", {"persona": ["Busy professional"]})
    deck = report_download.build("deck", inp)
    titles = _slide_titles(deck)
    assert "Journey heatmap: NPS" in titles and titles[0] == "CX Lens: Sample data (fictional broadband provider)"
    assert report_download.build("deck", inp) is deck  # the second click is served from the cache
    prs = pptx.Presentation(io.BytesIO(deck))
    heat = prs.slides[titles.index("Journey heatmap: NPS")]
    (table,) = [s.table for s in heat.shapes if s.has_table]
    footer = next(s.text_frame.text for s in heat.shapes if s.name == "Footer")
    assert "Filters: Persona: Busy professional" in footer
    header = [c.text for c in table.rows[0].cells]
    channels = {str(c) for c in inp.ds.feedback["channel"].dropna().unique()}
    assert header[0] == "Stage" and len(header) > 2 and set(header[1:]) <= channels


def test_shared_read_only_workspace_link_gets_the_downloads(sample_dataset, captured):
    store = Store(default_url())
    secret = "owner-secret-" + "r" * 30
    view = {"page": "overview", "params": {}, "backlog_key": "report-digest"}
    _, token = store.save_workspace("Board pack <b>Q4</b>", owner_key_for_secret(secret),
                                    sample_dataset.recipe.to_json(), cw.dataset_tables(sample_dataset), view)
    store.close()
    at = _run({"ws": token}, "pages/overview.py")
    assert any("(read-only)" in c.value for c in at.sidebar.caption)
    assert _buttons(at) == LABELS
    inp = captured[-1]
    assert inp.label == "Board pack <b>Q4</b>"
    page = report_download.build("report", inp)
    assert "<h1>CX Lens: Board pack &lt;b&gt;Q4&lt;/b&gt;</h1>" in page and "<b>Q4</b>" not in page


def test_a_workshop_participant_phone_gets_no_downloads(captured):
    at = _run({"join": "NO-SUCH-CODE"})
    assert _buttons(at) == []


def test_workshop_results_are_in_the_deck_of_its_facilitator_view_only(sample_dataset):
    import dataclasses

    from cxlens.report import ReportView

    store = Store(default_url())
    key = "report-workshop-digest"
    ids = ["a-1", "b-2"]
    store.save_opportunities(key, [{"opportunity_id": "a-1", "opportunity": "Alpha", "origin": "app"},
                                   {"opportunity_id": "b-2", "opportunity": "Beta", "origin": "app"}])
    w = store.create_workshop("Q4 <planning>", key, ids, SCORE_CRITERIA)
    store.open_round(w.id, w.facilitator_token)
    for i in range(4):
        p = store.join(w.id, f"P{i}")
        store.cast_votes(w.id, p.token, {("a-1", "value"): 7 + i % 2, ("a-1", "effort"): 3,
                                         ("b-2", "value"): 4, ("b-2", "effort"): 6 + i % 3})
    store.close()
    ds = dataclasses.replace(sample_dataset)
    base = report_download.Inputs(ds, "Sample", "report-workshop-test", key, "default", ReportView(), None)

    def titles(inp) -> list[str]:
        return _slide_titles(report_download.build("deck", inp))

    assert not [t for t in titles(base) if t.startswith("Workshop")]  # anyone with the same data: no results
    wrong = dataclasses.replace(base, facilitator=(w.id, "not-the-token"))
    assert not [t for t in titles(wrong) if t.startswith("Workshop")]
    mine = dataclasses.replace(base, facilitator=(w.id, w.facilitator_token))
    assert titles(mine)[-1] == "Workshop: Q4 <planning>"
    prs = pptx.Presentation(io.BytesIO(report_download.build("deck", mine)))
    (table,) = [s.table for s in prs.slides[len(prs.slides) - 1].shapes if s.has_table]
    rows = [[c.text for c in r.cells] for r in table.rows]
    # 4 votes each: value 7, 8, 7, 8 -> 7.5; effort of Beta 6, 7, 8, 6 -> 6.75, sd 0.83 (population)
    assert rows[1:] == [["Beta", "4.0", "6.8", "0.8", "4"], ["Alpha", "7.5", "3.0", "0.5", "4"]]
