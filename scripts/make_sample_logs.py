#!/usr/bin/env python3
"""Write the sample activity logs of the Battlemap example project.

The logs are one agent's (王小明) 2026 up to 2026-11-20, plus a little 2025
history, split the way an agent really exports them:

    2025-history.csv          English headers, UTF-8
    2025-crm-annual.csv       the rest of 2025 (and the 2024 policies renewed in it), so that
                              last year is the plan's baseline: 80.86万, 64 policies, 45 new
    2026-q1-crm.csv           English headers, UTF-8 with BOM, amounts like ¥8800 / 12,000.50
    2026-03-crm-export.xlsx   a CRM's Excel re-export of the last days of March (rows repeat
                              q1): date cells, premiums as numbers, and a sheet of export notes
    2026-q2-拜访记录.csv       Chinese headers and labels, GB18030, dates like 2026年4月7日,
                              amounts like 1.2万 / 12000元, customers' mobile numbers in the
                              notes (the site redacts them)
    2026-h2.csv               English headers in another order, times, a count column

The story: a strong 开门红, a May in which visits fall below the cadence, a
product mix drifting towards health, renewals carrying Q3, a few free-look
cancellations, lost prospects with reasons and open ones to chase in Q4.

Usage: python scripts/make_sample_logs.py [OUTPUT_DIR]     (default: <repo>/logs)

It also writes the agent's customer file (birthdays, children, tags) to
OUTPUT_DIR/../content/customers.csv.

The same seed gives byte-identical files on every run.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from battlemap.vocab import CHANNELS, OUTCOMES, PRODUCTS, TYPES

SEED = 20260101
AS_OF = date(2026, 11, 20)
EXPORT_FROM = date(2026, 3, 26)  # the CRM re-export covers EXPORT_FROM .. 2026-03-31

HOLIDAYS = (  # 2026 public holidays: 元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆
    ("2026-01-01", "2026-01-03"),
    ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"),
    ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
)
ANNUAL_LEAVE = ("2026-08-10", "2026-08-16")  # 年假: no customer work that week

# the labels Battlemap reads, plus what the sample plan declares (types: salon, products: education)
TYPE_ZH = {**TYPES, "salon": "客户沙龙"}
PRODUCT_ZH = {**PRODUCTS, "education": "教育金"}
CHANNEL_ZH = CHANNELS
OUTCOME_ZH = OUTCOMES

EN_HEADER = "date,type,customer,premium,product,channel,outcome,reason,note".split(",")
ZH_HEADER = ["日期", "类型", "客户", "保费", "险种", "渠道", "结果", "原因", "备注"]
H2_HEADER = "date,customer,type,product,premium,channel,count,outcome,reason,note".split(",")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严武戴莫孔汤"
)
GIVEN = (
    "伟强磊军勇杰涛明超华建国志刚海波辉鹏飞斌宇浩凯俊峰亮成龙文博"
    "芳娜敏静丽艳娟霞秀兰玲萍红梅琳颖雪慧莉婷倩洁佳欣怡悦晨"
)

# (day, product, premium, channel, tag): last year's policies of existing customers.
HISTORY = (
    ("2025-01-08", "health", 8600, "offline", ""),
    ("2025-01-15", "life", 18000, "offline", ""),
    ("2025-01-22", "annuity", 15000, "offline", ""),
    ("2025-02-12", "property_accident", 2800, "online", ""),
    ("2025-03-05", "health", 6200, "referral", ""),
    ("2025-03-20", "education", 12000, "offline", ""),
    ("2025-03-20", "property_accident", 2400, "offline", "same"),
    ("2025-04-10", "health", 9800, "offline", ""),
    ("2025-05-16", "life", 15000, "referral", ""),
    ("2025-06-03", "health", 5400, "online", ""),
    ("2025-06-25", "property_accident", 3200, "offline", ""),
    ("2025-07-08", "life", 36000, "offline", "life36"),
    ("2025-07-21", "health", 8200, "offline", ""),
    ("2025-08-05", "annuity", 60000, "referral", "annuity60"),
    ("2025-08-19", "health", 7600, "referral", ""),
    ("2025-09-02", "education", 12000, "offline", ""),
    ("2025-09-16", "health", 4800, "online", ""),
    ("2025-09-23", "property_accident", 2600, "offline", ""),
    ("2025-10-09", "health", 6800, "offline", ""),
    ("2025-10-28", "life", 12000, "referral", ""),
    ("2025-11-12", "health", 9200, "offline", ""),
    ("2025-11-12", "property_accident", 3100, "offline", "same"),
    ("2025-11-26", "annuity", 25000, "offline", ""),
    ("2025-12-10", "health", 7400, "online", ""),
    ("2025-12-18", "property_accident", 3500, "offline", ""),
    ("2025-12-22", "health", 5600, "offline", ""),
)

# (day, who, product, premium, channel, kind): the deals the year is remembered by.
KEY_DEALS = (
    ("2026-01-09", "zhao", "annuity", 60000, "referral", "new"),
    ("2026-02-06", "big_life", "life", 52000, "offline", "new"),
    ("2026-03-10", "annuity60", "education", 30000, "offline", "repurchase"),
    ("2026-03-24", "zhao", "health", 15000, "offline", "second"),
    ("2026-06-12", "edu_small", "education", 12000, "offline", "new"),
    ("2026-06-26", "free_look", "health", 8800, "offline", "new"),
    ("2026-09-12", "salon_couple", "education", 28000, "referral", "new"),
    ("2026-09-12", "salon_couple", "health", 22000, "referral", "second"),
    ("2026-11-06", "life36", "health", 14000, "offline", "repurchase"),
)

# Policies beyond the key deals: slots per month, and the products of each quarter's slots.
MONTH_SLOTS = {1: 9, 2: 5, 3: 7, 4: 6, 5: 2, 6: 6, 7: 5, 8: 3, 9: 5, 10: 4, 11: 4}
QUARTER_PRODUCTS = {
    1: {"health": 12, "property_accident": 6, "life": 1, "annuity": 2},
    2: {"health": 8, "property_accident": 5, "life": 1},
    3: {"health": 7, "property_accident": 5, "life": 1},
    4: {"health": 5, "property_accident": 3},
}
SLOT_KINDS = {"repurchase": 7, "pair": 3, "second": 3}  # the rest are new customers
NEW_CHANNELS = {"referral": 0.28, "online": 0.32}  # shares of new customers; the rest offline
PREMIUM_RANGE = {  # low, high, mode, rounding step
    "health": (2000, 16000, 6000, 10),
    "life": (8000, 26000, 12000, 100),
    "annuity": (10000, 30000, 15000, 1000),
    "property_accident": (2000, 5000, 2800, 10),
    "education": (10000, 30000, 15000, 1000),
}
CANCEL_NEAR = ("2026-01-15", "2026-04-20", "2026-06-26", "2026-09-10")  # free-look cancellations
CANCEL_NOTES = (
    "犹豫期内退保，家人反对，全额退费",
    "犹豫期退保，觉得每年保费压力大",
    "犹豫期退保，已在网上买了百万医疗，觉得重复",
    "犹豫期退保，资金另有安排（买车）",
)

LOST_REASONS = (
    ("价格太高",) * 4
    + ("需求不迫切",) * 4
    + ("已有保障",) * 3
    + ("家人反对", "家人反对", "选择了其他公司", "预算不足", "健康告知未通过", "对保险不信任")
)
PENDING_REASONS = (
    "等年终奖再定",
    "需要和爱人商量",
    "在比较其他公司产品",
    "需求不迫切",
    "体检结果出来再说",
    "预算待定",
    "价格太高",
)
PITCH = {
    "health": (
        "讲解重疾险保障责任，客户关注保额和等待期",
        "做家庭保障缺口分析，建议重疾+医疗组合",
        "客户问既往症能否投保，约下次带体检报告",
        "对比了两款重疾险，客户倾向多次赔付",
    ),
    "life": (
        "介绍定期寿险，客户有房贷，关注家庭责任",
        "讲解终身寿险的传承功能，客户很感兴趣",
        "测算保额，建议覆盖5年收入加房贷",
    ),
    "annuity": (
        "开门红年金产品演示，客户关心现金价值和流动性",
        "讲解年金险领取方式，客户考虑养老规划",
        "客户担心利率下行，讲解锁定长期收益",
    ),
    "property_accident": (
        "推荐家财险加意外险组合，保费低，客户易接受",
        "讲解意外险的医疗报销范围",
        "客户经常出差，关注交通意外保障",
    ),
    "education": ("讲解教育金领取时间表，孩子今年4岁", "客户想给孩子存大学费用，演示教育金方案"),
}
SERVICE_VISITS = (
    "保单检视，更新家庭信息",
    "协助准备理赔材料",
    "生日拜访，送了蛋糕",
    "送节日礼品，聊了孩子升学",
    "讲解保单权益，顺便了解家人保障",
    "老客户茶叙，聊养老规划",
    "上门讲解体检报告，提醒复查",
    "陪客户办理保单变更",
)
NEW_YEAR_VISITS = ("新年拜访，送台历和春联", "开门红回访，介绍新年产品", "春节前拜年，送伴手礼")
SERVICE_CALLS = (
    "生日祝福",
    "节日问候",
    "理赔进度告知，客户满意",
    "回访服务满意度",
    "提醒体检",
    "确认保单寄送地址",
    "通知保单年度报告已寄出",
    "介绍新上市的医疗险",
)
LESSONS = (
    "先问需求再讲产品，成交更快",
    "价格异议要先讲保障缺口",
    "转介绍要在签单当天开口",
    "未成交客户要约定下次联系时间",
    "电话邀约话术要再练",
    "年金险要多用利益演示",
    "家人反对的案例要请配偶一起面谈",
    "拜访量不足，下周补足",
)


@dataclass
class Row:
    """One log row, in ids; the writers render it per file."""

    day: date
    type: str
    customer: str = ""
    premium: float | None = None
    product: str = ""
    channel: str = ""
    outcome: str = ""
    reason: str = ""
    note: str = ""
    count: int = 1
    time: str = ""
    seq: int = 0


@dataclass
class Deal:
    """One policy sale before it is written as rows."""

    day: date
    customer: str
    product: str
    premium: float
    channel: str
    kind: str  # new, second (a 2026 customer again), repurchase (a 2025 customer)


def parse_day(text: str) -> date:
    """Return the date of an ISO date text."""
    return date.fromisoformat(text)


def span(first: str, last: str) -> list[date]:
    """Return every day from first to last inclusive."""
    start, end = parse_day(first), parse_day(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


OFF_DAYS = frozenset(d for pair in HOLIDAYS + (ANNUAL_LEAVE,) for d in span(*pair))
YEAR_DAYS = span("2026-01-01", AS_OF.isoformat())


def is_open(day: date) -> bool:
    """Return whether the agent works with customers on day (Mon–Sat, no holiday, no leave)."""
    return day.weekday() < 6 and day not in OFF_DAYS


def quarter_of(day: date) -> int:
    """Return the calendar quarter of day."""
    return (day.month - 1) // 3 + 1


class Book:
    """The agent's year being written: the rows, the customers and the random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: list[Row] = []
        self.names = self._name_pool(220)
        self.since: dict[str, date] = {}  # customer -> first policy day
        self.cancelled: dict[str, date] = {}
        self.open_days = [d for d in YEAR_DAYS if is_open(d)]

    def _name_pool(self, size: int) -> list[str]:
        names: list[str] = []
        while len(names) < size:
            common = self.rng.random() < 0.6
            surname = self.rng.choice(SURNAMES[:20] if common else SURNAMES)
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
            name = surname + given
            if name not in names and name != "王小明" and len(set(given)) == len(given):
                names.append(name)
        return names

    def new_name(self) -> str:
        return self.names.pop()

    def add(self, day: date, type_: str, **fields: object) -> Row:
        row = Row(day, type_, seq=len(self.rows), **fields)  # type: ignore[arg-type]
        if type_ in ("visit", "call") and day >= date(2026, 7, 1) and self.rng.random() < 0.35:
            row.time = f"{self.rng.randint(9, 19):02d}:{self.rng.choice(('00', '15', '30', '45'))}"
        self.rows.append(row)
        return row

    def open_day(self, low: date, high: date) -> date:
        """Return a random open day in [low, high], or the first open day after low."""
        days = [d for d in self.open_days if low <= d <= high]
        if days:
            return self.rng.choice(days)
        return next((d for d in self.open_days if d >= low), AS_OF)

    def customers_on(self, day: date) -> list[str]:
        """Return the customers holding a policy before day."""
        return [
            c
            for c, first in self.since.items()
            if first < day and not (c in self.cancelled and self.cancelled[c] <= day)
        ]

    def contact_type(self, day: date, visit_share: float) -> str:
        if day.month == 5:  # the May slump: the agent phones instead of going out
            visit_share *= 0.15
        return "visit" if self.rng.random() < visit_share else "call"


