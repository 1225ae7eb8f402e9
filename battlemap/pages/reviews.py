"""The review pages (reviews/…): one per ISO week, month and quarter, and their index."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial

import numpy as np
import pandas as pd

from battlemap import fmt
from battlemap.activities import Activities
from battlemap.metrics import period_totals
from battlemap.pages.base import PER_POLICY, Context, Figures, Inputs, Metric, PageJob
from battlemap.pages.figures import window_status
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


_CASE_COLUMNS = (
    *("date", "customer", "type", "product", "channel", "premium", "reason", "note", "outcome"),
)


def _span(dates: np.ndarray, period) -> tuple[int, int]:
    """Return the first and past-the-last index of a period's dates in sorted dates."""
    lo = int(np.searchsorted(dates, np.datetime64(period.start), side="left"))
    hi = int(np.searchsorted(dates, np.datetime64(period.end) + np.timedelta64(1, "D")))
    return lo, hi


_NAN = float("nan")  # one NaN, so that rows holding it are equal as memo keys


class _Coded:
    """A categorical column's values by row position, read one at a time (as tolist() gives
    them: the category, NaN where there is none)."""

    def __init__(self, series: pd.Series, at: np.ndarray) -> None:
        self._codes = series.cat.codes.to_numpy()[at]
        self._index = series.cat.categories
        self._categories: list | None = None

    def __getitem__(self, i: int):
        code = self._codes[i]
        if self._categories is None:  # on first use: most pages reuse what they showed
            self._categories = _listed(self._index)
        return self._categories[code] if code >= 0 else _NAN


_LISTED: dict[int, tuple[pd.Index, list]] = {}  # id -> (categories, as a list)


def _listed(categories: pd.Index) -> list:
    """Return categories.tolist(), once per categories (a team's: 100,000 notes, shared by
    the won, lost and cancel cases, and by builds while no note is added)."""
    kept = _LISTED.get(id(categories))
    if kept is None or kept[0] is not categories:
        if len(_LISTED) >= 32:
            _LISTED.clear()
        kept = _LISTED[id(categories)] = (categories, categories.tolist())
    return kept[1]


