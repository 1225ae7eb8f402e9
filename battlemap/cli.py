"""The command line: `python build.py [serve] [options]`, speaking the project's locale.

The locale is the plan's (`locale:` of the --project's content/plan.md), zh-CN when there is
no plan to read; --help and argparse's own errors speak it too.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import traceback
from pathlib import Path

from battlemap.amounts import parse_date, plausible
from battlemap.build import SITE_DIR, Options, build_site
from battlemap.errors import BattlemapError
from battlemap.messages import (
    Message,
    internal_error,
    known_locale,
    listing,
    localized,
    msg,
    say,
)
from battlemap.plan import project_locale
from battlemap.theme import theme_problem
from battlemap.uptodate import build_key, last_build, remember_build

# argparse's own errors (Python 3.11–3.13 wording) -> the catalog's message of each
_ARGPARSE = [
    (re.compile(p), key)
    for p, key in (
        (r"^expected one argument$", "expects_value"),
        (r"^invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)$", "invalid_choice"),
        (r"^ignored explicit argument (?P<value>.+)$", "takes_no_value"),
        (r"^unrecognized arguments: (?P<args>.+)$", "unknown_arguments"),
        (r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.+)$", "ambiguous_option"),
    )
]
_ARGUMENT = re.compile(r"^argument (?P<flag>[^:]+): (?P<why>.+)$", re.S)


class _Problem(argparse.ArgumentTypeError):
    """A flag's value that cannot be taken, said in the project's locale."""

    def __init__(self, message: Message, locale: str) -> None:
        super().__init__(message.text(locale))


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors, usage and help speak the project's locale."""

    def __init__(self, locale: str, **kwargs) -> None:
        self.locale = locale
        usage = msg("help_usage").text(locale)
        super().__init__(formatter_class=lambda prog: _Formatter(prog, usage), **kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        say("error_line", argparse_message(message), self.locale)
        self.exit(2)


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, usage: str) -> None:
        super().__init__(prog)
        self.usage_prefix = usage

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or self.usage_prefix)


def argparse_message(text: str) -> Message | str:
    """Return one of argparse's own errors in the catalog's words (as it is when unknown)."""
    flag = _ARGUMENT.match(text)
    why = flag["why"] if flag else text
    for pattern, key in _ARGPARSE:
        found = pattern.match(why)
        if found:
            parts = found.groupdict()
            if key == "invalid_choice":
                parts["choices"] = listing(re.findall(r"'?([^', ]+)'?", parts["choices"]))
            why = msg(key, **parts)
            break
    else:
        why = why if flag else msg("usage_other", detail=text)
    return msg("flag_problem", flag=flag["flag"], why=why) if flag else why


def _date(locale: str):
    def read(text: str):
        try:
            day = parse_date(text)
        except ValueError:
            raise _Problem(msg("not_a_date_flag", text=text), locale) from None
        if not plausible(day):
            raise _Problem(msg("implausible_date_flag", text=text), locale)
        return day

    return read


def _port(locale: str):
    def read(text: str) -> int:
        try:
            port = int(text)
        except ValueError:
            port = -1
        if not 0 <= port <= 65535:
            raise _Problem(msg("not_a_port", text=text), locale)
        return port

    return read