def write_history(book: Book) -> dict[str, str]:
    """Write last year's policies; return the customers of tagged ones."""
    tagged: dict[str, str] = {}
    name = ""
    for text, product, premium, channel, tag in HISTORY:
        day = parse_day(text)
        if tag != "same":
            name = book.new_name()
        if tag and tag != "same":
            tagged[tag] = name
        book.add(day, "visit", customer=name, outcome="closed", note=f"签单，{PRODUCT_ZH[product]}")
        book.add(
            day,
            "policy",
            customer=name,
            premium=float(premium),
            product=product,
            channel=channel,
            note="2025年保单",
        )
        book.since.setdefault(name, day)
    return tagged


def premium_for(rng: random.Random, product: str, day: date) -> float:
    low, high, mode, step = PREMIUM_RANGE[product]
    amount = float(round(rng.triangular(low, high, mode) / step) * step)
    if product == "health" and day.month <= 3 and rng.random() < 0.3:
        amount += 0.5  # rate-table premiums are not always round: 6,325.50
    return amount


def plan_slots(book: Book) -> list[tuple[date, str, str, str]]:
    """Return the (day, kind, product, channel) of every policy slot beyond the key deals."""
    rng = book.rng
    days = sorted(
        book.open_day(date(2026, m, 1), min(date(2026, m, 28), AS_OF))
        for m, n in MONTH_SLOTS.items()
        for _ in range(n)
    )
    kinds = [k for k, n in SLOT_KINDS.items() for _ in range(n)]
    kinds += ["new"] * (len(days) - len(kinds))
    rng.shuffle(kinds)
    for i in range(6):  # nobody buys a second time in the first week of the year
        if kinds[i] == "second":
            j = kinds.index("new", 6)
            kinds[i], kinds[j] = kinds[j], kinds[i]
    products = {}
    for quarter, bag in QUARTER_PRODUCTS.items():
        items = [p for p, n in bag.items() for _ in range(n)]
        rng.shuffle(items)
        products[quarter] = items
    fresh = sum(k in ("new", "pair") for k in kinds)
    channels = [c for c, share in NEW_CHANNELS.items() for _ in range(round(share * fresh))]
    channels += ["offline"] * (fresh - len(channels))
    rng.shuffle(channels)
    slots = []
    for day, kind in zip(days, kinds, strict=True):
        product = products[quarter_of(day)].pop()
        channel = channels.pop() if kind in ("new", "pair") else "offline"
        if channel == "online" and product not in ("health", "property_accident"):
            channel = "offline"  # life and annuity cover is signed face to face
        slots.append((day, kind, product, channel))
    return slots


