"""Each rule's counts lead to the items they count; the council-wide overdue list filters; both download."""

import csv
import html as htmllib
import io
import re

import pytest
from openpyxl import load_workbook

from oversight.accounts import roles
from tests.timeliness.conftest import AS_AT

PERIOD = f"as_at={AS_AT}&from=2024-03-01"


def link(html: str, rule: str, count: str) -> str:
    row = html.split(f'data-rule="{rule}"', 1)[1].split("</tr>", 1)[0]
    return htmllib.unescape(re.search(rf'data-count="{count}" href="([^"]+)"', row).group(1))


def items(response, testid="items") -> list[tuple[str, str, str]]:
    table = response.content.decode().split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'data-rule="([^"]+)" data-status="([^"]+)" data-child="([^"]+)"', table)


def test_each_count_of_the_overview_leads_to_its_items(council, client_for):
    client = client_for(roles.SENIOR_MANAGER)
    html = client.get(f"/timeliness/?{PERIOD}").content.decode()
    expected = {
        "overdue": [("contact_decision_1wd", "overdue", "A"), ("contact_decision_1wd", "overdue", "F")],
        "late": [("contact_decision_1wd", "late", "C")],
        "due_soon": [("contact_decision_1wd", "due_soon", "B")],
        "on_time": [("contact_decision_1wd", "on_time", "B")],
    }
    for count, rows in expected.items():
        response = client.get(link(html, "contact_decision_1wd", count))
        assert response.status_code == 200
        assert items(response) == rows, count
    everything = client.get(link(html, "contact_decision_1wd", "items"))
    assert len(items(everything)) == 5


def test_a_rule_page_breakdown_leads_to_the_team_worker_and_month(council, client_for):
    client = client_for(roles.ADMINISTRATOR)
    html = client.get(f"/timeliness/rules/cp_visit/?{PERIOD}").content.decode()
    teams = html.split('data-testid="teams"', 1)[1].split("</table>", 1)[0]
    href = htmllib.unescape(re.search(r'data-count="overdue" href="([^"]+)"', teams).group(1))
    assert "team=T1" in href and "rule=cp_visit" in href and "status=overdue" in href
    found = items(client.get(href))
    assert found and all(rule == "cp_visit" and status == "overdue" for rule, status, _ in found)
    assert {child for _, _, child in found} == {"A", "D"}
    months = html.split('data-testid="months"', 1)[1].split("</table>", 1)[0]
    href = htmllib.unescape(re.search(r'data-count="items" href="([^"]+)"', months).group(1))
    assert "month=2024-03" in href and len(items(client.get(href))) == 3


def test_counts_are_not_links_for_those_who_cannot_see_every_child(council, client_for):
    html = client_for(roles.TEAM_MANAGER, team_id="T1").get(f"/timeliness/?{PERIOD}").content.decode()
    assert "data-count=" not in html
    # Typing the address shows only their children, and says how many are left out.
    response = client_for(roles.TEAM_MANAGER, team_id="T2").get(
        f"/timeliness/items/?{PERIOD}&rule=contact_decision_1wd&status=overdue"
    )
    assert items(response) == [("contact_decision_1wd", "overdue", "F")]  # A is team one's
    assert "1 more is not shown" in response.content.decode()


@pytest.mark.parametrize(
    "query,status",
    [
        ("rule=nope", 404),
        ("status=soon", 400),
        ("month=2024-13", 400),
        ("as_at=2024-02-30", 400),
        ("download=doc", 400),
    ],
)
def test_bad_item_filters(council, client_for, query, status):
    assert client_for(roles.SENIOR_MANAGER).get(f"/timeliness/items/?{query}").status_code == status


@pytest.mark.parametrize(
    "query,expected",
    [
        ("rule=cp_visit", [("cp_visit", "overdue", "A")]),
        ("status=due_soon", [("contact_decision_1wd", "due_soon", "B")]),
        ("worker=W2", [("contact_decision_1wd", "due_soon", "B")]),
        (
            "team=T1&status=overdue&rule=contact_decision_1wd",
            [("contact_decision_1wd", "overdue", "A"), ("contact_decision_1wd", "overdue", "F")],
        ),
    ],
)
def test_the_council_wide_list_filters_by_team_rule_worker_and_status(council, client_for, query, expected):
    response = client_for(roles.SENIOR_MANAGER).get(f"/timeliness/to-do/?as_at={AS_AT}&{query}")
    assert response.status_code == 200
    assert items(response, "to-do") == expected


@pytest.mark.parametrize(
    "query,message",
    [("rule=x", "Choose a rule"), ("worker=ZZ", "Choose a worker"), ("status=late", "Choose overdue or due soon")],
)
def test_bad_list_filters_are_shown_on_the_form(council, client_for, query, message):
    response = client_for(roles.SENIOR_MANAGER).get(f"/timeliness/to-do/?{query}")
    assert response.status_code == 400 and message in response.content.decode()


def test_the_list_downloads_as_csv_and_xlsx_with_the_same_rows(council, client_for):
    client = client_for(roles.TEAM_MANAGER, team_id="T1")
    page = items(client.get(f"/timeliness/to-do/?as_at={AS_AT}"), "to-do")
    response = client.get(f"/timeliness/to-do/?as_at={AS_AT}&download=csv&table=to-do")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:5] == ["Child id", "Name", "Age", "Legal status", "What"]
    assert [r[0] for r in table[1:]] == [child for _, _, child in page]
    assert table[1][1] == "Alexandra Testperson" and table[1][8] == "Overdue" and table[1][10] == "Worker One"
    response = client.get(f"/timeliness/to-do/?as_at={AS_AT}&download=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [r[0] for r in rows[1:]] == [child for _, _, child in page]


def test_the_overview_tables_download(council, client_for):
    client = client_for(roles.PERFORMANCE_OFFICER)
    response = client.get(f"/timeliness/?{PERIOD}&download=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Rules", "Measures"]
    rules = {r[0]: r for r in book["Rules"].iter_rows(min_row=2, values_only=True)}
    decisions = next(v for k, v in rules.items() if "decision" in k.lower())
    assert decisions[1:6] == (5, 1, 1, 2, 1)
    response = client.get(f"/timeliness/rules/cp_visit/?{PERIOD}&download=csv&table=workers")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][0] == "Worker" and table[1][0] == "Worker One"
