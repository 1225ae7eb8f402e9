"""The six agents of the sample team (scripts/make_sample_team.py): who they are, how they sell.

Each agent's story is set by a few numbers: `pace` (the premium each quarter brings ÷ that
quarter's share of the target), `diligence` (the chance that a cadence window is kept) and
`visit_share` (how often a contact is a visit rather than a call). The generator writes rows
until the premium reaches the pace, so the leaderboard shows the story whatever the draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

TEAM = "星火团队"
LEAD = "陈志刚"  # the team lead (主管); the one-agent sample's 师傅陈经理
TEAM_SHARES = (0.30, 0.25, 0.25, 0.20)  # Q1–Q4 premium shares of the team's plan
SAME_NAME = "张伟"  # two agents each have a customer of this name: two different people

# (quarter or None, type, count, per, label or None): a plan's cadences
Cadence = tuple[str | None, str, int, str, str | None]
# (day, customer or "" for a new name, product, premium, channel, kind): deals written as given;
# kind: new, second (the same customer's other policy that day), lapse (a 2025 policy not renewed)
KeyDeal = tuple[str, str, str, int, str, str]


@dataclass(frozen=True)
class Agent:
    """One agent of the sample team: their plan's numbers and how their year goes."""

    slug: str
    name: str
    seed: int
    story: str  # the plan's opening paragraph
    focus: tuple[str, str, str, str]  # what the agent does in Q1..Q4 (the plan's sections)
    risk: str  # the plan's risk response
    cadences: tuple[Cadence, ...]
    joined: date = date(2025, 1, 2)  # the first day with the team
    history: int = 0  # policies sold in 2025
    growth: tuple[float, float, float] | None = None  # premium, policies, new customers
    absolute: tuple[int, int, int] | None = None  # a newcomer's targets (no baseline)
    shares: tuple[float, float, float, float] = TEAM_SHARES
    pace: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    scale: float = 1.0  # premium size against the usual policy
    products: dict[str, int] = field(default_factory=dict)  # weights of the products sold
    channels: dict[str, int] = field(default_factory=dict)  # weights of new customers' channels
    older: int = 0  # policies sold before 2025 that renew every year (the older book)
    renew: float = 0.4  # share of last year's new policies renewed (the rest: one-year, single pay)
    persist: float = 0.92  # share of the older book renewed again
    repurchase: float = 0.2  # share of deals that are an existing customer buying again
    diligence: float = 0.85
    visit_share: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    lost: int = 10  # prospects who said no
    pending: int = 8  # prospects still to chase
    cancels: int = 1  # free-look cancellations
    leave: tuple[str, str] | None = None  # annual leave: no customer work
    key_deals: tuple[KeyDeal, ...] = ()
    mix_product: str = "{health: 0.40, life: 0.25, annuity: 0.20, property_accident: 0.15}"


BALANCED = {"health": 8, "life": 3, "annuity": 2, "property_accident": 5, "education": 1}

