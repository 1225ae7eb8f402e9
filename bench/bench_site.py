"""Time `python build.py` on the sample project from scratch, each chart, and each page kind.

Usage: python bench/bench_site.py [--runs 5]

Each run copies the sample project (content/, logs/) to a fresh folder with no site/ and
runs `python build.py --project COPY` in a new process, timing the wall clock (start-up
included). Two cache states are measured, since compiled templates are cached under
$XDG_CACHE_HOME/battlemap (charts are drawn in every build; nothing of them is cached on disk):

- cold: an empty cache folder (a new user's first build on a machine),
- warm: the cache left by a previous build.

Then the sample's charts are drawn one by one (median of 20 draws each; the figure is the
median over the charts), and one in-process build is profiled per page kind (template
render + context). The goal (issue 10): the first build on a fresh machine within 2.5 s wall.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the in-process parts time this checkout, as build.py does
GOAL_SECONDS = 2.5


def fresh_project(root: Path) -> Path:
    """Copy the sample project into root/project, with no site/."""
    project = root / "project"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "logs", project / "logs")
    return project


def timed_build(project: Path, cache: Path) -> float:
    env = {"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin"} | _python_env()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--project", str(project)],
        check=True,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - started


def _python_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k.startswith(("PYTHON", "HOME", "LANG"))}


def wall_times(runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for _ in range(runs):
            cache = root / "cache"
            shutil.rmtree(cache, ignore_errors=True)
            times["cold"].append(timed_build(fresh_project(root), cache))
            times["warm"].append(timed_build(fresh_project(root), cache))
    return times


def chart_costs() -> list[tuple[str, float]]:
    """Return (kind, seconds) of drawing each chart of the sample: median of 20 draws each."""
    from battlemap import charts
    from battlemap.build import Options, build_site
    from battlemap.svg_charts import draw

    calls = []
    original = charts.ChartRenderer.render

    def render(self, kind, title, *args):
        calls.append((kind, title, args))
        return original(self, kind, title, *args)

    with tempfile.TemporaryDirectory() as tmp:
        charts.ChartRenderer.render = render
        try:
            build_site(Options(fresh_project(Path(tmp))))
        finally:
            charts.ChartRenderer.render = original
    out = []
    for kind, title, args in calls:
        times = []
        for _ in range(20):
            started = time.perf_counter()
            draw(kind, title, *args)
            times.append(time.perf_counter() - started)
        out.append((kind, statistics.median(times)))
    return out


def page_costs() -> dict[str, tuple[int, float]]:
    """Return, per template, how many pages and the total seconds of rendering them."""
    import jinja2

    from battlemap.build import Options, build_site

    costs: dict[str, list[float]] = {}
    original = jinja2.Template.render

    def render(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            costs.setdefault(self.name or "?", []).append(time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as tmp:
        project = fresh_project(Path(tmp))
        build_site(Options(project))  # compile the templates
        costs.clear()
        jinja2.Template.render = render
        try:
            started = time.perf_counter()
            build_site(Options(project))
            total = time.perf_counter() - started
        finally:
            jinja2.Template.render = original
    out = {name: (len(v), sum(v)) for name, v in sorted(costs.items())}
    out["(whole in-process build)"] = (1, total)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = wall_times(args.runs)
    for state, values in times.items():
        print(
            f"{state}: "
            + ", ".join(f"{v:.2f}" for v in values)
            + f" s; median {statistics.median(values):.2f} s"
        )
    drawn = chart_costs()
    print(
        f"\ncharts: {len(drawn)} drawn, median {statistics.median(t for _, t in drawn) * 1000:.2f}"
        f" ms each (max {max(t for _, t in drawn) * 1000:.2f} ms)"
    )
    print("\nper page kind (warm cache, in-process):")
    for name, (count, seconds) in page_costs().items():
        print(
            f"  {name:28} {count:3} pages  {seconds * 1000:7.1f} ms"
            f"  ({seconds / count * 1000:.1f} ms each)"
        )
    warm = statistics.median(times["warm"])
    print(
        f"\nmedian wall: cold (first build) {statistics.median(times['cold']):.2f} s, warm"
        f" {warm:.2f} s over {args.runs} runs — goal ≤ {GOAL_SECONDS} s for the first"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
