"""The export formats of the sample team's logs (scripts/make_sample_team.py)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from make_sample_logs import (
    CHANNEL_ZH,
    OUTCOME_ZH,
    PRODUCT_ZH,
    TYPE_ZH,
    Row,
    amount_q1,
    amount_q2,
    en_record,
    write_csv,
)

REEXPORT_FROM = date(2026, 6, 22)  # the CRM re-export covers REEXPORT_FROM .. 2026-06-30

EN_HEADER = "date,agent,type,customer,premium,product,channel,outcome,reason,note".split(",")
ZH_HEADER = ["日期", "业务员", "类型", "客户", "保费", "险种", "渠道", "结果", "原因", "备注"]
Q4_HEADER = "agent,date,customer,type,product,premium,channel,outcome,reason,note".split(",")


def en_team_record(name: str, row: Row, amount: str) -> list[str]:
    """Return a row as the English exports write it, with the agent after the date."""
    record = en_record(row, amount)
    return [record[0], name, *record[1:]]


def zh_record(rng, name: str, row: Row) -> list[str]:
    """Return a row as the Chinese report writes it: Chinese labels, 万 and 元 amounts."""
    day = f"{row.day.year}年{row.day.month}月{row.day.day}日"
    if rng.random() < 0.7:
        day = f"{row.day.year}/{row.day.month}/{row.day.day}"
    return [
        day,
        name,
        "成交" if row.type == "policy" and rng.random() < 0.1 else TYPE_ZH[row.type],
        row.customer,
        "" if row.premium is None else amount_q2(rng, row.premium),
        PRODUCT_ZH.get(row.product, ""),
        CHANNEL_ZH.get(row.channel, ""),
        OUTCOME_ZH.get(row.outcome, ""),
        row.reason,
        row.note,
    ]


def q4_record(name: str, row: Row) -> list[str]:
    """Return a row as the Q4 export writes it: another column order, times with the date."""
    premium = "" if row.premium is None else f"{row.premium:.0f}"
    day = row.day.isoformat() + (f" {row.time}" if row.time else "")
    fields = (row.customer, row.type, row.product, premium, row.channel)
    return [name, day, *fields, row.outcome, row.reason, row.note]


def write_logs(rows: list[tuple[str, Row]], out: Path) -> dict[str, int]:
    """Write the team's export files into out; return the data rows of each."""
    rng = random.Random(20260601)
    plain = [en_team_record(n, r, "" if r.premium is None else f"{r.premium:.0f}") for n, r in rows]
    h1 = [(i, n, r) for i, (n, r) in enumerate(rows) if r.day.year == 2026 and r.day.month <= 6]
    files = {
        "2025-history.csv": (
            EN_HEADER,
            [plain[i] for i, (_, r) in enumerate(rows) if r.day.year == 2025],
            "utf-8",
        ),
        "2026-h1-crm.csv": (
            EN_HEADER,
            [
                en_team_record(n, r, "" if r.premium is None else amount_q1(rng, r.premium))
                for _, n, r in h1
            ],
            "utf-8-sig",
        ),
        "2026-06-crm-export.csv": (
            EN_HEADER,
            [plain[i] for i, _, r in h1 if r.day >= REEXPORT_FROM],
            "utf-8",
        ),
        "2026-q3-业务员报表.csv": (
            ZH_HEADER,
            [zh_record(rng, n, r) for n, r in rows if r.day.year == 2026 and 7 <= r.day.month <= 9],
            "gb18030",
        ),
        "2026-q4.csv": (
            Q4_HEADER,
            [q4_record(n, r) for n, r in rows if r.day.year == 2026 and r.day.month >= 10],
            "utf-8",
        ),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, (header, records, encoding) in files.items():
        write_csv(out / name, header, records, encoding)
    return {name: len(records) for name, (_, records, _) in files.items()}