def plan_deals(book: Book, tagged: dict[str, str]) -> list[Deal]:
    """Return every 2026 policy sale, in date order."""
    rng = book.rng
    deals = []
    for text, who, product, premium, channel, kind in KEY_DEALS:
        tagged.setdefault(who, book.new_name())
        deals.append(Deal(parse_day(text), tagged[who], product, float(premium), channel, kind))
    old = [c for c in book.since if c not in tagged.values()]
    rng.shuffle(old)
    for day, kind, product, channel in plan_slots(book):
        premium = premium_for(rng, product, day)
        if kind == "repurchase":
            deals.append(Deal(day, old.pop(), product, premium, channel, kind))
            continue
        if kind == "second":
            earlier = [
                d.customer
                for d in deals
                if d.kind == "new"
                and d.day < day - timedelta(14)
                and sum(x.customer == d.customer for x in deals) == 1
            ]
            if earlier:
                small = product in ("health", "property_accident")
                channel = "online" if small and rng.random() < 0.4 else "offline"
                deals.append(Deal(day, rng.choice(earlier), product, premium, channel, kind))
                continue
        deal = Deal(day, book.new_name(), product, premium, channel, "new")
        deals.append(deal)
        if kind == "pair":  # a family signs twice the same day: one for the spouse or child
            extra = "health" if product == "property_accident" else "property_accident"
            deals.append(
                Deal(day, deal.customer, extra, premium_for(rng, extra, day), channel, "second")
            )
    deals.sort(key=lambda d: (d.day, d.kind != "new"))
    return deals


def write_deals(book: Book, deals: list[Deal]) -> None:
    """Write each sale: the referral, the contacts that led to it, the close, the policy."""
    rng = book.rng
    closed: set[tuple[str, date]] = set()
    for deal in deals:
        if deal.kind == "new":
            first = book.open_day(
                deal.day - timedelta(rng.randint(10, 50)), deal.day - timedelta(3)
            )
            first = min(first, deal.day)
            if deal.channel == "referral":
                write_referral(book, deal.customer, first)
            contacts = sorted(
                {book.open_day(first, deal.day - timedelta(1)) for _ in range(rng.randint(1, 4))}
                | {first}
            )
        else:
            contacts = [book.open_day(deal.day - timedelta(20), deal.day - timedelta(2))]
        share = 0.25 if deal.channel == "online" else 0.7
        for day in contacts:
            if day < deal.day:
                book.add(
                    day,
                    book.contact_type(day, share),
                    customer=deal.customer,
                    outcome="follow_up",
                    note=rng.choice(PITCH[deal.product]),
                )
        closing = "call" if deal.channel == "online" else "visit"
        if (deal.customer, deal.day) in closed:
            closing = ""  # the second policy of a family signed at the same meeting
        closed.add((deal.customer, deal.day))
        note = (
            "发送线上投保链接，客户当天完成投保"
            if closing == "call"
            else f"签单，{PRODUCT_ZH[deal.product]}，年缴{deal.premium:,.0f}元"
        )
        if closing:
            book.add(deal.day, closing, customer=deal.customer, outcome="closed", note=note)
        book.add(
            deal.day,
            "policy",
            customer=deal.customer,
            premium=deal.premium,
            product=deal.product,
            channel=deal.channel,
            note=policy_note(deal),
        )
        book.since.setdefault(deal.customer, deal.day)


def policy_note(deal: Deal) -> str:
    if deal.kind == "repurchase":
        return "老客户加保"
    if deal.kind == "second":
        return "家庭组合投保，给家人加一份"
    if deal.premium >= 50000:
        return "高净值客户，年缴，10年交"
    return ""


def write_referral(book: Book, customer: str, before: date) -> None:
    """Write the referral that brought customer in, a few days before the first contact."""
    rng = book.rng
    day = book.open_day(before - timedelta(6), before - timedelta(1))
    referrers = book.customers_on(day) or list(book.since)
    who = rng.choice(referrers)
    relation = rng.choice(("同事", "朋友", "邻居", "表妹", "大学同学", "老乡", "生意伙伴"))
    book.add(day, "referral", customer=customer, note=f"老客户{who}介绍，是{who}的{relation}")


