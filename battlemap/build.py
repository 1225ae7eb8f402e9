"""The pipeline: load_plan → read_logs → compute_metrics → render_site → publish_site."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from battlemap.actions import NextActions, compute_actions
from battlemap.calibration import baseline_warnings
from battlemap.charts import start_vega_bundle
from battlemap.customers import CUSTOMER_FILES, CustomerFile, read_customers
from battlemap.errors import InputError
from battlemap.logs import LOGS_DIR, LogSet, TableCache, read_logs
from battlemap.metrics import Activities, measure
from battlemap.plan import PLAN_PATH, Plan, load_plan
from battlemap.publish import publish_site
from battlemap.site import RenderCache, render_site
from battlemap.theme import DEFAULT_THEME

SITE_DIR = "site"


@dataclass(frozen=True)
class Options:
    """What a build is asked to do (the CLI's flags)."""

    project: Path
    as_of: dt.date | None = None
    skip_bad_rows: bool = False
    show_names: bool = False
    theme: str | None = None


@dataclass
class BuildResult:
    """What a successful build read and wrote."""

    plan: Plan
    logs: LogSet
    metrics: dict
    files: dict[str, bytes]
    rendered: list[str] = field(default_factory=list)  # the pages this build rendered anew
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Figures:
    key: str
    plan: Plan
    logs: LogSet
    metrics: dict
    activities: Activities
    customers: CustomerFile
    actions: NextActions


@dataclass
class Builder:
    """Builds a project again and again, reusing what did not change (for `serve`)."""

    options: Options
    remember: bool = True  # keep what the next build may reuse (False: build once)
    tables: TableCache = field(default_factory=dict)
    render_cache: RenderCache = field(default_factory=RenderCache)
    figures: _Figures | None = None
    published: dict[str, bytes] = field(default_factory=dict)

    def build(self) -> BuildResult:
        """Read and compute everything, render every page, then publish site/ in one swap."""
        options = self.options
        bundling = start_vega_bundle()  # on the other core, while this one reads and renders
        key, setup = inputs_keys(options) if self.remember else ("", "")
        if self.figures is None or self.figures.key != key:
            plan = load_plan(options.project)
            logs, customers = _read_inputs(options, plan, self.tables)
            metrics, activities = measure(plan, logs, options.as_of)
            actions = compute_actions(plan, activities, customers)
            self.figures = _Figures(key, plan, logs, metrics, activities, customers, actions)
        f = self.figures
        files = render_site(
            f.plan,
            f.logs,
            f.metrics,
            f.activities,
            options,
            self.render_cache,
            key,
            setup,
            bundling,
            f.actions,
        )
        publish_site(options.project / SITE_DIR, files, self.published)
        self.published = files
        warnings = _warnings(f.plan, f.logs) + _figure_warnings(f)
        return BuildResult(f.plan, f.logs, f.metrics, files, self.render_cache.rendered, warnings)


def _read_inputs(options: Options, plan: Plan, tables: TableCache):
    """Read the logs and the customer file; raise one InputError naming the problems of both."""
    problems: list[str] = []
    try:
        logs = read_logs(options.project, plan, options.skip_bad_rows, tables)
    except InputError as exc:
        problems += exc.messages
    try:
        customers = read_customers(options.project, options.skip_bad_rows)
    except InputError as exc:
        problems += exc.messages
    if problems:
        raise InputError(problems)
    return logs, customers


def build_site(options: Options) -> BuildResult:
    """Build the site once, from scratch."""
    return Builder(options, remember=False).build()


def inputs_keys(options: Options) -> tuple[str, str]:
    """Identify what a build reads (not the review notes): with the logs, and without them.

    The key is the options and each input file's path, modification time and size: the plan,
    the logs and the customer file, the project's themes and the shipped default theme.
    """
    project = options.project
    setup = [project / PLAN_PATH]
    for folder in (project / "themes", DEFAULT_THEME):
        setup += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    logs_dir = project / LOGS_DIR
    logs = sorted(p for p in logs_dir.rglob("*") if p.is_file()) if logs_dir.is_dir() else []
    logs += [project / name for name in CUSTOMER_FILES]  # they feed the actions, as the logs do
    without_logs = _stamp(hashlib.sha256(repr(options).encode()), setup)
    return _stamp(without_logs.copy(), logs).hexdigest(), without_logs.hexdigest()


def _stamp(digest, files: list[Path]):
    for path in files:
        try:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
        except OSError:
            digest.update(f"{path}\0gone\0".encode())
    return digest


def _figure_warnings(f: _Figures) -> list[str]:
    ignored = [
        f"{f.customers.path}: column {name!r} is not one Battlemap reads — ignored"
        for name in f.customers.ignored
    ]
    return baseline_warnings(f.plan, f.metrics["calibration"]) + ignored


def _warnings(plan: Plan, logs: LogSet) -> list[str]:
    return list(plan.warnings) + [
        f"{', '.join(sorted(set(files)))}: column {name!r} is not one Battlemap reads — ignored"
        for name, files in sorted(logs.ignored_columns.items())
    ]
