"""Debian's chromium, driven through Playwright's sync API, against pytest-django's live server.

Playwright never downloads a browser here: CHROMIUM names the executable
(default /usr/bin/chromium). Run with `make test-browser`.
"""

import os
from pathlib import Path

import pytest

from oversight.accounts import roles
from tests import factories as f
from tests.conftest import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# One login per role, with the ids that give it its children in factories.small_council.
LOGINS = {
    "admin": (roles.ADMINISTRATOR, {}),
    "perf": (roles.PERFORMANCE_OFFICER, {}),
    "senior": (roles.SENIOR_MANAGER, {}),
    "tm-t1": (roles.TEAM_MANAGER, {"team_id": "T1"}),
    "sw-w1": (roles.SOCIAL_WORKER, {"professional_id": "W1"}),
    "iro-i1": (roles.IRO, {"professional_id": "I1"}),
    "auditor": (roles.AUDITOR, {}),
    "moderator": (roles.MODERATOR, {}),
    "inspector": (roles.INSPECTOR, {}),
}


_running: dict = {}


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole run, however many modules import this fixture.

    Sync Playwright cannot start twice in one thread, and a test module that
    imports this fixture gets its own session-scoped copy of it; so the first
    copy starts the browser, the others share it, and the first stops it last.
    """
    if _running:
        yield _running["browser"]
        return
    # The sync API runs an event loop in this thread; Django's ORM, used here to
    # build the test data, refuses to run beside one unless told it is safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.access(executable, os.X_OK):
        pytest.fail(f"No chromium at {executable}: install Debian's chromium (make chromium) or set CHROMIUM")
    playwright = sync_playwright().start()
    try:
        _running["browser"] = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield _running["browser"]
        _running.pop("browser").close()
    finally:
        _running.clear()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def password_hash():
    from django.contrib.auth.hashers import make_password

    # Hashed once: Argon2 is slow on purpose, and every test makes nine logins.
    return make_password(PASSWORD)


@pytest.fixture
def council(transactional_db, password_hash):
    """The hand-made council of tests/factories.py and one login per role (see LOGINS)."""
    from oversight.accounts.models import User

    f.small_council()
    User.objects.bulk_create(
        [
            User(username=username, password=password_hash, role=role, **extra)
            for username, (role, extra) in LOGINS.items()
        ]
    )


class Session:
    """One browser context (its own cookies) signed in through the real sign-in form."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.context = browser.new_context(base_url=base_url, viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(str(exc)))
        self.page.on("response", self._response)

    def _console(self, msg):
        # A 4xx page reports its own status as a console error; that is the page under test, not a fault.
        if msg.type == "error" and not msg.text.startswith(
            "Failed to load resource: the server responded with a status of 4"
        ):
            self.problems.append(msg.text)

    def _response(self, response):
        if "/static/" in response.url and response.status >= 400:
            self.problems.append(f"{response.status} {response.url}")

    def sign_in(self, username: str, password: str = PASSWORD):
        self.page.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button:has-text('Sign in')")
        self.page.wait_for_load_state("load")
        return self.page

    def open(self, path: str):
        return self.page.goto(path)


@pytest.fixture
def session(browser, live_server, council):
    """Make signed-out browser sessions; each test may open several (one per user)."""
    made = []

    def make():
        s = Session(browser, live_server.url)
        made.append(s)
        return s

    yield make
    for s in made:
        s.context.close()
