"""The words of the sample team (scripts/make_sample_team.py): plans and review notes.

Every figure in a note is worked out from the generated rows, so the notes agree with the site.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from make_sample_logs import PRODUCT_ZH, TYPE_ZH, Row
from sample_team_agents import LEAD, SAME_NAME, TEAM, TEAM_SHARES, Agent, targets_of

QUARTER_NAMES = ("开门红", "深耕期", "巩固期", "冲刺期")
QUARTER_MONTHS = ("1–3月", "4–6月", "7–9月", "10–12月")
MIX = """\
mix:
  product: {product}
  tier:    {{high: 0.30, middle: 0.40, ordinary: 0.30}}
  channel: {{offline: 0.50, online: 0.30, referral: 0.20}}
tiers: {{high: 50000, middle: 10000}}
products: {{education: 教育金}}
types: {{salon: 客户沙龙}}
"""
TEAM_PRODUCT_MIX = "{health: 0.40, life: 0.25, annuity: 0.20, property_accident: 0.15}"


def wan(amount: float) -> str:
    """Return an amount in 万元 the way agents say it (96.8 万元)."""
    return f"{amount / 10000:.1f} 万元"


def cadence_yaml(cadences) -> str:
    """Return a plan's cadences as YAML flow mappings, one a line."""
    lines = []
    for quarter, type_, count, per, label in cadences:
        fields = [f"quarter: {quarter}"] if quarter else []
        fields += [f"type: {type_}", f"count: {count}", f"per: {per}"]
        fields += [f"label: {label}"] if label else []
        lines.append(f"  - {{{', '.join(fields)}}}")
    return "\n".join(lines)


def quarters_yaml(shares, q3_renewal: bool) -> str:
    """Return the plan's quarters: names, premium shares and new-customer shares."""
    lines = ["quarters:"]
    for i, (name, share) in enumerate(zip(QUARTER_NAMES, shares, strict=True)):
        extra = ", renewal_share: 0.35" if q3_renewal and i == 2 else ""
        lines.append(f"  Q{i + 1}: {{name: {name}, premium_share: {share:.2f}{extra}}}")
    return "\n".join(lines)


def agent_plan(agent: Agent, baseline: dict) -> str:
    """Return content/agents/<slug>.md: the agent's own plan."""
    premium, policies, customers = targets_of(agent, baseline)
    if agent.absolute:
        numbers = f"targets:\n  premium: {premium:.0f}\n  policies: {policies}\n"
        numbers += f"  new_customers: {customers}\n"
    else:
        b, g = baseline, agent.growth
        numbers = (
            f"baseline: {{premium: {b['premium']:.0f}, policies: {b['policies']},"
            f" new_customers: {b['new_customers']}}}\n"
            f"targets:\n  premium: {{growth: {g[0]:.2f}}}\n  policies: {{growth: {g[1]:.2f}}}\n"
            f"  new_customers: {{growth: {g[2]:.2f}}}\n"
        )
    numbers += "  new_business_share: 0.55\n  referral_customer_share: 0.25\n"
    front = (
        f"---\ntitle: {agent.name} 2026 年度销售目标计划\nagent: {agent.name}\nyear: 2026\n"
        f"locale: zh-CN\n{numbers}{MIX.format(product=agent.mix_product)}"
        f"{quarters_yaml(agent.shares, False)}\ncadences:\n{cadence_yaml(agent.cadences)}\n---\n"
    )
    last = (
        "无（2026 年入职）"
        if agent.absolute
        else f"{baseline['premium']:,.0f} 元、{baseline['policies']} 件、"
        f"新增客户 {baseline['new_customers']} 位"
    )
    body = [
        agent.story,
        "",
        "## 年度目标",
        "",
        f"- 2025 年实际：{last}。",
        f"- 2026 年目标：总保费 {premium:,.0f} 元（{wan(premium)}），{policies} 件，"
        f"新增客户 {customers} 位。",
        "- 新单保费占比不低于 55%，转介绍客户占比不低于 25%。",
        "",
    ]
    for i, (name, focus) in enumerate(zip(QUARTER_NAMES, agent.focus, strict=True)):
        share = agent.shares[i]
        goal = f"季度目标：保费约 {wan(premium * share)}（全年 {share:.0%}）。" if share else ""
        body += [f"## Q{i + 1} {name}（{QUARTER_MONTHS[i]}）", "", goal + focus, ""]
    body += ["## 风险应对", "", agent.risk, ""]
    return front + "\n" + "\n".join(body)


