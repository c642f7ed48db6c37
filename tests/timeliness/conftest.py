import datetime as dt

import pytest

from oversight.people import models as m
from tests import factories as f

AS_AT = dt.date(2024, 4, 10)


@pytest.fixture
def council(db):
    """A hand-made council; every figure as at Wed 10 Apr 2024 is worked out in the tests that use it.

    Contacts (1 working day; Good Friday 29 Mar and Easter Monday 1 Apr 2024 are holidays):
      K1  A  Thu 28 Mar, no decision      due Tue 2 Apr   overdue 8 days    W1 (T1)
      K2  B  Tue 9 Apr, no decision       due Wed 10 Apr  due soon          W2 (T2)
      K3  B  Tue 2 Apr, decided 3 Apr     due Wed 3 Apr   on time           W2 (T2)
      K4  C  Thu 4 Apr, decided Mon 8 Apr due Fri 5 Apr   late 3 days       W1 (T1)
      K5  F  Thu 28 Mar, no decision      due Tue 2 Apr   overdue 8 days    W1 (T1) on the due date; F is W2's from 5 Apr
    CP plans (visits every 10 working days; first review 3 months):
      CP1 A  from Fri 1 Mar, visited 8 Mar: visit 1 due 15 Mar on time; visit 2 due 22 Mar overdue 19 days;
             first review due 1 Jun, not yet due
      CP2 D  1 to 20 Mar, never visited: visit 1 due 15 Mar, missed (5 days to the plan's end); no review was due
    """
    f.team("T1", "Team one")
    f.team("T2", "Team two")
    f.worker("W1", team_id="T1", name="Worker One")
    f.worker("W2", team_id="T2", name="Worker Two")
    f.child("A", forename="Alexandra", surname="Testperson")
    f.child("B")
    f.child("C")
    f.child("D")
    f.child("F")
    for child, worker, team in (("A", "W1", "T1"), ("B", "W2", "T2"), ("C", "W1", "T1"), ("D", "W1", "T1")):
        f.allocate(child, worker, "2023-01-01", team_id=team)
    f.allocate("F", "W1", "2023-01-01", end="2024-04-05", team_id="T1")
    f.allocate("F", "W2", "2024-04-05", team_id="T2")
    for cid, child, day, decided in (
        ("K1", "A", "2024-03-28", None),
        ("K2", "B", "2024-04-09", None),
        ("K3", "B", "2024-04-02", "2024-04-03"),
        ("K4", "C", "2024-04-04", "2024-04-08"),
        ("K5", "F", "2024-03-28", None),
    ):
        f.case_row(m.Contact, contact_id=cid, person_id=child, contact_date=day, contact_decision_date=decided)
    f.cp_plan("A", "2024-03-01", plan_id="CP1")
    f.cp_plan("D", "2024-03-01", end="2024-03-20", plan_id="CP2")
    f.case_row(m.CPVisit, person_id="A", cp_plan_id="CP1", cp_visit_date="2024-03-08")
