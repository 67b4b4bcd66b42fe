"""Score how CX Lens reads the reading corpus (tests/reading_corpus/manifest.json).

Each corpus entry states the correct reading of a real file: its kind, the role of every
header, scales and a few numbers computed independently with plain pandas. This module loads
each file with ``cxlens.load`` as a new user would and compares, per sheet:

- **right**: every key role the entry names was applied as stated, nothing applied wrongly;
- **honest**: nothing applied wrongly, and what is missing was asked (a question on the Import
  page) or the sheet was set aside with its reason;
- **incomplete**: nothing applied wrongly, but a key role is missing without a question;
- **wrong**: a role was applied that the entry contradicts (a count read as a touchpoint rating,
  a place as the touchpoint, a dictionary read as feedback, a score on the wrong scale, a date
  column whose first or last day differs from the entry's own reading (day and month swapped)).

Dates: every column with the role "date" carries a "dates" check (how many cells hold a date, first
and last day, read with the format stated in entries.DATE_FORMATS); fewer than 99% of the kept rows
dated is incomplete.

``python -m tests.reading_report`` (``make reading-report``) prints the table and, with
``--write-docs``, writes the totals into docs/data-format.md between two marker lines.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

import cxlens
from cxlens.errors import DataError

CORPUS = Path(__file__).resolve().parent / "reading_corpus"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"
BEGIN, END = "<!-- reading-report:begin -->", "<!-- reading-report:end -->"

#: Expected role -> loader roles that count as right.
RIGHT = {
    "response_id": {"response_id"},
    "date": {"date"},
    "stage": {"stage"},
    "touchpoint": {"touchpoint"},
    "touchpoint_rating": {"touchpoint_rating"},
    "csat": {"csat", "rating"},
    "rating": {"rating", "csat"},
    "nps": {"nps"},
    "ces": {"ces"},
    "comment": {"comment"},
}
#: Loader roles a column of each expected role must never get (applied without asking = wrong).
_JOURNEY_ROLES = {"touchpoint", "stage", "touchpoint_rating"}
_SCORE_ROLES = {"csat", "ces", "nps", "rating"}
NEVER = {
    "geography": _JOURNEY_ROLES | _SCORE_ROLES | {"comment", "date", "response_id"},
    "count": _JOURNEY_ROLES | _SCORE_ROLES | {"comment"},
    "tier": _JOURNEY_ROLES | _SCORE_ROLES | {"comment"},
    "design": _JOURNEY_ROLES | _SCORE_ROLES | {"comment", "response_id"},
    "derived": _JOURNEY_ROLES | _SCORE_ROLES | {"comment"},
    "importance": _JOURNEY_ROLES | _SCORE_ROLES,
    "outcome": _JOURNEY_ROLES | _SCORE_ROLES | {"comment"},
    "segment": _JOURNEY_ROLES | _SCORE_ROLES | {"comment", "date", "response_id"},
    "persona": _JOURNEY_ROLES | _SCORE_ROLES | {"comment"},
    "channel": {"touchpoint_rating"} | _SCORE_ROLES | {"comment", "stage"},
    "customer_id": _JOURNEY_ROLES | _SCORE_ROLES | {"comment"},
    "id": _JOURNEY_ROLES | _SCORE_ROLES | {"comment"},
    "other_date": {"date"} | _JOURNEY_ROLES | _SCORE_ROLES,
    "title": _JOURNEY_ROLES | _SCORE_ROLES,
    "sentiment": _JOURNEY_ROLES | _SCORE_ROLES | {"comment"},
    "entity": _SCORE_ROLES | {"comment", "touchpoint_rating"},
    "measure": _SCORE_ROLES | {"comment", "touchpoint_rating"},
    "value": _JOURNEY_ROLES | {"comment"},
    "ignore": _JOURNEY_ROLES | _SCORE_ROLES | {"comment"},
    **{role: set() for role in RIGHT},
}
#: Expected roles that make a reading right only when applied.
KEY_ROLES = set(RIGHT)
RESPONSE_KINDS = {"responses_long", "responses_wide", "customer", "interactions", "reviews", "complaints"}


@dataclass
class SheetResult:
    entry: str
    sheet: str
    kind: str
    verdict: str = "right"
    notes: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # header -> role as read (with confidence)

    def worse(self, verdict: str, note: str) -> None:
        order = ["right", "honest", "incomplete", "wrong"]
        if order.index(verdict) > order.index(self.verdict):
            self.verdict = verdict
        self.notes.append(f"{verdict}: {note}")


def entry_bytes(entry: dict) -> tuple[bytes, str]:
    if "file" in entry:
        data = (CORPUS / entry["file"]).read_bytes()
    else:
        replicas = importlib.import_module("tests.reading_corpus.replicas")
        data = getattr(replicas, entry["replica"])()
    name = entry.get("filename") or Path(entry.get("file", entry["id"] + ".csv")).name
    return data, name


def loader_roles(settings: dict) -> dict[str, str]:
    """Header -> role as the loader applied it (canonical column, 'touchpoint_rating', or 'asked')."""
    roles = {h: c for h, c in (settings.get("columns") or {}).items() if c}
    layout = settings.get("layout")
    if layout == "wide":
        for h in settings.get("value_columns") or []:
            roles[str(h)] = "touchpoint_rating"
    elif layout == "complaints":
        if settings.get("issue_column"):
            roles.setdefault(str(settings["issue_column"]), "touchpoint")
        if settings.get("product_column"):
            roles.setdefault(str(settings["product_column"]), "stage")
    return roles


def asked_headers(settings: dict) -> set[str]:
    return {str(o) for q in settings.get("questions", []) for o in q.get("options", [])}


def _as_read(header: str) -> str:
    """A header as the loader names it: runs of whitespace (a tab, a line break) become one space."""
    return re.sub(r"\s+", " ", str(header)).strip()


def score_sheet(entry: dict, sheet: str, expected: dict, ds: cxlens.Dataset | None, error: str | None) -> SheetResult:
    kind = expected["kind"]
    result = SheetResult(entry["id"], sheet, kind)
    if ds is None:
        if kind == "not_data":
            result.notes.append(f"refused: {error}")
        else:
            result.worse("honest", f"file refused with a message: {error}")
        return result
    settings = next((v for k, v in ds.recipe.tables.items() if (k.split("::", 1)[1] if "::" in k else "") == sheet),
                    None)
    if settings is None:
        result.worse("wrong", "sheet not found in the recipe")
        return result
    used = bool(settings.get("use"))
    if kind == "not_data":
        if used:
            result.worse("wrong", f"read as {settings.get('table')} although it is not data")
        return result
    if kind == "aggregated":
        if used and not settings.get("questions") and settings.get("kind") != "aggregated":
            result.worse("wrong", "aggregated results read as individual responses")
        elif not used or settings.get("questions"):
            result.worse("honest", "aggregated results set aside or asked about")
        else:
            _score_aggregated(result, expected, ds, sheet, settings["aggregate"])
        return result
    if not used:
        result.worse("honest" if settings.get("reason") else "wrong",
                     f"sheet not used ({settings.get('reason', 'no reason')})")
        return result
    roles = loader_roles(settings)
    asked = asked_headers(settings)
    profiles = settings.get("profiles") or {}
    for raw_header, want in expected.get("roles", {}).items():
        header = _as_read(raw_header)
        got = roles.get(header)
        p = profiles.get(header)
        result.roles[header] = (got or ("asked" if header in asked else "-")) + (
            f" [{p['kind']} {p['confidence']:.2f}]" if p else "")
        if want in RIGHT:
            if got in RIGHT[want]:
                continue
            if got and got in NEVER.get(want, set()) | (_JOURNEY_ROLES | _SCORE_ROLES | {"comment", "date"}) - RIGHT[want]:
                result.worse("wrong", f"'{header}' should be {want}, read as {got}")
            elif header in asked:
                result.worse("honest", f"'{header}' ({want}) asked")
            else:
                result.worse("incomplete", f"'{header}' ({want}) not found")
        elif got and got in NEVER.get(want, set()):
            result.worse("wrong", f"'{header}' is {want}, read as {got}")
    _check_scales(result, expected, ds, settings, roles)
    _check_numbers(result, expected, ds, sheet, roles)
    return result


_MEASURE_ROLES = {"rating", "csat", "nps", "ces", "value"}


def _score_aggregated(result: SheetResult, expected: dict, ds: cxlens.Dataset, sheet: str, roles: dict) -> None:
    """Aggregated results read as such: the entity, measure(s), value and count columns as the entry says,
    and the entry's means recomputed from ``ds.aggregates``."""
    want = expected.get("roles", {})
    for header, role in want.items():
        result.roles[header] = next((r for r in ("entity", "entity_label", "measure", "measure_label", "value", "n")
                                     if roles.get(r) == header), "value" if header in roles.get("measures", []) else
                                     "segment" if header in roles.get("segments", []) else "-")
    if want.get(roles["entity"]) not in ("entity", "id"):
        result.worse("wrong", f"entity read from '{roles['entity']}' ({want.get(roles['entity'], 'not in the entry')})")
    if roles.get("n") and want.get(roles["n"]) != "count":
        result.worse("wrong", f"'{roles['n']}' read as the respondents behind values")
    if roles["shape"] == "long":
        for r, expect in (("measure", "measure"), ("value", "value")):
            if want.get(roles[r]) != expect:
                result.worse("wrong", f"'{roles[r]}' read as the {r} ({want.get(roles[r], 'not in the entry')})")
    else:
        for header in roles.get("measures", []):
            if want.get(header) not in _MEASURE_ROLES:
                result.worse("wrong", f"'{header}' read as a measure, but it is {want.get(header)}")
        for header, role in want.items():
            if role in _MEASURE_ROLES - {"value"} and header not in roles.get("measures", []):
                result.worse("incomplete", f"measure '{header}' not read")
    agg = ds.aggregates
    if sheet and "source_sheet" in agg:
        agg = agg[agg["source_sheet"].astype("object") == sheet]
    for check in expected.get("checks") or []:
        if check.get("what") != "mean" or check.get("value") is None:
            continue
        column = check["column"]
        values = agg["value"] if roles["shape"] == "long" and column == roles.get("value") else \
            agg.loc[agg["measure"].astype("object") == column, "value"]
        got = float(values.mean()) if len(values) else float("nan")
        if not math.isclose(got, check["value"], rel_tol=0.01, abs_tol=0.01):
            result.worse("wrong", f"mean of '{column}' is {got:.3f}, should be {check['value']}")


