"""Drift prompts, conference and review quality records, step-downs."""

import datetime as dt

import polars as pl
import pytest
from django.test import Client

from oversight.iro import drift, quality, services
from oversight.iro.models import DriftDismissal, Escalation, MeetingRecord, StepDown
from oversight.people import models as m
from tests import factories as f

pytestmark = pytest.mark.django_db
d = dt.date.fromisoformat
DAY = d("2024-06-03")
NO_CLOCKS = pl.DataFrame(schema={"child_id": pl.String, "status": pl.String})


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def signals(clocks=NO_CLOCKS):
    return {(r["professional_id"], r["child_id"], r["signal"]) for r in drift.all_signals(DAY, clocks).to_dicts()}


def test_drift_signals(people):
    # Three new workers for C1 in the last 12 months after the first: more than 2 changes.
    for i, start in enumerate(["2023-08-01", "2023-11-01", "2024-02-01"]):
        f.allocate("C1", f"WX{i}", start, team_id="TA")
    clocks = pl.DataFrame({"child_id": ["C1", "C1", "C4"], "status": ["overdue", "on_time", "overdue"]})
    assert signals(clocks) == {
        ("I1", "C1", "overdue_clocks"),  # C4's clock is overdue but C4 has no IRO
        ("I1", "C1", "worker_changes"),
        ("I2", "C2", "long_cp_plan"),
        ("I2", "C3", "assessment_open_at_review"),
        ("I2", "C3", "unallocated"),
    }


def test_prompts_quiet_after_an_escalation_or_a_dismissal(people):
    found = drift.prompts(DAY, "I2", signals=drift.all_signals(DAY, NO_CLOCKS))
    assert {(p["child_id"], p["signal"]) for p in found} == {
        ("C2", "long_cp_plan"),
        ("C3", "assessment_open_at_review"),
        ("C3", "unallocated"),
    }
    # An escalation about C3 inside the last 20 working days quiets both its prompts.
    services.raise_escalation(
        child_id="C3",
        by="chair2",
        iro_id="I2",
        stage="informal",
        category="process",
        subcategory="",
        ask="x",
        raised_date=d("2024-05-07"),
    )
    found = drift.prompts(DAY, "I2", signals=drift.all_signals(DAY, NO_CLOCKS))
    assert {p["child_id"] for p in found} == {"C2"}
    DriftDismissal.objects.create(
        child_id="C2",
        signal="long_cp_plan",
        professional_id="I2",
        dismissed_by="chair2",
        dismissed_date=DAY,
        reason="ok",
    )
    assert drift.prompts(DAY, "I2", signals=drift.all_signals(DAY, NO_CLOCKS)) == []
    # 21 working days later the prompt is back.
    assert drift.prompts(d("2024-07-03"), "I2", signals=drift.all_signals(DAY, NO_CLOCKS))


def test_dismiss_and_escalate_in_one_step_through_the_pages(people, monkeypatch):
    monkeypatch.setattr(drift, "_overdue_items", lambda as_at, children=None: NO_CLOCKS)
    chair = as_(people["chair2"])
    page = chair.get("/iro/drift/").content.decode()
    assert "C3" in page and "C2" in page
    assert (
        chair.post("/iro/drift/dismiss/", {"child_id": "C2", "signal": "long_cp_plan", "reason": ""}).status_code == 302
    )
    assert not DriftDismissal.objects.exists()
    chair.post("/iro/drift/dismiss/", {"child_id": "C2", "signal": "long_cp_plan", "reason": "Plan ends next week"})
    assert DriftDismissal.objects.get().reason == "Plan ends next week"
    resp = chair.post("/iro/drift/escalate/", {"child_id": "C3", "signal": "unallocated"})
    esc = Escalation.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/iro/escalations/{esc.pk}/"
    assert (esc.child_id, esc.category, esc.subcategory, esc.source) == ("C3", "practice", "drift", "drift")
    # Someone else's child: refused, nothing raised.
    as_(people["iro1"]).post("/iro/drift/escalate/", {"child_id": "C3", "signal": "assessment_open_at_review"})
    assert Escalation.objects.count() == 1
    assert as_(people["tm_a"]).get("/iro/drift/").status_code == 403


