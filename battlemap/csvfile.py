"""Decode one CSV export and split it into columns of raw text (SPEC §2 encodings)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.csv as pacsv

from battlemap.encodings import misread_as
from battlemap.messages import Message, msg

BOM = b"\xef\xbb\xbf"
# C0 controls but tab, LF, CR: neither UTF-8 nor GB18030 uses these bytes inside a character,
# so testing the bytes is the same as testing the decoded text
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"
_HEADER_PROBE = 1 << 16
# the csv module refuses fields over 128 KiB with an exception; read them, so that the row
# is reported with its line (logs.MAX_CELL) instead of the file failing as a whole
csv.field_size_limit(1 << 30)


class UnreadableFile(Exception):
    """The file as a whole cannot be read; `why` says why."""

    def __init__(self, why: Message) -> None:
        super().__init__(str(why))
        self.why = why


@dataclass
class Decoded:
    """A file's bytes as UTF-8 without BOM, ready for pyarrow, and the encoding it came in."""

    utf8: bytes
    encoding: str

    def text(self) -> str:
        return self.utf8.decode("utf-8")


@dataclass
class RawTable:
    """A CSV file's (or a worksheet's) header and its data records as columns of raw text."""

    header: list[str]
    columns: list[pa.Array | pa.ChunkedArray]  # strings, one per header cell, `rows` long
    rows: int
    source: Decoded | None  # kept to locate records on the error path (None: a worksheet)
    bad_width: dict[int, int]  # record index -> number of values, for records wider than the header
    lines: list[int] | None = None  # each record's line, where it is known as it is read
    checked: dict = field(default_factory=dict, repr=False, compare=False)  # see logs.read_files

    def record_lines(self) -> list[int]:
        """Return the physical line where each data record starts (the header is line 1)."""
        if self.lines is not None or self.source is None:
            return self.lines or []
        return _record_lines(self.source.text())[1:]


class InvalidUtf8(Exception):
    """The bytes are not UTF-8: try the next encoding."""


def read_table(data: bytes) -> RawTable:
    """Return the table of a UTF-8 (with or without BOM) or GB18030 CSV file."""
    body = data.removeprefix(BOM)
    if not body or body.isspace():
        raise UnreadableFile(msg("empty_file"))
    # a NUL anywhere (UTF-16, a spreadsheet, a zip) or a control character near the start
    # is no CSV text; scanning the whole file for the rarer controls costs more than it finds
    if b"\x00" in body or len(body[:_HEADER_PROBE].translate(None, _CONTROL_BYTES)) < min(
        len(body), _HEADER_PROBE
    ):
        raise UnreadableFile(_NOT_TEXT)
    try:
        return split_columns(Decoded(body, "utf-8"))  # pyarrow checks the UTF-8 as it reads
    except InvalidUtf8:
        pass
    try:
        text = data.decode("gb18030").removeprefix("\ufeff")
    except UnicodeDecodeError:
        text = None
    really = misread_as(body, text)
    if really:
        raise UnreadableFile(msg("looks_like", name=really))
    if text is None:
        raise UnreadableFile(_NOT_TEXT)
    return split_columns(Decoded(text.encode("utf-8"), "gb18030"))


_NOT_TEXT = msg("not_text")
MAX_COLUMNS = 1000


def split_columns(source: Decoded) -> RawTable:
    """Parse CSV: pyarrow's reader for speed, the csv module for anything irregular."""
    probe = source.utf8[:_HEADER_PROBE]
    try:
        head = probe.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(probe) - 3:  # not merely a character cut at the probe's end
            raise InvalidUtf8 from None
        head = probe[: exc.start].decode("utf-8")
    header = next(csv.reader(io.StringIO(head, newline="")), [])
    if not any(cell.strip() for cell in header):
        raise UnreadableFile(msg("no_header_row"))
    if len(header) > MAX_COLUMNS:
        raise UnreadableFile(msg("too_many_columns", n=len(header), limit=MAX_COLUMNS))
    one_line = source.utf8.rstrip(b"\r\n").find(b"\n") < 0
    if one_line or any("\n" in cell or "\r" in cell for cell in header):
        return _split_slowly(source, header)
    try:
        return _split_fast(source, header)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        if "utf8" in str(exc).lower() or "utf-8" in str(exc).lower():
            raise InvalidUtf8 from None
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
    return RawTable(header, table.columns, table.num_rows, source, {})


def _split_slowly(source: Decoded, header: list[str]) -> RawTable:
    width = len(header)
    try:
        text = source.text()
    except UnicodeDecodeError:
        raise InvalidUtf8 from None
    records = [row for row in csv.reader(io.StringIO(text, newline="")) if row][1:]
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
