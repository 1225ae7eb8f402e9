"""Watch the project's inputs and yield once each burst of saves has settled."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

WATCHED = ("content", "logs", "themes")
SETTLE = 0.015  # seconds of quiet after the last event: editors save in a burst of a few ms
# ... and after an input file closed once written: its writer is done with it, and what an
# editor does next (delete its backup, set the time) follows within a millisecond
CLOSED_SETTLE = 0.003
# while a changed input is missing, wait this long for it to come back: vim and Excel move
# the file away and write it anew, and on a busy machine the two steps can be 25 ms apart
GONE_SETTLE = 0.3
# closed: after writing; not opened, nor closed without writing: a rebuild's own reads
_CHANGES = {"created", "modified", "deleted", "moved", "closed"}
# asked of inotify itself: a rebuild's own reads (opened, closed) then wake no thread of ours
_FILTER = [
    *(FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent),
    *(DirCreatedEvent, DirModifiedEvent, DirDeletedEvent, DirMovedEvent),
]
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


def quiet_after(path: str, closed: bool) -> float:
    """Return how long a burst of saves waits for more after this event of it.

    A file closed once written, named as an input is (with a suffix, not an editor's scratch
    file nor one of the suffixless names Excel writes through before it swaps them in), is
    saved: only what follows at once belongs to its save.
    """
    return CLOSED_SETTLE if closed and _named_as_input(path) else SETTLE


def _named_as_input(path: str) -> bool:
    """Tell a name an input may have: with a suffix, not an editor's scratch file (Excel
    writes through suffixless temporary names before it swaps them in)."""
    return bool(Path(path).suffix) and not is_scratch(path)


class _Collector(FileSystemEventHandler):
    def __init__(self, events: queue.Queue[tuple[str, bool]]) -> None:
        self.events = events  # (path, closed once written)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's mtime moves with every file saved in it
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        closed = event.event_type == "closed"
        if not all(is_scratch(p) for p in paths if p):
            for path in paths:
                if path:
                    self.events.put((path, closed))


class Watcher:
    """Watches content/, logs/ and themes/ from the moment it is made, also once re-created."""

    def __init__(self, project: Path, poll: bool = False) -> None:
        self.project = project.resolve()
        self.events: queue.Queue[tuple[str, bool]] = queue.Queue()
        self.observer = PollingObserver(timeout=0.25) if poll else Observer()
        self._collector = _Collector(self.events)
        self._watches: dict[str, ObservedWatch] = {}
        for name in WATCHED:
            self._watch(name)
        # the project folder itself, to see an input folder created or replaced later
        self.observer.schedule(
            self._collector, str(self.project), recursive=False, event_filter=_FILTER
        )
        self.observer.start()

    def _watch(self, name: str) -> None:
        """(Re)start watching one input folder, e.g. after it was deleted and created again."""
        old = self._watches.pop(name, None)
        if old is not None:
            try:
                self.observer.unschedule(old)
            except (KeyError, OSError):
                pass
        folder = self.project / name
        if folder.is_dir():
            self._watches[name] = self.observer.schedule(
                self._collector, str(folder), recursive=True, event_filter=_FILTER
            )

    def changes(self, stop: threading.Event | None = None) -> Iterator[list[str]]:
        """Yield the changed input paths of each burst of saves, once it has settled."""
        while stop is None or not stop.is_set():
            try:
                first = self.events.get(timeout=0.2)
            except queue.Empty:
                continue
            inputs = {p: self._input_parts(p) for p in self._burst(*first)}
            for parts in inputs.values():
                if len(parts) == 1:  # an input folder itself appeared, went or was replaced
                    self._watch(parts[0])
            relevant = sorted(p for p, parts in inputs.items() if parts)
            if relevant:
                yield relevant

    def _burst(self, first: str, closed: bool) -> set[str]:
        """Collect the paths of one burst of saves, starting with its first event."""
        changed = {first}
        self._settle(changed, quiet_after(first, closed))
        gone_until = time.monotonic() + GONE_SETTLE
        while self._missing(changed) and (left := gone_until - time.monotonic()) > 0:
            try:  # mid-save, most likely: wait for the file to come back
                path, closed = self.events.get(timeout=left)
            except queue.Empty:
                break
            changed.add(path)
            self._settle(changed, quiet_after(path, closed))
        return changed

    def _settle(self, changed: set[str], quiet: float) -> None:
        """Add events to `changed` until none has come for `quiet` seconds (`quiet_after` the
        last one)."""
        deadline = time.monotonic() + quiet
        while (left := deadline - time.monotonic()) > 0:
            try:
                path, closed = self.events.get(timeout=left)
            except queue.Empty:
                break
            changed.add(path)
            deadline = time.monotonic() + quiet_after(path, closed)

    def _missing(self, changed: set[str]) -> bool:
        """Whether an input file that changed is not there now (moved away or deleted).

        Only names that look like inputs count: not scratch files, and not the suffixless
        temporary names Excel saves through.
        """
        return any(
            len(self._input_parts(p)) > 1 and _named_as_input(p) and not Path(p).exists()
            for p in changed
        )

    def close(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=2)

    def _input_parts(self, path: str) -> tuple[str, ...]:
        """Return the path's parts below the project if it is an input, else ()."""
        try:
            parts = Path(path).relative_to(self.project).parts
        except ValueError:
            try:
                parts = Path(path).resolve().relative_to(self.project).parts
            except (ValueError, OSError):
                return ()
        return parts if parts and parts[0] in WATCHED else ()
