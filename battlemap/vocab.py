"""The built-in vocabulary of SPEC §2: columns, activity types, products, channels."""

from __future__ import annotations

# column id -> Chinese header
COLUMNS: dict[str, str] = {
    "date": "日期",
    "type": "类型",
    "customer": "客户",
    "premium": "保费",
    "product": "险种",
    "channel": "渠道",
    "outcome": "结果",
    "reason": "原因",
    "note": "备注",
    "agent": "业务员",
    "count": "数量",
}

_HEADERS = {id_: id_ for id_ in COLUMNS} | {zh: id_ for id_, zh in COLUMNS.items()}


def column_of(header: str) -> str | None:
    """Return the column id a header cell names (English in any case, or Chinese), if any."""
    name = header.strip()
    return _HEADERS.get(name) or _HEADERS.get(name.lower())


TYPES: dict[str, str] = {
    "visit": "拜访",
    "call": "电话回访",
    "event": "活动",
    "briefing": "说明会",
    "video": "短视频",
    "post": "朋友圈",
    "group_post": "社群推送",
    "policy": "新单",
    "renewal": "续期",
    "cancel": "退保",
    "referral": "转介绍",
    "training": "培训",
    "study": "学习",
    "shadow": "跟岗",
    "review": "复盘",
    "exercise": "运动",
}
TYPE_ALIASES: dict[str, str] = {"成交": "policy"}

PRODUCTS: dict[str, str] = {
    "health": "健康险",
    "life": "寿险",
    "annuity": "年金险",
    "property_accident": "财产险及意外险",
}

CHANNELS: dict[str, str] = {"offline": "线下", "online": "线上", "referral": "转介绍"}

OUTCOMES: dict[str, str] = {"closed": "成交", "follow_up": "跟进", "lost": "未成交"}

TIERS: dict[str, str] = {"high": "高净值", "middle": "中等", "ordinary": "普通"}

# which rows need which column (SPEC §2 "required for")
NEEDS_CUSTOMER = frozenset({"visit", "call", "policy", "renewal", "cancel"})
MONEY_TYPES = frozenset({"policy", "renewal", "cancel"})
NEEDS_CHANNEL = frozenset({"policy", "cancel"})


def label(labels: dict[str, str], key: str, locale: str) -> str:
    """Return the display label of a vocabulary key in the given locale."""
    if locale == "en":
        return key.replace("_", " ")
    return labels.get(key, key)
