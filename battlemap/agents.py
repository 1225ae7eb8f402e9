"""A team agent's work as one independent task (SPEC §9): their figures, pages and charts.

A task runs in this process, in a worker process (`--workers N`) or on a Dask cluster
(`--scheduler`); the result is the same bytes wherever it ran. A task carries the project's
path (a worker reads the agent's plan, notes and themes from the project folder, which a
cluster's workers share) and the agent's rows, read and merged once by the team's build:
finding one agent's rows means reading every log, so shipping them (about 100 bytes a row)
costs less than each worker reading the whole logs folder again.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from battlemap.actions import compute_actions
from battlemap.customers import CustomerFile
from battlemap.errors import BattlemapError
from battlemap.logs import LogSet
from battlemap.messages import msg, reason
from battlemap.metrics import measure, period_totals
from battlemap.periods import ReviewPeriod
from battlemap.plan import Plan, load_plan
from battlemap.site import REVIEWS_DIR, RenderCache, Scope, render_site

if TYPE_CHECKING:
    from battlemap.build import Options

_CONNECT_SECONDS = 10  # a scheduler answers in milliseconds: this long means it is not there
_PERIOD_FIGURES = ("premium_total", "policies", "new_customers", "visits")


@dataclass(frozen=True)
class AgentTask:
    """What a worker needs beyond the project folder to build one agent's site."""

    options: Options
    slug: str
    plan_rel: str  # content/agents/<slug>.md
    logs: LogSet  # the agent's rows, exactly as a one-agent project of them reads
    as_of: dt.date  # the team's one as_of
    team_title: str
    periods: tuple[ReviewPeriod, ...]  # the team's review periods: the agent's row on each
    keys: tuple[str, str] = ("", "")  # the build's inputs keys ("": nothing is reused)
    customers: CustomerFile = CustomerFile()  # the agent's rows of the customer file


@dataclass
class AgentResult:
    """An agent's site (paths under agents/<slug>/), figures, and rows for the team pages."""

    slug: str
    metrics: dict
    files: dict[str, bytes]
    periods: dict[str, dict]  # review period slug -> the agent's figures of it
    rendered: list[str] = field(default_factory=list)

    @cached_property
    def pages(self) -> frozenset[str]:
        """The paths of the agent's site (one set while the result is kept)."""
        return frozenset(self.files)


def run_agent(task: AgentTask, plan: Plan | None = None, cache: RenderCache | None = None):
    """Build one agent's site; the plan is read from the project unless given."""
    plan = plan or load_plan(task.options.project, task.plan_rel)
    metrics, acts = measure(plan, task.logs, task.as_of)
    actions = compute_actions(plan, acts, task.customers)
    cache = cache or RenderCache()
    scope = Scope(f"agents/{task.slug}/", f"{REVIEWS_DIR}/{task.slug}", task.team_title)
    files = render_site(
        plan, task.logs, metrics, acts, task.options, cache, *task.keys, scope, actions
    )
    periods = {
        p.slug: {k: v for k, v in period_totals(acts, p.period).items() if k in _PERIOD_FIGURES}
        for p in task.periods
    }
    rendered = [scope.prefix + path for path in cache.rendered]
    return AgentResult(task.slug, metrics, files, periods, rendered)


def run_agents(tasks: list[AgentTask], workers: int = 1, scheduler: str | None = None):
    """Run agents' tasks here, in worker processes or on a Dask cluster; results in order."""
    if scheduler:
        return _on_cluster(tasks, scheduler)
    if workers > 1 and len(tasks) > 1:
        context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=context) as pool:
            return list(pool.map(run_agent, tasks))
    return [run_agent(task) for task in tasks]


def _on_cluster(tasks: list[AgentTask], scheduler: str) -> list[AgentResult]:
    from distributed import Client  # only a cluster build pays for importing Dask

    try:
        client = Client(scheduler, timeout=_CONNECT_SECONDS, set_as_default=False)
    except OSError as exc:
        why = reason(exc)
        raise BattlemapError(msg("scheduler_unreachable", address=scheduler, why=why)) from None
    with client:
        futures = client.map(run_agent, tasks, pure=False)
        return client.gather(futures)
