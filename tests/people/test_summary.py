"""Headline counts on hand-made data with known answers."""

import datetime as dt

import pytest

from oversight.people.queries import headline_counts
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    f.worker("W1", start="2020-01-01")
    f.worker("W2", start="2020-01-01", end="2024-02-01")  # left with a case still open
    # A: open referral, allocated to W1
    f.child("A")
    f.referral("A", "2024-01-10")
    f.allocate("A", "W1", "2024-01-10")
    # B: on a CP plan with an open episode, allocated to W2 who left: unallocated
    f.child("B")
    f.referral("B", "2023-06-01")
    f.cp_plan("B", "2023-07-01")
    f.allocate("B", "W2", "2023-06-01")
    # C: in care (no open referral row), allocated to W1
    f.child("C")
    f.cla_episode("C", "2022-05-01")
    f.allocate("C", "W1", "2022-05-01")
    # D: CP plan ended on the date itself: not counted
    f.child("D")
    f.cp_plan("D", "2023-01-01", end="2024-03-31")
    f.referral("D", "2022-12-01", close="2024-03-31")
    # E: care leaver, no allocation: unallocated
    f.child("E")
    f.care_leaver("E", "2023-09-01")
    # F: referral closed long ago
    f.child("F")
    f.referral("F", "2020-01-01", close="2020-06-01")


def test_counts_on_a_date(council):
    counts = headline_counts(dt.date(2024, 3, 31))
    assert counts == {
        "as_at": "2024-03-31",
        "open_referrals": 2,  # A, B
        "children_in_need": 3,  # A, B, C
        "child_protection_plans": 1,  # B
        "children_in_care": 1,  # C
        "care_leavers": 1,  # E
        "unallocated_children": 2,  # B (worker left), E (nobody)
    }


def test_counts_before_the_worker_left(council):
    counts = headline_counts(dt.date(2024, 1, 31))
    assert counts["unallocated_children"] == 2  # D (never allocated) and E; B still has W2
    assert counts["child_protection_plans"] == 2  # B and D


def test_a_care_leaver_with_a_personal_adviser_in_post_is_allocated(council):
    f.worker("PA1", grade="personal_adviser", start="2020-01-01", end="2024-03-15")
    f.allocate("E", "PA1", "2023-09-01", role="PA")
    # The adviser is in post on 1 March, so E is allocated; by 31 March the adviser has left.
    assert headline_counts(dt.date(2024, 3, 1))["unallocated_children"] == 2  # B (W2 left 1 Feb), D (never allocated)
    assert headline_counts(dt.date(2024, 3, 31))["unallocated_children"] == 2  # B and E


def test_a_personal_adviser_does_not_allocate_a_child_in_need(council):
    f.worker("PA2", grade="personal_adviser", start="2020-01-01")
    f.allocate("B", "PA2", "2023-06-01", role="PA")
    assert headline_counts(dt.date(2024, 3, 31))["unallocated_children"] == 2  # B still needs a case worker
