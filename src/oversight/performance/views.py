"""The performance clinic's pages: scorecards per area, indicators, children behind a figure, meetings, packs, supervision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from oversight.accounts import roles, scope
from oversight.accounts.permissions import role_required
from oversight.analytics.indicators import month_label
from oversight.people import lists
from oversight.performance import forms, importer, pack, pages, queries, services
from oversight.performance.models import ClinicAction
from oversight.web.downloads import Table, download
from oversight.web.params import date_param, paginate, query_without, text_param

VIEWERS = roles.COUNCIL_FIGURES
EDITORS = {roles.ADMINISTRATOR, roles.PERFORMANCE_OFFICER, roles.SENIOR_MANAGER}
viewers = role_required(*VIEWERS)
supervisors = role_required(*roles.MANAGERS)


def _month(request, value: str | None = None):
    text = value if value is not None else text_param(request, "month", max_length=7)
    try:
        return pages.month_of(text)
    except ValueError as exc:
        raise BadRequest(str(exc))


def _area(area: str) -> str:
    if area not in queries.areas():
        raise Http404("No such service area")
    return area


def _indicator(indicator_id: str):
    try:
        return queries.indicator(indicator_id)
    except KeyError:
        raise Http404("No such indicator")


def _can_edit(user) -> bool:
    return user.has_role(*EDITORS)


@viewers
def index(request):
    last = _month(request)
    return render(
        request,
        "performance/index.html",
        {"last": last, "month": month_label(last), "areas": pages.overview(last), "can_edit": _can_edit(request.user)},
    )


@viewers
def area(request, area: str):
    _area(area)
    last = _month(request)
    rows = pages.area_rows(last, area)
    table = Table(
        queries.areas()[area],
        ["Indicator", "This month", "Last month", "Target", "RAG", "Direction", "National"],
        [
            [
                r["title"],
                r["value_text"],
                r["previous_text"],
                r["target_text"],
                r["rag_text"],
                r["move_text"],
                r["national_text"],
            ]
            for r in rows
        ],
    )
    if (response := download(request, f"scorecard-{area}-{month_label(last)}", {"scorecard": table})) is not None:
        return response
    return render(
        request,
        "performance/area.html",
        {
            "area": area,
            "area_name": queries.areas()[area],
            "last": last,
            "month": month_label(last),
            "rows": rows,
            "meeting": pages.meeting_for_month(area, last),
            "can_edit": _can_edit(request.user),
        },
    )


@viewers
def indicator(request, indicator_id: str):
    ind = _indicator(indicator_id)
    last = _month(request)
    found = queries.outcomes(last)[ind.id]
    row = pages.decorate(queries.indicator_row(found, last), compact=False)
    return render(
        request,
        "performance/indicator.html",
        {
            "ind": ind,
            "row": row,
            "last": last,
            "month": month_label(last),
            "area_name": queries.areas()[ind.area],
            "localities": pages.breakdown_rows(ind.id, last, "locality") if ind.by_team else [],
            "teams": pages.breakdown_rows(ind.id, last, "team") if ind.by_team else [],
            "counts": pages.children_counts(ind.id, last),
        },
    )


@viewers
def children(request, indicator_id: str):
    """The children behind the month's figure that this user may see (team managers: their team's)."""
    ind = _indicator(indicator_id)
    last = _month(request)
    team = text_param(request, "team", max_length=48) or None
    kids = queries.children_behind(ind.id, last, team)
    flags = {r["child_id"]: r["flagged"] for r in kids.to_dicts()}
    visible = scope.visible_child_ids(request.user)
    allowed = set(flags) if visible is None else set(flags) & visible
    rows, _ = lists.children(allowed, last, lists.Filters())
    rows = [{**r, "counted": "Yes" if flags.get(r["person_id"]) else "No"} for r in rows]
    header = [*lists.HEADER, "Counted in the numerator"]
    table = Table(ind.title, header, [[*t, r["counted"]] for t, r in zip(lists.as_table_rows(rows), rows)])
    if (response := download(request, f"children-{ind.id}-{month_label(last)}", {"children": table})) is not None:
        return response
    return render(
        request,
        "performance/children.html",
        {
            "ind": ind,
            "last": last,
            "month": month_label(last),
            "team": team,
            "page": paginate(request, rows, 50),
            "query": query_without(request, "page"),
            "total": len(flags),
            "hidden": len(flags) - len(allowed),
        },
    )


@viewers
@require_http_methods(["GET", "POST"])
def meeting(request, area: str, month: str):
    _area(area)
    last = _month(request, month)
    indicators = [i for i in queries.catalogue() if i["area"] == area]
    meeting = pages.meeting_for_month(area, last)
    if request.method == "POST":
        if not _can_edit(request.user):
            raise BadRequest("only the clinic's chair and officers record the meeting")
        meeting = services.meeting_for(last, area, by=request.user.username)
        problem = _post_meeting(request, meeting, indicators)
        if problem is None:
            return redirect(
                reverse("performance:meeting", args=[area, month_label(last)]) + "#" + request.POST.get("form", "")
            )
        messages.error(request, problem)
    context = {
        "area": area,
        "area_name": queries.areas()[area],
        "last": last,
        "month": month_label(last),
        "can_edit": _can_edit(request.user),
        "indicators": indicators,
        "rows": pages.area_rows(last, area),
        "action_form": forms.ActionForm(indicators=indicators, auto_id="%s"),
        "details_form": forms.MeetingForm(initial={"held_on": meeting.held_on if meeting else None}, auto_id="%s"),
        "today": timezone.localdate(),
    }
    if meeting is not None:
        context.update(pages.meeting_view(meeting, timezone.localdate()))
    else:
        context["standing"] = [{"key": k, "label": v, "note": None} for k, v in services.STANDING_ITEMS.items()]
    return render(request, "performance/meeting.html", context, status=400 if request.method == "POST" else 200)


def _first_error(form) -> str:
    return next((str(e) for errors in form.errors.values() for e in errors), "")


def _post_meeting(request, meeting, indicators) -> str | None:
    """Carry out one of the meeting page's forms; a message for the user when it cannot be."""
    which = request.POST.get("form", "")
    user = request.user.username
    if which == "details":
        form = forms.MeetingForm(request.POST)
        if not form.is_valid():
            return _first_error(form)
        services.update_meeting(meeting, form.cleaned_data["held_on"], form.cleaned_data["attendees"])
    elif which == "note":
        form = forms.NoteForm(request.POST, items=[i["id"] for i in indicators])
        if not form.is_valid():
            return "That note is not for an item of this meeting"
        services.save_note(meeting, form.cleaned_data["item"], form.cleaned_data["text"], by=user)
    elif which == "decision":
        form = forms.DecisionForm(request.POST)
        if not form.is_valid():
            return "A decision needs its text"
        services.add_decision(meeting, form.cleaned_data["text"], by=user)
    elif which == "action":
        form = forms.ActionForm(request.POST, indicators=indicators)
        if not form.is_valid():
            if "due_date" in form.errors:
                return form.errors["due_date"][0]
            return "An action needs what is to be done, an owner and a due date"
        data = form.cleaned_data
        services.add_action(meeting, data["what"], data["owner"], data["due_date"], data["indicator_id"], by=user)
    elif which == "action_status":
        form = forms.ActionStatusForm(request.POST)
        action_id = request.POST.get("action", "")
        if not form.is_valid() or not action_id.isdigit() or len(action_id) > 12:
            return "Choose open, done or dropped"
        action = get_object_or_404(ClinicAction, pk=int(action_id), meeting__area=meeting.area)
        services.set_action_status(action, form.cleaned_data["status"])
    else:
        return "That form is not one of this page's"
    messages.success(request, "Saved")
    return None


