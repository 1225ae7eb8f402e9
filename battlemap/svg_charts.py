"""The charts as plain SVG, drawn from plain data in the plan's words.

Each chart is an <svg role="img"> named by its title, readable with JavaScript off and in
print; every mark (bar, point, rule) carries a <title> in the plan's locale, which browsers
show as a tooltip on hover or long-press. Drawn at a 360-unit viewBox, a 375 px phone shows
their 12 px text at about 10.5 px; side by side on a wide screen they grow up to 520 px.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from battlemap.svg_draw import (
    AXIS,
    GRID,
    MUTED,
    WIDTH,
    LegendItem,
    Linear,
    decimals,
    fit,
    legend,
    line,
    mark,
    nice_ticks,
    num,
    rect,
    svg,
    text,
    text_width,
    thin_every,
    y_axis,
)

ACTUAL, PLAN, MISSED = "#1d5fbf", "#9a9a9a", "#c62828"
# the activity chart's series: distinct hues (no red: red means missed), grey for 其他
SERIES = ["#1d5fbf", "#ef8a00", "#2e9d4a", "#8e44ad", "#00a3b4"]
OTHER = "#b8c2cc"
DASH = "6 4"
TOP = 26  # the plot's top: room for the y axis's title above it
HIT = "transparent"  # a mark's hover area: painted (it takes the pointer) but invisible
_WEEK = re.compile(r"^W(\d{2})$")


# ---------------------------------------------------------------- words and figures


def pairs(words: dict, *items: tuple[str, str]) -> str:
    """Return a mark's title: `周 W41；保费（万元） 1.67`."""
    return words["list_sep"].join(f"{name} {value}" for name, value in items)


def amount(value: float, words: dict) -> str:
    """Return an amount as the tooltips write it: 1.67 (万) or 16,740 (yuan)."""
    digits = 2 if words["chart_unit"] == "wan" else 0
    return f"{round(value, digits) + 0.0:,.{digits}f}"


def amount_ticks(step: float, words: dict):
    """Return the labeller of an amount axis's ticks: 1.5 (万), or 200k / 1.5M (yuan)."""
    if words["chart_unit"] == "wan":
        digits = decimals(step)
        return lambda v: f"{v:,.{digits}f}"
    return lambda v: compact(v, step)


def compact(value: float, step: float) -> str:
    """Return an amount in yuan as an axis writes it: 800, 200k, 1.5M, 2B."""
    size = abs(value)
    scales = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
    scale, suffix = next(((s, x) for s, x in scales if size >= s), (1.0, ""))
    shown = f"{value / scale:.{decimals(step / scale)}f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return shown + suffix


def count_label(value: float) -> str:
    """Return a count: 527, 1,204."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def percent(value: float, digits: int = 1) -> str:
    """Return a share: 43.7%."""
    return f"{value * 100 + 0.0:.{digits}f}%"


def date_label(iso: str, words: dict) -> str:
    """Return a date in the plan's words: 2026年1月11日 / Jan 11, 2026."""
    day = dt.date.fromisoformat(iso)
    mon = words["chart_months"].split(" ")[day.month - 1]
    return words["chart_date"].format(year=day.year, month=day.month, day=day.day, mon=mon)


# ---------------------------------------------------------------- the frame of a plot


def _left(labels: list[str]) -> float:
    """Return the plot's left edge: right of the widest y tick label."""
    return max([24.0] + [text_width(t) + 10 for t in labels])


def _y_scale(values: list[float], bottom: float, whole: bool = False):
    """Return the y scale of values and its ticks: from the top tick down to the lowest value.

    Below zero the axis reaches only a little past the lowest value (a week of −0.45 does
    not stretch it to −2), and the ticks shown are those inside it.
    """
    low = min(values, default=0.0)
    ticks = nice_ticks(low, max(values, default=0.0), 5, whole)
    lo = ticks[0] if low >= 0 else max(ticks[0], low * 1.15)
    return Linear(lo, ticks[-1], bottom, TOP), [t for t in ticks if t >= lo]


def _empty(x: float, y: float, words: dict) -> str:
    return text(x, y + 4, words["chart_empty"], "middle", fill=MUTED)


def _finish(title: str, shapes: list[str], items: list[LegendItem], top: float, left: float):
    """Return the <svg> of shapes with the legend's rows from top."""
    keys, tall = legend(items, top, left, WIDTH)
    return svg(WIDTH, top + tall + 4, title, shapes + keys)


