"""Who may see and do what with IRO escalations. Views, the CLI and services ask here, so they agree.

- IROs and CP chairs (role `iro`) see the escalations they raised and may raise,
  escalate, resolve or withdraw them.
- The addressee sees what awaits them: a team manager the escalations about
  their teams (and teams below them in ssd_department); a senior manager those
  at service manager, head of service and director stages for the teams below
  their own team id (all teams if they have none); anyone named as addressee.
- Administrators, performance officers and senior managers see every escalation.
- Always only for children the user may see today (`accounts.scope`).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from oversight.accounts import roles, scope
from oversight.iro.models import Escalation

SEE_ALL = {roles.ADMINISTRATOR, roles.PERFORMANCE_OFFICER, roles.SENIOR_MANAGER}
REPORT_READERS = roles.COUNCIL_FIGURES | {roles.IRO}
IMPORTERS = {roles.ADMINISTRATOR, roles.PERFORMANCE_OFFICER}
SENIOR_STAGES = ["service_manager", "head_of_service", "director"]


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_iro(user) -> bool:
    return _active(user) and user.role == roles.IRO


def _raised_by(user) -> Q:
    q = Q(raised_by=user.username)
    if user.professional_id:
        q |= Q(iro_id=user.professional_id)
    return q


def visible(user):
    """The escalations USER may see (a queryset)."""
    if not _active(user):
        return Escalation.objects.none()
    qs = Escalation.objects.all()
    if user.role not in SEE_ALL:
        q = Q(addressee=user.username)
        if user.role == roles.IRO:
            q |= _raised_by(user)
        elif user.role == roles.TEAM_MANAGER and user.team_id:
            q |= Q(team_id__in=scope.team_ids(user.team_id))
        qs = qs.filter(q)
    return scope.filter_children(user, qs, "child_id")


def _addressed_to(user) -> Q:
    q = Q(addressee=user.username)
    if user.role == roles.TEAM_MANAGER and user.team_id:
        q |= Q(addressee="", addressee_role="team_manager", team_id__in=scope.team_ids(user.team_id))
    elif user.role == roles.SENIOR_MANAGER:
        senior = Q(addressee="", addressee_role__in=SENIOR_STAGES)
        q |= senior & Q(team_id__in=scope.team_ids(user.team_id)) if user.team_id else senior
    return q


def awaiting(user):
    """Open stages with no response yet that USER is to answer."""
    if not _active(user):
        return Escalation.objects.none()
    qs = Escalation.objects.filter(_addressed_to(user), outcome="", response_date__isnull=True)
    return scope.filter_children(user, qs, "child_id")


def mine(user):
    if not is_iro(user):
        return Escalation.objects.none()
    return scope.filter_children(user, Escalation.objects.filter(_raised_by(user)), "child_id")


def can_view(user, esc: Escalation) -> bool:
    return visible(user).filter(pk=esc.pk).exists()


def can_respond(user, esc: Escalation) -> bool:
    return awaiting(user).filter(pk=esc.pk).exists()


def can_decide(user, esc: Escalation) -> bool:
    """The IRO who raised it, while the stage is open."""
    return (
        is_iro(user)
        and esc.is_open
        and (esc.raised_by == user.username or bool(user.professional_id and esc.iro_id == user.professional_id))
        and scope.can_see_child(user, esc.child_id)
    )


def can_raise(user, child_id: str) -> bool:
    return is_iro(user) and scope.can_see_child(user, child_id)


def addressed_children(user, today: dt.date):
    """Scope grant: a named addressee may open the record of the child whose escalation awaits them (a query,
    not its rows: accounts.scope asks every grant in one statement)."""
    username = getattr(user, "username", "")
    found = Escalation.objects.filter(addressee=username, outcome="") if username else Escalation.objects.none()
    return found.values_list("child_id", flat=True).order_by()
