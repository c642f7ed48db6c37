"""axe-core in Debian's chromium: any violation of WCAG 2.2 A/AA or axe's best practice fails.

Each page is opened as a user who sees it with content (the hand-made council of factories.small_council).
The list covers the pages of the web shell, children, caseloads, timeliness, imports, accounts and the
audit lists on that small council; tests/browser/test_every_template.py opens every page template (and
fails when one is added without being opened) on the demo council.
"""

from __future__ import annotations

import pytest

from tests.browser import axe

pytestmark = pytest.mark.browser

# (login, path, expected status): each page, as someone who sees it.
PAGES = [
    (None, "/accounts/login/", 200),
    ("senior", "/", 200),
    ("sw-w1", "/", 200),
    ("tm-t1", "/", 200),
    ("iro-i1", "/", 200),
    ("senior", "/?as_at=2024-02-30", 400),
    ("senior", "/children/", 200),
    ("senior", "/children/?status=unallocated_children", 200),
    ("senior", "/children/A/", 200),
    ("sw-w1", "/children/B/", 403),
    ("senior", "/children/?page=999", 404),
    ("senior", "/caseloads/", 200),
    ("senior", "/caseloads/teams/T1/", 200),
    ("senior", "/caseloads/workers/W1/", 200),
    ("senior", "/caseloads/workers/W1/reason/", 200),
    ("senior", "/caseloads/trend/", 200),
    ("senior", "/caseloads/workforce/", 200),
    ("senior", "/timeliness/", 200),
    ("senior", "/timeliness/rules/cp_visit/", 200),
    ("senior", "/timeliness/to-do/", 200),
    ("senior", "/timeliness/items/?status=overdue", 200),
    ("senior", "/timeliness/to-do/?team=NOPE", 400),
    ("senior", "/caseloads/?as_at=2024-02-30", 400),
    ("tm-t1", "/caseloads/workers/W3/", 200),
    ("admin", "/imports/", 200),
    ("admin", "/accounts/access-log/", 200),
    ("senior", "/audits/", 200),
    ("senior", "/audits/all/", 200),
    ("senior", "/audits/sample/", 200),
    ("senior", "/audits/report/", 200),
    ("senior", "/audits/import/", 200),
    ("senior", "/audits/tools/", 200),
    ("senior", "/audits/actions/", 200),
    ("senior", "/audits/escalations/", 200),
]


def test_every_page_passes_axe(session):
    sessions: dict = {}
    problems: list[str] = []
    for login, path, status in PAGES:
        if login not in sessions:
            s = session()
            axe.install(s.context)
            if login:
                s.sign_in(login)
            sessions[login] = s
        s = sessions[login]
        response = s.open(path)
        assert response.status == status, path
        problems += [f"{path} as {login}: {v}" for v in axe.violations(s.page)]
    assert problems == []


def test_the_check_can_fail(session):
    """axe really runs: a page given an unlabelled input and a low-contrast paragraph is reported."""
    s = session()
    axe.install(s.context)
    s.sign_in("senior")
    s.page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend', '<input type="text"><p style="color:#ccc">faint</p>');
        }"""
    )
    found = axe.violations(s.page)
    assert any(v.startswith("label ") for v in found) and any(v.startswith("color-contrast ") for v in found)
