"""What a new user reads (issue 7): the pages' words and figures as parsed HTML, on a small
hand-made project whose every figure is worked out below, and on the sample site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Project
from sample_site import built_sample

from battlemap import fmt
from battlemap.pages.quarter import tracked_types
from battlemap.plan import load_plan

# as_of = 2026-01-20 (the latest row), a Tuesday in Q1 (90 days; day 20 of it)
PLAN = """\
---
year: 2026
targets:
  premium: 400000
  policies: 10
  new_customers: 8
  new_business_share: 0.60
  referral_customer_share: 0.30
mix:
  product: {health: 0.40, life: 0.30, annuity: 0.30}
  channel: {offline: 0.50, online: 0.30, referral: 0.20}
cadences:
  - {quarter: Q1, type: visit, count: 3, per: week}
  - {quarter: Q1, type: event, count: 2, per: month}
  - {type: training, count: 1, per: month}
---
# 计划

## 风险应对

| 风险 | 信号 | 应对 |
|---|---|---|
| 进度落后 | 保费进度低于时间进度 | 每周加拜访 |
| 险种结构偏离 | 健康险占比过高 | 多讲年金 |
| 犹豫期退保 | 新单签单后客户动摇 | 签单后回访 |
| 转介绍不足 | 转介绍客户占比低于 30% | 签单当天请转介绍 |
"""

LOG = """\
date,type,customer,premium,product,channel,count,note
2026-01-05,visit,甲一,,,,2,
2026-01-05,policy,甲一,30000,health,offline,,首单
2026-01-06,visit,乙二,,,,,
2026-01-06,policy,乙二,20000,health,referral,,
2026-01-07,visit,丙三,,,,,
2026-01-07,policy,丙三,10000,life,online,,
2026-01-08,renewal,戊五,30000,life,,,
2026-01-09,visit,丁四,,,,,
2026-01-10,event,,,,,,社区讲座
2026-01-13,visit,丁四,,,,,
2026-01-13,policy,丁四,5000,annuity,offline,,
2026-01-14,cancel,丙三,10000,life,online,,犹豫期退保
2026-01-15,cancel,甲一,30000,health,offline,,
2026-01-15,visit,己六,,,,2,
2026-01-20,training,,,,,,
"""
# year / Q1 to as_of: new business 30000 + 20000 + 10000 + 5000 - 10000 - 30000 = 25000,
# renewal 30000, premium_total 55000; policies 4 - 2 = 2; new customers 甲乙丙丁 = 4, one by
# referral (乙) -> referral share 0.25 (minimum 0.30: 5.0 points below); new-business share
# 25000 / 55000 = 0.4545 (minimum 0.60: 14.5 points below).
# product mix: health 30000 + 20000 - 30000 = 20000 -> 0.8 (target 0.4, above: no alert),
# life 10000 - 10000 = 0 -> 0.0 (0.3: 30.0 below), annuity 5000 -> 0.2 (0.3: 10.0 below).
# channel mix: offline 30000 + 5000 - 30000 = 5000 -> 0.2 (0.5: 30.0 below), online 0 -> 0.0
# (0.3: 30.0 below), referral 20000 -> 0.8 (0.2, above: no alert).
# pace: year progress 55000 / 400000 = 0.1375 >= expected 0.3 * 20 / 90 = 0.0667: on track.


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project(tmp_path_factory.mktemp("words") / "proj")
    project.plan(PLAN)
    project.log("a.csv", LOG)
    assert project.build() == 0
    return project


def page(project: Project, name: str) -> BeautifulSoup:
    return BeautifulSoup((project.root / "site" / name).read_text("utf-8"), "html.parser")


def text(el) -> str:
    return re.sub(r"\s+", " ", el.get_text(" ", strip=True))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_sample(tmp_path_factory) / "site"


def sample_page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text("utf-8"), "html.parser")


# ---------------------------------------------------------------- 2: words, not `5 / week`


@pytest.mark.parametrize(
    ("count", "per", "zh", "en"),
    [
        (5, "week", "每周 5 次", "5 a week"),
        (1, "2 weeks", "每 2 周 1 次", "1 every 2 weeks"),
        (1, "day", "每天 1 次", "1 a day"),
        (2, "quarter", "每季度 2 次", "2 a quarter"),
        (2, "month", "每月 2 次", "2 a month"),
        (3, "3 days", "每 3 天 3 次", "3 every 3 days"),
        (1, "2 months", "每 2 个月 1 次", "1 every 2 months"),
    ],
)
def test_a_cadence_reads_as_words(count: int, per: str, zh: str, en: str):
    assert fmt.cadence(count, per, "zh-CN") == zh
    assert fmt.cadence(count, per, "en") == en


def test_sample_pages_write_cadences_in_chinese(sample: Path):
    q4 = [text(el) for el in sample_page(sample, "quarters/q4.html").select(".cadence .rule")]
    assert q4 == ["每周 6 次", "每 2 周 10 次", "每天 1 次"]
    plan = text(sample_page(sample, "plan.html").select("table.targets")[-1])
    for rule in ("每周 5 次", "每 2 周 1 次", "每月 2 次", "每季度 2 次", "每天 1 次"):
        assert rule in plan, rule
    for name in ("index.html", "quarters/q1.html", "plan.html", "reviews/2026-w05.html"):
        shown = text(sample_page(sample, name))
        assert not re.search(r"\d+ / (week|day|month|quarter|\d+ weeks)", shown), name


# English words a zh-CN page may show: the tool's name and week/quarter codes
ALLOWED_LATIN = re.compile(r"^(Battlemap|W\d+|Q[1-4])$")
SHOWN_ATTRS = ("title", "aria-label", "aria-roledescription", "alt")


def _latin_words(soup: BeautifulSoup) -> set[str]:
    """Return the Latin words a page shows or reads aloud, outside the plan's and notes' text."""
    for tag in soup.select(".narrative, script, style"):
        tag.decompose()
    words = set(re.findall(r"[A-Za-z]{2,}\w*", soup.get_text(" ")))
    for tag in soup.find_all(True):
        for attr in SHOWN_ATTRS:
            if tag.has_attr(attr):
                words |= {f"{attr}={w}" for w in re.findall(r"[A-Za-z]{2,}\w*", tag[attr])}
    return {w for w in words if not ALLOWED_LATIN.match(w.split("=")[-1])}


def test_no_english_word_from_the_tool_on_a_chinese_page(sample: Path):
    """Text, tooltips (title) and what a screen reader reads (aria-*), charts included."""
    found = {}
    for path in sorted(sample.rglob("*.html")):
        words = _latin_words(BeautifulSoup(path.read_text("utf-8"), "html.parser"))
        if words:
            found[path.relative_to(sample).as_posix()] = sorted(words)[:8]
    assert found == {}


def mark_titles(soup: BeautifulSoup, selector: str = "figure.chart") -> list[str]:
    """Return the <title> of every mark of the charts (a missing one as None)."""
    return [m.title.get_text() if m.title else None for m in soup.select(f"{selector} svg g.mark")]


# every field a zh-CN chart's tooltip names (i18n.py's words)
ZH_FIELDS = {"日期", "系列", "累计保费（万元）", "周", "起始日", "保费（万元）", "类型", "数量"}
ZH_FIELDS |= {"结构", "指标", "占比", "环节"}


def test_chart_tooltips_name_their_fields_in_the_plans_words(sample: Path):
    titles = []
    for name in ("index.html", "quarters/q1.html", "quarters/q4.html"):
        titles += mark_titles(sample_page(sample, name))
    assert len(titles) > 200 and None not in titles
    fields = {part.split(" ")[0] for t in titles for part in t.split("；")}
    assert fields <= ZH_FIELDS, fields - ZH_FIELDS
    weekly = mark_titles(sample_page(sample, "index.html"), "#chart-weekly")
    # the year's week 5 (Jan 26-Feb 1): its cancels exceed its policies by ¥4,520 = 0.452万
    assert weekly[4] == "周 W05；起始日 2026年1月26日；保费（万元） -0.45"


ENGLISH_PLAN = """\
---
year: 2026
locale: en
targets: {premium: 967600, policies: 40}
cadences:
  - {quarter: Q1, type: visit, count: 5, per: week}
  - {type: training, count: 1, per: 2 weeks}
