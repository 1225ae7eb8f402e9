"""The customer file (SPEC §7): content/customers.csv (or a workbook), one row per customer,
optional."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from battlemap.amounts import parse_date
from battlemap.csvfile import RawTable, UnreadableFile
from battlemap.errors import InputError
from battlemap.messages import ROW, Both, Message, Problem, msg
from battlemap.tables import TABLE_SUFFIXES, read_table_file

if TYPE_CHECKING:
    from battlemap.team import Member

CUSTOMERS = "content/customers"
# the customer file may be a CSV export or a workbook (SPEC §7, §8): one of these
CUSTOMER_FILES = tuple(f"{CUSTOMERS}{suffix}" for suffix in TABLE_SUFFIXES)
COLUMNS = {
    "customer": "客户",
    "birthday": "生日",
    "children": "子女",
    "tags": "标签",
    "note": "备注",
    "agent": "业务员",
}
MISSING_CUSTOMER = msg("missing_customer")
NOT_A_BIRTHDAY = msg("not_a_birthday")
NOT_CHILDREN = msg("not_children")
TOO_WIDE = msg("wider_than_header")
NOT_A_SHEET = msg("not_a_customer_sheet")
_TAG_SEPARATORS = re.compile(r"[;；、|]")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_WHOLE = re.compile(r"^\d+(?:\.0*)?$")
_HEADERS = {id_: id_ for id_ in COLUMNS} | {zh: id_ for id_, zh in COLUMNS.items()}


@dataclass(frozen=True)
class Birthday:
    """A day of birth; the year may be unknown (`3月5日`)."""

    month: int
    day: int
    year: int | None = None

    def on(self, year: int) -> dt.date:
        """Return the birthday in a year; 29 February falls on 28 February in a common year."""
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:  # 29 February of a common year
            return dt.date(year, 2, 28)

    def age_on(self, day: dt.date) -> int | None:
        """Return the age in whole years on a day (None without a birth year)."""
        if self.year is None:
            return None
        return day.year - self.year - (day < self.on(day.year))


@dataclass(frozen=True)
class Customer:
    """One row of the customer file, read."""

    name: str
    line: int
    birthday: Birthday | None = None
    children: int | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    agent: str = ""
    source: str = ""  # the table it is in, as messages name it (a workbook's sheet: file[sheet])


@dataclass(frozen=True)
class CustomerFile:
    """The customers of the customer file, and the rows skipped with --skip-bad-rows."""

    path: str = ""  # "" when the project has no customer file
    customers: tuple[Customer, ...] = ()
    problems: tuple[Problem, ...] = ()
    ignored: tuple[str, ...] = ()  # columns Battlemap does not read
    agent_columns: tuple[tuple[str, str], ...] = ()  # (table, its agent column's header)
    ignored_sheets: tuple[Problem, ...] = ()  # `file[sheet]: why`, a workbook's sheets not read


def read_customers(project: Path, skip_bad_rows: bool = False) -> CustomerFile:
    """Read the customer file when there is one; raise InputError listing every bad row."""
    found = [rel for rel in CUSTOMER_FILES if (project / rel).is_file()]
    if not found:
        return CustomerFile()
    if len(found) > 1:
        raise InputError(Problem(", ".join(found), 0, "", "", msg("two_customer_files")))
    rel = found[0]
    try:
        tables = read_table_file(project / rel, rel, _customer_header)
    except UnreadableFile as exc:
        raise InputError(Problem(rel, 0, "", "", exc.why)) from None
    if not tables.tables:
        raise InputError(Problem(rel, 0, "", "", msg("no_customer_sheet")))
    ignored = tuple(Problem(name, 0, "", "", why) for name, why in tables.ignored.items())
    return replace(parse_customers(tables.tables, skip_bad_rows), path=rel, ignored_sheets=ignored)


def _customer_header(header: list[str]) -> Message | None:
    """Tell a worksheet of customers by its first row: None when it names a customer column."""
    names = [_HEADERS.get(c.strip()) or _HEADERS.get(c.strip().lower()) for c in header]
    return None if "customer" in names else NOT_A_SHEET


def parse_customers(
    tables: list[tuple[str, RawTable]], skip_bad_rows: bool = False
) -> CustomerFile:
    """Read customer tables (a CSV file's, or a workbook's sheets), each named for messages."""
    customers, problems, ignored, agents = [], [], [], []
    first: dict[tuple[str, str], tuple[str, int]] = {}  # (agent, name) -> where it is listed
    for rel, table in tables:
        index, unknown, header_problem = _map_header(rel, table.header)
        if header_problem:
            problems.append(header_problem)
            continue
        ignored += [name for name in unknown if name not in ignored]
        heads = {c: table.header[i].strip() for c, i in index.items()}
        agents.append((rel, heads.get("agent", "")))
        for customer, found in _read_rows(rel, table, index, heads):
            if customer is not None:
                key = (customer.agent, customer.name)
                if key in first:
                    found.append(_twice(customer, heads["customer"], *first[key]))
                else:
                    first[key] = (rel, customer.line)
            problems += found
            if customer is not None and not found:
                customers.append(customer)
    if problems and not skip_bad_rows:
        raise InputError(problems)
    return CustomerFile("", tuple(customers), tuple(problems), tuple(ignored), tuple(agents))


def _read_rows(rel: str, table: RawTable, index: dict[str, int], heads: dict[str, str]):
    """Yield each non-empty record's customer (None without a name) and its problems."""
    columns = {c: table.columns[i].to_pylist() for c, i in index.items()}
    lines = table.record_lines() if table.rows else []
    for i in range(table.rows):
        cells = {c: (values[i] or "").strip() for c, values in columns.items()}
        if not any(cells.values()) and i not in table.bad_width:
            continue  # an empty row (Excel's trailing ,,,,)
        yield _read_row(rel, lines[i], cells, heads, i in table.bad_width)


