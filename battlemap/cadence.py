"""Cadence compliance (SPEC §4): cut a span into windows and judge each against as_of."""

from __future__ import annotations

import datetime as dt

import numpy as np

from battlemap.activities import Activities
from battlemap.plan import Plan
from battlemap.spans import Period, cut_windows


def compute_cadences(
    plan: Plan, acts: Activities, span: Period, quarter: str | None, as_of: dt.date
) -> list[dict]:
    """Return the compliance of the plan's cadences whose quarter is `quarter` (None: the year)."""
    out = []
    for cadence, window, type_id in zip(
        plan.model.cadences, plan.windows, plan.cadence_types, strict=True
    ):
        if cadence.quarter == quarter:
            out.append(_judge(cadence, window, type_id, plan, acts, span, as_of))
    return out


def _judge(cadence, window, type_id, plan, acts, span, as_of) -> dict:
    dates, counts = acts.dated(type_id)
    windows = []
    for start, end, length in cut_windows(span.start, span.end, window):
        days = (end - start).days + 1
        required = -(-cadence.count * days // length)
        lo = np.searchsorted(dates, np.datetime64(start), side="left")
        hi = np.searchsorted(dates, np.datetime64(end) + np.timedelta64(1, "D"), side="left")
        done = int(counts[hi] - counts[lo])
        judged = end <= as_of
        windows.append(
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "required": required,
                "done": done,
                "met": (done >= required) if judged else None,
            }
        )
    judged = [w for w in windows if w["met"] is not None]
    met = sum(w["met"] for w in judged)
    streak = 0
    for w in reversed(judged):
        if not w["met"]:
            break
        streak += 1
    return {
        "type": type_id,
        "label": cadence.label or plan.type_label(type_id),
        "count": cadence.count,
        "per": window.canonical,
        "windows": windows,
        "judged": len(judged),
        "met": met,
        "compliance": met / len(judged) if judged else None,
        "streak": streak,
    }
