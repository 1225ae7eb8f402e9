"""The sample team (scripts/make_sample_team.py): deterministic, builds, and tells its stories.

The stories are designed in scripts/sample_team_agents.py: 李娜 (li-na) far ahead of pace,
周杰 (zhou-jie) behind it, 孙浩 (sun-hao) missing his cadences, 林晓雨 (lin-xy) new since June
with absolute targets, and 吴磊 (wu-lei) and 何静 (he-jing) each with a customer named 张伟.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from battlemap.cli import main

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"
SLUGS = ("li-na", "wu-lei", "he-jing", "zhou-jie", "sun-hao", "lin-xy")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/年]\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})")


def _generator():
    sys.path.insert(0, str(SCRIPTS))  # the generator imports its sibling modules
    try:
        return importlib.import_module("make_sample_team")
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the sample team, generated in this process and built."""
    root = tmp_path_factory.mktemp("team") / "proj"
    _generator().write_team(root)
    assert main(["--project", str(root)]) == 0
    return root


def _metrics(root: Path, prefix: str = "") -> dict:
    return json.loads((root / "site" / prefix / "data" / "metrics.json").read_text("utf-8"))


def _inputs(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for top in ("content", "logs")
        for p in sorted((root / top).rglob("*"))
        if p.is_file()
    }


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def _encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _exports(root: Path) -> dict[str, tuple[str, list[str], list[list[str]]]]:
    """Return each log file's encoding, header and records, read with the csv module."""
    out = {}
    for path in sorted((root / "logs").glob("*.csv")):
        data = path.read_bytes()
        encoding = _encoding(data)
        header, *records = csv.reader(io.StringIO(data.decode(encoding), newline=""))
        out[path.name] = (encoding, header, records)
    return out


def _column(header: list[str], *names: str) -> int:
    return next(i for i, cell in enumerate(header) if cell in names)


def _rows_of(root: Path, agent: str) -> list[dict]:
    """Return an agent's records of every log as {date, type, customer}."""
    rows = []
    for _, header, records in _exports(root).values():
        who, day, kind, customer = (
            _column(header, *names)
            for names in (
                ("agent", "业务员"),
                ("date", "日期"),
                ("type", "类型"),
                ("customer", "客户"),
            )
        )
        for r in records:
            if r[who] == agent:
                y, m, d = map(int, _DATE.match(r[day]).groups())
                rows.append({"date": dt.date(y, m, d), "type": r[kind], "customer": r[customer]})
    return rows


