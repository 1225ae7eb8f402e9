"""The charts as Altair specs, built from plain data (imported only when a chart is drawn).

Every chart is drawn at a width that a 375 px phone shows without scaling its 12 px text
below 8 px (the page scales an SVG down to fit, never its text up past its box), and every
word in it (tooltips, aria role descriptions) is the plan's locale's.
"""

from __future__ import annotations

import json
import math

import altair as alt

ACTUAL, PLAN, MISSED = "#1d5fbf", "#9a9a9a", "#c62828"
# the activity chart's series: distinct hues (no red: red means missed), grey for 其他
SERIES = ["#1d5fbf", "#ef8a00", "#2e9d4a", "#8e44ad", "#00a3b4"]
OTHER = "#b8c2cc"
WIDTH = 300  # the plot's width: with its axes the SVG is ~360 px, 0.88× on a 375 px phone
FONT = "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, sans-serif"
CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    # axes and legends are read as text; assistive technology reads the marks' own labels
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#eceff1", "aria": False},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "aria": False},
    "header": {"labelFontSize": 12},
}


def build(kind: str, *args) -> dict:
    """Return the Vega-Lite spec of chart `kind` drawn from args."""
    spec = BUILDERS[kind](*args).to_dict(validate=False)
    spec["config"] = CONFIG
    return spec


def _in_wan(words: dict) -> bool:
    """Amounts arrive in 万 for zh-CN (plain numbers) and in yuan for en (1.2M)."""
    return words["premium_axis"].endswith("（万元）")


def _money_axis(words: dict) -> alt.Axis:
    return alt.Axis() if _in_wan(words) else alt.Axis(format="~s")


def _money_format(words: dict) -> str:
    return ",.2f" if _in_wan(words) else ",.0f"


def _aria(words: dict, *pairs: tuple[str, str]) -> str:
    """Return a Vega expression for a mark's aria-label: `周 W41；保费（万元） 1.67`.

    Each pair is (the field's title, a Vega expression of its value); without it Vega would
    label each mark with the field names of every encoding (`type: 拜访; order: 0`).
    """
    parts = [f"{json.dumps(title + ' ', ensure_ascii=False)} + {value}" for title, value in pairs]
    return f" + {json.dumps(words['list_sep'], ensure_ascii=False)} + ".join(parts)


def _number(field: str, spec: str) -> str:
    return f"format(datum.{field}, {json.dumps(spec)})"


def _legend(domain: list[str], colors: list[str], title: str | None = None) -> alt.Color:
    return alt.Color("series:N", scale=alt.Scale(domain=domain, range=colors), title=title)


def cumulative_chart(points: list[dict], words: dict, width: int = WIDTH) -> alt.Chart:
    """Cumulative premium (actual to as_of) against the plan's quarter-weighted curve."""
    domain = [words["actual"], words["plan_curve"]]
    values = [p | {"day": p["date"]} for p in points]  # a string Vega never reads as a date
    aria = _aria(
        words,
        (words["date"], "datum.day"),
        (words["series"], "datum.series"),
        (words["cumulative_axis"], _number("value", _money_format(words))),
    )
    base = alt.Chart(alt.Data(values=values), width=width, height=200).transform_calculate(
        aria=aria
    )
    return base.mark_line(
        point=alt.OverlayMarkDef(size=18, ariaRoleDescription=words["aria_point"]),
        interpolate="linear",
        ariaRoleDescription=words["aria_line"],
    ).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%m/%d", labelOverlap=True)),
        y=alt.Y("value:Q", title=words["cumulative_axis"], axis=_money_axis(words)),
        # one legend of line samples, the plan's dashed: colour and dash share field and title
        color=alt.Color(
            "series:N",
            scale=alt.Scale(domain=domain, range=[ACTUAL, PLAN]),
            title=None,
            legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2, symbolSize=300),
        ),
        strokeDash=alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [6, 4]]), title=None
        ),
        description="aria:N",
        tooltip=[
            alt.Tooltip("date:T", format="%Y-%m-%d", title=words["date"]),
            alt.Tooltip("series:N", title=words["series"]),
            alt.Tooltip("value:Q", format=_money_format(words), title=words["cumulative_axis"]),
        ],
    )


def weekly_chart(
    weeks: list[dict], rule: float | None, rule_label: str, words: dict, width: int = WIDTH
):
    """Premium per ISO week, with a weekly pace (the plan's or the one now needed) as a rule."""
    aria = _aria(
        words,
        (words["week_of"], "datum.week"),
        (words["week_start"], "datum.start"),
        (words["premium_axis"], _number("premium", _money_format(words))),
    )
    base = alt.Chart(alt.Data(values=weeks), width=width, height=180).transform_calculate(aria=aria)
    bars = base.mark_bar(color=ACTUAL, ariaRoleDescription=words["aria_bar"]).encode(
        description="aria:N",
        x=alt.X(
            "week:O",
            title=words["week_of"],
            axis=alt.Axis(labelAngle=0, labelOverlap=True, labelSeparation=8),
        ),
        y=alt.Y("premium:Q", title=words["premium_axis"], axis=_money_axis(words)),
        tooltip=[
            alt.Tooltip("week:O", title=words["week_of"]),
            alt.Tooltip("start:N", title=words["week_start"]),
            alt.Tooltip("premium:Q", format=_money_format(words), title=words["premium_axis"]),
        ],
    )
    if rule is None:
        return bars
    line = (
        alt.Chart(alt.Data(values=[{"value": rule, "series": rule_label}]))
        .transform_calculate(
            aria=_aria(words, (rule_label, _number("value", _money_format(words))))
        )
        .mark_rule(strokeDash=[6, 4], size=2, ariaRoleDescription=words["aria_rule"])
        .encode(
            y="value:Q",
            description="aria:N",
            color=_legend([rule_label], [MISSED]),
            tooltip=[
                alt.Tooltip("series:N", title=words["series"]),
                alt.Tooltip("value:Q", format=_money_format(words), title=words["premium_axis"]),
            ],
        )
    )
    return alt.layer(bars, line)


