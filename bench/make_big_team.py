"""Write a deterministic 200-agent team project of ~1,000,000 rows for the benchmark (SPEC §9).

Usage: python bench/make_big_team.py [PROJECT] [--rows N] [--seed S]

PROJECT (default bench/data/team, git-ignored) gets the rows of make_big_logs.py split into
one CRM export per agent (logs/<slug>.csv, as each agent exports their own), a team plan
(content/plan.md: the repository's plan without an agent or targets, so the team's targets
are the sums of its agents') and an agent plan per agent (content/agents/<slug>.md) with
targets and cadences of their own.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_big_logs  # noqa: E402  (bench/make_big_logs.py)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PROJECT = REPO / "bench" / "data" / "team"
_AGENT = 9  # index of the agent column in make_big_logs.HEADER


def team_plan() -> str:
    """Return the repository's plan as the team's: no agent, targets summed from the agents."""
    text = (REPO / "content" / "plan.md").read_text("utf-8")
    text = re.sub(r"^agent: .*\n", "", text, count=1, flags=re.M)
    text = re.sub(r"^title: .*$", "title: 2026 团队作战图", text, count=1, flags=re.M)
    targets = re.compile(r"^targets:\n(?:  .*\n)+", re.M)
    return targets.sub(
        "targets:\n  new_business_share: 0.60\n  referral_customer_share: 0.30\n", text, count=1
    )


def agent_plan(name: str, n: int, rng: np.random.Generator) -> str:
    """Return one agent's plan: their own baseline, growth and cadences."""
    premium = int(rng.integers(60, 160)) * 1000
    visits = int(rng.integers(3, 7))
    return f"""---
agent: {name}
year: 2026
baseline: {{premium: {premium}, policies: {premium // 12000}, new_customers: {premium // 18000}}}
targets:
  premium: {{growth: {rng.integers(5, 30) / 100}}}
  policies: {{growth: 0.10}}
  new_customers: {{growth: 0.15}}
cadences:
  - {{quarter: Q1, type: visit, count: {visits}, per: week}}
  - {{quarter: Q2, type: event, count: 2, per: month}}
  - {{quarter: Q3, type: call, count: 10, per: 2 weeks}}
  - {{quarter: Q4, type: visit, count: {visits + 1}, per: week}}
  - {{type: training, count: 1, per: month}}
---

# {name} 的 2026 年计划（{n:03d}）

## Q1 开门红

每周拜访 {visits} 位潜在客户。
"""


def write_team(project: Path, rows: int = 1_000_000, seed: int = 20260101) -> dict:
    """Write the team project into project; return the data's shape."""
    columns, shape = make_big_logs.make_rows(rows, seed)
    agents = sorted(set(columns[_AGENT].tolist()))
    rng = np.random.default_rng(seed + 1)
    (project / "content" / "agents").mkdir(parents=True, exist_ok=True)
    (project / "logs").mkdir(parents=True, exist_ok=True)
    (project / "content" / "plan.md").write_text(team_plan(), encoding="utf-8")
    lines = np.array(list(map(",".join, zip(*(c.tolist() for c in columns), strict=True))))
    owner = np.array(columns[_AGENT])
    for n, name in enumerate(agents, start=1):
        slug = f"a{n:03d}"
        plan = agent_plan(name, n, rng)
        (project / "content" / "agents" / f"{slug}.md").write_text(plan, encoding="utf-8")
        text = make_big_logs.HEADER + "\n" + "\n".join(lines[owner == name]) + "\n"
        (project / "logs" / f"{slug}.csv").write_text(text, encoding="utf-8")
    return shape | {"agents": len(agents)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=DEFAULT_PROJECT)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shape = write_team(args.project, args.rows, args.seed)
    print(
        f"wrote {args.project}: {shape['rows']:,} rows, {shape['agents']} agents,"
        f" {shape['customers']:,} customers in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
