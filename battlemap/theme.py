"""Themes: the project's themes/<name>/ first, then the shipped default (SPEC §5).

A theme is the name of a folder under the project's themes/ (or `default`); nothing outside
the project, or the shipped default theme, is read into the site.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

import jinja2
from jinja2 import meta

from battlemap.errors import ThemeError
from battlemap.files import SpecialFile, read_regular, special_kind

DEFAULT_THEME = Path(__file__).parent / "themes" / "default"
THEMES_DIR = "themes"
_NAME = re.compile(r"^[^\W_][\w.-]*$")  # one folder name: no separators, no leading dot
NO_SUCH_THEME = "themes/{name}/: no such theme folder (themes there are: {names})"
NOT_A_THEME_NAME = (
    "theme {name!r}: a theme is the name of a folder under themes/, without / or .."
    " (themes there are: {names})"
)
OUTSIDE = "{path}: a link to {target}, outside the project — copy the file into the theme"
CYCLE = (
    "{path}: the template {chain} — it includes or extends itself; to build on the shipped one,"
    ' write {{% extends "default:{name}" %}}'
)


def available_themes(project: Path) -> list[str]:
    """Return the themes a project may choose: default and its themes/ folders."""
    folder = project / THEMES_DIR
    own = sorted(
        d.name
        for d in (folder.iterdir() if folder.is_dir() else [])
        if d.is_dir() and _NAME.match(d.name) and d.name != "default"
    )
    return ["default", *own]


def theme_problem(project: Path, name: str) -> str | None:
    """Return why a theme name cannot be used, or None when it can."""
    names = ", ".join(available_themes(project))
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        return NOT_A_THEME_NAME.format(name=name, names=names)
    own = project / THEMES_DIR / name
    if not own.is_dir():
        return None if name == "default" else NO_SUCH_THEME.format(name=name, names=names)
    if not _inside(own, project):
        return OUTSIDE.format(path=f"themes/{name}/", target=own.resolve())
    return None


def _inside(path: Path, project: Path) -> bool:
    return path.resolve().is_relative_to(project.resolve())


def theme_dirs(project: Path, name: str) -> list[Path]:
    """Return the theme folders to search, most specific first."""
    problem = theme_problem(project, name)
    if problem:
        raise ThemeError(problem)
    own = project / THEMES_DIR / name
    return [d for d in (own, DEFAULT_THEME) if d.is_dir()]


class _ThemeLoader(jinja2.FileSystemLoader):
    """Loads a theme's templates: regular files inside the project only."""

    def __init__(self, folders: list[Path], project: Path) -> None:
        super().__init__([str(f) for f in folders])
        self.project = project

    def get_source(self, environment, template):
        for folder in self.searchpath:
            path = Path(folder, *jinja2.loaders.split_template_path(template))
            if os.path.lexists(path):
                _check_readable(path, self.project)
                break
        return super().get_source(environment, template)


def _check_readable(path: Path, project: Path) -> None:
    """Refuse a theme file that is a pipe or device, or a link to outside the project."""
    inside_default = path.absolute().is_relative_to(DEFAULT_THEME)
    if not inside_default and not _inside(path, project):
        raise ThemeError(OUTSIDE.format(path=_shown(path, project), target=path.resolve()))
    kind = special_kind(path)
    if kind:
        raise ThemeError(SpecialFile(kind).message(_shown(path, project)))


def _shown(path: Path, project: Path) -> str:
    try:
        return path.absolute().relative_to(project.absolute()).as_posix()
    except ValueError:
        return str(path)


def make_environment(project: Path, name: str) -> jinja2.Environment:
    """Return a Jinja environment: the theme's templates over default's, `default:` prefixed."""
    dirs = theme_dirs(project, name)
    default = jinja2.FileSystemLoader(DEFAULT_THEME / "templates")
    loader = jinja2.ChoiceLoader(
        [
            _ThemeLoader([d / "templates" for d in dirs], project),
            jinja2.PrefixLoader({"default": default}, delimiter=":"),
        ]
    )
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "battlemap" / "jinja"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache))
    except OSError:
        bytecode = None  # compiling every template is only slower
    env = jinja2.Environment(
        loader=loader,
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if name != "default":
        check_cycles(env, project, dirs[0] / "templates")
    return env


def check_cycles(env: jinja2.Environment, project: Path, templates: Path) -> None:
    """Refuse a theme template that includes, imports or extends itself, directly or not."""
    if not templates.is_dir():
        return
    for path in sorted(templates.glob("*.html")):
        chain = _cycle_from(env, path.name, [])
        if chain:
            shown = _shown(path, project)
            raise ThemeError(CYCLE.format(path=shown, chain=" → ".join(chain), name=path.name))


def _cycle_from(env: jinja2.Environment, name: str, chain: list[str]) -> list[str] | None:
    if name in chain:
        return [*chain, name]
    try:
        source = env.loader.get_source(env, name)[0]
        names = meta.find_referenced_templates(env.parse(source))
    except jinja2.TemplateError:
        return None  # a missing or broken template is reported where it is rendered
    for child in names:
        if child and not child.startswith("default:"):
            found = _cycle_from(env, child, [*chain, name])
            if found:
                return found
    return None


def template_error(exc: Exception, template: str, project: Path) -> ThemeError:
    """Return a template's failure as a ThemeError naming the template file and line."""
    if isinstance(exc, RecursionError):
        return ThemeError(CYCLE.format(path=template, chain=f"{template} → …", name=template))
    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    if not isinstance(exc, jinja2.TemplateError):  # an error raised while rendering
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")
        ]
        filename, line = (frames[-1].filename, frames[-1].lineno) if frames else (None, None)
    where = _template_name(Path(filename), project) if filename else template
    why = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
    return ThemeError(f"{where}{f':{line}' if line else ''}: {why}")


def _template_name(path: Path, project: Path) -> str:
    """Return a template file as a message names it: `themes/x/templates/base.html`."""
    if path.absolute().is_relative_to(DEFAULT_THEME):
        return f"default:{path.absolute().relative_to(DEFAULT_THEME / 'templates').as_posix()}"
    return _shown(path, project)


def static_files(project: Path, name: str) -> dict[str, bytes]:
    """Return the theme's static files (the theme's own over default's), keyed by site path.

    A link to a file outside the project is refused; links to folders are not followed.
    """
    files: dict[str, bytes] = {}
    for d in reversed(theme_dirs(project, name)):
        static = d / "static"
        for path in _walk(static):
            if d != DEFAULT_THEME:
                _check_readable(path, project)
            try:
                content = read_regular(path)
            except (SpecialFile, OSError) as exc:
                why = exc.why if isinstance(exc, SpecialFile) else f"cannot be read — {exc}"
                raise ThemeError(f"{_shown(path, project)}: {why}") from None
            files[f"static/{path.relative_to(static).as_posix()}"] = content
    return files


def _walk(folder: Path) -> list[Path]:
    """Return every file under a folder, sorted, without following links to folders."""
    if not folder.is_dir():
        return []
    found = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs.sort()
        found += [Path(root, n) for n in names]
    return sorted(found)
