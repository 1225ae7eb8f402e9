"""A one-off build's pages made by this process and forked copies of it, each taking the next.

A 1M-row site spends most of its build rendering (actions.html and prospects.html list every
prospect, each review page its cases), one page at a time on one core. Forked processes
inherit everything read and computed, so nothing is pickled or read twice: every process
takes the next task no process took yet, and the forked ones send back the files they made.

Where fork is not safe or not there (Windows, macOS, a process running other threads) the
tasks run here, one after another; the files are the same bytes either way.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable
from typing import Any

Task = Callable[[], Any]  # makes files (a page's bytes, a dict of files) and changes nothing


def can_fork() -> bool:
    """Tell whether this process may fork copies of itself to share tasks.

    Linux only: macOS's system libraries are not safe to use after a fork, and Windows has
    none. A process with other Python threads (serve's watcher, a Dask client) keeps its
    tasks: a lock one of them held would stay locked in the copy.
    """
    return sys.platform.startswith("linux") and threading.active_count() == 1


def run_shared(tasks: list[Task], processes: int) -> list:
    """Return what each task made, in the tasks' order, made by up to `processes` processes.

    A task that fails is run again here, so that its error is raised as it would be without
    sharing; so is a task whose process died before sending its files back (tasks make files
    and change nothing else).
    """
    processes = min(processes, len(tasks))
    if processes < 2 or not can_fork():
        return [task() for task in tasks]
    context = multiprocessing.get_context("fork")
    try:
        taken = context.Value("q", 0)  # the next task's index, shared by every process
    except OSError:  # no shared memory for it (a container without /dev/shm): alone, then
        return [task() for task in tasks]
    sys.stdout.flush()  # a copy flushes what it inherited when it ends: nothing, then
    sys.stderr.flush()
    children = []
    for _ in range(processes - 1):
        mine, theirs = context.Pipe(duplex=False)
        child = context.Process(target=_copy, args=(tasks, taken, theirs), daemon=True)
        try:
            child.start()
        except OSError:  # no process to be had (a limit on processes, on memory)
            mine.close()
            break
        finally:
            theirs.close()
        children.append((child, mine))
    done: dict[int, Any] = {}
    try:
        _take(tasks, taken, done)
        for _, conn in children:
            done.update(_received(conn))
    except BaseException:  # a task failed here, or Ctrl-C: the copies' work is not wanted
        for child, _ in children:
            child.terminate()
        raise
    finally:
        for child, conn in children:
            child.join()
            conn.close()
    return [done[i] if i in done else tasks[i]() for i in range(len(tasks))]


def _take(tasks: list[Task], taken, done: dict[int, Any]) -> None:
    """Run the next task no process took, until none is left."""
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value = index + 1
        if index >= len(tasks):
            return
        done[index] = tasks[index]()


def _copy(tasks: list[Task], taken, conn) -> None:
    """A forked process: take tasks, then send back the files of those that succeeded."""
    done: dict[int, Any] = {}
    try:
        _take(tasks, taken, done)
    except KeyboardInterrupt:  # Ctrl-C reaches every process: the parent tells the user
        return
    except Exception:  # noqa: BLE001 - the parent runs the failed task again and raises
        pass
    conn.send(done)
    conn.close()


def _received(conn) -> dict[int, Any]:
    """Return what a forked process sent back; nothing if it died first."""
    try:
        return conn.recv()
    except (EOFError, OSError):
        return {}
