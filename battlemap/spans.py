"""Calendar spans: a period of days, the plan's year and quarters, windows cut from a span."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from battlemap.plan_schema import Window


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def quarter_period(year: int, q: str) -> Period:
    """Return the calendar quarter `Q1`…`Q4` of a year."""
    first = 3 * (int(q[1]) - 1) + 1
    start = dt.date(year, first, 1)
    end = dt.date(year + (first == 10), 1 if first == 10 else first + 3, 1) - dt.timedelta(days=1)
    return Period(start, end)


def year_period(year: int) -> Period:
    """Return the plan's year as a period."""
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day-of-month `months` later (used from the 1st of a month)."""
    index = day.month - 1 + months
    return day.replace(year=day.year + index // 12, month=index % 12 + 1)


def cut_windows(start: dt.date, end: dt.date, window: Window):
    """Yield (first day, last day, full length in days) of each window of the span."""
    while start <= end:
        if window.months:
            after = add_months(start, window.months)
        else:
            after = start + dt.timedelta(days=window.days)
        yield start, min(after - dt.timedelta(days=1), end), (after - start).days
        start = after
