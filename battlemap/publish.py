"""Stage 5: write the site beside the old one and swap it in only when complete.

`site/` may be a symbolic link (to a folder on the intranet share, say): the new site is
then written beside the link's target and swapped in there, so the share gets it in one
step, and the link stays as it is.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

from battlemap.errors import BattlemapError
from battlemap.messages import msg, reason

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class PublishError(BattlemapError):
    """The new site could not be written; the old one is as it was."""


def publish_site(site: Path, files: dict[str, bytes], previous: dict[str, bytes] | None = None):
    """Write every file into a fresh folder beside `site`, then swap it in atomically.

    Files identical to `previous` (what was published last) are hard-linked from the current
    site instead of written again: a rebuild costs what it changed.
    """
    site = site.absolute()
    target = Path(os.path.realpath(site)) if site.is_symlink() else site
    if target.exists() and not target.is_dir():
        raise PublishError(msg("site_is_file", site=target))
    if not target.parent.is_dir():
        raise PublishError(msg("no_parent", site=site, target=target, parent=target.parent))
    _recover(target)
    if target != site:
        _recover(site)  # what an older Battlemap left beside the link
    fresh = _leftover(target, "new", os.getpid())
    try:
        _write(fresh, target, files, previous or {})
        _swap(fresh, target)
    except OSError as exc:
        _remove(fresh)
        path = exc.filename or fresh
        raise PublishError(msg("cannot_write", path=path, why=reason(exc), site=site)) from None


def _leftover(target: Path, kind: str, pid: int) -> Path:
    return target.with_name(f".{target.name}-{kind}-{pid}")


def _write(fresh: Path, target: Path, files: dict[str, bytes], previous: dict[str, bytes]):
    if os.path.lexists(fresh):
        _remove(fresh)
    fresh.mkdir()
    new, old = os.fspath(fresh), os.fspath(target)
    folders: set[str] = {""}
    for rel, content in files.items():  # plain strings: 16,000 files make pathlib's cost show
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(os.path.join(new, folder), exist_ok=True)
            folders.add(folder)
        path = os.path.join(new, rel)
        if not _link_unchanged(os.path.join(old, rel), path, previous.get(rel), content):
            _write_file(path, content)


def _write_file(path: str, content: bytes) -> None:
    with open(path, "wb") as f:
        f.write(content)


def _swap(fresh: Path, target: Path) -> None:
    if target.is_dir() and _exchange(fresh, target):
        _remove(fresh)  # after the exchange it holds the previous site
        return
    old = _leftover(target, "old", os.getpid())
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    _remove(old)


def _link_unchanged(old: str, new: str, before: bytes | None, content: bytes) -> bool:
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
    leftovers = sorted(site.parent.glob(f".{site.name}-old-*"))
    if not os.path.lexists(site) and leftovers:
        os.replace(leftovers[-1], site)
        leftovers = leftovers[:-1]
    for path in [*leftovers, *site.parent.glob(f".{site.name}-new-*")]:
        if not _alive(path.name.rsplit("-", 1)[-1]):
            _remove(path)


def _remove(path: Path) -> None:
    """Remove a leftover folder, or a link or file left where one was (never what it links to)."""
    if path.is_symlink() or (os.path.lexists(path) and not path.is_dir()):
        try:
            path.unlink()
        except OSError:
            pass
    else:
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
