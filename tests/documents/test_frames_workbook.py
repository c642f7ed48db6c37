"""documents.xlsx.frames_workbook: large frames written fast, still formula-safe, typed and with true dimensions."""

import datetime as dt
import io
import zipfile

import polars as pl
from openpyxl import load_workbook

from oversight.documents.xlsx import frames_workbook


def test_values_types_escaping_and_dimension():
    frame = pl.DataFrame(
        {
            "text": ["=SUM(A1)", "Tom & Jerry <b>", None, "tab\x01bell"],
            "day": [dt.date(2026, 3, 31), None, dt.date(1999, 12, 31), dt.date(2000, 2, 29)],
            "n": [3, None, 0, -4],
        }
    )
    content = frames_workbook([("List 1", ["Text", "Day", "Number"], frame), ("Empty", ["Only"], frame.head(0))])
    book = load_workbook(io.BytesIO(content))
    sheet = book["List 1"]
    assert [c.value for c in sheet[1]] == ["Text", "Day", "Number"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert rows[0][0] == "'=SUM(A1)"  # inert, as documents.cells.neutralise makes it
    assert rows[1][0] == "Tom & Jerry <b>"
    assert rows[2][0] is None and rows[1][1] is None and rows[1][2] is None
    assert rows[3][0] == "tabbell"  # a character XML cannot hold is dropped, not the file
    assert rows[0][1].date() == dt.date(2026, 3, 31) and rows[3][1].date() == dt.date(2000, 2, 29)
    assert sheet.cell(2, 2).number_format == "DD/MM/YYYY"
    assert rows[3][2] == -4
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert '<dimension ref="A1:C5"/>' in xml
    empty = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet2.xml").decode()
    assert '<dimension ref="A1:A1"/>' in empty and 'r="A2"' not in empty