def _cells(series: pd.Series, at: np.ndarray):
    """Return a column's values at some rows, by position among them, without making them
    all into objects."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _Coded(series, at)
    if series.dtype.kind == "M":
        return series.to_numpy()[at].astype("datetime64[D]")  # .item() of one: a datetime.date
    return series.iloc[at].tolist()


SHOWN_CASES = 200  # a longer list is unreadable on a phone: a table shows this many at most


@dataclass(frozen=True)
class Case:
    """A policy won, a prospect lost or a cancel, as a review page lists it (labelled)."""

    date: str  # ISO date
    customer: str  # as published (masked unless names are shown)
    type: str
    product: str
    channel: str
    premium: float | None  # yuan; None when the row has none
    reason: str
    note: str
    outcome: str


class Cases:
    """Policies won, prospects lost or cancels, in date order, to be cut by period.

    A case's row becomes what a page shows only when a page shows it: a team's quarter may
    hold tens of thousands of cases, of which its page lists SHOWN_CASES.
    """

    def __init__(
        self,
        dates: np.ndarray,
        rows: pd.DataFrame,
        at: np.ndarray,
        make: Callable[[dict], Case],
        memo: CaseMemo,
    ):
        self.dates = dates[at]
        self._memo = memo
        self._columns = {c: _cells(rows[c], at) for c in _CASE_COLUMNS}
        self._premium = rows["premium"].to_numpy()[at]
        self._make = make
        self._made: dict[int, Case] = {}

    def within(self, period, largest: bool = False) -> tuple[list[Case], int]:
        """Return a period's cases (SHOWN_CASES at most, in date order) and how many it has.

        When it has more, the shown are the latest, or with `largest` the largest premiums
        (the earlier first among equal ones).
        """
        lo, hi = _span(self.dates, period)
        index = list(range(lo, hi))
        if len(index) > SHOWN_CASES and largest:
            order = np.argsort(-self._premium[lo:hi], kind="stable")[:SHOWN_CASES]
            index = sorted(lo + int(i) for i in order)
        elif len(index) > SHOWN_CASES:
            index = index[-SHOWN_CASES:]
        todo = [i for i in index if i not in self._made]
        if todo:
            columns, made, memo = self._columns.items(), self._made, self._memo
            for i in todo:
                made[i] = memo.get({c: v[i] for c, v in columns}, self._make)
        return [self._made[i] for i in index], hi - lo


@dataclass
class CaseMemo:
    """Cases made by earlier builds (`serve`): a row's case, and the filter it was made under.

    A case holds while the plan's words are the same and it was made under this build's
    privacy filter, or under the one this filter inherited from and its reason and note name
    none of the customers added since (the rows of a case name its customer as the old filter
    did: inheriting means every known name is shown alike).
    """

    words: str = ""
    cases: dict[tuple, tuple[str, Case]] = field(default_factory=dict)  # row -> (filter, case)
    privacy: Privacy | None = None

    def under(self, words: str, privacy: Privacy) -> CaseMemo:
        """Return the memo for these words and this filter (emptied when words change)."""
        if words != self.words or len(self.cases) > _KEPT_CASES:
            self.words, self.cases = words, {}
        self.privacy = privacy
        return self

    def get(self, row: dict, make: Callable[[dict], Case]) -> Case:
        """Return a row's case, made again unless it still holds."""
        key, privacy = tuple(row.values()), self.privacy
        assert privacy is not None
        kept, now = self.cases.get(key), privacy.key
        holds = kept is not None and (
            kept[0] == now
            or kept[0] == privacy.base_key
            and not any(privacy.names_added(str(row[c])) for c in ("reason", "note"))
        )
        case = kept[1] if holds else make(row)  # type: ignore[index]
        self.cases[key] = (now, case)
        return case


_KEPT_CASES = 500_000


def _hash_sums(rows: pd.DataFrame) -> np.ndarray:
    """Return Σ of the rows' hashes before each row: every value but the file it came from
    and a team's customer_id (agent and customer say it; its ids move as customers come)."""
    columns = [c for c in rows.columns if c not in ("file", "customer_id")]
    hashed = pd.util.hash_pandas_object(rows[columns], index=False).to_numpy(np.uint64)
    return np.concatenate([np.zeros(1, np.uint64), np.cumsum(hashed, dtype=np.uint64)])


@dataclass(frozen=True)
class ReviewRows:
    """The rows review pages list, read once: cases by date, activity counts by type."""

    dates: np.ndarray  # datetime64 of every row, ascending
    type_codes: np.ndarray
    type_names: list[str]
    won: Cases
    lost: Cases
    cancels: Cases
    rows: pd.DataFrame = field(repr=False)

    @cached_property
    def hashes(self) -> np.ndarray:
        """Σ of the rows' hashes before each row (uint64, wrapping), and of all of them."""
        return _hash_sums(self.rows)

    @classmethod
    def read(cls, inputs: Inputs, memo: CaseMemo | None = None) -> ReviewRows:
        """Read the rows; with a memo (serve's), a case made before is not made again."""
        acts, plan, privacy = inputs.acts, inputs.plan, inputs.privacy
        words = repr((plan.locale, plan.products, plan.types))
        memo = (memo or CaseMemo()).under(words, privacy)
        rows = acts.rows
        lost = (acts.of_type("visit") | acts.of_type("call")) & (
            rows["outcome"] == "lost"
        ).to_numpy()

        def cases(mask: np.ndarray) -> Cases:
            at = np.flatnonzero(mask)
            return Cases(acts.date, rows, at, partial(_case, plan, privacy), memo)

        return cls(
            acts.date,
            acts.type_codes(),
            acts.type_names(),
            cases(acts.policy),
            cases(lost),
            cases(acts.cancel),
            rows,
        )

    def digest(self, period) -> str:
        """Identify a period's rows (any value of any of them changed gives another)."""
        lo, hi = self.span(period)
        return f"{hi - lo}.{int((self.hashes[hi : hi + 1] - self.hashes[lo : lo + 1])[0])}"

    def span(self, period) -> tuple[int, int]:
        return _span(self.dates, period)


