"""The meetings calendar: the signed-in download, and the subscription URL with its token (made, shown once, revoked)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from oversight.inspection import access, meetings, subscriptions
from oversight.inspection.views_event import _inspection, _is_team, _team_only
from oversight.web.params import text_param


def _ics_response(inspection, attendee: str, host: str) -> HttpResponse:
    response = HttpResponse(
        meetings.ics(inspection, attendee, host or "oversight"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="inspection{inspection.pk}-meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def calendar_feed(request, pk: int):
    """An attendee's meetings as iCalendar; a login may fetch only its own unless it coordinates."""
    inspection = _inspection(pk)
    _team_only(request, inspection)
    attendee = text_param(request, "attendee", max_length=150) or request.user.get_username()
    if attendee != request.user.get_username() and request.user.role not in access.COORDINATORS:
        attendee = request.user.get_username()
    return _ics_response(inspection, attendee, request.get_host().split(":")[0])


def subscription(request, pk: int):
    """Make, replace or revoke the signed-in login's subscription link; a new link is shown on this answer only."""
    inspection = _inspection(pk)
    _team_only(request, inspection)
    url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if subscriptions.revoke(request.user, inspection):
                messages.success(request, "Calendar link revoked: calendars using it get nothing more")
            return redirect("inspection:subscription", pk=pk)
        token = subscriptions.create(request.user, inspection)
        url = request.build_absolute_uri(reverse("inspection:subscribed_feed", kwargs={"token": token}))
    response = render(
        request,
        "inspection/subscription.html",
        {"inspection": inspection, "token": subscriptions.current(request.user, inspection), "url": url},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def subscribed_feed(request, token: str):
    """The feed a calendar program subscribes to: no session, the token alone; 404 for any token that does not open."""
    found = subscriptions.resolve(token, _is_team)
    if found is None:
        raise Http404("No such calendar")
    return _ics_response(found.inspection, found.user.get_username(), request.get_host().split(":")[0])
