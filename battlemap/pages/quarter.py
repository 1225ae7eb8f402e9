"""The battle map of each quarter (quarters/q1.html…): targets, pace, charts, cadences."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from battlemap.activities import Activities
from battlemap.charts import Chart
from battlemap.pages.base import Context, Figures, Inputs, PageJob, in_chart_units
from battlemap.pages.figures import CadenceView, MixRow, cadence_views, mix_chart, mix_rows
from battlemap.periods import weekly_activity, weekly_premium
from battlemap.plan import Plan
from battlemap.spans import Period, quarter_period
from battlemap.text import quarter_sections, render_markdown


@dataclass(frozen=True)
class QuarterPage:
    """quarters/qN.html: a quarter's battle map."""

    m: Figures = field(metadata={"help": "the quarter's figures (quarters.Qn.*)"})
    pace: Figures = field(metadata={"help": "the quarter's own pace (quarters.Qn.pace.*)"})
    state: str = field(metadata={"help": "future, now or over, as of as_of"})
    gap: float | None = field(
        metadata={"help": "premium_progress − the quarter's expected progress"}
    )
    q: str = field(metadata={"help": "Q1…Q4"})
    figures: dict = field(metadata={"help": "metrics.json's block of the quarter, as plain data"})
    period: Period = field(metadata={"help": "the quarter's first and last day"})
    mixes: dict[str, list[MixRow]] = field(
        metadata={"help": "the quarter's mixes against the annual targets"}
    )
    mix_chart: Chart | None = field(metadata={"help": "every mix in one chart"})
    charts: dict[str, Chart] = field(
        metadata={"help": "weekly premium and, when there is any, weekly activity"}
    )
    cadences: list[CadenceView] = field(
        metadata={"help": "the quarter's cadences with their strips"}
    )
    narrative: str | None = field(
        metadata={"help": "the plan's section for the quarter, as safe HTML"}
    )


def quarter_page(ctx: Context, inputs: Inputs, q: str) -> dict:
    plan, metrics = inputs.plan, inputs.metrics
    figures = metrics["quarters"][q]
    period = quarter_period(plan.year, q)
    section = quarter_sections(plan.body).get(q)
    mixes = mix_rows(plan, metrics, f"quarters.{q}.mix")
    as_of, progress = inputs.acts.as_of, figures["premium_progress"]
    return QuarterPage(
        m=Figures(metrics, f"quarters.{q}"),
        pace=Figures(metrics, f"quarters.{q}.pace"),
        state="future" if as_of < period.start else "over" if as_of >= period.end else "now",
        gap=None if progress is None else progress - figures["pace"]["expected_progress"],
        q=q,
        figures=figures,
        period=period,
        mixes=mixes,
        mix_chart=mix_chart(ctx, mixes),
        charts=quarter_charts(ctx, plan, inputs.acts, q, figures),
        cadences=cadence_views(ctx, metrics, f"quarters.{q}"),
        narrative=render_markdown(inputs.privacy.numbers(section)) if section else None,
    )


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


def jobs(ctx: Context, inputs: Inputs, shared) -> list[PageJob]:
    """Return the four battle maps; each depends on its quarter beyond the build's inputs."""

    def depends(q: str) -> str:
        """What a battle map shows of the logs: its figures (metrics.json's block of the
        quarter), its rows (the weekly charts) and as_of; the rest is the setup's."""
        rows = shared.review_rows().digest(quarter_period(inputs.plan.year, q))
        as_of = inputs.metrics["meta"]["as_of"]
        return "\0".join((q, repr(inputs.metrics["quarters"][q]), rows, as_of))

    return [
        PageJob(
            f"quarters/{q.lower()}.html",
            "quarter.html",
            depends(q) if shared.reuse else q,  # a build that keeps nothing needs none
            partial(quarter_page, ctx, inputs, q),
            f"{q} {name}",
            logs_in_depends=True,
        )
        for q, name in ctx.quarters
    ]
