"""Benchmarks for `make bench` on the large synthetic council."""

from __future__ import annotations

import datetime as dt

from oversight.analytics import caseloads
from oversight.bench import benchmark


def last_36_month_ends(frames) -> list[dt.date]:
    """The 36 month-ends up to the latest allocation in the data."""
    latest = frames["ssd_involvements"].get_column("invo_involvement_start_date").max()
    return caseloads.month_ends(caseloads.month_start(latest, 36), latest)[-36:]


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


@benchmark("caseloads: summary page figures, reading the tables from the database")
def summary_from_database(ctx):
    """What the summary page costs end to end on the large council: load, report, 12-month trend."""
    from oversight.caseloads import queries
    from oversight.people import frames as case_frames

    day = last_36_month_ends({"ssd_involvements": ctx.frame("ssd_involvements")})[-1]

    def work():
        case_frames.clear_cache()  # a cold read, as on the first request after an import
        since = caseloads.month_start(day, 11)
        data = queries.load_frames(since, day)
        queries.report(day, data)
        queries.trend(since, day, data)

    return work
