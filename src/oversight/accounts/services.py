"""Writes for accounts: creating logins and recording failed sign-ins."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.accounts import roles
from oversight.accounts.models import SignInFailure, User
from oversight.config import section

log = logging.getLogger("oversight.security")


class UserError(ValueError):
    """A login could not be created; the message says which value is wrong."""


def create_user(
    username: str, role: str, password: str, professional_id: str = "", team_id: str = "", check_password: bool = True
) -> User:
    """Create a login with ROLE. Raises UserError naming the value at fault; nothing is saved then.

    check_password=False skips the strength rules (for the synthetic demo's printed logins only).
    """
    username = (username or "").strip()
    if role not in roles.NAMES:
        raise UserError(f"role '{role}' is not one of: {', '.join(roles.NAMES)}")
    field = User._meta.get_field("username")
    try:
        field.run_validators(username)
        if not username:
            raise ValidationError("the username is empty")
    except ValidationError as exc:
        raise UserError(f"username '{username[:40]}' is not allowed: {' '.join(exc.messages)}")
    for name, value in (("professional id", professional_id), ("team id", team_id)):
        if len(value) > 48:
            raise UserError(f"{name} '{value[:48]}…' is longer than 48 characters")
    if User.objects.filter(username=username).exists():
        raise UserError(f"username '{username}' is already taken")
    user = User(username=username, role=role, professional_id=professional_id.strip(), team_id=team_id.strip())
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise UserError(f"the password is not strong enough: {' '.join(exc.messages)}")
    user.set_password(password)
    with transaction.atomic():
        user.save()
    log.info("login created id=%s role=%s", user.pk, role)
    return user


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=section("accounts")["lockout_minutes"])


def begin_sign_in(username: str) -> int | None:
    """Count this attempt as a failure before its password is tested: its id, or None when the name is locked.

    Counting first is what keeps the lock under concurrency. Of any two
    attempts, the one whose row is written second sees the other's row when it
    counts, so however many guesses arrive together, at most
    `max_failed_sign_ins` of them see a count within the limit and get their
    password tested. A refused attempt takes its row back, so the lock still
    lifts `lockout_minutes` after the last tested failure.
    """
    name = username[:150]
    now = timezone.now()
    SignInFailure.objects.filter(at__lt=now - _window()).delete()
    attempt = SignInFailure.objects.create(username=name)
    count = SignInFailure.objects.filter(username=name, at__gte=now - _window()).count()
    limit = section("accounts")["max_failed_sign_ins"]
    if count > limit:
        SignInFailure.objects.filter(pk=attempt.pk).delete()
        return None
    if count == limit:
        log.warning("sign-in locked for a username after %d failures", count)
    return attempt.pk


def record_failed_sign_in(username: str) -> int:
    """Note a failed sign-in for USERNAME; returns how many failures it now has in the window."""
    now = timezone.now()
    # Old failures no longer count; clearing them here keeps the table tiny.
    SignInFailure.objects.filter(at__lt=now - _window()).delete()
    SignInFailure.objects.create(username=username[:150])
    count = SignInFailure.objects.filter(username=username[:150]).count()
    if count == section("accounts")["max_failed_sign_ins"]:
        log.warning("sign-in locked for a username after %d failures", count)
    return count


def clear_failed_sign_ins(username: str) -> None:
    SignInFailure.objects.filter(username=username[:150]).delete()
