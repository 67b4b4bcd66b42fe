"""Property: whatever bytes arrive, ``cxlens.load`` returns a Dataset or raises DataError; and a
well-formed table always loads, with exactly its rows.

Nothing else: no other exception type escapes, and no example hangs. Each example
runs under a hard wall-clock limit (SIGALRM) besides Hypothesis' own deadline, so a
parser stuck in a loop fails the test instead of stalling the suite.

Five sources of input: arbitrary bytes (with and without the leading bytes of real
formats), small text tables built from realistic and hostile cells, the same tables
as .xlsx workbooks, byte-level or part-level mutations of valid corpus files, and
well-formed feedback tables (any delimiter, encoding and container), which must load
into a Dataset holding every generated row (so "everything raises DataError" fails).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import time
import zipfile
from datetime import timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxlens
from cxlens.problems import PROBLEM_COLUMNS
from cxlens.schema import column_names

from . import corpus

#: A single load of a small input takes milliseconds; this bounds a hang.
HARD_LIMIT_SECONDS = 10

#: CXLENS_FUZZ=1 explores: new random examples every run and 10x as many (minutes, not seconds).
EXPLORE = os.environ.get("CXLENS_FUZZ", "") not in ("", "0")
COMMON = settings(
    max_examples=2000 if EXPLORE else 200,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # By default the same examples every run, so a failure reproduces in CI and locally.
    derandomize=not EXPLORE,
    database=None,
)
#: Writing a workbook per example is slower; fewer examples keep the whole file under a minute.
WORKBOOK = settings(COMMON, max_examples=1000 if EXPLORE else 100)


class Hang(Exception):
    pass


@contextlib.contextmanager
def hard_limit(seconds: float = HARD_LIMIT_SECONDS):
    """Raise Hang in the main thread after ``seconds`` of wall time.

    Shares SIGALRM with pytest-timeout's signal method: the outer timer is saved and
    re-armed with what remains of it, so the suite-wide timeout keeps working.
    """
    if not hasattr(signal, "setitimer"):  # Windows: rely on Hypothesis' deadline alone
        yield
        return

    def _raise(signum, frame):
        raise Hang(f"cxlens.load did not finish within {seconds}s")

    previous_handler = signal.signal(signal.SIGALRM, _raise)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_delay:
            remaining = max(outer_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, outer_interval)


def check_load(data, filename):
    """Load and assert the contract: a well-formed Dataset, or a DataError with a message."""
    with hard_limit():
        try:
            ds = cxlens.load(data, filename=filename)
        except cxlens.DataError as err:
            assert type(err) is cxlens.DataError
            assert err.message and "Traceback" not in err.message
            return None
    assert isinstance(ds, cxlens.Dataset)
    assert list(ds.problems.columns) == PROBLEM_COLUMNS
    for table in ("feedback", "touchpoints", "opportunities", "maturity"):
        frame = getattr(ds, table)
        assert list(frame.columns[: len(column_names(table))]) == column_names(table)
    # Rows, or open questions whose answers decide what the rows are (issue #14: ask rather than guess).
    assert any(len(getattr(ds, t)) for t in ("feedback", "touchpoints", "opportunities", "maturity")) or (
        ds.questions and all(q["text"] and q["options"] for q in ds.questions))
    return ds


FILENAMES = st.sampled_from(["upload.csv", "upload.xlsx", "upload.xls", "upload.parquet", "upload.txt", "upload"])
PREFIXES = st.sampled_from([
    b"", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PAR1", b"\xff\xfe", b"\xfe\xff",
    b"\xef\xbb\xbf", b"sep=;\n", b'"sep=,"\r\n', b"<html>", b"<?xml version='1.0'?>", b"\x89PNG\r\n\x1a\n",
    b"Touchpoint,CSAT\n", b"Touchpoint;CSAT;Date\r\n", b"Touchpoint\tCSAT\n",
])


# --------------------------------------------------------------------------- arbitrary bytes


@COMMON
@given(prefix=PREFIXES, body=st.binary(max_size=2048), filename=FILENAMES)
def test_arbitrary_bytes(prefix, body, filename):
    check_load(prefix + body, filename)


# --------------------------------------------------------------------------- small tables

HEADERS = st.sampled_from([
    "Touchpoint", "Stage", "Journey stage", "Channel", "Segment", "CSAT", "CSAT (1-5)", "NPS", "Customer effort",
    "Rating", "Sentiment", "Complaint", "Abandoned", "Comment", "Date", "Response ID", "Issue", "Product",
    "Opportunity", "Effort", "Customer value", "Confidence", "Owner", "Monthly volume", "Stage order",
    "Dimension", "Statement", "Score", "Rater", "", "Unnamed: 3", "Touchpoint", "\u00e9t\u00e9", "=1+1",
    # survey-tool exports (Qualtrics, SurveyMonkey, Google Forms): header rows, grid items, dates
    "ResponseId", "StartDate", "Status", "Progress", "Respondent ID", "Collector ID", "End Date",
    "How satisfied - Web", "How satisfied - App", "How satisfied - Shop", "Rate us [Web]", "Rate us [App]",
    "Anything else?", "How easy was it?", "Likelihood to recommend", "Overall satisfaction", "Website", "App",
])

CELLS = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.integers(-5, 12).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: f"{f:.2f}"),
    st.floats(0, 10, allow_nan=False).map(lambda f: f"{f:.1f}".replace(".", ",")),
    st.sampled_from(["", "N/A", "n/a", "-", "don't know", "NaN", "null", "72%", " 90 % ", "1.234,5", "12.500",
                     "1,234.5", "2026-01-05", "31/01/2026", "01/02/2026", "13/09/2016", "09/13/2016",
                     "31.01.2026", "46027", "yes", "no", "TRUE", "positive", "<script>alert(1)</script>",
                     '"', '""', "a,b", "a;b", "\t", "\r", "\x00", "\x0b", "\u2028", "sep=;", "0", "-1", "1e309"]),
    # answers as words, labelled numbers, survey header parts, totals and notes, spreadsheet errors
    st.sampled_from(["Very satisfied", "Satisfied", "Somewhat dissatisfied", "Neutral", "Strongly agree", "Very easy",
                     "Excellent", "Poor", "5 - Very satisfied", "10 - Extremely likely", "Not at all likely",
                     "Very satisfied (5)", "Response", "Open-Ended Response", '{"ImportId":"QID1"}', "Grand Total",
                     "Average", "Source: export", "* note", "#DIV/0!", "#N/A", "03/14/2026 10:05:00 AM",
                     "2026-03-14T10:05:00Z", "10:05 GMT", "50", "500", "inf"]),
)


@st.composite
def tables(draw):
    width = draw(st.integers(1, 6))
    headers = [draw(HEADERS) for _ in range(width)]
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width + draw(st.integers(0, 1))),
                         max_size=12))
    return headers, rows


@st.composite
def text_files(draw):
    headers, rows = draw(tables())
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]))
    out = io.StringIO()
    if draw(st.booleans()):
        out.write(draw(st.sampled_from(["Survey export\n", f"sep={delimiter}\n", "\n\n", "Title,,\nNotes\n"])))
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, escapechar="\\", lineterminator="\n")
    for row in [headers] + rows:
        try:
            writer.writerow(row)
        except csv.Error:
            out.write(delimiter.join(row) + "\n")  # write it raw, as a careless exporter would
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]))
    data = out.getvalue().encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = data.rstrip(b"\n")  # no final newline
    return data


@COMMON
@given(data=text_files(), filename=FILENAMES)
def test_small_text_tables(data, filename):
    check_load(data, filename)


@st.composite
def workbooks(draw):
    headers, rows = draw(tables())
    width = len(headers)

    def typed(cell: str):
        try:
            return float(cell) if cell.strip() not in ("", "nan", "inf", "-inf") else cell
        except ValueError:
            return cell

    frame = pd.DataFrame([[typed(c) for c in r[:width]] + [None] * (width - len(r[:width])) for r in rows],
                         columns=[f"c{i}" for i in range(width)])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        frame.to_excel(xw, sheet_name="Data", index=False, header=False, startrow=1)
        ws = xw.sheets["Data"]
        for i, h in enumerate(headers):
            ws.write_string(0, i, h)
        if draw(st.booleans()):
            ws.hide() if draw(st.booleans()) else None
            pd.DataFrame({"Touchpoint": ["A"], "CSAT": [3]}).to_excel(xw, sheet_name="Other", index=False)
    return buf.getvalue()


@WORKBOOK
@given(data=workbooks(), filename=st.sampled_from(["book.xlsx", "book.csv"]))
def test_small_workbooks(data, filename):
    check_load(data, filename)


# --------------------------------------------------------------------------- well-formed tables load

# The properties above hold even if every input raised DataError. These say the opposite half:
# a well-formed feedback table, in any delimiter, encoding and container, loads into a Dataset
# with exactly its rows, touchpoints, scores and comments.

TOUCHPOINTS = ["Website", "Mobile app", "Call centre", "Store visit", "Billing", "Delivery"]
WORDS = ["quick", "slow", "friendly", "rude", "easy", "confusing", "late", "helpful", "great", "poor"]
OPTIONAL = ["Response ID", "Date", "Channel", "Comment"]
#: Each example is a full load (~0.1-0.3 s): fewer examples keep these two under ~20 s together.
WELL_FORMED = settings(COMMON, max_examples=400 if EXPLORE else 40)


@st.composite
def feedback_tables(draw):
    """(headers, rows as dicts) of a well-formed long feedback table: every row has a touchpoint and a CSAT."""
    extra = draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)))
    headers = draw(st.permutations(["Touchpoint", "CSAT (1-5)"] + extra))
    n = draw(st.integers(1, 30))
    rows = []
    for i in range(n):
        rows.append({
            "Response ID": f"R{i + 1:04d}",
            "Touchpoint": draw(st.sampled_from(TOUCHPOINTS)),
            "CSAT (1-5)": draw(st.integers(1, 5)),
            "Date": f"2026-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}",
            "Channel": draw(st.sampled_from(["Web", "Phone", "Store"])),
            "Comment": " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))),
        })
    return list(headers), rows


def _as_text(headers, rows, delimiter, encoding) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([[row[h] for h in headers] for row in rows])
    return out.getvalue().encode(encoding)


def _as_workbook(headers, rows) -> bytes:
    buf = io.BytesIO()
    pd.DataFrame([[row[h] for h in headers] for row in rows], columns=headers).to_excel(buf, index=False)
    return buf.getvalue()


def check_read_as_written(ds, headers, rows):
    """The Dataset holds exactly the generated rows, in order, with their values."""
    fb = ds.feedback
    assert len(fb) == len(rows)
    assert fb["touchpoint"].astype(str).tolist() == [r["Touchpoint"] for r in rows]
    assert fb["csat"].tolist() == [float(r["CSAT (1-5)"]) for r in rows]
    if "Comment" in headers:
        assert fb["comment"].tolist() == [r["Comment"] for r in rows]
    if "Response ID" in headers:
        assert fb["response_id"].tolist() == [r["Response ID"] for r in rows]
    if "Date" in headers:
        assert fb["date"].dt.strftime("%Y-%m-%d").tolist() == [r["Date"] for r in rows]
    assert not ds.questions
    assert ds.problems.empty, ds.problems.to_dict("records")


@WELL_FORMED
@given(table=feedback_tables(), delimiter=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]), filename=FILENAMES)
def test_well_formed_text_tables_load_with_every_row(table, delimiter, encoding, filename):
    headers, rows = table
    ds = check_load(_as_text(headers, rows, delimiter, encoding), filename)
    assert ds is not None, "a well-formed table was refused"
    check_read_as_written(ds, headers, rows)


@settings(WELL_FORMED, max_examples=250 if EXPLORE else 25)
@given(table=feedback_tables(), filename=st.sampled_from(["book.xlsx", "book.csv", "book"]))
def test_well_formed_workbooks_load_with_every_row(table, filename):
    headers, rows = table
    ds = check_load(_as_workbook(headers, rows), filename)
    assert ds is not None, "a well-formed workbook was refused"
    check_read_as_written(ds, headers, rows)


# --------------------------------------------------------------------------- mutations of valid files

SEEDS = {name: builder() for name, builder in corpus.SEEDS.items()}


@st.composite
def byte_mutations(draw):
    name = draw(st.sampled_from(sorted(SEEDS)))
    data, filename = SEEDS[name]
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate", "zero"]))
        if not buf:
            break
        pos = draw(st.integers(0, len(buf) - 1))
        if op == "flip":
            buf[pos] ^= draw(st.integers(1, 255))
        elif op == "truncate":
            del buf[pos:]
        elif op == "insert":
            buf[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del buf[pos:pos + draw(st.integers(1, 64))]
        elif op == "duplicate":
            buf[pos:pos] = buf[pos:pos + draw(st.integers(1, 256))]
        elif op == "zero":
            buf[pos:pos + draw(st.integers(1, 64))] = b"\x00" * len(buf[pos:pos + 64])
    return bytes(buf), filename


@COMMON
@given(case=byte_mutations())
def test_byte_mutations_of_valid_files(case):
    check_load(*case)


WORKBOOK_SEEDS = {name: SEEDS[name] for name in ("title_xlsx", "wide_xlsx_survey", "formulas", "minimal_workbook")}


@st.composite
def part_mutations(draw):
    """Re-zip a valid workbook with one part's XML damaged: the zip is sound, the content is not."""
    name = draw(st.sampled_from(sorted(WORKBOOK_SEEDS)))
    data, filename = WORKBOOK_SEEDS[name]
    source = zipfile.ZipFile(io.BytesIO(data))
    members = source.namelist()
    target = draw(st.sampled_from([m for m in members if m.endswith((".xml", ".rels"))]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for member in members:
            body = source.read(member)
            if member == target:
                body = bytearray(body)
                op = draw(st.sampled_from(["truncate", "flip", "insert", "drop"]))
                pos = draw(st.integers(0, max(len(body) - 1, 0)))
                if op == "truncate":
                    del body[pos:]
                elif op == "flip" and body:
                    body[pos] ^= draw(st.integers(1, 255))
                elif op == "insert":
                    body[pos:pos] = draw(st.sampled_from([
                        b"<", b"&", b"\x00", b"<row r='99999999'>", b'<c r="XFD1048576"><v>1</v></c>',
                        b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b'<c t="s"><v>999</v></c>', b'<c t="e"><v>#N/A</v></c>',
                    ]))
                else:
                    continue  # drop the part entirely
                body = bytes(body)
            dest.writestr(member, body)
    return out.getvalue(), filename


@WORKBOOK
@given(case=part_mutations())
def test_part_mutations_of_valid_workbooks(case):
    check_load(*case)


def test_seeds_load_cleanly():
    """The mutation seeds themselves are valid files (else the mutation tests prove little)."""
    for name, (data, filename) in SEEDS.items():
        assert check_load(data, filename) is not None, name


@pytest.mark.parametrize("n", [0, 1, 5])
def test_lists_of_inputs(n):
    data = [corpus.BASIC_CSV.encode()] * n
    if n == 0:
        with pytest.raises(cxlens.DataError):
            cxlens.load(data)
    else:
        assert len(check_load(data, None).feedback) == 4 * n


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers on this platform")
def test_hard_limit_stops_a_hang_and_keeps_the_outer_timer():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        with pytest.raises(Hang):
            with hard_limit(0.2):
                while True:
                    time.sleep(0.01)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 25 < remaining <= 30  # the outer timer was re-armed
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not fired
