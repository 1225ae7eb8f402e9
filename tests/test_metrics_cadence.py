"""Cadence compliance of SPEC §4: windows, requirements, judged/met, compliance, streak."""

from __future__ import annotations

from pytest import approx

HEADER = "date,type,customer,premium,product,channel,count\n"


def plan_with(*cadences: str, locale: str | None = None, extra: str = "") -> str:
    """Return a plan for 2026 with the given cadence lines (YAML flow mappings)."""
    lines = ["---", "year: 2026"]
    if locale:
        lines.append(f"locale: {locale}")
    if extra:
        lines.append(extra)
    lines.append("cadences:")
    lines += [f"  - {c}" for c in cadences]
    lines += ["---", "# Plan", ""]
    return "\n".join(lines)


def visits(*rows: tuple[str, int]) -> str:
    """Return a log of visit rows (date, count)."""
    return HEADER + "".join(f"{d},visit,A,,,,{n}\n" for d, n in rows)


def span(windows: list[dict]) -> list[tuple[str, str]]:
    return [(w["start"], w["end"]) for w in windows]


def test_weekly_windows_in_q1_end_with_a_short_window(project, build_metrics):
    project.plan(plan_with("{quarter: Q1, type: visit, count: 5, per: week}"))
    project.log("a.csv", visits(("2026-01-02", 1)))
    cadence = build_metrics("--as-of", "2026-01-02")["quarters"]["Q1"]["cadences"][0]
    windows = cadence["windows"]
    # Q1 has 31 + 28 + 31 = 90 days = 12 x 7 + 6 -> 12 full windows + one of 6 days
    assert len(windows) == 13
    assert span(windows[:2]) == [("2026-01-01", "2026-01-07"), ("2026-01-08", "2026-01-14")]
    # window 12 ends on day 84 = Jan 31 + Feb 28 + 25 -> 2026-03-25
    assert span(windows[11:12]) == [("2026-03-19", "2026-03-25")]
    assert span(windows[12:]) == [("2026-03-26", "2026-03-31")]
    # full windows require 5; the 6-day one ceil(5 x 6 / 7) = ceil(4.29) = 5
    assert [w["required"] for w in windows] == [5] * 13
    assert cadence["type"] == "visit"
    assert cadence["count"] == 5


def test_short_final_window_requires_a_prorated_count(project, build_metrics):
    project.plan(plan_with("{quarter: Q1, type: visit, count: 10, per: week}"))
    project.log("a.csv", visits(("2026-03-28", 9)))
    windows = build_metrics("--as-of", "2026-03-31")["quarters"]["Q1"]["cadences"][0]["windows"]
    assert windows[0]["required"] == 10
    # final window 03-26..03-31 has 6 days: ceil(10 x 6 / 7) = ceil(8.57) = 9
    assert windows[-1]["required"] == 9
    # 9 visits in it reach 9 -> met
    assert windows[-1]["done"] == 9
    assert windows[-1]["met"] is True


def test_two_week_windows(project, build_metrics):
    project.plan(plan_with("{quarter: Q1, type: briefing, count: 10, per: 2 weeks}"))
    project.log("a.csv", HEADER + "2026-01-03,briefing,,,,,1\n")
    cadence = build_metrics("--as-of", "2026-01-03")["quarters"]["Q1"]["cadences"][0]
    # 90 days = 6 x 14 + 6 -> 7 windows, the last 03-26..03-31
    assert span(cadence["windows"]) == [
        ("2026-01-01", "2026-01-14"),
        ("2026-01-15", "2026-01-28"),
        ("2026-01-29", "2026-02-11"),
        ("2026-02-12", "2026-02-25"),
        ("2026-02-26", "2026-03-11"),
        ("2026-03-12", "2026-03-25"),
        ("2026-03-26", "2026-03-31"),
    ]
    # full windows 10; last ceil(10 x 6 / 14) = ceil(4.29) = 5
    assert [w["required"] for w in cadence["windows"]] == [10] * 6 + [5]
    assert cadence["per"] == "2 weeks"


def test_two_week_windows_in_q3(project, build_metrics):
    project.plan(plan_with("{quarter: Q3, type: call, count: 10, per: 2 weeks}"))
    project.log("a.csv", HEADER + "2026-07-03,call,A,,,,1\n")
    windows = build_metrics("--as-of", "2026-07-03")["quarters"]["Q3"]["cadences"][0]["windows"]
    # Q3: 31 + 31 + 30 = 92 days = 6 x 14 + 8 -> last window 09-23..09-30
    assert len(windows) == 7
    assert span(windows[-1:]) == [("2026-09-23", "2026-09-30")]
    # ceil(10 x 8 / 14) = ceil(5.71) = 6
    assert windows[-1]["required"] == 6


