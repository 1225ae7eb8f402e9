"""Property tests: whatever bytes land in logs/, the reader answers with located errors only."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from battlemap.csvfile import Decoded, _split_fast, _split_slowly, split_columns
from battlemap.errors import InputError
from battlemap.logs import read_logs
from battlemap.plan import load_plan

LOCATED = re.compile(r"^logs/[^:]+\.csv(:\d+)?: .+")
CELLS = st.sampled_from(
    [
        "2026-01-05",
        "2026/1/5",
        "2026年1月5日",
        "2026-02-30",
        "visit",
        "新单",
        "policy",
        "cancel",
        "张三",
        " 李四 ",
        "12,000.50",
        "1.2万",
        "¥-3",
        "-5",
        "health",
        "健康险",
        "线下",
        "referral",
        "",
        " ",
        "x",
        '"',
        "a,b",
        "line\nbreak",
        "0",
        "3",
        "成交",
    ]
)
HEADERS = st.lists(
    st.sampled_from(
        [
            "date",
            "日期",
            "type",
            "类型",
            "customer",
            "premium",
            "保费",
            "product",
            "channel",
            "渠道",
            "count",
            "outcome",
            "note",
            "extra",
            "Date",
        ]
    ),
    min_size=1,
    max_size=8,
)
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile("ci")


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value

    return "".join(",".join(cell(v) for v in row) + "\n" for row in [header, *rows])


def only_located_errors(project) -> None:
    plan = load_plan(project.root)
    try:
        logs = read_logs(project.root, plan)
    except InputError as exc:
        assert exc.messages
        for message in exc.messages:
            assert LOCATED.match(message) or message.startswith("logs/: "), message
    else:
        assert logs.problems == []


@given(data=st.binary(max_size=300))
def test_random_bytes_give_located_errors_only(project, data):
    (project.root / "logs" / "x.csv").write_bytes(data)
    only_located_errors(project)


@given(
    header=HEADERS,
    rows=st.lists(st.lists(CELLS, max_size=9), max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
)
def test_random_rows_in_any_encoding_give_located_errors_only(project, header, rows, encoding):
    (project.root / "logs" / "x.csv").write_bytes(csv_text(header, rows).encode(encoding))
    only_located_errors(project)


@given(
    header=HEADERS, rows=st.lists(st.lists(CELLS, min_size=1, max_size=9), min_size=1, max_size=6)
)
def test_fast_and_careful_parsers_agree(header, rows):
    width = len(header)
    rows = [(row + [""] * width)[:width] for row in rows]
    text = Decoded(csv_text(header, rows).encode("utf-8"), "utf-8")
    fast = _split_fast(text, header)
    slow = _split_slowly(text, header)
    assert fast.rows == slow.rows
    assert [c.to_pylist() for c in fast.columns] == [c.to_pylist() for c in slow.columns]
    assert split_columns(text).rows == slow.rows
