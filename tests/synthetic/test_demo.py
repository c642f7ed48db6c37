"""`oversight demo`: replaces the case data, creates one login per role and prints them."""

import datetime as dt
import json

import pytest

from oversight.accounts import roles, scope
from oversight.accounts.models import User
from oversight.cli import main
from oversight.people.models import Person
from oversight.synthetic.users import DEMO_PASSWORD, username
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY_AND_LATER = [dt.date(2026, 11, 22), dt.date(2027, 6, 1)]


@pytest.fixture
def demo(capsys):
    f.child("HAND-MADE-1")
    assert main(["demo", "--scale", "small", "--seed", "1", "--as-at", "2026-03-31", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_replaces_the_case_data_and_prints_one_login_per_role(demo, client):
    assert not Person.objects.filter(person_id="HAND-MADE-1").exists()
    assert Person.objects.count() == demo["children"] == 2000
    assert demo["as_at"] == "2026-03-31"
    assert demo["rows"] == sum(demo["tables"].values())
    assert [login["role"] for login in demo["logins"]] == [r for r, _ in roles.CHOICES]
    for login in demo["logins"]:
        assert login["password"] == DEMO_PASSWORD
        assert User.objects.get(username=login["username"]).role == login["role"]
    # One hash serves every demo login (Argon2 is slow); signing in checks it.
    assert User.objects.filter(username__startswith="demo-").values("password").distinct().count() == 1
    assert client.login(username=username(roles.SOCIAL_WORKER), password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200


def test_worker_logins_still_see_children_after_the_as_at_date(demo):
    for role in (roles.SOCIAL_WORKER, roles.IRO, roles.TEAM_MANAGER):
        user = User.objects.get(username=username(role))
        assert user.professional_id, role
        for day in TODAY_AND_LATER:
            assert len(scope.visible_child_ids(user, day)) >= 5, (role, day)
    manager = User.objects.get(username=username(roles.TEAM_MANAGER))
    assert manager.team_id.startswith("T")
    inspector = User.objects.get(username=username(roles.INSPECTOR))
    assert scope.visible_child_ids(inspector, TODAY_AND_LATER[0]) == set()


def test_running_it_again_resets_the_logins(demo, capsys, client):
    user = User.objects.get(username=username(roles.AUDITOR))
    user.set_password("something else entirely")
    user.save()
    assert main(["demo", "--seed", "2", "--as-at", "2026-03-31"]) == 0
    out = capsys.readouterr().out
    assert "demo-auditor" in out and DEMO_PASSWORD in out
    assert client.login(username=username(roles.AUDITOR), password=DEMO_PASSWORD)
    assert User.objects.filter(username__startswith="demo-").count() == len(roles.CHOICES)


def test_an_as_at_date_outside_the_calendar_is_refused(capsys):
    f.child("KEEP-ME")
    assert main(["demo", "--as-at", "2075-01-01"]) == 2
    assert "2075-01-01" in capsys.readouterr().err
    assert Person.objects.filter(person_id="KEEP-ME").exists()


def test_a_bad_scale_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--scale", "enormous"])
    assert exit_info.value.code == 2
    assert "enormous" in capsys.readouterr().err


def test_a_database_without_tables_gets_a_clear_message(monkeypatch, capsys):
    from django.db import OperationalError

    from oversight.synthetic import writer

    def missing_tables(council, step=None):
        raise OperationalError("no such table: people_department")

    monkeypatch.setattr(writer, "replace_case_data", missing_tables)
    assert main(["demo", "--as-at", "2026-03-31"]) == 2
    assert "oversight init" in capsys.readouterr().err


def test_demo_gives_the_auditor_a_queue_they_can_see(demo):
    from oversight.audits.models import Audit

    assert demo["audit_sample"].startswith("Audit sample for March 2026:")
    auditor = User.objects.get(username=username(roles.AUDITOR))
    # The queue is the audits still to do: grants from finished audits (the demo's history) end with the work.
    queue = Audit.objects.filter(auditor=auditor.username, status__in=(Audit.ASSIGNED, Audit.DRAFT))
    queued = set(queue.values_list("child_id", flat=True))
    assert queued
    assert queued <= scope.visible_child_ids(auditor)
