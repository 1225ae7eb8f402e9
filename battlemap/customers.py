"""The customer file (SPEC §7): content/customers.csv, one row per customer, optional."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from battlemap.amounts import parse_date
from battlemap.csvfile import RawTable, UnreadableFile, read_table
from battlemap.errors import InputError
from battlemap.logs import Problem

if TYPE_CHECKING:
    from battlemap.team import Member

CUSTOMERS_PATH = "content/customers.csv"
CUSTOMER_FILES = (CUSTOMERS_PATH,)  # what the build reads (a workbook source joins it later)
COLUMNS = {
    "customer": "客户",
    "birthday": "生日",
    "children": "子女",
    "tags": "标签",
    "note": "备注",
    "agent": "业务员",
}
MISSING_CUSTOMER = "missing (every row needs a customer)"
NOT_A_BIRTHDAY = "not a birthday (write 1988-03-05, 1988/3/5, 1988年3月5日, 03-05 or 3月5日)"
NOT_CHILDREN = "not a whole number of children (write 0, 1, 2, …)"
TOO_WIDE = "more values than the header has columns"
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


@dataclass(frozen=True)
class CustomerFile:
    """The customers of the customer file, and the rows skipped with --skip-bad-rows."""

    path: str = ""  # "" when the project has no customer file
    customers: tuple[Customer, ...] = ()
    problems: tuple[Problem, ...] = ()
    ignored: tuple[str, ...] = ()  # columns Battlemap does not read
    agent_column: str = ""  # the agent column's header as the file writes it ("": none)


def read_customers(project: Path, skip_bad_rows: bool = False) -> CustomerFile:
    """Read content/customers.csv when there is one; raise InputError listing every bad row."""
    path = project / CUSTOMERS_PATH
    if not path.is_file():
        return CustomerFile()
    try:
        table = read_table(path.read_bytes())
    except OSError as exc:
        raise InputError(f"{CUSTOMERS_PATH}: cannot be read — {exc.strerror}") from None
    except UnreadableFile as exc:
        raise InputError(f"{CUSTOMERS_PATH}: {exc}") from None
    return parse_customers(CUSTOMERS_PATH, table, skip_bad_rows)


def parse_customers(rel: str, table: RawTable, skip_bad_rows: bool = False) -> CustomerFile:
    """Read a customer table (of a CSV file or, later, a worksheet) named `rel` in messages."""
    index, ignored, header_problem = _map_header(rel, table.header)
    if header_problem:
        raise InputError(str(header_problem))
    heads = {c: table.header[i].strip() for c, i in index.items()}
    columns = {c: table.columns[i].to_pylist() for c, i in index.items()}
    lines = table.record_lines() if table.rows else []
    customers, problems = [], []
    first_line: dict[tuple[str, str], int] = {}
    for i in range(table.rows):
        cells = {c: (values[i] or "").strip() for c, values in columns.items()}
        if not any(cells.values()) and i not in table.bad_width:
            continue  # an empty row (Excel's trailing ,,,,)
        customer, found = _read_row(rel, lines[i], cells, heads, i in table.bad_width)
        if customer is not None:
            key = (customer.agent, customer.name)
            if key in first_line:
                why = f"listed twice (first on line {first_line[key]})"
                found.append(Problem(rel, lines[i], heads["customer"], customer.name, why))
            else:
                first_line[key] = lines[i]
        problems += found
        if customer is not None and not found:
            customers.append(customer)
    if problems and not skip_bad_rows:
        raise InputError([str(p) for p in problems])
    agent = heads.get("agent", "")
    return CustomerFile(rel, tuple(customers), tuple(problems), tuple(ignored), agent)


def by_agent(
    customers: CustomerFile, members: tuple[Member, ...]
) -> tuple[dict[str, CustomerFile], tuple[Problem, ...]]:
    """Split a team's customer file into each agent's (by slug), as the logs are (§9).

    Also return the problems of the rows whose agent no agent plan names, or that name none.
    """
    from battlemap.team import _NO_AGENT, _NO_PLAN  # the logs' messages, said once

    slugs = {m.name: m.slug for m in members}
    mine: dict[str, list[Customer]] = {m.slug: [] for m in members}
    stray = []
    for person in customers.customers:
        if person.agent in slugs:
            mine[slugs[person.agent]].append(person)
        else:
            why = _NO_PLAN if person.agent else _NO_AGENT
            column = customers.agent_column or "agent"
            stray.append(Problem(customers.path, person.line, column, person.agent, why))
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
            return index, ignored, Problem(rel, 1, name, "", f"a second {column} column")
        else:
            index[column] = i
    if "customer" not in index:
        return index, ignored, Problem(rel, 1, "customer", "", "no customer (客户) column")
    return index, ignored, None


def _read_row(
    rel: str, line: int, cells: dict[str, str], heads: dict[str, str], too_wide: bool
) -> tuple[Customer | None, list[Problem]]:
    """Return a row's customer (None when it has no name) and its problems, column by column."""
    problems = [Problem(rel, line, "row", "", TOO_WIDE)] if too_wide else []

    def bad(column: str, why: str) -> None:
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
