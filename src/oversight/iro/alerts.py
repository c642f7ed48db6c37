"""Change alerts to the safeguarding unit: on each new snapshot, compare it with the one it replaces.

`on_replacing` is connected to `people.signals.replacing`, which is sent inside
the snapshot's transaction while the earlier tables are still there: the alerts
commit or roll back with the case data. Each IRO with a login and an email
address gets one email per snapshot, after the commit, listing counts and a
link (never names).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from oversight.accounts import roles
from oversight.analytics import iro_alerts as A
from oversight.config import section
from oversight.iro.models import Alert

log = logging.getLogger(__name__)
MANAGERS = {roles.ADMINISTRATOR, roles.PERFORMANCE_OFFICER, roles.SENIOR_MANAGER}


def _old_frames() -> dict:
    from oversight.people import frames

    return {name: frames.load(name) for name in A.TABLES}


def create_alerts(old: dict, new: dict, as_at: dt.date) -> list[Alert]:
    inv = section("involvements")
    found = A.changes(old, new, as_at, list(inv["case_worker_roles"]), list(inv["iro_roles"]))
    alerts = [Alert(**row) for row in found.iter_rows(named=True)]
    Alert.objects.bulk_create(alerts, batch_size=2000)
    return alerts


def _complete(new: dict) -> dict:
    """The new snapshot's tables with every column (an import may leave empty columns out)."""
    import polars as pl

    from oversight.people.frames import schema
    from oversight.people.ssd import table

    out = {}
    for name in A.TABLES:
        types = schema(table(name))
        frame = new.get(name)
        if frame is None:
            frame = pl.DataFrame(schema=types)
        missing = [pl.lit(None, dtype).alias(col) for col, dtype in types.items() if col not in frame.columns]
        out[name] = frame.with_columns(missing) if missing else frame
    return out


def on_replacing(sender, frames=None, **kwargs) -> None:
    if frames is None:
        return
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the snapshot's transaction usable
            alerts = create_alerts(_old_frames(), _complete(frames), timezone.localdate())
    except Exception as exc:  # the council's data must still load; the log says alerts were not made
        log.warning("change alerts not made for this snapshot: %s", type(exc).__name__)
        return
    unassigned = sum(1 for a in alerts if not a.professional_id)
    log.info("change alerts: %s created, %s for children with no IRO", len(alerts), unassigned)
    if alerts and section("iro").get("email_alerts", True):
        counts = Counter(a.professional_id for a in alerts if a.professional_id)
        kinds: dict[str, Counter] = {}
        for a in alerts:
            kinds.setdefault(a.professional_id, Counter())[a.kind] += 1
        transaction.on_commit(lambda: email_digests(counts, kinds))


def email_digests(counts: Counter, kinds: dict[str, Counter]) -> int:
    """One email per IRO with a login and address: how many alerts of each kind, and where to read them."""
    from oversight.accounts.models import User

    labels = dict(Alert.KINDS)
    sent = 0
    users = User.objects.filter(is_active=True, professional_id__in=list(counts)).exclude(email="")
    for user in users:
        lines = [f"{n} {labels.get(k, k).lower()}" for k, n in sorted(kinds[user.professional_id].items())]
        body = (
            f"New case data has {counts[user.professional_id]} change(s) for children you review:\n\n"
            + "\n".join(lines)
            + "\n\nRead them in Oversight under IRO oversight, Change alerts."
        )
        try:
            send_mail("Oversight: change alerts", body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
        except Exception as exc:  # a mail server down must not undo an import that has committed
            log.warning("change alert email to user %s failed: %s", user.pk, type(exc).__name__)
    return sent


def for_user(user):
    """An IRO their own alerts; managers everyone's (children scoped); nobody else any."""
    from oversight.accounts import scope

    if not (user and user.is_authenticated and user.is_active):
        return Alert.objects.none()
    if user.role == roles.IRO:
        qs = (
            Alert.objects.filter(professional_id=user.professional_id) if user.professional_id else Alert.objects.none()
        )
    elif user.role in MANAGERS:
        qs = Alert.objects.all()
    else:
        return Alert.objects.none()
    return scope.filter_children(user, qs, "child_id")


def unread_count(user) -> int:
    return for_user(user).filter(read_at__isnull=True).count() if user.role == roles.IRO else 0


def mark_read(user, ids: list[int]) -> int:
    if user.role != roles.IRO:
        return 0
    return for_user(user).filter(pk__in=ids, read_at__isnull=True).update(read_at=timezone.now(), read_by=user.username)


def unread_by_iro() -> list[dict]:
    from django.db.models import Count, Q

    from oversight.people.models import Professional

    rows = (
        Alert.objects.values("professional_id")
        .annotate(total=Count("id"), unread=Count("id", filter=Q(read_at__isnull=True)))
        .order_by("-unread", "professional_id")
    )
    names = dict(Professional.objects.values_list("professional_id", "professional_name"))
    return [{**r, "name": names.get(r["professional_id"], "")} for r in rows]


def listing(since: dt.date | None = None) -> list[dict]:
    qs = Alert.objects.all().order_by("created_at", "id")
    if since:
        qs = qs.filter(created_at__date__gte=since)
    return [
        {
            "alert_id": a.pk,
            "created": timezone.localtime(a.created_at).isoformat(timespec="seconds"),
            "professional_id": a.professional_id,
            "child_id": a.child_id,
            "kind": a.kind,
            "detail": a.detail,
            "event_date": a.event_date,
            "read": a.read_at is not None,
        }
        for a in qs
    ]
