"""Read one table file — a CSV export or a workbook's worksheets — into raw tables (§2, §8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from battlemap.csvfile import CANNOT_READ, RawTable, UnreadableFile, read_table
from battlemap.files import SpecialFile, read_regular, special_kind
from battlemap.workbook import WORKBOOK_SUFFIXES, HeaderCheck, read_workbook

TABLE_SUFFIXES = (".csv", *WORKBOOK_SUFFIXES)


@dataclass
class TableFile:
    """What one file holds: its tables by display name, and the sheets ignored, with why.

    A CSV file is one table named by its path; a workbook's sheet is named
    `logs/crm.xlsx[Sheet1]`, for messages and as one file of the merge.
    """

    tables: list[tuple[str, RawTable]]
    ignored: dict[str, str] = field(default_factory=dict)  # sheet's display name -> why


# a file's tables (or why it cannot be read), by its project-relative path, with its stamp
TableCache = dict[str, tuple["Stamp", "TableFile | str"]]
# (mtime, size, inode): a save by rename (Excel's) gives a new inode even within one mtime tick
Stamp = tuple[int, int, int]


def is_table_file(path: Path) -> bool:
    """Tell a table file by its extension (any case), which also decides how it is read."""
    return path.suffix.lower() in TABLE_SUFFIXES


def read_table_file(path: Path, rel: str, is_table: HeaderCheck) -> TableFile:
    """Return the tables of a CSV file or workbook; `rel` is the path messages name.

    A worksheet is a table when `is_table` finds its first non-empty row a header (a CSV
    file is always one table; its header is checked by the caller). A file of any other
    extension is read as CSV. Raises UnreadableFile.
    """
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        try:
            data = read_regular(path)
        except SpecialFile as exc:
            raise UnreadableFile(exc.why) from None
        except OSError as exc:
            raise UnreadableFile(CANNOT_READ.format(why=exc.strerror)) from None
        return TableFile([(rel, read_table(data))])
    kind = special_kind(path)
    if kind is not None:  # a pipe named *.xlsx is refused before it is opened
        raise UnreadableFile(SpecialFile(kind).why)
    found = TableFile([])
    for sheet, table in read_workbook(path, is_table):
        name = f"{rel}[{sheet}]"
        if isinstance(table, str):
            found.ignored[name] = table
        else:
            found.tables.append((name, table))
    return found


def read_cached(
    path: Path, rel: str, is_table: HeaderCheck, cache: TableCache | None
) -> TableFile | str:
    """Return a file's tables, or why it cannot be read, reusing the cache when unchanged.

    A cache serves one `is_table` (one kind of table file). The stamp is taken before the
    read: a file still being saved has another stamp once the save is done, so the next
    build reads it again.
    """
    try:
        stamp = _stamp(path)
    except OSError as exc:
        return CANNOT_READ.format(why=exc.strerror)
    if cache is not None and rel in cache and cache[rel][0] == stamp:
        return cache[rel][1]
    try:
        found: TableFile | str = read_table_file(path, rel, is_table)
    except UnreadableFile as exc:
        found = str(exc)
    if cache is not None:
        cache[rel] = (stamp, found)
    return found


def _stamp(path: Path) -> Stamp:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size, stat.st_ino
