"""Totals of SPEC §4 on hand-made logs: premium, policies, averages, visits, null ratios."""

from __future__ import annotations

from pytest import approx

HEADER = "date,type,customer,premium,product,channel,count\n"

# One log used by several tests. Q1: two policies and a renewal; Q2: a policy and a
# cancel of B's Q1 policy (the cancel is dated in Q2, so it reduces Q2); a visit in Q2.
SALES = HEADER + (
    "2026-01-10,policy,A,10000,health,offline,\n"
    "2026-02-10,policy,B,20000,life,online,\n"
    "2026-03-05,renewal,C,5000,health,,\n"
    "2026-04-10,policy,D,8000,annuity,referral,\n"
    "2026-05-01,cancel,B,20000,life,online,\n"
)


def test_new_business_premium_is_policies_minus_cancels(project, build_metrics):
    project.log("sales.csv", SALES)
    m = build_metrics("--as-of", "2026-06-30")
    # 10000 + 20000 + 8000 (policies) - 20000 (cancel) = 18000
    assert m["year"]["new_business_premium"] == approx(18000.0)
    # Q1: 10000 + 20000 = 30000
    assert m["quarters"]["Q1"]["new_business_premium"] == approx(30000.0)


def test_renewal_premium_sums_renewal_rows_only(project, build_metrics):
    project.log("sales.csv", SALES)
    m = build_metrics("--as-of", "2026-06-30")
    # the one renewal row: 5000
    assert m["year"]["renewal_premium"] == approx(5000.0)
    assert m["quarters"]["Q1"]["renewal_premium"] == approx(5000.0)
    # no renewal dated in Q2
    assert m["quarters"]["Q2"]["renewal_premium"] == approx(0.0)


def test_premium_total_is_new_business_plus_renewal(project, build_metrics):
    project.log("sales.csv", SALES)
    m = build_metrics("--as-of", "2026-06-30")
    # 18000 + 5000 = 23000
    assert m["year"]["premium_total"] == approx(23000.0)
    # Q1: 30000 + 5000 = 35000
    assert m["quarters"]["Q1"]["premium_total"] == approx(35000.0)


def test_cancel_in_later_quarter_reduces_that_quarter_below_zero(project, build_metrics):
    project.log("sales.csv", SALES)
    m = build_metrics("--as-of", "2026-06-30")
    q2 = m["quarters"]["Q2"]
    # Q2: 8000 (D's policy) - 20000 (cancel of B's Q1 policy) = -12000
    assert q2["new_business_premium"] == approx(-12000.0)
    # -12000 + 0 renewal = -12000
    assert q2["premium_total"] == approx(-12000.0)
    # Q2 policies: 1 policy row - 1 cancel row = 0
    assert q2["policies"] == 0


def test_cancel_of_last_years_policy_reduces_this_year(project, build_metrics):
    project.log(
        "sales.csv",
        HEADER
        + "2025-12-20,policy,A,10000,health,offline,\n"
        + "2026-01-15,cancel,A,10000,health,offline,\n",
    )
    m = build_metrics("--as-of", "2026-03-31")
    # the 2025 policy is history only; the 2026 cancel counts: 0 - 10000 = -10000
    assert m["year"]["new_business_premium"] == approx(-10000.0)
    # 0 policy rows in 2026 - 1 cancel row = -1
    assert m["year"]["policies"] == -1


def test_policies_count_policy_rows_minus_cancel_rows(project, build_metrics):
    project.log("sales.csv", SALES)
    m = build_metrics("--as-of", "2026-06-30")
    # 3 policy rows - 1 cancel row = 2 (the renewal is not a policy)
    assert m["year"]["policies"] == 2
    # Q1: 2 policy rows, no cancel
    assert m["quarters"]["Q1"]["policies"] == 2


def test_avg_premium_is_new_business_premium_per_policy(project, build_metrics):
    project.log("sales.csv", SALES)
    m = build_metrics("--as-of", "2026-06-30")
    # 18000 / 2 = 9000
    assert m["year"]["avg_premium"] == approx(9000.0)
    # Q1: 30000 / 2 = 15000
    assert m["quarters"]["Q1"]["avg_premium"] == approx(15000.0)
    # Q2: -12000 / 0 policies -> zero denominator -> null
    assert m["quarters"]["Q2"]["avg_premium"] is None


def test_new_business_and_renewal_shares_of_premium_total(project, build_metrics):
    project.log("sales.csv", SALES)
    m = build_metrics("--as-of", "2026-06-30")
    # 18000 / 23000
    assert m["year"]["new_business_share"] == approx(18000 / 23000)
    # 5000 / 23000
    assert m["year"]["renewal_share"] == approx(5000 / 23000)
    # Q1: 30000 / 35000 and 5000 / 35000
    assert m["quarters"]["Q1"]["new_business_share"] == approx(30000 / 35000)
    assert m["quarters"]["Q1"]["renewal_share"] == approx(5000 / 35000)


