"""Reads for IRO oversight pages, the CLI and other apps.

`escalation_counts(month_ends)` is the plain function the performance clinic
uses: IRO escalations raised in each month and overdue at its end.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics import iro as A
from oversight.analytics.workdays import default_calendar
from oversight.iro import rules
from oversight.iro.models import Escalation

_FIELDS = [
    "id",
    "child_id",
    "team_id",
    "raised_by",
    "stage",
    "category",
    "raised_date",
    "response_due",
    "response_date",
    "outcome",
    "resolved_date",
]


def escalation_frame(queryset=None) -> pl.DataFrame:
    """Escalation stage records as the analytics frame (iro = the raiser's login or worker id)."""
    qs = Escalation.objects.all() if queryset is None else queryset
    rows = list(qs.order_by().values_list(*_FIELDS))
    frame = pl.DataFrame(rows, schema=list(zip(A.SCHEMA.keys(), A.SCHEMA.values())), orient="row")
    return frame


def report(start: dt.date | None, end: dt.date | None, as_at: dt.date, queryset=None) -> dict:
    """The escalations report (see analytics.iro.report) over QUERYSET (every escalation by default)."""
    stages = [s.code for s in rules.stages()]
    return A.report(escalation_frame(queryset), as_at, default_calendar(), stages, start, end)


def listing(as_at: dt.date, overdue_only: bool = False, queryset=None) -> list[dict]:
    return A.listing(escalation_frame(queryset), as_at, overdue_only)


def escalation_counts(month_ends: list[dt.date]) -> list[dict]:
    """[{month_end, raised, overdue}]: stages raised in each calendar month, and overdue at its end."""
    return A.monthly_counts(escalation_frame(), list(month_ends))


def with_status(escalations, day: dt.date) -> list[Escalation]:
    out = []
    for e in escalations:
        e.status = e.status_on(day)
        out.append(e)
    return out


def overdue(queryset, day: dt.date):
    """Open stages, not answered, past their due date on DAY."""
    return queryset.filter(outcome="", response_date__isnull=True, response_due__lt=day)


def for_child(child_id: str):
    return Escalation.objects.filter(child_id=child_id).order_by("-raised_date", "-id")