def _check_scales(result: SheetResult, expected: dict, ds: cxlens.Dataset, settings: dict, roles: dict) -> None:
    for header, (low, high) in (expected.get("scales") or {}).items():
        role = roles.get(_as_read(header))
        metric = settings.get("wide_metric", "csat") if role == "touchpoint_rating" else role
        if metric not in ("csat", "ces", "nps", "rating"):
            continue
        scale = ds.recipe.scales.get(metric) or {}
        if scale and (scale.get("min"), scale.get("max")) != (low, high):
            # 0 on a 1-5 scale read as a 'not applicable' code is the same scale
            if not (scale.get("max") == high and low == 0 and scale.get("min") == 1 and 0 in scale.get("na_values", [])):
                result.worse("wrong", f"'{header}' read on {scale.get('min')}-{scale.get('max')}, "
                                      f"should be {low}-{high}")


def _check_numbers(result: SheetResult, expected: dict, ds: cxlens.Dataset, sheet: str, roles: dict) -> None:
    fb = ds.feedback
    if sheet and "source_sheet" in fb:
        fb = fb[fb["source_sheet"].astype("object") == sheet]
    for check in expected.get("checks") or []:
        what, column, value = check.get("what"), check.get("column"), check.get("value")
        column = _as_read(column) if column else column
        role = roles.get(column) if column else None
        if what == "mean" and role in ("csat", "ces", "nps", "rating") and value is not None:
            own = fb[role] if roles and "touchpoint_rating" not in roles.values() else fb.loc[fb["touchpoint"].isna(), role]
            got = float(own.mean())  # in a wide survey an overall score sits on the respondent's row
            if not math.isclose(got, value, rel_tol=0.01, abs_tol=0.01):
                result.worse("wrong", f"mean of '{column}' is {got:.3f}, should be {value}")
        elif what == "dates" and role == "date":
            _check_dates(result, check, fb, column, wide="touchpoint_rating" in roles.values())
        elif what == "mean" and role == "touchpoint_rating" and value is not None:
            origin = fb["touchpoint"].astype("object")
            metric = next((m for m in ("csat", "rating", "ces", "nps") if fb[m].notna().any()), "csat")
            vals = fb.loc[origin == column, metric] if (origin == column).any() else pd.Series(dtype=float)
            if len(vals) and not math.isclose(float(vals.mean()), value, rel_tol=0.01, abs_tol=0.01):
                result.worse("wrong", f"mean of '{column}' is {vals.mean():.3f}, should be {value}")