FACTS = (
    ("premium_total", "money"),
    ("new_business_premium", "money"),
    ("policies", "number"),
    ("new_customers", "number"),
    ("visits", "number"),
    ("visits_per_policy", "number"),
)


@dataclass(frozen=True)
class ReviewPage:
    """reviews/<slug>.html: a week's, month's or quarter's review."""

    period: ReviewPeriod = field(metadata={"help": "the week, month or quarter"})
    title: str = field(metadata={"help": "the period's name in the plan's locale"})
    facts: list = field(metadata={"help": "(label, Metric) of the period's figures"})
    activities: list[tuple[str, int]] = field(
        metadata={"help": "(type label, Σ count) of the period's activities"}
    )
    cadences: list[dict] = field(
        metadata={"help": "each cadence's windows overlapping the period, with its prorated count"}
    )
    won: list[Case] = field(
        metadata={"help": "policies won (success cases); the largest when there are many"}
    )
    lost: list[Case] = field(
        metadata={"help": "prospects lost, with reasons (failure cases); the latest of many"}
    )
    cancels: list[Case] = field(metadata={"help": "cancels dated in the period; the latest"})
    counts: dict[str, int] = field(
        metadata={"help": "how many won, lost and cancels the period has, shown or not"}
    )
    note: str | None = field(
        metadata={"help": "the period's note from content/reviews/, as safe HTML"}
    )


def review_page(ctx: Context, inputs: Inputs, period: ReviewPeriod, rows: ReviewRows):
    acts, plan, privacy = inputs.acts, inputs.plan, inputs.privacy
    lo, hi = rows.span(period.period)
    counts = np.bincount(
        rows.type_codes[lo:hi], weights=acts.count[lo:hi], minlength=len(rows.type_names)
    )
    note = inputs.notes.get(period.note_name)
    won, n_won = rows.won.within(period.period, largest=True)
    lost, n_lost = rows.lost.within(period.period)
    cancels, n_cancels = rows.cancels.within(period.period)
    return ReviewPage(
        period=period,
        title=period.title(plan.locale),
        facts=_facts(inputs, period),
        activities=sorted(
            (plan.type_label(k), int(n)) for k, n in zip(rows.type_names, counts, strict=True) if n
        ),
        cadences=_cadence_windows(ctx, inputs, period),
        won=won,
        lost=lost,
        cancels=cancels,
        counts={"won": n_won, "lost": n_lost, "cancels": n_cancels},
        note=render_markdown(privacy.numbers(note)) if note else None,
    )


def _facts(inputs: Inputs, period: ReviewPeriod) -> list[tuple[str, Metric]]:
    """Return the period's figures: a quarter's as metrics.json names them, else computed.

    A quarter of the plan's year is in metrics.json and its figures carry their data-metric
    names (they are the same `period_totals`); a week's or a month's are computed here.
    """
    start = period.period.start
    if period.kind == "quarter" and start.year == inputs.plan.year:
        m = Figures(inputs.metrics, f"quarters.Q{(start.month - 1) // 3 + 1}")
        return [(key, m(key, kind)) for key, kind in FACTS]
    figures = period_totals(inputs.acts, period.period)
    void = figures["policies"] <= 0  # cancels outnumber policies: no ratio over policies
    return [
        (key, Metric(None, figures[key], kind, void and key in PER_POLICY)) for key, kind in FACTS
    ]


