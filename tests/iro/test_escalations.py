"""Raising, answering and escalating through the services, the pages and the CLI; who may do what."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from oversight.accounts.models import AccessLog
from oversight.iro import access, queries, services
from oversight.iro.models import Escalation

pytestmark = pytest.mark.django_db
d = dt.date.fromisoformat


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def raise_for(user, child="C1", stage="informal", category="process", day=None, **kw):
    return services.raise_escalation(
        child_id=child,
        by=user.username,
        iro_id=user.professional_id,
        stage=stage,
        category=category,
        subcategory=kw.pop("subcategory", ""),
        ask=kw.pop("ask", "Put the minutes on file"),
        raised_date=day,
        **kw,
    )


def test_due_date_counts_working_days_and_team_is_the_workers(people):
    # Raised Wednesday 27 March 2024: Good Friday and Easter Monday are not working days.
    esc = raise_for(people["iro1"], day=d("2024-03-27"))
    assert esc.response_due == d("2024-04-05")
    assert esc.team_id == "TA" and esc.addressee_role == "team_manager"
    assert [e.what for e in esc.events.all()] == ["raised"]


def test_respond_then_escalate_skipping_a_stage_keeps_the_chain(people):
    esc = raise_for(people["iro1"], day=d("2024-03-01"))
    services.respond(esc.pk, "tm_a", "Will do", day=d("2024-03-05"))
    nxt = services.decide(esc.pk, "iro1", "escalated", day=d("2024-03-06"), next_stage="stage3")
    esc.refresh_from_db()
    assert esc.outcome == "escalated" and esc.resolved_date == d("2024-03-06")
    assert nxt.previous_id == esc.pk and nxt.stage == "stage3" and nxt.addressee_role == "head_of_service"
    assert nxt.response_due == d("2024-03-13")
    assert [s.pk for s in nxt.chain()] == [esc.pk, nxt.pk] == [s.pk for s in esc.chain()]
    assert [e.what for e in esc.events.all()] == ["raised", "responded", "escalated"]
    with pytest.raises(services.IroError):
        services.respond(esc.pk, "tm_a", "again", day=d("2024-03-07"))
    with pytest.raises(services.IroError, match="next stage must be one of"):
        services.decide(nxt.pk, "iro1", "escalated", next_stage="stage1")


def test_a_stale_version_is_refused(people):
    esc = raise_for(people["iro1"])
    services.respond(esc.pk, "tm_a", "First", version=esc.version)
    with pytest.raises(services.StaleEscalation):
        services.decide(esc.pk, "iro1", "resolved", version=esc.version)


def test_bad_category_and_subcategory_are_refused(people):
    with pytest.raises(services.IroError):
        raise_for(people["iro1"], category="quality")
    with pytest.raises(services.IroError, match="not a subcategory of process"):
        raise_for(people["iro1"], subcategory="drift")


def test_who_sees_and_answers_what(people):
    p = people
    e1 = raise_for(p["iro1"], child="C1")  # team TA, team manager stage
    e2 = raise_for(p["chair2"], child="C2", stage="stage2")  # team TB, service manager stage
    visible = {name: set(access.visible(u).values_list("pk", flat=True)) for name, u in p.items()}
    assert visible["iro1"] == {e1.pk} and visible["chair2"] == {e2.pk}
    assert visible["tm_a"] == {e1.pk} and visible["tm_b"] == {e2.pk}
    assert visible["sm"] == visible["po"] == visible["admin"] == {e1.pk, e2.pk}
    assert visible["sw"] == visible["auditor"] == visible["inspector"] == set()
    awaiting = {name: set(access.awaiting(u).values_list("pk", flat=True)) for name, u in p.items()}
    assert awaiting["tm_a"] == {e1.pk} and awaiting["tm_b"] == set()
    assert awaiting["sm"] == {e2.pk} and awaiting["hos"] == {e2.pk}  # TB is below L1
    assert awaiting["iro1"] == awaiting["po"] == set()
    assert access.can_decide(p["iro1"], e1) and not access.can_decide(p["chair2"], e1)


def test_named_addressee_sees_and_answers(people, make_user):
    from oversight.accounts import roles

    other = make_user(roles.TEAM_MANAGER, "tm_other", team_id="ZZ")
    esc = raise_for(people["iro1"], addressee="tm_other")
    assert access.can_respond(other, esc)
    assert access.can_view(other, esc)


PAGES = ["/iro/", "/iro/escalations/?view=all", "/iro/report/", "/iro/alerts/", "/iro/drift/", "/iro/import/"]
# role -> expected status for each page above
EXPECTED = {
    "iro1": [200, 200, 200, 200, 200, 403],
    "tm_a": [200, 200, 200, 403, 403, 403],
    "sm": [200, 200, 200, 200, 403, 403],
    "po": [200, 200, 200, 200, 403, 200],
    "admin": [200, 200, 200, 200, 403, 200],
    "sw": [200, 200, 403, 403, 403, 403],
    "auditor": [200, 200, 200, 403, 403, 403],
    "inspector": [403, 403, 403, 403, 403, 403],  # inspectors see only what an inspection grants
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_role_by_page(people, who):
    client = as_(people[who])
    got = [client.get(url).status_code for url in PAGES]
    assert got == EXPECTED[who]


def test_escalation_page_permissions_and_access_log(people):
    esc = raise_for(people["iro1"], child="C1")
    url = f"/iro/escalations/{esc.pk}/"
    codes = {who: as_(u).get(url).status_code for who, u in people.items()}
    assert codes == {
        "iro1": 200,
        "chair2": 403,
        "tm_a": 200,
        "tm_b": 403,
        "sm": 200,
        "hos": 200,
        "po": 200,
        "admin": 200,
        "sw": 403,
        "auditor": 403,
        "inspector": 403,
    }
    assert AccessLog.objects.filter(person_id="C1", page="IRO escalation").exists()
    assert as_(people["iro1"]).get("/iro/escalations/99999999999999999999/").status_code == 404


def test_raise_answer_and_escalate_through_the_pages(people):
    iro = as_(people["iro1"])
    assert iro.get("/iro/raise/C2/").status_code == 403  # not their child
    assert as_(people["tm_a"]).get("/iro/raise/C1/").status_code == 403  # not an IRO
    page = iro.get("/iro/raise/C1/")
    assert page.status_code == 200
    bad = iro.post("/iro/raise/C1/", {"stage": "informal", "category": "process", "subcategory": "drift", "ask": "x"})
    assert bad.status_code == 400 and not Escalation.objects.exists()
    resp = iro.post(
        "/iro/raise/C1/", {"stage": "stage1", "category": "process", "subcategory": "records", "ask": "Minutes missing"}
    )
    esc = Escalation.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/iro/escalations/{esc.pk}/"
    # The IRO cannot answer their own; the team manager can, once.
    assert iro.post(f"/iro/escalations/{esc.pk}/respond/", {"version": 1, "response": "x"}).status_code == 403
    tm = as_(people["tm_a"])
    assert "Awaiting my response" in tm.get("/iro/escalations/?view=awaiting").content.decode()
    assert tm.post(f"/iro/escalations/{esc.pk}/respond/", {"version": 1, "response": ""}).status_code == 400
    assert tm.post(f"/iro/escalations/{esc.pk}/respond/", {"version": 1, "response": "On file now"}).status_code == 302
    assert tm.post(f"/iro/escalations/{esc.pk}/respond/", {"version": 2, "response": "again"}).status_code == 403
    stale = iro.post(f"/iro/escalations/{esc.pk}/outcome/", {"version": 1, "outcome": "resolved"})
    assert stale.status_code == 409
    no_stage = iro.post(f"/iro/escalations/{esc.pk}/outcome/", {"version": 2, "outcome": "escalated"})
    assert no_stage.status_code == 400
    up = iro.post(f"/iro/escalations/{esc.pk}/outcome/", {"version": 2, "outcome": "escalated", "next_stage": "stage2"})
    nxt = Escalation.objects.exclude(pk=esc.pk).get()
    assert up.status_code == 302 and nxt.previous_id == esc.pk and nxt.stage == "stage2"
    assert nxt.pk in set(access.awaiting(people["sm"]).values_list("pk", flat=True))
    body = as_(people["sm"]).get(f"/iro/escalations/{nxt.pk}/").content.decode()
    assert "Send the response" in body and "Stage 1: team manager" in body


def test_child_record_shows_escalations_to_those_who_may_see_them(people):
    raise_for(people["iro1"], child="C1")
    assert 'data-testid="child-escalations"' in as_(people["iro1"]).get("/children/C1/").content.decode()
    sw_page = as_(people["sw"]).get("/children/C1/").content.decode()
    assert 'data-testid="child-escalations"' not in sw_page


def test_bad_query_values_are_400(people):
    client = as_(people["sm"])
    assert client.get("/iro/escalations/?view=nope").status_code == 400
    assert client.get("/iro/report/?from=2024-02-30").status_code == 400
    assert client.get("/iro/report/?from=2024-03-01&to=2024-02-01").status_code == 400
    assert client.get("/iro/escalations/?page=abc").status_code == 400


def test_cli_report_and_list_shapes(people, run_json):
    e = raise_for(people["iro1"], day=d("2024-03-01"))
    services.respond(e.pk, "tm_a", "done", day=d("2024-03-05"))
    raise_for(people["chair2"], child="C2", category="practice", day=d("2024-03-04"))
    status, data, _ = run_json(
        "escalations", "report", "--from", "2024-03-01", "--to", "2024-03-31", "--as-at", "2024-04-01"
    )
    assert status == 0
    for key in (
        "raised",
        "by_category",
        "practice_share_pct",
        "responded_on_time",
        "responded_late",
        "awaiting",
        "overdue",
        "median_working_days_to_response",
        "by_stage",
        "by_iro",
        "by_team",
    ):
        assert key in data
    assert data["raised"] == 2 and data["practice_share_pct"] == 50.0 and data["overdue"] == 1
    assert data["median_working_days_to_response"] == 2.0
    assert {g["iro"] for g in data["by_iro"]} == {"iro1", "chair2"}
    status, rows, _ = run_json("escalations", "list", "--overdue", "--as-at", "2024-04-01")
    assert status == 0 and [r["child_id"] for r in rows] == ["C2"]
    assert set(rows[0]) >= {"escalation_id", "child_id", "stage", "raised_date", "response_due", "status"}
    assert rows[0]["status"] == "overdue" and rows[0]["response_due"] == "2024-03-11"


def test_escalation_counts_for_the_performance_clinic(people):
    raise_for(people["iro1"], day=d("2024-03-01"))
    raise_for(people["iro1"], day=d("2024-04-02"))
    got = queries.escalation_counts([d("2024-03-31"), d("2024-04-30")])
    assert got == [
        {"month_end": d("2024-03-31"), "raised": 1, "overdue": 1},
        {"month_end": d("2024-04-30"), "raised": 1, "overdue": 2},
    ]


def test_stages_are_configuration(people, local_config):
    local_config(
        """
[[iro.stages]]
code = "stage1"
label = "Team manager"
addressee_role = "team_manager"
working_days = 3

[[iro.stages]]
code = "stage4"
label = "Director"
addressee_role = "director"
working_days = 10
"""
    )
    esc = raise_for(people["iro1"], stage="stage1", day=d("2024-03-01"))
    assert esc.response_due == d("2024-03-06")
    with pytest.raises(Exception, match="not one of the configured stages"):
        raise_for(people["iro1"], stage="informal")
    assert timezone.localdate()  # the configuration is read afresh per call
