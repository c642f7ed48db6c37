"""A demo improvement plan, findings and risk register for the synthetic council (`oversight demo`).

Dates are relative to the as-at date, so some actions are overdue, some due
this month, some complete, and some risks moved since the last board. Runs
again replace the records with the demo's own references and nothing else.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from oversight.improvement.models import Action, Evidence, Finding, Review, Risk, RiskRating
from oversight.synthetic.users import username

SM, PO, TM = username("senior_manager"), username("performance_officer"), username("team_manager")
BY = "oversight demo"

FINDINGS = [
    # ref, source, days before as-at, judgement area index, text
    ("F1", "inspection", 300, 1, "Assessments are not consistently completed within 45 working days, delaying help."),
    ("F2", "inspection", 300, 1, "Initial child protection conferences are too often held later than 15 working days."),
    (
        "F3",
        "inspection",
        300,
        0,
        "Managers' oversight and supervision are not recorded consistently on children's files.",
    ),
    ("F4", "monitoring_visit", 150, 2, "Visits to children in care are not always made within statutory timescales."),
    ("F5", "peer_diagnostic", 90, 0, "Caseloads in the assessment teams are too high for good practice."),
    ("F6", "audit_theme", 60, 1, "Audits of domestic abuse cases found plans lacking specific, measurable actions."),
    ("F7", "complaint", 40, 3, "Care leavers report not knowing their personal adviser or their entitlements."),
    ("F8", "monitoring_visit", 20, 2, "Health assessments for children coming into care are often late."),
]

ACTIONS = [
    # ref, pillar, priority, what, lead, due offset (days from as-at), status, findings, indicator, target, target offset
    (
        "1.1",
        "practice",
        "Assessment and planning",
        "Weekly assessment tracker reviewed by team managers",
        TM,
        -30,
        "in_progress",
        ["F1"],
        "timeliness:assessment_45wd",
        90.0,
        -15,
    ),
    (
        "1.2",
        "practice",
        "Child protection",
        "ICPC scheduling protocol agreed with the conference service",
        SM,
        10,
        "in_progress",
        ["F2"],
        "timeliness:icpc_15wd",
        85.0,
        60,
    ),
    (
        "1.3",
        "practice",
        "Children in care and care leavers",
        "Visit reminders and manager sign-off for children in care",
        TM,
        45,
        "in_progress",
        ["F4"],
        "timeliness:cla_visit",
        95.0,
        90,
    ),
    (
        "1.4",
        "practice",
        "Assessment and planning",
        "Practice standard for SMART plans, with workshops",
        PO,
        -60,
        "complete",
        ["F6"],
        "",
        None,
        None,
    ),
    (
        "2.1",
        "workforce",
        "Caseloads",
        "Recruit six permanent social workers to the assessment teams",
        SM,
        5,
        "in_progress",
        ["F5"],
        "performance:average_caseload",
        18.0,
        120,
    ),
    (
        "2.2",
        "workforce",
        "Learning and development",
        "Supervision training for every team manager",
        PO,
        -10,
        "not_started",
        ["F3"],
        "",
        None,
        None,
    ),
    (
        "3.1",
        "leadership",
        "Grip and oversight",
        "Monthly performance clinic chaired by the director",
        SM,
        -90,
        "complete",
        ["F3"],
        "timeliness:assessment_45wd",
        None,
        None,
    ),
    (
        "4.1",
        "qa",
        "Performance information",
        "Health assessment tracker shared with the health partner",
        PO,
        20,
        "in_progress",
        ["F8"],
        "timeliness:cla_health_assessment",
        90.0,
        150,
    ),
    (
        "4.2",
        "qa",
        "Audit and learning",
        "Thematic audit of domestic abuse re-run and reported to the board",
        PO,
        60,
        "not_started",
        ["F6"],
        "",
        None,
        None,
    ),
    (
        "5.1",
        "partnership",
        "Partners",
        "Joint protocol with police for strategy discussions",
        SM,
        120,
        "not_started",
        [],
        "timeliness:strategy_discussion",
        90.0,
        200,
    ),
]

RISKS = [
    # ref, title, description, cause, consequence, owner, target, review offset, ratings [(days before as-at, rating)]
    (
        "R1",
        "Workforce instability",
        "If agency staff turnover stays high then children will experience changes of worker and drift",
        "Market shortage of experienced social workers",
        "Delay and repeated assessments for children",
        SM,
        "C3",
        20,
        [(200, "A1"), (100, "B2"), (0, "B1")],
        ["2.1", "2.2"],
    ),
    (
        "R2",
        "Late child protection conferences",
        "If conferences continue to be held late then children at risk may wait too long for a protection plan",
        "Conference capacity and late referrals from assessment",
        "Harm to children; adverse inspection finding",
        PO,
        "D3",
        -5,
        [(180, "B2"), (40, "C2")],
        ["1.2"],
    ),
    (
        "R3",
        "Data quality",
        "If recording is incomplete then leaders will act on figures that do not reflect practice",
        "System workarounds and training gaps",
        "Poor decisions; loss of confidence of the board",
        PO,
        "D4",
        60,
        [(150, "C3"), (0, "D3")],
        ["3.1", "4.1"],
    ),
    (
        "R4",
        "Partnership engagement",
        "If partners do not engage in the improvement plan then multi-agency practice will not improve",
        "Competing priorities across agencies",
        "Plan milestones missed",
        SM,
        "E3",
        -30,
        [(120, "C3")],
        ["5.1"],
    ),
    (
        "R5",
        "Health assessments for children in care",
        "If health assessments stay late then children's health needs will be missed",
        "Health partner capacity",
        "Unmet health needs",
        TM,
        "D3",
        45,
        [(90, "B3"), (50, "C3")],
        ["4.1"],
    ),
]


def _refs() -> tuple[list[str], list[str], list[str]]:
    return [f[0] for f in FINDINGS], [a[0] for a in ACTIONS], [r[0] for r in RISKS]


@transaction.atomic
def populate(as_at: dt.date, seed: int) -> str:
    from oversight.config import section

    rng = random.Random(seed)
    finding_refs, action_refs, risk_refs = _refs()
    Risk.objects.filter(ref__in=risk_refs).delete()
    Action.objects.filter(ref__in=action_refs).delete()
    Finding.objects.filter(ref__in=finding_refs).delete()
    areas = section("improvement").get("judgement_areas", []) or [""]
    findings = {}
    for ref, source, back, area, text in FINDINGS:
        findings[ref] = Finding.objects.create(
            ref=ref,
            source=source,
            date=as_at - dt.timedelta(days=back),
            judgement_area=areas[area % len(areas)],
            text=text,
            created_by=BY,
        )
    actions = {}
    first = as_at.replace(day=1)
    months = [
        (first - dt.timedelta(days=1)).replace(day=1),
        ((first - dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1)).replace(day=1),
    ]
    for ref, pillar, priority, what, lead, due, status, frefs, indicator, target, t_off in ACTIONS:
        action = Action.objects.create(
            ref=ref,
            pillar=pillar,
            priority=priority,
            what=what,
            lead=lead,
            due=as_at + dt.timedelta(days=due),
            status=status,
            completed_on=as_at + dt.timedelta(days=min(due, 0) - 5) if status == "complete" else None,
            indicator=indicator,
            indicator_target=target,
            indicator_date=as_at + dt.timedelta(days=t_off) if t_off is not None else None,
        )
        action.findings.set([findings[f] for f in frefs])
        actions[ref] = action
        for month in months:
            outcome = rng.choice(["delivering"] * 4 + ["needs_review", "new_actions_needed"])
            Review.objects.create(action=action, month=month, outcome=outcome, reviewed_by=SM, note="Board review")
        if status != "not_started":
            Evidence.objects.create(
                action=action, note=f"Progress reported to the board in {months[0]:%B %Y}.", added_by=lead
            )
    for ref, title, desc, cause, consequence, owner, target, review, ratings, mitigations in RISKS:
        risk = Risk.objects.create(
            ref=ref,
            title=title,
            description=desc,
            cause=cause,
            consequence=consequence,
            owner=owner,
            rating=ratings[-1][1],
            target_rating=target,
            review_date=as_at + dt.timedelta(days=review),
        )
        for back, rating in ratings:
            RiskRating.objects.create(
                risk=risk, rating=rating, rated_on=as_at - dt.timedelta(days=back), rated_by=owner, note="Risk review"
            )
        risk.mitigations.set([actions[a] for a in mitigations])
    return (
        f"Improvement plan: {len(ACTIONS)} actions in 5 pillars, {len(FINDINGS)} findings, "
        f"{len(RISKS)} risks with rating history."
    )
