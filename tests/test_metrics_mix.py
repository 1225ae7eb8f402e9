"""Mixes of SPEC §4: product, channel and tier shares of new-business premium vs plan."""

from __future__ import annotations

from pytest import approx

HEADER = "date,type,customer,premium,product,channel,count\n"

MIX_PLAN = """\
---
year: 2026
products: {education: 教育金}
mix:
  product: {health: 0.40, life: 0.25, annuity: 0.20, property_accident: 0.15}
  tier: {high: 0.30, middle: 0.40, ordinary: 0.30}
  channel: {offline: 0.50, online: 0.30, referral: 0.20}
tiers: {high: 50000, middle: 10000}
---
"""

# Year new business: 40000 + 30000 + 20000 + 20000 - 10000 = 100000 (renewal excluded).
SALES = HEADER + (
    "2026-01-10,policy,A,40000,health,offline,\n"
    "2026-02-01,renewal,A,50000,life,,\n"
    "2026-02-10,policy,B,30000,life,online,\n"
    "2026-03-10,policy,C,20000,health,referral,\n"
    "2026-04-10,policy,D,20000,annuity,offline,\n"
    "2026-05-10,cancel,B,10000,life,online,\n"
)


def test_product_shares_of_new_business_premium(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log("sales.csv", SALES)
    product = build_metrics("--as-of", "2026-06-30")["mix"]["product"]
    # health 40000 + 20000 = 60000 / 100000
    assert product["health"]["actual"] == approx(0.6)
    # life 30000 - 10000 (cancel) = 20000 / 100000 (the life renewal is not new business)
    assert product["life"]["actual"] == approx(0.2)
    # annuity 20000 / 100000
    assert product["annuity"]["actual"] == approx(0.2)
    assert product["health"]["target"] == approx(0.40)
    assert product["life"]["target"] == approx(0.25)


def test_channel_shares_of_new_business_premium(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log("sales.csv", SALES)
    channel = build_metrics("--as-of", "2026-06-30")["mix"]["channel"]
    # offline 40000 + 20000 = 60000 / 100000
    assert channel["offline"]["actual"] == approx(0.6)
    # online 30000 - 10000 = 20000 / 100000
    assert channel["online"]["actual"] == approx(0.2)
    # referral 20000 / 100000
    assert channel["referral"]["actual"] == approx(0.2)
    assert channel["offline"]["target"] == approx(0.50)
    assert channel["referral"]["target"] == approx(0.20)


def test_plan_key_with_no_premium_has_actual_zero(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log("sales.csv", SALES)
    product = build_metrics("--as-of", "2026-06-30")["mix"]["product"]
    # no property_accident row: 0 / 100000 = 0
    assert product["property_accident"]["actual"] == approx(0.0)
    assert product["property_accident"]["target"] == approx(0.15)


def test_quarter_mix_uses_the_quarters_rows_with_cancels_where_dated(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log("sales.csv", SALES)
    q2 = build_metrics("--as-of", "2026-06-30")["quarters"]["Q2"]["mix"]
    # Q2 new business: 20000 (annuity, offline) - 10000 (life cancel, online) = 10000
    assert q2["product"]["annuity"]["actual"] == approx(2.0)  # 20000 / 10000
    assert q2["product"]["life"]["actual"] == approx(-1.0)  # -10000 / 10000
    assert q2["product"]["health"]["actual"] == approx(0.0)
    assert q2["channel"]["offline"]["actual"] == approx(2.0)
    assert q2["channel"]["online"]["actual"] == approx(-1.0)
    # targets are the annual ones
    assert q2["product"]["annuity"]["target"] == approx(0.20)


def test_quarter_without_new_business_has_null_actuals(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log("sales.csv", SALES)
    q3 = build_metrics("--as-of", "2026-06-30")["quarters"]["Q3"]["mix"]
    # no Q3 row: new business 0 -> every actual null, targets still the annual ones
    for key in ["health", "life", "annuity", "property_accident"]:
        assert q3["product"][key]["actual"] is None
    for key in ["offline", "online", "referral"]:
        assert q3["channel"][key]["actual"] is None
    assert q3["product"]["health"]["target"] == approx(0.40)
    assert q3["channel"]["online"]["target"] == approx(0.30)


def test_year_without_new_business_has_null_actuals(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log("renewals.csv", HEADER + "2026-02-01,renewal,A,50000,life,,\n")
    mix = build_metrics("--as-of", "2026-06-30")["mix"]
    # only a renewal: new business premium 0 -> null, not 0
    assert mix["product"]["life"]["actual"] is None
    assert mix["product"]["health"]["actual"] is None
    assert mix["channel"]["offline"]["actual"] is None
    assert mix["tier"]["high"]["actual"] is None


def test_key_in_the_logs_but_not_in_the_plan_has_null_target(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log(
        "sales.csv",
        HEADER
        + "2026-01-10,policy,A,30000,health,offline,\n"
        + "2026-02-10,policy,B,10000,education,online,\n"
        + "2026-04-10,policy,C,20000,health,offline,\n",
    )
    m = build_metrics("--as-of", "2026-06-30")
    education = m["mix"]["product"]["education"]
    # 10000 / (30000 + 10000 + 20000 = 60000)
    assert education["actual"] == approx(1 / 6)
    assert education["target"] is None
    # a quarter lists the year's keys: Q2 has education too, with 0 / 20000 = 0
    q2_education = m["quarters"]["Q2"]["mix"]["product"]["education"]
    assert q2_education["actual"] == approx(0.0)
    assert q2_education["target"] is None


def test_quarter_mix_lists_the_same_keys_as_the_year(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log(
        "sales.csv",
        HEADER
        + "2026-01-10,policy,A,30000,health,offline,\n"
        + "2026-02-10,policy,B,10000,education,online,\n",
    )
    m = build_metrics("--as-of", "2026-06-30")
    for quarter in m["quarters"].values():
        for dimension in ["product", "channel", "tier"]:
            assert set(quarter["mix"][dimension]) == set(m["mix"][dimension])
    assert "education" in m["quarters"]["Q4"]["mix"]["product"]


# Tiers by each customer's premium_total in 2026 up to as_of 2026-06-30:
#   A: 30000 policy + 25000 renewal = 55000 >= 50000 -> high
#   B: 20000 + 5000 = 25000 -> middle
#   C: 60000 - 55000 (cancel) = 5000 < 10000 -> ordinary
#   D: 8000 (the 2025 policy of 100000 is history, not the year) -> ordinary
#   E: 12000 (the 50000 renewal on 07-05 is after as_of) -> middle
#   F: 10000 = middle threshold -> middle
TIER_SALES = HEADER + (
    "2026-01-10,policy,A,30000,health,offline,\n"
    "2026-02-01,renewal,A,25000,health,,\n"
    "2026-01-15,policy,B,20000,life,online,\n"
    "2026-03-01,policy,B,5000,health,online,\n"
    "2026-02-01,policy,C,60000,annuity,offline,\n"
    "2026-04-01,cancel,C,55000,annuity,offline,\n"
    "2025-12-01,policy,D,100000,life,offline,\n"
    "2026-03-05,policy,D,8000,life,offline,\n"
    "2026-03-10,policy,E,12000,health,referral,\n"
    "2026-07-05,renewal,E,50000,health,,\n"
    "2026-04-10,policy,F,10000,health,offline,\n"
)


def test_tier_shares_by_customer_premium_in_the_year(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log("sales.csv", TIER_SALES)
    tier = build_metrics("--as-of", "2026-06-30")["mix"]["tier"]
    # new business 2026 up to as_of:
    # 30000 + 20000 + 5000 + 60000 - 55000 + 8000 + 12000 + 10000 = 90000
    # high: A 30000 -> 30000 / 90000
    assert tier["high"]["actual"] == approx(30000 / 90000)
    # middle: B 25000 + E 12000 + F 10000 = 47000 -> 47000 / 90000
    assert tier["middle"]["actual"] == approx(47000 / 90000)
    # ordinary: C 60000 - 55000 + D 8000 = 13000 -> 13000 / 90000
    assert tier["ordinary"]["actual"] == approx(13000 / 90000)
    assert tier["high"]["target"] == approx(0.30)
    assert tier["middle"]["target"] == approx(0.40)


def test_quarter_tier_uses_the_customers_year_tier(project, build_metrics):
    project.plan(MIX_PLAN)
    project.log("sales.csv", TIER_SALES)
    q1 = build_metrics("--as-of", "2026-06-30")["quarters"]["Q1"]["mix"]["tier"]
    # Q1 new business: A 30000 + B 20000 + B 5000 + C 60000 + D 8000 + E 12000 = 135000
    # C's 60000 stays ordinary (C's year total is 5000), A is high
    assert q1["high"]["actual"] == approx(30000 / 135000)
    # middle: B 25000 + E 12000 = 37000
    assert q1["middle"]["actual"] == approx(37000 / 135000)
    # ordinary: C 60000 + D 8000 = 68000
    assert q1["ordinary"]["actual"] == approx(68000 / 135000)