def team_plan(agents: tuple[Agent, ...], baselines: dict[str, dict]) -> str:
    """Return content/plan.md: the team's plan, with its own premium target."""
    targets = {a.slug: targets_of(a, baselines[a.slug]) for a in agents}
    summed = sum(t[0] for t in targets.values())
    premium = math.ceil(summed / 100000) * 100000  # the lead rounds the sum up
    base = [b for b in baselines.values() if b]
    totals = {k: sum(b[k] for b in base) for k in ("premium", "policies", "new_customers")}
    front = (
        f"---\ntitle: {TEAM} 2026 年度作战计划\nyear: 2026\nlocale: zh-CN\n"
        f"baseline: {{premium: {totals['premium']:.0f}, policies: {totals['policies']},"
        f" new_customers: {totals['new_customers']}}}\n"
        f"targets:\n  premium: {premium}\n  new_business_share: 0.55\n"
        f"  referral_customer_share: 0.25\n{MIX.format(product=TEAM_PRODUCT_MIX)}"
        f"{quarters_yaml(TEAM_SHARES, True)}\ncadences:\n{cadence_yaml(TEAM_CADENCES)}\n---\n"
    )
    rows = [
        f"| {a.name} | {'新人' if a.absolute else wan(baselines[a.slug]['premium'])} |"
        f" {t[0]:,.0f} 元 | {t[1]} 件 | {t[2]} 位 |"
        for a, t in ((a, targets[a.slug]) for a in agents)
    ]
    policies = sum(t[1] for t in targets.values())
    customers = sum(t[2] for t in targets.values())
    body = TEAM_BODY.format(
        team=TEAM,
        lead=LEAD,
        n=len(agents),
        premium=f"{premium:,.0f}",
        premium_wan=wan(premium),
        summed=f"{summed:,.0f}",
        policies=policies,
        customers=customers,
        base=wan(totals["premium"]),
        rows="\n".join(rows),
        **{f"q{i + 1}": wan(premium * s) for i, s in enumerate(TEAM_SHARES)},
    )
    return front + "\n" + body


TEAM_CADENCES = (
    (None, "review", 5, "week", "每周复盘（至少 5 人）"),
    (None, "training", 5, "month", "每月培训（至少 5 人次）"),
    ("Q1", "briefing", 2, "2 weeks", "开门红说明会"),
    ("Q3", "call", 40, "2 weeks", "续期与转介绍回访（团队合计）"),
    ("Q4", "visit", 30, "week", "冲刺拜访（团队合计）"),
)

TEAM_BODY = """\
本计划是{team}（主管{lead}，{n} 位业务员）2026 年的团队作战地图。每位业务员有自己的计划
（`content/agents/`），团队计划只定三件事：团队目标、四个季度的打法、团队一起守的节奏。
每周五的团队复盘会按排行榜逐人过一遍：谁领先、谁落后、谁的节奏断了。

## 团队目标

- **总保费 {premium} 元（{premium_wan}）**：六人目标之和为 {summed} 元，主管取整上调。
  2025 年五位老业务员合计 {base}。
- **件数 {policies} 件、新增客户 {customers} 位**：团队计划不另设，按六人目标相加。
- 新单保费占比不低于 55%，转介绍客户占比不低于 25%。

| 业务员 | 2025 年保费 | 2026 年保费目标 | 件数 | 新增客户 |
|---|---:|---:|---:|---:|
{rows}

客户按业务员区分：两位业务员各有一位叫张伟的客户，是两个人，各算各的新增客户。

## Q1 开门红（1–3月）

目标：保费约 {q1}（全年 30%）。开门红主推年金险，高净值客户的方案 1 月上旬前出完；
每 2 周团队至少 2 场说明会，李娜和吴磊轮流主讲。

## Q2 深耕期（4–6月）

目标：保费约 {q2}（全年 25%）。社区活动和客户沙龙重新积累名单；6 月新人林晓雨入职，
李娜带教。主管每周陪访一次进度落后的业务员。

## Q3 巩固期（7–9月）

目标：保费约 {q3}（全年 25%），续期保费占比不低于 35%。团队每 2 周合计 40 次续期与
转介绍回访，续期到期前 10 天电话提醒，不断缴。

## Q4 冲刺期（10–12月）

目标：保费约 {q4}（全年 20%）。团队每周合计 30 次冲刺拜访，优先跟进全年未成交客户；
12 月开始 2027 开门红预热。

## 带教与支持

- 每周五团队复盘：每人讲一个成交案例、一个未成交案例。
- 每月培训：产品、合规、理赔实务，每人每月至少 1 次。
- 新人带教：林晓雨三季度每周跟岗师傅李娜一次。

## 风险应对

| 风险 | 信号 | 应对 |
|---|---|---|
| 个人进度落后 | 排行榜上保费进度低于时间进度 | 主管每周陪访一次，重排拜访名单，优先老客户加保 |
| 节奏断档 | 节奏达成率低于 60% | 周一上午固定排拜访，复盘当周补上 |
| 大客户流失 | 续期提醒时客户表示停缴 | 主管一起上门，了解原因，准备替代方案 |
| 新人流失 | 入职三个月未开单 | 师傅每周跟岗，先从亲友和社区开单 |
"""


