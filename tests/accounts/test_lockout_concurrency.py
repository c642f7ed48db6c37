"""The sign-in lock holds when many wrong guesses arrive at once (threads, a real database on both engines)."""

import sqlite3
import threading

import pytest
from django.contrib.auth import forms as auth_forms
from django.db import connection, connections
from django.test import Client

from oversight.accounts import roles
from oversight.accounts.models import SignInFailure, User
from tests.conftest import PASSWORD

GUESSES = 20


def _in_threads(fn):
    """FN's result, run in a new thread (so on its own database connection)."""
    out = []

    def run():
        try:
            out.append(fn())
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=30)
    return out[0]


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_wrong_guesses_test_at_most_five_passwords(monkeypatch, tmp_path):
    User.objects.create_user("sam", password=PASSWORD, role=roles.SOCIAL_WORKER)
    if connection.vendor == "sqlite":
        # The in-memory test database is shared-cache, which answers concurrent writers with
        # errors instead of waiting: the threads use a copy in a file, as a deployment does.
        connection.ensure_connection()
        path = tmp_path / "threads.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        monkeypatch.setitem(connections.settings["default"], "NAME", str(path))
    tested = []
    tested_lock = threading.Lock()
    release = threading.Event()
    real_authenticate = auth_forms.authenticate

    def slow_authenticate(request=None, **credentials):
        # A production Argon2 hash takes a good part of a second: hold every tested guess
        # until all have started, so each one's lock check runs while the others are in flight.
        with tested_lock:
            tested.append(credentials["username"])
        release.wait(timeout=2)
        return real_authenticate(request, **credentials)

    monkeypatch.setattr(auth_forms, "authenticate", slow_authenticate)
    start = threading.Barrier(GUESSES)
    answers, errors = [], []

    def guess(n):
        try:
            start.wait(timeout=10)
            response = Client().post("/accounts/login/", {"username": "sam", "password": f"wrong guess {n:02d}"})
            answers.append((response.status_code, response.content.decode()))
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(GUESSES)]
    for t in threads:
        t.start()
    threading.Timer(1.0, release.set).start()
    for t in threads:
        t.join(timeout=60)

    assert not errors
    assert len(answers) == GUESSES
    assert all(status == 200 for status, _ in answers)
    assert 1 <= len(tested) <= 5, f"{len(tested)} passwords were tested"
    locked = sum("Too many failed attempts" in html for _, html in answers)
    wrong = sum("Enter a correct username and password" in html for _, html in answers)
    assert locked + wrong == GUESSES and wrong == len(tested)
    # Every tested guess is kept as a failure; refused ones took theirs back.
    assert _in_threads(lambda: SignInFailure.objects.filter(username="sam").count()) == len(tested)
