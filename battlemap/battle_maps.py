"""The year, quarter and plan pages: their values and charts."""

from __future__ import annotations

import datetime as dt

from battlemap import fmt, pages
from battlemap.charts import Chart
from battlemap.metrics import (
    SHARE_TARGETS,
    Activities,
    Period,
    expected_progress,
    quarter_period,
    year_period,
)
from battlemap.pages import Context, Inputs
from battlemap.periods import weekly_activity, weekly_premium
from battlemap.plan import QUARTERS, Plan
from battlemap.text import quarter_sections, render_markdown


def year_page(ctx: Context, inputs: Inputs) -> dict:
    plan, metrics = inputs.plan, inputs.metrics
    mixes = pages.mix_rows(plan, metrics, "mix")
    year = metrics["year"]
    gap = None
    if year["premium_progress"] is not None:
        gap = year["premium_progress"] - year["expected_progress"]
    return {
        "m": pages.Figures(metrics, "year"),
        "year": year,
        "gap": gap,
        "mixes": mixes,
        "mix_chart": pages.mix_chart(ctx, mixes),
        "charts": year_charts(ctx, plan, inputs.acts, metrics),
        "alerts": pages.alerts(plan, metrics, mixes, ctx.words),
        "cadences": pages.cadence_views(ctx, metrics, "year"),
    }


def quarter_page(ctx: Context, inputs: Inputs, q: str) -> dict:
    plan, metrics = inputs.plan, inputs.metrics
    figures = metrics["quarters"][q]
    period = quarter_period(plan.year, q)
    section = quarter_sections(plan.body).get(q)
    mixes = pages.mix_rows(plan, metrics, f"quarters.{q}.mix")
    as_of, progress = inputs.acts.as_of, figures["premium_progress"]
    return {
        "m": pages.Figures(metrics, f"quarters.{q}"),
        "pace": pages.Figures(metrics, f"quarters.{q}.pace"),
        "state": "future" if as_of < period.start else "over" if as_of >= period.end else "now",
        "gap": None if progress is None else progress - figures["pace"]["expected_progress"],
        "q": q,
        "figures": figures,
        "period": period,
        "mixes": mixes,
        "mix_chart": pages.mix_chart(ctx, mixes),
        "charts": quarter_charts(ctx, plan, inputs.acts, q, figures),
        "cadences": pages.cadence_views(ctx, metrics, f"quarters.{q}"),
        "narrative": render_markdown(inputs.privacy.numbers(section)) if section else None,
    }


def _targets(figures: dict) -> dict:
    return {k: figures[k] for k in ("premium_target", "policies_target", "new_customers_target")}


def plan_targets(plan: Plan, metrics: dict) -> dict:
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
        {"q": q, "name": plan.quarter_name(q), "figures": _targets(metrics["quarters"][q])}
        for q in QUARTERS
    ]
    shares = [(k, year[f"{k}_target"]) for k in SHARE_TARGETS]
    mixes = {  # the targets only: the plan page does not change with the actuals
        dim: [{"label": row.label, "target": row.target} for row in rows]
        for dim, rows in pages.mix_rows(plan, metrics, "mix").items()
    }
    cadences = sorted(  # the year's first, then Q1…Q4; the plan's order within each
        (
            {
                "quarter": c.quarter or "",
                "label": c.label or plan.type_label(t),
                "rule": fmt.cadence(c.count, w.canonical, plan.locale),
            }
            for c, w, t in zip(plan.model.cadences, plan.windows, plan.cadence_types, strict=True)
        ),
        key=lambda c: c["quarter"],
    )
    return {
        "rows": rows,
        "quarters": quarters,
        "shares": shares,
        "mixes": mixes,
        "cadences": cadences,
    }


def plan_curve(plan: Plan, target: float | None, as_of: dt.date) -> list[dict]:
    """Return the cumulative premium the quarter-weighted plan expects, at each quarter's end."""
    if target is None:
        return []
    points = [dt.date(plan.year, 1, 1)] + [quarter_period(plan.year, q).end for q in QUARTERS]
    return [
        {"date": d.isoformat(), "value": round(target * expected_progress(plan, d), 2)}
        for d in points
    ]


