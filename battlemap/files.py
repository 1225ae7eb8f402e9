"""Read input files: regular files only, within a size bound, never blocking on a pipe."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from battlemap.messages import Message, Problem, msg


class SpecialFile(Exception):
    """A folder, pipe, socket or device where a regular file belongs."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # folder, pipe, socket or device

    @property
    def why(self) -> Message:
        return msg(f"special_{self.kind}")

    def message(self, path: str) -> Problem:
        return Problem(path, 0, "", "", self.why)


class FileTooLarge(Exception):
    """A file over the size bound of its kind."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(size, limit)
        self.size, self.limit = size, limit

    def message(self, path: str) -> Problem:
        return Problem(path, 0, "", "", msg("file_too_large", size=self.size, limit=self.limit))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def shown_path(path: Path, root: Path) -> str:
    """Return a path below root as messages and pages show it; bytes of a file name that are
    not UTF-8 are shown as U+FFFD (such a name cannot be written in a page)."""
    rel = path.relative_to(root).as_posix()
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def special_kind(path: Path) -> str | None:
    """Return what a path is when it is not a regular file (or a link to one), without opening
    it; None for a regular file or a path that cannot be looked at."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else _kind(mode)


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """Return a regular file's bytes; raise SpecialFile, FileTooLarge or OSError.

    The file is opened without blocking, so a named pipe put where a file belongs is
    refused at once instead of waiting forever for a writer.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SpecialFile(_kind(mode))
        size = os.fstat(fd).st_size
        if limit is not None and size > limit:
            raise FileTooLarge(size, limit)
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read() if limit is None else f.read(limit + 1)
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:  # it grew while read
        raise FileTooLarge(len(data), limit)
    return data
