"""Write a deterministic ~1,000,000-row scratch project for the benchmark (SPEC §2–§3).

Usage: python bench/make_big_logs.py [PROJECT] [--rows N] [--seed S]

PROJECT (default bench/data/big, git-ignored) gets content/plan.md (the repository's own
plan when there is one, else the plan of SPEC §3) and logs/big.csv: about 90 MB of UTF-8
rows over 200 agents and ~50,000 customers for 2026, plus 2025 history. Every row is valid
per SPEC §2; the mix of date, type, premium, product and channel spellings is the one a
real Excel/CRM export shows.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PROJECT = REPO / "bench" / "data" / "big"
HEADER = "date,type,customer,premium,product,channel,outcome,reason,note,agent,count"
YEAR = 2026
AGENTS = 200
CUSTOMERS = 50_000
HISTORY_SHARE = 0.06  # rows dated in YEAR - 1

# type id -> (share of rows, Chinese label)
TYPE_MIX = {
    "visit": (0.25, "拜访"),
    "call": (0.20, "电话回访"),
    "post": (0.17, "朋友圈"),
    "group_post": (0.06, "社群推送"),
    "video": (0.04, "短视频"),
    "event": (0.02, "活动"),
    "briefing": (0.015, "说明会"),
    "referral": (0.02, "转介绍"),
    "training": (0.015, "培训"),
    "study": (0.03, "学习"),
    "shadow": (0.01, "跟岗"),
    "review": (0.02, "复盘"),
    "exercise": (0.045, "运动"),
    "policy": (0.05, "新单"),
    "renewal": (0.04, "续期"),
    "cancel": (0.005, "退保"),
}
PRODUCTS = {
    "health": "健康险",
    "life": "寿险",
    "annuity": "年金险",
    "property_accident": "财产险及意外险",
}
PRODUCT_P = [0.40, 0.25, 0.20, 0.15]
CHANNELS = {"offline": "线下", "online": "线上", "referral": "转介绍"}
CHANNEL_P = [0.50, 0.30, 0.20]
OUTCOMES = ["closed", "follow_up", "lost", "", "成交", "跟进", "未成交"]
OUTCOME_P = [0.08, 0.50, 0.17, 0.10, 0.03, 0.08, 0.04]
REASONS = [
    "价格太高",
    "需求不迫切",
    "已有保险",
    "家人反对",
    "预算不足",
    "对条款有疑虑",
    "想再比较几家",
    "too expensive",
    "not now",
]
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史"
)
GIVEN = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉兵斌波辉鹏飞宇浩然晨"
    "阳欣怡子涵梓轩雨婷佳琪思远嘉俊文博天佑家豪诗雅雪梅海燕春晓秋冬"
)
PHRASES = [
    "客户关注重疾保障",
    "约下周二再谈",
    "介绍了年金方案, 客户说要和家人商量",
    "预算约{n}万",
    "孩子刚上小学，考虑教育金",
    "已加微信",
    "电话 13{p} 可随时联系",
    "对医疗险报销比例有疑问",
    "老客户转介绍的朋友",
    "上次体检有结节，需核保",
    "希望保费月缴",
    "在外地出差，改天回访",
    'said "maybe next month"',
    "asked for a comparison with the online product",
    "参加了周末的说明会",
    "对分红险兴趣不大",
    "家里有两位老人，需要意外险",
    "第{n}次跟进",
    "保单已送达，客户签收",
    "续期提醒已发送",
    "退保原因：资金周转",
    "note: call back after 6pm",
]


def plan_text() -> str:
    """Return the plan of SPEC §3's example, with a narrative per quarter."""
    return """---
title: 2026 年度销售目标计划
agent: 王小明
year: 2026
locale: zh-CN
baseline: {premium: 820000, policies: 64, new_customers: 45}
targets:
  premium: {growth: 0.18}
  policies: {growth: 0.12}
  new_customers: {growth: 0.20}
  new_business_share: 0.60
  referral_customer_share: 0.30
mix:
  product: {health: 0.40, life: 0.25, annuity: 0.20, property_accident: 0.15}
  tier:    {high: 0.30, middle: 0.40, ordinary: 0.30}
  channel: {offline: 0.50, online: 0.30, referral: 0.20}
tiers: {high: 50000, middle: 10000}
quarters:
  Q1: {name: 开门红, premium_share: 0.30, new_customer_share: 0.25}
  Q2: {name: 深耕期, premium_share: 0.25, new_customer_share: 0.30}
  Q3: {name: 巩固期, premium_share: 0.25, renewal_share: 0.40, referral_customer_share: 0.30}
  Q4: {name: 冲刺期, premium_share: 0.20}
products: {education: 教育金}
types: {salon: 客户沙龙}
cadences:
  - {quarter: Q1, type: visit, count: 5, per: week, label: 拜访潜在客户}
  - {quarter: Q1, type: briefing, count: 1, per: 2 weeks}
  - {quarter: Q2, type: event, count: 2, per: month}
  - {quarter: Q3, type: call, count: 10, per: 2 weeks}
  - {type: training, count: 1, per: month}
---

# 2026 年度销售目标计划

## Q1 开门红

每周拜访 5 位潜在客户，每两周一场产品说明会。

## Q2 深耕期

每月两场社区活动。

## Q3 巩固期

每两周回访 10 位老客户。

## Q4 冲刺期

逐一跟进未成交客户名单。
"""


