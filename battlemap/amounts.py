"""Read the money and date forms agents type into Excel (SPEC §2)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

_AMOUNT = re.compile(r"^(?P<num>\d+(?:\.\d+)?|\.\d+)(?P<wan>万)?$")
_DATE = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:(?:\s+|T)\S.*)?$"
)
_CURRENCY = ("¥", "￥", "RMB", "CNY")
# the years a log, a plan or --as-of may name: beyond them a date is a typo, and dates stay
# far inside what datetime64[ns] can hold (1677–2262)
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_amount(text: str) -> Decimal:
    """Return the yuan amount of `12,000.50`, `¥12000`, `12000元` or `1.2万`.

    Raises ValueError when the text is not an amount.
    """
    s = re.sub(r"[\s,，]", "", text)
    negative = s[:1] in ("-", "−")
    s = s[1:] if negative else s
    for prefix in _CURRENCY:
        if s.upper().startswith(prefix):
            s = s[len(prefix) :]
            break
    s = s.removesuffix("元")
    match = _AMOUNT.match(s)
    if not match:
        raise ValueError(text)
    value = Decimal(match["num"]) * (10000 if match["wan"] else 1)
    return -value if negative else value


def to_cents(value: Decimal) -> int:
    """Return a yuan amount as whole cents, halves rounded up."""
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_date(text: str) -> dt.date:
    """Return the date of `2026-03-05`, `2026/3/5` or `2026年3月5日` (a time part is ignored).

    Raises ValueError when the text is not a date.
    """
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(text)
    return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))


def plausible(day: dt.date) -> bool:
    """Tell a date within FIRST_YEAR..LAST_YEAR from a typo."""
    return FIRST_YEAR <= day.year <= LAST_YEAR
