"""Workbooks in logs/ (SPEC §8): every log sheet read like one CSV file of §2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msoffcrypto.format.ooxml
import pytest
from bs4 import BeautifulSoup
from conftest import Project
from workbooks import Formula, Styled, csv_text, write_ods, write_xls, write_xlsx

from battlemap.csvfile import UnreadableFile
from battlemap.tables import read_table_file

D = dt.date
HEADER = ["date", "type", "customer", "premium", "product", "channel", "outcome", "reason", "count"]
ZH_HEADER = ["日期", "类型", "客户", "保费", "险种", "渠道"]
ROWS = [
    [D(2025, 12, 1), "policy", "A", 1000, "health", "offline", None, None, None],
    [D(2026, 1, 10), "policy", "B", 2000.5, "life", "online", None, None, None],
    [D(2026, 1, 10), "visit", "C", None, None, None, "follow_up", None, 3],
    [D(2026, 2, 3), "renewal", "A", 1500, "health", None, None, None, None],
    [D(2026, 2, 4), "cancel", "B", 2000.5, "life", "online", None, None, None],
    [D(2026, 3, 20), "visit", "D", None, None, None, "lost", "价格太高", None],
    [dt.datetime(2026, 3, 21, 9, 30), "call", "D", None, None, None, None, None, None],
    [D(2026, 4, 2), "policy", "E", 12000, "annuity", "referral", "closed", None, None],
]
AMOUNT_WHY = "not an amount (write 12000, 12,000.50, ¥12000, 12000元 or 1.2万)"
DATE_WHY = "not a date (write 2026-03-05, 2026/3/5 or 2026年3月5日)"


@pytest.fixture
def twin(tmp_path: Path) -> Project:
    """A second scratch project, to build the same rows from a CSV file."""
    return Project(tmp_path / "twin")


def metrics_bytes(project: Project) -> bytes:
    assert project.build() == 0
    return (project.root / "site" / "data" / "metrics.json").read_bytes()


@pytest.mark.parametrize(
    ("name", "write"),
    [("crm.xlsx", write_xlsx), ("crm.xls", write_xls), ("crm.ods", write_ods)],
)
def test_a_workbook_gives_the_figures_of_the_csv_of_its_rows(project, twin, name, write):
    write(project.root / "logs" / name, {"Sheet1": [HEADER, *ROWS]})
    twin.log("crm.csv", csv_text([HEADER, *ROWS]))
    assert metrics_bytes(project) == metrics_bytes(twin)
    m = project.metrics()
    # policies: B, E in 2026 minus B's cancel = 1; new business 2000.5 + 12000 - 2000.5 = 12000;
    # renewal 1500 -> total 13500; visits 3 (count) + 1 = 4; 8 rows, as of the last: 04-02
    assert m["meta"]["rows"] == 8 and m["meta"]["as_of"] == "2026-04-02"
    assert m["year"]["policies"] == 1
    assert m["year"]["new_business_premium"] == 12000
    assert m["year"]["premium_total"] == 13500
    assert m["year"]["visits"] == 4


def good_row(day: int) -> list[object]:
    return [D(2026, 1, day), "拜访", f"客户{day}", None, None, None]


def test_a_bad_cell_is_named_by_file_sheet_line_and_column(project, errors):
    # Sheet1: two blank rows, the header (line 1), good rows on lines 2-7, a blank row
    # (line 8), good rows on lines 9-13, the bad premium on line 14
    bad = [D(2026, 2, 1), "新单", "张三", "一万", "健康险", "线下"]
    sheet1 = [[], [], ZH_HEADER, *map(good_row, range(1, 7)), [], *map(good_row, range(7, 12))]
    # 拜访: a bool where an amount goes (line 2); a plain number, not a date cell, where a
    # date goes (line 3)
    visits = [
        ZH_HEADER,
        [D(2026, 2, 2), "新单", "李四", True, "健康险", "线下"],
        [46082, "拜访", "王五", None, None, None],
    ]
    write_xlsx(project.root / "logs" / "crm.xlsx", {"Sheet1": [*sheet1, bad], "拜访": visits})
    assert project.build() == 1
    assert errors() == [
        f"logs/crm.xlsx[Sheet1]:14: 保费: 一万 — {AMOUNT_WHY}",
        f"logs/crm.xlsx[拜访]:2: 保费: TRUE — {AMOUNT_WHY}",
        f"logs/crm.xlsx[拜访]:3: 日期: 46082 — {DATE_WHY}",
    ]


def test_error_cells_read_as_excel_shows_them(project, errors):
    rows = [
        [*ZH_HEADER, "数量", "备注"],
        [D(2026, 2, 1), "新单", "张三", Formula("=1/0", "#DIV/0!"), "健康险", "线下", None, None],
        [D(2026, 2, 2), "朋友圈", None, None, None, None, Formula("=NA()", "#N/A"), None],
        # in free text an error is text, as a CSV export writes it
        [D(2026, 2, 3), "复盘", None, None, None, None, None, Formula("=C9", "#REF!")],
    ]
    write_xlsx(project.root / "logs" / "crm.xlsx", {"Sheet1": rows})
    assert project.build() == 1
    assert errors() == [
        f"logs/crm.xlsx[Sheet1]:2: 保费: #DIV/0! — {AMOUNT_WHY}",
        "logs/crm.xlsx[Sheet1]:3: 数量: #N/A — not a whole number of activities",
    ]


def test_two_sheets_overlapping_merge_like_two_csv_exports(project, twin):
    x = [D(2026, 1, 10), "policy", "A", 1000, "health", "offline", None, None, None]
    y = [D(2026, 1, 11), "policy", "B", 2000, "life", "online", None, None, None]
    write_xlsx(
        project.root / "logs" / "crm.xlsx",
        {"一月": [HEADER, x, x, y], "一月再导出": [HEADER, x, x, x]},
    )
    twin.log("a.csv", csv_text([HEADER, x, x, y]))
    twin.log("b.csv", csv_text([HEADER, x, x, x]))
    assert metrics_bytes(project) == metrics_bytes(twin)
    m = project.metrics()
    # X counts max(2, 3) = 3 times, Y once: 4 rows kept of 6 read, 2 merged
    assert (m["meta"]["rows"], m["meta"]["merged_rows"]) == (4, 2)
    # policies 3 + 1 = 4; premium 3 x 1000 + 2000 = 5000
    assert (m["year"]["policies"], m["year"]["new_business_premium"]) == (4, 5000)


def test_a_sheet_and_a_csv_export_of_the_same_days_merge(project):
    x = [D(2026, 1, 10), "policy", "A", 1000, "health", "offline", None, None, None]
    write_xlsx(project.root / "logs" / "crm.xlsx", {"Sheet1": [HEADER, x]})
    project.log("crm.csv", "日期,类型,客户,保费,险种,渠道\n2026/1/10,新单,A,1000元,健康险,线下\n")
    assert project.build() == 0
    meta = project.metrics()["meta"]
    assert (meta["rows"], meta["merged_rows"]) == (1, 1)  # the same row once read


def test_header_after_blank_rows_and_columns_and_trailing_empty_cells(project, errors):
    blank = Styled(None, "¥#,##0.00")  # formatted but empty: Excel keeps such cells
    rows = [
        [],
        [None, None, *HEADER[:4], None, None],
        [None, None, D(2026, 1, 5), "visit", "A", None],
        [None, None, D(2026, 1, 6), "policy", "A", 800],
        [],
        [],
        [None, None, None, None, None, None, None, None, None, None, blank],
    ]
    path = write_xlsx(project.root / "logs" / "crm.xlsx", {"Sheet1": rows})
    table = read_table_file(path, "logs/crm.xlsx", lambda header: None).tables[0][1]
    assert table.header[:4] == HEADER[:4] and table.rows == 2
    assert table.record_lines() == [2, 3]
    assert project.build() == 1
    # the policy row lacks product and channel: located on line 3 (the header is line 1)
    assert errors() == [
        "logs/crm.xlsx[Sheet1]:3: product: — missing (a policy row needs a product)",
        "logs/crm.xlsx[Sheet1]:3: channel: — missing (a policy row needs a channel)",
    ]


def test_merged_and_formatted_cells_read_as_they_show(project):
    rows = [
        ["日期", "类型", "客户", "保费", "险种", "渠道", "数量"],
        # one date merged over three visits (rows 1-3 of the sheet)
        [Styled(D(2026, 3, 2), "yyyy年m月d日"), "拜访", "甲", None, None, None, None],
        [None, "拜访", "乙", None, None, None, None],
        [None, "拜访", "丙", None, None, None, Styled(2, "0")],
        # money formatted as ¥12,000.50; a premium typed as text; a formula's saved value
        [D(2026, 3, 3), "新单", "甲", Styled(12000.5, "¥#,##0.00"), "健康险", "线下", None],
        [D(2026, 3, 4), "新单", "乙", Styled("12000", "@"), "寿险", "线上", None],
        [D(2026, 4, 1), "新单", "丙", Formula("=1000*12", 12000), "年金险", "转介绍", None],
    ]
    write_xlsx(project.root / "logs" / "crm.xlsx", {"Sheet1": rows}, {"Sheet1": [(1, 0, 3, 0)]})
    assert project.build() == 0
    m = project.metrics()
    # Q1 visits 1 + 1 + 2 = 4, all on 03-02; Q1 premium 12000.5 + 12000; Q2 12000
    assert m["quarters"]["Q1"]["visits"] == 4
    assert m["quarters"]["Q1"]["new_business_premium"] == 24000.5
    assert m["quarters"]["Q2"]["new_business_premium"] == 12000
    assert m["meta"]["rows"] == 6


def test_a_merged_date_in_an_xls_workbook_fills_its_rows(project):
    rows = [
        ["date", "type", "customer"],
        [D(2026, 1, 5), "visit", "A"],
        [None, "visit", "B"],
        [D(2026, 1, 12), "visit", "C"],
    ]
    write_xls(project.root / "logs" / "old.xls", {"Sheet1": rows}, {"Sheet1": [(1, 0, 2, 0)]})
    assert project.build() == 0  # B's date cell is empty but merged with A's: 01-05
    m = project.metrics()
    assert (m["meta"]["rows"], m["year"]["visits"], m["meta"]["as_of"]) == (3, 3, "2026-01-12")


def test_sheets_that_are_not_logs_are_reported_once_as_ignored(project, capsys):
    project.plan("---\nyear: 2026\n---\n")  # zh-CN: the warnings speak Chinese
    sheets = {
        "说明": [["本表由 CRM 导出"], ["日期", "类型"]],  # a title row above the header
        "Sheet1": [HEADER, ROWS[1]],
        "Sheet3": [],
    }
    write_xlsx(project.root / "logs" / "crm.xlsx", sheets)
    assert project.build() == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "工作表" in line]
    assert warnings == [
        "警告：logs/crm.xlsx[说明]: 已忽略此工作表 — 它的第一个非空行不是含“日期”和“类型”的表头",
        "警告：logs/crm.xlsx[Sheet3]: 已忽略此工作表 — 它是空的",
    ]
    assert project.metrics()["meta"]["rows"] == 1
    page = BeautifulSoup(
        (project.root / "site" / "data-quality.html").read_text("utf-8"), "html.parser"
    )
    listed = [li.get_text() for li in page.select("ul.ignored-sheets li")]
    assert listed == ["logs/crm.xlsx[说明]", "logs/crm.xlsx[Sheet3]"]
    assert page.find("h2", string="忽略的工作表")


def test_a_log_sheet_with_a_second_date_column_is_an_error_on_its_line_1(project, errors):
    write_xlsx(project.root / "logs" / "crm.xlsx", {"导出": [[], ["date", "type", "日期"]]})
    assert project.build() == 1
    assert errors() == ["logs/crm.xlsx[导出]:1: 日期: — a second date column"]


def encrypted(data: bytes) -> bytes:
    import io

    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(data)).encrypt("1234", out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("crm.xlsx", lambda good: b"", "empty file — export the workbook again"),
        (
            "crm.xlsx",
            lambda good: b"date,type\n2026-01-05,visit\n",
            "not an Excel (.xlsx) workbook — open it in Excel and save it as .xlsx, or export CSV",
        ),
        (
            "crm.xls",
            lambda good: b"<html><table><tr><td>date</td></tr></table></html>",
            "not an Excel 97-2003 (.xls) workbook — open it in Excel and save it as .xlsx,"
            " or export CSV",
        ),
        (
            "crm.ods",
            lambda good: good,  # an .xlsx named .ods: the extension decides
            "not an OpenDocument (.ods) workbook — open it in Excel and save it as .xlsx,"
            " or export CSV",
        ),
        (
            "crm.xlsx",
            lambda good: good[: len(good) // 2],
            "a damaged or partly saved workbook (an incomplete zip file) — save or export it again",
        ),
        (
            "crm.xlsx",
            encrypted,
            "password-protected or encrypted — save it again without a password",
        ),
    ],
)
def test_a_workbook_that_cannot_be_opened_is_named_and_site_is_kept(
    project, errors, tmp_path, name, content, why
):
    project.log("a.csv", "date,type\n2026-01-05,review\n")
    assert project.build() == 0
    site = project.root / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    good = write_xlsx(tmp_path / "good.xlsx", {"Sheet1": [HEADER, ROWS[1]]}).read_bytes()
    (project.root / "logs" / name).write_bytes(content(good))
    assert project.build() == 1
    assert errors() == [f"logs/{name}: {why}"]
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_the_extension_decides_in_any_case_and_lock_and_hidden_files_are_skipped(project):
    sheet = {"Sheet1": [HEADER, ROWS[1]]}
    write_xlsx(project.root / "logs" / "CRM.XLSX", sheet)
    (project.root / "logs" / "~$CRM.XLSX").write_bytes(b"\x07owner\x00" * 20)  # Excel's lock
    write_xlsx(project.root / "logs" / ".old.xlsx", sheet)
    write_ods(project.root / "logs" / "sub" / "more.ODS", {"表": [HEADER, ROWS[7]]})
    assert project.build() == 0
    m = project.metrics()
    # B's policy of 01-10 and E's of 04-02, each once
    assert (m["meta"]["rows"], m["year"]["policies"]) == (2, 2)


def test_read_table_file_names_each_sheet_and_each_csv(tmp_path):
    path = write_xlsx(
        tmp_path / "logs" / "crm.xlsx", {"A": [HEADER, ROWS[0]], "B": [["x"]], "C": []}
    )
    found = read_table_file(path, "logs/crm.xlsx", lambda h: None if "date" in h else "no date")
    assert [name for name, _ in found.tables] == ["logs/crm.xlsx[A]"]
    assert {name: str(why) for name, why in found.ignored.items()} == {
        "logs/crm.xlsx[B]": "no date",
        "logs/crm.xlsx[C]": "sheet ignored — it is empty",
    }
    table = found.tables[0][1]
    assert [c.to_pylist() for c in table.columns[:4]] == [
        ["2025-12-01"],
        ["policy"],
        ["A"],
        ["1000"],
    ]
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("date,type\n2026-01-05,visit\n", "utf-8")
    assert [n for n, _ in read_table_file(csv_path, "logs/a.csv", lambda h: "unused").tables] == [
        "logs/a.csv"
    ]
    with pytest.raises(UnreadableFile):
        read_table_file(tmp_path / "missing.xlsx", "logs/missing.xlsx", lambda h: None)


def test_error_cells_are_found_past_empty_cells_and_in_any_column():
    from battlemap.cell_errors import _errors

    xml = (
        b'<row r="1"><c r="A1" s="1"/><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        b'<row r="7"><c r="AA7" s="2" t="e"><v>#N/A</v></c><c r="AB7" t="s"><v>3</v></c></row>'
    )
    # B1 -> (0, 1); AA7 -> row 6, column 26 + 1 - 1 = 26
    assert _errors(xml) == {(0, 1): "#DIV/0!", (6, 26): "#N/A"}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12000.0, "12000"),
        (12000.5, "12000.5"),
        (0.1 + 0.2, "0.3"),  # 0.30000000000000004 as Excel shows it, to 15 digits
        (13200.000000000002, "13200"),
        (1e-7, "0.0000001"),
        (1e20, "100000000000000000000"),
        (True, "TRUE"),
        (dt.datetime(2026, 3, 5), "2026-03-05"),
        (dt.datetime(2026, 3, 5, 9, 30), "2026-03-05 09:30:00"),
        (dt.time(9, 30), "09:30:00"),
        (7, "7"),
    ],
)
def test_cell_values_read_as_a_csv_export_writes_them(value, text):
    from battlemap.workbook import cell_text

    assert cell_text(value) == text
