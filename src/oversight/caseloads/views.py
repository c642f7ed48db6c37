"""Caseload pages for managers. Figures come from queries; writes go through services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from oversight.accounts import roles, scope
from oversight.accounts.permissions import role_required
from oversight.analytics.caseloads import check_day, month_ends, month_start
from oversight.analytics.workforce import census_day
from oversight.caseloads import charts, queries, services
from oversight.caseloads import downloads as tables
from oversight.caseloads.forms import LowCaseloadReasonForm
from oversight.people import figures, lists
from oversight.web.dates import BadDate, parse_date
from oversight.web.downloads import download, wanted
from oversight.web.params import paginate, query_without

MAX_TREND_MONTHS = 120
WORKERS_PER_PAGE = 50
managers = role_required(*roles.MANAGERS)


def _date(request, name: str, default: dt.date, label: str) -> dt.date:
    text = request.GET.get(name, "")
    if not text.strip():
        return default
    try:
        return check_day(parse_date(text, label), label)
    except (BadDate, ValueError) as exc:
        raise BadRequest(str(exc))


def _known_id(text: str) -> str:
    # Ids are at most 48 characters; a NUL would make PostgreSQL fail rather than find nothing.
    if len(text) > 48 or "\x00" in text:
        raise Http404
    return text


def _as_at(request) -> dt.date:
    return _date(request, "as_at", timezone.localdate(), "The date")


@managers
def summary(request):
    """The caseload picture on a date; a bad date is shown on the form with status 400."""
    text = request.GET.get("as_at", "")
    try:
        as_at = _as_at(request)
    except BadRequest as exc:
        return render(request, "caseloads/summary.html", {"error": str(exc), "as_at_text": text[:40]}, status=400)
    data = queries.load_frames(_year_to(as_at), as_at)
    report = queries.report(as_at, data)
    if wanted(request):
        over, everyone = _over_and_everyone(report)
        return download(request, "caseloads", tables.summary_tables(report, over, everyone, queries.team_names()))
    context = {
        "under_page": paginate(request, report["under_target"]["workers"], WORKERS_PER_PAGE, "under_page"),
        "under_query": query_without(request, "under_page"),
        "as_at": as_at,
        "as_at_text": as_at.isoformat(),
        "r": report,
        "link_children": scope.sees_all_children(request.user),
    }
    # Everything but the workers under target (their reasons are records that change at any time) is case
    # data, the same for everyone allowed the page: worked out and rendered once per snapshot, date, query
    # string and whether the unallocated count links to the children (the one thing about the user that
    # changes it). The date too: a page without one shows today's, which changes at midnight.
    context["shared"] = figures.cached(
        "caseloads.summary_html",
        (as_at, request.get_full_path(), context["link_children"]),
        lambda: _render_shared(request, context, report, data, as_at),
        fragment=True,
    )
    return render(request, "caseloads/summary.html", context)


def _over_and_everyone(report: dict) -> tuple[list, list]:
    """Workers over target (most over first), and every worker (most over, then most cases, first)."""
    over = sorted(
        (w for w in report["workers"] if w["over_target_by"]), key=lambda w: (-w["over_target_by"], w["name"] or "")
    )
    everyone = sorted(report["workers"], key=lambda w: (-(w["over_target_by"] or 0), -w["cases"]))
    return over, everyone


def _render_shared(request, context: dict, report: dict, data, as_at: dt.date) -> tuple[str, str]:
    """The page's case-data parts: the figures, charts and worker tables above and below the workers under
    target."""
    over, everyone = _over_and_everyone(report)
    # Scaled so the hot-spot threshold fits on the chart even when no team reaches it.
    teams, _ = charts.bars(report["teams"], "average_caseload", (report["hot_spot_threshold"],))
    bands = [{"label": b["band"], "value": b["workers"]} for b in queries.distribution(as_at, data)]
    spread, _ = charts.bars(bands, "value")
    trend_can = queries.trend_measurable()
    recent = queries.trend(_year_to(as_at), as_at, data) if trend_can.measurable else []
    # The large council has thousands of workers: the worker tables are paged (each by its own parameter).
    shared = {
        **context,
        "workers_page": paginate(request, everyone, WORKERS_PER_PAGE, "workers_page"),
        "workers_query": query_without(request, "workers_page"),
        "over_page": paginate(request, over, WORKERS_PER_PAGE, "over_page"),
        "over_query": query_without(request, "over_page"),
        "s": report["summary"],
        "trend": charts.column_chart(
            recent,
            "average_caseload",
            dict(queries.rules().targets).get("social_worker"),
            "Average caseload per case-holding worker",
        )
        if trend_can.measurable
        else None,
        "trend_from": _year_to(as_at),
        "trend_not_measurable": trend_can.reason,
        "teams": teams,
        "distribution": spread,
        "team_names": queries.team_names(),
        "no_team": queries.NO_TEAM,
        "over": over,
        "all_workers": everyone,
    }
    return (
        render_to_string("caseloads/_summary_head.html", shared, request=request),
        render_to_string("caseloads/_summary_tail.html", shared, request=request),
    )


def _year_to(day: dt.date) -> dt.date:
    """The start of the 12 months whose month-ends run up to DAY's month."""
    return month_start(day, 11)


