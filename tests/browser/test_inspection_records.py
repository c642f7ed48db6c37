"""Lines of enquiry in a real browser: changed from their own page, deleted only after saying yes; and the calendar link."""

import datetime as dt

import pytest

from oversight.inspection.models import CalendarToken, Inspection, LineOfEnquiry, RecordChange

pytestmark = pytest.mark.browser


def test_change_then_delete_a_line_of_enquiry(session):
    today = dt.date.today()
    inspection = Inspection.objects.create(
        kind=Inspection.STANDARD, notified_on=today, starts_on=today, ends_on=today, gatekeeper="perf"
    )
    LineOfEnquiry.objects.create(inspection=inspection, title="Front door", owner="hos")
    page = session().sign_in("senior")
    page.goto(f"/inspection/events/{inspection.pk}/lines/")
    page.click("[data-testid=lines] a:has-text('Change')")
    page.fill("#id_title", "Front door and MASH")
    page.fill("#id_response", "Threshold audit done")
    page.select_option("#id_status", "answered")
    page.click("main button:has-text('Save')")
    assert "Front door and MASH" in page.locator("[data-testid=lines]").inner_text()
    assert "Answered" in page.locator("[data-testid=lines]").inner_text()

    # Delete asks first; "No, keep it" keeps it.
    page.click("[data-testid=lines] a:has-text('Change')")
    page.click("text=Delete this line of enquiry")
    assert "Delete the line of enquiry “Front door and MASH”?" in page.locator("h1").inner_text()
    page.click("text=No, keep it")
    assert LineOfEnquiry.objects.count() == 1
    # The change page lists every change.
    assert "Threshold audit done" in page.locator("[data-testid=history]").inner_text()
    page.click("text=Delete this line of enquiry")
    page.click("main button:has-text('Yes, delete it')")
    assert "None yet." in page.locator("[data-testid=lines]").inner_text()
    assert RecordChange.objects.get(what="deleted").before["title"] == "Front door and MASH"


def test_make_and_revoke_a_calendar_link(session):
    today = dt.date.today()
    inspection = Inspection.objects.create(
        kind=Inspection.STANDARD, notified_on=today, starts_on=today, ends_on=today, gatekeeper="perf"
    )
    page = session().sign_in("senior")
    page.goto(f"/inspection/events/{inspection.pk}/meetings/")
    page.click("text=Subscribe in my calendar")
    page.click("main button:has-text('Make a calendar link')")
    url = page.locator("[data-testid=calendar-url]").inner_text()
    assert "/inspection/calendar/" in url and CalendarToken.objects.count() == 1
    # Revisiting shows the link's state, never the link.
    page.goto(f"/inspection/events/{inspection.pk}/calendar-link/")
    assert url not in page.content() and "You made a link" in page.content()
    page.click("main button:has-text('Revoke the link')")
    assert "You have no calendar link" in page.content() and not CalendarToken.objects.exists()
