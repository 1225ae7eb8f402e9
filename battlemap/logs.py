"""Stage 2: read every log file (CSV, workbook sheets) into one table of activities (§2, §8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from battlemap.csvfile import RawTable
from battlemap.errors import InputError
from battlemap.files import shown_path
from battlemap.log_checks import TOO_LONG, RecordProblems, long_cells, record_problems
from battlemap.messages import ROW, Both, Message, Problem, listing, msg, shown
from battlemap.plan import Plan
from battlemap.readers import readers
from battlemap.tables import TableCache, is_table_file, read_cached
from battlemap.vocab import (
    COLUMNS,
    MONEY_TYPES,
    NEEDS_CHANNEL,
    NEEDS_CUSTOMER,
    column_of,
)

LOGS_DIR = "logs"
__all__ = ["LogSet", "Problem", "TableCache", "read_logs", "shown"]  # Problem lives in messages


@dataclass
class LogSet:
    """The activities of every log file, merged, with what was skipped, merged or ignored."""

    rows: pd.DataFrame
    files: list[str]
    merged_rows: int = 0
    skipped_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    ignored_sheets: dict[str, Message] = field(default_factory=dict)  # `logs/a.xlsx[S2]` -> why


@dataclass
class _File:
    """A file's raw table (or some of its records) with its canonical column map."""

    rel: str
    table: RawTable
    index: dict[str, int]  # column id -> index in the header
    records: RecordProblems = field(default_factory=dict)  # records wrong as a whole
    take: np.ndarray | None = None  # the records kept (a team's agent), None: all of them

    @property
    def rows(self) -> int:
        return self.table.rows if self.take is None else len(self.take)

    def column(self, i: int) -> pa.Array | pa.ChunkedArray:
        column = self.table.columns[i]
        return column if self.take is None else column.take(pa.array(self.take))

    def record_problems(self) -> RecordProblems:
        """Return the records wrong as a whole, by their index among the records kept."""
        if self.take is None or not self.records:
            return self.records
        wrong = np.array(sorted(self.records))
        at = np.searchsorted(self.take, wrong)  # take is sorted
        kept = (at < len(self.take)) & (self.take[np.minimum(at, len(self.take) - 1)] == wrong)
        return {int(n): self.records[int(r)] for n, r in zip(at[kept], wrong[kept], strict=True)}

    def record_lines(self) -> list[int]:
        lines = self.table.record_lines()
        return lines if self.take is None else [lines[i] for i in self.take]

    def header_of(self, column: str) -> str | Both:
        """Return a column as the file heads it (the tool's name for it when it has none)."""
        i = self.index.get(column)
        return Both(COLUMNS[column], column) if i is None else self.table.header[i].strip()

    def subset(self, take: np.ndarray) -> _File:
        """Return the same file with only some of its records."""
        return _File(self.rel, self.table, self.index, self.records, take)


@dataclass
class LogFiles:
    """Every log file's raw table, mapped to its columns, and the files that could not be."""

    paths: list[str]  # every log file, relative to the project
    files: list[_File]
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # records of files skipped whole
    ignored: dict[str, list[str]] = field(default_factory=dict)
    sheets: dict[str, Message] = field(default_factory=dict)  # sheets ignored -> why


NO_LOGS = msg("no_logs")
NOT_A_LOG_SHEET = msg("not_a_log_sheet")
NO_COLUMNS = {
    ("date",): msg("no_date_column"),
    ("type",): msg("no_type_column"),
    ("date", "type"): msg("no_date_type_columns"),
}


def read_logs(
    project: Path, plan: Plan, skip_bad_rows: bool = False, cache: TableCache | None = None
) -> LogSet:
    """Read, validate and merge every log file; raise InputError listing every bad row.

    With a cache, a file whose modification time, size and inode are unchanged is not read
    again.
    """
    found = read_files(project, plan, cache)
    logs = collect(found, found.files, plan)
    if logs.problems and not skip_bad_rows:
        raise InputError(logs.problems)
    check_total(logs.rows)
    if logs.rows.empty and not skip_bad_rows and not logs.problems:
        raise InputError(msg("no_rows"))
    return logs


