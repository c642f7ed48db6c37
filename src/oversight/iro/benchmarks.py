"""Benchmarks for `make bench` on the large synthetic council."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

from oversight.analytics import iro as A
from oversight.analytics import iro_alerts, iro_drift
from oversight.analytics.workdays import default_calendar
from oversight.bench import benchmark
from oversight.config import section

STAGES = ["informal", "stage1", "stage2", "stage3", "stage4"]


def _as_at(ctx) -> dt.date:
    return ctx.frame("ssd_involvements").get_column("invo_involvement_start_date").max()


def _escalation_rows(ctx, per_child: int = 3) -> list[tuple]:
    """Stage records as the database hands them over: about three per child an IRO holds, over three years."""
    inv = section("involvements")
    as_at = _as_at(ctx)
    held = iro_drift.reviewed_by({"ssd_involvements": ctx.frame("ssd_involvements")}, inv["iro_roles"], as_at)
    rng = random.Random(1)
    cal = default_calendar()
    rows = []
    for i, (pid, child) in enumerate(sorted(held.iter_rows()) * per_child):
        raised = as_at - dt.timedelta(days=rng.randint(0, 3 * 365))
        due = cal.add(raised, 5)
        answered = raised + dt.timedelta(days=rng.randint(1, 12)) if rng.random() < 0.8 else None
        outcome = rng.choice(["resolved", "escalated", "withdrawn"]) if answered and rng.random() < 0.8 else ""
        rows.append(
            (
                i,
                child,
                f"T{rng.randint(1, 40)}",
                pid,
                rng.choice(STAGES),
                "process" if rng.random() < 2 / 3 else "practice",
                raised,
                due,
                answered if answered and answered <= as_at else None,
                outcome,
                (answered + dt.timedelta(days=1)) if outcome else None,
            )
        )
    return rows


@benchmark("iro: escalations report (period, by IRO, by team) over ~3 stages per IRO child", target_seconds=1.0)
def escalations_report(ctx):
    rows = _escalation_rows(ctx)
    as_at = _as_at(ctx)
    cal = default_calendar()

    def run():
        frame = pl.DataFrame(rows, schema=list(A.SCHEMA.items()), orient="row")
        return A.report(frame, as_at, cal, STAGES, as_at - dt.timedelta(days=365), as_at)

    return run


@benchmark("iro: change alerts, a snapshot compared with itself shifted by a month", target_seconds=3.0)
def change_alerts(ctx):
    inv = section("involvements")
    frames = {name: ctx.frame(name) for name in iro_alerts.TABLES}
    as_at = _as_at(ctx)
    earlier = as_at - dt.timedelta(days=31)
    return lambda: iro_alerts.changes(frames, frames, earlier, inv["case_worker_roles"], inv["iro_roles"]).height


@benchmark("iro: drift signals for every IRO and CP chair", target_seconds=2.0)
def drift_signals(ctx):
    inv = section("involvements")
    names = ("ssd_involvements", "ssd_cin_assessments", "ssd_cp_reviews", "ssd_cla_reviews", "ssd_cp_plans")
    frames = {n: ctx.frame(n) for n in names}
    as_at = _as_at(ctx)
    clocks = pl.DataFrame(schema={"child_id": pl.String, "status": pl.String})
    return lambda: (
        iro_drift.signals(
            frames,
            as_at,
            iro_roles=inv["iro_roles"],
            case_worker_roles=inv["case_worker_roles"],
            overdue_items=clocks,
        ).height
    )
