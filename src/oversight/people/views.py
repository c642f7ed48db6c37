from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from oversight.accounts import scope
from oversight.accounts.audit_log import log_child_view
from oversight.people import panels, queries
from oversight.people.models import Person
from oversight.web.params import paginate, query_without, text_param

ID_MAX = 48  # every SSD id column is nvarchar(48)


def children(request):
    """The children this user may see, searchable by id."""
    rows = scope.filter_children(request.user, Person.objects.all()).order_by("person_id")
    q = text_param(request, "q", max_length=ID_MAX)
    if q:
        rows = rows.filter(person_id__icontains=q)
    page = paginate(request, rows.only("person_id", "dob", "sex"), 50)
    return render(request, "people/children.html", {"page": page, "q": q, "query": query_without(request, "page")})


def child(request, person_id: str):
    """A child's record: details, current allocations, other apps' panels and the full chronology."""
    if len(person_id) > ID_MAX or any(ord(ch) < 32 for ch in person_id):
        raise Http404("No such child")
    if not scope.can_see_child(request.user, person_id):
        # The same answer whether or not the child exists, so ids cannot be probed.
        raise PermissionDenied
    person = Person.objects.filter(person_id=person_id).first()
    if person is None:
        raise Http404("No such child")
    log_child_view(request, person_id, page="child record")
    context = {
        "person": person,
        "allocations": queries.current_allocations(person_id, timezone.localdate()),
        "events": queries.chronology(person_id),
        "extra_panels": panels.render_panels(request, person),
    }
    return render(request, "people/child.html", context)
