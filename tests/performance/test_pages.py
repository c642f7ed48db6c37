"""The clinic's pages: who may see them, bad addresses, children in scope, meetings and actions, packs."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from oversight.accounts import roles
from oversight.performance import services
from oversight.performance.models import ClinicAction, Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(db):
    f.small_council()
    # Referrals in March 2024 for A (team T1, W1) and a new child G held by W3 (team T2).
    f.referral("A", "2024-03-05")
    f.child("G")
    f.referral("G", "2024-03-06")
    f.allocate("G", "W3", "2024-03-06", team_id="T2")


def test_pages_answer_for_council_figure_roles(council, client_for):
    client = client_for(roles.SENIOR_MANAGER)
    for url in (
        "/performance/?month=2024-03",
        "/performance/areas/front_door/?month=2024-03",
        "/performance/indicators/referrals/?month=2024-03",
        "/performance/indicators/cla_3plus_placements_pct/?month=2024-03",
        "/performance/meetings/front_door/2024-03/",
        "/performance/supervision/?as_at=2024-03-31",
    ):
        assert client.get(url).status_code == 200, url


def test_scorecard_page_shows_figures_rag_in_words_and_a_chart(council, client_for):
    page = client_for(roles.SENIOR_MANAGER).get("/performance/areas/front_door/?month=2024-03").content.decode()
    assert 'data-indicator="referrals"' in page
    assert "<svg" in page and "Target 20" in page  # re-referrals' target line is labelled
    assert "No RAG" in page and "Not measurable" in page  # a volume, and referrals per 10,000 with no population


def test_wrong_roles_and_bad_addresses(council, client_for):
    assert client_for(roles.SOCIAL_WORKER, professional_id="W1").get("/performance/").status_code == 403
    client = client_for(roles.SENIOR_MANAGER)
    assert client.get("/performance/?month=2024-13").status_code == 400
    assert client.get("/performance/?month=march").status_code == 400
    assert client.get("/performance/?month=2150-01").status_code == 400  # beyond the working-day calendar
    assert client.get("/performance/areas/front_door/?month=1700-01").status_code == 400
    assert client.get("/performance/supervision/?as_at=9999-12-31").status_code == 400
    assert client.get("/performance/supervision/?as_at=2024-02-30").status_code == 400
    assert client.get("/performance/areas/nowhere/").status_code == 404
    assert client.get("/performance/indicators/no_such/").status_code == 404
    assert client.get("/performance/meetings/front_door/2024-3x/").status_code == 400
    assert client.get("/performance/pack/front_door/2024-03.doc").status_code == 404
    assert client.get("/performance/indicators/referrals/children/?month=2024-03&team=" + "x" * 60).status_code == 400


def test_children_behind_a_figure_within_the_users_records(council, client_for):
    everyone = client_for(roles.SENIOR_MANAGER).get("/performance/indicators/referrals/children/?month=2024-03")
    page = everyone.content.decode()
    assert 'data-child="A"' in page and 'data-child="G"' in page
    # Team manager of T1 sees A (held in T1) but not G (T2): one listed, one outside their records.
    manager = client_for(roles.TEAM_MANAGER, team_id="T1")
    page = manager.get("/performance/indicators/referrals/children/?month=2024-03").content.decode()
    assert 'data-child="A"' in page and 'data-child="G"' not in page
    assert "1 of them are outside your records" in page
    csv = manager.get("/performance/indicators/referrals/children/?month=2024-03&download=csv").content.decode(
        "utf-8-sig"
    )
    assert "A," in csv and "G," not in csv


def test_meeting_actions_carry_forward_and_are_marked_overdue(council, client_for):
    client = client_for(roles.PERFORMANCE_OFFICER)
    url = "/performance/meetings/front_door/2024-02/"
    assert (
        client.post(
            url, {"form": "details", "held_on": "2024-02-12", "attendees": "Director; head of service"}
        ).status_code
        == 302
    )
    response = client.post(
        url,
        {
            "form": "action",
            "what": "Review re-referrals",
            "owner": "head",
            "due_date": "2024-03-01",
            "indicator_id": "re_referrals_12m_pct",
        },
    )
    assert response.status_code == 302
    assert client.post(url, {"form": "note", "item": "complaints", "text": "Two complaints upheld"}).status_code == 302
    assert client.post(url, {"form": "decision", "text": "Audit the re-referrals"}).status_code == 302
    action = ClinicAction.objects.get()
    assert action.indicator_id == "re_referrals_12m_pct"
    # March's meeting, held after the due date, shows it under actions from previous meetings, overdue.
    march = "/performance/meetings/front_door/2024-03/"
    client.post(march, {"form": "details", "held_on": "2024-03-11", "attendees": ""})
    page = client.get(march).content.decode()
    carried = page.split('data-testid="carried"', 1)[1].split("</table>", 1)[0]
    assert "Review re-referrals" in carried and "Overdue" in carried
    # Done: no longer carried forward.
    client.post(march, {"form": "action_status", "action": str(action.pk), "status": "done"})
    action.refresh_from_db()
    assert (action.status, action.completed_date is not None) == ("done", True)
    carried = client.get(march).content.decode().split('data-testid="carried"', 1)[1].split("</table>", 1)[0]
    assert "Review re-referrals" not in carried


def test_bad_meeting_forms_change_nothing(council, client_for):
    client = client_for(roles.PERFORMANCE_OFFICER)
    url = "/performance/meetings/front_door/2024-03/"
    assert client.post(url, {"form": "action", "what": "x", "owner": "y", "due_date": "31/02/2024"}).status_code == 400
    assert client.post(url, {"form": "note", "item": "<script>", "text": "x"}).status_code == 400
    assert client.post(url, {"form": "action_status", "action": "abc", "status": "done"}).status_code == 400
    assert client.post(url, {"form": "nothing"}).status_code == 400
    assert ClinicAction.objects.count() == 0
    # Readers may not write.
    reader = client_for(roles.TEAM_MANAGER, team_id="T1")
    assert reader.post(url, {"form": "decision", "text": "x"}).status_code == 400
    assert Meeting.objects.filter(decisions__isnull=False).count() == 0


def test_pack_downloads(council, client_for):
    meeting = services.meeting_for(dt.date(2024, 3, 1), "front_door")
    services.add_action(meeting, "Cut re-referrals", "head", dt.date(2024, 3, 20))
    client = client_for(roles.SENIOR_MANAGER)
    pdf = client.get("/performance/pack/front_door/2024-03.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(client.get("/performance/pack/all/2024-03.xlsx").content))
    assert "Front door" in book.sheetnames and "Open actions" in book.sheetnames
    sheet = book["Front door"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "referrals")
    assert row[header.index("This month")] == 2 and isinstance(row[header.index("This month")], int)
    actions = list(book["Open actions"].iter_rows(values_only=True))
    assert any(r[1] == "Cut re-referrals" for r in actions)


def test_supervision_page_records_and_imports(council, client_for):
    client = client_for(roles.PERFORMANCE_OFFICER)
    response = client.post(
        "/performance/supervision/", {"form": "session", "worker_id": "W1", "date": "2024-03-20", "status": "held"}
    )
    assert response.status_code == 302
    bad = io.BytesIO(b"worker_id,date\nW2,2024-02-30\n")
    bad.name = "sessions.csv"
    page = client.post("/performance/supervision/", {"form": "import", "file": bad})
    assert page.status_code == 400
    assert "row 2, column date" in page.content.decode()
    good = io.BytesIO(b"worker_id,supervisor_id,date,reflective,status\nW2,M1,2024-03-01,Y,held\n")
    good.name = "sessions.csv"
    assert client.post("/performance/supervision/", {"form": "import", "file": good}).status_code == 302
    from oversight.performance.models import SupervisionSession

    assert sorted(SupervisionSession.objects.values_list("worker_id", flat=True)) == ["W1", "W2"]
