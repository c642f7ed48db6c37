"""The audit cycle through the pages: queue, form, concurrency, escalation, moderation, actions, report, import."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from oversight.accounts import roles
from oversight.accounts.models import AccessLog
from oversight.analytics.workdays import default_calendar
from oversight.audits import services
from oversight.audits.models import Action, Audit, Escalation

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(council, make_user):
    return {
        "sm": make_user(roles.SENIOR_MANAGER, "sm"),  # coordinates the programme
        "hos": make_user(roles.SENIOR_MANAGER, "hos", team_id="SA"),  # head of the service area
        "tm_a": make_user(roles.TEAM_MANAGER, "tm_a", team_id="TA"),
        "tm_b": make_user(roles.TEAM_MANAGER, "tm_b", team_id="TB"),
        "aud1": make_user(roles.AUDITOR, "aud1"),
        "aud2": make_user(roles.AUDITOR, "aud2"),
        "mod1": make_user(roles.MODERATOR, "mod1"),
        "sw": make_user(roles.SOCIAL_WORKER, "sw", professional_id="WA1"),
    }


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def audit(people):
    """A TA child's practice audit, assigned to aud1."""
    services.draw_sample(dt.date(2024, 3, 1), 1, seed=1)
    a = Audit.objects.get(team_id="TA")
    Audit.objects.filter(pk=a.pk).update(auditor="aud1")
    return Audit.objects.get(pk=a.pk)


def complete_post(audit, version, action="submit", grade="Good"):
    data = {
        "version": version,
        "action": action,
        "grade": grade,
        "evidence": "Plans are clear and reviewed.",
        "conversation_date": "2024-03-10",
        "conversation": "Discussed the plan with the worker.",
    }
    for q in audit.tool.questions:
        data[f"q_{q['key']}_grade"] = grade
        data[f"q_{q['key']}_evidence"] = f"Evidence for {q['key']}"
    return data


