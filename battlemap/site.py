"""Stage 4: render every file of the site into memory (site path -> bytes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import numpy as np

from battlemap import fmt, pages
from battlemap.charts import ChartRenderer, vega_bundle
from battlemap.errors import ThemeError
from battlemap.i18n import strings
from battlemap.logs import LogSet
from battlemap.metrics import SHARE_TARGETS, Activities, quarter_period
from battlemap.periods import ReviewPeriod, review_periods
from battlemap.plan import QUARTERS, Plan
from battlemap.privacy import Privacy
from battlemap.text import quarter_sections, render_markdown
from battlemap.theme import make_environment, static_files
from battlemap.vocab import CHANNELS, OUTCOMES, label

if TYPE_CHECKING:
    from battlemap.build import Options

REVIEWS_DIR = "content/reviews"


@dataclass(frozen=True)
class Inputs:
    """Everything the pages are rendered from."""

    plan: Plan
    logs: LogSet
    metrics: dict
    acts: Activities
    notes: dict[str, str]  # period stem (2026-W05) -> markdown
    privacy: Privacy


def metrics_json(metrics: dict) -> bytes:
    """Return metrics.json: sorted keys, two-space indent, UTF-8, a final newline."""
    text = json.dumps(metrics, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def read_notes(project: Path) -> dict[str, str]:
    """Return the review notes of content/reviews/*.md, keyed by their upper-case stem."""
    folder = project / REVIEWS_DIR
    notes = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            notes[path.stem.upper()] = path.read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            continue  # deleted mid-save: the next event rebuilds with what is there then
    return notes


@dataclass
class RenderCache:
    """What a rebuild may reuse: charts by their inputs, pages by what they depend on."""

    charts: ChartRenderer = field(default_factory=ChartRenderer)
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (key, html)
    rendered: list[str] = field(default_factory=list)  # the paths the last render rendered
    derived: dict[str, object] = field(default_factory=dict)  # name -> value, for inputs_key
    derived_key: str = ""

    def derive(self, inputs_key: str, name: str, compute: Callable[[], object]):
        """Return a value computed from the build's inputs, once per inputs_key."""
        if not inputs_key:
            return compute()
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
    values: Callable[[], dict]


def render_site(
    plan: Plan,
    logs: LogSet,
    metrics: dict,
    acts: Activities,
    options: Options,
    cache: RenderCache | None = None,
    inputs_key: str = "",
) -> dict[str, bytes]:
    """Return every file of the site; with a cache, re-render only pages whose inputs changed.

    `inputs_key` identifies the plan, logs, theme and options the figures come from; a page
    is reused when that key and its own dependencies (a review note) are unchanged.
    """
    cache = cache or RenderCache()
    customers = [str(c) for c in logs.rows["customer"].cat.categories] if len(logs.rows) else []
    privacy = Privacy(customers, options.show_names, plan.locale)
    inputs = Inputs(plan, logs, metrics, acts, read_notes(options.project), privacy)
    theme = options.theme or plan.theme
    env = cache.derive(inputs_key, "env", lambda: _environment(options.project, theme, plan.locale))
    ctx = _context(plan, logs, metrics, options, cache.charts)
    out: dict[str, bytes] = {
        "data/metrics.json": cache.derive(inputs_key, "metrics", lambda: metrics_json(metrics))
    }
    out |= static_files(options.project, theme)
    out["static/vega.js"] = vega_bundle()
    cache.rendered = []
    review_rows = lambda: cache.derive(inputs_key, "reviews", lambda: ReviewRows.read(inputs))  # noqa: E731
    notes = " ".join(sorted(inputs.notes))
    periods = cache.derive(inputs_key, f"periods {notes}", lambda: _periods(inputs))
    for job in page_jobs(ctx, inputs, periods, review_rows):
        if job.path in out:
            raise ThemeError(f"two pages would be written to {job.path}")
        key = hashlib.sha256(f"{inputs_key}\0{job.template}\0{job.depends}".encode()).hexdigest()
        cached = cache.pages.get(job.path)
        if not inputs_key or cached is None or cached[0] != key:
            cached = (key, _render(env, ctx, job))
            cache.pages[job.path] = cached
            cache.rendered.append(job.path)
        out[job.path] = cached[1]
    for stale in set(cache.pages) - set(out):
        del cache.pages[stale]
    return out


def _context(plan: Plan, logs: LogSet, metrics: dict, options: Options, charts) -> pages.Context:
    return pages.Context(
        words=strings(plan.locale),
        locale=plan.locale,
        title=plan.title or "",
        agent=plan.agent,
        as_of=metrics["meta"]["as_of"],
        year=plan.year,
        private=options.show_names,
        has_data_quality=bool(logs.skipped_rows or logs.merged_rows or logs.ignored_columns),
        quarters=[(q, plan.quarter_name(q)) for q in QUARTERS],
        charts=charts,
    )


def _render(env: jinja2.Environment, ctx: pages.Context, job: PageJob) -> bytes:
    root = "../" * job.path.count("/")
    try:
        template = env.get_template(job.template)
        html = template.render(ctx=ctx, root=root, here=job.path, **job.values())
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or job.template
        line = getattr(exc, "lineno", None)
        raise ThemeError(f"{where}{f':{line}' if line else ''}: {exc}") from None
    return html.encode("utf-8")


def page_jobs(
    ctx: pages.Context,
    inputs: Inputs,
    periods: list[ReviewPeriod],
    review_rows: Callable[[], ReviewRows],
) -> list[PageJob]:
    """Return every page of the site, in order, each with what it depends on."""
    plan, metrics, acts = inputs.plan, inputs.metrics, inputs.acts

    def review(period: ReviewPeriod) -> dict:
        return _review_page(ctx, inputs, period, review_rows())

    jobs = [PageJob("index.html", "index.html", "", lambda: _year_page(ctx, inputs))]
    for q in QUARTERS:
        jobs.append(
            PageJob(
                f"quarters/{q.lower()}.html",
                "quarter.html",
                q,
                lambda q=q: _quarter_page(ctx, inputs, q),
            )
        )
    slugs = " ".join(p.slug for p in periods)
    jobs.append(
        PageJob("reviews/index.html", "reviews_index.html", slugs, lambda: {"periods": periods})
    )
    for period in periods:
        note = inputs.notes.get(period.note_name, "")
        jobs.append(
            PageJob(
                f"reviews/{period.slug}.html",
                "review.html",
                f"{period.slug}\0{note}",
                lambda period=period: review(period),
            )
        )
    jobs.append(
        PageJob(
            "plan.html",
            "plan.html",
            "",
            lambda: {
                "body": render_markdown(inputs.privacy.text(plan.body)),
                "plan": plan,
                "targets": _plan_targets(plan, metrics),
            },
        )
    )
    jobs.append(
        PageJob(
            "prospects.html",
            "prospects.html",
            "",
            lambda: {"prospects": pages.prospects(acts, inputs.privacy, acts.as_of, plan.locale)},
        )
    )
    if ctx.has_data_quality:
        jobs.append(
            PageJob(
                "data-quality.html",
                "data_quality.html",
                "",
                lambda: {
                    "logs": inputs.logs,
                    "problems": [inputs.privacy.text(str(p)) for p in inputs.logs.problems],
                    "m_rows": pages.metric(metrics, "meta.rows", "number"),
                    "m_merged": pages.metric(metrics, "meta.merged_rows", "number"),
                    "m_skipped": pages.metric(metrics, "meta.skipped_rows", "number"),
                },
            )
        )
    return jobs


def _environment(project: Path, theme: str, locale: str) -> jinja2.Environment:
    env = make_environment(project, theme)
    _add_filters(env, locale)
    return env


def _add_filters(env: jinja2.Environment, locale: str) -> None:
    env.filters["money"] = lambda v: fmt.money(v, locale)
    env.filters["percent"] = fmt.percent
    env.filters["number"] = fmt.number
    env.filters["day"] = lambda v: fmt.day(v, locale)
    env.filters["full_day"] = lambda v: fmt.full_day(v, locale)
    env.filters["raw"] = fmt.raw
    env.filters["json_script"] = lambda v: jinja2.utils.markupsafe.Markup(
        v.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


def _year_page(ctx: pages.Context, inputs: Inputs) -> dict:
    plan, metrics = inputs.plan, inputs.metrics
    mixes = pages.mix_rows(plan, metrics, "mix")
    year = metrics["year"]
    gap = None
    if year["premium_progress"] is not None:
        gap = year["premium_progress"] - year["expected_progress"]
    cadences, strip = pages.cadence_views(ctx, metrics, "year")
    return {
        "m": lambda path, kind="money": pages.metric(metrics, f"year.{path}", kind),
        "year": year,
        "gap": gap,
        "mixes": mixes,
        "mix_chart": pages.mix_chart(ctx, mixes),
        "charts": pages.year_charts(ctx, plan, inputs.acts, metrics),
        "alerts": pages.alerts(plan, metrics, mixes, ctx.words),
        "cadences": cadences,
        "strip": strip,
    }


def _quarter_page(ctx: pages.Context, inputs: Inputs, q: str) -> dict:
    plan, metrics = inputs.plan, inputs.metrics
    figures = metrics["quarters"][q]
    period = quarter_period(plan.year, q)
    section = quarter_sections(plan.body).get(q)
    mixes = pages.mix_rows(plan, metrics, f"quarters.{q}.mix")
    cadences, strip = pages.cadence_views(ctx, metrics, f"quarters.{q}")
    return {
        "m": lambda path, kind="money": pages.metric(metrics, f"quarters.{q}.{path}", kind),
        "q": q,
        "figures": figures,
        "period": period,
        "mixes": mixes,
        "mix_chart": pages.mix_chart(ctx, mixes),
        "charts": pages.quarter_charts(ctx, plan, inputs.acts, q, figures),
        "cadences": cadences,
        "strip": strip,
        "narrative": render_markdown(inputs.privacy.text(section)) if section else None,
    }


def _periods(inputs: Inputs) -> list[ReviewPeriod]:
    acts, plan = inputs.acts, inputs.plan
    in_year = acts.date[
        (acts.date >= np.datetime64(dt.date(plan.year, 1, 1)))
        & (acts.date <= np.datetime64(dt.date(plan.year, 12, 31)))
    ]
    days = sorted({d.astype("datetime64[D]").item() for d in np.unique(in_year)})
    return review_periods(days, set(inputs.notes))


@dataclass(frozen=True)
class ReviewRows:
    """The rows review pages list, read once: cases by date, activity counts by type."""

    dates: np.ndarray  # datetime64 of every row, ascending
    type_codes: np.ndarray
    type_names: list[str]
    won: list[tuple[np.datetime64, dict]]
    lost: list[tuple[np.datetime64, dict]]

    @classmethod
    def read(cls, inputs: Inputs) -> ReviewRows:
        acts, plan, privacy = inputs.acts, inputs.plan, inputs.privacy
        rows = acts.rows
        lost = (acts.of_type("visit") | acts.of_type("call")) & (
            rows["outcome"] == "lost"
        ).to_numpy()

        def cases(mask: np.ndarray) -> list[tuple[np.datetime64, dict]]:
            picked = rows[mask]
            return [
                (day, _case(plan, privacy, record))
                for day, record in zip(acts.date[mask], picked.to_dict("records"), strict=True)
            ]

        return cls(acts.date, acts.type_codes(), acts.type_names(), cases(acts.policy), cases(lost))

    def span(self, period) -> tuple[int, int]:
        lo = int(np.searchsorted(self.dates, np.datetime64(period.start), side="left"))
        hi = int(np.searchsorted(self.dates, np.datetime64(period.end) + np.timedelta64(1, "D")))
        return lo, hi


def _review_page(ctx: pages.Context, inputs: Inputs, period: ReviewPeriod, rows: ReviewRows):
    acts, plan, privacy = inputs.acts, inputs.plan, inputs.privacy
    lo, hi = rows.span(period.period)
    counts = np.bincount(
        rows.type_codes[lo:hi], weights=acts.count[lo:hi], minlength=len(rows.type_names)
    )
    start, end = np.datetime64(period.period.start), np.datetime64(period.period.end)
    note = inputs.notes.get(period.note_name)
    return {
        "period": period,
        "title": period.title(plan.locale),
        "figures": pages.period_totals(acts, period.period),
        "activities": sorted(
            (plan.type_label(k), int(n)) for k, n in zip(rows.type_names, counts, strict=True) if n
        ),
        "cadences": _cadence_windows(inputs, period),
        "won": [case for day, case in rows.won if start <= day <= end],
        "lost": [case for day, case in rows.lost if start <= day <= end],
        "note": render_markdown(privacy.text(note)) if note else None,
    }


def _case(plan: Plan, privacy: Privacy, row: dict) -> dict:
    return {
        "date": row["date"].date().isoformat(),
        "customer": privacy.name(str(row["customer"])),
        "type": plan.type_label(str(row["type"])),
        "product": label(plan.products, row["product"], plan.locale) if row["product"] else "",
        "channel": label(CHANNELS, row["channel"], plan.locale) if row["channel"] else "",
        "premium": row["premium"] / 100 if row["premium"] >= 0 else None,
        "reason": privacy.text(str(row["reason"])),
        "note": privacy.text(str(row["note"])),
        "outcome": label(OUTCOMES, row["outcome"], plan.locale) if row["outcome"] else "",
    }


def _cadence_windows(inputs: Inputs, period: ReviewPeriod) -> list[dict]:
    """Return each cadence's windows that overlap the review period."""
    metrics, out = inputs.metrics, []
    scopes = [metrics["year"]["cadences"]] + [metrics["quarters"][q]["cadences"] for q in QUARTERS]
    start, end = period.period.start.isoformat(), period.period.end.isoformat()
    for cadences in scopes:
        for cad in cadences:
            windows = [w for w in cad["windows"] if w["start"] <= end and w["end"] >= start]
            if windows:
                out.append(
                    {
                        "label": cad["label"],
                        "count": cad["count"],
                        "per": cad["per"],
                        "windows": windows,
                    }
                )
    return out


def _plan_targets(plan: Plan, metrics: dict) -> dict:
    year = metrics["year"]
    rows = []
    for key in ("premium", "policies", "new_customers"):
        spec = getattr(plan.targets, key)
        rows.append(
            {
                "key": key,
                "baseline": getattr(plan.baseline, key),
                "growth": spec.growth if spec else None,
                "metric": pages.metric(
                    metrics, f"year.{key}_target", "money" if key == "premium" else "number"
                ),
            }
        )
    quarters = [
        {"q": q, "name": plan.quarter_name(q), "figures": metrics["quarters"][q]} for q in QUARTERS
    ]
    shares = [(k, year[f"{k}_target"]) for k in SHARE_TARGETS]
    mixes = pages.mix_rows(plan, metrics, "mix")
    cadences = [
        {"quarter": c.quarter or "", "label": c.label or plan.type_label(t), "count": c.count,
         "per": w.canonical}
        for c, w, t in zip(plan.model.cadences, plan.windows, plan.cadence_types, strict=True)
    ]
    return {"rows": rows, "quarters": quarters, "shares": shares, "mixes": mixes,
            "cadences": cadences}
