"""actions.ics (SPEC §7): the next actions as an iCalendar feed a phone can subscribe to."""

from __future__ import annotations

import datetime as dt
import hashlib

from battlemap import fmt
from battlemap.ics_text import escape_text, fold_line
from battlemap.pages.base import key_label
from battlemap.plan import Plan
from battlemap.vocab import TIERS, label

UID_DOMAIN = "battlemap"


def actions_calendar(plan: Plan, lists: dict, words: dict[str, str], title: str) -> bytes:
    """Return the feed: an all-day event per renewal due, service window end, and birthday.

    `lists` are actions.json's (names as shown). UIDs are derived from what an event is about,
    and DTSTAMP from as_of, so the same inputs give the same bytes and a subscribed calendar
    updates its events instead of duplicating them.
    """
    as_of = dt.date.fromisoformat(lists["as_of"])
    stamp = f"{as_of:%Y%m%d}T000000Z"
    name = " · ".join(t for t in (title, words["actions"]) if t)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Battlemap//actions//EN"]
    lines += ["CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    uids: dict[str, int] = {}
    for kind, key, day, summary, description in _events(plan, lists, words):
        start = dt.date.fromisoformat(day)
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{escape_text(summary)}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{start + dt.timedelta(days=1):%Y%m%d}",
            f"DTSTAMP:{stamp}",
            f"UID:{_uid(uids, kind, key, day)}",
            *([f"DESCRIPTION:{escape_text(description)}"] if description else []),
            "TRANSP:TRANSPARENT",  # a reminder, not a busy slot
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(map(fold_line, lines)).encode("utf-8")


def _events(plan: Plan, lists: dict, words: dict[str, str]):
    """Yield (kind, what it is about, day, summary, description) of every event."""
    locale = plan.locale
    for r in lists["renewals"]:
        product = key_label(plan, "product", r["product"])
        summary = words["ics_renewal"].format(
            customer=r["customer"], product=product, premium=fmt.money(r["premium"], locale)
        )
        yield "renewal", f"{r['customer']}\0{r['product']}", r["due"], summary, words["renewals_do"]
    for tier in (t for t in TIERS if t in lists["service"]):
        s = lists["service"][tier]
        if not s["due"] or s["window_end"] is None:
            continue
        type_label = plan.type_label(s["type"])
        summary = words["ics_service"].format(
            tier=label(TIERS, tier, locale), type=type_label, count=len(s["due"])
        )
        names = "\n".join(
            f"{d['customer']} · "
            + (
                words["last_contact_on"].format(day=fmt.day(d["last_contact"], locale))
                if d["last_contact"]
                else words["never_contacted"]
            )
            for d in s["due"]
        )
        yield "service", tier, s["window_end"], summary, names
    for b in lists["birthdays"]:
        key = "ics_birthday" if b["age"] is None else "ics_birthday_age"
        summary = words[key].format(customer=b["customer"], age=b["age"])
        yield "birthday", b["customer"], b["date"], summary, ""


def _uid(seen: dict[str, int], kind: str, key: str, day: str) -> str:
    """Return a UID from what the event is about; a second event about the same gets `-2`."""
    base = hashlib.sha256(f"{kind}\0{key}\0{day}".encode()).hexdigest()[:24]
    seen[base] = seen.get(base, 0) + 1
    suffix = f"-{seen[base]}" if seen[base] > 1 else ""
    return f"{kind}-{base}{suffix}@{UID_DOMAIN}"
