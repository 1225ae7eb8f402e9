#!/usr/bin/env python3
"""Write the sample team project: a team plan, six agents' plans, a year of logs, review notes.

The team is 星火团队 (主管 陈志刚) with six agents, whose stories differ on the leaderboard
(scripts/sample_team_agents.py): 李娜 far ahead of pace, 周杰 behind it, 孙浩 missing his
cadences, 林晓雨 new since June with absolute targets and no 2025 rows, and 吴磊 and 何静 each
with a customer named 张伟 (two people). The logs are the team CRM's exports:

    logs/2025-history.csv          2025, English headers, UTF-8
    logs/2026-h1-crm.csv           January–June, UTF-8 with BOM, amounts like ¥8800 / 12,000
    logs/2026-06-crm-export.csv    a re-export of the last days of June (its rows repeat h1)
    logs/2026-q3-业务员报表.csv      July–September, Chinese headers and labels, GB18030,
                                   dates like 2026年7月3日, amounts like 1.2万 / 12000元
    logs/2026-q4.csv               October to 2026-11-20, columns in another order, times

Usage: python scripts/make_sample_team.py DIR

The same seeds give byte-identical files on every run (no clock, no hash order).
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from make_sample_logs import (
    AS_OF,
    CANCEL_NOTES,
    HOLIDAYS,
    LESSONS,
    PREMIUM_RANGE,
    PRODUCT_ZH,
    ROUTINE,
    SERVICE_CALLS,
    SERVICE_VISITS,
    STUDY_NOTES,
    Book,
    Deal,
    Row,
    parse_day,
    quarter_of,
    span,
    write_cancel,
    write_deals,
    write_prospects,
)
from sample_team_agents import AGENTS, LEAD, SAME_NAME, Agent, targets_of
from sample_team_exports import write_logs
from sample_team_texts import agent_plan, notes, team_plan

from battlemap.plan_schema import parse_per
from battlemap.spans import cut_windows, quarter_period

YEAR_START, YEAR_END = date(2026, 1, 1), date(2026, 12, 31)
HOLIDAY_DAYS = frozenset(d for pair in HOLIDAYS for d in span(*pair))
RESERVED = frozenset({SAME_NAME, LEAD, *(a.name for a in AGENTS)})
ROUTINE_NOTES = {t: [n for _, kind, n in ROUTINE if kind == t] for _, t, _ in ROUTINE}
LAPSE_NOTE = "提醒续期，客户决定停缴，转投他司"


class AgentBook(Book):
    """One agent's year being written: the one-agent sample's Book, on this agent's days."""

    def __init__(self, agent: Agent) -> None:
        super().__init__(agent.seed)
        self.agent = agent
        self.older: set[str] = set()  # customers whose policies predate the logs
        self.names = [n for n in self.names if n not in RESERVED]
        leave = frozenset(span(*agent.leave)) if agent.leave else frozenset()
        days = span(agent.joined.isoformat(), AS_OF.isoformat())
        self.open_days = [
            d for d in days if d.weekday() < 6 and d not in HOLIDAY_DAYS and d not in leave
        ]

    def contact_type(self, day: date, visit_share: float) -> str:
        """Return visit or call, as often as this agent goes out that quarter."""
        if day.year == YEAR_START.year:
            visit_share *= self.agent.visit_share[quarter_of(day) - 1]
        return "visit" if self.rng.random() < visit_share else "call"


def pick(rng, weights: dict[str, int]) -> str:
    """Return a key drawn by its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def premium_of(rng, product: str, scale: float) -> float:
    """Return a premium for a product, scaled to the agent's customers, rounded to its step."""
    low, high, mode, step = PREMIUM_RANGE[product]
    return float(max(round(rng.triangular(low, high, mode) * scale / step), 1) * step)


def new_channel(rng, agent: Agent, product: str) -> str:
    """Return how a new customer came; life and annuity cover is signed face to face."""
    channel = pick(rng, agent.channels)
    return (
        "offline"
        if channel == "online" and product not in ("health", "property_accident")
        else channel
    )


