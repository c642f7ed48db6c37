"""The inspection's meetings: every change kept, what changed since yesterday, day schedules and .ics feeds."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from oversight.inspection.models import Inspection, Meeting, MeetingChange

FIELDS = ("starts_at", "ends_at", "venue", "inspectors", "attendees", "topic", "preparation", "cancelled")


def _snapshot(meeting: Meeting) -> dict:
    out = {}
    for f in FIELDS:
        v = getattr(meeting, f)
        out[f] = v.isoformat() if isinstance(v, dt.datetime) else v
    return out


def save_meeting(inspection: Inspection, by, data: dict, meeting: Meeting | None = None) -> Meeting:
    """Create or change a meeting; the change is kept with what it was before and after."""
    if data["ends_at"] <= data["starts_at"]:
        from oversight.inspection.event import EventError

        raise EventError("a meeting must end after it starts")
    with transaction.atomic():
        before = _snapshot(meeting) if meeting else {}
        meeting = meeting or Meeting(inspection=inspection)
        for f in FIELDS:
            if f in data:
                setattr(meeting, f, data[f])
        meeting.save()
        after = _snapshot(meeting)
        if before != after:
            what = (
                "created"
                if not before
                else ("cancelled" if after["cancelled"] and not before["cancelled"] else "changed")
            )
            changed = {k: v for k, v in after.items() if before.get(k) != v}
            MeetingChange.objects.create(
                meeting=meeting,
                by=by.get_username(),
                what=what,
                before={k: before[k] for k in changed if k in before},
                after=changed,
            )
    return meeting


def changes_since(inspection: Inspection, since: dt.datetime):
    return MeetingChange.objects.filter(meeting__inspection=inspection, at__gte=since).select_related("meeting")


def since_yesterday(inspection: Inspection):
    """Changes from the start of yesterday (local time) until now."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    return changes_since(inspection, start)


def day_schedule(inspection: Inspection, day: dt.date):
    return [m for m in inspection.meetings.all() if timezone.localtime(m.starts_at).date() == day]


def attends(meeting: Meeting, who: str) -> bool:
    return who.strip().lower() in {a.strip().lower() for a in meeting.attendees}


def _ics_text(value: str) -> str:
    return (
        str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue on lines starting with a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += b
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def ics(inspection: Inspection, attendee: str, host: str = "oversight") -> str:
    """An iCalendar feed of ATTENDEE's meetings in the inspection (cancelled ones marked so)."""
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Oversight//Inspection meetings//EN", "CALSCALE:GREGORIAN"]
    for m in inspection.meetings.all():
        if not attends(m, attendee):
            continue
        fmt = "%Y%m%dT%H%M%SZ"
        lines += [
            "BEGIN:VEVENT",
            f"UID:inspection-{inspection.pk}-meeting-{m.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{m.starts_at.astimezone(dt.UTC).strftime(fmt)}",
            f"DTEND:{m.ends_at.astimezone(dt.UTC).strftime(fmt)}",
            f"SUMMARY:{_ics_text(m.topic)}",
            f"LOCATION:{_ics_text(m.venue)}",
            f"DESCRIPTION:{_ics_text(('Inspectors: ' + m.inspectors + '. ' if m.inspectors else '') + m.preparation)}",
            f"STATUS:{'CANCELLED' if m.cancelled else 'CONFIRMED'}",
            f"SEQUENCE:{m.changes.count()}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
