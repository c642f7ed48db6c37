"""The morning list in a real browser: a team manager works through it with the keyboard."""

import pytest

from tests.browser.conftest import SCREENSHOTS, browser, council, password_hash, session  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_a_team_manager_opens_a_child_from_the_morning_list_by_keyboard(session):
    s = session()
    page = s.sign_in("tm-t1")
    page.goto("/timeliness/to-do/")
    assert "Overdue and due soon: Assessment team 1" in page.locator("h1").inner_text()
    rows = page.locator("[data-testid=to-do] tbody tr")
    # factories.small_council, today: A's referral (W1, T1) was never assessed; B's plan (W2, T1a, under T1)
    # has had no visit and no review. C and D belong to team T2.
    children = set(rows.evaluate_all("rows => rows.map(r => r.dataset.child)"))
    assert children == {"A", "B"}
    assert set(rows.evaluate_all("rows => rows.map(r => r.dataset.status)")) == {"overdue"}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "timeliness-to-do.png"), full_page=True)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('[data-testid=to-do] tbody') !== null"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("/children/")[1].rstrip("/") in {"A", "B"}
    assert page.locator("h2", has_text="Statutory clocks").count() == 1
    assert s.problems == []