def _workers(locale: str):
    def read(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            n = 0
        if n < 1:
            raise _Problem(msg("not_workers", text=text), locale)
        return n

    return read


def parser(locale: str = "en") -> argparse.ArgumentParser:
    """Return the argument parser of build.py, its help and errors in a locale."""

    def words(key: str) -> str:
        return msg(key).text(locale)

    p = _Parser(locale, prog="build.py", description=words("help_description"), add_help=False)
    p._positionals.title, p._optionals.title = words("help_positionals"), words("help_options")
    p.add_argument("-h", "--help", action="help", help=words("help_help"))
    p.add_argument(
        "command", nargs="?", choices=["build", "serve"], default="build",
        help=words("help_command"),
    )  # fmt: skip
    p.add_argument("--project", type=Path, default=Path("."), help=words("help_project"))
    p.add_argument("--as-of", type=_date(locale), metavar="YYYY-MM-DD", help=words("help_as_of"))
    p.add_argument("--skip-bad-rows", action="store_true", help=words("help_skip_bad_rows"))
    p.add_argument("--show-names", action="store_true", help=words("help_show_names"))
    p.add_argument("--theme", help=words("help_theme"))
    team = p.add_argument_group(words("help_team"))
    team.add_argument(
        "--workers", type=_workers(locale), default=os.cpu_count() or 1, metavar="N",
        help=words("help_workers"),
    )  # fmt: skip
    team.add_argument("--scheduler", metavar="tcp://HOST:PORT", help=words("help_scheduler"))
    serving = p.add_argument_group(words("help_serve"))
    serving.add_argument("--port", type=_port(locale), default=8000, help=words("help_port"))
    serving.add_argument("--host", default="127.0.0.1", help=words("help_host"))
    serving.add_argument("--poll", action="store_true", help=words("help_poll"))
    return p


def _project_of(argv: list[str]) -> Path:
    """Return the --project of a command line before it is parsed (for its locale)."""
    found = Path(".")
    for i, arg in enumerate(argv):
        name, equals, value = arg.partition("=")
        if not (name.startswith("--pr") and "--project".startswith(name)):  # or abbreviated
            continue
        if equals:
            found = Path(value)
        elif i + 1 < len(argv):
            found = Path(argv[i + 1])
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    for stream in (sys.stdout, sys.stderr):  # a message never fails on what it quotes
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else list(argv)
    locale = project_locale(_project_of(argv))
    args = parser(locale).parse_args(argv)
    problem = _flag_problem(args)
    if problem:
        say("error_line", problem, locale)
        return 2
    options = Options(
        project=args.project,
        as_of=args.as_of,
        skip_bad_rows=args.skip_bad_rows,
        show_names=args.show_names,
        theme=args.theme,
        workers=args.workers,
        scheduler=args.scheduler,
    )
    if args.command == "serve":
        from battlemap.serve import serve

        return serve(options, args.host, args.port, args.poll, locale=locale)
    return run_build(options, locale)


def _flag_problem(args: argparse.Namespace) -> Message | None:
    """Return what is wrong with the flags that argparse cannot check alone, or None."""
    if not args.project.exists():
        return msg("no_project", path=args.project)
    if not args.project.is_dir():
        return msg("project_is_file", path=args.project)
    if args.theme is not None:
        return theme_problem(args.project, args.theme)
    return None


def run_build(options: Options, locale: str | None = None) -> int:
    """Build once, report the outcome in plain words, and return the exit code.

    Messages speak the plan's locale once it is read, else `locale` (the CLI's guess from the
    plan's `locale:` line), else zh-CN.
    """
    started = time.perf_counter()
    locale = known_locale(locale or project_locale(options.project))
    site = options.project / SITE_DIR
    key = build_key(options)
    last = last_build(site, key)
    if last is not None:  # nothing changed since site/ was built: it is what a build would give
        for warning in last["warnings"]:  # as said then, in the plan's locale
            say("warning_line", warning, locale)
        print(msg("up_to_date", seconds=time.perf_counter() - started).text(locale))
        print(msg("open_site", path=site / "index.html").text(locale))
        return 0
    try:
        result = build_site(options)
    except BattlemapError as exc:
        locale = known_locale(exc.locale or locale)
        for item in exc.items:
            say("error_line", item, locale)
        key = "build_stopped_one" if len(exc.items) == 1 else "build_stopped"
        print(msg(key, count=len(exc.items)).text(locale), file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        if os.environ.get("BATTLEMAP_DEBUG"):
            traceback.print_exc()
        say("error_line", internal_error(exc), locale)
        print(msg("internal_stopped").text(locale), file=sys.stderr)
        return 2
    locale = result.locale
    for warning in result.warnings:
        say("warning_line", warning, locale)
    where = msg("open_site", path=site / "index.html").text(locale)
    summary = result.summary(time.perf_counter() - started).text(locale)
    remember_build(site, key, summary, [localized(w, locale) for w in result.warnings])
    try:
        print(f"{summary}\n{where}", flush=True)
    except BrokenPipeError:  # `build.py | head -1`: the reader has gone, the site is built
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
