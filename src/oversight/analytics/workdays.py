"""The one working-day calendar: England and Wales bank holidays plus local closures.

Convention (DfE CIN census guide §4.12): the start date is day 0 and is not
counted; the due date is the Nth working day after it. A start on a weekend or
holiday is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays
import numpy as np
import polars as pl

FIRST_YEAR = 1990
LAST_YEAR = 2060


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[dt.date]:
    """England and Wales bank holidays, substitute and one-off days included."""
    # subdiv="ENG" matters: without it the package leaves out Easter Monday
    # and the Summer bank holiday.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1)).keys())


class WorkingDayCalendar:
    def __init__(self, closure_days: Iterable[dt.date | str] = ()):
        closures = {d if isinstance(d, dt.date) else dt.date.fromisoformat(d) for d in closure_days}
        self.non_working = bank_holidays() | frozenset(closures)
        days = np.arange(
            np.datetime64(f"{FIRST_YEAR}-01-01"), np.datetime64(f"{LAST_YEAR + 1}-01-01"), dtype="datetime64[D]"
        )
        weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday (3)
        holiday_mask = np.isin(days, np.array(sorted(self.non_working), dtype="datetime64[D]"))
        self._working = days[(weekday < 5) & ~holiday_mask]

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.non_working

    def add(self, start: dt.date, n: int) -> dt.date:
        """The Nth working day after START (N >= 0; N = 0 gives START itself)."""
        if n < 0:
            raise ValueError("n must not be negative")
        self._check_day(start)
        if n == 0:
            return start
        idx = np.searchsorted(self._working, np.datetime64(start, "D"), side="right") + n - 1
        self._check_range(idx)
        return self._working[idx].astype(dt.date)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after START up to and including END (negative if END is before START)."""
        self._check_day(start)
        self._check_day(end)
        s = np.datetime64(start, "D")
        e = np.datetime64(end, "D")
        if e >= s:
            return int(
                np.searchsorted(self._working, e, side="right") - np.searchsorted(self._working, s, side="right")
            )
        return -self.between(end, start)

    @staticmethod
    def _check_day(day: dt.date) -> None:
        # Outside the span the holidays are not known and the searches would answer from its edge.
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(f"{day} is outside the working-day calendar ({FIRST_YEAR} to {LAST_YEAR})")

    def _check_range(self, idx) -> None:
        if np.any(idx >= len(self._working)):
            raise ValueError(f"date beyond the calendar's range ({LAST_YEAR})")

    # Vectorised forms for polars frames.
    def add_series(self, starts: pl.Series, n: int | pl.Series) -> pl.Series:
        """Due dates for a Date series: the Nth working day after each start. Nulls stay null."""
        name = starts.name
        values = starts.to_numpy().astype("datetime64[D]")
        nulls = starts.is_null().to_numpy()
        ns = n.to_numpy() if isinstance(n, pl.Series) else np.full(len(values), n)
        ns = np.where(np.isnan(ns.astype(float)), 0, ns).astype("int64") if ns.dtype.kind == "f" else ns.astype("int64")
        safe = np.where(nulls, np.datetime64(f"{FIRST_YEAR + 1}-01-01"), values)
        idx = np.searchsorted(self._working, safe, side="right") + ns - 1
        idx = np.clip(idx, 0, len(self._working) - 1)
        out = np.where(ns == 0, safe, self._working[idx])
        series = pl.Series(name, out).cast(pl.Date)
        return series.set(pl.Series(nulls), None) if nulls.any() else series

    def between_series(self, starts: pl.Series, ends: pl.Series) -> pl.Series:
        """Working days after each start up to and including each end. Nulls give null."""
        s = starts.to_numpy().astype("datetime64[D]")
        e = ends.to_numpy().astype("datetime64[D]")
        nulls = starts.is_null().to_numpy() | ends.is_null().to_numpy()
        filler = np.datetime64(f"{FIRST_YEAR + 1}-01-01")
        s = np.where(nulls, filler, s)
        e = np.where(nulls, filler, e)
        counts = np.searchsorted(self._working, e, side="right") - np.searchsorted(self._working, s, side="right")
        series = pl.Series("working_days", counts.astype("int64"))
        return series.set(pl.Series(nulls), None) if nulls.any() else series


@lru_cache(maxsize=8)
def _calendar(closures: tuple[str, ...]) -> WorkingDayCalendar:
    return WorkingDayCalendar(closures)


class CalendarError(ValueError):
    """The [calendar] configuration is not usable."""


def default_calendar() -> WorkingDayCalendar:
    """The calendar with the closure days from local configuration."""
    from oversight.config import section

    days = section("calendar").get("closure_days", [])
    if not isinstance(days, list):
        raise CalendarError(f'[calendar] closure_days must be a list of dates such as "2025-12-29"; got {days!r}')
    for day in days:
        try:
            if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
                dt.date.fromisoformat(day)
        except (TypeError, ValueError):
            raise CalendarError(f'[calendar] closure_days must be a list of dates such as "2025-12-29"; got {day!r}')
    return _calendar(tuple(str(d) for d in days))


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    import calendar

    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