def read_files(project: Path, plan: Plan, cache: TableCache | None = None) -> LogFiles:
    """Read every log file's raw table and map its header (the rows are not read yet).

    The plan's vocabulary tells a row an unclosed quote swallowed (a line of a note that
    reads as a dated activity).
    """
    paths = _log_paths(project)
    rels = [shown_path(p, project) for p in paths]
    cell_readers = readers(plan)
    if cache is not None:  # forget files that are gone
        for gone in set(cache) - set(rels):
            del cache[gone]
    found = LogFiles(rels, [])
    for path, rel in zip(paths, rels, strict=True):
        read = read_cached(path, rel, _log_sheet, cache)
        if isinstance(read, Message):
            found.problems.append(Problem(rel, 0, "", "", read))
            continue
        found.sheets |= read.ignored
        for name, table in read.tables:
            index, header_problem = _map_header(table.header, name, found.ignored)
            if header_problem:
                found.problems.append(header_problem)
                found.skipped += table.rows
                continue
            # a table read before (serve) was checked before: by the vocabulary of its types
            key = (tuple(index.items()), repr(plan.types))
            if key not in table.checked:
                table.checked = {key: record_problems(table, index, cell_readers)}
            records = table.checked[key]
            found.files.append(_File(name, table, index, records))
    return found


def collect(found: LogFiles, files: list[_File], plan: Plan, extra: int = 0) -> LogSet:
    """Validate and merge the records of `files` against a plan, with every problem found.

    `extra` counts records skipped before (a team's rows that no agent plan names).
    """
    rows, row_problems, bad_rows = _normalise(files, readers(plan), plan.types)
    rows, merged = _merge(rows)
    problems = found.problems + row_problems
    skipped = found.skipped + bad_rows + extra
    return LogSet(rows, found.paths, merged, skipped, problems, found.ignored, found.sheets)


