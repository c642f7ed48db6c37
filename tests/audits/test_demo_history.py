"""`oversight demo` gives the audit pages a year of history: completed, moderated, with actions and escalations."""

import datetime as dt
import json

import pytest

from oversight.analytics.indicators import month_ends
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


MONTH_ENDS = month_ends(dt.date(2026, 3, 31), 13)  # the scorecard's 13 month-ends, oldest first


@pytest.fixture(params=[1, 2])
def seeded_history(request, capsys):
    assert main(["demo", "--scale", "small", "--seed", str(request.param), "--as-at", "2026-03-31"]) == 0
    capsys.readouterr()
    return request.param


def _overdue_at(actions, day):
    """Actions agreed by DAY, due before it and not done by it (the scorecard's audit_actions_overdue)."""
    return sum(
        1
        for a in actions
        if a.created_at.date() <= day and a.due_date < day and (a.completed_date is None or a.completed_date > day)
    )


def test_most_actions_are_done_on_time_some_late_and_a_few_are_left_overdue_for_months(seeded_history):
    assert len(MONTH_ENDS) == 13
    actions = list(Action.objects.filter(audit__in=past_audits()))
    done = [a for a in actions if a.status == Action.DONE]
    assert all(a.created_at.date() <= a.completed_date <= dt.date(2026, 3, 31) for a in done)
    assert all(a.completed_date is None for a in actions if a.status == Action.OPEN)
    on_time = sum(a.completed_date <= a.due_date for a in done) / len(done)
    assert 0.6 <= on_time <= 0.9, on_time
    # Not all on their due date: done early, or late.
    assert sum(a.completed_date < a.due_date for a in done) / len(done) >= 0.3
    overdue = [_overdue_at(actions, day) for day in MONTH_ENDS]
    # Every month-end once the history has run four months has some overdue, not only the demo's date.
    assert min(overdue[4:]) >= 1, overdue
    assert overdue[-1] <= 2 * sum(overdue[4:-1]) / len(overdue[4:-1]), overdue
    # Some left open across several month-ends.
    assert any(_overdue_at([a], day) for a in actions for day in MONTH_ENDS[:-3] if a.status == Action.OPEN)


def test_welfare_escalations_take_days_to_weeks_so_some_month_ends_have_one_open(seeded_history):
    escalations = list(Escalation.objects.filter(audit__in=past_audits()))
    resolved = [(e.resolved_at.date() - e.raised_at.date()).days for e in escalations if e.resolved_at]
    assert resolved and min(resolved) >= 1 and max(resolved) <= 42
    assert min(resolved) <= 7 and max(resolved) >= 14, resolved
    open_at = [
        sum(
            1
            for e in escalations
            if e.raised_at.date() <= day and (e.resolved_at is None or e.resolved_at.date() > day)
        )
        for day in MONTH_ENDS
    ]
    assert sum(n > 0 for n in open_at) >= 3, open_at
