"""actions.html, data/actions.json and actions.ics on the sample site and scratch projects."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from sample_site import REPO, built_sample, sample_customers, sample_file_customers

from battlemap.build import Builder, Options

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_sample(tmp_path_factory) / "site"


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_sample(tmp_path_factory, "--show-names") / "site"


def load(site: Path) -> tuple[dict, BeautifulSoup]:
    actions = json.loads((site / "data" / "actions.json").read_text("utf-8"))
    page = BeautifulSoup((site / "actions.html").read_text("utf-8"), "html.parser")
    return actions, page


def item(actions: dict, path: str) -> dict:
    value = actions
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def test_the_page_shows_every_list_of_actions_json(site: Path):
    actions, page = load(site)
    shown = page.select("[data-item]")
    assert len(shown) == len(actions["renewals"]) + len(actions["follow_ups"]) + len(
        actions["birthdays"]
    ) + len(actions["combos"]) + sum(len(s["due"]) for s in actions["service"].values())
    for li in shown:
        expected = item(actions, li["data-item"])
        assert li.select_one(".who").get_text() == expected["customer"], li["data-item"]
    for name in ("renewals", "follow_ups", "birthdays", "combos"):
        count = page.select_one(f'[data-list="{name}"] h2 .count')
        assert int(count["data-count"]) == len(actions[name]), name
    for tier, s in actions["service"].items():
        reached = page.select_one(f'[data-tier="{tier}"] .reached')
        assert (int(reached["data-contacted"]), int(reached["data-customers"])) == (
            s["contacted"],
            s["customers"],
        )
    stake = page.select_one("#renewals .stake .figure")
    assert json.loads(stake["data-value"]) == pytest.approx(
        sum(r["premium"] for r in actions["renewals"])
    )


def test_every_list_tells_a_story_on_the_sample(private: Path):
    actions, page = load(private)
    as_of = dt.date.fromisoformat(actions["as_of"])
    assert as_of == dt.date(2026, 11, 20)  # a Friday: the agent reads it on Monday
    assert any(r["stage"] == "overdue" for r in actions["renewals"])
    assert {r["stage"] for r in actions["renewals"]} == {"overdue", "30", "60", "90"}
    high = actions["service"]["high"]
    assert high["window_start"] == "2026-10-01" and high["due"]  # not visited this quarter
    next_week = [
        b
        for b in actions["birthdays"]
        if dt.date(2026, 11, 23) <= dt.date.fromisoformat(b["date"]) <= dt.date(2026, 11, 29)
    ]
    assert next_week
    # the high-tier customer not visited this quarter has a birthday next week
    assert {d["customer"] for d in high["due"]} & {b["customer"] for b in next_week}
    family = [c for c in actions["combos"] if c["combo"] == "家庭保障组合"]
    assert any("life" in c["missing"] for c in family)  # a young family without life cover
    assert actions["follow_ups"]
    text = page.get_text()
    for words in ("打电话提醒客户缴费", "本期还没拜访的客户", "回访", "送上祝福", "推荐组合"):
        assert words in text, words


def test_an_empty_list_says_so(project):
    project.plan("---\nyear: 2026\n---\n")  # zh-CN
    project.log("a.csv", "date,type\n2026-03-01,review\n")
    assert project.build() == 0
    page = BeautifulSoup((project.root / "site/actions.html").read_text("utf-8"), "html.parser")
    assert "前后 90 天内没有到期的续期" in page.select_one("#renewals").get_text()
    assert "本期每位客户都已联系" in page.select_one("#service").get_text()
    assert "没有需要跟进的潜在客户" in page.select_one("#follow-ups").get_text()


def test_no_full_name_in_the_published_actions(site: Path, private: Path):
    names = sample_customers() | sample_file_customers()
    assert len(sample_file_customers() - sample_customers()) >= 3  # people only the file knows
    for rel in ("actions.html", "data/actions.json", "actions.ics"):
        text = (site / rel).read_text("utf-8")
        assert [n for n in names if n in text] == [], rel
    private_text = (private / "data/actions.json").read_text("utf-8")
    assert "冯嘉怡" in private_text  # a customer-file name, in full in the private build


def events(site: Path) -> list:
    calendar = Calendar.from_ical((site / "actions.ics").read_bytes())
    return list(calendar.walk("VEVENT"))


def test_the_calendar_has_one_all_day_event_per_action(site: Path):
    actions, _ = load(site)
    found = events(site)
    due_tiers = [s for s in actions["service"].values() if s["due"]]
    assert len(found) == len(actions["renewals"]) + len(due_tiers) + len(actions["birthdays"])
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids)
    for event in found:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end - start == dt.timedelta(days=1)
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    renewal_days = sorted(
        e.decoded("DTSTART").isoformat() for e in found if str(e["UID"]).startswith("renewal-")
    )
    assert renewal_days == sorted(r["due"] for r in actions["renewals"])
    service = [e for e in found if str(e["UID"]).startswith("service-")]
    assert sorted(e.decoded("DTSTART").isoformat() for e in service) == sorted(
        s["window_end"] for s in due_tiers
    )
    birthday = next(e for e in found if str(e["UID"]).startswith("birthday-"))
    # the name as actions.json shows it: masked, with the suffix of a mask two customers share
    shown = next(b["customer"] for b in actions["birthdays"] if b["age"] == 45)
    assert shown.startswith("贾**")
    assert str(birthday["SUMMARY"]) == f"生日：{shown} 满 45 岁"


ROWS = (
    "date,type,customer,premium,product,channel\n"
    "2025-12-01,policy,张三,1000,health,offline\n"
    "2025-12-05,policy,李四,2000,life,offline\n"
    "2026-11-20,visit,王五,,,\n"
)


def test_uids_are_stable_and_a_renewal_row_removes_its_reminder(project):
    project.plan("---\nyear: 2026\n---\n")  # zh-CN
    project.log("a.csv", ROWS)
    (project.root / "content/customers.csv").write_text("客户,生日\n张三,1980-11-25\n", "utf-8")
    assert project.build() == 0
    ics = project.root / "site/actions.ics"
    first = ics.read_bytes()
    before = {str(e["UID"]): str(e["SUMMARY"]) for e in events(project.root / "site")}
    assert sorted(before.values()) == [
        "生日：张** 满 46 岁",
        "续期提醒：张** 健康险 ¥1,000",
        "续期提醒：李** 寿险 ¥2,000",
    ]
    assert project.build() == 0
    assert ics.read_bytes() == first  # the same inputs give the same bytes
    project.log("a.csv", ROWS + "2026-11-20,renewal,李四,2000,life,\n")
    assert project.build() == 0
    after = {str(e["UID"]): str(e["SUMMARY"]) for e in events(project.root / "site")}
    gone = {uid for uid, summary in before.items() if "李" in summary}
    assert after == {uid: s for uid, s in before.items() if uid not in gone}


def test_an_english_plan_speaks_english_on_the_actions_page(project):
    project.plan("---\nyear: 2026\nlocale: en\n---\n")
    project.log("a.csv", ROWS.replace("张三", "Ann Lee").replace("李四", "Bo Wu"))
    (project.root / "content/customers.csv").write_text(
        "customer,birthday,children,tags\nAnn Lee,1990-11-25,1,travel\nCy Ho,1995-01-01,1,\n",
        "utf-8",
    )
    assert project.build("--show-names") == 0
    actions = json.loads((project.root / "site/data/actions.json").read_text("utf-8"))
    # Ann Lee is 35 (36 on the 25th) and holds health; Cy Ho is 31 and holds nothing
    assert actions["combos"] == [
        {"customer": "Ann Lee", "combo": "Family protection", "missing": ["life"]},
        {"customer": "Ann Lee", "combo": "Retirement planning", "missing": ["annuity"]},
        {"customer": "Ann Lee", "combo": "Business travel", "missing": ["property_accident"]},
        {"customer": "Cy Ho", "combo": "Family protection", "missing": ["health", "life"]},
    ]
    for page in ("actions.html", "plan.html"):
        soup = BeautifulSoup((project.root / "site" / page).read_text("utf-8"), "html.parser")
        assert CJK.findall(soup.get_text()) == [], page
    summaries = sorted(str(e["SUMMARY"]) for e in events(project.root / "site"))
    assert summaries == [
        "Birthday: Ann Lee turns 36",
        "Renewal: Ann Lee health ¥1,000",
        "Renewal: Bo Wu life ¥2,000",
    ]


def test_a_customer_file_edit_rerenders_only_the_actions_page(tmp_path: Path):
    project = tmp_path / "proj"
    for name in ("content", "logs"):
        shutil.copytree(REPO / name, project / name)
    builder = Builder(Options(project))
    builder.build()
    path = project / "content/customers.csv"
    text = path.read_text("utf-8-sig")
    path.write_text(text.replace("11月27日", "11月28日"), "utf-8-sig")
    result = builder.build()
    assert result.rendered == ["actions.html"]
    birthdays = json.loads(result.files["data/actions.json"])["birthdays"]
    assert "2026-11-28" in {b["date"] for b in birthdays}
    path.write_text(text, "utf-8-sig")
    assert builder.build().rendered == ["actions.html"]
