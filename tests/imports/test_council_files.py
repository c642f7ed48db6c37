"""Files as councils send them: every date form, blank spellings, columns Oversight does not load,
and `--blank-invalid` (load with invalid cells left blank, listed and kept on the import record)."""

import datetime as dt
import json

import polars as pl
import pytest

from oversight.cli import main
from oversight.imports.models import ImportRecord
from oversight.imports.services import import_annex_a, import_ssd
from oversight.imports.values import text_date
from oversight.people import models as m
from tests.imports import annex_a_book as book
from tests.imports.helpers import find, same, small_extract, snapshot, workbook, write_csv

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2024-03-04", dt.date(2024, 3, 4)),
        ("2024/03/04", dt.date(2024, 3, 4)),
        ("04/03/2024", dt.date(2024, 3, 4)),
        ("4/3/2024", dt.date(2024, 3, 4)),
        ("04-03-2024", dt.date(2024, 3, 4)),
        ("04.03.2024", dt.date(2024, 3, 4)),
        ("04/03/24", dt.date(2024, 3, 4)),
        ("4 March 2024", dt.date(2024, 3, 4)),
        ("04-Mar-2024", dt.date(2024, 3, 4)),
        ("4 Sept 2023", dt.date(2023, 9, 4)),
        ("2024-03-04 10:15:00.000", dt.date(2024, 3, 4)),
        ("04/03/2024 10:15", dt.date(2024, 3, 4)),
        # A two-digit year is the most recent such year not after the as-at year (2024).
        ("01/01/25", dt.date(1925, 1, 1)),
        ("31/12/24", dt.date(2024, 12, 31)),
        ("31/02/2024", None),
        ("4 Marchember 2024", None),
        ("13/13/2024", None),
    ],
)
def test_every_date_form_of_council_exports_is_read_day_first(text, expected):
    got = pl.DataFrame({"t": [text]}).select(text_date(pl.col("t"), AS_AT)).item()
    assert got == expected


def test_mixed_date_forms_and_blank_spellings_load_from_annex_a(tmp_path):
    sheets = book.sheets()
    contacts = sheets["Sheet7"]
    contacts[1][book.LIST1.index("Date of Contact")] = "5 January 2024"
    contacts[2][book.LIST1.index("Date of Contact")] = "01-Feb-24"
    contacts[1][book.LIST1.index("Contact Source")] = "NULL"
    contacts[2][book.LIST1.index("Contact Source")] = "n/a"
    report = import_annex_a(workbook(tmp_path / "a.xlsx", sheets), AS_AT)
    assert report.ok, report.to_dict()["errors"]
    got = {c.person_id: (c.contact_date, c.contact_source_code or None) for c in m.Contact.objects.all()}
    assert got == {"A": (dt.date(2024, 1, 5), None), "F": (dt.date(2024, 2, 1), None)}


def test_a_column_oversight_does_not_load_never_refuses_whatever_it_holds(tmp_path):
    sheets = book.sheets()
    sheets["Sheet7"][1][book.LIST1.index("Age of Child (Years)")] = "eight and a half"
    sheets["Refs"][2][book.LIST3.index("Number of Referrals in Last 12 Months")] = "#DIV/0!"
    sheets["Refs"][3][book.LIST3.index("Number of Referrals in Last 12 Months")] = "=1/0"
    report = import_annex_a(workbook(tmp_path / "a.xlsx", sheets), AS_AT)
    assert report.ok, report.to_dict()["errors"]
    assert not [w for w in report.to_dict()["warnings"] if w["column"].startswith(("Age", "Number of Referrals"))]


def test_blank_spellings_in_an_ssd_extract_are_blank(tmp_path):
    folder = small_extract(tmp_path / "x")
    write_csv(
        folder,
        "ssd_cp_plans",
        ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"],
        [["P1", "B", "01-Jul-2023", "NULL"]],
    )
    report = import_ssd(list(folder.iterdir()), AS_AT)
    assert report.ok, report.to_dict()["errors"]
    plan = m.CPPlan.objects.get(cp_plan_id="P1")
    assert plan.cp_plan_start_date == dt.date(2023, 7, 1) and plan.cp_plan_end_date is None


def _bad_code_book(tmp_path):
    sheets = book.sheets()
    sheets["Sheet7"][1][book.LIST1.index("Contact Source")] = "z) 99: Aliens"
    sheets["CIN"][1][book.LIST6.index("Primary Need Code")] = "PSRMEM - Support with memory and cognition"
    return workbook(tmp_path / "bad.xlsx", sheets)


def test_invalid_cells_refuse_by_default_and_say_they_can_be_left_blank(tmp_path):
    before = snapshot()
    report = import_annex_a(_bad_code_book(tmp_path), AS_AT)
    data = report.to_dict()
    assert not report.ok and report.only_cell_errors
    assert data["error_total"] == 2 and data["cell_errors"] == 2 and data["blanked"] == 0
    assert same(before, snapshot())