def activity_chart(rows: list[dict], words: dict, width: int = WIDTH):
    """Activities per ISO week: the types the plan's cadences track, stacked, the rest as 其他."""
    domain = list(dict.fromkeys(r["type"] for r in sorted(rows, key=lambda r: r["order"])))
    colors = [OTHER if t == words["other_types"] else SERIES[n] for n, t in enumerate(domain)]
    aria = _aria(
        words,
        (words["week_of"], "datum.week"),
        (words["type"], "datum.type"),
        (words["count"], "datum.count"),
    )
    return (
        alt.Chart(alt.Data(values=rows), width=width, height=180)
        .transform_calculate(aria=aria)
        .mark_bar(ariaRoleDescription=words["aria_bar"])
        .encode(
            description="aria:N",
            x=alt.X(
                "week:O",
                title=words["week_of"],
                axis=alt.Axis(labelAngle=0, labelOverlap=True, labelSeparation=8),
            ),
            y=alt.Y("count:Q", title=words["count"]),
            color=alt.Color(
                "type:N",
                title=None,
                scale=alt.Scale(domain=domain, range=colors),
                legend=alt.Legend(columns=3, symbolType="square", symbolSize=120),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("week:O", title=words["week_of"]),
                alt.Tooltip("type:N", title=words["type"]),
                alt.Tooltip("count:Q", title=words["count"]),
            ],
        )
    )


def mix_chart(rows: list[dict], words: dict, width: int = 200):
    """Each key's share of new-business premium next to its target, one panel per mix."""
    domain = [words["actual"], words["target"]]
    aria = _aria(
        words,
        (words["mix"], "datum.dim"),
        (words["metric"], "datum.key"),
        (words["series"], "datum.series"),
        (words["share"], _number("share", ".1%")),
    )
    top = max([0.5] + [math.ceil(r["share"] * 10) / 10 for r in rows])
    scale = alt.Scale(domain=[0, min(top, 1)])  # every panel on one scale
    panels = []
    for dim in dict.fromkeys(r["dim"] for r in rows):  # product, channel, tier
        panel = (
            alt.Chart(alt.Data(values=[r for r in rows if r["dim"] == dim]), width=width)
            .transform_calculate(aria=aria)
            .mark_bar(ariaRoleDescription=words["aria_bar"])
            .encode(
                y=alt.Y("key:N", title=None, sort=None),
                yOffset=alt.YOffset("series:N", sort=domain),
                x=alt.X("share:Q", title=words["share"], axis=alt.Axis(format="%"), scale=scale),
                color=_legend(domain, [ACTUAL, PLAN]),
                description="aria:N",
                tooltip=[
                    alt.Tooltip("key:N", title=words["metric"]),
                    alt.Tooltip("series:N", title=words["series"]),
                    alt.Tooltip("share:Q", format=".1%", title=words["share"]),
                ],
            )
            .properties(
                height=alt.Step(10),
                title=alt.Title(dim, anchor="start", fontSize=12, fontWeight="bold", aria=False),
            )
        )
        panels.append(panel)
    return alt.vconcat(*panels, spacing=12)


def funnel_chart(stages: list[dict], words: dict, width: int = 220):
    """Calls and visits down to policies and new customers."""
    bars = (
        alt.Chart(alt.Data(values=stages), width=width)
        .transform_calculate(
            aria=_aria(words, (words["stage"], "datum.stage"), (words["count"], "datum.count"))
        )
        .mark_bar(color=ACTUAL, ariaRoleDescription=words["aria_bar"])
        .encode(
            y=alt.Y("stage:N", title=None, sort=None),
            description="aria:N",
            x=alt.X("count:Q", title=words["count"]),
            tooltip=[
                alt.Tooltip("stage:N", title=words["stage"]),
                alt.Tooltip("count:Q", title=words["count"]),
            ],
        )
        .properties(height=alt.Step(28))
    )
    labels = (  # the bars' own labels say the same to assistive technology
        alt.Chart(alt.Data(values=stages))
        .mark_text(align="left", dx=4, fontSize=12, aria=False)
        .encode(y=alt.Y("stage:N", sort=None), x="count:Q", text="count:Q")
    )
    return bars + labels


BUILDERS = {
    "cumulative": cumulative_chart,
    "weekly": weekly_chart,
    "activity": activity_chart,
    "mix": mix_chart,
    "funnel": funnel_chart,
}
