"""The follow-up and renewal lists (SPEC §7) worked out with numpy are the lists of the pandas
groupbys they replaced, over random logs: last contact, Σ count, last outcome, reasons in the
order given; each pair's latest policy or renewal, a later cancel, the stages."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from battlemap.actions import (
    DAY,
    RENEWAL_LOOKBACK,
    STAGES,
    _iso,
    follow_ups,
    last_rows,
    one_year_after,
    renewal_stage,
    renewals,
)
from battlemap.logs import read_logs
from battlemap.metrics import measure
from battlemap.plan import load_plan

PLAN = "---\nyear: 2026\nlocale: en\n---\n"
HEADER = "date,type,customer,premium,product,channel,outcome,reason,count\n"


def reference(acts, names: list[str], after_days: int) -> list[dict]:
    """follow_ups as it was written with pandas (before issue 10)."""
    rows = acts.rows
    contact = (acts.of_type("visit") | acts.of_type("call")) & (
        acts.policy_rows[acts.customer] == 0
    )
    if "" in names:
        contact &= acts.customer != names.index("")
    outcomes, reasons = (rows[c].cat.categories.astype(str).tolist() for c in ("outcome", "reason"))
    picked = pd.DataFrame(
        {
            "customer": acts.customer[contact],
            "date": acts.date[contact],
            "count": acts.count[contact],
            "outcome": rows["outcome"].cat.codes.to_numpy()[contact],
            "reason": rows["reason"].cat.codes.to_numpy()[contact],
        }
    )
    summary = picked.groupby("customer", sort=False).agg(
        last=("date", "last"), contacts=("count", "sum"), outcome=("outcome", "last")
    )
    cutoff = np.datetime64(acts.as_of - dt.timedelta(days=after_days))
    summary = summary[summary["last"] <= cutoff]
    blank = reasons.index("") if "" in reasons else -1
    given_ = picked[picked["customer"].isin(summary.index) & (picked["reason"] != blank)]
    said: dict[int, dict[str, None]] = {}
    for customer, reason in zip(
        given_["customer"].tolist(), given_["reason"].tolist(), strict=True
    ):
        said.setdefault(customer, {})[reasons[reason]] = None
    days = np.datetime_as_string(summary["last"].to_numpy().astype("datetime64[D]")).tolist()
    out = [
        {
            "customer": names[customer],
            "last_contact": day,
            "contacts": int(contacts),
            "last_outcome": outcomes[outcome] or None,
            "reasons": list(said.get(customer, {})),
        }
        for customer, day, contacts, outcome in zip(
            summary.index.tolist(),
            days,
            summary["contacts"].tolist(),
            summary["outcome"].tolist(),
            strict=True,
        )
    ]
    out.sort(key=lambda p: (p["last_contact"], p["customer"]))
    return out


def reference_renewals(plan, acts, names: list[str]) -> list[dict]:
    """renewals as it was written with pandas (before issue 10)."""
    as_of = acts.as_of
    codes, products = acts.keys["product"]
    renewed = np.isin(codes, [i for i, p in enumerate(products) if p in plan.renewals.products])
    held = (acts.policy | acts.renewal) & renewed
    latest = (
        _frame(acts, codes, held, premium=acts.rows["premium"].to_numpy()[held])
        .groupby(["customer", "product"], sort=False)
        .tail(1)  # the rows are in date order: the last is L, the latest
    )
    # only an L a year before the listed span can fall due in it (one day more for 29 Feb)
    first = np.datetime64(as_of) - (RENEWAL_LOOKBACK + 366) * DAY
    last = np.datetime64(as_of) + (STAGES[-1][0] - 364) * DAY
    latest = latest[(latest["date"] >= first) & (latest["date"] <= last)]
    cancels = _frame(acts, codes, acts.cancel).groupby(["customer", "product"], as_index=False)
    latest = latest.merge(
        cancels["date"].max().rename(columns={"date": "cancel"}),
        how="left",
        on=["customer", "product"],
    )
    latest = latest[~(latest["cancel"] >= latest["date"])]  # a cancel on or after L: skipped
    out = []
    for customer, product, day, premium in zip(
        latest["customer"].tolist(),
        latest["product"].tolist(),
        _iso(latest["date"]),
        latest["premium"].tolist(),
        strict=True,
    ):
        due = one_year_after(dt.date.fromisoformat(day))
        until = (due - as_of).days
        if -RENEWAL_LOOKBACK <= until <= STAGES[-1][0]:
            out.append(
                {
                    "customer": names[customer],
                    "product": products[product],
                    "due": due.isoformat(),
                    "days": until,
                    "stage": renewal_stage(until),
                    "premium": int(premium) / 100,
                }
            )
    out.sort(key=lambda r: (r["due"], r["customer"], r["product"]))
    return out


def _frame(acts, codes: np.ndarray, rows: np.ndarray, **more) -> pd.DataFrame:
    return pd.DataFrame(
        {"customer": acts.customer[rows], "product": codes[rows], "date": acts.date[rows], **more}
    )


ROW = st.tuples(
    st.integers(0, 120),  # days into 2026
    st.sampled_from(["visit", "visit", "call", "policy", "event"]),
    st.sampled_from(["甲", "乙", "丙", "丁", "Zoe", ""]),
    st.sampled_from(["", "follow_up", "lost", "closed"]),
    st.sampled_from(["", "价格太高", "需求不迫切", "再想想"]),
    st.integers(1, 4),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=40), st.integers(0, 60))
def test_the_list_is_the_pandas_one(rows, after_days):
    lines = []
    for day, kind, customer, outcome, reason, count in sorted(rows):
        date = dt.date(2026, 1, 1) + dt.timedelta(days=day)
        if kind == "policy":
            customer = customer or "甲"
            lines.append(f"{date},policy,{customer},1000,health,offline,,,1\n")
        elif kind == "event":
            lines.append(f"{date},event,,,,,,,{count}\n")
        elif customer:
            lines.append(f"{date},{kind},{customer},,,,{outcome},{reason},{count}\n")
    if not lines:
        return
    _, acts = _measured(PLAN, lines, dt.date(2026, 5, 31))
    names = acts.rows["customer"].cat.categories.astype(str).tolist()
    assert follow_ups(acts, names, after_days) == reference(acts, names, after_days)


def _measured(plan_text: str, lines: list[str], as_of: dt.date):
    """Return the plan and the activities of a project with one log of these lines."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        (root / "logs").mkdir()
        (root / "content" / "plan.md").write_text(plan_text, "utf-8")
        (root / "logs" / "a.csv").write_text(HEADER + "".join(lines), "utf-8")
        plan = load_plan(root)
        return plan, measure(plan, read_logs(root, plan), as_of)[1]


