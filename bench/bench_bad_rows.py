"""Time reporting N bad rows against reading N good rows, one fresh process a run.

Usage: python bench/bench_bad_rows.py [--sizes 1000,3000,10000,30000,100000] [--runs 3]

For each N it writes two projects under bench/data/bad-rows/: N rows dated the US way
(`03/05/2026`, every one a bad date) and the same N rows dated `2026-03-05`. Each run is a
new interpreter that reads the plan and the logs (`read_logs`): for the bad project that
means finding, locating and formatting all N messages, which the CLI then prints; the time
is the median of the runs, the memory the child's peak (ru_maxrss, imports included). The
last column is `python build.py` on the bad project from start to exit 1, stderr written.
Goal (issue 8): reporting N bad rows costs about what reading N good rows costs — linear.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data" / "bad-rows"
PLAN = "---\nyear: 2026\n---\n# Plan\n"
HEADER = "date,type,customer,premium,product,channel,note\n"

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from pathlib import Path
from battlemap.errors import InputError
from battlemap.logs import read_logs
from battlemap.plan import load_plan
project = Path(sys.argv[1])
t1 = time.perf_counter()
plan = load_plan(project)
try:
    logs = read_logs(project, plan)
    messages = 0
except InputError as exc:
    text = "\n".join(f"error: {m}" for m in exc.messages)  # what the CLI prints
    messages = len(exc.messages)
t2 = time.perf_counter()
print(json.dumps({"seconds": t2 - t1, "messages": messages,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_project(root: Path, rows: int, us_dates: bool) -> Path:
    """Write a project of `rows` visits and policies, dated the US way or the ISO way."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "logs").mkdir(exist_ok=True)
    (root / "content" / "plan.md").write_text(PLAN, "utf-8")
    lines = [HEADER]
    for i in range(rows):
        month, day = i % 12 + 1, i % 28 + 1
        date = f"{month:02d}/{day:02d}/2026" if us_dates else f"2026-{month:02d}-{day:02d}"
        if i % 5:
            lines.append(f"{date},visit,客户{i % 5000},,,,第{i}次拜访\n")
        else:
            lines.append(f"{date},policy,客户{i % 5000},{1000 + i % 900},health,offline,\n")
    (root / "logs" / "export.csv").write_text("".join(lines), "utf-8")
    return root


def run_child(project: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(project)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_cli(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "build.py", "--project", str(project)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
    )
    return time.perf_counter() - started


def measure(rows: int, runs: int) -> dict:
    bad = write_project(DATA / f"bad-{rows}", rows, us_dates=True)
    good = write_project(DATA / f"good-{rows}", rows, us_dates=False)
    bad_runs = [run_child(bad) for _ in range(runs)]
    good_runs = [run_child(good) for _ in range(runs)]
    assert all(r["messages"] == rows for r in bad_runs), bad_runs
    assert all(r["messages"] == 0 for r in good_runs), good_runs
    return {
        "rows": rows,
        "bad_s": statistics.median(r["seconds"] for r in bad_runs),
        "bad_mb": max(r["peak_mb"] for r in bad_runs),
        "good_s": statistics.median(r["seconds"] for r in good_runs),
        "good_mb": max(r["peak_mb"] for r in good_runs),
        "cli_s": statistics.median(run_cli(bad) for _ in range(runs)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000,30000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| N rows | N bad: read + report | peak | N good: read | peak | ratio | build.py |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for rows in (int(s) for s in args.sizes.split(",")):
        m = measure(rows, args.runs)
        print(
            f"| {m['rows']:,} | {m['bad_s']:.2f} s | {m['bad_mb']:.0f} MB | {m['good_s']:.2f} s"
            f" | {m['good_mb']:.0f} MB | {m['bad_s'] / m['good_s']:.1f}× | {m['cli_s']:.2f} s |",
            flush=True,
        )


if __name__ == "__main__":
    main()
