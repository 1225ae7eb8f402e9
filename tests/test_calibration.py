"""Calibration and the reverse funnel (SPEC §6), worked out by hand."""

from __future__ import annotations

from bs4 import BeautifulSoup
from pytest import approx

HEADER = "date,type,customer,premium,product,channel,count\n"

LAST_YEAR = HEADER + (
    "2024-06-01,policy,A,1000,health,offline,\n"  # history: A is not new in 2025
    "2025-02-01,policy,A,2000,life,offline,\n"
    "2025-03-01,policy,B,3000,health,referral,\n"
    "2025-03-05,visit,B,,,,3\n"
    "2025-04-01,renewal,C,500,health,,\n"
    "2025-05-01,cancel,B,3000,health,referral,\n"
    "2025-06-01,visit,D,,,,1\n"
    "2026-01-10,policy,B,4000,health,offline,\n"  # B's second policy, but in 2026
    "2026-02-01,policy,E,5000,life,online,\n"
)


def plan(baseline: str = "", extra: str = "") -> str:
    return f"---\nyear: 2026\n{baseline}{extra}---\n# Plan\n"


def test_last_year_is_its_whole_calendar_year_up_to_its_end(project, build_metrics):
    project.plan(plan())
    project.log("a.csv", LAST_YEAR)
    # --as-of cuts the plan's year, never last year
    last = build_metrics("--as-of", "2026-01-05")["calibration"]["last_year"]
    assert last == {
        "year": 2025,
        # policies 2000 + 3000 − cancel 3000 = 2000; renewal 500
        "new_business_premium": approx(2000.0),
        "renewal_premium": approx(500.0),
        "premium_total": approx(2500.0),
        "policies": 1,  # 2 policy rows − 1 cancel row
        "avg_premium": approx(2000.0),  # 2000 / 1
        "new_customers": 1,  # B (A's earliest policy is 2024)
        "visits": 4,  # 3 + 1
        "visits_per_policy": approx(4.0),
        # buyers A and B; by 2025-12-31 A has two policy rows, B one (its second is 2026's)
        "repurchase_rate": approx(0.5),
    }


def test_last_year_is_null_without_a_row_dated_in_it(project, build_metrics):
    project.plan(plan("baseline: {premium: 820000, policies: 64}\n"))
    project.log("a.csv", HEADER + "2024-12-31,policy,A,1000,health,offline,\n"
                "2026-01-10,policy,B,2000,life,online,\n")  # fmt: skip
    calibration = build_metrics()["calibration"]
    assert calibration["last_year"] is None
    assert calibration["baseline"] == {
        "premium": {"plan": 820000, "logs": None, "gap": None},
        "policies": {"plan": 64, "logs": None, "gap": None},
        "new_customers": {"plan": None, "logs": None, "gap": None},
    }


def test_a_row_of_any_type_in_last_year_gives_its_figures(project, build_metrics):
    project.log("a.csv", "date,type\n2025-07-01,study\n2026-01-05,review\n")
    last = build_metrics()["calibration"]["last_year"]
    assert last["premium_total"] == 0 and last["policies"] == 0
    assert last["avg_premium"] is None and last["visits_per_policy"] is None
    assert last["repurchase_rate"] is None  # no buyer


def test_baseline_gap_and_the_warning_beyond_five_percent(project, build_metrics, capsys):
    # last year: premium 2500, policies 1, new customers 1 (see above)
    project.plan(plan("baseline: {premium: 2625, policies: 2, new_customers: 0.9}\n"))
    project.log("a.csv", LAST_YEAR)
    baseline = build_metrics()["calibration"]["baseline"]
    # (2625 − 2500) / 2500 = 0.05: on the edge, not beyond it
    assert baseline["premium"] == {"plan": 2625, "logs": 2500, "gap": approx(0.05)}
    assert baseline["policies"] == {"plan": 2, "logs": 1, "gap": approx(1.0)}  # (2 − 1) / 1
    assert baseline["new_customers"] == {"plan": 0.9, "logs": 1, "gap": approx(-0.1)}
    warnings = [line for line in capsys.readouterr().err.splitlines() if "baseline" in line]
    assert warnings == [  # the plan has no locale: zh-CN
        "警告：content/plan.md:3: baseline.policies: 2 — 2025 年的日志得出 1（+100.0%）："
        "请核对基数或去年的日志",
        "警告：content/plan.md:3: baseline.new_customers: 0.9 — 2025 年的日志得出 1（-10.0%）："
        "请核对基数或去年的日志",
    ]


def test_the_plan_page_shows_the_calibration_table(project, build_metrics):
    project.plan(plan("baseline: {premium: 2625, policies: 2, new_customers: 0.9}\n"))
    project.log("a.csv", LAST_YEAR)
    build_metrics()
    soup = BeautifulSoup((project.root / "site/plan.html").read_text("utf-8"), "html.parser")
    table = soup.select_one("section.calibration table")
    flagged = [tr.th.get_text(strip=True) for tr in table.select("tbody tr.off")]
    assert flagged == ["件数⚠", "新增客户⚠"]  # premium's 5% is not beyond 5%
    gap = table.select_one('[data-metric="calibration.baseline.policies.gap"]')
    assert (gap.get_text(), gap["data-value"]) == ("100.0%", "1.0")
    logs = table.select_one('[data-metric="calibration.baseline.premium.logs"]')
    assert logs.get_text() == "¥2,500"