def _check_dates(result: SheetResult, check: dict, fb: pd.DataFrame, column: str, wide: bool) -> None:
    """The loader's dates of the sheet against the entry's independent reading: a day and month
    swapped or a two-digit year misread moves the first or last day; cells left unread lower the count.
    In a wide survey the date sits on each response row, so rows are taken once per response."""
    if "date" not in fb:
        result.worse("incomplete", f"dates of '{column}' not kept")
        return
    rows = fb.drop_duplicates("response_id") if wide else fb
    dates = pd.to_datetime(rows["date"], errors="coerce")
    if dates.dt.tz is not None:
        dates = dates.dt.tz_localize(None)
    read = int(dates.notna().sum())
    expected = min(check["value"], len(rows))  # rows set aside (and reported) carry no date to read
    if read < 0.99 * expected:
        result.worse("incomplete", f"dates of '{column}': {read} read of {expected} (the file holds {check['value']})")
    if not read:
        return
    first, last = dates.min().normalize(), dates.max().normalize()
    for got, want, which in ((first, check["first"], "first"), (last, check["last"], "last")):
        if abs((got - pd.Timestamp(want)).days) > 1:  # a day for time zones
            result.worse("wrong", f"{which} date of '{column}' read as {got.date()}, should be {want}")


def run(entries: list[dict] | None = None) -> list[SheetResult]:
    entries = entries if entries is not None else json.loads((CORPUS / "manifest.json").read_text())
    results = []
    for entry in entries:
        try:
            data, name = entry_bytes(entry)
        except Exception as exc:  # a replica that fails to build is the corpus's fault: say so
            results.append(SheetResult(entry["id"], "", "?", "wrong", [f"could not build: {exc!r}"]))
            continue
        ds, error = None, None
        try:
            ds = cxlens.load(data, filename=name)
        except DataError as exc:
            error = exc.message
        for sheet, expected in entry["sheets"].items():
            results.append(score_sheet(entry, sheet, expected, ds, error))
    return results


