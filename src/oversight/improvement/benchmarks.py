"""Benchmarks for `make bench`: RAG over a large plan, indicator trends on the large council, the heat map."""

from __future__ import annotations

import datetime as dt
import random

from oversight.bench import benchmark
from oversight.improvement import indicators, rag
from oversight.improvement.matrix import matrix


def _last_month(ctx) -> dt.date:
    latest = ctx.frame("ssd_involvements").get_column("invo_involvement_start_date").max()
    return (latest.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@benchmark("improvement: derive RAG with reasons for 5,000 actions with 12-month indicator trends", target_seconds=0.5)
def rag_for_a_large_plan(ctx):
    rng = random.Random(1)
    months = indicators.months_back(dt.date(2024, 12, 1), 12)
    trends = [
        rag.Trend(
            f"timeliness:r{i}",
            f"Rule {i}",
            "%",
            rng.choice(["up", "down", "neither"]),
            [{"month": m, "value": None if rng.random() < 0.1 else rng.uniform(40, 100)} for m in months],
        )
        for i in range(50)
    ]
    actions = [
        {
            "done": rng.random() < 0.3,
            "due": dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(600)),
            "trend": trends[i % 50] if i % 3 else None,
            "target": rng.uniform(50, 95) if i % 2 else None,
            "target_date": dt.date(2024, 6, 1) + dt.timedelta(days=rng.randrange(365)),
            "last_review": (dt.date(2024, 11, 1), "needs_review", "Needs review") if i % 7 == 0 else None,
        }
        for i in range(5000)
    ]
    as_at = dt.date(2024, 12, 15)
    return lambda: [rag.derive(as_at=as_at, **a) for a in actions]


@benchmark("improvement: 12-month trends of three timeliness indicators on the council", target_seconds=5.0)
def timeliness_trends(ctx):
    month = _last_month(ctx)
    refs = ["timeliness:assessment_45wd", "timeliness:icpc_15wd", "timeliness:cla_visit"]
    return lambda: indicators.trends(refs, month, 12)


@benchmark("improvement: score, band and place 20,000 ratings on the heat map", target_seconds=0.5)
def heat_map(ctx):
    m = matrix()
    rng = random.Random(1)
    codes = [lc + ic for lc, _ in m.likelihood for ic, _ in m.impact]
    ratings = [(rng.choice(codes), rng.choice(codes)) for _ in range(20_000)]

    def run():
        cells: dict[str, int] = {}
        for previous, current in ratings:
            m.movement(previous, current)
            m.band(current)
            m.above_appetite(current)
            cells[current] = cells.get(current, 0) + 1
        return cells

    return run
