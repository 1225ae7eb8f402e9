"""A build with nothing changed leaves the site as it is; any change builds it again."""

from __future__ import annotations

import os
from pathlib import Path

from battlemap.cli import main

LOG = "date,type,customer,premium,product,channel\n2026-03-05,policy,张三,1000,health,offline\n"


def build(root: Path) -> int:
    return main(["--project", str(root)])


def site_inode(root: Path) -> int:
    return (root / "site").stat().st_ino


def test_nothing_changed_leaves_the_site_as_it_is(project, capsys):
    project.log("a.csv", LOG)
    assert build(project.root) == 0
    first = site_inode(project.root)
    capsys.readouterr()
    assert build(project.root) == 0
    assert "site/ is up to date" in capsys.readouterr().out
    assert site_inode(project.root) == first  # not swapped: the same folder


def test_an_input_option_or_site_change_builds_again(project, capsys):
    project.log("a.csv", LOG)
    assert build(project.root) == 0
    for change in (
        lambda: project.log("a.csv", LOG + "2026-03-06,visit,李四,,,\n"),
        lambda: (project.root / "content/reviews").mkdir(),
        lambda: (project.root / "content/reviews/2026-03.md").write_text("# 三月\n", "utf-8"),
        lambda: os.remove(project.root / "site/reviews/2026-03.html"),
    ):
        change()
        capsys.readouterr()
        assert build(project.root) == 0
        assert "up to date" not in capsys.readouterr().out, change
    assert (project.root / "site/reviews/2026-03.html").is_file()
    capsys.readouterr()
    assert main(["--project", str(project.root), "--show-names"]) == 0
    assert "up to date" not in capsys.readouterr().out
