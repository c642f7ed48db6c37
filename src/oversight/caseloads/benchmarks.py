"""Benchmarks for `make bench` on the large synthetic council."""

from __future__ import annotations

import datetime as dt

from oversight.analytics import caseloads
from oversight.bench import benchmark


def last_36_month_ends(frames) -> list[dt.date]:
    """The 36 month-ends up to the latest allocation in the data."""
    latest = frames["ssd_involvements"].get_column("invo_involvement_start_date").max()
    months_back = latest.year * 12 + latest.month - 1 - 36
    start = dt.date(months_back // 12, months_back % 12 + 1, 1)
    days = caseloads.month_ends(start, latest)
    return days[-36:]


@benchmark("caseloads: month-end caseloads for 36 months", target_seconds=1.0)
def month_end_caseloads(ctx):
    """Every trend figure (caseloads, over target, teams, IRO, PA, workforce, unallocated) at 36 month-ends."""
    frames = {name: ctx.frame(name) for name in caseloads.TABLES}
    days = last_36_month_ends(frames)
    assert len(days) == 36
    rules = caseloads.Rules.configured()
    return lambda: caseloads.trend_frame(frames, days, rules)


@benchmark("caseloads: one date's full report", target_seconds=1.0)
def one_date_report(ctx):
    frames = {name: ctx.frame(name) for name in caseloads.TABLES}
    day = last_36_month_ends(frames)[-1]
    rules = caseloads.Rules.configured()
    return lambda: caseloads.report(frames, day, rules)
