"""From every figure to the children behind it, in a real browser; tables sort; lists work at 375 px."""

import csv
import io

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

# factories.small_council today: who each home tile counts.
TILES = {
    "open_referrals": ["A", "B", "D"],
    "children_in_need": ["A", "B", "C", "D"],
    "child_protection_plans": ["B"],
    "children_in_care": ["C"],
    "care_leavers": ["E"],
    "unallocated_children": ["D", "E"],
}


def listed(page, testid="children") -> list[str]:
    return page.locator(f"[data-testid={testid}] tbody tr").evaluate_all("rows => rows.map(r => r.dataset.child)")


def test_each_home_tile_leads_to_the_children_it_counts(session):
    s = session()
    page = s.sign_in("senior")
    for key, children in TILES.items():
        page.goto("/")
        tile = page.locator(f"[data-testid=headline] [data-key={key}]")
        count = int(tile.locator(".oversight-figure__number").inner_text())
        tile.locator("a").click()
        page.wait_for_url("**/children/?status=*")
        assert sorted(listed(page)) == children, key
        assert count == len(children), key
    # Each row names the child, their legal status, worker and why they are listed.
    row = page.locator("[data-child=E]")
    assert "Care leaver" in row.inner_text() and "Open case, no allocated worker in post" in row.inner_text()
    assert s.problems == []


def test_each_rules_counts_lead_to_their_items(session):
    s = session()
    page = s.sign_in("admin")
    page.goto("/timeliness/?from=2000-01-01")  # every due date, so the council's old overdue items count
    links = page.locator("[data-testid=rules] a[data-count]")
    targets = [
        (a.get_attribute("href"), a.inner_text(), a.get_attribute("data-count"))
        for a in links.all()
        if a.get_attribute("data-count") in ("overdue", "late", "due_soon")
    ]
    assert targets, "the hand-made council has overdue items today"
    for href, count, status in targets:
        page.goto(href)
        statuses = page.locator("[data-testid=items] tbody tr").evaluate_all("rows => rows.map(r => r.dataset.status)")
        assert statuses == [status] * int(count), href
    assert s.problems == []


def test_tables_sort_by_any_column_with_the_keyboard(session):
    s = session()
    page = s.sign_in("senior")
    page.goto("/children/")
    assert listed(page) == ["A", "B", "C", "D", "E", "F"]
    button = page.locator("[data-testid=children] th button", has_text="Legal status")
    button.focus()
    page.keyboard.press("Enter")
    header = page.locator("[data-testid=children] th", has_text="Legal status")
    assert header.get_attribute("aria-sort") == "ascending"
    # CIN (A, D), CLA (C), CP (B), Care leaver (E), No open case (F): alphabetical, ties in page order.
    assert listed(page) == ["E", "A", "D", "C", "B", "F"]
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert listed(page)[0] == "F"
    assert s.problems == []


def test_a_list_downloads_the_rows_shown(session):
    s = session()
    page = s.sign_in("senior")
    page.goto("/children/?status=children_in_need")
    with page.expect_download() as info:
        page.locator("[data-testid=download-children] a", has_text="CSV").click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert sorted(r[0] for r in rows[1:]) == sorted(listed(page))


@pytest.mark.parametrize(
    "path", ["/children/?status=children_in_need", "/timeliness/to-do/", "/caseloads/", "/timeliness/"]
)
def test_pages_fit_a_375_pixel_screen(session, path):
    s = session()
    s.context.close()
    s.context = s.page.context.browser.new_context(base_url=s.base_url, viewport={"width": 375, "height": 800})
    s.page = s.context.new_page()
    page = s.sign_in("senior")
    page.goto(path)
    # The page itself never scrolls sideways: wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"narrow-{path.strip('/').split('/')[0] or 'home'}.png"), full_page=True)


def test_an_upload_shows_it_is_working_and_cannot_be_sent_twice(session):
    s = session()
    page = s.sign_in("admin")
    page.goto("/imports/")
    # Hold the form on the page (as a slow upload would) to see what the person sees meanwhile.
    page.evaluate(
        """() => { const f = document.querySelector('form[data-busy-message]');
                   f.addEventListener('submit', e => {
                     if (!e.defaultPrevented) window.sent = (window.sent || 0) + 1;
                     e.preventDefault();
                   }); }"""
    )
    button = page.locator("form[data-busy-message] button[type=submit]")
    button.click()
    status = page.locator("form[data-busy-message] [role=status]")
    assert "Uploading the files" in status.inner_text()
    assert button.get_attribute("aria-disabled") == "true"
    button.dispatch_event("click")  # as an impatient second press would
    assert page.evaluate("window.sent") == 1  # the second press was stopped before it was sent


def test_a_team_managers_tiles_lead_to_their_lists(session):
    s = session()
    page = s.sign_in("tm-t1")
    for key, testid in (("team_overdue", "to-do"), ("team_due_soon", "to-do"), ("team_unallocated", "children")):
        page.goto("/")
        figure = page.locator(f"[data-testid=team-tiles] [data-key={key}]")
        count = int(figure.locator(".oversight-figure__number").inner_text())
        figure.locator("a").click()
        page.wait_for_load_state("load")
        rows = page.locator(f"[data-testid={testid}] tbody tr[data-child]")
        assert rows.count() == count, key
    # factories.small_council today: A (W1) and B (W2, in T1a below T1) both have overdue items.
    page.goto("/")
    page.locator("[data-key=team_overdue] a").click()
    assert sorted(set(listed(page, "to-do"))) == ["A", "B"]
    assert s.problems == []


def test_a_social_worker_opens_a_child_from_their_home_page(session):
    s = session()
    page = s.sign_in("sw-w1")
    assert listed(page, "my-children-list") == ["A"]
    page.locator("[data-testid=my-children-list] [data-child=A] a").click()
    page.wait_for_url("**/children/A/")
    assert s.problems == []
