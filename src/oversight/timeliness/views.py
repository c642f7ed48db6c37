"""Timeliness pages: every rule's figures, one rule's trend, and the list a team works from each morning."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from oversight.accounts import roles, scope
from oversight.analytics.workdays import FIRST_YEAR, LAST_YEAR, add_months
from oversight.people.models import Department
from oversight.timeliness import queries
from oversight.web.dates import BadDate, parse_date

FIELDS = [("as_at", "The as-at date"), ("from", "The due-from date"), ("to", "The due-up-to date")]
TO_DO_ROLES = {roles.TEAM_MANAGER, roles.SOCIAL_WORKER, *roles.ALL_CHILDREN}


def _period(request, default_start: bool = True):
    """(as_at, from, to, values as typed, errors by field). From defaults to a year before the date."""
    values = {name: request.GET.get(name, "").strip()[:40] for name, _ in FIELDS}
    days: dict[str, dt.date | None] = {}
    errors: dict[str, str] = {}
    for name, label in FIELDS:
        if not values[name]:
            days[name] = None
            continue
        try:
            days[name] = parse_date(values[name], label)
        except BadDate as exc:
            errors[name] = str(exc)
            continue
        if not FIRST_YEAR < days[name].year < LAST_YEAR:
            errors[name] = f"{label} must be between {FIRST_YEAR + 1} and {LAST_YEAR - 1}"
    as_at = days.get("as_at") or timezone.localdate()
    start = days.get("from")
    if start is None and default_start and "from" not in errors:
        start = add_months(as_at, -12) + dt.timedelta(days=1)
    end = days.get("to")
    if start and end and start > end and not errors:
        errors["to"] = "The due-up-to date must be on or after the due-from date"
    shown = {
        "as_at": values["as_at"] or as_at.isoformat(),
        "from": values["from"] or (start.isoformat() if start else ""),
        "to": values["to"],
    }
    return as_at, start, end, shown, errors


def _context(as_at, start, end, shown, errors) -> dict:
    return {
        "as_at": as_at,
        "start": start,
        "end": end,
        "shown": shown,
        "errors": errors,
        "error_list": [(name, errors[name]) for name, _ in FIELDS if name in errors],
    }


def index(request):
    """Every rule's figures for due dates in the period, and the measures."""
    if not request.user.sees_council_figures:
        if request.user.role in TO_DO_ROLES:
            return redirect("timeliness:to_do")
        raise PermissionDenied
    as_at, start, end, shown, errors = _period(request)
    context = _context(as_at, start, end, shown, errors)
    if errors:
        return render(request, "timeliness/index.html", context, status=400)
    context.update(queries.overview(as_at, start, end))
    return render(request, "timeliness/index.html", context)


def rule(request, rule_id: str):
    """One rule: what it measures, the monthly trend of percent on time, by team and by worker."""
    if not request.user.sees_council_figures:
        raise PermissionDenied
    book = queries.rulebook()
    if rule_id not in book.rule_ids or not book.rule(rule_id).enabled:
        raise Http404("No such rule")
    as_at, start, end, shown, errors = _period(request)
    context = _context(as_at, start, end, shown, errors)
    context["rule"] = book.rule(rule_id)
    context["settings"] = [
        (key.replace("_", " "), ", ".join(value) if isinstance(value, list) else str(value))
        for key, value in context["rule"].params.items()
    ]
    if errors:
        return render(request, "timeliness/rule.html", context, status=400)
    context.update(queries.rule_report(rule_id, as_at, start, end))
    return render(request, "timeliness/rule.html", context)


def to_do(request):
    """Overdue and due-soon items: a team manager's team, a social worker's own, any team for senior roles."""
    user = request.user
    if user.role not in TO_DO_ROLES:
        raise PermissionDenied
    as_at, _, _, shown, errors = _period(request, default_start=False)
    errors.pop("from", None), errors.pop("to", None)
    team_id = request.GET.get("team", "").strip()[:48]
    context = _context(as_at, None, None, shown, errors)
    teams = None
    worker = None
    if user.role == roles.TEAM_MANAGER:
        if not user.team_id:
            context["no_team"] = True
            return render(request, "timeliness/to_do.html", context)
        team_id = user.team_id
    elif user.role == roles.SOCIAL_WORKER:
        if not user.professional_id:
            context["no_worker"] = True
            return render(request, "timeliness/to_do.html", context)
        worker = user.professional_id
    else:
        context["team_choices"] = list(Department.objects.order_by("team_name").values_list("team_id", "team_name"))
        if team_id and team_id not in dict(context["team_choices"]):
            errors["team"] = "Choose a team from the list"
            context["error_list"].append(("team", errors["team"]))
    context["team_id"] = team_id
    if errors:
        return render(request, "timeliness/to_do.html", context, status=400)
    if team_id:
        teams = scope.team_ids(team_id)
        context["team_name"] = queries.team_names().get(team_id, team_id)
    if teams is None and worker is None:
        return render(request, "timeliness/to_do.html", context)
    visible = scope.visible_child_ids(user)  # who they may see now, whatever the date looked at
    context["rows"] = queries.to_do(as_at, visible, teams=teams, worker_id=worker)
    context["overdue"] = sum(1 for r in context["rows"] if r["status"] == "overdue")
    return render(request, "timeliness/to_do.html", context)
