"""Targets and progress of SPEC §4: growth or absolute targets, quarter shares, share targets."""

from __future__ import annotations

from pytest import approx

HEADER = "date,type,customer,premium,product,channel,count\n"
ONE_VISIT = HEADER + "2026-01-05,visit,A,,,,1\n"

GROWTH_PLAN = """\
---
year: 2026
baseline: {premium: 820000, policies: 64, new_customers: 45}
targets:
  premium: {growth: 0.18}
  policies: {growth: 0.12}
  new_customers: {growth: 0.20}
---
# Plan
"""


def test_premium_target_from_growth(project, build_metrics):
    project.plan(GROWTH_PLAN)
    project.log("a.csv", ONE_VISIT)
    m = build_metrics()
    # 820000 x (1 + 0.18) = 967600
    assert m["year"]["premium_target"] == approx(967600.0)


def test_premium_target_from_an_absolute_amount(project, build_metrics):
    project.plan(
        """\
        ---
        year: 2026
        baseline: {premium: 820000}
        targets:
          premium: 1000000
        ---
        """
    )
    project.log("a.csv", ONE_VISIT)
    m = build_metrics()
    # the absolute amount wins over the baseline: 1000000
    assert m["year"]["premium_target"] == approx(1000000.0)
    # Q1 by the default 30%: 1000000 x 0.30 = 300000
    assert m["quarters"]["Q1"]["premium_target"] == approx(300000.0)


def test_policies_and_new_customers_targets_are_rounded(project, build_metrics):
    project.plan(GROWTH_PLAN)
    project.log("a.csv", ONE_VISIT)
    m = build_metrics()
    # 64 x 1.12 = 71.68 -> 72
    assert m["year"]["policies_target"] == 72
    # 45 x 1.20 = 54.0 -> 54
    assert m["year"]["new_customers_target"] == 54


def test_targets_round_halves_up(project, build_metrics):
    project.plan(
        """\
        ---
        year: 2026
        baseline: {policies: 50, new_customers: 10}
        targets:
          policies: {growth: 0.25}
          new_customers: {growth: 0.25}
        ---
        """
    )
    project.log("a.csv", ONE_VISIT)
    m = build_metrics()
    # 50 x 1.25 = 62.5 -> 63 (not banker's 62)
    assert m["year"]["policies_target"] == 63
    # 10 x 1.25 = 12.5 -> 13 (not banker's 12)
    assert m["year"]["new_customers_target"] == 13


def test_targets_round_down_below_a_half(project, build_metrics):
    project.plan(
        """\
        ---
        year: 2026
        baseline: {policies: 30}
        targets:
          policies: {growth: 0.01}
          new_customers: 41
        ---
        """
    )
    project.log("a.csv", ONE_VISIT)
    m = build_metrics()
    # 30 x 1.01 = 30.3 -> 30
    assert m["year"]["policies_target"] == 30
    # an absolute count: 41
    assert m["year"]["new_customers_target"] == 41


def test_quarter_targets_use_default_shares_without_quarters(project, build_metrics):
    project.plan(GROWTH_PLAN)
    project.log("a.csv", ONE_VISIT)
    q = build_metrics()["quarters"]
    # premium 967600 x 0.30 / 0.25 / 0.25 / 0.20
    assert q["Q1"]["premium_target"] == approx(290280.0)
    assert q["Q2"]["premium_target"] == approx(241900.0)
    assert q["Q3"]["premium_target"] == approx(241900.0)
    assert q["Q4"]["premium_target"] == approx(193520.0)
    # policies: rounded annual 72 x share, not rounded: 21.6 / 18 / 18 / 14.4
    assert q["Q1"]["policies_target"] == approx(21.6)
    assert q["Q2"]["policies_target"] == approx(18.0)
    assert q["Q4"]["policies_target"] == approx(14.4)
    # new customers: 54 x share: 16.2 / 13.5 / 13.5 / 10.8
    assert q["Q1"]["new_customers_target"] == approx(16.2)
    assert q["Q3"]["new_customers_target"] == approx(13.5)
    assert q["Q4"]["new_customers_target"] == approx(10.8)


QUARTER_PLAN = """\
---
year: 2026
baseline: {premium: 820000, policies: 64, new_customers: 45}
targets:
  premium: {growth: 0.18}
  policies: {growth: 0.12}
  new_customers: {growth: 0.20}
quarters:
  Q1: {name: 开门红, premium_share: 0.30, new_customer_share: 0.25}
  Q2: {name: 深耕期, premium_share: 0.25, new_customer_share: 0.30, policies_share: 0.20}
  Q3: {name: 巩固期, premium_share: 0.25}
  Q4: {name: 冲刺期, premium_share: 0.20, policies_share: 0.25}
---
"""


def test_quarter_premium_target_is_annual_times_premium_share(project, build_metrics):
    project.plan(QUARTER_PLAN)
    project.log("a.csv", ONE_VISIT)
    q = build_metrics()["quarters"]
    # 967600 x 0.30 = 290280; x 0.25 = 241900; x 0.20 = 193520
    assert q["Q1"]["premium_target"] == approx(290280.0)
    assert q["Q2"]["premium_target"] == approx(241900.0)
    assert q["Q4"]["premium_target"] == approx(193520.0)
    assert q["Q1"]["name"] == "开门红"
    assert q["Q4"]["name"] == "冲刺期"


