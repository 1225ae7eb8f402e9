"""Page contexts: what each template may use, computed from the one set of figures."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from battlemap import fmt
from battlemap.charts import Chart, ChartRenderer
from battlemap.logs import LogSet
from battlemap.metrics import SHARE_TARGETS, Activities
from battlemap.plan import Plan
from battlemap.privacy import Privacy
from battlemap.vocab import CHANNELS, OUTCOMES, TIERS, label

if TYPE_CHECKING:
    from battlemap.actions import NextActions

MIX_ALERT = 0.05  # a mix key more than this (absolute share) below its target raises an alert
PER_POLICY = ("avg_premium", "visits_per_policy")  # ratios over policies: — when policies <= 0
_RISK_HEADING = re.compile(r"^#{1,6}\s+.*(风险|risk)", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)")
_LEAD = re.compile(r"^[^：:—]*")  # a list item's lead: the words before its first colon or dash
# the words a risk must name to be about a figure (a mix key's own label counts too)
_RISK_WORDS = {
    "pace": ("进度", "pace", "behind"),
    "new_business_share": ("新单", "new business", "new-business"),
    "referral_customer_share": ("转介绍", "referral"),
    "renewal_share": ("续期", "renewal"),
    "product": ("险种", "产品", "product"),
    "channel": ("渠道", "channel"),
    "tier": ("客户分层", "分层", "tier"),
}
SYMBOLS = {"met": "✓", "missed": "✗", "pending": "·", "future": ""}
STATE = {"met": "met", "missed": "missed", "pending": "pending", "future": "not_started"}  # words


@dataclass(frozen=True)
class Metric:
    """A headline figure: its dotted path in metrics.json, its raw value and how to show it."""

    path: str | None  # None: a figure of a period metrics.json does not hold (a week)
    value: object
    kind: str  # money | percent | number | count (a target: 约 22) | bool
    void: bool = False  # shown as — : a ratio over policies when policies <= 0


@dataclass(frozen=True)
class Alert:
    """A figure on the wrong side of its target, by `gap` (a share: 0.032 = 3.2 points)."""

    kind: str  # pace | share | mix
    name: str
    dim: str  # the mix's name for a mix key, else ""
    actual: Metric
    target: Metric
    gap: float
    response: str | None


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


@dataclass
class Context:
    """What every page's template may use besides its own figures."""

    words: dict[str, str]
    locale: str
    title: str
    agent: str | None
    as_of: str
    year: int
    private: bool
    has_data_quality: bool
    quarters: list[tuple[str, str]]  # (Q1, name)
    charts: ChartRenderer = field(repr=False, default_factory=ChartRenderer)
    team_title: str | None = None  # an agent's site within a team: the team's title
    team_root: str = ""  # from the agent's site root to the team's: ../../
    is_team: bool = False  # the team's own site (leaderboard, a row per agent)
    nav: list[tuple[str, str]] = field(default_factory=list)  # (path, text) of every nav entry


@dataclass(frozen=True)
class Inputs:
    """Everything the pages are rendered from."""

    plan: Plan
    logs: LogSet
    metrics: dict
    acts: Activities
    notes: dict[str, str]  # period stem (2026-W05) -> markdown
    privacy: Privacy
    actions: NextActions | None = None  # the §7 lists, full names


def metric(metrics: dict, path: str, kind: str) -> Metric:
    """Return the figure at a dotted path of metrics.json."""
    value: object = metrics
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]  # type: ignore
    return Metric(path, value, kind)


@dataclass(frozen=True)
class Figures:
    """Looks up the figures under one part of metrics.json: `m("premium_total")` -> Metric.

    Its repr is that part's figures, so a page that uses it is compared by what it shows.
    """

    metrics: dict = field(repr=False)
    prefix: str

    def __call__(self, path: str, kind: str = "money") -> Metric:
        found = metric(self.metrics, f"{self.prefix}.{path}", kind)
        if path in PER_POLICY:
            policies = metric(self.metrics, f"{self.prefix}.policies", "number").value
            return replace(found, void=policies <= 0)  # type: ignore[operator]
        return found

    def __repr__(self) -> str:
        part = metric(self.metrics, self.prefix, "").value
        return f"Figures({self.prefix}={json.dumps(part, sort_keys=True, ensure_ascii=False)})"


def key_label(plan: Plan, dim: str, key: str) -> str:
    """Return a mix key's label in the plan's locale."""
    labels = {"product": plan.products, "channel": CHANNELS, "tier": TIERS}[dim]
    return label(labels, key, plan.locale)


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


