"""A child's record: who may open it, its chronology, other apps' panels."""

import datetime as dt
import re

import pytest
from django.utils.html import format_html

from oversight.accounts import roles
from oversight.people import models as m
from oversight.people import panels
from oversight.people.queries import chronology, current_allocations
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    f.small_council()


def listed_children(html: str) -> list[str]:
    return re.findall(r'href="/children/([^/"]+)/"', html)


@pytest.mark.parametrize(
    "role,extra,expected",
    [
        (roles.SOCIAL_WORKER, {"professional_id": "W1"}, ["A"]),
        (roles.SOCIAL_WORKER, {"professional_id": "W3"}, ["C"]),
        (roles.IRO, {"professional_id": "I1"}, ["C"]),
        (roles.TEAM_MANAGER, {"team_id": "T1"}, ["A", "B"]),
        (roles.TEAM_MANAGER, {"team_id": "SA"}, ["A", "B", "C", "D"]),
        (roles.SENIOR_MANAGER, {}, ["A", "B", "C", "D", "E", "F"]),
        (roles.PERFORMANCE_OFFICER, {}, ["A", "B", "C", "D", "E", "F"]),
        (roles.ADMINISTRATOR, {}, ["A", "B", "C", "D", "E", "F"]),
        (roles.INSPECTOR, {}, []),
        (roles.AUDITOR, {}, []),
        (roles.MODERATOR, {}, []),
    ],
)
def test_each_role_lists_and_opens_only_its_children(council, client_for, role, extra, expected):
    client = client_for(role, **extra)
    html = client.get("/children/").content.decode()
    assert listed_children(html) == expected
    for person_id in "ABCDEF":
        status = client.get(f"/children/{person_id}/").status_code
        assert status == (200 if person_id in expected else 403), person_id


def test_an_unknown_child_is_403_to_a_worker_and_404_to_a_senior(council, client_for):
    assert client_for(roles.SOCIAL_WORKER, professional_id="W1").get("/children/ZZZ/").status_code == 403
    assert client_for(roles.SENIOR_MANAGER).get("/children/ZZZ/").status_code == 404


def test_search_by_id(council, client_for):
    client = client_for(roles.SENIOR_MANAGER)
    assert listed_children(client.get("/children/", {"q": "c"}).content.decode()) == ["C"]
    html = client.get("/children/", {"q": "Q"}).content.decode()
    assert listed_children(html) == [] and "No child you can see matches" in html


def test_search_stays_within_scope(council, client_for):
    client = client_for(roles.SOCIAL_WORKER, professional_id="W1")
    assert listed_children(client.get("/children/", {"q": "B"}).content.decode()) == []


def test_children_list_pages_by_fifty(client_for):
    for i in range(51):
        f.child(f"K{i:02}")
    client = client_for(roles.SENIOR_MANAGER)
    first = client.get("/children/").content.decode()
    assert len(listed_children(first)) == 50 and "Page 1 of 2 (51 in all)" in first
    assert listed_children(client.get("/children/", {"page": "2"}).content.decode()) == ["K50"]
    assert client.get("/children/", {"page": "3"}).status_code == 404


def test_record_shows_details_allocations_and_chronology(council, client_for):
    html = client_for(roles.SENIOR_MANAGER).get("/children/B/").content.decode()
    assert "<title>Child B – Oversight</title>" in html
    assert "govuk-summary-list" in html and "1 June 2015" in html
    allocations = html.split('data-testid="allocations"')[1].split("</table>")[0]
    assert "Worker W2" in allocations and "2023-06-01" in allocations
    rows = re.findall(
        r"<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell oversight-nowrap\">([\d-]+)</td>"
        r"<td class=\"govuk-table__cell\">([^<]+)</td>",
        html,
    )
    assert rows == [
        ("2023-06-01", "Allocated (Case worker)"),
        ("2023-06-01", "Referral"),
        ("2023-07-01", "Child protection plan started"),
    ]


