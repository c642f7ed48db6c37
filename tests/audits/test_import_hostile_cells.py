"""Hostile cells in a past-audits spreadsheet are named by row and column, and nothing is written.

Hand-made files: the header, a good row 2, and the bad value on row 3.
"""

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from oversight.audits.models import Audit

pytestmark = pytest.mark.django_db

HEADER = "audit_id,child_id,tool,auditor,completed_date,grade,moderator,moderated_date,moderated_grade"
GOOD = "Q1,A1,practice,alice,2024-01-10,Good,mod1,2024-01-15,Good"


def _import(tmp_path, run_json, name, content: bytes):
    (tmp_path / name).write_bytes(content)
    return run_json("audits", "import", str(tmp_path / name))


def test_an_array_formula_cell_is_refused_as_a_formula_not_stored_as_text(db, tmp_path, run_json):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Audits"
    sheet.append(HEADER.split(","))
    sheet.append(GOOD.split(","))
    sheet.append(["Q2", "A2", "practice", None, "2024-01-11", "Good", None, None, None])
    sheet["D3"] = ArrayFormula("D3", '=UPPER("bob")')
    book.save(tmp_path / "array.xlsx")
    status, result, _ = run_json("audits", "import", str(tmp_path / "array.xlsx"))
    assert status == 2
    assert result["errors"] == [
        {
            "file": "array.xlsx",
            "sheet": "Audits",
            "row": 3,
            "column": "auditor",
            "value": '=UPPER("bob")',
            "message": "formulas are not accepted; enter the value itself",
        }
    ]
    assert Audit.objects.count() == 0


def test_a_non_utf8_byte_is_named_by_row_column_and_value(db, tmp_path, run_json):
    content = f"{HEADER}\n{GOOD}\nQ2,A2,practice,Zo\xeb,2024-01-11,Good,,,\n".encode("latin-1")
    status, result, _ = _import(tmp_path, run_json, "latin.csv", content)
    assert status == 2
    [error] = result["errors"]
    assert (error["file"], error["sheet"], error["row"], error["column"], error["value"]) == (
        "latin.csv",
        None,
        3,
        "auditor",
        "0xEB",
    )
    assert "not UTF-8" in error["message"]
    assert Audit.objects.count() == 0


def test_a_nul_byte_is_named_by_row_and_column(db, tmp_path, run_json):
    content = f"{HEADER}\n{GOOD}\nQ2,A2,practice,alice,2024-01-11,Go\x00od,,,\n".encode()
    status, result, _ = _import(tmp_path, run_json, "nul.csv", content)
    assert status == 2
    [error] = result["errors"]
    assert (error["file"], error["sheet"], error["row"], error["column"]) == ("nul.csv", None, 3, "grade")
    assert "binary" in error["message"]
    assert Audit.objects.count() == 0
