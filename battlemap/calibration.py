"""Calibration and the reverse funnel (SPEC §6): last year against the plan, and the weekly
visits the rest of the year needs."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

from battlemap.messages import Message, msg
from battlemap.plan import Plan

LAST_YEAR_KEYS = (
    "premium_total",
    "new_business_premium",
    "renewal_premium",
    "policies",
    "avg_premium",
    "new_customers",
    "visits",
    "visits_per_policy",
    "repurchase_rate",
)
# baseline key -> last year's figure it is checked against
BASELINE_FIGURES = {
    "premium": "premium_total",
    "policies": "policies",
    "new_customers": "new_customers",
}
BASELINE_TOLERANCE = 0.05  # a larger |gap| is warned about
DAYS_PER_MONTH = Fraction(365, 12)  # a cadence window's nominal length


def calibration(plan: Plan, last_year: dict | None) -> dict:
    """Return metrics.json's `calibration`: last year's figures and the baseline against them."""
    baseline = {}
    for key, figure in BASELINE_FIGURES.items():
        planned = getattr(plan.baseline, key)
        logs = None if last_year is None else last_year[figure]
        gap = None if planned is None or not logs else (planned - logs) / logs
        baseline[key] = {"plan": planned, "logs": logs, "gap": gap}
    return {"last_year": last_year, "baseline": baseline}


def disagrees(row: dict) -> bool:
    """Tell whether a baseline and last year's logs differ by more than 5% (exactly, not in
    binary fractions: 1.05 against 1 is 5%, not 5.000000000000004%)."""
    if row["gap"] is None:
        return False
    gap = (_exact(row["plan"]) - _exact(row["logs"])) / _exact(row["logs"])
    return abs(gap) > _exact(BASELINE_TOLERANCE)


def baseline_warnings(plan: Plan, calibration_: dict) -> list[Message]:
    """Return a warning for each baseline that disagrees with last year's logs by over 5%."""
    return [
        msg(
            "baseline_off",
            where=plan.where(f"baseline.{key}"),
            key=key,
            plan=_plain(row["plan"]),
            year=plan.year - 1,
            logs=_plain(row["logs"]),
            gap=row["gap"],
        )  # fmt: skip
        for key, row in calibration_["baseline"].items()
        if disagrees(row)
    ]


def funnel(plan: Plan, year: dict, last_year: dict | None, as_of: dt.date) -> dict:
    """Return `year.funnel`: the policies and visits the premium still missing needs."""
    gap = None
    if year["premium_target"] is not None:
        gap = max(_exact(year["premium_target"]) - _exact(year["premium_total"]), Fraction(0))
    this_year = year["policies"] > 0
    avg_from = year if this_year else last_year
    avg = _avg_premium(avg_from)
    policies_needed = None
    if gap == 0:
        policies_needed = 0
    elif gap is not None and avg is not None and avg > 0:
        policies_needed = math.ceil(gap / avg)
    visits_from = year if this_year and year["visits"] > 0 else last_year
    per_policy = _visits_per_policy(visits_from)
    visits_needed = None
    if policies_needed is not None and per_policy is not None:
        visits_needed = math.ceil(policies_needed * per_policy)
    days_left = max((dt.date(plan.year, 12, 31) - as_of).days, 0)
    weekly = None
    if visits_needed is not None and days_left > 0:
        weekly = float(Fraction(visits_needed * 7, days_left))
    return {
        "premium_gap": None if gap is None else float(gap),
        "avg_premium_basis": None if avg_from is None else avg_from["avg_premium"],
        "policies_needed": policies_needed,
        "visits_per_policy_basis": None
        if visits_from is None
        else visits_from["visits_per_policy"],
        "visits_needed": visits_needed,
        "weeks_left": days_left / 7,
        "weekly_visits_needed": weekly,
        "weekly_visits_planned": weekly_visits_planned(plan, as_of + dt.timedelta(days=1)),
    }


def weekly_visits_planned(plan: Plan, day: dt.date) -> float | None:
    """Return the visits a week the plan's visit cadences in force on a day ask for."""
    if day.year != plan.year:
        return None
    quarter = f"Q{(day.month - 1) // 3 + 1}"
    total, found = Fraction(0), False
    for cadence, window, type_id in zip(
        plan.model.cadences, plan.windows, plan.cadence_types, strict=True
    ):
        if type_id == "visit" and cadence.quarter in (None, quarter):
            nominal = window.days or window.months * DAYS_PER_MONTH
            total += Fraction(cadence.count * 7) / nominal
            found = True
    return float(total) if found else None


def _plain(value: float) -> str:
    """Return a figure as the plan writes it: 820,000, 302,200.5, 0.9."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _exact(value: float) -> Fraction:
    """Return a figure of metrics.json (yuan, at most cents) as an exact fraction."""
    return Fraction(Decimal(repr(value)))


def _avg_premium(figures: dict | None) -> Fraction | None:
    if figures is None or not figures["policies"]:
        return None
    return _exact(figures["new_business_premium"]) / figures["policies"]


def _visits_per_policy(figures: dict | None) -> Fraction | None:
    if figures is None or not figures["policies"]:
        return None
    return Fraction(figures["visits"], figures["policies"])
