"""What the audits app adds to others: record scope for auditors and moderators, a panel on the child's record."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.template.loader import render_to_string

from oversight.audits.models import Audit, Escalation
from oversight.config import section


def audited_children(user, today: dt.date):
    """The children of the audits a user is doing: as auditor until submitted, as moderator until moderated.

    The grant ends when that part of the work is done, after `[audits]
    access_days_after_done` more days (default 0: the day itself), so naming
    someone on an audit, imported or drawn, never gives lasting access.
    """
    username = getattr(user, "username", "")
    if not username:
        return Audit.objects.none().values_list("child_id", flat=True)
    after = int(section("audits").get("access_days_after_done", 0))
    since = today - dt.timedelta(days=max(after, 0))
    auditing = Q(auditor=username) & (
        Q(status__in=[Audit.ASSIGNED, Audit.DRAFT]) | Q(completed_date__gte=since, completed_date__lte=today)
    )
    moderating = Q(moderator=username) & (
        Q(status=Audit.SUBMITTED) | Q(moderated_date__gte=since, moderated_date__lte=today)
    )
    # A query, not its rows: accounts.scope asks every grant in one statement.
    return Audit.objects.filter(auditing | moderating).values_list("child_id", flat=True).order_by()


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
