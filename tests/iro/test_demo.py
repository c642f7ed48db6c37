"""The synthetic council's IRO records: something on every page, about two thirds process, deterministic."""

import datetime as dt
import json

import pytest
from django.test import Client

from oversight.accounts import roles
from oversight.accounts.models import User
from oversight.cli import main
from oversight.iro import access, demo
from oversight.iro.models import Alert, Escalation, MeetingRecord, StepDown
from oversight.synthetic.users import username

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2026, 3, 31)


@pytest.fixture
def council(capsys):
    assert main(["demo", "--scale", "small", "--seed", "1", "--as-at", AS_AT.isoformat(), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def snapshot():
    return sorted(
        Escalation.objects.values_list(
            "child_id", "stage", "category", "subcategory", "raised_date", "response_date", "outcome"
        )
    )


def test_demo_records_on_every_page(council):
    assert council["workflows"]["iro"].startswith("IRO oversight:")
    n = Escalation.objects.count()
    process = Escalation.objects.filter(category="process").count()
    assert n >= 20 and 0.5 <= process / n <= 0.8
    assert Escalation.objects.filter(previous__isnull=False).exists() or n < 40
    assert Alert.objects.exists() and MeetingRecord.objects.exists() and StepDown.objects.exists()
    iro = User.objects.get(username=username(roles.IRO))
    assert access.mine(iro).exists()
    client = Client()
    client.force_login(iro)
    for url in ("/iro/", "/iro/escalations/", "/iro/alerts/", "/iro/drift/", "/iro/meetings/", "/iro/report/"):
        assert client.get(url).status_code == 200, url
    child = access.mine(iro).first().child_id
    assert 'data-testid="child-escalations"' in client.get(f"/children/{child}/").content.decode()


def test_populate_is_deterministic_and_replaces_its_own(council):
    first = snapshot()
    note = demo.populate(as_at=AS_AT, seed=1)
    assert note.startswith("IRO oversight:") and snapshot() == first
