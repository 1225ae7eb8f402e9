"""Themes: the project's themes/<name>/ first, then the shipped default (SPEC §5)."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from battlemap.errors import ThemeError

DEFAULT_THEME = Path(__file__).parent / "themes" / "default"


def theme_dirs(project: Path, name: str) -> list[Path]:
    """Return the theme folders to search, most specific first."""
    own = project / "themes" / name
    if name != "default" and not own.is_dir():
        raise ThemeError(f"themes/{name}/: no such theme folder (the plan or --theme names it)")
    return [d for d in (own, DEFAULT_THEME) if d.is_dir()]


def make_environment(project: Path, name: str) -> jinja2.Environment:
    """Return a Jinja environment: the theme's templates over default's, `default:` prefixed."""
    dirs = theme_dirs(project, name)
    default = jinja2.FileSystemLoader(DEFAULT_THEME / "templates")
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([d / "templates" for d in dirs]),
            jinja2.PrefixLoader({"default": default}, delimiter=":"),
        ]
    )
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "battlemap" / "jinja"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache))
    except OSError:
        bytecode = None  # compiling every template is only slower
    return jinja2.Environment(
        loader=loader,
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def static_files(project: Path, name: str) -> dict[str, bytes]:
    """Return the theme's static files (the theme's own over default's), keyed by site path."""
    files: dict[str, bytes] = {}
    for d in reversed(theme_dirs(project, name)):
        static = d / "static"
        for path in sorted(static.rglob("*")) if static.is_dir() else []:
            if path.is_file():
                files[f"static/{path.relative_to(static).as_posix()}"] = path.read_bytes()
    return files
