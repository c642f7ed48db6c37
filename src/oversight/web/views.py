from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from oversight.accounts import scope
from oversight.people import queries
from oversight.web.dates import BadDate, parse_date

HEADLINES = [
    ("Open referrals", "open_referrals"),
    ("Children in need", "children_in_need"),
    ("On child protection plans", "child_protection_plans"),
    ("Children in care", "children_in_care"),
    ("Care leavers", "care_leavers"),
    ("Unallocated children", "unallocated_children"),
]


def home(request):
    """Headline counts on a date for roles allowed council figures; otherwise how many children are theirs."""
    text = request.GET.get("as_at", "").strip()
    as_at, error = timezone.localdate(), ""
    if text:
        try:
            as_at = parse_date(text, "The date")
        except BadDate as exc:
            error = str(exc)
    context = {"as_at": as_at, "as_at_text": text or as_at.isoformat(), "error": error, "counts": None}
    if request.user.sees_council_figures and not error:
        data = queries.headline_counts(as_at)
        context["counts"] = [(label, key, data[key]) for label, key in HEADLINES]
        # A count links to its children only for a user who may see every one of them.
        context["link_counts"] = scope.sees_all_children(request.user)
    elif not request.user.sees_council_figures:
        visible = scope.visible_child_ids(request.user)
        context["my_children"] = None if visible is None else len(visible)
    return render(request, "web/home.html", context, status=400 if error else 200)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
