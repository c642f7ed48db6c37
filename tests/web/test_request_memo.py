"""oversight.memo: a GET request works out the version token and a user's scope once; nothing crosses requests."""

import pytest
from django.test import RequestFactory

from oversight import memo
from oversight.accounts import roles, scope
from oversight.people.models import CaseDataVersion
from tests import factories as f

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def _within(method: str, view):
    request = getattr(RequestFactory(), method.lower())("/")
    return memo.RequestMemoMiddleware(view)(request)


def test_a_value_is_worked_out_once_per_get_request_and_again_in_the_next():
    compute = Counter()

    def view(request):
        return [memo.once("k", compute), memo.once("k", compute)]

    assert _within("GET", view) == [1, 1]
    assert _within("GET", view) == [2, 2]  # a new request: worked out again
    assert compute.calls == 2


def test_outside_a_request_and_on_a_post_nothing_is_kept():
    compute = Counter()
    assert [memo.once("k", compute), memo.once("k", compute)] == [1, 2]
    assert _within("POST", lambda request: [memo.once("k", compute), memo.once("k", compute)]) == [3, 4]


def test_a_new_snapshot_in_the_request_is_seen(django_assert_num_queries):
    def view(request):
        before = CaseDataVersion.current()
        with django_assert_num_queries(0):
            assert CaseDataVersion.current() == before  # the request's token, not read again
        after = CaseDataVersion.bump()
        return before, after, CaseDataVersion.current()

    CaseDataVersion.bump()
    before, after, now = _within("GET", view)
    assert before != after and now == after


def test_each_user_in_one_request_gets_their_own_scope(make_user):
    f.small_council()
    first = make_user(roles.SOCIAL_WORKER, professional_id="W1")
    other = make_user(roles.SOCIAL_WORKER, professional_id="W3")
    expected = (scope.visible_child_ids(first), scope.visible_child_ids(other))
    assert expected[0] != expected[1]

    def view(request):
        found = (scope.visible_child_ids(first), scope.visible_child_ids(other))
        found[0].add("changed by a caller")  # a caller's copy: the memo keeps its own
        return found, (scope.visible_child_ids(first), scope.visible_child_ids(other))

    found, again = _within("GET", view)
    assert again == expected and found[1] == expected[1]
