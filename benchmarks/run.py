"""Loading benchmarks for issue #3: is ``cxlens.load`` close to the fastest raw readers?

``make bench`` (or ``python -m benchmarks.run``) generates, once, a 200k-row XLSX and
a 2M-row CSV feedback export (see :mod:`benchmarks.generate`), then times

* ``cxlens.load(path)`` on each,
* the raw fast-read floor: fastexcel ``read_excel(path).load_sheet(0).to_pandas()``
  for the workbook, ``pd.read_csv(path)`` for the CSV,
* ``pd.read_excel(path)`` with its defaults (openpyxl; fewer runs, it is slow).

Every run is a fresh subprocess (``--worker``): it imports everything first, then
times one call (wall and process CPU time) and measures memory as the peak-RSS delta,
i.e. the process's peak RSS (Linux ``VmHWM``; ``ru_maxrss`` elsewhere) after the call minus
the resident set size just before it. Unlike tracemalloc this also sees memory allocated outside the
Python allocator (Arrow, calamine in Rust, the CSV parser's buffers). Runs of
different readers are interleaved.

The run prints a results table and PASS/MISS per target, writes
``benchmarks/results/bench-<timestamp>.{json,md}`` (and ``latest.*``, or ``latest-quick.*``), and exits 0
whether or not the targets are met. Options:

``--quick``         20k-row XLSX / 200k-row CSV, fewer runs (smoke test)
``--only xlsx|csv`` one file type; ``--runs N`` N runs of every reader
``--profile``       also write cProfile reports of cxlens.load to benchmarks/results/
``--update-docs``   replace the results block in docs/performance.md with this run
``--cxlens-root D`` time the ``cxlens/`` package in directory D (e.g. a branch worktree)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from . import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DOCS_PAGE = ROOT / "docs" / "performance.md"
DOCS_START, DOCS_END = "<!-- bench-results:start -->", "<!-- bench-results:end -->"
WORKER_MARK = "BENCH-RESULT "
WORKER_TIMEOUT = 1800  # seconds; pd.read_excel on 200k rows takes about a minute

FULL = {"xlsx_rows": 200_000, "csv_rows": 2_000_000, "xlsx_runs": 5, "csv_runs": 3, "read_excel_runs": 2}
QUICK = {"xlsx_rows": 20_000, "csv_rows": 200_000, "xlsx_runs": 3, "csv_runs": 3, "read_excel_runs": 1}

# (file kind, case) -> label shown in tables
LABELS = {
    "cxlens.load": "cxlens.load(path)",
    "fastexcel": "fastexcel read_excel().load_sheet(0).to_pandas()",
    "pd.read_excel": "pd.read_excel(path) (defaults, openpyxl)",
    "pd.read_csv": "pd.read_csv(path)",
    "pd.read_csv bytes": "reference: pd.read_csv(BytesIO(bytes read from path)), one thread",
    "cxlens.load ragged": "not a target: cxlens.load(bytes) of the file with 2 lines wider than the header",
}

# --------------------------------------------------------------------------- worker (one run)


def _rss_bytes() -> int:
    """Current resident set size (Linux /proc; elsewhere the peak so far, which is close after imports)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return _maxrss_bytes()


