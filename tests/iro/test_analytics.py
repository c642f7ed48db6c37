"""Escalation figures from a hand-made frame; every answer worked out by hand."""

import datetime as dt

import polars as pl

from oversight.analytics import iro as A
from oversight.analytics.workdays import WorkingDayCalendar

d = dt.date.fromisoformat
CAL = WorkingDayCalendar()
STAGES = ["informal", "stage1", "stage2", "stage3", "stage4"]


def frame(rows):
    return pl.DataFrame(rows, schema=list(A.SCHEMA.items()), orient="row")


# id, child, team, iro, stage, category, raised, due, response, outcome, resolved
ROWS = [
    # Answered on its due date (2 working days after raising): on time.
    (
        1,
        "C1",
        "TA",
        "iro1",
        "informal",
        "process",
        d("2024-03-01"),
        d("2024-03-08"),
        d("2024-03-05"),
        "escalated",
        d("2024-03-06"),
    ),
    # The next stage, answered a day late: 6 working days from 6 to 14 March.
    (
        2,
        "C1",
        "TA",
        "iro1",
        "stage2",
        "process",
        d("2024-03-06"),
        d("2024-03-13"),
        d("2024-03-14"),
        "resolved",
        d("2024-03-15"),
    ),
    # Never answered, past due on 2024-04-01: overdue.
    (3, "C2", "TB", "chair2", "stage1", "practice", d("2024-03-04"), d("2024-03-11"), None, "", None),
    # Raised 28 March, due 8 April (Easter): awaiting on 2024-04-01.
    (4, "C3", "TB", "chair2", "informal", "process", d("2024-03-28"), d("2024-04-08"), None, "", None),
    # Withdrawn before any response: closed.
    (
        5,
        "C4",
        "TA",
        "iro1",
        "informal",
        "practice",
        d("2024-03-10"),
        d("2024-03-15"),
        None,
        "withdrawn",
        d("2024-03-12"),
    ),
    # Raised after the as-at date: no status, not counted.
    (6, "C4", "TA", "iro1", "informal", "practice", d("2024-04-10"), d("2024-04-17"), None, "", None),
]


def test_statuses_on_a_date():
    got = A.with_status(frame(ROWS), d("2024-04-01")).select("escalation_id", "status").rows()
    assert got == [
        (1, "responded_on_time"),
        (2, "responded_late"),
        (3, "overdue"),
        (4, "awaiting"),
        (5, "closed"),
        (6, None),
    ]
    # Before the response came in, the late one was overdue.
    early = dict(A.with_status(frame(ROWS), d("2024-03-14")).select("escalation_id", "status").rows())
    assert early[2] == "responded_late" and early[3] == "overdue"
    assert dict(A.with_status(frame(ROWS), d("2024-03-13")).select("escalation_id", "status").rows())[2] == "awaiting"


def test_report_counts_in_period_by_raised_date():
    r = A.report(frame(ROWS), d("2024-04-01"), CAL, STAGES, d("2024-03-01"), d("2024-03-31"))
    assert r["raised"] == 5
    assert r["by_category"] == {"practice": 2, "process": 3}
    assert r["practice_share_pct"] == 40.0
    assert (r["responded_on_time"], r["responded_late"], r["awaiting"], r["overdue"]) == (1, 1, 1, 1)
    assert r["closed_without_response"] == 1
    # Working days to response: 2 (1 to 5 March) and 6 (6 to 14 March): median 4.
    assert r["median_working_days_to_response"] == 4.0
    assert r["by_stage"] == {"informal": 3, "stage1": 1, "stage2": 1, "stage3": 0, "stage4": 0}
    assert r["resolved_by_stage"]["stage2"] == 1 and r["resolved_by_stage"]["informal"] == 0
    by_iro = {g["iro"]: g for g in r["by_iro"]}
    assert by_iro["iro1"]["raised"] == 3 and by_iro["iro1"]["practice_share_pct"] == 33.33
    assert by_iro["chair2"]["overdue"] == 1
    assert {g["team"]: g["raised"] for g in r["by_team"]} == {"TA": 3, "TB": 2}


def test_nothing_to_measure_is_none_not_zero():
    r = A.report(A.empty(), d("2024-04-01"), CAL, STAGES)
    assert r["raised"] == 0
    assert r["practice_share_pct"] is None
    assert r["median_working_days_to_response"] is None
    assert r["by_iro"] == []


def test_listing_and_monthly_counts():
    rows = A.listing(frame(ROWS), d("2024-04-01"), overdue_only=True)
    assert [r["escalation_id"] for r in rows] == [3]
    months = A.monthly_counts(frame(ROWS), [d("2024-02-29"), d("2024-03-31"), d("2024-04-30")])
    assert months == [
        {"month_end": d("2024-02-29"), "raised": 0, "overdue": 0},
        {"month_end": d("2024-03-31"), "raised": 5, "overdue": 1},
        # On 30 April: 3 still overdue, 4 overdue since 8 April, 6 overdue since 17 April.
        {"month_end": d("2024-04-30"), "raised": 1, "overdue": 3},
    ]
