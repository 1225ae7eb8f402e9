"""What the command line says to a new user (issue 7): --as-of outside the plan's year, where
the site is, --help, serve's first build, and a sample that builds without a warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Project
from sample_site import REPO, copy_sample

from battlemap.build import Builder, Options
from battlemap.cli import main
from battlemap.serve import LiveSite, rebuild

LOG = """\
date,type,customer,premium,product,channel,客户电话
2026-03-02,policy,张三,12000,health,offline,13800000000
"""


@pytest.mark.parametrize("as_of", ["2025-06-30", "2027-01-01"])
def test_as_of_outside_the_plans_year_is_an_error_naming_the_year(
    project: Project, errors, as_of: str
):
    project.log("a.csv", LOG)
    assert project.build("--as-of", as_of) == 2
    assert errors() == [
        f"--as-of: {as_of} — not in 2026, the year content/plan.md plans"
        " (give a date from 2026-01-01 to 2026-12-31)"
    ]
    assert not (project.root / "site").exists()


def test_a_build_ends_by_saying_where_the_site_is(project: Project, capsys):
    project.log("a.csv", LOG)
    assert project.build("--as-of", "2026-12-31") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"Open {project.root / 'site' / 'index.html'} in a browser."
    assert re.match(r"^Built site/ \(\d+ files\) from 1 rows in 1 files as of 2026-12-31", out[-2])


def test_help_names_the_logs_glob_and_the_as_of_format(project: Project, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--project", str(project.root), "--help"])  # an English plan: English help
    assert stop.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert text.startswith("usage: build.py ")
    assert "content/plan.md and logs/**/*.csv" in text
    assert "--as-of YYYY-MM-DD" in text
    assert "-h, --help show this help message and exit" in text


def test_help_speaks_the_projects_chinese(project: Project, capsys):
    project.plan("---\nyear: 2026\n---\n")  # no locale: zh-CN
    with pytest.raises(SystemExit):
        main(["--help", "--project", str(project.root)])
    out = capsys.readouterr().out
    text = " ".join(out.split())
    assert text.startswith("用法：build.py ")
    assert "用 content/plan.md 和 logs/**/*.csv（或 .xlsx、.xls、.ods 工作簿）生成网站。" in text
    assert "--as-of YYYY-MM-DD 复盘日期，计划年份中的一天［该年最新的日志日期］" in text
    assert "-h, --help 显示这份帮助并退出" in text
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings[-4:] == ["命令:", "选项:", "团队项目（content/agents/）:", "预览（serve）:"]


def test_serve_reports_its_first_build_like_build_and_its_warnings(project: Project, capsys):
    project.log("a.csv", LOG)
    builder, live = Builder(Options(project.root)), LiveSite()
    assert rebuild(builder, live) is not None
    first = capsys.readouterr()
    assert re.match(r"^Built site/ \(\d+ files\) from 1 rows in 1 files", first.out)
    warning = "warning: logs/a.csv: column '客户电话' is not one Battlemap reads — ignored"
    assert first.err.splitlines() == [warning]
    (project.root / "content" / "reviews").mkdir()
    (project.root / "content" / "reviews" / "2026-03.md").write_text("三月复盘\n", "utf-8")
    assert rebuild(builder, live) is not None
    again = capsys.readouterr()
    assert re.match(r"^Rebuilt \d+ pages in [\d.]+ s\.$", again.out.strip())
    assert again.err == ""  # the same warning is not repeated on every save


def test_the_sample_project_builds_without_a_warning(tmp_path: Path, capsys):
    root = copy_sample(tmp_path / "sample")
    assert main(["--project", str(root)]) == 0
    assert [line for line in capsys.readouterr().err.splitlines() if line] == []


def test_the_readme_stands_alone():
    readme = (REPO / "README.md").read_text("utf-8")
    assert "../" not in readme
    assert "shared/SPEC.md" not in readme
