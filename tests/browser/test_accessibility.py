"""axe-core on every page template, in Debian's chromium: any violation of WCAG 2.2 A/AA or axe's best
practice fails.

The synthetic council of `oversight demo` (with every app's demo records) is crawled as each demo login:
from the home page, every link to a page of Oversight is followed once per kind of page (its URL name and
the names of its query parameters), and axe runs on each. Error pages and forms with errors are opened
directly. The test then checks that every page template was rendered, so a new page cannot be left out of
the check without being named below.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test.signals import template_rendered
from django.urls import Resolver404, resolve

from oversight.accounts import roles
from oversight.cli import main
from oversight.synthetic.users import DEMO_PASSWORD, username
from tests.browser import axe

pytestmark = pytest.mark.browser

SRC = Path(__file__).resolve().parents[2] / "src" / "oversight"
CRAWL_AS = [
    roles.ADMINISTRATOR,
    roles.SENIOR_MANAGER,
    roles.PERFORMANCE_OFFICER,
    roles.TEAM_MANAGER,
    roles.SOCIAL_WORKER,
    roles.IRO,
    roles.AUDITOR,
    roles.MODERATOR,
    roles.INSPECTOR,
]
# Opened directly: pages no link leads to (errors, a form sent with mistakes).
DIRECT = [
    (roles.SENIOR_MANAGER, "/?as_at=2024-02-30"),
    (roles.SENIOR_MANAGER, "/children/?page=99999"),
    (roles.SOCIAL_WORKER, "/accounts/access-log/"),
    (roles.SENIOR_MANAGER, "/caseloads/?as_at=2024-02-30"),
    (roles.SENIOR_MANAGER, "/timeliness/?as_at=2024-02-30"),
    (roles.SENIOR_MANAGER, "/timeliness/to-do/?team=NOPE"),
]
SKIP = ("/static/", "/accounts/logout", "download=", "format=", "/export", ".pdf", ".xlsx", ".csv", "/healthz")
MAX_PAGES = 400


def page_templates() -> set[str]:
    """Every template that is a whole page (extends base.html)."""
    found = set()
    for path in SRC.glob("*/templates/**/*.html"):
        if '{% extends "base.html" %}' in path.read_text():
            found.add(str(path.relative_to(path.parents[len(path.relative_to(SRC).parts) - 3])))
    return found


@pytest.fixture
def rendered():
    names: set[str] = set()

    def seen(sender, template, context, **kwargs):
        if template.name:
            names.add(template.name)

    template_rendered.connect(seen)
    yield names
    template_rendered.disconnect(seen)


def _kind(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or any(s in href for s in SKIP):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = sorted(k for k in parse_qs(parts.query) if k not in ("as_at", "page"))
    return f"{match.view_name}?{'&'.join(keys)}"


def test_every_page_passes_axe(session, rendered, capsys):
    assert main(["demo", "--scale", "small", "--seed", "1", "--format", "json"]) == 0
    capsys.readouterr()
    problems: list[str] = []
    visited: set[str] = set()
    opened = 0
    for role in CRAWL_AS:
        s = session()
        axe.install(s.context)
        s.sign_in(username(role), DEMO_PASSWORD)
        todo = ["/"] + [path for who, path in DIRECT if who == role]
        while todo and opened < MAX_PAGES:
            href = todo.pop(0)
            kind = _kind(href) or href
            if kind in visited:
                continue
            visited.add(kind)
            try:
                response = s.open(href)
            except Exception:  # a download, not a page
                continue
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            opened += 1
            assert response.status < 500, href
            problems += [f"{href} as {role}: {v}" for v in axe.violations(s.page)]
            links = s.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            todo += [link for link in links if _kind(link) and _kind(link) not in visited]
        s.context.close()
    assert problems == []
    missing = sorted(page_templates() - rendered)
    assert missing == [], f"page templates no crawl reached (add a link or a DIRECT page): {missing}"


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
