"""Drift prompts: children with a drift signal and no escalation raised about them lately.

A prompt is quiet when the child had an escalation raised in the last
`quiet_working_days` working days, or the IRO dismissed that child's signal
(with a reason) within that many working days. Either way it returns after.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db import transaction
from django.utils import timezone

from oversight.accounts import scope
from oversight.analytics import iro_drift as A
from oversight.analytics.workdays import default_calendar
from oversight.config import section
from oversight.iro import rules, services
from oversight.iro.models import DriftDismissal, Escalation

TABLES = ("ssd_involvements", "ssd_cin_assessments", "ssd_cp_reviews", "ssd_cla_reviews", "ssd_cp_plans")


def _frames() -> dict[str, pl.DataFrame]:
    from oversight.people import frames

    return {name: frames.load(name) for name in TABLES}


def _overdue_items(as_at: dt.date, children: list[str] | None = None) -> pl.DataFrame:
    """The timeliness engine's items on AS_AT, for CHILDREN only when given.

    Every case-data row of other children is left out before the engine runs:
    one IRO's fifty children cost a fraction of the whole council's clocks.
    """
    from oversight.timeliness import queries as tq

    book = tq.rulebook()
    data = tq.load_frames(book)
    if children is not None:
        data = {
            name: frame.filter(pl.col(col).is_in(list(children))) if (col := _person_column(frame)) else frame
            for name, frame in data.items()
        }
    return tq.items(as_at, book=book, data=data).select("child_id", "status")


def _person_column(frame: pl.DataFrame) -> str | None:
    return next((c for c in frame.columns if c.endswith("person_id")), None)


def all_signals(
    as_at: dt.date, overdue_items: pl.DataFrame | None = None, professional_id: str | None = None
) -> pl.DataFrame:
    """Every drift signal on AS_AT (only PROFESSIONAL_ID's children when given)."""
    cfg, inv = rules.drift(), section("involvements")
    frames = _frames()
    if overdue_items is None:
        children = None
        if professional_id is not None:
            held = A.reviewed_by(frames, list(inv["iro_roles"]), as_at)
            children = held.filter(pl.col("professional_id") == professional_id)["child_id"].to_list()
        overdue_items = _overdue_items(as_at, children)
    return A.signals(
        frames,
        as_at,
        iro_roles=list(inv["iro_roles"]),
        case_worker_roles=list(inv["case_worker_roles"]),
        overdue_items=overdue_items,
        cp_months=cfg["cp_plan_months"],
        max_changes=cfg["max_worker_changes"],
        change_months=cfg["worker_change_months"],
    )


def _quiet_since(as_at: dt.date) -> dt.date:
    """The earliest day counted as 'lately': N working days back from AS_AT."""
    n = rules.drift()["quiet_working_days"]
    cal, day, back = default_calendar(), as_at, 0
    while back < n:
        day -= dt.timedelta(days=1)
        if cal.is_working_day(day):
            back += 1
    return day


def prompts(as_at: dt.date, professional_id: str | None = None, signals: pl.DataFrame | None = None) -> list[dict]:
    found = all_signals(as_at, professional_id=professional_id) if signals is None else signals
    if professional_id is not None:
        found = found.filter(pl.col("professional_id") == professional_id)
    if found.is_empty():
        return []
    since = _quiet_since(as_at)
    children = found["child_id"].unique().to_list()
    recent = set(
        Escalation.objects.filter(child_id__in=children, raised_date__gte=since, raised_date__lte=as_at).values_list(
            "child_id", flat=True
        )
    )
    dismissed = set(
        DriftDismissal.objects.filter(child_id__in=children, dismissed_date__gte=since).values_list(
            "child_id", "signal"
        )
    )
    out = []
    for row in found.iter_rows(named=True):
        if row["child_id"] in recent or (row["child_id"], row["signal"]) in dismissed:
            continue
        out.append({**row, "label": A.SIGNALS[row["signal"]]})
    return out


def prompts_for(user, as_at: dt.date) -> list[dict]:
    if not user.professional_id:
        return []
    visible = scope.visible_child_ids(user, as_at)
    return [p for p in prompts(as_at, user.professional_id) if visible is None or p["child_id"] in visible]


def _is_prompt(user, child_id: str, signal: str, as_at: dt.date) -> bool:
    return any(p["child_id"] == child_id and p["signal"] == signal for p in prompts_for(user, as_at))


def dismiss(user, child_id: str, signal: str, reason: str, as_at: dt.date | None = None) -> DriftDismissal:
    as_at = as_at or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise services.IroError("Give the reason no escalation is needed")
    if not _is_prompt(user, child_id, signal, as_at):
        raise services.IroError("This prompt is no longer open")
    return DriftDismissal.objects.create(
        child_id=child_id,
        signal=signal,
        professional_id=user.professional_id,
        dismissed_by=user.username,
        dismissed_date=as_at,
        reason=reason[: services.MAX_TEXT],
    )


def escalate(user, child_id: str, signal: str, as_at: dt.date | None = None) -> Escalation:
    """Turn a prompt into an informal (first-stage) practice escalation about drift, in one step."""
    as_at = as_at or timezone.localdate()
    match = [p for p in prompts_for(user, as_at) if p["child_id"] == child_id and p["signal"] == signal]
    if not match:
        raise services.IroError("This prompt is no longer open")
    subs = rules.subcategories("practice")
    with transaction.atomic():
        return services.raise_escalation(
            child_id=child_id,
            by=user.username,
            iro_id=user.professional_id,
            stage=rules.stages()[0].code,
            category="practice",
            subcategory="drift" if "drift" in subs else "",
            ask=f"Drift: {match[0]['label'].lower()} ({match[0]['detail']}). Please set out the plan to address it.",
            raised_date=as_at,
            source=Escalation.DRIFT,
        )
