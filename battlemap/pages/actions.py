"""The next-actions page (actions.html): renewals, service, follow-ups, birthdays, combos."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

from battlemap import fmt
from battlemap.actions import STAGES, shown
from battlemap.pages.base import Context, Inputs, PageJob, key_label
from battlemap.plan import Plan
from battlemap.plan_schema import parse_per
from battlemap.vocab import OUTCOMES, TIERS, label


@dataclass(frozen=True)
class Renewal:
    index: int  # position in actions.json's renewals
    customer: str
    product: str  # label
    due: str
    days: int
    premium: float


@dataclass(frozen=True)
class RenewalStage:
    stage: str  # overdue | 30 | 60 | 90
    items: tuple[Renewal, ...]
    premium: float  # Σ premium at stake


@dataclass(frozen=True)
class ServiceDue:
    index: int
    customer: str
    last_contact: str | None


@dataclass(frozen=True)
class ServiceTier:
    tier: str
    label: str
    type_label: str
    per: str
    rule: str  # the rule in words: 每季度 1 次
    window_start: str | None
    window_end: str | None
    customers: int
    contacted: int
    due: tuple[ServiceDue, ...]


@dataclass(frozen=True)
class FollowUp:
    index: int
    customer: str
    last_contact: str
    days_since: int
    contacts: int
    outcome: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class BirthdayItem:
    index: int
    customer: str
    date: str
    age: int | None


@dataclass(frozen=True)
class ComboGap:
    index: int
    customer: str
    combo: str
    missing: tuple[str, ...]  # labels


@dataclass(frozen=True)
class ActionsView:
    """Everything actions.html shows; its repr is the page's values."""

    as_of: str
    horizon_start: str  # the day after as_of
    horizon_end: str | None  # None: actions turned off in the plan
    follow_up_days: int | None
    has_customer_file: bool
    renewals_on: bool
    renewal_count: int
    renewal_premium: float
    stages: tuple[RenewalStage, ...]  # only the stages with a renewal, overdue first
    service: tuple[ServiceTier, ...]
    service_due: int  # Σ due over the tiers
    follow_ups: tuple[FollowUp, ...]
    birthdays: tuple[BirthdayItem, ...]
    combos_on: bool
    combos: tuple[ComboGap, ...]


@dataclass(frozen=True)
class ActionsPage:
    """actions.html: what to do in the coming days (SPEC §7)."""

    page: ActionsView = field(metadata={"help": "every list of actions.json, names as shown"})


def actions_page(ctx: Context, inputs: Inputs) -> dict:
    """Return the actions page's values: every list of actions.json, names as shown."""
    plan, actions = inputs.plan, inputs.actions
    lists = shown(actions, inputs.privacy)
    return ActionsPage(
        page=actions_view(plan, lists, actions.has_customer_file),
    )


def actions_view(plan: Plan, lists: dict, has_customer_file: bool) -> ActionsView:
    """Return the page's view of actions.json's lists (names already as shown)."""
    days = plan.model.actions
    service = tuple(_tier(plan, tier, s) for tier, s in _in_tier_order(lists["service"]))
    as_of = dt.date.fromisoformat(lists["as_of"])
    return ActionsView(
        as_of=lists["as_of"],
        horizon_start=(as_of + dt.timedelta(days=1)).isoformat(),
        horizon_end=lists["horizon_end"],
        follow_up_days=None if days is None else days.follow_up_days,
        has_customer_file=has_customer_file,
        renewals_on=bool(plan.renewals.products),
        renewal_count=len(lists["renewals"]),
        renewal_premium=_total(r["premium"] for r in lists["renewals"]),
        stages=_stages(plan, lists["renewals"]),
        service=service,
        service_due=sum(len(t.due) for t in service),
        follow_ups=tuple(
            _follow_up(plan, lists["as_of"], i, f) for i, f in enumerate(lists["follow_ups"])
        ),
        birthdays=tuple(
            BirthdayItem(i, b["customer"], b["date"], b["age"])
            for i, b in enumerate(lists["birthdays"])
        ),
        combos_on=bool(plan.combos),
        combos=tuple(
            ComboGap(i, c["customer"], c["combo"], _labels(plan, c["missing"]))
            for i, c in enumerate(lists["combos"])
        ),
    )