def test_month_windows_are_calendar_months(project, build_metrics):
    project.plan(plan_with("{quarter: Q2, type: event, count: 2, per: month}"))
    project.log("a.csv", HEADER + "2026-04-03,event,,,,,1\n")
    windows = build_metrics("--as-of", "2026-04-03")["quarters"]["Q2"]["cadences"][0]["windows"]
    assert span(windows) == [
        ("2026-04-01", "2026-04-30"),
        ("2026-05-01", "2026-05-31"),
        ("2026-06-01", "2026-06-30"),
    ]
    assert [w["required"] for w in windows] == [2, 2, 2]


def test_year_cadence_by_month_and_by_quarter(project, build_metrics):
    project.plan(
        plan_with(
            "{type: training, count: 1, per: month}",
            "{type: review, count: 1, per: quarter}",
        )
    )
    project.log("a.csv", HEADER + "2026-01-03,training,,,,,1\n")
    training, review = build_metrics("--as-of", "2026-01-03")["year"]["cadences"]
    assert len(training["windows"]) == 12
    assert span(training["windows"][1:2]) == [("2026-02-01", "2026-02-28")]
    assert span(training["windows"][-1:]) == [("2026-12-01", "2026-12-31")]
    assert span(review["windows"]) == [
        ("2026-01-01", "2026-03-31"),
        ("2026-04-01", "2026-06-30"),
        ("2026-07-01", "2026-09-30"),
        ("2026-10-01", "2026-12-31"),
    ]


def test_day_windows(project, build_metrics):
    project.plan(plan_with("{quarter: Q1, type: exercise, count: 1, per: day}"))
    project.log("a.csv", HEADER + "2026-01-01,exercise,,,,,1\n")
    windows = build_metrics("--as-of", "2026-01-02")["quarters"]["Q1"]["cadences"][0]["windows"]
    # one window per day of Q1's 90 days
    assert len(windows) == 90
    assert span(windows[:1]) == [("2026-01-01", "2026-01-01")]
    # 01-01: 1 done -> met; 01-02: none -> missed; 01-03 not judged
    assert [w["met"] for w in windows[:3]] == [True, False, None]


def test_cadences_are_placed_in_year_and_quarters_in_plan_order(project, build_metrics):
    project.plan(
        plan_with(
            "{quarter: Q1, type: visit, count: 5, per: week}",
            "{type: training, count: 1, per: month}",
            "{quarter: Q1, type: briefing, count: 1, per: 2 weeks}",
            "{quarter: Q2, type: event, count: 2, per: month}",
            "{type: review, count: 1, per: quarter}",
        )
    )
    project.log("a.csv", visits(("2026-01-02", 1)))
    m = build_metrics()
    assert [c["type"] for c in m["year"]["cadences"]] == ["training", "review"]
    assert [c["type"] for c in m["quarters"]["Q1"]["cadences"]] == ["visit", "briefing"]
    assert [c["type"] for c in m["quarters"]["Q2"]["cadences"]] == ["event"]
    assert m["quarters"]["Q3"]["cadences"] == []
    assert m["quarters"]["Q4"]["cadences"] == []


def test_judged_met_compliance_and_done(project, build_metrics):
    project.plan(plan_with("{quarter: Q1, type: visit, count: 5, per: week}"))
    project.log(
        "a.csv",
        visits(("2026-01-02", 3), ("2026-01-07", 2), ("2026-01-08", 4), ("2026-01-16", 6))
        + "2026-01-09,call,F,,,,10\n"  # a call is not a visit
        + "2026-01-21,visit,E,,,,1\n",  # after as_of
    )
    cadence = build_metrics("--as-of", "2026-01-20")["quarters"]["Q1"]["cadences"][0]
    w = cadence["windows"]
    # W1 01-01..01-07: 3 + 2 = 5 >= 5 -> met
    assert (w[0]["done"], w[0]["met"]) == (5, True)
    # W2 01-08..01-14: 4 < 5 -> missed (the call does not count)
    assert (w[1]["done"], w[1]["met"]) == (4, False)
    # W3 01-15..01-21 ends after as_of 01-20: not judged; done = 6 (01-21 row ignored)
    assert (w[2]["done"], w[2]["met"]) == (6, None)
    assert (w[3]["done"], w[3]["met"]) == (0, None)
    # judged W1, W2; met W1 -> 1 / 2
    assert cadence["judged"] == 2
    assert cadence["met"] == 1
    assert cadence["compliance"] == approx(0.5)
    # the last judged window (W2) was missed -> streak 0
    assert cadence["streak"] == 0


def test_window_is_judged_on_its_last_day(project, build_metrics):
    project.plan(plan_with("{quarter: Q1, type: visit, count: 5, per: week}"))
    project.log("a.csv", visits(("2026-01-03", 5)))
    on_last_day = build_metrics("--as-of", "2026-01-07")["quarters"]["Q1"]["cadences"][0]
    # W1 ends 01-07 = as_of -> judged and met
    assert on_last_day["judged"] == 1
    assert on_last_day["windows"][0]["met"] is True
    assert on_last_day["compliance"] == approx(1.0)
    day_before = build_metrics("--as-of", "2026-01-06")["quarters"]["Q1"]["cadences"][0]
    # 01-07 > as_of 01-06 -> not judged yet
    assert day_before["judged"] == 0
    assert day_before["windows"][0]["met"] is None
    assert day_before["windows"][0]["done"] == 5


