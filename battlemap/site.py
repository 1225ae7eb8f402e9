"""Stage 4: render every file of the site into memory (site path -> bytes)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from battlemap import fmt
from battlemap.actions import NextActions, shown
from battlemap.charts import ChartRenderer
from battlemap.encodings import misread_as
from battlemap.errors import InputError, ThemeError
from battlemap.files import FileTooLarge, SpecialFile, read_regular, shown_path
from battlemap.i18n import strings
from battlemap.ics import actions_calendar
from battlemap.jsontext import json_file
from battlemap.logs import LogSet
from battlemap.messages import Problem, msg, reason
from battlemap.metrics import Activities
from battlemap.pages import page_jobs
from battlemap.pages.base import Context, Inputs, PageJob, Shared, fields_of
from battlemap.pages.reviews import CaseMemo, ReviewRows, periods_of
from battlemap.pages.team import RollUp, team_jobs
from battlemap.plan import QUARTERS, Plan
from battlemap.privacy import Privacy
from battlemap.shared_work import run_shared
from battlemap.text import markdown_problem
from battlemap.theme import make_environment, static_files, template_error

if TYPE_CHECKING:
    from battlemap.build import Options

REVIEWS_DIR = "content/reviews"


def metrics_json(metrics: dict) -> bytes:
    """Return metrics.json: sorted keys, two-space indent, UTF-8, a final newline."""
    return json_file(metrics)


NOTE_LIMIT = 1 << 18  # bytes: a review note is a page of text


def _decode_text(data: bytes, rel: str) -> str:
    """Decode a note saved as UTF-8 (with or without BOM) or, on Chinese Windows, GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    really = misread_as(data, text)
    if really:
        raise InputError(Problem(rel, 0, "", "", msg("looks_like", name=really)))
    return text if text is not None else data.decode("gb18030", errors="replace")


def read_notes(project: Path, folder_rel: str = REVIEWS_DIR) -> dict[str, str]:
    """Return the review notes of content/reviews/*.md, keyed by their upper-case stem.

    A team's agent has their own in content/reviews/<slug>/.
    """
    folder = project / folder_rel
    notes, problems = {}, []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = shown_path(path, project)
        try:
            note = _decode_text(read_regular(path, NOTE_LIMIT), rel)
            costly = markdown_problem(note)
            if costly:
                raise InputError(Problem(rel, 0, "", "", costly))
            notes[path.stem.upper()] = note
        except FileNotFoundError:
            continue  # deleted mid-save: the next event rebuilds with what is there then
        except (SpecialFile, FileTooLarge) as exc:
            problems.append(exc.message(rel))
        except OSError as exc:
            problems.append(Problem(rel, 0, "", "", msg("cannot_read", why=reason(exc))))
        except InputError as exc:
            problems += exc.items
    if problems:
        raise InputError(problems)
    return notes


@dataclass(frozen=True)
class CachedPage:
    """A rendered page, with the keys that tell when it may be reused."""

    fast: str  # key of the build's inputs and the page's dependencies
    slow: str | None  # key of the values it shows
    raw: str  # as rendered
    privacy: str  # key of the privacy filter it went through
    html: bytes  # as published


@dataclass
class RenderCache:
    """What a rebuild may reuse: charts by their inputs, pages by what they depend on."""

    charts: ChartRenderer = field(default_factory=ChartRenderer)
    pages: dict[str, CachedPage] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # the paths the last render rendered
    derived: dict[str, object] = field(default_factory=dict)  # name -> value, for inputs_key
    derived_key: str = ""
    filters: dict[object, Privacy] = field(default_factory=dict)  # the last privacy filter
    filtered: dict[str, Privacy] = field(default_factory=dict)  # its key -> that filter
    cases: CaseMemo = field(default_factory=CaseMemo)  # review pages' cases, by their rows
    env: tuple[tuple, jinja2.Environment] | None = None  # the setup it is of, the environment

    def privacy(self, *args) -> Privacy:
        """Return the privacy filter of these names and options, built once while they hold."""
        key = repr(args)
        if key not in self.filters:
            made = Privacy.following(next(iter(self.filters.values()), None), *args)
            self.filters = {key: made}  # compiling every name's pattern costs; keep the last
            self.filtered = {k: f for k, f in self.filtered.items() if k in self.pages_keys()}
            self.filtered[made.key] = made
        return self.filters[key]

    def pages_keys(self) -> set[str]:
        return {page.privacy for page in self.pages.values()}

    def environment(self, setup_key: str, project: Path, theme: str, locale: str):
        """Return the theme's template environment, kept while the setup is the same (its
        templates compiled once, not on every save of a log)."""
        key = (setup_key, str(project), theme, locale)
        if not setup_key or self.env is None or self.env[0] != key:
            self.env = (key, _environment(project, theme, locale))
        return self.env[1]

    def derive(self, inputs_key: str, name: str, compute: Callable[[], object]):
        """Return a value computed from the build's inputs, once per inputs_key."""
        if inputs_key != self.derived_key:
            self.derived, self.derived_key = {}, inputs_key
        if name not in self.derived:
            self.derived[name] = compute()
        return self.derived[name]


