"""Find the error cells (#N/A, #DIV/0!, …) of an .xlsx workbook, which calamine reads as empty."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_MARK = b't="e"'  # the type of an error cell: <c r="D14" t="e"><f>…</f><v>#N/A</v></c>
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_SCAN = 1 << 24  # bytes of a sheet's XML searched at a time
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

# sheet name -> {(row, column), 0-based as in the sheet: the error's text}
ErrorCells = dict[str, dict[tuple[int, int], str]]


def error_cells(path: Path) -> ErrorCells:
    """Return the error cells of every sheet that has any; {} when the parts cannot be read.

    A sheet's XML is only searched for the error type; it is parsed only when it holds one.
    """
    try:
        with zipfile.ZipFile(path) as z:
            found = {}
            for name, part in _sheet_parts(z).items():
                if part in z.namelist() and _holds_mark(z, part):
                    found[name] = _errors(z.read(part))
            return {name: cells for name, cells in found.items() if cells}
    except (zipfile.BadZipFile, OSError, KeyError, ElementTree.ParseError):
        return {}  # calamine reports what is wrong with such a workbook


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Return each sheet's XML part by sheet name, from the workbook and its relationships."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_R_ID), "")
        parts[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        )
    return parts


def _holds_mark(z: zipfile.ZipFile, part: str) -> bool:
    with z.open(part) as f:
        tail = b""
        while block := f.read(_SCAN):
            if _MARK in tail + block[: len(_MARK)] or _MARK in block:
                return True
            tail = block[-len(_MARK) :]
    return False


def _errors(xml: bytes) -> dict[tuple[int, int], str]:
    cells = {}
    for match in _CELL.finditer(xml):
        attributes, inner = match.groups()
        ref = _REF.search(attributes)
        if _MARK not in attributes or ref is None:
            continue
        value = _VALUE.search(inner or b"")
        column = 0
        for letter in ref[1]:
            column = column * 26 + letter - 64
        cells[(int(ref[2]) - 1, column - 1)] = value[1].decode("utf-8") if value else "#ERROR"
    return cells