def test_the_auditor_sees_the_audit_and_the_view_is_logged(audit, people):
    client = as_(people["aud1"])
    assert f"Audit {audit.pk}".encode() in client.get("/audits/").content
    response = client.get(f"/audits/{audit.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="audit-form"' in html and 'data-testid="review-chronology"' in html
    assert AccessLog.objects.filter(user=people["aud1"], person_id=audit.child_id, page="audit form").count() == 1


def test_auditors_see_only_the_children_they_audit(audit, people):
    other = as_(people["aud2"])
    assert other.get(f"/audits/{audit.pk}/").status_code == 403
    assert other.get(f"/children/{audit.child_id}/").status_code == 403
    assert as_(people["aud1"]).get(f"/children/{audit.child_id}/").status_code == 200
    assert not AccessLog.objects.filter(user=people["aud2"]).exists()


def test_saving_a_draft_then_submitting(audit, people):
    client = as_(people["aud1"])
    response = client.post(f"/audits/{audit.pk}/", {"version": 1, "action": "save", "grade": "Good"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.status, audit.grade, audit.version) == (Audit.DRAFT, "Good", 2)
    response = client.post(f"/audits/{audit.pk}/", complete_post(audit, 2))
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == Audit.SUBMITTED and audit.completed_date == timezone.localdate()
    assert audit.answers.filter(grade="Good").count() == 8


def test_submitting_an_incomplete_audit_shows_the_errors(audit, people):
    response = as_(people["aud1"]).post(f"/audits/{audit.pk}/", {"version": 1, "action": "submit", "grade": "Good"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Record the conversation with the allocated worker" in html
    assert 'href="#id_q_risk_grade"' in html and 'id="id_q_risk_grade"' in html
    audit.refresh_from_db()
    assert audit.status == Audit.ASSIGNED and audit.version == 1


@pytest.mark.parametrize(
    "field,value",
    [
        ("grade", "Superb"),
        ("conversation_date", "2024-02-30"),
        ("version", "x"),
        ("version", "9" * 30),
        ("conversation_date", "9999-12-31"),
        ("q_risk_grade", "\x00"),
        ("evidence", "x" * 20_001),
    ],
)
def test_bad_form_values_are_400_not_500(audit, people, field, value):
    data = complete_post(audit, 1)
    data[field] = value
    assert as_(people["aud1"]).post(f"/audits/{audit.pk}/", data).status_code == 400
    audit.refresh_from_db()
    assert audit.status == Audit.ASSIGNED


def test_the_second_of_two_saves_is_told_and_overwrites_nothing(audit, people):
    first, second = as_(people["aud1"]), as_(people["aud1"])
    # Both opened the form at version 1.
    assert first.post(f"/audits/{audit.pk}/", complete_post(audit, 1, action="save", grade="Good")).status_code == 302
    response = second.post(f"/audits/{audit.pk}/", complete_post(audit, 1, action="save", grade="Inadequate"))
    assert response.status_code == 409
    assert "Someone else saved this audit" in response.content.decode()
    audit.refresh_from_db()
    assert audit.grade == "Good" and audit.version == 2
    assert set(audit.answers.values_list("grade", flat=True)) == {"Good"}


def test_the_service_refuses_a_stale_version(audit):
    services.save_audit(audit.pk, 1, services.AuditInput(grade="Good"), "aud1")
    with pytest.raises(services.StaleAudit):
        services.save_audit(audit.pk, 1, services.AuditInput(grade="Inadequate"), "aud1")
    assert Audit.objects.get(pk=audit.pk).grade == "Good"


def test_escalation_goes_to_the_team_manager_and_head_of_service_until_resolved(audit, people):
    response = as_(people["aud1"]).post(
        f"/audits/{audit.pk}/escalate/", {"reason": "Child reported being hit last night."}
    )
    assert response.status_code == 302
    esc = Escalation.objects.get()
    assert sorted(esc.recipients.values_list("username", "as_role")) == [
        ("hos", "head_of_service"),
        ("tm_a", "team_manager"),
    ]
    assert esc.due_date == default_calendar().add(timezone.localdate(), 1)
    for name in ("tm_a", "hos"):
        assert 'data-testid="my-escalations"' in as_(people[name]).get("/audits/").content.decode()
    assert 'data-testid="my-escalations"' not in as_(people["tm_b"]).get("/audits/").content.decode()
    assert as_(people["tm_b"]).post(f"/audits/escalations/{esc.pk}/", {"note": "x"}).status_code == 403
    response = as_(people["tm_a"]).post(
        f"/audits/escalations/{esc.pk}/", {"note": "Visited today; safety plan agreed."}
    )
    assert response.status_code == 302
    esc.refresh_from_db()
    assert not esc.is_open and esc.resolved_by == "tm_a"
    assert 'data-testid="my-escalations"' not in as_(people["tm_a"]).get("/audits/").content.decode()


def test_an_escalation_needs_a_reason(audit, people):
    response = as_(people["aud1"]).post(f"/audits/{audit.pk}/escalate/", {"reason": "  "})
    assert response.status_code == 400 and not Escalation.objects.exists()


def test_a_team_manager_who_is_a_worker_record_is_found_too(audit, people, make_user):
    make_user(roles.SOCIAL_WORKER, "ma_login", professional_id="MA")  # MA has grade team_manager in TA
    assert ("ma_login", "team_manager") in services.escalation_recipients("TA")


def _submitted(audit):
    services.save_audit(
        audit.pk,
        audit.version,
        services.AuditInput(
            grade="Good",
            evidence="e",
            conversation="c",
            conversation_date=dt.date(2024, 3, 10),
            answers={q["key"]: ("Good", "ev") for q in audit.tool.questions},
        ),
        "aud1",
        submit=True,
    )
    return Audit.objects.get(pk=audit.pk)


def test_moderation_keeps_both_grades_and_makes_the_audit_final(audit, people):
    audit = _submitted(audit)
    client = as_(people["mod1"])
    assert f"Audit {audit.pk}" in client.get("/audits/").content.decode()
    assert client.get(f"/audits/{audit.pk}/moderate/").status_code == 403  # not taken yet
    assert client.post(f"/audits/{audit.pk}/claim/").status_code == 302
    assert client.get(f"/audits/{audit.pk}/moderate/").status_code == 200
    data = {"version": Audit.objects.get(pk=audit.pk).version, "grade": "Requires improvement to be good", "reason": ""}
    for q in audit.tool.questions:
        data[f"q_{q['key']}_grade"] = "Good"
    data["q_risk_grade"] = "Inadequate"
    response = client.post(f"/audits/{audit.pk}/moderate/", data)
    assert response.status_code == 400  # two changed grades without reasons
    html = response.content.decode()
    assert (
        "Give the reason for changing the overall grade" in html
        and "Give the reason for changing the grade for" in html
    )
    data.update(reason="Drift in the plan was not noticed.", q_risk_reason="No risk assessment since October.")
    assert client.post(f"/audits/{audit.pk}/moderate/", data).status_code == 302
    audit.refresh_from_db()
    assert (audit.status, audit.grade, audit.moderated_grade, audit.moderator) == (
        Audit.FINAL,
        "Good",
        "Requires improvement to be good",
        "mod1",
    )
    risk = audit.answers.get(question="risk")
    assert (risk.grade, risk.moderated_grade) == ("Good", "Inadequate")
    assert AccessLog.objects.filter(user=people["mod1"], person_id=audit.child_id, page="audit moderation").exists()
    # Final: the team manager of the child's team may read it, the auditor cannot change it.
    assert as_(people["tm_a"]).get(f"/audits/{audit.pk}/").status_code == 200
    assert as_(people["aud1"]).post(f"/audits/{audit.pk}/", complete_post(audit, audit.version)).status_code == 409


def _moderation_post(audit, grade, reason="Plans drift"):
    data = {"version": audit.version, "grade": grade, "reason": reason}
    for q in audit.tool.questions:
        data[f"q_{q['key']}_grade"] = "Good"
    return data


def test_the_second_moderator_to_take_an_audit_is_told_it_is_taken(audit, people, make_user):
    audit = _submitted(audit)
    mod2 = make_user(roles.MODERATOR, "mod2")
    assert as_(people["mod1"]).post(f"/audits/{audit.pk}/claim/").status_code == 302
    response = as_(mod2).post(f"/audits/{audit.pk}/claim/", follow=True)
    assert response.status_code == 200
    assert "Another moderator has taken this audit" in response.content.decode()
    assert Audit.objects.get(pk=audit.pk).moderator == "mod1"


def test_a_moderation_saved_from_a_second_tab_is_refused_with_a_message(audit, people):
    audit = _submitted(audit)
    first, second = as_(people["mod1"]), as_(people["mod1"])
    assert first.post(f"/audits/{audit.pk}/claim/").status_code == 302
    opened = Audit.objects.get(pk=audit.pk)
    assert second.get(f"/audits/{opened.pk}/moderate/").status_code == 200
    assert (
        first.post(
            f"/audits/{opened.pk}/moderate/", _moderation_post(opened, "Requires improvement to be good")
        ).status_code
        == 302
    )
    response = second.post(f"/audits/{opened.pk}/moderate/", _moderation_post(opened, "Inadequate"))
    assert response.status_code == 409
    assert "nothing was saved" in response.content.decode()
    final = Audit.objects.get(pk=opened.pk)
    assert (final.status, final.grade, final.moderated_grade) == (
        Audit.FINAL,
        "Good",
        "Requires improvement to be good",
    )


def test_an_auditor_cannot_moderate_their_own_audit(audit, people, make_user):
    audit = _submitted(audit)
    Audit.objects.filter(pk=audit.pk).update(auditor="mod1")
    assert as_(people["mod1"]).post(f"/audits/{audit.pk}/claim/").status_code == 403


def test_a_moderator_in_conflict_cannot_take_the_audit(audit, people, make_user):
    audit = _submitted(audit)
    conflicted = make_user(roles.MODERATOR, "mod_worker", professional_id=audit.worker_id)
    response = as_(conflicted).post(f"/audits/{audit.pk}/claim/", follow=True)
    assert "cannot moderate" in response.content.decode()
    assert Audit.objects.get(pk=audit.pk).moderator == ""


def test_actions_are_tracked_and_a_review_audit_checks_them(audit, people):
    audit = _submitted(audit)
    client = as_(people["aud1"])
    response = client.post(
        f"/audits/{audit.pk}/actions/",
        {"what": "Update the risk assessment", "owner": "tm_a", "due_date": "2024-04-30"},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    listed = as_(people["tm_a"]).get("/audits/actions/").content.decode()
    assert "Update the risk assessment" in listed and listed.count(f"/audits/actions/{action.pk}/done/") == 1
    assert f"/audits/actions/{action.pk}/done/" not in as_(people["tm_b"]).get("/audits/actions/").content.decode()
    # Overdue (due 2024-04-30) on the report.
    report = as_(people["sm"]).get("/audits/report/").content.decode()
    assert "Update the risk assessment" not in report and 'data-testid="overdue-actions"' in report
    assert report.split('data-testid="overdue-actions"')[1].count("tm_a") == 1
    # A review audit of the same child checks it.
    review = services.schedule_review(audit.pk, "aud2")
    page = as_(people["aud2"]).get(f"/audits/{review.pk}/").content.decode()
    assert f'name="check_{action.pk}"' in page
    data = complete_post(review, review.version, action="save")
    data[f"check_{action.pk}"] = "not_done"
    assert as_(people["aud2"]).post(f"/audits/{review.pk}/", data).status_code == 302
    action.refresh_from_db()
    assert (action.checked_by_id, action.check_outcome) == (review.pk, "not_done")
    # The owner completes it.
    assert (
        as_(people["tm_a"]).post(f"/audits/actions/{action.pk}/done/", {"note": "Reviewed in supervision."}).status_code
        == 302
    )
    action.refresh_from_db()
    assert action.status == Action.DONE


@pytest.mark.parametrize(
    "data,field",
    [
        ({"what": "", "owner": "tm_a", "due_date": "2024-04-30"}, "Say what needs to be done"),
        ({"what": "x", "owner": "nobody", "due_date": "2024-04-30"}, "neither a user"),
        ({"what": "x", "owner": "tm_a", "due_date": "31/04/2024"}, "real date"),
    ],
)
def test_a_bad_action_is_400(audit, people, data, field):
    response = as_(people["aud1"]).post(f"/audits/{audit.pk}/actions/", data)
    assert response.status_code == 400 and field in response.content.decode()
    assert not Action.objects.exists()


def test_a_social_worker_cannot_add_actions_or_see_open_audits(audit, people):
    client = as_(people["sw"])
    assert client.get(f"/audits/{audit.pk}/").status_code == 403
    assert (
        client.post(
            f"/audits/{audit.pk}/actions/", {"what": "x", "owner": "tm_a", "due_date": "2024-04-30"}
        ).status_code
        == 403
    )


def test_coordinators_draw_and_assign_through_the_pages(people):
    client = as_(people["sm"])
    response = client.post("/audits/sample/", {"month": "2024-03", "per_team": "2", "seed": "7", "theme": ""})
    assert response.status_code == 302
    assert Audit.objects.count() == 4
    audit = Audit.objects.filter(team_id="TA").first()
    page = client.get(f"/audits/{audit.pk}/assign/").content.decode()
    assert 'value="aud2"' in page and 'value="tm_a"' not in page  # TA's team manager is left out
    assert client.post(f"/audits/{audit.pk}/assign/", {"version": audit.version, "auditor": "aud2"}).status_code == 302
    assert Audit.objects.get(pk=audit.pk).auditor == "aud2"
    assert client.post(f"/audits/{audit.pk}/assign/", {"version": audit.version, "auditor": "aud1"}).status_code == 409
    assert (
        client.post(f"/audits/{audit.pk}/assign/", {"version": audit.version + 1, "auditor": "tm_a"}).status_code == 400
    )


@pytest.mark.parametrize(
    "data",
    [
        {"month": "2024-13", "per_team": "2", "seed": "1"},
        {"month": "2024-03", "per_team": "x", "seed": "1"},
        {"month": "2024-03", "per_team": "2", "seed": "-1"},
        {"month": "2024-03", "per_team": "2", "seed": "1", "theme": "nope"},
    ],
)
def test_bad_sample_values_are_400(people, data):
    response = as_(people["sm"]).post("/audits/sample/", data)
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert not Audit.objects.exists()


def test_pages_by_role(audit, people):
    assert as_(people["aud1"]).get("/audits/sample/").status_code == 403
    assert as_(people["aud1"]).get("/audits/import/").status_code == 403
    assert as_(people["sw"]).get("/audits/report/").status_code == 403
    assert as_(people["aud1"]).get("/audits/report/").status_code == 200
    assert as_(people["sm"]).get("/audits/all/").status_code == 200
    assert as_(people["sm"]).get("/audits/tools/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/audits/999999/",
        "/audits/99999999999999999999999/",
        "/audits/abc/",
        "/audits/escalations/999/",
        "/audits/actions/99999999999999999999/done/",
    ],
)
def test_missing_records_are_404(people, path):
    assert as_(people["sm"]).get(path).status_code == 404


@pytest.mark.parametrize(
    "params", [{"from": "2024-02-30"}, {"by": "planet"}, {"from": "2024-03-01", "to": "2024-02-01"}]
)
def test_bad_report_parameters_are_400(people, params):
    assert as_(people["sm"]).get("/audits/report/", params).status_code == 400


def test_report_page_shows_the_figures(people):
    from tests.audits.test_import_and_report import CSV

    as_(people["sm"]).post("/audits/import/", {"file": SimpleUploadedFile("past.csv", CSV, "text/csv")})
    html = as_(people["sm"]).get("/audits/report/", {"by": "locality"}).content.decode()
    figures = html.split('data-testid="moderation-figures"')[1].split("</div>\n<table")[0]
    assert 'data-key="moderated"><span class="oversight-figure__number">5<' in figures
    assert 'data-key="agreement_rate"><span class="oversight-figure__number">40%<' in figures
    assert "North locality" in html


def test_upload_imports_or_shows_every_problem(people):
    from tests.audits.test_import_and_report import CSV, HEADER

    client = as_(people["sm"])
    bad = f"{HEADER}\nX1,A1,practice,alice,2024-01-10,Great,,,\n".encode()
    response = client.post("/audits/import/", {"file": SimpleUploadedFile("bad.csv", bad, "text/csv")})
    assert response.status_code == 400
    assert 'data-testid="import-errors"' in response.content.decode() and "Great" in response.content.decode()
    assert not Audit.objects.exists()
    response = client.post("/audits/import/", {"file": SimpleUploadedFile("past.csv", CSV, "text/csv")}, follow=True)
    assert response.status_code == 200 and "7 audits imported" in response.content.decode()
    assert Audit.objects.count() == 7
    assert client.post("/audits/import/", {}).status_code == 400


def test_the_childs_record_shows_audits_and_open_escalations(audit, people):
    services.escalate(audit.pk, "aud1", "Needs a visit today")
    html = as_(people["sm"]).get(f"/children/{audit.child_id}/").content.decode()
    assert "Case audits" in html and "Open welfare escalation" in html and 'data-testid="child-audits"' in html


def test_grades_by_question_use_the_moderated_grade(audit, people):
    from oversight.audits import queries

    audit = _submitted(audit)
    services.claim(audit.pk, "mod1")
    answers = {q["key"]: ("Good", "") for q in audit.tool.questions}
    answers["risk"] = ("Inadequate", "No risk assessment")
    services.moderate(
        audit.pk,
        Audit.objects.get(pk=audit.pk).version,
        services.ModerationInput(grade="Good", answers=answers),
        "mod1",
    )
    month = timezone.localdate().strftime("%Y-%m")
    rows = {r["group"]: (r["month"], r["grades"]) for r in queries.grades("question")}
    assert len(rows) == 8
    assert rows["risk"] == (month, {"Inadequate": 1})
    assert rows["voice"] == (month, {"Good": 1})


def test_cli_lists_overdue_actions_and_open_escalations_and_assigns(audit, people, run_json, capsys):
    from oversight.cli import main

    services.add_action(audit.pk, "aud1", "Past due", "tm_a", dt.date(2024, 4, 30))
    services.add_action(audit.pk, "aud1", "Not yet due", "tm_a", timezone.localdate() + dt.timedelta(days=30))
    _, overdue, _ = run_json("audits", "actions", "--overdue")
    assert [(a["what"], a["owner"], a["due_date"]) for a in overdue] == [("Past due", "tm_a", "2024-04-30")]
    _, every, _ = run_json("audits", "actions")
    assert len(every) == 2
    esc = services.escalate(audit.pk, "aud1", "Now")
    _, open_esc, _ = run_json("audits", "escalations")
    assert [(e["escalation_id"], e["child_id"], sorted(e["raised_to"])) for e in open_esc] == [
        (esc.pk, audit.child_id, ["hos", "tm_a"])
    ]
    assert main(["audits", "assign", str(audit.pk), "aud2"]) == 0
    assert Audit.objects.get(pk=audit.pk).auditor == "aud2"
    assert main(["audits", "assign", str(audit.pk), "tm_a"]) == 2  # TA's team manager: a conflict
    assert "cannot audit" in capsys.readouterr().err
    assert main(["audits", "assign", "999999", "aud2"]) == 2