def test_chronology_orders_every_kind_of_event(client_for):
    f.worker("W1", name="Alex Worker")
    f.child("P")
    m.Contact.objects.create(contact_id="CT1", person_id="P", contact_date=f.d("2023-01-02"), contact_source_code="1B")
    f.referral(
        "P",
        "2023-01-05",
        close="2023-09-30",
        referral_id="R1",
        referral_source_code="1B",
        cin_primary_need_code="N1",
        close_reason="RC1",
    )
    f.allocate("P", "W1", "2023-01-05", end="2023-09-30", involvement_id="I1")
    m.Involvement.objects.filter(pk="I1").update(worker_change_reason="LEFTRL")
    m.Assessment.objects.create(
        assessment_id="AS1",
        person_id="P",
        assessment_start_date=f.d("2023-01-05"),
        assessment_child_seen="Y",
        assessment_auth_date=f.d("2023-02-20"),
    )
    m.StrategyDiscussion.objects.create(
        strategy_discussion_id="SD1", person_id="P", strategy_discussion_date=f.d("2023-01-06")
    )
    m.S47Enquiry.objects.create(
        s47_enquiry_id="S1",
        person_id="P",
        s47_start_date=f.d("2023-01-06"),
        s47_end_date=f.d("2023-01-20"),
        s47_nfa="N",
    )
    m.InitialCPConference.objects.create(
        icpc_id="IC1", person_id="P", icpc_date=f.d("2023-02-01"), icpc_outcome_cp_flag="Y"
    )
    f.cp_plan("P", "2023-02-01", end="2023-09-30", plan_id="CP1", cp_plan_initial_category="NEG")
    m.CPVisit.objects.create(
        cp_visit_id="V1", person_id="P", cp_visit_date=f.d("2023-02-10"), cp_visit_seen="Y", cp_visit_seen_alone="N"
    )
    m.CPVisit.objects.create(cp_visit_id="V2", person_id="P", cp_visit_date=None)  # undated: not an event
    m.CLAVisit.objects.create(cla_visit_id="OTHER", person_id="Q", cla_visit_date=f.d("2023-03-01"))  # another child

    events = [(e.date.isoformat(), e.kind, e.detail, e.record_id) for e in chronology("P")]
    assert events == [
        # Codes in words (#15), keeping the code where professionals use it (need, closure reason).
        ("2023-01-02", "Contact received", "source: Acquaintance", "CT1"),
        ("2023-01-05", "Allocated (Case worker)", "Alex Worker", "I1"),
        ("2023-01-05", "Referral", "source: Acquaintance; need: N1 Abuse or neglect", "R1"),
        ("2023-01-05", "Assessment started", "child seen: yes", "AS1"),
        ("2023-01-06", "Strategy discussion", "", "SD1"),
        ("2023-01-06", "Section 47 enquiry started", "", "S1"),
        ("2023-01-20", "Section 47 enquiry completed", "no further action: no", "S1"),
        ("2023-02-01", "Initial child protection conference", "plan made: yes", "IC1"),
        ("2023-02-01", "Child protection plan started", "category: Neglect", "CP1"),
        ("2023-02-10", "Child protection visit", "seen: yes; seen alone: no", "V1"),
        ("2023-02-20", "Assessment authorised", "", "AS1"),
        ("2023-09-30", "Child protection plan ended", "", "CP1"),
        ("2023-09-30", "Case closed", "reason: RC1 Adopted", "R1"),
        ("2023-09-30", "Allocation ended (Case worker)", "Alex Worker; reason: Worker left the role", "I1"),
    ]
    window = [
        (e.date.isoformat(), e.kind) for e in chronology("P", since=dt.date(2023, 1, 20), until=dt.date(2023, 2, 1))
    ]
    assert window == [
        ("2023-01-20", "Section 47 enquiry completed"),
        ("2023-02-01", "Initial child protection conference"),
        ("2023-02-01", "Child protection plan started"),
    ]


def test_current_allocations_on_a_day():
    f.worker("W1", name="Alex Worker")
    f.child("P")
    f.allocate("P", "W1", "2023-01-01", end="2023-06-01", involvement_id="I1")
    f.allocate("P", "W9", "2023-06-01", involvement_id="I2", team_id="T9")  # W9 not in ssd_professionals
    f.allocate("P", "I7", "2023-02-01", role="IRO", involvement_id="I3")
    on = current_allocations("P", dt.date(2023, 6, 1))
    assert [(a["role"], a["worker"], a["team"], a["since"].isoformat()) for a in on] == [
        ("IRO", "I7", "", "2023-02-01"),
        ("CW", "W9", "T9", "2023-06-01"),
    ]
    assert [a["worker"] for a in current_allocations("P", dt.date(2023, 5, 31))] == ["Alex Worker", "I7"]


def test_registered_panels_show_on_the_record(council, client_for):
    seen = []

    def panel(request, person):
        seen.append((request.user.username, person.person_id))
        return "Timeliness", format_html("<p class='govuk-body' id='panel'>{} clocks</p>", 2)

    def silent(request, person):
        return None

    def unsafe(request, person):
        return "Plain", "<script>alert(1)</script>"

    for p in (panel, silent, unsafe):
        panels.register(p)
    try:
        client = client_for(roles.SENIOR_MANAGER)
        html = client.get("/children/A/").content.decode()
        assert "<p class='govuk-body' id='panel'>2 clocks</p>" in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
        assert seen == [(client.user.username, "A")]
        # Panels are never asked about a child the user may not see.
        client_for(roles.SOCIAL_WORKER, professional_id="W1").get("/children/B/")
        assert len(seen) == 1
    finally:
        for p in (panel, silent, unsafe):
            panels._panels.remove(p)
