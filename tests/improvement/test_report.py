"""The board report: its figures, the exact JSON shape, and the PDF, xlsx and page through the CLI and the web."""

import datetime as dt
import io
import json

import openpyxl
import pytest

from oversight.cli import main
from oversight.improvement import report
from tests.improvement.conftest import as_

pytestmark = pytest.mark.django_db


def test_json_has_exactly_the_documented_shape_and_figures(plan, today):
    data = report.as_json(report.build(dt.date(2024, 5, 1), today))
    assert list(data) == ["month", "actions", "by_pillar", "risks", "unanswered_findings"]
    assert data["month"] == "2024-05"
    assert data["actions"] == {"total": 3, "green": 2, "amber": 0, "red": 1, "completed": 1, "overdue": 1}
    practice = next(p for p in data["by_pillar"] if p["pillar"] == "practice")
    assert practice == {
        "pillar": "practice",
        "title": "Quality of practice",
        "total": 2,
        "green": 1,
        "amber": 0,
        "red": 1,
        "completed": 1,
        "overdue": 1,
    }
    assert [p["pillar"] for p in data["by_pillar"]] == ["practice", "workforce", "leadership", "qa", "partnership"]
    assert data["risks"] == [
        {
            "id": "R1",
            "title": "Workforce",
            "rating": "C3",
            "previous_rating": "B2",
            "owner": "sm",
            "review_due": "2024-05-01",
        }
    ]
    assert [f["id"] for f in data["unanswered_findings"]] == ["F2"]


def test_an_earlier_month_is_worked_out_on_its_last_day(plan, today):
    data = report.as_json(report.build(dt.date(2024, 4, 1), today))
    # On 30 April, 1.1 (due that day) is not yet overdue; R1 was B2 then and at the end of March.
    assert data["actions"]["overdue"] == 0 and data["actions"]["red"] == 0
    assert data["risks"][0]["rating"] == "B2" and data["risks"][0]["previous_rating"] == "B2"


def test_a_risk_not_yet_rated_in_the_month_is_left_out(plan, today):
    data = report.as_json(report.build(dt.date(2024, 2, 1), today))
    assert data["risks"] == []


def test_cli_writes_json_pdf_and_xlsx(plan, today, tmp_path, capsys):
    out = tmp_path / "board.json"
    assert main(["improvement", "report", "--month", "2024-05", "--format", "json", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["actions"]["red"] == 1
    pdf = tmp_path / "board.pdf"
    assert main(["improvement", "report", "--month", "2024-05", "--format", "pdf", "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "board.xlsx"
    assert main(["improvement", "report", "--month", "2024-05", "--format", "xlsx", "--out", str(xlsx)]) == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Plan 2024-05", "Actions", "Risks", "Indicators", "Unanswered findings"]
    summary = book["Plan 2024-05"]
    assert [c.value for c in summary[1]] == ["Pillar", "Actions", "Green", "Amber", "Red", "Completed", "Overdue"]
    assert [c.value for c in summary[7]] == ["All pillars", 3, 2, 0, 1, 1, 1]
    assert book["Risks"]["C2"].value == "C3" and book["Risks"]["D2"].value == "B2"
    capsys.readouterr()
    assert main(["improvement", "report", "--month", "2024-05", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["month"] == "2024-05"


def test_cli_refuses_a_bad_month_or_a_missing_out(plan, today, capsys):
    assert main(["improvement", "report", "--month", "May 2024", "--format", "json"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err
    assert main(["improvement", "report", "--month", "2024-05", "--format", "pdf"]) == 2
    assert "--out" in capsys.readouterr().err


def test_text_that_looks_like_a_formula_is_inert_in_the_xlsx(plan, today):
    plan["a11"].what = '=HYPERLINK("http://x")'
    plan["a11"].save()
    book = openpyxl.load_workbook(io.BytesIO(report.as_xlsx(report.build(dt.date(2024, 5, 1), today))))
    cells = [row[2] for row in book["Actions"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in cells


def test_the_report_page_and_downloads(people, plan, today):
    client = as_(people["sw"])
    page = client.get("/improvement/report/?month=2024-05").content.decode()
    assert "Improvement board report: May 2024" in page
    assert page.count('data-testid="red-chain"') == 1 and "Overdue: due 30 Apr 2024" in page
    pdf = client.get("/improvement/report/pdf/?month=2024-05")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/improvement/report/xlsx/?month=2024-05")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert client.get("/improvement/report/pdf/?month=nope").status_code == 400


def test_cli_actions_risks_and_findings(plan, today, capsys):
    assert main(["improvement", "actions", "--as-at", "2024-05-15", "--view", "overdue", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["ref"] for a in data["actions"]] == ["1.1"] and data["actions"][0]["rag"] == "red"
    assert main(["improvement", "risks", "--as-at", "2024-05-15", "--format", "json"]) == 0
    risks = json.loads(capsys.readouterr().out)
    assert risks["last_board"] == "2024-04-30" and risks["risks"][0]["movement"] == "down"
    assert main(["improvement", "findings", "--unanswered", "--format", "json"]) == 0
    assert [f["ref"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["F2"]
    assert main(["improvement", "actions", "--pillar", "nope"]) == 2
    assert main(["improvement", "risks", "--as-at", "0001-01-01"]) == 2
