"""Writes of the performance clinic: supervision sessions, meetings, their notes, decisions and actions."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from oversight.performance.models import AgendaNote, ClinicAction, Decision, Meeting, SupervisionSession

log = logging.getLogger(__name__)

# Standing agenda items of every area's clinic (the indicators follow as their own items).
STANDING_ITEMS = {
    "actions": "Actions from previous meetings",
    "audits": "Case audit findings",
    "supervision": "Supervision",
    "workforce": "Attendance and staff turnover",
    "caseloads": "Caseloads against target",
    "missing": "Missing children",
    "data_quality": "Data quality and compliance",
    "complaints": "Complaints",
}


class ClinicError(ValueError):
    """A request the clinic cannot carry out; the message is for the user."""


def record_session(
    worker_id: str, date: dt.date, supervisor_id: str = "", reflective: bool = False, status: str = "held", by: str = ""
) -> SupervisionSession:
    if not worker_id.strip():
        raise ClinicError("a worker id is needed")
    if date > timezone.localdate():
        raise ClinicError("a supervision session cannot be recorded for a date after today")
    if status not in (SupervisionSession.HELD, SupervisionSession.CANCELLED):
        raise ClinicError("the status is held or cancelled")
    session, _ = SupervisionSession.objects.update_or_create(
        worker_id=worker_id.strip(),
        supervisor_id=supervisor_id.strip(),
        date=date,
        defaults={"reflective": reflective, "status": status, "created_by": by},
    )
    log.info("supervision session %s recorded", session.pk)
    return session


def meeting_for(month: dt.date, area: str, by: str = "") -> Meeting:
    """The area's meeting for MONTH (its first day), made if there is none yet."""
    meeting, created = Meeting.objects.get_or_create(month=month.replace(day=1), area=area, defaults={"created_by": by})
    if created:
        log.info("clinic meeting %s created", meeting.pk)
    return meeting


def update_meeting(meeting: Meeting, held_on: dt.date | None, attendees: str) -> Meeting:
    meeting.held_on = held_on
    meeting.attendees = attendees.strip()
    meeting.save(update_fields=["held_on", "attendees"])
    return meeting


def save_note(meeting: Meeting, item: str, text: str, by: str = "") -> AgendaNote:
    note, _ = AgendaNote.objects.update_or_create(
        meeting=meeting, item=item, defaults={"text": text.strip(), "updated_by": by}
    )
    return note


def add_decision(meeting: Meeting, text: str, by: str = "") -> Decision:
    if not text.strip():
        raise ClinicError("a decision needs its text")
    return Decision.objects.create(meeting=meeting, text=text.strip(), created_by=by)


def add_action(
    meeting: Meeting, what: str, owner: str, due_date: dt.date, indicator_id: str = "", by: str = ""
) -> ClinicAction:
    if not what.strip() or not owner.strip():
        raise ClinicError("an action needs what is to be done and who owns it")
    action = ClinicAction.objects.create(
        meeting=meeting,
        what=what.strip(),
        owner=owner.strip(),
        due_date=due_date,
        indicator_id=indicator_id,
        created_by=by,
    )
    log.info("clinic action %s added to meeting %s", action.pk, meeting.pk)
    return action


@transaction.atomic
def set_action_status(action: ClinicAction, status: str, day: dt.date | None = None) -> ClinicAction:
    if status not in dict(ClinicAction.STATUSES):
        raise ClinicError("the status is open, done or dropped")
    action.status = status
    action.completed_date = (day or timezone.localdate()) if status == ClinicAction.DONE else None
    action.save(update_fields=["status", "completed_date", "updated_at"])
    log.info("clinic action %s set to %s", action.pk, status)
    return action
