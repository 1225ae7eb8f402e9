"""Prospects to follow up, birthdays and needs-based combos (SPEC §7), worked out by hand."""

from __future__ import annotations

import json

import pytest

HEADER = "date,type,customer,premium,product,channel,outcome,reason,count\n"


@pytest.fixture
def actions(project):
    """Build with full names and return a reader of data/actions.json."""

    def run(*args: str) -> dict:
        assert project.build("--show-names", *args) == 0
        return json.loads((project.root / "site/data/actions.json").read_text("utf-8"))

    return run


def customer_file(project, text: str) -> None:
    (project.root / "content" / "customers.csv").write_text(text, "utf-8")


# ---------------------------------------------------------------- follow-ups

# as_of 2026-05-15; follow_up_days 14 by default
PROSPECTS = HEADER + (
    "2026-05-01,visit,十四天,,,,follow_up,,\n"  # 14 days before as_of: listed
    "2026-05-02,call,十三天,,,,follow_up,,\n"  # 13 days: not yet
    "2026-03-01,visit,多次,,,,follow_up,价格太高,\n"
    "2026-03-10,call,多次,,,,follow_up,需求不迫切,2\n"
    "2026-03-20,visit,多次,,,,lost,价格太高,\n"
    "2026-02-01,visit,买了,,,,follow_up,,\n"
    "2026-02-10,policy,买了,1000,health,offline,,,\n"  # a policy: no prospect
    "2026-02-01,visit,以后买,,,,follow_up,预算待定,\n"
    "2026-06-01,policy,以后买,1000,health,offline,,,\n"  # after as_of: still a prospect
    "2026-01-05,call,无结果,,,,lost,,\n"
    "2026-01-06,call,无结果,,,,,,\n"  # the last contact has no outcome
    "2026-01-07,referral,无结果,,,,,介绍人,\n"  # not a visit or call
)


def test_follow_ups_are_prospects_quiet_for_follow_up_days(project, actions):
    project.log("a.csv", PROSPECTS)
    assert actions("--as-of", "2026-05-15")["follow_ups"] == [
        {
            "customer": "无结果",
            "last_contact": "2026-01-06",
            "contacts": 2,
            "last_outcome": None,
            "reasons": [],
        },
        {
            "customer": "以后买",
            "last_contact": "2026-02-01",
            "contacts": 1,
            "last_outcome": "follow_up",
            "reasons": ["预算待定"],
        },
        {
            "customer": "多次",
            "last_contact": "2026-03-20",
            "contacts": 4,  # 1 + 2 + 1
            "last_outcome": "lost",
            "reasons": ["价格太高", "需求不迫切"],  # distinct, in order of first mention
        },
        {
            "customer": "十四天",
            "last_contact": "2026-05-01",
            "contacts": 1,
            "last_outcome": "follow_up",
            "reasons": [],
        },
    ]


def test_follow_up_days_zero_lists_every_prospect(project, actions):
    project.plan("---\nyear: 2026\nactions: {follow_up_days: 0}\n---\n")
    project.log("a.csv", PROSPECTS)
    listed = [f["customer"] for f in actions("--as-of", "2026-05-15")["follow_ups"]]
    assert listed == ["无结果", "以后买", "多次", "十四天", "十三天"]


def test_actions_turned_off_lists_no_follow_up_and_no_birthday(project, actions):
    project.plan("---\nyear: 2026\nactions: {}\n---\n")
    project.log("a.csv", PROSPECTS)
    customer_file(project, "客户,生日\n张三,5月16日\n")
    lists = actions("--as-of", "2026-05-15")
    assert (lists["follow_ups"], lists["birthdays"], lists["horizon_end"]) == ([], [], None)


# ---------------------------------------------------------------- birthdays

BIRTHDAYS = (
    "客户,生日\n"
    "当天,1990-11-20\n"  # on as_of: the horizon starts the day after
    "次日,1980-11-21\n"  # as_of + 1
    "末日,1985年12月4日\n"  # as_of + 14 = horizon_end
    "过了,1985-12-05\n"  # as_of + 15
    "无年份,11月25日\n"
    "同日,1980/11/21\n"
)


def test_birthdays_in_the_horizon_days_after_as_of(project, actions):
    project.log("a.csv", "date,type\n2026-11-20,review\n")
    customer_file(project, BIRTHDAYS)
    lists = actions()
    assert lists["as_of"] == "2026-11-20"
    assert lists["horizon_end"] == "2026-12-04"
    assert lists["birthdays"] == [
        {"customer": "同日", "date": "2026-11-21", "age": 46},  # by date, then customer
        {"customer": "次日", "date": "2026-11-21", "age": 46},
        {"customer": "无年份", "date": "2026-11-25", "age": None},
        {"customer": "末日", "date": "2026-12-04", "age": 41},
    ]


