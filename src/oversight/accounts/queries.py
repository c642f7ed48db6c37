"""Reads for accounts: the access log, logins, sign-in locks."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from oversight.accounts import roles
from oversight.accounts.models import AccessLog, SignInFailure, User
from oversight.config import section


def sign_in_locked(username: str) -> bool:
    """True when USERNAME has had too many failed sign-ins within the lockout window."""
    cfg = section("accounts")
    since = timezone.now() - dt.timedelta(minutes=cfg["lockout_minutes"])
    failures = SignInFailure.objects.filter(username=username[:150], at__gte=since).count()
    return failures >= cfg["max_failed_sign_ins"]


def access_log(person_id: str = "", username: str = ""):
    """Views of children's records, newest first, optionally for one child or one login."""
    qs = AccessLog.objects.select_related("user")
    if person_id:
        qs = qs.filter(person_id=person_id)
    if username:
        qs = qs.filter(user__username=username)
    return qs


def users() -> list[dict]:
    """Every login with its role and scope keys (no passwords, no personal details)."""
    return [
        {
            "username": u.username,
            "role": u.role,
            "role_label": roles.LABELS.get(u.role, u.role),
            "professional_id": u.professional_id,
            "team_id": u.team_id,
            "active": u.is_active,
            "last_login": timezone.localtime(u.last_login).isoformat(timespec="seconds") if u.last_login else None,
        }
        for u in User.objects.order_by("username")
    ]
