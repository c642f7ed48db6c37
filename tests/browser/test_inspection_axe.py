"""axe-core on every inspection page, with content, as the people who use them (WCAG 2.2 AA and best practice)."""

import datetime as dt

import pytest
from django.utils import timezone

from oversight.inspection import cases, event, meetings, practice
from oversight.inspection.models import EvidenceArea, Inspection, KeepInTouch, LineOfEnquiry, PartnerContact

pytestmark = pytest.mark.browser


class _By:
    def __init__(self, name):
        self.name = name

    def get_username(self):
        return self.name


@pytest.fixture
def records(council):
    today = dt.date.today()
    run, _ = practice.run(dt.date(2024, 2, 29), None)
    inspection = Inspection.objects.create(
        kind=Inspection.STANDARD,
        notified_on=today,
        starts_on=today,
        ends_on=today + dt.timedelta(days=5),
        gatekeeper="perf",
        lead_inspector="HMI Lead",
        rapid_response_team=["senior"],
    )
    senior = _By("senior")
    item = event.add_request(inspection, senior, "Supervision records", "HMI Lead", "Oversight")
    event.approve(item.pk, senior)
    event.add_request(inspection, senior, "MASH minutes", "HMI Lead")
    case = cases.add_case(inspection, senior, "tracked", "A", notify=False)
    start = timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))
    meeting = meetings.save_meeting(
        inspection,
        senior,
        {
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=1),
            "venue": "Room 1",
            "inspectors": "HMI Lead",
            "attendees": ["senior"],
            "topic": "Front door",
            "preparation": "Data pack",
            "cancelled": False,
        },
    )
    LineOfEnquiry.objects.create(inspection=inspection, title="Thresholds", owner="senior")
    KeepInTouch.objects.create(inspection=inspection, held_on=today, notes="Going well")
    EvidenceArea.objects.create(title="Front door", owner="senior", submitted_rag="amber", quality_rag="green")
    PartnerContact.objects.create(organisation="Police", name="DI Partner")
    return {"run": run, "inspection": inspection, "case": case, "meeting": meeting}


def test_every_inspection_page_passes_axe(session, records):
    from tests.browser import axe

    i = records["inspection"].pk
    pages = {
        "perf": [
            "/inspection/",
            f"/inspection/practice-runs/{records['run'].pk}/",
            "/inspection/repeat-referrals/",
            "/inspection/readiness/",
            "/inspection/evidence/",
            "/inspection/events/",
            "/inspection/events/new/",
            f"/inspection/events/{i}/",
            f"/inspection/events/{i}/edit/",
            f"/inspection/events/{i}/browsing/",
            f"/inspection/events/{i}/requests/",
            f"/inspection/events/{i}/cases/",
            f"/inspection/events/{i}/cases/{records['case'].pk}/",
            f"/inspection/events/{i}/meetings/",
            f"/inspection/events/{i}/meetings/{records['meeting'].pk}/",
            f"/inspection/events/{i}/day/",
            f"/inspection/events/{i}/lines/",
            f"/inspection/events/{i}/briefing/",
            "/inspection/alerts/",
        ],
        "tm-t1": ["/inspection/repeat-referrals/"],
    }
    problems = []
    for login, paths in pages.items():
        s = session()
        axe.install(s.context)
        s.sign_in(login)
        for path in paths:
            assert s.open(path).status == 200, path
            problems += [f"{path} as {login}: {v}" for v in axe.violations(s.page)]
    assert problems == []