def test_visits_sum_the_count_column_of_visit_rows(project, build_metrics):
    project.log(
        "activity.csv",
        HEADER
        + "2026-01-05,visit,A,,,,3\n"  # counts 3
        + "2026-01-06,visit,B,,,,\n"  # empty count -> 1
        + "2026-01-07,call,B,,,,4\n"  # a call is not a visit
        + "2026-01-10,policy,A,10000,health,offline,\n"
        + "2026-02-10,policy,B,20000,life,online,\n"
        + "2026-04-03,visit,C,,,,2\n",  # counts 2, in Q2
    )
    m = build_metrics("--as-of", "2026-06-30")
    # 3 + 1 + 2 = 6
    assert m["year"]["visits"] == 6
    # Q1: 3 + 1 = 4
    assert m["quarters"]["Q1"]["visits"] == 4
    # Q2: 2
    assert m["quarters"]["Q2"]["visits"] == 2


def test_visits_per_policy(project, build_metrics):
    project.log(
        "activity.csv",
        HEADER
        + "2026-01-05,visit,A,,,,3\n"
        + "2026-01-06,visit,B,,,,\n"
        + "2026-01-10,policy,A,10000,health,offline,\n"
        + "2026-02-10,policy,B,20000,life,online,\n"
        + "2026-04-03,visit,C,,,,2\n",
    )
    m = build_metrics("--as-of", "2026-06-30")
    # year: visits 3 + 1 + 2 = 6; policies 2 -> 6 / 2 = 3.0
    assert m["year"]["visits_per_policy"] == approx(3.0)
    # Q1: visits 4, policies 2 -> 2.0
    assert m["quarters"]["Q1"]["visits_per_policy"] == approx(2.0)
    # Q2: visits 2, policies 0 -> null
    assert m["quarters"]["Q2"]["visits_per_policy"] is None


def test_zero_denominator_ratios_are_null(project, build_metrics):
    # only a visit: no premium, no policy, no customer with a policy
    project.log("activity.csv", HEADER + "2026-02-01,visit,A,,,,1\n")
    m = build_metrics("--as-of", "2026-03-31")
    year = m["year"]
    assert year["premium_total"] == approx(0.0)
    assert year["new_business_share"] is None  # 0 / premium_total 0
    assert year["renewal_share"] is None  # 0 / premium_total 0
    assert year["avg_premium"] is None  # 0 / policies 0
    assert year["visits_per_policy"] is None  # 1 / policies 0
    assert year["referral_customer_share"] is None  # 0 / new_customers 0
    assert year["repurchase_rate"] is None  # no customer with a policy row
    # a quarter with no rows at all
    q3 = m["quarters"]["Q3"]
    assert q3["avg_premium"] is None
    assert q3["new_business_share"] is None
    assert q3["visits_per_policy"] is None


def test_rows_before_the_year_are_not_counted_in_totals(project, build_metrics):
    project.log(
        "sales.csv",
        HEADER
        + "2025-12-31,policy,A,50000,health,offline,\n"
        + "2025-12-31,visit,A,,,,4\n"
        + "2026-01-01,policy,B,7000,life,online,\n",
    )
    m = build_metrics("--as-of", "2026-03-31")
    # only B's 2026 policy: 7000, 1 policy, 0 visits
    assert m["year"]["premium_total"] == approx(7000.0)
    assert m["year"]["policies"] == 1
    assert m["year"]["visits"] == 0


ENGLISH_UTF8 = HEADER + (
    "2026-01-10,policy,张三,12000,health,offline,\n"
    "2026-02-03,visit,李四,,,,2\n"
    "2026-03-01,renewal,王五,5000,life,,\n"
    "2026-03-02,policy,赵六,8000.50,annuity,referral,\n"
    "2026-03-20,cancel,张三,12000,health,offline,\n"
)

# The same five rows with Chinese headers, labels, dates and amounts.
CHINESE_GB18030 = (
    "日期,类型,客户,保费,险种,渠道,数量\n"
    "2026年1月10日,新单,张三,1.2万,健康险,线下,\n"
    "2026/2/3,拜访,李四,,,,2\n"
    "2026/3/1,续期,王五,5000元,寿险,,\n"
    '2026-03-02,成交,赵六,"8,000.50",年金险,转介绍,\n'
    "2026年3月20日,退保,张三,12000元,健康险,线下,\n"
)


def test_chinese_gb18030_log_gives_the_same_figures_as_english_utf8(project, tmp_path):
    english = type(project)(tmp_path / "english")
    english.log("sales.csv", ENGLISH_UTF8)
    assert english.build() == 0
    chinese = type(project)(tmp_path / "chinese")
    chinese.log("sales.csv", CHINESE_GB18030, encoding="gb18030")
    assert chinese.build() == 0
    m_en, m_zh = english.metrics(), chinese.metrics()
    year = m_zh["year"]
    # 1.2万 = 12000; 12000 + 8000.50 - 12000 = 8000.50
    assert year["new_business_premium"] == approx(8000.5)
    # 8000.50 + 5000 = 13000.50
    assert year["premium_total"] == approx(13000.5)
    # 2 policy rows (新单 + 成交) - 1 cancel (退保) = 1
    assert year["policies"] == 1
    # 数量 2 on the 拜访 row
    assert year["visits"] == 2
    # 张三 and 赵六; 赵六 came by 转介绍
    assert year["new_customers"] == 2
    assert year["referral_new_customers"] == 1
    # as_of defaults to the latest date, 2026年3月20日
    assert m_zh["meta"]["as_of"] == "2026-03-20"
    assert m_zh["year"] == m_en["year"]
    assert m_zh["quarters"] == m_en["quarters"]
    assert m_zh["mix"] == m_en["mix"]
