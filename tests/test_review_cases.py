"""A review page's case tables: every case of a short list, SHOWN_CASES of a long one."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from battlemap.pages.reviews import SHOWN_CASES

HEAD = "date,type,customer,premium,product,channel,outcome,reason,note\n"
MONDAY = dt.date(2026, 3, 2)  # ISO week 10


def _policies(n: int) -> list[str]:
    """n policies over week 10, premiums a permutation so that the largest are spread out."""
    return [
        f"{MONDAY + dt.timedelta(days=i % 7)},policy,客户{i:03d},{1000 + (i * 37) % n},"
        "health,offline,,,\n"
        for i in range(n)
    ]


def _losses(n: int) -> list[str]:
    return [
        f"{MONDAY + dt.timedelta(days=i % 7)},visit,访客{i:03d},,,,lost,价格太高,第{i}次\n"
        for i in range(n)
    ]


def _table(page: BeautifulSoup, heading: str) -> list[list[str]]:
    section = next(s for s in page.find_all("section") if s.h2 and s.h2.get_text() == heading)
    return [[c.get_text() for c in tr.find_all(["td", "th"])] for tr in section.tbody("tr")]


def _page(project, slug: str) -> BeautifulSoup:
    html = (project.root / "site" / "reviews" / f"{slug}.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def test_a_long_list_shows_the_largest_wins_and_the_latest_losses(project, build_metrics):
    n = SHOWN_CASES + 50
    cancels = [f"{MONDAY},cancel,客户000,500,health,offline,,,\n"] * 3
    project.log("2026.csv", HEAD + "".join(_policies(n) + _losses(n) + cancels))
    metrics = build_metrics("--show-names")

    page = _page(project, "2026-w10")
    won = _table(page, "Won")
    assert len(won) == SHOWN_CASES
    premiums = {int(row[4].replace(",", "").lstrip("¥")) for row in won}
    assert premiums == set(range(1000 + n - SHOWN_CASES, 1000 + n))  # the largest ones
    dates = [row[0] for row in won]
    assert dates == sorted(dates, key=lambda d: dt.datetime.strptime(d, "%b %d"))
    assert f"{n} in the period; the {SHOWN_CASES} largest premiums are listed." in page.text
    assert "The week review pages list them all." not in page.text  # a week has no smaller

    lost = _table(page, "Lost")
    assert len(lost) == SHOWN_CASES
    shown = {row[1] for row in lost}
    # the latest: in date order, rows of one day in file order, the last SHOWN_CASES of them
    order = sorted(range(n), key=lambda i: (i % 7, i))
    assert shown == {f"访客{i:03d}" for i in order[-SHOWN_CASES:]}

    # the figures and the cancel count are the period's own, not the shown rows'
    assert metrics["year"]["policies"] == n - 3
    assert "incl. 3 cancelled" in page.text

    month = _page(project, "2026-03")
    assert len(_table(month, "Won")) == SHOWN_CASES
    assert "The week review pages list them all." in month.text


def test_a_short_list_shows_every_case_without_a_count(project, build_metrics):
    project.log("2026.csv", HEAD + "".join(_policies(5) + _losses(2)))
    build_metrics("--show-names")
    page = _page(project, "2026-w10")
    assert sorted(row[1] for row in _table(page, "Won")) == [f"客户{i:03d}" for i in range(5)]
    assert len(_table(page, "Lost")) == 2
    assert "in the period;" not in page.text
