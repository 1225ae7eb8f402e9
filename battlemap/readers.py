"""Readers of one cell's text: (value, None) when it reads, (None, why) when it does not."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from battlemap.amounts import (
    FIRST_YEAR,
    LAST_YEAR,
    parse_amount,
    parse_date,
    plausible,
    to_cents,
)
from battlemap.plan import Plan
from battlemap.vocab import CHANNELS, OUTCOMES, TYPE_ALIASES

Reading = tuple[object, str | None]
_EPOCH = dt.date(1970, 1, 1)
_WHOLE = re.compile(r"^\d+(?:\.0*)?$")


MAX_PREMIUM = 10**10  # yuan (100亿): no policy costs more; an ID number pasted does
MAX_COUNT = 10**6  # activities on one row
NOT_PLAUSIBLE = f"not a plausible date (the years {FIRST_YEAR} to {LAST_YEAR})"
TOO_LARGE_PREMIUM = f"more than {MAX_PREMIUM:,} yuan: no premium is that large (an ID number?)"
TOO_MANY = f"more than {MAX_COUNT:,} activities on one row"


def read_date(raw: str) -> Reading:
    """Read a date as days since 1970-01-01."""
    if not raw:
        return None, "missing (every row needs a date)"
    try:
        day = parse_date(raw)
    except ValueError:
        return None, "not a date (write 2026-03-05, 2026/3/5 or 2026年3月5日)"
    return ((day - _EPOCH).days, None) if plausible(day) else (None, NOT_PLAUSIBLE)


def read_premium(raw: str) -> Reading:
    """Read an amount in yuan as whole cents; empty reads as None."""
    if not raw:
        return None, None
    try:
        value = parse_amount(raw)
    except ValueError:
        return None, "not an amount (write 12000, 12,000.50, ¥12000, 12000元 or 1.2万)"
    if value < 0:
        return None, "negative premium"
    return (to_cents(value), None) if value <= MAX_PREMIUM else (None, TOO_LARGE_PREMIUM)


def read_count(raw: str) -> Reading:
    """Read how many activities a row stands for; empty reads as None (one)."""
    if not raw:
        return None, None
    if not _WHOLE.match(raw):
        return None, "not a whole number of activities"
    digits = raw.split(".")[0].lstrip("0０")
    if len(digits) > len(str(MAX_COUNT)) or int(digits or 0) > MAX_COUNT:
        return None, TOO_MANY
    return int(digits or 0), None


def vocabulary(
    labels: dict[str, str],
    what: str,
    aliases: dict[str, str] | None = None,
    required: str | None = None,
) -> Callable[[str], Reading]:
    """Return a reader of an id (any case) or Chinese label of a vocabulary."""
    lookup = {id_: id_ for id_ in labels} | {v: k for k, v in labels.items()}
    lookup |= {id_.lower(): id_ for id_ in labels} | (aliases or {})
    listing = (
        ", ".join(labels)
        if what == "activity type"
        else ", ".join(f"{k} {v}" for k, v in labels.items())
    )

    def read(raw: str) -> Reading:
        if not raw:
            return None, required
        found = lookup.get(raw) or lookup.get(raw.lower())
        return (found, None) if found else (None, f"unknown {what} (one of {listing})")

    return read


def read_outcome(raw: str) -> Reading:
    """Read an outcome; beyond the three known ones it is free text (it feeds no figure)."""
    found = {v: k for k, v in OUTCOMES.items()} | {k: k for k in OUTCOMES}
    return found.get(raw, raw), None


def readers(plan: Plan) -> dict[str, Callable[[str], Reading]]:
    """Return the reader of each column whose values are read (the others are free text)."""
    return {
        "date": read_date,
        "type": vocabulary(
            plan.types, "activity type", TYPE_ALIASES, required="missing (every row needs a type)"
        ),
        "premium": read_premium,
        "product": vocabulary(plan.products, "product"),
        "channel": vocabulary(CHANNELS, "channel"),
        "outcome": read_outcome,
        "count": read_count,
    }
