"""Reads of case data for pages and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from oversight.analytics import cohorts
from oversight.config import section
from oversight.people import frames
from oversight.people import models as m


def headline_counts(day: dt.date) -> dict:
    data = {name: frames.load(name) for name in cohorts.SUMMARY_TABLES}
    return cohorts.headline_counts(data, day, section("involvements")["case_worker_roles"])


@dataclass
class Event:
    date: dt.date | None
    kind: str
    detail: str
    record_id: str


# (model, date field, label, detail fields) for the chronology.
_CHRONOLOGY = [
    (m.Contact, "contact_date", "Contact received", ["contact_source_code"]),
    (m.EarlyHelpEpisode, "episode_start_date", "Early help started", ["episode_organisation"]),
    (m.EarlyHelpEpisode, "episode_end_date", "Early help ended", ["episode_end_reason"]),
    (m.CINEpisode, "referral_date", "Referral", ["referral_source_code", "cin_primary_need_code"]),
    (m.CINEpisode, "close_date", "Case closed", ["close_reason"]),
    (m.Assessment, "assessment_start_date", "Assessment started", []),
    (m.Assessment, "assessment_auth_date", "Assessment authorised", []),
    (m.StrategyDiscussion, "strategy_discussion_date", "Strategy discussion", []),
    (m.S47Enquiry, "s47_start_date", "Section 47 enquiry started", []),
    (m.S47Enquiry, "s47_end_date", "Section 47 enquiry completed", ["s47_nfa"]),
    (m.InitialCPConference, "icpc_date", "Initial child protection conference", ["icpc_outcome_cp_flag"]),
    (m.CPPlan, "cp_plan_start_date", "Child protection plan started", ["cp_plan_initial_category"]),
    (m.CPPlan, "cp_plan_end_date", "Child protection plan ended", []),
    (m.CoreGroup, "core_group_date", "Core group", []),
    (m.CPVisit, "cp_visit_date", "Child protection visit", ["cp_visit_seen"]),
    (m.CPReview, "cp_review_date", "Child protection review conference", []),
    (m.CINPlan, "cin_plan_start_date", "Child in need plan started", []),
    (m.CINPlan, "cin_plan_end_date", "Child in need plan ended", []),
    (m.CINVisit, "cin_visit_date", "Child in need visit", ["cin_visit_seen"]),
    (m.CLAEpisode, "cla_episode_start_date", "Became looked after", ["cla_episode_start_reason"]),
    (m.CLAEpisode, "cla_episode_ceased_date", "Ceased to be looked after", ["cla_episode_ceased_reason"]),
    (m.CLAPlacement, "cla_placement_start_date", "Placement started", ["cla_placement_type"]),
    (m.CLAPlacement, "cla_placement_end_date", "Placement ended", ["cla_placement_change_reason"]),
    (m.CLAReview, "cla_review_date", "Looked-after review", []),
    (m.CLAVisit, "cla_visit_date", "Looked-after visit", ["cla_visit_seen"]),
    (m.CLAHealth, "health_check_date", "Health check", ["health_check_type", "health_check_status"]),
    (m.MissingEpisode, "missing_episode_start_date", "Missing from placement", ["missing_episode_type"]),
    (m.LegalStatus, "legal_status_start_date", "Legal status", ["legal_status"]),
    (m.CareLeaver, "care_leaver_start_date", "Leaving-care services began", ["care_leaver_eligibility"]),
    (m.CareLeaverContact, "contact_date", "Personal adviser contact", []),
    (m.PathwayPlanReview, "pathway_plan_review_date", "Pathway plan review", []),
    (m.Permanence, "adm_decision_date", "Should be placed for adoption decision", []),
    (m.Permanence, "permanence_order_date", "Permanence order", ["permanence_order_type"]),
]


def chronology(person_id: str, since: dt.date | None = None, until: dt.date | None = None) -> list[Event]:
    """Every dated event and allocation change for one child, oldest first."""
    events: list[Event] = []
    for model, date_field, label, details in _CHRONOLOGY:
        qs = model.objects.filter(person_id=person_id).exclude(**{f"{date_field}__isnull": True})
        if since:
            qs = qs.filter(**{f"{date_field}__gte": since})
        if until:
            qs = qs.filter(**{f"{date_field}__lte": until})
        for row in qs.values(model._meta.pk.name, date_field, *details):
            detail = ", ".join(str(row[d]) for d in details if row[d])
            events.append(Event(row[date_field], label, detail, row[model._meta.pk.name]))
    workers = dict(m.Professional.objects.values_list("professional_id", "professional_name"))
    for inv in m.Involvement.objects.filter(person_id=person_id).order_by("involvement_start_date"):
        who = workers.get(inv.professional_id, inv.professional_id)
        role = inv.professional_role_id
        if inv.involvement_start_date and (not since or inv.involvement_start_date >= since) and (not until or inv.involvement_start_date <= until):
            events.append(Event(inv.involvement_start_date, f"Allocated ({role})", who, inv.involvements_id))
        if inv.involvement_end_date and (not since or inv.involvement_end_date >= since) and (not until or inv.involvement_end_date <= until):
            events.append(Event(inv.involvement_end_date, f"Allocation ended ({role})", who, inv.involvements_id))
    events.sort(key=lambda e: (e.date or dt.date.min, e.kind))
    return events


def current_allocations(person_id: str, day: dt.date) -> list[dict]:
    from django.db.models import Q

    workers = {p.professional_id: p for p in m.Professional.objects.all()}
    rows = m.Involvement.objects.filter(person_id=person_id, involvement_start_date__lte=day).filter(
        Q(involvement_end_date__isnull=True) | Q(involvement_end_date__gt=day)
    )
    return [
        {"role": r.professional_role_id, "worker": workers.get(r.professional_id), "worker_id": r.professional_id,
         "team": r.professional_team, "since": r.involvement_start_date}
        for r in rows
    ]
