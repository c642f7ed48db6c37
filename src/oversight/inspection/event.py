"""The inspection event: setting it up, inspector access, and the gatekeeper's register.

Inspector access: an inspector login listed on an inspection may open, read
only, the children its type allows (every child for ILACS, the listed
children otherwise), on the inspection's on-site dates only. Outside them the
login sees nothing; it ends by itself because every check compares with today.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from oversight.accounts import roles
from oversight.inspection.models import InformationRequest, Inspection

log = logging.getLogger("oversight.inspection")
MAX_HANDOVER_BYTES = 50 * 1024 * 1024


class EventError(Exception):
    """A request the rules refuse; the message says why."""


def active_inspections(user, day: dt.date | None = None):
    """The inspections USER (an inspector) is on today."""
    if not (user and user.is_authenticated and user.is_active and user.role == roles.INSPECTOR):
        return Inspection.objects.none()
    day = day or timezone.localdate()
    return Inspection.objects.filter(inspectors=user, starts_on__lte=day, ends_on__gte=day)


def inspector_children(user, today: dt.date):
    """Scope grant (accounts.scope.register): the children an inspector may open today."""
    from oversight.people.models import Person

    ids: set[str] = set()
    if getattr(user, "role", None) != roles.INSPECTOR:
        return ids  # every other login, on every page: no query at all
    for inspection in active_inspections(user, today):
        if inspection.kind in Inspection.ALL_CHILDREN_TYPES:
            return Person.objects.values_list("person_id", flat=True)
        ids |= {str(c) for c in inspection.allowed_children}
    return ids


def save_inspection(by, data: dict, inspection: Inspection | None = None) -> Inspection:
    """Create or change an inspection from the form's cleaned data (usernames checked)."""
    from oversight.inspection.forms import lines

    User = get_user_model()
    names = lines(data.get("inspectors", ""))
    inspectors = list(User.objects.filter(username__in=names, role=roles.INSPECTOR))
    missing = sorted(set(names) - {u.username for u in inspectors})
    if missing:
        raise EventError(f"not inspector logins: {', '.join(missing)}")
    if not User.objects.filter(username=data["gatekeeper"]).exists():
        raise EventError(f"no login named {data['gatekeeper']!r} for the gatekeeper")
    with transaction.atomic():
        inspection = inspection or Inspection()
        for field in ("kind", "notified_on", "starts_on", "ends_on", "lead_inspector", "gatekeeper"):
            setattr(inspection, field, data[field])
        inspection.rapid_response_team = lines(data.get("rapid_response_team", ""))
        inspection.allowed_children = lines(data.get("allowed_children", ""))
        inspection.leads = {**inspection.leads, "gatekeeper": data["gatekeeper"]}
        inspection.save()
        inspection.inspectors.set(inspectors)
    log.info("inspection %s saved by %s", inspection.pk, by.get_username() if by else "command line")
    return inspection


# ---- the gatekeeper's register -----------------------------------------------------------------


def add_request(inspection: Inspection, by, what: str, asked_by: str, line_of_enquiry: str = "", due=None):
    return InformationRequest.objects.create(
        inspection=inspection,
        what=what.strip(),
        asked_by=asked_by.strip(),
        asked_at=timezone.now(),
        line_of_enquiry=line_of_enquiry.strip(),
        due=due,
        recorded_by=by.get_username(),
    )


def approve(request_id: int, by) -> InformationRequest:
    with transaction.atomic():
        item = InformationRequest.objects.select_for_update().get(pk=request_id)
        if item.handed_over_at:
            raise EventError("this request has already been handed over")
        if item.approved_at:
            raise EventError(f"this request was already approved by {item.approved_by}")
        item.approved_by, item.approved_at = by.get_username(), timezone.now()
        item.save(update_fields=["approved_by", "approved_at"])
    return item


def hand_over(request_id: int, by, name: str, content: bytes) -> InformationRequest:
    """Record the file handed over: only the gatekeeper, only once approved; the file kept with its SHA-256."""
    with transaction.atomic():
        item = InformationRequest.objects.select_for_update().select_related("inspection").get(pk=request_id)
        if by.get_username() != item.inspection.gatekeeper:
            raise EventError("only the gatekeeper hands information over")
        if not item.approved_at:
            raise EventError("this request has not been approved: nothing can be handed over until it is")
        if item.handed_over_at:
            raise EventError(f"this request was already handed over by {item.handed_over_by}")
        if not content:
            raise EventError("the file is empty")
        if len(content) > MAX_HANDOVER_BYTES:
            raise EventError(f"the file is larger than {MAX_HANDOVER_BYTES // (1024 * 1024)} MB")
        item.file_name = name[:200]
        item.file_content = content
        item.file_sha256 = hashlib.sha256(content).hexdigest()
        item.handed_over_by, item.handed_over_at = by.get_username(), timezone.now()
        item.save()
    log.info("information request %s handed over (%s bytes)", item.pk, len(content))
    return item
