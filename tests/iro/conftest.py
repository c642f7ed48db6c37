"""A hand-made council for the IRO tests.

Department tree: SA > L1 > teams TA, TB; the reviewing unit IROS apart.
Workers: WA (TA), WB (TB) social workers; MA team manager of TA; I1 an IRO; I2 a CP chair
(both sit in IROS and hold children with the IRO involvement code).

  C1  in care since 2023-01-01       CW WA (TA), IRO I1
  C2  CP plan since 2022-01-01       CW WB (TB), chair I2   (a plan open over 18 months)
  C3  open referral and CP plan      nobody allocated, chair I2; an assessment open since 2024-01-05
      with CP reviews on 2024-02-01 and 2024-05-01 (two reviews: open at the second)
  C4  open referral                  CW WA, no IRO
"""

import json

import pytest

from oversight.accounts import roles
from oversight.cli import main
from oversight.people import models as m
from tests import factories as f


@pytest.fixture
def council(db):
    f.team("SA", "Children's services", team_type="service_area")
    f.team("L1", "North locality", parent="SA", team_type="locality")
    f.team("TA", "Team A", parent="L1")
    f.team("TB", "Team B", parent="L1")
    f.team("IROS", "Reviewing unit", team_type="service_area")
    f.worker("WA", team_id="TA")
    f.worker("WB", team_id="TB")
    f.worker("MA", grade="team_manager", team_id="TA")
    f.worker("I1", grade="iro", team_id="IROS")
    f.worker("I2", grade="cp_chair", team_id="IROS")
    f.child("C1")
    f.cla_episode("C1", "2023-01-01", episode_id="E1")
    f.allocate("C1", "WA", "2023-01-01", team_id="TA")
    f.allocate("C1", "I1", "2023-01-05", role="IRO", team_id="IROS")
    f.child("C2")
    f.referral("C2", "2021-12-01")
    f.cp_plan("C2", "2022-01-01", plan_id="P2")
    f.allocate("C2", "WB", "2021-12-01", team_id="TB")
    f.allocate("C2", "I2", "2022-01-01", role="IRO", team_id="IROS")
    f.child("C3")
    f.referral("C3", "2024-01-01")
    f.cp_plan("C3", "2024-01-20", plan_id="P3")
    f.allocate("C3", "I2", "2024-01-20", role="IRO", team_id="IROS")
    f.assessment("C3", "2024-01-05")
    f.case_row(m.CPReview, person_id="C3", cp_plan_id="P3", cp_review_date="2024-02-01")
    f.case_row(m.CPReview, person_id="C3", cp_plan_id="P3", cp_review_date="2024-05-01")
    f.child("C4")
    f.referral("C4", "2024-01-01")
    f.allocate("C4", "WA", "2024-01-01", team_id="TA")


@pytest.fixture
def people(council, make_user):
    return {
        "iro1": make_user(roles.IRO, "iro1", professional_id="I1", email="iro1@example.org"),
        "chair2": make_user(roles.IRO, "chair2", professional_id="I2"),
        "tm_a": make_user(roles.TEAM_MANAGER, "tm_a", team_id="TA", professional_id="MA"),
        "tm_b": make_user(roles.TEAM_MANAGER, "tm_b", team_id="TB"),
        "sm": make_user(roles.SENIOR_MANAGER, "sm"),
        "hos": make_user(roles.SENIOR_MANAGER, "hos", team_id="L1"),
        "po": make_user(roles.PERFORMANCE_OFFICER, "po"),
        "admin": make_user(roles.ADMINISTRATOR, "admin"),
        "sw": make_user(roles.SOCIAL_WORKER, "sw", professional_id="WA"),
        "auditor": make_user(roles.AUDITOR, "auditor"),
        "inspector": make_user(roles.INSPECTOR, "inspector"),
    }


@pytest.fixture
def run_json(capsys):
    def run(*argv):
        status = main([*argv, "--format", "json"])
        captured = capsys.readouterr()
        return status, (json.loads(captured.out) if captured.out.strip() else None), captured.err

    return run


@pytest.fixture
def make_user(db):
    from oversight.accounts.models import User

    def make(role: str, username: str | None = None, **extra):
        username = username or f"{role}-{User.objects.count() + 1}"
        user = User(username=username, role=role, **extra)
        user.set_unusable_password()
        user.save()
        return user

    return make


@pytest.fixture
def local_config(tmp_path, monkeypatch):
    def write(text: str):
        path = tmp_path / "oversight.toml"
        path.write_text(text)
        monkeypatch.setenv("OVERSIGHT_CONFIG", str(path))
        return path

    return write
