"""Review pages: which weeks, months and quarters have one, and what each shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from battlemap import fmt, pages
from battlemap.activities import Activities
from battlemap.metrics import period_totals
from battlemap.pages import Inputs
from battlemap.periods import ReviewPeriod, review_periods
from battlemap.plan import QUARTERS, Plan
from battlemap.plan_schema import parse_per
from battlemap.privacy import Privacy
from battlemap.text import render_markdown
from battlemap.vocab import CHANNELS, OUTCOMES, label


def periods_of(inputs: Inputs) -> list[ReviewPeriod]:
    """Return every week, month and quarter of the year with a row or a note."""
    return periods_with(inputs.acts, inputs.plan, set(inputs.notes))


def periods_with(acts: Activities, plan: Plan, note_names: set[str]) -> list[ReviewPeriod]:
    """Return every week, month and quarter of the plan's year with a row, or with a note."""
    in_year = acts.date[
        (acts.date >= np.datetime64(dt.date(plan.year, 1, 1)))
        & (acts.date <= np.datetime64(dt.date(plan.year, 12, 31)))
    ]
    days = sorted({d.astype("datetime64[D]").item() for d in np.unique(in_year)})
    return review_periods(days, note_names)


@dataclass(frozen=True)
class Cases:
    """Policies won or prospects lost, in date order, to be cut by period."""

    dates: np.ndarray
    cases: list[dict]

    def within(self, period) -> list[dict]:
        lo = np.searchsorted(self.dates, np.datetime64(period.start), side="left")
        hi = np.searchsorted(self.dates, np.datetime64(period.end) + np.timedelta64(1, "D"))
        return self.cases[lo:hi]


@dataclass(frozen=True)
class ReviewRows:
    """The rows review pages list, read once: cases by date, activity counts by type."""

    dates: np.ndarray  # datetime64 of every row, ascending
    type_codes: np.ndarray
    type_names: list[str]
    won: Cases
    lost: Cases
    cancels: Cases

    @classmethod
    def read(cls, inputs: Inputs) -> ReviewRows:
        acts, plan, privacy = inputs.acts, inputs.plan, inputs.privacy
        rows = acts.rows
        lost = (acts.of_type("visit") | acts.of_type("call")) & (
            rows["outcome"] == "lost"
        ).to_numpy()

        def cases(mask: np.ndarray) -> Cases:
            records = rows[mask].to_dict("records")
            return Cases(acts.date[mask], [_case(plan, privacy, r) for r in records])

        return cls(
            acts.date,
            acts.type_codes(),
            acts.type_names(),
            cases(acts.policy),
            cases(lost),
            cases(acts.cancel),
        )

    def span(self, period) -> tuple[int, int]:
        lo = int(np.searchsorted(self.dates, np.datetime64(period.start), side="left"))
        hi = int(np.searchsorted(self.dates, np.datetime64(period.end) + np.timedelta64(1, "D")))
        return lo, hi


FACTS = (
    ("premium_total", "money"),
    ("new_business_premium", "money"),
    ("policies", "number"),
    ("new_customers", "number"),
    ("visits", "number"),
    ("visits_per_policy", "number"),
)


def review_page(ctx: pages.Context, inputs: Inputs, period: ReviewPeriod, rows: ReviewRows):
    acts, plan, privacy = inputs.acts, inputs.plan, inputs.privacy
    lo, hi = rows.span(period.period)
    counts = np.bincount(
        rows.type_codes[lo:hi], weights=acts.count[lo:hi], minlength=len(rows.type_names)
    )
    note = inputs.notes.get(period.note_name)
    return {
        "period": period,
        "title": period.title(plan.locale),
        "facts": _facts(inputs, period),
        "activities": sorted(
            (plan.type_label(k), int(n)) for k, n in zip(rows.type_names, counts, strict=True) if n
        ),
        "cadences": _cadence_windows(ctx, inputs, period),
        "won": rows.won.within(period.period),
        "lost": rows.lost.within(period.period),
        "cancels": rows.cancels.within(period.period),
        "note": render_markdown(privacy.numbers(note)) if note else None,
    }


