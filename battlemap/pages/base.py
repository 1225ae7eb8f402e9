"""What every page kind shares: the context of every page, its inputs, a figure, a job."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from battlemap.activities import Activities
from battlemap.charts import ChartRenderer
from battlemap.jsontext import json_key
from battlemap.logs import LogSet
from battlemap.periods import ReviewPeriod
from battlemap.plan import Plan
from battlemap.privacy import Privacy

if TYPE_CHECKING:
    from battlemap.actions import NextActions
from battlemap.vocab import CHANNELS, TIERS, label

PER_POLICY = ("avg_premium", "visits_per_policy")  # ratios over policies: — when policies <= 0


@dataclass(frozen=True)
class Metric:
    """A headline figure: its dotted path in metrics.json, its raw value and how to show it."""

    path: str | None  # None: a figure of a period metrics.json does not hold (a week)
    value: object
    kind: str  # money | percent | number | count (a target: 约 22) | bool
    void: bool = False  # shown as — : a ratio over policies when policies <= 0


@dataclass
class Context:
    """What every page's template may use besides its own figures."""

    words: dict[str, str]
    locale: str
    title: str
    agent: str | None
    as_of: str
    year: int
    private: bool
    has_data_quality: bool
    quarters: list[tuple[str, str]]  # (Q1, name)
    charts: ChartRenderer = field(repr=False, default_factory=ChartRenderer)
    team_title: str | None = None  # an agent's site within a team: the team's title
    team_root: str = ""  # from the agent's site root to the team's: ../../
    is_team: bool = False  # the team's own site (leaderboard, a row per agent)
    nav: list[tuple[str, str]] = field(default_factory=list)  # (path, text) of every nav entry


@dataclass(frozen=True)
class Inputs:
    """Everything the pages are rendered from."""

    plan: Plan
    logs: LogSet
    metrics: dict
    acts: Activities
    notes: dict[str, str]  # period stem (2026-W05) -> markdown
    privacy: Privacy
    actions: NextActions | None = None  # the §7 lists, full names


def metric(metrics: dict, path: str, kind: str) -> Metric:
    """Return the figure at a dotted path of metrics.json."""
    value: object = metrics
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]  # type: ignore
    return Metric(path, value, kind)


@dataclass(frozen=True)
class Figures:
    """Looks up the figures under one part of metrics.json: `m("premium_total")` -> Metric.

    Its repr is that part's figures, so a page that uses it is compared by what it shows.
    """

    metrics: dict = field(repr=False)
    prefix: str

    def __call__(self, path: str, kind: str = "money") -> Metric:
        found = metric(self.metrics, f"{self.prefix}.{path}", kind)
        if path in PER_POLICY:
            policies = metric(self.metrics, f"{self.prefix}.policies", "number").value
            return replace(found, void=policies <= 0)  # type: ignore[operator]
        return found

    def __repr__(self) -> str:
        part = metric(self.metrics, self.prefix, "").value
        return f"Figures({self.prefix}={json_key(part)})"


def key_label(plan: Plan, dim: str, key: str) -> str:
    """Return a mix key's label in the plan's locale."""
    labels = {"product": plan.products, "channel": CHANNELS, "tier": TIERS}[dim]
    return label(labels, key, plan.locale)


@dataclass(frozen=True)
class PageJob:
    """A page to write: its template, what it depends on beyond the build's inputs, its data."""

    path: str
    template: str
    depends: str
    values: Callable[[], dict]  # plain data whose repr says all the page shows
    nav: str | None = None  # the page's entry in every page's nav, if it has one
    # True: `depends` says all the logs change in the page (its rows, its figures), so the
    # page is reused while the setup and `depends` hold, whatever else the logs did
    logs_in_depends: bool = False
    # True: the page lists every customer of a kind (a big book's take seconds), so processes
    # sharing a build's pages start with it and end on the small ones, finishing together
    long: bool = False


def in_chart_units(ctx: Context, points: list[dict], key: str) -> list[dict]:
    """Return amounts as the charts show them: 万 in zh-CN, yuan in en."""
    unit = 1 if ctx.locale == "en" else 10000
    return [p | {key: round(p[key] / unit, 4)} for p in points]


@dataclass(frozen=True)
class Shared:
    """What several page kinds derive from the inputs once per build (the render cache keeps it)."""

    periods: list[ReviewPeriod]  # the review periods, oldest first
    review_rows: Callable[[], object]  # the rows review pages list (reviews.ReviewRows), lazily
    reuse: bool = True  # a later build may reuse pages (serve): jobs say what they depend on


def fields_of(values) -> dict:
    """Return a page's typed context (a dataclass) as the names its template uses."""
    if dataclasses.is_dataclass(values):
        return {f.name: getattr(values, f.name) for f in dataclasses.fields(values)}
    return dict(values)
