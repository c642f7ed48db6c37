"""Small builders of case-data rows for hand-made test cases.

Each takes the fields that matter to a test and fills the rest with defaults.
"""

from __future__ import annotations

import datetime as dt
import itertools

from oversight.people import models as m

_seq = itertools.count(1)


def _next(prefix: str) -> str:
    return f"{prefix}{next(_seq)}"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def team(team_id: str = None, name: str = "Team", parent: str = "", team_type: str = "team") -> m.Department:
    team_id = team_id or _next("T")
    return m.Department.objects.create(team_id=team_id, team_name=name, team_parent_id=parent, team_type=team_type)


def worker(
    professional_id: str = None,
    grade: str = "social_worker",
    team_id: str = "",
    fte: float = 1.0,
    start: str | None = "2015-01-01",
    end: str | None = None,
    qualified: str | None = "2010-07-01",
    agency: str = "N",
    name: str | None = None,
) -> m.Professional:
    professional_id = professional_id or _next("W")
    return m.Professional.objects.create(
        professional_id=professional_id,
        professional_name=name or f"Worker {professional_id}",
        grade=grade,
        team_id=team_id,
        full_time_equivalency=fte,
        start_date=d(start) if start else None,
        end_date=d(end) if end else None,
        qualified_date=d(qualified) if qualified else None,
        agency_worker_flag=agency,
    )


def child(person_id: str = None, dob: str = "2015-06-01", **extra) -> m.Person:
    person_id = person_id or _next("C")
    return m.Person.objects.create(person_id=person_id, dob=d(dob) if dob else None, sex=extra.pop("sex", "F"), **extra)


def referral(person_id: str, date: str, close: str | None = None, referral_id: str = None, **extra) -> m.CINEpisode:
    return m.CINEpisode.objects.create(
        referral_id=referral_id or _next("R"),
        person_id=person_id,
        referral_date=d(date),
        close_date=d(close) if close else None,
        **extra,
    )


def allocate(
    person_id: str,
    professional_id: str,
    start: str,
    end: str | None = None,
    role: str = "CW",
    team_id: str = "",
    involvement_id: str = None,
) -> m.Involvement:
    return m.Involvement.objects.create(
        involvements_id=involvement_id or _next("I"),
        person_id=person_id,
        professional_id=professional_id,
        professional_role_id=role,
        professional_team=team_id,
        involvement_start_date=d(start),
        involvement_end_date=d(end) if end else None,
    )


def assessment(
    person_id: str, start: str, auth: str | None = None, factors: str | None = None, assessment_id: str = None
) -> m.Assessment:
    """An assessment; FACTORS, if given, is the text of its ssd_assessment_factors row."""
    row = m.Assessment.objects.create(
        assessment_id=assessment_id or _next("A"),
        person_id=person_id,
        assessment_start_date=d(start),
        assessment_auth_date=d(auth) if auth else None,
    )
    if factors is not None:
        m.AssessmentFactors.objects.create(
            table_id=_next("F"), assessment_id=row.assessment_id, assessment_factors_json=factors
        )
    return row


def cp_plan(person_id: str, start: str, end: str | None = None, plan_id: str = None, **extra) -> m.CPPlan:
    return m.CPPlan.objects.create(
        cp_plan_id=plan_id or _next("CP"),
        person_id=person_id,
        cp_plan_start_date=d(start),
        cp_plan_end_date=d(end) if end else None,
        **extra,
    )


def cla_episode(person_id: str, start: str, ceased: str | None = None, episode_id: str = None, **extra) -> m.CLAEpisode:
    return m.CLAEpisode.objects.create(
        cla_episode_id=episode_id or _next("E"),
        person_id=person_id,
        cla_episode_start_date=d(start),
        cla_episode_ceased_date=d(ceased) if ceased else None,
        **extra,
    )


def care_leaver(person_id: str, start: str | None, end: str | None = None, **extra) -> m.CareLeaver:
    return m.CareLeaver.objects.create(
        table_id=_next("L"),
        person_id=person_id,
        care_leaver_start_date=d(start) if start else None,
        care_leaver_end_date=d(end) if end else None,
        **extra,
    )


def small_council() -> None:
    """A hand-made council for scope, page and browser tests. Known answers on any date from 2024-02-01:

    Teams: service area SA holds teams T1 (with sub-team T1a) and T2; IROs sit apart in IROS.
    Children and who holds them (CW = case worker, IRO = reviewing officer):
      A  open referral              CW W1 (T1)
      B  open referral, CP plan     CW W2 (T1a)
      C  in care                    CW W3 (T2), IRO I1
      D  open referral              CW W4 (T2), who left on 2024-02-01: unallocated
      E  care leaver                nobody: unallocated
      F  referral closed in 2020    CW W1's allocation ended in 2020
    Headline counts: open referrals 3 (A B D), children in need 4 (A B C D), CP plans 1 (B),
    in care 1 (C), care leavers 1 (E), unallocated 2 (D E).
    """
    team("SA", "Children's services", team_type="service_area")
    team("T1", "Assessment team 1", parent="SA")
    team("T1a", "Assessment pod 1a", parent="T1")
    team("T2", "Children in care team", parent="SA")
    team("IROS", "Reviewing service", team_type="service_area")
    worker("W1", team_id="T1", start="2020-01-01")
    worker("W2", team_id="T1a", start="2020-01-01")
    worker("W3", team_id="T2", start="2020-01-01")
    worker("W4", team_id="T2", start="2020-01-01", end="2024-02-01")
    worker("I1", grade="iro", team_id="IROS", start="2020-01-01")
    child("A")
    referral("A", "2024-01-10")
    allocate("A", "W1", "2024-01-10")
    child("B")
    referral("B", "2023-06-01")
    cp_plan("B", "2023-07-01")
    allocate("B", "W2", "2023-06-01", team_id="T1a")
    child("C")
    cla_episode("C", "2022-05-01")
    allocate("C", "W3", "2022-05-01", team_id="T2")
    allocate("C", "I1", "2022-05-10", role="IRO", team_id="IROS")
    child("D")
    referral("D", "2023-01-01")
    allocate("D", "W4", "2023-01-01", team_id="T2")
    child("E")
    care_leaver("E", "2023-09-01")
    child("F")
    referral("F", "2020-01-01", close="2020-06-01")
    allocate("F", "W1", "2020-01-01", end="2020-06-01", team_id="T1")


def case_row(model, **fields):
    """Any case-data row, for tables without a builder above: dates as YYYY-MM-DD text, the key made up if not given."""
    for field in model._meta.concrete_fields:
        if isinstance(field, m.models.DateField) and isinstance(fields.get(field.name), str):
            fields[field.name] = d(fields[field.name])
    fields.setdefault(model._meta.pk.name, _next(model.ssd_prefix.upper().rstrip("_")))
    return model.objects.create(**fields)