def write_cancels(book: Book, deals: list[Deal]) -> None:
    """Cancel the fitting policy nearest each CANCEL_NEAR day within the free-look period."""
    buyers = [d.customer for d in deals]
    fitting = [
        d
        for d in deals
        if d.kind == "new" and d.product in ("health", "life") and buyers.count(d.customer) == 1
    ]
    for near, note in zip(CANCEL_NEAR, CANCEL_NOTES, strict=True):
        deal = min(fitting, key=lambda d: abs((d.day - parse_day(near)).days))
        fitting.remove(deal)
        write_cancel(book, deal, note)


def write_cancel(book: Book, deal: Deal, note: str) -> None:
    """Cancel a deal in its free-look days, after the customer's call asking for it."""
    day = book.open_day(deal.day + timedelta(8), deal.day + timedelta(14))
    book.add(day, "call", customer=deal.customer, note="客户来电要求退保，挽留未果")
    book.add(
        day,
        "cancel",
        customer=deal.customer,
        premium=deal.premium,
        product=deal.product,
        channel=deal.channel,
        note=note,
    )
    book.cancelled[deal.customer] = day


def write_renewals(book: Book) -> None:
    """Renew last year's long-term policies on their anniversary, after a reminder call."""
    for row in [r for r in book.rows if r.type == "policy" and r.day.year == 2025]:
        if row.product == "property_accident":
            continue  # one-year cover: bought again as a new policy, not renewed
        day = row.day.replace(year=2026)
        if day > AS_OF:
            continue
        remind = book.open_day(day - timedelta(10), day - timedelta(3))
        book.add(remind, "call", customer=row.customer, note="提醒续期缴费，确认扣款账户余额")
        book.add(
            day,
            "renewal",
            customer=row.customer,
            premium=row.premium,
            product=row.product,
            note="第2年保费，自动扣款成功",
        )


def write_prospects(book: Book, n: int, lost: bool) -> None:
    """Write prospects who were contacted again and again and did not buy."""
    rng = book.rng
    for i in range(n):
        name = book.new_name()
        if lost:
            start = book.open_day(date(2026, 1, 5), date(2026, 10, 20))
        else:
            start = book.open_day(AS_OF - timedelta(rng.randint(15, 230)), AS_OF - timedelta(5))
        if rng.random() < 0.25:
            write_referral(book, name, start)
        product = rng.choice(
            ("health",) * 3 + ("life", "annuity", "property_accident", "education")
        )
        day, contacts = start, rng.randint(2, 5) + (0 if lost else 1)
        for k in range(contacts):
            last = k == contacts - 1 or day + timedelta(26) > AS_OF
            row = book.add(
                day,
                book.contact_type(day, 0.6),
                customer=name,
                outcome="lost" if lost and last else "follow_up",
                note=rng.choice(PITCH[product]),
            )
            if last:
                finish_prospect(book, row, lost, first=i == 0)
                break
            day = book.open_day(day + timedelta(4), day + timedelta(25 if lost else 40))
            day = min(day, AS_OF)


def finish_prospect(book: Book, row: Row, lost: bool, first: bool) -> None:
    rng = book.rng
    if lost:
        row.reason = rng.choice(LOST_REASONS)
        row.note = rng.choice(
            (
                "客户明确表示暂不考虑",
                "再次沟通后客户放弃",
                "方案已送达，客户婉拒",
                f"客户说{row.reason}，先保持联系",
            )
        )
    elif rng.random() < 0.65:
        row.reason = rng.choice(PENDING_REASONS)
        row.note = rng.choice(
            ("约了下个月再谈", "方案已发微信，等回复", "客户说年底前定，需要再跟")
        )
    if first and not lost:  # typed in the CRM's multi-line note field
        row.note = "客户提了三个问题：\n1. 等待期多久\n2. 甲状腺结节能否投保\n3. 保费能否月缴"


def write_acquaintances(book: Book, n: int) -> None:
    """Write people met once at an event and visited once."""
    for _ in range(n):
        day = book.open_day(date(2026, 2, 25), date(2026, 10, 31))
        book.add(day, "visit", customer=book.new_name(), note="活动上认识，上门送资料，留了微信")


def write_routine(book: Book) -> None:
    """Write the agent's own rhythm: events, briefings, salons, training, study, shadowing."""
    for text, type_, note in ROUTINE:
        book.add(parse_day(text), type_, note=note)
    rng = book.rng
    for week_start in YEAR_DAYS[::7]:
        week = [d for d in YEAR_DAYS if week_start <= d < week_start + timedelta(7)]
        n = 0 if week_start.month == 5 and rng.random() < 0.5 else rng.choice((1, 1, 2))
        for day in rng.sample(week, min(n, len(week))):
            book.add(day, "study", note=rng.choice(STUDY_NOTES))


