"""Write small workbooks for tests: .xlsx with XlsxWriter, .xls with xlwt, .ods by hand.

A sheet is a list of rows; a cell is text, a number, a bool, a date or datetime (written as a
date cell), None (no cell), or a Styled / Formula wrapper. python-calamine only reads, so the
fixtures are made with writers that know nothing of Battlemap.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import xlsxwriter
import xlwt

DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Styled:
    """A value written with a number format (a date format makes a number a date cell)."""

    value: object
    num_format: str


@dataclass(frozen=True)
class Formula:
    """A formula with the value Excel saved for it."""

    formula: str
    value: object


Rows = list[list[object]]
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)


def write_xlsx(path: Path, sheets: dict[str, Rows], merges: dict[str, list[Merge]] | None = None):
    """Write an .xlsx workbook; each merge takes the value of its top-left cell."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    formats: dict[str, object] = {}

    def fmt(num_format: str):
        return formats.setdefault(num_format, book.add_format({"num_format": num_format}))

    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        merged = {(m[0], m[1]): m for m in (merges or {}).get(name, [])}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in merged:  # XlsxWriter's way: merge, then write the first cell
                    style = _plain(value)[1]
                    sheet.merge_range(*merged[(r, c)], "", fmt(style) if style else None)
                    _write_xlsx_cell(sheet, r, c, value, fmt)
                elif value is not None:
                    _write_xlsx_cell(sheet, r, c, value, fmt)
    book.close()
    return path


def _plain(value: object) -> tuple[object, str | None]:
    if isinstance(value, Styled):
        return value.value, value.num_format
    if isinstance(value, dt.date):
        return value, DATE_FORMAT
    return value, None


def _write_xlsx_cell(sheet, r: int, c: int, value: object, fmt) -> None:
    if isinstance(value, Formula):
        sheet.write_formula(r, c, value.formula, None, value.value)
        return
    plain, style = _plain(value)
    cell_format = fmt(style) if style else None
    if plain is None:
        sheet.write_blank(r, c, None, cell_format)
    elif isinstance(plain, dt.date):
        sheet.write_datetime(r, c, plain, cell_format)
    elif isinstance(plain, bool):
        sheet.write_boolean(r, c, plain, cell_format)
    elif isinstance(plain, int | float):
        sheet.write_number(r, c, plain, cell_format)
    else:
        sheet.write_string(r, c, str(plain), cell_format)


def write_xls(path: Path, sheets: dict[str, Rows], merges: dict[str, list[Merge]] | None = None):
    """Write an Excel 97-2003 (.xls, BIFF8) workbook with xlwt."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, xlwt.XFStyle] = {}
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        merged = {(m[0], m[1]): m for m in (merges or {}).get(name, [])}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                plain, style = _plain(value)
                args = (
                    (styles.setdefault(style, xlwt.easyxf(num_format_str=style)),) if style else ()
                )
                if (r, c) in merged:
                    first_row, first_col, last_row, last_col = merged[(r, c)]
                    sheet.write_merge(first_row, last_row, first_col, last_col, plain, *args)
                else:
                    sheet.write(r, c, plain, *args)
    book.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, Rows]):
    """Write an OpenDocument spreadsheet: a zip of mimetype, manifest and content.xml."""
    body = "".join(
        f"<table:table table:name={quoteattr(name)}>"
        + "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")  # stored, first
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _ods_cell(value: object) -> str:
    plain, _ = _plain(value)
    if plain is None:
        return "<table:table-cell/>"
    if isinstance(plain, dt.date):
        iso = plain.isoformat()
        return f'<table:table-cell office:value-type="date" office:date-value="{iso}"/>'
    if isinstance(plain, bool):
        flag = str(plain).lower()
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}"/>'
    if isinstance(plain, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{plain!r}"/>'
    text = escape(str(plain))
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def csv_text(rows: Rows) -> str:
    """Return the rows as a CSV export would hold them (dates as ISO text, numbers as typed)."""

    def text(value: object) -> str:
        plain, _ = _plain(value.value if isinstance(value, Formula) else value)
        if plain is None:
            return ""
        if isinstance(plain, dt.datetime):
            return plain.isoformat(" ")
        if isinstance(plain, dt.date):
            return plain.isoformat()
        return str(plain)

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[text(v) for v in row] for row in rows])
    return out.getvalue()
