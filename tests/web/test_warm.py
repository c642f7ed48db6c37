"""oversight warm: the first pages of the day find their figures worked out; a new snapshot warms again."""

import datetime as dt

import pytest
from django.utils import timezone

from oversight.accounts import roles
from oversight.cli import main
from oversight.people import figures, lists
from oversight.people.models import CaseDataVersion
from oversight.people.snapshot import replace_case_data
from oversight.web import warm
from tests import factories as f

pytestmark = pytest.mark.django_db


def _refuse(*args, **kwargs):
    raise AssertionError("worked out during a request: not warmed")


def test_after_warming_the_first_pages_work_nothing_out(client_for, monkeypatch):
    from oversight.analytics import timeliness as engine

    f.small_council()
    token = CaseDataVersion.bump()
    assert warm.warmed(token) is None
    today = timezone.localdate()
    assert warm.warm() == [today.isoformat()]
    assert warm.warmed(token) == [today.isoformat()]
    figures.forget_local()  # a fresh worker: only the shared cache holds them
    monkeypatch.setattr(engine, "items", _refuse)
    monkeypatch.setattr(lists, "_council_children", _refuse)
    for role, extra, url in (
        (roles.SOCIAL_WORKER, {"professional_id": "W1"}, "/"),
        (roles.SOCIAL_WORKER, {"professional_id": "W1"}, "/timeliness/to-do/"),
        (roles.SOCIAL_WORKER, {"professional_id": "W1"}, "/children/"),
        (roles.SOCIAL_WORKER, {"professional_id": "W1"}, "/children/A/"),
        (roles.TEAM_MANAGER, {"team_id": "SA"}, "/"),
        (roles.IRO, {"professional_id": "I1"}, "/"),
        (roles.PERFORMANCE_OFFICER, {}, "/timeliness/"),
        (roles.PERFORMANCE_OFFICER, {}, "/timeliness/rules/contact_decision_1wd/"),
    ):
        assert client_for(role, **extra).get(url).status_code == 200, url


def test_warming_days_come_from_the_command_or_the_environment(monkeypatch, capsys):
    f.small_council()
    token = CaseDataVersion.bump()
    assert main(["warm", "--as-at", "2024-04-10", "--as-at", "2024-05-01"]) == 0
    assert "Figures warmed for 2024-04-10, 2024-05-01" in capsys.readouterr().out
    monkeypatch.setenv(warm.DAYS_ENV, "2024-06-03")
    assert warm.default_days() == [dt.date(2024, 6, 3)]
    assert warm.warm() == ["2024-06-03"] and warm.warmed(token) == ["2024-06-03"]
    monkeypatch.setenv(warm.DAYS_ENV, "June")
    assert warm.default_days() == [timezone.localdate()]


def test_without_case_data_there_is_nothing_to_warm(capsys):
    assert main(["warm"]) == 0
    assert "nothing to warm" in capsys.readouterr().out


@pytest.mark.parametrize("serving", [True, False])
def test_a_new_snapshot_is_warmed_once_it_commits_under_the_server(
    monkeypatch, django_capture_on_commit_callbacks, serving
):
    started = []
    monkeypatch.setattr(warm, "start_background", lambda *a: started.append(1))
    if serving:
        monkeypatch.setenv(warm.ENV, "1")
    else:
        monkeypatch.delenv(warm.ENV, raising=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        replace_case_data({})
    assert started == []  # nothing before the snapshot commits
    for callback in callbacks:
        callback()
    assert started == ([1] if serving else [])


def test_warming_a_database_without_tables_is_a_clear_error(capsys, monkeypatch):
    from django.db import DatabaseError

    from oversight.people.models import CaseDataVersion

    def missing(cls):
        raise DatabaseError("no such table: people_casedataversion")

    monkeypatch.setattr(CaseDataVersion, "current", classmethod(missing))
    assert main(["warm"]) == 2
    assert "oversight init" in capsys.readouterr().err