ROUTINE = (
    ("2026-01-05", "training", "公司开门红启动培训"),
    ("2026-01-07", "training", "新版重疾险产品培训"),
    ("2026-01-09", "briefing", "开门红年金产品说明会，邀约12位客户，到场9位"),
    ("2026-01-12", "shadow", "跟岗师傅陈经理拜访企业主客户，学习需求挖掘"),
    ("2026-01-17", "salon", "开门红客户沙龙：新年财务规划，到场15人"),
    ("2026-01-18", "event", "社区健康讲座，到场约30人，收集名单8份"),
    ("2026-01-23", "briefing", "重疾险说明会，到场7位"),
    ("2026-01-25", "event", "小区新年写春联活动"),
    ("2026-02-02", "shadow", "跟岗师傅陈经理做高端客户年金方案讲解"),
    ("2026-02-04", "training", "合规培训：双录与销售行为"),
    ("2026-02-06", "briefing", "春节前年金险说明会，到场10位"),
    ("2026-02-08", "event", "社区迎新春义诊"),
    ("2026-03-04", "training", "理赔实务培训"),
    ("2026-03-06", "briefing", "女性专属保障说明会，到场8位"),
    ("2026-03-08", "event", "三八节插花活动，到场20人"),
    ("2026-03-16", "shadow", "跟岗师傅处理复杂理赔案件"),
    ("2026-03-20", "briefing", "少儿保障说明会，到场6位"),
    ("2026-03-27", "briefing", "一季度客户答谢说明会，到场11位"),
    ("2026-03-28", "event", "亲子踏青活动，12个家庭参加"),
    ("2026-04-08", "training", "医疗险新品培训"),
    ("2026-04-11", "event", "社区健康讲座：高血压防治"),
    ("2026-04-17", "briefing", "医疗险说明会，到场8位"),
    ("2026-04-18", "salon", "客户沙龙：茶艺与家庭保障规划，到场12人"),
    ("2026-04-25", "event", "业主群亲子活动"),
    ("2026-05-13", "training", "短视频运营培训"),
    ("2026-05-16", "event", "社区防诈骗讲座"),
    ("2026-05-23", "salon", "客户沙龙：女性健康，到场9人"),
    ("2026-05-27", "shadow", "跟岗师傅做老客户保单检视"),
    ("2026-06-03", "training", "年中冲刺动员与话术培训"),
    ("2026-06-06", "event", "社区义诊"),
    ("2026-06-13", "salon", "客户沙龙：少儿教育金规划，到场14人"),
    ("2026-06-14", "event", "端午包粽子活动，20个家庭参加"),
    ("2026-06-18", "briefing", "教育金说明会，到场9位"),
    ("2026-06-27", "event", "夏季防溺水安全讲座"),
    ("2026-06-29", "shadow", "跟岗师傅做转介绍面谈"),
    ("2026-07-08", "training", "续期服务与保单保全培训"),
    ("2026-07-15", "briefing", "养老规划说明会，到场7位"),
    ("2026-07-18", "event", "社区健康讲座：夏季养生"),
    ("2026-08-22", "event", "七夕客户答谢活动"),
    ("2026-08-26", "briefing", "重疾险升级说明会，到场6位"),
    ("2026-09-02", "training", "税优健康险培训"),
    ("2026-09-12", "salon", "客户沙龙：中秋家宴与家庭财富传承，到场16人"),
    ("2026-09-13", "event", "中秋社区游园活动"),
    ("2026-09-19", "event", "老客户答谢会"),
    ("2026-09-23", "briefing", "年金险说明会，到场8位"),
    ("2026-10-14", "training", "四季度冲刺培训"),
    ("2026-10-16", "shadow", "带新人跟岗拜访，复盘需求面谈"),
    ("2026-10-17", "event", "重阳敬老活动"),
    ("2026-10-22", "briefing", "年末保障检视说明会，到场10位"),
    ("2026-11-04", "training", "2027开门红产品预热培训"),
    ("2026-11-07", "event", "社区健康讲座：冬季养生"),
    ("2026-11-11", "shadow", "跟岗师傅做高净值客户年金面谈"),
    ("2026-11-14", "salon", "客户沙龙：年终理财与保障检视，到场13人"),
    ("2026-11-18", "briefing", "开门红预热说明会，到场12位"),
)
STUDY_NOTES = (
    "学习《保险法》如实告知条款",
    "研读新版重疾险条款",
    "读《影响力》一章",
    "复习年金险利益演示话术",
    "学习医疗险免赔额与报销规则",
    "看理赔案例分享课",
    "学习家庭保障规划课程",
    "整理异议处理话术",
)


def write_online(book: Book) -> None:
    """Write the posts, videos and group posts (one row each in H1; counted in H2)."""
    rng = book.rng
    h2 = date(2026, 7, 1)
    for day in YEAR_DAYS:
        q4 = day >= date(2026, 10, 1)
        if q4:  # the daily post cadence: a row a day, now and then a day is missed
            if rng.random() > 0.06:
                book.add(day, "post", count=rng.choice((1, 1, 2, 3)), note=rng.choice(POSTS))
        elif day >= h2:
            if rng.random() < 0.45:
                book.add(day, "post", count=rng.choice((1, 2, 3)), note=rng.choice(POSTS))
        else:
            for topic in rng.sample(POSTS, rng.choice((0, 0, 1, 1, 1, 2))):
                book.add(day, "post", note=topic)
        video_rate = 0.0 if day.month < 4 else (0.3 if day.month == 5 else 0.15)
        if rng.random() < video_rate:
            book.add(
                day,
                "video",
                count=rng.choice((1, 1, 2)) if day >= h2 else 1,
                note=rng.choice(VIDEOS),
            )
        if day.weekday() in (1, 4) and rng.random() < 0.85:
            book.add(
                day,
                "group_post",
                count=rng.choice((1, 2)) if day >= h2 else 1,
                note=rng.choice(GROUP_POSTS),
            )
        if day.weekday() in (2, 5) and rng.random() < 0.8:
            book.add(
                day,
                "exercise",
                count=rng.choice((1, 2)) if day >= h2 else 1,
                note=rng.choice(("晨跑5公里", "羽毛球", "健身房", "游泳")),
            )


POSTS = (
    "理赔案例分享",
    "开门红海报",
    "客户好评截图",
    "保险小知识",
    "节日问候",
    "活动照片",
    "重疾险误区科普",
    "医疗险报销流程",
)
VIDEOS = (
    "短视频：重疾险的三个误区",
    "短视频：百万医疗怎么选",
    "短视频：年金险适合谁",
    "短视频：理赔真实案例",
    "短视频：孩子的第一份保险",
)
GROUP_POSTS = (
    "业主群：家财险小知识",
    "社群推送：夏季防溺水提醒",
    "社群推送：体检报告怎么看",
    "宝妈群：少儿医疗险科普",
    "社群推送：养老金规划小测试",
)


def top_up_contacts(book: Book) -> None:
    """Fill each working day up to its visit and call target with existing-customer service."""
    rng = book.rng
    done: dict[tuple[date, str], int] = {}
    for row in book.rows:
        done[(row.day, row.type)] = done.get((row.day, row.type), 0) + 1
    for day in book.open_days:
        pool = book.customers_on(day)
        for type_, want in (("visit", visit_target(rng, day)), ("call", call_target(rng, day))):
            extra = max(want - done.get((day, type_), 0), 0)
            for customer in rng.sample(pool, extra):
                book.add(day, type_, customer=customer, note=service_note(rng, day, type_))


def visit_target(rng: random.Random, day: date) -> int:
    if day.weekday() == 5:
        return 0 if day.month == 5 else rng.choice((0, 1, 1))
    if date(2026, 2, 11) <= day <= date(2026, 2, 14):
        return 1  # everybody is going home for 春节
    if day.month <= 3:
        return rng.choice((2, 3, 3, 4))  # 开门红
    if day.month == 5:
        return rng.choice((0, 0, 0, 1))  # the slump
    if day.month >= 10:
        return rng.choice((2, 2, 3, 3))  # 冲刺
    return rng.choice((1, 2, 2, 3))


def call_target(rng: random.Random, day: date) -> int:
    if day.weekday() == 5:
        return rng.choice((0, 1))
    if day.month == 5:
        return rng.choice((2, 3, 3))
    return rng.choice((1, 1, 2, 3))


