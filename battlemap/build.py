"""The pipeline: load_plan → read_logs → compute_metrics → render_site → publish_site."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from battlemap.actions import NextActions, compute_actions
from battlemap.agents import AgentResult, AgentTask, run_agent, run_agents
from battlemap.calibration import baseline_warnings
from battlemap.customers import CUSTOMER_FILES, CustomerFile, by_agent, read_customers
from battlemap.errors import BattlemapError, InputError
from battlemap.logs import LOGS_DIR, LogSet, TableCache, read_logs
from battlemap.messages import Message, Problem, Text, listing, msg
from battlemap.metrics import Activities, measure
from battlemap.pages.reviews import periods_with
from battlemap.pages.team import RollUp
from battlemap.plan import PLAN_PATH, Plan, PlanMemo, load_plan
from battlemap.publish import publish_site
from battlemap.site import REVIEWS_DIR, RenderCache, Scope, read_notes, render_site
from battlemap.team import (
    AGENTS_DIR,
    Member,
    TeamLogs,
    TeamMemo,
    leaderboard,
    load_members,
    read_team_logs,
    team_as_of,
    team_targets,
)
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
    workers: int = 1  # a team's agents built in this many processes
    scheduler: str | None = None  # or on the Dask cluster of this scheduler (tcp://HOST:PORT)


@dataclass
class BuildResult:
    """What a successful build read and wrote."""

    plan: Plan
    logs: LogSet
    metrics: dict
    files: dict[str, bytes]
    rendered: list[str] = field(default_factory=list)  # the pages this build rendered anew
    warnings: list[Text] = field(default_factory=list)

    @property
    def locale(self) -> str:
        """The locale of the build's messages: its plan's."""
        return self.plan.locale

    def summary(self, seconds: float) -> Message:
        """Return the line that says what a build read and wrote."""
        meta, logs = self.metrics["meta"], self.logs
        return msg(
            "built", files=len(self.files), rows=meta["rows"], logs=len(logs.files),
            as_of=meta["as_of"], merged=logs.merged_rows, skipped=logs.skipped_rows,
            seconds=seconds,
        )  # fmt: skip


@dataclass
class Unit:
    """The figures of the project's own site: a one-agent project's, or a team's."""

    plan: Plan
    logs: LogSet
    metrics: dict
    acts: Activities
    actions: NextActions | None = None  # a one-agent project's (a team's are its agents')


@dataclass(frozen=True)
class Customers:
    """The customer file, and a team's split by agent."""

    file: CustomerFile = CustomerFile()
    agents: dict[str, CustomerFile] = field(default_factory=dict)  # slug -> the agent's rows
    stray: tuple[Problem, ...] = ()  # a team's rows whose agent no agent plan names


@dataclass
class _Figures:
    key: str
    own: Unit
    members: tuple[Member, ...] = ()
    team: TeamLogs | None = None  # a team's agents' rows
    customers: Customers = Customers()


