import datetime as dt

import polars as pl
import pytest

from oversight.analytics.workdays import WorkingDayCalendar, add_months

D = dt.date

# timescales.md §1.2, worked out from the gov.uk England-and-Wales list.
EXAMPLES = [
    (D(2022, 9, 12), 15, D(2022, 10, 4)),  # skips the Queen's state funeral
    (D(2023, 4, 3), 45, D(2023, 6, 12)),  # skips Easter, both May days, the Coronation
    (D(2023, 4, 6), 1, D(2023, 4, 11)),
    (D(2021, 12, 20), 20, D(2022, 1, 20)),  # substitute days 27, 28 Dec and 3 Jan
    (D(2023, 11, 4), 15, D(2023, 11, 24)),  # day 0 on a Saturday
    (D(2024, 12, 20), 20, D(2025, 1, 22)),
    (D(2026, 3, 30), 5, D(2026, 4, 8)),
    (D(2020, 5, 4), 5, D(2020, 5, 12)),  # 4 May 2020 was a working day; 8 May was the holiday
]


@pytest.fixture(scope="module")
def cal():
    return WorkingDayCalendar()


@pytest.mark.parametrize("start,n,due", EXAMPLES)
def test_add_matches_worked_examples(cal, start, n, due):
    assert cal.add(start, n) == due


@pytest.mark.parametrize("start,n,due", EXAMPLES)
def test_between_is_the_inverse_of_add(cal, start, n, due):
    assert cal.between(start, due) == n
    assert cal.between(due, start) == -n


def test_zero_days_is_the_start(cal):
    assert cal.add(D(2023, 11, 4), 0) == D(2023, 11, 4)


def test_bank_holidays_are_not_working_days(cal):
    assert not cal.is_working_day(D(2022, 9, 19))
    assert not cal.is_working_day(D(2023, 5, 8))
    assert cal.is_working_day(D(2022, 9, 20))


def test_local_closure_days_are_skipped():
    cal = WorkingDayCalendar(closure_days=["2024-12-27", "2024-12-30", "2024-12-31"])
    # 24 Dec + 1 would be 27 Dec; with the office closed it is 2 Jan (1 Jan is a bank holiday).
    assert cal.add(D(2024, 12, 24), 1) == D(2025, 1, 2)


def test_vectorised_add_agrees_with_scalar(cal):
    starts = pl.Series("s", [e[0] for e in EXAMPLES] + [None], dtype=pl.Date)
    ns = pl.Series("n", [e[1] for e in EXAMPLES] + [3])
    out = cal.add_series(starts, ns).to_list()
    assert out == [e[2] for e in EXAMPLES] + [None]


def test_vectorised_between_agrees_with_scalar(cal):
    starts = pl.Series([e[0] for e in EXAMPLES], dtype=pl.Date)
    ends = pl.Series([e[2] for e in EXAMPLES], dtype=pl.Date)
    assert cal.between_series(starts, ends).to_list() == [e[1] for e in EXAMPLES]


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 1, 31), 3, D(2024, 4, 30)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2023, 11, 15), 3, D(2024, 2, 15)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "start,end", [(D(1985, 1, 1), D(1985, 2, 1)), (D(2070, 1, 1), D(2070, 2, 1)), (D(1989, 12, 1), D(1990, 2, 1))]
)
def test_dates_outside_the_calendar_are_refused_not_answered_wrongly(cal, start, end):
    # Before the fix: add(1 Jan 1985, 3) gave 4 Jan 1990, and between() gave 0.
    with pytest.raises(ValueError, match="outside the working-day calendar"):
        cal.add(start, 3)
    with pytest.raises(ValueError, match="outside the working-day calendar"):
        cal.between(start, end)
