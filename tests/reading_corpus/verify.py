"""Sanity-check the reading corpus: every manifest entry's bytes exist and pandas can read them
with the manifest's own reading hints, every header named in `roles` is a real header, every real
header has a role, and the recorded row counts still match.

Run:  .venv/bin/python tests/reading_corpus/verify.py
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import replicas  # noqa: E402

ROLES = {"response_id", "customer_id", "id", "date", "other_date", "stage", "touchpoint", "touchpoint_rating",
         "channel", "persona", "segment", "geography", "csat", "nps", "ces", "rating", "comment", "title",
         "sentiment", "outcome", "importance", "count", "tier", "design", "derived", "measure", "value", "entity",
         "ignore"}
KINDS = {"responses_long", "responses_wide", "customer", "interactions", "reviews", "complaints", "aggregated",
         "not_data"}


def main() -> int:
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    errors = []
    real_bytes = 0
    ids = set()
    for e in manifest:
        if e["id"] in ids:
            errors.append(f"duplicate id {e['id']}")
        ids.add(e["id"])
        if "file" in e:
            path = HERE / e["file"]
            if not path.exists():
                errors.append(f"{e['id']}: missing file {path}")
                continue
            data = path.read_bytes()
            real_bytes += len(data)
        else:
            data = getattr(replicas, e["replica"])()
        if not data:
            errors.append(f"{e['id']}: empty bytes")
            continue
        is_xlsx = e["filename"].lower().endswith(".xlsx")
        for name, sheet in e["sheets"].items():
            if sheet["kind"] not in KINDS:
                errors.append(f"{e['id']}[{name}]: bad kind {sheet['kind']}")
            bad = {r for r in sheet["roles"].values()} - ROLES
            if bad:
                errors.append(f"{e['id']}[{name}]: unknown roles {bad}")
            kw = dict(sheet.get("read", {}))
            try:
                if is_xlsx:
                    df = pd.read_excel(io.BytesIO(data), sheet_name=name or 0, **kw)
                else:
                    kw.setdefault("encoding", e.get("encoding", "utf-8"))
                    df = pd.read_csv(io.BytesIO(data), **kw)
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{e['id']}[{name}]: pandas cannot read: {exc}")
                continue
            cols = [str(c) for c in df.columns]
            for h in sheet["roles"]:
                if h not in cols:
                    errors.append(f"{e['id']}[{name}]: role header {h!r} is not a header of the file")
            for c in cols:
                if c not in sheet["roles"]:
                    errors.append(f"{e['id']}[{name}]: header {c!r} has no role")
            for h in list(sheet.get("scales", {})) + list(sheet.get("na_codes", {})):
                if h not in cols:
                    errors.append(f"{e['id']}[{name}]: scale/na header {h!r} not in file")
            rows = [c["value"] for c in sheet.get("checks", []) if c["what"] == "rows"]
            if rows and rows[0] != len(df):
                errors.append(f"{e['id']}[{name}]: rows {len(df)} != manifest {rows[0]}")
            dated = {c["column"] for c in sheet.get("checks", []) if c["what"] == "dates"}
            for h, role in sheet["roles"].items():
                if role == "date" and h not in dated:  # the reading report checks every date column's days
                    errors.append(f"{e['id']}[{name}]: date column {h!r} has no dates check (entries.DATE_FORMATS)")
    for err in errors:
        print("ERROR", err)
    print(f"{len(manifest)} entries, {sum(len(e['sheets']) for e in manifest)} sheets, "
          f"real files {real_bytes / 1e6:.2f} MB, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
