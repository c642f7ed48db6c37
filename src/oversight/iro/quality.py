"""Conference and review quality records, and step-downs from CP plans: reads and writes."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db import transaction
from django.utils import timezone

from oversight.accounts import roles, scope
from oversight.analytics import iro_quality as A
from oversight.config import section
from oversight.iro.models import MeetingRecord, StepDown
from oversight.iro.services import IroError

LOOKBACK_DAYS = 120


def _frames() -> dict[str, pl.DataFrame]:
    from oversight.people import frames

    names = ("ssd_initial_cp_conference", "ssd_cp_reviews", "ssd_cla_reviews", "ssd_involvements")
    return {n: frames.load(n) for n in names}


def meetings_to_record(user, as_at: dt.date) -> list[dict]:
    """Conferences and reviews of the last LOOKBACK_DAYS that USER chaired (held the child as IRO on the day)."""
    if user.role != roles.IRO or not user.professional_id:
        return []
    data = _frames()
    held = A.meetings_held(data, as_at, as_at - dt.timedelta(days=LOOKBACK_DAYS))
    held = A.chair_of(held, data["ssd_involvements"], list(section("involvements")["iro_roles"]))
    mine = held.filter(pl.col("chair_id") == user.professional_id).sort("meeting_date", descending=True)
    visible = scope.visible_child_ids(user, as_at)
    recorded = {
        (k, r): pk
        for k, r, pk in MeetingRecord.objects.filter(meeting_ref__in=mine["meeting_ref"].to_list()).values_list(
            "kind", "meeting_ref", "pk"
        )
    }
    labels = dict(MeetingRecord.KINDS)
    return [
        {**row, "label": labels[row["kind"]], "record_id": recorded.get((row["kind"], row["meeting_ref"]))}
        for row in mine.iter_rows(named=True)
        if visible is None or row["child_id"] in visible
    ]


def meeting(user, kind: str, meeting_ref: str, as_at: dt.date) -> dict | None:
    for row in meetings_to_record(user, as_at):
        if row["kind"] == kind and row["meeting_ref"] == meeting_ref:
            return row
    return None


def _agencies(text: str) -> list[str]:
    return sorted({a.strip()[:60] for a in (text or "").split(",") if a.strip()})[:30]


def record_meeting(user, row: dict, data: dict) -> MeetingRecord:
    with transaction.atomic():
        record, _ = MeetingRecord.objects.update_or_create(
            kind=row["kind"],
            meeting_ref=row["meeting_ref"],
            defaults=dict(
                child_id=row["child_id"],
                meeting_date=row["meeting_date"],
                chair=user.username,
                chair_id=user.professional_id,
                reports_shared=bool(data.get("reports_shared")),
                shared_working_days_before=data.get("shared_working_days_before"),
                agencies_reported=_agencies(data.get("agencies_reported", "")),
                agencies_attended=_agencies(data.get("agencies_attended", "")),
                participation=data.get("participation", "") if row["kind"] == MeetingRecord.CLA_REVIEW else "",
                child_views=data.get("child_views", ""),
                midway_check_date=data.get("midway_check_date"),
            ),
        )
    return record


def meeting_frame(queryset=None) -> pl.DataFrame:
    qs = MeetingRecord.objects.all() if queryset is None else queryset
    rows = [
        (
            m.kind,
            m.chair,
            m.meeting_date,
            m.reports_shared,
            m.shared_working_days_before,
            len(m.agencies_reported),
            len(m.agencies_attended),
            m.participation,
            m.midway_check_date is not None,
        )
        for m in qs.order_by()
    ]
    return pl.DataFrame(rows, schema=list(A.MEETING_SCHEMA.items()), orient="row")


def meeting_figures(user) -> list[dict]:
    qs = MeetingRecord.objects.all()
    if user.role == roles.IRO:
        qs = qs.filter(chair=user.username)
    elif user.role not in roles.COUNCIL_FIGURES:
        return []
    return A.by_chair_and_month(meeting_frame(qs))


# ---- step-downs ---------------------------------------------------------------------------------


def visible_step_downs(user):
    if not (user and user.is_authenticated and user.is_active):
        return StepDown.objects.none()
    if user.role not in roles.COUNCIL_FIGURES | {roles.IRO}:
        return StepDown.objects.none()
    return scope.filter_children(user, StepDown.objects.all(), "child_id")


def record_step_down(user, child_id: str, day: dt.date, recommendations: str) -> StepDown:
    if user.role != roles.IRO or not scope.can_see_child(user, child_id):
        raise IroError("Only the child's IRO or chair records a step-down")
    if day > timezone.localdate():
        raise IroError("The step-down date cannot be in the future")
    return StepDown.objects.create(
        child_id=child_id,
        step_down_date=day,
        chair=user.username,
        recommendations=recommendations.strip()[:5000],
    )


def check_step_down(user, pk: int, checked: dt.date, followed: str, note: str) -> StepDown:
    with transaction.atomic():
        sd = visible_step_downs(user).select_for_update().filter(pk=pk).first()
        if sd is None:
            raise IroError("No such step-down")
        if checked < sd.step_down_date:
            raise IroError("The first CIN review cannot be before the step-down")
        sd.checked_date, sd.followed, sd.checked_by, sd.check_note = (
            checked,
            followed,
            user.username,
            note.strip()[:5000],
        )
        sd.save()
    return sd


def closed_early(queryset) -> dict[int, dt.date]:
    """Step-down id -> the date its CIN plan closed, for those closed within step_down_close_months."""
    from oversight.people import frames

    rows = list(queryset.order_by().values_list("pk", "child_id", "step_down_date"))
    if not rows:
        return {}
    sd = pl.DataFrame(
        rows, schema={"step_down_id": pl.Int64, "child_id": pl.String, "step_down_date": pl.Date}, orient="row"
    )
    months = int(section("iro").get("step_down_close_months", 3))
    found = A.closed_early(sd, frames.load("ssd_cin_plans"), months)
    return dict(zip(found["step_down_id"].to_list(), found["cin_plan_closed"].to_list()))
