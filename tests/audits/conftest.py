"""A hand-made council for the audit tests, with known answers worked out by hand.

Department tree: service area SA > locality L1 > teams TA and TB; TC sits in
no tree. Workers: WA1, WA2 social workers in TA, MA team manager of TA; WB1 in
TB, MB team manager of TB. Open cases on 2024-03-01 (the sample month's start):

  TA  CIN A1 A2 (WA1), A3 A10 (WA2); CP A4 A5 (WA1); CLA A6 (WA2); care leaver A7 (PA WA2)
      A8 closed 2024-02-01 (not open); A9 open but audited 2024-01-15 (excluded for 6 months)
      A10 audited 2023-08-15, before the 6-month window (2023-09-01 on), so it may be sampled
  TB  CIN B1, CLA B2, CP B3 (all WB1)
  U1  open referral, nobody allocated: no team, cannot be sampled

CIN factors at assessments (domestic abuse is 3A, 3B or 3C): A1 ["3B", "4B"] authorised
2024-01-10; A4 {"3A": "Y", "2B": "N"} 2023-10-20; B1 "3C, 2B" 2023-12-20; A2 ["3B"] but
authorised 2021-06-01, before the 24 months looked back over; A6 ["4B"], not domestic abuse.
A domestic abuse sample can take only A1, A4 (TA) and B1 (TB).
"""

import json

import pytest

from oversight.cli import main
from tests import factories as f


@pytest.fixture
def council(db):
    f.team("SA", "Children's services", team_type="service_area")
    f.team("L1", "North locality", parent="SA", team_type="locality")
    f.team("TA", "Team A", parent="L1")
    f.team("TB", "Team B", parent="L1")
    f.worker("WA1", team_id="TA")
    f.worker("WA2", team_id="TA")
    f.worker("MA", grade="team_manager", team_id="TA")
    f.worker("WB1", team_id="TB")
    f.worker("MB", grade="team_manager", team_id="TB")
    for cid in ("A1", "A2"):
        f.child(cid)
        f.referral(cid, "2023-11-01")
        f.allocate(cid, "WA1", "2023-11-01")
    for cid in ("A3", "A10"):
        f.child(cid)
        f.referral(cid, "2023-11-01")
        f.allocate(cid, "WA2", "2023-11-01")
    for cid in ("A4", "A5"):
        f.child(cid)
        f.referral(cid, "2023-10-01")
        f.cp_plan(cid, "2023-11-15")
        f.allocate(cid, "WA1", "2023-10-01")
    f.child("A6")
    f.cla_episode("A6", "2022-01-01")
    f.allocate("A6", "WA2", "2022-01-01")
    f.child("A7")
    f.care_leaver("A7", "2023-05-01")
    f.allocate("A7", "WA2", "2023-05-01", role="PA")
    f.child("A8")
    f.referral("A8", "2023-06-01", close="2024-02-01")
    f.allocate("A8", "WA1", "2023-06-01", end="2024-02-01")
    f.child("A9")
    f.referral("A9", "2023-06-01")
    f.allocate("A9", "WA1", "2023-06-01")
    f.child("B1")
    f.referral("B1", "2023-12-01")
    f.allocate("B1", "WB1", "2023-12-01")
    f.child("B2")
    f.cla_episode("B2", "2021-01-01")
    f.allocate("B2", "WB1", "2021-01-01")
    f.child("B3")
    f.referral("B3", "2023-09-01")
    f.cp_plan("B3", "2023-10-01")
    f.allocate("B3", "WB1", "2023-09-01")
    f.child("U1")
    f.referral("U1", "2024-01-01")
    f.assessment("A1", "2023-11-02", "2024-01-10", '["3B", "4B"]')
    f.assessment("A4", "2023-10-02", "2023-10-20", '{"3A": "Y", "2B": "N"}')
    f.assessment("B1", "2023-12-02", "2023-12-20", "3C, 2B")
    f.assessment("A2", "2021-05-01", "2021-06-01", '["3B"]')
    f.assessment("A6", "2023-06-01", "2023-07-01", '["4B"]')


@pytest.fixture
def past_audits(council):
    """A9 audited 2024-01-15 (inside the exclusion window), A10 on 2023-08-15 (outside it)."""
    from oversight.audits import services
    from oversight.audits.models import Audit

    services.sync_tools()
    tool = services._tool("practice")
    for child_id, day in (("A9", "2024-01-15"), ("A10", "2023-08-15")):
        Audit.objects.create(
            tool=tool,
            child_id=child_id,
            team_id="TA",
            source=Audit.IMPORTED,
            auditor="old",
            grade="Good",
            status=Audit.SUBMITTED,
            completed_date=f.d(day),
        )


@pytest.fixture
def run_json(capsys):
    """Run an `oversight` command with --format json; returns (exit status, parsed output or None, stderr)."""

    def run(*argv):
        status = main([*argv, "--format", "json"])
        captured = capsys.readouterr()
        return status, (json.loads(captured.out) if captured.out.strip() else None), captured.err

    return run


@pytest.fixture
def local_config(tmp_path, monkeypatch):
    """Write a TOML configuration and point OVERSIGHT_CONFIG at it."""

    def write(text: str):
        path = tmp_path / "oversight.toml"
        path.write_text(text)
        monkeypatch.setenv("OVERSIGHT_CONFIG", str(path))
        return path

    return write


@pytest.fixture
def make_user(db):
    """Users without a password (tests sign in with force_login): Argon2 hashing would make each one slow."""
    from oversight.accounts.models import User

    def make(role: str, username: str | None = None, **extra):
        username = username or f"{role}-{User.objects.count() + 1}"
        user = User(username=username, role=role, **extra)
        user.set_unusable_password()
        user.save()
        return user

    return make