def test_quarter_policies_target_uses_policies_share_else_premium_share(project, build_metrics):
    project.plan(QUARTER_PLAN)
    project.log("a.csv", ONE_VISIT)
    q = build_metrics()["quarters"]
    # annual 72; Q1 no policies_share -> premium_share 0.30: 72 x 0.30 = 21.6
    assert q["Q1"]["policies_target"] == approx(21.6)
    # Q2 policies_share 0.20: 72 x 0.20 = 14.4
    assert q["Q2"]["policies_target"] == approx(14.4)
    # Q3 -> premium_share 0.25: 72 x 0.25 = 18.0
    assert q["Q3"]["policies_target"] == approx(18.0)
    # Q4 policies_share 0.25: 72 x 0.25 = 18.0 (premium_share 0.20 would give 14.4)
    assert q["Q4"]["policies_target"] == approx(18.0)


def test_quarter_new_customers_target_is_not_rounded(project, build_metrics):
    project.plan(QUARTER_PLAN)
    project.log("a.csv", ONE_VISIT)
    q = build_metrics()["quarters"]
    # annual 54; Q1 new_customer_share 0.25: 54 x 0.25 = 13.5 (not 14)
    assert q["Q1"]["new_customers_target"] == approx(13.5)
    # Q2 new_customer_share 0.30: 54 x 0.30 = 16.2
    assert q["Q2"]["new_customers_target"] == approx(16.2)
    # Q3 -> premium_share 0.25: 13.5; Q4 -> premium_share 0.20: 10.8
    assert q["Q3"]["new_customers_target"] == approx(13.5)
    assert q["Q4"]["new_customers_target"] == approx(10.8)


def test_quarter_target_uses_the_rounded_annual_target(project, build_metrics):
    project.plan(
        """\
        ---
        year: 2026
        baseline: {policies: 50}
        targets:
          policies: {growth: 0.25}
        ---
        """
    )
    project.log("a.csv", ONE_VISIT)
    q = build_metrics()["quarters"]
    # annual 62.5 -> 63; Q1 = 63 x 0.30 = 18.9 (62.5 x 0.30 would be 18.75)
    assert q["Q1"]["policies_target"] == approx(18.9)
    # Q4 = 63 x 0.20 = 12.6
    assert q["Q4"]["policies_target"] == approx(12.6)


def test_share_targets_carry_year_and_quarter_override(project, build_metrics):
    project.plan(
        """\
        ---
        year: 2026
        targets:
          new_business_share: 0.60
          referral_customer_share: 0.30
        quarters:
          Q1: {premium_share: 0.30}
          Q2: {premium_share: 0.25}
          Q3: {premium_share: 0.25, renewal_share: 0.40, referral_customer_share: 0.35}
          Q4: {premium_share: 0.20}
        ---
        """
    )
    project.log("a.csv", ONE_VISIT)
    m = build_metrics()
    year, q1, q3 = m["year"], m["quarters"]["Q1"], m["quarters"]["Q3"]
    assert year["new_business_share_target"] == approx(0.60)
    assert year["referral_customer_share_target"] == approx(0.30)
    # the plan sets no year renewal share -> null
    assert year["renewal_share_target"] is None
    # Q1 sets none of its own -> the year's, and null where the year has none
    assert q1["new_business_share_target"] == approx(0.60)
    assert q1["referral_customer_share_target"] == approx(0.30)
    assert q1["renewal_share_target"] is None
    # Q3 sets its own renewal and referral shares
    assert q3["new_business_share_target"] == approx(0.60)
    assert q3["referral_customer_share_target"] == approx(0.35)
    assert q3["renewal_share_target"] == approx(0.40)


def test_share_targets_are_null_when_the_plan_sets_none(project, build_metrics):
    project.log("a.csv", ONE_VISIT)
    m = build_metrics()
    for period in [m["year"], *m["quarters"].values()]:
        assert period["new_business_share_target"] is None
        assert period["referral_customer_share_target"] is None
        assert period["renewal_share_target"] is None


def test_progress_is_actual_over_target(project, build_metrics):
    project.plan(
        """\
        ---
        year: 2026
        baseline: {premium: 820000, policies: 64, new_customers: 45}
        targets:
          premium: {growth: 0.18}
          policies: {growth: 0.12}
          new_customers: {growth: 0.20}
        quarters:
          Q1: {premium_share: 0.30, new_customer_share: 0.25}
          Q2: {premium_share: 0.25, new_customer_share: 0.30}
          Q3: {premium_share: 0.25}
          Q4: {premium_share: 0.20}
        ---
        """
    )
    project.log(
        "sales.csv",
        HEADER
        + "2026-01-10,policy,A,100000,health,offline,\n"
        + "2026-02-10,policy,B,50000,life,online,\n"
        + "2026-03-01,renewal,C,20000,health,,\n",
    )
    m = build_metrics("--as-of", "2026-03-31")
    year, q1, q2 = m["year"], m["quarters"]["Q1"], m["quarters"]["Q2"]
    # premium_total 100000 + 50000 + 20000 = 170000; target 967600
    assert year["premium_progress"] == approx(170000 / 967600)
    # policies 2 / target 72
    assert year["policies_progress"] == approx(2 / 72)
    # new customers A, B = 2 / target 54
    assert year["new_customers_progress"] == approx(2 / 54)
    # Q1: 170000 / (967600 x 0.30 = 290280)
    assert q1["premium_progress"] == approx(170000 / 290280)
    # Q1: 2 / (72 x 0.30 = 21.6)
    assert q1["policies_progress"] == approx(2 / 21.6)
    # Q1: 2 / (54 x 0.25 = 13.5)
    assert q1["new_customers_progress"] == approx(2 / 13.5)
    # Q2: nothing yet: 0 / 241900 = 0.0
    assert q2["premium_progress"] == approx(0.0)
