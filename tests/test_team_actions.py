"""Next actions in a team project (SPEC §7, §9): each agent's from their rows and customers."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from team_project import write, write_team

from battlemap.build import Builder, Options
from battlemap.cli import main

CUSTOMERS = """\
客户,生日,业务员
张伟,1980-01-20,王小明
张伟,1985-01-21,李四
孙七,1月22日,李四
"""


def built(tmp_path: Path, customers: str, *args: str) -> tuple[Path, int]:
    root = write_team(tmp_path / "team")
    write(root, "content/customers.csv", customers)
    return root, main(["--project", str(root), "--show-names", *args])


def test_each_agent_has_the_actions_of_their_own_customers(tmp_path: Path):
    root, code = built(tmp_path, CUSTOMERS)
    assert code == 0
    site = root / "site"

    def birthdays(slug: str) -> list[dict]:
        actions = json.loads((site / f"agents/{slug}/data/actions.json").read_text("utf-8"))
        assert actions["as_of"] == "2026-01-14"  # the team's one as_of
        return actions["birthdays"]

    # two agents' 张伟 are two customers, not one listed twice
    assert birthdays("wang") == [{"customer": "张伟", "date": "2026-01-20", "age": 46}]
    assert birthdays("li") == [
        {"customer": "张伟", "date": "2026-01-21", "age": 41},
        {"customer": "孙七", "date": "2026-01-22", "age": None},
    ]
    assert (site / "agents/li/actions.ics").is_file()
    # the team's own site has no actions: a customer is an agent's
    assert not (site / "actions.html").exists() and not (site / "data/actions.json").exists()
    team_nav = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser").find("nav")
    assert "行动清单" not in team_nav.get_text()
    agent = BeautifulSoup((site / "agents/wang/index.html").read_text("utf-8"), "html.parser")
    assert "actions.html" in {a["href"] for a in agent.find("nav").find_all("a")}


def test_a_customer_of_no_agent_is_a_located_error(tmp_path: Path, capsys):
    _, code = built(tmp_path, CUSTOMERS + "钱八,1月23日,赵钱\n周九,1月24日,\n")
    assert code == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("错误：")]
    assert errors == [  # the team's plan has no locale: zh-CN
        "错误：content/customers.csv:5: 业务员: 赵钱 — content/agents/ 里没有哪份计划是这位业务员的",
        "错误：content/customers.csv:6: 业务员: — 未填写（团队项目的每一行都要填业务员）",
    ]


def test_skipped_customers_are_listed_on_the_teams_data_quality_page(tmp_path: Path):
    root, code = built(tmp_path, CUSTOMERS + "钱八,1月23日,赵钱\n", "--skip-bad-rows")
    assert code == 0
    page = BeautifulSoup((root / "site/data-quality.html").read_text("utf-8"), "html.parser")
    assert [li.get_text() for li in page.select("ul.problems li")] == [
        "content/customers.csv:5: 业务员: 赵钱 — content/agents/ 里没有哪份计划是这位业务员的"
    ]


def test_a_customer_file_edit_rebuilds_only_that_agents_actions(tmp_path: Path):
    root = write_team(tmp_path / "team")
    write(root, "content/customers.csv", CUSTOMERS)
    builder = Builder(Options(root))
    builder.build()
    write(root, "content/customers.csv", CUSTOMERS.replace("1月22日", "1月23日"))
    assert builder.build().rendered == ["agents/li/actions.html"]
