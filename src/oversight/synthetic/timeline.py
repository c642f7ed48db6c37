"""Date arithmetic on day ordinals, fast enough for a loop over 100,000 children.

The builder works in `date.toordinal()` integers. Working days come from the
one calendar (`analytics.workdays`) with bank holidays only: local closure
days from configuration would make the same seed give different councils.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import itertools

import numpy as np

from oversight.analytics.workdays import WorkingDayCalendar

# A far-future ordinal standing for "still open".
OPEN = dt.date(2999, 12, 31).toordinal()


class WorkingDays:
    """Working-day arithmetic between FIRST and LAST, on ordinals."""

    def __init__(self, first: dt.date, last: dt.date):
        cal = WorkingDayCalendar()
        self.base = first.toordinal()
        flags = [
            cal.is_working_day(dt.date.fromordinal(self.base + i)) for i in range(last.toordinal() - self.base + 1)
        ]
        # cum[i]: working days on or before base + i.
        self.cum = list(itertools.accumulate(int(f) for f in flags))
        self.work = [self.base + i for i, f in enumerate(flags) if f]
        self.flags = flags

    def add(self, day: int, n: int) -> int:
        """The Nth working day after DAY (day 0 is DAY itself)."""
        if n == 0:
            return day
        return self.work[self.cum[day - self.base] + n - 1]

    def between(self, start: int, end: int) -> int:
        return self.cum[end - self.base] - self.cum[start - self.base]

    def is_working(self, day: int) -> bool:
        return self.flags[day - self.base]


def birthday(dob: int, years: int) -> int:
    """The ordinal of the YEARS-th birthday (29 February falls on 1 March)."""
    d = dt.date.fromordinal(dob)
    try:
        return d.replace(year=d.year + years).toordinal()
    except ValueError:
        return dt.date(d.year + years, 3, 1).toordinal()


def add_months(day: int, months: int) -> int:
    """Calendar months, clamped to the month's end (the project's convention)."""
    d = dt.date.fromordinal(day)
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(d.day, _calendar.monthrange(year, month)[1])).toordinal()


def recurring(
    rng: np.random.Generator,
    starts,
    ends,
    first: tuple[int, int],
    gap: tuple[int, int],
    late_share: float = 0.0,
    late: tuple[int, int] = (0, 0),
) -> tuple[np.ndarray, np.ndarray]:
    """Repeating events inside spans, vectorised: visits, core groups, contacts.

    Each span [start, end) gets a first event FIRST days after its start, then
    one every GAP days; a LATE_SHARE of the gaps run LATE days longer.
    Returns (span index, event ordinal) arrays for the events before the end.
    """
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    if starts.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    length = np.maximum(ends - starts, 0)
    bound = length // max(min(gap[0], first[0]), 1) + 2
    span = np.repeat(np.arange(starts.size), bound)
    gaps = rng.integers(gap[0], gap[1] + 1, span.size)
    if late_share:
        gaps = gaps + (rng.random(span.size) < late_share) * rng.integers(late[0], late[1] + 1, span.size)
    heads = np.cumsum(bound) - bound
    gaps[heads] = rng.integers(first[0], first[1] + 1, starts.size)
    total = np.cumsum(gaps)
    offsets = total - np.repeat(total[heads] - gaps[heads], bound)
    days = starts[span] + offsets
    keep = days < ends[span]
    return span[keep], days[keep]
