"""The clinic in a real browser: from the scorecard to the children behind a figure, to the meeting and its action."""

import datetime as dt

import pytest

from oversight.performance.models import ClinicAction
from tests import factories as f
from tests.browser.conftest import SCREENSHOTS, browser, council, password_hash, session  # noqa: F401 (fixtures)
from tests.browser.forms import fill_date

pytestmark = pytest.mark.browser


@pytest.fixture
def march(council):
    # On factories.small_council: A (T1) and a new child G (T2) referred in March 2024.
    f.referral("A", "2024-03-05")
    f.child("G")
    f.referral("G", "2024-03-06")
    f.allocate("G", "W3", "2024-03-06", team_id="T2")


def test_from_the_scorecard_to_an_action_carried_forward(session, march):
    s = session()
    page = s.sign_in("perf")
    page.click("nav >> text=Performance clinic")
    page.fill("#month", "2024-03")
    page.click("button:has-text('Show')")
    assert page.locator("h1").inner_text() == "Performance clinic, March 2024"
    page.click("[data-testid=areas] >> text=Front door")
    assert "Front door: scorecard for March 2024" in page.locator("h1").inner_text()

    row = page.locator("[data-indicator=referrals]")
    assert row.locator("[data-testid=value]").inner_text() == "2"
    # The chart says its figures in words (no colour needed), and re-referrals show RAG as a word too.
    assert "2024-03-31: 2" in row.locator("svg").get_attribute("aria-label")
    rag = page.locator("[data-indicator=re_referrals_12m_pct] [data-rag]")
    assert rag.inner_text().strip().endswith(("Red", "Amber", "Green"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "performance-scorecard.png"), full_page=True)

    # Click through the figure to the children behind it.
    row.locator("[data-testid=value] a").click()
    assert page.locator("h1").inner_text() == "Referrals"
    page.screenshot(path=str(SCREENSHOTS / "performance-indicator.png"), full_page=True)
    page.click("[data-testid=children-link]")
    listed = page.locator("[data-testid=children] tbody tr")
    assert set(listed.evaluate_all("rows => rows.map(r => r.dataset.child)")) == {"A", "G"}

    # The month's meeting: record it and add an action on the indicator.
    page.goto("/performance/areas/front_door/?month=2024-03")
    page.click("[data-testid=meeting-link]")
    fill_date(page, "#held_on", "2024-03-12")
    page.fill("#attendees", "Director; head of service")
    page.click('button:has-text("Save the meeting\'s details")')
    page.fill("#what", "Check every re-referral with the MASH manager")
    page.fill("#owner", "head-of-service")
    fill_date(page, "#due_date", "2024-04-05")
    page.select_option("#indicator_id", "re_referrals_12m_pct")
    page.click("button:has-text('Add the action')")
    assert "Check every re-referral" in page.locator("[data-testid=actions]").inner_text()
    action = ClinicAction.objects.get()
    assert (action.due_date, action.indicator_id) == (dt.date(2024, 4, 5), "re_referrals_12m_pct")

    # May's meeting, held after the due date: the action is carried forward and marked overdue.
    page.goto("/performance/meetings/front_door/2024-05/")
    fill_date(page, "#held_on", "2024-05-14")
    page.click('button:has-text("Save the meeting\'s details")')
    carried = page.locator(f"[data-testid=carried] tr[data-action='{action.pk}']")
    assert "Overdue" in carried.inner_text()
    carried.locator("select").select_option("done")
    carried.locator("button").click()
    assert page.locator(f"[data-testid=carried] tr[data-action='{action.pk}']").count() == 0
    action.refresh_from_db()
    assert action.status == "done"
    assert s.problems == []
