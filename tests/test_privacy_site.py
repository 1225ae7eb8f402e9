"""No customer name, phone or ID number in any of its usual forms reaches a published file."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup
from sample_site import built_sample

LEAKY_PLAN = """\
---
year: 2026
title: 2026 岳飞专项计划
agent: 王小明
quarters:
  Q1: {name: 岳飞冲刺}
cadences:
  - {quarter: Q1, type: visit, count: 1, per: week, label: 拜访岳飞}
  - {type: call, count: 1, per: month, label: "回访 john smith"}
---
# 计划

重点客户：岳飞、&#x5CB3;&#x98DE;、Ma Yun、**马云飞**与高晓松。
电话 +86 138 1234 5678，身份证 1101 0119 9003 0712 3x。

## Q1 开门红

跟进 JOHN　SMITH（+8613912345678）。
"""

LEAKY_NOTE = (
    "岳飞说找马云飞；马云飞介绍了高晓松。电话 １３９-１２３４-５６７８ 或 139.1234.5678。\n"
)
# the header's `微信` column is ignored, so data-quality.html lists this file by name
LOG = (
    "date,type,customer,premium,product,channel,outcome,note,微信\n"
    "2026-01-05,visit,岳飞,,,,约了岳飞下周再谈,岳飞 138 1234 5678,x\n"
    "2026-01-06,policy,John Smith,12000,health,offline,,(+86)139 1234 5678,x\n"
    "2026-01-07,visit,马云飞,,,,lost,,x\n"
    "2026-01-08,call,高晓松,,,,follow_up,身份证１１０１０１１９９００３０７１２３４,x\n"
    "2026-01-09,policy,Ma Yun,5000,life,online,,,x\n"
)
NAMES = ["岳飞", "John Smith", "马云飞", "高晓松", "Ma Yun"]
DIGITS = ["13812345678", "13912345678", "110101199003071234", "11010119900307123x"]


def _published(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text("utf-8")
        for p in sorted(site.rglob("*"))
        if p.suffix in (".html", ".json")
    }


def _squeezed(text: str) -> str:
    """Return text as a name search sees it: no spaces, one case, entities decoded."""
    text = BeautifulSoup(text, "html.parser").get_text() + text
    return re.sub(r"[\s\u200b]+", "", text).casefold().replace("ｊｏｈｎ", "john")


def test_no_name_phone_or_id_reaches_any_page_chart_or_json(project):
    project.plan(LEAKY_PLAN)
    project.log("岳飞.csv", LOG)
    (project.root / "content" / "reviews").mkdir()
    (project.root / "content" / "reviews" / "2026-W02.md").write_text(LEAKY_NOTE, "utf-8")
    assert project.build() == 0
    site = project.root / "site"
    published = _published(site)
    assert "data-quality.html" in published  # the file name is shown there
    leaks = []
    for path, text in published.items():
        squeezed = _squeezed(text)
        leaks += [f"{path}: {n}" for n in NAMES if re.sub(r"\s", "", n).casefold() in squeezed]
        digits = re.sub(r"[\s\-.()+]", "", unicodedata.normalize("NFKC", text)).casefold()
        leaks += [f"{path}: {d}" for d in DIGITS if d in digits]
    assert leaks == []
    metrics = json.loads(published["data/metrics.json"])
    assert metrics["quarters"]["Q1"]["name"] == "岳**冲刺"
    assert metrics["quarters"]["Q1"]["cadences"][0]["label"] == "拜访岳**"
    assert metrics["year"]["cadences"][0]["label"] == "回访 J**"
    assert metrics["meta"]["agent"] == "王小明"  # a colleague, not a customer
    year = BeautifulSoup(published["index.html"], "html.parser")
    assert year.title.get_text().endswith(" · 2026 岳**专项计划")
    assert "Q1 岳**冲刺" in [a.get_text() for a in year.select("nav a")]
    week = BeautifulSoup(published["reviews/2026-w02.html"], "html.parser")
    note = week.select_one(".note").get_text()
    assert "岳**说找马**；马**介绍了高**。" in note
    assert week.select_one(".note").find(["strong", "em"]) is None
    quality = BeautifulSoup(published["data-quality.html"], "html.parser").get_text()
    assert "logs/岳**.csv" in quality


def test_the_prospects_page_tells_apart_every_customer_whose_mask_collides(tmp_path_factory):
    """The sample's prospects page has six 郭** and more (issue 7, item 1)."""
    site = built_sample(tmp_path_factory) / "site"
    soup = BeautifulSoup((site / "prospects.html").read_text("utf-8"), "html.parser")
    names = [th.get_text() for th in soup.select("table.prospects tbody th")]
    assert len(names) > 50
    assert len(set(names)) == len(names)
    assert sum(n.startswith("郭**·") for n in names) >= 6
    assert all(re.fullmatch(r".\*\*(·[0-9a-f]{2,})?", n) for n in names), names