def _total(amounts) -> float:
    """Return a sum of yuan amounts, added in whole cents."""
    return sum(round(a * 100) for a in amounts) / 100


def _labels(plan: Plan, products: list[str]) -> tuple[str, ...]:
    return tuple(key_label(plan, "product", p) for p in products)


def _stages(plan: Plan, renewals: list[dict]) -> tuple[RenewalStage, ...]:
    """Return the renewals grouped by stage, overdue first, with the premium at stake."""
    out = []
    for stage in ("overdue", *(s for _, s in STAGES)):
        items = tuple(
            Renewal(
                i,
                r["customer"],
                _labels(plan, [r["product"]])[0],
                r["due"],
                r["days"],
                r["premium"],
            )
            for i, r in enumerate(renewals)
            if r["stage"] == stage
        )
        if items:
            out.append(RenewalStage(stage, items, _total(r.premium for r in items)))
    return tuple(out)


def _in_tier_order(service: dict) -> list[tuple[str, dict]]:
    return [(tier, service[tier]) for tier in TIERS if tier in service]


def _tier(plan: Plan, tier: str, s: dict) -> ServiceTier:
    return ServiceTier(
        tier=tier,
        label=label(TIERS, tier, plan.locale),
        type_label=plan.type_label(s["type"]),
        per=s["per"],
        rule=fmt.cadence(1, s["per"], plan.locale),
        window_start=s["window_start"],
        window_end=s["window_end"],
        customers=s["customers"],
        contacted=s["contacted"],
        due=tuple(ServiceDue(i, d["customer"], d["last_contact"]) for i, d in enumerate(s["due"])),
    )


def _follow_up(plan: Plan, as_of: str, index: int, f: dict) -> FollowUp:
    outcome = f["last_outcome"] or ""
    return FollowUp(
        index=index,
        customer=f["customer"],
        last_contact=f["last_contact"],
        days_since=(dt.date.fromisoformat(as_of) - dt.date.fromisoformat(f["last_contact"])).days,
        contacts=f["contacts"],
        outcome=label(OUTCOMES, outcome, plan.locale) if outcome in OUTCOMES else outcome,
        reasons=tuple(f["reasons"]),
    )


@dataclass(frozen=True)
class ActionRules:
    """The plan's §7 keys as the plan page documents them."""

    service: tuple[tuple[str, str, str], ...]  # (tier label, type label, 每季度 1 次)
    renewals: tuple[str, ...]  # product labels
    combos: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, conditions, product labels)
    horizon_days: int | None
    follow_up_days: int | None


def action_rules(plan: Plan, words: dict[str, str]) -> ActionRules:
    """Return the plan's service, renewal, combo and horizon settings in the plan's words."""
    service = tuple(
        (
            label(TIERS, tier, plan.locale),
            plan.type_label(plan.type_id(rule.type) or ""),
            fmt.cadence(1, parse_per(rule.per).canonical, plan.locale),
        )
        for tier, rule in _in_tier_order(plan.service)
    )
    combos = []
    for rule in plan.combos:
        conditions = []
        if rule.age is not None:
            conditions.append(words["combo_age"].format(low=rule.age[0], high=rule.age[1]))
        if rule.children is not None:
            conditions.append(words["combo_children" if rule.children else "combo_no_children"])
        if rule.tag is not None:
            conditions.append(words["combo_tag"].format(tag=rule.tag))
        combos.append(
            (rule.name, words["list_separator"].join(conditions), _labels(plan, rule.products))
        )
    days = plan.model.actions
    return ActionRules(
        service=service,
        renewals=_labels(plan, plan.renewals.products),
        combos=tuple(combos),
        horizon_days=None if days is None else days.horizon_days,
        follow_up_days=None if days is None else days.follow_up_days,
    )


def jobs(ctx: Context, inputs: Inputs, shared) -> list[PageJob]:
    """Return the next-actions page, when the plan lists any actions."""
    if inputs.actions is None or not inputs.actions.lists:
        return []
    values = partial(actions_page, ctx, inputs)
    return [PageJob("actions.html", "actions.html", "", values, ctx.words["actions"], long=True)]
