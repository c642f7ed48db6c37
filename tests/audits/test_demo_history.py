"""`oversight demo` gives the audit pages a year of history: completed, moderated, with actions and escalations."""

import datetime as dt
import json

import pytest

from oversight.audits import demo, queries
from oversight.audits.models import Action, Audit, Escalation
from oversight.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(capsys):
    assert main(["demo", "--scale", "small", "--seed", "1", "--as-at", "2026-03-31", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def past_audits():
    return Audit.objects.filter(sample__created_by=demo.DEMO_BY)


def test_a_year_of_moderated_audits_with_over_optimistic_first_grades(history):
    assert history["workflows"]["audits"].startswith("Audit history:")
    audits = list(past_audits().select_related("tool"))
    months = {a.month for a in audits}
    assert months == {dt.date(2025, m, 1) for m in range(3, 13)} | {dt.date(2026, 1, 1), dt.date(2026, 2, 1)}
    assert all(a.status == Audit.FINAL and a.completed_date and a.moderated_date for a in audits)
    assert all(a.month <= a.completed_date <= a.moderated_date <= dt.date(2026, 3, 31) for a in audits)
    # The moderator never raises a grade; about a third are taken down a step, each with a reason.
    ranks = [
        (queries.scale(a.tool).labels.index(a.grade), queries.scale(a.tool).labels.index(a.moderated_grade))
        for a in audits
    ]
    assert all(moderated >= given for given, moderated in ranks)
    downgraded = [a for a, (g, m) in zip(audits, ranks) if m > g]
    assert 0.2 < len(downgraded) / len(audits) < 0.5
    assert all(a.moderation_reason for a in downgraded)
    report = queries.report(dt.date(2025, 3, 1), dt.date(2026, 3, 31))
    assert report  # the moderation report has figures to show


def test_actions_and_escalations_from_the_weaker_audits(history):
    actions = Action.objects.filter(audit__in=past_audits())
    assert actions.filter(status=Action.DONE).exists() and actions.filter(status=Action.OPEN).exists()
    assert actions.filter(status=Action.OPEN, due_date__lt=dt.date(2026, 3, 31)).exists()  # some overdue
    escalations = Escalation.objects.filter(audit__in=past_audits())
    assert escalations.exists() and escalations.filter(resolved_at__isnull=False).exists()
    assert all(e.recipients.exists() for e in escalations)


def test_the_history_is_deterministic_and_replaces_itself(history, capsys):
    first = sorted(past_audits().values_list("month", "child_id", "grade", "moderated_grade"))
    assert main(["demo", "--scale", "small", "--seed", "1", "--as-at", "2026-03-31", "--format", "json"]) == 0
    capsys.readouterr()
    assert sorted(past_audits().values_list("month", "child_id", "grade", "moderated_grade")) == first