@viewers
def pack_download(request, area: str, month: str, fmt: str):
    if area != "all":
        _area(area)
    if fmt not in pack.FORMATS:
        raise Http404("The pack is made as PDF or xlsx")
    last = _month(request, month)
    data = pack.build(month_label(last), None if area == "all" else area, fmt)
    response = HttpResponse(data, content_type=pack.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="clinic-pack-{area}-{month_label(last)}.{fmt}"'
    return response


@supervisors
@require_http_methods(["GET", "POST"])
def supervision(request):
    as_at = date_param(request, "as_at", timezone.localdate())
    if not 1900 <= as_at.year <= 2199:
        raise BadRequest("as_at must be a date from 1900 to 2199")
    session_form, import_form, report = forms.SessionForm(auto_id="%s"), forms.ImportForm(), None
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "import":
            if not request.user.has_role(*roles.IMPORTERS):
                raise BadRequest("only performance officers and administrators import")
            import_form = forms.ImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                upload = import_form.cleaned_data["file"]
                report = importer.import_sessions(upload.read(), upload.name, user=request.user.username)
                if report["ok"]:
                    messages.success(request, f"Imported {report['count']} supervision sessions")
                    return redirect(reverse("performance:supervision"))
            status = 400
        else:
            session_form = forms.SessionForm(request.POST, auto_id="%s")
            if session_form.is_valid():
                try:
                    services.record_session(by=request.user.username, **session_form.cleaned_data)
                    messages.success(request, "Supervision session recorded")
                    return redirect(reverse("performance:supervision"))
                except services.ClinicError as exc:
                    session_form.add_error(None, str(exc))
            status = 400
    data = queries.supervision_compliance(as_at)
    visible_teams = None
    if request.user.role == roles.TEAM_MANAGER:
        visible_teams = scope.team_ids(request.user.team_id) if request.user.team_id else set()
    workers = [w for w in data["by_worker"] if visible_teams is None or w["team"] in visible_teams]
    return render(
        request,
        "performance/supervision.html",
        {
            "as_at": as_at,
            "data": data,
            "workers": workers,
            "session_form": session_form,
            "import_form": import_form,
            "report": report,
            "can_import": request.user.has_role(*roles.IMPORTERS),
        },
        status=status,
    )
