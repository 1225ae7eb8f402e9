"""Shared fixtures: a scratch project written into tmp_path."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from battlemap.cli import main

MINIMAL_PLAN = """\
---
year: 2026
locale: en
---
# Plan
"""


def with_locale(plan: str, locale: str) -> str:
    """Return a plan with `locale: …` as the last line of its front matter."""
    head, sep, rest = plan.partition("\n---")
    assert sep, "a plan with front matter"
    return f"{head}\nlocale: {locale}{sep}{rest}"


class Project:
    """A scratch Battlemap project: write a plan and logs, build, read the output."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content").mkdir(parents=True, exist_ok=True)
        (root / "logs").mkdir(exist_ok=True)
        self.plan(MINIMAL_PLAN)

    def plan(self, text: str, locale: str | None = None) -> Path:
        """Write content/plan.md (text is dedented); with a locale, a `locale:` line is added
        as the front matter's last line (no other line moves)."""
        text = textwrap.dedent(text)
        if locale:
            text = with_locale(text, locale)
        path = self.root / "content" / "plan.md"
        path.write_text(text, encoding="utf-8")
        return path

    def log(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        """Write logs/<name> (text is dedented)."""
        path = self.root / "logs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    def build(self, *args: str) -> int:
        """Run the CLI on this project; return its exit code."""
        return main(["--project", str(self.root), *args])

    def metrics(self) -> dict:
        """Return the parsed site/data/metrics.json."""
        return json.loads((self.root / "site" / "data" / "metrics.json").read_text("utf-8"))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "proj")


@pytest.fixture
def build_metrics(project: Project) -> Callable[..., dict]:
    """Build the project with the given CLI args and return metrics.json; fail on errors."""

    def run(*args: str) -> dict:
        code = project.build(*args)
        assert code == 0, f"build failed with exit code {code}"
        return project.metrics()

    return run


@pytest.fixture
def errors(capsys) -> Callable[[], list[str]]:
    """Return a reader of the error lines the CLI printed to stderr (`error: `, zh-CN
    `错误：`), without the prefix."""

    def read() -> list[str]:
        return [
            line.removeprefix("error: ").removeprefix("错误：")
            for line in capsys.readouterr().err.splitlines()
            if line.startswith(("error: ", "错误："))
        ]

    return read