# ---- review notes -------------------------------------------------------------------------


def premium(rows: list[Row], start: date, end: date) -> float:
    """Return premium_total of the rows dated from start to end: policy + renewal − cancel."""
    sign = {"policy": 1, "renewal": 1, "cancel": -1}
    return sum(sign.get(r.type, 0) * (r.premium or 0) for r in rows if start <= r.day <= end)


def of_type(rows: list[Row], type_: str, start: date, end: date) -> list[Row]:
    """Return the rows of a type dated from start to end."""
    return [r for r in rows if r.type == type_ and start <= r.day <= end]


def notes(
    agents: tuple[Agent, ...], rows: dict[str, list[Row]], baselines: dict[str, dict]
) -> dict[str, str]:
    """Return the review notes, by path under content/reviews/."""
    by = {a.slug: a for a in agents}
    q1 = (date(2026, 1, 1), date(2026, 3, 31))
    out = {"2026-Q1.md": team_q1(agents, rows, q1)}
    out["2026-06.md"] = team_half(agents, rows)
    out["2026-W46.md"] = team_sprint(agents, rows)
    out["li-na/2026-Q1.md"] = star_q1(by["li-na"], rows["li-na"], q1)
    out["wu-lei/2026-W11.md"] = same_name_week(rows["wu-lei"], "外贸公司业务经理")
    out["he-jing/2026-09.md"] = same_name_week(rows["he-jing"], "中学老师")
    out["zhou-jie/2026-Q2.md"] = behind_quarter(by["zhou-jie"], rows["zhou-jie"], baselines)
    out["sun-hao/2026-W24.md"] = cadence_talk(rows["sun-hao"])
    out["lin-xy/2026-06.md"] = first_month(rows["lin-xy"])
    return out


def team_q1(agents, rows, q1) -> str:
    table = [
        f"| {a.name} | {premium(rows[a.slug], *q1):,.0f} 元"
        f" | {len(of_type(rows[a.slug], 'policy', *q1))} 件 |"
        for a in agents
        if not a.absolute
    ]
    total = sum(premium(r, *q1) for r in rows.values())
    reviews = len(of_type(rows["sun-hao"], "review", *q1))
    return (
        f"## 一季度团队小结\n\n团队一季度总保费 {total:,.0f} 元（新单 + 续期 − 退保）。\n\n"
        "| 业务员 | 一季度保费 | 签单 |\n|---|---:|---:|\n" + "\n".join(table) + "\n\n"
        "## 做得好的地方\n\n- 李娜开门红大单带动全队，高净值客户的年金方案 1 月上旬前全部出完。\n"
        "- 吴磊的家庭组合打法见效：重疾 + 意外一起签，件数稳定。\n\n"
        f"## 需要改进\n\n- 孙浩一季度只复盘了 {reviews} 次，拜访也经常不够每周 6 次。\n"
        "- 周杰的企业主客户续期停缴，二季度要尽早补上新客户。\n\n"
        "## 二季度重点\n\n1. 每月社区活动和客户沙龙重新积累名单。\n"
        f"2. 主管{LEAD}每周陪访周杰一次。\n"
    )


def team_half(agents, rows) -> str:
    h1 = (date(2026, 1, 1), date(2026, 6, 30))
    lines = [f"- {a.name}：上半年保费 {premium(rows[a.slug], *h1):,.0f} 元" for a in agents]
    first = of_type(rows["lin-xy"], "policy", *h1)
    return (
        "## 6 月团队复盘：半年过去了\n\n" + "\n".join(lines) + "\n\n"
        f"新人林晓雨 6 月 1 日入职，当月签单 {len(first)} 件，跟岗师傅李娜。\n"
        "周杰二季度拜访量明显下滑，主管陪访继续；孙浩的复盘要每周五按时交。\n"
    )


