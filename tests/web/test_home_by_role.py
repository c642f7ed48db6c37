"""Each role's home page: what they need first, every figure leading to its children."""

import re

import pytest

from oversight.accounts import roles
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    f.small_council()


def children_in(html: str, testid: str) -> list[str]:
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-child="([^"]+)"', table)


def tile(html: str, key: str) -> tuple[str, str]:
    """(number, link) of a figure on the page."""
    block = html.split(f'data-key="{key}"', 1)[1].split("</div>", 1)[0]
    number = re.search(r'oversight-figure__number">([^<]*)<', block).group(1)
    href = re.search(r'href="([^"]*)"', block)
    return number, href.group(1).replace("&amp;", "&") if href else ""


def test_a_social_worker_sees_their_children_with_what_is_overdue_and_their_caseload(council, client_for):
    html = client_for(roles.SOCIAL_WORKER, professional_id="W1").get("/").content.decode()
    assert "<h1" in html and "Your children" in html
    assert children_in(html, "my-children-list") == ["A"]
    row = html.split('data-child="A"', 1)[1].split("</tr>", 1)[0]
    assert "overdue</strong>" in row  # A's referral was never assessed
    assert tile(html, "my_cases")[0] == "1" and tile(html, "my_target")[0] == "25"


def test_a_team_manager_sees_their_team_and_each_tile_leads_to_its_list(council, client_for):
    client = client_for(roles.TEAM_MANAGER, team_id="T2")
    html = client.get("/").content.decode()
    assert "Children in care team" in html
    workers = html.split('data-testid="team-workers"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-worker="([^"]+)"', workers) == ["W3"]  # W4 has left
    number, href = tile(html, "team_unallocated")
    assert number == "1"  # D: W4, of team T2, left; E was never the team's
    assert children_in(client.get(href).content.decode(), "children") == ["D"]
    number, href = tile(html, "team_overdue")
    listed = client.get(href).content.decode()
    assert int(number) == len(re.findall(r'data-status="overdue"', listed)) > 0
    assert tile(html, "team_audits")[0] == "0" and tile(html, "team_actions")[0] == "0"


def test_an_iro_sees_reviews_due_overdue_first_and_their_caseload(council, client_for):
    html = client_for(roles.IRO, professional_id="I1").get("/").content.decode()
    assert "Your reviews and conferences" in html
    table = html.split('data-testid="reviews-due"', 1)[1].split("</table>", 1)[0]
    statuses = re.findall(r'data-status="([^"]+)"', table)
    assert statuses and statuses == sorted(statuses, key=lambda s: s != "overdue")
    assert set(re.findall(r'data-child="([^"]+)"', table)) == {"C"}
    assert set(re.findall(r'data-rule="([^"]+)"', table)) <= {
        "cla_review_first_20wd",
        "cla_review_second_3m",
        "cla_review_next_6m",
    }
    assert tile(html, "my_cases")[0] == "1"


def test_senior_roles_see_the_council_figures_with_their_trend(council, client_for):
    html = client_for(roles.SENIOR_MANAGER).get("/", {"as_at": "2024-03-15"}).content.decode()
    trend = html.split('data-testid="council-trend"', 1)[1].split("</table>", 1)[0]
    assert "last 12 month-ends" in trend
    headers = re.findall(r'<th scope="col" class="govuk-table__header govuk-table__header--numeric">([^<]*)<', trend)
    assert headers[0] == "Mar 23" and headers[11] == "Feb 24" and headers[12] == "Mar 24*"
    row = trend.split('data-trend="unallocated_children"', 1)[1].split("</tr>", 1)[0]
    values = re.findall(r'numeric">([^<]*)<', row)
    # D became unallocated when W4 left on 2024-02-01; E has been a care leaver with nobody since Sept 2023.
    assert values[-2:] == ["2", "up 2"] and values[0] == "0"
