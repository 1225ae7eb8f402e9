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
    cut = list(cut_windows(span.start, span.end, window))
    starts = np.array([start for start, _, _ in cut], "datetime64[D]")
    ends = np.array([end for _, end, _ in cut], "datetime64[D]") + np.timedelta64(1, "D")
    lo = np.searchsorted(dates, starts.astype(dates.dtype), side="left")
    hi = np.searchsorted(dates, ends.astype(dates.dtype), side="left")
    windows = []
    for (start, end, length), done in zip(cut, (counts[hi] - counts[lo]).tolist(), strict=True):
        days = (end - start).days + 1
        required = -(-cadence.count * days // length)
        judged = end <= as_of
        windows.append(
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "required": required,
                "done": int(done),
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
