"""Least privilege by record: which children a user may see.

A social worker sees the children currently allocated to them (as case worker
or personal adviser); a team manager their team's, the teams below it and
their own; an IRO the children they currently review; administrators,
performance officers and senior managers everyone; auditors, moderators and
inspectors nothing of their own. Other apps add grants (an auditor sees the
children they audit) by registering a provider with `register`: a callable
(user, today) -> iterable of child ids, applied to every role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils import timezone

from oversight import memo
from oversight.accounts import roles
from oversight.config import section
from oversight.people.models import Department, Involvement, Professional

Provider = Callable[[object, dt.date], Iterable[str]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a source of extra child ids a user may see (called once at app start)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _open_on(day: dt.date) -> Q:
    return Q(involvement_start_date__lte=day) & (Q(involvement_end_date__isnull=True) | Q(involvement_end_date__gt=day))


def team_ids(team_id: str) -> set[str]:
    """A team and every team below it in the department tree."""
    below: dict[str, list[str]] = {}
    for child, parent in Department.objects.exclude(team_parent_id="").values_list("team_id", "team_parent_id"):
        below.setdefault(parent, []).append(child)
    found, todo = {team_id}, [team_id]
    while todo:
        for child in below.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_all_children(user) -> bool:
    return _active(user) and user.role in roles.ALL_CHILDREN


def _own_children(professional_id: str, role_codes: list[str], day: dt.date) -> set[str]:
    rows = Involvement.objects.filter(
        _open_on(day), professional_id=professional_id, professional_role_id__in=role_codes
    )
    return set(rows.values_list("person_id", flat=True))


def _team_children(team_id: str, day: dt.date) -> set[str]:
    teams = team_ids(team_id)
    workers = Professional.objects.filter(team_id__in=teams).values("professional_id")
    rows = Involvement.objects.filter(_open_on(day)).filter(
        Q(professional_team__in=teams) | Q(professional_id__in=workers)
    )
    return set(rows.values_list("person_id", flat=True))


def visible_child_ids(user, today: dt.date | None = None) -> set[str] | None:
    """The ids of the children USER may see, or None meaning every child.

    Worked out once per request (oversight.memo: the view, the panels and the lists all ask), keyed by
    everything about the user it depends on; each caller gets its own copy of the set.
    """
    if not _active(user):
        return set()
    if sees_all_children(user):
        return None
    today = today or timezone.localdate()
    key = ("accounts.scope.visible", user.pk, user.role, user.professional_id, user.team_id, today)
    return set(memo.once(key, lambda: _visible_child_ids(user, today)))


def _visible_child_ids(user, today: dt.date) -> set[str]:
    cfg = section("involvements")
    case_roles = list(cfg["case_worker_roles"]) + list(cfg["personal_adviser_roles"])
    ids: set[str] = set()
    if user.role == roles.SOCIAL_WORKER and user.professional_id:
        ids |= _own_children(user.professional_id, case_roles, today)
    elif user.role == roles.IRO and user.professional_id:
        ids |= _own_children(user.professional_id, list(cfg["iro_roles"]), today)
    elif user.role == roles.TEAM_MANAGER:
        if user.team_id:
            ids |= _team_children(user.team_id, today)
        if user.professional_id:
            ids |= _own_children(user.professional_id, case_roles, today)
    for provider in _providers:
        ids |= {str(i) for i in provider(user, today)}
    return ids


def can_see_child(user, person_id: str, today: dt.date | None = None) -> bool:
    visible = visible_child_ids(user, today)
    return visible is None or person_id in visible


def filter_children(user, queryset, field: str = "person_id", today: dt.date | None = None):
    """Restrict a queryset of child-level rows to the children USER may see."""
    visible = visible_child_ids(user, today)
    if visible is None:
        return queryset
    return queryset.filter(**{f"{field}__in": visible})