def test_the_generator_writes_the_same_bytes_every_time(team: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    # a second run in a fresh process with another hash seed: no clock, no set order
    env = {**os.environ, "PYTHONHASHSEED": "7", "PYTHONPATH": str(REPO)}
    subprocess.run(
        [sys.executable, str(SCRIPTS / "make_sample_team.py"), str(again)],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert sorted(p.name for p in again.iterdir()) == ["content", "logs"]
    first, second = _inputs(team), _inputs(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_the_sample_is_a_six_agent_team_with_every_kind_of_export(team: Path) -> None:
    assert sorted(p.stem for p in (team / "content" / "agents").glob("*.md")) == sorted(SLUGS)
    exports = _exports(team)
    encodings = {name: encoding for name, (encoding, _, _) in exports.items()}
    assert "gb18030" in encodings.values() and "utf-8-sig" in encodings.values()
    chinese = [name for name, (_, header, _) in exports.items() if "业务员" in header]
    assert chinese and all(encodings[name] == "gb18030" for name in chinese)
    meta, board = _metrics(team)["meta"], _metrics(team)["agents"]
    agents = {slug: _metrics(team, f"agents/{slug}")["meta"] for slug in SLUGS}
    # the re-export's rows are merged, agent by agent; every row is some agent's
    assert meta["merged_rows"] == sum(a["merged_rows"] for a in agents.values()) > 0
    assert meta["rows"] == sum(a["rows"] for a in agents.values())
    for slug in SLUGS:
        assert 200 <= agents[slug]["rows"] <= 650, slug  # modest: the build stays fast
        assert board[slug]["agent"] == _front_matter(team / f"content/agents/{slug}.md")["agent"]


def test_the_team_plan_sets_the_premium_target_and_sums_the_others(team: Path) -> None:
    plan = _front_matter(team / "content" / "plan.md")
    metrics = _metrics(team)
    board = metrics["agents"].values()
    assert metrics["year"]["premium_target"] == plan["targets"]["premium"]
    assert plan["targets"]["premium"] >= sum(a["premium_target"] for a in board)
    assert "policies" not in plan["targets"] and "new_customers" not in plan["targets"]
    assert metrics["year"]["policies_target"] == sum(a["policies_target"] for a in board)
    assert metrics["year"]["new_customers_target"] == sum(a["new_customers_target"] for a in board)


def test_the_leaderboard_tells_each_agents_story(team: Path) -> None:
    board = _metrics(team)["agents"]
    star, behind = board["li-na"], board["zhou-jie"]
    assert star["rank"] == 1 and star["on_track"] is True
    assert star["premium_progress"] > star["expected_progress"] + 0.2  # far ahead of pace
    assert behind["on_track"] is False and behind["rank"] == len(SLUGS)
    assert behind["premium_progress"] < behind["expected_progress"] - 0.2  # far behind
    misser = board["sun-hao"]["compliance"]
    others = [board[s]["compliance"] for s in SLUGS if s != "sun-hao"]
    assert misser < 0.5 and all(c > misser + 0.2 for c in others)


def test_the_new_agent_has_absolute_targets_and_no_baseline(team: Path) -> None:
    plan = _front_matter(team / "content/agents/lin-xy.md")
    assert "baseline" not in plan
    targets = plan["targets"]
    year = _metrics(team, "agents/lin-xy")["year"]
    assert (
        year["premium_target"]
        == targets["premium"]
        == _metrics(team)["agents"]["lin-xy"]["premium_target"]
    )
    assert year["policies_target"] == targets["policies"]
    assert year["new_customers_target"] == targets["new_customers"]
    rows = _rows_of(team, plan["agent"])
    assert rows and min(r["date"] for r in rows) >= dt.date(2026, 6, 1)  # joined in June
    others = _rows_of(team, _front_matter(team / "content/agents/wu-lei.md")["agent"])
    assert min(r["date"] for r in others).year == 2025  # the others have a 2025 history


def test_two_agents_customers_named_zhang_wei_are_two_new_customers(team: Path) -> None:
    metrics = _metrics(team)
    first_policy = {}
    for slug in SLUGS:
        agent = metrics["agents"][slug]["agent"]
        bought = [
            r["date"]
            for r in _rows_of(team, agent)
            if r["customer"] == "张伟" and r["type"] in ("policy", "新单", "成交")
        ]
        if bought:
            first_policy[slug] = min(bought)
    assert sorted(first_policy) == ["he-jing", "wu-lei"]
    assert all(day.year == 2026 for day in first_policy.values())
    for slug in first_policy:  # each is a new customer of their agent's 2026
        assert _metrics(team, f"agents/{slug}")["year"]["new_customers"] >= 1
    # counted by name, the two 张伟 would be one customer: the team would have one fewer
    agents = metrics["agents"].values()
    assert metrics["year"]["new_customers"] == sum(a["new_customers"] for a in agents)


def _one_agent_project(team: Path, slug: str, dest: Path) -> Path:
    """Write the one-agent project of an agent: their plan, their rows, their notes."""
    (dest / "content").mkdir(parents=True)
    shutil.copy(team / "content" / "agents" / f"{slug}.md", dest / "content" / "plan.md")
    notes = team / "content" / "reviews" / slug
    if notes.is_dir():
        shutil.copytree(notes, dest / "content" / "reviews")
    agent = _front_matter(dest / "content" / "plan.md")["agent"]
    (dest / "logs").mkdir()
    for name, (encoding, header, records) in _exports(team).items():
        who = _column(header, "agent", "业务员")
        out = io.StringIO(newline="")
        csv.writer(out).writerows([header, *(r for r in records if r[who] == agent)])
        (dest / "logs" / name).write_bytes(out.getvalue().encode(encoding))
    return dest


def _first_difference(a, b, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key, "<missing>") != b.get(key, "<missing>"):
                return _first_difference(
                    a.get(key, "<missing>"), b.get(key, "<missing>"), f"{path}.{key}"
                )
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path}: team {a!r} ≠ one-agent {b!r}"


@pytest.mark.parametrize("slug", SLUGS)
def test_each_agents_figures_are_their_one_agent_projects(
    team: Path, tmp_path: Path, slug: str
) -> None:
    as_of = _metrics(team)["meta"]["as_of"]
    alone = _one_agent_project(team, slug, tmp_path / slug)
    assert main(["--project", str(alone), "--as-of", as_of]) == 0
    in_team, by_itself = _metrics(team, f"agents/{slug}"), _metrics(alone)
    assert in_team == by_itself, _first_difference(in_team, by_itself)
