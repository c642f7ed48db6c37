"""Hostile URLs and parameters get 400 or 404 pages in the GOV.UK layout, never a 500.

The test client re-raises any exception a view lets escape, so a would-be 500
fails these tests with its traceback. DEBUG is False, as in production.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from oversight.accounts import roles
from tests import factories as f

pytestmark = pytest.mark.django_db

HOSTILE_IDS = [
    "ZZZ",
    "x" * 49,
    "x" * 5000,
    "%00",
    "a%00b",
    "%0A",
    "a%20b",
    "%2E%2E",
    "<script>",
    "%F0%9F%99%82",
    "-1",
    "99999999999999999999999",
    "'%20OR%201=1--",
    "%C0%AE",
]
HOSTILE_PARAMS = [
    {"page": "abc"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "99999"},
    {"page": "9" * 400},
    {"page": ""},
    {"as_at": "2024-02-30"},
    {"as_at": "0000-01-01"},
    {"as_at": "\x00"},
    {"as_at": "x" * 5000},
    {"q": "\x00"},
    {"q": "x" * 5000},
    {"q": "%"},
    {"q": "_"},
    {"person_id": "\x00"},
    {"sort": "'; drop table x;--"},
]


@pytest.fixture
def admin(db, make_user):
    f.small_council()
    client = Client()
    client.force_login(make_user(roles.ADMINISTRATOR))
    return client


def assert_clean(response, path):
    assert response.status_code in {200, 302, 400, 403, 404, 405}, (path, response.status_code)
    if 400 <= response.status_code < 500 and response.status_code != 405:
        html = response.content.decode()
        assert "govuk-header" in html and "govuk-main-wrapper" in html, path


def test_debug_is_off():
    assert settings.DEBUG is False


@pytest.mark.parametrize(
    "path",
    [
        "/no/such/page/",
        "/children/A/extra/",
        "/accounts/",
        "/%00/",
        "/" + "a" * 5000,
        "/children/%2F/",
        "/static/../settings.py",
        "/.env",
        "/admin/",
    ],
)
def test_unknown_paths_are_404(admin, path):
    response = admin.get(path, follow=True)
    assert response.status_code == 404, path
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("person_id", HOSTILE_IDS)
def test_odd_child_ids_never_fail(admin, person_id):
    response = admin.get(f"/children/{person_id}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def main_content(response) -> str:
    return response.content.decode().split('<main class="govuk-main-wrapper"')[1].split("</main>")[0]


@pytest.mark.parametrize("person_id", HOSTILE_IDS)
def test_odd_child_ids_are_refused_to_a_social_worker(client_for, person_id):
    f.small_council()
    response = client_for(roles.SOCIAL_WORKER, professional_id="W1").get(f"/children/{person_id}/")
    assert response.status_code in {403, 404}
    assert_clean(response, person_id)


def test_a_worker_cannot_tell_a_missing_child_from_anothers(client_for):
    f.small_council()
    client = client_for(roles.SOCIAL_WORKER, professional_id="W1")
    missing, others = client.get("/children/ZZZ/"), client.get("/children/B/")
    assert missing.status_code == others.status_code == 403
    assert main_content(missing) == main_content(others)


@pytest.mark.parametrize(
    "path,params,status",
    [
        ("/children/", {"page": "abc"}, 400),
        ("/children/", {"page": "-1"}, 400),
        ("/children/", {"page": "99999"}, 404),
        ("/children/", {"q": "x" * 101}, 400),
        ("/children/", {"status": "everyone"}, 400),
        ("/children/", {"as_at": "2024-13-01"}, 400),
        ("/children/", {"worker": "W" * 49}, 400),
        ("/children/", {"download": "pdf"}, 400),
        ("/children/", {"download": "csv", "table": "nope"}, 400),
        ("/children/", {"q": "a\x00"}, 400),
        ("/", {"as_at": "2024-02-30"}, 400),
        ("/accounts/access-log/", {"page": "abc"}, 400),
        ("/accounts/access-log/", {"page": "99999"}, 404),
    ],
)
def test_bad_parameters_on_my_pages(admin, path, params, status):
    response = admin.get(path, params)
    assert response.status_code == status
    assert_clean(response, path)


def test_a_400_names_the_parameter(admin):
    html = admin.get("/children/", {"page": "abc"}).content.decode()
    assert "There is a problem with the request" in html and "page must be a whole number from 1" in html


def _routes(patterns, prefix=""):
    for p in patterns:
        route = getattr(p.pattern, "_route", None)
        if route is None:
            continue  # regex patterns: none in this project
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            yield prefix + route


def _fill(route: str, value: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?\w+>", value, route)


def all_routes():
    return sorted(set(_routes(get_resolver().url_patterns)))


PLAIN_ROUTES = [r for r in all_routes() if "<" not in r]
PARAM_ROUTES = [r for r in all_routes() if "<" in r]


def test_the_crawl_finds_my_pages():
    assert {"", "children/", "accounts/access-log/"} <= set(PLAIN_ROUTES)
    assert "children/<path:person_id>/" in PARAM_ROUTES


@pytest.mark.parametrize("route", PLAIN_ROUTES)
def test_every_page_survives_hostile_query_strings(admin, route):
    """Every GET page of every app, as an administrator, with each hostile query string."""
    for params in HOSTILE_PARAMS:
        assert_clean(admin.get("/" + route, params), f"/{route}?{params}")


@pytest.mark.parametrize("route", PARAM_ROUTES)
def test_every_page_survives_hostile_path_values(admin, route):
    for value in HOSTILE_IDS:
        path = _fill(route, value)
        assert_clean(admin.get(path), path)


def test_the_500_page_stands_alone():
    """It renders with no request context, so it works when the database is what failed."""
    from django.test import RequestFactory

    from oversight.web.errors import server_error

    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html and "/static/govuk/govuk-frontend.min.css" in html
    assert "{%" not in html and "Traceback" not in html


def test_a_suspicious_request_gets_a_400_without_echoing_it(client):
    response = client.get("/accounts/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem with the request" in html and "evil.example" not in html