def _case(plan: Plan, privacy: Privacy, row: dict) -> Case:
    return Case(
        date=row["date"].item().isoformat(),
        customer=privacy.name(str(row["customer"])),
        type=plan.type_label(str(row["type"])),
        product=label(plan.products, row["product"], plan.locale) if row["product"] else "",
        channel=label(CHANNELS, row["channel"], plan.locale) if row["channel"] else "",
        premium=row["premium"] / 100 if row["premium"] >= 0 else None,
        reason=privacy.text(str(row["reason"])),
        note=privacy.text(str(row["note"])),
        outcome=label(OUTCOMES, row["outcome"], plan.locale) if row["outcome"] else "",
    )


def _cadence_windows(ctx: Context, inputs: Inputs, review: ReviewPeriod) -> list[dict]:
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
                "windows": [w | {"status": window_status(w, acts.as_of)} for w in windows],
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


@dataclass(frozen=True)
class ReviewsIndexPage:
    """reviews/index.html: every review page, the newest first."""

    periods: list[ReviewPeriod] = field(metadata={"help": "every review period, newest first"})
    noted: list[str] = field(metadata={"help": "the slugs of the periods that have a note"})


def jobs(ctx: Context, inputs: Inputs, shared) -> list[PageJob]:
    """Return the reviews index and a review page per period with a row or a note.

    A review page depends on its period and its note beyond the build's inputs, the index on
    the periods and which of them have notes.
    """
    periods = shared.periods

    def review(period: ReviewPeriod) -> dict:
        return review_page(ctx, inputs, period, shared.review_rows())

    def note(period: ReviewPeriod) -> str:
        return inputs.notes.get(period.note_name, "")

    noted = [p.slug for p in periods if p.note_name in inputs.notes]
    slugs = " ".join(p.slug for p in periods) + "\0" + " ".join(noted)
    index = PageJob(
        "reviews/index.html",
        "reviews_index.html",
        slugs,
        lambda: ReviewsIndexPage(periods[::-1], noted),  # the newest first
        ctx.words["reviews"],
    )

    windows_over = _WindowsOver(inputs.metrics)

    def depends(period: ReviewPeriod) -> str:
        """What a review page shows of the logs: its period's rows, the cadence windows over
        it, a quarter's figures; and which filter line masked its names."""
        rows, start = shared.review_rows(), period.period.start
        quarter = ""
        if period.kind == "quarter" and start.year == inputs.plan.year:
            quarter = repr(inputs.metrics["quarters"][f"Q{(start.month - 1) // 3 + 1}"])
        windows = windows_over(period)
        parts = (period.slug, note(period), rows.digest(period.period), windows, quarter)
        return "\0".join((*parts, inputs.privacy.lineage))

    pages = [
        PageJob(
            f"reviews/{p.slug}.html",
            "review.html",
            depends(p) if shared.reuse else p.slug,  # a build that keeps nothing needs none
            partial(review, p),
            logs_in_depends=True,
        )
        for p in periods
    ]
    return [index, *pages]


class _WindowsOver:
    """The cadence windows overlapping a period, as its review page reads them (each
    cadence's windows follow one another: found by bisection)."""

    def __init__(self, metrics: dict) -> None:
        scopes = [metrics["year"]["cadences"]] + [
            metrics["quarters"][q]["cadences"] for q in QUARTERS
        ]
        self._cadences = [
            (c["windows"], [w["start"] for w in c["windows"]], [w["end"] for w in c["windows"]])
            for cadences in scopes
            for c in cadences
            if c["windows"]
        ]

    def __call__(self, review: ReviewPeriod) -> str:
        start, end = review.period.start.isoformat(), review.period.end.isoformat()
        out = []
        for windows, starts, ends in self._cadences:
            over = windows[bisect.bisect_left(ends, start) : bisect.bisect_right(starts, end)]
            if over:  # the cadence's span, and the windows the page lists
                span = (starts[0], ends[-1])
                out.append((span, [(w["start"], w["end"], w["done"], w["required"]) for w in over]))
        return repr(out)