def service_note(rng: random.Random, day: date, type_: str) -> str:
    if type_ == "call":
        if rng.random() < 0.03:
            return f"客户换了新号码1{rng.choice('3589')}{rng.randrange(10**9):09d}，已更新"
        return rng.choice(SERVICE_CALLS)
    if day < date(2026, 2, 15):  # before 春节
        return rng.choice(NEW_YEAR_VISITS + SERVICE_VISITS)
    return rng.choice(SERVICE_VISITS)


def write_reviews(book: Book) -> None:
    """Write the Friday review of the week's won and lost cases (three weeks were skipped)."""
    rng = book.rng
    skipped = (date(2026, 2, 20), date(2026, 5, 8), date(2026, 8, 14))
    for day in YEAR_DAYS:
        if day.weekday() != 4 or day in skipped:
            continue
        week = [r for r in book.rows if day - timedelta(6) <= r.day <= day]
        won = [f"{r.customer}（{PRODUCT_ZH[r.product]}）" for r in week if r.type == "policy"]
        lost = [f"{r.customer}（{r.reason}）" for r in week if r.outcome == "lost"]
        cancels = [r.customer for r in week if r.type == "cancel"]
        note = f"本周成交{len(won)}件" + (f"：{'、'.join(won)}" if won else "")
        if cancels:
            note += f"；犹豫期退保{len(cancels)}件：{'、'.join(cancels)}"
        if lost:
            note += f"；未成交{len(lost)}人：{'、'.join(lost)}"
        book.add(day, "review", note=f"{note}。心得：{rng.choice(LESSONS)}")


def build_year(seed: int = SEED) -> list[Row]:
    """Return every row of the sample, history included, in date order."""
    book = Book(seed)
    tagged = write_history(book)
    deals = plan_deals(book, tagged)
    write_deals(book, deals)
    write_cancels(book, deals)
    write_renewals(book)
    write_prospects(book, 40, lost=True)
    write_prospects(book, 28, lost=False)
    write_acquaintances(book, 8)
    write_routine(book)
    write_online(book)
    top_up_contacts(book)
    write_reviews(book)
    book.add(date(2026, 1, 1), "exercise", note="元旦晨跑，新年立flag")
    return sorted(book.rows, key=lambda r: (r.day, r.time, r.seq))


# ---- writers: one per export format -------------------------------------------------------


def amount_q1(rng: random.Random, value: float) -> str:
    if value != int(value):
        return f"{value:,.2f}"
    draw = rng.random()
    if draw < 0.2:
        return f"¥{value:.0f}"
    if draw < 0.35:
        return f"{value:,.0f}"
    return f"{value:.0f}"


def amount_q2(rng: random.Random, value: float) -> str:
    draw = rng.random()
    wan = f"{value / 10000:.4f}".rstrip("0").rstrip(".")
    if draw < 0.4 and value % 100 == 0 and float(wan) * 10000 == value:
        return f"{wan}万"
    if draw < 0.75:
        return f"{value:.0f}元"
    return f"{value:.0f}"


def en_record(row: Row, amount: str) -> list[str]:
    return [
        row.day.isoformat(),
        row.type,
        row.customer,
        amount,
        row.product,
        row.channel,
        row.outcome,
        row.reason,
        row.note,
    ]


def q1_records(rows: list[Row], rng: random.Random) -> list[list[str]]:
    return [en_record(r, "" if r.premium is None else amount_q1(rng, r.premium)) for r in rows]


def q2_records(rows: list[Row], rng: random.Random) -> list[list[str]]:
    phones: dict[str, str] = {}
    records = []
    for r in rows:
        day = (
            f"{r.day.year}年{r.day.month}月{r.day.day}日"
            if rng.random() < 0.25
            else f"{r.day.year}/{r.day.month}/{r.day.day}"
        )
        type_ = "成交" if r.type == "policy" and rng.random() < 0.1 else TYPE_ZH[r.type]
        note = r.note
        if r.type in ("visit", "call", "policy"):
            first = r.customer not in phones
            phone = phones.setdefault(
                r.customer, f"1{rng.choice('3579')}{rng.randrange(10**9):09d}"
            )
            if first:  # the agent notes the number at the first contact
                note = f"{note}；客户电话 {phone}" if note else f"客户电话 {phone}"
        records.append(
            [
                day,
                type_,
                r.customer,
                "" if r.premium is None else amount_q2(rng, r.premium),
                PRODUCT_ZH.get(r.product, ""),
                CHANNEL_ZH.get(r.channel, ""),
                OUTCOME_ZH.get(r.outcome, ""),
                r.reason,
                note,
            ]
        )
    return records


def h2_records(rows: list[Row]) -> list[list[str]]:
    records = []
    padded = False
    for r in rows:
        day = r.day.isoformat() + (f" {r.time}" if r.time else "")
        customer = r.customer
        if not padded and r.type == "visit" and r.day.month == 9 and not r.outcome:
            customer, padded = customer + " ", True  # a stray space typed in the CRM
        count = str(r.count) if r.count > 1 else ""
        premium = "" if r.premium is None else f"{r.premium:.0f}"
        records.append(
            [
                day,
                customer,
                r.type,
                r.product,
                premium,
                r.channel,
                count,
                r.outcome,
                r.reason,
                r.note,
            ]
        )
    return records


def write_csv(path: Path, header: list[str], records: list[list[str]], encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(records)


def write_workbook(path: Path, rows: list[Row]) -> None:
    """Write rows as a CRM's Excel export: a log sheet of date and number cells.

    XlsxWriter dates every zip entry 1980-01-01; with the creation time fixed too, the same
    rows give the same bytes.
    """
    import xlsxwriter  # a test extra (pyproject.toml): only this export of the sample needs it

    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": datetime(2026, 3, 31, 18, 0), "author": "CRM"})
    sheet = book.add_worksheet("跟进记录")
    day_cell = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, EN_HEADER)
    for i, r in enumerate(rows, start=1):
        sheet.write_datetime(i, 0, datetime(r.day.year, r.day.month, r.day.day), day_cell)
        sheet.write_row(i, 1, [r.type, r.customer])
        if r.premium is not None:
            sheet.write_number(i, 3, r.premium)
        sheet.write_row(i, 4, [r.product, r.channel, r.outcome, r.reason, r.note])
    book.close()