def file_verdicts(results: list[SheetResult]) -> dict[str, str]:
    order = ["right", "honest", "incomplete", "wrong"]
    out: dict[str, str] = {}
    for r in results:
        out[r.entry] = max(out.get(r.entry, "right"), r.verdict, key=order.index)
    return out


def totals_text(results: list[SheetResult]) -> str:
    verdicts = file_verdicts(results)
    n = len(verdicts)
    counts = {v: sum(1 for x in verdicts.values() if x == v) for v in ("right", "honest", "incomplete", "wrong")}
    lines = [f"Reading corpus: {n} real files (tests/reading_corpus), read as a new user would.", "",
             "| verdict | files | share |", "|---|---|---|"]
    for v, c in counts.items():
        lines.append(f"| {v} | {c} | {c / n:.0%} |" if n else f"| {v} | 0 | - |")
    lines += ["", "| file | sheet | kind | verdict | notes |", "|---|---|---|---|---|"]
    for r in results:
        notes = "; ".join(r.notes).replace("|", "/")
        lines.append(f"| {r.entry} | {r.sheet or '-'} | {r.kind} | {r.verdict} | {notes} |")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    doc = DOCS.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in doc and END in doc:
        doc = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, doc, flags=re.S)
    else:
        doc = doc.rstrip() + "\n\n## How well files nobody planned for are read\n\n" + block + "\n"
    DOCS.write_text(doc, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="write the totals into docs/data-format.md")
    parser.add_argument("--roles", action="store_true", help="print every role as read, with its confidence")
    args = parser.parse_args(argv)
    results = run()
    for r in results:
        print(f"{r.entry:40} {r.sheet[:20]:20} {r.kind:15} {r.verdict.upper()}")
        for note in r.notes:
            print(f"    {note}")
        if args.roles:
            for header, role in r.roles.items():
                print(f"      {header[:50]:50} {role}")
    text = totals_text(results)
    print()
    print(text.split("\n\n")[1])
    if args.write_docs:
        write_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
