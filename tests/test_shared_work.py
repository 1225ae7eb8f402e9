"""A one-off build's pages shared out between this process and forked copies of it (issue 10):
the tasks really run in two processes, the site is the same bytes as with `--workers 1`, and a
failing or dying copy loses nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from battlemap import shared_work
from battlemap.shared_work import run_shared

REPO = Path(__file__).resolve().parents[1]
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is shared on Linux")


def _task(i: int):
    def run() -> dict[str, bytes]:
        time.sleep(0.05)  # long enough that the forked copy has started and takes some
        return {f"page{i}.html": f"{i} {os.getpid()}".encode()}

    return run


def _pids(results) -> list[int]:
    return [int(content.split()[1]) for files in results for content in files.values()]


@pytest.fixture
def alone(monkeypatch):
    """This test's process as a one-off build's: no other thread (a test may have left one)."""
    monkeypatch.setattr(shared_work.threading, "active_count", lambda: 1)


@LINUX
def test_tasks_are_shared_by_two_processes_and_come_back_in_order(alone):
    results = run_shared([_task(i) for i in range(8)], 2)
    assert [list(files) for files in results] == [[f"page{i}.html"] for i in range(8)]
    assert [int(c.split()[0]) for files in results for c in files.values()] == list(range(8))
    pids = _pids(results)
    assert os.getpid() in pids and len(set(pids)) == 2  # this process and one copy


def _here_only(i: int, in_a_copy):
    """Task i, which does `in_a_copy()` instead in any process but this one."""
    here = os.getpid()

    def run() -> dict[str, bytes]:
        if os.getpid() != here:
            in_a_copy()
        return _task(i)()

    return run


def _refuse() -> None:
    raise ValueError("only the parent can")


@LINUX
def test_a_task_failing_in_the_copy_is_run_again_here(alone):
    results = run_shared([_here_only(i, _refuse) for i in range(6)], 2)
    assert set(_pids(results)) == {os.getpid()} and len(results) == 6


@LINUX
def test_an_error_is_raised_here_as_without_sharing(alone):
    def broken() -> dict[str, bytes]:
        raise KeyError("no such page")

    tasks = [_task(0), _task(1), broken, _task(3)]
    with pytest.raises(KeyError, match="no such page"):
        run_shared(tasks, 2)


@LINUX
def test_a_copy_that_dies_loses_no_file(alone):
    def die() -> None:
        os._exit(3)  # killed, out of memory: it sends nothing back

    results = run_shared([_here_only(i, die) for i in range(6)], 2)
    assert [int(c.split()[0]) for files in results for c in files.values()] == list(range(6))


def test_a_process_running_threads_runs_its_tasks_itself():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        results = run_shared([_task(i) for i in range(4)], 2)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert set(_pids(results)) == {os.getpid()}


# a build in a fresh process (as `python build.py` is), every page's process written down
_BUILD = """
import os, sys
import battlemap.site as site
pages, log = site._page, sys.argv[1]
def page(*args):
    with open(log, "a") as f:
        f.write(f"{os.getpid()}\\n")
    return pages(*args)
site._page = page
from battlemap.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _build(root: Path, workers: str, log: Path) -> dict[str, bytes]:
    shutil.rmtree(root / "site", ignore_errors=True)
    args = ["--project", str(root), "--as-of", "2026-06-30", "--workers", workers]
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_BUILD), str(log), *args],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@LINUX
def test_a_one_agent_site_made_by_two_processes_is_the_same_bytes(tmp_path):
    root = tmp_path / "sample"
    for name in ("content", "logs"):
        shutil.copytree(REPO / name, root / name)
    one = _build(root, "1", tmp_path / "one.log")
    two = _build(root, "2", tmp_path / "two.log")
    assert "prospects.html" in two and "actions.ics" in two and "data/actions.json" in two
    assert two == one
    assert len(set((tmp_path / "one.log").read_text().split())) == 1
    assert len(set((tmp_path / "two.log").read_text().split())) == 2  # pages made by both


@LINUX
def test_a_broken_template_is_told_alike_whichever_process_renders_it(tmp_path):
    root = tmp_path / "sample"
    for name in ("content", "logs"):
        shutil.copytree(REPO / name, root / name)
    theme = root / "themes" / "broken" / "templates"
    theme.mkdir(parents=True)
    broken = '{% extends "base.html" %}{% block content %}{{ nothing.at.all }}{% endblock %}'
    (theme / "prospects.html").write_text(broken)
    told = []
    for workers in ("1", "2"):
        args = ["--project", str(root), "--theme", "broken", "--workers", workers]
        run = subprocess.run(
            [sys.executable, "build.py", *args],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert run.returncode == 1 and "Traceback" not in run.stderr
        told.append(run.stderr)
    assert told[0] == told[1] and "prospects.html" in told[0]
    assert not (root / "site").exists()


@LINUX
@pytest.mark.parametrize("failing", ["Value", "start"])
def test_no_shared_memory_or_no_process_to_be_had_makes_every_file_here(
    alone, monkeypatch, failing
):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "Value":
        context = shared_work.multiprocessing.get_context("fork")
        monkeypatch.setattr(type(context), "Value", refuse)
    else:
        monkeypatch.setattr(shared_work.multiprocessing.context.ForkProcess, "start", refuse)
    results = run_shared([_task(i) for i in range(4)], 2)
    assert [int(c.split()[0]) for files in results for c in files.values()] == list(range(4))
    assert set(_pids(results)) == {os.getpid()}