# ---------------------------------------------------------------- the reverse funnel

# nb 3 × 12000 = 36000 and a renewal of 36000: total 72000; 27 visits; as_of 2026-09-10
FUNNEL_LOG = HEADER + (
    "2026-01-05,visit,V,,,,27\n"
    "2026-02-01,policy,A,12000,health,offline,\n"
    "2026-03-01,policy,B,12000,life,offline,\n"
    "2026-04-01,policy,C,12000,health,online,\n"
    "2026-05-01,renewal,D,36000,life,,\n"
    "2026-09-10,review,,,,,\n"
)
FUNNEL_PLAN = plan(
    "targets: {premium: 200000}\n",
    "cadences:\n"
    "  - {type: visit, count: 5, per: week}\n"
    "  - {quarter: Q3, type: call, count: 9, per: week}\n"  # not a visit
    "  - {quarter: Q4, type: visit, count: 3, per: week}\n",  # not in force on 09-11
)


def test_funnel_works_back_from_the_gap_to_weekly_visits(project, build_metrics):
    project.plan(FUNNEL_PLAN)
    project.log("a.csv", FUNNEL_LOG)
    assert build_metrics()["year"]["funnel"] == {
        "premium_gap": approx(128000.0),  # 200000 − 72000
        "avg_premium_basis": approx(12000.0),  # 36000 / 3
        "policies_needed": 11,  # ceil(128000 / 12000 = 10.67)
        "visits_per_policy_basis": approx(9.0),  # 27 / 3
        "visits_needed": 99,  # ceil(11 × 9)
        "weeks_left": approx(16.0),  # 2026-09-11 … 12-31: 20 + 31 + 30 + 31 = 112 days
        "weekly_visits_needed": approx(6.1875),  # 99 / 16
        "weekly_visits_planned": approx(5.0),  # the year's 5 a week; Q4's starts 10-01
    }


def test_the_year_page_reads_the_funnel_aloud(project, build_metrics):
    project.plan(FUNNEL_PLAN)
    project.log("a.csv", FUNNEL_LOG)
    build_metrics()
    soup = BeautifulSoup((project.root / "site/index.html").read_text("utf-8"), "html.parser")
    needs = soup.select_one("section.needs")
    assert needs.select_one(".say").get_text() == (
        "还差 12.8万，按件均 1.2万 约需 11 件，按 9:1 的转化约需 99 次拜访，即每周 6.2 次；"
        "计划是每周 5 次。"
    )
    # 6.1875 − 5 = 1.1875 more a week
    assert needs.select_one(".warn").get_text() == (
        "⚠ 计划的拜访节奏低于所需：每周还要多拜访 1.2 次。"
    )
    figure = needs.select_one('[data-metric="year.funnel.visits_needed"]')
    assert figure["data-value"] == "99"


def test_the_english_year_page_says_it_in_english(project, build_metrics):
    project.plan(FUNNEL_PLAN.replace("year: 2026\n", "year: 2026\nlocale: en\n"))
    project.log("a.csv", FUNNEL_LOG)
    build_metrics()
    soup = BeautifulSoup((project.root / "site/index.html").read_text("utf-8"), "html.parser")
    assert soup.select_one("section.needs .say").get_text() == (
        "¥128,000 to go, at ¥12,000 a policy that is about 11 policies, at 9:1 conversion about"
        " 99 visits, or 6.2 a week; the plan has 5 a week."
    )


def test_planned_visits_add_every_window_length_nominally(project, build_metrics):
    project.plan(
        plan(
            "",
            "cadences:\n"
            "  - {type: visit, count: 1, per: day}\n"  # 1 × 7 / 1 = 7
            "  - {type: visit, count: 3, per: 3 days}\n"  # 3 × 7 / 3 = 7
            "  - {type: visit, count: 4, per: 2 weeks}\n"  # 4 × 7 / 14 = 2
            "  - {quarter: Q2, type: 拜访, count: 2, per: month}\n"  # 2 × 7 / (365/12)
            "  - {quarter: Q2, type: visit, count: 3, per: 2 months}\n"  # 3 × 7 / (2 × 365/12)
            "  - {quarter: Q2, type: visit, count: 1, per: quarter}\n"  # 1 × 7 / (365/4)
            "  - {quarter: Q2, type: visit, count: 1, per: 2 quarters}\n",  # 7 / (365/2)
        )
    )
    project.log("a.csv", "date,type\n2026-03-31,review\n")  # the day after is Q2's first
    planned = build_metrics()["year"]["funnel"]["weekly_visits_planned"]
    assert planned == approx(7 + 7 + 2 + 168 / 365 + 126 / 365 + 28 / 365 + 14 / 365)


