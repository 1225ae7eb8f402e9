"""Read the worksheets of an .xlsx, .xls or .ods workbook as tables of raw text (SPEC §8)."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import islice
from pathlib import Path

import pyarrow as pa
import python_calamine as calamine

from battlemap.cell_errors import error_cells
from battlemap.csvfile import RawTable, UnreadableFile
from battlemap.messages import Message, msg, reason

WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".ods")
_NOT_A_WORKBOOK = {".xlsx": msg("not_xlsx"), ".xls": msg("not_xls"), ".ods": msg("not_ods")}
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARTS = {".xlsx": "[Content_Types].xml", ".ods": "mimetype"}  # the part each zip must hold
_CHUNK = 1 << 16  # rows turned into arrow strings at a time, so few Python objects live at once

EMPTY_WORKBOOK = msg("empty_workbook")
PASSWORD = msg("password")
EMPTY_SHEET = msg("empty_sheet")

# a header check: None when the header is a table's, else why the sheet is ignored
HeaderCheck = Callable[[list[str]], Message | None]
# by row as iterated: (column in the row, a value to write there)
Patches = dict[int, list[tuple[int, object]]]
# (sheet name, its table or why it is ignored), in workbook order
Sheets = list[tuple[str, "RawTable | Message"]]


def read_workbook(path: Path, is_table: HeaderCheck) -> Sheets:
    """Return every worksheet's table (or why it is not one); the extension picks the reader.

    Raises UnreadableFile when the workbook cannot be opened.
    """
    suffix = path.suffix.lower()
    _check_container(path, suffix)
    errors = error_cells(path) if suffix == ".xlsx" else {}
    try:
        with calamine.CalamineWorkbook.from_path(str(path)) as book:
            return [
                (name, _sheet(book.get_sheet_by_name(name), is_table, errors.get(name, {})))
                for name in book.sheet_names
            ]
    except calamine.PasswordError:
        raise UnreadableFile(PASSWORD) from None
    except (calamine.CalamineError, OSError) as exc:
        raise UnreadableFile(msg("damaged_workbook", detail=str(exc))) from None


def _check_container(path: Path, suffix: str) -> None:
    """Name what is wrong with a file that is not a workbook of its extension at all."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_OLE))
            if suffix in _PARTS and head.startswith(_ZIP):
                names = set(zipfile.ZipFile(f).namelist())  # the zip's directory only
                if _PARTS[suffix] in names:
                    return
                raise UnreadableFile(_NOT_A_WORKBOOK[suffix])
    except zipfile.BadZipFile:
        raise UnreadableFile(msg("damaged_workbook", detail=msg("incomplete_zip"))) from None
    except OSError as exc:
        raise UnreadableFile(msg("cannot_read", why=reason(exc))) from None
    if not head:
        raise UnreadableFile(EMPTY_WORKBOOK)
    if head.startswith(_OLE):  # an .xls, or the OLE file Office wraps an encrypted .xlsx in
        if suffix == ".xls":
            return
        raise UnreadableFile(PASSWORD)
    raise UnreadableFile(_NOT_A_WORKBOOK[suffix])


def _sheet(
    sheet: calamine.CalamineSheet, is_table: HeaderCheck, errors: dict[tuple[int, int], str]
) -> RawTable | Message:
    """Return a sheet's table from its first non-empty row on, or why it is not a table."""
    rows = sheet.iter_rows()
    origin = sheet.start or (0, 0)
    base = None  # the sheet row of the first row iterated (iter_rows may start above `start`)
    marks: Patches = {}
    for top, row in enumerate(rows):  # noqa: B007 - top is the header's row, used below
        if base is None and any(v != "" for v in row):
            base = origin[0] - top
            marks = _marks(errors, (base, origin[1]))
        _patch([row], top, marks)
        header = [cell_text(v) for v in row]
        if any(cell.strip() for cell in header):
            break
    else:
        return EMPTY_SHEET
    why = is_table(header)
    if why is not None:
        return why
    return _table(header, rows, top, _merges(sheet, (base or 0, origin[1]), top), marks)


