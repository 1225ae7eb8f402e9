"""Customer metrics of SPEC §4: new customers, referral new customers, repurchase rate."""

from __future__ import annotations

from pytest import approx

HEADER = "date,type,customer,premium,product,channel,count\n"


def test_new_customers_exclude_customers_first_sold_last_year(project, build_metrics):
    project.log(
        "sales.csv",
        HEADER
        + "2025-11-03,policy,A,5000,health,offline,\n"  # A's first policy: 2025
        + "2026-01-10,policy,A,6000,life,offline,\n"  # A buys again: not new
        + "2025-12-01,visit,E,,,,\n"  # a visit is not a policy
        + "2026-01-20,policy,B,7000,health,online,\n"  # B: first policy in Q1
        + "2026-03-01,policy,E,4000,health,offline,\n"  # E: first policy in Q1
        + "2026-04-02,policy,C,3000,health,offline,\n"  # C: first policy in Q2
        + "2026-04-05,policy,B,2000,life,online,\n",  # B again: not new in Q2
    )
    m = build_metrics("--as-of", "2026-06-30")
    # year: B, E, C = 3 (A's earliest policy row is in 2025)
    assert m["year"]["new_customers"] == 3
    # Q1: B, E = 2
    assert m["quarters"]["Q1"]["new_customers"] == 2
    # Q2: C = 1 (B's earliest policy row is in Q1)
    assert m["quarters"]["Q2"]["new_customers"] == 1


def test_new_customer_is_decided_by_earliest_policy_row_despite_cancel(project, build_metrics):
    project.log(
        "sales.csv",
        HEADER
        + "2026-02-01,policy,D,5000,health,offline,\n"  # D's earliest policy row: Q1
        + "2026-02-15,cancel,D,5000,health,offline,\n"  # cancelled, still D's first
        + "2026-05-01,policy,D,6000,health,offline,\n",  # buys again in Q2: not new
    )
    m = build_metrics("--as-of", "2026-06-30")
    # D counts once in the year, in Q1, not in Q2
    assert m["year"]["new_customers"] == 1
    assert m["quarters"]["Q1"]["new_customers"] == 1
    assert m["quarters"]["Q2"]["new_customers"] == 0


def test_new_customer_whose_first_policy_is_after_as_of_is_not_counted(project, build_metrics):
    project.log(
        "sales.csv",
        HEADER
        + "2026-01-10,policy,A,5000,health,offline,\n"
        + "2026-03-10,policy,B,5000,health,offline,\n",
    )
    m = build_metrics("--as-of", "2026-02-28")
    # B's row is after as_of and ignored: only A
    assert m["year"]["new_customers"] == 1


def test_referral_new_customers_use_the_earliest_day_policy_rows(project, build_metrics):
    project.log(
        "sales.csv",
        HEADER
        + "2026-01-05,policy,A,1000,health,referral,\n"  # A: first day referral -> yes
        + "2026-01-06,policy,B,1000,health,offline,\n"  # B: first day offline
        + "2026-01-20,policy,B,1000,life,referral,\n"  # ...a later referral -> no
        + "2026-01-08,policy,C,1000,health,offline,\n"  # C: two rows on first day,
        + "2026-01-08,policy,C,2000,life,referral,\n"  # ...one referral -> yes, once
        + "2026-01-09,policy,D,1000,health,online,\n"  # D: online -> no
        + "2025-12-01,policy,E,1000,health,referral,\n"  # E: first sold in 2025,
        + "2026-02-01,policy,E,1000,life,referral,\n",  # ...so not new in 2026
    )
    m = build_metrics("--as-of", "2026-03-31")
    # new customers in 2026: A, B, C, D = 4
    assert m["year"]["new_customers"] == 4
    # referral among them: A, C = 2
    assert m["year"]["referral_new_customers"] == 2
    # 2 / 4 = 0.5
    assert m["year"]["referral_customer_share"] == approx(0.5)
    assert m["quarters"]["Q1"]["referral_new_customers"] == 2
    assert m["quarters"]["Q1"]["referral_customer_share"] == approx(0.5)


def test_referral_new_customer_counts_in_the_quarter_of_the_first_policy(project, build_metrics):
    project.log(
        "sales.csv",
        HEADER
        + "2026-03-31,policy,A,1000,health,offline,\n"  # A new in Q1, not referral
        + "2026-04-01,policy,B,1000,health,referral,\n"  # B new in Q2, referral
        + "2026-04-02,policy,C,1000,health,offline,\n",  # C new in Q2, not referral
    )
    m = build_metrics("--as-of", "2026-06-30")
    assert m["quarters"]["Q1"]["referral_new_customers"] == 0
    # 0 / 1 = 0.0
    assert m["quarters"]["Q1"]["referral_customer_share"] == approx(0.0)
    assert m["quarters"]["Q2"]["referral_new_customers"] == 1
    # 1 / 2 = 0.5
    assert m["quarters"]["Q2"]["referral_customer_share"] == approx(0.5)
    # year: 1 / 3
    assert m["year"]["referral_customer_share"] == approx(1 / 3)


def test_repurchase_rate_counts_customers_with_two_policy_rows_up_to_as_of(project, build_metrics):
    project.log(
        "sales.csv",
        HEADER
        + "2025-06-01,policy,A,1000,health,offline,\n"  # A: history row counts
        + "2026-02-01,policy,A,1100,health,offline,\n"  # A: 2 rows -> repurchased
        + "2026-02-01,policy,B,1200,health,offline,\n"  # B: 1 row up to as_of
        + "2026-07-01,policy,B,1300,health,offline,\n"  # ...this one is after as_of
        + "2026-02-05,policy,C,1400,health,offline,\n"  # C: Q1 row
        + "2026-05-05,policy,C,1500,health,offline,\n"  # ...and a Q2 row -> 2 rows
        + "2026-04-01,policy,D,1600,health,offline,\n"  # D: 1 policy row
        + "2026-04-10,cancel,D,1600,health,offline,\n",  # ...a cancel is no policy row
    )
    m = build_metrics("--as-of", "2026-06-30")
    # year: customers with a policy row in 2026 up to as_of: A, B, C, D;
    # with >= 2 policy rows up to as_of: A, C -> 2 / 4
    assert m["year"]["repurchase_rate"] == approx(0.5)
    # Q1: A, B, C; A and C -> 2 / 3 (C's second row is in Q2 but before as_of)
    assert m["quarters"]["Q1"]["repurchase_rate"] == approx(2 / 3)
    # Q2: C, D; C -> 1 / 2
    assert m["quarters"]["Q2"]["repurchase_rate"] == approx(0.5)
    # Q3: B's July row is after as_of -> no customer -> null
    assert m["quarters"]["Q3"]["repurchase_rate"] is None


def test_customer_names_with_surrounding_spaces_are_one_customer(project, build_metrics):
    project.log(
        "sales.csv",
        HEADER
        + '2026-01-05,policy,"  Alice",1000,health,offline,\n'
        + '2026-02-05,policy,"Alice  ",2000,life,referral,\n'
        + "2026-03-05,policy,Alice,3000,annuity,online,\n",
    )
    m = build_metrics("--as-of", "2026-03-31")
    # one customer "Alice" -> 1 new customer, not 3
    assert m["year"]["new_customers"] == 1
    # her first day (01-05) was offline -> not a referral new customer
    assert m["year"]["referral_new_customers"] == 0
    # 1 customer with 3 policy rows -> 1 / 1
    assert m["year"]["repurchase_rate"] == approx(1.0)
