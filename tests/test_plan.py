"""The plan's schema: every problem named by key (and line), all at once; unknown keys warned."""

from __future__ import annotations

import pytest

LOG = "date,type\n2026-01-05,review\n"


def build_with(project, errors, plan: str) -> list[str]:
    project.plan(plan, locale=None if "locale:" in plan else "en")
    project.log("a.csv", LOG)
    assert project.build() == 1
    return errors()


def test_bad_yaml_names_file_and_line(project, errors):
    plan = "---\nyear: 2026\ntitle: 计划: 2026\nagent: 王小明\n---\n"
    assert build_with(project, errors, plan) == [
        "content/plan.md:3: invalid YAML — mapping values are not allowed here"
    ]


def test_every_problem_is_reported_at_once(project, errors):
    plan = """\
        ---
        year: 2026
        targets:
          premium: {growth: lots}
        mix:
          product: {health: 0.5, life: 0.4}
          channel: {offline: 0.5, tv: 0.5}
        types: {visit: 拜访}
        cadences:
          - {type: dance, count: 1, per: week}
          - {type: visit, count: 1, per: fortnight}
        ---
        """
    assert build_with(project, errors, plan) == [
        "content/plan.md:4: targets.premium.growth: lots — not a number",
        "content/plan.md:8: types.visit: — visit is built in already",
        "content/plan.md:4: targets.premium.growth: lots — a growth target needs baseline.premium",
        "content/plan.md:6: mix.product: 0.9 — shares must add up to 1 (100% ± 0.5%)",
        "content/plan.md:7: mix.channel.tv: — not a channel (one of offline, online, referral)",
        "content/plan.md:10: cadences[0].type: dance — not an activity type (declare it under types:)",
        "content/plan.md:11: cadences[1].per: fortnight — use day, week, 2 weeks, month or quarter",
    ]


def test_year_is_required(project, errors):
    assert build_with(project, errors, "---\ntitle: x\n---\n") == [
        "content/plan.md: year: — required"
    ]


@pytest.mark.parametrize(
    ("yaml_line", "message"),
    [
        (
            "mix: {tier: {high: abc, middle: 0.5, ordinary: 0.5}}",
            "content/plan.md:3: mix.tier.high: abc — not a number",
        ),
        (
            "mix: {tier: {high: 30, middle: 0.5}}",
            "content/plan.md:3: mix.tier.high: 30 — a share is a fraction from 0 to 1 (write 0.40 or 40%)",
        ),
        (
            "mix: {product: {health: 0.6, education: 0.4}}",
            "content/plan.md:3: mix.product.education: — not a product (one of health, life, annuity,"
            " property_accident)",
        ),
        # a locale it cannot speak: the message is zh-CN's
        ("locale: fr", "content/plan.md:3: locale: fr — 应为 zh-CN、en 之一"),
    ],
)
def test_single_plan_errors(project, errors, yaml_line, message):
    assert build_with(project, errors, f"---\nyear: 2026\n{yaml_line}\n---\n") == [message]


def test_mix_within_half_a_percent_and_percent_strings_are_accepted(build_metrics, project):
    project.plan(
        "---\nyear: 2026\nmix: {channel: {offline: 50%, online: '30%', referral: 0.196}}\n---\n"
    )
    project.log("a.csv", LOG)
    assert build_metrics()["mix"]["channel"]["offline"]["target"] == 0.5


def test_declared_products_and_types_are_read_by_id_and_label(build_metrics, project):
    project.plan(
        "---\nyear: 2026\nproducts: {education: 教育金}\ntypes: {salon: 客户沙龙}\n"
        "cadences:\n  - {type: 客户沙龙, count: 1, per: month}\n---\n"
    )
    project.log(
        "a.csv",
        "date,type,customer,premium,product,channel\n"
        "2026-01-05,客户沙龙,,,,\n2026-01-06,policy,张三,100,教育金,offline\n",
    )
    metrics = build_metrics()
    assert metrics["mix"]["product"] == {"education": {"actual": 1.0, "target": None}}
    assert metrics["year"]["cadences"][0]["type"] == "salon"
    assert metrics["year"]["cadences"][0]["label"] == "客户沙龙"
    assert metrics["year"]["cadences"][0]["windows"][0]["done"] == 1


def test_unknown_keys_are_warned_about_and_the_build_goes_on(project, capsys):
    project.plan(
        "---\nyear: 2026\nmotto: 加油\ntargets: {premium: 100000, stretch: 2}\n---\n", locale="en"
    )
    project.log("a.csv", LOG)
    assert project.build() == 0
    err = capsys.readouterr().err.splitlines()
    assert "warning: content/plan.md:3: motto: unknown key ignored" in err
    assert "warning: content/plan.md:4: targets.stretch: unknown key ignored" in err


def test_the_action_keys_are_validated_by_key_all_at_once(project, errors):
    plan = """\
        ---
        year: 2026
        service:
          vip: {type: visit, per: quarter}
          high: {type: dance, per: fortnight}
          middle: {type: call}
        renewals: {products: [health, dental]}
        combos:
          - {name: 倒序, age: [35, 25], products: [health]}
          - {name: 小数, age: [1.5, 3], children: maybe, products: [car]}
          - {name: 空, products: []}
          - {products: [life]}
        actions: {horizon_days: -1, follow_up_days: x}
        ---
        """
    assert build_with(project, errors, plan) == [
        "content/plan.md:6: service.middle.per: — required",
        "content/plan.md:9: combos[0].age: [35, 25] — write [low, high]: two whole numbers with"
        " low <= high",
        "content/plan.md:10: combos[1].age: [1.5, 3] — write [low, high]: two whole numbers with"
        " low <= high",
        "content/plan.md:10: combos[1].children: maybe — write true or false",
        "content/plan.md:11: combos[2].products: [] — give at least one",
        "content/plan.md:12: combos[3].name: — required",
        "content/plan.md:13: actions.horizon_days: -1 — must be at least 0",
        "content/plan.md:13: actions.follow_up_days: x — not a whole number",
        "content/plan.md:4: service.vip: — not a tier (one of high, middle, ordinary)",
        "content/plan.md:5: service.high.type: dance — not an activity type (declare it under types:)",
        "content/plan.md:5: service.high.per: fortnight — use day, week, 2 weeks, month or quarter",
        "content/plan.md:7: renewals.products[1]: dental — not a product (one of health, life,"
        " annuity, property_accident)",
        "content/plan.md:10: combos[1].products[0]: car — not a product (one of health, life,"
        " annuity, property_accident)",
    ]


def test_declared_products_and_types_serve_the_action_keys(build_metrics, project):
    project.plan(
        "---\nyear: 2026\nproducts: {education: 教育金}\ntypes: {salon: 客户沙龙}\n"
        "service: {high: {type: 客户沙龙, per: 2 months}}\n"
        "renewals: {products: [education]}\n"
        "combos: [{name: 教育, children: true, products: [education, health]}]\n---\n"
    )
    project.log("a.csv", LOG)
    assert build_metrics()["meta"]["year"] == 2026


def test_unknown_keys_in_a_service_rule_are_warned_about(project, capsys):
    project.plan(
        "---\nyear: 2026\nservice:\n  high: {type: visit, per: quarter, by: me}\n---\n",
        locale="en",
    )
    project.log("a.csv", LOG)
    assert project.build() == 0
    err = capsys.readouterr().err.splitlines()
    assert "warning: content/plan.md:4: service.high.by: unknown key ignored" in err
