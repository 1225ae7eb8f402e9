"""A build with nothing changed leaves the site it published last as it is.

A build's output is a function of its inputs (same inputs, same bytes), so when every input
file, every option that shapes the site and Battlemap itself are as they were when `site/`
was last published — and `site/` is still that folder — building again would write the same
bytes. The record of the last build lives in the cache folder (never in the project), keyed
by where the site is.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from battlemap.build import Options

CODE = Path(__file__).resolve().parent  # the battlemap package: code and the default theme
INPUTS = ("content", "logs", "themes")


def build_key(options: Options) -> str:
    """Identify everything a build's output depends on: options, input files, the code."""
    shaping = replace(options, workers=1, scheduler=None)  # where agents run changes no byte
    digest = hashlib.sha256(repr(shaping).encode())
    folders = [options.project / name for name in INPUTS] + [CODE]
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if "__pycache__" in path.parts:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            stamp = f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0{stat.st_ino}\0"
            digest.update(stamp.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def last_build(site: Path, key: str) -> dict | None:
    """Return the record of the build that published `site` from these inputs, or None."""
    try:
        record = json.loads(_record_path(site).read_text("utf-8"))
        now = _identity(site)
    except (OSError, ValueError):
        return None
    if record.get("key") != key or record.get("site") != now:
        return None
    return record


def remember_build(site: Path, key: str, summary: str, warnings: list[str]) -> None:
    """Record that `site` was just published from these inputs (a cache: failing is fine)."""
    path = _record_path(site)
    try:
        record = {"key": key, "site": _identity(site), "summary": summary, "warnings": warnings}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def _identity(site: Path) -> str:
    """Identify the published folder and every file in it (a hand edit shows as a change)."""
    root = Path(os.path.realpath(site))
    stat = root.stat()
    digest = hashlib.sha256(f"{stat.st_dev}\0{stat.st_ino}\0".encode())
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        rel = path.relative_to(root).as_posix()
        digest.update(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0".encode("utf-8", "replace"))
    return digest.hexdigest()


def _record_path(site: Path) -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "battlemap"
    where = os.path.realpath(site.absolute())
    return cache / "builds" / f"{hashlib.sha256(where.encode()).hexdigest()[:32]}.json"
