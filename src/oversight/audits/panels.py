"""What the audits app adds to others: record scope for auditors and moderators, a panel on the child's record."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.template.loader import render_to_string

from oversight.audits.models import Audit, Escalation


def audited_children(user, today: dt.date) -> list[str]:
    """An auditor sees the children whose audits are assigned to them; a moderator those they moderate."""
    username = getattr(user, "username", "")
    if not username:
        return []
    return list(Audit.objects.filter(Q(auditor=username) | Q(moderator=username)).values_list("child_id", flat=True))


def child_panel(request, person):
    """The child's audits and open welfare escalations, on the child's record (access already checked)."""
    audits = list(
        Audit.objects.filter(child_id=person.person_id).select_related("tool").order_by("-completed_date", "-id")[:20]
    )
    escalations = list(Escalation.objects.filter(child_id=person.person_id, resolved_at__isnull=True))
    if not audits and not escalations:
        return None
    html = render_to_string("audits/_child_panel.html", {"audits": audits, "escalations": escalations}, request=request)
    return ("Case audits", html)
