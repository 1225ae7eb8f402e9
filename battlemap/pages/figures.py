"""The parts the year and quarter pages share: mixes against target, cadences as strips."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from battlemap import fmt
from battlemap.charts import Chart
from battlemap.pages.base import Context, Metric, key_label, metric
from battlemap.plan import Plan

MIX_ALERT = 0.05  # a mix key more than this (absolute share) below its target raises an alert

SYMBOLS = {"met": "✓", "missed": "✗", "pending": "·", "future": ""}

STATE = {"met": "met", "missed": "missed", "pending": "pending", "future": "not_started"}  # words


@dataclass(frozen=True)
class MixRow:
    key: str
    label: str
    actual: Metric
    target: Metric
    off: bool


@dataclass(frozen=True)
class Cell:
    """One window of a cadence strip, dated on the strip's time axis."""

    start: str
    end: str
    status: str  # met | missed | pending (holds as_of) | future
    symbol: str
    axis: str  # its label on the time axis: 10/5, 1月, Q1, or the day of the month
    title: str  # the tooltip: dates, done / required, state
    column: int | None = None  # a daily calendar's first cell: its weekday column (1 = Monday)


@dataclass(frozen=True)
class CurrentWindow:
    """The window holding as_of: done so far against its requirement."""

    dates: str  # 11月16日–11月22日, or one day
    done: Metric
    required: Metric
    left: int


@dataclass(frozen=True)
class CadenceView:
    label: str
    rule: str  # 每周 5 次
    judged: Metric
    met: Metric
    compliance: Metric
    streak: Metric
    cells: list[Cell]
    daily: bool  # one window a day: the strip is a calendar of weeks
    current: CurrentWindow | None


def mix_rows(plan: Plan, metrics: dict, prefix: str) -> dict[str, list[MixRow]]:
    """Return each mix as rows of actual vs target, flagged where more than MIX_ALERT below."""
    out = {}
    mix = metrics
    for part in prefix.split("."):
        mix = mix[part]
    for dim in ("product", "channel", "tier"):
        rows = []
        for key, pair in mix[dim].items():
            actual, target = pair["actual"], pair["target"]
            rows.append(
                MixRow(
                    key,
                    key_label(plan, dim, key),
                    Metric(f"{prefix}.{dim}.{key}.actual", actual, "percent"),
                    Metric(f"{prefix}.{dim}.{key}.target", target, "percent"),
                    _below(actual, target) > MIX_ALERT,
                )
            )
        out[dim] = rows
    return out


def _below(actual: float | None, target: float | None) -> float:
    """Return how far a share is below its target (0 when it is not, or either is unknown)."""
    if actual is None or target is None:
        return 0.0
    return round(max(target - actual, 0.0), 9)  # 0.25 - 0.2 is 0.05, not 0.04999…


def mix_chart(ctx: Context, mixes: dict[str, list[MixRow]]) -> Chart | None:
    """Return one chart of every mix's actual vs target shares."""
    words, values = ctx.words, []
    for dim, rows in mixes.items():
        for row in rows:
            for series, metric_ in ((words["actual"], row.actual), (words["target"], row.target)):
                values.append(
                    {
                        "dim": words[f"mix_{dim}"],
                        "key": row.label,
                        "series": series,
                        "share": metric_.value or 0,
                    }
                )
    return ctx.charts.render("mix", words["mix"], values, words) if values else None


def cadence_views(ctx: Context, metrics: dict, prefix: str) -> list[CadenceView]:
    """Return each cadence's score, its window in progress and its strip of dated windows."""
    views = []
    as_of = dt.date.fromisoformat(ctx.as_of)
    for i, cad in enumerate(metric(metrics, f"{prefix}.cadences", "list").value):  # type: ignore
        base = f"{prefix}.cadences.{i}"
        daily = cad["per"] == "day"
        cells = [_cell(ctx, cad["per"], w, as_of) for w in cad["windows"]]
        if daily and cells:
            cells[0] = replace(cells[0], column=dt.date.fromisoformat(cells[0].start).isoweekday())
        views.append(
            CadenceView(
                cad["label"],
                fmt.cadence(cad["count"], cad["per"], ctx.locale),
                metric(metrics, f"{base}.judged", "number"),
                metric(metrics, f"{base}.met", "number"),
                metric(metrics, f"{base}.compliance", "percent"),
                metric(metrics, f"{base}.streak", "number"),
                cells,
                daily,
                _current(ctx, metrics, base, cad["windows"]),
            )
        )
    return views


def window_status(window: dict, as_of: dt.date) -> str:
    """Return a window's state at as_of: met, missed, pending (holds as_of) or future."""
    if window["met"] is not None:
        return "met" if window["met"] else "missed"
    return "future" if dt.date.fromisoformat(window["start"]) > as_of else "pending"


def _cell(ctx: Context, per: str, window: dict, as_of: dt.date) -> Cell:
    start = dt.date.fromisoformat(window["start"])
    status = window_status(window, as_of)
    words = ctx.words
    title = words["cell_title"].format(
        dates=_dates(window, ctx.locale),
        done=window["done"],
        required=window["required"],
        status=words[STATE[status]],
    )
    return Cell(
        window["start"], window["end"], status, SYMBOLS[status], _axis(start, per, ctx), title
    )


def _axis(start: dt.date, per: str, ctx: Context) -> str:
    """Return a window's label on the strip's time axis."""
    if per.endswith(("day", "days")):
        return f"{start.month}/{start.day}" if start.day == 1 or per != "day" else str(start.day)
    if per.endswith(("quarter", "quarters")):
        return f"Q{(start.month - 1) // 3 + 1}"
    if per.endswith(("month", "months")):
        return start.strftime("%b") if ctx.locale == "en" else f"{start.month}月"
    return f"{start.month}/{start.day}"


def _dates(window: dict, locale: str) -> str:
    """Return a window's dates: `10月5日–10月11日`, or its one day."""
    start, end = (fmt.day(window[k], locale) for k in ("start", "end"))
    return start if start == end else f"{start}–{end}"


def _current(ctx: Context, metrics: dict, base: str, windows: list[dict]):
    """Return the window holding as_of, or None when as_of is outside the cadence's span."""
    for n, w in enumerate(windows):
        if w["start"] <= ctx.as_of <= w["end"]:
            done = metric(metrics, f"{base}.windows.{n}.done", "number")
            required = metric(metrics, f"{base}.windows.{n}.required", "number")
            left = max(w["required"] - w["done"], 0)
            return CurrentWindow(_dates(w, ctx.locale), done, required, left)
    return None
