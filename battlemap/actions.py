"""Next actions (SPEC §7): renewals due, service contacts due, prospects to follow up,
birthdays and needs-based combos, as of as_of, in the shape of data/actions.json."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from battlemap.activities import Activities
from battlemap.customers import Customer, CustomerFile
from battlemap.logs import Problem
from battlemap.plan import Plan
from battlemap.plan_schema import parse_per
from battlemap.privacy import Privacy
from battlemap.spans import cut_windows, year_period
from battlemap.vocab import OUTCOMES, TIERS

RENEWAL_LOOKBACK = 60  # days: an overdue renewal stays listed this long
STAGES = ((30, "30"), (60, "60"), (90, "90"))  # the smallest that days fits; beyond: not listed
DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class NextActions:
    """The lists of data/actions.json with full names, and what the customer file adds."""

    lists: dict
    has_customer_file: bool = False
    customers: tuple[str, ...] = ()  # every name of the customer file
    problems: tuple[Problem, ...] = ()  # customer-file rows skipped with --skip-bad-rows


def compute_actions(plan: Plan, acts: Activities, customers: CustomerFile) -> NextActions:
    """Return every list of §7 from the rows up to as_of and the customer file."""
    as_of = acts.as_of
    days = plan.model.actions
    people = sorted(customers.customers, key=lambda c: c.name)
    names = acts.rows["customer"].cat.categories.astype(str).tolist()
    lists = {
        "as_of": as_of.isoformat(),
        "horizon_end": None
        if days is None
        else (as_of + dt.timedelta(days=days.horizon_days)).isoformat(),
        "renewals": renewals(plan, acts, names),
        "service": service(plan, acts, names),
        "follow_ups": [] if days is None else follow_ups(acts, names, days.follow_up_days),
        "birthdays": [] if days is None else birthdays(people, as_of, days.horizon_days),
        "combos": combos(plan, acts, names, people),
    }
    listed = tuple(c.name for c in people)
    return NextActions(lists, bool(customers.path), listed, customers.problems)


def one_year_after(day: dt.date) -> dt.date:
    """Return the same day a year later; 29 February gives 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _iso(dates: np.ndarray) -> list[str | None]:
    """Return datetime64 values as ISO dates, NaT as None."""
    days = np.asarray(dates).astype("datetime64[D]")
    return [None if d == "NaT" else d for d in np.datetime_as_string(days).tolist()]


def renewals(plan: Plan, acts: Activities, names: list[str]) -> list[dict]:
    """Return each (customer, product) whose yearly premium falls due around as_of."""
    as_of = acts.as_of
    codes, products = acts.keys["product"]
    renewed = np.isin(codes, [i for i, p in enumerate(products) if p in plan.renewals.products])
    pair = acts.customer.astype(np.int64) * (len(products) + 1) + (codes + 1)  # (customer, product)
    held = np.flatnonzero((acts.policy | acts.renewal) & renewed)
    pairs, latest = last_rows(pair[held])  # the rows are in date order: the last is L
    latest = held[latest]
    # only an L a year before the listed span can fall due in it (one day more for 29 Feb)
    first = np.datetime64(as_of) - (RENEWAL_LOOKBACK + 366) * DAY
    last = np.datetime64(as_of) + (STAGES[-1][0] - 364) * DAY
    near = (acts.date[latest] >= first) & (acts.date[latest] <= last)
    pairs, latest = pairs[near], latest[near]
    cancels = np.flatnonzero(acts.cancel)
    cancelled, last_cancel = last_rows(pair[cancels])  # each pair's latest cancel
    at = np.minimum(np.searchsorted(cancelled, pairs), max(len(cancelled) - 1, 0))
    has_cancel = (cancelled[at] == pairs) if len(cancelled) else np.zeros(len(pairs), bool)
    cancel_day = acts.date[cancels[last_cancel[at]]] if len(cancelled) else acts.date[latest]
    kept = ~(has_cancel & (cancel_day >= acts.date[latest]))  # a cancel on or after L: skipped
    latest = latest[kept]
    premium = acts.rows["premium"].to_numpy()
    out = []
    for customer, product, day, cents in zip(
        acts.customer[latest].tolist(),
        codes[latest].tolist(),
        _iso(acts.date[latest]),
        premium[latest].tolist(),
        strict=True,
    ):
        due = one_year_after(dt.date.fromisoformat(day))
        until = (due - as_of).days
        if -RENEWAL_LOOKBACK <= until <= STAGES[-1][0]:
            out.append(
                {
                    "customer": names[customer],
                    "product": products[product],
                    "due": due.isoformat(),
                    "days": until,
                    "stage": renewal_stage(until),
                    "premium": int(cents) / 100,
                }
            )
    out.sort(key=lambda r: (r["due"], r["customer"], r["product"]))
    return out


