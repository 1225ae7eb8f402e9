"""Stage 4: render every file of the site into memory (site path -> bytes)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from battlemap import battle_maps, fmt, pages, reviews, team_pages
from battlemap.charts import ChartRenderer
from battlemap.encodings import LOOKS_LIKE, misread_as
from battlemap.errors import InputError, ThemeError
from battlemap.files import FileTooLarge, SpecialFile, read_regular, shown_path
from battlemap.i18n import strings
from battlemap.logs import LogSet
from battlemap.metrics import Activities
from battlemap.pages import Inputs
from battlemap.periods import ReviewPeriod
from battlemap.plan import QUARTERS, Plan
from battlemap.privacy import Privacy
from battlemap.team_pages import RollUp
from battlemap.text import markdown_problem
from battlemap.theme import make_environment, static_files, template_error

if TYPE_CHECKING:
    from battlemap.build import Options

REVIEWS_DIR = "content/reviews"


def metrics_json(metrics: dict) -> bytes:
    """Return metrics.json: sorted keys, two-space indent, UTF-8, a final newline."""
    text = json.dumps(metrics, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


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
        raise InputError(f"{rel}: {LOOKS_LIKE.format(name=really)}")
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
                raise InputError(f"{rel}: {costly}")
            notes[path.stem.upper()] = note
        except FileNotFoundError:
            continue  # deleted mid-save: the next event rebuilds with what is there then
        except (SpecialFile, FileTooLarge) as exc:
            problems.append(exc.message(rel))
        except OSError as exc:
            problems.append(f"{rel}: cannot be read — {exc.strerror}")
        except InputError as exc:
            problems += exc.messages
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

    def derive(self, inputs_key: str, name: str, compute: Callable[[], object]):
        """Return a value computed from the build's inputs, once per inputs_key."""
        if inputs_key != self.derived_key:
            self.derived, self.derived_key = {}, inputs_key
        if name not in self.derived:
            self.derived[name] = compute()
        return self.derived[name]


@dataclass(frozen=True)
class PageJob:
    """A page to write: its template, what it depends on beyond the build's inputs, its data."""

    path: str
    template: str
    depends: str
    values: Callable[[], dict]  # plain data whose repr says all the page shows
    nav: str | None = None  # the page's entry in every page's nav, if it has one


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
) -> dict[str, bytes]:
    """Return every file of the site; with a cache, re-render only pages whose inputs changed.

    `inputs_key` identifies the plan, logs, themes and options the figures come from, and
    `setup_key` the same without the logs; see `_page` for when a page is reused.
    """
    cache = cache or RenderCache()
    if not inputs_key:  # nothing is kept for a next build: derive once for this one
        cache.derived, cache.derived_key = {}, ""
    customers = [str(c) for c in logs.rows["customer"].cat.categories] if len(logs.rows) else []
    colleagues = [plan.agent or ""]
    if scope.roll_up is not None:  # agents are colleagues: their names are shown
        colleagues += [m.name for m in scope.roll_up.members]
    privacy = Privacy(customers, options.show_names, plan.locale, colleagues)
    inputs = Inputs(plan, logs, metrics, acts, read_notes(options.project, scope.notes), privacy)
    theme = options.theme or plan.theme
    out: dict[str, bytes] = {
        "data/metrics.json": cache.derive(
            inputs_key, "metrics", lambda: metrics_json(privacy.data(metrics))
        ),
        **static_files(options.project, theme),
    }
    env = cache.derive(inputs_key, "env", lambda: _environment(options.project, theme, plan.locale))
    ctx = _context(plan, logs, metrics, options, cache.charts, scope)
    notes = " ".join(sorted(inputs.notes))
    periods = cache.derive(inputs_key, f"periods {notes}", lambda: reviews.periods_of(inputs))

    def review_rows() -> reviews.ReviewRows:
        return cache.derive(inputs_key, "reviews", lambda: reviews.ReviewRows.read(inputs))

    jobs = page_jobs(ctx, inputs, periods, review_rows)
    if scope.roll_up is not None:
        jobs = team_jobs(jobs, scope.roll_up, metrics, periods)
    ctx.nav = [(job.path, job.nav) for job in jobs if job.nav]
    page_setup = _digest(setup_key, repr(ctx)) if setup_key else ""
    cache.rendered = []
    for job in jobs:
        if job.path in out:
            raise ThemeError(f"two pages would be written to {job.path}")
        out[job.path] = _page(cache, env, ctx, job, (inputs_key, page_setup), privacy)
    for stale in set(cache.pages) - set(out):
        del cache.pages[stale]
    out = _through_privacy(out, privacy)
    return {scope.prefix + path: content for path, content in out.items()}


_FILTERED = ("data/metrics.json",)  # filtered as it was made (pages are, as rendered)


def _through_privacy(out: dict[str, bytes], privacy: Privacy) -> dict[str, bytes]:
    """Pass every published JSON file and calendar not filtered yet through the privacy filter.

    Keep this the last step of render_site (before the site's prefix): whatever file a page
    kind adds is then filtered.
    """
    for path, content in out.items():
        if path.endswith((".json", ".ics")) and path not in _FILTERED:
            out[path] = privacy.file(path, content)
    return out


