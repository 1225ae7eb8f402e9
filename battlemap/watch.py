"""Watch the project's inputs and yield once each burst of saves has settled."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

WATCHED = ("content", "logs", "themes")
SETTLE = 0.05  # seconds of quiet after the last event: editors save in a burst of a few ms
_CHANGES = {"created", "modified", "deleted", "moved"}  # not opened / closed: our own reads
_SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".bak", ".part", ".crdownload")


def is_scratch(path: str) -> bool:
    """Tell an editor's backup, lock or swap file from a real input."""
    name = Path(path).name
    return (
        name.startswith((".#", "~$", ".~lock"))
        or (name.startswith("#") and name.endswith("#"))
        or name.endswith(_SCRATCH_SUFFIXES)
        or name == "4913"  # vim's probe of whether it may write in the folder
    )


class _Collector(FileSystemEventHandler):
    def __init__(self, events: queue.Queue[str]) -> None:
        self.events = events

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's mtime moves with every file saved in it
        path = str(getattr(event, "dest_path", "") or event.src_path)
        if not (is_scratch(path) and is_scratch(str(event.src_path))):
            self.events.put(path)


def watch(project: Path, poll: bool = False, stop=None) -> Iterator[list[str]]:
    """Yield the changed paths of each burst of saves, once it has settled."""
    events: queue.Queue[str] = queue.Queue()
    observer = PollingObserver(timeout=0.25) if poll else Observer()
    collector = _Collector(events)
    for name in WATCHED:
        folder = project / name
        if folder.is_dir():
            observer.schedule(collector, str(folder), recursive=True)
    observer.schedule(collector, str(project), recursive=False)  # a folder created later
    observer.start()
    try:
        while stop is None or not stop.is_set():
            try:
                first = events.get(timeout=0.2)
            except queue.Empty:
                continue
            changed = {first}
            deadline = time.monotonic() + SETTLE
            while (left := deadline - time.monotonic()) > 0:
                try:
                    changed.add(events.get(timeout=left))
                    deadline = time.monotonic() + SETTLE
                except queue.Empty:
                    break
            relevant = sorted(p for p in changed if _is_input(project, p))
            if relevant:
                yield relevant
    finally:
        observer.stop()
        observer.join(timeout=2)


def _is_input(project: Path, path: str) -> bool:
    try:
        parts = Path(path).resolve().relative_to(project.resolve()).parts
    except ValueError:
        return False
    return bool(parts) and parts[0] in WATCHED