def team_sprint(agents, rows) -> str:
    week = (date(2026, 11, 9), date(2026, 11, 15))
    lines = [
        f"- {a.name}：本周签单 {len(of_type(rows[a.slug], 'policy', *week))} 件，"
        f"拜访 {len(of_type(rows[a.slug], 'visit', *week))} 次"
        for a in agents
    ]
    return (
        "## 冲刺周会\n\n离年底还有六周，按排行榜逐人过进度：\n\n" + "\n".join(lines) + "\n\n"
        f"提醒：吴磊和何静的客户里各有一位{SAME_NAME}，不是同一个人，"
        "网站按业务员区分客户，两人各算一位新增客户。\n"
    )


def star_q1(agent: Agent, rows: list[Row], q1) -> str:
    big = sorted(of_type(rows, "policy", *q1), key=lambda r: -r.premium)[:2]
    deals = "、".join(f"{r.customer}（{PRODUCT_ZH[r.product]} {r.premium:,.0f} 元）" for r in big)
    return (
        "## 开门红总结\n\n"
        f"一季度保费 {premium(rows, *q1):,.0f} 元，签单 {len(of_type(rows, 'policy', *q1))} 件。"
        f"最大的两单：{deals}。\n\n"
        "心得：高净值客户先讲整体规划再讲产品；签单当天就请客户介绍朋友。\n"
    )


def same_name_week(rows: list[Row], job: str) -> str:
    sold = [r for r in rows if r.customer == SAME_NAME and r.type == "policy"]
    products = "、".join(f"{PRODUCT_ZH[r.product]} {r.premium:,.0f} 元" for r in sold)
    return (
        f"## 复盘\n\n{SAME_NAME}（{job}）{sold[0].day.month} 月 {sold[0].day.day} 日"
        f"签单：{products}。"
        "先做家庭保障缺口分析，再给方案，客户当场决定。\n\n"
        f"注意：团队里另一位业务员也有叫{SAME_NAME}的客户，是另一个人，不要混。\n"
    )


def behind_quarter(agent: Agent, rows: list[Row], baselines: dict[str, dict]) -> str:
    q2 = (date(2026, 4, 1), date(2026, 6, 30))
    target = targets_of(agent, baselines[agent.slug])[0] * agent.shares[1]
    done = premium(rows, *q2)
    lost = [r for r in rows if q2[0] <= r.day <= q2[1] and r.outcome == "lost"]
    reasons = "、".join(f"{r.customer}（{r.reason}）" for r in lost) or "无"
    return (
        "## 二季度复盘：进度落后\n\n"
        f"二季度保费 {done:,.0f} 元，季度目标 {target:,.0f} 元，完成 {done / target:.0%}。"
        f"拜访 {len(of_type(rows, 'visit', *q2))} 次，电话 {len(of_type(rows, 'call', *q2))} 次。"
        f"未成交：{reasons}。\n\n"
        "两位企业主客户续期停缴，去年的保费有近三成来自他们。主管陪访，重新排名单：\n"
        "先找老客户加保，再约社区活动上认识的新客户。\n"
    )


def cadence_talk(rows: list[Row]) -> str:
    so_far = (date(2026, 1, 1), date(2026, 6, 14))
    reviews = len(of_type(rows, "review", *so_far))
    weeks = (so_far[1] - so_far[0]).days // 7
    return (
        "## 主管约谈：节奏\n\n"
        f"今年前 {weeks} 周只交了 {reviews} 次{TYPE_ZH['review']}。"
        "业绩靠老客户续期和熟人单还撑得住，但拜访、学习、跟岗都没按计划做。\n\n约定：每周一上午排拜访，每周五交复盘。\n"
    )


def first_month(rows: list[Row]) -> str:
    june = (date(2026, 6, 1), date(2026, 6, 30))
    sold = of_type(rows, "policy", *june)
    first = sold[0] if sold else None
    line = (
        f"第一单：{first.customer}，{PRODUCT_ZH[first.product]} {first.premium:,.0f} 元"
        f"（{first.day.month} 月 {first.day.day} 日）。"
        if first
        else "本月还没有开单。"
    )
    return (
        "## 入职第一个月\n\n"
        f"6 月签单 {len(sold)} 件，拜访 {len(of_type(rows, 'visit', *june))} 次。{line}\n\n"
        "师傅李娜的建议：先从亲友和社区开单，每次拜访后请客户介绍一位朋友。\n"
        f"下月起每周跟岗一次，{(june[1] + timedelta(1)).month} 月每周拜访 5 次。\n"
    )
