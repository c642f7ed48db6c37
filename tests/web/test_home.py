"""The home page's headline counts, and `oversight summary`, on the hand-made council."""

import json
import re

import pytest

from oversight.accounts import roles
from oversight.cli import main
from tests import factories as f

pytestmark = pytest.mark.django_db

# Worked out by hand in factories.small_council's docstring.
EXPECTED = {
    "open_referrals": 3,
    "children_in_need": 4,
    "child_protection_plans": 1,
    "children_in_care": 1,
    "care_leavers": 1,
    "unallocated_children": 2,
}


@pytest.fixture
def council():
    f.small_council()


def figures(html: str) -> dict:
    """The council's headline figures (not a worker's own caseload tiles)."""
    if 'data-testid="headline"' not in html:
        return {}
    html = html.split('data-testid="headline"', 1)[1].split("</div>\n</div>", 1)[0]
    pairs = re.findall(r'data-key="(\w+)">(?:<a [^>]*>)?<span class="oversight-figure__number">(\d+)</span>', html)
    return {key: int(value) for key, value in pairs}


@pytest.mark.parametrize("role", sorted(roles.COUNCIL_FIGURES))
def test_council_roles_see_the_headline_counts(council, client_for, role):
    response = client_for(role).get("/", {"as_at": "2024-03-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert figures(html) == EXPECTED
    assert "On 31 March 2024" in html


def test_counts_follow_the_date(council, client_for):
    # On 2023-12-31 A's referral had not begun and W4 was still in post: D was allocated.
    html = client_for(roles.SENIOR_MANAGER).get("/", {"as_at": "2023-12-31"}).content.decode()
    assert figures(html) == {
        "open_referrals": 2,
        "children_in_need": 3,
        "child_protection_plans": 1,
        "children_in_care": 1,
        "care_leavers": 1,
        "unallocated_children": 1,
    }


@pytest.mark.parametrize(
    "role,professional_id,message",
    [
        (roles.SOCIAL_WORKER, "W1", "You can see the records of 1 child."),
        (roles.IRO, "I1", "You can see the records of 1 child."),
        (roles.INSPECTOR, "", "There are no children's records for you to see yet."),
    ],
)
def test_other_roles_see_only_their_own_number(council, client_for, role, professional_id, message):
    html = client_for(role, professional_id=professional_id).get("/").content.decode()
    assert figures(html) == {}
    assert message in html
    assert 'data-testid="headline"' not in html


@pytest.mark.parametrize("value", ["2024-02-30", "31/03/2024", "yesterday", "2024-13-01", "9" * 200, "2024-03-31\x00"])
def test_a_bad_date_is_a_400_with_the_error_on_the_form(council, client_for, value):
    response = client_for(roles.PERFORMANCE_OFFICER).get("/", {"as_at": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'class="govuk-error-message"' in html
    assert "must be a real date written as YYYY-MM-DD" in html
    assert figures(html) == {}


def test_summary_command_agrees_with_the_page(council, capsys):
    assert main(["summary", "--as-at", "2024-03-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "as_at",
        "open_referrals",
        "children_in_need",
        "child_protection_plans",
        "children_in_care",
        "care_leavers",
        "unallocated_children",
    }
    assert data == {"as_at": "2024-03-31", **EXPECTED}


def test_summary_table_names_the_date(council, capsys):
    assert main(["summary", "--as-at", "2024-03-31"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Children on 2024-03-31"
    assert re.search(r"^unallocated_children\s+2$", out, re.M)


def test_summary_refuses_a_bad_date(capsys):
    with pytest.raises(SystemExit) as info:
        main(["summary", "--as-at", "2024-02-30"])
    assert info.value.code == 2
    assert "'2024-02-30' is not a date" in capsys.readouterr().err
