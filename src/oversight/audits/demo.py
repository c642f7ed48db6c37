"""A year of audit history for `oversight demo`, so the audit reports are not empty on first look.

For each of the 12 months before the demo's date: two children per team drawn as the monthly sample
would draw them, audited by the demo auditors and moderated; the first auditor is over-optimistic
about a third of the time (the moderator takes the grade down a step), as the seed councils report.
Audits graded in the lower half of the scale get actions: most done by their due date, some done late, a
few left for months, so every month-end has some overdue. Most inadequate ones raised a welfare escalation,
resolved in days to a few weeks, so some month-ends have one still open.

Deterministic for a seed and date. Only its own records are replaced: samples created by
DEMO_BY, with their audits, answers, actions and escalations. A month that already has a sample
someone drew is left alone.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from django.db import transaction
from django.utils import timezone

from oversight.analytics import audits as A
from oversight.analytics.workdays import add_months, default_calendar
from oversight.audits import queries, services
from oversight.audits.models import Action, Answer, Audit, Escalation, EscalationRecipient, Sample
from oversight.config import section

DEMO_BY = "oversight demo history"
MONTHS = 12
PER_TEAM = 2
OVER_OPTIMISTIC = 0.35  # share of audits the first auditor grades a step too high
ESCALATED = 0.75  # share of inadequate audits that raise a welfare escalation
# Actions: done by the due date (most), done late by up to LATE_DAYS, or left for LEFT_DAYS (the rest).
ON_TIME, LATE = 0.7, 0.22
LATE_DAYS, LEFT_DAYS = (1, 40), (60, 200)
# Days from raising a welfare escalation to its resolution: lognormal around the median, within the bounds.
RESOLVED_MEDIAN_DAYS, RESOLVED_DAYS = 10, (1, 42)
REASONS = [
    "The plan does not say what will change for the child, or by when.",
    "Visits were missed for several weeks and the record does not say why.",
    "The child's own views are not recorded since the last review.",
    "Risk analysis has not been updated since the new information was received.",
]
ACTIONS = [
    "Update the plan with outcomes the family can understand",
    "Record the child's views and how they shaped the plan",
    "Hold a supervision to review drift in visits",
    "Refresh the risk analysis with the partner agencies",
]


def populate(as_at: dt.date, seed: int) -> str:
    from oversight.accounts.models import User
    from oversight.people import frames

    cfg, inv = section("audits"), section("involvements")
    services.sync_tools()
    auditors = sorted(
        User.objects.filter(role__in=cfg["auditor_roles"], is_active=True).values_list("username", flat=True)
    )
    moderators = sorted(
        User.objects.filter(role__in=cfg["moderator_roles"], is_active=True).values_list("username", flat=True)
    )
    _remove_earlier()
    if not auditors or not moderators:
        return "Audit history: no auditor or moderator login, so none was made."
    rng = random.Random(seed)
    # When actions are done and escalations resolved: its own generator, so the audits drawn stay the same.
    timing = random.Random(f"audit timing:{seed}")
    data = {name: frames.load(name) for name in A.SAMPLE_TABLES}
    tools = {ct: services._tool(key) for ct, key in cfg["tool_for_case_type"].items()}
    made = {"audits": 0, "downgraded": 0, "actions": 0, "escalations": 0}
    this_month = as_at.replace(day=1)
    with transaction.atomic():
        for back in range(MONTHS, 0, -1):
            month = add_months(this_month, -back)
            if Sample.objects.filter(month=month, theme="").exists():
                continue
            _, month_end = services.month_bounds(month)
            eligible = A.eligible_children(data, month, inv["case_worker_roles"], inv["personal_adviser_roles"])
            picked = A.draw(eligible, PER_TEAM, seed * 100 + back)
            sample = Sample.objects.create(month=month, per_team=PER_TEAM, seed=seed * 100 + back, created_by=DEMO_BY)
            review_from, review_to = services.review_period(month)
            for row in picked.iter_rows(named=True):
                tool = tools.get(row["case_type"]) or services._tool("practice")
                _audit(
                    rng,
                    timing,
                    sample,
                    tool,
                    row,
                    month,
                    month_end,
                    review_from,
                    review_to,
                    auditors,
                    moderators,
                    as_at,
                    made,
                )
    return (
        f"Audit history: {made['audits']} audits over the {MONTHS} months before {this_month:%B %Y}, "
        f"{made['downgraded']} downgraded at moderation, {made['actions']} actions, {made['escalations']} welfare escalations."
    )


def _remove_earlier() -> None:
    old = Audit.objects.filter(sample__created_by=DEMO_BY)
    Escalation.objects.filter(audit__in=old).delete()
    old.delete()
    Sample.objects.filter(created_by=DEMO_BY).delete()


def _audit(rng, timing, sample, tool, row, month, month_end, review_from, review_to, auditors, moderators, as_at, made):
    grades = list(queries.scale(tool).labels)  # best first
    # The true grade: most practice "requires improvement" or "good", some better, some worse.
    true = min(len(grades) - 1, max(0, round(rng.gauss(len(grades) / 2 - 0.5, 0.8))))
    optimistic = true > 0 and rng.random() < OVER_OPTIMISTIC
    given = true - 1 if optimistic else true
    auditor = auditors[rng.randrange(len(auditors))]
    moderator = next((m for m in moderators if m != auditor), moderators[0])
    completed = min(month + dt.timedelta(days=rng.randrange(10, 25)), month_end)
    moderated = min(completed + dt.timedelta(days=rng.randrange(2, 12)), as_at)
    audit = Audit.objects.create(
        tool=tool,
        sample=sample,
        source=Audit.SAMPLED,
        child_id=row["child_id"],
        case_type=row["case_type"],
        team_id=row["team_id"] or "",
        worker_id=row["worker_id"] or "",
        month=month,
        review_from=review_from,
        review_to=review_to,
        status=Audit.FINAL,
        auditor=auditor,
        grade=grades[given],
        evidence="Synthetic demo audit: the record was read for the review period.",
        conversation_date=completed,
        conversation="Talked through the findings with the allocated worker.",
        completed_date=completed,
        moderator=moderator,
        moderated_grade=grades[true],
        moderation_reason=rng.choice(REASONS) if optimistic else "",
        moderated_date=moderated,
    )
    made["audits"] += 1
    made["downgraded"] += optimistic
    Answer.objects.bulk_create(
        [
            Answer(
                audit=audit,
                question=q["key"],
                grade=grades[max(0, min(len(grades) - 1, given + rng.choice((-1, 0, 0, 1))))],
                evidence="Seen in the record.",
                moderated_grade=grades[max(0, min(len(grades) - 1, true + rng.choice((-1, 0, 0, 1))))],
            )
            for q in tool.questions
        ]
    )
    if true >= len(grades) // 2:
        for what in rng.sample(ACTIONS, k=1 + (true == len(grades) - 1)):
            due = moderated + dt.timedelta(days=rng.randrange(20, 60))
            finished = _finished(timing, moderated, due)
            done = finished <= as_at
            action = Action.objects.create(
                audit=audit,
                what=what,
                owner=row["worker_id"] or audit.auditor,
                due_date=due,
                status=Action.DONE if done else Action.OPEN,
                completed_date=finished if done else None,
                completion_note="Done and recorded on the child's file." if done else "",
                created_by=audit.moderator,
            )
            # created_at is stamped on creation; a history action was agreed when its audit was moderated.
            Action.objects.filter(pk=action.pk).update(
                created_at=timezone.make_aware(dt.datetime.combine(moderated, dt.time(11)))
            )
            made["actions"] += 1
    if true == len(grades) - 1 and rng.random() < ESCALATED:
        raised = completed
        days = round(timing.lognormvariate(math.log(RESOLVED_MEDIAN_DAYS), 0.7))
        resolved_on = raised + dt.timedelta(days=min(max(days, RESOLVED_DAYS[0]), RESOLVED_DAYS[1]))
        # Resolved before the demo's date (never later the same day, which may still be to come).
        resolved = resolved_on < as_at
        esc = Escalation.objects.create(
            audit=audit,
            child_id=audit.child_id,
            team_id=audit.team_id,
            reason="The child has not been seen for over a month and the plan has lapsed.",
            raised_by=auditor,
            due_date=default_calendar().add(raised, int(section("audits")["escalation_due_working_days"])),
            resolved_at=timezone.make_aware(dt.datetime.combine(resolved_on, dt.time(12))) if resolved else None,
            resolved_by=audit.moderator if resolved else "",
            resolution="Visit made the next day; plan reviewed with the team manager." if resolved else "",
        )
        # raised_at is stamped on creation; a history escalation was raised when its audit was completed.
        Escalation.objects.filter(pk=esc.pk).update(
            raised_at=timezone.make_aware(dt.datetime.combine(raised, dt.time(10)))
        )
        EscalationRecipient.objects.bulk_create(
            [
                EscalationRecipient(escalation=esc, username=u, as_role=r)
                for u, r in services.escalation_recipients(audit.team_id)
            ]
        )
        made["escalations"] += 1


def _finished(timing: random.Random, agreed: dt.date, due: dt.date) -> dt.date:
    """When an action agreed on AGREED and due on DUE is done (it may be after the demo's date: still open)."""
    u = timing.random()
    if u < ON_TIME:
        return due - dt.timedelta(days=timing.randint(0, min(14, (due - agreed).days)))
    if u < ON_TIME + LATE:
        return due + dt.timedelta(days=timing.randint(*LATE_DAYS))
    return due + dt.timedelta(days=timing.randint(*LEFT_DAYS))
