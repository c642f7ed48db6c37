"""Reads of case data for pages and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from oversight.analytics import cohorts
from oversight.config import section
from oversight.people import frames
from oversight.people import models as m
from oversight.web import labels


def headline_counts(day: dt.date) -> dict:
    data = {name: frames.load(name) for name in cohorts.SUMMARY_TABLES}
    roles = section("involvements")
    return cohorts.headline_counts(data, day, roles["case_worker_roles"], roles["personal_adviser_roles"])


@dataclass
class Event:
    date: dt.date
    kind: str
    detail: str
    record_id: str


# (model, date field, event, [(detail field, its label)]) in the order a case usually runs,
# which also orders events of the same day.
_CHRONOLOGY = [
    (m.Contact, "contact_date", "Contact received", [("contact_source_code", "source")]),
    (m.EarlyHelpEpisode, "episode_start_date", "Early help started", [("episode_organisation", "by")]),
    (m.EarlyHelpEpisode, "episode_end_date", "Early help ended", [("episode_end_reason", "reason")]),
    (
        m.CINEpisode,
        "referral_date",
        "Referral",
        [("referral_source_code", "source"), ("cin_primary_need_code", "need")],
    ),
    (m.StrategyDiscussion, "strategy_discussion_date", "Strategy discussion", []),
    (m.S47Enquiry, "s47_start_date", "Section 47 enquiry started", []),
    (m.Assessment, "assessment_start_date", "Assessment started", [("assessment_child_seen", "child seen")]),
    (m.Assessment, "assessment_auth_date", "Assessment authorised", [("assessment_outcome_nfa", "no further action")]),
    (m.S47Enquiry, "s47_end_date", "Section 47 enquiry completed", [("s47_nfa", "no further action")]),
    (
        m.InitialCPConference,
        "icpc_date",
        "Initial child protection conference",
        [("icpc_outcome_cp_flag", "plan made")],
    ),
    (m.CPPlan, "cp_plan_start_date", "Child protection plan started", [("cp_plan_initial_category", "category")]),
    (m.CoreGroup, "core_group_date", "Core group", []),
    (
        m.CPVisit,
        "cp_visit_date",
        "Child protection visit",
        [("cp_visit_seen", "seen"), ("cp_visit_seen_alone", "seen alone")],
    ),
    (
        m.CPReview,
        "cp_review_date",
        "Child protection review conference",
        [("cp_review_outcome_continue_cp", "plan continues")],
    ),
    (m.CPPlan, "cp_plan_end_date", "Child protection plan ended", []),
    (m.CINPlan, "cin_plan_start_date", "Child in need plan started", []),
    (
        m.CINVisit,
        "cin_visit_date",
        "Child in need visit",
        [("cin_visit_seen", "seen"), ("cin_visit_seen_alone", "seen alone")],
    ),
    (m.CINPlan, "cin_plan_end_date", "Child in need plan ended", []),
    (m.LegalStatus, "legal_status_start_date", "Legal status began", [("legal_status", "status")]),
    (m.LegalStatus, "legal_status_end_date", "Legal status ended", [("legal_status", "status")]),
    (m.CLAEpisode, "cla_episode_start_date", "Became looked after", [("cla_episode_start_reason", "reason")]),
    (m.CLAPlacement, "cla_placement_start_date", "Placement started", [("cla_placement_type", "type")]),
    (m.CLAReview, "cla_review_date", "Looked-after review", [("cla_review_participation", "participation")]),
    (
        m.CLAVisit,
        "cla_visit_date",
        "Looked-after visit",
        [("cla_visit_seen", "seen"), ("cla_visit_seen_alone", "seen alone")],
    ),
    (
        m.CLAHealth,
        "health_check_date",
        "Health check",
        [("health_check_type", "type"), ("health_check_status", "status")],
    ),
    (m.MissingEpisode, "missing_episode_start_date", "Missing", [("missing_episode_type", "type")]),
    (
        m.MissingEpisode,
        "missing_episode_end_date",
        "Returned from missing",
        [("missing_rhi_offered", "return interview offered")],
    ),
    (m.Permanence, "adm_decision_date", "Should be placed for adoption decision", []),
    (m.Permanence, "placement_order_date", "Placement order", []),
    (m.Permanence, "matched_date", "Matched with adopters", []),
    (m.Permanence, "placed_for_adoption_date", "Placed for adoption", []),
    (m.Permanence, "decision_reversed_date", "Adoption decision reversed", [("decision_reversed_reason", "reason")]),
    (m.Permanence, "permanence_order_date", "Permanence order", [("permanence_order_type", "type")]),
    (m.CLAPlacement, "cla_placement_end_date", "Placement ended", [("cla_placement_change_reason", "reason")]),
    (m.CLAEpisode, "cla_episode_ceased_date", "Ceased to be looked after", [("cla_episode_ceased_reason", "reason")]),
    (
        m.ImmigrationStatus,
        "immigration_status_start_date",
        "Immigration status began",
        [("immigration_status", "status")],
    ),
    (
        m.ImmigrationStatus,
        "immigration_status_end_date",
        "Immigration status ended",
        [("immigration_status", "status")],
    ),
    (
        m.CareLeaver,
        "care_leaver_start_date",
        "Leaving-care services began",
        [("care_leaver_eligibility", "eligibility")],
    ),
    (m.CareLeaverContact, "contact_date", "Personal adviser contact", []),
    (m.PathwayPlanReview, "pathway_plan_review_date", "Pathway plan review", []),
    (m.CareLeaver, "care_leaver_end_date", "Leaving-care services ended", []),
    (m.CINEpisode, "close_date", "Case closed", [("close_reason", "reason")]),
]
# Allocations sort before the day's other events (a worker is allocated, then visits), their ends after.
_ALLOCATED, _ALLOCATION_ENDED = -1, len(_CHRONOLOGY)


# Detail fields holding codes, and the labels.KINDS list that says what each code means.
_CODED = {
    "contact_source_code": "referral_source",
    "referral_source_code": "referral_source",
    "cin_primary_need_code": "need",
    "legal_status": "legal_status",
    "cla_placement_type": "placement_type",
    "cla_episode_start_reason": "start_reason",
    "cla_episode_ceased_reason": "ceased_reason",
    "close_reason": "close_reason",
    "cla_placement_change_reason": "placement_change_reason",
    "cp_plan_initial_category": "cp_category",
}


def _value(field: str, value) -> str:
    if field in _CODED:
        return labels.label(_CODED[field], value)
    if value in ("Y", "N") or isinstance(value, bool):
        return "yes" if value in ("Y", True) else "no"
    return str(value)


def _detail(row: dict, details: list[tuple[str, str]]) -> str:
    return "; ".join(
        f"{label}: {_value(field, row[field])}" for field, label in details if row[field] not in (None, "")
    )


def _in_range(day: dt.date | None, since: dt.date | None, until: dt.date | None) -> bool:
    return day is not None and (since is None or day >= since) and (until is None or day <= until)


_DETAILS = max(len(details) for *_, details in _CHRONOLOGY)
_sql: dict[str, str] = {}


def _chronology_sql() -> str:
    """One statement for every dated event of a child: a UNION ALL of one SELECT per kind of event.

    (kind, date, record id, up to two detail values as text); one round trip instead of a query per table.
    """
    vendor = connection.vendor
    if vendor not in _sql:
        qn = connection.ops.quote_name
        parts = []
        for order, (model, date_field, _, details) in enumerate(_CHRONOLOGY):
            column = model._meta.get_field
            shown = [f"CAST({qn(column(f).column)} AS TEXT)" for f, _ in details]
            shown += ["''"] * (_DETAILS - len(details))
            date = qn(column(date_field).column)
            parts.append(
                f"SELECT {order}, {date}, {qn(model._meta.pk.column)}, {', '.join(shown)} "
                f"FROM {qn(model._meta.db_table)} WHERE {qn(column('person_id').column)} = %s AND {date} IS NOT NULL"
            )
        _sql[vendor] = " UNION ALL ".join(parts)
    return _sql[vendor]


def _as_date(value) -> dt.date:
    # SQLite hands dates back as text in a raw query.
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def chronology(person_id: str, since: dt.date | None = None, until: dt.date | None = None) -> list[Event]:
    """Every dated event and allocation change for one child, oldest first (SINCE and UNTIL inclusive)."""
    keyed: list[tuple[tuple, Event]] = []
    with connection.cursor() as cursor:
        cursor.execute(_chronology_sql(), [person_id] * len(_CHRONOLOGY))
        found = cursor.fetchall()
    for order, day, record_id, *values in found:
        day = _as_date(day)
        if not _in_range(day, since, until):
            continue
        _, _, label, details = _CHRONOLOGY[order]
        row = {field: value for (field, _), value in zip(details, values)}
        keyed.append(((day, order, record_id), Event(day, label, _detail(row, details), record_id)))
    involvements = list(m.Involvement.objects.filter(person_id=person_id))
    names = _worker_names({i.professional_id for i in involvements})
    for inv in involvements:
        who = names.get(inv.professional_id) or inv.professional_id or "no worker recorded"
        role = labels.label("role", inv.professional_role_id) if inv.professional_role_id else "role not recorded"
        if _in_range(inv.involvement_start_date, since, until):
            keyed.append(
                (
                    (inv.involvement_start_date, _ALLOCATED, inv.involvements_id),
                    Event(inv.involvement_start_date, f"Allocated ({role})", who, inv.involvements_id),
                )
            )
        if _in_range(inv.involvement_end_date, since, until):
            reason = (
                f"; reason: {labels.label('worker_change_reason', inv.worker_change_reason)}"
                if inv.worker_change_reason
                else ""
            )
            keyed.append(
                (
                    (inv.involvement_end_date, _ALLOCATION_ENDED, inv.involvements_id),
                    Event(inv.involvement_end_date, f"Allocation ended ({role})", who + reason, inv.involvements_id),
                )
            )
    keyed.sort(key=lambda pair: pair[0])
    return [event for _, event in keyed]


def _worker_names(ids: set[str]) -> dict[str, str]:
    rows = m.Professional.objects.filter(professional_id__in=ids).values_list("professional_id", "professional_name")
    return {pid: name for pid, name in rows if name}


def current_allocations(person_id: str, day: dt.date) -> list[dict]:
    """Who holds the child on DAY (open involvements of any role), earliest first."""
    from django.db.models import Q

    rows = list(
        m.Involvement.objects.filter(person_id=person_id, involvement_start_date__lte=day)
        .filter(Q(involvement_end_date__isnull=True) | Q(involvement_end_date__gt=day))
        .order_by("involvement_start_date", "involvements_id")
    )
    names = _worker_names({r.professional_id for r in rows})
    teams = labels.team_names()
    return [
        {
            "role": r.professional_role_id,
            "worker": names.get(r.professional_id) or r.professional_id,
            "worker_id": r.professional_id,
            "team": r.professional_team,
            "team_name": teams.get(r.professional_team, r.professional_team) if r.professional_team else "",
            "since": r.involvement_start_date,
        }
        for r in rows
    ]
