"""Team projects (SPEC §9): the agents' plans, each agent's rows, and the team's figures."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from battlemap.errors import InputError, PlanError
from battlemap.logs import (
    LogFiles,
    LogSet,
    Problem,
    TableCache,
    agent_problems,
    check_total,
    collect,
    read_files,
    split_by_agent,
)
from battlemap.messages import Text, msg
from battlemap.metrics import QUARTERS, annual_targets, latest_date
from battlemap.plan import Plan, PlanMemo, load_plan
from battlemap.team_rows import TeamRowsMemo, team_rows

AGENTS_DIR = "content/agents"
_SLUG = re.compile(r"[a-z0-9-]+")
NO_PLAN = msg("no_agent_plan")
NO_AGENT = msg("agent_missing")


@dataclass(frozen=True)
class Member:
    """An agent of a team: their address in the site and their plan."""

    slug: str  # agents/<slug>/ in the site, content/agents/<slug>.md, content/reviews/<slug>/
    plan: Plan

    @cached_property
    def name(self) -> str:
        """The agent's name, as the logs' agent column carries it."""
        return str(self.plan.agent).strip()


def load_members(project: Path, team: Plan, plans: PlanMemo | None = None) -> tuple[Member, ...]:
    """Return the agents of a team project (none: a one-agent project); raise PlanError.

    With `plans` (serve's), a plan whose file is as it was is not read again.
    """
    folder = project / AGENTS_DIR
    paths = sorted(p for p in folder.glob("*.md") if p.is_file()) if folder.is_dir() else []
    errors: list[Text] = []
    members: list[Member] = []
    owner: dict[str, str] = {}
    for path in paths:
        rel = f"{AGENTS_DIR}/{path.name}"
        if not _SLUG.fullmatch(path.stem):
            errors.append(msg("agent_plan_name", file=rel, name=path.stem))
        try:
            plan = load_plan(project, rel, plans)
        except PlanError as exc:
            errors += exc.items
            continue
        if not str(plan.agent or "").strip():
            errors.append(Problem(rel, 0, "agent", "", msg("agent_required")))
            continue
        if plan.year != team.year:
            why = msg("agent_year", year=team.year)
            errors.append(Problem(rel, 0, "year", str(plan.year), why))
        member = Member(path.stem, plan)
        if member.name in owner:
            why = msg("agent_named_too", other=owner[member.name])
            errors.append(Problem(rel, 0, "agent", member.name, why))
        owner.setdefault(member.name, rel)
        members.append(member)
    if errors:
        raise PlanError(errors)
    return tuple(members)


@dataclass
class TeamLogs:
    """Each agent's rows (exactly as a one-agent project of them reads) and the team's."""

    agents: dict[str, LogSet]  # slug -> the agent's rows
    team: LogSet  # every agent's rows, a customer being the pair (agent, customer)
    changed: frozenset[str] = frozenset()  # the agents whose rows were read anew


@dataclass
class TeamMemo:
    """What the next read of a team's logs may reuse (for `serve`): splits, agents' rows and
    their parts of the team's frame."""

    splits: dict[str, tuple[object, dict[str, object]]] = field(default_factory=dict)
    agents: dict[str, tuple[tuple, Plan, LogSet]] = field(default_factory=dict)
    rows: TeamRowsMemo = field(default_factory=TeamRowsMemo)


def read_team_logs(
    project: Path,
    team: Plan,
    members: tuple[Member, ...],
    skip_bad_rows: bool = False,
    cache: TableCache | None = None,
    memo: TeamMemo | None = None,
) -> TeamLogs:
    """Read every log once, give each agent their rows; raise InputError listing every problem.

    With a memo, an agent whose plan and whose records (the same tables, unchanged on disk)
    are as before keeps the rows read before.
    """
    memo = memo or TeamMemo()
    found = read_files(project, team, cache)
    by_agent = _split(found, memo)
    named = {m.name for m in members}
    unplanned = [f for name, files in by_agent.items() if name not in named for f in files]
    stray = agent_problems([f for f in unplanned if _agent_of(f)], NO_PLAN)
    stray += agent_problems([f for f in unplanned if not _agent_of(f)], NO_AGENT)
    own = LogFiles(found.paths, [], [], 0, found.ignored, found.sheets)  # file problems: team
    agents, changed = {}, set()
    for m in members:
        files = by_agent.get(m.name, [])
        key = (tuple(found.paths), tuple((f.rel, id(f.table)) for f in files))
        kept = memo.agents.get(m.slug)
        if kept is None or kept[0] != key or kept[1] != m.plan:
            kept = (key, m.plan, collect(own, files, m.plan))
            changed.add(m.slug)
        memo.agents[m.slug] = kept
        agents[m.slug] = kept[2]
    for gone in set(memo.agents) - {m.slug for m in members}:
        del memo.agents[gone]
    problems = _in_file_order(
        found, found.problems + stray + [p for logs in agents.values() for p in logs.problems]
    )
    if problems and not skip_bad_rows:
        raise InputError(problems)
    rows = team_rows(members, agents, memo.rows)
    check_total(rows)
    if rows.empty and not problems:
        raise InputError(msg("no_rows"))
    merged = sum(logs.merged_rows for logs in agents.values())
    skipped = found.skipped + sum(logs.skipped_rows for logs in agents.values()) + len(stray)
    team_logs = LogSet(rows, found.paths, merged, skipped, problems, found.ignored, found.sheets)
    return TeamLogs(agents, team_logs, frozenset(changed))


def _split(found: LogFiles, memo: TeamMemo) -> dict[str, list]:
    """Return each agent's records of every file, splitting again only the files read anew."""
    by_agent: dict[str, list] = {}
    for f in found.files:
        kept = memo.splits.get(f.rel)
        if kept is None or kept[0] is not f.table:
            kept = (f.table, {name: files[0] for name, files in split_by_agent([f]).items()})
            memo.splits[f.rel] = kept
        for name, part in kept[1].items():
            by_agent.setdefault(name, []).append(part)
    for gone in set(memo.splits) - {f.rel for f in found.files}:
        del memo.splits[gone]
    return by_agent


def _agent_of(f) -> str:
    i = f.index.get("agent")
    if i is None or not f.rows:
        return ""
    return str(f.column(i)[0].as_py()).strip()


def _in_file_order(found: LogFiles, problems: list[Problem]) -> list[Problem]:
    order = {rel: n for n, rel in enumerate(found.paths)}
    return sorted(problems, key=lambda p: (order.get(p.file.split("[")[0], -1), p.file, p.line))


def team_as_of(team: Plan, logs: TeamLogs, as_of: dt.date | None) -> dt.date:
    """Return the team's one as_of: the given date, or the latest row date of the year."""
    return as_of or latest_date(logs.team.rows, team.year)


def team_targets(team: Plan, members: tuple[Member, ...]) -> dict:
    """Return the team's annual targets: its plan's where set, else the sums of the agents'."""
    own = annual_targets(team)
    agents = [annual_targets(m.plan) for m in members]
    out = {}
    for key in ("premium", "policies", "new_customers"):
        name = f"{key}_target"
        if getattr(team.targets, key) is not None:
            out[name] = own[name]
            continue
        values = [a[name] for a in agents if a[name] is not None]
        total = sum(values) if values else None
        out[name] = float(total) if key == "premium" and total is not None else total
    return out


_BOARD = (
    "premium_total",
    "premium_target",
    "premium_progress",
    "expected_progress",
    "on_track",
    "policies",
    "policies_target",
    "policies_progress",
    "new_customers",
    "new_customers_target",
    "new_customers_progress",
)


def compliance(metrics: dict) -> float | None:
    """Return Σ met ÷ Σ judged over all of a plan's cadences (year and quarters)."""
    cadences = metrics["year"]["cadences"] + [
        c for q in QUARTERS for c in metrics["quarters"][q]["cadences"]
    ]
    judged = sum(c["judged"] for c in cadences)
    return sum(c["met"] for c in cadences) / judged if judged else None


def leaderboard(members: tuple[Member, ...], agents: dict[str, dict]) -> dict:
    """Return metrics.json's `agents` block: each agent's year, ranked by premium_progress."""
    board = {
        m.slug: {"agent": m.name, "compliance": compliance(agents[m.slug])}
        | {k: agents[m.slug]["year"][k] for k in _BOARD}
        for m in members
    }

    def rank_key(slug: str):
        progress = board[slug]["premium_progress"]
        return (progress is None, -(progress or 0.0), slug)

    for rank, slug in enumerate(sorted(board, key=rank_key), start=1):
        board[slug]["rank"] = rank
    return board
