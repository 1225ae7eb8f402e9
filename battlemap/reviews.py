"""Review pages: which weeks, months and quarters have one, and what each shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from battlemap import pages
from battlemap.activities import Activities
from battlemap.metrics import period_totals
from battlemap.pages import Inputs
from battlemap.periods import ReviewPeriod, review_periods
from battlemap.plan import QUARTERS, Plan
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

        return cls(acts.date, acts.type_codes(), acts.type_names(), cases(acts.policy), cases(lost))

    def span(self, period) -> tuple[int, int]:
        lo = int(np.searchsorted(self.dates, np.datetime64(period.start), side="left"))
        hi = int(np.searchsorted(self.dates, np.datetime64(period.end) + np.timedelta64(1, "D")))
        return lo, hi


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
        "figures": period_totals(acts, period.period),
        "m": _quarter_figures(inputs, period),
        "activities": sorted(
            (plan.type_label(k), int(n)) for k, n in zip(rows.type_names, counts, strict=True) if n
        ),
        "cadences": _cadence_windows(inputs, period),
        "won": rows.won.within(period.period),
        "lost": rows.lost.within(period.period),
        "note": render_markdown(privacy.text(note)) if note else None,
    }


def _quarter_figures(inputs: Inputs, period: ReviewPeriod) -> pages.Figures | None:
    """Return the quarter's figures in metrics.json for a review of a quarter of the plan's year.

    They are the figures the page computes for the period too (the same `period_totals`), so
    they carry their data-metric names.
    """
    start = period.period.start
    if period.kind != "quarter" or start.year != inputs.plan.year:
        return None
    return pages.Figures(inputs.metrics, f"quarters.Q{(start.month - 1) // 3 + 1}")


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


def _cadence_windows(inputs: Inputs, period: ReviewPeriod) -> list[dict]:
    """Return each cadence's windows that overlap the review period."""
    metrics, out = inputs.metrics, []
    scopes = [metrics["year"]["cadences"]] + [metrics["quarters"][q]["cadences"] for q in QUARTERS]
    start, end = period.period.start.isoformat(), period.period.end.isoformat()
    for cadences in scopes:
        for cad in cadences:
            windows = [w for w in cad["windows"] if w["start"] <= end and w["end"] >= start]
            if windows:
                out.append(
                    {
                        "label": cad["label"],
                        "count": cad["count"],
                        "per": cad["per"],
                        "windows": windows,
                    }
                )
    return out
