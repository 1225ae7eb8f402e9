"""The customer file (SPEC §7): encodings, headers, values, and located errors as in §2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from workbooks import write_xlsx

from battlemap.customers import Birthday, read_customers
from battlemap.errors import InputError

LOG = "date,type,customer\n2026-11-20,visit,张三\n"


def customers(project, text: str, encoding: str = "utf-8") -> Path:
    path = project.root / "content" / "customers.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_chinese_headers_in_every_encoding(project, encoding):
    customers(
        project,
        "客户,生日,子女,标签,备注\n"
        "张三,1988-03-05,2,出差；购房,喜欢喝茶\n"
        " 李四 ,1990/3/5,0,宝妈群|企业主,\n"
        "王五,1985年12月31日,,退休、出差;购房,\n"
        "赵六,03-05,1,,\n"
        "钱七,2月29日,,,\n",
        encoding,
    )
    people = read_customers(project.root).customers
    assert [(c.name, c.line) for c in people] == [
        ("张三", 2),
        ("李四", 3),  # spaces around a name are not part of it
        ("王五", 4),
        ("赵六", 5),
        ("钱七", 6),
    ]
    assert [c.birthday for c in people] == [
        Birthday(3, 5, 1988),
        Birthday(3, 5, 1990),
        Birthday(12, 31, 1985),
        Birthday(3, 5),
        Birthday(2, 29),
    ]
    assert [c.children for c in people] == [2, 0, None, 1, None]
    assert [c.tags for c in people] == [
        ("出差", "购房"),
        ("宝妈群", "企业主"),
        ("退休", "出差", "购房"),
        (),
        (),
    ]
    assert people[0].note == "喜欢喝茶"


def test_english_headers_in_any_order_and_case(project):
    customers(project, "Tags,BIRTHDAY,customer,children\n出差,1988-03-05,张三,1\n")
    (person,) = read_customers(project.root).customers
    assert (person.name, person.birthday, person.children, person.tags) == (
        "张三",
        Birthday(3, 5, 1988),
        1,
        ("出差",),
    )


def test_29_february_falls_on_28_february_in_a_common_year():
    born = Birthday(2, 29, 1988)
    assert born.on(2027).isoformat() == "2027-02-28"
    assert born.on(2028).isoformat() == "2028-02-29"
    # the age turns on the day the birthday falls on
    assert born.age_on(dt.date(2027, 2, 27)) == 38
    assert born.age_on(dt.date(2027, 2, 28)) == 39
    assert born.age_on(dt.date(2028, 2, 28)) == 39
    assert born.age_on(dt.date(2028, 2, 29)) == 40
    assert Birthday(2, 29).age_on(dt.date(2027, 2, 28)) is None


def test_every_bad_row_is_named_with_file_line_column_and_value(project, errors):
    project.log("a.csv", LOG)
    customers(
        project,
        "客户,生日,子女\n"
        "张三,13月5日,2\n"
        "李四,1988-02-30,两个\n"
        ",1990-01-01,\n"
        '"王五",2月30日,-1\n'
        "赵六,1988/2/29,1.0\n",  # 1988 is a leap year; 1.0 is a whole number
    )
    assert project.build() == 1
    assert errors() == [
        "content/customers.csv:2: 生日: 13月5日 — not a birthday (write 1988-03-05, 1988/3/5,"
        " 1988年3月5日, 03-05 or 3月5日)",
        "content/customers.csv:3: 生日: 1988-02-30 — not a birthday (write 1988-03-05, 1988/3/5,"
        " 1988年3月5日, 03-05 or 3月5日)",
        "content/customers.csv:3: 子女: 两个 — not a whole number of children (write 0, 1, 2, …)",
        "content/customers.csv:4: 客户: — missing (every row needs a customer)",
        "content/customers.csv:5: 生日: 2月30日 — not a birthday (write 1988-03-05, 1988/3/5,"
        " 1988年3月5日, 03-05 or 3月5日)",
        "content/customers.csv:5: 子女: -1 — not a whole number of children (write 0, 1, 2, …)",
    ]
    assert not (project.root / "site").exists()


def test_a_customer_listed_twice_names_both_lines(project, errors):
    project.log("a.csv", LOG)
    customers(project, "customer,birthday\n张三,1988-03-05\n李四,\n\n张三 ,03-05\n")
    assert project.build() == 1
    # the blank line is line 4: the second 张三 starts on line 5
    assert errors() == ["content/customers.csv:5: customer: 张三 — listed twice (first on line 2)"]


def test_a_note_spanning_lines_keeps_the_record_line(project, errors):
    project.log("a.csv", LOG)
    customers(project, '客户,备注,生日\n张三,"第一行\n第二行",1988-03-05\n李四,,3月32日\n')
    assert project.build() == 1
    assert errors() == [
        "content/customers.csv:4: 生日: 3月32日 — not a birthday (write 1988-03-05, 1988/3/5,"
        " 1988年3月5日, 03-05 or 3月5日)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "姓名,生日\n张三,03-05\n",
            "content/customers.csv:1: customer: — no customer (客户) column",
        ),
        (
            "客户,customer\n张三,张三\n",
            "content/customers.csv:1: customer: — a second customer column",
        ),
        ("", "content/customers.csv: empty file — export it again with a header row and data"),
        (
            "客户,生日\n张三,03-05,多余\n",
            "content/customers.csv:2: row: — more values than the header has columns",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_named(project, errors, text, message):
    project.log("a.csv", LOG)
    customers(project, text)
    assert project.build() == 1
    assert errors() == [message]


def test_log_and_customer_problems_are_reported_together(project, errors):
    project.log("a.csv", "date,type\n2026-13-01,review\n")
    customers(project, "客户,子女\n张三,x\n")
    assert project.build() == 1
    assert errors() == [
        "logs/a.csv:2: date: 2026-13-01 — not a date (write 2026-03-05, 2026/3/5 or 2026年3月5日)",
        "content/customers.csv:2: 子女: x — not a whole number of children (write 0, 1, 2, …)",
    ]


def test_skip_bad_rows_skips_bad_customers_and_lists_them(project):
    project.log("a.csv", LOG)
    customers(project, "客户,生日\n张三,11月25日\n李四,13月1日\n张三,11月26日\n王五,11月27日\n")
    assert project.build("--skip-bad-rows", "--show-names") == 0
    actions = json.loads((project.root / "site/data/actions.json").read_text("utf-8"))
    # the first 张三 stays; the second and 李四 are skipped
    assert [(b["customer"], b["date"]) for b in actions["birthdays"]] == [
        ("张三", "2026-11-25"),
        ("王五", "2026-11-27"),
    ]
    page = BeautifulSoup(
        (project.root / "site/data-quality.html").read_text("utf-8"), "html.parser"
    )
    text = page.get_text()
    assert "content/customers.csv:3: 生日: 13月1日 — not a birthday" in text
    assert "content/customers.csv:4: 客户: 张三 — listed twice (first on line 2)" in text


def test_an_unknown_column_is_warned_about_once(project, capsys):
    project.log("a.csv", LOG)
    customers(project, "客户,手机,生日\n张三,13800000000,03-05\n")
    assert project.build() == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "手机" in line]
    assert warnings == [
        "warning: content/customers.csv: column '手机' is not one Battlemap reads — ignored"
    ]


def test_without_a_customer_file_every_other_list_works(project):
    project.plan("---\nyear: 2026\n---\n")  # zh-CN
    project.log(
        "a.csv",
        "date,type,customer,premium,product,channel\n"
        "2025-12-01,policy,张三,1000,health,offline\n"
        "2026-10-01,visit,李四,,,\n"
        "2026-11-20,visit,王五,,,\n",
    )
    assert project.build("--show-names") == 0
    actions = json.loads((project.root / "site/data/actions.json").read_text("utf-8"))
    assert [r["customer"] for r in actions["renewals"]] == ["张三"]
    assert [f["customer"] for f in actions["follow_ups"]] == ["李四"]
    assert actions["birthdays"] == [] and actions["combos"] == []
    page = BeautifulSoup((project.root / "site/actions.html").read_text("utf-8"), "html.parser")
    for section in ("birthdays", "combos"):
        assert "没有客户档案" in page.select_one(f"#{section}").get_text(), section


def test_a_bad_customer_file_raises_input_error(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "customers.csv").write_bytes(b"\x00\x01binary")
    with pytest.raises(InputError) as caught:
        read_customers(tmp_path)
    assert caught.value.messages == [
        "content/customers.csv: not a text file in UTF-8 or GB18030 — save it from Excel as CSV"
    ]


def test_a_workbook_customer_file_with_date_cells_and_a_notes_sheet(project, errors, capsys):
    project.log("a.csv", LOG)
    path = project.root / "content" / "customers.xlsx"
    write_xlsx(
        path,
        {
            "说明": [["本表由 CRM 导出"]],
            "客户": [
                ["客户", "生日", "子女", "标签"],
                ["张三", dt.date(1980, 11, 25), 2, "出差、购房"],  # a date cell, a number cell
                ["李四", "11月26日", None, None],
            ],
        },
    )
    assert project.build("--show-names") == 0
    actions = json.loads((project.root / "site/data/actions.json").read_text("utf-8"))
    assert actions["birthdays"] == [
        {"customer": "张三", "date": "2026-11-25", "age": 46},
        {"customer": "李四", "date": "2026-11-26", "age": None},
    ]
    warnings = [line for line in capsys.readouterr().err.splitlines() if "说明" in line]
    assert warnings == [
        "warning: content/customers.xlsx[说明]: sheet ignored — its first row names no customer"
        " (客户) column"
    ]
    write_xlsx(path, {"客户": [["客户", "生日"], ["张三", "13月1日"], ["张三", "03-05"]]})
    assert project.build() == 1
    assert errors() == [
        "content/customers.xlsx[客户]:2: 生日: 13月1日 — not a birthday (write 1988-03-05,"
        " 1988/3/5, 1988年3月5日, 03-05 or 3月5日)",
        "content/customers.xlsx[客户]:3: 客户: 张三 — listed twice (first on line 2)",
    ]


def test_two_customer_files_are_one_too_many(project, errors):
    project.log("a.csv", LOG)
    customers(project, "客户\n张三\n")
    write_xlsx(project.root / "content" / "customers.xlsx", {"客户": [["客户"], ["李四"]]})
    assert project.build() == 1
    assert errors() == [
        "content/customers.csv, content/customers.xlsx: two customer files — keep one"
    ]
