"""The year page's alerts: the figures on the wrong side, with the plan's matching risk response."""

from __future__ import annotations

import re
from dataclasses import dataclass

from battlemap.metrics import SHARE_TARGETS
from battlemap.pages.base import Metric
from battlemap.pages.figures import MixRow, _below
from battlemap.plan import Plan

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
