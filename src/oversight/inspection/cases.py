"""Case selection: the children picked with the lead inspector for audit and for tracking.

Each case records who holds it (worker, team manager, IRO or CP chair, from
the case data on the day), who was told (an alert and an email to each of
them who has a login), partner contacts, whether the parents were told and the
management scrutiny done. Audit cases are audits in the audits app, done with
the inspection audit tool (graded and moderated as every audit is).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from oversight import config
from oversight.inspection.event import EventError
from oversight.inspection.models import Alert, CaseDocument, Inspection, SelectedCase

log = logging.getLogger("oversight.inspection")


def limit(purpose: str) -> int:
    cfg = config.section("inspection")
    return int(cfg.get("audit_cases" if purpose == SelectedCase.AUDIT else "tracked_cases", 0))


def holders(child_id: str, day: dt.date) -> dict:
    """The child's current worker, their team manager and IRO or CP chair: (id, name) each, from the case data."""
    from oversight.people.models import Involvement, Professional

    cfg = config.section("involvements")
    open_on = Q(involvement_start_date__lte=day) & (
        Q(involvement_end_date__isnull=True) | Q(involvement_end_date__gt=day)
    )
    rows = Involvement.objects.filter(open_on, person_id=child_id).order_by("-involvement_start_date")
    workers = {
        p.professional_id: p for p in Professional.objects.filter(professional_id__in=[r.professional_id for r in rows])
    }

    def first(roles_: list[str]):
        for r in rows:
            if r.professional_role_id in roles_ and r.professional_id in workers:
                return workers[r.professional_id]
        return None

    worker = first(list(cfg["case_worker_roles"]) + list(cfg["personal_adviser_roles"]))
    iro = first(list(cfg["iro_roles"]))
    manager = None
    if worker is not None and worker.team_id:
        manager = (
            Professional.objects.filter(team_id=worker.team_id, grade="team_manager")
            .order_by("professional_id")
            .first()
        )
    out = {}
    for key, p in (("worker", worker), ("team_manager", manager), ("iro", iro)):
        out[key] = (p.professional_id, p.professional_name or p.professional_id) if p is not None else ("", "")
    out["team_id"] = worker.team_id if worker is not None else ""
    return out


def _notify(case: SelectedCase, ids: list[str], link: str) -> int:
    """An alert and an email to each login of the professionals IDS."""
    from oversight.accounts.models import User

    users = User.objects.filter(is_active=True, professional_id__in=[i for i in ids if i])
    what = "audit" if case.purpose == SelectedCase.AUDIT else "tracking"
    text = f"Child {case.child_id} has been picked by the inspectors for {what}."
    sent = 0
    for user in users:
        alert = Alert.objects.create(username=user.username, text=text, link=link)
        if user.email:
            send_mail(
                "Inspection: a child you hold has been picked",
                f"{text}\n\nSee {link} in Oversight.",
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            alert.emailed = True
            alert.save(update_fields=["emailed"])
        sent += 1
    return sent


def add_case(
    inspection: Inspection,
    by,
    purpose: str,
    child_id: str,
    partner_contacts: str = "",
    parents_told: bool = False,
    management_scrutiny: str = "",
    today: dt.date | None = None,
    notify: bool = True,
) -> SelectedCase:
    from oversight.people.models import Person

    today = today or timezone.localdate()
    child_id = child_id.strip()
    if purpose not in (SelectedCase.AUDIT, SelectedCase.TRACKED):
        raise EventError("a case is picked for audit or for tracking")
    if not Person.objects.filter(person_id=child_id).exists():
        raise EventError(f"there is no child {child_id} in the case data")
    with transaction.atomic():
        taken = SelectedCase.objects.select_for_update().filter(inspection=inspection, purpose=purpose)
        if taken.filter(child_id=child_id).exists():
            raise EventError(f"child {child_id} is already picked for {purpose}")
        if taken.count() >= limit(purpose):
            raise EventError(f"{limit(purpose)} cases are already picked for {purpose} (the configured number)")
        who = holders(child_id, today)
        case = SelectedCase.objects.create(
            inspection=inspection,
            purpose=purpose,
            child_id=child_id,
            worker=who["worker"][1],
            team_manager=who["team_manager"][1],
            iro=who["iro"][1],
            partner_contacts=partner_contacts.strip(),
            parents_told=parents_told,
            management_scrutiny=management_scrutiny.strip(),
            added_by=by.get_username(),
        )
        if purpose == SelectedCase.AUDIT:
            case.audit_id = _audit(inspection, case, who, today).pk
        case.save()
        if notify:
            case.notified_at = timezone.now()
            case.save(update_fields=["notified_at"])
            _notify(case, [who["worker"][0], who["team_manager"][0], who["iro"][0]], "/inspection/alerts/")
    log.info("inspection %s: child picked for %s (case %s)", inspection.pk, purpose, case.pk)
    return case


def audit_tool():
    """The inspection audit tool (audit_tool.toml), stored as a new version when the file changes.

    Kept here rather than among the audits app's shipped tools so that the
    monthly audit cycle never offers it; stored the way audits.sync_tools stores a tool.
    """
    from oversight.audits import toolfiles
    from oversight.audits.models import Tool

    spec = toolfiles.read_file(Path(__file__).resolve().parent / "audit_tool.toml")
    content = spec.content(config.section("audits")["scale"])
    digest = toolfiles.digest(content)
    with transaction.atomic():
        latest = Tool.objects.select_for_update().filter(key=spec.key).order_by("-version").first()
        if latest and latest.digest == digest:
            return latest
        return Tool.objects.create(version=(latest.version + 1) if latest else 1, digest=digest, **content)


def _audit(inspection: Inspection, case: SelectedCase, who: dict, today: dt.date):
    from oversight.audits.models import Audit

    tool = audit_tool()
    return Audit.objects.create(
        tool=tool,
        source=Audit.MANUAL,
        import_ref=f"inspection-{inspection.pk}",
        child_id=case.child_id,
        team_id=who["team_id"],
        worker_id=who["worker"][0],
        month=today.replace(day=1),
        review_from=today.replace(year=today.year - 1)
        if not (today.month == 2 and today.day == 29)
        else today - dt.timedelta(days=365),
        review_to=today,
    )


def add_document(case: SelectedCase, by, name: str, content: bytes) -> CaseDocument:
    if not content:
        raise EventError("the file is empty")
    return CaseDocument.objects.create(
        case=case,
        name=name[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        added_by=by.get_username(),
    )


def add_note(case: SelectedCase, by, note: str) -> SelectedCase:
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    case.notes = (case.notes + "\n\n" if case.notes else "") + f"{stamp} {by.get_username()}: {note.strip()}"
    case.save(update_fields=["notes"])
    return case