def write_files(rows: list[Row], out: Path) -> dict[str, int]:
    """Write the export files into out; return the data rows of each."""
    rng = random.Random(SEED + 1)
    q1 = [r for r in rows if r.day.year == 2026 and r.day.month <= 3]
    q1_text = q1_records(q1, rng)
    export = [r for r in q1 if r.day >= EXPORT_FROM]
    files = {
        "2025-history.csv": (
            EN_HEADER,
            [
                en_record(r, f"{r.premium:.0f}" if r.premium else "")
                for r in rows
                if r.day.year == 2025
            ],
            "utf-8",
        ),
        "2026-q1-crm.csv": (EN_HEADER, q1_text, "utf-8-sig"),
        "2026-q2-拜访记录.csv": (
            ZH_HEADER,
            q2_records([r for r in rows if r.day.year == 2026 and 4 <= r.day.month <= 6], rng),
            "gb18030",
        ),
        "2026-h2.csv": (
            H2_HEADER,
            h2_records([r for r in rows if r.day.month >= 7 and r.day.year == 2026]),
            "utf-8",
        ),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, (header, records, encoding) in files.items():
        write_csv(out / name, header, records, encoding)
    write_workbook(out / "2026-03-crm-export.xlsx", export)
    counts = {name: len(records) for name, (_, records, _) in files.items()}
    return counts | {"2026-03-crm-export.xlsx": len(export)}


# ---- the rest of 2025 (logs/2025-crm-annual.csv): last year as the plan's baseline says ----

# The plan's baseline is 2025's 82万, 64 policies and 45 new customers, at 10 visits a policy
# and about 7,700 a policy (content/plan.md, 目标校准). 2025-history.csv holds the policies of
# the customers still served; this export holds the rest of the year: new customers who
# bought once (five families several times), and 2024 customers whose premium renewed in
# 2025. It is all dated January–August 2025, so nothing of it falls due around as_of.
LAST_YEAR_FILE = "2025-crm-annual.csv"
LAST_YEAR_HEADER = "date,type,customer,premium,product,channel,count,note".split(",")
LAST_YEAR_TOTALS = {"new_business": 492800, "renewal": 315800, "visits": 640}
LAST_YEAR_NEW = 21  # new customers beyond the history's 24: 45
LAST_YEAR_FAMILIES = (4, 4, 3, 3, 3)  # more policies a family signed: 26 + 21 + 17 = 64
LAST_YEAR_RENEWED = 22  # 2024 customers renewing in 2025
LAST_YEAR_PRODUCTS = {  # product: (low, high, step) of a premium
    "health": (3000, 9000, 10),
    "property_accident": (2000, 4500, 10),
    "life": (8000, 20000, 100),
    "annuity": (12000, 30000, 1000),
}


def last_year_rows(rows: list[Row]) -> list[Row]:
    """Return 2025's rows beyond the history, with their 2024 policies, in date order."""
    rng = random.Random(SEED + 3)
    taken = {r.customer for r in rows} | {"王小明"}
    names = []
    while len(names) < LAST_YEAR_NEW + LAST_YEAR_RENEWED:
        surname = rng.choice(SURNAMES)
        name = surname + "".join(rng.sample(GIVEN, rng.choice((1, 2, 2))))
        if name not in taken:
            taken.add(name)
            names.append(name)
    out = _new_2025(rng, names[:LAST_YEAR_NEW]) + _renewed_2025(rng, names[LAST_YEAR_NEW:])
    history_visits = sum(r.count for r in rows if r.type == "visit" and r.day.year == 2025)
    _settle(
        out,
        history_visits,
        sum(r.premium or 0 for r in rows if r.type == "policy" and r.day.year == 2025),
    )
    return sorted(out, key=lambda r: (r.day, r.seq))


def _new_2025(rng: random.Random, names: list[str]) -> list[Row]:
    """Return the new customers' visits and policies; the first ones are families."""
    out: list[Row] = []
    extra = LAST_YEAR_FAMILIES + (0,) * (len(names) - len(LAST_YEAR_FAMILIES))
    for name, more in zip(names, extra, strict=True):
        day = date(2025, 1, 6) + timedelta(rng.randrange(200))
        for k in range(rng.randint(8, 14)):
            seen = max(day - timedelta(rng.randint(3, 60)), date(2025, 1, 2))
            note = "家庭保障面谈" if more else rng.choice(("介绍保障方案", "需求面谈", "送计划书"))
            out.append(Row(seen, "visit", name, count=rng.choice((1, 1, 2)), note=note, seq=k))
        for n in range(1 + more):
            product = (
                "health" if n else rng.choice(("health", "health", "property_accident", "life"))
            )
            out.append(_policy(rng, day, name, product, "家庭组合投保" if n else "2025年新客户"))
    return out


def _renewed_2025(rng: random.Random, names: list[str]) -> list[Row]:
    """Return 2024 policies and their 2025 renewals (a reminder call first), and service visits."""
    out: list[Row] = []
    for name in names:
        first = date(2024, 1, 8) + timedelta(rng.randrange(230))
        product = rng.choice(("annuity", "life", "life", "health"))
        policy = _policy(rng, first, name, product, "2024年保单")
        renewal = first.replace(year=2025, day=min(first.day, 28 if first.month == 2 else 31))
        out.append(policy)
        out.append(Row(renewal - timedelta(5), "call", name, note="提醒续期缴费"))
        out.append(Row(renewal, "renewal", name, policy.premium, product, note="第2年保费"))
        for k in range(rng.randint(3, 7)):
            day = date(2025, 1, 6) + timedelta(rng.randrange(330))
            out.append(Row(day, "visit", name, count=1, note="老客户保单检视", seq=k))
    return out


def _policy(rng: random.Random, day: date, name: str, product: str, note: str) -> Row:
    low, high, step = LAST_YEAR_PRODUCTS[product]
    premium = float(rng.randrange(low, high, step))
    channel = rng.choice(
        ("offline", "offline", "referral", "online" if product == "health" else "offline")
    )
    return Row(day, "policy", name, premium, product, channel, note=note)


def _settle(rows: list[Row], history_visits: int, history_premium: float) -> None:
    """Make the year's totals the baseline's, scaling the drawn amounts to them."""
    totals = LAST_YEAR_TOTALS
    policies = [r for r in rows if r.type == "policy" and r.day.year == 2025]
    renewals = [r for r in rows if r.type == "renewal"]
    visits = [r for r in rows if r.type == "visit"]
    for group, target in (
        (policies, totals["new_business"] - history_premium),
        (renewals, totals["renewal"]),
    ):
        tens = _fit([round(r.premium / 10) for r in group], round(target / 10))
        for r, amount in zip(group, tens, strict=True):
            r.premium = float(amount * 10)
    counts = _fit([r.count for r in visits], totals["visits"] - history_visits)
    for r, count in zip(visits, counts, strict=True):
        r.count = count


def _fit(values: list[int], target: int) -> list[int]:
    """Scale whole numbers to add up to target exactly (at least 1 each)."""
    total = sum(values)
    scaled = [max(1, v * target // total) for v in values]
    step = 1 if sum(scaled) < target else -1
    i = 0
    while sum(scaled) != target:
        if step > 0 or scaled[i % len(scaled)] > 1:
            scaled[i % len(scaled)] += step
        i += 1
    return scaled


def write_last_year(rows: list[Row], out: Path) -> int:
    """Write logs/2025-crm-annual.csv; return its rows."""
    records = [
        [
            r.day.isoformat(),
            r.type,
            r.customer,
            "" if r.premium is None else f"{r.premium:.0f}",
            r.product,
            r.channel,
            str(r.count) if r.count > 1 else "",
            r.note,
        ]
        for r in last_year_rows(rows)
    ]
    write_csv(out / LAST_YEAR_FILE, LAST_YEAR_HEADER, records, "utf-8")
    return len(records)


# ---- the customer file (content/customers.csv, SPEC §7) -----------------------------------

CUSTOMER_HEADER = ["客户", "生日", "子女", "标签", "备注"]
CUSTOMER_TAGS = ("企业主", "宝妈群", "喜欢运动", "退休", "养宠物", "出差", "购房")
CUSTOMER_NOTES = ("喜欢喝茶", "周末方便联系", "微信联系为主", "老家在外地", "")
# people met at events who are in the file but not yet in the logs: (name, birthday, children,
# tags, note); the first has just bought a flat and holds no cover at all
NEW_CONTACTS = (
    ("冯嘉怡", "1993-05-18", "0", "购房", "小区业主群认识，刚买房"),
    ("钟一鸣", "1979年8月9日", "2", "企业主；出差", "商会活动认识"),
    ("陆晓岚", "2月29日", "", "", "闰日生日，平年在2月28日祝福"),
)


def holders(rows: list[Row]) -> list[tuple[str, set[str]]]:
    """Return every policy holder in order of first policy, with the lines they still hold."""
    held: dict[str, set[str]] = {}
    for r in rows:
        if r.type == "policy":
            held.setdefault(r.customer, set()).add(r.product)
        elif r.type == "cancel":
            held[r.customer].discard(r.product)
    return list(held.items())


def premiums(rows: list[Row]) -> dict[str, float]:
    """Return each customer's policy premium, all years."""
    total: dict[str, float] = {}
    for r in rows:
        if r.type == "policy":
            total[r.customer] = total.get(r.customer, 0) + (r.premium or 0)
    return total


def story_profiles(
    people: list[tuple[str, set[str]]], premium: dict[str, float]
) -> dict[str, list[str]]:
    """Return the profiles the actions page tells its stories with, by customer.

    A young family with health cover but no life cover; the customer of 45 with the largest
    life policy (high tier, not visited this quarter) whose birthday is next week (Wednesday
    2026-11-25; as_of is Friday 2026-11-20); a birthday without a year on Friday the 27th;
    one on as_of itself (not listed: the horizon starts the day after) and one the day after
    the horizon ends; a frequent traveller without accident cover; a leap-day birthday.
    """
    only = {name: lines for name, lines in people}
    newer = [name for name, _ in people[24:]]  # the 2026 customers
    pick = iter(n for n in newer if only[n] == {"health"})
    family, traveller, as_of_birthday = next(pick), next(pick), next(pick)
    big_life = max((n for n in newer if only[n] == {"life"}), key=lambda n: premium[n])
    no_year = next(n for n in newer if only[n] == {"property_accident"})
    after = next(n for n, lines in people[:24] if lines == {"health"})
    leap = next(n for n, lines in people[:24] if lines == {"annuity"})
    return {
        family: ["1995-04-12", "1", "宝妈群", "孩子2岁，先给孩子和自己买了医疗险"],
        big_life: ["1981/11/25", "2", "企业主", "高端客户，每季度面谈"],
        no_year: ["11月27日", "", "", "只知道生日，不知道年份"],
        as_of_birthday: ["1990-11-20", "0", "", ""],
        after: ["1972年12月5日", "1", "退休", ""],
        traveller: ["1986-06-30", "1", "出差|喜欢运动", "每月出差两次"],
        leap: ["1968-02-29", "2", "", "闰日生日"],
    }


def customer_records(rows: list[Row]) -> list[list[str]]:
    """Return the customer file's rows: every policy holder, plus a few new contacts."""
    rng = random.Random(SEED + 2)
    people = holders(rows)
    stories = story_profiles(people, premiums(rows))
    records = []
    for name, _ in people:
        records.append([name, *(stories.get(name) or random_profile(rng))])
    records += [list(contact) for contact in NEW_CONTACTS]
    return records


def random_profile(rng: random.Random) -> list[str]:
    """Return a birthday (away from the weeks around as_of), children, tags and a note."""
    day = date(2001, 1, 1) + timedelta(rng.randrange(365))
    while date(2001, 11, 10) <= day <= date(2001, 12, 15):
        day = date(2001, 1, 1) + timedelta(rng.randrange(365))
    year = rng.randint(1962, 1999)
    forms = (f"{year}-{day:%m-%d}", f"{year}/{day.month}/{day.day}", f"{day.month}月{day.day}日")
    birthday = rng.choice(forms + ("",)) if rng.random() < 0.8 else ""
    children = rng.choice(("0", "1", "1", "2", "")) if year < 1996 else rng.choice(("0", ""))
    tags = "、".join(rng.sample(CUSTOMER_TAGS[:5], rng.choice((0, 0, 0, 1, 2))))
    return [birthday, children, tags, rng.choice(CUSTOMER_NOTES)]


def write_customers(rows: list[Row], content: Path) -> int:
    """Write content/customers.csv (UTF-8 with BOM, as Excel saves "CSV UTF-8"); return its rows."""
    records = customer_records(rows)
    content.mkdir(parents=True, exist_ok=True)
    write_csv(content / "customers.csv", CUSTOMER_HEADER, records, "utf-8-sig")
    return len(records)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "logs"
    rows = build_year()
    for name, count in write_files(rows, out).items():
        print(f"{out / name}: {count} rows")
    print(f"{out / LAST_YEAR_FILE}: {write_last_year(rows, out)} rows")
    content = out.parent / "content"
    print(f"{content / 'customers.csv'}: {write_customers(rows, content)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
