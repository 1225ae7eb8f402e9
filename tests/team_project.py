"""A hand-made two-agent team project (SPEC §9), shared by the team tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

TEAM_PLAN = """\
---
title: 一组
year: 2026
targets:
  new_business_share: 0.5
quarters:
  Q1: {premium_share: 0.40}
  Q2: {premium_share: 0.20}
  Q3: {premium_share: 0.20}
  Q4: {premium_share: 0.20}
cadences:
  - {type: visit, count: 2, per: week}
---
# 团队计划
"""

WANG = """\
---
agent: 王小明
year: 2026
targets: {premium: 100000, policies: 10, new_customers: 8}
cadences:
  - {quarter: Q1, type: visit, count: 1, per: week}
---
# 王小明的计划
"""

LI = """\
---
agent: 李四
year: 2026
baseline: {premium: 40000, policies: 4}
targets: {premium: {growth: 0.25}, policies: {growth: 0.125}}
---
# 李四的计划
"""

LOG = """\
日期,类型,客户,保费,险种,渠道,业务员
2025-12-01,新单,孙七,5000,健康险,线上,李四
2026-01-05,新单,张伟,20000,健康险,线下,王小明
2026-01-06,拜访,张伟,,,,王小明
2026-01-07,新单,张伟,30000,寿险,转介绍,李四
2026-01-08,新单,孙七,10000,寿险,线下,李四
2026-01-09,拜访,赵六,,,,李四
2026-01-12,拜访,钱八,,,,王小明
2026-01-14,拜访,钱八,,,,王小明
"""


def write(root: Path, rel: str, text: str, encoding: str = "utf-8") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(textwrap.dedent(text).encode(encoding))


def write_team(root: Path) -> Path:
    """Write the two-agent team into root; return root."""
    write(root, "content/plan.md", TEAM_PLAN)
    write(root, "content/agents/wang.md", WANG)
    write(root, "content/agents/li.md", LI)
    write(root, "logs/a.csv", LOG)
    write(root, "content/reviews/2026-W02.md", "# 团队第二周\n")
    write(root, "content/reviews/wang/2026-W02.md", "# 王的第二周\n")
    return root