def test_last_rows_are_each_keys_last_index():
    keys = np.array([3, 1, 3, 2, 1, 3])
    distinct, last = last_rows(keys)
    assert distinct.tolist() == [1, 2, 3] and last.tolist() == [4, 3, 5]


PAIR_ROW = st.tuples(
    st.integers(0, 900),  # days from 2024-06-01: L a year or two before as_of
    st.sampled_from(["policy", "renewal", "cancel", "visit"]),
    st.sampled_from(["甲", "乙", "丙", "Zoe"]),
    st.sampled_from(["health", "life", "annuity"]),
    st.integers(1, 9000),
)
RENEWAL_PLAN = "---\nyear: 2026\nlocale: en\nrenewals: {products: [health, life]}\n---\n"


def _renewals_both_ways(rows, as_of_day: int) -> tuple[list[dict], list[dict]]:
    lines = []
    for day, kind, customer, product, premium in sorted(rows):
        date = dt.date(2024, 6, 1) + dt.timedelta(days=day)
        channel = "offline" if kind in ("policy", "cancel") else ""
        money = premium if kind != "visit" else ""
        lines.append(f"{date},{kind},{customer},{money},{product},{channel},,,1\n")
    as_of = dt.date(2026, 1, 1) + dt.timedelta(days=as_of_day)
    plan, acts = _measured(RENEWAL_PLAN, lines, as_of)
    names = acts.rows["customer"].cat.categories.astype(str).tolist()
    return renewals(plan, acts, names), reference_renewals(plan, acts, names)


@settings(max_examples=40, deadline=None)
@given(st.lists(PAIR_ROW, min_size=1, max_size=40), st.integers(0, 364))
def test_the_renewals_are_the_pandas_ones(rows, as_of_day):
    listed, reference = _renewals_both_ways(rows, as_of_day)
    assert listed == reference


def test_a_cancel_the_day_of_l_skips_the_pair():
    rows = [(500, "policy", "甲", "health", 1000), (500, "cancel", "甲", "health", 1000)]
    rows += [(500, "policy", "乙", "life", 2000)]  # L 2025-10-14: due in 20 days
    listed, reference = _renewals_both_ways(rows, 266)
    assert listed == reference
    assert [(r["customer"], r["product"], r["days"]) for r in listed] == [("乙", "life", 20)]
