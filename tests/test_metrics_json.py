"""The shape of site/data/metrics.json (SPEC §5) and the merge of overlapping exports (§2)."""

from __future__ import annotations

import json

from pytest import approx

HEADER = "date,type,customer,premium,product,channel,count\n"

YEAR_KEYS = {
    "premium_total", "new_business_premium", "renewal_premium", "policies", "avg_premium",
    "new_customers", "referral_new_customers", "referral_customer_share",
    "new_business_share", "renewal_share", "visits", "visits_per_policy", "repurchase_rate",
    "premium_target", "policies_target", "new_customers_target",
    "new_business_share_target", "referral_customer_share_target", "renewal_share_target",
    "premium_progress", "policies_progress", "new_customers_progress",
    "expected_progress", "on_track", "projected_premium", "required_weekly_premium",
    "cadences", "funnel",
}  # fmt: skip

QUARTER_KEYS = {
    "name", "premium_total", "new_business_premium", "renewal_premium", "policies",
    "avg_premium", "new_customers", "referral_new_customers", "referral_customer_share",
    "new_business_share", "renewal_share", "visits", "visits_per_policy", "repurchase_rate",
    "premium_target", "policies_target", "new_customers_target",
    "premium_progress", "policies_progress", "new_customers_progress", "cadences", "mix",
}  # fmt: skip

CADENCE_KEYS = {"type", "label", "count", "per", "windows", "judged", "met", "compliance", "streak"}

PLAN = """\
---
title: 2026 年度销售目标计划
agent: 王小明
year: 2026
targets:
  premium: 967600
cadences:
  - {quarter: Q1, type: visit, count: 1, per: week}
---
# Plan
"""

SALES = HEADER + (
    "2025-12-01,policy,A,1000,health,offline,\n"
    "2026-01-10,policy,B,2000,life,online,\n"
    "2026-03-20,visit,C,,,,1\n"
    "2027-01-05,policy,D,4000,health,offline,\n"
)


def test_top_level_keys(project, build_metrics):
    project.plan(PLAN)
    project.log("a.csv", SALES)
    m = build_metrics()
    assert set(m) == {"meta", "year", "mix", "quarters", "calibration"}
    assert set(m["quarters"]) == {"Q1", "Q2", "Q3", "Q4"}
    assert set(m["mix"]) == {"product", "channel", "tier"}
    assert YEAR_KEYS <= set(m["year"])
    for quarter in m["quarters"].values():
        assert QUARTER_KEYS <= set(quarter)
    window = m["quarters"]["Q1"]["cadences"][0]["windows"][0]
    assert set(window) == {"start", "end", "required", "done", "met"}
    cadence = m["quarters"]["Q1"]["cadences"][0]
    assert CADENCE_KEYS <= set(cadence)


def test_meta(project, build_metrics):
    project.plan(PLAN)
    project.log("a.csv", SALES)
    meta = build_metrics()["meta"]
    assert set(meta) == {"year", "as_of", "agent", "locale", "rows", "merged_rows", "skipped_rows"}
    assert meta["year"] == 2026
    # latest date within 2026 (the 2027 row is outside the year)
    assert meta["as_of"] == "2026-03-20"
    assert meta["agent"] == "王小明"
    assert meta["locale"] == "zh-CN"  # the default
    # rows kept, all dates (2025 and 2027 included): 4
    assert meta["rows"] == 4
    assert meta["merged_rows"] == 0
    assert meta["skipped_rows"] == 0


def test_meta_locale_en(project, build_metrics):
    project.plan("---\nyear: 2026\nlocale: en\n---\n")
    project.log("a.csv", SALES)
    assert build_metrics()["meta"]["locale"] == "en"


def test_skipped_rows_are_counted_in_meta(project, build_metrics):
    project.log(
        "a.csv",
        HEADER
        + "2026-01-10,policy,B,2000,life,online,\n"
        + "not-a-date,policy,C,3000,life,online,\n"
        + "2026-01-12,visit,C,,,,1\n",
    )
    m = build_metrics("--skip-bad-rows")
    # one bad row skipped, two kept
    assert m["meta"]["skipped_rows"] == 1
    assert m["meta"]["rows"] == 2
    assert m["year"]["premium_total"] == approx(2000.0)


