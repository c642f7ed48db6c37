"""`oversight supervision import|compliance` and `oversight clinic pack` on a hand-made council."""

import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from oversight.cli import main
from oversight.performance.models import SupervisionSession
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    f.team("T1", "Team 1")
    f.worker("W1", team_id="T1", start="2015-01-01")
    f.worker("N1", grade="nqsw", team_id="T1", start="2024-03-01")
    f.worker("M1", grade="team_manager", team_id="T1", start="2015-01-01")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_import_then_compliance(staff, tmp_path, capsys):
    path = write(
        tmp_path,
        "sessions.csv",
        "worker_id,supervisor_id,date,reflective,status\n"
        "W1,M1,2024-03-05,Y,held\n"
        "N1,M1,2024-03-22,N,held\n"
        "M1,,2024-03-01,,cancelled\n",
    )
    assert main(["supervision", "import", path, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["count"]) == (True, 3)
    assert main(["supervision", "compliance", "--as-at", "2024-03-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # W1 monthly, due 5 April: on time. N1 weekly (4 weeks in), due 29 March: overdue.
    # M1's only session was cancelled: due a month after starting in 2015: overdue.
    by_worker = {w["worker_id"]: w for w in data["by_worker"]}
    assert {k: v["on_time"] for k, v in by_worker.items()} == {"W1": True, "N1": False, "M1": False}
    assert by_worker["N1"]["due"] == "2024-03-29"
    assert (data["workers"], data["on_time"], data["percent_on_time"]) == (3, 1, 33.3)
    assert data["teams"] == [{"team": "T1", "workers": 3, "on_time": 1, "percent_on_time": 33.3}]
    # The same file again replaces rather than duplicates.
    assert main(["supervision", "import", path]) == 0
    assert SupervisionSession.objects.count() == 3


def test_a_bad_file_loads_nothing_and_names_row_column_and_value(staff, tmp_path, capsys):
    path = write(
        tmp_path,
        "sessions.csv",
        "worker_id,date,reflective,status\nW1,2024-03-05,Y,held\nW1,05/13/2024,maybe,postponed\n,2024-03-01,,\n",
    )
    assert main(["supervision", "import", path, "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["count"] == 0
    found = {(e["row"], e["column"], e["value"]) for e in report["errors"]}
    assert (3, "date", "05/13/2024") in found
    assert (3, "reflective", "maybe") in found
    assert (3, "status", "postponed") in found
    assert (4, "worker_id", "") in found
    assert all(e["file"] == "sessions.csv" for e in report["errors"])
    assert SupervisionSession.objects.count() == 0


def test_xlsx_import_refuses_formulas(staff, tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.title = "Sessions"
    sheet.append(["worker_id", "date"])
    sheet.append(["W1", "=TODAY()"])
    path = tmp_path / "sessions.xlsx"
    book.save(path)
    assert main(["supervision", "import", str(path), "--format", "json"]) == 2
    error = json.loads(capsys.readouterr().out)["errors"][0]
    assert (error["sheet"], error["row"], error["column"]) == ("Sessions", 2, "date")
    assert "formula" in error["message"]


def test_a_missing_file_and_a_missing_column(staff, tmp_path, capsys):
    assert main(["supervision", "import", str(tmp_path / "none.csv")]) == 2
    assert "cannot be read" in capsys.readouterr().out
    path = write(tmp_path, "s.csv", "worker,date\nW1,2024-03-01\n")
    assert main(["supervision", "import", path, "--format", "json"]) == 2
    assert any(e["column"] == "worker_id" for e in json.loads(capsys.readouterr().out)["errors"])


def test_clinic_pack_command(staff, tmp_path, capsys):
    f.child("C1")
    f.referral("C1", "2024-03-05")
    out = tmp_path / "pack.xlsx"
    assert (
        main(["clinic", "pack", "--month", "2024-03", "--area", "front_door", "--format", "xlsx", "--out", str(out)])
        == 0
    )
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["Front door", "Open actions"]
    pdf = tmp_path / "pack.pdf"
    assert main(["clinic", "pack", "--month", "2024-03", "--format", "pdf", "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (
        main(["clinic", "pack", "--month", "2024-03", "--area", "nowhere", "--format", "pdf", "--out", str(pdf)]) == 2
    )
    assert "no service area" in capsys.readouterr().err