def test_without_policies_this_year_the_bases_are_last_years(project, build_metrics):
    project.plan(plan("targets: {premium: 50000}\n"))
    project.log(
        "a.csv",
        HEADER + "2025-03-01,policy,A,8000,health,offline,\n"
        "2025-04-01,policy,B,12000,life,offline,\n"
        "2025-04-02,visit,B,,,,6\n"
        "2026-02-01,visit,C,,,,4\n"  # visits this year, but no policy: last year's bases
        "2026-02-02,renewal,A,8000,health,,\n",
    )
    funnel = build_metrics()["year"]["funnel"]
    assert funnel["premium_gap"] == approx(42000.0)  # 50000 − 8000 (the renewal)
    assert funnel["avg_premium_basis"] == approx(10000.0)  # 2025: 20000 / 2
    assert funnel["policies_needed"] == 5  # ceil(4.2)
    assert funnel["visits_per_policy_basis"] == approx(3.0)  # 2025: 6 / 2
    assert funnel["visits_needed"] == 15
    # 2026-02-03 … 12-31: 332 days; 15 / (332 / 7)
    assert funnel["weekly_visits_needed"] == approx(15 * 7 / 332)
    assert funnel["weekly_visits_planned"] is None  # no visit cadence


def test_policies_without_visits_take_last_years_conversion(project, build_metrics):
    project.plan(plan("targets: {premium: 30000}\n"))
    project.log(
        "a.csv",
        HEADER + "2025-03-01,policy,A,8000,health,offline,\n"
        "2025-03-02,visit,A,,,,12\n"
        "2026-02-01,policy,B,5000,health,offline,\n",  # a policy, no visit this year
    )
    funnel = build_metrics()["year"]["funnel"]
    assert funnel["avg_premium_basis"] == approx(5000.0)  # this year's
    assert funnel["policies_needed"] == 5  # (30000 − 5000) / 5000
    assert funnel["visits_per_policy_basis"] == approx(12.0)  # last year's 12 / 1
    assert funnel["visits_needed"] == 60


def test_no_policy_in_either_year_leaves_the_policies_unknown(project, build_metrics):
    project.plan(
        plan("targets: {premium: 30000}\n", "cadences:\n  - {type: visit, count: 2, per: week}\n")
    )
    project.log("a.csv", HEADER + "2026-02-01,visit,B,,,,3\n")
    funnel = build_metrics()["year"]["funnel"]
    assert funnel["premium_gap"] == approx(30000.0)
    assert funnel["avg_premium_basis"] is None
    assert funnel["policies_needed"] is None
    assert funnel["visits_per_policy_basis"] is None
    assert funnel["visits_needed"] is None
    assert funnel["weekly_visits_needed"] is None
    assert funnel["weekly_visits_planned"] == approx(2.0)
    soup = BeautifulSoup((project.root / "site/index.html").read_text("utf-8"), "html.parser")
    assert soup.select_one("section.needs .say").get_text() == (
        "还差 3万，还没有成交可以算出件均保费；计划是每周 2 次。"
    )


def test_a_reached_target_needs_nothing(project, build_metrics):
    project.plan(plan("targets: {premium: 10000}\n"))
    project.log(
        "a.csv", HEADER + "2026-02-01,visit,B,,,,3\n2026-02-01,policy,B,12000,life,offline,\n"
    )
    funnel = build_metrics()["year"]["funnel"]
    assert funnel["premium_gap"] == 0  # max(10000 − 12000, 0)
    assert funnel["policies_needed"] == 0
    assert funnel["visits_needed"] == 0  # 0 × 3
    assert funnel["weekly_visits_needed"] == 0


def test_on_the_last_day_no_week_is_left(project, build_metrics):
    project.plan(FUNNEL_PLAN)
    project.log("a.csv", FUNNEL_LOG + "2026-12-31,review,,,,,\n")
    funnel = build_metrics()["year"]["funnel"]
    assert funnel["visits_needed"] == 99
    assert funnel["weeks_left"] == 0
    assert funnel["weekly_visits_needed"] is None
    assert funnel["weekly_visits_planned"] is None  # 2027-01-01 is outside the plan's year


def test_no_premium_target_no_funnel(project, build_metrics):
    project.log("a.csv", HEADER + "2026-02-01,policy,B,12000,life,offline,\n")
    funnel = build_metrics()["year"]["funnel"]
    assert funnel["premium_gap"] is None
    assert funnel["policies_needed"] is None and funnel["visits_needed"] is None
    assert funnel["avg_premium_basis"] == approx(12000.0)


def test_policies_needed_is_exact_not_binary_floating_point(project, build_metrics):
    # 19 policies, nb 1000: the basis is 1000/19; a gap of 3000 needs exactly 57 policies
    # (in binary floating point 3000 / (1000/19) = 57.00000000000001, whose ceil is 58)
    rows = "".join(f"2026-01-{d:02d},policy,C{d},50,health,offline,\n" for d in range(1, 19))
    project.plan(plan("targets: {premium: 4000}\n"))
    project.log("a.csv", HEADER + rows + "2026-01-20,policy,C20,100,health,offline,\n")
    assert build_metrics()["year"]["funnel"]["policies_needed"] == 57
