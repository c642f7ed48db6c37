"""The caseload pages in Debian's chromium, driven by keyboard where a user would type."""

import pytest

from oversight.caseloads.models import LowCaseloadReason
from tests.browser.conftest import browser, council, password_hash, session  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def figure(page, key: str) -> str:
    return page.locator(f"[data-key={key}] .oversight-figure__number").inner_text()


def test_a_senior_manager_drills_down_from_summary_to_children(session):
    s = session()
    page = s.sign_in("senior")
    page.goto("/caseloads/")
    # factories.small_council today: W1 holds A, W2 B, W3 C; D's worker left and E has none.
    assert (figure(page, "case_holding_workers"), figure(page, "unallocated_children")) == ("3", "2")
    page.goto("/")
    assert page.locator("[data-key=unallocated_children] .oversight-figure__number").inner_text() == "2"
    page.goto("/caseloads/")
    page.locator("[data-team=T1] td:first-child a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/caseloads/teams/T1/**")
    assert page.locator("h1").inner_text().startswith("Assessment team 1")
    page.locator("[data-worker=W1] a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/caseloads/workers/W1/**")
    rows = page.locator("[data-testid=children] tbody tr")
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.child)") == ["A"]
    assert s.problems == []


def test_a_team_manager_records_a_reason_by_keyboard_and_sees_only_their_children(session):
    s = session()
    page = s.sign_in("tm-t1")
    page.goto("/caseloads/workers/W3/")  # W3 is in T2, outside this manager's teams
    assert "1 child is not listed" in page.locator("[data-testid=hidden-children]").inner_text()
    assert page.locator("text=Record a reason and plan").count() == 0
    page.goto("/caseloads/workers/W1/reason/")
    page.locator("main button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    page.locator("#reason").focus()
    page.keyboard.press("ArrowDown")  # the second reason: return from long absence
    page.keyboard.press("Tab")
    page.keyboard.type("Four days a week until the review")
    page.keyboard.press("Tab")
    for part in ("1", "2", "2024"):  # the start date's day, month and year boxes
        page.keyboard.type(part)
        page.keyboard.press("Tab")
    for _ in range(3):  # past the optional end date's three boxes to the button
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/caseloads/workers/W1/?as_at=2024-02-01")
    assert "Return from long absence from 2024-02-01" in page.locator("[data-testid=current-reason]").inner_text()
    record = LowCaseloadReason.objects.get()
    assert (record.worker_id, record.reason, record.recorded_by.username) == ("W1", "return_from_absence", "tm-t1")
    assert s.problems == []
