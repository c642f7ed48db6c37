"""Identifiers come from the council's system; one holding a "/" must still link and open."""

import pytest

from oversight.accounts import roles
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def slashed():
    f.team("T/1", name="North 1")
    f.worker("W/7", team_id="T/1")
    f.child("AB/123")
    f.referral("AB/123", "2024-01-10")
    f.allocate("AB/123", "W/7", "2024-01-10", team_id="T/1")


def test_a_child_id_with_a_slash_is_listed_and_opens(slashed, client_for):
    client = client_for(roles.ADMINISTRATOR)
    listing = client.get("/children/")
    assert listing.status_code == 200
    assert b'href="/children/AB/123/"' in listing.content
    record = client.get("/children/AB/123/")
    assert record.status_code == 200
    assert b"AB/123" in record.content


def test_team_and_worker_ids_with_a_slash_open(slashed, client_for):
    client = client_for(roles.ADMINISTRATOR)
    assert client.get("/caseloads/teams/T/1/", {"as_at": "2024-03-31"}).status_code == 200
    assert client.get("/caseloads/workers/W/7/", {"as_at": "2024-03-31"}).status_code == 200
    assert client.get("/caseloads/workers/W/7/reason/").status_code == 200
