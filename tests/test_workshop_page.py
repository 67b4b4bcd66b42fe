"""The live workshop page (issue #7) through AppTest: setup, participant and facilitator views.

Each test gets its own SQLite file (CXLENS_DATABASE_URL in tmp_path) and a fresh cached Store.
The views are chosen by query parameters, set on AppTest before the run; AppTest starts an
st.navigation app on its default page, so every helper runs once and then switches to the
workshop page, the way tests/test_pages.py does.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import cxlens
from components import data_source, identity, store_resource
from components import workshop_participant, workshop_screen
from components.markdown import md
from cxlens import backlog as bl
from cxlens.store import Store
from cxlens.workshop import SCORE_CRITERIA, dots_criteria

from .conftest import ROOT, SAMPLE_XLSX

PAGE = "pages/workshop.py"


@pytest.fixture(scope="module")
def sample_backlog() -> pd.DataFrame:
    return bl.from_sheet(cxlens.load(SAMPLE_XLSX).opportunities)


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    monkeypatch.setenv("CXLENS_DATABASE_URL", url)
    store_resource.clear()
    yield url
    store_resource.clear()


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


def sample_digest() -> str:
    return data_source.digest_of(((SAMPLE_XLSX.name, SAMPLE_XLSX.read_bytes()),))


#: A browser's private token (components/identity.py): on the sample data its backlog is its own (issue #20).
ME = "workshop-page-private-token-0123456789abcde"


def sample_key(at: AppTest | None = None) -> str:
    """The sample data's backlog key of the browser session ``at`` (None: the one with the token ME)."""
    if at is None:
        return "sample:" + identity.scope_of(ME)
    me = at.query_params["me"]
    return "sample:" + identity.scope_of(me[0] if isinstance(me, list) else me)


def make_workshop(store: Store, backlog: pd.DataFrame, n_items: int = 3, criteria=None, *, open_round=True,
                  key: str | None = None):
    key = key or sample_digest()
    ids = store.save_opportunities(key, backlog.head(n_items))
    w = store.create_workshop("Friday prioritisation", key, ids, criteria or SCORE_CRITERIA)
    if open_round:
        store.open_round(w.id, w.facilitator_token)
    return w