def test_blank_invalid_loads_with_each_invalid_cell_blank_listed_and_kept_on_the_record(tmp_path):
    report = import_annex_a(_bad_code_book(tmp_path), AS_AT, blank_invalid=True)
    data = report.to_dict()
    assert report.ok, data["errors"]
    assert data["blanked"] == 2
    warned = find(data["warnings"], sheet="Sheet7", row=2, column="Contact Source")
    assert warned and warned[0]["value"] == "z) 99: Aliens" and "Left blank" in warned[0]["message"]
    assert not m.Contact.objects.get(person_id="A").contact_source_code
    assert m.CINEpisode.objects.get(person_id="B").cin_primary_need_code in ("", None)
    record = ImportRecord.objects.get(pk=report.record_id)
    assert sorted((b["sheet"], b["row"], b["column"], b["value"]) for b in record.blanked) == [
        ("CIN", 2, "Primary Need Code", "PSRMEM - Support with memory and cognition"),
        ("Sheet7", 2, "Contact Source", "z) 99: Aliens"),
    ]
    assert all("cell" not in b for b in record.blanked)


def test_a_key_date_left_blank_leaves_its_row_out_and_says_so(tmp_path):
    sheets = book.sheets()
    sheets["Sheet7"][1][book.LIST1.index("Date of Contact")] = dt.date(2001, 1, 1)  # long before A's birth
    report = import_annex_a(workbook(tmp_path / "a.xlsx", sheets), AS_AT, blank_invalid=True)
    assert report.ok, report.to_dict()["errors"]
    hit = find(report.to_dict()["warnings"], sheet="Sheet7", row=2, column="Date of Contact")
    assert hit and "left out" in hit[0]["message"]
    assert list(m.Contact.objects.values_list("person_id", flat=True)) == ["F"]


def test_structural_problems_refuse_even_with_blank_invalid(tmp_path):
    before = snapshot()
    sheets = book.sheets()
    sheets["Sheet7"][1][book.LIST1.index("Contact Source")] = "z) 99: Aliens"
    sheets["Sheet7"].append(list(sheets["Sheet7"][2]))  # a repeated row: structural
    report = import_annex_a(workbook(tmp_path / "a.xlsx", sheets), AS_AT, blank_invalid=True)
    assert not report.ok and not report.only_cell_errors
    assert [e["message"] for e in report.to_dict()["errors"] if "Repeats" in e["message"]]
    assert same(before, snapshot())


def test_blank_invalid_on_an_ssd_extract(tmp_path):
    folder = small_extract(tmp_path / "x")
    write_csv(
        folder,
        "ssd_cp_plans",
        ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"],
        [["P1", "B", "2023-07-01", "2023-02-30"]],
    )
    refused = import_ssd(list(folder.iterdir()), AS_AT)
    assert not refused.ok and refused.only_cell_errors
    report = import_ssd(list(folder.iterdir()), AS_AT, blank_invalid=True)
    assert report.ok and len(report.blanked) == 1
    assert m.CPPlan.objects.get(cp_plan_id="P1").cp_plan_end_date is None
    # A child who is not in ssd_person is structural: never blanked.
    write_csv(
        folder,
        "ssd_cp_plans",
        ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"],
        [["P1", "NOBODY", "2023-07-01"]],
    )
    assert not import_ssd(list(folder.iterdir()), AS_AT, blank_invalid=True).ok


def test_the_cli_says_how_many_cells_it_blanked(tmp_path, capsys):
    path = _bad_code_book(tmp_path)
    assert main(["import", "annex-a", str(path), "--as-at", "2024-03-31", "--format", "json"]) == 2
    assert json.loads(capsys.readouterr().out)["cell_errors"] == 2
    args = ["import", "annex-a", str(path), "--as-at", "2024-03-31", "--blank-invalid", "--format", "json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["blanked"] == 2


def test_the_upload_page_offers_to_load_with_the_invalid_cells_blank_as_a_second_step(client_for, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight.accounts import roles

    client = client_for(roles.PERFORMANCE_OFFICER)
    path = _bad_code_book(tmp_path)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    page = client.post("/imports/", {"kind": "annex_a", "as_at": "2024-03-31", "files": [upload]})
    html = page.content.decode()
    assert page.status_code == 400 and "Load anyway, leaving these 2 cells blank" in html
    assert "z) 99: Aliens" in html  # the list is shown first
    assert not m.Person.objects.exists() and not ImportRecord.objects.exists()
    done = client.post("/imports/confirm/", {"blank_invalid": "1", "digest": ""})
    assert done.status_code == 200 and "2 invalid cells left blank" in done.content.decode()
    assert len(ImportRecord.objects.get().blanked) == 2
