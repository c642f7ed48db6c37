import datetime as dt

from django.shortcuts import render

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
    text = request.GET.get("as_at", "")
    error = ""
    as_at = dt.date.today()
    if text:
        try:
            as_at = parse_date(text, "The date")
        except BadDate as exc:
            error = str(exc)
    counts = None
    if request.user.sees_council_figures and not error:
        data = queries.headline_counts(as_at)
        counts = [(label, key, data[key]) for label, key in HEADLINES]
    status = 400 if error else 200
    return render(request, "web/home.html", {"counts": counts, "as_at": as_at, "as_at_text": text or as_at.isoformat(), "error": error}, status=status)


def healthz(request):
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")
