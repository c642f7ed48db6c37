"""The gatekeeper flow in a real browser: record the inspection, a request asked, approved, handed over by the
gatekeeper alone; the inspector browses read-only and the rapid response team sees it."""

import datetime as dt
import hashlib

import pytest

from oversight.inspection.models import InformationRequest, Inspection
from tests.browser.forms import fill_date

pytestmark = pytest.mark.browser


def test_gatekeeper_flow(session, tmp_path):
    today = dt.date.today()
    senior = session()
    page = senior.sign_in("senior")
    page.goto("/inspection/events/new/")
    page.select_option("#id_kind", "ilacs_standard")
    fill_date(page, "#id_notified_on", (today - dt.timedelta(days=3)).isoformat())
    fill_date(page, "#id_starts_on", today.isoformat())
    fill_date(page, "#id_ends_on", (today + dt.timedelta(days=9)).isoformat())
    page.fill("#id_lead_inspector", "HMI Lead")
    page.fill("#id_inspectors", "inspector")
    page.fill("#id_gatekeeper", "perf")
    page.fill("#id_rapid_response_team", "tm-t1")
    page.click("button:has-text('Save')")
    inspection = Inspection.objects.get()
    assert page.url.endswith(f"/inspection/events/{inspection.pk}/")
    assert "perf" in page.locator("[data-testid=inspection]").inner_text()

    # The senior manager records the request; nobody can hand it over before approval.
    page.goto(f"/inspection/events/{inspection.pk}/requests/")
    page.fill("#id_what", "Supervision records for the assessment team")
    page.fill("#id_asked_by", "HMI Lead")
    page.fill("#id_line_of_enquiry", "Management oversight")
    page.click("button:has-text('Add to the register')")
    row = page.locator("[data-testid=register] tbody tr").first
    assert row.get_attribute("data-status") == "awaiting approval"
    assert "Not until approved" in row.inner_text()

    gatekeeper = session()
    gk = gatekeeper.sign_in("perf")
    gk.goto(f"/inspection/events/{inspection.pk}/requests/")
    assert gk.locator("input[type=file]").count() == 0

    page.click("button:has-text('Approve')")
    row = page.locator("[data-testid=register] tbody tr").first
    assert row.get_attribute("data-status") == "approved"
    assert "Waiting for the gatekeeper" in row.inner_text()  # the senior manager is not the gatekeeper
    assert page.locator("input[type=file]").count() == 0

    handed = tmp_path / "supervision.xlsx"
    handed.write_bytes(b"the records as handed over")
    gk.reload()
    gk.set_input_files("input[type=file]", str(handed))
    gk.click("button:has-text('Hand over')")
    row = gk.locator("[data-testid=register] tbody tr").first
    assert row.get_attribute("data-status") == "handed over"
    digest = hashlib.sha256(b"the records as handed over").hexdigest()
    assert digest in row.inner_text()
    item = InformationRequest.objects.get()
    assert (item.approved_by, item.handed_over_by, item.file_sha256) == ("senior", "perf", digest)

    # The inspector reads a child's record; the rapid response team sees it on today's list.
    inspector = session()
    ip = inspector.sign_in("inspector")
    response = ip.goto("/children/A/")
    assert response.status == 200
    rrt = session()
    rp = rrt.sign_in("tm-t1")
    rp.goto(f"/inspection/events/{inspection.pk}/browsing/")
    listed = rp.locator("[data-testid=browsing]").inner_text()
    assert "inspector" in listed and "/children/A/" in listed
    for s in (senior, gatekeeper, inspector, rrt):
        assert not s.problems, s.problems
