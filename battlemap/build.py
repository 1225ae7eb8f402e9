"""The pipeline: load_plan → read_logs → compute_metrics → render_site → publish_site."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from battlemap.charts import start_vega_bundle
from battlemap.logs import LOGS_DIR, LogSet, TableCache, read_logs
from battlemap.metrics import Activities, measure
from battlemap.plan import PLAN_PATH, Plan, load_plan
from battlemap.publish import publish_site
from battlemap.site import REVIEWS_DIR, RenderCache, Scope, render_site
from battlemap.team import (
    AGENTS_DIR,
    Member,
    TeamLogs,
    leaderboard,
    load_members,
    read_team_logs,
    team_as_of,
    team_targets,
)
from battlemap.team_pages import RollUp
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
class Unit:
    """One site of a build: a one-agent project's, a team's, or a team's agent's."""

    plan: Plan
    logs: LogSet
    metrics: dict
    acts: Activities
    slug: str | None = None  # an agent of a team


@dataclass
class _Figures:
    key: str
    units: list[Unit]  # the project's own first, then a team's agents
    members: tuple[Member, ...]


@dataclass
class Builder:
    """Builds a project again and again, reusing what did not change (for `serve`)."""

    options: Options
    remember: bool = True  # keep what the next build may reuse (False: build once)
    tables: TableCache = field(default_factory=dict)
    render_caches: dict[str | None, RenderCache] = field(default_factory=dict)
    figures: _Figures | None = None
    published: dict[str, bytes] = field(default_factory=dict)

    def build(self) -> BuildResult:
        """Read and compute everything, render every page, then publish site/ in one swap."""
        options = self.options
        bundling = start_vega_bundle()  # on the other core, while this one reads and renders
        key, setup = inputs_keys(options) if self.remember else ("", "")
        if self.figures is None or self.figures.key != key:
            plan = load_plan(options.project)
            members = load_members(options.project, plan)
            logs = read_all_logs(options, plan, members, self.tables)
            units = compute_metrics(plan, members, logs, options.as_of)
            self.figures = _Figures(key, units, members)
        own = self.figures.units[0]
        files = render_all(self, self.figures, (key, setup), bundling)
        publish_site(options.project / SITE_DIR, files, self.published)
        self.published = files
        rendered = [p for cache in self.render_caches.values() for p in cache.rendered]
        return BuildResult(
            own.plan, own.logs, own.metrics, files, rendered, _warnings(own.plan, own.logs)
        )


def read_all_logs(options: Options, plan: Plan, members: tuple[Member, ...], tables: TableCache):
    """Read the logs: one agent's (LogSet), or a team's (TeamLogs: each agent's and the team's)."""
    if not members:
        return read_logs(options.project, plan, options.skip_bad_rows, tables)
    return read_team_logs(options.project, plan, members, options.skip_bad_rows, tables)


def compute_metrics(
    plan: Plan, members: tuple[Member, ...], logs: LogSet | TeamLogs, as_of: dt.date | None
) -> list[Unit]:
    """Return every site's figures: the project's own, then each agent's of a team (§9)."""
    if not members:
        return [Unit(plan, logs, *measure(plan, logs, as_of))]
    as_of = team_as_of(plan, logs, as_of)
    agents = [
        Unit(m.plan, logs.agents[m.slug], *measure(m.plan, logs.agents[m.slug], as_of), m.slug)
        for m in members
    ]
    targets = team_targets(plan, [a.metrics for a in agents])
    metrics, acts = measure(plan, logs.team, as_of, targets)
    metrics["agents"] = leaderboard(members, {a.slug: a.metrics for a in agents})
    return [Unit(plan, logs.team, metrics, acts), *agents]


def render_all(builder: Builder, figures: _Figures, keys: tuple[str, str], bundling) -> dict:
    """Return every file of the site: each agent's site under agents/<slug>/, then the team's."""
    own, *agents = figures.units
    files: dict[str, bytes] = {}
    for unit in agents:
        scope = Scope(f"agents/{unit.slug}/", f"{REVIEWS_DIR}/{unit.slug}", own.plan.title or "")
        files |= _render(builder, unit, keys, bundling, scope)
    roll_up = None
    if figures.members:
        roll_up = RollUp(
            figures.members, {u.slug: u.metrics for u in agents}, {u.slug: u.acts for u in agents}
        )
    return _render(builder, own, keys, bundling, Scope(roll_up=roll_up)) | files


def _render(builder: Builder, unit: Unit, keys, bundling, scope: Scope) -> dict[str, bytes]:
    cache = builder.render_caches.setdefault(unit.slug, RenderCache())
    return render_site(
        unit.plan,
        unit.logs,
        unit.metrics,
        unit.acts,
        builder.options,
        cache,
        *keys,
        bundling,
        scope,
    )


def build_site(options: Options) -> BuildResult:
    """Build the site once, from scratch."""
    return Builder(options, remember=False).build()


def inputs_keys(options: Options) -> tuple[str, str]:
    """Identify what a build reads (not the review notes): with the logs, and without them.

    The key is the options and each input file's path, modification time and size: the plan,
    the logs, the project's themes and the shipped default theme.
    """
    project = options.project
    setup = [project / PLAN_PATH]
    agents = project / AGENTS_DIR
    setup += sorted(p for p in agents.glob("*.md") if p.is_file()) if agents.is_dir() else []
    for folder in (project / "themes", DEFAULT_THEME):
        setup += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    logs_dir = project / LOGS_DIR
    logs = sorted(p for p in logs_dir.rglob("*") if p.is_file()) if logs_dir.is_dir() else []
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


def _warnings(plan: Plan, logs: LogSet) -> list[str]:
    return list(plan.warnings) + [
        f"{', '.join(sorted(set(files)))}: column {name!r} is not one Battlemap reads — ignored"
        for name, files in sorted(logs.ignored_columns.items())
    ]
