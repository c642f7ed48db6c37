"""Key lines of enquiry, keep-in-touch meetings, the daily briefing, self-evaluation evidence and readiness."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from oversight import config
from oversight.inspection.event import EventError
from oversight.inspection.models import (
    Briefing,
    EvidenceArea,
    InformationRequest,
    Inspection,
    KeepInTouch,
    LineOfEnquiry,
    PracticeRun,
)

log = logging.getLogger("oversight.inspection")


def draft_briefing(inspection: Inspection, day: dt.date) -> str:
    """The end-of-day summary assembled from the day's meetings, requests and keep-in-touch notes."""
    from oversight.inspection import meetings

    out = [f"Inspection daily briefing, {day:%A %d %B %Y}", ""]
    held = [m for m in meetings.day_schedule(inspection, day) if not m.cancelled]
    out.append(f"Meetings ({len(held)})")
    out += [f"- {timezone.localtime(m.starts_at):%H:%M} {m.topic} ({m.venue or 'venue to be confirmed'})" for m in held]
    asked = InformationRequest.objects.filter(inspection=inspection, asked_at__date=day)
    handed = InformationRequest.objects.filter(inspection=inspection, handed_over_at__date=day)
    waiting = InformationRequest.objects.filter(inspection=inspection, handed_over_at__isnull=True)
    out += [
        "",
        f"Information requests: {asked.count()} asked today, {handed.count()} handed over today, "
        f"{waiting.count()} not yet handed over",
    ]
    out += [f"- {r.what[:120]} ({r.status})" for r in asked]
    kit = KeepInTouch.objects.filter(inspection=inspection, held_on=day)
    out += ["", "Keep-in-touch"]
    out += [f"- {k.notes.strip()}" + (f" Actions: {k.actions.strip()}" if k.actions.strip() else "") for k in kit]
    if not kit:
        out.append("- none held today")
    open_lines = LineOfEnquiry.objects.filter(inspection=inspection).exclude(status=LineOfEnquiry.CLOSED)
    out += ["", f"Key lines of enquiry still open: {open_lines.count()}"]
    out += [
        f"- {line.title} (owner {line.owner or 'none'}; {line.get_status_display().lower()})" for line in open_lines
    ]
    return "\n".join(out) + "\n"


def recipients() -> list[str]:
    return [str(r) for r in config.section("inspection").get("briefing_recipients", []) if str(r).strip()]


def send_briefing(inspection: Inspection, by, day: dt.date, text: str, to: list[str] | None = None) -> Briefing:
    to = [t for t in (to if to is not None else recipients()) if t]
    if not to:
        raise EventError("nobody to send to: give the distribution list ([inspection] briefing_recipients)")
    if not text.strip():
        raise EventError("the briefing is empty")
    send_mail(f"Inspection daily briefing {day:%d %B %Y}", text, settings.DEFAULT_FROM_EMAIL, to)
    briefing = Briefing.objects.create(
        inspection=inspection, day=day, text=text, recipients=to, sent_at=timezone.now(), sent_by=by.get_username()
    )
    log.info("inspection %s: briefing for %s sent to %s addresses", inspection.pk, day, len(to))
    return briefing


def rag_counts(field: str) -> dict[str, int]:
    counts = {"red": 0, "amber": 0, "green": 0, "not rated": 0}
    for value in EvidenceArea.objects.values_list(field, flat=True):
        counts[value or "not rated"] += 1
    return counts


def readiness(as_at: dt.date | None = None) -> dict:
    """Last practice run, re-referral review coverage, self-evaluation RAG, audits of children in the Annex A lists."""
    from oversight.audits.models import Audit

    run = PracticeRun.objects.defer("content").first()
    out = {"run": run, "submitted_rag": rag_counts("submitted_rag"), "quality_rag": rag_counts("quality_rag")}
    if run is None:
        out["audit_coverage"] = None
        return out
    children = sorted({c for name, ids in run.members.items() if name != "List 11" for c in ids})
    since = (
        run.as_at.replace(year=run.as_at.year - 1)
        if not (run.as_at.month == 2 and run.as_at.day == 29)
        else (run.as_at - dt.timedelta(days=365))
    )
    # Compared in Python: the lists can hold tens of thousands of children, too many for one SQL IN.
    audited = set(Audit.objects.filter(completed_date__gte=since).values_list("child_id", flat=True)) & set(children)
    out["audit_coverage"] = {"children": len(children), "audited": len(audited), "since": since}
    return out
