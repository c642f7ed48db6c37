"""Benchmarks for `make bench` on the large synthetic council."""

from __future__ import annotations

import datetime as dt

from oversight.analytics import rulebook as rb
from oversight.analytics import timeliness as engine
from oversight.analytics import timeliness_measures
from oversight.analytics.workdays import default_calendar
from oversight.bench import benchmark
from oversight.config import section


def _setup(ctx, with_measures: bool):
    book = rb.load(overrides=section("timeliness").get("overrides", {}))
    needed = dict(engine.tables_needed(book))
    if with_measures:
        needed.update({t: () for t in timeliness_measures.tables_needed(book) if t not in needed})
    frames = {name: ctx.frame(name) for name in needed}
    as_at = dt.date.fromisoformat(ctx.meta["as_at"]) if ctx.meta.get("as_at") else dt.date.today()
    roles = section("involvements")
    options = {
        "calendar": default_calendar(),
        "case_worker_roles": roles["case_worker_roles"],
        "adviser_roles": roles["personal_adviser_roles"],
    }
    return book, frames, as_at, options


@benchmark("timeliness: every rule for every child", target_seconds=2.0)
def every_rule(ctx):
    """Every item of every clock of the rulebook, as at the council's date, with status, worker and team."""
    book, frames, as_at, options = _setup(ctx, with_measures=False)
    return lambda: engine.items(frames, book, as_at, **options)


@benchmark("timeliness: the measures over all time", target_seconds=1.0)
def all_measures(ctx):
    book, frames, as_at, options = _setup(ctx, with_measures=True)
    return lambda: timeliness_measures.measures(frames, book, as_at, options["calendar"])
