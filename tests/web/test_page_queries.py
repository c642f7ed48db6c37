"""The busiest pages ask the database a bounded number of questions, however much the child's record or the
user's caseload holds: the council's figures come from people.figures, one statement reads a chronology,
and the token and the user's scope are read once per request (oversight.memo)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight.accounts import roles
from oversight.people import models as m
from oversight.people.models import CaseDataVersion
from tests import factories as f

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as found:
        assert client.get(url).status_code == 200
    return len(found.captured_queries)


def _events(child: str, n: int) -> None:
    """N of each of several kinds of event in A's record, in different tables."""
    start = dt.date(2023, 1, 2)
    for i in range(n):
        day = (start + dt.timedelta(days=7 * i)).isoformat()
        f.case_row(m.Contact, person_id=child, contact_date=day)
        f.case_row(m.CINVisit, person_id=child, cin_visit_date=day, cin_visit_seen="Y")
        f.case_row(m.StrategyDiscussion, person_id=child, strategy_discussion_date=day)
        f.case_row(m.CoreGroup, person_id=child, core_group_date=day)


def test_the_child_record_asks_the_same_few_questions_however_long_the_record(client_for):
    f.small_council()
    client = client_for(roles.SOCIAL_WORKER, professional_id="W1")
    CaseDataVersion.bump()
    client.get("/children/A/")  # the council's figures worked out, as any earlier request would have
    short = _queries(client, "/children/A/")
    _events("A", 30)
    CaseDataVersion.bump()
    client.get("/children/A/")
    long = _queries(client, "/children/A/")
    assert long == short
    assert long <= 20  # it was 84 on the large council: a query per kind of event, per table of clocks


@pytest.mark.parametrize(
    "role,extra,url",
    [
        (roles.SOCIAL_WORKER, {"professional_id": "W1"}, "/"),
        (roles.SOCIAL_WORKER, {"professional_id": "W1"}, "/timeliness/to-do/"),
        (roles.SOCIAL_WORKER, {"professional_id": "W1"}, "/children/"),
        (roles.TEAM_MANAGER, {"team_id": "SA"}, "/timeliness/to-do/"),
        (roles.TEAM_MANAGER, {"team_id": "SA"}, "/children/"),
        (roles.IRO, {"professional_id": "I1"}, "/"),
    ],
)
def test_lists_read_the_version_and_the_scope_once(client_for, role, extra, url, django_assert_max_num_queries):
    f.small_council()
    client = client_for(role, **extra)
    CaseDataVersion.bump()
    client.get(url)  # the council's figures worked out once
    # Session, user, token, the grants other apps add to a scope (audits, IRO escalations, inspection):
    # nothing that grows with the council or with how often the page asks for the scope.
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
