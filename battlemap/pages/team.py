"""A team's own pages (SPEC §9): the leaderboard, each agent's row on battle maps and reviews.

A team's site is the one-agent pages over the team's figures, extended here; each agent's
own site is a one-agent site under agents/<slug>/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from battlemap.pages.base import Metric, PageJob, fields_of, metric
from battlemap.pages.quarter import QuarterPage
from battlemap.pages.reviews import ReviewPage
from battlemap.pages.year import YearPage
from battlemap.periods import ReviewPeriod
from battlemap.team import Member, compliance


@dataclass(frozen=True)
class RollUp:
    """What the team's pages show of each agent: their figures and their rows."""

    members: tuple[Member, ...]
    metrics: dict[str, dict]  # slug -> the agent's metrics.json
    periods: dict[str, dict[str, dict]]  # slug -> review period slug -> the agent's figures
    pages: dict[str, frozenset[str]] = field(default_factory=dict)  # slug -> its site's files
    # slug -> (the figures and pages they came from, period slug -> (row, its repr)): kept by
    # serve, so that an agent whose figures did not change keeps their rows
    memo: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for gone in set(self.memo) - {m.slug for m in self.members}:
            del self.memo[gone]

    def period_rows(self, m: Member) -> dict[str, tuple[AgentRow, str]]:
        """Return an agent's row of every review period, and the row's repr."""
        periods, pages = self.periods[m.slug], self.pages.get(m.slug, frozenset())
        kept = self.memo.get(m.slug)
        if kept is None or kept[0] is not periods or kept[1] is not pages or kept[2] != m.name:
            rows = {}
            for slug, figures in periods.items():
                href = f"agents/{m.slug}/reviews/{slug}.html"
                row = AgentRow(m.slug, m.name, href if href in pages else None, figures, None)
                rows[slug] = (row, repr(row))
            kept = self.memo[m.slug] = (periods, pages, m.name, rows)
        return kept[3]


@dataclass(frozen=True)
class LeaderRow:
    """One agent on the leaderboard; every figure is `agents.<slug>.*` of the team's metrics."""

    slug: str
    agent: str
    href: str  # the agent's own site
    rank: Metric
    premium_total: Metric
    premium_target: Metric
    premium_progress: Metric
    expected_progress: Metric
    on_track: Metric
    policies: Metric
    policies_target: Metric
    policies_progress: Metric
    new_customers: Metric
    new_customers_target: Metric
    new_customers_progress: Metric
    compliance: Metric


_KINDS = {
    "rank": "number",
    "premium_total": "money",
    "premium_target": "money",
    "premium_progress": "percent",
    "expected_progress": "percent",
    "on_track": "bool",
    "policies": "number",
    "policies_target": "number",
    "policies_progress": "percent",
    "new_customers": "number",
    "new_customers_target": "number",
    "new_customers_progress": "percent",
    "compliance": "percent",
}


def leaderboard(metrics: dict) -> list[LeaderRow]:
    """Return the leaderboard in rank order (premium_progress, ties by slug)."""
    board = metrics["agents"]
    rows = []
    for slug in sorted(board, key=lambda s: board[s]["rank"]):
        figures = {k: metric(metrics, f"agents.{slug}.{k}", kind) for k, kind in _KINDS.items()}
        rows.append(LeaderRow(slug, board[slug]["agent"], f"agents/{slug}/index.html", **figures))
    return rows


@dataclass(frozen=True)
class AgentRow:
    """An agent's figures for one quarter or review period (from the agent's own figures)."""

    slug: str
    agent: str
    href: str | None  # the agent's page of it, if they have one
    figures: dict  # premium_total, policies, new_customers, visits (+ targets for a quarter)
    compliance: float | None


def quarter_rows(roll_up: RollUp, q: str) -> list[AgentRow]:
    """Return each agent's quarter progress and cadence compliance, in leaderboard order."""
    rows = []
    for m in roll_up.members:
        quarter = roll_up.metrics[m.slug]["quarters"][q]
        keys = ("premium_total", "premium_target", "premium_progress", "policies")
        figures = {k: quarter[k] for k in (*keys, "new_customers", "new_customers_target")}
        cadences = {"year": {"cadences": []}, "quarters": {x: {"cadences": []} for x in _QS}}
        cadences["quarters"][q] = quarter
        href = f"agents/{m.slug}/quarters/{q.lower()}.html"
        rows.append(AgentRow(m.slug, m.name, href, figures, compliance(cadences)))
    return rows


_QS = ("Q1", "Q2", "Q3", "Q4")


def review_rows(roll_up: RollUp, period: ReviewPeriod) -> list[tuple[AgentRow, str]]:
    """Return each agent's figures for a review period (the one `period_totals`), and the
    row's repr."""
    return [roll_up.period_rows(m)[period.slug] for m in roll_up.members]


def team_index_values(metrics: dict) -> dict:
    """Return what the team's year page adds: the leaderboard."""
    return {"board": leaderboard(metrics)}


@dataclass(frozen=True)
class TeamYearPage(YearPage):
    """The team's index.html: the team's year, and the leaderboard."""

    board: list[LeaderRow] = field(metadata={"help": "every agent in rank order"})


@dataclass(frozen=True)
class TeamQuarterPage(QuarterPage):
    """The team's battle map of a quarter, with each agent's quarter."""

    agent_rows: list[AgentRow] = field(metadata={"help": "each agent's quarter and compliance"})


@dataclass(frozen=True)
class TeamReviewPage(ReviewPage):
    """The team's review of a period, with each agent's figures of it."""

    agent_rows: list[AgentRow] = field(metadata={"help": "each agent's figures of the period"})


def team_jobs(
    jobs: list[PageJob], roll_up: RollUp, metrics: dict, periods: list[ReviewPeriod]
) -> list[PageJob]:
    """Return a team's pages: the one-agent pages over the team's figures, with its agents.

    The year page gains the leaderboard, battle maps and reviews a row per agent; the
    prospects and next actions are each agent's own (a customer is an agent's), so the team
    has no such pages.
    """
    by_slug = {f"reviews/{p.slug}.html": p for p in periods}

    def extend(job: PageJob, template: str, kind: type, extra: Callable[[], dict]) -> PageJob:
        values = job.values
        return replace(
            job, template=template, values=lambda: kind(**fields_of(values()), **extra())
        )

    out = []
    for job in jobs:
        if job.path == "index.html":
            job = extend(job, "team_index.html", TeamYearPage, partial(team_index_values, metrics))
        elif job.path.startswith("quarters/"):
            q = job.path.split("/")[1][:2].upper()
            rows = quarter_rows(roll_up, q)  # shown, and depended on
            job = extend(
                job, "team_quarter.html", TeamQuarterPage, lambda r=rows: {"agent_rows": r}
            )
            job = replace(job, depends="\0".join([job.depends, repr(rows)]))
        elif job.path in by_slug:
            agents = review_rows(roll_up, by_slug[job.path])  # shown, and depended on
            rows = [row for row, _ in agents]
            job = extend(job, "team_review.html", TeamReviewPage, lambda r=rows: {"agent_rows": r})
            job = replace(job, depends="\0".join([job.depends, *(text for _, text in agents)]))
        elif job.path in ("prospects.html", "actions.html"):
            continue
        out.append(job)
    return out