def key_deals(book: AgentBook, year: int) -> list[Deal]:
    """Return the agent's deals of a year that are written as given (a lapse is a new sale)."""
    deals: list[Deal] = []
    for text, who, product, premium, channel, kind in book.agent.key_deals:
        if parse_day(text).year != year:
            continue
        name = who or (deals[-1].customer if kind == "second" else book.new_name())
        sale = "new" if kind == "lapse" else kind
        deals.append(Deal(parse_day(text), name, product, float(premium), channel, sale))
    return deals


def write_history(book: AgentBook) -> set[str]:
    """Write the agent's 2025: the older book's renewals, then the year's sales; return lapses."""
    agent, rng = book.agent, book.rng
    write_older_book(book)
    deals = key_deals(book, 2025)
    lapsed = {d.customer for d in deals}
    for deal in deals:
        book.since.setdefault(deal.customer, deal.day)
    for _ in range(agent.history - len(deals)):
        day = book.open_day(date(2025, 1, 6), date(2025, 12, 27))
        product = pick(rng, agent.products)
        premium = premium_of(rng, product, agent.scale)
        known = [c for c, first in book.since.items() if first < day and c not in book.older]
        if known and rng.random() < 0.12:
            deals.append(Deal(day, rng.choice(known), product, premium, "offline", "repurchase"))
            continue
        channel = new_channel(rng, agent, product)
        deals.append(Deal(day, book.new_name(), product, premium, channel, "new"))
        book.since.setdefault(deals[-1].customer, day)
    deals.sort(key=lambda d: (d.day, d.kind != "new"))
    write_deals(book, deals)
    for row in book.rows:
        if row.type == "policy":
            row.note = "2025年保单" + (f"，{row.note}" if row.note else "")
    return lapsed


def write_older_book(book: AgentBook) -> None:
    """Write the 2025 renewals of policies sold before the logs begin (the agent's older book)."""
    agent, rng = book.agent, book.rng
    for _ in range(agent.older):
        day = book.open_day(date(2025, 1, 6), date(2025, 12, 27))
        customer = book.new_name()
        product = pick(rng, {p: w for p, w in agent.products.items() if p != "property_accident"})
        book.older.add(customer)
        book.since[customer] = day - timedelta(days=365 * rng.randint(1, 4))
        write_renewal(book, day, customer, product, premium_of(rng, product, agent.scale))


def write_renewal(book: AgentBook, day: date, customer: str, product: str, premium) -> None:
    """Write a renewal on its anniversary, after a reminder call the week before."""
    remind = book.open_day(day - timedelta(10), day - timedelta(3))
    book.add(remind, "call", customer=customer, note="提醒续期缴费，确认扣款账户余额")
    book.add(
        day,
        "renewal",
        customer=customer,
        premium=premium,
        product=product,
        note=f"第{day.year - book.since[customer].year + 1}年保费，自动扣款成功",
    )


def write_renewals(book: AgentBook, lapsed: set[str]) -> None:
    """Renew last year's long-term policies on their anniversary; some lapse, with a call."""
    agent, rng = book.agent, book.rng
    last_year = [r for r in book.rows if r.type in ("policy", "renewal") and r.day.year == 2025]
    for row in last_year:
        day = row.day.replace(year=2026)
        if row.product == "property_accident" or day > AS_OF:
            continue  # one-year cover is bought again as a new policy, not renewed
        keep = agent.persist if row.type == "renewal" else agent.renew
        if row.customer in lapsed or rng.random() >= keep:
            if row.customer in lapsed or rng.random() < 0.5:
                remind = book.open_day(day - timedelta(10), day - timedelta(3))
                book.add(remind, "call", customer=row.customer, note=LAPSE_NOTE)
            continue
        write_renewal(book, day, row.customer, row.product, row.premium)


def paced(agent: Agent, day: date) -> float:
    """Return the share of the premium target the agent's pace has brought by day."""
    done = 0.0
    for i, (share, pace) in enumerate(zip(agent.shares, agent.pace, strict=True)):
        q = quarter_period(2026, f"Q{i + 1}")
        elapsed = min(max((day - q.start).days + 1, 0), q.days)
        done += share * pace * elapsed / q.days
    return done


