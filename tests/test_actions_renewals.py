"""Renewals due and customers due a service contact (SPEC §7), worked out by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pytest import approx

HEADER = "date,type,customer,premium,product,channel\n"
AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def actions(project):
    """Build with full names and return a reader of data/actions.json."""

    def run(*args: str) -> dict:
        assert project.build("--show-names", *args) == 0
        return json.loads((project.root / "site/data/actions.json").read_text("utf-8"))

    return run


def last_year(days: int) -> str:
    """Return the date whose anniversary is `days` after AS_OF (an L due that day)."""
    due = AS_OF + dt.timedelta(days=days)
    return due.replace(year=due.year - 1).isoformat()


def test_each_stage_boundary(project, actions):
    offsets = (-61, -60, -1, 0, 30, 31, 60, 61, 90, 91)
    project.log(
        "a.csv",
        HEADER + "".join(f"{last_year(d)},policy,R{d},1000,health,offline\n" for d in offsets),
    )
    listed = {
        r["customer"]: (r["days"], r["stage"]) for r in actions("--as-of", "2026-06-30")["renewals"]
    }
    assert listed == {
        "R-60": (-60, "overdue"),  # as_of − 60 ≤ due: still listed
        "R-1": (-1, "overdue"),
        "R0": (0, "30"),
        "R30": (30, "30"),
        "R31": (31, "60"),
        "R60": (60, "60"),
        "R61": (61, "90"),
        "R90": (90, "90"),
    }  # R-61 and R91 fall outside as_of − 60 … as_of + 90


def test_the_latest_policy_or_renewal_row_is_l(project, actions):
    project.log(
        "a.csv",
        HEADER
        + "2024-07-10,policy,甲,5000,health,offline\n"
        + "2025-07-10,renewal,甲,5100,health,\n"  # L: due 2026-07-10, its premium
        + "2025-07-01,policy,乙,3000,life,offline\n"
        + "2026-06-28,renewal,乙,3000,life,\n"  # renewed already: due 2027-06-28
        + "2025-08-01,policy,丙,2000,annuity,offline\n"
        + "2026-07-05,renewal,丙,2000,annuity,\n",  # after as_of: not read, still due
    )
    renewals = actions("--as-of", "2026-06-30")["renewals"]
    assert renewals == [
        {
            "customer": "甲",
            "product": "health",
            "due": "2026-07-10",
            "days": 10,
            "stage": "30",
            "premium": approx(5100.0),
        },
        {
            "customer": "丙",
            "product": "annuity",
            "due": "2026-08-01",
            "days": 32,
            "stage": "60",
            "premium": approx(2000.0),
        },
    ]


def test_a_cancel_on_or_after_l_drops_the_renewal(project, actions):
    project.log(
        "a.csv",
        HEADER
        + "2025-07-20,policy,同日退,1000,health,offline\n"
        + "2025-07-20,cancel,同日退,1000,health,offline\n"  # on L's date: skipped
        + "2025-07-21,policy,先退,1000,health,offline\n"
        + "2025-07-20,cancel,先退,1000,health,offline\n"  # before L: listed
        + "2025-07-22,policy,退别的,1000,health,offline\n"
        + "2025-07-23,cancel,退别的,800,life,offline\n"  # another product: listed
        + "2025-07-24,policy,后退,1000,health,offline\n"
        + "2026-01-05,cancel,后退,1000,health,offline\n",  # after L: skipped
    )
    renewals = actions("--as-of", "2026-06-30")["renewals"]
    assert [r["customer"] for r in renewals] == ["先退", "退别的"]


def test_29_february_plus_one_year_is_28_february(project, actions):
    project.plan("---\nyear: 2025\n---\n")
    project.log("a.csv", HEADER + "2024-02-29,policy,闰日,1000,life,offline\n")
    (renewal,) = actions("--as-of", "2025-03-01")["renewals"]
    assert (renewal["due"], renewal["days"], renewal["stage"]) == ("2025-02-28", -1, "overdue")


def test_only_the_plans_renewal_products_and_the_order(project, actions):
    project.plan(
        "---\nyear: 2026\nproducts: {education: 教育金}\nrenewals: {products: [health, education]}\n---\n"
    )
    project.log(
        "a.csv",
        HEADER
        + "2025-07-10,policy,乙,1000,health,offline\n"
        + "2025-07-10,policy,甲,1000,education,offline\n"
        + "2025-07-10,policy,甲,1000,health,offline\n"
        + "2025-07-09,policy,丁,1000,health,offline\n"
        + "2025-07-09,policy,丁,1000,life,offline\n",  # life is not renewed in this plan
    )
    renewals = actions("--as-of", "2026-06-30")["renewals"]
    # by due, customer, product
    assert [(r["due"], r["customer"], r["product"]) for r in renewals] == [
        ("2026-07-09", "丁", "health"),
        ("2026-07-10", "乙", "health"),
        ("2026-07-10", "甲", "education"),
        ("2026-07-10", "甲", "health"),
    ]


@pytest.mark.parametrize("off", ["{}", "[]", "{products: []}"])
def test_renewals_turned_off(project, actions, off):
    project.plan(f"---\nyear: 2026\nrenewals: {off}\n---\n")
    project.log("a.csv", HEADER + "2025-07-10,policy,乙,1000,health,offline\n")
    assert actions("--as-of", "2026-06-30")["renewals"] == []


# ---------------------------------------------------------------- service

# as_of 2026-05-15: the 365 days are 2025-05-16 … 2026-05-15; Q2 is the current quarter,
# 2026-05-01 … 06-30 the current two months
SERVICE = HEADER + (
    "2026-01-10,policy,H1,60000,annuity,offline\n"
    "2026-04-20,visit,H1,,,\n"  # visited this quarter
    "2025-05-16,policy,H2,50000,life,offline\n"  # as_of − 364: inside the 365 days, ≥ high
    "2026-03-31,visit,H2,,,\n"  # last quarter
    "2025-05-15,policy,H3,70000,life,offline\n"  # as_of − 365: outside
    "2026-05-15,renewal,H3,40000,life,\n"
    "2026-02-01,policy,H3,10000,health,offline\n"  # 40000 + 10000 = 50000: high, never visited
    "2026-05-16,visit,H3,,,\n"  # after as_of: not read
    "2026-02-01,policy,M1,25000,health,offline\n"
    "2026-02-02,cancel,M1,10000,health,offline\n"  # 25000 − 10000 = 15000: middle
    "2026-04-30,call,M1,,,\n"  # the previous two months
    "2026-05-02,visit,M1,,,\n"  # a visit is not the middle tier's call
    "2026-03-01,policy,M2,10000,health,offline\n"  # exactly middle
    "2026-05-01,call,M2,,,\n"  # the window's first day
    "2026-03-02,policy,O1,9999.99,health,offline\n"  # ordinary
    "2026-03-03,visit,P,,,\n"  # a prospect is no existing customer
)


def test_service_lists_who_was_not_contacted_in_the_current_window(project, actions):
    project.log("a.csv", SERVICE)
    service = actions("--as-of", "2026-05-15")["service"]
    assert service == {
        "high": {
            "type": "visit",
            "per": "quarter",
            "window_start": "2026-04-01",
            "window_end": "2026-06-30",
            "customers": 3,
            "contacted": 1,
            # never contacted first, then oldest last contact
            "due": [
                {"customer": "H3", "last_contact": None},
                {"customer": "H2", "last_contact": "2026-03-31"},
            ],
        },
        "middle": {
            "type": "call",
            "per": "2 months",
            "window_start": "2026-05-01",
            "window_end": "2026-06-30",
            "customers": 2,
            "contacted": 1,
            "due": [{"customer": "M1", "last_contact": "2026-04-30"}],
        },
    }


def test_a_plan_may_serve_any_tier_by_a_label_and_turn_service_off(project, actions):
    project.plan("---\nyear: 2026\nservice:\n  ordinary: {type: 电话回访, per: month}\n---\n")
    project.log("a.csv", SERVICE)
    service = actions("--as-of", "2026-05-15")["service"]
    assert list(service) == ["ordinary"]
    assert service["ordinary"] | {"due": None} == {
        "type": "call",
        "per": "month",
        "window_start": "2026-05-01",
        "window_end": "2026-05-31",
        "customers": 1,
        "contacted": 0,
        "due": None,
    }
    assert service["ordinary"]["due"] == [{"customer": "O1", "last_contact": None}]
    project.plan("---\nyear: 2026\nservice: {}\n---\n")
    assert actions("--as-of", "2026-05-15")["service"] == {}


def test_tiers_follow_the_plans_thresholds(project, actions):
    project.plan("---\nyear: 2026\ntiers: {high: 20000, middle: 5000}\n---\n")
    project.log("a.csv", SERVICE)
    service = actions("--as-of", "2026-05-15")["service"]
    # M1's 15000 and M2's 10000 and O1's 9999.99 are middle now; every high stays high
    assert service["high"]["customers"] == 3
    assert service["middle"]["customers"] == 3
