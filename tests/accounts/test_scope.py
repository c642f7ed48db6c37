"""Record scope by role on hand-made allocations, with the answers worked out by hand."""

import datetime as dt

import pytest

from oversight.accounts import roles, scope
from oversight.people.models import Person
from tests import factories as f

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 3, 31)


@pytest.fixture
def council():
    f.small_council()


@pytest.mark.parametrize(
    "professional_id,expected", [("W1", {"A"}), ("W2", {"B"}), ("W3", {"C"}), ("W4", {"D"}), ("", set())]
)
def test_social_worker_sees_children_allocated_to_them(council, make_user, professional_id, expected):
    user = make_user(roles.SOCIAL_WORKER, professional_id=professional_id)
    assert scope.visible_child_ids(user, DAY) == expected


def test_an_ended_allocation_no_longer_counts(council, make_user):
    user = make_user(roles.SOCIAL_WORKER, professional_id="W1")
    assert scope.visible_child_ids(user, dt.date(2020, 3, 1)) == {"F"}  # A not yet allocated, F still was
    assert scope.visible_child_ids(user, dt.date(2020, 6, 1)) == set()  # F's allocation ended that day


def test_allocation_of_another_role_does_not_count_for_a_social_worker(make_user):
    f.child("X")
    f.allocate("X", "W9", "2024-01-01", role="IRO")
    user = make_user(roles.SOCIAL_WORKER, professional_id="W9")
    assert scope.visible_child_ids(user, DAY) == set()


def test_personal_adviser_allocation_counts_for_a_social_worker(make_user):
    f.child("Y")
    f.allocate("Y", "PA1", "2024-01-01", role="PA")
    user = make_user(roles.SOCIAL_WORKER, professional_id="PA1")
    assert scope.visible_child_ids(user, DAY) == {"Y"}


def test_iro_sees_the_children_they_review(council, make_user):
    assert scope.visible_child_ids(make_user(roles.IRO, professional_id="I1"), DAY) == {"C"}
    # A case worker id given to an IRO login grants nothing: only IRO involvements count.
    assert scope.visible_child_ids(make_user(roles.IRO, professional_id="W1"), DAY) == set()


@pytest.mark.parametrize(
    "team_id,expected",
    [
        ("T1", {"A", "B"}),  # A through W1's team (the involvement has no team); B through sub-team T1a
        ("T1a", {"B"}),
        ("T2", {"C", "D"}),  # D's worker has left but the case still sits with the team
        ("SA", {"A", "B", "C", "D"}),
        ("IROS", {"C"}),
        ("NOPE", set()),
    ],
)
def test_team_manager_sees_their_teams_children(council, make_user, team_id, expected):
    user = make_user(roles.TEAM_MANAGER, team_id=team_id)
    assert scope.visible_child_ids(user, DAY) == expected


def test_team_manager_sees_children_by_the_involvement_team_alone(make_user):
    f.team("T7")
    f.child("Z")
    f.allocate("Z", "AGENCY1", "2024-01-01", team_id="T7")  # a worker not in ssd_professionals
    assert scope.visible_child_ids(make_user(roles.TEAM_MANAGER, team_id="T7"), DAY) == {"Z"}


def test_team_manager_also_sees_their_own_caseload(council, make_user):
    user = make_user(roles.TEAM_MANAGER, team_id="T2", professional_id="W1")
    assert scope.visible_child_ids(user, DAY) == {"A", "C", "D"}


@pytest.mark.parametrize("role", sorted(roles.ALL_CHILDREN))
def test_senior_roles_see_everyone(council, make_user, role):
    user = make_user(role)
    assert scope.visible_child_ids(user, DAY) is None
    assert scope.can_see_child(user, "F", DAY)
    assert set(scope.filter_children(user, Person.objects.all(), today=DAY).values_list("person_id", flat=True)) == set(
        "ABCDEF"
    )


@pytest.mark.parametrize("role", [roles.INSPECTOR, roles.AUDITOR, roles.MODERATOR])
def test_roles_without_grants_see_no_child(council, make_user, role):
    user = make_user(role, professional_id="W1", team_id="SA")  # ids on these roles grant nothing
    assert scope.visible_child_ids(user, DAY) == set()
    assert not scope.can_see_child(user, "A", DAY)


def test_an_inactive_login_sees_nothing(council, make_user):
    user = make_user(roles.SENIOR_MANAGER, is_active=False)
    assert scope.visible_child_ids(user, DAY) == set()
    assert scope.filter_children(user, Person.objects.all(), today=DAY).count() == 0


def test_a_registered_provider_adds_children(council, make_user):
    """The audits app's hook: an auditor sees the children they audit."""
    calls = []

    def audited(user, today):
        calls.append((user.username, today))
        return ["E", "F"] if user.role == roles.AUDITOR else []

    scope.register(audited)
    try:
        auditor = make_user(roles.AUDITOR)
        worker = make_user(roles.SOCIAL_WORKER, professional_id="W1")
        assert scope.visible_child_ids(auditor, DAY) == {"E", "F"}
        assert scope.visible_child_ids(worker, DAY) == {"A"}
        assert scope.can_see_child(auditor, "E", DAY) and not scope.can_see_child(auditor, "A", DAY)
        rows = scope.filter_children(auditor, Person.objects.all(), today=DAY)
        assert sorted(rows.values_list("person_id", flat=True)) == ["E", "F"]
        assert calls[0] == (auditor.username, DAY)
    finally:
        scope._providers.remove(audited)


def test_registering_twice_adds_once():
    def provider(user, today):
        return []

    scope.register(provider)
    scope.register(provider)
    try:
        assert scope._providers.count(provider) == 1
    finally:
        scope._providers.remove(provider)


def test_filter_children_on_another_field(council, make_user):
    from oversight.people.models import Involvement

    user = make_user(roles.SOCIAL_WORKER, professional_id="W1")
    rows = scope.filter_children(user, Involvement.objects.all(), field="person_id", today=DAY)
    # Every involvement row of child A, including other workers' ones, none of F's.
    assert sorted(rows.values_list("person_id", flat=True)) == ["A"]


def test_team_tree_walks_every_level():
    f.team("R")
    f.team("L1", parent="R")
    f.team("L2", parent="L1")
    f.team("L3", parent="L2")
    f.team("Other")
    assert scope.team_ids("R") == {"R", "L1", "L2", "L3"}
    assert scope.team_ids("L2") == {"L2", "L3"}
