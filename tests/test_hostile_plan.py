"""A hostile or broken plan: every problem named by key and line, in bounded time, never a crash."""

from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from battlemap.errors import BattlemapError
from battlemap.logs import read_logs
from battlemap.metrics import measure
from battlemap.plan import load_plan
from battlemap.site import metrics_json

LOG = "date,type,customer,premium,product,channel\n2026-01-05,policy,张三,1000,health,offline\n"


def plan_errors(project, errors, front_matter: str) -> list[str]:
    project.plan(f"---\n{front_matter}---\n# Plan\n")
    project.log("a.csv", LOG)
    assert project.build() == 1
    return errors()


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        (
            "year: 2026\ntargets: {premium: .inf}\n",
            "3: targets.premium.amount: inf — not a finite number",
        ),
        ("year: 2026\ntiers: {high: .nan}\n", "3: tiers.high: nan — not a finite number"),
        (
            "year: 2026\nbaseline: {premium: 1}\ntargets: {premium: {growth: -.inf}}\n",
            "4: targets.premium.growth: -inf — not a finite number",
        ),
        (
            "year: 2026\nbaseline: {policies: 1.0e+300}\ntargets: {policies: {growth: 0.1}}\n",
            "3: baseline.policies: 1e+300 — more than the 1,000,000,000 a plan allows",
        ),
        (
            "year: 2026\ntargets: {premium: 110101199003071234}\n",
            "3: targets.premium.amount: 110101199003071234 — more than the 1,000,000,000,000 a plan allows",
        ),
        (
            "year: 2026\ncadences: [{type: visit, count: 1, per: 1000000000 days}]\n",
            "3: cadences[0].per: 1000000000 days — a window is at most a year (366 days, 12 months)",
        ),
        (
            "year: 2026\ncadences: [{type: visit, count: 9223372036854775808, per: week}]\n",
            "3: cadences[0].count: 9223372036854775808 — more than the 1,000,000 a plan allows",
        ),
        ("year: 1500\n", "2: year: 1500 — less than the 1,900 a plan allows"),
        ("year: 2026\nyear: 2027\n", "3: year: — given twice, on lines 2 and 3 (keep one)"),
        (
            "year: 2026\nquarters:\n  Q1: {name: 开门红}\n  Q1: {name: 冲刺}\n",
            "5: quarters.Q1: — given twice, on lines 4 and 5 (keep one)",
        ),
        (
            'year: 2026\ntitle: "a\\ud800b"\n',
            "3: title: — holds U+D800, which is no character of text",
        ),
        (
            'year: 2026\ntypes: {"s\\x00": x}\n',
            "3: types.s\x00: — holds U+0000, which is no character of text",
        ),
        (
            "year: 2026\nlabel: &a [x, x]\nmore: [*a, *a]\n",
            "4: invalid YAML — an alias (*a) — a plan does not read YAML anchors and aliases;"
            " write the value out",
        ),
    ],
)
def test_a_bad_plan_value_is_named_by_key_and_line(project, errors, front_matter, message):
    assert plan_errors(project, errors, front_matter) == [f"content/plan.md:{message}"]


@pytest.mark.parametrize(
    ("style", "depth"),
    [("flow", 33), ("flow", 1000), ("flow", 100000), ("block", 33), ("block", 300)],
)
def test_deep_nesting_is_refused_at_its_line(project, errors, depth, style):
    if style == "flow":
        front_matter = "year: 2026\nx: " + "[" * depth + "]" * depth + "\n"
        line = 3
    else:
        front_matter = "year: 2026\n" + "".join(" " * i + f"k{i}:\n" for i in range(depth))
        line = 3 + 31  # the 33rd level
    assert plan_errors(project, errors, front_matter) == [
        f"content/plan.md:{line}: invalid YAML — nested more than 32 levels deep"
    ]


def test_an_alias_bomb_is_refused_at_once(project, errors):
    bomb = "a: &a [" + ",".join(["lol"] * 9) + "]\n"
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    messages = plan_errors(project, errors, f"year: 2026\ncadences:\n  - label: x\n{bomb}")
    assert messages == [
        "content/plan.md:6: invalid YAML — an alias (*a) — a plan does not read YAML anchors"
        " and aliases; write the value out"
    ]