@dataclass
class Builder:
    """Builds a project again and again, reusing what did not change (for `serve`)."""

    options: Options
    remember: bool = True  # keep what the next build may reuse (False: build once)
    tables: TableCache = field(default_factory=dict)
    render_cache: RenderCache = field(default_factory=RenderCache)
    figures: _Figures | None = None
    published: dict[str, bytes] = field(default_factory=dict)
    memo: TeamMemo = field(default_factory=TeamMemo)
    plans: PlanMemo = field(default_factory=dict)  # the plans, by their files' stamps
    agents: dict[str, tuple[tuple, AgentResult, RenderCache]] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    locale: str | None = None  # the plan's, once read: the locale of the build's messages
    period_rows: dict[str, tuple] = field(default_factory=dict)  # RollUp.memo, kept

    def build(self, publish: bool = True) -> BuildResult:
        """Read and compute everything, render every page, then publish site/ in one swap.

        With `publish=False` the site is only made (`serve` serves it, then calls `publish`).
        An error carries the plan's locale once the plan was read (else what load_plan
        could tell), so that it is told in the project's language.
        """
        try:
            result = self._build()
            if publish:
                self.publish(result.files)
            return result
        except BattlemapError as exc:
            exc.locale = self.locale or exc.locale
            raise

    def publish(self, files: dict[str, bytes]) -> None:
        """Swap the site in as site/ (files the last one had alike are linked, not written)."""
        publish_site(self.options.project / SITE_DIR, files, self.published)
        self.published = files

    @contextmanager
    def _kept(self):
        """In a one-off build, read and compute without garbage collections, then leave what
        was made out of later ones: it stays till the end (collections going through a
        1M-row build's objects again and again took 1.7 s of its 9.6 s)."""
        if self.remember or not gc.isenabled():
            yield
            return
        gc.disable()
        try:
            yield
        finally:
            gc.enable()
            gc.freeze()

    def _build(self) -> BuildResult:
        options = self.options
        key, setup = inputs_keys(options) if self.remember else ("", "")
        if self.figures is None or self.figures.key != key:
            self.locale = None
            plan = load_plan(options.project, memo=self.plans if self.remember else None)
            self.locale = plan.locale
            members = load_members(options.project, plan, self.plans if self.remember else None)
            with self._kept():
                logs, customers = read_inputs(self, plan, members)
                self.figures = compute_metrics(key, plan, members, logs, customers, options.as_of)
        own = self.figures.own
        files = render_all(self, self.figures, (key, setup))
        warnings = _warnings(own.plan, own.logs) + _figure_warnings(self.figures)
        return BuildResult(own.plan, own.logs, own.metrics, files, self.rendered, warnings)


def read_inputs(builder: Builder, plan: Plan, members: tuple[Member, ...]):
    """Read the logs and the customer file; raise one InputError naming the problems of both."""
    problems: list[Text] = []
    skip = builder.options.skip_bad_rows
    logs = customers = None
    try:
        logs = read_all_logs(builder, plan, members)
    except InputError as exc:
        problems += exc.items
    try:
        customers = Customers(read_customers(builder.options.project, skip))
    except InputError as exc:
        problems += exc.items
    if customers is not None and members:
        customers = Customers(customers.file, *by_agent(customers.file, members))
        problems += [] if skip else list(customers.stray)
    if problems:
        raise InputError(problems)
    return logs, customers


def read_all_logs(builder: Builder, plan: Plan, members: tuple[Member, ...]):
    """Read the logs: one agent's (LogSet), or a team's (TeamLogs: each agent's and the team's)."""
    project, skip = builder.options.project, builder.options.skip_bad_rows
    if not members:
        return read_logs(project, plan, skip, builder.tables)
    memo = builder.memo if builder.remember else None
    return read_team_logs(project, plan, members, skip, builder.tables, memo)


def compute_metrics(
    key: str,
    plan: Plan,
    members: tuple[Member, ...],
    logs: LogSet | TeamLogs,
    customers: Customers,
    as_of: dt.date | None,
) -> _Figures:
    """Return the project's figures; a team's agents' own are computed with their pages."""
    if not isinstance(logs, TeamLogs):
        metrics, acts = measure(plan, logs, as_of)
        actions = compute_actions(plan, acts, customers.file)
        return _Figures(key, Unit(plan, logs, metrics, acts, actions), customers=customers)
    as_of = team_as_of(plan, logs, as_of)
    metrics, acts = measure(plan, logs.team, as_of, team_targets(plan, members))
    file = customers.file  # the team's site lists no actions (each agent's site does)
    names = tuple(c.name for c in file.customers)
    actions = NextActions({}, bool(file.path), names, file.problems + customers.stray)
    unit = Unit(plan, logs.team, metrics, acts, actions)
    return _Figures(key, unit, members, logs, customers)


