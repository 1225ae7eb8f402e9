"""Readers of one cell's text: (value, None) when it reads, (None, why) when it does not."""

from __future__ import annotations

import datetime as dt
import functools
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
from battlemap.messages import Both, Message, listing, msg
from battlemap.plan import Plan
from battlemap.vocab import CHANNELS, OUTCOMES, TYPE_ALIASES

Reading = tuple[object, Message | None]
_EPOCH = dt.date(1970, 1, 1)
_WHOLE = re.compile(r"^\d+(?:\.0*)?$")


MAX_PREMIUM = 10**10  # yuan (100亿): no policy costs more; an ID number pasted does
MAX_COUNT = 10**6  # activities on one row
NOT_PLAUSIBLE = msg("implausible_date", first=FIRST_YEAR, last=LAST_YEAR)
TOO_LARGE_PREMIUM = msg("premium_too_large", limit=MAX_PREMIUM)
TOO_MANY = msg("count_too_many", limit=MAX_COUNT)
DATE_MISSING, NOT_A_DATE = msg("date_missing"), msg("not_a_date")
NOT_AN_AMOUNT, NEGATIVE = msg("not_an_amount"), msg("negative_premium")


@functools.lru_cache(maxsize=1 << 16)  # a log's dates and amounts come back on every save
def read_date(raw: str) -> Reading:
    """Read a date as days since 1970-01-01."""
    if not raw:
        return None, DATE_MISSING
    try:
        day = parse_date(raw)
    except ValueError:
        return None, NOT_A_DATE
    return ((day - _EPOCH).days, None) if plausible(day) else (None, NOT_PLAUSIBLE)


@functools.lru_cache(maxsize=1 << 16)
def read_premium(raw: str) -> Reading:
    """Read an amount in yuan as whole cents; empty reads as None."""
    if not raw:
        return None, None
    try:
        value = parse_amount(raw)
    except ValueError:
        return None, NOT_AN_AMOUNT
    if value < 0:
        return None, NEGATIVE
    return (to_cents(value), None) if value <= MAX_PREMIUM else (None, TOO_LARGE_PREMIUM)


def read_count(raw: str) -> Reading:
    """Read how many activities a row stands for; empty reads as None (one)."""
    if not raw:
        return None, None
    if not _WHOLE.match(raw):
        return None, msg("count_not_whole")
    digits = raw.split(".")[0].lstrip("0０")
    if len(digits) > len(str(MAX_COUNT)) or int(digits or 0) > MAX_COUNT:
        return None, TOO_MANY
    return int(digits or 0), None


def vocabulary(
    labels: dict[str, str],
    unknown: str,
    aliases: dict[str, str] | None = None,
    required: Message | None = None,
    by_id: bool = False,
) -> Callable[[str], Reading]:
    """Return a reader of an id (any case) or Chinese label of a vocabulary.

    `unknown` is the message key for a value that is neither; it lists what may be written:
    the labels (zh-CN), the ids with their labels (en), or the ids alone (`by_id`, en).
    """
    lookup = {id_: id_ for id_ in labels} | {v: k for k, v in labels.items()}
    lookup |= {id_.lower(): id_ for id_ in labels} | (aliases or {})
    choices = listing(
        [Both(label, id_ if by_id else f"{id_} {label}") for id_, label in labels.items()]
    )
    why = msg(unknown, choices=choices)

    def read(raw: str) -> Reading:
        if not raw:
            return None, required
        found = lookup.get(raw) or lookup.get(raw.lower())
        return (found, None) if found else (None, why)

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
            plan.types, "unknown_type", TYPE_ALIASES, msg("type_missing"), by_id=True
        ),
        "premium": read_premium,
        "product": vocabulary(plan.products, "unknown_product"),
        "channel": vocabulary(CHANNELS, "unknown_channel"),
        "outcome": read_outcome,
        "count": read_count,
    }
