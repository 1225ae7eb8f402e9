"""Figures as agents read them: 96.76万, ¥12,000, 62.5%, 3月5日 (SPEC §5)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from battlemap.i18n import strings
from battlemap.jsontext import json_value

NONE = "—"


def money(value: float | None, locale: str) -> str:
    """Return a headline amount, whole yuan: `96.76万` / `¥8,800` in zh-CN, `¥967,600` in en."""
    if value is None:
        return NONE
    sign = "-" if value < 0 else ""
    value = abs(value)
    if locale != "en" and value >= 10000:
        return f"{sign}{value / 10000:,.2f}".rstrip("0").rstrip(".") + "万"
    return f"{sign}¥{_whole(value):,}"


def wan(value: float | None, locale: str) -> str:
    """Return an amount for a column of large amounts: always 万 in zh-CN (`0.8万`, `29.03万`)."""
    if value is None or locale == "en":
        return money(value, locale)
    return f"{value / 10000:,.2f}".rstrip("0").rstrip(".") + "万"


def yuan(value: float | None) -> str:
    """Return an amount for a table column, always in yuan: `¥2,620`, `¥30,000`, `¥12,000.50`."""
    if value is None:
        return NONE
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}".removesuffix(".00")


def _whole(value: float) -> int:
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def count(value: float | int | None, locale: str) -> str:
    """Return a count target as agents read it: `72`, and `约 22` for 21.6 (halves up)."""
    if value is None:
        return NONE
    if float(value).is_integer():
        return f"{int(value):,}"
    return strings(locale)["about"].format(n=f"{_whole(float(value)):,}")


def points(value: float, locale: str) -> str:
    """Return a difference of two shares in percentage points: 0.044 -> `4.4 个百分点`."""
    return strings(locale)["points"].format(n=f"{abs(value) * 100:.1f}")


def cadence(count_: int, per: str, locale: str) -> str:
    """Return a cadence as words: `每周 5 次`, `每 2 周 1 次` / `5 a week`, `1 every 2 weeks`."""
    n, _, unit = per.partition(" ") if per[0].isdigit() else ("1", "", per)
    unit = unit.rstrip("s")
    words = strings(locale)
    key = f"per_{unit}" if n == "1" else f"per_n_{unit}"
    return words[key].format(count=count_, n=n)


def percent(value: float | None, digits: int = 1) -> str:
    """Return a ratio as a percentage: 0.6234 -> `62.3%`."""
    if value is None:
        return NONE
    return f"{value * 100:.{digits}f}%"


def number(value: float | int | None, digits: int = 1) -> str:
    """Return a count or a plain ratio: 72, 18.9, 10.4."""
    if value is None:
        return NONE
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def day(value: dt.date | str, locale: str) -> str:
    """Return a date: `3月5日` in zh-CN, `Mar 5` in en."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value.strftime("%b %-d") if locale == "en" else f"{value.month}月{value.day}日"


def full_day(value: dt.date | str, locale: str) -> str:
    """Return a date with its year: `2026年3月5日` / `Mar 5, 2026`."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if locale == "en":
        return value.strftime("%b %-d, %Y")
    return f"{value.year}年{value.month}月{value.day}日"


def raw(value) -> str:
    """Return a figure exactly as metrics.json writes it (for data-value)."""
    return json_value(value)
