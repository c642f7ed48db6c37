"""Demo records for the performance clinic: supervision sessions and the last months' clinic meetings.

Deterministic for a seed and as-at date; replaces the demo's own earlier
records (those created by "oversight demo") and leaves any others alone.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q

from oversight.analytics.workdays import add_months
from oversight.performance import queries
from oversight.performance.models import (
    AgendaNote,
    ClinicAction,
    Decision,
    DemoCouncil,
    Meeting,
    SupervisionSession,
)

BY = "oversight demo"
HISTORY_MONTHS = 15
ATTENDEES = "Director of children's services (chair); head of service; performance officer; service manager"
ACTIONS = [
    ("Review every child on the list behind this figure with the team managers", "head-of-service"),
    ("Bring a recovery plan with weekly figures to the next clinic", "service-manager"),
    ("Check the recording of dates with the data team", "performance-officer"),
    ("Agree cover for the vacant posts", "head-of-service"),
]


def _sessions(as_at: dt.date, rng: random.Random) -> list[SupervisionSession]:
    standards, grades = queries.supervision_rules()
    from oversight.people.models import Professional

    since = add_months(as_at, -HISTORY_MONTHS)
    workers = (
        Professional.objects.filter(grade__in=grades)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=as_at))
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=since))
        .order_by("professional_id")
        .values_list("professional_id", "grade", "start_date", "end_date")
    )
    managers = list(Professional.objects.filter(grade="team_manager").values_list("professional_id", flat=True))
    rows = []
    for worker_id, grade, start, end in workers:
        # Most workers are supervised a little inside the standard; a few drift and miss.
        reliable = rng.random() < 0.85
        day = max(start or since, since)
        stop = min(end or as_at, as_at)
        weeks_in = 0
        while True:
            weeks_in = ((day - start).days // 7) if start else 999
            if grade == "nqsw" and weeks_in < 6:
                step = 7
            elif grade == "nqsw" and weeks_in < 26:
                step = 14
            else:
                step = 28
            day = day + dt.timedelta(days=step - rng.randint(0, 3) if reliable else step + rng.randint(0, 21))
            if day > stop:
                break
            cancelled = rng.random() < 0.06
            rows.append(
                SupervisionSession(
                    worker_id=worker_id,
                    supervisor_id=rng.choice(managers) if managers else "",
                    date=day,
                    reflective=rng.random() < 0.4,
                    status=SupervisionSession.CANCELLED if cancelled else SupervisionSession.HELD,
                    created_by=BY,
                )
            )
            if cancelled:
                day = day + dt.timedelta(days=rng.randint(2, 9))
    return rows


def _meetings(as_at: dt.date, rng: random.Random) -> tuple[int, int]:
    catalogue = queries.catalogue_in_force()
    meetings = actions = 0
    for back in (2, 1, 0):
        month = add_months(as_at.replace(day=1), -back)
        held = month + dt.timedelta(days=rng.randint(8, 14))
        if held > as_at:
            continue
        for area in catalogue.areas:
            meeting = Meeting.objects.create(month=month, area=area, held_on=held, attendees=ATTENDEES, created_by=BY)
            meetings += 1
            AgendaNote.objects.create(
                meeting=meeting,
                item="actions",
                text="Actions from the previous meeting were reviewed; open ones carry forward.",
                updated_by=BY,
            )
            Decision.objects.create(
                meeting=meeting, text="Figures accepted as the basis for this month's report.", created_by=BY
            )
            ids = [i.id for i in catalogue.in_area(area)]
            for what, owner in rng.sample(ACTIONS, 2):
                due = held + dt.timedelta(days=rng.choice([14, 21, 28, 42]))
                done = back > 0 and rng.random() < 0.5
                ClinicAction.objects.create(
                    meeting=meeting,
                    what=what,
                    owner=owner,
                    due_date=due,
                    indicator_id=rng.choice(ids) if ids else "",
                    status=ClinicAction.DONE if done else ClinicAction.OPEN,
                    completed_date=min(due, as_at) if done else None,
                    created_by=BY,
                )
                actions += 1
    return meetings, actions


def _council() -> DemoCouncil:
    """Record the synthetic council's child population and postcode districts with the case data just written."""
    from oversight.people.models import CaseDataVersion, Person
    from oversight.synthetic.build import child_population
    from oversight.synthetic.placements import COUNCIL_DISTRICTS

    DemoCouncil.objects.all().delete()
    return DemoCouncil.objects.create(
        child_population=child_population(Person.objects.count()),
        postcode_districts=list(COUNCIL_DISTRICTS),
        case_data_token=CaseDataVersion.current(),
    )


@transaction.atomic
def populate(as_at: dt.date, seed: int) -> str:
    rng = random.Random(f"performance:{seed}:{as_at.isoformat()}")
    SupervisionSession.objects.filter(created_by=BY).delete()
    Meeting.objects.filter(created_by=BY).delete()
    sessions = _sessions(as_at, rng)
    SupervisionSession.objects.bulk_create(sessions, batch_size=2000)
    meetings, actions = _meetings(as_at, rng)
    council = _council()
    return (
        f"Performance clinic: {len(sessions)} supervision sessions, {meetings} clinic meetings "
        f"with {actions} actions over the last three months; a child population of {council.child_population:,} "
        f"and postcode districts {council.postcode_districts[0]} to {council.postcode_districts[-1]} for the "
        "synthetic council (used while [performance] leaves them unset)."
    )