def csv_cell(text: str) -> str:
    """Quote a CSV cell when it holds a comma, a quote or a line break."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def distinct_names(rng: np.random.Generator, n: int, suffix_every: int = 0) -> np.ndarray:
    """Return n distinct Chinese names (surname + one or two given characters)."""
    names: dict[str, None] = {}
    while len(names) < n:
        k = 2 * (n - len(names))
        s = rng.integers(0, len(SURNAMES), k)
        g1 = rng.integers(0, len(GIVEN), k)
        g2 = rng.integers(-len(GIVEN) // 3, len(GIVEN), k)  # negative: a one-character given name
        for a, b, c in zip(s.tolist(), g1.tolist(), g2.tolist(), strict=True):
            names[SURNAMES[a] + GIVEN[b] + (GIVEN[c] if c >= 0 else "")] = None
    out = np.array(list(names)[:n], dtype=object)
    if suffix_every:  # namesakes in a CRM get a disambiguating number
        idx = np.arange(0, n, suffix_every)
        out[idx] = [f"{name}{i % 97:02d}" for name, i in zip(out[idx], idx, strict=True)]
    return out


def pick(rng: np.random.Generator, values: list[str], p: list[float] | None, n: int) -> np.ndarray:
    return np.array(values, dtype=object)[rng.choice(len(values), n, p=p)]


def make_dates(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return day numbers (days since 1970) and their text in the forms agents type."""
    history = rng.random(n) < HISTORY_SHARE
    first = np.datetime64(f"{YEAR}-01-01").astype(int)
    prev = np.datetime64(f"{YEAR - 1}-01-01").astype(int)
    days = np.where(history, prev + rng.integers(0, 365, n), first + rng.integers(0, 365, n))
    # fewer activities at weekends: move 60% of weekend days to the Friday before
    weekday = (days + 3) % 7  # 0 = Monday
    weekend = (weekday >= 5) & (rng.random(n) < 0.6)
    days = np.where(weekend, days - (weekday - 4), days)
    dates = days.astype("datetime64[D]")
    iso = np.datetime_as_string(dates).astype(object)
    y = dates.astype("datetime64[Y]").astype(int) + 1970
    m = dates.astype("datetime64[M]").astype(int) % 12 + 1
    d = (dates - dates.astype("datetime64[M]")).astype(int) + 1
    form = rng.choice(4, n, p=[0.80, 0.12, 0.05, 0.03])
    text = iso.copy()
    for i in np.flatnonzero(form == 1):
        text[i] = f"{y[i]}/{m[i]}/{d[i]}"
    for i in np.flatnonzero(form == 2):
        text[i] = f"{y[i]}年{m[i]}月{d[i]}日"
    hours = rng.integers(8, 21, n)
    for i in np.flatnonzero(form == 3):
        text[i] = f"{iso[i]} {hours[i]:02d}:{(i * 7) % 60:02d}"
    return days, text


