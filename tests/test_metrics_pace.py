"""Pace of the year (SPEC §4): expected progress, on track, projection, required weekly premium."""

from __future__ import annotations

from pytest import approx

HEADER = "date,type,customer,premium,product,channel,count\n"

TARGET_PLAN = """\
---
year: 2026
targets:
  premium: 1000000
---
"""


def sale(date: str, premium: int, customer: str = "A") -> str:
    """Return one policy row."""
    return f"{date},policy,{customer},{premium},health,offline,\n"


def test_expected_progress_inside_q2(project, build_metrics):
    project.log("a.csv", HEADER + sale("2026-01-10", 1000))
    m = build_metrics("--as-of", "2026-05-15")
    # default shares: Q1 finished 0.30; Q2 has 30 + 31 + 30 = 91 days, of which
    # April 30 + May 1..15 = 45 are up to and including as_of -> 0.30 + 0.25 x 45/91
    assert m["year"]["expected_progress"] == approx(0.30 + 0.25 * 45 / 91)


def test_expected_progress_uses_the_plans_quarter_shares(project, build_metrics):
    project.plan(
        """\
        ---
        year: 2026
        quarters:
          Q1: {premium_share: 0.40}
          Q2: {premium_share: 0.30}
          Q3: {premium_share: 0.20}
          Q4: {premium_share: 0.10}
        ---
        """
    )
    project.log("a.csv", HEADER + sale("2026-01-10", 1000))
    m = build_metrics("--as-of", "2026-08-16")
    # Q1 0.40 + Q2 0.30 finished; Q3 = 31 + 31 + 30 = 92 days, July 31 + Aug 16 = 47
    # -> 0.70 + 0.20 x 47/92
    assert m["year"]["expected_progress"] == approx(0.70 + 0.20 * 47 / 92)


def test_expected_progress_on_a_first_quarters_day(project, build_metrics):
    project.log("a.csv", HEADER + sale("2026-01-01", 1000))
    m = build_metrics("--as-of", "2026-01-01")
    # Q1 has 31 + 28 + 31 = 90 days; 1 of them up to as_of -> 0.30 x 1/90
    assert m["year"]["expected_progress"] == approx(0.30 / 90)


def test_expected_progress_is_one_on_the_last_day(project, build_metrics):
    project.log("a.csv", HEADER + sale("2026-01-10", 1000))
    m = build_metrics("--as-of", "2026-12-31")
    # 0.30 + 0.25 + 0.25 + 0.20 x 92/92 = 1.0
    assert m["year"]["expected_progress"] == approx(1.0)


def test_on_track_when_progress_reaches_expected(project, build_metrics):
    project.plan(TARGET_PLAN)
    project.log("a.csv", HEADER + sale("2026-02-01", 151000))
    m = build_metrics("--as-of", "2026-02-14")
    # expected = 0.30 x (31 + 14)/90 = 0.15; progress = 151000 / 1000000 = 0.151
    assert m["year"]["premium_progress"] == approx(0.151)
    assert m["year"]["on_track"] is True


def test_behind_when_progress_is_below_expected(project, build_metrics):
    project.plan(TARGET_PLAN)
    project.log("a.csv", HEADER + sale("2026-02-01", 149000))
    m = build_metrics("--as-of", "2026-02-14")
    # progress 149000 / 1000000 = 0.149 < expected 0.15
    assert m["year"]["on_track"] is False


def test_projected_premium_is_total_over_expected_progress(project, build_metrics):
    project.plan(TARGET_PLAN)
    project.log("a.csv", HEADER + sale("2026-02-01", 120000))
    m = build_metrics("--as-of", "2026-02-14")
    # expected 0.30 x 45/90 = 0.15; 120000 / 0.15 = 800000
    assert m["year"]["projected_premium"] == approx(800000.0)


def test_required_weekly_premium_spreads_the_gap_over_the_weeks_left(project, build_metrics):
    project.plan(TARGET_PLAN)
    project.log("a.csv", HEADER + sale("2026-02-01", 120000))
    m = build_metrics("--as-of", "2026-02-14")
    # gap 1000000 - 120000 = 880000; days after 02-14 to 12-31: 365 - 45 = 320
    # -> 880000 / (320 / 7) = 19250
    assert m["year"]["required_weekly_premium"] == approx(19250.0)


def test_required_weekly_premium_is_zero_once_target_is_reached(project, build_metrics):
    project.plan(TARGET_PLAN)
    project.log("a.csv", HEADER + sale("2026-06-01", 1200000))
    m = build_metrics("--as-of", "2026-06-30")
    # max(1000000 - 1200000, 0) = 0 -> 0 / anything = 0
    assert m["year"]["required_weekly_premium"] == approx(0.0)


def test_required_weekly_premium_is_null_on_the_last_day(project, build_metrics):
    project.plan(TARGET_PLAN)
    project.log("a.csv", HEADER + sale("2026-06-01", 120000))
    m = build_metrics("--as-of", "2026-12-31")
    # no day left after 12-31
    assert m["year"]["required_weekly_premium"] is None


def test_as_of_defaults_to_latest_log_date_within_the_year(project, build_metrics):
    project.log(
        "a.csv",
        HEADER
        + sale("2026-01-10", 1000)
        + sale("2026-03-20", 2000, "B")
        + sale("2027-01-05", 4000, "C"),  # after the year: not the as_of
    )
    m = build_metrics()
    assert m["meta"]["as_of"] == "2026-03-20"
    # Jan 31 + Feb 28 + Mar 20 = 79 days of Q1's 90 -> 0.30 x 79/90
    assert m["year"]["expected_progress"] == approx(0.30 * 79 / 90)


def test_rows_after_the_year_are_ignored(project, build_metrics):
    project.log(
        "a.csv",
        HEADER + sale("2026-01-10", 1000) + sale("2027-01-05", 4000, "C"),
    )
    m = build_metrics("--as-of", "2026-12-31")
    # only the 2026 row: 1000; C is no new customer of 2026
    assert m["year"]["premium_total"] == approx(1000.0)
    assert m["year"]["policies"] == 1
    assert m["year"]["new_customers"] == 1


def test_rows_after_as_of_are_ignored(project, build_metrics):
    project.log(
        "a.csv",
        HEADER
        + sale("2026-01-10", 1000)
        + "2026-01-20,visit,B,,,,2\n"
        + sale("2026-03-20", 2000, "B")  # after as_of
        + "2026-03-21,visit,C,,,,5\n",  # after as_of
    )
    m = build_metrics("--as-of", "2026-02-01")
    assert m["meta"]["as_of"] == "2026-02-01"
    # only the 01-10 policy and the 01-20 visit
    assert m["year"]["premium_total"] == approx(1000.0)
    assert m["year"]["policies"] == 1
    assert m["year"]["new_customers"] == 1
    assert m["year"]["visits"] == 2
    assert m["quarters"]["Q1"]["premium_total"] == approx(1000.0)
