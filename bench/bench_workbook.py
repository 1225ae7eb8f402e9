"""Read 1,000,000 log rows from one .xlsx workbook vs the same rows as CSV, fresh processes.

Usage: python bench/bench_workbook.py [--runs 5] [--rows 1000000] [--sample 100000]

The CSV project is bench_metrics' (bench/data/big, made by make_big_logs.py); the workbook
project (bench/data/big-xlsx) holds the same rows in logs/big.xlsx, written once by openpyxl
in write-only mode as a CRM export holds them: dates as date cells (a time where the CSV has
one), premiums and counts as numbers, the rest as shared strings. Each run is a new
interpreter timing `read_logs` alone; peak memory is the child's VmHWM (its own high-water
mark: ru_maxrss would carry the parent's over the fork). Both reads must give the same rows,
merges and sums.

It also times the two readers this choice was between on one --sample-row sheet (the first
rows of the workbook): python-calamine (Rust) and openpyxl in read-only mode, each reading
every cell's value in a fresh process. openpyxl comes with the bench extra.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data"

READ = r"""
import json, re, sys, time
from pathlib import Path
from battlemap.plan import load_plan
from battlemap.logs import read_logs
project = Path(sys.argv[1])
plan = load_plan(project)
t0 = time.perf_counter()
logs = read_logs(project, plan)
t1 = time.perf_counter()
rows = logs.rows
print(json.dumps({
    "seconds": t1 - t0,
    "peak_mb": int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read())[1]) / 1024,
    "rows": len(rows), "merged": logs.merged_rows,
    "cents": int(rows["premium"].clip(lower=0).sum()), "count": int(rows["count"].sum()),
}))
"""

SHEET = r"""
import json, re, sys, time
path, reader = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if reader == "calamine":
    import python_calamine
    with python_calamine.CalamineWorkbook.from_path(path) as book:
        cells = sum(len(row) for row in book.get_sheet_by_index(0).iter_rows())
else:
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True)
    cells = sum(len(row) for row in book.worksheets[0].iter_rows(values_only=True))
    book.close()
print(json.dumps({
    "seconds": time.perf_counter() - t0, "cells": cells,
    "peak_mb": int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read())[1]) / 1024,
}))
"""


def child(code: str, *args: str) -> dict:
    """Run a child interpreter with the repository importable; return its JSON line."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=REPO
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"the benchmark child failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ensure_csv(project: Path, rows: int) -> Path:
    """Return the CSV project's log, generating it when missing."""
    log = project / "logs" / "big.csv"
    if not log.is_file():
        sys.path.insert(0, str(HERE))
        from make_big_logs import write_project

        print(f"generating {project} ...", flush=True)
        write_project(project, rows)
    return log


def ensure_workbook(source: Path, project: Path, sample: int) -> tuple[Path, Path]:
    """Return the workbook project's log and the sample sheet, writing them when missing."""
    log = project / "logs" / "big.xlsx"
    sheet = DATA / f"sheet-{sample}.xlsx"
    if not log.is_file():
        print(f"writing {log} from {source} (once; a few minutes) ...", flush=True)
        (project / "content").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.parents[1] / "content" / "plan.md", project / "content/plan.md")
        write_workbook(source, log)
    if not sheet.is_file():
        write_workbook(source, sheet, limit=sample)
    return log, sheet


def write_workbook(source: Path, target: Path, limit: int | None = None) -> None:
    """Write the CSV's rows as a CRM's workbook export (typed cells), atomically."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    from battlemap.amounts import parse_amount, parse_date

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    with source.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        sheet.append(header)
        kinds = {"date": "date", "premium": "amount", "count": "number"}
        kind = [kinds.get(name, "text") for name in header]
        for i, record in enumerate(reader):
            if limit is not None and i >= limit:
                break
            cells = []
            for k, text in zip(kind, record, strict=True):
                if not text or k == "text":
                    cells.append(text or None)
                elif k == "date":
                    cell = WriteOnlyCell(sheet, _date_value(text, parse_date))
                    cell.number_format = "yyyy-mm-dd" if " " not in text else "yyyy-mm-dd hh:mm"
                    cells.append(cell)
                else:
                    value = parse_amount(text) if k == "amount" else int(text)
                    cells.append(float(value) if k == "amount" else value)
            sheet.append(cells)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.stem + ".part" + target.suffix)
    book.save(temp)
    temp.replace(target)


def _date_value(text: str, parse_date) -> dt.date | dt.datetime:
    day = parse_date(text)
    if " " not in text.strip():
        return day
    hours, minutes = text.split()[-1].split(":")[:2]
    return dt.datetime(day.year, day.month, day.day, int(hours), int(minutes))


def medians(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in ("seconds", "peak_mb")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=100_000)
    args = parser.parse_args(argv)
    csv_project, xlsx_project = DATA / "big", DATA / "big-xlsx"
    source = ensure_csv(csv_project, args.rows)
    log, sheet = ensure_workbook(source, xlsx_project, args.sample)
    results: dict[str, list[dict]] = {"csv": [], "xlsx": [], "calamine": [], "openpyxl": []}
    for i in range(args.runs):
        results["csv"].append(child(READ, str(csv_project)))
        results["xlsx"].append(child(READ, str(xlsx_project)))
        for reader in ("calamine", "openpyxl"):
            results[reader].append(child(SHEET, str(sheet), reader))
        print(f"run {i + 1}/{args.runs}", file=sys.stderr, flush=True)
    same = {k: v for k, v in results["csv"][0].items() if k not in ("seconds", "peak_mb")}
    got = {k: v for k, v in results["xlsx"][0].items() if k not in ("seconds", "peak_mb")}
    if same != got:
        raise SystemExit(f"the workbook's rows differ from the CSV's: {got} vs {same}")
    sizes = {"csv": source.stat().st_size / 1e6, "xlsx": log.stat().st_size / 1e6}
    print(
        f"read_logs, {same['rows']:,} rows kept ({same['merged']} merged), medians of {args.runs}:"
    )
    for name in ("csv", "xlsx"):
        m = medians(results[name])
        print(
            f"  {name:>5} ({sizes[name]:.0f} MB): {m['seconds']:.2f} s, peak {m['peak_mb']:.0f} MB"
        )
    cells = results["calamine"][0]["cells"]
    print(f"one {args.sample:,}-row sheet ({cells:,} cells), every value read:")
    for name in ("calamine", "openpyxl"):
        m = medians(results[name])
        print(f"  {name:>9}: {m['seconds']:.2f} s, peak {m['peak_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
