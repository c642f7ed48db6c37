"""Who may do what with an audit. Views and services ask here, so they agree."""

from __future__ import annotations

from oversight.accounts import roles, scope
from oversight.config import section

# Those who run the audit programme: draw samples, assign, import, schedule reviews.
COORDINATORS = {roles.ADMINISTRATOR, roles.PERFORMANCE_OFFICER, roles.SENIOR_MANAGER}
# Those who may read the figures (no child-level detail).
REPORT_READERS = roles.COUNCIL_FIGURES


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_coordinator(user) -> bool:
    return _active(user) and user.role in COORDINATORS


def is_moderator(user) -> bool:
    return _active(user) and user.role in set(section("audits")["moderator_roles"])


def is_auditor_role(user) -> bool:
    return _active(user) and user.role in set(section("audits")["auditor_roles"])


def can_view(user, audit) -> bool:
    """The audit's auditor and moderator, coordinators, and, once final, anyone who may see the child."""
    if not _active(user):
        return False
    if user.username in (audit.auditor, audit.moderator) or is_coordinator(user):
        return scope.can_see_child(user, audit.child_id)
    return audit.status == audit.FINAL and scope.can_see_child(user, audit.child_id)


def can_edit(user, audit) -> bool:
    return _active(user) and audit.editable and audit.auditor == user.username


def can_moderate(user, audit) -> bool:
    return (
        is_moderator(user)
        and audit.status == audit.SUBMITTED
        and audit.auditor != user.username
        and audit.moderator in ("", user.username)
    )


def can_escalate(user, audit) -> bool:
    """The auditor at any point, the moderator while moderating, coordinators."""
    return _active(user) and (user.username in (audit.auditor, audit.moderator) or is_coordinator(user))
