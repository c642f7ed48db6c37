"""The meetings calendar as a subscription: a secret per-login link, read-only, only that login's meetings, revocable."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from oversight.accounts import roles
from oversight.inspection import meetings
from oversight.inspection.models import CalendarToken, Inspection

TODAY = dt.date.today()


@pytest.fixture
def inspection(db):
    return Inspection.objects.create(
        kind=Inspection.STANDARD,
        notified_on=TODAY,
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=5),
        gatekeeper="gk",
    )


@pytest.fixture
def people(db, make_user, inspection):
    senior = make_user(roles.SENIOR_MANAGER, username="dcs")
    other = make_user(roles.PERFORMANCE_OFFICER, username="po")
    start = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(9, 0)))
    for topic, attendees in (("Front door walk-through", ["dcs"]), ("Care leavers data", ["po"])):
        meetings.save_meeting(
            inspection,
            senior,
            {"starts_at": start, "ends_at": start + dt.timedelta(hours=1), "attendees": attendees, "topic": topic},
        )
    return senior, other


def _make_link(client, inspection) -> str:
    page = client.post(f"/inspection/events/{inspection.pk}/calendar-link/", {"action": "create"})
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index('data-testid="calendar-url">') + len('data-testid="calendar-url">')
    url = html[start : html.index("</code>", start)]
    assert url.startswith("http://testserver/inspection/calendar/") and url.endswith(".ics")
    return url.removeprefix("http://testserver")


def test_a_link_opens_the_logins_own_meetings_without_a_session(people, inspection):
    senior, _ = people
    signed_in = Client()
    signed_in.force_login(senior)
    path = _make_link(signed_in, inspection)
    token = path.removeprefix("/inspection/calendar/").removesuffix(".ics")
    assert len(token) >= 40  # 32 random bytes
    # Only a digest is kept, never the token itself.
    stored = CalendarToken.objects.get()
    assert token not in stored.token_sha256 and len(stored.token_sha256) == 64
    # A second look at the page does not show it again.
    assert token not in signed_in.get(f"/inspection/events/{inspection.pk}/calendar-link/").content.decode()

    anonymous = Client()
    feed = anonymous.get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "SUMMARY:Front door walk-through" in body and "Care leavers data" not in body
    assert "no-store" in feed["Cache-Control"]
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    # Read-only: the feed answers GET (and HEAD) only, and opens no other page.
    assert anonymous.post(path).status_code == 405
    assert anonymous.head(path).status_code == 200
    assert anonymous.get(f"/inspection/events/{inspection.pk}/meetings/").status_code == 302  # to sign-in
    assert anonymous.get(f"/inspection/events/{inspection.pk}/meetings.ics").status_code == 302
    # A guessed or altered token opens nothing, and says nothing about why.
    assert anonymous.get("/inspection/calendar/guess.ics").status_code == 404
    assert anonymous.get(path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))).status_code == 404


def test_revoked_replaced_deactivated_or_off_the_team_the_link_stops(people, inspection):
    senior, other = people
    client = Client()
    client.force_login(other)
    path = _make_link(client, inspection)
    assert Client().get(path).status_code == 200
    # Replacing: the old link stops, the new one works.
    new_path = _make_link(client, inspection)
    assert Client().get(path).status_code == 404 and Client().get(new_path).status_code == 200
    assert CalendarToken.objects.count() == 1
    # Revoking.
    assert client.post(f"/inspection/events/{inspection.pk}/calendar-link/", {"action": "revoke"}).status_code == 302
    assert Client().get(new_path).status_code == 404 and not CalendarToken.objects.exists()
    # Off the team: a performance officer who becomes a social worker.
    path = _make_link(client, inspection)
    other.role = roles.SOCIAL_WORKER
    other.save()
    assert Client().get(path).status_code == 404
    other.role = roles.PERFORMANCE_OFFICER
    other.is_active = False
    other.save()
    assert Client().get(path).status_code == 404
    other.is_active = True
    other.save()
    assert Client().get(path).status_code == 200
    # Another inspection's meetings are not in it.
    elsewhere = Inspection.objects.create(
        kind=Inspection.FOCUSED, notified_on=TODAY, starts_on=TODAY, ends_on=TODAY, gatekeeper="gk"
    )
    start = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(14, 0)))
    meetings.save_meeting(
        elsewhere,
        senior,
        {"starts_at": start, "ends_at": start + dt.timedelta(hours=1), "attendees": ["po"], "topic": "Elsewhere"},
    )
    assert "Elsewhere" not in Client().get(path).content.decode()


def test_only_the_team_may_make_a_link(people, inspection, client_for):
    sw = client_for(roles.SOCIAL_WORKER, professional_id="W1")
    assert sw.get(f"/inspection/events/{inspection.pk}/calendar-link/").status_code == 403
    assert sw.post(f"/inspection/events/{inspection.pk}/calendar-link/", {"action": "create"}).status_code == 403
    assert not CalendarToken.objects.exists()
    senior = client_for(roles.SENIOR_MANAGER)
    assert senior.get("/inspection/events/999/calendar-link/").status_code == 404