def test_meeting_quality_record_and_figures(people, monkeypatch):
    today = dt.date.today()
    f.case_row(m.CLAReview, cla_review_id="R1", person_id="C1", cla_review_date=today - dt.timedelta(days=10))
    iro = as_(people["iro1"])
    page = iro.get("/iro/meetings/").content.decode()
    assert "/iro/meetings/cla_review/R1/" in page
    assert as_(people["chair2"]).get("/iro/meetings/cla_review/R1/").status_code == 404  # not their meeting
    bad = iro.post("/iro/meetings/cla_review/R1/", {"shared_working_days_before": "3"})
    assert bad.status_code == 400
    ok = iro.post(
        "/iro/meetings/cla_review/R1/",
        {
            "reports_shared": "on",
            "shared_working_days_before": "3",
            "agencies_reported": "health, school",
            "agencies_attended": "school",
            "participation": "PN1",
            "midway_check_date": str(today - dt.timedelta(days=60)),
        },
    )
    assert ok.status_code == 302
    record = MeetingRecord.objects.get()
    assert record.agencies_reported == ["health", "school"] and record.participation == "PN1"
    rows = quality.meeting_figures(people["sm"])
    assert rows[0]["meetings"] == 1 and rows[0]["reports_shared_pct"] == 100.0
    assert rows[0]["midway_check_pct"] == 100.0 and rows[0]["views_conveyed_pct"] == 100.0
    assert 'data-testid="child-meetings"' in iro.get("/children/C1/").content.decode()


def test_step_downs_recorded_checked_and_early_closures_listed(people):
    f.case_row(m.CINPlan, person_id="C2", cin_plan_start_date="2024-06-01", cin_plan_end_date="2024-07-15")
    chair = as_(people["chair2"])
    resp = chair.post(
        "/iro/step-downs/", {"child_id": "C2", "step_down_date": "2024-06-01", "recommendations": "Keep school reports"}
    )
    assert resp.status_code == 302
    sd = StepDown.objects.get()
    assert quality.closed_early(StepDown.objects.all()) == {sd.pk: d("2024-07-15")}
    assert (
        chair.post(
            "/iro/step-downs/", {"child_id": "C1", "step_down_date": "2024-06-01", "recommendations": "x"}
        ).status_code
        == 400
    )
    tm = as_(people["tm_b"])
    assert tm.post(f"/iro/step-downs/{sd.pk}/", {"checked_date": "2024-05-01", "followed": "yes"}).status_code == 400
    assert tm.post(f"/iro/step-downs/{sd.pk}/", {"checked_date": "2024-07-01", "followed": "partly"}).status_code == 302
    sd.refresh_from_db()
    assert sd.followed == "partly" and sd.checked_by == "tm_b"
    assert "Closed 15 Jul 2024" in chair.get("/iro/step-downs/").content.decode()
    assert as_(people["tm_a"]).get(f"/iro/step-downs/{sd.pk}/").status_code == 403  # C2 is not team A's
    assert as_(people["sw"]).get("/iro/step-downs/").status_code == 403


def test_cli_drift_meetings_and_step_downs(people, run_json):
    status, rows, _ = run_json("iro", "drift", "--as-at", "2024-06-03", "--iro", "I2")
    assert status == 0
    found = {(r["child_id"], r["signal"]) for r in rows}
    assert {("C2", "long_cp_plan"), ("C3", "unallocated"), ("C3", "assessment_open_at_review")} <= found
    assert {r["professional_id"] for r in rows} == {"I2"}
    MeetingRecord.objects.create(
        kind="cp_review",
        meeting_ref="X",
        child_id="C2",
        meeting_date=d("2024-05-02"),
        chair="chair2",
        reports_shared=False,
        agencies_attended=["school", "health"],
    )
    status, rows, _ = run_json("iro", "meetings")
    assert rows == [
        {
            "chair": "chair2",
            "month": "2024-05-01",
            "meetings": 1,
            "reports_shared_pct": 0.0,
            "median_days_shared_before": None,
            "mean_agencies_attended": 2.0,
            "reviews": 0,
            "midway_check_pct": None,
            "views_conveyed_pct": None,
        }
    ]
    f.case_row(m.CINPlan, person_id="C2", cin_plan_start_date="2024-06-01", cin_plan_end_date="2024-10-15")
    StepDown.objects.create(child_id="C2", step_down_date=d("2024-06-01"), chair="chair2", recommendations="x")
    status, rows, _ = run_json("iro", "step-downs")
    assert len(rows) == 1 and rows[0]["cin_plan_closed_early"] is None  # closed after 4 months: not early
    status, rows, _ = run_json("iro", "step-downs", "--closed-early")
    assert rows == []


def test_clocks_for_some_children_are_those_of_the_whole_council(people):
    whole = drift._overdue_items(DAY).filter(pl.col("child_id").is_in(["C2", "C3"]))
    some = drift._overdue_items(DAY, ["C2", "C3"])
    assert whole.height > 0
    assert sorted(some.rows()) == sorted(whole.rows())
