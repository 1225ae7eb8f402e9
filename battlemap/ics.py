"""actions.ics (SPEC §7): the next actions as an iCalendar feed a phone can subscribe to."""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

from battlemap import fmt
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
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//Battlemap//actions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", " · ".join(t for t in (title, words["actions"]) if t))
    uids: dict[str, int] = {}
    for kind, key, day, summary, description in _events(plan, lists, words):
        event = Event()
        event.add("uid", _uid(uids, kind, key, day))
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.date.fromisoformat(day))
        event.add("dtend", dt.date.fromisoformat(day) + dt.timedelta(days=1))
        event.add("summary", summary)
        if description:
            event.add("description", description)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        cal.add_component(event)
    return cal.to_ical()


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
