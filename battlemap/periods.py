"""Review periods (ISO weeks, months, quarters) and weekly series for the charts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from battlemap.activities import Activities
from battlemap.amounts import FIRST_YEAR, LAST_YEAR
from battlemap.spans import Period, quarter_period


@dataclass(frozen=True)
class ReviewPeriod:
    """A week, month or quarter with a review page."""

    kind: str  # week | month | quarter
    slug: str  # 2026-w05, 2026-03, 2026-q1: the page is reviews/<slug>.html
    period: Period

    @property
    def note_name(self) -> str:
        """The notes file's stem in content/reviews/ (2026-W05, 2026-03, 2026-Q1)."""
        return self.slug.upper()

    def title(self, locale: str) -> str:
        start = self.period.start
        if self.kind == "week":
            year, week, _ = start.isocalendar()
            return f"{year} W{week:02d}" if locale == "en" else f"{year}年第{week}周"
        if self.kind == "month":
            return start.strftime("%B %Y") if locale == "en" else f"{start.year}年{start.month}月"
        q = (start.month - 1) // 3 + 1
        return f"{start.year} Q{q}" if locale == "en" else f"{start.year}年第{q}季度"


def week_of(day: dt.date) -> ReviewPeriod:
    """Return the ISO week (Monday to Sunday) holding a day."""
    start = day - dt.timedelta(days=day.weekday())
    year, week, _ = day.isocalendar()
    return ReviewPeriod("week", f"{year}-w{week:02d}", Period(start, start + dt.timedelta(days=6)))


def month_of(day: dt.date) -> ReviewPeriod:
    """Return the calendar month holding a day."""
    start = day.replace(day=1)
    nxt = (start + dt.timedelta(days=32)).replace(day=1)
    return ReviewPeriod(
        "month", f"{day.year}-{day.month:02d}", Period(start, nxt - dt.timedelta(days=1))
    )


def quarter_of(day: dt.date) -> ReviewPeriod:
    """Return the calendar quarter holding a day."""
    q = f"Q{(day.month - 1) // 3 + 1}"
    return ReviewPeriod("quarter", f"{day.year}-{q.lower()}", quarter_period(day.year, q))


def review_periods(dates: list[dt.date], note_names: set[str]) -> list[ReviewPeriod]:
    """Return every week, month and quarter with a dated row or a note, in order."""
    found: dict[str, ReviewPeriod] = {}
    for day in dates:
        for period in (week_of(day), month_of(day), quarter_of(day)):
            found.setdefault(period.slug, period)
    for name in note_names:
        period = parse_period(name)
        if period:
            found.setdefault(period.slug, period)
    kinds = {"week": 0, "month": 1, "quarter": 2}
    return sorted(found.values(), key=lambda p: (kinds[p.kind], p.period.start))


def parse_period(name: str) -> ReviewPeriod | None:
    """Return the period a notes file names (2026-W05, 2026-03, 2026-Q1), or None."""
    try:
        year, part = name.upper().split("-")
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            return None  # 9999-12.md names no month a site could show
        if part.startswith("W"):
            return week_of(dt.date.fromisocalendar(int(year), int(part[1:]), 1))
        if part.startswith("Q") and part[1:] in ("1", "2", "3", "4"):
            return quarter_of(dt.date(int(year), 3 * int(part[1:]) - 2, 1))
        return month_of(dt.date(int(year), int(part), 1))
    except ValueError:
        return None


def weekly_premium(acts: Activities, span: Period, as_of: dt.date) -> list[dict]:
    """Return premium_total per ISO week of the span, up to the week of as_of."""
    mask = acts.mask(span)
    cents = (acts.nb_cents + acts.renewal_cents)[mask]
    monday = span.start - dt.timedelta(days=span.start.weekday())
    index = ((acts.date[mask] - np.datetime64(monday)) // np.timedelta64(7, "D")).astype(int)
    last = min(as_of, span.end)
    weeks = (last - monday).days // 7 + 1 if last >= span.start else 0
    sums = np.bincount(index, weights=cents, minlength=weeks)[:weeks] if weeks else []
    out = []
    for i, total in enumerate(sums):
        start = max(monday + dt.timedelta(days=7 * i), span.start)
        out.append(
            {
                "week": week_of(start).slug.split("-")[1].upper(),
                "start": start.isoformat(),
                "premium": round(float(total) / 100, 2),
            }
        )
    return out


def weekly_activity(
    acts: Activities, span: Period, as_of: dt.date, tracked: dict[str, str], other: str
) -> list[dict]:
    """Return Σ count per ISO week of the tracked types (id -> label), the rest as `other`.

    Policies, renewals and cancels are not activity. Only series that occur are listed, the
    tracked types in their order, `other` last (`order` says where a series stacks).
    """
    mask = acts.mask(span)
    monday = span.start - dt.timedelta(days=span.start.weekday())
    index = ((acts.date[mask] - np.datetime64(monday)) // np.timedelta64(7, "D")).astype(int)
    names = acts.type_names()
    weeks = int(index.max()) + 1 if len(index) else 0
    cell = index * len(names) + acts.type_codes()[mask]
    sums = np.bincount(cell, weights=acts.count[mask], minlength=weeks * len(names))
    series = {kind: tracked.get(kind, other) for kind in names}
    order = {name: n for n, name in enumerate([*tracked.values(), other])}
    rows = []
    for i in range(weeks):
        start = max(monday + dt.timedelta(days=7 * i), span.start)
        totals: dict[str, int] = {}
        for k, kind in enumerate(names):
            n = int(sums[i * len(names) + k])
            if n and kind not in ("policy", "renewal", "cancel"):
                totals[series[kind]] = totals.get(series[kind], 0) + n
        week = week_of(start).slug.split("-")[1].upper()
        rows += [
            {"week": week, "type": name, "count": n, "order": order[name]}
            for name, n in sorted(totals.items(), key=lambda item: order[item[0]])
        ]
    return rows
