"""Timeliness pages: every rule's figures, one rule's trend, and the list a team works from each morning."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from oversight.accounts import roles, scope
from oversight.analytics.workdays import FIRST_YEAR, LAST_YEAR, add_months
from oversight.people import figures
from oversight.people.models import Department
from oversight.timeliness import queries
from oversight.web import charts, labels
from oversight.web.dates import BadDate, parse_date
from oversight.web.downloads import Table, download, wanted
from oversight.web.params import paginate, query_without, text_param

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


def _context(as_at, start, end, shown, errors, user=None) -> dict:
    period = {"as_at": shown["as_at"], "from": shown["from"], "to": shown["to"]}
    return {
        "period_query": urlencode(period),
        # A count links to the items behind it only for a user who may see every child it counts.
        "link_counts": bool(user) and scope.sees_all_children(user),
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
    context = _context(as_at, start, end, shown, errors, request.user)
    if errors:
        return render(request, "timeliness/index.html", context, status=400)
    if wanted(request):
        return download(request, "timeliness", _overview_tables(queries.overview(as_at, start, end)))
    # The tables are the same for everyone allowed this page: rendered once per case-data version, period,
    # query string and whether counts link to children (people.figures), never with anything of one user's.
    context["tables"] = figures.cached(
        "timeliness.overview_html",
        (as_at, start, end, request.get_full_path(), context["link_counts"]),
        lambda: render_to_string(
            "timeliness/_overview_tables.html", {**context, **queries.overview(as_at, start, end)}, request=request
        ),
        fragment=True,
    )
    return render(request, "timeliness/index.html", context)


def _overview_tables(overview: dict) -> dict:
    counts = ["Items", "On time", "Late", "Overdue", "Due soon", "Not yet due", "% on time"]
    keys = ["items", "on_time", "late", "overdue", "due_soon", "open", "percent_on_time"]
    return {
        "rules": Table("Rules", ["Rule", *counts], [[r["title"], *(r[k] for k in keys)] for r in overview["rules"]]),
        "measures": Table(
            "Measures",
            ["Measure", "Counted", "Records", "Flagged", "%"],
            [[m["title"], m["counts"], m["records"], m["flagged"], m["percent"]] for m in overview["measures"]],
        ),
    }


def rule(request, rule_id: str):
    """One rule: what it measures, the monthly trend of percent on time, by team and by worker."""
    if not request.user.sees_council_figures:
        raise PermissionDenied
    book = queries.rulebook()
    if rule_id not in book.rule_ids or not book.rule(rule_id).enabled:
        raise Http404("No such rule")
    as_at, start, end, shown, errors = _period(request)
    context = _context(as_at, start, end, shown, errors, request.user)
    context["rule"] = book.rule(rule_id)
    context["settings"] = [
        (labels.setting(rule_id, key), labels.setting_value(key, value))
        for key, value in context["rule"].params.items()
        if key not in labels.NOT_SETTINGS
    ]
    if errors:
        return render(request, "timeliness/rule.html", context, status=400)
    if wanted(request):  # the tables for a download are built only when one is asked for
        return download(request, f"timeliness-{rule_id}", _rule_tables(_rule_rows(rule_id, as_at, start, end)))
    # The tables are the same for everyone allowed this page: rendered once per case-data version, query
    # string and whether counts link to children (people.figures), never with anything of one user's.
    context["summary"] = queries.rule_summary(rule_id, as_at, start, end)
    context["tables"] = figures.cached(
        "timeliness.rule_tables_html",
        # The period too: a path without one means today's, which changes at midnight.
        (rule_id, as_at, start, end, request.get_full_path(), context["link_counts"]),
        lambda: _render_rule_tables(request, context, rule_id, as_at, start, end),
        fragment=True,
    )
    return render(request, "timeliness/rule.html", context)


# Rows a page of the rule's by-team and by-worker tables (the download has them all): a large council
# has a hundred teams and thousands of workers, and the page stays under about 200 KB.
RULE_ROWS_PER_PAGE = 50


def _rule_rows(rule_id: str, as_at, start, end) -> dict:
    found = queries.rule_report(rule_id, as_at, start, end)
    for row in found["month_rows"]:
        row["filter"] = urlencode({"month": row["month"].strftime("%Y-%m")})
    for row in found["team_rows"]:
        row["filter"] = urlencode({"team": row["team"] or queries.NONE_SLUG})
    for row in found["worker_rows"]:
        row["filter"] = urlencode({"worker": row["worker_id"] or queries.NONE_SLUG})
    return found


def _rule_tables(found: dict) -> dict[str, Table]:
    counts = ["Items", "On time", "Late", "Overdue", "Due soon", "Not yet due", "% on time"]
    keys = ["items", "on_time", "late", "overdue", "due_soon", "open", "percent_on_time"]
    return {
        name: Table(
            title, [heading, *counts], [[r["label"], *(r[k] for k in keys)] for r in found[f"{name[:-1]}_rows"]]
        )
        for name, title, heading in (
            ("months", "By month", "Month"),
            ("teams", "By team", "Team"),
            ("workers", "By worker", "Worker"),
        )
    }


def _render_rule_tables(request, context: dict, rule_id: str, as_at, start, end) -> str:
    found = _rule_rows(rule_id, as_at, start, end)
    tables = {
        **context,
        **found,
        "month_chart": month_chart(found["month_rows"], as_at, start, end),
        "teams_page": paginate(request, found["team_rows"], RULE_ROWS_PER_PAGE, "teams_page"),
        "teams_query": query_without(request, "teams_page"),
        "workers_page": paginate(request, found["worker_rows"], RULE_ROWS_PER_PAGE, "workers_page"),
        "workers_query": query_without(request, "workers_page"),
    }
    return render_to_string("timeliness/_rule_tables.html", tables, request=request)


def month_chart(rows: list[dict], as_at: dt.date, start: dt.date | None, end: dt.date | None) -> dict:
    """The rule's percent on time by month of due date as the shared column chart; a month the period
    (from, to) or the date (as at) cuts short is a part month, marked *."""
    last = min(as_at, end) if end else as_at
    points = []
    for r in rows:
        first_day, month_end = r["month"], charts.month_end(r["month"])
        if first_day > last:
            day, part = month_end, "still to come"
        elif month_end > last:
            day, part = last, f"to {last:%-d %B}"
        elif start and first_day < start:
            day, part = month_end, f"from {start:%-d %B}"
        else:
            day, part = month_end, False
        points.append({"day": day, "value": r["percent_on_time"], "partial": part})
    return charts.column_chart(
        points, caption="Percent on time by month of due date", unit="month", none_text="none due"
    )


def _named(key: str | None, names: dict, nobody: str) -> str:
    if key is None:
        return ""
    if key in ("", queries.NONE_SLUG):
        return nobody
    return names.get(key) or key


def items(request):
    """The items behind a figure: a rule's overdue, late or due-soon count, for the whole council, a team,
    a worker or a month of due dates, in the same period; only children the user may see."""
    if not request.user.sees_council_figures:
        raise PermissionDenied
    as_at, start, end, shown, errors = _period(request)
    context = _context(as_at, start, end, shown, errors, request.user)
    book = queries.rulebook()
    rule_id = text_param(request, "rule", 80) or None
    if rule_id and (rule_id not in book.rule_ids or not book.rule(rule_id).enabled):
        raise Http404("No such rule")
    status = text_param(request, "status", 20) or None
    if status and status not in queries.STATUS_LABELS:
        raise BadRequest("status must be one of on_time, late, overdue, due_soon, open")
    team = text_param(request, "team", 48) if "team" in request.GET else None
    worker = text_param(request, "worker", 48) if "worker" in request.GET else None
    month_text = text_param(request, "month", 7)
    month = None
    if month_text:
        try:
            month = dt.date.fromisoformat(month_text + "-01")
        except ValueError:
            raise BadRequest("month must be written YYYY-MM, for example 2024-03")
    if errors:
        return render(request, "timeliness/items.html", context, status=400)
    rows, hidden = queries.item_list(
        as_at, start, end, scope.visible_child_ids(request.user), rule_id, status, team, worker, month
    )
    title = book.rule(rule_id).title if rule_id else "Every rule"
    response = download(
        request, "timeliness-items", {"items": Table(title, queries.ITEM_HEADER, queries.item_table_rows(rows))}
    )
    if response is not None:
        return response
    teams, workers = queries.team_names(), queries.worker_names()
    context.update(
        {
            "rows": rows,
            **_paged(request, rows),
            "hidden": hidden,
            "rule": book.rule(rule_id) if rule_id else None,
            "status_label": queries.STATUS_LABELS.get(status, ""),
            "team_label": _named(team, teams, "No team"),
            "worker_label": _named(worker, workers, "No allocated worker"),
            "month": month,
        }
    )
    return render(request, "timeliness/items.html", context)


def to_do(request):
    """Overdue and due-soon items: a team manager's team, a social worker's own, every team (or one) for
    senior roles; filterable by rule, worker and status."""
    user = request.user
    if user.role not in TO_DO_ROLES:
        raise PermissionDenied
    as_at, _, _, shown, errors = _period(request, default_start=False)
    errors.pop("from", None), errors.pop("to", None)
    team_id = text_param(request, "team", 48)
    rule_id = text_param(request, "rule", 80)
    status = text_param(request, "status", 20)
    worker_id = text_param(request, "worker", 48)
    context = _context(as_at, None, None, shown, errors)
    book = queries.rulebook()
    context["rule_choices"] = [(r.id, r.title or r.id) for r in book.enabled()]
    context["status_choices"] = [("overdue", "Overdue"), ("due_soon", "Due soon")]
    context.update({"rule_id": rule_id, "status": status, "worker_id": worker_id})
    if rule_id and rule_id not in dict(context["rule_choices"]):
        errors["rule"] = "Choose a rule from the list"
    if status and status not in dict(context["status_choices"]):
        errors["status"] = "Choose overdue or due soon"
    teams = None
    if user.role == roles.TEAM_MANAGER:
        if not user.team_id:
            context["no_team"] = True
            return render(request, "timeliness/to_do.html", context)
        team_id = user.team_id
    elif user.role == roles.SOCIAL_WORKER:
        if not user.professional_id:
            context["no_worker"] = True
            return render(request, "timeliness/to_do.html", context)
        worker_id = user.professional_id
    else:
        context["team_choices"] = list(Department.objects.order_by("team_name").values_list("team_id", "team_name"))
        if team_id and team_id not in dict(context["team_choices"]):
            errors["team"] = "Choose a team from the list"
    if user.role != roles.SOCIAL_WORKER:
        names = queries.worker_names()
        if team_id and "team" not in errors:
            # A team's list offers that team's workers, not the council's thousands (a page of options).
            in_teams = queries.workers_in_teams(scope.team_ids(team_id))
            names = {w: n for w, n in names.items() if w in in_teams}
        context["worker_choices"] = sorted(names.items(), key=lambda p: ((p[1] or p[0]).lower(), p[0]))
        if worker_id and worker_id not in dict(context["worker_choices"]):
            errors["worker"] = "Choose a worker from the list"
    context["error_list"] = [(n, errors[n]) for n in ("as_at", "team", "rule", "worker", "status") if n in errors]
    context["team_id"] = team_id
    if errors:
        return render(request, "timeliness/to_do.html", context, status=400)
    if team_id:
        teams = scope.team_ids(team_id)
        context["team_name"] = queries.team_names().get(team_id, team_id)
    visible = scope.visible_child_ids(user)  # who they may see now, whatever the date looked at
    rows = queries.to_do(
        as_at, visible, teams=teams, worker_id=worker_id or None, rule_id=rule_id or None, status=status or None
    )
    response = download(
        request,
        "overdue-and-due-soon",
        {"to-do": Table("Overdue and due soon", queries.ITEM_HEADER, queries.item_table_rows(rows))},
    )
    if response is not None:
        return response
    context["rows"] = rows
    context.update(_paged(request, rows))
    context["overdue"] = sum(1 for r in rows if r["status"] == "overdue")
    return render(request, "timeliness/to_do.html", context)


# As the other long lists (children, workers): 50 a page. A team's to-do list runs to thousands of items.
ITEMS_PER_PAGE = 50


def _paged(request, rows: list) -> dict:
    """A page of a long item list (the download still has every row)."""
    return {"page": paginate(request, rows, ITEMS_PER_PAGE), "page_query": query_without(request, "page")}
