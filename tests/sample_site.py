"""The repository's sample project, copied into a temp folder and built once per test session.

Shared by test_site_html.py and test_browser.py so the sample is built once however many
modules use it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest

from battlemap.cli import main
from battlemap.tables import read_table_file

REPO = Path(__file__).resolve().parents[1]
_BUILT: dict[tuple[str, ...], Path] = {}
_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/年])\s*(\d{1,2})\s*(?:[-/月])\s*(\d{1,2})")


def copy_sample(dest: Path) -> Path:
    """Copy the repository's content/ and logs/ into dest (a new folder); return dest."""
    dest.mkdir(parents=True)
    for name in ("content", "logs"):
        shutil.copytree(REPO / name, dest / name)
    return dest


def built_sample(factory: pytest.TempPathFactory, *args: str) -> Path:
    """Return the root of a copy of the sample project built with args (built once per args)."""
    if args not in _BUILT:
        root = copy_sample(factory.mktemp("sample") / "proj")
        code = main(["--project", str(root), *args])
        assert code == 0, f"the sample project did not build with {args}: exit code {code}"
        _BUILT[args] = root
    return _BUILT[args]


def read_text(path: Path) -> str:
    """Return a log file's text: UTF-8 (with or without BOM), else GB18030."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def sample_rows() -> list[dict[str, str]]:
    """Return every row of the sample logs, keyed by English column names where known."""
    headers = {
        "日期": "date",
        "类型": "type",
        "客户": "customer",
        "保费": "premium",
        "原因": "reason",
        "备注": "note",
        "结果": "outcome",
    }
    rows = []
    for path in sorted((REPO / "logs").rglob("*.csv")):
        for row in csv.DictReader(io.StringIO(read_text(path), newline="")):
            rows.append({headers.get(k, k): (v or "") for k, v in row.items() if k is not None})
    for header, records in _workbook_tables():
        rows += [{headers.get(k, k): v for k, v in zip(header, r, strict=True)} for r in records]
    return rows


def _workbook_tables() -> list[tuple[list[str], list[list[str]]]]:
    """Return the header and text rows of every sheet of the sample's workbooks."""
    tables = []
    for path in sorted((REPO / "logs").rglob("*.xlsx")):
        found = read_table_file(path, path.name, lambda header: None if "date" in header else "")
        for _, table in found.tables:
            tables.append(
                (
                    table.header,
                    [list(r) for r in zip(*(c.to_pylist() for c in table.columns), strict=True)],
                )
            )
    return tables


def row_date(text: str) -> dt.date:
    """Read a log date the way SPEC §2 writes them (2026-03-05, 2026/3/5, 2026年3月5日 [time])."""
    m = _DATE.match(text)
    assert m, f"unreadable sample date {text!r}"
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def sample_customers() -> set[str]:
    """Return every customer name of the sample logs with at least two characters."""
    return {r["customer"].strip() for r in sample_rows() if len(r["customer"].strip()) >= 2}


def sample_file_customers() -> set[str]:
    """Return every name of the sample's customer file (content/customers.csv)."""
    text = read_text(REPO / "content" / "customers.csv")
    return {row["客户"].strip() for row in csv.DictReader(io.StringIO(text, newline=""))}


def sample_mobiles() -> set[str]:
    """Return every mobile number (11 digits starting with 1) anywhere in the sample logs."""
    found: set[str] = set()
    texts = [read_text(path) for path in sorted((REPO / "logs").rglob("*.csv"))]
    texts += ["\n".join(",".join(r) for r in records) for _, records in _workbook_tables()]
    for text in texts:
        found |= set(re.findall(r"(?<!\d)1\d{10}(?!\d)", text))
    return found
