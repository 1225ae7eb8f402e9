"""Time a 200-agent team project (1,000,000 rows): cold, unchanged, one agent changed, on Dask.

Usage: python bench/bench_team.py [--runs 3] [--rows 1000000] [--serve-saves 5] [--no-dask]
                                  [--no-single] [--serve-only]

The project is written once by bench/make_big_team.py under bench/data/team (git-ignored;
deterministic, so every machine measures the same data). Every build is `python build.py
--project DIR` in a fresh process, its wall clock timed and its peak memory taken as the
largest sum of proportional memory (PSS) over the build's processes (itself, its workers and
its forked copies), sampled every 0.1 s from the build's own /proc entries:

Each build starts after `os.sync()`, so that it does not wait on the disk still writing what
the run before wrote or deleted (16,679 files: 1 to 12 s on this machine otherwise).

- cold: no site/ and an empty $XDG_CACHE_HOME (a new machine's first build);
- unchanged: the same again with nothing changed since the build before;
- one agent changed: a row appended to one agent's export, then a build;
- serve: `build.py serve` on the project, a row appended to one agent's export, the time
  until that agent's metrics.json is served with it (fetched once the server's event stream
  says it rebuilt, as an open page's live.js does, then every 10 ms);
- dask: cold and unchanged with `--scheduler` on a local cluster of 2 worker processes
  (`dask scheduler` and `dask worker` started here on 127.0.0.1, as a branch starts them).

Then, unless --no-single, the one-agent figures of the same issue: the sample site's first
build on a fresh machine (empty cache, no site/), the 1,000,000-row one-agent project of
bench/make_big_logs.py built cold, and `serve` on the sample: a log row appended and a note
edited, 20 saves each, until served over HTTP (bench/bench_serve.py's measures: fetched once
the event stream says it rebuilt; the log row also polled every 2 ms, for comparison).

Medians of --runs runs; the issue's targets are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_serve  # noqa: E402  (bench/bench_serve.py)
import make_big_logs  # noqa: E402  (bench/make_big_logs.py)
import make_big_team  # noqa: E402  (bench/make_big_team.py)

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data"
TARGETS = {"cold": 60.0, "unchanged": 10.0, "agent": None, "serve": 2.0, "memory": 4.0}
AGENT_LOG = "logs/a007.csv"
AGENT_JSON = "agents/a007/data/metrics.json"


def project_of(rows: int) -> Path:
    """Return the team project, written once per number of rows."""
    project = DATA / ("team" if rows == 1_000_000 else f"team-{rows}")
    marker = project / ".complete"
    if not marker.exists():
        shutil.rmtree(project, ignore_errors=True)
        print(f"writing {project} ...", flush=True)
        make_big_team.write_team(project, rows)
        marker.write_text("ok\n")
    return project


def tree_memory(pid: int) -> int:
    """Return the proportional set size (PSS) of a process and all its descendants.

    PSS, not RSS: a page a forked copy shares with its parent (a one-agent build shares its
    pages out that way) is counted once between them, not once in each, as RSS would.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _pss(p)
        todo += children.get(p, [])
    return total


def _pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = next((line for line in rollup.splitlines() if line.startswith("Pss:")), "")
    return int(found.split()[1]) * 1024 if found else 0


def timed(args: list[str], cache: Path) -> tuple[float, float]:
    """Run build.py with args; return (wall seconds, peak GB over its process tree)."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    os.sync()  # the disk has written what the run before wrote or deleted: not this one's cost
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_memory(proc.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build.py {' '.join(args)} failed:\n{proc.stderr.read()[-2000:]}")
    return seconds, peak / 1e9


def append_row(project: Path, n: int) -> None:
    with (project / AGENT_LOG).open("a", encoding="utf-8") as f:
        agent = (project / AGENT_LOG).read_text("utf-8").splitlines()[1].split(",")[9]
        f.write(f"2026-11-{1 + n % 19:02d},policy,基准{n},{1000 + n},health,offline,,,,{agent},\n")


def builds(project: Path, runs: int, extra: list[str]) -> dict[str, list[tuple[float, float]]]:
    """Time cold, unchanged and one-agent-changed builds."""
    out: dict[str, list[tuple[float, float]]] = {"cold": [], "unchanged": [], "agent": []}
    args = ["--project", str(project), *extra]
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            shutil.rmtree(project / "site", ignore_errors=True)
            cache = Path(tmp) / f"cache-{run}"
            out["cold"].append(timed(args, cache))
            out["unchanged"].append(timed(args, cache))
            append_row(project, run)
            out["agent"].append(timed(args, cache))
    return out


def serve_saves(project: Path, saves: int) -> list[float]:
    """Append a row to one agent's export while serving; time until it is served."""
    proc = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--project", str(project), "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
    try:
        url = _wait(lambda: next((w for x in lines for w in x.split() if "http://" in w), ""), 600)
        url = url.rstrip("/") + "/"
        time.sleep(2)
        events = bench_serve.Events(url)
        times = []
        for n in range(saves):
            before = _policies(url)
            start = time.perf_counter()
            append_row(project, 100 + n)
            events.wait_after(start)
            _wait(lambda b=before: (_policies(url) or b) > b, 60, every=0.01)
            times.append(time.perf_counter() - start)
            time.sleep(1)
        events.close()
        return times
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _policies(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url + AGENT_JSON, timeout=5) as response:
            return json.loads(response.read())["year"]["policies"]
    except (OSError, ValueError, KeyError):
        return None


