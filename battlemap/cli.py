"""The command line: `python build.py [serve] [options]`."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

from battlemap.amounts import parse_date, plausible
from battlemap.build import SITE_DIR, Options, build_site
from battlemap.errors import BattlemapError
from battlemap.theme import theme_problem
from battlemap.uptodate import build_key, last_build, remember_build

NO_PROJECT = "--project {path}: no such folder — give the folder that holds content/plan.md"
NOT_A_FOLDER = "--project {path}: a file, not a folder — give the folder that holds content/plan.md"
UP_TO_DATE = "Nothing changed since the last build: site/ is up to date ({seconds:.2f} s)."
NOT_A_PORT = "not a port: {text!r} (0 to 65535; 0 takes any free port)"


def _date(text: str):
    try:
        day = parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write 2026-03-31)") from None
    if not plausible(day):
        raise argparse.ArgumentTypeError(f"not a plausible date: {text!r} (write 2026-03-31)")
    return day


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(NOT_A_PORT.format(text=text)) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(NOT_A_PORT.format(text=text))
    return port


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r} (write 1, 2, …)")
    return n


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of build.py."""
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build the Battlemap site from content/plan.md and logs/**/*.csv"
        " (or .xlsx, .xls, .ods workbooks).",
    )
    p.add_argument(
        "command",
        nargs="?",
        choices=["build", "serve"],
        default="build",
        help="build once [default], or serve site/ and rebuild on every save",
    )
    p.add_argument("--project", type=Path, default=Path("."), help="project folder [.]")
    p.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the review date, a day of the plan's year [the latest log date in it]",
    )
    p.add_argument("--skip-bad-rows", action="store_true", help="build anyway, listing bad rows")
    p.add_argument("--show-names", action="store_true", help="full customer names (private build)")
    p.add_argument("--theme", help="theme folder under themes/ [the plan's, else default]")
    team = p.add_argument_group("team projects (content/agents/)")
    team.add_argument(
        "--workers",
        type=_workers,
        default=os.cpu_count() or 1,
        help="build the agents' sites in N processes [one per core]",
    )
    team.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="build the agents' sites on this Dask scheduler's cluster (workers share the folder)",
    )
    serving = p.add_argument_group("serve")
    serving.add_argument("--port", type=_port, default=8000, help="port to serve on [8000; 0: any]")
    serving.add_argument("--host", default="127.0.0.1", help="address to serve on [127.0.0.1]")
    serving.add_argument("--poll", action="store_true", help="poll for changes (network drives)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    for stream in (sys.stdout, sys.stderr):  # a message never fails on what it quotes
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    problem = _flag_problem(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
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

        return serve(options, args.host, args.port, args.poll)
    return run_build(options)


def _flag_problem(args: argparse.Namespace) -> str | None:
    """Return what is wrong with the flags that argparse cannot check alone, or None."""
    if not args.project.exists():
        return NO_PROJECT.format(path=args.project)
    if not args.project.is_dir():
        return NOT_A_FOLDER.format(path=args.project)
    if args.theme is not None:
        return theme_problem(args.project, args.theme)
    return None


def run_build(options: Options) -> int:
    """Build once, report the outcome in plain words, and return the exit code."""
    started = time.perf_counter()
    site = options.project / SITE_DIR
    key = build_key(options)
    last = last_build(site, key)
    if last is not None:  # nothing changed since site/ was built: it is what a build would give
        for warning in last["warnings"]:
            print(f"warning: {warning}", file=sys.stderr)
        print(UP_TO_DATE.format(seconds=time.perf_counter() - started))
        print(f"Open {site / 'index.html'} in a browser.")
        return 0
    try:
        result = build_site(options)
    except BattlemapError as exc:
        for message in exc.messages:
            print(f"error: {message}", file=sys.stderr)
        count = len(exc.messages)
        print(
            f"Build stopped: {count} problem{'s' * (count != 1)}; site/ was left as it was.",
            file=sys.stderr,
        )
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        if os.environ.get("BATTLEMAP_DEBUG"):
            traceback.print_exc()
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "Build stopped; site/ was left as it was. Set BATTLEMAP_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return 2
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    where = f"Open {options.project / SITE_DIR / 'index.html'} in a browser."
    summary = result.summary(time.perf_counter() - started)
    remember_build(site, key, summary, result.warnings)
    try:
        print(f"{summary}\n{where}", flush=True)
    except BrokenPipeError:  # `build.py | head -1`: the reader has gone, the site is built
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