def renewal_stage(days: int) -> str:
    """Return `overdue` for a past due date, else the smallest of 30, 60, 90 that days fits."""
    if days < 0:
        return "overdue"
    return next(stage for limit, stage in STAGES if days <= limit)


def service_tiers(plan: Plan, acts: Activities) -> np.ndarray:
    """Return each customer's tier by their premium over the 365 days ending at as_of."""
    as_of = np.datetime64(acts.as_of)
    recent = (acts.date > as_of - 365 * DAY) & (acts.date <= as_of)
    totals = np.bincount(
        acts.customer[recent],
        weights=(acts.nb_cents + acts.renewal_cents)[recent],
        minlength=len(acts.policy_rows),
    )
    high, middle = (round(t * 100) for t in (plan.tiers.high, plan.tiers.middle))
    return np.where(totals >= high, "high", np.where(totals >= middle, "middle", "ordinary"))


def service(plan: Plan, acts: Activities, names: list[str]) -> dict:
    """Return, for each tier with a rule, its customers due a contact in the current window."""
    tiers = service_tiers(plan, acts)
    existing = acts.policy_rows > 0
    year, out = year_period(plan.year), {}
    for tier in (t for t in TIERS if t in plan.service):
        rule = plan.service[tier]
        type_id, window = plan.type_id(rule.type), parse_per(rule.per)
        start, end = next(
            (
                (s, e)
                for s, e, _ in cut_windows(year.start, year.end, window)
                if s <= acts.as_of <= e
            ),
            (None, None),
        )
        members = np.flatnonzero(existing & (tiers == tier))
        seen = _last_contacts(acts, type_id)[members]
        due = np.isnat(seen) | (True if start is None else seen < np.datetime64(start))
        order = sorted(
            zip(_iso(seen[due]), [names[c] for c in members[due]], strict=True),
            key=lambda d: (d[0] is not None, d[0] or "", d[1]),
        )
        out[tier] = {
            "type": type_id,
            "per": window.canonical,
            "window_start": start and start.isoformat(),
            "window_end": end and end.isoformat(),
            "customers": len(members),
            "contacted": len(members) - int(due.sum()),
            "due": [{"customer": name, "last_contact": day} for day, name in order],
        }
    return out


def _last_contacts(acts: Activities, type_id: str) -> np.ndarray:
    """Return each customer's latest row of a type (NaT for none)."""
    rows = acts.of_type(type_id)
    last = np.full(len(acts.policy_rows), np.datetime64("NaT"), dtype=acts.date.dtype)
    latest = pd.Series(acts.date[rows]).groupby(acts.customer[rows]).max()
    last[latest.index.to_numpy()] = latest.to_numpy()
    return last


def follow_ups(acts: Activities, names: list[str], after_days: int) -> list[dict]:
    """Return the prospects whose last visit or call is at least after_days before as_of."""
    rows = acts.rows
    contact = (acts.of_type("visit") | acts.of_type("call")) & (
        acts.policy_rows[acts.customer] == 0
    )
    if "" in names:  # rows without a customer
        contact &= acts.customer != names.index("")
    outcomes, reasons = (rows[c].cat.categories.astype(str).tolist() for c in ("outcome", "reason"))
    at = np.flatnonzero(contact)  # the contacts, in date order
    customers, last = last_rows(acts.customer[at])
    last = at[last]  # each prospect's last contact
    per_customer = np.searchsorted(customers, acts.customer[at])
    contacts = np.bincount(per_customer, weights=acts.count[at], minlength=len(customers))
    cutoff = np.datetime64(acts.as_of - dt.timedelta(days=after_days))
    due = acts.date[last] <= cutoff
    customers, last, contacts = customers[due], last[due], contacts[due]
    reason_codes = rows["reason"].cat.codes.to_numpy()
    blank = reasons.index("") if "" in reasons else -1
    given = at[(reason_codes[at] != blank) & np.isin(acts.customer[at], customers)]
    said: dict[int, dict[str, None]] = {}  # the reasons each gave, the first given first
    for customer, reason in zip(
        acts.customer[given].tolist(), reason_codes[given].tolist(), strict=True
    ):
        said.setdefault(customer, {})[reasons[reason]] = None
    outcome_codes = rows["outcome"].cat.codes.to_numpy()[last]
    out = [
        {
            "customer": names[customer],
            "last_contact": day,
            "contacts": int(n),
            "last_outcome": outcomes[outcome] or None,
            "reasons": list(said.get(customer, {})),
        }
        for customer, day, n, outcome in zip(
            customers.tolist(), _iso(acts.date[last]), contacts.tolist(), outcome_codes.tolist(),
            strict=True,
        )
    ]  # fmt: skip
    out.sort(key=lambda p: (p["last_contact"], p["customer"]))
    return out


