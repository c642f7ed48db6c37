"""Least privilege by record: which children a user may see.

A social worker sees the children currently allocated to them; a team manager
their team's; IROs the children they review; administrators, performance
officers and senior managers everyone; an inspector nothing until granted.
Other apps add grants (an auditor sees the children they audit) by
registering a provider with `register`.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable

from django.db.models import Q

from oversight.accounts import roles
from oversight.config import section
from oversight.people.models import Involvement, Professional

Provider = Callable[[object, dt.date], Iterable[str]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a source of extra child ids a user may see (called once at app start)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _open_on(day: dt.date) -> Q:
    return Q(involvement_start_date__lte=day) & (Q(involvement_end_date__isnull=True) | Q(involvement_end_date__gt=day))


def _team_ids(team_id: str) -> set[str]:
    """A team and every team below it in the department tree."""
    from oversight.people.models import Department

    parents = dict(Department.objects.values_list("team_id", "team_parent_id"))
    found = {team_id}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in found and child not in found:
                found.add(child)
                changed = True
    return found


def sees_all_children(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in roles.ALL_CHILDREN


def visible_child_ids(user, today: dt.date | None = None) -> set[str] | None:
    """The ids of the children USER may see, or None meaning every child."""
    if not (user.is_authenticated and user.is_active):
        return set()
    if sees_all_children(user):
        return None
    today = today or dt.date.today()
    cfg = section("involvements")
    ids: set[str] = set()
    open_now = _open_on(today)
    if user.role == roles.SOCIAL_WORKER and user.professional_id:
        ids |= set(
            Involvement.objects.filter(open_now, professional_id=user.professional_id,
                                       professional_role_id__in=cfg["case_worker_roles"] + cfg["personal_adviser_roles"])
            .values_list("person_id", flat=True)
        )
    elif user.role == roles.IRO and user.professional_id:
        ids |= set(
            Involvement.objects.filter(open_now, professional_id=user.professional_id,
                                       professional_role_id__in=cfg["iro_roles"]).values_list("person_id", flat=True)
        )
    elif user.role == roles.TEAM_MANAGER and user.team_id:
        teams = _team_ids(user.team_id)
        workers = set(Professional.objects.filter(team_id__in=teams).values_list("professional_id", flat=True))
        ids |= set(
            Involvement.objects.filter(open_now)
            .filter(Q(professional_team__in=teams) | Q(professional_id__in=workers))
            .values_list("person_id", flat=True)
        )
    for provider in _providers:
        ids |= set(provider(user, today))
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
