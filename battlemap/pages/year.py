"""The year page (index.html): the year against its targets, pace, mixes, alerts, funnel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

from battlemap.activities import Activities
from battlemap.charts import Chart
from battlemap.metrics import expected_progress
from battlemap.pages import alerts as alerts_
from battlemap.pages import calibration
from battlemap.pages.alerts import Alert
from battlemap.pages.base import Context, Figures, Inputs, PageJob, in_chart_units
from battlemap.pages.calibration import Sentence
from battlemap.pages.figures import CadenceView, MixRow, cadence_views, mix_chart, mix_rows
from battlemap.periods import weekly_premium
from battlemap.plan import QUARTERS, Plan
from battlemap.spans import Period, quarter_period, year_period


@dataclass(frozen=True)
class YearPage:
    """index.html: the year against its targets, pace, mixes, alerts, funnel."""

    m: Figures = field(
        metadata={
            "help": 'the year figures: m("premium_total") is the Metric at year.premium_total'
        }
    )
    year: dict = field(metadata={"help": "metrics.json's year block, as plain data"})
    gap: float | None = field(
        metadata={"help": "premium_progress − expected_progress (None without a target)"}
    )
    mixes: dict[str, list[MixRow]] = field(
        metadata={"help": "each mix (product, channel, tier) as rows of actual vs target"}
    )
    mix_chart: Chart | None = field(metadata={"help": "every mix in one chart"})
    charts: dict[str, Chart] = field(metadata={"help": "cumulative, weekly and funnel charts"})
    alerts: list[Alert] = field(
        metadata={"help": "the figures on the wrong side, largest gap first"}
    )
    cadences: list[CadenceView] = field(metadata={"help": "the year's cadences with their strips"})
    needs: Sentence = field(metadata={"help": "the reverse funnel as one sentence (SPEC §6)"})


def year_page(ctx: Context, inputs: Inputs) -> dict:
    plan, metrics = inputs.plan, inputs.metrics
    mixes = mix_rows(plan, metrics, "mix")
    year = metrics["year"]
    gap = None
    if year["premium_progress"] is not None:
        gap = year["premium_progress"] - year["expected_progress"]
    return YearPage(
        m=Figures(metrics, "year"),
        year=year,
        gap=gap,
        mixes=mixes,
        mix_chart=mix_chart(ctx, mixes),
        charts=year_charts(ctx, plan, inputs.acts, metrics),
        alerts=alerts_.alerts(plan, metrics, mixes, ctx.words),
        cadences=cadence_views(ctx, metrics, "year"),
        needs=calibration.funnel_sentence(ctx.words, metrics),
    )


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


def _count_of(acts: Activities, kind: str, period: Period) -> int:
    return int(acts.count[acts.mask(period) & acts.of_type(kind)].sum())


def jobs(ctx: Context, inputs: Inputs, shared) -> list[PageJob]:
    """Return the year page."""
    return [
        PageJob(
            "index.html", "index.html", "", partial(year_page, ctx, inputs), ctx.words["overview"]
        )
    ]
