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


def _part(z: zipfile.ZipFile, name: str):
    import xml.etree.ElementTree as ET

    return ET.fromstring(z.read(name))


def test_text_is_in_the_shared_strings_table_as_excel_writes_it():
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    frame = pl.DataFrame({"who": ["Tom & Jerry", "O'Neil", "Tom & Jerry", None], "n": [1, 2, 3, 4]})
    other = pl.DataFrame({"what": ["O'Neil", "<new>"]})
    headers = ["Child's name & <id>", "Number"]
    content = frames_workbook([("A", headers, frame), ("B", ["Child's name & <id>"], other)])
    z = zipfile.ZipFile(io.BytesIO(content))
    types = z.read("[Content_Types].xml").decode()
    assert "/xl/sharedStrings.xml" in types and "sharedStrings+xml" in types
    assert 'Target="sharedStrings.xml"' in z.read("xl/_rels/workbook.xml.rels").decode()
    sst = _part(z, "xl/sharedStrings.xml")
    strings = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in sst.findall("m:si", ns)]
    assert int(sst.get("uniqueCount")) == len(strings) == len(set(strings))
    expected = set(headers) | {v for v in frame["who"].drop_nulls()} | set(other["what"])
    assert set(strings) == expected
    # Every text cell points into the table; none is written inline.
    for name, want in (("xl/worksheets/sheet1.xml", [headers, *frame.rows()]), ("xl/worksheets/sheet2.xml", None)):
        sheet = _part(z, name)
        cells = sheet.findall(".//m:c", ns)
        assert not [c for c in cells if c.get("t") == "inlineStr"]
        if want is None:
            continue
        got = {}
        for c in cells:
            v = c.find("m:v", ns).text
            got[c.get("r")] = strings[int(v)] if c.get("t") == "s" else int(v)
        for r, row in enumerate(want, start=1):
            for col, value in zip("AB", row, strict=True):
                assert got.get(f"{col}{r}") == value, (col, r)
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert [list(r) for r in book["B"].iter_rows(values_only=True)] == [[headers[0]], ["O'Neil"], ["<new>"]]
