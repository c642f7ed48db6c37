"""Every view of a child's record is logged; only administrators read the log."""

import pytest

from oversight.accounts import roles
from oversight.accounts.models import AccessLog
from tests import factories as f

pytestmark = pytest.mark.django_db
LOG = "/accounts/access-log/"


@pytest.fixture
def council():
    f.small_council()


def test_viewing_a_record_logs_who_when_which_child_and_page(council, client_for):
    client = client_for(roles.SOCIAL_WORKER, professional_id="W1")
    assert client.get("/children/A/").status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.user, entry.person_id, entry.page, entry.view) == (client.user, "A", "child record", "people:child")
    assert entry.at is not None


def test_refused_and_missing_records_are_not_logged_as_views(council, client_for):
    client = client_for(roles.SOCIAL_WORKER, professional_id="W1")
    assert client.get("/children/B/").status_code == 403
    admin = client_for(roles.ADMINISTRATOR)
    assert admin.get("/children/NOPE/").status_code == 404
    assert AccessLog.objects.count() == 0


def test_the_children_list_is_not_a_record_view(council, client_for):
    client_for(roles.SENIOR_MANAGER).get("/children/")
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize("role", [r for r in roles.NAMES if r != roles.ADMINISTRATOR])
def test_only_administrators_read_the_log(client_for, role):
    response = client_for(role).get(LOG)
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_non_administrators_have_no_link_to_the_log(client_for):
    assert LOG not in client_for(roles.SENIOR_MANAGER).get("/").content.decode()
    assert LOG in client_for(roles.ADMINISTRATOR).get("/").content.decode()


def test_administrator_reads_and_filters_the_log(council, client_for, make_user):
    reader = make_user(roles.SENIOR_MANAGER, username="reader")
    from django.test import Client

    other = Client()
    other.force_login(reader)
    for child in ("A", "B", "A"):
        assert other.get(f"/children/{child}/").status_code == 200
    admin = client_for(roles.ADMINISTRATOR)
    admin.get("/children/C/")
    html = admin.get(LOG).content.decode()
    assert html.count('<td class="govuk-table__cell">reader</td>') == 3
    assert html.count("child record") == 4
    only_a = admin.get(LOG, {"person_id": "A"}).content.decode()
    assert (
        only_a.count('<td class="govuk-table__cell">A</td>') == 2
        and '<td class="govuk-table__cell">B</td>' not in only_a
    )
    by_admin = admin.get(LOG, {"username": admin.user.username}).content.decode()
    assert by_admin.count("child record") == 1 and '<td class="govuk-table__cell">C</td>' in by_admin


def test_the_log_lists_newest_first(council, client_for):
    admin = client_for(roles.ADMINISTRATOR)
    for child in ("A", "B", "C"):
        admin.get(f"/children/{child}/")
    html = admin.get(LOG).content.decode()
    assert html.index(">C</td>") < html.index(">B</td>") < html.index(">A</td>")


def test_the_log_pages_by_a_hundred(client_for, make_user):
    admin = client_for(roles.ADMINISTRATOR)
    AccessLog.objects.bulk_create(
        [AccessLog(user=admin.user, person_id=f"P{i:03}", page="child record") for i in range(101)]
    )
    first = admin.get(LOG).content.decode()
    assert first.count("child record") == 100 and "Page 1 of 2" in first and "page=2" in first
    second = admin.get(LOG, {"page": "2"}).content.decode()
    assert second.count("child record") == 1


@pytest.mark.parametrize(
    "params,status",
    [
        ({"page": "abc"}, 400),
        ({"page": "-1"}, 400),
        ({"page": "0"}, 400),
        ({"page": "99999"}, 404),
        ({"page": "1e3"}, 400),
        ({"page": "١"}, 400),
        ({"person_id": "x" * 49}, 400),
        ({"person_id": "a\x00b"}, 400),
        ({"username": "u" * 151}, 400),
    ],
)
def test_bad_filters_and_pages_are_refused_cleanly(client_for, params, status):
    response = client_for(roles.ADMINISTRATOR).get(LOG, params)
    assert response.status_code == status
    assert "govuk-header" in response.content.decode()


def test_a_bad_filter_is_shown_on_the_form(client_for):
    html = client_for(roles.ADMINISTRATOR).get(LOG, {"person_id": "x" * 49}).content.decode()
    assert "govuk-error-summary" in html and "at most 48 characters" in html and 'href="#id_person_id"' in html
