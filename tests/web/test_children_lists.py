"""From a figure to the children behind it: lists filtered the same way, in the user's scope, with downloads."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from oversight.accounts import roles
from oversight.people import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db
DAY = "2024-03-31"


@pytest.fixture
def council():
    f.small_council()
    m.Person.objects.filter(person_id="A").update(forename="Amy", surname="Adams", dob=f.d("2015-06-01"))
    m.Person.objects.filter(person_id="B").update(forename="=HYPERLINK(1)", surname="Brown")


def listed(html: str) -> list[str]:
    return re.findall(r'data-child="([^"]+)"', html)


def rows_of(html: str) -> dict[str, list[str]]:
    out = {}
    for child, body in re.findall(r'<tr class="govuk-table__row" data-child="([^"]+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r'<td class="govuk-table__cell[^"]*">(.*?)</td>', body, re.S)
        out[child] = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
    return out


@pytest.mark.parametrize(
    "status,expected",
    [
        ("open_referrals", ["A", "B", "D"]),
        ("children_in_need", ["A", "B", "C", "D"]),
        ("child_protection_plans", ["B"]),
        ("children_in_care", ["C"]),
        ("care_leavers", ["E"]),
        ("unallocated_children", ["D", "E"]),
    ],
)
def test_each_headline_lists_the_children_it_counts(council, client_for, status, expected):
    html = client_for(roles.SENIOR_MANAGER).get("/children/", {"status": status, "as_at": DAY}).content.decode()
    assert sorted(listed(html)) == expected


def test_home_tiles_link_to_their_lists_for_those_who_see_every_child(council, client_for):
    html = client_for(roles.SENIOR_MANAGER).get("/", {"as_at": DAY}).content.decode()
    assert f'href="/children/?status=unallocated_children&amp;as_at={DAY}"' in html
    assert f'href="/children/?status=child_protection_plans&amp;as_at={DAY}"' in html


def test_a_team_manager_sees_council_counts_without_links(council, client_for):
    html = client_for(roles.TEAM_MANAGER, team_id="T1").get("/", {"as_at": DAY}).content.decode()
    headline = html.split('data-testid="headline"', 1)[1].split("</p>", 1)[0]
    assert 'data-key="unallocated_children"' in headline
    assert "/children/?status=" not in headline


def test_rows_identify_the_child_and_say_why_they_are_listed(council, client_for):
    client = client_for(roles.SENIOR_MANAGER)
    rows = rows_of(client.get("/children/", {"status": "children_in_need", "as_at": DAY}).content.decode())
    assert rows["A"] == ["Amy Adams A", "8", "CIN", "Worker W1", "Assessment team 1", "Child in need"]
    assert rows["B"][2:5] == ["CP", "Worker W2", "Assessment pod 1a"]
    assert rows["C"][2:5] == ["CLA", "Worker W3", "Children in care team"]
    assert rows["D"][3] == "Not allocated"  # W4 left on 2024-02-01
    rows = rows_of(client.get("/children/", {"status": "unallocated_children", "as_at": DAY}).content.decode())
    assert rows["E"][2:] == ["Care leaver", "Not allocated", "–", "Open case, no allocated worker in post"]


def test_a_team_manager_list_stays_within_their_records_and_says_how_many_are_not_shown(council, client_for):
    html = (
        client_for(roles.TEAM_MANAGER, team_id="T1")
        .get("/children/", {"status": "children_in_need", "as_at": DAY})
        .content.decode()
    )
    assert sorted(listed(html)) == ["A", "B"]
    assert "2 more are not shown" in html


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"q": "amy"}, ["A"]),
        ({"q": "adams"}, ["A"]),
        ({"q": "c"}, ["C"]),  # the id
        ({"q": "worker w3"}, ["C"]),  # the allocated worker's name
        ({"worker": "W2"}, ["B"]),
        ({"team": "T1"}, ["A", "B"]),  # the team and the teams below it
        ({"team": "T2", "status": "children_in_care"}, ["C"]),
    ],
)
def test_search_by_name_id_or_worker_and_filter_by_team(council, client_for, params, expected):
    html = client_for(roles.SENIOR_MANAGER).get("/children/", {**params, "as_at": DAY}).content.decode()
    assert sorted(listed(html)) == expected


def test_a_worker_list_says_since_when(council, client_for):
    rows = rows_of(client_for(roles.SENIOR_MANAGER).get("/children/", {"worker": "W1", "as_at": DAY}).content.decode())
    assert rows["A"][-1] == "Allocated to Worker W1 since 10 Jan 2024"


def test_csv_download_has_the_page_rows_and_neutralises_formulas(council, client_for):
    client = client_for(roles.TEAM_MANAGER, team_id="T1")
    response = client.get("/children/", {"status": "children_in_need", "as_at": DAY, "download": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="children-children-{DAY}.csv"' in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == ["Child id", "Name", "Age", "Legal status", "Allocated worker", "Team", "Why listed"]
    assert sorted(r[0] for r in table[1:]) == ["A", "B"]  # the team manager's scope, as on the page
    b = next(r for r in table[1:] if r[0] == "B")
    assert b[1] == "'=HYPERLINK(1) Brown"


def test_xlsx_download_has_the_same_rows(council, client_for):
    response = client_for(roles.SENIOR_MANAGER).get(
        "/children/", {"status": "unallocated_children", "as_at": DAY, "download": "xlsx", "table": "children"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert sheet.title == "Unallocated children"
    assert values[0][:2] == ("Child id", "Name")
    assert sorted(v[0] for v in values[1:]) == ["D", "E"]


def test_the_list_page_links_to_its_downloads(council, client_for):
    html = client_for(roles.SENIOR_MANAGER).get("/children/", {"status": "care_leavers", "as_at": DAY}).content.decode()
    assert "status=care_leavers&amp;as_at=2024-03-31&amp;download=csv&amp;table=children" in html
    assert "download=xlsx" in html
