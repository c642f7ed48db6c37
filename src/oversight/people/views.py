from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from oversight.accounts import scope
from oversight.accounts.audit_log import log_child_view
from oversight.people import figures, lists, panels, queries
from oversight.people.models import Person
from oversight.web import labels
from oversight.web.downloads import Table, download, wanted
from oversight.web.params import date_param, paginate, query_without, text_param

ID_MAX = 48  # every SSD id column is nvarchar(48)


def children(request):
    """The children this user may see: all, or those behind a figure (?status=, ?worker=, ?team=), searchable."""
    as_at = date_param(request, "as_at", timezone.localdate())
    status = text_param(request, "status", max_length=40)
    if status and status not in lists.STATUSES:
        raise BadRequest("status is not one of the figures children can be listed by")
    worker_id = text_param(request, "worker", max_length=ID_MAX)
    team_id = text_param(request, "team", max_length=ID_MAX)
    q = text_param(request, "q", max_length=100)
    filters = lists.Filters(
        status=status, worker_id=worker_id, team_ids=frozenset(scope.team_ids(team_id)) if team_id else None, q=q
    )
    rows, hidden = lists.children(scope.visible_child_ids(request.user), as_at, filters)
    title = lists.STATUSES[status][0] if status else "Children"
    if wanted(request):  # the table for a download is built only when one is asked for (100,000 rows)
        return download(request, "children", {"children": Table(title, lists.HEADER, lists.as_table_rows(rows))})
    names = labels.worker_names()
    context = {
        "page": paginate(request, rows, 50),
        "title": title,
        "rows_count": len(rows),
        "hidden": hidden,
        "q": q,
        "status": status,
        "as_at": as_at,
        "worker_name": names.get(worker_id, worker_id) if worker_id else "",
        "team_name": labels.team_names().get(team_id, team_id) if team_id else "",
        "filtered": bool(status or worker_id or team_id),
        "keep": [(k, request.GET[k]) for k in ("status", "worker", "team", "as_at") if request.GET.get(k)],
        "query": query_without(request, "page"),
    }
    return render(request, "people/children.html", context)


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
    today = timezone.localdate()
    context = {
        "person": person,
        # Case data only, the same for everyone allowed this child: rendered once per child, day and snapshot
        # (people.figures); the other apps' panels (workflow records) are rendered for each request.
        "record": figures.cached(
            "people.child_record_html", (person_id, today), lambda: _record(person, today), fragment=True
        ),
        "extra_panels": panels.render_panels(request, person),
    }
    return render(request, "people/child.html", context)


def _record(person: Person, today) -> tuple[str, str]:
    head = {"person": person, "allocations": queries.current_allocations(person.person_id, today)}
    events = {"events": queries.chronology(person.person_id)}
    return render_to_string("people/_record_head.html", head), render_to_string("people/_chronology.html", events)