def _maxrss_bytes() -> int:
    """Peak RSS of this process. Linux: VmHWM of the process's own memory map, which exec resets;
    ru_maxrss is not reset by exec and can report the parent's peak (the driver holding a freshly
    generated 200 MB file made every worker's 'peak' ~1 GB before it did anything)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB, macOS bytes


def worker(case: str, path: str) -> dict:
    """Time one call of ``case`` on ``path`` in this (fresh) process; measure its peak RSS delta."""
    import gc

    import pandas as pd

    if case == "cxlens.load":
        import cxlens
        # modules cxlens imports lazily: import them now so the timing is the load, not the import
        import charset_normalizer  # noqa: F401
        import defusedxml.ElementTree  # noqa: F401
        import fastexcel  # noqa: F401

        def call():
            ds = cxlens.load(path)
            return ds.feedback, {"problem_rows": len(ds.problems)}
    elif case == "cxlens.load ragged":
        # An export with stray delimiters: the irregular-file path (extra values kept, lines reported).
        import cxlens
        import charset_normalizer  # noqa: F401

        with open(path, "rb") as handle:
            data = handle.read()
        for share, extra in ((4, b",x"), (2, b",y,z,w")):
            cut = data.index(b"\n", len(data) // share)
            data = data[:cut] + extra + data[cut:]

        def call():
            ds = cxlens.load(data, filename="ragged.csv")
            return ds.feedback, {"problem_rows": len(ds.problems)}
    elif case == "fastexcel":
        import fastexcel

        def call():
            return fastexcel.read_excel(path).load_sheet(0).to_pandas(), {}
    elif case == "pd.read_excel":
        import openpyxl  # noqa: F401

        def call():
            return pd.read_excel(path), {}
    elif case == "pd.read_csv":
        def call():
            return pd.read_csv(path), {}
    elif case == "pd.read_csv bytes":
        # What cxlens.load starts from: the bytes in memory (uploads arrive as bytes), which pandas
        # parses on one thread; a local path is split across threads (pandas 3.1+).
        import io

        def call():
            with open(path, "rb") as handle:
                return pd.read_csv(io.BytesIO(handle.read())), {}
    else:
        raise SystemExit(f"unknown case {case!r}")

    gc.collect()
    rss_before = _rss_bytes()
    maxrss_before = _maxrss_bytes()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    frame, extra = call()
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - cpu0
    peak = _maxrss_bytes()
    return {
        "case": case,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "rss_before": rss_before,
        "maxrss_before": maxrss_before,
        "peak_rss": peak,
        "peak_delta": peak - rss_before,
        # the call never rose above the process's earlier high-water mark: the delta is only a lower bound
        "peak_is_lower_bound": peak <= maxrss_before,
        "frame_bytes": int(frame.memory_usage(deep=True).sum()),
        "rows": int(len(frame)),
        "columns": int(frame.shape[1]),
        **extra,
    }


# --------------------------------------------------------------------------- driver


def _run_worker(case: str, path: Path, cxlens_root: Path | None = None) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.run", "--worker", case, str(path)]
    if cxlens_root is not None:  # import cxlens from another checkout (e.g. a branch being evaluated)
        boot = (f"import sys; sys.path[:0] = [{str(cxlens_root)!r}, {str(ROOT)!r}]; from benchmarks.run import main; "
                f"sys.exit(main(['--worker', {case!r}, {str(path)!r}]))")
        cmd = [sys.executable, "-c", boot]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=WORKER_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"case": case, "error": f"timed out after {WORKER_TIMEOUT} s"}
    for line in proc.stdout.splitlines():
        if line.startswith(WORKER_MARK):
            return json.loads(line[len(WORKER_MARK):])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"case": case, "error": f"exit {proc.returncode}: " + " | ".join(tail)}


def _machine() -> dict:
    cpu = platform.processor() or platform.machine()
    mem_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    versions = {}
    for mod in ("pandas", "numpy", "pyarrow", "fastexcel", "openpyxl"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - report what is there
            versions[mod] = None
    return {"platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count(), "memory_gb": mem_gb,
            "python": platform.python_version(), **versions}


def _code_version(root: Path = ROOT) -> dict:
    """Git commit plus a hash of cxlens/*.py as run (the working tree may hold uncommitted edits)."""
    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    digest = hashlib.sha256()
    for p in sorted((root / "cxlens").rglob("*.py")):
        digest.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return {"cxlens_root": str(root), "commit": git("rev-parse", "--short", "HEAD"),
            "cxlens_dirty": bool(git("status", "--porcelain", "cxlens")), "cxlens_sha256": digest.hexdigest()[:12]}


def _plan(cfg: dict) -> list[tuple[str, str, int]]:
    return [
        ("xlsx", "cxlens.load", cfg["xlsx_runs"]),
        ("xlsx", "fastexcel", cfg["xlsx_runs"]),
        ("xlsx", "pd.read_excel", cfg["read_excel_runs"]),
        ("csv", "cxlens.load", cfg["csv_runs"]),
        ("csv", "pd.read_csv", cfg["csv_runs"]),
        ("csv", "pd.read_csv bytes", cfg["csv_runs"]),
        ("csv", "cxlens.load ragged", cfg["csv_runs"]),
    ]


def _summarise(runs: list[dict]) -> dict:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"runs": 0, "errors": [r["error"] for r in runs]}
    secs = [r["seconds"] for r in ok]
    cpu = [r["cpu_seconds"] for r in ok if "cpu_seconds" in r]
    deltas = [r["peak_delta"] for r in ok]
    frame = statistics.median(r["frame_bytes"] for r in ok)
    return {
        "runs": len(ok),
        "median_s": statistics.median(secs),
        "min_s": min(secs),
        "max_s": max(secs),
        "median_cpu_s": statistics.median(cpu) if cpu else None,
        "peak_delta_median": statistics.median(deltas),
        "peak_delta_max": max(deltas),
        "frame_bytes": frame,
        "peak_over_frame": max(deltas) / frame if frame else None,
        "rows": ok[0]["rows"],
        "columns": ok[0]["columns"],
        **({"problem_rows": ok[0]["problem_rows"]} if "problem_rows" in ok[0] else {}),
        "errors": [r["error"] for r in runs if "error" in r],
    }


def _targets(summary: dict) -> list[dict]:
    def stat(kind, case, key="median_s"):
        return (summary.get(kind, {}).get(case) or {}).get(key)

    def ratio(a, b):
        return a / b if a and b else None

    def speed(name, kind, a, b, limit, ok_if):
        value = ratio(stat(kind, a), stat(kind, b))
        return {"target": name, "measured": value, "limit": limit,
                "by_min": ratio(stat(kind, a, "min_s"), stat(kind, b, "min_s")),
                "by_cpu": ratio(stat(kind, a, "median_cpu_s"), stat(kind, b, "median_cpu_s")),
                "status": "n/a" if value is None else ("PASS" if ok_if(value) else "MISS")}

    def memory(name, kind):
        value = stat(kind, "cxlens.load", "peak_over_frame")
        return {"target": name, "measured": value, "limit": "< 3x", "by_min": None, "by_cpu": None,
                "status": "n/a" if value is None else ("PASS" if value < 3 else "MISS")}

    return [
        speed("XLSX: cxlens.load / fastexcel raw read", "xlsx", "cxlens.load", "fastexcel", "≤ 1.5x", lambda v: v <= 1.5),
        speed("XLSX: pd.read_excel / cxlens.load", "xlsx", "pd.read_excel", "cxlens.load", "≥ 10x", lambda v: v >= 10),
        speed("CSV: cxlens.load / pd.read_csv", "csv", "cxlens.load", "pd.read_csv", "≤ 2x", lambda v: v <= 2),
        memory("XLSX: cxlens.load peak RSS Δ / final frame", "xlsx"),
        memory("CSV: cxlens.load peak RSS Δ / final frame", "csv"),
    ]


def _mb(n) -> str:
    return "—" if n is None else f"{n / 1e6:,.0f}"


def markdown(result: dict) -> str:
    m, d, c = result["machine"], result["data"], result["code"]
    load = result.get("load_average", {})
    lines = [
        f"Run {result['timestamp']} ({'quick' if result['quick'] else 'full'}), commit {c['commit'] or 'n/a'}"
        f"{' + uncommitted cxlens/ edits' if c['cxlens_dirty'] else ''} (cxlens sha256 {c['cxlens_sha256']}"
        f"{'' if c['cxlens_root'] == str(ROOT) else ', cxlens from ' + c['cxlens_root']}).",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM; Python {m['python']}, pandas {m['pandas']}, "
        f"numpy {m['numpy']}, pyarrow {m['pyarrow']}, fastexcel {m['fastexcel']}, openpyxl {m['openpyxl']}. "
        f"Load average (1 min) at start / end: {load.get('start', '?')} / {load.get('end', '?')}"
        f"{' (busy machine: timings are inflated and noisy)' if load.get('busy') else ''}.",
        f"Data (v{d['version']}): XLSX {d['xlsx']['rows']:,} rows, {d['xlsx']['bytes'] / 1e6:.1f} MB; "
        f"CSV {d['csv']['rows']:,} rows, {d['csv']['bytes'] / 1e6:.1f} MB; 11 columns, ~30% with a comment.",
        "",
        "| File | Reader | Runs | Median (s) | Min (s) | CPU (s, median) | Peak RSS Δ (MB, median / max) "
        "| Final frame (MB) | Max peak / frame |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in ("xlsx", "csv"):
        for case, s in result["summary"].get(kind, {}).items():
            if not s.get("runs"):
                lines.append(f"| {kind.upper()} | {LABELS[case]} | 0 | error: {'; '.join(s['errors'])[:120]} | | | | | |")
                continue
            lines.append(
                f"| {kind.upper()} | {LABELS[case]} | {s['runs']} | {s['median_s']:.2f} | {s['min_s']:.2f} | "
                f"{'—' if s.get('median_cpu_s') is None else format(s['median_cpu_s'], '.2f')} | "
                f"{_mb(s['peak_delta_median'])} / {_mb(s['peak_delta_max'])} | {_mb(s['frame_bytes'])} | "
                f"{s['peak_over_frame']:.1f}x |")
    def x(v):
        return "—" if v is None else f"{v:.2f}x"

    lines += ["", "| Target | Measured (medians) | Limit | Status | Ratio of min times | Ratio of CPU times |",
              "|---|---:|---:|---|---:|---:|"]
    for t in result["targets"]:
        lines.append(f"| {t['target']} | {x(t['measured'])} | {t['limit']} | **{t['status']}** | "
                     f"{x(t.get('by_min'))} | {x(t.get('by_cpu'))} |")
    extra = result.get("notes") or []
    lines += ["", "Status uses the ratio of median wall times; memory targets use the largest peak of the cxlens.load "
              "runs. Peak RSS Δ = peak RSS (`VmHWM`) after the call − RSS before it, in a fresh process per run. CPU time "
              "(user + system of the process) is less sensitive than wall time to other load on the machine."]
    lines += [f"{n}" for n in extra]
    return "\n".join(lines) + "\n"


def _update_docs(md: str) -> bool:
    if not DOCS_PAGE.exists():
        return False
    text = DOCS_PAGE.read_text(encoding="utf-8")
    if DOCS_START not in text or DOCS_END not in text:
        return False
    head, rest = text.split(DOCS_START, 1)
    _old, tail = rest.split(DOCS_END, 1)
    DOCS_PAGE.write_text(f"{head}{DOCS_START}\n{md}{DOCS_END}{tail}", encoding="utf-8")
    return True


def profile(files: dict[str, Path], out_dir: Path, top: int = 40, cxlens_root: Path | None = None) -> dict[str, Path]:
    """cProfile one cxlens.load per file (in a subprocess each); write the hottest functions to text files."""
    written = {}
    for kind, path in files.items():
        out = out_dir / f"profile-{kind}.txt"
        code = (
            f"import sys; sys.path.insert(0, {str(cxlens_root or ROOT)!r})\n"
            "import cProfile, pstats, io, cxlens, fastexcel, defusedxml.ElementTree\n"
            f"p = cProfile.Profile(); p.enable(); cxlens.load({str(path)!r}); p.disable()\n"
            "s = io.StringIO(); st = pstats.Stats(p, stream=s).strip_dirs()\n"
            f"st.sort_stats('cumulative').print_stats({top}); st.sort_stats('tottime').print_stats({top})\n"
            f"open({str(out)!r}, 'w').write(s.getvalue())\n"
        )
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=WORKER_TIMEOUT)
        written[kind] = out
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CX Lens loading benchmarks (issue #3)")
    parser.add_argument("--quick", action="store_true", help="20k-row XLSX / 200k-row CSV, fewer runs")
    parser.add_argument("--only", choices=("xlsx", "csv"), help="benchmark one file type")
    parser.add_argument("--runs", type=int, help="override the number of runs of every reader")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the input files even when cached")
    parser.add_argument("--profile", action="store_true", help="also cProfile cxlens.load on each file")
    parser.add_argument("--update-docs", action="store_true", help="write the results table into docs/performance.md")
    parser.add_argument("--cxlens-root", type=Path, help="benchmark the cxlens package of another checkout (a directory "
                        "holding cxlens/), e.g. a branch worktree; inputs and results stay in this repository")
    parser.add_argument("--worker", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(WORKER_MARK + json.dumps(worker(*args.worker)), flush=True)
        return 0

    cfg = dict(QUICK if args.quick else FULL)
    if args.runs:
        cfg.update(xlsx_runs=args.runs, csv_runs=args.runs, read_excel_runs=args.runs)
    files = generate.paths(cfg["xlsx_rows"], cfg["csv_rows"])
    kinds = [args.only] if args.only else ["xlsx", "csv"]
    data = {"version": generate.DATA_VERSION}
    for kind in kinds:
        data[kind] = generate.ensure(kind, cfg[f"{kind}_rows"], files[kind], force=args.regenerate)
        files[kind].read_bytes()  # warm the page cache so the first timed run is not a cold disk read
    for kind in ("xlsx", "csv"):
        data.setdefault(kind, {"rows": cfg[f"{kind}_rows"], "bytes": 0})

    root = args.cxlens_root.resolve() if args.cxlens_root else None
    if root is not None and not (root / "cxlens" / "__init__.py").exists():
        parser.error(f"{root} holds no cxlens package")
    load_start = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    plan = [p for p in _plan(cfg) if p[0] in kinds]
    runs: dict[tuple[str, str], list[dict]] = {(k, c): [] for k, c, _ in plan}
    print(f"Benchmarking ({'quick' if args.quick else 'full'}): "
          + ", ".join(f"{k}/{c} x{n}" for k, c, n in plan), flush=True)
    for i in range(max(n for _, _, n in plan)):
        for kind, case, n in plan:  # interleaved: one run of each reader per round
            if i >= n:
                continue
            r = _run_worker(case, files[kind], root)
            runs[(kind, case)].append(r)
            if "error" in r:
                print(f"  {kind:4} {case:14} run {i + 1}/{n}: ERROR {r['error']}", flush=True)
            else:
                print(f"  {kind:4} {case:14} run {i + 1}/{n}: {r['seconds']:7.2f} s  peak RSS Δ "
                      f"{r['peak_delta'] / 1e6:6.0f} MB{' (lower bound)' if r.get('peak_is_lower_bound') else ''}  "
                      f"frame {r['frame_bytes'] / 1e6:5.0f} MB  {r['rows']:,} rows", flush=True)

    summary: dict[str, dict] = {}
    for (kind, case), rs in runs.items():
        summary.setdefault(kind, {})[case] = _summarise(rs)
    for kind in kinds:
        load = summary[kind].get("cxlens.load", {})
        if load.get("rows") is not None and load["rows"] != cfg[f"{kind}_rows"]:
            print(f"WARNING: cxlens.load returned {load['rows']:,} rows of {cfg[f'{kind}_rows']:,} ({kind})")

    load_end = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    busy = any(v is not None and v > 0.5 * (os.cpu_count() or 1) for v in (load_start, load_end))
    notes = []
    x_load, x_raw = (summary.get("xlsx", {}).get(c) or {} for c in ("cxlens.load", "fastexcel"))
    if x_load.get("runs") and x_raw.get("runs"):
        notes.append(f"XLSX peak memory beyond the raw fastexcel read: "
                     f"{(x_load['peak_delta_max'] - x_raw['peak_delta_max']) / 1e6:+,.0f} MB "
                     f"(the raw read alone peaks at {x_raw['peak_over_frame']:.1f}x its frame).")
    c_load, c_bytes = (summary.get("csv", {}).get(c) or {} for c in ("cxlens.load", "pd.read_csv bytes"))
    if c_load.get("runs") and c_bytes.get("runs"):
        notes.append(f"For reference (not a target): CSV cxlens.load / one-thread pd.read_csv of the same bytes = "
                     f"{c_load['median_s'] / c_bytes['median_s']:.2f}x by median wall time, "
                     f"{c_load['median_cpu_s'] / c_bytes['median_cpu_s']:.2f}x by CPU time.")
    c_ragged = summary.get("csv", {}).get("cxlens.load ragged") or {}
    if c_load.get("runs") and c_ragged.get("runs"):
        notes.append(f"CSV with 2 over-wide lines (extra values kept in extra columns, {c_ragged.get('problem_rows', 0)} "
                     f"lines reported): {c_ragged['median_s'] / c_load['median_s']:.2f}x the regular load's time, "
                     f"peak {c_ragged['peak_delta_max'] / 1e6:,.0f} MB.")
    stamp = datetime.now(timezone.utc)
    result = {
        "timestamp": stamp.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "quick": args.quick,
        "config": cfg,
        "machine": _machine(),
        "load_average": {"start": load_start, "end": load_end, "busy": busy},
        "notes": notes,
        "code": _code_version(root or ROOT),
        "data": data,
        "memory_method": "peak RSS delta: /proc/self/status VmHWM (ru_maxrss off Linux) after the call minus "
                         "/proc/self/statm RSS just before it, one fresh subprocess per run",
        "summary": summary,
        "runs": {f"{k}/{c}": rs for (k, c), rs in runs.items()},
    }
    result["targets"] = _targets(summary)
    md = markdown(result)

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    name = f"bench-{stamp.strftime('%Y%m%dT%H%M%SZ')}{'-quick' if args.quick else ''}"
    latest = "latest-quick" if args.quick else "latest"  # a smoke test never replaces the latest full run
    for target in (RESULTS_DIR / f"{name}.json", RESULTS_DIR / f"{latest}.json"):
        target.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    for target in (RESULTS_DIR / f"{name}.md", RESULTS_DIR / f"{latest}.md"):
        target.write_text(f"# CX Lens loading benchmark\n\n{md}", encoding="utf-8")
    print()
    print(md)
    if busy:
        print("WARNING: the machine was busy (load average above half the cores); re-run when it is idle.")
    print(f"Results: {RESULTS_DIR / name}.json / .md")

    if args.profile:
        for kind, out in profile({k: files[k] for k in kinds}, RESULTS_DIR, cxlens_root=root).items():
            print(f"Profile of cxlens.load ({kind}): {out}")
    if args.update_docs:
        if args.quick or args.only or args.runs or root is not None:
            print("docs/performance.md not updated: only full, default runs go into the docs")
        elif _update_docs(md):
            print(f"Updated {DOCS_PAGE.relative_to(ROOT)}")
        else:
            print(f"{DOCS_PAGE.relative_to(ROOT)} has no {DOCS_START} block; not updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
