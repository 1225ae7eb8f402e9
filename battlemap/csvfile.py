"""Decode one CSV export and split it into columns of raw text (SPEC §2 encodings)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.csv as pacsv

ENCODINGS = ("utf-8", "gb18030")
BOM = b"\xef\xbb\xbf"
# C0 controls but tab, LF, CR: neither UTF-8 nor GB18030 uses these bytes inside a character,
# so testing the bytes is the same as testing the decoded text
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"
_HEADER_PROBE = 1 << 16


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Decoded:
    """A file's bytes as UTF-8 without BOM, ready for pyarrow, and the encoding it came in."""

    utf8: bytes
    encoding: str

    def text(self) -> str:
        return self.utf8.decode("utf-8")


@dataclass
class RawTable:
    """A CSV file's header and its data records as columns of raw text."""

    header: list[str]
    columns: list[pa.Array]  # one string array per header cell, all of length `rows`
    rows: int
    source: Decoded  # kept to locate records on the error path
    bad_width: dict[int, int]  # record index -> number of values, for records wider than the header

    def record_lines(self) -> list[int]:
        """Return the physical line where each data record starts (the header is line 1)."""
        return _record_lines(self.source.text())[1:]


def decode(data: bytes) -> Decoded:
    """Return the text of a UTF-8 (with or without BOM) or GB18030 file, as UTF-8 bytes."""
    body = data.removeprefix(BOM)
    if not body or body.isspace():
        raise UnreadableFile("empty file — export it again with a header row and data")
    if len(data.translate(None, _CONTROL_BYTES)) == len(data):
        try:
            body.decode("utf-8")
            return Decoded(body, "utf-8")
        except UnicodeDecodeError:
            pass
        try:
            return Decoded(data.decode("gb18030").removeprefix("\ufeff").encode("utf-8"), "gb18030")
        except UnicodeDecodeError:
            pass
    raise UnreadableFile("not a text file in UTF-8 or GB18030 — save it from Excel as CSV")


def split_columns(source: Decoded) -> RawTable:
    """Parse CSV: pyarrow's reader for speed, the csv module for anything irregular."""
    head = source.utf8[:_HEADER_PROBE].decode("utf-8", errors="ignore")
    header = next(csv.reader(io.StringIO(head, newline="")), [])
    if not any(cell.strip() for cell in header):
        raise UnreadableFile("the first line is not a header row")
    one_line = source.utf8.rstrip(b"\r\n").find(b"\n") < 0
    if one_line or any("\n" in cell or "\r" in cell for cell in header):
        return _split_slowly(source, header)
    try:
        return _split_fast(source, header)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return _split_slowly(source, header)


def _split_fast(source: Decoded, header: list[str]) -> RawTable:
    names = [f"c{i}" for i in range(len(header))]
    table = pacsv.read_csv(
        pa.py_buffer(source.utf8),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    columns = [table.column(i).combine_chunks() for i in range(len(header))]
    return RawTable(header, columns, table.num_rows, source, {})


def _split_slowly(source: Decoded, header: list[str]) -> RawTable:
    width = len(header)
    records = [row for row in csv.reader(io.StringIO(source.text(), newline="")) if row][1:]
    bad_width = {}
    for i, row in enumerate(records):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            bad_width[i] = len(row)
    cells = [(row + [""] * width)[:width] for row in records]
    columns = [pa.array(list(col), type=pa.string()) for col in zip(*cells, strict=True)] or [
        pa.array([], type=pa.string()) for _ in header
    ]
    return RawTable(header, columns, len(records), source, bad_width)


def _record_lines(text: str) -> list[int]:
    """Return the start line of every non-blank record, header included."""
    reader = csv.reader(io.StringIO(text, newline=""))
    lines, consumed = [], 0
    for row in reader:
        if row:
            lines.append(consumed + 1)
        consumed = reader.line_num
    return lines