def test_money_is_float_yuan_and_dates_iso(project, build_metrics):
    project.plan(PLAN)
    project.log("a.csv", SALES)
    m = build_metrics()
    assert isinstance(m["year"]["premium_target"], float)
    assert m["year"]["premium_target"] == approx(967600.0)
    assert isinstance(m["year"]["premium_total"], float)
    # only B's 2026 policy: 2000
    assert m["year"]["premium_total"] == approx(2000.0)
    assert m["quarters"]["Q1"]["cadences"][0]["windows"][0]["start"] == "2026-01-01"


ROW_X = "2026-01-10,policy,A,1000,health,offline,\n"
ROW_Y = "2026-01-11,policy,B,2000,life,online,\n"


def test_duplicate_rows_across_files_count_max_n_m(project, build_metrics):
    project.log("a.csv", HEADER + ROW_X + ROW_X + ROW_Y)  # X twice, Y once
    project.log("b.csv", HEADER + ROW_X + ROW_X + ROW_X)  # X three times
    m = build_metrics()
    # X counts max(2, 3) = 3 times, Y once: 4 rows kept of 6 read -> 2 merged
    assert m["meta"]["rows"] == 4
    assert m["meta"]["merged_rows"] == 2
    # policies 3 + 1 = 4; premium 3 x 1000 + 2000 = 5000
    assert m["year"]["policies"] == 4
    assert m["year"]["new_business_premium"] == approx(5000.0)


def test_duplicate_rows_within_one_file_are_not_merged(project, build_metrics):
    project.log("a.csv", HEADER + ROW_X + ROW_X)
    m = build_metrics()
    # one file is a complete export: both rows count
    assert m["meta"]["merged_rows"] == 0
    assert m["meta"]["rows"] == 2
    assert m["year"]["policies"] == 2


def test_rows_are_the_same_once_read(project, build_metrics):
    # different date and amount spellings, header language, column order and an
    # unknown column: the same row once read
    project.log(
        "crm.csv",
        "crm_id,date,type,customer,premium,product,channel\n"
        '17,2026/1/10,policy,A,"1,000",health,offline\n',
    )
    project.log(
        "export.csv",
        "客户,日期,类型,保费,险种,渠道\nA,2026年1月10日,新单,1000元,健康险,线下\n",
    )
    m = build_metrics()
    # max(1, 1) = 1 -> 1 row kept, 1 merged
    assert m["meta"]["rows"] == 1
    assert m["meta"]["merged_rows"] == 1
    assert m["year"]["policies"] == 1
    assert m["year"]["premium_total"] == approx(1000.0)


def test_rows_differing_in_a_table_column_are_not_merged(project, build_metrics):
    project.log("a.csv", HEADER + ROW_X)
    project.log("b.csv", HEADER + "2026-01-10,policy,A,1000,health,online,\n")
    m = build_metrics()
    # channel differs -> two different rows
    assert m["meta"]["merged_rows"] == 0
    assert m["year"]["policies"] == 2


def test_two_builds_are_byte_identical(project):
    project.plan(PLAN)
    project.log("a.csv", SALES)
    project.log("b.csv", HEADER + ROW_X + ROW_Y)
    path = project.root / "site" / "data" / "metrics.json"
    assert project.build() == 0
    first = path.read_bytes()
    assert project.build() == 0
    assert path.read_bytes() == first


def test_keys_are_sorted(project):
    project.plan(PLAN)
    project.log("a.csv", SALES)
    assert project.build() == 0
    text = (project.root / "site" / "data" / "metrics.json").read_text("utf-8")
    unsorted: list[list[str]] = []

    def check(pairs: list[tuple[str, object]]) -> dict:
        keys = [k for k, _ in pairs]
        if keys != sorted(keys):
            unsorted.append(keys)
        return dict(pairs)

    json.loads(text, object_pairs_hook=check)
    assert unsorted == []