MAX_TOTAL_CENTS = 2**53  # sums up to here are exact in int64 and float64 alike
TOO_MUCH = msg("premiums_too_large", limit=MAX_TOTAL_CENTS // 100)


def check_total(rows: pd.DataFrame) -> None:
    """Refuse premiums whose sum would not be exact (each is bounded; their number is not)."""
    cents = rows["premium"].clip(lower=0).to_numpy()
    if len(cents) and cents.sum(dtype=np.float64) > MAX_TOTAL_CENTS:
        raise InputError(TOO_MUCH)


def _log_sheet(header: list[str]) -> Message | None:
    """Tell a worksheet of activities by its header: it names a date and a type column."""
    named = {column_of(cell) for cell in header}
    return None if {"date", "type"} <= named else NOT_A_LOG_SHEET


def _log_paths(project: Path) -> list[Path]:
    root = project / LOGS_DIR
    paths = (
        sorted(
            (
                p
                for p in root.rglob("*")
                if is_table_file(p)
                and not p.is_dir()  # a pipe or device named *.csv is named as unreadable
                and not any(part.startswith((".", "~$")) for part in p.relative_to(root).parts)
            ),
            key=lambda p: p.relative_to(root).as_posix(),
        )
        if root.is_dir()
        else []
    )
    if not paths:
        raise InputError(NO_LOGS)
    return paths


def _map_header(
    header: list[str], rel: str, ignored: dict
) -> tuple[dict[str, int], Problem | None]:
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = cell.strip()
        column = column_of(name)
        if column is None:
            if name:
                ignored.setdefault(name, []).append(rel)
        elif column in index:
            why = msg("second_column", column=Both(COLUMNS[column], column))
            return index, Problem(rel, 1, name, "", why)
        else:
            index[column] = i
    missing = tuple(c for c in ("date", "type") if c not in index)
    if missing:
        names = listing([Both(COLUMNS[c], c) for c in missing])
        return index, Problem(rel, 1, names, "", NO_COLUMNS[missing])
    return index, None


@dataclass
class _Column:
    """A column over every file: integer codes into its unique values (spaces trimmed)."""

    codes: np.ndarray
    uniques: list[str]


def _encode(files: list[_File], column: str) -> _Column:
    chunks: list[pa.Array] = []
    for f in files:
        i = f.index.get(column)
        column_ = f.column(i) if i is not None else pa.array([""] * f.rows, pa.string())
        chunks += column_.chunks if isinstance(column_, pa.ChunkedArray) else [column_]
    encoded = pa.chunked_array(chunks, type=pa.string()).combine_chunks().dictionary_encode()
    # trim the (few) distinct values, then merge the codes of values equal once trimmed
    trimmed = pc.utf8_trim_whitespace(encoded.dictionary).dictionary_encode()
    inner = trimmed.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return _Column(
        inner[codes] if len(inner) else codes.astype(np.int32), trimmed.dictionary.to_pylist()
    )


def _normalise(
    files: list[_File], cell_readers: dict, types: dict[str, str]
) -> tuple[pd.DataFrame, list[Problem], int]:
    """Return the valid rows of every file, the problems of the others, and their number.

    `types` are the plan's activity types (id -> label), which messages name in zh-CN.
    """
    cols = {c: _encode(files, c) for c in COLUMNS}
    empty = {c: _per_row(col, [not u for u in col.uniques], bool) for c, col in cols.items()}
    blank = np.logical_and.reduce(list(empty.values()))
    values, bad = {}, []  # bad: (column, row mask, why of row i)
    for name, col in cols.items():
        bad.append((name, _per_row(col, long_cells(col.uniques), bool), lambda i: TOO_LONG))
    for name, reader in cell_readers.items():
        parsed, whys = _read_uniques(cols[name], reader)
        values[name] = parsed
        mask = _per_row(cols[name], [w is not None for w in whys], bool)
        bad.append((name, mask, lambda i, c=cols[name], w=whys: w[c.codes[i]]))
    type_col = cols["type"]
    type_ids = [t or "" for t in values["type"]]

    def of_type(types: frozenset) -> np.ndarray:
        return _per_row(type_col, [t in types for t in type_ids], bool)

    whys: dict[tuple[str, str], Message] = {}

    def why_at(key: str, i: int) -> Message:
        """Return the message `key` about row i's type (made once per key and type)."""
        type_id = type_ids[type_col.codes[i]]
        if (key, type_id) not in whys:
            whys[key, type_id] = msg(key, type=Both(types.get(type_id, type_id), type_id))
        return whys[key, type_id]

    for name, needs, key in _requirements():
        bad.append((name, of_type(needs) & empty[name], lambda i, k=key: why_at(k, i)))
    not_one = _per_row(cols["count"], [v not in (None, 1) for v in values["count"]], bool)
    bad.append(("count", of_type(MONEY_TYPES) & not_one, lambda i: why_at("one_row_each", i)))
    bad += _record_masks(files)
    row_bad = np.logical_or.reduce([mask for _, mask, _ in bad]) & ~blank
    problems = _problems(files, cols, bad, row_bad)
    keep = ~row_bad & ~blank
    frame = _frame(values, cols, keep, files)
    return frame, problems, int(row_bad.sum())


def _record_masks(files: list[_File]) -> list[tuple[str, np.ndarray, object]]:
    """Return a (column, row mask, why) per column with records wrong as a whole."""
    starts = np.cumsum([0, *(f.rows for f in files)])
    by_column: dict[str, dict[int, str]] = {}
    for f, start in zip(files, starts, strict=False):
        for i, (column, why) in f.record_problems().items():
            by_column.setdefault(column, {})[int(start + i)] = why
    out = []
    for column, whys in by_column.items():
        mask = np.zeros(int(starts[-1]), bool)
        mask[list(whys)] = True
        out.append((column, mask, lambda i, w=whys: w[i]))
    return out


def _per_row(col: _Column, per_unique, dtype) -> np.ndarray:
    """Spread one value per unique text over the rows."""
    if not len(col.uniques):
        return np.zeros(len(col.codes), dtype)
    array = np.empty(len(per_unique), dtype)
    array[:] = per_unique
    return array[col.codes]


def _read_uniques(col: _Column, reader) -> tuple[list, list]:
    pairs = [reader(u) for u in col.uniques]
    return [p for p, _ in pairs], [w for _, w in pairs]


def _requirements():
    return [
        ("customer", NEEDS_CUSTOMER, "needs_customer"),
        ("premium", MONEY_TYPES, "needs_premium"),
        ("product", MONEY_TYPES, "needs_product"),
        ("channel", NEEDS_CHANNEL, "needs_channel"),
    ]


def _problems(files: list[_File], cols: dict, bad: list, row_bad: np.ndarray) -> list[Problem]:
    """Describe every bad cell, ordered by file, line and column (linear in the bad cells)."""
    if not row_bad.any():
        return []
    starts = np.cumsum([0, *(f.rows for f in files)]).tolist()
    lines: dict[int, list[int]] = {}
    order = list(COLUMNS)
    found = []
    for name, mask, why in bad:
        rows = np.flatnonzero(mask & row_bad)
        if not len(rows):
            continue
        file_of = np.searchsorted(starts, rows, side="right") - 1
        codes = cols[name].codes[rows].tolist() if name else [0] * len(rows)
        uniques = cols[name].uniques if name else [""]
        headers = [f.header_of(name) if name else ROW for f in files]
        rank = order.index(name) if name else -1
        for i, k, code in zip(rows.tolist(), file_of.tolist(), codes, strict=True):
            if k not in lines:  # once per file: it parses the whole file again
                lines[k] = files[k].record_lines()
            line = lines[k][i - starts[k]]
            problem = Problem(files[k].rel, line, headers[k], uniques[code], why(i))
            found.append((k, line, rank, problem))
    found.sort(key=lambda t: t[:3])
    return [p for *_, p in found]


def _frame(values: dict, cols: dict, keep: np.ndarray, files: list[_File]) -> pd.DataFrame:
    """Return the kept rows as typed columns: dates, categories, cents and counts."""
    defaults = {"date": 0, "premium": -1, "count": 1}  # premium -1: none given (not a money row)
    data = {}
    for name, col in cols.items():
        codes = col.codes[keep]
        if name in defaults:
            numbers = [defaults[name] if v is None else v for v in values[name]]
            column = _per_row(_Column(codes, col.uniques), numbers, "int64")
            data[name] = column.astype("datetime64[D]") if name == "date" else column
        elif name in values:  # read through a vocabulary: several texts may give one id
            labels = np.array(["" if v is None else v for v in values[name]] or [""], dtype=object)
            categories, inverse = np.unique(labels, return_inverse=True)
            data[name] = pd.Categorical.from_codes(
                inverse[codes] if len(col.uniques) else np.zeros(len(codes), int), categories
            )
        else:  # free text, already trimmed and unique
            data[name] = pd.Categorical.from_codes(codes, col.uniques or [""], validate=False)
    file_of = np.repeat(np.arange(len(files)), [f.rows for f in files])
    data["file"] = pd.Categorical.from_codes(file_of[keep], [f.rel for f in files] or ["-"])
    return pd.DataFrame(data)


def _merge(rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Merge overlapping exports: a row n times in one file and m in another stays max(n, m)."""
    if rows.empty or rows["file"].cat.codes.nunique() < 2:  # copies within a file are real
        return rows.sort_values("date", kind="stable").reset_index(drop=True), 0
    key = pd.util.hash_pandas_object(rows[list(COLUMNS)], index=False).to_numpy()
    # 64-bit hashes of the values once read: a collision among 1e6 rows has odds ~3e-8
    file = rows["file"].cat.codes.to_numpy()
    order = np.lexsort((file, key))  # by key, then file, keeping row order within a file
    k, f = key[order], file[order]
    starts = np.r_[True, (k[1:] != k[:-1]) | (f[1:] != f[:-1])]
    run_start = np.maximum.accumulate(np.where(starts, np.arange(len(k)), 0))
    occurrence = np.empty(len(k), np.int64)
    occurrence[order] = np.arange(len(k)) - run_start  # n-th copy of this row in its file
    copies = pd.DataFrame({"key": key, "occurrence": occurrence}).duplicated().to_numpy()
    kept = rows[~copies].sort_values("date", kind="stable").reset_index(drop=True)
    return kept, int(copies.sum())


def split_by_agent(files: list[_File]) -> dict[str, list[_File]]:
    """Return each agent's records of every file, by the agent column's text (trimmed).

    Records with no agent are under "" (with blank records, which are no rows at all).
    """
    by_agent: dict[str, list[_File]] = {}
    for f in files:
        col = _encode([f], "agent")
        order = np.argsort(col.codes, kind="stable")
        bounds = np.searchsorted(col.codes[order], np.arange(len(col.uniques) + 1))
        for code, name in enumerate(col.uniques):
            take = order[bounds[code] : bounds[code + 1]]
            if len(take):
                by_agent.setdefault(name, []).append(f.subset(np.sort(take)))
    return by_agent


def agent_problems(files: list[_File], why: Message) -> list[Problem]:
    """Return a problem on the agent cell of every record of `files` that is not blank."""
    problems = []
    for f in files:
        blank = np.logical_and.reduce(
            [
                pc.equal(pc.utf8_trim_whitespace(f.column(i)), "").to_numpy(zero_copy_only=False)
                for i in range(len(f.table.header))
            ]
        )
        lines = f.record_lines()
        agent = f.index.get("agent")
        values = f.column(agent).to_pylist() if agent is not None else [""] * f.rows
        for n in np.flatnonzero(~blank):
            problems.append(Problem(f.rel, lines[n], f.header_of("agent"), values[n].strip(), why))
    return problems
