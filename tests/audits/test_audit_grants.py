"""Access from audits: only logins that may audit or moderate can be named, and the grant ends with the work."""

import datetime as dt

import pytest

from oversight.accounts import roles, scope
from oversight.audits import panels, services
from oversight.audits.importer import import_audits
from oversight.audits.models import Audit
from oversight.config import get_config

pytestmark = pytest.mark.django_db

HEADER = "audit_id,child_id,tool,auditor,completed_date,grade,moderator,moderated_date,moderated_grade"
TODAY = dt.date(2024, 3, 20)


@pytest.fixture
def people(council, make_user):
    return {
        "inspector": make_user(roles.INSPECTOR, "demo-inspector"),
        "worker": make_user(roles.SOCIAL_WORKER, "sw-1", professional_id="WB1"),
        "auditor": make_user(roles.AUDITOR, "aud-1"),
        "moderator": make_user(roles.MODERATOR, "mod-1"),
    }


def test_naming_logins_that_may_not_audit_or_moderate_is_an_error(people):
    data = f"{HEADER}\nQ1,A1,practice,demo-inspector,2024-01-10,Good,SW-1,2024-01-15,Good\n".encode()
    result = import_audits(data, "past.csv", today=TODAY)
    assert not result["ok"] and Audit.objects.count() == 0
    found = {(e["row"], e["column"], e["value"]) for e in result["errors"]}
    assert found == {(2, "auditor", "demo-inspector"), (2, "moderator", "SW-1")}
    assert "may not audit" in result["errors"][0]["message"]
    assert not scope.can_see_child(people["inspector"], "A1", TODAY)


def test_auditors_moderators_and_past_colleagues_can_be_named_and_gain_nothing_lasting(people):
    data = (
        f"{HEADER}\nQ1,A1,practice,aud-1,2024-01-10,Good,mod-1,2024-01-15,Good\n"
        "Q2,A2,practice,Someone Who Left,2024-01-11,Good,,,\n"
    ).encode()
    result = import_audits(data, "past.csv", today=TODAY)
    assert result["ok"], result["errors"]
    for user in (people["auditor"], people["moderator"]):
        assert not scope.can_see_child(user, "A1", TODAY)  # the work was done in January


def _assigned(child="A1", auditor="aud-1"):
    services.sync_tools()
    return Audit.objects.create(tool=services._tool("practice"), child_id=child, auditor=auditor, status=Audit.ASSIGNED)


def test_an_auditor_sees_the_child_until_the_audit_is_submitted(people):
    audit = _assigned()
    assert list(panels.audited_children(people["auditor"], TODAY)) == ["A1"]
    audit.status, audit.completed_date = Audit.SUBMITTED, TODAY
    audit.save()
    assert list(panels.audited_children(people["auditor"], TODAY)) == ["A1"]  # the day itself
    assert list(panels.audited_children(people["auditor"], TODAY + dt.timedelta(days=1))) == []


def test_a_moderator_sees_the_child_while_moderating_only(people):
    audit = _assigned()
    audit.status, audit.completed_date, audit.moderator = Audit.SUBMITTED, TODAY, "mod-1"
    audit.save()
    later = TODAY + dt.timedelta(days=10)
    assert list(panels.audited_children(people["moderator"], later)) == ["A1"]
    audit.status, audit.moderated_date = Audit.FINAL, later
    audit.save()
    assert list(panels.audited_children(people["moderator"], later + dt.timedelta(days=1))) == []
    assert not scope.can_see_child(people["moderator"], "A1", later + dt.timedelta(days=1))


def test_the_days_after_are_configurable(people, monkeypatch):
    audit = _assigned()
    audit.status, audit.completed_date = Audit.SUBMITTED, TODAY
    audit.save()
    config = get_config()
    monkeypatch.setitem(config["audits"], "access_days_after_done", 30)
    assert list(panels.audited_children(people["auditor"], TODAY + dt.timedelta(days=30))) == ["A1"]
    assert list(panels.audited_children(people["auditor"], TODAY + dt.timedelta(days=31))) == []