def cumulative_points(acts: Activities, plan: Plan, as_of: dt.date) -> list[dict]:
    """Return the actual cumulative premium at each week's end and at as_of."""
    weeks = weekly_premium(acts, year_period(plan.year), as_of)
    total, points = 0.0, []
    for week in weeks:
        total += week["premium"]
        end = min(
            dt.date.fromisoformat(week["start"])
            + dt.timedelta(days=6 - dt.date.fromisoformat(week["start"]).weekday()),
            as_of,
            dt.date(plan.year, 12, 31),
        )
        points.append({"date": end.isoformat(), "value": round(total, 2)})
    return points


def in_chart_units(ctx: Context, points: list[dict], key: str) -> list[dict]:
    """Return amounts as the charts show them: 万 in zh-CN, yuan in en."""
    unit = 1 if ctx.locale == "en" else 10000
    return [p | {key: round(p[key] / unit, 4)} for p in points]


def year_charts(ctx: Context, plan: Plan, acts: Activities, metrics: dict) -> dict[str, Chart]:
    words, year = ctx.words, metrics["year"]
    as_of = dt.date.fromisoformat(metrics["meta"]["as_of"])
    actual = [p | {"series": words["actual"]} for p in cumulative_points(acts, plan, as_of)]
    planned = [
        p | {"series": words["plan_curve"]} for p in plan_curve(plan, year["premium_target"], as_of)
    ]
    actual, planned = in_chart_units(ctx, actual, "value"), in_chart_units(ctx, planned, "value")
    weeks = in_chart_units(ctx, weekly_premium(acts, year_period(plan.year), as_of), "premium")
    required = year["required_weekly_premium"]
    required = None if required is None else required / (1 if ctx.locale == "en" else 10000)
    stages = [  # in the plan's funnel order: calls lead to visits, visits to policies
        {"stage": words["funnel_calls"], "count": _count_of(acts, "call", year_period(plan.year))},
        {"stage": words["funnel_visits"], "count": year["visits"]},
        {"stage": words["funnel_policies"], "count": year["policies"]},
        {"stage": words["funnel_new_customers"], "count": year["new_customers"]},
    ]
    return {
        "cumulative": ctx.charts.render(
            "cumulative", words["cumulative_chart"], actual + planned, words
        ),
        "weekly": ctx.charts.render(
            "weekly", words["weekly_chart"], weeks, required, words["required_pace"], words
        ),
        "funnel": ctx.charts.render("funnel", words["funnel_chart"], stages, words),
    }


def quarter_charts(ctx: Context, plan: Plan, acts: Activities, q: str, figures: dict):
    words = ctx.words
    period = quarter_period(plan.year, q)
    weeks = in_chart_units(ctx, weekly_premium(acts, period, acts.as_of), "premium")
    pace = None
    if figures["premium_target"] is not None:
        pace = figures["premium_target"] / (period.days / 7) / (1 if ctx.locale == "en" else 10000)
    tracked = {t: plan.type_label(t) for t in tracked_types(plan, q)}
    activity = weekly_activity(acts, period, acts.as_of, tracked, words["other_types"])
    charts = {
        "weekly": ctx.charts.render(
            "weekly", words["weekly_chart"], weeks, pace, words["plan_pace"], words
        )
    }
    if activity:
        charts["activity"] = ctx.charts.render("activity", words["activity_chart"], activity, words)
    return charts


def tracked_types(plan: Plan, q: str, most: int = 5) -> list[str]:
    """Return the activity types a quarter's chart shows: its cadences', then the year's."""
    pairs = zip(plan.model.cadences, plan.cadence_types, strict=True)
    ordered = sorted(pairs, key=lambda pair: pair[0].quarter != q)  # stable: plan order kept
    found = [t for c, t in ordered if c.quarter in (q, None)]
    return list(dict.fromkeys(found))[:most]


def _count_of(acts: Activities, kind: str, period: Period) -> int:
    return int(acts.count[acts.mask(period) & acts.of_type(kind)].sum())


def plan_page(inputs: Inputs) -> dict:
    """Return the plan page's values: the narrative and the targets as tables."""
    plan = inputs.plan
    return {
        "body": render_markdown(inputs.privacy.numbers(plan.body)),
        "plan": plan,
        "targets": plan_targets(plan, inputs.metrics),
    }
