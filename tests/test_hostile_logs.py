"""Broken or hostile logs: a located message for every bad row, never a quiet wrong site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from battlemap.errors import BattlemapError
from battlemap.logs import read_logs
from battlemap.metrics import measure
from battlemap.plan import load_plan
from battlemap.site import metrics_json

REPO = Path(__file__).resolve().parents[1]
HEADER = "date,type,customer,premium,product,channel,note,count\n"
OK_ROW = "2026-01-04,visit,甲,,,,,\n"


def run_cli(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run build.py in a fresh process, so that a hang fails the test instead of blocking it."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--project", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "2026-01-05,policy,张三,110101199003071234,health,offline,,",
            "premium: 110101199003071234 — more than 10,000,000,000 yuan: no premium is that"
            " large (an ID number?)",
        ),
        (
            "2026-01-05,visit,张三,,,,,9223372036854775808",
            "count: 9223372036854775808 — more than 1,000,000 activities on one row",
        ),
        (
            "2026-01-05,visit,张三,,,,," + "9" * 5000,
            "count: " + "9" * 60 + "… — more than 1,000,000 activities on one row",
        ),
        (
            "1500-06-30,policy,张三,1000,health,offline,,",
            "date: 1500-06-30 — not a plausible date (the years 1900 to 2100)",
        ),
        (
            "2262-04-12,visit,张三,,,,,",
            "date: 2262-04-12 — not a plausible date (the years 1900 to 2100)",
        ),
        (
            "2026-01-05,visit,张三,,,," + "长" * 200_000 + ",",
            "note: " + "长" * 60 + "… — longer than 131,072 characters: is a quote left open?",
        ),
        (
            '2026-01-05,visit,张三,,,,"' + "长\n" * 70_000 + '",',
            "note: 长… — longer than 131,072 characters: is a quote left open?",
        ),
    ],
    ids=[
        "id-number",
        "count-2^63",
        "count-5000-digits",
        "year-1500",
        "year-2262",
        "cell-200k",
        "quoted-140k",
    ],
)
def test_an_absurd_value_is_a_located_error(project, errors, row, message):
    project.log("a.csv", HEADER + OK_ROW + row + "\n")
    assert project.build() == 1
    assert errors() == [f"logs/a.csv:3: {message}"]


def test_two_huge_premiums_never_wrap_to_a_negative_total(project, errors):
    rows = "".join(f"2026-01-0{d},policy,客户{d},5e16,health,offline,,\n" for d in (5, 6))
    project.log("a.csv", HEADER + rows.replace("5e16", "50000000000000000"))
    assert project.build() == 1
    assert len(errors()) == 2
    assert project.build("--skip-bad-rows") == 1  # no row left to build from: still an error


def test_the_sum_of_many_large_premiums_stays_exact_or_is_refused(project, errors):
    # 9,100 rows × 10,000,000,000 yuan = 9.1e13 yuan > 2**53 cents ≈ 9.007e13 yuan
    rows = "".join(f"2026-01-05,policy,客户{i},10000000000,health,offline,,\n" for i in range(9100))
    project.log("a.csv", HEADER + rows)
    assert project.build() == 1
    assert errors() == [
        "logs/: the premiums add up to more than 90,071,992,547,409 yuan, more than Battlemap can"
        " sum exactly — check the premium (保费) column"
    ]


@pytest.mark.parametrize(
    ("tail", "swallowed"),
    [
        # the quote is never closed: every row after it would be read into the note
        (
            '2026-01-05,visit,张三,,,,"约了客户,\n2026-01-06,visit,李四,,,,,\n2026-01-07,call,王五,,,,,\n',
            3,
        ),
        # a later note's quote closes it: the rows between would be lost
        (
            '2026-01-05,visit,张三,,,,"约了\n2026-01-06,visit,李四,,,,,\n'
            '2026-01-07,visit,王五,,,,"好",\n2026-01-08,visit,赵六,,,,,\n',
            3,
        ),
    ],
    ids=["at-eof", "closed-later"],
)
def test_an_unclosed_quote_is_located_where_it_opens(project, errors, tail, swallowed):
    project.log("a.csv", HEADER + OK_ROW + tail)
    assert project.build() == 1
    [message] = errors()
    assert message.startswith("logs/a.csv:3: note: ")
    assert message.endswith(
        f"— a quote opens in this cell and is not closed, so the rows from line {swallowed + 1}"
        " on are read into it — close the quote (or remove it)"
    )


def test_a_note_over_several_lines_is_no_swallowed_row(build_metrics, project):
    note = '"第一行, 还有\n2026年的计划：拜访, 电话\n第三行"'
    project.log("a.csv", HEADER + OK_ROW + f"2026-01-05,visit,张三,,,,{note},\n")
    assert build_metrics()["year"]["visits"] == 2


NAMES_BIG5 = "陳大文,李小龍,張學友,劉德華,郭富城,梁朝偉"
NAMES_SJIS = "田中太郎,山田花子,佐藤一郎,鈴木次郎,高橋三郎"


@pytest.mark.parametrize(
    ("encoding", "name", "names"),
    [
        ("big5", "Big5", NAMES_BIG5),
        ("shift_jis", "Shift-JIS", NAMES_SJIS),
        ("cp950", "Big5", NAMES_BIG5),
    ],
)
def test_big5_and_shift_jis_files_are_named_not_read_as_mojibake(
    project, errors, encoding, name, names
):
    rows = "".join(f"2026-01-0{i + 1},visit,{n},,,,,\n" for i, n in enumerate(names.split(",")))
    project.log("a.csv", HEADER + rows, encoding)
    assert project.build() == 1
    assert errors() == [
        f"logs/a.csv: not UTF-8 or GB18030 text (it looks like {name}) — save it as UTF-8"
        " (Excel: CSV UTF-8)"
    ]


def test_gb18030_with_rare_and_traditional_names_still_reads(build_metrics, project):
    names = ["王喆", "李堃", "陈昇", "陳大文", "張學友", "张伟", "赵敏"]
    rows = "".join(f"2026-01-0{i + 1},visit,{n},,,,拜访,\n" for i, n in enumerate(names))
    project.log("a.csv", HEADER + rows, "gb18030")
    assert build_metrics()["year"]["visits"] == 7


def test_a_fifo_named_like_a_log_is_named_and_never_read(project):
    project.log("a.csv", HEADER + OK_ROW)
    os.mkfifo(project.root / "logs" / "b.csv")
    done = run_cli(project.root)
    assert done.returncode == 1
    assert (
        "error: logs/b.csv: a named pipe, not a regular file — Battlemap reads only regular files"
        in done.stderr.splitlines()
    )


def test_a_header_of_thousands_of_columns_is_refused(project, errors):
    project.log("a.csv", ",".join(f"c{i}" for i in range(5000)) + "\n1\n")
    assert project.build() == 1
    assert errors() == [
        "logs/a.csv: the header has 5,000 columns — more than the 1,000 a log may have"
    ]


# ---------------------------------------------------------------- arbitrary cells

CELL = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1.2万", "¥12,000", "9" * 30 + "万", "٣", "１２", "0000-01-01", "9999-12-31"]),
    st.sampled_from(["1500-01-01", "2026/2/30", "2026年1月5日", "policy", "cancel", "visit", '"']),
)
ROWS = st.lists(
    st.tuples(
        st.sampled_from(["2026-01-05", "2026-03-01", "1899-12-31", "x"]),
        st.sampled_from(["visit", "policy", "cancel", "renewal", "call", "成交"]),
        CELL,
        CELL,
        st.sampled_from(["health", "life", "x", ""]),
        st.sampled_from(["offline", ""]),
        CELL,
        CELL,
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ROWS)
def test_arbitrary_cells_give_figures_or_located_errors(project, rows):
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') else value

    project.log("a.csv", HEADER + "".join(",".join(map(cell, r)) + "\n" for r in rows))
    try:
        plan = load_plan(project.root)
        logs = read_logs(project.root, plan, skip_bad_rows=True)
        metrics, _ = measure(plan, logs)
        metrics_json(metrics)
    except BattlemapError as exc:
        assert all(m.startswith("logs/") for m in exc.messages), exc.messages


def test_a_file_name_that_is_not_utf8_is_shown_not_crashed_on(project, capsys):
    project.log("a.csv", HEADER + OK_ROW)
    name = os.fsdecode(b"\xb0\xa1-gbk-name.csv")  # a GBK name unpacked on a UTF-8 system
    (project.root / "logs" / name).write_text("date,type,微信\n2026-01-05,event,x\n", "utf-8")
    assert project.build() == 0
    err = capsys.readouterr().err
    assert (
        "warning: logs/\ufffd\ufffd-gbk-name.csv: column '微信' is not one Battlemap reads" in err
    )
    page = (project.root / "site" / "data-quality.html").read_text("utf-8")
    assert "logs/\ufffd\ufffd-gbk-name.csv" in page
