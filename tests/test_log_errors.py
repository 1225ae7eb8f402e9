"""Bad log input: every problem located as `file:line: column: value — why`, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

HEADER = "date,type,customer,premium,product,channel\n"


def test_every_bad_row_is_reported_at_once_with_its_physical_line(project, errors):
    project.log(
        "a.csv",
        HEADER
        + "2026-01-05,visit,张三,,,\n"
        + '2026-01-06,policy,"李\n四",abc,health,offline\n'  # record spans lines 3-4
        + "2026-02-30,visit,王五,,,\n"
        + "2026-01-07,dance,赵六,,,\n",
    )
    assert project.build() == 1
    assert errors() == [
        "logs/a.csv:3: premium: abc — not an amount"
        " (write 12000, 12,000.50, ¥12000, 12000元 or 1.2万)",
        "logs/a.csv:5: date: 2026-02-30 — not a date (write 2026-03-05, 2026/3/5 or 2026年3月5日)",
        "logs/a.csv:6: type: dance — unknown activity type (one of visit, call, event, briefing,"
        " video, post, group_post, policy, renewal, cancel, referral, training, study, shadow,"
        " review, exercise)",
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "2026-01-05,policy,,100,health,offline",
            "customer: — missing (a policy row needs a customer)",
        ),
        ("2026-01-05,renewal,张三,,health,", "premium: — missing (a renewal row needs a premium)"),
        (
            "2026-01-05,cancel,张三,100,,offline",
            "product: — missing (a cancel row needs a product)",
        ),
        ("2026-01-05,policy,张三,100,health,", "channel: — missing (a policy row needs a channel)"),
        ("2026-01-05,policy,张三,-100,health,offline", "premium: -100 — negative premium"),
        (
            "2026-01-05,policy,张三,100,car,offline",
            "product: car — unknown product (one of health"
            " 健康险, life 寿险, annuity 年金险, property_accident 财产险及意外险)",
        ),
        (
            "2026-01-05,policy,张三,100,health,tv",
            "channel: tv — unknown channel (one of offline 线下, online 线上, referral 转介绍)",
        ),
        (",visit,张三,,,", "date: — missing (every row needs a date)"),
        ("2026-01-05,,张三,,,", "type: — missing (every row needs a type)"),
    ],
)
def test_each_kind_of_bad_row_has_its_message(project, errors, row, message):
    project.log("a.csv", HEADER + "2026-01-04,visit,甲,,,\n" + row + "\n")
    assert project.build() == 1
    assert errors() == [f"logs/a.csv:3: {message}"]


def test_messages_name_the_column_as_the_file_heads_it(project, errors):
    project.log(
        "zh.csv", "日期,类型,客户,保费,险种,渠道\n2026/1/5,新单,张三,一万,健康险,线下\n", "gb18030"
    )
    assert project.build() == 1
    assert errors()[0].startswith("logs/zh.csv:2: 保费: 一万 — not an amount")


def test_a_row_needing_a_column_its_file_lacks_is_a_missing_value(project, errors):
    project.log("a.csv", "date,type,customer\n2026-01-05,policy,张三\n")
    assert project.build() == 1
    assert errors() == [
        "logs/a.csv:2: premium: — missing (a policy row needs a premium)",
        "logs/a.csv:2: product: — missing (a policy row needs a product)",
        "logs/a.csv:2: channel: — missing (a policy row needs a channel)",
    ]


def test_count_is_not_for_money_rows(project, errors):
    project.log("a.csv", HEADER.strip() + ",count\n2026-01-05,policy,张三,100,health,offline,2\n")
    assert project.build() == 1
    assert errors() == [
        "logs/a.csv:2: count: 2 — a policy row stands for one policy: write one row each"
    ]


def test_file_without_date_or_type_column_is_one_error_on_line_1(project, errors):
    project.log("a.csv", "customer,premium\n张三,100\n李四,200\n")
    assert project.build() == 1
    assert errors() == ["logs/a.csv:1: date, type: — no date (日期) or type (类型) column"]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty file — export it again with a header row and data"),
        (
            b"\xff\xfe\x00d\x00a\x00t\x00e",
            "not a text file in UTF-8 or GB18030 — save it from Excel as CSV",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "not a text file in UTF-8 or GB18030 — save it from Excel as CSV",
        ),
    ],
)
def test_unreadable_files_are_named(project, errors, content, why):
    (project.root / "logs" / "bad.csv").write_bytes(content)
    project.log("good.csv", HEADER + "2026-01-05,visit,张三,,,\n")
    assert project.build() == 1
    assert errors() == [f"logs/bad.csv: {why}"]


def test_empty_logs_folder_is_an_error(project, errors):
    assert project.build() == 1
    assert errors() == [
        "logs/: no log files — put the activity logs in logs/ as .csv, .xlsx, .xls or .ods"
    ]


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(project):
    project.log("a.csv", HEADER + "2026-01-05,visit,张三,,,\n")
    assert project.build() == 0
    site = project.root / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    project.log("a.csv", HEADER + "2026-01-05,visit,张三,,,\n2026-01-06,visit,,,,\n")
    project.log("b.csv", HEADER + "2026-01-05,policy,张三,12000,health,offline\n")
    assert project.build() == 1
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.root.glob(".site-*"))


def test_skip_bad_rows_builds_and_counts_them(project, errors):
    project.log(
        "a.csv",
        HEADER + "2026-01-05,visit,张三,,,\nnot a date,visit,李四,,,\n"
        "2026-01-06,policy,张三,100,health,nowhere\n",
    )
    assert project.build("--skip-bad-rows") == 0
    meta = project.metrics()["meta"]
    assert (meta["rows"], meta["skipped_rows"]) == (1, 2)


def test_the_tool_never_writes_to_content_or_logs(project):
    project.log("a.csv", HEADER + "2026-01-05,visit,张三,,,\n")

    def snapshot(root: Path) -> dict:
        return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}

    before = snapshot(project.root / "content") | snapshot(project.root / "logs")
    assert project.build() == 0
    project.log("bad.csv", "x\n1\n")
    after_bad = {
        k: v
        for k, v in (snapshot(project.root / "content") | snapshot(project.root / "logs")).items()
        if k.name != "bad.csv"
    }
    assert project.build() == 1
    assert after_bad == before


def test_unknown_columns_are_reported_once(project, capsys):
    project.log("a.csv", "date,type,来源\n2026-01-05,review,微信\n")
    project.log("b.csv", "date,type,来源\n2026-01-06,review,微信\n")
    assert project.build() == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "来源" in line]
    assert warnings == [
        "warning: logs/a.csv, logs/b.csv: column '来源' is not one Battlemap reads — ignored"
    ]


@pytest.mark.parametrize("count", ["nan", "inf", "-1", "2.5", "三"])
def test_a_count_that_is_not_a_whole_number_is_located(project, errors, count):
    project.log("a.csv", f"date,type,count\n2026-01-05,post,3\n2026-01-06,post,{count}\n")
    assert project.build() == 1
    assert errors() == [f"logs/a.csv:3: count: {count} — not a whole number of activities"]
