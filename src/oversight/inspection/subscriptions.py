"""Calendar subscriptions: a login's meetings of one inspection at a secret, revocable URL.

Calendar programs fetch a subscription on their own, with no session, so the
URL carries a token: 32 random bytes (`secrets.token_urlsafe`), shown once
and kept only as its SHA-256. The feed it opens is read-only and holds that
login's meetings of that inspection and nothing else; it stops working when
the token is revoked or replaced, the login is deactivated, or the login is no
longer on the inspection's team.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from oversight.inspection.models import CalendarToken, Inspection


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(user, inspection: Inspection) -> str:
    """A new token for USER's meetings of INSPECTION (any earlier one stops working). Returned once, never stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarToken.objects.filter(user=user, inspection=inspection).delete()
        CalendarToken.objects.create(user=user, inspection=inspection, token_sha256=_digest(token))
    return token


def revoke(user, inspection: Inspection) -> bool:
    return CalendarToken.objects.filter(user=user, inspection=inspection).delete()[0] > 0


def current(user, inspection: Inspection) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, inspection=inspection).first()


def resolve(token: str, is_team) -> CalendarToken | None:
    """The subscription TOKEN opens, if it still may: an active login that IS_TEAM(user, inspection) allows."""
    if not token or len(token) > 100:
        return None
    found = CalendarToken.objects.select_related("user", "inspection").filter(token_sha256=_digest(token)).first()
    if found is None or not found.user.is_active or not is_team(found.user, found.inspection):
        return None
    CalendarToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found