def _context(
    plan: Plan, logs: LogSet, metrics: dict, options: Options, charts, scope: Scope = Scope()
) -> pages.Context:
    return pages.Context(
        words=strings(plan.locale),
        locale=plan.locale,
        title=plan.title or "",
        agent=plan.agent,
        as_of=metrics["meta"]["as_of"],
        year=plan.year,
        private=options.show_names,
        has_data_quality=bool(
            logs.skipped_rows or logs.merged_rows or logs.ignored_columns or logs.ignored_sheets
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
    unchanged; it is also reused when the logs changed but its values (plain data whose repr
    says all the page shows) did not: a row appended in May leaves March's review as it was.
    A reused page goes through the privacy filter again when the customers it knows changed.
    """
    inputs_key, setup_key = keys  # setup_key also covers ctx; "" when nothing is reused
    fast = _digest(inputs_key, job.template, job.depends)
    cached = cache.pages.get(job.path)
    if inputs_key and cached is not None and cached.fast == fast:
        return cached.html
    values = job.values()
    slow = _digest(setup_key, job.template, repr(values)) if setup_key else None
    if slow and cached is not None and cached.slow == slow:
        raw = cached.raw
        html = cached.html if cached.privacy == privacy.key else privacy.html(raw).encode()
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


def _render(
    env: jinja2.Environment, ctx: pages.Context, path: str, template: str, values: dict
) -> str:
    root = "../" * path.count("/")
    try:
        return env.get_template(template).render(ctx=ctx, root=root, here=path, **values)
    except ThemeError:
        raise
    except Exception as exc:  # noqa: BLE001 - a theme's template may fail in any way
        project = env.project  # type: ignore[attr-defined]
        raise template_error(exc, template, project) from None


def page_jobs(
    ctx: pages.Context,
    inputs: Inputs,
    periods: list[ReviewPeriod],
    review_rows: Callable[[], reviews.ReviewRows],
) -> list[PageJob]:
    """Return every page of the site, in order, each with what it depends on."""

    def review(period: ReviewPeriod) -> dict:
        return reviews.review_page(ctx, inputs, period, review_rows())

    def note(period: ReviewPeriod) -> str:
        return inputs.notes.get(period.note_name, "")

    quarters = [
        PageJob(
            f"quarters/{q.lower()}.html",
            "quarter.html",
            q,
            partial(battle_maps.quarter_page, ctx, inputs, q),
            f"{q} {name}",
        )
        for q, name in ctx.quarters
    ]
    review_pages = [
        PageJob(f"reviews/{p.slug}.html", "review.html", f"{p.slug}\0{note(p)}", partial(review, p))
        for p in periods
    ]
    noted = [p.slug for p in periods if p.note_name in inputs.notes]
    slugs = " ".join(p.slug for p in periods) + "\0" + " ".join(noted)
    words = ctx.words
    year = partial(battle_maps.year_page, ctx, inputs)
    jobs = [
        PageJob("index.html", "index.html", "", year, words["overview"]),
        *quarters,
        PageJob(
            "reviews/index.html",
            "reviews_index.html",
            slugs,
            lambda: {"periods": periods[::-1], "noted": noted},  # the newest first
            words["reviews"],
        ),
        *review_pages,
        PageJob(
            "plan.html", "plan.html", "", partial(battle_maps.plan_page, inputs), words["plan"]
        ),
        PageJob(
            "prospects.html",
            "prospects.html",
            "",
            partial(pages.prospects_page, inputs),
            words["prospects"],
        ),
    ]
    if ctx.has_data_quality:
        values = partial(pages.data_quality_page, inputs)
        jobs.append(
            PageJob("data-quality.html", "data_quality.html", "", values, words["data_quality"])
        )
    return jobs


def team_jobs(
    jobs: list[PageJob], roll_up: RollUp, metrics: dict, periods: list[ReviewPeriod]
) -> list[PageJob]:
    """Return a team's pages: the one-agent pages over the team's figures, with its agents.

    The year page gains the leaderboard, battle maps and reviews a row per agent; the
    prospects are each agent's own (a customer is an agent's), so the team has no such page.
    """
    by_slug = {f"reviews/{p.slug}.html": p for p in periods}

    def extend(job: PageJob, template: str, extra: Callable[[], dict]) -> PageJob:
        values = job.values
        return replace(job, template=template, values=lambda: values() | extra())

    out = []
    for job in jobs:
        if job.path == "index.html":
            job = extend(job, "team_index.html", partial(team_pages.team_index_values, metrics))
        elif job.path.startswith("quarters/"):
            q = job.path.split("/")[1][:2].upper()
            rows = partial(team_pages.quarter_rows, roll_up, q)
            job = extend(job, "team_quarter.html", lambda rows=rows: {"agent_rows": rows()})
        elif job.path in by_slug:
            rows = partial(team_pages.review_rows, roll_up, by_slug[job.path])
            job = extend(job, "team_review.html", lambda rows=rows: {"agent_rows": rows()})
        elif job.path == "prospects.html":
            continue
        out.append(job)
    return out


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