def _twice(customer: Customer, column: str, rel: str, line: int) -> Problem:
    """Return the problem of a customer listed a second time, naming the first listing."""
    why = (
        msg("listed_twice_here", line=line)
        if rel == customer.source
        else msg("listed_twice_there", where=f"{rel}:{line}")
    )
    return Problem(customer.source, customer.line, column, customer.name, why)


def by_agent(
    customers: CustomerFile, members: tuple[Member, ...]
) -> tuple[dict[str, CustomerFile], tuple[Problem, ...]]:
    """Split a team's customer file into each agent's (by slug), as the logs are (§9).

    Also return the problems of the rows whose agent no agent plan names, or that name none.
    """
    from battlemap.team import NO_AGENT, NO_PLAN  # the logs' messages

    slugs = {m.name: m.slug for m in members}
    mine: dict[str, list[Customer]] = {m.slug: [] for m in members}
    stray = []
    for person in customers.customers:
        if person.agent in slugs:
            mine[slugs[person.agent]].append(person)
        else:
            why = NO_PLAN if person.agent else NO_AGENT
            column = dict(customers.agent_columns).get(person.source) or _column("agent")
            stray.append(Problem(person.source, person.line, column, person.agent, why))
    split = {
        slug: replace(customers, customers=tuple(people), problems=(), ignored=())
        for slug, people in mine.items()
    }
    return split, tuple(stray)


def _map_header(rel: str, header: list[str]) -> tuple[dict[str, int], list[str], Problem | None]:
    index: dict[str, int] = {}
    ignored = []
    for i, cell in enumerate(header):
        name = cell.strip()
        column = _HEADERS.get(name) or _HEADERS.get(name.lower())
        if column is None:
            if name:
                ignored.append(name)
        elif column in index:
            why = msg("second_column", column=_column(column))
            return index, ignored, Problem(rel, 1, name, "", why)
        else:
            index[column] = i
    if "customer" not in index:
        problem = Problem(rel, 1, _column("customer"), "", msg("no_customer_column"))
        return index, ignored, problem
    return index, ignored, None


def _column(column: str) -> Both:
    """Return a column by the tool's name for it, in both locales."""
    return Both(COLUMNS[column], column)


def _read_row(
    rel: str, line: int, cells: dict[str, str], heads: dict[str, str], too_wide: bool
) -> tuple[Customer | None, list[Problem]]:
    """Return a row's customer (None when it has no name) and its problems, column by column."""
    problems = [Problem(rel, line, ROW, "", TOO_WIDE)] if too_wide else []

    def bad(column: str, why: Message) -> None:
        problems.append(Problem(rel, line, heads[column], cells[column], why))

    name = cells["customer"]
    if not name:
        bad("customer", MISSING_CUSTOMER)
    birthday = read_birthday(cells.get("birthday", ""))
    if birthday is False:
        bad("birthday", NOT_A_BIRTHDAY)
    children = cells.get("children", "")
    if children and not _WHOLE.match(children):
        bad("children", NOT_CHILDREN)
    if not name:
        return None, problems
    customer = Customer(
        name=name,
        line=line,
        source=rel,
        birthday=birthday or None,
        children=int(float(children)) if children and _WHOLE.match(children) else None,
        tags=tuple(t.strip() for t in _TAG_SEPARATORS.split(cells.get("tags", "")) if t.strip()),
        note=cells.get("note", ""),
        agent=cells.get("agent", ""),
    )
    return customer, problems


def read_birthday(text: str) -> Birthday | None | bool:
    """Return the birthday of `1988-03-05`, `1988/3/5`, `1988年3月5日`, `03-05` or `3月5日`.

    None for an empty cell, False for text that is not a birthday.
    """
    if not text:
        return None
    try:
        day = parse_date(text)
        return Birthday(day.month, day.day, day.year)
    except ValueError:
        pass
    match = _MONTH_DAY.match(text)
    if not match:
        return False
    month, day_ = int(match[1]), int(match[2])
    try:
        dt.date(2000, month, day_)  # a leap year: 2月29日 is a birthday
    except ValueError:
        return False
    return Birthday(month, day_)