# ---------------------------------------------------------------- cumulative


def cumulative_chart(title: str, points: list[dict], words: dict, height: int = 200) -> str:
    """Cumulative premium (actual to as_of, with points) against the plan's dashed curve."""
    names = [words["actual"], words["plan_curve"]]
    values = [p["value"] for p in points]
    bottom = TOP + height
    y, ticks = _y_scale(values, bottom)
    label = amount_ticks(_step_of(ticks), words)
    left, right = _left([label(t) for t in ticks]), WIDTH - 14
    days = [dt.date.fromisoformat(p["date"]).toordinal() for p in points]
    first, last = min(days, default=0), max(days, default=0)
    if first == last:  # one day: it stands in the middle
        first, last = first - 1, last + 1
    x = Linear(first, last, left, right)
    out = [text(2, 13, words["cumulative_axis"], fill=MUTED), *y_axis(ticks, y, left, right, label)]
    out += _month_axis(x, first, last, bottom, words) if points else []
    styles = {names[0]: (ACTUAL, "", 2.5), names[1]: (PLAN, DASH, 2.0)}
    for name, (color, dash, radius) in styles.items():
        series = sorted((p for p in points if p["series"] == name), key=lambda p: p["date"])
        xy = [(x(dt.date.fromisoformat(p["date"]).toordinal()), y(p["value"])) for p in series]
        out += _polyline(xy, color, dash)
        for p, (a, b) in zip(series, xy, strict=True):
            tip = pairs(
                words,
                (words["date"], date_label(p["date"], words)),
                (words["series"], name),
                (words["cumulative_axis"], amount(p["value"], words)),
            )
            dot = f'<circle cx="{num(a)}" cy="{num(b)}" r="{radius}" fill="{color}"'
            out.append(mark(tip, f'{dot} stroke="{HIT}" stroke-width="10"/>'))
    if not points:
        out.append(_empty((left + right) / 2, TOP + height / 2, words))
    items = [LegendItem(names[0], ACTUAL, "point-line"), LegendItem(names[1], PLAN, "line", DASH)]
    return _finish(title, out, items, bottom + 28, left)


def _step_of(ticks: list[float]) -> float:
    return ticks[1] - ticks[0] if len(ticks) > 1 else 1.0


