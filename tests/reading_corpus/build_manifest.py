"""Build manifest.json from the entry descriptions in entries.py.

The numbers under "checks" are computed here with plain pandas from the real
copy (files/...) or from the replica bytes (replicas.py), so they always match
what is stored.  Run:  .venv/bin/python tests/reading_corpus/build_manifest.py
"""
from __future__ import annotations

import io
import json
import math
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replicas  # noqa: E402
from entries import DATE_FORMATS, ENTRIES, FR_MONTHS  # noqa: E402


def entry_bytes(e) -> bytes:
    if "file" in e:
        return (HERE / e["file"]).read_bytes()
    return getattr(replicas, e["replica"])()


def read_sheet(e, name, sheet, data: bytes) -> pd.DataFrame:
    kw = dict(sheet.get("read", {}))
    if e["filename"].lower().endswith((".xlsx", ".xlsm", ".xls")):
        return pd.read_excel(io.BytesIO(data), sheet_name=name or 0, **kw)
    kw.setdefault("encoding", e.get("encoding", "utf-8"))
    return pd.read_csv(io.BytesIO(data), **kw)


def _num(s: pd.Series, na):
    s = s.copy()
    if na:
        s = s.where(~s.astype(str).str.strip().isin([str(x) for x in na]))
    if s.dtype == object or str(s.dtype).startswith("str"):
        s = s.astype(str).str.strip().str.replace(",", ".", regex=False)
        s = s.replace({"nan": None, "None": None, "": None, "<NA>": None})
    return pd.to_numeric(s, errors="coerce")


def parse_dates(s: pd.Series, fmt: str) -> pd.Series:
    """The column's dates read with the format the entry states (no guessing), as datetime64."""
    if fmt == "datetime":
        return pd.to_datetime(s)
    if fmt == "excel_serial":
        return pd.to_datetime(pd.to_numeric(s), unit="D", origin="1899-12-30")
    text = s.astype("object").where(s.notna()).map(lambda v: None if v is None else str(v).strip())
    if fmt.startswith("fr:"):
        fmt = fmt[3:]
        text = text.map(lambda v: v if v is None else " ".join(FR_MONTHS.get(w, w) for w in v.split()))
    return pd.to_datetime(text, format=fmt)


def date_checks(df, key) -> list[dict]:
    """For each date column: how many cells hold a date and the first and last day (YYYY-MM-DD)."""
    out = []
    for (entry_id, sheet_name, column), fmt in DATE_FORMATS.items():
        if (entry_id, sheet_name) != key:
            continue
        dates = parse_dates(df[column], fmt)
        out.append({"what": "dates", "column": column, "value": int(dates.notna().sum()),
                    "first": dates.min().date().isoformat(), "last": dates.max().date().isoformat(),
                    "note": f"read independently as {fmt}"})
    return out


def compute_checks(df, sheet, key=("", "")):
    spec = sheet.get("check_spec", {})
    checks = [{"what": "rows", "value": int(len(df))}]
    for col, note in spec.get("mean", []):
        v = _num(df[col], sheet.get("na_codes", {}).get(col)).mean()
        c = {"what": "mean", "column": col, "value": None if math.isnan(v) else round(float(v), 4)}
        if note:
            c["note"] = note
        checks.append(c)
    for col, mapping, note in spec.get("mean_mapped", []):
        lab = df[col].astype(str).str.split(" (", n=1, regex=False).str[0].str.strip()
        v = pd.to_numeric(lab.map(mapping), errors="coerce").mean()
        checks.append({"what": "mean", "column": col, "value": round(float(v), 4), "note": note})
    for col, eq in spec.get("share", []):
        s = df[col]
        if isinstance(eq, (int, float)) and not isinstance(eq, bool):
            hit = pd.to_numeric(s, errors="coerce") == eq
        else:
            hit = s.astype(str).str.strip() == str(eq)
        checks.append({"what": "share", "column": col, "equals": eq, "value": round(float(hit.mean()), 4),
                       "note": "share of all rows (blanks count in the denominator)"})
    for col, note in spec.get("nonblank", []):
        checks.append({"what": "nonblank", "column": col, "value": int(df[col].notna().sum()), "note": note})
    return checks + date_checks(df, key)


def build(strict=True):
    out, problems = [], []
    for e in ENTRIES:
        data = entry_bytes(e)
        if not data:
            problems.append(f"{e['id']}: empty bytes")
        m = {k: v for k, v in e.items() if k != "sheets"}
        m["sheets"] = {}
        for name, sheet in e["sheets"].items():
            df = read_sheet(e, name, sheet, data)
            df.columns = [str(c) for c in df.columns]  # headerless reads give 0..n-1
            cols = [str(c) for c in df.columns]
            for h in sheet["roles"]:
                if h not in cols:
                    problems.append(f"{e['id']}[{name}]: role header {h!r} not in file")
            for c in cols:
                if c not in sheet["roles"]:
                    problems.append(f"{e['id']}[{name}]: header {c!r} has no role")
            s = {k: v for k, v in sheet.items() if k != "check_spec"}
            s["checks"] = compute_checks(df, sheet, (e["id"], name))
            for h, role in sheet["roles"].items():
                if role == "date" and (e["id"], name, h) not in DATE_FORMATS:
                    problems.append(f"{e['id']}[{name}]: date column {h!r} has no entry in DATE_FORMATS")
            m["sheets"][name] = s
        out.append(m)
    (HERE / "manifest.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(out)} entries written")
    return problems


if __name__ == "__main__":
    build()