@managers
def trend(request):
    today = timezone.localdate()
    last = month_ends(today.replace(day=1) - dt.timedelta(days=1), today)[-1]
    end = _date(request, "to", last, "The end date")
    start = _date(request, "from", _year_to(end), "The start date")
    if start > end:
        raise BadRequest("The start date must be on or before the end date")
    days = month_ends(start, end)
    if not days:
        raise BadRequest("The period must include at least one month-end")
    if len(days) > MAX_TREND_MONTHS:
        raise BadRequest(f"The period can cover at most {MAX_TREND_MONTHS} month-ends")
    can = queries.trend_measurable()
    if not can.measurable:
        return render(request, "caseloads/trend.html", {"start": start, "end": end, "not_measurable": can.reason})
    rows = queries.trend(start, end)
    return render(
        request,
        "caseloads/trend.html",
        {
            "start": start,
            "end": end,
            "rows": rows,
            "chart": charts.column_chart(
                rows,
                "average_caseload",
                dict(queries.rules().targets).get("social_worker"),
                "Average caseload per case-holding worker (every figure is in the table below)",
            ),
        },
    )


@managers
def team(request, team_id: str):
    as_at = _as_at(request)
    if not queries.team_exists(_known_id(team_id)):
        raise Http404
    report = queries.report(as_at)
    wanted = "" if team_id == queries.NO_TEAM else team_id
    row = next((t for t in report["teams"] if t["team"] == wanted), None)
    workers, _ = charts.bars(queries.team_workers(report, team_id), "cases")
    workers.sort(key=lambda w: (-(w["over_target_by"] or 0), -w["cases"], w["name"] or ""))
    response = download(request, f"caseloads-team-{team_id}", {"workers": tables.workers_table(workers, {}, "Workers")})
    if response is not None:
        return response
    return render(
        request,
        "caseloads/team.html",
        {
            "as_at": as_at,
            "team_id": team_id,
            "team_name": queries.team_names().get(wanted, ""),
            "row": row,
            "workers": workers,
            "threshold": report["hot_spot_threshold"],
        },
    )


@managers
def worker(request, worker_id: str):
    as_at = _as_at(request)
    person = queries.worker(_known_id(worker_id))
    if person is None:
        raise Http404
    report = queries.report_figures(as_at)  # the shared figures: this page needs no low-caseload reasons
    row = next((w for w in report["workers"] if w["worker_id"] == worker_id), None)
    iro = next((w for w in report["iro"]["workers"] if w["worker_id"] == worker_id), None)
    pa = next((w for w in report["personal_advisers"]["workers"] if w["worker_id"] == worker_id), None)
    # Only while employed: a worker who has left holds no cases (their children are unallocated).
    kinds = [kind for kind, held in (("social_work", row), ("iro", iro), ("personal_adviser", pa)) if held]
    children, hidden = queries.worker_children(request.user, worker_id, as_at, kinds) if kinds else ([], 0)
    who = lists.identify([c["person_id"] for c in children], as_at) if children else {}
    for c in children:
        c.update(who.get(c["person_id"], {"name": f"Child {c['person_id']}", "age": None, "legal_status": ""}))
    response = download(request, f"caseloads-worker-{worker_id}", {"children": tables.children_table(children)})
    if response is not None:
        return response
    return render(
        request,
        "caseloads/worker.html",
        {
            "as_at": as_at,
            "person": person,
            "row": row,
            "iro": iro,
            "pa": pa,
            "children": children,
            "hidden": hidden,
            "team_name": queries.team_names().get(row["team"], "") if row else "",
            "current": queries.reasons_on(as_at, [worker_id]).get(worker_id),
            "reasons": queries.worker_reasons(worker_id),
            "can_manage": queries.can_manage_worker(request.user, worker_id),
            # A reason for a low caseload makes sense only for a case holder under their target.
            "under_target": bool(row) and row["cases"] < row["target"],
        },
    )


@managers
def record_reason(request, worker_id: str):
    person = queries.worker(_known_id(worker_id))
    if person is None:
        raise Http404
    if not queries.can_manage_worker(request.user, worker_id):
        raise PermissionDenied
    form = LowCaseloadReasonForm(request.POST or None, auto_id="%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_low_caseload_reason(
                request.user, worker_id, data["reason"], data["plan"], data["start_date"], data["end_date"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "The reason and plan were recorded")
            return redirect(reverse("caseloads:worker", args=[worker_id]) + f"?as_at={data['start_date'].isoformat()}")
    status = 400 if request.method == "POST" else 200
    return render(request, "caseloads/reason_form.html", {"person": person, "form": form}, status=status)


@managers
def workforce(request):
    today = timezone.localdate()
    latest = census_day(today.year) if today >= census_day(today.year) else census_day(today.year - 1)
    text = request.GET.get("year", "").strip() or str(latest.year)
    if not (text.isascii() and text.isdigit() and 1990 <= int(text) <= 2100):
        raise BadRequest("The year must be a whole number from 1990 to 2100")
    return render(request, "caseloads/workforce.html", {"c": queries.census(int(text))})
