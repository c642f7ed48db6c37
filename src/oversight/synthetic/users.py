"""Demo logins: one user per role, tied to synthetic workers who hold open cases.

The password is printed by `oversight demo` and written in the docs. That is
fine for a synthetic council and never for real data: `oversight demo`
replaces the case data, so it is not run against a live system.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from oversight.accounts import roles
from oversight.config import section
from oversight.people.models import Department, Involvement, Professional

DEMO_PASSWORD = "synthetic-demo-only"

SEES = {
    roles.ADMINISTRATOR: "every child, council figures, the access log",
    roles.PERFORMANCE_OFFICER: "every child, council figures, data loading",
    roles.SENIOR_MANAGER: "every child, council figures",
    roles.TEAM_MANAGER: "council figures; the children of team {team}",
    roles.SOCIAL_WORKER: "the {n} children allocated to worker {worker}",
    roles.AUDITOR: "council figures; the children whose audits they are given",
    roles.MODERATOR: "council figures; the audits they moderate",
    roles.IRO: "the {n} children reviewed by IRO {worker}",
    roles.INSPECTOR: "no children until access is granted",
}


def username(role: str) -> str:
    return "demo-" + role.replace("_", "-")


def _still_open(day: dt.date) -> Q:
    # Open-ended involvements, so the logins keep their children after the as-at date.
    return Q(involvement_start_date__lte=day, involvement_end_date__isnull=True)


def _in_post(day: dt.date):
    return Professional.objects.filter(Q(start_date__isnull=True) | Q(start_date__lte=day), end_date__isnull=True)


def _typical(counts: list[tuple[str, int]], minimum: int) -> tuple[str, int] | None:
    """The worker whose count is the median of those with at least MINIMUM (ties by id)."""
    eligible = sorted((n, pid) for pid, n in counts if n >= minimum)
    if not eligible:
        eligible = sorted((n, pid) for pid, n in counts if n >= 1)
    if not eligible:
        return None
    n, pid = eligible[len(eligible) // 2]
    return pid, n


def _holders(day: dt.date, roles_: list[str], grades: list[str]) -> list[tuple[str, int]]:
    staff = set(_in_post(day).filter(grade__in=grades).values_list("professional_id", flat=True))
    rows = (
        Involvement.objects.filter(_still_open(day), professional_role_id__in=roles_, professional_id__in=staff)
        .values("professional_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    return [(r["professional_id"], r["n"]) for r in rows]


def choose_demo_workers(as_at: dt.date) -> dict[str, dict]:
    """The synthetic worker behind the social worker, IRO and team manager logins."""
    cfg = section("involvements")
    chosen: dict[str, dict] = {}
    sw = _typical(_holders(as_at, cfg["case_worker_roles"], ["social_worker", "senior_practitioner"]), 5)
    if sw:
        chosen[roles.SOCIAL_WORKER] = {"professional_id": sw[0], "n": sw[1]}
    iro = _typical(_holders(as_at, cfg["iro_roles"], ["iro"]), 5)
    if iro:
        chosen[roles.IRO] = {"professional_id": iro[0], "n": iro[1]}
    # The team manager of the locality team with the most open cases.
    locality_teams = Department.objects.filter(
        team_type="team", team_parent_id__in=Department.objects.filter(team_type="locality").values("team_id")
    ).values_list("team_id", flat=True)
    busiest = (
        Involvement.objects.filter(_still_open(as_at), professional_team__in=list(locality_teams))
        .values("professional_team")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("-n", "professional_team")
        .first()
    )
    if busiest:
        manager = (
            _in_post(as_at)
            .filter(grade="team_manager", team_id=busiest["professional_team"])
            .order_by("professional_id")
            .first()
        )
        if manager:
            chosen[roles.TEAM_MANAGER] = {
                "professional_id": manager.professional_id,
                "team_id": manager.team_id,
                "n": busiest["n"],
            }
    return chosen


def create_demo_users(as_at: dt.date) -> list[dict]:
    """Create or reset one login per role; returns what to print for each."""
    from django.contrib.auth.hashers import make_password

    from oversight.accounts.models import User

    workers = choose_demo_workers(as_at)
    names = dict(
        Professional.objects.filter(professional_id__in=[w["professional_id"] for w in workers.values()]).values_list(
            "professional_id", "professional_name"
        )
    )
    teams = dict(Department.objects.values_list("team_id", "team_name"))
    # One hash for all: the demo password is public anyway, and Argon2 is slow on purpose.
    password = make_password(DEMO_PASSWORD)
    logins = []
    for role, label in roles.CHOICES:
        worker = workers.get(role, {})
        user, _ = User.objects.get_or_create(username=username(role))
        user.role = role
        user.professional_id = worker.get("professional_id", "")
        user.team_id = worker.get("team_id", "")
        user.first_name, user.last_name = "Demo", label
        user.is_active = True
        user.password = password
        user.save()
        pid = worker.get("professional_id", "")
        sees = SEES[role].format(
            n=worker.get("n", 0),
            worker=f"{pid} ({names.get(pid, '')})",
            team=f"{user.team_id} ({teams.get(user.team_id, '')})",
        )
        logins.append(
            {
                "role": role,
                "username": user.username,
                "password": DEMO_PASSWORD,
                "professional_id": pid,
                "team_id": user.team_id,
                "sees": sees,
            }
        )
    return logins
