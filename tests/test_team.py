"""Team projects (SPEC §9) on hand-made teams whose figures are worked out by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from team_project import LI, LOG, TEAM_PLAN, WANG, write, write_team

from battlemap.cli import main


@pytest.fixture
def team(tmp_path: Path) -> Path:
    return write_team(tmp_path / "team")


def build(root: Path, *args: str) -> int:
    return main(["--project", str(root), "--as-of", "2026-01-18", *args])


def metrics(root: Path, prefix: str = "") -> dict:
    return json.loads((root / "site" / prefix / "data" / "metrics.json").read_text("utf-8"))


def test_team_targets_are_the_sums_of_the_agents_when_the_team_plan_sets_none(team):
    assert build(team) == 0
    year = metrics(team)["year"]
    # wang: 100000 absolute; li: 40000 × 1.25 = 50000
    assert year["premium_target"] == 150000.0
    # wang 10; li: 4 × 1.125 = 4.5 → 5 (halves up)
    assert year["policies_target"] == 15
    # wang 8; li sets none: the sum of the targets there are
    assert year["new_customers_target"] == 8
    # Q1 = 150000 × the team plan's 0.40
    assert metrics(team)["quarters"]["Q1"]["premium_target"] == 60000.0
    assert year["new_business_share_target"] == 0.5


def test_team_plan_targets_win_where_it_sets_them(team):
    write(team, "content/plan.md", TEAM_PLAN.replace("targets:\n", "targets:\n  premium: 200000\n"))
    assert build(team) == 0
    year = metrics(team)["year"]
    assert year["premium_target"] == 200000.0
    assert year["policies_target"] == 15  # still the sum: the team plan sets no policy target


def test_a_customer_is_the_pair_agent_customer(team):
    assert build(team) == 0
    year = metrics(team)["year"]
    # 张伟 of wang and 张伟 of li are two new customers; 孙七 (li) bought first in 2025
    assert year["new_customers"] == 2
    assert year["premium_total"] == 60000.0
    assert year["policies"] == 3
    # repurchase: buyers in the year are wang/张伟, li/张伟, li/孙七; only li/孙七 has 2 policies
    assert year["repurchase_rate"] == pytest.approx(1 / 3)
    # tiers are by (agent, customer): li/张伟 30000, wang/张伟 20000, li/孙七 10000 are all
    # middle (≥ 10000, < 50000); by name alone 张伟 would be 50000 → high
    tier = metrics(team)["mix"]["tier"]
    assert tier == {"middle": {"actual": 1.0, "target": None}}


def test_leaderboard_ranks_by_premium_progress_with_compliance(team):
    assert build(team) == 0
    agents = metrics(team)["agents"]
    # li 40000 / 50000 = 0.8; wang 20000 / 100000 = 0.2
    assert agents["li"]["rank"] == 1 and agents["wang"]["rank"] == 2
    assert agents["li"]["premium_progress"] == pytest.approx(0.8)
    assert agents["wang"]["agent"] == "王小明"
    # wang's Q1 visit cadence, 1 a week from Jan 1: weeks to Jan 14 are judged by Jan 18
    # (Jan 1–7: 1 visit ✓, Jan 8–14: 2 visits ✓) → 2 met of 2 judged
    assert agents["wang"]["compliance"] == 1.0
    assert agents["li"]["compliance"] is None  # li's plan has no cadence
    assert set(agents["li"]) == {
        "agent", "rank", "premium_total", "premium_target", "premium_progress",
        "expected_progress", "on_track", "policies", "policies_target", "policies_progress",
        "new_customers", "new_customers_target", "new_customers_progress", "compliance",
    }  # fmt: skip


def test_ties_rank_by_slug(team):
    write(team, "content/agents/li.md", WANG.replace("王小明", "李四"))
    write(team, "logs/a.csv", LOG.replace("30000,寿险", "10000,寿险"))
    assert build(team) == 0
    agents = metrics(team)["agents"]
    # li: 10000 + 10000, wang 20000, both of 100000 → tie at 0.2: li before wang
    assert agents["li"]["premium_progress"] == agents["wang"]["premium_progress"] == 0.2
    assert (agents["li"]["rank"], agents["wang"]["rank"]) == (1, 2)


def test_each_agent_site_is_exactly_its_one_agent_project(team, tmp_path):
    assert build(team) == 0
    for slug, plan, agent in (("wang", WANG, "王小明"), ("li", LI, "李四")):
        solo = tmp_path / f"solo-{slug}"
        write(solo, "content/plan.md", plan)
        lines = LOG.splitlines(keepends=True)
        write(solo, "logs/a.csv", "".join([lines[0], *(x for x in lines[1:] if agent in x)]))
        if slug == "wang":
            write(solo, "content/reviews/2026-W02.md", "# 王的第二周\n")
        assert build(solo) == 0
        assert metrics(team, f"agents/{slug}") == metrics(solo)
        solo_pages = sorted(p.relative_to(solo / "site") for p in (solo / "site").rglob("*.html"))
        team_pages = sorted(
            p.relative_to(team / "site" / "agents" / slug)
            for p in (team / "site" / "agents" / slug).rglob("*.html")
        )
        assert solo_pages == team_pages


def test_rows_of_an_agent_without_a_plan_are_located_errors(team, errors):
    write(team, "logs/b.csv", "date,type,agent\n2026-01-05,visit,赵钱\n2026-01-06,visit,\n,,\n")
    assert build(team) == 1
    assert errors() == [
        # the team's plan has no locale: zh-CN
        "logs/b.csv:2: agent: 赵钱 — content/agents/ 里没有哪份计划是这位业务员的",
        "logs/b.csv:3: agent: — 未填写（团队项目的每一行都要填业务员）",
    ]
    assert not (team / "site").exists()


def test_agent_rows_are_checked_against_the_agents_own_plan(team, errors):
    # education is declared by wang's plan only: li's row of it is an unknown product
    write(
        team,
        "content/agents/wang.md",
        WANG.replace("year: 2026", "year: 2026\nproducts: {education: 教育金}"),
    )
    write(
        team,
        "logs/b.csv",
        "日期,类型,客户,保费,险种,渠道,业务员\n2026-01-05,新单,甲乙,100,教育金,线下,王小明\n2026-01-06,新单,丙丁,100,教育金,线下,李四\n",
    )
    assert build(team) == 1
    (message,) = errors()
    assert message.startswith("logs/b.csv:3: 险种: 教育金 — 未知的险种（可写：健康险、")


def test_bad_agent_plans_are_named(team, errors):
    write(team, "content/agents/Bad_Name.md", WANG.replace("王小明", "丙"))
    write(team, "content/agents/old.md", WANG.replace("2026", "2025").replace("王小明", "丁"))
    write(team, "content/agents/none.md", "---\nyear: 2026\n---\n")
    write(team, "content/agents/twin.md", WANG)
    assert build(team) == 1
    assert errors() == [
        "content/agents/Bad_Name.md: Bad_Name — 业务员计划的文件名就是它在网站里的地址："
        "只能用小写字母、数字和 -（如 wang-xm.md）",
        "content/agents/none.md: agent: — 必填（即日志“业务员”列里的名字）",
        "content/agents/old.md: year: 2025 — 团队计划是 2026 年的",
        "content/agents/wang.md: agent: 王小明 — content/agents/twin.md 也写了这个名字",
    ]


def test_team_pages_show_the_leaderboard_and_each_agent(team):
    assert build(team) == 0
    site = team / "site"
    team_metrics = metrics(team)
    index = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    board = index.select("#leaderboard tbody tr")
    assert [row.th.get_text(strip=True) for row in board] == ["李四", "王小明"]
    assert board[0].th.a["href"] == "agents/li/index.html"
    for tag in index.select("[data-metric]"):
        value = team_metrics
        for part in tag["data-metric"].split("."):
            value = value[int(part)] if isinstance(value, list) else value[part]
        assert json.loads(tag["data-value"]) == value, tag["data-metric"]
    q1 = BeautifulSoup((site / "quarters/q1.html").read_text("utf-8"), "html.parser")
    rows = {r.th.get_text(strip=True): r for r in q1.select("#agents tbody tr")}
    assert rows["王小明"].th.a["href"] == "../agents/wang/quarters/q1.html"
    assert "2万" in rows["王小明"].get_text()
    week = BeautifulSoup((site / "reviews/2026-w02.html").read_text("utf-8"), "html.parser")
    assert "团队第二周" in week.get_text()
    agents = [r.th.get_text(strip=True) for r in week.select("#agents tbody tr")]
    assert agents == ["李四", "王小明"]  # in the order of their plans' file names
    assert not (site / "prospects.html").exists()  # prospects are each agent's own


def test_an_agent_site_links_back_to_the_team_and_has_its_own_notes(team):
    assert build(team) == 0
    site = team / "site" / "agents" / "wang"
    page = BeautifulSoup((site / "quarters/q1.html").read_text("utf-8"), "html.parser")
    back = page.select_one(".team-link a")
    assert back["href"] == "../../../index.html" and "一组" in back.get_text()
    week = BeautifulSoup((site / "reviews/2026-w02.html").read_text("utf-8"), "html.parser")
    assert "王的第二周" in week.get_text() and "团队第二周" not in week.get_text()
    assert (site / "static/style.css").read_bytes() == (team / "site/static/style.css").read_bytes()


def test_a_project_without_agent_plans_is_a_one_agent_project(team):
    shutil.rmtree(team / "content" / "agents")
    assert build(team) == 0
    assert "agents" not in metrics(team)
    assert metrics(team)["year"]["new_customers"] == 1  # 张伟 is one customer again