def make_premiums(rng: np.random.Generator, n: int) -> np.ndarray:
    """Return premium cells: 12000, "12,000.50", 1.2万, ¥12000, 12000元 (all valid, >= 0)."""
    yuan = np.round(np.exp(rng.normal(np.log(7000), 0.9, n)), -2).clip(300, 2_000_000)
    form = rng.choice(5, n, p=[0.60, 0.20, 0.10, 0.05, 0.05])
    out = np.empty(n, dtype=object)
    cents = rng.choice([0, 50], n)
    for i, (value, f) in enumerate(zip(yuan.tolist(), form.tolist(), strict=True)):
        v = int(value)
        if f == 0:
            out[i] = str(v)
        elif f == 1:
            out[i] = f'"{v:,}.{cents[i]:02d}"' if v >= 1000 else f"{v}.{cents[i]:02d}"
        elif f == 2:
            out[i] = f"{round(v / 1000) / 10:g}万" if v >= 1000 else str(v)
        elif f == 3:
            out[i] = f"¥{v}"
        else:
            out[i] = f"{v}元"
    return out


def make_notes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Return note cells: a quarter empty, the rest one to three phrases, some free text."""
    out = np.full(n, "", dtype=object)
    has = np.flatnonzero(rng.random(n) < 0.75)
    k = rng.choice([1, 2, 3], len(has), p=[0.3, 0.4, 0.3])
    phrase = rng.integers(0, len(PHRASES), (len(has), 3))
    numbers = rng.integers(2, 60, len(has))
    phones = rng.integers(100_000_000, 999_999_999, len(has))
    multiline = rng.random(len(has)) < 0.002
    for j, i in enumerate(has.tolist()):
        parts = [PHRASES[p] for p in phrase[j, : k[j]]]
        text = ("\n" if multiline[j] else "；").join(parts)
        if "{" in text:
            text = text.replace("{n}", str(numbers[j])).replace("{p}", str(phones[j]))
        out[i] = csv_cell(text)
    return out


def make_rows(n: int, seed: int) -> tuple[list[np.ndarray], dict]:
    """Return the eleven columns of n rows as arrays of CSV cells, and the data's shape."""
    rng = np.random.default_rng(seed)
    ids = list(TYPE_MIX)
    shares = np.array([s for s, _ in TYPE_MIX.values()])
    type_i = rng.choice(len(ids), n, p=shares / shares.sum())
    type_id = np.array(ids, dtype=object)[type_i]
    chinese = rng.random(n) < 0.15
    labels = np.array([zh for _, zh in TYPE_MIX.values()], dtype=object)[type_i]
    type_cell = np.where(chinese, labels, type_id)
    is_ = {t: type_id == t for t in ids}
    money = is_["policy"] | is_["renewal"] | is_["cancel"]
    needs_customer = money | is_["visit"] | is_["call"]
    days, date_cell = make_dates(rng, n)
    # policy rows are "成交" some of the time, the alias the plan accepts
    alias = is_["policy"] & chinese & (rng.random(n) < 0.3)
    type_cell[alias] = "成交"

    # customers: skewed activity, each owned by one agent
    names = distinct_names(rng, CUSTOMERS, suffix_every=41)
    weight = rng.pareto(1.5, CUSTOMERS) + 1
    who = rng.choice(CUSTOMERS, n, p=weight / weight.sum())
    # make sure every customer appears at least once on a customer row
    customer_rows = np.flatnonzero(needs_customer)[:CUSTOMERS]
    who[customer_rows] = rng.permutation(CUSTOMERS)[: len(customer_rows)]
    agent_names = distinct_names(rng, AGENTS)
    owner = rng.integers(0, AGENTS, CUSTOMERS)
    customer_cell = np.where(
        needs_customer | (is_["referral"] & (rng.random(n) < 0.7)), names[who], ""
    )
    padded = (customer_cell != "") & (rng.random(n) < 0.005)  # stray spaces from Excel
    customer_cell[padded] = [f" {c} " for c in customer_cell[padded]]
    agent_cell = np.where(
        customer_cell != "", agent_names[owner[who]], agent_names[rng.integers(0, AGENTS, n)]
    )

    premium_cell = np.full(n, "", dtype=object)
    premium_cell[money] = make_premiums(rng, int(money.sum()))
    product_ids = pick(rng, list(PRODUCTS), PRODUCT_P, n)
    product_zh = np.array([PRODUCTS[p] for p in product_ids], dtype=object)
    product_cell = np.where(money, np.where(rng.random(n) < 0.3, product_zh, product_ids), "")
    channel_ids = pick(rng, list(CHANNELS), CHANNEL_P, n)
    channel_zh = np.array([CHANNELS[c] for c in channel_ids], dtype=object)
    with_channel = is_["policy"] | is_["cancel"] | (is_["renewal"] & (rng.random(n) < 0.2))
    channel_cell = np.where(
        with_channel, np.where(rng.random(n) < 0.3, channel_zh, channel_ids), ""
    )

    contact = is_["visit"] | is_["call"]
    outcome_cell = np.where(contact, pick(rng, OUTCOMES, OUTCOME_P, n), "")
    lost = contact & np.isin(outcome_cell, ["lost", "未成交"])
    reason_cell = np.where(lost & (rng.random(n) < 0.8), pick(rng, REASONS, None, n), "")
    note_cell = make_notes(rng, n)
    counts = np.array(["", "1", "2", "3", "5"], dtype=object)
    count_cell = np.where(
        money,
        "",
        np.where(
            is_["post"] | is_["group_post"] | is_["video"],
            counts[rng.choice(5, n, p=[0.3, 0.3, 0.2, 0.1, 0.1])],
            counts[rng.choice(5, n, p=[0.7, 0.25, 0.04, 0.01, 0.0])],
        ),
    )
    order = np.argsort(days, kind="stable")  # a CRM export sorted by date
    columns = [
        date_cell,
        type_cell,
        customer_cell,
        premium_cell,
        product_cell,
        channel_cell,
        outcome_cell,
        reason_cell,
        note_cell,
        agent_cell,
        count_cell,
    ]
    shape = {
        "rows": n,
        "customers": len({c.strip() for c in customer_cell if c}),
        "agents": len(set(agent_cell.tolist())),
        "history_rows": int((days < np.datetime64(f"{YEAR}-01-01").astype(int)).sum()),
        "types": {t: int(m.sum()) for t, m in is_.items()},
    }
    return [c[order] for c in columns], shape


def write_project(project: Path, rows: int = 1_000_000, seed: int = 20260101) -> dict:
    """Write content/plan.md and logs/big.csv into project; return the data's shape."""
    (project / "content").mkdir(parents=True, exist_ok=True)
    (project / "logs").mkdir(parents=True, exist_ok=True)
    own_plan = REPO / "content" / "plan.md"
    if own_plan.is_file():
        shutil.copyfile(own_plan, project / "content" / "plan.md")
    else:
        (project / "content" / "plan.md").write_text(plan_text(), encoding="utf-8")
    columns, shape = make_rows(rows, seed)
    lines = map(",".join, zip(*(c.tolist() for c in columns), strict=True))
    text = HEADER + "\n" + "\n".join(lines) + "\n"
    data = text.encode("utf-8")
    path = project / "logs" / "big.csv"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    shape["megabytes"] = round(len(data) / 1e6, 1)
    return shape


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=DEFAULT_PROJECT)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shape = write_project(args.project, args.rows, args.seed)
    print(
        f"wrote {args.project / 'logs' / 'big.csv'}: {shape['rows']:,} rows, "
        f"{shape['megabytes']} MB, {shape['customers']:,} customers, {shape['agents']} agents, "
        f"{shape['history_rows']:,} history rows in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
