"""Who may do what with the plan and the register.

Senior managers and performance officers edit everything; an action's lead
updates that action's status and evidence; every other signed-in user reads.
The plan holds no child's record, so reading is open to every role.
"""

from __future__ import annotations

from oversight.accounts import roles

EDITORS = frozenset({roles.SENIOR_MANAGER, roles.PERFORMANCE_OFFICER})


def can_edit(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*EDITORS))


def can_update(user, action) -> bool:
    """Status and evidence of ACTION: editors, and the action's own lead."""
    return can_edit(user) or bool(user and user.is_authenticated and user.is_active and action.lead == user.username)