def test_streak_counts_consecutive_met_windows_ending_at_last_judged(project, build_metrics):
    project.plan(plan_with("{quarter: Q1, type: visit, count: 5, per: week}"))
    project.log(
        "a.csv",
        visits(
            ("2026-01-02", 4),  # W1: 4 -> missed
            ("2026-01-09", 5),  # W2: 5 -> met
            ("2026-01-15", 2),  # W3: 2 + 3 = 5 -> met
            ("2026-01-21", 3),
            ("2026-01-22", 9),  # W4 (01-22..01-28): not judged at as_of 01-22
        ),
    )
    cadence = build_metrics("--as-of", "2026-01-22")["quarters"]["Q1"]["cadences"][0]
    # judged W1..W3 (W4 ends 01-28); met W2, W3 -> 2 / 3
    assert cadence["judged"] == 3
    assert cadence["met"] == 2
    assert cadence["compliance"] == approx(2 / 3)
    # W3, W2 met, W1 missed -> streak 2
    assert cadence["streak"] == 2


def test_nothing_judged_gives_null_compliance_and_zero_streak(project, build_metrics):
    project.plan(plan_with("{quarter: Q1, type: visit, count: 5, per: week}"))
    project.log("a.csv", visits(("2026-01-02", 9)))
    cadence = build_metrics("--as-of", "2026-01-05")["quarters"]["Q1"]["cadences"][0]
    assert cadence["judged"] == 0
    assert cadence["met"] == 0
    assert cadence["compliance"] is None
    assert cadence["streak"] == 0
    assert all(w["met"] is None for w in cadence["windows"])


def test_future_quarter_cadence_is_not_judged(project, build_metrics):
    project.plan(plan_with("{quarter: Q3, type: call, count: 10, per: 2 weeks}"))
    project.log("a.csv", HEADER + "2026-07-03,call,A,,,,10\n")
    cadence = build_metrics("--as-of", "2026-05-01")["quarters"]["Q3"]["cadences"][0]
    # Q3 starts after as_of: nothing judged, and the July row is after as_of
    assert cadence["judged"] == 0
    assert cadence["compliance"] is None
    assert cadence["windows"][0]["done"] == 0


def test_label_defaults_to_the_chinese_type_label(project, build_metrics):
    project.plan(
        plan_with(
            "{quarter: Q1, type: visit, count: 5, per: week}",
            "{quarter: Q1, type: briefing, count: 1, per: 2 weeks}",
            "{quarter: Q1, type: visit, count: 3, per: week, label: 拜访潜在客户}",
            "{type: salon, count: 1, per: month}",
            extra="types: {salon: 客户沙龙}",
        )
    )
    project.log("a.csv", visits(("2026-01-02", 1)))
    m = build_metrics()
    labels = [c["label"] for c in m["quarters"]["Q1"]["cadences"]]
    # visit -> 拜访, briefing -> 说明会, an explicit label wins
    assert labels == ["拜访", "说明会", "拜访潜在客户"]
    # a plan-declared type uses its declared label
    assert m["year"]["cadences"][0]["label"] == "客户沙龙"


def test_label_in_english_is_the_id_with_spaces(project, build_metrics):
    project.plan(
        plan_with(
            "{type: group_post, count: 3, per: week}",
            "{type: visit, count: 5, per: week}",
            locale="en",
        )
    )
    project.log("a.csv", visits(("2026-01-02", 1)))
    cadences = build_metrics()["year"]["cadences"]
    assert [c["label"] for c in cadences] == ["group post", "visit"]


def test_year_weekly_cadence_ends_with_a_one_day_window(project, build_metrics):
    project.plan(plan_with("{type: group_post, count: 14, per: week}"))
    project.log("a.csv", HEADER + "2026-12-31,group_post,,,,,2\n")
    cadence = build_metrics("--as-of", "2026-12-31")["year"]["cadences"][0]
    windows = cadence["windows"]
    # 365 days = 52 x 7 + 1 -> 53 windows, the last is 12-31 alone
    assert len(windows) == 53
    assert span(windows[-1:]) == [("2026-12-31", "2026-12-31")]
    # ceil(14 x 1 / 7) = 2; 2 posts on 12-31 -> met
    assert windows[-1]["required"] == 2
    assert windows[-1]["met"] is True
    # all 53 judged; only the last met -> 1 / 53, streak 1
    assert cadence["judged"] == 53
    assert cadence["met"] == 1
    assert cadence["compliance"] == approx(1 / 53)
    assert cadence["streak"] == 1