@dataclass(frozen=True)
class Scope:
    """Where a site sits: a project's own (one agent's, or a team's), or an agent's in a team."""

    prefix: str = ""  # agents/<slug>/ for an agent's site within a team
    notes: str = REVIEWS_DIR  # the folder of its review notes
    team_title: str | None = None  # an agent's site: the team's title, for the way back
    roll_up: RollUp | None = None  # the team's site: its agents


def render_site(
    plan: Plan,
    logs: LogSet,
    metrics: dict,
    acts: Activities,
    options: Options,
    cache: RenderCache | None = None,
    inputs_key: str = "",
    setup_key: str = "",
    scope: Scope = Scope(),
    actions: NextActions | None = None,
) -> dict[str, bytes]:
    """Return every file of the site; with a cache, re-render only pages whose inputs changed.

    `inputs_key` identifies the plan, logs, themes and options the figures come from, and
    `setup_key` the same without the logs; see `_page` for when a page is reused.
    """
    cache = cache or RenderCache()
    if not inputs_key:  # nothing is kept for a next build: derive once for this one
        cache.derived, cache.derived_key = {}, ""
    customers = [str(c) for c in logs.rows["customer"].cat.categories] if len(logs.rows) else []
    names = list(actions.customers) if actions else []
    colleagues = [plan.agent or ""]
    if scope.roll_up is not None:  # agents are colleagues: their names are shown
        colleagues += [m.name for m in scope.roll_up.members]
    names = sorted(set(customers + names))
    privacy = cache.privacy(names, options.show_names, plan.locale, sorted(set(colleagues)))
    notes_ = read_notes(options.project, scope.notes)
    inputs = Inputs(plan, logs, metrics, acts, notes_, privacy, actions)
    theme = options.theme or plan.theme
    out: dict[str, bytes] = {
        "data/metrics.json": cache.derive(
            inputs_key, "metrics", lambda: metrics_json(privacy.data(metrics))
        ),
        **static_files(options.project, theme),
    }
    env = cache.environment(setup_key, options.project, theme, plan.locale)
    skipped_customers = bool(actions and actions.problems)
    ctx = _context(plan, logs, metrics, options, cache.charts, scope, skipped_customers)
    notes = " ".join(sorted(inputs.notes))
    periods = cache.derive(inputs_key, f"periods {notes}", lambda: periods_of(inputs))

    def review_rows() -> ReviewRows:
        return cache.derive(inputs_key, "reviews", lambda: ReviewRows.read(inputs, cache.cases))

    jobs = page_jobs(ctx, inputs, Shared(periods, review_rows, bool(inputs_key)))
    if scope.roll_up is not None:
        jobs = team_jobs(jobs, scope.roll_up, metrics, periods)
    ctx.nav = [(job.path, job.nav) for job in jobs if job.nav]
    page_setup = _digest(setup_key, repr(ctx)) if setup_key else ""
    paths = set(out)
    for job in jobs:
        if job.path in paths:
            raise ThemeError(msg("two_pages", path=job.path))
        paths.add(job.path)
    cache.rendered = []

    def page(job: PageJob) -> bytes:
        return _page(cache, env, ctx, job, (inputs_key, page_setup), privacy)

    ordered = sorted(jobs, key=lambda job: not job.long)  # the long ones first
    tasks = [partial(_action_files, plan, actions, privacy)] + [partial(page, j) for j in ordered]
    # a one-off build of a one-agent project (nothing is kept, so every page is new) shares
    # its pages out between forked copies; an agent's site in a team is one worker's task
    # already, and a team's own site is made holding every agent's files, which a copy of it
    # would count twice
    one_agent = not scope.prefix and scope.roll_up is None
    processes = options.workers if not inputs_key and one_agent else 1
    action_files, *pages = run_shared(tasks, processes)
    made = {job.path: html for job, html in zip(ordered, pages, strict=True)}
    out |= action_files | {job.path: made[job.path] for job in jobs}
    if processes > 1:  # some rendered by another process; in a one-off build every page is new
        cache.rendered = [job.path for job in jobs]
    for stale in set(cache.pages) - set(out):
        del cache.pages[stale]
    out = _through_privacy(out, privacy)
    return {scope.prefix + path: content for path, content in out.items()}


# filtered as they were made, from data through the filter (pages are, as rendered)
_FILTERED = ("data/metrics.json", "data/actions.json", "actions.ics")