def render_all(builder: Builder, figures: _Figures, keys: tuple[str, str]) -> dict:
    """Return every file of the site: a team's agents' sites (agents/<slug>/), then its own."""
    own, options = figures.own, builder.options
    if figures.team is None:
        files = render_site(
            own.plan, own.logs, own.metrics, own.acts, options, builder.render_cache, *keys,
            actions=own.actions,
        )  # fmt: skip
        builder.rendered = list(builder.render_cache.rendered)
        return files
    as_of = dt.date.fromisoformat(own.metrics["meta"]["as_of"])
    notes = read_notes(options.project)
    periods = tuple(periods_with(own.acts, own.plan, set(notes)))
    mine = figures.customers.agents
    tasks = [
        AgentTask(
            options, m.slug, f"{AGENTS_DIR}/{m.slug}.md", figures.team.agents[m.slug], as_of,
            own.plan.title or "", periods, keys, mine.get(m.slug, CustomerFile()),
        )
        for m in figures.members
    ]  # fmt: skip
    results = _agent_results(builder, figures.members, tasks)
    own.metrics["agents"] = leaderboard(figures.members, {r.slug: r.metrics for r in results})
    roll_up = RollUp(
        figures.members,
        {r.slug: r.metrics for r in results},
        {r.slug: r.periods for r in results},
        {r.slug: r.pages for r in results},
        builder.period_rows if builder.remember else {},
    )
    files = render_site(
        own.plan, own.logs, own.metrics, own.acts, options, builder.render_cache, *keys,
        Scope(roll_up=roll_up), own.actions,
    )  # fmt: skip
    builder.rendered = list(builder.render_cache.rendered)
    for result in results:
        files |= result.files
        builder.rendered += result.rendered
    return files


def _agent_results(builder: Builder, members, tasks: list[AgentTask]) -> list[AgentResult]:
    """Run every agent's task; `serve` runs again only those whose inputs changed."""
    options = builder.options
    if not builder.remember:
        return run_agents(tasks, options.workers, options.scheduler)
    results = []
    for member, task in zip(members, tasks, strict=True):
        notes = options.project / REVIEWS_DIR / task.slug
        stamp = _stamp(hashlib.sha256(), sorted(notes.glob("*.md")) if notes.is_dir() else [])
        digest = (task.keys[1], id(task.logs), member.plan, task.as_of, task.team_title,
                  task.periods, stamp.hexdigest(), task.customers)  # fmt: skip
        kept = builder.agents.get(task.slug)
        if kept is None or kept[0] != digest:
            cache = kept[2] if kept else RenderCache()
            kept = (digest, run_agent(task, member.plan, cache), cache)
        else:
            kept[1].rendered = []
        builder.agents[task.slug] = kept
        results.append(kept[1])
    return results


def build_site(options: Options) -> BuildResult:
    """Build the site once, from scratch."""
    return Builder(options, remember=False).build()


def inputs_keys(options: Options) -> tuple[str, str]:
    """Identify what a build reads (not the review notes): with the logs, and without them.

    The key is the options and each input file's path, modification time, size and inode (a
    save by rename makes a new one): the plan, the logs and the customer file, the project's
    themes and the shipped default theme.
    """
    project = options.project
    setup = [project / PLAN_PATH]
    agents = project / AGENTS_DIR
    setup += sorted(p for p in agents.glob("*.md") if p.is_file()) if agents.is_dir() else []
    for folder in (project / "themes", DEFAULT_THEME):
        setup += sorted(p for p in folder.rglob("*") if not p.is_dir()) if folder.is_dir() else []
    logs_dir = project / LOGS_DIR
    logs = sorted(p for p in logs_dir.rglob("*") if not p.is_dir()) if logs_dir.is_dir() else []
    logs += [project / name for name in CUSTOMER_FILES]  # they feed the actions, as the logs do
    without_logs = _stamp(hashlib.sha256(repr(options).encode()), setup)
    return _stamp(without_logs.copy(), logs).hexdigest(), without_logs.hexdigest()


def _stamp(digest, files: list[Path]):
    for path in files:
        try:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0{stat.st_ino}\0".encode())
        except OSError:
            digest.update(f"{path}\0gone\0".encode())
    return digest


def _figure_warnings(f: _Figures) -> list[Text]:
    file = f.customers.file
    ignored = [msg("column_ignored", files=file.path, name=name) for name in file.ignored]
    calibration = baseline_warnings(f.own.plan, f.own.metrics["calibration"])
    return calibration + ignored + list(file.ignored_sheets)


def _warnings(plan: Plan, logs: LogSet) -> list[Text]:
    columns = [
        msg("column_ignored", files=listing(sorted(set(files))), name=name)
        for name, files in sorted(logs.ignored_columns.items())
    ]
    sheets = [Problem(sheet, 0, "", "", why) for sheet, why in logs.ignored_sheets.items()]
    return list(plan.warnings) + columns + sheets
