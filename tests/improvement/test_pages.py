"""The improvement pages end to end through the test client, with each role's rights."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.improvement.models import Action, Evidence, Finding, Review, Risk
from tests.improvement.conftest import as_

pytestmark = pytest.mark.django_db

READ_PAGES = [
    "/improvement/",
    "/improvement/plan/",
    "/improvement/plan/?view=mine",
    "/improvement/plan/?view=overdue",
    "/improvement/plan/?view=due_this_month",
    "/improvement/plan/?pillar=practice",
    "/improvement/findings/",
    "/improvement/risks/",
    "/improvement/report/",
    "/improvement/report/?month=2024-04",
]


@pytest.mark.parametrize("who", ["sw", "lead", "sm", "admin"])
def test_every_reader_sees_every_page(people, plan, today, who):
    client = as_(people[who])
    for url in READ_PAGES + [
        f"/improvement/actions/{plan['a11'].pk}/",
        f"/improvement/findings/{plan['f1'].pk}/",
        f"/improvement/risks/{plan['risk'].pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "{#" not in response.content.decode(), url  # a template comment leaking onto the page


@pytest.mark.parametrize("who", ["sw", "lead", "admin"])
def test_only_senior_managers_and_performance_officers_edit(people, plan, today, who):
    client = as_(people[who])
    for url in [
        "/improvement/actions/new/",
        f"/improvement/actions/{plan['a11'].pk}/edit/",
        "/improvement/findings/new/",
        f"/improvement/findings/{plan['f1'].pk}/edit/",
        "/improvement/risks/new/",
        f"/improvement/risks/{plan['risk'].pk}/edit/",
        "/improvement/import/",
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/improvement/risks/{plan['risk'].pk}/rate/", {"rating": "A1"}).status_code == 403
    assert client.post(f"/improvement/actions/{plan['a11'].pk}/review/", {"outcome": "delivering"}).status_code == 403
    assert Risk.objects.get().rating == "C3" and not Review.objects.exists()


def test_the_rag_and_its_reasons_are_shown(people, plan, today):
    page = as_(people["sw"]).get(f"/improvement/actions/{plan['a11'].pk}/").content.decode()
    assert "Overdue: due 30 Apr 2024 and not complete (15 days late)" in page
    assert "oversight-rag--red" in page


def test_views_by_lead_overdue_and_due_this_month(people, plan, today):
    lead = as_(people["lead"])
    mine = lead.get("/improvement/plan/?view=mine").content.decode()
    assert 'data-ref="1.1"' in mine and 'data-ref="1.2"' in mine and 'data-ref="2.1"' not in mine
    overdue = lead.get("/improvement/plan/?view=overdue").content.decode()
    assert 'data-ref="1.1"' in overdue and 'data-ref="1.2"' not in overdue and 'data-ref="2.1"' not in overdue
    due = lead.get("/improvement/plan/?view=due_this_month").content.decode()
    assert "No actions in this view" in due  # 1.2 is due in May but complete
    Action.objects.filter(ref="1.2").update(status="in_progress")
    due = lead.get("/improvement/plan/?view=due_this_month").content.decode()
    assert 'data-ref="1.2"' in due and 'data-ref="1.1"' not in due
    pillar = lead.get("/improvement/plan/?pillar=workforce").content.decode()
    assert 'data-ref="2.1"' in pillar and 'data-ref="1.1"' not in pillar


def test_bad_urls_are_400_or_404_never_500(people, plan, today):
    client = as_(people["sm"])
    assert client.get("/improvement/actions/999999/").status_code == 404
    assert client.get("/improvement/actions/99999999999999999999/").status_code == 404
    assert client.get("/improvement/risks/999999/").status_code == 404
    assert client.get("/improvement/evidence/999999/").status_code == 404
    assert client.get("/improvement/plan/?view=bogus").status_code == 400
    assert client.get("/improvement/plan/?pillar=nope").status_code == 404
    assert client.get("/improvement/report/?month=2024-13").status_code == 400
    assert client.get("/improvement/report/?month=2099-01").status_code == 400
    assert client.get("/improvement/report/?month=0001-01").status_code == 400
    assert client.get("/improvement/report/xlsx/?month=1000-12").status_code == 400
    assert client.get("/improvement/actions/1/review/").status_code == 405


def test_an_editor_adds_an_action_and_bad_input_is_named(people, plan, today):
    client = as_(people["po"])
    good = {
        "ref": "1.5",
        "pillar": "practice",
        "priority": "Child protection",
        "what": "Conference tracker",
        "lead": "lead",
        "due": "2024-07-01",
        "status": "not_started",
        "findings": [plan["f2"].pk],
        "indicator": "timeliness:icpc_15wd",
        "indicator_target": "85",
        "indicator_date": "2024-09-30",
    }
    response = client.post("/improvement/actions/new/", {**good, "lead": "nobody"})
    assert (
        response.status_code == 400
        and "&#x27;nobody&#x27; is not the username of an active login" in response.content.decode()
    )
    response = client.post("/improvement/actions/new/", {**good, "due": "2024-02-30"})
    assert response.status_code == 400 and "must be a real date" in response.content.decode()
    response = client.post("/improvement/actions/new/", {**good, "indicator": "timeliness:no_such_rule"})
    assert response.status_code == 400 and "not a rule of the timeliness rulebook" in response.content.decode()
    response = client.post("/improvement/actions/new/", {**good, "priority": "Gardening"})
    assert response.status_code == 400 and "not a priority of Quality of practice" in response.content.decode()
    response = client.post("/improvement/actions/new/", {**good, "ref": "1.1"})
    assert response.status_code == 400 and "already has the reference 1.1" in response.content.decode()
    assert Action.objects.count() == 3
    response = client.post("/improvement/actions/new/", good)
    assert response.status_code == 302
    action = Action.objects.get(ref="1.5")
    assert action.indicator == "timeliness:icpc_15wd" and action.indicator_target == 85.0
    assert list(action.findings.values_list("ref", flat=True)) == ["F2"]
    unanswered = client.get("/improvement/findings/").content.decode().split('data-testid="unanswered"')[1]
    assert "F2" not in unanswered.split("</ul>")[0]


def test_a_performance_indicator_is_accepted_and_shown_as_not_yet_available(people, plan, today, monkeypatch):
    from oversight.improvement import indicators

    monkeypatch.setattr(indicators, "_performance", lambda: (None, "the performance scorecard is not yet available"))
    client = as_(people["sm"])
    response = client.post(
        f"/improvement/actions/{plan['a21'].pk}/edit/",
        {
            "ref": "2.1",
            "pillar": "workforce",
            "what": "Recruit",
            "lead": "other",
            "due": "2024-06-30",
            "status": "in_progress",
            "indicator": "performance:caseload_average",
            "indicator_target": "18",
            "indicator_date": "2024-01-31",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/improvement/actions/{plan['a21'].pk}/").content.decode()
    assert "not yet available" in page and "oversight-rag--green" in page


def test_the_lead_updates_their_own_action_and_no_one_else_s(people, plan, today):
    lead = as_(people["lead"])
    response = lead.post(
        f"/improvement/actions/{plan['a11'].pk}/progress/", {"status": "complete", "note": "Tracker live"}
    )
    assert response.status_code == 302
    a11 = Action.objects.get(ref="1.1")
    assert a11.status == "complete" and a11.completed_on == today
    assert Evidence.objects.get(action=a11).note == "Tracker live"
    assert lead.post(f"/improvement/actions/{plan['a21'].pk}/progress/", {"status": "complete"}).status_code == 403
    assert (
        as_(people["sw"])
        .post(f"/improvement/actions/{plan['a11'].pk}/progress/", {"status": "not_started"})
        .status_code
        == 403
    )
    assert Action.objects.get(ref="2.1").status == "not_started"
    # Complete now, so no longer overdue.
    page = lead.get(f"/improvement/actions/{plan['a11'].pk}/").content.decode()
    assert "oversight-rag--green" in page and "Overdue" not in page


def test_evidence_documents_are_kept_and_a_wrong_kind_refused(people, plan, today):
    lead = as_(people["lead"])
    url = f"/improvement/actions/{plan['a11'].pk}/evidence/"
    bad = lead.post(url, {"note": "x", "document": SimpleUploadedFile("run.exe", b"MZ...")})
    assert bad.status_code == 400 and "not a kind of document" in bad.content.decode()
    ok = lead.post(url, {"note": "Minutes", "document": SimpleUploadedFile("minutes.txt", b"agreed")})
    assert ok.status_code == 302
    entry = Evidence.objects.get()
    download = as_(people["sw"]).get(f"/improvement/evidence/{entry.pk}/")
    assert download.status_code == 200 and download.content == b"agreed"
    assert download["Content-Disposition"] == 'attachment; filename="minutes.txt"'
    assert lead.post(url, {"note": ""}).status_code == 400


def test_monthly_review_records_who_and_replaces_the_same_month(people, plan, today):
    sm = as_(people["sm"])
    url = f"/improvement/actions/{plan['a21'].pk}/review/"
    assert sm.post(url, {"month": "2024-05", "outcome": "needs_review", "note": "slipping"}).status_code == 302
    assert sm.post(url, {"month": "2024-05", "outcome": "new_actions_needed"}).status_code == 302
    review = Review.objects.get()
    assert (review.month, review.outcome, review.reviewed_by) == (dt.date(2024, 5, 1), "new_actions_needed", "sm")
    page = sm.get(f"/improvement/actions/{plan['a21'].pk}/").content.decode()
    assert "The May 2024 review said: new actions needed" in page and "oversight-rag--amber" in page
    assert sm.post(url, {"month": "2024-13", "outcome": "delivering"}).status_code == 400
    assert sm.post(url, {"month": "2024-07", "outcome": "delivering"}).status_code == 400
    assert sm.post(url, {"month": "2024-05", "outcome": "bogus"}).status_code == 400
    assert Review.objects.count() == 1


def test_findings_list_the_unanswered_and_the_chain_reaches_the_indicator(people, plan, today):
    client = as_(people["sw"])
    page = client.get("/improvement/findings/").content.decode()
    unanswered = page.split('data-testid="unanswered"')[1].split("</ul>")[0]
    assert "F2" in unanswered and "F1" not in unanswered
    Action.objects.filter(ref="1.1").update(indicator="timeliness:assessment_45wd", indicator_target=90)
    chain = client.get(f"/improvement/findings/{plan['f1'].pk}/").content.decode()
    assert 'data-testid="chain-1.1"' in chain and 'data-testid="chain-2.1"' in chain
    assert "Assessment authorised: percent on time" in chain
    assert "not measurable" in chain  # no case data: every month says so rather than print 0%
    none = client.get(f"/improvement/findings/{plan['f2'].pk}/").content.decode()
    assert "No action answers this finding yet" in none


def test_an_editor_adds_a_finding(people, plan, today):
    client = as_(people["sm"])
    bad = client.post(
        "/improvement/findings/new/", {"ref": "F3", "source": "rumour", "date": "2024-05-01", "text": "x"}
    )
    assert bad.status_code == 400
    ok = client.post(
        "/improvement/findings/new/",
        {"ref": "F3", "source": "peer_diagnostic", "date": "2024-05-01", "text": "Thin plans"},
    )
    assert ok.status_code == 302 and Finding.objects.get(ref="F3").created_by == "sm"


def test_risk_rerating_keeps_the_history_and_moves_the_current_rating(people, plan, today):
    client = as_(people["po"])
    url = f"/improvement/risks/{plan['risk'].pk}/rate/"
    bad = client.post(url, {"rating": "Z9", "rated_on": "2024-05-15"})
    assert bad.status_code == 400 and "&#x27;Z9&#x27; is not a rating" in bad.content.decode()
    ok = client.post(
        url, {"rating": "a1", "rated_on": "2024-05-15", "review_date": "2024-06-15", "note": "Agency exit"}
    )
    assert ok.status_code == 302
    risk = Risk.objects.get()
    assert (risk.rating, risk.review_date) == ("A1", dt.date(2024, 6, 15))
    assert list(risk.ratings.values_list("rating", flat=True)) == ["A1", "C3", "B2"]
    page = client.get(f"/improvement/risks/{risk.pk}/").content.decode()
    assert "Worse: B2 to A1" in page and "Agency exit" in page
    # A back-dated rating joins the history but does not displace the latest.
    client.post(url, {"rating": "D4", "rated_on": "2024-04-01"})
    assert Risk.objects.get().rating == "A1" and Risk.objects.get().ratings.count() == 4


def test_the_register_shows_heat_map_review_dates_and_movement(people, plan, today):
    page = as_(people["sw"]).get("/improvement/risks/").content.decode()
    cell = page.split('data-rating="C3"')[1].split("</td>")[0]
    assert "R1" in cell and "score 8, amber" in cell and "above appetite" not in cell
    assert "score 15, red, above appetite" in page.split('data-rating="B2"')[1].split("</td>")[0]
    overdue = page.split('data-testid="review-overdue"')[1].split("</ul>")[0]
    assert "R1" in overdue and "1 May 2024" in overdue
    moved = page.split('data-testid="moved"')[1].split("</ul>")[0]
    assert "Better: B2 to C3" in moved


def test_an_editor_adds_a_risk_and_its_first_rating_starts_the_history(people, plan, today):
    client = as_(people["sm"])
    data = {
        "ref": "R2",
        "title": "Data",
        "description": "If recording is poor then figures mislead",
        "owner": "po",
        "rating": "c2",
        "target_rating": "D4",
        "review_date": "2024-08-01",
        "mitigations": [plan["a11"].pk],
    }
    assert client.post("/improvement/risks/new/", {**data, "target_rating": "X"}).status_code == 400
    assert client.post("/improvement/risks/new/", data).status_code == 302
    risk = Risk.objects.get(ref="R2")
    assert risk.rating == "C2" and [r.rating for r in risk.ratings.all()] == ["C2"]
    assert list(risk.mitigations.values_list("ref", flat=True)) == ["1.1"]
    # Editing never changes the rating: that is a re-rating.
    edit = {k: v for k, v in data.items() if k != "rating"} | {"title": "Data quality", "rating": "A1"}
    assert client.post(f"/improvement/risks/{risk.pk}/edit/", edit).status_code == 302
    risk.refresh_from_db()
    assert (risk.title, risk.rating, risk.ratings.count()) == ("Data quality", "C2", 1)


def test_the_navigation_offers_improvement_to_every_role(people, today):
    assert 'href="/improvement/"' in as_(people["sw"]).get("/").content.decode()


def test_an_edit_from_a_stale_page_is_refused_not_lost(people, plan, today):
    sm, po = as_(people["sm"]), as_(people["po"])
    url = f"/improvement/actions/{plan['a21'].pk}/edit/"
    form = {"ref": "2.1", "pillar": "workforce", "what": "Recruit", "lead": "other", "due": "2024-06-30"}
    assert 'name="version" value="1"' in sm.get(url).content.decode()
    assert po.post(url, {**form, "status": "in_progress", "version": "1"}).status_code == 302
    stale = sm.post(url, {**form, "status": "complete", "what": "Recruit four", "version": "1"})
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()
    action = Action.objects.get(ref="2.1")
    assert (action.status, action.what, action.version) == ("in_progress", "Recruit", 2)
    # A re-rating moves the risk's version on too, so an edit opened before it is refused.
    risk_url = f"/improvement/risks/{plan['risk'].pk}/edit/"
    assert (
        sm.post(f"/improvement/risks/{plan['risk'].pk}/rate/", {"rating": "A1", "rated_on": "2024-05-15"}).status_code
        == 302
    )
    risk_form = {
        "ref": "R1",
        "title": "Workforce",
        "description": "If x then y",
        "owner": "sm",
        "target_rating": "D4",
        "review_date": "2024-09-01",
        "version": "1",
    }
    assert po.post(risk_url, risk_form).status_code == 409
    assert po.post(risk_url, {**risk_form, "version": "2"}).status_code == 302