---
# Plan
"""
ENGLISH_LOG = """\
date,type,customer,premium,product,channel,outcome,reason,note
2026-01-05,visit,Alice Wong,,,,follow_up,too expensive,first meeting
2026-01-06,visit,Bob Li,,,,closed,,signed
2026-01-06,policy,Bob Li,12000,health,offline,,,health plan
2026-01-07,training,,,,,,,
2026-01-12,cancel,Bob Li,12000,health,offline,,,changed his mind
2026-02-10,call,Carol Zhou,,,,lost,no budget,call back in spring
"""
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_locale_en_shows_nothing_chinese_anywhere(project: Project):
    """Text, attributes, chart specs and SVGs of every page of an English plan."""
    project.plan(ENGLISH_PLAN)
    project.log("a.csv", ENGLISH_LOG)
    assert project.build() == 0
    site = project.root / "site"
    found = {}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        chars = CJK.findall(soup.get_text())
        chars += [
            c
            for tag in soup.find_all(True)
            for v in tag.attrs.values()
            for c in CJK.findall(str(v))
        ]
        if chars:
            found[path.relative_to(site).as_posix()] = "".join(chars)[:40]
    assert found == {}
    q1 = page(project, "quarters/q1.html")
    assert [text(el) for el in q1.select(".cadence .rule")] == ["5 a week"]
    assert "1 every 2 weeks" in text(page(project, "index.html"))
    # the charts speak English too: W02 holds the ¥12,000 policy, W03 its cancel
    weekly = mark_titles(page(project, "index.html"), "#chart-weekly")
    assert weekly[1:3] == [
        "Week W02; Starts Jan 5, 2026; Premium (¥) 12,000",
        "Week W03; Starts Jan 12, 2026; Premium (¥) -12,000",
    ]


# ---------------------------------------------------------------- 4: the activity chart


def test_the_activity_chart_shows_the_tracked_types_and_others(sample: Path):
    plan = load_plan(Path(__file__).resolve().parents[1])
    # Q4's own cadences (visit, call, post), then the year's (training, review, …), at most 5
    assert tracked_types(plan, "Q4") == ["visit", "call", "post", "training", "review"]
    assert tracked_types(plan, "Q3") == ["call", "training", "review", "study", "shadow"]
    chart = sample_page(sample, "quarters/q4.html").select_one("#chart-activity svg")
    legend = chart.select_one("g.chart-legend")
    assert [t.get_text() for t in legend.select("text")] == [
        "拜访", "电话回访", "朋友圈", "培训", "复盘", "其他"
    ]  # fmt: skip
    assert len({r["fill"] for r in legend.select("rect")}) == 6  # a distinct colour each
    assert chart["font-size"] == "12"
    # a bar's colour is its type's in the legend
    swatches = zip(legend.select("rect"), legend.select("text"), strict=True)
    colors = {t.get_text(): r["fill"] for r, t in swatches}
    for m in chart.select("g.mark"):
        kind = m.title.get_text().split("；")[1].removeprefix("类型 ")
        assert m.rect["fill"] == colors[kind], m.title.get_text()


def test_activity_counts_other_types_as_others(small: Project):
    titles = mark_titles(page(small, "quarters/q1.html"), "#chart-activity")
    # ISO W02 (Jan 5-11): visits 2 + 1 + 1 + 1 = 5, the event of Jan 10 (tracked by a Q1
    # cadence); W03: visits 1 + 2; W04 (Jan 19-20): one training (a year cadence); the
    # policies, renewal and cancels are not activity
    assert titles == [
        "周 W02；类型 拜访；数量 5",
        "周 W02；类型 活动；数量 1",
        "周 W03；类型 拜访；数量 3",
        "周 W04；类型 培训；数量 1",
    ]


# ---------------------------------------------------------------- 5: heat strips as HTML


def test_each_cadence_has_its_own_dated_strip(small: Project):
    q1 = page(small, "quarters/q1.html")
    assert q1.select("#chart-cadences") == []  # no Vega chart
    strips = q1.select("ol.strip")
    assert [s["aria-label"] for s in strips] == ["拜访 每周 3 次", "活动 每月 2 次"]
    visits = strips[0].select("li.win")
    # Q1 = 90 days from Thursday Jan 1: 12 weeks and a 6-day window (Mar 26-31)
    assert len(visits) == 13
    assert [c.select_one(".when").get_text() for c in visits[:3]] == ["1/1", "1/8", "1/15"]
    # Jan 1-7: 2 + 1 + 1 = 4 >= 3 met; Jan 8-14: 1 + 1 = 2 missed; Jan 15-21 holds as_of
    states = [c["class"][1] for c in visits]
    assert states == ["met", "missed", "pending"] + ["future"] * 10
    assert [c.select_one(".sym").get_text() for c in visits[:4]] == ["✓", "✗", "·", ""]
    assert visits[1]["title"] == "1月8日–1月14日：完成 2 / 要求 3 · 未达成"
    assert visits[12]["title"] == "3月26日–3月31日：完成 0 / 要求 3 · 未开始"  # ceil(3 × 6/7)
    months = [c.select_one(".when").get_text() for c in strips[1].select("li.win")]
    assert months == ["1月", "2月", "3月"]


def test_a_daily_cadence_is_a_calendar_of_weeks(sample: Path):
    daily = sample_page(sample, "quarters/q4.html").select("ol.strip.daily")
    assert len(daily) == 1
    cells = daily[0].select("li.win")
    assert len(cells) == 92  # Oct 1 - Dec 31
    assert [d.get_text() for d in daily[0].select("li.dow")] == "一 二 三 四 五 六 日".split()
    assert cells[0]["style"] == "grid-column-start: 4"  # 2026-10-01 is a Thursday
    assert [c.select_one(".when").get_text() for c in cells[:3]] == ["10/1", "2", "3"]
    assert cells[31].select_one(".when").get_text() == "11/1"


# ---------------------------------------------------------------- 6: alerts


def test_alerts_are_the_figures_behind_target_largest_gap_first(small: Project):
    items = page(small, "index.html").select(".alerts li")
    shown = [text(li) for li in items]
    assert shown == [
        "⚠ 险种结构：寿险低于目标 30.0 个百分点：实际 0.0% ，目标 30.0% 。"
        " 计划中的应对：险种结构偏离：多讲年金",
        "⚠ 渠道结构：线下低于目标 30.0 个百分点：实际 20.0% ，目标 50.0% 。",
        "⚠ 渠道结构：线上低于目标 30.0 个百分点：实际 0.0% ，目标 30.0% 。",
        # 0.60 - 25000 / 55000 = 0.1455
        "⚠ 新单保费占比低于目标 14.5 个百分点：实际 45.5% ，目标 ≥ 60.0% 。",
        "⚠ 险种结构：年金险低于目标 10.0 个百分点：实际 20.0% ，目标 30.0% 。"
        " 计划中的应对：险种结构偏离：多讲年金",
        "⚠ 转介绍客户占比低于目标 5.0 个百分点：实际 25.0% ，目标 ≥ 30.0% 。"
        " 计划中的应对：转介绍不足：签单当天请转介绍",
    ]
    # the figures in them are metrics.json's
    metrics = small.metrics()
    first = items[0].select("[data-metric]")
    assert [el["data-metric"] for el in first] == [
        "mix.product.life.actual",
        "mix.product.life.target",
    ]
    assert json.loads(first[1]["data-value"]) == metrics["mix"]["product"]["life"]["target"]


def test_the_sample_alerts_say_direction_and_gap_and_quote_only_their_own_risk(sample: Path):
    items = [text(li) for li in sample_page(sample, "index.html").select(".alerts li")]
    assert len(items) >= 3
    gaps = [float(re.search(r"([\d.]+) 个百分点", item)[1]) for item in items]
    assert gaps == sorted(gaps, reverse=True)
    assert all(("低于" in item or "落后" in item) for item in items)
    for item in items:  # a channel or tier alert never quotes the product-mix response
        if item.startswith(("⚠ 渠道结构", "⚠ 客户分层结构")):
            assert "计划中的应对" not in item, item
    assert not [i for i in items if "高净值" in i or i.startswith("⚠ 渠道结构：转介绍")]


# ---------------------------------------------------------------- 9: the current quarter


def test_quarter_pace_is_in_metrics_json(small: Project):
    q1, q2 = (small.metrics()["quarters"][q]["pace"] for q in ("Q1", "Q2"))
    # Q1: 20 of 90 days; target 400000 × 0.30 = 120000, total 55000 -> progress 0.4583
    # on track; 65000 left over 70 days = 10 weeks -> 6500 a week
    assert q1 == {
        "expected_progress": pytest.approx(20 / 90),
        "on_track": True,
        "premium_gap": 65000.0,
        "required_weekly_premium": pytest.approx(6500.0),
    }
    # Q2 has not started: 100000 over its 91 days = 13 weeks
    assert q2 == {
        "expected_progress": 0.0,
        "on_track": None,
        "premium_gap": 100000.0,
        "required_weekly_premium": pytest.approx(100000 / 13),
    }


def test_the_current_battle_map_says_what_is_left(small: Project):
    q1 = page(small, "quarters/q1.html")
    pace = q1.select_one("section.pace")
    figures = {el["data-metric"]: text(el) for el in pace.select("[data-metric]")}
    assert figures == {
        "quarters.Q1.pace.on_track": "进度达标",
        "quarters.Q1.premium_progress": "45.8%",
        "quarters.Q1.pace.expected_progress": "22.2%",
        "quarters.Q1.pace.premium_gap": "6.5万",
        "quarters.Q1.pace.required_weekly_premium": "¥6,500",
    }
    assert "领先 23.6 个百分点" in text(pace)  # 0.4583 - 0.2222
    now = [text(p) for p in q1.select(".cadence .now")]
    # visits Jan 15-21: 2 of 3 so far; events in January: 1 of 2
    assert now == [
        "本周期 1月15日–1月21日：拜访 2 / 3 ，还差 1",
        "本周期 1月1日–1月31日：活动 1 / 2 ，还差 1",
    ]
    assert text(page(small, "index.html").select_one(".cadence .now")) == (
        "本周期 1月1日–1月31日：培训 1 / 1 ，已完成"
    )
    assert text(page(small, "quarters/q2.html").select_one("section.pace .badge")) == "本季未开始"


# ---------------------------------------------------------------- 10, 11: a week's review


def test_a_week_whose_cancels_outnumber_its_policies_explains_itself(small: Project):
    week = page(small, "reviews/2026-w03.html")  # Jan 12-18
    facts = {text(div.dt): text(div.dd) for div in week.select("dl.facts > div")}
    # one policy (丁四) and two cancels: policies -1; new business 5000 - 10000 - 30000
    assert facts["件数"] == "-1 含退保 2 件"
    assert facts["新单保费"] == "-3.5万 含退保 2 件"
    assert facts["拜访/成交"] == "—"  # 3 visits / -1 policies is no ratio
    cancels = week.find("h2", string="退保").find_parent("section")
    rows = [[text(td) for td in tr.find_all(["td", "th"])] for tr in cancels.select("tbody tr")]
    assert rows == [
        ["1月14日", "丙**", "寿险", "线上", "¥10,000", "犹豫期退保"],
        ["1月15日", "甲**", "健康险", "线下", "¥30,000", ""],
    ]


def test_a_review_shows_the_windows_overlapping_it_and_its_own_prorated_count(small: Project):
    week = page(small, "reviews/2026-w03.html")  # Jan 12-18
    cadences = {text(c.select_one(".cadence-head strong")): c for c in week.select("li.cadence")}
    assert list(cadences) == ["培训", "拜访", "活动"]
    visits = cadences["拜访"]
    # windows Jan 8-14 (3 of its days in the week) and Jan 15-21 (4 days): 3 × 3/7 + 3 × 4/7
    # = 3 required; done in the week: Jan 13 (1) + Jan 15 (2) = 3 -> met
    assert text(visits.select_one(".score")) == "本期完成 3 · 本期折算要求 3 ✓ 达成"
    windows = [text(li) for li in visits.select("ul.windows li")]
    assert windows == [
        "✗ 未达成 1月8日–1月14日 完成 2 / 要求 3",
        "· 进行中 1月15日–1月21日 完成 2 / 要求 3",
    ]
    # a month's requirement in a week is a guide: 1 × 7/31 = 0.2, no verdict
    assert text(cadences["培训"].select_one(".score")) == "本期完成 0 · 本期折算要求 0.2"
    assert text(cadences["活动"].select_one(".score")) == "本期完成 0 · 本期折算要求 0.5"
    assert "本期折算要求 =" in text(week.select_one("p.how"))


# ---------------------------------------------------------------- 12: figures as agents read them


def test_counts_money_and_points_read_as_agents_read_them(small: Project, sample: Path):
    q2 = page(small, "quarters/q2.html")
    # Q2 targets: policies 10 × 0.25 = 2.5 -> 约 3 (halves up), new customers 8 × 0.25 = 2
    targets = {el["data-metric"]: text(el) for el in q2.select(".card .sub [data-metric]")}
    assert targets["quarters.Q2.policies_target"] == "约 3"
    assert targets["quarters.Q2.new_customers_target"] == "2"
    plan_rows = [
        text(tr) for tr in page(small, "plan.html").select("table.targets")[1].select("tbody tr")
    ]
    assert plan_rows[0] == "Q1 开门红 12万 3 约 2"  # 400000 × 0.3; 10 × 0.3; 8 × 0.3 = 2.4
    # one money format per column: the won cases of January are all in yuan
    month = page(small, "reviews/2026-01.html")
    won = month.find("h2", string="成交案例").find_parent("section")
    assert [text(td) for td in won.select("td.num")] == ["¥30,000", "¥20,000", "¥10,000", "¥5,000"]
    # headline money has no cents; the year's gap is in points; the year's table is the year's
    q4 = sample_page(sample, "quarters/q4.html")
    avg = q4.select_one('[data-metric="quarters.Q4.avg_premium"]')
    assert "." in avg["data-value"] and re.fullmatch(r"¥[\d,]+", text(avg))
    index = sample_page(sample, "index.html")
    assert re.fullmatch(r"(领先|落后) \d+\.\d 个百分点", text(index.select_one(".pace .gap")))
    headings = [text(h) for h in index.select("h2")]
    assert "全年数据" in headings and "本期数据" not in headings


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [(6733.33, "¥6,733", "¥6,733"), (6733.5, "¥6,734", "¥6,734"), (96760.0, "9.68万", "¥96,760")],
)
def test_headline_money_is_whole(value: float, zh: str, en: str):
    assert fmt.money(value, "zh-CN") == zh and fmt.money(value, "en") == en


def test_a_column_of_quarter_targets_is_all_in_wan(project: Project):
    # 30000 × 30/25/25/20%: 9000 and 7500 and 6000 would read ¥9,000 beside 万 elsewhere
    project.plan("---\nyear: 2026\ntargets: {premium: 30000}\n---\n# Plan\n")
    project.log("a.csv", "date,type\n2026-01-05,training\n")
    assert project.build() == 0
    table = page(project, "plan.html").select("table.targets")[1]
    assert [text(tr.select("td")[0]) for tr in table.select("tbody tr")] == [
        "0.9万",
        "0.75万",
        "0.75万",
        "0.6万",
    ]


# ---------------------------------------------------------------- 13: the smaller ones


def test_the_cumulative_chart_has_a_legend_for_the_dashed_plan_line(sample: Path):
    chart = sample_page(sample, "index.html").select_one("#chart-cumulative svg")
    legend = chart.select_one("g.chart-legend")
    labels = [t.get_text() for t in legend.select("text")]
    dashes = [line.get("stroke-dasharray") for line in legend.select("line")]
    assert labels == ["实际", "计划进度"] and dashes == [None, "6 4"]
    # the plan's own line is dashed the same way
    assert [p.get("stroke-dasharray") for p in chart.select("path")] == [None, "6 4"]


def test_the_funnel_runs_calls_visits_policies(sample: Path):
    titles = mark_titles(sample_page(sample, "index.html"), "#chart-funnel")
    assert [t.split("；")[0] for t in titles] == [
        "环节 电话回访", "环节 拜访", "环节 成交件数", "环节 新增客户"
    ]  # fmt: skip


def test_the_reviews_index_is_newest_first_with_years_and_notes(sample: Path):
    index = sample_page(sample, "reviews/index.html")
    weeks = index.select("ul.periods.week li")
    assert text(weeks[0].a) == "2026年第47周" and text(weeks[-1].a) == "2026年第1周"
    assert text(weeks[0].select_one(".dates")) == "2026年11月16日 – 2026年11月22日"
    noted = {text(li.a) for li in index.select("li.noted")}
    assert noted == {"2026年第5周", "2026年3月", "2026年5月", "2026年第1季度"}  # content/reviews/


def test_the_plan_page_lists_cadences_by_quarter(sample: Path):
    table = sample_page(sample, "plan.html").select("table.targets")[-1]
    quarters = [text(tr.find("td")) for tr in table.select("tbody tr")]
    assert quarters == sorted(quarters, key=lambda q: (q != "全年", q))
    assert quarters[0] == "全年" and quarters[-1] == "Q4"
