"""Case selection, meetings (history, since yesterday, day schedule, .ics), the daily briefing, readiness."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from oversight.accounts import roles
from oversight.audits.models import Audit
from oversight.inspection import cases, daily, meetings
from oversight.inspection.event import EventError
from oversight.inspection.models import Alert, Inspection, Meeting, SelectedCase
from tests import factories as f

TODAY = dt.date.today()


@pytest.fixture
def council(db):
    f.small_council()
    f.worker("M2", grade="team_manager", team_id="T2", start="2020-01-01", name="Manager Two")


@pytest.fixture
def inspection(db):
    return Inspection.objects.create(
        kind=Inspection.STANDARD,
        notified_on=TODAY,
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=5),
        gatekeeper="gk",
    )


def test_picking_a_case_records_holders_notifies_and_opens_an_audit(council, inspection, make_user):
    sw = make_user(roles.SOCIAL_WORKER, professional_id="W3", email="w3@example.org")
    tm = make_user(roles.TEAM_MANAGER, professional_id="M2", team_id="T2")  # no email: an alert only
    iro = make_user(roles.IRO, professional_id="I1", email="i1@example.org")
    senior = make_user(roles.SENIOR_MANAGER)
    case = cases.add_case(inspection, senior, "audit", "C", "Police: DS Smith", True, "Reviewed by head of service")
    assert (case.worker, case.team_manager, case.iro) == ("Worker W3", "Manager Two", "Worker I1")
    assert case.notified_at is not None and case.parents_told
    assert sorted(Alert.objects.values_list("username", "emailed")) == sorted(
        [(sw.username, True), (tm.username, False), (iro.username, True)]
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["i1@example.org", "w3@example.org"]
    audit = Audit.objects.get(pk=case.audit_id)
    assert (audit.child_id, audit.tool.key, audit.team_id, audit.worker_id) == ("C", "inspection", "T2", "W3")
    tracked = cases.add_case(inspection, senior, "tracked", "A")
    assert tracked.audit_id is None
    with pytest.raises(EventError, match="already picked"):
        cases.add_case(inspection, senior, "audit", "C")
    with pytest.raises(EventError, match="no child"):
        cases.add_case(inspection, senior, "audit", "NOPE")


def test_numbers_per_type_are_configurable(council, inspection, make_user, monkeypatch):
    senior = make_user(roles.SENIOR_MANAGER)
    monkeypatch.setattr(cases, "limit", lambda purpose: 1)
    cases.add_case(inspection, senior, "tracked", "A")
    with pytest.raises(EventError, match="1 cases are already picked"):
        cases.add_case(inspection, senior, "tracked", "B")


def test_default_numbers():
    assert cases.limit("audit") == 18 and cases.limit("tracked") == 12


def test_meeting_history_since_yesterday_day_schedule_and_ics(inspection, make_user):
    by = make_user(roles.SENIOR_MANAGER)
    start = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(9, 30)))
    data = {
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=1),
        "venue": "Room 1, Town Hall",
        "inspectors": "HMI Lead",
        "attendees": ["dcs", "gk"],
        "topic": "Front door; MASH, walk-through",
        "preparation": "Bring the contact data",
        "cancelled": False,
    }
    m = meetings.save_meeting(inspection, by, data)
    meetings.save_meeting(inspection, by, {**data, "venue": "Room 2"}, m)
    history = list(m.changes.order_by("at", "pk"))
    assert [c.what for c in history] == ["created", "changed"]
    assert history[1].before == {"venue": "Room 1, Town Hall"} and history[1].after == {"venue": "Room 2"}
    assert meetings.since_yesterday(inspection).count() == 2
    assert meetings.day_schedule(inspection, TODAY) == [m]
    assert meetings.day_schedule(inspection, TODAY + dt.timedelta(days=1)) == []
    feed = meetings.ics(inspection, "gk")
    assert feed.startswith("BEGIN:VCALENDAR\r\n") and feed.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Front door\\; MASH\\, walk-through" in feed and "LOCATION:Room 2" in feed
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))
    assert "BEGIN:VEVENT" not in meetings.ics(inspection, "someone else")
    meetings.save_meeting(inspection, by, {**data, "venue": "Room 2", "cancelled": True}, m)
    assert m.changes.first().what == "cancelled"
    assert "STATUS:CANCELLED" in meetings.ics(inspection, "gk")
    with pytest.raises(EventError):
        meetings.save_meeting(inspection, by, {**data, "ends_at": start})


def test_briefing_assembled_and_sent_by_email(inspection, make_user):
    from oversight.inspection import event
    from oversight.inspection.models import KeepInTouch

    by = make_user(roles.SENIOR_MANAGER)
    event.add_request(inspection, by, "Care leaver pathway plans", "HMI B")
    KeepInTouch.objects.create(
        inspection=inspection, held_on=TODAY, notes="Lead inspector content", actions="Send plans"
    )
    text = daily.draft_briefing(inspection, TODAY)
    assert "1 asked today" in text and "Care leaver pathway plans" in text and "Lead inspector content" in text
    with pytest.raises(EventError, match="nobody to send to"):
        daily.send_briefing(inspection, by, TODAY, text, [])
    daily.send_briefing(inspection, by, TODAY, text + "Edited.", ["dcs@example.org", "lead@example.org"])
    assert mail.outbox[-1].to == ["dcs@example.org", "lead@example.org"]
    assert mail.outbox[-1].body.endswith("Edited.")


def test_work_pages_answer_the_team_only(council, inspection, client_for):
    senior = client_for(roles.SENIOR_MANAGER)
    for path in ("cases/", "meetings/", "day/", "day/?day=2026-02-30", "meetings.ics", "lines/", "briefing/"):
        got = senior.get(f"/inspection/events/{inspection.pk}/{path}")
        assert got.status_code == (400 if "02-30" in path else 200), path
    assert (
        senior.post(f"/inspection/events/{inspection.pk}/cases/", {"purpose": "audit", "child_id": "NOPE"}).status_code
        == 400
    )
    assert (
        senior.post(f"/inspection/events/{inspection.pk}/cases/", {"purpose": "audit", "child_id": "A"}).status_code
        == 302
    )
    case = SelectedCase.objects.get()
    assert senior.get(f"/inspection/events/{inspection.pk}/cases/{case.pk}/").status_code == 200
    assert senior.get(f"/inspection/events/{inspection.pk}/cases/9999/").status_code == 404
    assert senior.get("/inspection/readiness/").status_code == 200
    assert senior.get("/inspection/evidence/").status_code == 200
    sw = client_for(roles.SOCIAL_WORKER)
    assert sw.get(f"/inspection/events/{inspection.pk}/cases/").status_code == 403
    assert sw.get("/inspection/readiness/").status_code == 403
    assert sw.get("/inspection/alerts/").status_code == 200
    assert Meeting.objects.count() == 0


def test_the_error_summary_names_a_field_once(client_for, db):
    """A date's GOV.UK message already names its field; other messages get the label before them."""
    senior = client_for(roles.SENIOR_MANAGER)
    got = senior.post(
        "/inspection/evidence/", {"title": "", "due_on-day": "30", "due_on-month": "2", "due_on-year": "2026"}
    )
    assert got.status_code == 400
    page = got.content.decode()
    assert "Due date must be a real date" in page and "Due date: Due date" not in page
    assert "Evidence area: This field is required." in page
