import csv
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from oversight.accounts import roles
from oversight.accounts.models import AccessLog
from oversight.caseloads.models import LowCaseloadReason

AS_AT = "?as_at=2024-03-31"


@pytest.fixture
def manager(client_for, council):
    return client_for(roles.SENIOR_MANAGER)


def test_summary_shows_the_figures(manager):
    page = manager.get("/caseloads/" + AS_AT)
    assert page.status_code == 200
    html = page.content.decode()
    figures = dict(re.findall(r'data-key="(\w+)">(?:<a [^>]*>)?<span class="oversight-figure__number">([^<]*)<', html))
    assert figures["case_holding_workers"] == "2"
    assert figures["average_caseload"] == "14.5"
    assert figures["unallocated_children"] == "1"
    assert "by 1.0 cases on average" in html
    assert 'data-team="T1"' in html and "/caseloads/teams/T1/?as_at=2024-03-31" in html
    # The trend: 12 month-ends, April 2023 to March 2024; cases began in January 2024.
    chart = html.split('data-testid="trend-chart"')[1].split("</figure>")[0]
    assert chart.count("<rect") == 12
    assert "<title>2024-03-31: 14.5</title>" in chart and "<title>2023-12-31: no case holders</title>" in chart


def test_other_roles_may_not_see_caseloads(client_for, council):
    for role in (roles.SOCIAL_WORKER, roles.IRO, roles.INSPECTOR, roles.AUDITOR):
        assert client_for(role).get("/caseloads/" + AS_AT).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/caseloads/?as_at=2024-02-30",
        "/caseloads/?as_at=yesterday",
        "/caseloads/teams/T1/?as_at=31/03/2024",
        "/caseloads/workers/W1/?as_at=2024-13-01",
        "/caseloads/trend/?from=2024-05-01&to=2024-01-01",
        "/caseloads/trend/?from=2000-01-01&to=2024-01-31",
        "/caseloads/trend/?from=2024-01-01&to=2024-01-30",
        "/caseloads/trend/?from=nonsense",
        "/caseloads/workforce/?year=abc",
        "/caseloads/workforce/?year=1066",
        "/caseloads/?as_at=9999-12-31",
        "/caseloads/workers/W1/?as_at=0001-01-01",
        "/caseloads/trend/?from=2024-01-01&to=9999-12-31",
    ],
)
def test_bad_values_are_400(manager, url):
    assert manager.get(url).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/caseloads/teams/NOPE/",
        "/caseloads/workers/NOPE/",
        "/caseloads/workers/NOPE/reason/",
        "/caseloads/workers/W1%00/",
        "/caseloads/teams/T1%00/",
        "/caseloads/workers/" + "W" * 49 + "/",
    ],
)
def test_unknown_team_or_worker_is_404(manager, url):
    assert manager.get(url).status_code == 404


def test_bad_date_is_explained_on_the_form(manager):
    page = manager.get("/caseloads/?as_at=2024-02-30")
    assert b"govuk-error-summary" in page.content and b"2024-02-30" in page.content


def test_team_page_lists_its_workers(manager):
    page = manager.get("/caseloads/teams/T1/" + AS_AT)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-worker="W1"' in html and 'data-worker="W2"' in html and 'data-worker="W3"' not in html


def test_worker_page_lists_children_without_logging_a_child_view(manager):
    page = manager.get("/caseloads/workers/W2/" + AS_AT)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-key="cases">3<' in html and 'data-key="target">20<' in html
    for child in ("B0", "B1", "B2"):
        assert f"/children/{child}/" in html
    assert AccessLog.objects.count() == 0


def test_worker_children_hidden_from_a_manager_of_another_team(client_for, council):
    page = client_for(roles.TEAM_MANAGER, team_id="T2").get("/caseloads/workers/W2/" + AS_AT)
    html = page.content.decode()
    assert page.status_code == 200
    assert "/children/B0/" not in html and 'data-testid="hidden-children">3 children' in html


def test_trend_and_workforce_pages(manager):
    page = manager.get("/caseloads/trend/?from=2024-01-01&to=2024-03-31")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-as-at="') == 3 and "<svg" in html
    page = manager.get("/caseloads/workforce/?year=2023")
    assert page.status_code == 200 and b'data-measure="caseload_fte"' in page.content