def _facts(inputs: Inputs, period: ReviewPeriod) -> list[tuple[str, pages.Metric]]:
    """Return the period's figures: a quarter's as metrics.json names them, else computed.

    A quarter of the plan's year is in metrics.json and its figures carry their data-metric
    names (they are the same `period_totals`); a week's or a month's are computed here.
    """
    start = period.period.start
    if period.kind == "quarter" and start.year == inputs.plan.year:
        m = pages.Figures(inputs.metrics, f"quarters.Q{(start.month - 1) // 3 + 1}")
        return [(key, m(key, kind)) for key, kind in FACTS]
    figures = period_totals(inputs.acts, period.period)
    void = figures["policies"] <= 0  # cancels outnumber policies: no ratio over policies
    return [
        (key, pages.Metric(None, figures[key], kind, void and key in pages.PER_POLICY))
        for key, kind in FACTS
    ]


def _case(plan: Plan, privacy: Privacy, row: dict) -> dict:
    return {
        "date": row["date"].date().isoformat(),
        "customer": privacy.name(str(row["customer"])),
        "type": plan.type_label(str(row["type"])),
        "product": label(plan.products, row["product"], plan.locale) if row["product"] else "",
        "channel": label(CHANNELS, row["channel"], plan.locale) if row["channel"] else "",
        "premium": row["premium"] / 100 if row["premium"] >= 0 else None,
        "reason": privacy.text(str(row["reason"])),
        "note": privacy.text(str(row["note"])),
        "outcome": label(OUTCOMES, row["outcome"], plan.locale) if row["outcome"] else "",
    }


def _cadence_windows(ctx: pages.Context, inputs: Inputs, review: ReviewPeriod) -> list[dict]:
    """Return each cadence whose windows overlap the review period, with the period's own count.

    `prorated` is the requirement for the period: each overlapping window's requirement × the
    days of it inside the period (and the cadence's span) ÷ its days, summed; `done` counts
    the period's rows of the cadence's type within the span.
    """
    metrics, acts, period = inputs.metrics, inputs.acts, review.period
    scopes = [metrics["year"]["cadences"]] + [metrics["quarters"][q]["cadences"] for q in QUARTERS]
    start, end = period.start.isoformat(), period.end.isoformat()
    out = []
    for cad in (c for cadences in scopes for c in cadences):
        windows = [w for w in cad["windows"] if w["start"] <= end and w["end"] >= start]
        if not windows:
            continue
        lo = max(period.start, dt.date.fromisoformat(cad["windows"][0]["start"]))
        hi = min(period.end, dt.date.fromisoformat(cad["windows"][-1]["end"]))
        prorated = round(sum(w["required"] * _share_inside(w, lo, hi) for w in windows), 6)
        done = _done(acts, cad["type"], lo, hi)
        state = "met" if done >= prorated else "missed"
        if hi > acts.as_of:
            state = "future" if lo > acts.as_of else "pending"
        if _longer(cad["per"], period):
            state = ""  # a share of a month's requirement in a week is a guide, not a verdict
        out.append(
            {
                "label": cad["label"],
                "rule": fmt.cadence(cad["count"], cad["per"], ctx.locale),
                "done": done,
                "prorated": prorated,
                "state": state,
                "windows": [w | {"status": pages.window_status(w, acts.as_of)} for w in windows],
            }
        )
    return out


def _longer(per: str, period) -> bool:
    """Tell whether a cadence's window is longer than a period (a month's in a week)."""
    window = parse_per(per)
    return window is not None and max(window.days, 28 * window.months) > period.days


def _share_inside(window: dict, lo: dt.date, hi: dt.date) -> float:
    """Return the share of a window's days that fall within lo … hi."""
    start, end = dt.date.fromisoformat(window["start"]), dt.date.fromisoformat(window["end"])
    inside = (min(end, hi) - max(start, lo)).days + 1
    return max(inside, 0) / ((end - start).days + 1)


def _done(acts, kind: str, lo: dt.date, hi: dt.date) -> int:
    """Return Σ count of a type's rows dated lo … hi."""
    dates, counts = acts.dated(kind)
    first = np.searchsorted(dates, np.datetime64(lo), side="left")
    after = np.searchsorted(dates, np.datetime64(hi) + np.timedelta64(1, "D"), side="left")
    return int(counts[after] - counts[first])