AGENTS = (
    Agent(
        slug="li-na",
        name="李娜",
        seed=101,
        story="入司第五年，团队标杆。高净值客户多，开门红年金大单是每年的基本盘，"
        "签单当天必开口请转介绍。今年同时带教新人林晓雨。",
        focus=(
            "1 月上旬出完高净值客户的年金方案，每 2 周一场说明会。",
            "老客户保单检视，从检视中找加保需求。",
            "续期高峰，每 2 周 10 次老客户回访，回访结束请转介绍。",
            "冲刺的同时为 2027 开门红蓄客，带新人林晓雨跟岗。",
        ),
        risk="大单集中在一季度，后三季度靠家庭组合和转介绍稳住件数。",
        cadences=(
            (None, "visit", 5, "week", "拜访客户"),
            ("Q1", "briefing", 1, "2 weeks", None),
            ("Q3", "call", 10, "2 weeks", "老客户回访"),
            (None, "training", 1, "month", None),
            (None, "review", 1, "week", "每周复盘"),
        ),
        history=22,
        older=10,
        growth=(0.20, 0.10, 0.15),
        pace=(1.45, 1.35, 1.3, 1.4),
        scale=1.2,
        products={"health": 5, "life": 4, "annuity": 4, "property_accident": 2, "education": 2},
        channels={"offline": 4, "online": 1, "referral": 4},
        repurchase=0.15,
        diligence=0.93,
        lost=6,
        pending=4,
        leave=("2026-07-20", "2026-07-26"),
        key_deals=(
            ("2026-01-08", "", "annuity", 120000, "referral", "new"),
            ("2026-09-16", "", "annuity", 60000, "referral", "new"),
        ),
        mix_product="{health: 0.30, life: 0.30, annuity: 0.30, property_accident: 0.10}",
    ),
    Agent(
        slug="wu-lei",
        name="吴磊",
        seed=202,
        story="入司第三年，稳扎稳打。客户以双职工家庭为主，擅长重疾 + 意外的家庭组合，"
        "二季度靠社区活动积累名单。",
        focus=(
            "拜访去年有意向的家庭客户，主推重疾 + 意外组合。",
            "每月 2 场社区活动，现场收集名单。",
            "续期提醒不断缴，家庭客户加保子女教育金。",
            "每 2 周 8 次未成交客户回访，年底前逐一问清顾虑。",
        ),
        risk="件均偏低，拜访量一旦不足就会掉队：连续两周不足时周一上午固定排拜访。",
        cadences=(
            (None, "visit", 5, "week", "拜访客户"),
            ("Q1", "briefing", 1, "2 weeks", None),
            ("Q2", "event", 2, "month", "社区活动"),
            ("Q4", "call", 8, "2 weeks", "未成交客户回访"),
            (None, "training", 1, "month", None),
            (None, "review", 1, "week", "每周复盘"),
        ),
        history=22,
        older=8,
        growth=(0.15, 0.08, 0.10),
        pace=(1.05, 1.0, 1.0, 1.05),
        products=BALANCED,
        channels={"offline": 5, "online": 2, "referral": 3},
        leave=("2026-08-10", "2026-08-16"),
        key_deals=(
            ("2026-03-12", SAME_NAME, "health", 9800, "offline", "new"),
            ("2026-03-12", SAME_NAME, "property_accident", 3200, "offline", "second"),
        ),
    ),
    Agent(
        slug="he-jing",
        name="何静",
        seed=303,
        story="入司第四年，社区和线上获客能手。宝妈群、业主群里口碑好，"
        "健康险件数多，线上投保占比高。",
        focus=(
            "开门红期间每周拜访 4 次，线上做健康险开门红。",
            "每月 1 场客户沙龙，主题女性健康与少儿保障。",
            "续期回访时请转介绍，中秋沙龙邀老客户带朋友。",
            "年终保障检视，补齐寿险和年金险的结构缺口。",
        ),
        risk="健康险占比容易偏高：每月至少约一位客户讲养老规划。",
        cadences=(
            (None, "visit", 4, "week", "拜访客户"),
            (None, "call", 4, "week", "电话回访"),
            ("Q2", "salon", 1, "month", None),
            (None, "training", 1, "month", None),
            (None, "review", 1, "week", "每周复盘"),
        ),
        history=24,
        older=8,
        growth=(0.15, 0.08, 0.10),
        pace=(1.0, 1.05, 0.95, 1.0),
        scale=0.9,
        products={"health": 10, "life": 2, "annuity": 1, "property_accident": 5, "education": 2},
        channels={"offline": 3, "online": 4, "referral": 3},
        repurchase=0.1,
        visit_share=(0.8, 0.8, 0.8, 0.8),
        lost=8,
        leave=("2026-10-19", "2026-10-23"),
        key_deals=(("2026-09-08", SAME_NAME, "annuity", 24000, "referral", "new"),),
        mix_product="{health: 0.50, life: 0.20, annuity: 0.15, property_accident: 0.15}",
    ),
    Agent(
        slug="zhou-jie",
        name="周杰",
        seed=404,
        story="入司第三年。去年靠两位企业主客户的年金大单冲到团队前列，今年目标定得高；"
        "开门红之后大客户相继流失，拜访量下滑，进度落后。",
        focus=(
            "开门红主攻企业主客户的年金续投。",
            "重新积累名单，每周拜访不少于 6 次。",
            "续期高峰，每 2 周 10 次老客户回访，盯住断缴风险。",
            "主管陪访，集中跟进全年未成交客户。",
        ),
        risk="大客户集中：两位企业主客户占去年保费近三成，一旦流失要靠新客户补。",
        cadences=(
            (None, "visit", 6, "week", "拜访客户"),
            ("Q3", "call", 10, "2 weeks", "老客户回访"),
            (None, "training", 1, "month", None),
            (None, "review", 1, "week", "每周复盘"),
        ),
        history=20,
        older=6,
        growth=(0.25, 0.10, 0.15),
        pace=(0.9, 0.5, 0.45, 0.55),
        scale=1.2,
        products={"health": 6, "life": 3, "annuity": 3, "property_accident": 4},
        channels={"offline": 6, "online": 2, "referral": 2},
        renew=0.25,
        persist=0.7,
        repurchase=0.1,
        diligence=0.7,
        visit_share=(1.0, 0.55, 0.6, 0.8),
        lost=14,
        pending=8,
        cancels=2,
        key_deals=(  # last year's two business owners: they stop paying in 2026
            ("2025-03-20", "", "annuity", 90000, "offline", "lapse"),
            ("2025-05-15", "", "annuity", 60000, "offline", "lapse"),
        ),
    ),
    Agent(
        slug="sun-hao",
        name="孙浩",
        seed=505,
        story="入司第六年，老客户多，熟人单和续期撑起了业绩；"
        "拜访、复盘、学习时有时无，节奏经常断档。",
        focus=(
            "开门红先拜访老客户，争取加保。",
            "每月 4 次自学，补上新产品条款。",
            "每季度 2 次跟岗，跟主管学转介绍面谈。",
            "补齐拜访量，每周五按时复盘。",
        ),
        risk="活动量不稳：靠老客户的业绩撑不了两年，每周拜访和复盘不能断。",
        cadences=(
            (None, "visit", 6, "week", "拜访客户"),
            (None, "study", 4, "month", "学习产品与条款"),
            (None, "shadow", 2, "quarter", "跟岗学习"),
            (None, "training", 1, "month", None),
            (None, "review", 1, "week", "每周复盘"),
        ),
        history=18,
        older=8,
        growth=(0.12, 0.05, 0.05),
        pace=(0.9, 0.8, 0.85, 0.8),
        products=BALANCED,
        channels={"offline": 5, "online": 2, "referral": 3},
        persist=0.95,
        repurchase=0.35,
        diligence=0.3,
        visit_share=(0.7, 0.6, 0.6, 0.7),
        lost=6,
        pending=6,
        cancels=0,
    ),
    Agent(
        slug="lin-xy",
        name="林晓雨",
        seed=606,
        story="2026 年 6 月 1 日入职的新人，没有去年的基数，目标按绝对值设定。"
        "师傅李娜带教：三季度每周跟岗，先从亲友和社区开单。",
        focus=(
            "本季度尚未入职，不设目标。",
            "6 月入职培训，跟岗师傅李娜，开出第一单。",
            "每周拜访 5 次、跟岗 1 次，每月 2 次培训。",
            "每周拜访 6 次，用意外险和健康险积累第一批客户。",
        ),
        risk="新人名单少：每次拜访后请客户介绍 1 位朋友，每周跟岗不能断。",
        cadences=(
            ("Q3", "visit", 5, "week", "拜访客户"),
            ("Q3", "shadow", 1, "week", "跟岗师傅"),
            ("Q3", "training", 2, "month", "新人培训"),
            ("Q3", "review", 1, "week", "每周复盘"),
            ("Q4", "visit", 6, "week", "拜访客户"),
            ("Q4", "training", 1, "month", None),
            ("Q4", "review", 1, "week", "每周复盘"),
        ),
        joined=date(2026, 6, 1),
        absolute=(150000, 24, 20),
        shares=(0.0, 0.10, 0.40, 0.50),
        pace=(0.0, 1.1, 1.0, 1.05),
        scale=0.7,
        products={"health": 6, "life": 1, "property_accident": 5, "education": 1},
        channels={"offline": 4, "online": 2, "referral": 3},
        diligence=0.8,
        lost=6,
        pending=6,
        cancels=1,
        mix_product="{health: 0.45, life: 0.15, annuity: 0.10, property_accident: 0.30}",
    ),
)


def half_up(value: float) -> int:
    """Return value rounded to the nearest whole number, halves up (as targets are)."""
    return math.floor(value + 0.5)


def targets_of(agent: Agent, baseline: dict) -> tuple[float, int, int]:
    """Return the agent's annual premium, policies and new-customer targets."""
    if agent.absolute:
        premium, policies, customers = agent.absolute
        return float(premium), policies, customers
    g = agent.growth
    return (
        baseline["premium"] * (1 + g[0]),
        half_up(baseline["policies"] * (1 + g[1])),
        half_up(baseline["new_customers"] * (1 + g[2])),
    )
