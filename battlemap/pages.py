"""Page contexts: what each template may use, computed from the one set of figures."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from battlemap.charts import Chart, ChartRenderer
from battlemap.logs import LogSet
from battlemap.metrics import (
    Activities,
)
from battlemap.plan import Plan
from battlemap.privacy import Privacy
from battlemap.vocab import CHANNELS, OUTCOMES, TIERS, label

if TYPE_CHECKING:
    from battlemap.actions import NextActions

MIX_ALERT = 0.05  # a mix key this far (absolute share) from its target raises an alert
_RISK_HEADING = re.compile(r"^#{1,6}\s+.*(风险|risk)", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)")
_RISK_WORDS = {
    "pace": ("进度", "落后", "pace", "behind"),
    "new_business_share": ("新单", "new business", "new-business"),
    "referral_customer_share": ("转介绍", "referral"),
    "renewal_share": ("续期", "renewal"),
    "mix": ("结构", "险种", "偏离", "mix"),
}


@dataclass(frozen=True)
class Metric:
    """A headline figure: its dotted path in metrics.json, its raw value and how to show it."""

    path: str
    value: object
    kind: str  # money | percent | number | bool


@dataclass(frozen=True)
class Alert:
    text: str
    response: str | None


@dataclass(frozen=True)
class MixRow:
    key: str
    label: str
    actual: Metric
    target: Metric
    off: bool


@dataclass(frozen=True)
class CadenceView:
    label: str
    count: int
    per: str
    judged: Metric
    met: Metric
    compliance: Metric
    streak: Metric
    windows: list[dict]


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
        return metric(self.metrics, f"{self.prefix}.{path}", kind)

    def __repr__(self) -> str:
        part = metric(self.metrics, self.prefix, "").value
        return f"Figures({self.prefix}={json.dumps(part, sort_keys=True, ensure_ascii=False)})"


def key_label(plan: Plan, dim: str, key: str) -> str:
    """Return a mix key's label in the plan's locale."""
    labels = {"product": plan.products, "channel": CHANNELS, "tier": TIERS}[dim]
    return label(labels, key, plan.locale)


def mix_rows(plan: Plan, metrics: dict, prefix: str) -> dict[str, list[MixRow]]:
    """Return each mix as rows of actual vs target, flagged where off by MIX_ALERT or more."""
    out = {}
    mix = metrics
    for part in prefix.split("."):
        mix = mix[part]
    for dim in ("product", "channel", "tier"):
        rows = []
        for key, pair in mix[dim].items():
            actual, target = pair["actual"], pair["target"]
            off = actual is not None and target is not None and abs(actual - target) >= MIX_ALERT
            rows.append(
                MixRow(
                    key,
                    key_label(plan, dim, key),
                    Metric(f"{prefix}.{dim}.{key}.actual", actual, "percent"),
                    Metric(f"{prefix}.{dim}.{key}.target", target, "percent"),
                    off,
                )
            )
        out[dim] = rows
    return out


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


def cadence_views(
    ctx: Context, metrics: dict, prefix: str
) -> tuple[list[CadenceView], Chart | None]:
    """Return each cadence's score and one heat strip of every cadence's windows."""
    words, views, cells = ctx.words, [], []
    for i, cad in enumerate(metric(metrics, f"{prefix}.cadences", "list").value):  # type: ignore
        name = f"{cad['label']} {cad['count']}/{cad['per']}"
        for n, w in enumerate(cad["windows"]):
            status = "pending" if w["met"] is None else ("met" if w["met"] else "missed")
            cells.append(
                {
                    "cadence": name,
                    "index": n + 1,
                    "start": w["start"],
                    "end": w["end"],
                    "done": w["done"],
                    "required": w["required"],
                    "status": words[status],
                    "symbol": {"met": "✓", "missed": "✗", "pending": "·"}[status],
                }
            )
        base = f"{prefix}.cadences.{i}"
        views.append(
            CadenceView(
                cad["label"],
                cad["count"],
                cad["per"],
                metric(metrics, f"{base}.judged", "number"),
                metric(metrics, f"{base}.met", "number"),
                metric(metrics, f"{base}.compliance", "percent"),
                metric(metrics, f"{base}.streak", "number"),
                cad["windows"],
            )
        )
    chart = ctx.charts.render("cadence", words["cadences"], cells, words) if cells else None
    return views, chart


def alerts(plan: Plan, metrics: dict, mixes: dict[str, list[MixRow]], words: dict) -> list[Alert]:
    """Return what is off target, each with the plan's matching risk response."""
    from battlemap import fmt

    year = metrics["year"]
    responses = risk_responses(plan.body)
    found = []
    if year["on_track"] is False:
        found.append(
            Alert(
                words["alert_pace"].format(
                    actual=fmt.percent(year["premium_progress"]),
                    expected=fmt.percent(year["expected_progress"]),
                ),
                _respond(responses, "pace"),
            )
        )
    for key in ("new_business_share", "referral_customer_share", "renewal_share"):
        actual, target = year[key], year[f"{key}_target"]
        if actual is not None and target is not None and actual < target:
            found.append(
                Alert(
                    words["alert_share_low"].format(
                        name=words[key], actual=fmt.percent(actual), target=fmt.percent(target)
                    ),
                    _respond(responses, key),
                )
            )
    for dim, rows in mixes.items():
        for row in rows:
            if row.off:
                found.append(
                    Alert(
                        words["alert_mix"].format(
                            dim=words[f"mix_{dim}"],
                            key=row.label,
                            actual=fmt.percent(row.actual.value),
                            target=fmt.percent(row.target.value),
                        ),
                        _respond(responses, "mix"),
                    )
                )
    return found


def risk_responses(body: str) -> list[str]:
    """Return the list items and table rows of the plan's risk section (风险 / risk heading)."""
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
            items.append(item[1].strip())
        elif inside and _is_table_row(lines, n):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            items.append(f"{cells[0]}：{cells[-1]}" if len(cells) > 1 else cells[0])
    return items


def _is_table_row(lines: list[str], n: int) -> bool:
    """Tell a markdown table's body row (not its header or the --- line under it)."""
    line = lines[n].strip()
    if not line.startswith("|") or set(line) <= set("|-: "):
        return False
    below = lines[n + 1].strip() if n + 1 < len(lines) else ""
    return not (below.startswith("|") and set(below) <= set("|-: "))


def _respond(responses: list[str], kind: str) -> str | None:
    words = _RISK_WORDS[kind]
    return next((r for r in responses if any(w.lower() in r.lower() for w in words)), None)


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
