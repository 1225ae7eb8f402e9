"""Stage 3: every figure of SPEC §4, for the year and each quarter, as one JSON-ready dict."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from battlemap.activities import Activities
from battlemap.cadence import compute_cadences
from battlemap.calibration import LAST_YEAR_KEYS, calibration, funnel
from battlemap.errors import InputError, UsageError
from battlemap.logs import LogSet
from battlemap.messages import msg
from battlemap.plan import QUARTERS, Plan, _quarter_share
from battlemap.spans import Period, quarter_period, year_period

MIX_DIMENSIONS = ("product", "channel", "tier")
SHARE_TARGETS = ("new_business_share", "referral_customer_share", "renewal_share")


def ratio(numerator, denominator) -> float | None:
    """Return numerator / denominator, or None for a zero denominator."""
    return None if not denominator else float(numerator) / float(denominator)


def compute_metrics(plan: Plan, logs: LogSet, as_of: dt.date | None = None) -> dict:
    """Return every figure of SPEC §4 in the shape of metrics.json."""
    return measure(plan, logs, as_of)[0]


def measure(
    plan: Plan, logs: LogSet, as_of: dt.date | None = None, targets: dict | None = None
) -> tuple[dict, Activities]:
    """Return metrics.json's figures and the activities they were computed from.

    `targets` overrides the plan's annual targets (a team's are its agents' sums, §9).
    """
    year = year_period(plan.year)
    if as_of is not None and as_of.year != plan.year:
        raise UsageError(msg("as_of_outside", as_of=as_of.isoformat(), year=plan.year))
    as_of = as_of or latest_date(logs.rows, plan.year)
    acts = Activities(logs.rows, plan, as_of)
    in_year = acts.mask(year)
    keys = {dim: _mix_keys(plan, acts, dim, in_year) for dim in MIX_DIMENSIONS}
    targets = targets or annual_targets(plan)
    result_year = period_totals(acts, year) | targets
    result_year |= {f"{k}_target": getattr(plan.targets, k) for k in SHARE_TARGETS}
    result_year |= _progress(result_year)
    result_year |= _pace(plan, result_year, as_of)
    result_year["cadences"] = compute_cadences(plan, acts, year, None, as_of)
    last_year = last_year_figures(plan, logs)
    result_year["funnel"] = funnel(plan, result_year, last_year, as_of)
    quarters = {}
    for q in QUARTERS:
        period = quarter_period(plan.year, q)
        in_q = acts.mask(period)
        figures = {"name": plan.quarter_name(q)} | period_totals(acts, period)
        figures |= _quarter_targets(plan, q, targets)
        figures |= _progress(figures)
        figures["pace"] = _quarter_pace(figures, period, as_of)
        figures["cadences"] = compute_cadences(plan, acts, period, q, as_of)
        figures["mix"] = {dim: _mix(plan, acts, dim, keys[dim], in_q) for dim in MIX_DIMENSIONS}
        quarters[q] = figures
    metrics = {
        "meta": {
            "year": plan.year,
            "as_of": as_of.isoformat(),
            "agent": plan.agent,
            "locale": plan.locale,
            "rows": len(logs.rows),
            "merged_rows": logs.merged_rows,
            "skipped_rows": logs.skipped_rows,
        },
        "year": result_year,
        "mix": {dim: _mix(plan, acts, dim, keys[dim], in_year) for dim in MIX_DIMENSIONS},
        "quarters": quarters,
        "calibration": calibration(plan, last_year),
    }
    return metrics, acts


def last_year_figures(plan: Plan, logs: LogSet) -> dict | None:
    """Return the §4 figures of the year before the plan's, from all of its rows (§6).

    as_of does not cut it: its new customers and repurchases look at the rows up to its end.
    None when no row is dated in that year.
    """
    period = year_period(plan.year - 1)
    dates = logs.rows["date"]
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    if not ((dates >= start) & (dates <= end)).any():
        return None
    figures = period_totals(Activities(logs.rows, plan, period.end), period)
    return {"year": period.start.year} | {key: figures[key] for key in LAST_YEAR_KEYS}


def latest_date(rows: pd.DataFrame, plan_year: int) -> dt.date:
    """Return the latest row date in the plan's year (the default as_of)."""
    dates = rows["date"][(rows["date"].dt.year == plan_year)]
    if dates.empty:
        raise InputError(msg("no_row_in_year", year=plan_year))
    return dates.max().date()


def period_totals(acts: Activities, period: Period) -> dict:
    mask = acts.mask(period)
    nb = int(acts.nb_cents[mask].sum())
    renewal = int(acts.renewal_cents[mask].sum())
    total = nb + renewal
    policies = int(acts.policy[mask].sum() - acts.cancel[mask].sum())
    visits = int(acts.visit_count[mask].sum())
    first = acts.first_policy
    in_period = (first >= np.datetime64(period.start)) & (first <= np.datetime64(period.end))
    new_customers = int(in_period.sum())
    referral = int((in_period & acts.referral_first).sum())
    buyers = np.unique(acts.customer[mask & acts.policy])
    repeat = int((acts.policy_rows[buyers] >= 2).sum())
    return {
        "premium_total": total / 100,
        "new_business_premium": nb / 100,
        "renewal_premium": renewal / 100,
        "policies": policies,
        "avg_premium": ratio(nb / 100, policies),
        "new_customers": new_customers,
        "referral_new_customers": referral,
        "referral_customer_share": ratio(referral, new_customers),
        "new_business_share": ratio(nb, total),
        "renewal_share": ratio(renewal, total),
        "visits": visits,
        "visits_per_policy": ratio(visits, policies),
        "repurchase_rate": ratio(repeat, len(buyers)),
    }


