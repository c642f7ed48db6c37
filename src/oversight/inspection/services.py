"""Writes for inspection readiness. Views and the CLI call these; nothing else writes the app's records."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from oversight.inspection.models import RepeatReferralReview


def record_review(user, child_id: str, referral_date: dt.date, note: str) -> RepeatReferralReview:
    """A manager's review of a repeat referral (a second review replaces the first, keeping who and when)."""
    with transaction.atomic():
        review, _ = RepeatReferralReview.objects.update_or_create(
            child_id=child_id,
            referral_date=referral_date,
            defaults={"reviewed_by": user.get_username(), "reviewed_at": timezone.now(), "note": note.strip()},
        )
    return review
