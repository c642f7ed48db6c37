"""Case selection in a real browser: the coordinator picks cases with the lead inspector; the worker is told."""

import datetime as dt

import pytest

from oversight.audits.models import Audit
from oversight.inspection.models import Inspection, SelectedCase

pytestmark = pytest.mark.browser


def test_case_selection(session):
    today = dt.date.today()
    inspection = Inspection.objects.create(
        kind=Inspection.STANDARD,
        notified_on=today,
        starts_on=today,
        ends_on=today + dt.timedelta(days=9),
        gatekeeper="perf",
    )
    from oversight.accounts.models import User

    # sw-w1 holds child C for this test, so picking C tells them.
    User.objects.filter(username="sw-w1").update(professional_id="W3")
    senior = session()
    page = senior.sign_in("senior")
    page.goto(f"/inspection/events/{inspection.pk}/")
    page.click("text=Cases picked for audit and tracking")
    assert "For audit (0 of 18)" in page.content() and "Tracked (0 of 12)" in page.content()

    page.select_option("#id_purpose", "audit")
    page.fill("#id_child_id", "C")
    page.fill("#id_partner_contacts", "School: Ms Head")
    page.check("#id_parents_told")
    page.fill("#id_management_scrutiny", "Head of service read the file")
    page.click("button:has-text('Pick this case')")
    row = page.locator("[data-testid=audit-cases] tbody tr[data-child=C]")
    assert "Worker W3" in row.inner_text() and "Worker I1" in row.inner_text()
    audit_id = SelectedCase.objects.get(child_id="C").audit_id
    assert Audit.objects.get(pk=audit_id).tool.key == "inspection"

    page.select_option("#id_purpose", "tracked")
    page.fill("#id_child_id", "A")
    page.click("button:has-text('Pick this case')")
    assert page.locator("[data-testid=tracked-cases] tbody tr[data-child=A]").count() == 1
    assert "Tracked (1 of 12)" in page.content()

    # The same child twice is refused with a message, not an error page.
    page.select_option("#id_purpose", "audit")
    page.fill("#id_child_id", "C")
    page.click("button:has-text('Pick this case')")
    assert "already picked for audit" in page.locator(".govuk-error-summary").inner_text()

    # A tracked case has a folder of notes.
    page.goto(f"/inspection/events/{inspection.pk}/cases/")
    page.click("[data-testid=tracked-cases] a:has-text('A')")
    page.fill("#id_note", "Inspector asked about the plan's timescales")
    page.click("button:has-text('Add note')")
    assert "Inspector asked about the plan's timescales" in page.locator("[data-testid=notes]").inner_text()

    # The worker holding C sees the alert.
    worker = session()
    wp = worker.sign_in("sw-w1")
    wp.goto("/inspection/alerts/")
    assert "Child C has been picked by the inspectors for audit" in wp.locator("[data-testid=alerts]").inner_text()
    for s in (senior, worker):
        assert not s.problems, s.problems
