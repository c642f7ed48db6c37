"""Demo records for IRO oversight: escalations (about two thirds process, as inspectors found),
change alerts, conference and review quality records, step-downs. Deterministic for a seed and date;
each run replaces the earlier demo records and leaves everything else alone."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
from django.db import transaction

from oversight.analytics.workdays import default_calendar
from oversight.config import section
from oversight.iro import rules
from oversight.iro.models import Alert, Escalation, EscalationEvent, MeetingRecord, StepDown

RESPONSES = [
    "Agreed: the plan will be updated and shared by the end of the week.",
    "The minutes are now on file; the team has been reminded of the timescale.",
    "A strategy meeting is booked; the allocated worker will attend.",
    "We do not agree; the current arrangements meet the child's needs.",
]
ASKS = {
    "process": "Please make sure the {x} is put right before the next review.",
    "practice": "Please review the plan: {x}.",
}


def _logins() -> dict[str, str]:
    from oversight.accounts.models import User

    return {
        pid: name for name, pid in User.objects.exclude(professional_id="").values_list("username", "professional_id")
    }


def _held(as_at: dt.date) -> pl.DataFrame:
    from oversight.analytics.iro_drift import reviewed_by
    from oversight.people import frames

    return reviewed_by(
        {"ssd_involvements": frames.load("ssd_involvements")}, list(section("involvements")["iro_roles"]), as_at
    )


def _teams(pairs: list[tuple[str, dt.date]]) -> dict[tuple[str, dt.date], str]:
    from oversight.analytics.audits import allocations_on
    from oversight.people import frames

    if not pairs:
        return {}
    wanted = pl.DataFrame(pairs, schema={"child_id": pl.String, "day": pl.Date}, orient="row")
    inv = section("involvements")
    data = {"ssd_involvements": frames.load("ssd_involvements"), "ssd_professionals": frames.load("ssd_professionals")}
    found = allocations_on(wanted, data, inv["case_worker_roles"], inv["personal_adviser_roles"])
    return {(r["child_id"], r["day"]): r["team_id"] or "" for r in found.iter_rows(named=True)}


def _escalations(as_at: dt.date, rng: random.Random, held: pl.DataFrame, logins: dict) -> int:
    cal = default_calendar()
    stages = rules.stages()
    subs = rules.subcategories()
    rows = sorted(held.iter_rows(), key=lambda r: (r[0], r[1]))
    # The demo IRO's children first, so their pages have something; then a sample of the rest.
    with_login = [r for r in rows if r[0] in logins]
    others = [r for r in rows if r[0] not in logins]
    chosen = with_login[:12] + rng.sample(others, min(len(others), max(20, len(others) // 5)))
    days = [as_at - dt.timedelta(days=rng.randint(1, 200)) for _ in chosen]
    teams = _teams([(c, d) for (_, c), d in zip(chosen, days)])
    made = 0
    for i, ((pid, child), raised) in enumerate(zip(chosen, days)):
        # Two in three disputes about process, as inspectors find: fixed, so a small demo shows it too.
        category = "practice" if i % 3 == 2 else "process"
        sub = rng.choice(sorted(subs[category]))
        stage_i = 0 if rng.random() < 0.6 else 1
        previous, team = None, teams.get((child, raised), "")
        while True:
            st = stages[min(stage_i, len(stages) - 1)]
            due = cal.add(raised, st.working_days)
            esc = Escalation(
                source=Escalation.DEMO,
                child_id=child,
                team_id=team,
                raised_by=logins.get(pid, pid),
                iro_id=pid,
                raised_date=raised,
                stage=st.code,
                addressee_role=st.addressee_role,
                category=category,
                subcategory=sub,
                ask=ASKS[category].format(x=subs[category][sub].lower()),
                response_due=due,
                previous=previous,
            )
            answered = rng.random() < 0.75
            if answered:
                lag = rng.choice([1, 2, 3, 4, 5, 5, 6, 8, 12])
                answer = cal.add(raised, lag)
                if answer <= as_at:
                    esc.response, esc.response_date, esc.responded_by = rng.choice(RESPONSES), answer, "demo"
            escalate = False
            if esc.response_date and rng.random() < 0.85:
                close = min(as_at, esc.response_date + dt.timedelta(days=rng.randint(0, 5)))
                escalate = rng.random() < 0.2 and st is not stages[-1]
                esc.outcome = "escalated" if escalate else rng.choice(["resolved"] * 6 + ["withdrawn"])
                esc.resolved_date = close
            esc.save()
            EscalationEvent.objects.create(escalation=esc, by=esc.raised_by, what="raised", note=esc.ask)
            made += 1
            if not escalate:
                break
            previous, raised, stage_i = esc, esc.resolved_date, stage_i + 1
    return made


def _alerts(as_at: dt.date, rng: random.Random, held: pl.DataFrame) -> int:
    kinds = [k for k, _ in Alert.KINDS]
    rows = sorted(held.iter_rows())
    picked = rng.sample(rows, min(len(rows), max(10, len(rows) // 10)))
    alerts = [
        Alert(
            professional_id=pid,
            child_id=child,
            kind=rng.choice(kinds),
            detail="synthetic change",
            event_date=as_at - dt.timedelta(days=rng.randint(0, 20)),
            demo=True,
        )
        for pid, child in picked
    ]
    Alert.objects.bulk_create(alerts)
    return len(alerts)


def _meetings(as_at: dt.date, rng: random.Random, logins: dict) -> int:
    from oversight.analytics import iro_quality as Q
    from oversight.people import frames

    names = ("ssd_initial_cp_conference", "ssd_cp_reviews", "ssd_cla_reviews", "ssd_involvements")
    data = {n: frames.load(n) for n in names}
    held = Q.meetings_held(data, as_at, as_at - dt.timedelta(days=120))
    held = Q.chair_of(held, data["ssd_involvements"], list(section("involvements")["iro_roles"]))
    held = held.filter(pl.col("chair_id").is_not_null()).sort("kind", "meeting_ref")
    agencies = ["health", "school", "police", "housing", "probation"]
    records = []
    for row in held.iter_rows(named=True):
        if rng.random() > 0.6:
            continue
        shared = rng.random() < 0.7
        records.append(
            MeetingRecord(
                kind=row["kind"],
                meeting_ref=row["meeting_ref"],
                child_id=row["child_id"],
                meeting_date=row["meeting_date"],
                chair=logins.get(row["chair_id"], row["chair_id"]),
                chair_id=row["chair_id"],
                reports_shared=shared,
                shared_working_days_before=rng.randint(0, 5) if shared else None,
                agencies_reported=sorted(rng.sample(agencies, rng.randint(1, 4))),
                agencies_attended=sorted(rng.sample(agencies, rng.randint(1, 4))),
                participation=rng.choice([f"PN{i}" for i in range(8)]) if row["kind"] == "cla_review" else "",
                midway_check_date=row["meeting_date"] - dt.timedelta(days=rng.randint(40, 80))
                if row["kind"] == "cla_review" and rng.random() < 0.6
                else None,
                demo=True,
            )
        )
    MeetingRecord.objects.bulk_create(records, ignore_conflicts=True)
    return len(records)


def _step_downs(as_at: dt.date, rng: random.Random, logins: dict) -> int:
    from oversight.people import frames

    plans = frames.load("ssd_cp_plans").filter(
        pl.col("cppl_cp_plan_end_date").is_not_null()
        & (pl.col("cppl_cp_plan_end_date") <= as_at)
        & (pl.col("cppl_cp_plan_end_date") > as_at - dt.timedelta(days=365))
    )
    cin = frames.load("ssd_cin_plans").select(
        pl.col("cinp_person_id").alias("cppl_person_id"), "cinp_cin_plan_start_date"
    )
    stepped = (
        plans.join(cin, on="cppl_person_id")
        .filter((pl.col("cinp_cin_plan_start_date") - pl.col("cppl_cp_plan_end_date")).dt.total_days().abs() <= 14)
        .unique("cppl_cp_plan_id")
        .sort("cppl_cp_plan_id")
    )
    chairs = sorted(set(logins.values())) or ["demo"]
    out = []
    for row in stepped.head(60).iter_rows(named=True):
        sd = StepDown(
            child_id=row["cppl_person_id"],
            cp_plan_ref=row["cppl_cp_plan_id"],
            step_down_date=row["cppl_cp_plan_end_date"],
            chair=rng.choice(chairs),
            recommendations="Keep the core group's safety plan; school to report attendance weekly; review in 3 months.",
            demo=True,
        )
        if rng.random() < 0.6 and sd.step_down_date + dt.timedelta(days=30) <= as_at:
            sd.checked_date = sd.step_down_date + dt.timedelta(days=rng.randint(20, 30))
            sd.followed = rng.choice(["yes", "yes", "partly", "no"])
            sd.checked_by = "demo"
        out.append(sd)
    StepDown.objects.bulk_create(out)
    return len(out)


def populate(as_at: dt.date, seed: int) -> str:
    rng = random.Random(f"iro-{seed}-{as_at.isoformat()}")
    logins = _logins()
    with transaction.atomic():
        Escalation.objects.filter(source=Escalation.DEMO).update(previous=None)
        Escalation.objects.filter(source=Escalation.DEMO).delete()
        Alert.objects.filter(demo=True).delete()
        MeetingRecord.objects.filter(demo=True).delete()
        StepDown.objects.filter(demo=True).delete()
        held = _held(as_at)
        n_esc = _escalations(as_at, rng, held, logins)
        n_alerts = _alerts(as_at, rng, held)
        n_meet = _meetings(as_at, rng, logins)
        n_sd = _step_downs(as_at, rng, logins)
    return f"IRO oversight: {n_esc} escalation stages, {n_alerts} change alerts, {n_meet} meeting records, {n_sd} step-downs."