def last_rows(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return each distinct key, ascending, and the index of its last row."""
    distinct, from_end = np.unique(keys[::-1], return_index=True)
    return distinct, len(keys) - 1 - from_end


def birthdays(people: list[Customer], as_of: dt.date, horizon_days: int) -> list[dict]:
    """Return the birthdays from the day after as_of to as_of + horizon_days, by date."""
    end = as_of + dt.timedelta(days=horizon_days)
    out = []
    for person in people:
        born = person.birthday
        for year in range(as_of.year, end.year + 1) if born else ():
            day = born.on(year)
            if as_of < day <= end and (born.year is None or year >= born.year):
                age = None if born.year is None else year - born.year
                out.append({"customer": person.name, "date": day.isoformat(), "age": age})
    out.sort(key=lambda b: (b["date"], b["customer"]))
    return out


def combos(plan: Plan, acts: Activities, names: list[str], people: list[Customer]) -> list[dict]:
    """Return each customer-file customer a combo rule fits, with the products they lack."""
    held = _policies_held(acts, names, {p.name for p in people})
    out = []
    for person in people:
        for rule in plan.combos:
            if fits(rule, person, acts.as_of):
                missing = [p for p in rule.products if held.get((person.name, p), 0) <= 0]
                if missing:
                    out.append({"customer": person.name, "combo": rule.name, "missing": missing})
    return out


def fits(rule, person: Customer, as_of: dt.date) -> bool:
    """Tell whether every condition a combo rule gives holds for a customer."""
    if rule.age is not None:
        age = person.birthday.age_on(as_of) if person.birthday else None
        if age is None or not rule.age[0] <= age <= rule.age[1]:
            return False
    if rule.children is not None:
        if person.children is None or (person.children >= 1) != rule.children:
            return False
    return rule.tag is None or rule.tag in person.tags


def _policies_held(
    acts: Activities, names: list[str], wanted: set[str]
) -> dict[tuple[str, str], int]:
    """Return policy rows − cancel rows per (customer, product), any year up to as_of."""
    codes, products = acts.keys["product"]
    wanted_codes = [i for i, name in enumerate(names) if name in wanted]
    sign = np.where(acts.policy, 1, np.where(acts.cancel, -1, 0))
    rows = (sign != 0) & np.isin(acts.customer, wanted_codes)
    net = pd.Series(sign[rows]).groupby([acts.customer[rows], codes[rows]]).sum()
    return {(names[c], products[p]): int(n) for (c, p), n in net.items()}


def shown(actions: NextActions, privacy: Privacy) -> dict:
    """Return actions.json's lists with every name as the pages show it."""
    lists = actions.lists

    def named(items: list[dict]) -> list[dict]:
        return [item | {"customer": privacy.name(item["customer"])} for item in items]

    follow = [
        item
        | {
            "reasons": [privacy.text(r) for r in item["reasons"]],
            "last_outcome": _outcome(privacy, item["last_outcome"]),
        }
        for item in named(lists["follow_ups"])
    ]
    return lists | {
        "renewals": named(lists["renewals"]),
        "service": {t: s | {"due": named(s["due"])} for t, s in lists["service"].items()},
        "follow_ups": follow,
        "birthdays": named(lists["birthdays"]),
        "combos": [c | {"combo": privacy.text(c["combo"])} for c in named(lists["combos"])],
    }


def _outcome(privacy: Privacy, outcome: str | None) -> str | None:
    return outcome if outcome is None or outcome in OUTCOMES else privacy.text(outcome)
