"""An IRO escalation in a real browser: raised from the child's record, answered, escalated.

On factories.small_council child C is in care with case worker W3 (team T2) and IRO I1
(login iro-i1). A team manager of T2 (tm-t2) is added here to answer the first stage;
the senior manager (no team: every team) answers the service manager stage.
"""

import pytest
from playwright.sync_api import expect

from oversight.accounts import roles
from oversight.iro.models import Escalation
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def flash(page) -> str:
    return page.locator(".govuk-notification-banner").first.inner_text()


@pytest.fixture
def tm_t2(council, password_hash):
    from oversight.accounts.models import User

    return User.objects.create(username="tm-t2", password=password_hash, role=roles.TEAM_MANAGER, team_id="T2")


def test_raise_answer_and_escalate(session, tm_t2):
    iro = session()
    page = iro.sign_in("iro-i1")
    page.goto("/children/C/")
    page.click("text=Raise an escalation")
    expect(page.locator("h1")).to_have_text("Raise an escalation")
    # Nothing asked: the error summary names the field and nothing is raised.
    page.select_option("#id_stage", "stage1")
    page.click("button:has-text('Raise the escalation')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert not Escalation.objects.exists()
    page.select_option("#id_category", "process")
    page.select_option("#id_subcategory", "records")
    page.fill("#id_ask", "The minutes of the last review are not on file")
    page.click("button:has-text('Raise the escalation')")
    assert "raised; response due" in flash(page)
    first = Escalation.objects.get()
    assert (first.stage, first.team_id, first.raised_by) == ("stage1", "T2", "iro-i1")
    expect(page.locator("[data-testid=outcome]")).to_have_text("Open")

    # The team manager of T2 finds it awaiting them and answers.
    tm = session()
    page = tm.sign_in("tm-t2")
    page.goto("/iro/escalations/?view=awaiting")
    page.click(f"[data-testid=escalations] a:text-is('{first.pk}')")
    page.fill("#id_response", "Minutes are now on file")
    page.click("button:has-text('Send the response')")
    assert "Response recorded" in flash(page)
    expect(page.locator("[data-testid=response]")).to_contain_text("Minutes are now on file")

    # The IRO is not satisfied and escalates, skipping nothing: stage 2, the service manager.
    page = iro.page
    page.goto(f"/iro/escalations/{first.pk}/")
    page.select_option("#id_outcome", "escalated")
    page.select_option("#id_next_stage", "stage2")
    page.click("button:has-text('Record the outcome')")
    assert "Escalated to Stage 2: service manager" in flash(page)
    second = Escalation.objects.exclude(pk=first.pk).get()
    assert second.previous_id == first.pk
    expect(page.locator("[data-testid=chain] li")).to_have_count(2)

    # The senior manager now has it awaiting them; the team manager no longer does.
    senior = session()
    page = senior.sign_in("senior")
    page.goto("/iro/escalations/?view=awaiting")
    expect(page.locator("[data-testid=escalations]")).to_contain_text(str(second.pk))
    page = tm.page
    page.goto("/iro/escalations/?view=awaiting")
    expect(page.locator("[data-testid=escalations]")).to_contain_text("No escalations.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    iro.page.goto(f"/iro/escalations/{second.pk}/")
    iro.page.screenshot(path=str(SCREENSHOTS / "iro-escalation.png"), full_page=True)
    for s in (iro, tm, senior):
        assert not s.problems, s.problems
