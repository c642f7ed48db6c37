"""Signing in and out, the lock after failed attempts, session expiry, CSRF and cookies."""

import datetime as dt
import os
import time

import pytest
from django.conf import settings
from django.test import Client

from oversight.accounts import roles
from oversight.accounts.middleware import SEEN_AT, SIGNED_IN_AT
from oversight.accounts.models import SignInFailure, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.fixture
def worker(make_user):
    return make_user(roles.SOCIAL_WORKER, username="sam")


def sign_in(client, username, password, next_url=""):
    return client.post(LOGIN, {"username": username, "password": password, "next": next_url})


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_every_page_but_sign_in_needs_a_user(client):
    for path in ["/", "/children/", "/children/A/", "/accounts/access-log/", "/no/such/page/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(LOGIN + "?next="), path
    assert client.get(LOGIN).status_code == 200
    assert client.get("/healthz").content == b"ok"


def test_the_next_address_is_encoded(client):
    response = client.get("/children/?q=a b&page=2")
    assert response["Location"] == LOGIN + "?next=/children/%3Fq%3Da%2520b%26page%3D2"


def test_sign_in_with_the_right_password(client, worker):
    response = sign_in(client, "sam", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in(client)


def test_passwords_are_hashed_with_argon2(worker):
    assert User.objects.get(username="sam").password.startswith("argon2$argon2id$")


def test_production_hashes_with_argon2_at_full_cost():
    """Tests hash at a lower cost (tests/conftest.py); the settings module itself must not."""
    import oversight.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sign_in_follows_next_only_within_the_site(client, worker):
    assert sign_in(client, "sam", PASSWORD, "/children/")["Location"] == "/children/"
    client.post("/accounts/logout/")
    assert sign_in(client, "sam", PASSWORD, "https://evil.example/")["Location"] == "/"


def test_a_wrong_password_shows_the_error_summary(client, worker):
    response = sign_in(client, "sam", "not the password at all")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Enter a correct username and password" in html
    assert "<title>Error: Sign in" in html
    assert not signed_in(client)


def test_empty_fields_get_their_own_messages(client):
    html = sign_in(client, "", "").content.decode()
    assert "Enter your username" in html and "Enter your password" in html
    assert 'id="id_username-error"' in html and 'id="id_password-error"' in html
    assert SignInFailure.objects.count() == 0


def test_an_inactive_login_cannot_sign_in(client, make_user):
    make_user(roles.ADMINISTRATOR, username="gone", is_active=False)
    assert "Enter a correct username and password" in sign_in(client, "gone", PASSWORD).content.decode()
    assert not signed_in(client)


def test_five_failures_lock_the_username_even_against_the_right_password(client, worker):
    for _ in range(5):
        assert "Enter a correct username" in sign_in(client, "sam", "wrong password here").content.decode()
    html = sign_in(client, "sam", PASSWORD).content.decode()
    assert "Too many failed attempts to sign in with this username. Wait 15 minutes" in html
    assert not signed_in(client)
    # Another username is not locked.
    other = User.objects.create_user("kim", password=PASSWORD, role=roles.SOCIAL_WORKER)
    assert sign_in(Client(), other.username, PASSWORD).status_code == 302


def test_four_failures_do_not_lock_and_success_clears_them(client, worker):
    for _ in range(4):
        sign_in(client, "sam", "wrong password here")
    assert sign_in(client, "sam", PASSWORD).status_code == 302
    assert SignInFailure.objects.filter(username="sam").count() == 0


def test_the_lock_lifts_after_the_window(client, worker):
    for _ in range(5):
        sign_in(client, "sam", "wrong password here")
    SignInFailure.objects.update(at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert sign_in(client, "sam", PASSWORD).status_code == 302


def test_a_username_with_no_account_is_locked_too(client):
    for _ in range(5):
        sign_in(client, "nobody", "wrong password here")
    assert "Too many failed attempts" in sign_in(client, "nobody", "anything at all").content.decode()


def test_sign_out_needs_a_post(client, worker):
    client.force_login(worker)
    assert client.get("/accounts/logout/").status_code == 405
    assert signed_in(client)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not signed_in(client)


def test_forms_need_a_csrf_token(worker):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "sam", "password": PASSWORD})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode() and "govuk-header" in response.content.decode()
    client.force_login(worker)
    assert client.post("/accounts/logout/").status_code == 403
    assert signed_in(client)


def test_the_sign_in_form_carries_a_csrf_token_that_works(worker):
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(LOGIN, {"username": "sam", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_cookies_are_http_only_and_secure_as_configured(client, worker):
    client.get(LOGIN)
    response = sign_in(client, "sam", PASSWORD)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert bool(session["secure"]) == settings.SESSION_COOKIE_SECURE
    assert bool(response.cookies[settings.CSRF_COOKIE_NAME]["secure"]) == settings.CSRF_COOKIE_SECURE
    assert response.cookies[settings.CSRF_COOKIE_NAME]["httponly"]


@pytest.mark.skipif("OVERSIGHT_SECURE_COOKIES" in os.environ, reason="cookie security set by the environment")
def test_cookies_are_secure_by_default():
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE


def test_an_idle_session_is_signed_out(client, worker):
    client.force_login(worker)
    assert signed_in(client)
    session = client.session
    session[SEEN_AT] = int(time.time()) - 61 * 60
    session.save()
    response = client.get("/children/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "signed out after 60 minutes without activity" in client.get(response["Location"]).content.decode()
    assert not signed_in(client)


def test_a_session_active_within_the_idle_limit_stays(client, worker):
    client.force_login(worker)
    signed_in(client)
    session = client.session
    session[SEEN_AT] = int(time.time()) - 59 * 60
    session.save()
    assert signed_in(client)
    assert client.session[SEEN_AT] >= int(time.time()) - 5  # the request counted as activity


def test_a_busy_session_still_ends_after_eight_hours(client, worker):
    client.force_login(worker)
    signed_in(client)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    session.save()
    assert not signed_in(client)


def test_a_deactivated_login_is_shut_out_at_once(client, worker):
    client.force_login(worker)
    assert signed_in(client)
    User.objects.filter(pk=worker.pk).update(is_active=False)
    assert not signed_in(client)


def test_signed_in_users_skip_the_sign_in_page(client, worker):
    client.force_login(worker)
    assert client.get(LOGIN)["Location"] == "/"


@pytest.mark.parametrize(
    "username,password",
    [
        ("a\x00b", "x"),
        ("u" * 151, "x"),
        ("u" * 100000, "x"),
        ("sam", "p\x00w"),
        ("ünïcødé", "x" * 5000),
        ("' OR 1=1 --", "x"),
    ],
)
def test_hostile_sign_in_values_are_refused_cleanly(client, worker, username, password):
    response = sign_in(client, username, password)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize(
    "password, why",
    [
        ("password1234", "too common"),
        ("804729163502", "entirely numeric"),
        ("samantha-okafor", "too similar"),
        ("synthetic-demo-only", "public demo password"),
        ("Synthetic-Demo-Only ", "public demo password"),
        ("short", "too short"),
    ],
)
def test_weak_passwords_are_refused_when_a_login_is_made(db, password, why):
    from oversight.accounts.services import UserError, create_user

    with pytest.raises(UserError, match=why):
        create_user("samantha-okafor", roles.SOCIAL_WORKER, password)
    assert not User.objects.filter(username="samantha-okafor").exists()


def test_the_csrf_cookie_lasts_the_browser_session_only(client, worker):
    response = client.get(LOGIN)
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]


def test_https_turns_on_hsts_for_subdomains_too(monkeypatch):
    import importlib

    import oversight.settings as production

    monkeypatch.setenv("OVERSIGHT_HTTPS", "1")
    try:
        reloaded = importlib.reload(production)
        assert reloaded.SECURE_HSTS_SECONDS >= 31536000 and reloaded.SECURE_HSTS_INCLUDE_SUBDOMAINS
        assert reloaded.SECURE_SSL_REDIRECT and reloaded.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    finally:
        monkeypatch.delenv("OVERSIGHT_HTTPS")
        importlib.reload(production)