def alerts(plan: Plan, metrics: dict, mixes: dict[str, list[MixRow]], words: dict) -> list[Alert]:
    """Return the figures behind their targets, largest gap first, each with its risk response.

    Only the wrong side counts: pace behind, a minimum share below its minimum, a mix key more
    than MIX_ALERT below its target share. A figure above its target is good news, not an alert.
    """
    year, responses = metrics["year"], risk_responses(plan.body)
    found = []
    if year["on_track"] is False:
        progress = Metric("year.premium_progress", year["premium_progress"], "percent")
        expected = Metric("year.expected_progress", year["expected_progress"], "percent")
        gap = _below(progress.value, expected.value)  # type: ignore[arg-type]
        found.append(Alert("pace", "", "", progress, expected, gap, _respond(responses, "pace")))
    for key in SHARE_TARGETS:
        actual, target = year[key], year[f"{key}_target"]
        if _below(actual, target) > 0:
            found.append(
                Alert(
                    "share",
                    words[key],
                    "",
                    Metric(f"year.{key}", actual, "percent"),
                    Metric(f"year.{key}_target", target, "percent"),
                    _below(actual, target),
                    _respond(responses, key),
                )
            )
    for dim, rows in mixes.items():
        for row in (r for r in rows if r.off):
            gap = _below(row.actual.value, row.target.value)  # type: ignore[arg-type]
            response = _respond(responses, dim, (row.label, row.key))
            found.append(
                Alert("mix", row.label, words[f"mix_{dim}"], row.actual, row.target, gap, response)
            )
    return sorted(found, key=lambda a: -a.gap)


def risk_responses(body: str) -> list[tuple[str, str]]:
    """Return the list items and table rows of the plan's risk section (风险 / risk heading).

    Each comes as (what it is about, what the page shows): a table row is about the risk its
    first cell names and shows as `risk：response`; a list item is about the words before its
    first colon (all of it when it has none).
    """
    items, inside, level = [], False, 0
    lines = body.splitlines()
    for n, line in enumerate(lines):
        heading = re.match(r"^(#{1,6})\s", line)
        if heading:
            if _RISK_HEADING.match(line):
                inside, level = True, len(heading[1])
            elif inside and len(heading[1]) <= level:
                inside = False
            continue
        item = _LIST_ITEM.match(line)
        if inside and item:
            text = item[1].strip()
            items.append((_LEAD.match(text)[0] or text, text))  # type: ignore[index]
        elif inside and _is_table_row(lines, n):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            shown = f"{cells[0]}：{cells[-1]}" if len(cells) > 1 else cells[0]
            items.append((cells[0], shown))
    return items


def _is_table_row(lines: list[str], n: int) -> bool:
    """Tell a markdown table's body row (not its header or the --- line under it)."""
    line = lines[n].strip()
    if not line.startswith("|") or set(line) <= set("|-: "):
        return False
    below = lines[n + 1].strip() if n + 1 < len(lines) else ""
    return not (below.startswith("|") and set(below) <= set("|-: "))


def _respond(responses: list[tuple[str, str]], kind: str, also: tuple = ()) -> str | None:
    """Return the first risk response about a figure: one naming its words (or `also`)."""
    words = [w.lower() for w in (*_RISK_WORDS[kind], *also) if w]
    about_it = (shown for about, shown in responses if any(w in about.lower() for w in words))
    return next(about_it, None)


def prospects(acts: Activities, privacy, as_of: dt.date, locale: str) -> list[dict]:
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
            {
                "customer": privacy.name(str(customer)),
                "last_contact": last.isoformat(),
                "contacts": entry["contacts"],
                "days_since": (as_of - last).days,
                "reasons": [privacy.text(str(r)) for r in entry["reasons"]],
                "outcome": label(OUTCOMES, str(entry["outcome"]), locale),
            }
        )
    out.sort(key=lambda p: (p["last_contact"], p["customer"]))
    return out


def prospects_page(inputs: Inputs) -> dict:
    """Return the prospects page's values."""
    acts = inputs.acts
    return {"prospects": prospects(acts, inputs.privacy, acts.as_of, inputs.plan.locale)}


def data_quality_page(inputs: Inputs) -> dict:
    """Return the data-quality page's values: what was skipped, merged or ignored."""
    metrics = inputs.metrics
    return {
        "ignored": inputs.logs.ignored_columns,
        "ignored_sheets": list(inputs.logs.ignored_sheets),
        "problems": [
            inputs.privacy.text(str(p))
            for p in (*inputs.logs.problems, *(inputs.actions.problems if inputs.actions else ()))
        ],
        "m_rows": metric(metrics, "meta.rows", "number"),
        "m_merged": metric(metrics, "meta.merged_rows", "number"),
        "m_skipped": metric(metrics, "meta.skipped_rows", "number"),
    }
