"""The reverse funnel as a sentence (year page) and last year against the baseline (plan page)."""

from __future__ import annotations

import string
from dataclasses import dataclass

from battlemap import fmt
from battlemap.calibration import disagrees
from battlemap.pages.base import Metric, metric

FUNNEL = "year.funnel"

FUNNEL_KINDS = {
    "premium_gap": "money",
    "avg_premium_basis": "money",
    "policies_needed": "number",
    "visits_per_policy_basis": "number",
    "visits_needed": "number",
    "weekly_visits_needed": "number",
    "weekly_visits_planned": "number",
}

BASELINE_KINDS = {"premium": "money", "policies": "number", "new_customers": "number"}

LAST_YEAR_KINDS = {
    "avg_premium": "money",
    "visits": "number",
    "visits_per_policy": "number",
    "repurchase_rate": "percent",
}


@dataclass(frozen=True)
class Sentence:
    """Text to read aloud: each piece of text followed by the figure it names (or None)."""

    parts: tuple[tuple[str, Metric | None], ...]
    short: str | None  # the warning when the plan's visit cadence is below what is needed


@dataclass(frozen=True)
class BaselineRow:
    key: str
    plan: Metric
    logs: Metric
    gap: Metric
    off: bool  # |gap| > 5%


@dataclass(frozen=True)
class CalibrationTable:
    last_year: int
    rows: tuple[BaselineRow, ...]  # empty when no row is dated last year
    figures: tuple[tuple[str, Metric], ...]  # last year's avg premium, conversion, repurchase


def funnel_sentence(words: dict[str, str], metrics: dict) -> Sentence:
    """Return the funnel as one sentence: gap, policies, visits, per week, and the plan."""
    funnel = metrics["year"]["funnel"]
    if funnel["premium_gap"] is None or funnel["premium_gap"] == 0:
        key = "needs_no_target" if funnel["premium_gap"] is None else "needs_done"
        return Sentence(((words[key] + words["needs_stop"], None),), None)
    clauses = ["needs_gap"]
    if funnel["policies_needed"] is None:
        clauses.append("needs_no_avg")
    else:
        clauses.append("needs_policies")
        if funnel["visits_needed"] is None:
            clauses.append("needs_no_conversion")
        else:
            clauses.append("needs_visits")
            weekly = funnel["weekly_visits_needed"] is not None
            clauses.append("needs_weekly" if weekly else "needs_no_weeks")
    planned = funnel["weekly_visits_planned"] is not None
    parts: list[tuple[str, Metric | None]] = []
    for n, key in enumerate(clauses):
        parts += _pieces(words[key], metrics, words["needs_comma"] if n else "")
    parts += _pieces(
        words["needs_planned" if planned else "needs_no_plan"], metrics, words["needs_semicolon"]
    )
    parts.append((words["needs_stop"], None))
    return Sentence(tuple(parts), _short(words, funnel))


def _pieces(template: str, metrics: dict, before: str) -> list[tuple[str, Metric | None]]:
    """Split a sentence template into its text and the figures its {fields} name."""
    pieces = []
    for n, (text, field, _, _) in enumerate(string.Formatter().parse(template)):
        figure = metric(metrics, f"{FUNNEL}.{field}", FUNNEL_KINDS[field]) if field else None
        pieces.append(((before if n == 0 else "") + text, figure))
    return pieces


def _short(words: dict[str, str], funnel: dict) -> str | None:
    needed, planned = funnel["weekly_visits_needed"], funnel["weekly_visits_planned"]
    if needed is None or needed <= (planned or 0):
        return None
    return words["needs_short"].format(more=fmt.number(needed - (planned or 0)))


def calibration_table(metrics: dict) -> CalibrationTable:
    """Return the plan's baseline against last year's logs, flagged beyond 5%."""
    calibration = metrics["calibration"]
    year = metrics["meta"]["year"] - 1
    if calibration["last_year"] is None:
        return CalibrationTable(year, (), ())
    rows = []
    for key, kind in BASELINE_KINDS.items():
        base = f"calibration.baseline.{key}"
        rows.append(
            BaselineRow(
                key,
                metric(metrics, f"{base}.plan", kind),
                metric(metrics, f"{base}.logs", kind),
                metric(metrics, f"{base}.gap", "percent"),
                disagrees(calibration["baseline"][key]),
            )
        )
    figures = tuple(
        (key, metric(metrics, f"calibration.last_year.{key}", kind))
        for key, kind in LAST_YEAR_KINDS.items()
    )
    return CalibrationTable(year, tuple(rows), figures)
