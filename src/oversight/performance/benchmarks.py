"""Benchmarks for `make bench` on the large synthetic council: the whole scorecard and the clinic pack."""

from __future__ import annotations

import datetime as dt

from oversight.bench import benchmark


def _last_month_end(ctx) -> dt.date:
    from oversight.analytics.indicators import month_end

    latest = ctx.frame("ssd_involvements").get_column("invo_involvement_start_date").max()
    return month_end(latest.year, latest.month)


def _with_demo_records(ctx) -> dt.date:
    """The council's supervision sessions and clinic meetings, as `oversight demo` makes them (setup, not timed)."""
    from oversight.performance import demo

    last = _last_month_end(ctx)
    demo.populate(last, seed=1)
    return last


@benchmark(
    "performance: whole scorecard (every indicator, 13 month-ends, council, localities, teams)", target_seconds=5.0
)
def whole_scorecard(ctx):
    from oversight.analytics import scorecard
    from oversight.performance import queries

    last = _with_demo_records(ctx)
    for name in queries.TABLES:
        ctx.frame(name)  # read once, as pages do after an import
    catalogue = queries.catalogue_in_force()

    def run():
        found = scorecard.compute(catalogue, queries.context(last))
        assert sum(o.measurable for o in found.values()) >= 40
        return found

    return run


@benchmark("performance: the clinic pack for every area as PDF (scorecard computed afresh)", target_seconds=15.0)
def pack_pdf(ctx):
    from oversight.analytics.indicators import month_label
    from oversight.performance import pack, queries

    last = _with_demo_records(ctx)

    def run():
        queries._cache.clear()  # the pack includes computing the scorecard, not a copy kept from a page
        data = pack.build(month_label(last), None, "pdf")
        assert data.startswith(b"%PDF")
        return data

    return run


@benchmark("performance: the clinic pack for every area as xlsx (scorecard computed afresh)", target_seconds=15.0)
def pack_xlsx(ctx):
    from oversight.analytics.indicators import month_label
    from oversight.performance import pack, queries

    last = _with_demo_records(ctx)

    def run():
        queries._cache.clear()
        return pack.build(month_label(last), None, "xlsx")

    return run
