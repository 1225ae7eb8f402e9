"""The follow-up list (SPEC §7) worked out with numpy is the list of the pandas groupby it
replaced, over random logs: last contact, Σ count, last outcome, reasons in the order given."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from battlemap.actions import follow_ups, last_rows
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
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        (root / "logs").mkdir()
        (root / "content" / "plan.md").write_text(PLAN, "utf-8")
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
        (root / "logs" / "a.csv").write_text(HEADER + "".join(lines), "utf-8")
        plan = load_plan(root)
        _, acts = measure(plan, read_logs(root, plan), dt.date(2026, 5, 31))
    names = acts.rows["customer"].cat.categories.astype(str).tolist()
    assert follow_ups(acts, names, after_days) == reference(acts, names, after_days)


def test_last_rows_are_each_keys_last_index():
    keys = np.array([3, 1, 3, 2, 1, 3])
    distinct, last = last_rows(keys)
    assert distinct.tolist() == [1, 2, 3] and last.tolist() == [4, 3, 5]
