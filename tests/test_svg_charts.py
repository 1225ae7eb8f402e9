"""The SVG charts drawn from plain data: ticks, number formats, escaping, thinned labels,
negative weeks, empty data, a single point, and the same bytes for the same inputs."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from battlemap.charts import ChartRenderer
from battlemap.i18n import strings
from battlemap.svg_charts import compact, draw, week_labels
from battlemap.svg_draw import nice_ticks, text_width

NS = {"s": "http://www.w3.org/2000/svg"}
ZH, EN = strings("zh-CN"), strings("en")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def parse(svg: str) -> ET.Element:
    """Return the chart's root element (an SVG is well-formed XML, whatever its labels)."""
    return ET.fromstring(svg)


def marks(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{{{NS['s']}}}g") if "mark" in g.get("class", "").split()]


def title(mark: ET.Element) -> str:
    return mark.find("s:title", NS).text


def texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{{{NS['s']}}}text"))


def weeks(*premiums: float) -> list[dict]:
    """Return weeks W01, W02, … of 2026: the first starts on Thursday Jan 1, then Mondays."""
    starts = ["2026-01-01"] + [
        (dt.date(2026, 1, 5) + dt.timedelta(weeks=n)).isoformat() for n in range(len(premiums))
    ]
    return [
        {"week": f"W{n + 1:02d}", "start": starts[n], "premium": p} for n, p in enumerate(premiums)
    ]


# ---------------------------------------------------------------- ticks and numbers


@pytest.mark.parametrize(
    ("lo", "hi", "whole", "expected"),
    [
        # 9.98 / 5 = 2.0 -> step 2
        (0, 9.98, False, [0, 2, 4, 6, 8, 10]),
        # 10.43 / 5 = 2.09 -> 2; -0.452 lies in the step below 0
        (-0.452, 9.98, False, [-2, 0, 2, 4, 6, 8, 10]),
        # 527 / 5 = 105.4 -> 100; 5.27 steps -> up to 600
        (0, 527, False, [0, 100, 200, 300, 400, 500, 600]),
        # 967600 / 5 = 193520 -> 200000
        (0, 967600, False, [0, 200000, 400000, 600000, 800000, 1000000]),
        # 1.87 / 5 = 0.374 -> 0.5 (0.374 / 0.1 = 3.74 >= 3.16)
        (0, 1.87, False, [0, 0.5, 1.0, 1.5, 2.0]),
        # nothing to show: 0..1 in steps of 0.2, no float dust
        (0, 0, False, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        # 3 / 5 = 0.6 -> 0.5, but a count axis steps by 1 at least
        (0, 3, True, [0, 1, 2, 3]),
    ],
)
def test_nice_ticks_are_1_2_or_5_times_a_power_of_ten(lo, hi, whole, expected):
    assert nice_ticks(lo, hi, 5, whole) == expected


@pytest.mark.parametrize(
    ("value", "step", "shown"),
    [
        (0, 200000, "0"),
        (800, 200, "800"),
        (200000, 200000, "200k"),
        (1000000, 200000, "1M"),
        (1500000, 500000, "1.5M"),
        (-50000, 50000, "-50k"),
        (2e9, 1e9, "2B"),
    ],
)
def test_amounts_on_an_english_axis_are_compact(value, step, shown):
    assert compact(value, step) == shown


def test_the_weekly_axis_reads_wan_in_chinese_and_compact_yuan_in_english():
    zh = parse(draw("weekly", "每周保费", weeks(9.98, 1.5), None, "", ZH))
    en = parse(draw("weekly", "Weekly premium", weeks(99800, 15000), None, "", EN))
    # ticks 0, 2, …, 10 (万); 0, 20k, …, 100k (yuan: 99800 / 5 = 19960 -> 20000)
    assert [t.text for t in texts(zh)][1:7] == ["0", "2", "4", "6", "8", "10"]
    assert [t.text for t in texts(en)][1:7] == ["0", "20k", "40k", "60k", "80k", "100k"]
    assert title(marks(zh)[0]) == "周 W01；起始日 2026年1月1日；保费（万元） 9.98"
    assert title(marks(en)[0]) == "Week W01; Starts Jan 1, 2026; Premium (¥) 99,800"


# ---------------------------------------------------------------- what every chart is


def sample_charts(words: dict) -> list[str]:
    other = words["other_types"]
    return [
        draw(
            "cumulative",
            "c",
            [{"date": "2026-01-04", "value": 1.0, "series": words["actual"]}],
            words,
        ),  # fmt: skip
        draw("weekly", "w", weeks(1.0, -0.5), 0.8, "pace", words),
        draw("activity", "a", [{"week": "W01", "type": other, "count": 3, "order": 0}], words),
        draw(
            "mix", "m", [{"dim": "d", "key": "k", "series": words["actual"], "share": 0.3}], words
        ),  # fmt: skip
        draw("funnel", "f", [{"stage": "s", "count": 4}], words),
    ]


@pytest.mark.parametrize("words", [ZH, EN], ids=["zh-CN", "en"])
def test_every_chart_is_a_named_image_whose_every_mark_has_a_title(words):
    for svg, name in zip(sample_charts(words), "cwamf", strict=True):
        root = parse(svg)
        assert root.get("role") == "img" and root.get("aria-label") == name
        assert "Noto Sans CJK SC" in root.get("font-family") and root.get("font-size") == "12"
        assert marks(root) and all(m.find("s:title", NS) is not None for m in marks(root))
        # 360 units wide: a 375 px phone shows 12-unit text at 10 px or more
        assert root.get("viewBox").startswith("0 0 360 ")
    en_text = " ".join(sample_charts(EN))
    assert CJK.findall(en_text) == []  # nothing Chinese from the tool in locale en


def test_the_same_inputs_draw_the_same_bytes_with_one_decimal_at_most():
    first, again = sample_charts(ZH), sample_charts(ZH)
    assert first == again
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', "".join(first))
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers), numbers


def test_labels_from_the_plan_and_logs_are_escaped():
    label = "<b>A&B</b> \"q'"  # quotes of both kinds; short enough to be shown whole
    rows = [{"week": "W01", "type": label, "count": 2, "order": 0}]
    svg = draw("activity", 'chart "<t>"', rows, ZH)
    root = parse(svg)  # it would not parse if a label were written as markup
    assert root.get("aria-label") == 'chart "<t>"'
    assert label in [t.text for t in texts(root)]  # the legend
    assert title(marks(root)[0]) == f"周 W01；类型 {label}；数量 2"
    assert "<b" not in svg and root.find(".//s:b", NS) is None


# ---------------------------------------------------------------- labels that never overlap


@pytest.mark.parametrize("count", [1, 8, 13, 53])
def test_week_labels_are_thinned_so_that_none_overlaps(count: int):
    root = parse(draw("weekly", "w", weeks(*[1.0] * count), None, "", ZH))
    labels = [t for t in texts(root) if t.text and t.text.startswith("W")]
    boxes = [
        (float(t.get("x")) - text_width(t.text) / 2, float(t.get("x")) + text_width(t.text) / 2)
        for t in labels
    ]
    assert all(a[1] + 4 <= b[0] for a, b in zip(boxes, boxes[1:], strict=False))
    assert boxes[0][0] >= 0 and boxes[-1][1] <= 360
    # a label "W01" is about 24.7 units wide (+ a 6-unit gap): 8 weeks (bands 40 units wide)
    # fit one by one, 13 (24.6) show every 2nd, the year's 53 (6.0) every 6th; the first
    # week is always labelled
    shown = [t.text for t in labels]
    expected = {1: ["W01"], 8: [f"W0{n}" for n in range(1, 9)]}
    expected[13] = [f"W{n:02d}" for n in range(1, 14, 2)]
    expected[53] = [f"W{n:02d}" for n in range(1, 54, 6)]
    assert shown == expected[count]


def test_the_year_is_labelled_every_other_month_in_the_plans_words():
    points = [
        {"date": f"2026-{m:02d}-01", "value": m, "series": ZH["actual"]} for m in range(1, 13)
    ]
    points.append({"date": "2026-12-31", "value": 12.5, "series": ZH["actual"]})
    zh = [t.text for t in texts(parse(draw("cumulative", "c", points, ZH)))]
    # 12 months over ~300 units: 25 units a month, "10月" needs 25 + 6: every 2nd month
    assert [t for t in zh if t.endswith("月")] == ["1月", "3月", "5月", "7月", "9月", "11月"]
    en_points = [p | {"series": EN["actual"]} for p in points]
    en = [t.text for t in texts(parse(draw("cumulative", "c", en_points, EN)))]
    assert [t for t in en if t in EN["chart_months"].split()] == [
        "Jan", "Mar", "May", "Jul", "Sep", "Nov"
    ]  # fmt: skip


def test_weeks_without_activity_keep_their_place():
    rows = [{"week": w, "type": "拜访", "count": 1, "order": 0} for w in ("W05", "W08", "W09")]
    assert week_labels(rows) == ["W05", "W06", "W07", "W08", "W09"]
    # a quarter that starts in the previous ISO year's last week: no gap invented
    rows = [{"week": w, "type": "拜访", "count": 1, "order": 0} for w in ("W53", "W01")]
    assert week_labels(rows) == ["W53", "W01"]


# ---------------------------------------------------------------- negative, empty, single


def rects_of(root: ET.Element) -> list[ET.Element]:
    """Return each mark's visible shape (its last child)."""
    return [list(m)[-1] for m in marks(root)]


def test_a_negative_week_is_a_bar_below_the_zero_line():
    root = parse(draw("weekly", "w", weeks(2.0, -1.0), None, "", ZH))
    # ticks: 3 / 5 = 0.6 -> step 0.5, -1 .. 2; the plot is y 26 (2) to 206 (-1), 60 units
    # per 万, so 0 is at 206 - 60 = 146
    zero = next(t for t in texts(root) if t.text == "0.0")  # ticks 0.5 apart: one decimal
    assert float(zero.get("y")) == 146 + 4  # the label's baseline, 4 below its line
    up, down = rects_of(root)
    assert (float(up.get("y")), float(up.get("height"))) == (26, 120)  # 2 万: 146 - 26
    assert (float(down.get("y")), float(down.get("height"))) == (146, 60)  # -1 万: 146 .. 206
    assert title(marks(root)[1]).endswith("保费（万元） -1.00")


def test_a_small_negative_week_does_not_stretch_the_axis_to_a_whole_step():
    root = parse(draw("weekly", "w", weeks(9.98, -0.452), None, "", ZH))
    # ticks -2 .. 10 in steps of 2, but the axis stops at -0.452 × 1.15 = -0.52: no -2 label
    assert [t.text for t in texts(root)][1:7] == ["0", "2", "4", "6", "8", "10"]
    down = rects_of(root)[1]
    assert float(down.get("height")) > 0


@pytest.mark.parametrize("words", [ZH, EN], ids=["zh-CN", "en"])
def test_empty_data_draws_an_empty_chart_that_says_so(words):
    charts = [
        draw("cumulative", "c", [], words),
        draw("weekly", "w", [], None, "", words),
        draw("activity", "a", [], words),
        draw("mix", "m", [], words),
        draw("funnel", "f", [], words),
    ]
    for svg in charts:
        root = parse(svg)
        assert marks(root) == []
        assert words["chart_empty"] in [t.text for t in texts(root)]


def test_a_single_point_stands_in_the_middle_without_a_line():
    point = [{"date": "2026-03-05", "value": 1.5, "series": ZH["actual"]}]
    root = parse(draw("cumulative", "c", point, ZH))
    assert root.find(".//s:path", NS) is None  # a line needs two points
    (dot,) = [list(m)[-1] for m in marks(root)]
    # the plot runs from the left margin to 360 - 14; one day is the middle of a 2-day span
    left = min(float(t.get("x1")) for t in root.iter(f"{{{NS['s']}}}line"))
    assert float(dot.get("cx")) == pytest.approx((left + 346) / 2, abs=0.1)
    assert title(marks(root)[0]) == "日期 2026年3月5日；系列 实际；累计保费（万元） 1.50"


def test_the_weekly_rule_is_dashed_and_in_the_legend():
    root = parse(draw("weekly", "w", weeks(1.0, 3.0), 2.0, "所需节奏", ZH))
    (rule,) = [m for m in marks(root) if "rule" in m.get("class")]
    assert title(rule) == "系列 所需节奏；保费（万元） 2.00"
    assert list(rule)[-1].get("stroke-dasharray") == "6 4"
    legend = next(g for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "chart-legend")
    assert [t.text for t in legend.iter(f"{{{NS['s']}}}text")] == ["所需节奏"]
    assert legend.find("s:line", NS).get("stroke-dasharray") == "6 4"


def test_the_mix_panels_share_one_scale():
    rows = [
        {"dim": "险种", "key": "健康险", "series": "实际", "share": 0.6},
        {"dim": "险种", "key": "健康险", "series": "目标", "share": 0.4},
        {"dim": "渠道", "key": "线下", "series": "实际", "share": 0.3},
        {"dim": "渠道", "key": "线下", "series": "目标", "share": 0.3},
    ]
    root = parse(draw("mix", "m", rows, ZH))
    widths = [float(r.get("width")) for r in rects_of(root)]
    # 0.6 sets the scale (0..60% for both panels): 0.3 is half as long as 0.6 in either panel
    assert widths[2] == pytest.approx(widths[0] / 2, abs=0.1)
    assert widths[3] == pytest.approx(widths[2], abs=0.1)
    assert [t.text for t in texts(root)].count("60%") == 2  # each panel's axis


def test_the_renderer_draws_each_chart_once_and_forgets_the_oldest():
    renderer = ChartRenderer(limit=2)
    first = renderer.render("funnel", "f", [{"stage": "s", "count": 1}], ZH)
    assert renderer.render("funnel", "f", [{"stage": "s", "count": 1}], ZH).svg is first.svg
    renderer.render("funnel", "f", [{"stage": "s", "count": 2}], ZH)
    renderer.render("funnel", "f", [{"stage": "s", "count": 3}], ZH)
    assert len(renderer.memory) == 2
    again = renderer.render("funnel", "f", [{"stage": "s", "count": 1}], ZH)
    assert again.svg == first.svg and again.svg is not first.svg  # drawn again, same bytes


def test_a_long_label_is_cut_to_fit_and_its_tooltip_says_it_whole():
    long = "这是一个名字非常非常长的自定义险种标签"  # 19 characters: 228 units at 12
    rows = [{"dim": "险种", "key": long, "series": s, "share": 0.2} for s in ("实际", "目标")]
    root = parse(draw("mix", "m", rows, ZH))
    (shown,) = [t.text for t in texts(root) if t.text.startswith("这是")]
    # 140 units hold 10 characters and the ellipsis (11 × 12 = 132; 12 × 12 = 144 would not)
    assert shown == long[:10] + "…" and text_width(shown) <= 140
    assert title(marks(root)[0]) == f"结构 险种；指标 {long}；系列 实际；占比 20.0%"
    activity = parse(
        draw("activity", "a", [{"week": "W01", "type": long, "count": 1, "order": 0}], ZH)
    )
    assert long[:10] + "…" in [t.text for t in texts(activity)]  # the legend