def _wait(check, timeout: float, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(every)
    raise SystemExit(f"timed out after {timeout} s")


class DaskCluster:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.procs = [
            subprocess.Popen(
                [*dask, "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
                **quiet,
            )
        ]
        worker = [sys.executable, "-m", "distributed.cli.dask_worker", self.address]
        for _ in range(2):
            self.procs.append(
                subprocess.Popen(
                    [*worker, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1"],
                    cwd=REPO,
                    **quiet,
                )
            )
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def report(name: str, runs: list[tuple[float, float]], target: float | None) -> None:
    seconds = statistics.median(s for s, _ in runs)
    memory = max(m for _, m in runs)
    every = ", ".join(f"{s:.1f}" for s, _ in runs)
    goal = f"target ≤ {target:g} s" if target else "no target: the issue's is serve's"
    print(f"  {name:<34} median {seconds:6.1f} s  ({goal}; runs {every}); peak {memory:.2f} GB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--serve-saves", type=int, default=5)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-single", action="store_true", help="skip the one-agent figures")
    parser.add_argument("--serve-only", action="store_true", help="only serve's saves")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:  # rows are appended to a copy, not the data
        project = Path(tmp) / "team"
        shutil.copytree(project_of(args.rows), project)
        return measure(project, args)


def measure(project: Path, args: argparse.Namespace) -> int:
    print(f"{args.rows:,} rows, 200 agents, {os.cpu_count()} cores")
    if not args.serve_only:
        local = builds(project, args.runs, [])
        report("cold build", local["cold"], TARGETS["cold"])
        report("unchanged", local["unchanged"], TARGETS["unchanged"])
        report("one agent's log changed (build)", local["agent"], TARGETS["agent"])
    if args.serve_saves:
        times = serve_saves(project, args.serve_saves)
        median = statistics.median(times)
        print(f"  {'one agent row -> served (serve)':<34} median {median:6.2f} s  (target ≤ 2 s;"
              f" runs {', '.join(f'{t:.2f}' for t in times)})")  # fmt: skip
    if not args.no_dask and not args.serve_only:
        cluster = DaskCluster()
        try:
            dask = builds(project, args.runs, ["--scheduler", cluster.address])
        finally:
            cluster.stop()
        report("cold build on Dask (2 workers)", dask["cold"], TARGETS["cold"])
        report("unchanged on Dask", dask["unchanged"], TARGETS["unchanged"])
        report("one agent changed on Dask", dask["agent"], TARGETS["agent"])
    if not args.no_single and not args.serve_only:
        single(args.runs)
    return 0


def single(runs: int) -> None:
    """Time the one-agent targets: the sample's first build, a 1M-row site, serve's saves."""
    print("one-agent projects")
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        for name in ("content", "logs"):
            shutil.copytree(REPO / name, sample / name)
        first = []
        for run in range(runs):
            shutil.rmtree(sample / "site", ignore_errors=True)
            first.append(timed(["--project", str(sample)], Path(tmp) / f"cache-s{run}"))
        report("sample, first build (fresh machine)", first, 2.5)
        big = DATA / "big"
        if not (big / "logs" / "big.csv").exists():
            print(f"writing {big} ...", flush=True)
            make_big_logs.write_project(big, 1_000_000, 20260101)
        cold = []
        for run in range(runs):
            shutil.rmtree(big / "site", ignore_errors=True)
            cold.append(timed(["--project", str(big)], Path(tmp) / f"cache-b{run}"))
        report("1M-row one-agent site, cold", cold, 8.0)
        server = bench_serve.Serve(sample)
        try:  # served: the new figure or note fetched once the event stream says so (live.js)
            events = bench_serve.Events(server.url)
            note = bench_serve.note_saves_http(server, sample, 20, events)
            rows, _ = bench_serve.log_saves(server, sample, 20, events)
            polled, _ = bench_serve.log_saves(server, sample, 20)
            events.close()
        finally:
            server.stop()
    bench_serve.summary("sample serve: log row -> served (target ≤ 150 ms median)", rows)
    bench_serve.summary("sample serve: note -> served (target ≤ 100 ms p95)", note)
    bench_serve.summary("sample serve: log row, metrics.json polled every 2 ms", polled)


if __name__ == "__main__":
    sys.exit(main())
