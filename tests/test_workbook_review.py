"""Review mode and workbooks: Excel's save by rename, half-saved files, the cache (SPEC §8)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import Project
from workbooks import write_xlsx

import battlemap.logs
from battlemap.build import Builder, Options
from battlemap.errors import InputError

D = dt.date
HEADER = ["date", "type", "customer", "premium", "product", "channel"]
POLICY = [D(2026, 1, 10), "policy", "A", 1000, "health", "offline"]


def workbook(path: Path, *extra: list) -> bytes:
    """Write logs/crm.xlsx with A's policy and the extra rows; return its bytes."""
    return write_xlsx(path, {"Sheet1": [HEADER, POLICY, *extra]}).read_bytes()


def excel_save(path: Path, content: bytes) -> None:
    """Save as Excel does: write a temp file, move the old file aside, rename, delete."""
    temp = path.parent / "5A8D3E00"  # Excel's temp files: 8 hex digits, no extension
    temp.write_bytes(content)
    aside = path.parent / "E7C1F000.tmp"
    os.replace(path, aside)
    os.replace(temp, path)
    aside.unlink()


@pytest.fixture
def builder(project: Project) -> Builder:
    project.log("other.csv", "date,type\n2026-01-05,review\n")
    return Builder(Options(project.root))


def test_an_excel_save_is_read_by_the_next_rebuild(project, builder):
    path = project.root / "logs" / "crm.xlsx"
    workbook(path)
    assert builder.build().metrics["year"]["new_business_premium"] == 1000
    # A's premium 1000 -> 2000: the same size and, here, the same mtime; only the inode differs
    before = path.stat()
    new = write_xlsx(
        project.root / "new.xlsx", {"Sheet1": [HEADER, [*POLICY[:3], 2000, *POLICY[4:]]]}
    )
    excel_save(path, new.read_bytes())
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert builder.build().metrics["year"]["new_business_premium"] == 2000


def test_a_half_saved_workbook_is_reported_then_read_once_complete(project, builder):
    path = project.root / "logs" / "crm.xlsx"
    whole = workbook(path)
    builder.build()
    path.write_bytes(whole[: len(whole) // 3])  # a copy or download still being written
    with pytest.raises(InputError) as failed:
        builder.build()
    assert failed.value.messages == [
        "logs/crm.xlsx: a damaged or partly saved workbook (an incomplete zip file)"
        " — save or export it again"
    ]
    path.write_bytes(workbook(project.root / "new.xlsx", POLICY))  # complete: A twice
    assert builder.build().metrics["year"]["policies"] == 2


def test_a_workbook_moved_away_mid_save_is_reported_not_a_crash(project, builder, monkeypatch):
    path = project.root / "logs" / "crm.xlsx"
    workbook(path)
    builder.build()
    path.unlink()
    listed = battlemap.logs._log_paths

    def listed_then_gone(root: Path) -> list[Path]:
        return [*listed(root), path]  # listed, then gone before it is read

    monkeypatch.setattr(battlemap.logs, "_log_paths", listed_then_gone)
    with pytest.raises(InputError) as failed:
        builder.build()
    assert failed.value.messages == ["logs/crm.xlsx: cannot be read — No such file or directory"]
