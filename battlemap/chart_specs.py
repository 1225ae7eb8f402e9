"""The charts as Altair specs, built from plain data (imported only when a chart is drawn)."""

from __future__ import annotations

import altair as alt

ACTUAL, PLAN, MET, MISSED, OPEN = "#1d5fbf", "#9a9a9a", "#2e7d32", "#c62828", "#cfd8dc"
FONT = "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, sans-serif"
CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#eceff1"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
}


def build(kind: str, *args) -> dict:
    """Return the Vega-Lite spec of chart `kind` drawn from args."""
    spec = BUILDERS[kind](*args).to_dict(validate=False)
    spec["config"] = CONFIG
    return spec


def _money_axis(words: dict) -> alt.Axis:
    """Amounts arrive in 万 for zh-CN (plain numbers) and in yuan for en (1.2M)."""
    return alt.Axis() if words["premium_axis"].endswith("（万元）") else alt.Axis(format="~s")


def _legend(domain: list[str], colors: list[str], title: str | None = None) -> alt.Color:
    return alt.Color("series:N", scale=alt.Scale(domain=domain, range=colors), title=title)


def cumulative_chart(points: list[dict], words: dict, width: int = 640) -> alt.Chart:
    """Cumulative premium (actual to as_of) against the plan's quarter-weighted curve."""
    domain = [words["actual"], words["plan_curve"]]
    base = alt.Chart(alt.Data(values=points), width=width, height=240)
    lines = base.mark_line(point=alt.OverlayMarkDef(size=18), interpolate="linear").encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%m/%d", labelOverlap=True)),
        y=alt.Y("value:Q", title=words["premium_axis"], axis=_money_axis(words)),
        color=_legend(domain, [ACTUAL, PLAN]),
        strokeDash=alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [6, 4]]), legend=None
        ),
        tooltip=[
            alt.Tooltip("date:T", format="%Y-%m-%d"),
            alt.Tooltip("series:N"),
            alt.Tooltip("value:Q", format=",.0f"),
        ],
    )
    return lines


def weekly_chart(weeks: list[dict], required: float | None, words: dict, width: int = 640):
    """Premium per ISO week, with the weekly pace the plan now requires as a rule."""
    base = alt.Chart(alt.Data(values=weeks), width=width, height=200)
    bars = base.mark_bar(color=ACTUAL).encode(
        x=alt.X("week:O", title=words["week_of"], axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("premium:Q", title=words["premium_axis"], axis=_money_axis(words)),
        tooltip=[
            alt.Tooltip("start:N", title=words["date"]),
            alt.Tooltip("premium:Q", format=",.0f", title=words["premium"]),
        ],
    )
    if required is None:
        return bars
    rule = (
        alt.Chart(alt.Data(values=[{"value": required, "series": words["required_pace"]}]))
        .mark_rule(strokeDash=[6, 4], size=2)
        .encode(y="value:Q", color=_legend([words["required_pace"]], [MISSED]))
    )
    return alt.layer(bars, rule)


def activity_chart(rows: list[dict], words: dict, width: int = 640):
    """Activities per ISO week, stacked by type."""
    return (
        alt.Chart(alt.Data(values=rows), width=width, height=180)
        .mark_bar()
        .encode(
            x=alt.X(
                "week:O", title=words["week_of"], axis=alt.Axis(labelAngle=0, labelOverlap=True)
            ),
            y=alt.Y("count:Q", title=words["count"]),
            color=alt.Color("type:N", title=None, scale=alt.Scale(scheme="tableau10")),
            tooltip=[alt.Tooltip("week:O"), alt.Tooltip("type:N"), alt.Tooltip("count:Q")],
        )
    )


def mix_chart(rows: list[dict], words: dict, width: int = 260):
    """Each key's share of new-business premium next to its target, one panel per mix."""
    domain = [words["actual"], words["target"]]
    return (
        alt.Chart(alt.Data(values=rows), width=width)
        .mark_bar()
        .encode(
            y=alt.Y("key:N", title=None, sort=None),
            yOffset=alt.YOffset("series:N", sort=domain),
            x=alt.X("share:Q", title=words["share"], axis=alt.Axis(format="%")),
            color=_legend(domain, [ACTUAL, PLAN]),
            tooltip=[
                alt.Tooltip("key:N"),
                alt.Tooltip("series:N"),
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
        .properties(height=alt.Step(10))
        .facet(
            row=alt.Row(
                "dim:N",
                title=None,
                sort=list(dict.fromkeys(r["dim"] for r in rows)),  # product, channel, tier
                header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top"),
            )
        )
        .resolve_scale(y="independent")
    )


def cadence_strip(windows: list[dict], words: dict, width: int = 640):
    """One row per cadence, one cell per window: met / missed / open, with a symbol.

    Cells are 20 px wide with a ✓ / ✗ / · in them; a cadence with many windows (a daily one
    over a year) gets thinner cells that fit the width, and the legend says what the colours
    mean.
    """
    most = max(w["index"] for w in windows)
    step = max(2, min(20, width // most))
    domain = [words["met"], words["missed"], words["pending"]]
    base = alt.Chart(alt.Data(values=windows)).encode(
        x=alt.X("index:O", title=None, axis=alt.Axis(labels=False, ticks=False, domain=False)),
        y=alt.Y("cadence:N", title=None, sort=None),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2 if step >= 8 else 0).encode(
        color=alt.Color(
            "status:N", scale=alt.Scale(domain=domain, range=[MET, MISSED, OPEN]), title=None
        ),
        tooltip=[
            alt.Tooltip("cadence:N"),
            alt.Tooltip("start:N", title=words["window"]),
            alt.Tooltip("end:N", title="—"),
            alt.Tooltip("done:Q", title=words["done"]),
            alt.Tooltip("required:Q", title=words["required"]),
            alt.Tooltip("status:N", title=words["met"]),
        ],
    )
    layers = [cells]
    if step >= 14:
        marks = base.mark_text(fontSize=12, color="white", fontWeight="bold")
        layers.append(marks.encode(text="symbol:N"))
    return alt.layer(*layers).properties(width=alt.Step(step), height=alt.Step(24))


def funnel_chart(stages: list[dict], words: dict, width: int = 420):
    """Visits and calls down to policies and new customers."""
    return alt.Chart(alt.Data(values=stages), width=width).mark_bar(color=ACTUAL).encode(
        y=alt.Y("stage:N", title=None, sort=None),
        x=alt.X("count:Q", title=words["count"]),
        tooltip=[alt.Tooltip("stage:N"), alt.Tooltip("count:Q")],
    ).properties(height=alt.Step(28)) + alt.Chart(alt.Data(values=stages)).mark_text(
        align="left", dx=4
    ).encode(y=alt.Y("stage:N", sort=None), x="count:Q", text="count:Q")


BUILDERS = {
    "cumulative": cumulative_chart,
    "weekly": weekly_chart,
    "activity": activity_chart,
    "mix": mix_chart,
    "cadence": cadence_strip,
    "funnel": funnel_chart,
}
