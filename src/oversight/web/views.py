from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from oversight.accounts import roles, scope
from oversight.people import queries
from oversight.web import jobs
from oversight.web import queries as home_queries
from oversight.web.dates import BadDate, parse_date

HEADLINES = [
    ("Open referrals", "open_referrals"),
    ("Children in need", "children_in_need"),
    ("On child protection plans", "child_protection_plans"),
    ("Children in care", "children_in_care"),
    ("Care leavers", "care_leavers"),
    ("Unallocated children", "unallocated_children"),
]
# Roles whose home page leads with the council's figures and how they have moved.
TREND_ROLES = {roles.ADMINISTRATOR, roles.PERFORMANCE_OFFICER, roles.SENIOR_MANAGER}


def home(request):
    """What each role needs first: council figures with trends, a team's picture, a worker's children,
    an IRO's reviews due. Roles allowed council figures also get the headline counts on any date."""
    user = request.user
    text = request.GET.get("as_at", "").strip()
    as_at, error = timezone.localdate(), ""
    if text:
        try:
            as_at = parse_date(text, "The date")
        except BadDate as exc:
            error = str(exc)
    context = {"as_at": as_at, "as_at_text": text or as_at.isoformat(), "error": error, "counts": None}
    if user.sees_council_figures and not error:
        data = queries.headline_counts(as_at)
        context["counts"] = [(label, key, data[key]) for label, key in HEADLINES]
        # A count links to its children only for a user who may see every one of them.
        context["link_counts"] = scope.sees_all_children(user)
        if user.role in TREND_ROLES:
            context["trend"] = home_queries.council_trend(as_at)
    elif not user.sees_council_figures:
        visible = scope.visible_child_ids(user)
        context["my_children"] = None if visible is None else len(visible)
    if error:
        return render(request, "web/home.html", context, status=400)
    today = timezone.localdate()
    if user.role == roles.SOCIAL_WORKER and user.professional_id:
        context["mine"] = home_queries.my_children(user, today)
        context["my_caseload"] = home_queries.caseload(user.professional_id, today)
    elif user.role == roles.TEAM_MANAGER and user.team_id:
        context["team"] = home_queries.team_panel(user, today)
    elif user.role == roles.IRO and user.professional_id:
        context["reviews"] = home_queries.reviews_due(user, today)
        context["review_until"] = home_queries.review_window_end(today)
        context["my_caseload"] = home_queries.caseload(user.professional_id, today, "iro")
    return render(request, "web/home.html", context)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def job_state(request, token: str):
    """The stage a job the user started has reached (web.jobs), as JSON for busy.js; {} when unknown."""
    return JsonResponse(jobs.state(token, request.user.get_username()))