def _through_privacy(out: dict[str, bytes], privacy: Privacy) -> dict[str, bytes]:
    """Pass every published JSON file and calendar not filtered yet through the privacy filter.

    Keep this the last step of render_site (before the site's prefix): whatever file a page
    kind adds is then filtered.
    """
    for path, content in out.items():
        if path.endswith((".json", ".ics")) and path not in _FILTERED:
            out[path] = privacy.file(path, content)
    return out


def _action_files(plan: Plan, actions: NextActions | None, privacy: Privacy) -> dict[str, bytes]:
    """Return data/actions.json and actions.ics, names as the pages show them (if listed).

    Both are made from the lists through the filter (every string of them, as any JSON
    file's): the calendar adds only the locale's words, dates and amounts to them.
    """
    if actions is None or not actions.lists:
        return {}
    lists = privacy.data(shown(actions, privacy))
    words = strings(plan.locale)
    return {
        "data/actions.json": metrics_json(lists),
        "actions.ics": actions_calendar(plan, lists, words, plan.title or ""),
    }


def _context(
    plan: Plan,
    logs: LogSet,
    metrics: dict,
    options: Options,
    charts,
    scope: Scope = Scope(),
    skipped_customers: bool = False,
) -> Context:
    return Context(
        words=strings(plan.locale),
        locale=plan.locale,
        title=plan.title or "",
        agent=plan.agent,
        as_of=metrics["meta"]["as_of"],
        year=plan.year,
        private=options.show_names,
        has_data_quality=bool(
            logs.skipped_rows
            or logs.merged_rows
            or logs.ignored_columns
            or logs.ignored_sheets
            or skipped_customers
        ),
        quarters=[(q, plan.quarter_name(q)) for q in QUARTERS],
        charts=charts,
        team_title=scope.team_title,
        team_root="../" * scope.prefix.count("/"),
        is_team=scope.roll_up is not None,
    )


def _page(cache: RenderCache, env, ctx, job: PageJob, keys: tuple[str, str], privacy: Privacy):
    """Return a page, rendered again only when what it shows changed, through the privacy filter.

    The page is reused as it is while the build's inputs and its own dependencies are
    unchanged (or, for a job whose dependencies say what the logs change in it, the setup and
    those); it is also reused when the logs changed but its values (plain data whose repr
    says all the page shows) did not: a row appended in May leaves March's review as it was.
    A reused page goes through the privacy filter again when the customers it knows changed.
    """
    inputs_key, setup_key = keys  # setup_key also covers ctx; "" when nothing is reused
    fast = _digest(setup_key if job.logs_in_depends else inputs_key, job.template, job.depends)
    cached = cache.pages.get(job.path)
    values = slow = None
    if inputs_key and setup_key and cached is not None and cached.fast == fast:
        if cached.privacy == privacy.key:
            return cached.html
        slow = cached.slow  # the same page: only the filter changed
    else:
        values = job.values()
        slow = _digest(setup_key, job.template, repr(values)) if setup_key else None
    if cached is not None and slow and cached.slow == slow:
        raw = cached.raw
        old = cache.filtered.get(cached.privacy)
        fits = cached.privacy == privacy.key or (old is not None and privacy.still_fits(raw, old))
        html = cached.html if fits else privacy.html(raw).encode()
        if html != cached.html:
            cache.rendered.append(job.path)
    else:
        raw = _render(env, ctx, job.path, job.template, values)
        html = privacy.html(raw).encode("utf-8")
        cache.rendered.append(job.path)
    cache.pages[job.path] = CachedPage(fast, slow, raw, privacy.key, html)
    return html


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _render(env: jinja2.Environment, ctx: Context, path: str, template: str, values) -> str:
    root = "../" * path.count("/")
    try:
        names = fields_of(values)
        return env.get_template(template).render(ctx=ctx, root=root, here=path, **names)
    except ThemeError:
        raise
    except Exception as exc:  # noqa: BLE001 - a theme's template may fail in any way
        project = env.project  # type: ignore[attr-defined]
        raise template_error(exc, template, project) from None


def _environment(project: Path, theme: str, locale: str) -> jinja2.Environment:
    env = make_environment(project, theme)
    env.project = project  # type: ignore[attr-defined] - for messages naming a template
    _add_filters(env, locale)
    return env


def _add_filters(env: jinja2.Environment, locale: str) -> None:
    env.filters["money"] = lambda v: fmt.money(v, locale)
    env.filters["yuan"] = fmt.yuan
    env.filters["wan"] = lambda v: fmt.wan(v, locale)
    env.filters["approx"] = lambda v: fmt.count(v, locale)
    env.filters["points"] = lambda v: fmt.points(v, locale)
    env.filters["percent"] = fmt.percent
    env.filters["number"] = fmt.number
    env.filters["day"] = lambda v: fmt.day(v, locale)
    env.filters["full_day"] = lambda v: fmt.full_day(v, locale)
    env.filters["raw"] = fmt.raw
