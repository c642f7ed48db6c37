"""Importing an escalation log: all or nothing, errors naming file, sheet, row, column and value."""

import datetime as dt
import io

import openpyxl
import pytest

from oversight.iro.importer import import_escalations
from oversight.iro.models import Escalation

pytestmark = pytest.mark.django_db
d = dt.date.fromisoformat
HEADER = "escalation_id,child_id,raised_by,raised_date,stage,category,subcategory,addressee_role,response_date,outcome,resolved_date"
GOOD = "\n".join(
    [
        HEADER,
        "X1,C1,iro1,2024-03-01,informal,process,records,,2024-03-05,escalated,2024-03-06",
        "X2,C1,I1,06/03/2024,stage2,Process,records,service_manager,,,",
        "X3,C2,I2,2024-03-04,stage1,practice,drift,team_manager,2024-03-20,resolved,2024-03-21",
        "X4,C4,someone else,2024-03-04,informal,practice,,,,,",
    ]
).encode()


def test_a_good_log_is_imported_linked_and_attributed(people, run_json, tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(GOOD)
    status, report, _ = run_json("escalations", "import", str(path))
    assert status == 0 and report["ok"], report
    assert report["counts"] == {"rows": 4, "created": 4, "updated": 0, "linked": 1}
    x1, x2, x3, x4 = (Escalation.objects.get(import_ref=r) for r in ("X1", "X2", "X3", "X4"))
    assert x2.previous_id == x1.pk
    # Worker ids become the login that has them; an unknown name is kept and warned about.
    assert (x1.raised_by, x1.iro_id) == ("iro1", "I1") and (x2.raised_by, x2.iro_id) == ("iro1", "I1")
    assert (x3.raised_by, x3.iro_id) == ("chair2", "I2")
    assert x4.raised_by == "someone else" and any(w["column"] == "raised_by" for w in report["warnings"])
    assert x1.response_due == d("2024-03-08") and x1.team_id == "TA" and x1.addressee_role == "team_manager"
    assert x3.status_on(d("2024-04-01")) == "responded_late"
    assert [e.what for e in x1.events.all()] == ["imported"]
    # Importing the same log again replaces, never duplicates.
    status, report, _ = run_json("escalations", "import", str(path))
    assert report["counts"]["updated"] == 4 and Escalation.objects.count() == 4


def test_any_bad_row_leaves_everything_as_it_was(people, run_json, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        "\n".join(
            [
                HEADER,
                "Y1,C1,iro1,2024-03-01,informal,process,,,,,",
                "Y2,C1,iro1,2024-02-30,stage9,quality,,boss,2024-01-01,won,",
                "Y1,C2,iro1,2024-03-01,informal,process,,,,resolved,",
                "Y4,C2,iro1,2024-03-01,informal,process,=HYPERLINK(1),,,,",
            ]
        ).encode()
    )
    status, report, err = run_json("escalations", "import", str(path))
    assert status == 2 and not report["ok"] and "nothing was imported" in err
    assert not Escalation.objects.exists()
    found = {(e["row"], e["column"]): e for e in report["errors"]}
    assert found[(3, "raised_date")]["value"] == "2024-02-30"
    assert found[(3, "stage")]["value"] == "stage9" and "informal" in found[(3, "stage")]["message"]
    assert (3, "category") in found and (3, "addressee_role") in found and (3, "outcome") in found
    assert found[(4, "escalation_id")]["message"].startswith("this escalation_id is also on row 2")
    assert (4, "resolved_date") in found
    assert found[(5, "subcategory")]["message"].startswith("formulas are not accepted")
    assert all(e["file"] == "bad.csv" for e in report["errors"])


def test_xlsx_errors_name_the_sheet_and_missing_columns(people):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Escalations"
    sheet.append(["escalation_id", "child_id", "raised_by"])
    sheet.append(["Z1", "C1", "iro1"])
    buf = io.BytesIO()
    book.save(buf)
    report = import_escalations(buf.getvalue(), "log.xlsx")
    assert not report["ok"]
    assert {e["column"] for e in report["errors"]} >= {"raised_date", "stage", "category"}
    assert {e["sheet"] for e in report["errors"]} == {"Escalations"}


def test_xlsx_dates_import(people):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["W1", "C1", "iro1", dt.datetime(2024, 3, 1), "informal", "process", None, None, None, None, None])
    buf = io.BytesIO()
    book.save(buf)
    report = import_escalations(buf.getvalue(), "log.xlsx")
    assert report["ok"], report
    assert Escalation.objects.get().raised_date == d("2024-03-01")


def test_not_a_spreadsheet(people):
    report = import_escalations(b"\x00\x01binary", "log.csv")
    assert not report["ok"] and "binary" in report["errors"][0]["message"]
    assert not import_escalations(b"a,b", "log.txt")["ok"]


def test_the_import_page(people):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    client = Client()
    client.force_login(people["po"])
    resp = client.post("/iro/import/", {"file": SimpleUploadedFile("log.csv", GOOD, "text/csv")})
    assert resp.status_code == 200 and Escalation.objects.count() == 4
    resp = client.post(
        "/iro/import/",
        {"file": SimpleUploadedFile("bad.csv", HEADER.encode() + b"\nQ,C1,iro1,nope,informal,process,,,,,")},
    )
    assert resp.status_code == 400 and "nope" in resp.content.decode()