def open_page(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, label: str) -> AppTest:
    buttons = [b for b in at.button if b.label == label]
    assert buttons, f"no button {label!r} in {[b.label for b in at.button]}"
    buttons[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    for kind in ("success", "info", "warning", "error"):
        parts += [e.value for e in getattr(at, kind)]
    return "\n".join(parts)


def vote(at: AppTest, values: dict[tuple[int, str], object]) -> AppTest:
    """Set the participant's sliders: {(item index, criterion): value}; then save."""
    for (i, criterion), value in values.items():
        sliders = [s for s in at.select_slider if s.key and s.key.endswith(f"_{i}_{criterion}")]
        assert len(sliders) == 1, [s.key for s in at.select_slider]
        sliders[0].set_value(value)
    return click(at, "Save my scores")


# -- setup ---------------------------------------------------------------------------------


def test_setup_creates_workshop_and_shows_links(db_url, store):
    at = open_page()
    assert at.title[0].value == "Workshop"
    assert [m.label for m in at.multiselect] == ["Opportunities to score"]
    assert len(at.multiselect[0].value) == 19  # every opportunity of the sample, by default
    at.text_input(key="ws_new_name").set_value("Q3 *planning*").run()
    click(at, "Create workshop")

    listed = store.list_workshops(sample_key(at))  # on the sample data: this browser's own backlog
    assert listed["name"].tolist() == ["Q3 *planning*"] and store.list_workshops(sample_digest()).empty
    w = store.get_workshop(int(listed["id"][0]))
    assert len(w.items) == 19 and w.mode == "score" and w.backlog_key == sample_key(at)
    # The user's asterisks are shown literally, not as emphasis.
    assert any("Q3 \\*planning\\*" in s.value for s in at.success)
    codes = [c.value for c in at.code]
    assert f"/workshop?join={w.join_token}" in codes[0]
    fac = [c for c in codes if "?w=" in c][0]
    token = fac.split("&f=", 1)[1]
    assert store.check_facilitator(w.id, token)
    assert any(w.join_code in m.value for m in at.markdown)  # the short code, for typing
    assert len(at.get("image")) == 1  # the QR code
    assert any("Keep this link private" in x.value for x in at.warning)
    # The list of workshops on this backlog shows no codes or tokens.
    table = at.dataframe[0].value
    assert list(table.columns) == ["Workshop", "Created", "Round", "Status", "Participants"]
    assert w.join_code not in table.to_string() and token not in table.to_string()

    click(at, "Open the facilitator screen")
    assert at.query_params["w"] == str(w.id) and at.query_params["f"] == token
    assert {m.label for m in at.metric} >= {"Participants", "Have voted"}


def test_setup_dots_mode(db_url, store):
    at = open_page()
    at.radio(key="ws_new_mode").set_value("dots").run()
    at.number_input(key="ws_new_dots").set_value(3).run()
    at.multiselect(key="ws_new_items").set_value(at.multiselect(key="ws_new_items").value[:4]).run()
    click(at, "Create workshop")
    w = store.get_workshop(int(store.list_workshops(sample_key(at))["id"][0]))
    assert w.mode == "dots" and w.dots == 3 and len(w.items) == 4


def test_join_by_code_box_opens_participant_view(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    at = open_page()
    [t for t in at.text_input if "join code" in t.label][0].set_value(w.join_code.lower())
    click(at, "Join")
    assert at.query_params["join"] == w.join_code.lower()
    assert at.title[0].value == "Friday prioritisation"
    assert [t.label for t in at.main.text_input] == ["Your name (optional)"]


def test_unknown_join_code_is_explained(db_url):
    at = open_page(join="ZZZZZZ")
    assert any("No workshop matches" in e.value for e in at.error)


# -- participant -----------------------------------------------------------------------------


def test_participant_votes_are_saved_and_restored_after_reload(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    at = open_page(join=w.join_token)
    at.main.text_input[0].set_value("Ana <b>")
    click(at, "Join the workshop")
    token = at.query_params["p"]
    assert store.participant_by_token(w.id, token).display_name == "Ana <b>"
    assert "Ana \\<b\\>" in texts(at)  # escaped, not HTML
    assert not [b for b in at.button if b.label in ("Open voting", "Reveal results", "Close voting")]

    vote(at, {(0, "value"): 8, (0, "effort"): 3, (1, "value"): 5})
    assert any("Saved ✓" in s.value and "until the round closes" in s.value for s in at.success)
    assert store.my_votes(w.id, token) == {w.items[0][0]: {"value": 8.0, "effort": 3.0}, w.items[1][0]: {"value": 5.0}}

    # A reload is a new session with the same URL: same participant, votes pre-filled.
    again = open_page(join=w.join_token, p=token)
    assert [t.label for t in again.main.text_input] == []  # no second join
    values = {s.key.split("_", 4)[-1]: s.value for s in again.select_slider}
    assert values["0_value"] == 8 and values["0_effort"] == 3 and values["1_value"] == 5
    assert values["1_effort"] == workshop_participant.NOT_SCORED
    assert "Your saved votes are filled in" in texts(again)
    assert len(store.list_participants(w.id)) == 1

    # Changing a score replaces it ("–" withdraws it).
    vote(again, {(0, "value"): 9, (1, "value"): workshop_participant.NOT_SCORED})
    assert store.my_votes(w.id, token) == {w.items[0][0]: {"value": 9.0, "effort": 3.0}}


def test_anonymous_participant_and_invalid_personal_link(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    at = open_page(join=w.join_code, p="not-a-real-participant-token-xxxxxxxx")
    assert any("not valid for this workshop" in x.value for x in at.warning)
    click(at, "Join the workshop")
    token = at.query_params["p"]
    assert store.participant_by_token(w.id, token).display_name is None
    assert "You are **Anonymous**" in texts(at)


def test_participant_waits_until_voting_opens(store, sample_backlog):
    w = make_workshop(store, sample_backlog, open_round=False)
    at = open_page(join=w.join_token)
    click(at, "Join the workshop")
    assert "Waiting for the facilitator" in texts(at)
    assert not at.select_slider


def test_dots_ballot_counts_remaining_dots(store, sample_backlog):
    w = make_workshop(store, sample_backlog, n_items=4, criteria=dots_criteria(3))
    at = open_page(join=w.join_token)
    click(at, "Join the workshop")
    assert "**3 of 3 dots left**" in texts(at)
    at.number_input[0].set_value(2).run()
    at.number_input[1].set_value(2).run()
    assert "1 dot too many" in texts(at)
    assert [b for b in at.button if b.label == "Save my dots"][0].disabled
    at.number_input[1].set_value(1).run()
    assert "**0 of 3 dots left**" in texts(at)
    click(at, "Save my dots")
    token = at.query_params["p"]
    assert store.my_votes(w.id, token) == {w.items[0][0]: {"dots": 2.0}, w.items[1][0]: {"dots": 1.0}}
    assert any("Saved ✓" in s.value for s in at.success)


# -- facilitator -----------------------------------------------------------------------------


def test_wrong_facilitator_token_is_refused(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    participant = store.join(w.id, "Mallory")
    for token in (w.join_token, participant.token, "x" * 43, ""):
        at = open_page(w=str(w.id), f=token)
        assert [e.value for e in at.error] == [at.error[0].value] and "This facilitator link is not valid" in \
            at.error[0].value
        assert not at.main.metric and not at.main.button and not at.main.table and not at.main.code
    at = open_page(w="999", f=w.facilitator_token)
    assert "This facilitator link is not valid" in at.error[0].value


def _three_voters(store: Store, w) -> list[str]:
    tokens = []
    for name, (v, e) in zip(("A", "B", "C"), ((8, 2), (6, 4), (10, 3))):
        p = store.join(w.id, name)
        store.cast_votes(w.id, p.token, {(w.items[0][0], "value"): v, (w.items[0][0], "effort"): e,
                                         (w.items[1][0], "value"): 5, (w.items[1][0], "effort"): 5})
        tokens.append(p.token)
    return tokens


def test_facilitator_reveal_shows_matrix_and_consensus(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    _three_voters(store, w)
    at = open_page(w=str(w.id), f=w.facilitator_token)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Participants"] == "3" and metrics["Have voted"] == "3"
    assert not at.table and not at.get("plotly_chart")  # hidden by default: no scores
    assert "Scores are hidden" in texts(at)

    click(at, "Reveal results")
    assert store.get_workshop(w.id).revealed
    table = at.table[0].value
    assert list(table.columns) == ["Opportunity", "Value (mean ± sd)", "Effort (mean ± sd)", "Spread", "Votes"]
    # Three votes: averages, but no spread (mean and sd would give each voter the other two votes).
    assert table.iloc[0].tolist() == [md(w.items[0][1]), "8.0", "3.0", "–", "3"]
    assert table.iloc[1].tolist() == [md(w.items[1][1]), "5.0", "5.0", "–", "3"]
    # A fourth voter: the spread appears, and the item people disagree on (8, 6, 10, 8) comes first.
    store.cast_votes(w.id, store.join(w.id, "D").token, {(w.items[0][0], "value"): 8, (w.items[0][0], "effort"): 3,
                                                        (w.items[1][0], "value"): 5, (w.items[1][0], "effort"): 5})
    at = open_page(w=str(w.id), f=w.facilitator_token)
    table = at.table[0].value
    assert table.iloc[0].tolist() == [md(w.items[0][1]), "8.0 ± 1.4", "3.0 ± 0.7", "1.4", "4"]
    assert table.iloc[1].tolist() == [md(w.items[1][1]), "5.0 ± 0.0", "5.0 ± 0.0", "0.0", "4"]
    assert len(table) == 2 and "1 more opportunity has no scores yet." in texts(at)
    assert len(at.get("plotly_chart")) == 1
    click(at, "Hide results")
    assert not at.table


def test_dots_big_screen_lists_dots_most_first(store, sample_backlog):
    w = make_workshop(store, sample_backlog, n_items=4, criteria=dots_criteria(3))
    for spread in ({0: 2, 2: 1}, {2: 3}, {2: 1, 3: 2}, {2: 2, 3: 1}):
        p = store.join(w.id)
        store.cast_votes(w.id, p.token, {(w.items[i][0], "dots"): n for i, n in spread.items()})
    store.set_revealed(w.id, w.facilitator_token, True)
    at = open_page(w=str(w.id), f=w.facilitator_token)
    table = at.table[0].value
    assert list(table.columns) == ["Opportunity", "Dots", "People"]
    # Item 2: four people, 7 dots; items 3 and 0 have fewer than 3 people: counted, total hidden.
    assert table.values.tolist() == [[md(w.items[2][1]), "7", "4"], [md(w.items[3][1]), "–", "2"],
                                     [md(w.items[0][1]), "–", "1"]]
    assert len(at.get("plotly_chart")) == 1 and "1 more opportunity has no dots yet." in texts(at)
    assert {m.label: m.value for m in at.metric}["Finished"] == "4"  # all placed all 3 dots


def test_close_round_participant_sees_round_closed(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    participant = open_page(join=w.join_token)
    click(participant, "Join the workshop")
    token = participant.query_params["p"]

    fac = open_page(w=str(w.id), f=w.facilitator_token)
    click(fac, "Close voting")
    assert store.get_workshop(w.id).round_state == "closed"
    assert "Voting is closed" in texts(fac)

    participant = open_page(join=w.join_token, p=token)
    assert "Round closed — thank you" in texts(participant)
    assert not participant.select_slider


def test_participant_sees_averages_only_after_reveal_never_votes(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    tokens = _three_voters(store, w)
    at = open_page(join=w.join_token, p=tokens[0])
    assert not at.table
    store.set_revealed(w.id, w.facilitator_token, True)
    store.close_round(w.id, w.facilitator_token)
    at = open_page(join=w.join_token, p=tokens[0])
    assert "Round closed — thank you" in texts(at)
    table = at.table[0].value
    assert list(table.columns) == ["Opportunity", "Value", "Effort", "Votes"]
    # Sorted by value: item 0 (8, 6, 10 -> 8.0) before item 1 (5, 5, 5); unscored items are left out.
    assert table.values.tolist() == [[md(w.items[0][1]), "8.0", "3.0", "3"], [md(w.items[1][1]), "5.0", "5.0", "3"]]
    assert "1 opportunity has no votes yet." in texts(at)
    # No facilitator controls, no spread, no per-person numbers anywhere.
    assert not [b for b in at.button if b.label in ("Open voting", "Reveal results", "Hide results")]
    assert not at.metric and not at.dataframe and "sd" not in " ".join(table.columns)


def test_participant_average_hidden_below_three_votes(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    oid = w.items[0][0]
    a, b, c = (store.join(w.id, n) for n in "ABC")
    store.cast_votes(w.id, a.token, {(oid, "value"): 9, (oid, "effort"): 2})
    store.cast_votes(w.id, b.token, {(oid, "value"): 1, (oid, "effort"): 8})
    store.set_revealed(w.id, w.facilitator_token, True)
    at = open_page(join=w.join_token, p=a.token)
    row = at.table[0].value.set_index("Opportunity").loc[md(w.items[0][1])]
    # Two votes: A could work out B's vote from the average and their own.
    assert row["Value"] == "–" and row["Effort"] == "–" and row["Votes"] == "2"
    store.cast_votes(w.id, c.token, {(oid, "value"): 5})  # value now has 3 votes, effort still 2
    at = open_page(join=w.join_token, p=a.token)
    row = at.table[0].value.set_index("Opportunity").loc[md(w.items[0][1])]
    assert row["Value"] == "5.0" and row["Effort"] == "–"


def test_facilitator_round_timer_and_backlog_write(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    _three_voters(store, w)
    at = open_page(w=str(w.id), f=w.facilitator_token)
    click(at, "Start timer")
    assert store.get_workshop(w.id).timer_ends_at is not None
    assert "Time left" in {m.label for m in at.metric}
    click(at, "Clear timer")
    assert store.get_workshop(w.id).timer_ends_at is None

    click(at, "Write results into the backlog")
    assert any("Wrote round 1 into the backlog" in s.value and "2 opportunities" in s.value for s in at.success)
    scores = store.list_workshop_scores(w.backlog_key)
    assert set(scores["criterion"]) == {"value", "effort"} and len(scores) == 4
    first = scores[(scores["opportunity_id"] == w.items[0][0]) & (scores["criterion"] == "value")].iloc[0]
    assert first["value"] == pytest.approx(8.0) and first["n"] == 3
    assert len(at.dataframe) == 1  # what was written

    assert [d.label for d in at.main.get("download_button")] == ["CSV", "Excel"]  # the sidebar has the deck/report

    click(at, "Yes, start round 2")
    w2 = store.get_workshop(w.id)
    assert w2.current_round == 2 and w2.round_state == "open" and not w2.revealed
    assert {m.label: m.value for m in at.metric}["Have voted"] == "0"


def test_presentation_mode_hides_controls_and_survives_in_url(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    at = open_page(w=str(w.id), f=w.facilitator_token)
    at.toggle(key="ws_present").set_value(True).run()
    assert at.query_params.get("present") == "1"
    assert not [b for b in at.button if b.label in ("Close voting", "Reveal results", "Start timer")]
    assert {m.label for m in at.metric} >= {"Participants"}
    again = open_page(w=str(w.id), f=w.facilitator_token, present="1")
    assert again.toggle(key="ws_present").value is True
    assert not [b for b in again.button if b.label == "Close voting"]


def test_export_is_formula_safe_and_has_no_individual_votes(store, sample_backlog):
    key = sample_digest()
    store.save_opportunity(key, {"opportunity_id": "evil", "name": '=HYPERLINK("http://x","click")'})
    w = store.create_workshop("W", key, ["evil"], SCORE_CRITERIA)
    store.open_round(w.id, w.facilitator_token)
    for v in (3, 9, 6):
        store.cast_votes(w.id, store.join(w.id, f"P{v}").token, {("evil", "value"): v})
    at = open_page(w=str(w.id), f=w.facilitator_token)
    assert [d.label for d in at.main.get("download_button")] == ["CSV", "Excel"]  # the sidebar has the deck/report

    csv = workshop_screen.results_csv(store, w.id).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "\n=HYPERLINK" not in csv
    frame = pd.read_csv(io.StringIO(csv))
    assert "participant_id" not in frame.columns and "display_name" not in frame.columns
    assert frame.loc[frame["criterion"] == "value", "mean"].item() == pytest.approx(6.0)

    book = openpyxl.load_workbook(io.BytesIO(workshop_screen.results_xlsx(store, w.id)))
    assert book.sheetnames == ["Round 1", "All rounds"]
    cells = [c.value for row in book["All rounds"].iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\",\"click\")" in cells


# -- the store resource ----------------------------------------------------------------------


def test_unreachable_database_is_an_error_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv("CXLENS_DATABASE_URL", "postgresql+psycopg://cxlens:SECRET@127.0.0.1:1/nowhere")
    store_resource.clear()
    try:
        for params in ({}, {"join": "ABCDEF"}, {"w": "1", "f": "x" * 43}):
            at = open_page(**params)
            assert not at.exception
            message = " ".join(e.value for e in at.error)
            assert "The workshop database is not available" in message
            assert "SECRET" not in message and "127.0.0.1:1" in message
    finally:
        store_resource.clear()


def test_database_url_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("CXLENS_DATABASE_URL", "sqlite:///from-env.sqlite3")
    assert store_resource.database_url() == "sqlite:///from-env.sqlite3"
    monkeypatch.delenv("CXLENS_DATABASE_URL")
    monkeypatch.setenv("CXLENS_DATA_DIR", str(tmp_path))
    # No secrets file: falls back to the embedded SQLite file without an error.
    assert store_resource.database_url() == f"sqlite:///{tmp_path / 'cxlens.sqlite3'}"


def test_secrets_url_is_used_when_env_is_unset(tmp_path, monkeypatch):
    monkeypatch.delenv("CXLENS_DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'from-secrets.sqlite3'}"
    store_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.secrets["connections"] = {"cxlens": {"url": url}}
        at.run()
        at.switch_page(PAGE).run()
        click(at, "Create workshop")
        with Store(url) as s:
            assert len(s.list_workshops(sample_key(at))) == 1
    finally:
        store_resource.clear()


def test_backlog_items_added_in_the_app_can_be_scored_without_an_opportunities_sheet(store):
    # A feedback-only upload has no Opportunities sheet; a candidate added on the Opportunities page
    # (stored under the upload's digest) must be offered for a workshop all the same.
    payloads = (("survey.csv", b"Touchpoint,Stage,CSAT\nCheckout,Purchase,2\nHelp,Support,4\n"),)
    key = data_source.digest_of(payloads)
    store.save_opportunity(key, {"opportunity_id": "app-1", "opportunity": "Fix the checkout form",
                                 "customer_value": 7, "effort": 3, "origin": "hotspot"})
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["cxlens_payloads"] = payloads
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    picker = at.multiselect(key="ws_new_items")
    assert picker.value == ["app-1"] and picker.options == ["Fix the checkout form"]


def test_without_any_backlog_the_page_says_where_to_get_one(db_url):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["cxlens_payloads"] = (("survey.csv", b"Touchpoint,Stage,CSAT\nCheckout,Purchase,2\n"),)
    at.run()
    at.switch_page(PAGE).run()
    assert any("friction hotspots on the Opportunities page" in i.value for i in at.info)


def test_big_screen_link_is_read_only_and_follows_the_reveal(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    _three_voters(store, w)
    at = open_page(screen=store.screen_token(w.id, w.facilitator_token))
    assert at.title[0].value == "Friday prioritisation"
    assert [m.value for m in at.main.metric][:2] == ["3", "3"]  # participants, have voted
    assert any("Scores are hidden" in m.value for m in at.main.markdown)
    assert not at.main.button and not at.main.toggle  # no controls, no presentation toggle
    assert w.facilitator_token not in str(at.main) and not at.main.table
    store.set_revealed(w.id, w.facilitator_token, True)
    at = open_page(screen=store.screen_token(w.id, w.facilitator_token))
    assert at.main.table  # the room's averages once revealed
    bad = open_page(screen="x" * 43)
    assert "does not open a workshop" in bad.error[0].value and not bad.main.metric


# -- anonymity (issue 15, fault 6) -------------------------------------------------------------


def _chart_points(chart) -> dict[str, tuple[float, float]]:
    """{opportunity_id: (x, y)} of a plotly chart's markers (numbers may come base64-packed)."""
    import base64
    import json

    import numpy as np

    def values(v):
        if isinstance(v, dict) and "bdata" in v:
            return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
        return list(v or [])

    spec = json.loads(chart.proto.spec)
    return {cd[0]: (float(x), float(y)) for t in spec["data"] if t.get("customdata")
            for cd, x, y in zip(t["customdata"], values(t.get("x")), values(t.get("y")))}


def _two_voters(store, w) -> None:
    """Two people scored item 0 (value 3 and 9, effort 2 and 8): an average would give each the other's."""
    oid = w.items[0][0]
    for v, e in ((3, 2), (9, 8)):
        store.cast_votes(w.id, store.join(w.id).token, {(oid, "value"): v, (oid, "effort"): e})


def _shown(at: AppTest) -> str:
    """Every text, table cell and figure number the page shows."""
    parts = [texts(at)] + [t.value.to_csv() for t in at.table] + [d.value.to_csv() for d in at.dataframe]
    parts += [str(c.proto.spec) for c in at.get("plotly_chart")]
    return "\n".join(parts)


def test_two_votes_show_no_average_on_the_big_screen_facilitator_or_phones(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    _two_voters(store, w)
    store.set_revealed(w.id, w.facilitator_token, True)
    store.close_round(w.id, w.facilitator_token)
    screen = store.screen_token(w.id, w.facilitator_token)
    for params in ({"screen": screen}, {"w": str(w.id), "f": w.facilitator_token}):
        at = open_page(**params)
        table = at.table[0].value
        assert table.iloc[0].tolist() == [md(w.items[0][1]), "–", "–", "–", "2"], params
        shown = _shown(at)
        for leak in ("6.0", "5.0", "3.0"):  # mean of value, mean of effort, sd of both
            assert leak not in shown, (params, leak)
        for chart in at.get("plotly_chart"):  # the matrix draws no average of two votes
            assert w.items[0][0] not in _chart_points(chart), params
        assert "Averages appear once at least 3 people scored an item" in shown
    phone = open_page(join=w.join_token)
    assert "6.0" not in _shown(phone)


def test_threshold_is_one_setting_for_every_view(store, sample_backlog, monkeypatch):
    monkeypatch.setenv("CXLENS_WORKSHOP_MIN_VOTES", "4")
    w = make_workshop(store, sample_backlog)
    _three_voters(store, w)  # three votes on items 0 and 1
    store.set_revealed(w.id, w.facilitator_token, True)
    at = open_page(screen=store.screen_token(w.id, w.facilitator_token))
    assert at.table[0].value.iloc[0].tolist()[1:] == ["–", "–", "–", "3"]
    assert "at least 4 people" in _shown(at)
    participant = open_page(join=w.join_token, p=store.join(w.id).token)
    assert "8.0" not in _shown(participant) and "at least 4 people" in _shown(participant)
    assert pd.read_csv(io.BytesIO(workshop_screen.results_csv(store, w.id)))["mean"].isna().all()
    assert store.record_round_in_backlog(w.id, w.facilitator_token) == 0


def test_export_and_write_back_hold_nothing_that_reveals_a_vote(store, sample_backlog):
    w = make_workshop(store, sample_backlog)
    _two_voters(store, w)
    oid = w.items[1][0]
    for v in (2, 5, 8):  # item 1: three votes, mean 5 (shown) and sd sqrt(6) (hidden)
        store.cast_votes(w.id, store.join(w.id).token, {(oid, "value"): v})
    frame = pd.read_csv(io.BytesIO(workshop_screen.results_csv(store, w.id)))
    assert not {"median", "min", "max"} & set(frame.columns)
    rows = frame.set_index(["opportunity_id", "criterion"])
    assert rows.loc[(w.items[0][0], "value"), ["mean", "std", "total"]].isna().all()
    assert rows.loc[(w.items[0][0], "value"), "n"] == 2
    assert rows.loc[(oid, "value"), "mean"] == 5.0 and pd.isna(rows.loc[(oid, "value"), "std"])
    book = openpyxl.load_workbook(io.BytesIO(workshop_screen.results_xlsx(store, w.id)))
    header = [c.value for c in next(book["All rounds"].iter_rows())]
    assert "min" not in header and "max" not in header and "median" not in header
    assert 9 not in [c.value for row in book["All rounds"].iter_rows() for c in row]  # nobody's vote

    at = open_page(w=str(w.id), f=w.facilitator_token)
    click(at, "Write results into the backlog")
    written = store.list_workshop_scores(w.backlog_key)
    assert written[["opportunity_id", "criterion", "value", "n"]].values.tolist() == [[oid, "value", 5.0, 3]]
    assert written["spread"].isna().all()


# -- write-back into the Opportunities page (issue 15, fault 5) ----------------------------------


def _opportunities_page() -> AppTest:
    """The Opportunities page in a browser with the private token ME (the facilitator's, after a reload)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["me"] = ME
    at.run()
    at.switch_page("pages/opportunities.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frame(at: AppTest, first_columns: list[str]) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if list(d.value.columns)[:len(first_columns)] == first_columns)


def test_write_back_changes_the_opportunities_page_with_its_source_and_undo(store, sample_backlog):
    import datetime as dt

    w = make_workshop(store, sample_backlog, key=sample_key())  # made on the sample by the browser with ME
    _three_voters(store, w)  # item 0: value 8, 6, 10 -> 8.0; effort 2, 4, 3 -> 3.0; item 1: 5 and 5
    first, second = w.items[0][0], w.items[1][0]
    sheet = sample_backlog.set_index("opportunity_id")
    before = _opportunities_page()
    editor = _frame(before, ["opportunity_id", "opportunity"]).set_index("opportunity_id")
    assert (editor.at[first, "customer_value"], editor.at[first, "effort"]) == (
        sheet.at[first, "customer_value"], sheet.at[first, "effort"]) != (8.0, 3.0)

    click(open_page(w=str(w.id), f=w.facilitator_token), "Write results into the backlog")
    at = _opportunities_page()
    today = dt.date.today()
    source = f"workshop “Friday prioritisation”, {today.day} {today:%b %Y}, 3 voters"
    # the backlog table
    editor = _frame(at, ["opportunity_id", "opportunity"]).set_index("opportunity_id")
    assert editor.loc[first, ["customer_value", "business_value", "effort"]].tolist() == [8.0, 8.0, 3.0]
    assert editor.loc[second, ["customer_value", "business_value", "effort"]].tolist() == [5.0, 5.0, 5.0]
    assert editor.at[first, "score_source"] == source
    untouched = w.items[2][0]
    assert pd.isna(editor.at[untouched, "score_source"])
    # the frameworks (value = the blend of customer and business value, both 8)
    ranked = _frame(at, ["rank", "opportunity", "score", "value", "effort"]).set_index("opportunity")
    assert ranked.loc[w.items[0][1], ["value", "effort"]].tolist() == [8.0, 3.0]
    # the matrix: the item is drawn at effort 3, value 8
    assert _chart_points(at.get("plotly_chart")[0])[first] == (3.0, 8.0)
    notice = " ".join(m.value for m in at.markdown)
    assert "The scores of 2 opportunities come from the workshop “Friday prioritisation”" in notice

    click(at, "Undo this write-back")
    assert any("Put back the previous scores of 2 opportunities" in s.value for s in at.success)
    editor = _frame(at, ["opportunity_id", "opportunity"]).set_index("opportunity_id")
    assert editor.at[first, "customer_value"] == sheet.at[first, "customer_value"]
    assert editor.at[first, "effort"] == sheet.at[first, "effort"] and pd.isna(editor.at[first, "score_source"])
    assert not [b for b in _opportunities_page().button if b.label == "Undo this write-back"]
    # the workshop history keeps the round all the same
    assert len(store.list_workshop_scores(w.backlog_key)) == 4
