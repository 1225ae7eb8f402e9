"""Rebuilds of a team project (serve) re-render what changed, and equal builds from scratch."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from team_project import write, write_team

from battlemap.build import Builder, Options, build_site


def append(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def options(root: Path) -> Options:
    return Options(root, as_of=None)


def test_one_agents_edit_rerenders_that_agents_pages_and_the_team_pages_it_affects(tmp_path):
    root = write_team(tmp_path / "team")
    builder = Builder(options(root))
    first = builder.build()
    assert any(p.startswith("agents/li/") for p in first.rendered)
    append(root / "content/reviews/wang/2026-W02.md", "\n- 补一条\n")
    assert builder.build().rendered == ["agents/wang/reviews/2026-w02.html"]
    append(root / "logs/a.csv", "2026-01-13,拜访,钱八,,,,王小明\n")
    rendered = builder.build().rendered
    assert not [p for p in rendered if p.startswith("agents/li/")]
    assert "agents/wang/index.html" in rendered  # wang's visits changed
    assert "reviews/2026-w03.html" in rendered  # the team's week of the row
    assert "plan.html" not in rendered and "agents/wang/plan.html" not in rendered


def test_incremental_team_builds_equal_builds_from_scratch(tmp_path):
    root = write_team(tmp_path / "live")
    builder = Builder(options(root))
    builder.build()
    rng = random.Random(20260918)
    edits = [
        lambda: append(root / "content/reviews/wang/2026-W02.md", f"\n- {rng.randrange(999)}\n"),
        lambda: append(root / "content/reviews/li/2026-W03.md", f"# 李 {rng.randrange(99)}\n"),
        lambda: append(root / "content/reviews/2026-W02.md", f"\n- 团队 {rng.randrange(99)}\n"),
        lambda: append(root / "logs/a.csv", f"2026-01-1{rng.randrange(8)},新单,周{rng.randrange(9)},"
                       f"{rng.randrange(1, 9)}000,健康险,线下,李四\n"),  # fmt: skip
        lambda: append(
            root / "logs/b.csv",
            ("" if (root / "logs/b.csv").exists() else "日期,类型,客户,业务员\n")
            + f"2026-01-1{rng.randrange(5, 8)},拜访,吴{rng.randrange(9)},王小明\n",
        ),
        lambda: write(root, "content/agents/li.md",
                      (root / "content/agents/li.md").read_text("utf-8").replace("0.25", "0.3")),
    ]  # fmt: skip
    steps = edits + [rng.choice(edits) for _ in range(3)]
    rng.shuffle(steps)
    for i, edit in enumerate(steps):
        edit()
        result = builder.build()
        fresh = tmp_path / f"fresh-{i}"
        shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("site", ".site-*"))
        expected = build_site(options(fresh))
        assert result.files.keys() == expected.files.keys(), f"step {i}"
        stale = [rel for rel in expected.files if result.files[rel] != expected.files[rel]]
        assert not stale, f"step {i}: stale {stale}"
        shutil.rmtree(fresh)
