"""A small plan for the improvement tests: logins, two findings, actions and a risk with a history.

As at 2024-05-15 (the tests pass it explicitly):
  F1 answered by 1.1 and 2.1; F2 answered by nothing.
  1.1 practice, lead "lead", due 2024-04-30, in progress         -> overdue, red
  1.2 practice, lead "lead", due 2024-05-20, complete             -> green (complete)
  2.1 workforce, lead "other", due 2024-06-30, not started        -> green (on track)
  R1 rated B2 on 2024-03-01, C3 on 2024-05-10 (after the last board, 2024-04-30): moved down (better).
"""

import datetime as dt

import pytest
from django.test import Client

from oversight.accounts import roles
from oversight.improvement.models import Action, Finding, Risk, RiskRating

AS_AT = dt.date(2024, 5, 15)


@pytest.fixture
def people(make_user):
    return {
        "sm": make_user(roles.SENIOR_MANAGER, "sm"),
        "po": make_user(roles.PERFORMANCE_OFFICER, "po"),
        "lead": make_user(roles.TEAM_MANAGER, "lead", team_id="T1"),
        "other": make_user(roles.TEAM_MANAGER, "other", team_id="T2"),
        "sw": make_user(roles.SOCIAL_WORKER, "sw", professional_id="W1"),
        "admin": make_user(roles.ADMINISTRATOR, "admin"),
    }


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan(people):
    f1 = Finding.objects.create(
        ref="F1", source="inspection", date=dt.date(2024, 1, 10), text="Assessments are late", judgement_area="Help"
    )
    f2 = Finding.objects.create(ref="F2", source="complaint", date=dt.date(2024, 2, 1), text="Care leavers not told")
    a11 = Action.objects.create(
        ref="1.1",
        pillar="practice",
        what="Assessment tracker",
        lead="lead",
        due=dt.date(2024, 4, 30),
        status="in_progress",
    )
    a12 = Action.objects.create(
        ref="1.2",
        pillar="practice",
        what="Practice standard",
        lead="lead",
        due=dt.date(2024, 5, 20),
        status="complete",
        completed_on=dt.date(2024, 5, 1),
    )
    a21 = Action.objects.create(ref="2.1", pillar="workforce", what="Recruit", lead="other", due=dt.date(2024, 6, 30))
    a11.findings.set([f1])
    a21.findings.set([f1])
    risk = Risk.objects.create(
        ref="R1",
        title="Workforce",
        description="If turnover stays high then drift",
        owner="sm",
        rating="C3",
        target_rating="D4",
        review_date=dt.date(2024, 5, 1),
    )
    RiskRating.objects.create(risk=risk, rating="B2", rated_on=dt.date(2024, 3, 1), rated_by="sm")
    RiskRating.objects.create(risk=risk, rating="C3", rated_on=dt.date(2024, 5, 10), rated_by="sm")
    risk.mitigations.set([a21])
    return {"f1": f1, "f2": f2, "a11": a11, "a12": a12, "a21": a21, "risk": risk}


@pytest.fixture
def today(monkeypatch):
    """Pages and services see AS_AT as today."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: AS_AT)
    return AS_AT


@pytest.fixture
def local_config(tmp_path, monkeypatch):
    """Write a TOML configuration and point OVERSIGHT_CONFIG at it."""

    def write(text: str):
        path = tmp_path / "oversight.toml"
        path.write_text(text)
        monkeypatch.setenv("OVERSIGHT_CONFIG", str(path))
        return path

    return write