def test_many_unknown_keys_are_each_warned_about_with_their_line(project, capsys):
    keys = 20000
    project.plan("---\nyear: 2026\n" + "".join(f"k{i}: 1\n" for i in range(keys)) + "---\n")
    project.log("a.csv", LOG)
    assert project.build() == 0
    warnings = [w for w in capsys.readouterr().err.splitlines() if "unknown key" in w]
    assert len(warnings) == keys
    assert warnings[-1] == f"warning: content/plan.md:{keys + 2}: k{keys - 1}: unknown key ignored"


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_plan_that_is_no_regular_file_is_named(project, errors, kind):
    path = project.root / "content" / "plan.md"
    path.unlink()
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    project.log("a.csv", LOG)
    assert project.build() == 1  # at once: a pipe is never opened for a blocking read
    what = "a folder" if kind == "folder" else "a named pipe"
    assert errors() == [
        f"content/plan.md: {what}, not a regular file — Battlemap reads only regular files"
    ]


def test_a_huge_plan_is_refused_by_its_size(project, errors):
    project.plan("---\nyear: 2026\n---\n" + "x" * (1 << 18))
    project.log("a.csv", LOG)
    assert project.build() == 1
    # 4 + 11 + 4 bytes of front matter + 262,144 x = 262,163
    assert errors() == [
        "content/plan.md: 262,163 bytes — larger than the 262,144 bytes such a file may have"
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 1001 + "x", "more than 1,000 [ brackets — a plan or a note may have at most 1,000"),
        ("[a " * 50000, "more than 1,000 [ brackets — a plan or a note may have at most 1,000"),
        (
            "# h\n" * 1001,
            "more than 1,000 headings and --- lines — a plan or a note may have at most 1,000",
        ),
        (
            "a\n=\n" * 1001,
            "more than 1,000 headings and --- lines — a plan or a note may have at most 1,000",
        ),
    ],
    ids=["nested-brackets", "open-brackets", "headings", "setext"],
)
def test_markdown_that_would_take_minutes_is_refused(project, errors, body, message):
    """python-markdown is quadratic in these; 100,000 `[` took 500 s before the bound."""
    project.plan(f"---\nyear: 2026\n---\n{body}")
    project.log("a.csv", LOG)
    assert project.build() == 1
    assert errors() == [f"content/plan.md: {message}"]


# ---------------------------------------------------------------- arbitrary values

KEYS = [
    ("title",),
    ("agent",),
    ("year",),
    ("locale",),
    ("baseline", "premium"),
    ("baseline", "policies"),
    ("targets", "premium"),
    ("targets", "premium", "growth"),
    ("targets", "policies", "growth"),
    ("targets", "new_business_share"),
    ("mix", "product", "health"),
    ("mix", "channel"),
    ("tiers", "high"),
    ("tiers", "middle"),
    ("quarters", "Q1", "name"),
    ("quarters", "Q2", "premium_share"),
    ("quarters", "Q3", "policies_share"),
    ("products", "edu"),
    ("types", "salon"),
    ("cadences", 0, "count"),
    ("cadences", 0, "per"),
    ("cadences", 0, "type"),
    ("cadences", 0, "quarter"),
    ("cadences", 0, "label"),
    ("cadences",),
    ("quarters",),
    ("mix",),
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "40%",
            "1.2万",
            "¥967,600",
            "2 weeks",
            "每2周",
            "day",
            "Q1",
            "visit",
            "",
            "-1",
            "a\ud800",
            "\x00",
        ]
    ),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
BASE = {
    "year": 2026,
    "baseline": {"premium": 820000, "policies": 64},
    "targets": {"premium": {"growth": 0.18}, "policies": {"growth": 0.1}},
    "cadences": [{"type": "visit", "count": 2, "per": "week"}],
}


def _set(plan: dict, path: tuple, value) -> dict:
    """Put value at a key path, making the mappings and lists on the way."""
    node = plan
    for part, after in zip(path, path[1:], strict=False):
        if isinstance(node, list):
            while len(node) <= part:
                node.append({})
            child = node[part]
        else:
            child = node.get(part)
        if not isinstance(child, dict | list) or isinstance(after, int) != isinstance(child, list):
            child = [] if isinstance(after, int) else {}
            node[part] = child
        node = child
    if isinstance(node, list):
        while len(node) <= path[-1]:
            node.append({})
    node[path[-1]] = value
    return plan


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(KEYS), VALUES), min_size=1, max_size=3))
def test_arbitrary_plan_values_give_figures_or_a_plan_error(project, changes):
    import copy

    plan = copy.deepcopy(BASE)
    for path, value in changes:
        plan = _set(plan, path, value)
    project.plan("---\n" + yaml.safe_dump(plan, allow_unicode=True) + "---\n# Plan\n")
    project.log("a.csv", LOG)
    try:
        loaded = load_plan(project.root)
        logs = read_logs(project.root, loaded)
        metrics, _ = measure(loaded, logs)
        metrics_json(metrics)
    except BattlemapError as exc:
        assert all(m.startswith(("content/plan.md", "logs/")) for m in exc.messages), exc.messages
