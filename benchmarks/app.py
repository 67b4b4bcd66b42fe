"""App-level benchmarks for issue #19 (``make bench-app``): the running Streamlit server, not the core.

Each ``benchmarks/app_<topic>.py`` module with a ``main(argv) -> dict`` function is one benchmark
(memory per session, reruns on large data, uploads, workshop latency). This runner calls them in
name order, or only those named: ``python -m benchmarks.app memory reruns``. Every benchmark reports
ratios measured in the same run against a floor (a minimal app or the sample data), plus the load
average at the time (``/proc/loadavg``), because absolute seconds on a shared 2-core machine vary.
Results go to ``benchmarks/results/app-<topic>-<timestamp>.json`` (not committed).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from datetime import datetime, timezone
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def topics() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(m.name[len("app_"):] for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("app_"))


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main(argv: list[str]) -> int:
    wanted = [a for a in argv if not a.startswith("-")] or topics()
    unknown = sorted(set(wanted) - set(topics()))
    if unknown:
        print(f"Unknown benchmark(s): {', '.join(unknown)}. Known: {', '.join(topics())}")
        return 2
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for topic in wanted:
        module = importlib.import_module(f"benchmarks.app_{topic}")
        print(f"== {topic} (load average {load_average()})", flush=True)
        result = module.main([a for a in argv if a.startswith("-")])
        result["load_average_after"] = load_average()
        (RESULTS_DIR / f"app-{topic}-{stamp}.json").write_text(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