def _table(
    header: list[str],
    rows: Iterator[list],
    top: int,
    merges: dict[int, list[tuple[int, int]]],
    marks: Patches,
) -> RawTable:
    """Turn the rows below the header into string columns, keeping each record's line."""
    width = len(header)
    chunks: list[list[pa.Array]] = [[] for _ in header]
    lines: list[int] = []
    fills: dict[int, list[tuple[int, object]]] = {}  # row -> (column, value of its merge)
    start = top + 1  # the index of the batch's first row, as iterated (every row, full width)
    while batch := list(islice(rows, _CHUNK)):
        if marks:
            _patch(batch, start, marks)
        # rows whose own cells are all empty are skipped (a merge reaching them does not
        # count) but keep their lines; the header's row is line 1
        kept = [i for i, row in enumerate(batch) if row.count("") != width]
        if merges:
            _fill(batch, start, merges, fills)
        lines += [start + i - top + 1 for i in kept]
        _flush(batch if len(kept) == len(batch) else [batch[i] for i in kept], chunks)
        start += len(batch)
    columns = [pa.chunked_array(c, pa.string()) for c in chunks]
    return RawTable(header, columns, len(lines), None, {}, lines)


def _fill(batch: list[list], start: int, merges: dict, fills: dict) -> None:
    """Give the rows a merge spans the value of its top-left cell (merges span batches)."""
    for i, row in enumerate(batch, start=start):
        for col, last in merges.get(i, ()):
            for r in range(i + 1, last + 1):
                fills.setdefault(r, []).append((col, row[col]))
        for col, value in fills.pop(i, ()):
            row[col] = value


def _marks(errors: dict[tuple[int, int], str], origin: tuple[int, int]) -> Patches:
    """Return the error cells by row as iterated: (column in the row, the error's text)."""
    marks: Patches = {}
    for (row, col), text in errors.items():
        if col >= origin[1]:
            marks.setdefault(row - origin[0], []).append((col - origin[1], text))
    return marks


def _patch(batch: list[list], start: int, marks: Patches) -> None:
    """Write the error cells' texts into the rows (calamine reads them as empty)."""
    for i, row in enumerate(batch, start=start):
        for col, text in marks.get(i, ()):
            if col < len(row):
                row[col] = text


def _flush(batch: list[list], chunks: list[list[pa.Array]]) -> None:
    """Append a batch of rows to the columns as arrow strings."""
    for chunk, values in zip(chunks, zip(*batch, strict=True), strict=False):
        try:
            chunk.append(pa.array(values, pa.string()))  # a column of text cells only
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            texts = [v if type(v) is str else cell_text(v) for v in values]
            chunk.append(pa.array(texts, pa.string()))


def _merges(
    sheet: calamine.CalamineSheet, origin: tuple[int, int], top: int
) -> dict[int, list[tuple[int, int]]]:
    """Return the merges below the header, by first row: (column, last row), as iterated.

    A merge stores its value in its top-left cell only; the rows it spans read that value in
    the merge's first column (its other columns stay empty). Merges that start in or above
    the header are left alone.
    """
    merges: dict[int, list[tuple[int, int]]] = {}
    for (r1, c1), (r2, _c2) in sheet.merged_cell_ranges or []:
        row, col = r1 - origin[0], c1 - origin[1]
        if row > top and r2 > r1 and col >= 0:
            merges.setdefault(row, []).append((col, r2 - origin[0]))
    return merges


def cell_text(value: object) -> str:
    """Return a cell's value as the text a CSV export of it would read the same as.

    Dates as ISO dates (with the time when there is one), numbers without float artefacts
    (12000.0 → 12000), booleans as Excel shows them (TRUE, FALSE), text as it is.
    """
    text = _TEXTS.get(type(value))
    return text(value) if text else str(value)  # str(): int, time, timedelta


def _datetime_text(value: dt.datetime) -> str:
    return value.date().isoformat() if value.time() == _MIDNIGHT else value.isoformat(" ")


def number_text(value: float) -> str:
    """Return a number as Excel shows it in General format, to its 15 significant digits."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    return format(Decimal(text), "f") if "e" in text else text


_MIDNIGHT = dt.time()
_TEXTS: dict[type, Callable[..., str]] = {
    str: str,
    bool: lambda value: "TRUE" if value else "FALSE",
    float: number_text,
    dt.datetime: _datetime_text,
    dt.date: dt.date.isoformat,
}
