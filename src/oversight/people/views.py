import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from oversight.accounts import scope
from oversight.accounts.audit_log import log_child_view
from oversight.people import queries
from oversight.people.models import Person


def children(request):
    """The children this user may see, searchable by id."""
    qs = scope.filter_children(request.user, Person.objects.all()).order_by("person_id")
    q = request.GET.get("q", "").strip()[:48]
    if q:
        qs = qs.filter(person_id__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "people/children.html", {"page": page, "q": q})


def child(request, person_id: str):
    """A child's record: details, current allocations and the full chronology."""
    if not scope.can_see_child(request.user, person_id):
        # The same answer whether or not the child exists, so ids cannot be probed.
        raise PermissionDenied
    try:
        person = Person.objects.get(person_id=person_id)
    except Person.DoesNotExist:
        raise Http404
    log_child_view(request, person_id, page="child record")
    today = dt.date.today()
    context = {
        "person": person,
        "allocations": queries.current_allocations(person_id, today),
        "events": queries.chronology(person_id),
        "extra_panels": [],
    }
    from oversight.people import panels

    context["extra_panels"] = panels.render_panels(request, person)
    return render(request, "people/child.html", context)
