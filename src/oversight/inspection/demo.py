"""Demo inspection readiness for the synthetic council (`oversight demo`).

Two practice runs a month apart, some repeat referrals reviewed, self-evaluation
evidence, and an ILACS inspection on site from the as-at date with the demo
inspector on it, requests at each stage, meetings, cases, lines of enquiry and a
keep-in-touch note. Deterministic for a seed and date; a rerun replaces only
the demo's own records.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from oversight.accounts import roles
from oversight.analytics.annex_a.common import months_before
from oversight.inspection import cases, event, meetings, practice
from oversight.inspection.models import (
    EvidenceArea,
    Inspection,
    KeepInTouch,
    LineOfEnquiry,
    PartnerContact,
    PracticeRun,
    RepeatReferralReview,
)
from oversight.synthetic.users import username

BY = "oversight demo"
LEAD = "HMI Demo Lead"
AREAS = [
    ("Help and protection: the front door", "amber", "green"),
    ("Children in care: stability and permanence", "green", "amber"),
    ("Care leavers: accommodation and staying in touch", "red", "amber"),
    ("Leadership: grip on practice and workforce", "green", ""),
]
PARTNERS = [
    ("Police", "DI Demo Partner", "Public protection unit"),
    ("Integrated care board", "Designated Nurse Demo", "Safeguarding children"),
    ("Virtual school", "Head Demo", "Virtual school head"),
]


class _Demo:
    """A stand-in login for records the demo makes on nobody's behalf."""

    def __init__(self, name: str):
        self.name = name

    def get_username(self) -> str:
        return self.name


def _clear() -> None:
    Inspection.objects.filter(lead_inspector=LEAD).delete()
    PracticeRun.objects.filter(created_by=BY).delete()
    RepeatReferralReview.objects.filter(reviewed_by=username(roles.TEAM_MANAGER), note__startswith="[demo]").delete()
    EvidenceArea.objects.filter(title__in=[a[0] for a in AREAS]).delete()
    PartnerContact.objects.filter(name__in=[p[1] for p in PARTNERS]).delete()


def populate(as_at: dt.date, seed: int) -> str:
    rng = random.Random(f"inspection-demo:{seed}")
    with transaction.atomic():
        _clear()
    first, _ = practice.run(months_before(as_at, 1), None)
    coverage = practice.repeat_referral_coverage(as_at)
    with transaction.atomic():
        reviewed = rng.sample(coverage["rows"], min(len(coverage["rows"]) // 3, len(coverage["rows"])))
        for row in reviewed:
            RepeatReferralReview.objects.create(
                child_id=row["child_id"],
                referral_date=row["referral_date"],
                reviewed_by=username(roles.TEAM_MANAGER),
                reviewed_at=timezone.now(),
                note="[demo] Pattern of referrals reviewed; threshold decisions sound.",
            )
    second, _ = practice.run(as_at, None)
    PracticeRun.objects.filter(pk__in=[first.pk, second.pk]).update(created_by=BY)
    with transaction.atomic():
        for i, (title, submitted, quality) in enumerate(AREAS):
            EvidenceArea.objects.create(
                title=title,
                owner=username(roles.SENIOR_MANAGER),
                due_on=as_at + dt.timedelta(days=7 * (i + 1)),
                documents="Self-evaluation section; latest audit themes",
                submitted_rag=submitted,
                quality_rag=quality,
            )
        for org, name, role in PARTNERS:
            PartnerContact.objects.create(organisation=org, name=name, role=role)
        inspection = _inspection(as_at, second, rng)
    return (
        f"practice runs {first.pk} and {second.pk}; {len(reviewed)} repeat referrals reviewed; "
        f"inspection {inspection.pk} on site {as_at.isoformat()} (demo-inspector may browse)"
    )


def _inspection(as_at: dt.date, run: PracticeRun, rng: random.Random) -> Inspection:
    User = get_user_model()
    gatekeeper, senior = username(roles.PERFORMANCE_OFFICER), username(roles.SENIOR_MANAGER)
    inspection = Inspection.objects.create(
        kind=Inspection.STANDARD,
        notified_on=as_at - dt.timedelta(days=5),
        starts_on=as_at,
        ends_on=as_at + dt.timedelta(days=9),
        lead_inspector=LEAD,
        gatekeeper=gatekeeper,
        rapid_response_team=[senior, username(roles.TEAM_MANAGER)],
        leads={"gatekeeper": gatekeeper, "annex_a_owner": gatekeeper, "audit_lead": senior},
    )
    inspection.inspectors.set(User.objects.filter(username=username(roles.INSPECTOR), role=roles.INSPECTOR))
    by_gk, by_senior = _Demo(gatekeeper), _Demo(senior)
    asked = [
        ("Supervision policy and the last three months' supervision audit", "Management oversight"),
        ("Care leaver accommodation tracker", "Care leavers"),
        ("Minutes of the last two MASH partnership meetings", "Front door"),
    ]
    items = [event.add_request(inspection, by_senior, what, LEAD, line) for what, line in asked]
    event.approve(items[0].pk, by_senior)
    event.approve(items[1].pk, by_senior)
    event.hand_over(items[0].pk, by_gk, "supervision-audit.csv", b"month,audits,good_or_better\n2026-01,12,9\n")
    for title, owner in (
        ("Does the front door apply thresholds consistently?", senior),
        ("Are care leavers in suitable accommodation?", gatekeeper),
        ("Is management oversight effective?", senior),
    ):
        LineOfEnquiry.objects.create(inspection=inspection, title=title, owner=owner)
    KeepInTouch.objects.create(
        inspection=inspection,
        held_on=as_at,
        notes="Lead inspector: focus on the front door",
        actions="Send the MASH minutes by noon",
        recorded_by=senior,
    )
    start = timezone.make_aware(dt.datetime.combine(as_at, dt.time(9, 0)))
    for hours, topic in ((0, "Set-up meeting with the DCS"), (2, "Front door walk-through"), (26, "Care leavers")):
        meetings.save_meeting(
            inspection,
            by_senior,
            {
                "starts_at": start + dt.timedelta(hours=hours),
                "ends_at": start + dt.timedelta(hours=hours + 1),
                "venue": "Town Hall, Room 2",
                "inspectors": LEAD,
                "attendees": [senior, gatekeeper],
                "topic": topic,
                "preparation": "",
                "cancelled": False,
            },
        )
    open_children = sorted(
        set(run.members.get("List 6", []))
        & set(run.members.get("List 7", []) + run.members.get("List 8", []) + run.members.get("List 6", []))
    )
    picks = rng.sample(open_children, min(4, len(open_children)))
    for i, child in enumerate(picks):
        cases.add_case(inspection, by_senior, "audit" if i < 2 else "tracked", child, today=as_at, notify=False)
    return inspection
