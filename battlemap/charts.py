"""Charts: Altair specs rendered to SVG on the server (readable without JavaScript)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

SPECS = Path(__file__).with_name("chart_specs.py")
# Vega describes its groups and titles in English ("rect mark container", "Title text '…'"):
# a group without the attribute is named in the screen reader's own language, a title by its
# own text
_CONTAINER = re.compile(r' aria-roledescription="(?:[a-z ]*mark container|title)"')
_TITLE = re.compile(r'aria-label="Title text &#39;(.*?)&#39;"|aria-label="Title text \'(.*?)\'"')


def localize_svg(svg: str) -> str:
    """Return an SVG without Vega's English aria words (the same cleaning charts.js does)."""
    svg = _CONTAINER.sub("", svg)
    return _TITLE.sub(lambda m: f'aria-label="{m[1] if m[1] is not None else m[2]}"', svg)


@dataclass(frozen=True)
class Chart:
    """A rendered chart: its SVG for every reader, its spec for interactive readers."""

    svg: str
    spec: str  # JSON
    title: str


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "battlemap"


def _code_version() -> str:
    """Identify this chart code and the libraries that draw it, to key the cache."""
    parts = [Path(__file__).read_bytes(), SPECS.read_bytes()]
    for dist in ("altair", "vl-convert-python"):
        try:
            parts.append(metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            parts.append(b"?")
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


@dataclass
class ChartRenderer:
    """Draws charts by name from plain data, caching SVG and spec by those inputs.

    The cache lives in memory (a rebuild re-renders only what changed) and on disk under
    ~/.cache/battlemap, so that a build whose charts did not change imports neither Altair
    nor vl-convert.
    """

    disk: Path | None = field(default_factory=_cache_dir)
    memory: dict[str, tuple[str, str]] = field(default_factory=dict)
    version: str = field(default_factory=_code_version)

    def render(self, kind: str, title: str, *args) -> Chart:
        """Return chart `kind` (a function of this module) drawn from args."""
        inputs = json.dumps([kind, self.version, args], sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(inputs.encode()).hexdigest()
        if key not in self.memory:
            self.memory[key] = self._from_disk(key) or self._draw(key, kind, args)
        svg, spec = self.memory[key]
        return Chart(svg, spec, title)

    def _from_disk(self, key: str) -> tuple[str, str] | None:
        if self.disk is None:
            return None
        try:
            cached = json.loads((self.disk / "charts" / f"{key}.json").read_text("utf-8"))
            return cached["svg"], cached["spec"]
        except (OSError, ValueError, KeyError):
            return None

    def _draw(self, key: str, kind: str, args: tuple) -> tuple[str, str]:
        import vl_convert

        from battlemap import chart_specs

        spec = chart_specs.build(kind, *args)
        svg = localize_svg(vl_convert.vegalite_to_svg(spec))
        text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        if self.disk is not None:
            _write_quietly(
                self.disk / "charts" / f"{key}.json",
                json.dumps({"svg": svg, "spec": text}, ensure_ascii=False).encode(),
            )
        return svg, text


def _write_quietly(path: Path, content: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
    except OSError:
        pass


def bundle_path() -> Path:
    """Where the offline Vega bundle of the installed vl-convert is cached."""
    return _cache_dir() / f"vega-bundle-{metadata.version('vl-convert-python')}.js"


def start_vega_bundle() -> subprocess.Popen | None:
    """Start bundling Vega in another process if it is not cached (it takes seconds).

    The first build on a machine then bundles on the second core while it reads, computes
    and renders on the first; `vega_bundle` waits for it.
    """
    if bundle_path().is_file():
        return None
    code = "import sys; from battlemap.charts import vega_bundle; vega_bundle()"
    try:
        return subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None  # vega_bundle() bundles in this process instead


_BUNDLES: dict[Path, bytes] = {}


def vega_bundle(started: subprocess.Popen | None = None) -> bytes:
    """Return the offline Vega + Vega-Lite + Vega-Embed bundle (classic script, cached on disk)."""
    if started is not None:
        started.wait()
    path = bundle_path()
    if path in _BUNDLES:  # a team's every agent site ships the same bundle: read it once
        return _BUNDLES[path]
    if path.is_file():
        return _BUNDLES.setdefault(path, path.read_bytes())
    import vl_convert

    bundle = vl_convert.javascript_bundle().encode("utf-8")
    _write_quietly(path, bundle)
    return bundle