def annual_targets(plan: Plan) -> dict:
    """Return the plan's annual premium, policies and new-customer targets (counts rounded)."""

    def target(key: str) -> Decimal | None:
        spec = getattr(plan.targets, key)
        if spec is None:
            return None
        if spec.amount is not None:
            return _dec(spec.amount)
        return _dec(getattr(plan.baseline, key)) * (1 + _dec(spec.growth))

    premium = target("premium")
    counts = {k: target(k) for k in ("policies", "new_customers")}
    rounded = {
        k: None if v is None else int(v.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for k, v in counts.items()
    }
    return {
        "premium_target": None if premium is None else float(premium),
        "policies_target": rounded["policies"],
        "new_customers_target": rounded["new_customers"],
    }


def _quarter_targets(plan: Plan, q: str, annual: dict) -> dict:
    def part(key: str, share_key: str) -> float | None:
        value = annual[key]
        share = _quarter_share(plan.model, q, share_key)
        return None if value is None else float(_dec(value) * _dec(share))

    quarter = getattr(plan.quarters, q)
    shares = {
        f"{k}_target": getattr(quarter, k)
        if getattr(quarter, k) is not None
        else getattr(plan.targets, k)
        for k in SHARE_TARGETS
    }
    return {
        "premium_target": part("premium_target", "premium_share"),
        "policies_target": part("policies_target", "policies_share"),
        "new_customers_target": part("new_customers_target", "new_customer_share"),
    } | shares


def _progress(figures: dict) -> dict:
    return {
        "premium_progress": ratio(figures["premium_total"], figures["premium_target"]),
        "policies_progress": ratio(figures["policies"], figures["policies_target"]),
        "new_customers_progress": ratio(figures["new_customers"], figures["new_customers_target"]),
    }


def expected_progress(plan: Plan, as_of: dt.date) -> float:
    """Return the share of the annual premium the quarter-weighted plan expects by as_of."""
    expected = Decimal(0)
    for q in QUARTERS:
        period = quarter_period(plan.year, q)
        share = _dec(_quarter_share(plan.model, q, "premium_share"))
        if as_of >= period.end:
            expected += share
        elif as_of >= period.start:
            expected += share * Decimal((as_of - period.start).days + 1) / Decimal(period.days)
    return float(expected)


def _pace(plan: Plan, year: dict, as_of: dt.date) -> dict:
    expected = expected_progress(plan, as_of)
    progress = year["premium_progress"]
    target = year["premium_target"]
    days_left = (dt.date(plan.year, 12, 31) - as_of).days
    weekly = None
    if target is not None and days_left > 0:
        weekly = max(target - year["premium_total"], 0) / (days_left / 7)
    return {
        "expected_progress": expected,
        "on_track": None if progress is None else progress >= expected,
        "projected_premium": ratio(year["premium_total"], expected),
        "required_weekly_premium": weekly,
    }


def _quarter_pace(figures: dict, period: Period, as_of: dt.date) -> dict:
    """Return a quarter's own pace: the share of its days gone, and what the rest needs.

    `expected_progress` = days of the quarter up to and including as_of ÷ its days (0 before
    it, 1 after it); `on_track` is null before the quarter starts; `premium_gap` = what is
    left of its target; `required_weekly_premium` = the gap ÷ the weeks left in it (all of
    its weeks before it starts), null once no day is left.
    """
    elapsed = min(max((as_of - period.start).days + 1, 0), period.days)
    expected = elapsed / period.days
    progress, target = figures["premium_progress"], figures["premium_target"]
    gap = None if target is None else max(target - figures["premium_total"], 0)
    days_left = period.days - elapsed
    return {
        "expected_progress": expected,
        "on_track": None if progress is None or elapsed == 0 else progress >= expected,
        "premium_gap": gap,
        "required_weekly_premium": None if gap is None or not days_left else gap / (days_left / 7),
    }


def _mix_keys(plan: Plan, acts: Activities, dim: str, in_year: np.ndarray) -> list[str]:
    planned = list(getattr(plan.mix, dim) or {})
    codes, names = acts.keys[dim]
    used = np.unique(codes[in_year & (acts.policy | acts.cancel)])
    seen = sorted({names[c] for c in used} - set(planned))
    return planned + seen


def _mix(plan: Plan, acts: Activities, dim: str, keys: list[str], mask: np.ndarray) -> dict:
    planned = getattr(plan.mix, dim) or {}
    nb_rows = mask & (acts.policy | acts.cancel)
    codes, names = acts.keys[dim]
    cents = acts.nb_cents[nb_rows]
    total = int(cents.sum())
    sums = np.bincount(codes[nb_rows], weights=cents, minlength=len(names))
    by_key = {name: int(round(sums[i])) for i, name in enumerate(names)}
    return {
        key: {"actual": ratio(by_key.get(key, 0), total), "target": planned.get(key)}
        for key in keys
    }


def _dec(value) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
