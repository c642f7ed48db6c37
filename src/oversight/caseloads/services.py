"""Writes of the caseloads app."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError

from oversight.caseloads import queries
from oversight.caseloads.models import LowCaseloadReason

log = logging.getLogger(__name__)


def record_low_caseload_reason(
    user, worker_id: str, reason: str, plan: str, start_date: dt.date, end_date: dt.date | None = None
) -> LowCaseloadReason:
    """Record why WORKER_ID holds a low caseload from START_DATE, with the plan."""
    if not queries.can_manage_worker(user, worker_id):
        raise PermissionDenied
    if queries.worker(worker_id) is None:
        raise ValidationError({"worker_id": f"There is no worker with id {worker_id}"})
    if reason not in queries.REASON_LABELS:
        raise ValidationError({"reason": "Choose a reason from the list"})
    if not plan.strip():
        raise ValidationError({"plan": "Enter the plan"})
    if end_date is not None and end_date <= start_date:
        raise ValidationError({"end_date": "The end date must be after the start date"})
    record = LowCaseloadReason.objects.create(
        worker_id=worker_id,
        reason=reason,
        plan=plan.strip(),
        start_date=start_date,
        end_date=end_date,
        recorded_by=user,
    )
    log.info("low caseload reason %s recorded for worker %s by user %s", record.pk, worker_id, user.pk)
    return record
