"""The team's own pages (SPEC §9): the leaderboard, and each agent's row on battle maps and reviews.

A team's site is the one-agent pages over the team's figures, plus these values; each agent's
own site is a one-agent site under agents/<slug>/.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from battlemap.pages import Metric, metric
from battlemap.periods import ReviewPeriod
from battlemap.team import Member, compliance


@dataclass(frozen=True)
class RollUp:
    """What the team's pages show of each agent: their figures and their rows."""

    members: tuple[Member, ...]
    metrics: dict[str, dict]  # slug -> the agent's metrics.json
    periods: dict[str, dict[str, dict]]  # slug -> review period slug -> the agent's figures
    pages: dict[str, frozenset[str]] = field(default_factory=dict)  # slug -> its site's files


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


def review_rows(roll_up: RollUp, period: ReviewPeriod) -> list[AgentRow]:
    """Return each agent's figures for a review period (the one `period_totals`)."""
    rows = []
    for m in roll_up.members:
        href = f"agents/{m.slug}/reviews/{period.slug}.html"
        href = href if href in roll_up.pages.get(m.slug, ()) else None
        rows.append(AgentRow(m.slug, m.name, href, roll_up.periods[m.slug][period.slug], None))
    return rows


def team_index_values(metrics: dict) -> dict:
    """Return what the team's year page adds: the leaderboard."""
    return {"board": leaderboard(metrics)}
