"""Importing findings, the plan and the risk register from xlsx: all or nothing, every problem placed."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.cli import main
from oversight.improvement import importer
from oversight.improvement.models import Action, Finding, Risk, RiskRating
from tests.improvement.conftest import as_

pytestmark = pytest.mark.django_db

FINDINGS = [
    ["ref", "source", "date", "judgement_area", "text"],
    ["F10", "Inspection", dt.date(2024, 1, 10), "Help and protection", "Assessments late"],
    ["F11", "monitoring visit", "15/02/2024", "", "Visits late"],
]
PLAN = [
    [
        "Ref",
        "Pillar",
        "Priority",
        "Action",
        "Lead",
        "Due date",
        "Status",
        "Findings",
        "Indicator",
        "Target",
        "Target date",
    ],
    [
        "1.1",
        "Quality of practice",
        "Assessment and planning",
        "Tracker",
        "lead",
        dt.date(2024, 6, 30),
        "In progress",
        "F10",
        "timeliness:assessment_45wd",
        90,
        "2024-09-30",
    ],
    ["1.2", "practice", "", "Visits", "lead", "2024-07-31", "", "F10; F11", "", None, None],
]
RISKS = [
    [
        "ref",
        "title",
        "description",
        "cause",
        "consequence",
        "owner",
        "current_rating",
        "target_rating",
        "review_date",
        "mitigating_actions",
        "rated_on",
    ],
    [
        "R10",
        "Workforce",
        "If turnover stays high then drift",
        "Market",
        "Delay",
        "sm",
        "b2",
        "D4",
        "2024-06-01",
        "1.1, 1.2",
        "2024-03-01",
    ],
]


def workbook(**sheets) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good() -> bytes:
    return workbook(Findings=FINDINGS, Plan=PLAN, Risks=RISKS)


def state():
    return (
        list(Finding.objects.order_by("ref").values_list("ref", "text")),
        list(Action.objects.order_by("ref").values_list("ref", "what", "lead", "due", "status")),
        list(Risk.objects.order_by("ref").values_list("ref", "rating", "title")),
        RiskRating.objects.count(),
    )


def test_a_good_workbook_imports_every_sheet(people, today):
    result = importer.import_workbook(good(), "plan.xlsx", "po", today)
    assert result["ok"], result["errors"]
    assert result["counts"] == {"findings": 2, "actions": 2, "risks": 1, "ratings": 1}
    a11 = Action.objects.get(ref="1.1")
    assert (a11.pillar, a11.priority, a11.status, a11.due) == (
        "practice",
        "Assessment and planning",
        "in_progress",
        dt.date(2024, 6, 30),
    )
    assert (a11.indicator, a11.indicator_target, a11.indicator_date) == (
        "timeliness:assessment_45wd",
        90.0,
        dt.date(2024, 9, 30),
    )
    assert sorted(Action.objects.get(ref="1.2").findings.values_list("ref", flat=True)) == ["F10", "F11"]
    assert (
        Finding.objects.get(ref="F11").date == dt.date(2024, 2, 15)
        and Finding.objects.get(ref="F11").source == "monitoring_visit"
    )
    risk = Risk.objects.get(ref="R10")
    assert (risk.rating, risk.target_rating) == ("B2", "D4")
    assert list(risk.ratings.values_list("rating", "rated_on", "rated_by")) == [("B2", dt.date(2024, 3, 1), "po")]
    assert sorted(risk.mitigations.values_list("ref", flat=True)) == ["1.1", "1.2"]


def test_importing_again_replaces_by_ref_and_a_changed_rating_joins_the_history(people, today):
    assert importer.import_workbook(good(), "plan.xlsx", "po", today)["ok"]
    again = [row[:] for row in RISKS]
    again[1][6], again[1][10] = "C3", "2024-05-01"
    plan = [row[:] for row in PLAN]
    plan[1][3] = "Tracker, weekly"
    result = importer.import_workbook(workbook(Plan=plan, Risks=again), "plan.xlsx", "sm", today)
    assert result["ok"] and result["counts"]["ratings"] == 1
    assert Action.objects.count() == 2 and Action.objects.get(ref="1.1").what == "Tracker, weekly"
    assert list(Risk.objects.get().ratings.values_list("rating", flat=True)) == ["C3", "B2"]
    assert Risk.objects.get().rating == "C3"
    # The same rating again adds nothing.
    assert importer.import_workbook(workbook(Risks=again), "plan.xlsx", "sm", today)["counts"]["ratings"] == 0


def test_every_problem_is_placed_and_nothing_is_written(people, plan, today):
    before = state()
    plan_rows = [row[:] for row in PLAN]
    plan_rows[1][1] = "Gardening"  # pillar
    plan_rows[1][4] = "nobody"  # lead
    plan_rows[2][5] = "31/02/2024"  # due date
    plan_rows[2][7] = "F10; F99"  # unknown finding
    plan_rows.append(["1.1", "practice", "", "Again", "lead", "2024-07-31", "", "", "", None, None])  # repeated ref
    risks = [row[:] for row in RISKS]
    risks[1][6] = "Z9"
    risks[1][9] = "9.9"
    result = importer.import_workbook(workbook(Findings=FINDINGS, Plan=plan_rows, Risks=risks), "bad.xlsx", "po", today)
    assert not result["ok"]
    found = {(e["sheet"], e["row"], e["column"]): e for e in result["errors"]}
    assert found[("Plan", 2, "B (pillar)")]["value"] == "Gardening"
    assert "pillar must be one of" in found[("Plan", 2, "B (pillar)")]["message"]
    assert found[("Plan", 2, "E (lead)")]["message"] == "lead must be the username of an active login"
    assert found[("Plan", 3, "F (due_date)")]["value"] == "31/02/2024"
    assert found[("Plan", 3, "H (findings)")]["value"] == "F99"
    assert "used again (first on row 2)" in found[("Plan", 4, "A (ref)")]["message"]
    assert "'Z9' is not a rating" in found[("Risks", 2, "G (current_rating)")]["message"]
    assert "action 9.9 is neither" in found[("Risks", 2, "J (mitigating_actions)")]["message"]
    assert all(e["file"] == "bad.xlsx" for e in result["errors"])
    assert state() == before


def test_missing_columns_formulas_and_wrong_files_are_refused(people, today):
    no_lead = [[c for i, c in enumerate(row) if i != 4] for row in PLAN]
    result = importer.import_workbook(workbook(Plan=no_lead), "p.xlsx", "po", today)
    assert [e["message"] for e in result["errors"]] == ["the required column lead is missing"]
    formula = [row[:] for row in PLAN]
    formula[1][9] = "=80+10"
    result = importer.import_workbook(workbook(Findings=FINDINGS, Plan=formula), "p.xlsx", "po", today)
    assert any(e["row"] == 2 and e["column"] == "J" and "formula" in e["message"] for e in result["errors"])
    result = importer.import_workbook(workbook(Other=[["a"], [1]]), "p.xlsx", "po", today)
    assert result["errors"][0]["message"] == "the workbook has none of the sheets Findings, Plan or Risks"
    assert result["warnings"][0]["sheet"] == "Other"
    result = importer.import_workbook(b"ref,title\n", "p.xlsx", "po", today)
    assert not result["ok"] and "xlsx" in result["errors"][0]["message"]
    assert state() == ([], [], [], 0)


def test_the_import_page_and_command(people, today, tmp_path, capsys):
    client = as_(people["po"])
    bad = client.post("/improvement/import/", {"file": SimpleUploadedFile("p.xlsx", workbook(Plan=[PLAN[0], ["1.1"]]))})
    assert bad.status_code == 400 and "Nothing was imported" in bad.content.decode()
    assert Action.objects.count() == 0
    ok = client.post("/improvement/import/", {"file": SimpleUploadedFile("p.xlsx", good())})
    assert ok.status_code == 302 and Action.objects.count() == 2
    assert (
        as_(people["lead"]).post("/improvement/import/", {"file": SimpleUploadedFile("p.xlsx", good())}).status_code
        == 403
    )
    path = tmp_path / "p.xlsx"
    path.write_bytes(
        workbook(Risks=[RISKS[0], ["R11", "T", "If x then y", "", "", "ghost", "A1", "F4", "2024-09-01", "", ""]])
    )
    assert main(["improvement", "import", str(path), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["errors"][0]["column"] == "F (owner)" and out["errors"][0]["value"] == "ghost"
    assert main(["improvement", "import", str(tmp_path / "missing.xlsx")]) == 2
