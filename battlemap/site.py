"""Stage 4: render every file of the site into memory (site path -> bytes)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
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
        notes[path.stem.upper()] = path.read_bytes().decode("utf-8-sig", errors="replace")
    return notes


def render_site(
    plan: Plan,
    logs: LogSet,
    metrics: dict,
    acts: Activities,
    options: Options,
    charts: ChartRenderer | None = None,
) -> dict[str, bytes]:
    """Return every file of the site."""
    customers = [str(c) for c in logs.rows["customer"].cat.categories] if len(logs.rows) else []
    inputs = Inputs(
        plan,
        logs,
        metrics,
        acts,
        read_notes(options.project),
        Privacy(customers, options.show_names, plan.locale),
    )
    env = make_environment(options.project, options.theme or plan.theme)
    _add_filters(env, plan.locale)
    has_dq = bool(logs.skipped_rows or logs.merged_rows or logs.ignored_columns)
    ctx = pages.Context(
        words=strings(plan.locale),
        locale=plan.locale,
        title=plan.title or "",
        agent=plan.agent,
        as_of=metrics["meta"]["as_of"],
        year=plan.year,
        private=options.show_names,
        has_data_quality=has_dq,
        quarters=[(q, plan.quarter_name(q)) for q in QUARTERS],
        charts=charts or ChartRenderer(),
    )
    out: dict[str, str | bytes] = {"data/metrics.json": metrics_json(metrics)}
    out |= static_files(options.project, options.theme or plan.theme)
    out["static/vega.js"] = vega_bundle()

    def page(path: str, template: str, **values) -> None:
        if path in out:
            raise ThemeError(f"two pages would be written to {path}")
        root = "../" * path.count("/")
        try:
            out[path] = env.get_template(template).render(ctx=ctx, root=root, here=path, **values)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or template
            line = getattr(exc, "lineno", None)
            raise ThemeError(f"{where}{f':{line}' if line else ''}: {exc}") from None

    page("index.html", "index.html", **_year_page(ctx, inputs))
    for q in QUARTERS:
        page(f"quarters/{q.lower()}.html", "quarter.html", **_quarter_page(ctx, inputs, q))
    periods = _periods(inputs)
    page("reviews/index.html", "reviews_index.html", periods=periods)
    review_rows = ReviewRows.read(inputs)
    for period in periods:
        page(
            f"reviews/{period.slug}.html",
            "review.html",
            **_review_page(ctx, inputs, period, review_rows),
        )
    page(
        "plan.html",
        "plan.html",
        body=render_markdown(inputs.privacy.text(plan.body)),
        plan=plan,
        targets=_plan_targets(plan, metrics),
    )
    page(
        "prospects.html",
        "prospects.html",
        prospects=pages.prospects(acts, inputs.privacy, acts.as_of),
    )
    if has_dq:
        page(
            "data-quality.html",
            "data_quality.html",
            logs=logs,
            problems=[inputs.privacy.text(str(p)) for p in logs.problems],
            m_rows=pages.metric(metrics, "meta.rows", "number"),
            m_merged=pages.metric(metrics, "meta.merged_rows", "number"),
            m_skipped=pages.metric(metrics, "meta.skipped_rows", "number"),
        )
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in out.items()}


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
        "m": lambda path, kind="money": pages.metric(metrics, path, kind),
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
    return {"rows": rows, "quarters": quarters, "shares": shares}
