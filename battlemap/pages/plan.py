"""The plan page (plan.html): the narrative, its targets as tables, calibration, action rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from battlemap import fmt
from battlemap.i18n import strings
from battlemap.metrics import SHARE_TARGETS
from battlemap.pages import actions, calibration
from battlemap.pages.actions import ActionRules
from battlemap.pages.base import Context, Inputs, PageJob, metric
from battlemap.pages.calibration import CalibrationTable
from battlemap.pages.figures import mix_rows
from battlemap.plan import QUARTERS, Plan
from battlemap.text import render_markdown


def _targets(figures: dict) -> dict:
    return {k: figures[k] for k in ("premium_target", "policies_target", "new_customers_target")}


def plan_targets(plan: Plan, metrics: dict) -> dict:
    year = metrics["year"]
    rows = []
    for key in ("premium", "policies", "new_customers"):
        spec = getattr(plan.targets, key)
        rows.append(
            {
                "key": key,
                "baseline": getattr(plan.baseline, key),
                "growth": spec.growth if spec else None,
                "metric": metric(
                    metrics, f"year.{key}_target", "money" if key == "premium" else "number"
                ),
            }
        )
    quarters = [
        {"q": q, "name": plan.quarter_name(q), "figures": _targets(metrics["quarters"][q])}
        for q in QUARTERS
    ]
    shares = [(k, year[f"{k}_target"]) for k in SHARE_TARGETS]
    mixes = {  # the targets only: the plan page does not change with the actuals
        dim: [{"label": row.label, "target": row.target} for row in rows]
        for dim, rows in mix_rows(plan, metrics, "mix").items()
    }
    cadences = sorted(  # the year's first, then Q1…Q4; the plan's order within each
        (
            {
                "quarter": c.quarter or "",
                "label": c.label or plan.type_label(t),
                "rule": fmt.cadence(c.count, w.canonical, plan.locale),
            }
            for c, w, t in zip(plan.model.cadences, plan.windows, plan.cadence_types, strict=True)
        ),
        key=lambda c: c["quarter"],
    )
    return {
        "rows": rows,
        "quarters": quarters,
        "shares": shares,
        "mixes": mixes,
        "cadences": cadences,
    }


@dataclass(frozen=True)
class PlanPage:
    """plan.html: the plan's narrative and its targets as tables."""

    body: str = field(metadata={"help": "the plan's markdown body as safe HTML"})
    plan: Plan = field(metadata={"help": "the validated plan"})
    targets: dict = field(
        metadata={"help": "targets, quarter targets, share minimums, mix targets and cadences"}
    )
    calibration: CalibrationTable = field(
        metadata={"help": "last year against the plan's baseline (SPEC §6)"}
    )
    rules: ActionRules = field(
        metadata={"help": "the plan's service, renewal, combo and horizon rules (SPEC §7)"}
    )


def plan_page(inputs: Inputs) -> dict:
    """Return the plan page's values: the narrative and the targets as tables."""
    plan = inputs.plan
    return PlanPage(
        body=render_markdown(inputs.privacy.numbers(plan.body)),
        plan=plan,
        targets=plan_targets(plan, inputs.metrics),
        calibration=calibration.calibration_table(inputs.metrics),
        rules=actions.action_rules(plan, strings(plan.locale)),
    )


def jobs(ctx: Context, inputs: Inputs, shared) -> list[PageJob]:
    """Return the plan page."""
    return [PageJob("plan.html", "plan.html", "", partial(plan_page, inputs), ctx.words["plan"])]
