"""Benchmarks for `make bench` on the large synthetic council."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from oversight.analytics import audits as A
from oversight.bench import benchmark
from oversight.config import section


def _month_start(frames) -> dt.date:
    latest = frames["ssd_involvements"].get_column("invo_involvement_start_date").max()
    return latest.replace(day=1)


@benchmark("audits: draw a month's sample (5 per team) and assign auditors", target_seconds=1.0)
def draw_sample(ctx):
    frames = {name: ctx.frame(name) for name in A.SAMPLE_TABLES}
    day = _month_start(frames)
    inv = section("involvements")
    users = pl.DataFrame(
        {
            "username": [f"auditor{i}" for i in range(20)],
            "role": ["auditor"] * 20,
            "professional_id": [None] * 20,
            "team_id": [None] * 20,
        },
        schema={"username": pl.String, "role": pl.String, "professional_id": pl.String, "team_id": pl.String},
    )

    def run():
        eligible = A.eligible_children(frames, day, inv["case_worker_roles"], inv["personal_adviser_roles"])
        picked = A.draw(eligible, 5, seed=1)
        conflicted = A.conflicts(picked, frames["ssd_involvements"], frames["ssd_professionals"], users, day)
        return A.assign(picked, users.get_column("username").to_list(), conflicted, seed=1)

    return run


@benchmark("audits: moderation report over 100,000 audits", target_seconds=0.5)
def moderation_report(ctx):
    rng = np.random.default_rng(1)
    n = 100_000
    labels = section("audits")["scale"]
    grade = rng.integers(0, len(labels), n)
    moderated = np.where(rng.random(n) < 0.3, np.clip(grade + rng.integers(-1, 2, n), 0, len(labels) - 1), -1)
    audits = pl.DataFrame(
        {
            "audit_id": np.arange(n),
            "tool_id": np.ones(n, dtype=np.int64),
            "auditor": [f"a{i % 50}" for i in range(n)],
            "completed_date": pl.date_range(dt.date(2020, 1, 1), dt.date(2024, 12, 31), eager=True).sample(
                n, with_replacement=True, seed=1
            ),
            "grade": [labels[g] for g in grade],
            "moderated_grade": [labels[m] if m >= 0 else None for m in moderated],
        }
    )
    scales = pl.DataFrame({"tool_id": [1] * len(labels), "grade": labels, "rank": list(range(len(labels)))})
    return lambda: A.moderation_report(A.with_ranks(audits, scales))