def test_a_horizon_across_new_year_and_29_february(project, actions):
    project.plan("---\nyear: 2026\nactions: {horizon_days: 70}\n---\n")
    project.log("a.csv", "date,type\n2026-12-25,review\n")
    customer_file(project, "客户,生日\n新年,1990-01-03\n闰日,1988-02-29\n年末,12-26\n")
    lists = actions("--as-of", "2026-12-25")
    # 2026-12-26 … 2027-03-05; 2027 is a common year: 29 February falls on the 28th
    assert lists["birthdays"] == [
        {"customer": "年末", "date": "2026-12-26", "age": None},
        {"customer": "新年", "date": "2027-01-03", "age": 37},
        {"customer": "闰日", "date": "2027-02-28", "age": 39},
    ]


def test_29_february_in_a_leap_year(project, actions):
    project.plan("---\nyear: 2028\n---\n")
    project.log("a.csv", "date,type\n2028-02-20,review\n")
    customer_file(project, "客户,生日\n闰日,1988-02-29\n")
    assert actions()["birthdays"] == [{"customer": "闰日", "date": "2028-02-29", "age": 40}]


# ---------------------------------------------------------------- combos

# as_of 2026-06-30; the default rules: 家庭 25–35 with children (health, life), 养老 35–50
# (annuity, health), 商旅 tag 出差 (property_accident, health), 安家 tag 购房 (life,
# property_accident)
COMBO_FILE = (
    "客户,生日,子女,标签\n"
    "二十五,2001-06-30,1,\n"  # 25 on as_of (a birthday that day)
    "二十四,2001-07-01,1,\n"  # 24: too young
    "三十五,1990-07-01,2,出差；购房\n"  # 35: both age rules and both tags
    "五十,1975-07-01,0,\n"  # 50
    "五十一,1975-06-30,0,\n"  # 51: too old
    "无子女,1996-01-01,0,\n"  # 30 without children
    "不知子女,1996-01-01,,\n"  # 30, children unknown
    "无年份,3月5日,1,出差\n"  # no age: only the tag rule
    "全有,1996-01-01,1,\n"  # holds both family lines
    "新客户,1998-05-05,1,购房\n"  # never in the logs
)
COMBO_LOG = HEADER + (
    "2025-01-01,policy,三十五,1000,health,offline,,,\n"
    "2025-01-02,policy,五十,1000,annuity,offline,,,\n"
    "2025-01-03,policy,五十,1000,health,offline,,,\n"  # 五十 holds both: not listed
    "2025-01-04,policy,无年份,1000,property_accident,offline,,,\n"
    "2025-02-01,cancel,无年份,1000,property_accident,offline,,,\n"  # 1 − 1 = 0: missing
    "2025-01-05,policy,全有,1000,health,offline,,,\n"
    "2025-01-06,policy,全有,1000,life,offline,,,\n"
    "2025-01-07,policy,全有,1000,life,offline,,,\n"
    "2025-01-08,cancel,全有,1000,life,offline,,,\n"  # 2 − 1 = 1: held
    "2026-06-30,review,,,,,,,\n"
)


def test_combos_list_the_missing_lines_by_customer_then_rule(project, actions):
    project.plan("---\nyear: 2026\n---\n")  # zh-CN: the default combos are Chinese
    project.log("a.csv", COMBO_LOG)
    customer_file(project, COMBO_FILE)
    combos = actions()["combos"]
    assert combos == [
        {"customer": "三十五", "combo": "家庭保障组合", "missing": ["life"]},
        {"customer": "三十五", "combo": "养老规划组合", "missing": ["annuity"]},
        {"customer": "三十五", "combo": "商旅保障组合", "missing": ["property_accident"]},
        {"customer": "三十五", "combo": "安家保障组合", "missing": ["life", "property_accident"]},
        {"customer": "二十五", "combo": "家庭保障组合", "missing": ["health", "life"]},
        {"customer": "新客户", "combo": "家庭保障组合", "missing": ["health", "life"]},
        {"customer": "新客户", "combo": "安家保障组合", "missing": ["life", "property_accident"]},
        {"customer": "无年份", "combo": "商旅保障组合", "missing": ["property_accident", "health"]},
    ]


def test_a_plans_own_combos_and_children_false(project, actions):
    project.plan(
        "---\nyear: 2026\ncombos:\n"
        "  - {name: 单身保障, age: [30, 30], children: false, products: [health]}\n"
        "  - {name: 全体, products: [annuity]}\n---\n"
    )
    project.log("a.csv", COMBO_LOG)
    customer_file(project, COMBO_FILE)
    combos = actions()["combos"]
    assert [c for c in combos if c["combo"] == "单身保障"] == [
        {"customer": "无子女", "combo": "单身保障", "missing": ["health"]}  # 不知子女: unknown
    ]
    # a rule without conditions fits everybody; 五十 holds an annuity
    everyone = {c["customer"] for c in combos if c["combo"] == "全体"}
    assert everyone == {
        "二十五", "二十四", "三十五", "五十一", "无子女", "不知子女", "无年份", "全有", "新客户"
    }  # fmt: skip


def test_combos_turned_off(project, actions):
    project.plan("---\nyear: 2026\ncombos: []\n---\n")
    project.log("a.csv", COMBO_LOG)
    customer_file(project, COMBO_FILE)
    assert actions()["combos"] == []
