"""Signing in as each role in a real browser, and seeing only what that role may."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

ALL = ["A", "B", "C", "D", "E", "F"]
# factories.small_council's headline counts on any date from 2024-02-01 (today included).
HEADLINE = {
    "open_referrals": "3",
    "children_in_need": "4",
    "child_protection_plans": "1",
    "children_in_care": "1",
    "care_leavers": "1",
    "unallocated_children": "2",
}


def children_listed(page) -> list[str]:
    page.goto("/children/")
    return [row.get_attribute("data-child") for row in page.locator("[data-testid=children] tbody tr").all()]


def heading(page) -> str:
    return page.locator("h1").inner_text()


def test_sign_in_form_shows_errors_the_gov_uk_way(session):
    s = session()
    page = s.sign_in("sw-w1", "not the right password")
    assert page.url.endswith("/accounts/login/")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct username and password" in summary.inner_text()
    # GOV.UK Frontend's JavaScript ran (under our content security policy) and moved focus to the summary.
    expect(page.locator(".govuk-error-summary")).to_be_focused()  # waits for GOV.UK Frontend's script
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert s.problems == []


def test_cookies_are_secure_and_http_only_over_loopback(session):
    s = session()
    page = s.sign_in("senior")
    assert heading(page) == "Children's services at a glance"
    cookies = {c["name"]: c for c in s.context.cookies()}
    assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
    assert cookies["csrftoken"]["secure"] and cookies["csrftoken"]["httpOnly"]


def test_secure_cookies_also_work_on_127_0_0_1(session):
    """`make demo` serves http://127.0.0.1:8000 with Secure cookies on: chromium must keep them there."""
    s = session()
    s.base_url = s.base_url.replace("localhost", "127.0.0.1")
    page = s.context.new_page()
    page.goto(s.base_url + "/accounts/login/")
    page.fill("#id_username", "senior")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    assert page.url == s.base_url + "/" and heading(page) == "Children's services at a glance"
    assert all(c["secure"] for c in s.context.cookies() if c["domain"] == "127.0.0.1")


@pytest.mark.parametrize(
    "username,expected",
    [
        ("sw-w1", ["A"]),
        ("iro-i1", ["C"]),
        ("tm-t1", ["A", "B"]),
        ("senior", ALL),
        ("perf", ALL),
        ("admin", ALL),
        ("inspector", []),
        ("auditor", []),
        ("moderator", []),
    ],
)
def test_each_role_sees_only_its_children(session, username, expected):
    s = session()
    s.sign_in(username)
    assert children_listed(s.page) == expected
    for person_id in ALL:
        response = s.open(f"/children/{person_id}/")
        if person_id in expected:
            assert response.status == 200 and heading(s.page) == f"Child {person_id}"
        else:
            assert response.status == 403 and heading(s.page) == "You do not have access to this page"
    assert s.problems == []


@pytest.mark.parametrize(
    "username", ["perf", "senior", "tm-t1", "sw-w1", "iro-i1", "auditor", "moderator", "inspector"]
)
def test_only_the_administrator_reaches_the_access_log(session, username):
    s = session()
    s.sign_in(username)
    assert s.page.locator(".govuk-service-navigation__link", has_text="Access log").count() == 0
    response = s.open("/accounts/access-log/")
    assert response.status == 403


def test_home_page_headline_figures_and_look(session):
    s = session()
    page = s.sign_in("senior")
    figures = {
        el.get_attribute("data-key"): el.locator(".oversight-figure__number").inner_text()
        for el in page.locator("[data-testid=headline] .oversight-figure").all()
    }
    assert figures == HEADLINE
    page.evaluate("document.fonts.ready")
    # The GOV.UK stylesheet and its fonts really loaded: rebranded blue header, GDS Transport type.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.govuk-header')).backgroundColor")
        == "rgb(29, 112, 184)"
    )
    for selector in ("h1", ".oversight-figure__number", ".govuk-service-navigation__link"):
        assert "GDS Transport" in page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).fontFamily"), (
            selector
        )
    assert page.evaluate("document.fonts.check('19px \"GDS Transport\"')")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)
    assert s.problems == []


def test_a_social_worker_sees_their_number_not_council_figures(session):
    s = session()
    page = s.sign_in("sw-w1")
    assert page.locator("[data-testid=headline]").count() == 0
    assert "You can see the records of 1 child." in page.locator("[data-testid=my-children]").inner_text()


def test_child_record_and_the_access_log(session):
    worker = session()
    worker.sign_in("sw-w1")
    worker.open("/children/A/")
    page = worker.page
    assert heading(page) == "Child A"
    rows = page.locator("[data-testid=chronology] tbody tr").all_inner_texts()
    assert [re.sub(r"\s+", " ", r).strip() for r in rows] == [
        "2024-01-10 Allocated (Case worker) Worker W1",
        "2024-01-10 Referral",
    ]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "child-record.png"), full_page=True)

    admin = session()
    admin.sign_in("admin")
    admin.page.click(".govuk-service-navigation__link:has-text('Access log')")
    cells = admin.page.locator("[data-testid=access-log] tbody tr").first.locator("td").all_inner_texts()
    assert cells[1:] == ["sw-w1", "Social worker", "A", "child record"]
    assert worker.problems == [] and admin.problems == []


def test_sign_out_ends_the_session(session):
    s = session()
    page = s.sign_in("senior")
    page.click("button:has-text('Sign out')")
    assert heading(page) == "Sign in to Oversight"
    page.goto("/children/")
    assert "/accounts/login/" in page.url and heading(page) == "Sign in to Oversight"


def test_the_keyboard_reaches_the_skip_link_and_the_navigation(session):
    s = session()
    page = s.sign_in("senior")
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Children":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/children/")
    assert heading(page) == "Children"


def test_bad_addresses_get_gov_uk_pages(session):
    s = session()
    s.sign_in("admin")
    response = s.open("/children/?page=abc")
    assert response.status == 400 and heading(s.page) == "There is a problem with the request"
    response = s.open("/no/such/page/")
    assert response.status == 404 and heading(s.page) == "Page not found"
    response = s.open("/?as_at=2024-02-30")
    assert response.status == 400
    assert "must be a real date" in s.page.locator(".govuk-error-message").inner_text()