def booked(book: AgentBook, deals: list[Deal], day: date) -> float:
    """Return the 2026 premium of the deals and renewals dated up to day."""
    renewed = sum(
        r.premium for r in book.rows if r.type == "renewal" and YEAR_START <= r.day <= day
    )
    return renewed + sum(d.premium for d in deals if YEAR_START <= d.day <= day)


def plan_deals(book: AgentBook, target: float) -> list[Deal]:
    """Return the 2026 sales: the key deals, then deals until each month reaches the pace."""
    agent = book.agent
    deals = key_deals(book, 2026)
    first_day = max(agent.joined + timedelta(7), YEAR_START)  # a newcomer trains a week first
    for month in range(first_day.month, AS_OF.month + 1):
        first = max(date(2026, month, 1), first_day)
        last = min(date(2026 + month // 12, month % 12 + 1, 1) - timedelta(1), AS_OF)
        while booked(book, deals, last) < target * paced(agent, last):
            deals += draw_deal(book, book.open_day(first, last))
    return sorted(deals, key=lambda d: (d.day, d.kind != "new"))


def draw_deal(book: AgentBook, day: date) -> list[Deal]:
    """Return one sale: an existing customer buying again, or a new one (now and then two)."""
    agent, rng = book.agent, book.rng
    product = pick(rng, agent.products)
    premium = premium_of(rng, product, agent.scale)
    old = [
        c
        for c, first in book.since.items()
        if first < day - timedelta(30) and c not in book.older and c not in book.cancelled
    ]
    draw = rng.random()
    if old and draw < agent.repurchase:
        return [Deal(day, rng.choice(old), product, premium, "offline", "repurchase")]
    deal = Deal(day, book.new_name(), product, premium, new_channel(rng, agent, product), "new")
    book.since.setdefault(deal.customer, day)
    if draw < 0.88:
        return [deal]
    extra = "property_accident" if product == "health" else "health"  # the family's second
    return [
        deal,
        Deal(
            day, deal.customer, extra, premium_of(rng, extra, agent.scale), deal.channel, "second"
        ),
    ]


def write_cancels(book: AgentBook, deals: list[Deal]) -> None:
    """Cancel a few single new health or life policies within their free-look period."""
    rng, buyers = book.rng, [d.customer for d in deals]
    fitting = [
        d
        for d in deals
        if d.kind == "new"
        and d.product in ("health", "life")
        and buyers.count(d.customer) == 1
        and d.day <= AS_OF - timedelta(20)
    ]
    for deal, note in zip(rng.sample(fitting, book.agent.cancels), CANCEL_NOTES, strict=False):
        write_cancel(book, deal, note)


def keep_cadences(book: AgentBook) -> None:
    """Write the activity of each cadence window: all of it when kept, less when missed."""
    agent, rng = book.agent, book.rng
    for quarter, type_, count, per, _ in sorted(agent.cadences, key=lambda c: c[1] == "review"):
        first, end = (
            (quarter_period(2026, quarter).start, quarter_period(2026, quarter).end)
            if quarter
            else (YEAR_START, YEAR_END)
        )
        for start, stop, length in cut_windows(first, end, parse_per(per)):
            if start > AS_OF or stop < agent.joined:
                continue
            required = -(-count * ((stop - start).days + 1) // length)
            last = min(stop, AS_OF)
            if stop > AS_OF:  # the current window: on course so far
                want = -(-required * ((last - start).days + 1) // ((stop - start).days + 1))
            else:
                want = required if rng.random() < agent.diligence else rng.randrange(required)
            days = [d for d in book.open_days if start <= d <= last] or span(
                start.isoformat(), last.isoformat()
            )
            done = sum(r.count for r in book.rows if r.type == type_ and start <= r.day <= last)
            for _ in range(want - done):
                add_activity(book, type_, rng.choice(days), days)


def add_activity(book: AgentBook, type_: str, day: date, days: list[date]) -> None:
    """Write one activity of a cadence: a service contact, a review, a training…"""
    rng = book.rng
    if type_ in ("visit", "call"):
        pool = book.customers_on(day)
        if not pool:  # a newcomer without customers yet
            book.add(day, type_, customer=book.new_name(), note="社区陌拜，留了联系方式")
            return
        notes = SERVICE_VISITS if type_ == "visit" else SERVICE_CALLS
        book.add(day, type_, customer=rng.choice(pool), note=rng.choice(notes))
    elif type_ == "review":
        friday = [d for d in days if d.weekday() == 4]
        day = friday[0] if friday else max(days)
        book.add(day, "review", note=review_note(book, day))
    elif type_ == "shadow" and book.agent.absolute:
        book.add(
            day, "shadow", note=rng.choice(("跟岗师傅李娜拜访老客户", "跟岗师傅李娜做需求面谈"))
        )
    else:
        book.add(day, type_, note=rng.choice(ROUTINE_NOTES.get(type_) or STUDY_NOTES))


def review_note(book: AgentBook, day: date) -> str:
    """Return the week's review: won policies, cancels, lost prospects and a lesson."""
    week = [r for r in book.rows if day - timedelta(6) <= r.day <= day]
    won = [f"{r.customer}（{PRODUCT_ZH[r.product]}）" for r in week if r.type == "policy"]
    lost = [f"{r.customer}（{r.reason}）" for r in week if r.outcome == "lost"]
    cancels = [r.customer for r in week if r.type == "cancel"]
    note = f"本周成交{len(won)}件" + (f"：{'、'.join(won)}" if won else "")
    if cancels:
        note += f"；犹豫期退保{len(cancels)}件：{'、'.join(cancels)}"
    if lost:
        note += f"；未成交{len(lost)}人：{'、'.join(lost)}"
    return f"{note}。心得：{book.rng.choice(LESSONS)}"


def baseline_of(rows: list[Row]) -> dict:
    """Return last year's premium, policies and new customers, as an agent writes them."""
    sold = [r for r in rows if r.type == "policy" and r.day.year == 2025]
    renewed = [r for r in rows if r.type == "renewal" and r.day.year == 2025]
    return {
        "premium": round(sum(r.premium for r in sold + renewed), -3),
        "policies": len(sold),
        "new_customers": len({r.customer for r in sold}),
    }


def build_agent(agent: Agent) -> tuple[list[Row], dict]:
    """Return an agent's rows in date order and their baseline (empty for a newcomer)."""
    book = AgentBook(agent)
    lapsed = write_history(book) if agent.history else set()
    baseline = baseline_of(book.rows) if agent.history else {}
    write_renewals(book, lapsed)
    deals = plan_deals(book, targets_of(agent, baseline)[0])
    write_deals(book, deals)
    write_cancels(book, deals)
    write_prospects(book, agent.lost, lost=True)
    write_prospects(book, agent.pending, lost=False)
    keep_cadences(book)
    add_activity(book, "call", AS_OF, [AS_OF])  # everyone works on the review day
    return sorted(book.rows, key=lambda r: (r.day, r.time, r.seq)), baseline


def write_text(path: Path, text: str) -> None:
    """Write a UTF-8 text file with Unix line ends, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def write_team(out: Path) -> dict[str, int]:
    """Write the whole sample team project into out; return the rows of each agent."""
    books = {a.slug: build_agent(a) for a in AGENTS}
    order = {a.name: i for i, a in enumerate(AGENTS)}
    rows = sorted(
        ((a.name, r) for a in AGENTS for r in books[a.slug][0]),
        key=lambda pair: (pair[1].day, pair[1].time, order[pair[0]], pair[1].seq),
    )
    write_logs(rows, out / "logs")
    baselines = {slug: baseline for slug, (_, baseline) in books.items()}
    write_text(out / "content" / "plan.md", team_plan(AGENTS, baselines))
    for agent in AGENTS:
        write_text(
            out / "content" / "agents" / f"{agent.slug}.md",
            agent_plan(agent, baselines[agent.slug]),
        )
    by_slug = {slug: rows_ for slug, (rows_, _) in books.items()}
    for rel, text in notes(AGENTS, by_slug, baselines).items():
        write_text(out / "content" / "reviews" / rel, text)
    return {slug: len(rows_) for slug, rows_ in by_slug.items()}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python scripts/make_sample_team.py DIR", file=sys.stderr)
        return 2
    out = Path(argv[1])
    for slug, count in write_team(out).items():
        print(f"{slug}: {count} rows")
    print(f"Wrote the sample team into {out}: python build.py --project {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
