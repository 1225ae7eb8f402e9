"""Checks of a log file's records that reading each cell cannot make: rows swallowed by an
unclosed quote, records wider than the header, cells too long to be a value."""

from __future__ import annotations

import csv

import pyarrow as pa
import pyarrow.compute as pc

from battlemap.csvfile import RawTable
from battlemap.readers import Reading

MAX_CELL = 1 << 17  # characters: the csv module's own field limit
TOO_LONG = f"longer than {MAX_CELL:,} characters: is a quote left open?"
SWALLOWED = (
    "a quote opens in this cell and is not closed, so the rows from line {line} on are read"
    " into it — close the quote (or remove it)"
)
WIDER = "more values than the header has columns"

# record index -> (column id, or "" for the record as a whole; why)
RecordProblems = dict[int, tuple[str, str]]


def record_problems(table: RawTable, index: dict[str, int], readers: dict) -> RecordProblems:
    """Return the records of a file that are wrong as records, not by one value."""
    found: RecordProblems = {i: ("", WIDER) for i in table.bad_width}
    by_position = {i: column for column, i in index.items()}
    for position, column in enumerate(table.columns):
        multi_line = _with_line_breaks(column)
        if not len(multi_line):
            continue
        values = column.take(multi_line).to_pylist()
        lines: list[int] | None = None
        for record, value in zip(multi_line.to_pylist(), values, strict=True):
            after = swallowed_line(value, index, readers)
            if after is None or record in found:
                continue
            lines = lines if lines is not None else table.record_lines()
            line = SWALLOWED.format(line=lines[record] + after)
            found[record] = (by_position.get(position, ""), line)
    return found


def _with_line_breaks(column) -> pa.Array:
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    has_break = pc.or_(pc.match_substring(array, "\n"), pc.match_substring(array, "\r"))
    return pc.indices_nonzero(has_break)


def swallowed_line(value: str, index: dict[str, int], readers: dict) -> int | None:
    """Return how many lines into a cell a record of the file starts, or None.

    A note may hold line breaks; a line of it that reads as a record of this file — a date
    and an activity type where its header has them — is a row an open quote swallowed.
    """
    read_date, read_type = readers["date"], readers["type"]
    for n, line in enumerate(value.splitlines()[1:], start=1):
        if "," not in line:
            continue
        cells = next(csv.reader([line]), [])
        if _reads(read_date, cells, index["date"]) and _reads(read_type, cells, index["type"]):
            return n
    return None


def _reads(reader, cells: list[str], i: int) -> bool:
    if i >= len(cells) or not cells[i].strip():
        return False
    reading: Reading = reader(cells[i].strip())
    return reading[1] is None


def long_cells(uniques: list[str]) -> list[bool]:
    """Tell, per distinct value, whether it is too long to be a value of a log."""
    return [len(u) > MAX_CELL for u in uniques]
