"""Decode one CSV export and split it into columns of raw text (SPEC §2 encodings)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.csv as pacsv

ENCODINGS = ("utf-8", "gb18030")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class RawTable:
    """A CSV file's header and its data records as columns of stripped-or-not raw text."""

    header: list[str]
    columns: list[pa.Array]  # one string array per header cell, all of length `rows`
    rows: int
    text: str  # the decoded text, kept to locate records on the error path
    bad_width: dict[int, int]  # record index -> number of values, for records wider than the header

    def record_lines(self) -> list[int]:
        """Return the physical line where each data record starts (the header is line 1)."""
        return _record_lines(self.text)[1:]


def decode(data: bytes) -> str:
    """Return the text of a UTF-8 (with or without BOM) or GB18030 file."""
    if not data.strip():
        raise UnreadableFile("empty file — export it again with a header row and data")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return text.removeprefix("\ufeff")
    raise UnreadableFile("not a text file in UTF-8 or GB18030 — save it from Excel as CSV")


def split_columns(text: str) -> RawTable:
    """Parse CSV text: pyarrow's reader for speed, the csv module for anything irregular."""
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    if not any(cell.strip() for cell in header):
        raise UnreadableFile("the first line is not a header row")
    if "\n" not in text.rstrip("\r\n") or any("\n" in cell or "\r" in cell for cell in header):
        return _split_slowly(text, header)
    try:
        return _split_fast(text, header)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return _split_slowly(text, header)


def _split_fast(text: str, header: list[str]) -> RawTable:
    names = [f"c{i}" for i in range(len(header))]
    table = pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    columns = [table.column(i).combine_chunks() for i in range(len(header))]
    return RawTable(header, columns, table.num_rows, text, {})


def _split_slowly(text: str, header: list[str]) -> RawTable:
    width = len(header)
    records = [row for row in csv.reader(io.StringIO(text, newline="")) if row][1:]
    bad_width = {}
    for i, row in enumerate(records):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            bad_width[i] = len(row)
    cells = [(row + [""] * width)[:width] for row in records]
    columns = [pa.array(list(col), type=pa.string()) for col in zip(*cells, strict=True)] or [
        pa.array([], type=pa.string()) for _ in header
    ]
    return RawTable(header, columns, len(records), text, bad_width)


def _record_lines(text: str) -> list[int]:
    """Return the start line of every non-blank record, header included."""
    reader = csv.reader(io.StringIO(text, newline=""))
    lines, consumed = [], 0
    for row in reader:
        if row:
            lines.append(consumed + 1)
        consumed = reader.line_num
    return lines
