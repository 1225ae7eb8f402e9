"""Time load_plan → read_logs → compute_metrics on the 1M-row project, one fresh process a run.

Usage: python bench/bench_metrics.py [--runs 5] [--project bench/data/big] [--profile STAGE]

Each run is a new interpreter, so it pays the imports and the first call of every stage;
the import time is reported on its own. Peak memory is the child's ru_maxrss. The goal
(STYLE: timing goals live in bench/, never in a test): 1,000,000 rows read and every
metric computed in under 3 s, peak under 1 GB, on a 2-core machine.

--profile read|metrics|plan runs one more child under cProfile and prints its top functions
by cumulative time (pyinstrument is used instead when installed and --pyinstrument is given).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STAGES = ("import", "plan", "read", "metrics")
GOAL_SECONDS = 3.0
GOAL_MB = 1024

# The child: imports, then the three stages, each timed; prints one JSON line.
CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from pathlib import Path
from battlemap.plan import load_plan
from battlemap.logs import read_logs
from battlemap.metrics import compute_metrics
t1 = time.perf_counter()
project = Path(sys.argv[1])
plan = load_plan(project)
t2 = time.perf_counter()
logs = read_logs(project, plan)
t3 = time.perf_counter()
metrics = compute_metrics(plan, logs)
t4 = time.perf_counter()
json.dumps(metrics)  # the figures must be JSON-ready; not timed
print(json.dumps({
    "import": t1 - t0, "plan": t2 - t1, "read": t3 - t2, "metrics": t4 - t3,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rows": len(logs.rows), "merged": logs.merged_rows, "as_of": metrics["meta"]["as_of"],
}))
"""

PROFILE = r"""
import cProfile, pstats, sys
from pathlib import Path
from battlemap.plan import load_plan
from battlemap.logs import read_logs
from battlemap.metrics import compute_metrics
project, stage, top = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
plan = load_plan(project)
logs = read_logs(project, plan) if stage != "plan" else None
call = {"plan": lambda: load_plan(project), "read": lambda: read_logs(project, plan),
        "metrics": lambda: compute_metrics(plan, logs)}[stage]
if sys.argv[4] == "pyinstrument":
    from pyinstrument import Profiler
    with Profiler() as profiler:
        call()
    print(profiler.output_text(unicode=True, color=False, short_mode=False))
else:
    profile = cProfile.Profile()
    profile.runcall(call)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(top)
    pstats.Stats(profile).sort_stats("tottime").print_stats(top)
"""


def child_env() -> dict[str, str]:
    """Return the environment of a child: the repository importable, nothing else changed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def run_once(project: Path) -> dict:
    """Run the three stages in a fresh interpreter and return its timings."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(project)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the benchmark child failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["total"] = result["plan"] + result["read"] + result["metrics"]
    result["wall"] = result["total"] + result["import"]
    return result


def ensure_data(project: Path) -> None:
    """Generate the big project when its log file is missing."""
    if (project / "logs" / "big.csv").is_file() and (project / "content" / "plan.md").is_file():
        return
    sys.path.insert(0, str(HERE))
    from make_big_logs import write_project

    print(f"generating {project} ...", flush=True)
    shape = write_project(project)
    print(f"  {shape['rows']:,} rows, {shape['megabytes']} MB, {shape['customers']:,} customers")


def report(runs: list[dict], project: Path) -> None:
    """Print one line per run, the median and min per stage, and the verdict."""
    columns = (*STAGES, "total", "wall", "peak_mb")
    print(f"{'run':>6}" + "".join(f"{c:>10}" for c in columns))
    for i, r in enumerate(runs, 1):
        print(
            f"{i:>6}"
            + "".join(f"{r[c]:>10.3f}" if c != "peak_mb" else f"{r[c]:>10.0f}" for c in columns)
        )
    for name, agg in (("median", statistics.median), ("min", min), ("max", max)):
        values = [agg(r[c] for r in runs) for c in columns]
        print(
            f"{name:>6}"
            + "".join(
                f"{v:>10.3f}" if c != "peak_mb" else f"{v:>10.0f}"
                for v, c in zip(values, columns, strict=True)
            )
        )
    size = (project / "logs" / "big.csv").stat().st_size / 1e6
    print(
        f"\ndata: {runs[0]['rows']:,} rows kept ({runs[0]['merged']} merged), {size:.1f} MB, "
        f"as_of {runs[0]['as_of']}"
    )
    print("stages in seconds; total = plan + read + metrics; wall = total + import; peak in MB")
    med = {c: statistics.median(r[c] for r in runs) for c in columns}
    peak = max(r["peak_mb"] for r in runs)
    verdict = "meets" if med["total"] < GOAL_SECONDS and peak < GOAL_MB else "misses"
    print(
        f"median total {med['total']:.2f} s (read {med['read']:.2f} s, metrics "
        f"{med['metrics']:.2f} s, plan {med['plan']:.2f} s; import {med['import']:.2f} s), "
        f"min total {min(r['total'] for r in runs):.2f} s, peak {peak:.0f} MB over {len(runs)} "
        f"runs — {verdict} the goal of < {GOAL_SECONDS:g} s and < {GOAL_MB} MB"
    )


def profile(project: Path, stage: str, top: int, tool: str) -> None:
    """Profile one stage in a fresh interpreter (after the stages it needs)."""
    subprocess.run(
        [sys.executable, "-c", PROFILE, str(project), stage, str(top), tool],
        env=child_env(),
        cwd=REPO,
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, default=HERE / "data" / "big")
    parser.add_argument("--profile", choices=("plan", "read", "metrics"))
    parser.add_argument("--pyinstrument", action="store_true", help="profile with pyinstrument")
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    ensure_data(project)
    if args.profile:
        tool = "pyinstrument" if args.pyinstrument else "cprofile"
        profile(project, args.profile, args.top, tool)
        return 0
    runs = []
    for i in range(args.runs):
        runs.append(run_once(project))
        print(f"run {i + 1}/{args.runs}: total {runs[-1]['total']:.2f} s", file=sys.stderr)
    report(runs, project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