def _polyline(xy: list[tuple[float, float]], color: str, dash: str) -> list[str]:
    """Return the line through the points (none for fewer than two)."""
    if len(xy) < 2:
        return []
    path = " ".join(f"{'L' if i else 'M'}{num(a)},{num(b)}" for i, (a, b) in enumerate(xy))
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return [f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"{dashed}/>']


def _month_axis(x: Linear, first: int, last: int, bottom: float, words: dict) -> list[str]:
    """Return a tick at each month's first day and the months' names, thinned to fit."""
    months = words["chart_months"].split(" ")
    starts, day = [], dt.date.fromordinal(first).replace(day=1)
    while day.toordinal() <= last:
        if day.toordinal() >= first:
            starts.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    spacing = x(first + 28) - x(first)  # the shortest month
    every = thin_every([text_width(months[d.month - 1]) for d in starts], spacing)
    every = next((n for n in (1, 2, 3, 4, 6) if n >= every), 12)
    out = [line(x.start, bottom, x.end, bottom, AXIS)]
    for day in starts:
        at, name = x(day.toordinal()), months[day.month - 1]
        out.append(line(at, bottom, at, bottom + 4, AXIS))
        half = text_width(name) / 2
        if (day.month - 1) % every == 0 and half <= at <= WIDTH - half:
            out.append(text(at, bottom + 17, name, "middle"))
    return out


# ---------------------------------------------------------------- bars per week


class _Bands:
    """The x axis of a chart of weeks: a band per week, its bar centred in it."""

    def __init__(self, labels: list[str], left: float) -> None:
        self.labels, self.left = labels, left
        last = text_width(labels[-1]) / 2 if labels else 0.0
        self.right = WIDTH - max(10.0, last)  # the last label is centred under its band
        self.band = (self.right - left) / max(len(labels), 1)
        self.bar = min(self.band * 0.8, 36.0)

    def at(self, i: int) -> float:
        """Return the left edge of band i."""
        return self.left + self.band * i

    def axis(self, bottom: float, title: str) -> list[str]:
        """Return the week labels, every n-th so that none overlaps another, and the title."""
        every = thin_every([text_width(t) for t in self.labels], self.band)
        out = [
            text(self.at(i) + self.band / 2, bottom + 17, name, "middle")
            for i, name in enumerate(self.labels)
            if i % every == 0
        ]
        middle = (self.left + self.right) / 2
        return out + [text(middle, bottom + 34, title, "middle", fill=MUTED)]


def weekly_chart(
    title: str,
    weeks: list[dict],
    rule: float | None,
    rule_label: str,
    words: dict,
    height: int = 180,
) -> str:
    """Premium per ISO week (below the zero line when cancels exceed it), a pace as a rule."""
    values = [w["premium"] for w in weeks] + ([rule] if rule is not None else [])
    bottom = TOP + height
    y, ticks = _y_scale(values, bottom)
    label = amount_ticks(_step_of(ticks), words)
    x = _Bands([w["week"] for w in weeks], _left([label(t) for t in ticks]))
    out = [text(2, 13, words["premium_axis"], fill=MUTED)]
    out += y_axis(ticks, y, x.left, x.right, label)
    for i, week in enumerate(weeks):
        tip = pairs(
            words,
            (words["week_of"], week["week"]),
            (words["week_start"], date_label(week["start"], words)),
            (words["premium_axis"], amount(week["premium"], words)),
        )
        bar = rect(x.at(i) + (x.band - x.bar) / 2, y(0), x.bar, y(week["premium"]) - y(0), ACTUAL)
        out.append(mark(tip, rect(x.at(i), TOP, x.band, height, HIT), bar))
    if not weeks:
        out.append(_empty((x.left + x.right) / 2, TOP + height / 2, words))
    out += x.axis(bottom, words["week_of"])
    items = []
    if rule is not None:
        out.append(_rule(rule, rule_label, y(rule), x, words))
        items.append(LegendItem(rule_label, MISSED, "line", DASH))
    return _finish(title, out, items, bottom + 44, x.left)


def _rule(value: float, label: str, at: float, x: _Bands, words: dict) -> str:
    """Return the dashed rule of a weekly pace, with a wide invisible line to hover."""
    tip = pairs(words, (words["series"], label), (words["premium_axis"], amount(value, words)))
    hover = line(x.left, at, x.right, at, HIT, stroke_width="10")
    dashed = line(x.left, at, x.right, at, MISSED, stroke_width="2", stroke_dasharray=DASH)
    return mark(tip, hover, dashed, kind="rule")


def week_labels(rows: list[dict]) -> list[str]:
    """Return the weeks of the rows in order, with the weeks between them that had nothing."""
    out: list[str] = []
    for week in dict.fromkeys(r["week"] for r in rows):
        now, before = _WEEK.match(week), _WEEK.match(out[-1]) if out else None
        if now and before and int(now[1]) > int(before[1]) + 1:
            out += [f"W{n:02d}" for n in range(int(before[1]) + 1, int(now[1]))]
        out.append(week)
    return out


def activity_chart(title: str, rows: list[dict], words: dict, height: int = 180) -> str:
    """Activities per ISO week: the tracked types stacked in their colours, the rest grey."""
    kinds = list(dict.fromkeys(r["type"] for r in sorted(rows, key=lambda r: r["order"])))
    colors = {
        kind: OTHER if kind == words["other_types"] else SERIES[n % len(SERIES)]
        for n, kind in enumerate(kinds)
    }
    weeks = week_labels(rows)
    stacked = dict.fromkeys(weeks, 0)
    for r in rows:
        stacked[r["week"]] += max(r["count"], 0)
    bottom = TOP + height
    y, ticks = _y_scale(list(stacked.values()), bottom, whole=True)
    x = _Bands(weeks, _left([count_label(t) for t in ticks]))
    out = [text(2, 13, words["count"], fill=MUTED), *y_axis(ticks, y, x.left, x.right, count_label)]
    stacked = dict.fromkeys(weeks, 0)
    for r in sorted(rows, key=lambda r: (weeks.index(r["week"]), r["order"])):
        if r["count"] <= 0:
            continue
        base = stacked[r["week"]]
        stacked[r["week"]] = top = base + r["count"]
        at = x.at(weeks.index(r["week"])) + (x.band - x.bar) / 2
        tip = pairs(
            words,
            (words["week_of"], r["week"]),
            (words["type"], r["type"]),
            (words["count"], count_label(r["count"])),
        )
        out.append(mark(tip, rect(at, y(top), x.bar, y(base) - y(top), colors[r["type"]])))
    if not rows:
        out.append(_empty((x.left + x.right) / 2, TOP + height / 2, words))
    out += x.axis(bottom, words["week_of"])
    items = [LegendItem(kind, colors[kind]) for kind in kinds]
    return _finish(title, out, items, bottom + 44, x.left)


# ---------------------------------------------------------------- horizontal bars


def mix_chart(title: str, rows: list[dict], words: dict) -> str:
    """Each key's share of new-business premium next to its target, a panel per mix, one scale."""
    series = [words["actual"], words["target"]]
    colors = {series[0]: ACTUAL, series[1]: PLAN}
    top = max([0.5] + [math.ceil(r["share"] * 10 - 1e-9) / 10 for r in rows])
    ticks = nice_ticks(0, min(top, 1.0), 4)
    left = max([40.0] + [text_width(fit(r["key"])) + 10 for r in rows])
    x = Linear(ticks[0], ticks[-1], left, WIDTH - 16)
    out, at = [], 0.0
    for dim in dict.fromkeys(r["dim"] for r in rows):
        panel = [r for r in rows if r["dim"] == dim and r["series"] in colors]
        shapes, at = _mix_panel(dim, panel, x, ticks, at, (series, colors), words)
        out += shapes
    if not rows:
        out.append(_empty(WIDTH / 2, 30, words))
        at = 60
    return _finish(title, out, [LegendItem(s, colors[s]) for s in series], at - 6, left)


def _mix_panel(dim, rows, x: Linear, ticks, at: float, series, words) -> tuple[list[str], float]:
    """Return one mix's panel drawn from `at` down (title, two bars a key, % axis), and its end."""
    names, colors = series
    out = [text(2, at + 14, dim, font_weight="bold")]
    at += 22
    keys = list(dict.fromkeys(r["key"] for r in rows))
    for tick in ticks:
        out.append(line(x(tick), at, x(tick), at + 24 * len(keys), AXIS if tick == 0 else GRID))
    for n, key in enumerate(keys):
        row_top = at + 24 * n + 2
        out.append(text(x.start - 6, row_top + 14, fit(key), "end"))
        for r in (r for r in rows if r["key"] == key):
            tip = pairs(
                words,
                (words["mix"], dim),
                (words["metric"], key),
                (words["series"], r["series"]),
                (words["share"], percent(r["share"])),
            )
            y0 = row_top + 10 * names.index(r["series"])
            bar = rect(x.start, y0, x(max(r["share"], 0)) - x.start, 9, colors[r["series"]])
            out.append(mark(tip, rect(x.start, y0, x.end - x.start, 10, HIT), bar))
    at += 24 * len(keys)
    out += [text(x(t), at + 15, percent(t, 0), "middle") for t in ticks]
    return out, at + 30


def funnel_chart(title: str, stages: list[dict], words: dict) -> str:
    """Calls and visits down to policies and new customers, each bar with its count."""
    labels = [count_label(s["count"]) for s in stages]
    left = max([40.0] + [text_width(fit(s["stage"])) + 10 for s in stages])
    room = max([0.0] + [text_width(t) for t in labels]) + 8
    x = Linear(0, max([1] + [s["count"] for s in stages]), left, WIDTH - room)
    out = []
    for n, (stage, shown) in enumerate(zip(stages, labels, strict=True)):
        y0, end = 4 + 28 * n, x(max(stage["count"], 0))
        tip = pairs(words, (words["stage"], stage["stage"]), (words["count"], shown))
        out.append(text(left - 6, y0 + 15, fit(stage["stage"]), "end"))
        hover = rect(left, y0, x.end - left, 20, HIT)  # a short bar is hovered too
        out.append(mark(tip, hover, rect(left, y0, end - left, 20, ACTUAL)))
        out.append(text(end + 4, y0 + 15, shown))
    bottom = 4 + 28 * len(stages)
    if stages:
        out.append(line(left, 0, left, bottom - 4, AXIS))
    else:
        out.append(_empty(WIDTH / 2, 20, words))
        bottom = 40
    return svg(WIDTH, bottom + 4, title, out)


DRAW = {
    "cumulative": cumulative_chart,
    "weekly": weekly_chart,
    "activity": activity_chart,
    "mix": mix_chart,
    "funnel": funnel_chart,
}


def draw(kind: str, title: str, *args) -> str:
    """Return chart `kind` drawn from args as an <svg> named by title."""
    return DRAW[kind](title, *args)