def test_recording_a_reason(manager):
    url = "/caseloads/workers/W3/reason/"
    assert manager.get(url).status_code == 200
    bad = manager.post(url, {"reason": "holiday", "plan": "", "start_date": "2024-02-30"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "govuk-error-summary" in html and "Choose a reason from the list" in html and "Enter the plan" in html
    assert "2024-02-30" in html
    assert LowCaseloadReason.objects.count() == 0
    ok = manager.post(
        url, {"reason": "reduced_hours", "plan": "Three days a week until June", "start_date": "2024-03-01"}
    )
    assert ok.status_code == 302 and ok.url == "/caseloads/workers/W3/?as_at=2024-03-01"
    record = LowCaseloadReason.objects.get()
    assert (record.worker_id, record.reason, record.recorded_by, str(record.start_date)) == (
        "W3",
        "reduced_hours",
        manager.user,
        "2024-03-01",
    )
    page = manager.get("/caseloads/" + AS_AT).content.decode()
    assert "Reduced hours" in page


def test_end_date_before_start_is_refused(manager):
    page = manager.post(
        "/caseloads/workers/W3/reason/",
        {"reason": "new_starter", "plan": "x", "start_date": "2024-03-01", "end_date": "2024-02-01"},
    )
    assert page.status_code == 400 and LowCaseloadReason.objects.count() == 0


def test_a_team_manager_cannot_record_for_another_team(client_for, council):
    c = client_for(roles.TEAM_MANAGER, team_id="T2")
    assert (
        c.post(
            "/caseloads/workers/W1/reason/", {"reason": "new_starter", "plan": "x", "start_date": "2024-03-01"}
        ).status_code
        == 403
    )
    assert LowCaseloadReason.objects.count() == 0


def test_the_form_needs_a_csrf_token(council, make_user):
    c = Client(enforce_csrf_checks=True)
    c.force_login(make_user(roles.SENIOR_MANAGER))
    page = c.post("/caseloads/workers/W3/reason/", {"reason": "new_starter", "plan": "x", "start_date": "2024-03-01"})
    assert page.status_code == 403 and LowCaseloadReason.objects.count() == 0


def test_an_iro_page_lists_the_children_they_review(manager):
    html = manager.get("/caseloads/workers/W4/" + AS_AT).content.decode()
    assert "/children/A0/" in html and "/children/A1/" in html and "/children/A2/" not in html


def test_a_worker_who_has_left_holds_no_children(manager):
    from tests import factories as f

    f.worker("W9", team_id="T2", end="2024-03-01")
    f.allocate("U", "W9", "2024-02-01")
    html = manager.get("/caseloads/workers/W9/" + AS_AT).content.decode()
    assert "/children/U/" not in html and "not employed, or holds no cases" in html
    assert "/children/U/" in manager.get("/caseloads/workers/W9/?as_at=2024-02-15").content.decode()


def test_the_worker_tables_are_paged_each_by_its_own_parameter(manager, monkeypatch):
    from oversight.caseloads import views

    monkeypatch.setattr(views, "WORKERS_PER_PAGE", 1)
    first = manager.get("/caseloads/" + AS_AT).content.decode()
    table = first.split('data-testid="workers"')[1].split("</table>")[0]
    assert table.count("data-worker=") == 1
    assert "workers_page=2" in first
    second = manager.get("/caseloads/" + AS_AT + "&workers_page=2").content.decode()
    other = second.split('data-testid="workers"')[1].split("</table>")[0]
    assert other.count("data-worker=") == 1 and other != table
    assert "as_at=2024-03-31" in second.split('aria-label="Pagination"')[-1]  # the date is kept
    assert manager.get("/caseloads/" + AS_AT + "&workers_page=99").status_code == 404
    assert manager.get("/caseloads/" + AS_AT + "&workers_page=x").status_code == 400


def test_over_target_workers_come_first_and_the_page_has_contents(manager):
    html = manager.get("/caseloads/" + AS_AT).content.decode()
    assert html.index('id="over-target"') < html.index('id="teams"') < html.index('id="under-target"')
    over = html.split('data-testid="over-target"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-worker="([^"]+)"', over) == ["W1"]
    everyone = html.split('data-testid="workers"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-worker="([^"]+)"', everyone)[0] == "W1"
    assert 'href="#over-target"' in html and 'href="#workers"' in html
    # The unallocated count leads to the unallocated children.
    assert "/children/?status=unallocated_children&amp;as_at=2024-03-31" in html
    children = manager.get("/children/?status=unallocated_children&as_at=2024-03-31").content.decode()
    assert re.findall(r'data-child="([^"]+)"', children) == ["U"]


def test_a_team_manager_sees_the_unallocated_count_without_a_link(client_for, council):
    html = client_for(roles.TEAM_MANAGER, team_id="T1").get("/caseloads/" + AS_AT).content.decode()
    assert 'data-key="unallocated_children"><span' in html and "status=unallocated_children" not in html


def test_the_caseload_tables_download(manager):
    response = manager.get("/caseloads/" + AS_AT + "&download=csv&table=over-target")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Worker id", "Worker", "Grade", "Team", "FTE", "Cases", "Target", "Over target by"],
        ["W1", "Worker One", "Social worker", "Team one", "1.0", "26", "25", "1"],
    ]
    book = load_workbook(io.BytesIO(manager.get("/caseloads/" + AS_AT + "&download=xlsx").content))
    assert book.sheetnames == ["Workers over target", "Teams", "Workers under target", "Workers"]
    under = list(book["Workers under target"].values)
    assert {r[0] for r in under[1:]} == {"W2", "W3"} and under[1][-1] == "No reason recorded"
    response = manager.get("/caseloads/workers/W2/" + AS_AT + "&download=csv&table=children")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["B0", "B1", "B2"] and rows[1][4] == "2024-02-01"


def test_no_low_caseload_reason_is_offered_for_a_worker_over_target(manager):
    assert "Record a reason and plan" not in manager.get("/caseloads/workers/W1/" + AS_AT).content.decode()
    assert "Record a reason and plan" in manager.get("/caseloads/workers/W3/" + AS_AT).content.decode()


def test_the_trend_chart_can_be_read(manager):
    html = manager.get("/caseloads/" + AS_AT).content.decode()
    chart = html.split('data-testid="trend-chart"')[1].split("</figure>")[0]
    # The caption counts the month-ends drawn and names the first and last.
    assert "at 12 month-ends, 30 April 2023 to 31 March 2024" in chart
    assert "the dashed line is the target of 25" in chart and 'stroke-dasharray="6 4"' in chart
    labels = re.findall(r'font-size="10" fill="#0b0c0c">([A-Z][a-z]{2} \d\d)</text>', chart)
    assert labels[0] == "Apr 23" and labels[-1] == "Mar 24" and len(labels) == 12
    assert ">14.5</text>" in chart  # the value written on its bar, readable without colour


def test_the_summary_shares_its_figures_but_never_the_reasons_or_another_users_links(council, client_for, make_user):
    import datetime as dt

    from oversight.caseloads import services
    from oversight.caseloads.models import LowCaseloadReason
    from oversight.people.models import CaseDataVersion

    CaseDataVersion.bump()  # a snapshot: the figures (and their rendered tables) are shared from now on
    url = "/caseloads/?as_at=2024-03-31"
    senior = client_for(roles.SENIOR_MANAGER)
    first = senior.get(url).content.decode()
    assert "Build to 15" not in first and "status=unallocated_children" in first
    # A reason recorded now (no new snapshot) shows at once: it is never part of the shared tables.
    services.record_low_caseload_reason(
        make_user(roles.SENIOR_MANAGER), "W2", LowCaseloadReason.NEW_STARTER, "Build to 15 by June", dt.date(2023, 7, 1)
    )
    under = senior.get(url).content.decode().split('id="under-target"', 1)[1].split('id="anniversaries"', 1)[0]
    assert "New starter" in under
    # A team manager (counts never link to children they may not all see) gets the same figures without the link.
    manager = client_for(roles.TEAM_MANAGER, team_id="T1").get(url).content.decode()
    assert "status=unallocated_children" not in manager
    assert (
        manager.split('data-testid="teams"', 1)[1].split("</table>", 1)[0]
        == first.split('data-testid="teams"', 1)[1].split("</table>", 1)[0]
    )
