"""The sample logs are what scripts/make_sample_logs.py writes, byte for byte."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location(
        "make_sample_logs", REPO / "scripts/make_sample_logs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_generator_writes_the_committed_logs_again_workbook_included(tmp_path: Path):
    script = load_script()
    counts = script.write_files(script.build_year(), tmp_path / "a")
    script.write_files(script.build_year(), tmp_path / "b")
    written = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert written == sorted(counts) and "2026-03-crm-export.xlsx" in written
    for name in written:
        first = (tmp_path / "a" / name).read_bytes()
        assert (tmp_path / "b" / name).read_bytes() == first, f"{name} differs between two runs"
        assert (REPO / "logs" / name).read_bytes() == first, f"logs/{name} is not the script's"


def test_the_generator_writes_the_committed_customer_file(tmp_path: Path):
    script = load_script()
    assert script.write_customers(script.build_year(), tmp_path) == 78  # 75 holders + 3 new
    first = (tmp_path / "customers.csv").read_bytes()
    assert first.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as Excel saves "CSV UTF-8"
    assert (REPO / "content" / "customers.csv").read_bytes() == first


def test_the_generator_writes_the_committed_last_year(tmp_path: Path):
    script = load_script()
    rows = script.write_last_year(script.build_year(), tmp_path)
    assert rows == 420
    name = script.LAST_YEAR_FILE
    assert (REPO / "logs" / name).read_bytes() == (tmp_path / name).read_bytes()
