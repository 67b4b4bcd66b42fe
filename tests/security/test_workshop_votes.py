"""Finding 4 of issue 20: workshop votes could be read by participants.

- The big screen opened with ``?screen=<join code>`` (or the join token): every participant has it, and
  the screen shows the room's results, so a participant could watch the numbers move as others voted.
  The big screen now has its own token, held by the facilitator (shown on the facilitator view with a
  QR code), never derivable from the join code.
- Per-item results are shown only from CXLENS_WORKSHOP_MIN_VOTES votes (the sd from one more) on every
  view that shows them: the big screen, the facilitator's view, the participants' results and the export.

Each case runs the page through AppTest on its own SQLite file, with the workshop made in code.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import store_resource, workshop_screen
from cxlens.store import Store

from ..conftest import ROOT

PAGE = "pages/workshop.py"
CRITERIA = {"mode": "score", "criteria": {"value": {"label": "Value", "min": 1, "max": 10},
                                          "effort": {"label": "Effort", "min": 1, "max": 10}}}


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'votes.sqlite3'}"
    monkeypatch.setenv("CXLENS_DATABASE_URL", url)
    monkeypatch.delenv("CXLENS_WORKSHOP_MIN_VOTES", raising=False)
    store_resource.clear()
    s = Store(url)
    yield s
    s.close()
    store_resource.clear()


def _workshop(store: Store, votes: dict[str, list[tuple[int, int]]]):
    """A revealed, closed workshop on two items; ``votes`` = {item id: [(value, effort) per person]}."""
    ids = store.save_opportunities("sec-backlog", pd.DataFrame(
        {"opportunity_id": ["a", "b"], "name": ["Alpha item", "Beta item"]}))
    w = store.create_workshop("Red team", "sec-backlog", ids, CRITERIA)
    store.open_round(w.id, w.facilitator_token)
    people = max(len(v) for v in votes.values())
    tokens = [store.join(w.id, f"P{i}").token for i in range(people)]
    for oid, pairs in votes.items():
        for token, (value, effort) in zip(tokens, pairs):
            store.cast_votes(w.id, token, {(oid, "value"): value, (oid, "effort"): effort})
    store.close_round(w.id, w.facilitator_token)
    store.set_revealed(w.id, w.facilitator_token, True)
    return w, tokens


def _open(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "title", "info", "error", "warning", "success", "code")
             for e in getattr(at, kind)]
    parts += [str(m.value) for m in at.metric]
    parts += [t.value.to_csv() for t in at.table] + [d.value.to_csv() for d in at.dataframe]
    parts += [str(c.proto.spec) for c in at.get("plotly_chart")]
    return "\n".join(str(p) for p in parts)


def _screen_tokens(at: AppTest) -> list[str]:
    """The tokens of the big-screen links the facilitator view shows."""
    return [m for c in at.code for m in re.findall(r"[?&]screen=([A-Za-z0-9_\-]+)", c.value)]


def test_the_join_code_and_join_link_do_not_open_the_big_screen(store):
    w, _ = _workshop(store, {"a": [(8, 2), (6, 4), (10, 3)]})
    for value in (w.join_code, w.join_code.lower(), w.join_token):
        at = _open(screen=value)
        assert not at.metric and not at.table and not at.get("plotly_chart"), value
        assert "Red team" not in [t.value for t in at.title], value
        assert "8.0" not in _shown(at)  # the room's average of item a
        assert "does not open a workshop" in at.error[0].value
        assert "a join code or join link does not open it" in at.info[0].value


def test_the_big_screen_link_is_the_facilitators_own_token(store):
    w, tokens = _workshop(store, {"a": [(8, 2), (6, 4), (10, 3)]})
    fac = _open(w=str(w.id), f=w.facilitator_token)
    screens = _screen_tokens(fac)
    assert len(screens) == 1
    screen = screens[0]
    for known in (w.join_code, w.join_token, w.facilitator_token, *tokens):
        assert known not in screen and screen not in known
    assert len(screen) >= 43  # 256 bits, like every other link token
    assert len(fac.get("image")) == 2  # the QR codes: to join, and the big screen to project
    at = _open(screen=screen)
    assert at.title[0].value == "Red team"
    assert [m.value for m in at.metric][:2] == ["3", "3"]
    assert at.table[0].value.iloc[0].tolist()[:3] == ["Alpha item", "8.0", "3.0"]  # means; sd needs 4 votes
    # a participant's page never shows a big-screen link
    phone = _open(join=w.join_token, p=tokens[0])
    assert not _screen_tokens(phone) and screen not in _shown(phone)


def _facilitator_screen(store: Store, w) -> str:
    return _screen_tokens(_open(w=str(w.id), f=w.facilitator_token))[0]


@pytest.mark.parametrize("pairs, hidden", [
    ([(3, 2)], ("3.0", "2.0")),  # one vote: it would be shown outright
    ([(3, 2), (9, 8)], ("6.0", "5.0", "3.0")),  # two: means 6 and 5, sd 3 (of n): each gives the other's vote
])
def test_fewer_votes_than_the_threshold_show_nothing_on_any_view(store, pairs, hidden):
    w, tokens = _workshop(store, {"a": pairs, "b": [(5, 5)] * 3 + [(7, 7)]})
    views = {"screen": {"screen": _facilitator_screen(store, w)},
             "facilitator": {"w": str(w.id), "f": w.facilitator_token},
             "participant": {"join": w.join_token, "p": tokens[0]}}
    for name, params in views.items():
        shown = _shown(_open(**params))
        for leak in hidden:
            assert leak not in shown, (name, leak)
        assert "at least 3 people" in shown, name
    frame = pd.read_csv(io.BytesIO(workshop_screen.results_csv(store, w.id)))
    rows = frame.set_index(["opportunity_id", "criterion"])
    assert rows.loc[("a", "value"), ["mean", "std", "total"]].isna().all()
    # item b: 5, 5, 5, 7 -> mean 5.5, sd (of n) sqrt(3 / 4)
    assert rows.loc[("b", "value"), "mean"] == 5.5 and rows.loc[("b", "value"), "std"] == pytest.approx(0.75 ** 0.5)


def test_the_sd_needs_one_vote_more_than_the_mean(store):
    # item a: three votes 8, 6, 10 -> mean 8.0 shown, sd 1.6 hidden (mean and sd of three give two unknowns)
    w, tokens = _workshop(store, {"a": [(8, 2), (6, 4), (10, 3)]})
    at = _open(screen=_facilitator_screen(store, w))
    row = at.table[0].value.iloc[0].tolist()
    assert row[:3] == ["Alpha item", "8.0", "3.0"] and "±" not in " ".join(map(str, row))


# -- one participation per device ---------------------------------------------------------------

DEVICE = "device-key-of-one-phone-0123456789abcdefghij"


def _join_as(w, name: str, **params) -> AppTest:
    at = _open(join=w.join_token, **params)
    next(t for t in at.text_input if t.label == "Your name (optional)").input(name)
    next(b for b in at.button if b.label == "Join the workshop").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_one_device_takes_part_once(store):
    w, _ = _workshop(store, {"a": [(8, 2)]})
    first = _join_as(w, "Ann", d=DEVICE)
    assert "You are **Ann**" in _shown(first)
    again = _join_as(w, "Ann again", d=DEVICE)  # the same phone, the join link opened anew
    names = store.list_participants(w.id)["display_name"].tolist()
    assert names == ["P0", "Ann again"]  # one participation for the device, not two
    assert any("already joined this workshop" in i.value for i in again.info)


def test_the_facilitator_sees_and_removes_a_duplicate(store):
    w, tokens = _workshop(store, {"a": [(8, 2), (6, 4), (10, 3)]})
    fac = _open(w=str(w.id), f=w.facilitator_token)
    assert any(e.label == "Participants (3) · 3 from an unrecognised device" for e in fac.expander)
    dup = store.participant_by_token(w.id, tokens[2])
    fac.selectbox(key="ws_remove_pick").set_value(dup.id).run()
    next(b for b in fac.button if b.label == "Remove").click().run()
    assert not fac.exception
    assert store.list_participants(w.id)["display_name"].tolist() == ["P0", "P1"]
    assert store.round_results(w.id).set_index("opportunity_id").loc["a"]["n"].tolist() == [2, 2]
