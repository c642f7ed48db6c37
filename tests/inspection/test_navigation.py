"""The navigation takes each role that may review repeat referrals to the page (team managers by their own link)."""

import pytest

from oversight.accounts import roles
from oversight.inspection import access

LINK = 'href="/inspection/repeat-referrals/"'
READINESS = 'href="/inspection/readiness/"'


@pytest.mark.parametrize("role", roles.NAMES)
def test_repeat_referrals_reachable_from_the_navigation(client_for, role):
    extra = {"team_id": "T1"} if role in roles.NEEDS_TEAM_ID else {}
    extra |= {"professional_id": "W1"} if role in roles.NEEDS_PROFESSIONAL_ID else {}
    client = client_for(role, **extra)
    home = client.get("/").content.decode()
    start = home.index("govuk-service-navigation")
    nav = home[start : home.index("</nav>", start)]
    may_use = role in access.READINESS | access.REVIEWERS
    # Either its own link, or through the readiness page (which links to the reviews).
    assert (LINK in nav or READINESS in nav) == may_use, role
    assert (LINK in nav) == (role in access.REVIEWERS - access.READINESS), role
    page = client.get("/inspection/repeat-referrals/")
    assert page.status_code == (200 if may_use else 403), role
