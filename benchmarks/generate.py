"""Seeded, realistic feedback tables for the loading benchmarks.

The schema and headers match ``sample_data/feedback.csv`` (a human-style survey
export): Response ID, Date, Journey stage, Touchpoint, Channel, Persona, Region,
CSAT (1-5), Effort (CES 1-7), Likelihood to recommend (0-10), Comment.

* Scores are read off one latent satisfaction per row, so CSAT, NPS and CES move
  together; CSAT is blank for 3% of rows, NPS for 5%, CES for 60% (as in the sample).
* About 30% of rows carry a short comment (one to three sentences, roughly
  15-130 characters, ~50 on average; numbers in some make many distinct).
* Dates cover 13 months; in the workbook they are real date cells, in the CSV ISO text.

Files are written to ``benchmarks/data/`` and cached: a file is rebuilt only when
it is missing or when :data:`DATA_VERSION` changes (bump it whenever the content
generated here changes, so old timings are never compared with new data).

Run ``python -m benchmarks.generate [--rows-xlsx N] [--rows-csv N]`` to build them alone.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

#: Bump when anything below changes what is generated; it is part of the file names.
DATA_VERSION = "1"
SEED = 3  # issue #3
DATA_DIR = Path(__file__).resolve().parent / "data"

START = np.datetime64("2025-10-01")
DAYS = 396  # 2025-10-01 .. 2026-10-31
EXCEL_EPOCH = np.datetime64("1899-12-30")

HEADERS = [
    "Response ID", "Date", "Journey stage", "Touchpoint", "Channel", "Persona", "Region",
    "CSAT (1-5)", "Effort (CES 1-7)", "Likelihood to recommend (0-10)", "Comment",
]

# touchpoint, stage, main channel, other channels, latent satisfaction mean, effort base, weight
TOUCHPOINTS = [
    ("Online advertising", "Awareness", "Web", ("App", "Email"), 0.75, 2.7, 180),
    ("Promotional email", "Awareness", "Email", ("App",), 0.70, 2.6, 160),
    ("Plan comparison page", "Consideration", "Web", ("App",), 0.80, 3.2, 260),
    ("Coverage & speed checker", "Consideration", "Web", ("App",), 0.70, 3.1, 220),
    ("Store visit", "Consideration", "Store", (), 0.90, 3.0, 150),
    ("Sales hotline", "Consideration", "Phone", ("Chat",), 0.75, 3.3, 180),
    ("Checkout / payment", "Purchase", "Web", ("App",), 0.30, 3.3, 480),
    ("Contract signing", "Purchase", "Email", ("Web",), 0.80, 3.1, 200),
    ("Order confirmation", "Purchase", "Email", ("App",), 1.05, 2.3, 180),
    ("Identity check", "Onboarding", "App", ("Web", "Store"), -0.35, 5.4, 420),
    ("Installation appointment", "Onboarding", "Phone", ("App", "Web"), 0.75, 3.3, 300),
    ("Router setup", "Onboarding", "App", ("Web",), 0.85, 3.1, 280),
    ("Welcome email", "Onboarding", "Email", ("App",), 1.05, 2.3, 160),
    ("Monthly bill", "Use", "Email", ("App", "Web"), 0.15, 3.9, 600),
    ("Mobile app account", "Use", "App", (), 1.10, 2.5, 400),
    ("Moving home transfer", "Use", "Phone", ("Chat", "Web"), -0.30, 4.3, 160),
    ("Help centre", "Support", "Web", ("App",), 0.10, 3.3, 330),
    ("Support chat", "Support", "Chat", (), 1.10, 2.9, 700),
    ("Support hotline", "Support", "Phone", (), -0.50, 4.0, 560),
    ("Technician repair visit", "Support", "Phone", ("App",), 0.25, 3.6, 200),
    ("Renewal offer", "Renewal", "Email", ("App", "Phone"), -0.05, 3.2, 300),
    ("Cancellation / retention call", "Renewal", "Phone", (), -1.05, 4.7, 320),
    ("In-store contract change", "Renewal", "Store", (), -0.60, 5.0, 40),
    ("Refer-a-friend", "Advocacy", "App", ("Web", "Email"), 0.95, 2.5, 120),
    ("Review invitation", "Advocacy", "Email", ("Web",), 0.95, 2.3, 140),
]
PERSONAS = (("Busy professional", 0.30), ("Family organiser", 0.26), ("Price-sensitive switcher", 0.19),
            ("Senior / low digital confidence", 0.15), ("Small business owner", 0.10))
REGIONS = (("North", 0.22), ("South", 0.31), ("East", 0.27), ("West", 0.20))

COMMENT_SHARE = 0.30
CSAT_BLANK, NPS_BLANK, CES_PRESENT = 0.03, 0.05, 0.40

_POS = ["The {tp} was quick and easy.", "Really smooth {tp}, no issues at all.", "Loved how simple the {tp} was.",
        "Everything about the {tp} just worked.", "Clear information, friendly staff.",
        "Sorted in {n} minutes, faster than I expected.", "Got exactly what I needed first time.",
        "Very helpful, thanks.", "Easy to follow, well explained.", "The {tp} is much better than last year.",
        "Order {ref} arrived on time."]
_NEG = ["The {tp} took far too long.", "I had to explain my problem three times.", "The {tp} kept failing.",
        "Nobody could tell me what was going on.", "Confusing and slow.", "The price changed halfway through.",
        "I waited {n} minutes for an answer.", "The {tp} crashed twice.", "Nothing worked as promised.",
        "Got a different answer every time I asked.", "Order {ref} is still not sorted."]
_OPEN_POS = ["Great experience.", "Very happy.", "Quick and easy.", "No complaints.", "Impressed, honestly."]
_OPEN_NEG = ["Really frustrating.", "Not good enough.", "Very disappointed.", "Not impressed.",
             "Third time this has happened."]
_CLOSE_POS = ["Thank you!", "Keep it up.", "Would recommend.", "👍"]
_CLOSE_NEG = ["Please fix this.", "Thinking about switching.", "Why is this so hard?",
              "I expected better.", "😡"]


def paths(rows_xlsx: int, rows_csv: int, data_dir: Path = DATA_DIR) -> dict[str, Path]:
    return {
        "xlsx": data_dir / f"feedback-{rows_xlsx}-v{DATA_VERSION}.xlsx",
        "csv": data_dir / f"feedback-{rows_csv}-v{DATA_VERSION}.csv",
    }


def _comments(rng: np.random.Generator, tp: np.ndarray, tone: np.ndarray) -> list[str]:
    """One short comment per row: optional opener, one or two sentences, optional closer.

    Numbers in some sentences (waiting times, order references) make many texts
    distinct, as real verbatims are.
    """
    n = len(tp)
    names = [t[0].lower() for t in TOUCHPOINTS]
    texts = ((_NEG, _OPEN_NEG, _CLOSE_NEG), (_POS, _OPEN_POS, _CLOSE_POS))
    body = rng.integers(len(_NEG), size=(n, 2)).tolist()
    second = (rng.random(n) < 0.10).tolist()
    opener = np.where(rng.random(n) < 0.25, rng.integers(len(_OPEN_NEG), size=n), -1).tolist()
    closer = np.where(rng.random(n) < 0.25, rng.integers(len(_CLOSE_NEG), size=n), -1).tolist()
    minutes = rng.integers(5, 95, size=n).tolist()
    ref = rng.integers(100_000, 999_999, size=n).tolist()
    out = []
    for i, (t, good) in enumerate(zip(tp.tolist(), tone.tolist())):
        bodies, opens, closes = texts[good]
        slots = {"tp": names[t], "n": minutes[i], "ref": ref[i]}
        parts = [opens[opener[i] % len(opens)]] if opener[i] >= 0 else []
        parts.append(bodies[body[i][0]].format(**slots))
        if second[i]:
            parts.append(bodies[body[i][1]].format(**slots))
        if closer[i] >= 0:
            parts.append(closes[closer[i] % len(closes)])
        text = " ".join(parts)
        out.append(text[0].upper() + text[1:])
    return out


def feedback_frame(rows: int, seed: int = SEED) -> pd.DataFrame:
    """``rows`` survey answers with the sample's headers; ints are nullable, Date is datetime64."""
    rng = np.random.default_rng(seed)
    weights = np.array([t[6] for t in TOUCHPOINTS], dtype=float)
    tp = rng.choice(len(TOUCHPOINTS), size=rows, p=weights / weights.sum())
    tp_names = np.array([t[0] for t in TOUCHPOINTS], dtype=object)
    tp_stage = np.array([t[1] for t in TOUCHPOINTS], dtype=object)
    tp_mu = np.array([t[4] for t in TOUCHPOINTS])
    tp_ces = np.array([t[5] for t in TOUCHPOINTS])

    # Channel: the touchpoint's main channel 85% of the time, else one of its others.
    main = np.array([t[2] for t in TOUCHPOINTS], dtype=object)
    channel = main[tp].copy()
    other = rng.random(rows) < 0.15
    for t, (_n, _s, _m, others, *_r) in enumerate(TOUCHPOINTS):
        if others:
            sel = other & (tp == t)
            channel[sel] = np.array(others, dtype=object)[rng.integers(len(others), size=int(sel.sum()))]

    persona = np.array([p for p, _ in PERSONAS], dtype=object)[
        rng.choice(len(PERSONAS), size=rows, p=[w for _, w in PERSONAS])]
    region = np.array([r for r, _ in REGIONS], dtype=object)[
        rng.choice(len(REGIONS), size=rows, p=[w for _, w in REGIONS])]

    q = tp_mu[tp] + rng.normal(0, 0.45, rows) + rng.normal(0, 0.8, rows)
    csat = (np.digitize(q + rng.normal(0, 0.35, rows), (-1.5, -0.7, 0.0, 1.0)) + 1).astype(float)
    nps = np.clip(np.round(6.9 + 1.9 * q + rng.normal(0, 1.1, rows)), 0, 10)
    ces = np.clip(np.round(tp_ces[tp] - 0.75 * q + rng.normal(0, 0.75, rows)), 1, 7)
    csat[rng.random(rows) < CSAT_BLANK] = np.nan
    nps[rng.random(rows) < NPS_BLANK] = np.nan
    ces[rng.random(rows) >= CES_PRESENT] = np.nan

    comment = np.full(rows, None, dtype=object)
    has = rng.random(rows) < COMMENT_SHARE
    tone = (np.nan_to_num(csat, nan=3.0) >= 4).astype(int)  # 0 = negative, 1 = positive
    comment[has] = _comments(rng, tp[has], tone[has])

    days = np.sort(rng.integers(DAYS, size=rows))
    ids = pd.Series(np.arange(1, rows + 1)).astype("str").str.zfill(7)
    return pd.DataFrame({
        "Response ID": ("R" + ids).astype(object),
        "Date": pd.to_datetime(START + days.astype("timedelta64[D]")),
        "Journey stage": tp_stage[tp],
        "Touchpoint": tp_names[tp],
        "Channel": channel,
        "Persona": persona,
        "Region": region,
        "CSAT (1-5)": pd.array(csat, dtype="Int64"),
        "Effort (CES 1-7)": pd.array(ces, dtype="Int64"),
        "Likelihood to recommend (0-10)": pd.array(nps, dtype="Int64"),
        "Comment": comment,
    })


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="utf-8", date_format="%Y-%m-%d", lineterminator="\n")


