"""The prospects page (prospects.html): visited or called, no policy, oldest contact first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

from battlemap.activities import Activities
from battlemap.pages.base import Context, Inputs, PageJob
from battlemap.vocab import OUTCOMES, label


@dataclass(frozen=True)
class Prospect:
    """A customer visited or called who has no policy, as the page lists them."""

    customer: str  # as published (masked unless names are shown)
    last_contact: str  # ISO date
    contacts: int  # Σ count of the visits and calls
    days_since: int  # from the last contact to the as-of day
    reasons: list[str]  # the reasons given, first given first
    outcome: str  # the last contact's outcome, labelled


def prospects(acts: Activities, privacy, as_of: dt.date, locale: str) -> list[Prospect]:
    """Return customers visited or called who have no policy, oldest last contact first."""
    rows = acts.rows
    contact = acts.of_type("visit") | acts.of_type("call")
    no_policy = acts.policy_rows[acts.customer] == 0
    picked = rows[contact & no_policy & (rows["customer"] != "").to_numpy()]
    seen: dict[str, dict] = {}  # rows come sorted by date: the last one seen is the latest
    columns = ("customer", "date", "count", "reason", "outcome")
    for customer, date, count, reason, outcome in zip(
        *(picked[c].to_numpy() for c in columns), strict=True
    ):
        entry = seen.setdefault(customer, {"contacts": 0, "reasons": {}})
        entry["contacts"] += int(count)
        entry["last"], entry["outcome"] = date, outcome
        if reason:
            entry["reasons"][reason] = True
    out = []
    for customer in sorted(seen):
        entry = seen[customer]
        last = entry["last"].astype("datetime64[D]").item()
        out.append(
            Prospect(
                customer=privacy.name(str(customer)),
                last_contact=last.isoformat(),
                contacts=entry["contacts"],
                days_since=(as_of - last).days,
                reasons=[privacy.text(str(r)) for r in entry["reasons"]],
                outcome=label(OUTCOMES, str(entry["outcome"]), locale),
            )
        )
    out.sort(key=lambda p: (p.last_contact, p.customer))
    return out


@dataclass(frozen=True)
class ProspectsPage:
    """prospects.html: customers visited or called with no policy."""

    prospects: list[Prospect] = field(
        metadata={"help": "oldest last contact first: last contact, contacts, reasons"}
    )


def prospects_page(inputs: Inputs) -> dict:
    """Return the prospects page's values."""
    acts = inputs.acts
    return ProspectsPage(
        prospects=prospects(acts, inputs.privacy, acts.as_of, inputs.plan.locale),
    )


def jobs(ctx: Context, inputs: Inputs, shared) -> list[PageJob]:
    """Return the prospects page."""
    values = partial(prospects_page, inputs)
    return [
        PageJob("prospects.html", "prospects.html", "", values, ctx.words["prospects"], long=True)
    ]
