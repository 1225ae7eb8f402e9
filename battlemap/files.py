"""Read input files: regular files only, within a size bound, never blocking on a pipe."""

from __future__ import annotations

import os
import stat
from pathlib import Path

NOT_REGULAR = "{kind}, not a regular file — Battlemap reads only regular files"
TOO_LARGE = "{path}: {size:,} bytes — larger than the {limit:,} bytes such a file may have"


class SpecialFile(Exception):
    """A folder, pipe, socket or device where a regular file belongs."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind

    @property
    def why(self) -> str:
        return NOT_REGULAR.format(kind=self.kind)

    def message(self, path: str) -> str:
        return f"{path}: {self.why}"


class FileTooLarge(Exception):
    """A file over the size bound of its kind."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(size, limit)
        self.size, self.limit = size, limit

    def message(self, path: str) -> str:
        return TOO_LARGE.format(path=path, size=self.size, limit=self.limit)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


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
