"""The whole audit cycle in a real browser: sample, assign, audit, escalate, moderate, act, report.

Runs on factories.small_council with the shared logins (tests/browser/conftest.py).
On 2024-03-01 the children with an open case and a team are A (T1), B (T1a),
C and D (T2); E has no worker, F's case is closed. One per team gives three
audits, all for `auditor`, the only user with the auditor role.
"""

import re

import pytest
from playwright.sync_api import expect

from oversight.audits.models import Action, Audit, Escalation
from tests.browser.conftest import SCREENSHOTS
from tests.browser.forms import fill_date

pytestmark = pytest.mark.browser


def flash(page) -> str:
    return page.locator(".govuk-notification-banner").first.inner_text()


def test_the_audit_cycle(session):
    # Sample: the senior manager draws March 2024, one child per team.
    senior = session()
    page = senior.sign_in("senior")
    page.goto("/audits/sample/")
    page.fill("#id_month", "2024-03")
    page.fill("#id_per_team", "1")
    page.fill("#id_seed", "3")
    page.click("button:has-text('Draw sample')")
    assert "3 children sampled for March 2024" in flash(page)
    rows = page.locator("[data-testid=audit-list] tbody tr")
    assert rows.count() == 3
    assert sorted(Audit.objects.values_list("team_id", flat=True)) == ["T1", "T1a", "T2"]
    assert set(Audit.objects.values_list("auditor", flat=True)) == {"auditor"}

    # Assign: T1's team manager may not audit T1's child; the T2 audit goes to them instead.
    a_audit = Audit.objects.get(team_id="T1")
    page.goto(f"/audits/{a_audit.pk}/assign/")
    options = page.locator("#id_auditor option").all_inner_texts()
    assert not any(o.startswith("tm-t1") for o in options)
    t2_audit = Audit.objects.get(team_id="T2")
    page.goto(f"/audits/{t2_audit.pk}/assign/")
    page.select_option("#id_auditor", "tm-t1")
    page.click("button:has-text('Assign')")
    assert f"Audit {t2_audit.pk} assigned to tm-t1" in flash(page)

    # Audit: the auditor's queue, the child's record for the review period, grades by keyboard.
    auditor = session()
    page = auditor.sign_in("auditor")
    page.goto("/audits/")
    queue = page.locator("[data-testid=my-audits]").inner_text()
    assert f"Audit {a_audit.pk}" in queue and f"Audit {t2_audit.pk}" not in queue
    page.click(f"text=Audit {a_audit.pk}")
    assert page.locator("h1").inner_text() == f"Audit of child {a_audit.child_id}"
    assert "1 Oct 2023 to 31 Mar 2024" in page.locator("[data-testid=review-chronology] caption").inner_text()
    # Submitting with nothing filled in: the GOV.UK error summary takes focus and links to the fields.
    page.click("button:has-text('Submit for moderation')")
    expect(page.locator(".govuk-error-summary")).to_be_focused()  # waits for GOV.UK Frontend's script
    assert "Choose an overall grade" in page.locator(".govuk-error-summary").inner_text()
    # Keyboard only for the first question: focus its first grade, arrow to the next, which selects it.
    page.focus("#id_q_risk_grade")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#id_q_risk_grade-2")  # Good
    questions = page.locator("[data-question]")
    for i in range(1, questions.count()):
        questions.nth(i).locator("input[value='Good']").check()
    page.locator("[data-question] textarea").first.fill("A risk assessment dated January is on file.")
    page.check("#id_grade-2")
    page.fill("#id_evidence", "The plan is clear and the child is seen regularly.")
    fill_date(page, "#id_conversation_date", "2024-03-12")
    page.fill("#id_conversation", "Talked through the plan with the worker.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "audit-form.png"), full_page=True)

    # Escalate before submitting: the auditor is worried about the child now.
    page.click("button:has-text('Save draft')")
    assert "Audit saved" in flash(page)
    page.click("text=Flag that this child needs immediate action")
    page.fill("#id_reason", "Disclosure in the latest visit record has not been acted on.")
    page.click("button:has-text('Raise the escalation')")
    assert "Escalation raised to tm-t1, senior" in flash(page)
    assert "Welfare escalation raised" in page.locator(".govuk-warning-text").first.inner_text()
    # The draft kept the grades; submit by keyboard.
    page.focus("button:has-text('Submit for moderation')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/audits/$"))
    assert "Audit submitted for moderation" in flash(page)
    assert Audit.objects.get(pk=a_audit.pk).status == Audit.SUBMITTED

    # The team manager sees the escalation on their audits page until they resolve it.
    manager = session()
    page = manager.sign_in("tm-t1")
    page.goto("/audits/")
    assert a_audit.child_id in page.locator("[data-testid=my-escalations]").inner_text()
    page.locator("[data-testid=my-escalations] a").first.click()
    page.fill("#id_note", "Visited the same day; strategy discussion held.")
    page.click("button:has-text('Resolve the escalation')")
    assert "Escalation resolved" in flash(page)
    page.goto("/audits/")
    assert page.locator("[data-testid=my-escalations]").count() == 0
    assert Escalation.objects.get().resolved_by == "tm-t1"

    # Moderate: the moderator lowers the overall grade, with a reason; both grades are kept.
    moderator = session()
    page = moderator.sign_in("moderator")
    page.goto("/audits/")
    page.locator("[data-testid=moderation-queue] button").first.click()
    assert page.locator("h1").inner_text() == f"Moderate the audit of child {a_audit.child_id}"
    page.check("#id_grade-3")  # Requires improvement to be good
    page.screenshot(path=str(SCREENSHOTS / "audit-moderation.png"), full_page=True)
    page.click("button:has-text('Confirm moderation')")
    assert "Give the reason for changing the overall grade" in page.locator(".govuk-error-summary").inner_text()
    page.fill("#id_reason", "The escalation shows risk was not recognised.")
    page.click("button:has-text('Confirm moderation')")
    assert "it is now final" in flash(page)
    assert page.locator("[data-testid=auditor-grade]").inner_text().startswith("Good")
    assert page.locator("[data-testid=moderated-grade]").inner_text().startswith("Requires improvement to be good")

    # Act: the moderator sets an action for the team manager, who completes it.
    page.fill("#id_what", "Review the risk assessment in supervision")
    page.fill("#id_owner", "tm-t1")
    fill_date(page, "#id_due_date", "2024-04-30")
    page.click("button:has-text('Add action')")
    assert "Action added" in flash(page)
    page = manager.page
    page.goto("/audits/actions/")
    assert "Overdue" in page.locator("[data-testid=open-actions]").inner_text()
    page.click("text=Mark as done")
    page.fill("#id_note", "Done in supervision on 2 April.")
    page.click("button:has-text('Mark as done')")
    assert "Action marked as done" in flash(page)
    assert Action.objects.get().status == Action.DONE

    # Report: one audit moderated, downgraded; net downgrade rate 100%.
    page = senior.page
    page.goto("/audits/report/")
    page.screenshot(path=str(SCREENSHOTS / "audit-report.png"), full_page=True)
    figures = page.locator("[data-testid=moderation-figures]")
    assert figures.locator("[data-key=moderated] .oversight-figure__number").inner_text() == "1"
    assert figures.locator("[data-key=downgraded] .oversight-figure__number").inner_text() == "1"
    assert figures.locator("[data-key=agreement_rate] .oversight-figure__number").inner_text() == "0%"
    assert figures.locator("[data-key=net_downgrade_rate] .oversight-figure__number").inner_text() == "100%"
    assert "auditor" in page.locator("[data-testid=by-auditor]").inner_text()
    assert "Requires improvement to be good" in page.locator("[data-testid=final-grades]").inner_text()
    for s in (senior, auditor, manager, moderator):
        assert s.problems == []
