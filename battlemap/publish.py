"""Stage 5: write the site beside the old one and swap it in only when complete."""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

_SHARED_SIZE = 1 << 16  # one bytes object written to many paths is linked from its first
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def publish_site(site: Path, files: dict[str, bytes], previous: dict[str, bytes] | None = None):
    """Write every file into a fresh folder beside `site`, then swap it in atomically.

    Files identical to `previous` (what was published last) are hard-linked from the current
    site instead of written again: a rebuild costs what it changed.
    """
    site = site.absolute()
    _recover(site)
    fresh = site.with_name(f".site-new-{os.getpid()}")
    if fresh.exists():
        shutil.rmtree(fresh)
    previous = previous or {}
    folders: set[Path] = set()
    shared: dict[int, Path] = {}  # id of a large content -> where it was written (team sites)
    for rel, content in files.items():
        path = fresh / rel
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        if _link_unchanged(site / rel, path, previous.get(rel), content):
            continue
        if len(content) >= _SHARED_SIZE and id(content) in shared:
            try:
                os.link(shared[id(content)], path)
                continue
            except OSError:
                pass
        path.write_bytes(content)
        shared.setdefault(id(content), path)
    if site.is_dir() and _exchange(fresh, site):
        shutil.rmtree(fresh)  # after the exchange it holds the previous site
        return
    old = site.with_name(f".site-old-{os.getpid()}")
    if site.exists():
        os.replace(site, old)
    os.replace(fresh, site)
    shutil.rmtree(old, ignore_errors=True)


def _link_unchanged(old: Path, new: Path, before: bytes | None, content: bytes) -> bool:
    if before is None or (before is not content and before != content):
        return False
    try:
        os.link(old, new)
    except OSError:
        return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); return False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0


def _recover(site: Path) -> None:
    """Undo what an interrupted publish left: restore a moved-away site, drop half-written ones."""
    leftovers = sorted(site.parent.glob(".site-old-*"))
    if not site.exists() and leftovers:
        os.replace(leftovers[-1], site)
        leftovers = leftovers[:-1]
    for path in [*leftovers, *site.parent.glob(".site-new-*")]:
        if not _alive(path.name.rsplit("-", 1)[-1]):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: str) -> bool:
    """Tell whether the build that owns a leftover folder is still running."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return int(pid) != os.getpid()
