import csv
import io

import openpyxl
import pytest

from oversight.documents.cells import neutralise
from oversight.documents.csvfile import csv_bytes
from oversight.documents.pdf import pdf_from_html
from oversight.documents.xlsx import workbook

HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(1+1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_made_inert(text):
    assert neutralise(text) == "'" + text


def test_plain_text_and_numbers_are_untouched():
    assert neutralise("Team A") == "Team A"
    assert neutralise(-2) == -2
    assert neutralise(None) is None


def test_csv_neutralises_cells_and_keeps_header():
    data = csv_bytes(["child", "note"], [["C1", "=HYPERLINK(1)"], ["C2", None]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["child", "note"], ["C1", "'=HYPERLINK(1)"], ["C2", ""]]


def test_xlsx_has_values_dimensions_and_no_formulas():
    data = workbook([("Caseloads: team/worker", ["worker", "cases"], [["W1", 21], ["@evil", -3]])])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet.title == "Caseloads  team worker"
    assert sheet.calculate_dimension() == "A1:B3"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["worker", "cases"], ["W1", 21], ["'@evil", -3]]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_pdf_renders_and_refuses_remote_resources():
    pdf = pdf_from_html('<h1>Clinic pack</h1><img src="http://example.invalid/x.png">')
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 500
