"""Least privilege by record: which children a user may see.

A social worker sees the children currently allocated to them (as case worker
or personal adviser); a team manager their team's, the teams below it and
their own; an IRO the children they currently review; administrators,
performance officers and senior managers everyone; auditors, moderators and
inspectors nothing of their own. Other apps add grants (an auditor sees the
children they audit) by registering a provider with `register`: a callable
(user, today) -> iterable of child ids, applied to every role. A provider that
returns a query (a QuerySet of child ids) is asked together with the others in
one statement, so the grants cost one round trip on every page however many
apps add them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import polars as pl
from django.db.models import QuerySet
from django.utils import timezone

from oversight import memo
from oversight.accounts import roles
from oversight.analytics import cohorts
from oversight.analytics.keyed import Keyed
from oversight.config import section
from oversight.people import figures, frames
from oversight.people.models import Department

Provider = Callable[[object, dt.date], Iterable[str]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a source of extra child ids a user may see (called once at app start)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def team_ids(team_id: str) -> set[str]:
    """A team and every team below it in the department tree."""
    below = _team_tree()
    found, todo = {team_id}, [team_id]
    while todo:
        for child in below.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _team_tree() -> dict[str, list[str]]:
    """Each team's teams directly below it (case data: the same for every user, cached per version)."""

    def compute():
        below: dict[str, list[str]] = {}
        for child, parent in Department.objects.exclude(team_parent_id="").values_list("team_id", "team_parent_id"):
            below.setdefault(parent, []).append(child)
        return below

    return figures.cached("accounts.scope.team_tree", (), compute)


INVOLVEMENT_COLUMNS = (
    "invo_person_id",
    "invo_professional_id",
    "invo_professional_role_id",
    "invo_professional_team",
    "invo_involvement_start_date",
    "invo_involvement_end_date",
)


def _allocations(day: dt.date) -> Keyed:
    """Every involvement open on DAY (child, worker, role, team, start date), sorted by worker.

    The council's allocations, the same for every user, worked out once per case-data version and day
    (people.figures); a user's scope is looked up in it (binary search by worker id) on each request
    instead of querying a million involvements.
    """

    def compute():
        found = cohorts.open_on(
            frames.load("ssd_involvements", INVOLVEMENT_COLUMNS),
            "invo_involvement_start_date",
            "invo_involvement_end_date",
            day,
        )
        return Keyed(found.select(INVOLVEMENT_COLUMNS[:5]), "invo_professional_id")

    return figures.cached("accounts.scope.allocations_v2", (day,), compute)


def allocations(day: dt.date) -> Keyed:
    """The council's involvements open on DAY (child, worker, role, team, start), found by worker id."""
    return _allocations(day)


def _by_worker(day: dt.date) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each worker's open involvements on DAY as (child, role) pairs: the council's, cached like the
    allocations, so a user's own children are one dictionary look-up on each request."""

    def compute():
        found = _allocations(day).frame
        by: dict[str, list[tuple[str, str]]] = {}
        for worker, child, role in zip(
            found.get_column("invo_professional_id").to_list(),
            found.get_column("invo_person_id").to_list(),
            found.get_column("invo_professional_role_id").to_list(),
            strict=True,
        ):
            by.setdefault(worker, []).append((child, role))
        return {worker: tuple(pairs) for worker, pairs in by.items()}

    return figures.cached("accounts.scope.by_worker", (day,), compute)


def _by_team(day: dt.date) -> dict[str, frozenset[str]]:
    """Each team's children on DAY (open involvements recorded against the team or held by one of its
    workers), teams below it not included: the council's, cached per case-data version and day."""

    def compute():
        staff = frames.load("ssd_professionals", ("prof_professional_id", "prof_team_id")).rename(
            {"prof_professional_id": "invo_professional_id"}
        )
        found = _allocations(day).frame.join(staff, on="invo_professional_id", how="left")
        pairs = pl.concat(
            [
                found.select(pl.col("invo_professional_team").alias("team"), "invo_person_id"),
                found.select(pl.col("prof_team_id").alias("team"), "invo_person_id"),
            ]
        ).filter(pl.col("team").is_not_null() & (pl.col("team") != ""))
        grouped = pairs.group_by("team").agg(pl.col("invo_person_id").unique())
        return {
            team: frozenset(children)
            for team, children in zip(
                grouped.get_column("team").to_list(), grouped.get_column("invo_person_id").to_list(), strict=True
            )
        }

    return figures.cached("accounts.scope.by_team", (day,), compute)


def _own_children(professional_id: str, role_codes: list[str], day: dt.date) -> set[str]:
    codes = set(role_codes)
    return {child for child, role in _by_worker(day).get(professional_id, ()) if role in codes}


def _team_children(team_id: str, day: dt.date) -> set[str]:
    """Children with an open involvement recorded against one of the teams, or held by one of its workers."""
    by_team = _by_team(day)
    found: set[str] = set()
    for team in team_ids(team_id):
        found |= by_team.get(team, frozenset())
    return found


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_all_children(user) -> bool:
    return _active(user) and user.role in roles.ALL_CHILDREN


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
    queries = []
    for provider in _providers:
        found = provider(user, today)
        if isinstance(found, QuerySet):
            queries.append(found)
        else:
            ids |= {str(i) for i in found}
    if queries:
        first, *rest = queries
        ids |= {str(i) for i in (first.union(*rest) if rest else first)}
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