def write_xlsx(frame: pd.DataFrame, path: Path, sheet: str = "Feedback", *, constant_memory: bool = True) -> None:
    """Stream rows with xlsxwriter's constant_memory mode (rows are flushed as written).

    Note: in this mode xlsxwriter writes strings inline (``t="inlineStr"``) instead of
    through the shared-strings table Excel itself uses; calamine reads both, but the
    sheet XML is larger (100 MB instead of ~70 MB for 200k rows). ``constant_memory=False``
    writes shared strings like Excel (slower, and holds the workbook in memory).
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    ws = wb.add_worksheet(sheet)
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, HEADERS)
    text_cols = [(HEADERS.index(h), frame[h].to_numpy(dtype=object)) for h in
                 ("Response ID", "Journey stage", "Touchpoint", "Channel", "Persona", "Region")]
    serial = ((frame["Date"].to_numpy().astype("datetime64[D]") - EXCEL_EPOCH).astype(int)).tolist()
    num_cols = [(HEADERS.index(h), frame[h].to_numpy(dtype=float, na_value=np.nan).tolist()) for h in
                ("CSAT (1-5)", "Effort (CES 1-7)", "Likelihood to recommend (0-10)")]
    comment_col = HEADERS.index("Comment")
    comments = frame["Comment"].astype(object).where(frame["Comment"].notna(), None).tolist()
    date_col = HEADERS.index("Date")
    write_string, write_number = ws.write_string, ws.write_number
    for i in range(len(frame)):
        r = i + 1
        for c, values in text_cols[:1]:
            write_string(r, c, values[i])
        write_number(r, date_col, serial[i], date_fmt)
        for c, values in text_cols[1:]:
            write_string(r, c, values[i])
        for c, values in num_cols:
            v = values[i]
            if v == v:  # not NaN: blanks stay empty cells
                write_number(r, c, v)
        if comments[i] is not None:
            write_string(r, comment_col, comments[i])
    wb.close()


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def ensure(kind: str, rows: int, path: Path, *, force: bool = False, log=print) -> dict:
    """Build ``path`` unless a complete file of this version is cached; return its metadata."""
    meta_path = _meta_path(path)
    if not force and path.exists() and meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text())
        except ValueError:
            meta = {}
        if meta.get("version") == DATA_VERSION and meta.get("rows") == rows and meta.get("bytes") == path.stat().st_size:
            meta["cached"] = True
            return meta
    path.parent.mkdir(parents=True, exist_ok=True)
    log(f"generating {path.name} ({rows:,} rows) ...")
    t0 = time.perf_counter()
    frame = feedback_frame(rows)
    tmp = path.with_name(path.name + ".tmp")
    if kind == "xlsx":
        write_xlsx(frame, tmp)
    else:
        write_csv(frame, tmp)
    os.replace(tmp, path)
    meta = {
        "version": DATA_VERSION, "seed": SEED, "kind": kind, "rows": rows, "columns": len(HEADERS),
        "bytes": path.stat().st_size, "comment_share": float(frame["Comment"].notna().mean()),
        "seconds_to_generate": round(time.perf_counter() - t0, 1),
    }
    meta_path.write_text(json.dumps(meta, indent=2))
    log(f"  {path.name}: {meta['bytes'] / 1e6:.1f} MB in {meta['seconds_to_generate']} s")
    try:  # a file over the app's upload limit would make cxlens.load refuse it
        from cxlens.safety import MAX_UPLOAD_BYTES

        if meta["bytes"] > MAX_UPLOAD_BYTES:
            log(f"  WARNING: {path.name} exceeds cxlens' upload limit ({MAX_UPLOAD_BYTES / 1e6:.0f} MB)")
    except ImportError:
        pass
    meta["cached"] = False
    return meta


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-xlsx", type=int, default=200_000)
    parser.add_argument("--rows-csv", type=int, default=2_000_000)
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    args = parser.parse_args(argv)
    p = paths(args.rows_xlsx, args.rows_csv)
    ensure("xlsx", args.rows_xlsx, p["xlsx"], force=args.force)
    ensure("csv", args.rows_csv, p["csv"], force=args.force)


if __name__ == "__main__":
    main()
