"""The exported Annex A as other Annex A tools read it: trusting the recorded dimension, or parsing the XML by hand.

The tools themselves (Social Finance's liia-tools and liia-tools-pipeline) are
not installed with Oversight; docs/inspection.md says which versions were run
on the demo council's export and what they said. These tests check, without
them, what those readers rely on.
"""

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from openpyxl import load_workbook

from oversight.cli import main
from oversight.imports.annex_a_spec import LISTS
from oversight.synthetic import writer
from oversight.synthetic.build import build

AS_AT = dt.date(2026, 3, 31)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@pytest.fixture
def exported(db, tmp_path, capsys):
    writer.replace_case_data(build("small", seed=3, as_at=AS_AT))
    out = tmp_path / "annex.xlsx"
    assert main(["annex-a", "export", "--as-at", AS_AT.isoformat(), "--out", str(out), "--format", "json"]) == 0
    return out.read_bytes(), json.loads(capsys.readouterr().out)["lists"]


def _col_number(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n


def _plain_read(content: bytes) -> dict[str, dict]:
    """Each sheet as a hand-written reader sees it: name, dimension, extent of the cells, rows of values."""
    z = zipfile.ZipFile(io.BytesIO(content))
    strings = [
        "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)
    ]
    rels = {
        r.get("Id"): r.get("Target").lstrip("/").removeprefix("xl/")
        for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    }
    sheets = {}
    for s in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        root = ET.fromstring(z.read("xl/" + rels[s.get(REL)]))
        rows, inline, last_row, last_col = [], 0, 0, 0
        for row in root.find("m:sheetData", NS):
            values = {}
            for c in row:
                r = c.get("r")
                last_row, last_col = max(last_row, int(re.sub(r"[A-Z]+", "", r))), max(last_col, _col_number(r))
                inline += c.get("t") == "inlineStr"
                v = c.find("m:v", NS)
                values[_col_number(r)] = (
                    strings[int(v.text)] if c.get("t") == "s" else (v.text if v is not None else None)
                )
            rows.append(values)
        sheets[s.get("name")] = {
            "dimension": root.find("m:dimension", NS).get("ref"),
            "extent": (last_row, last_col),
            "inline": inline,
            "rows": rows,
        }
    return sheets


def test_a_plain_xml_reader_sees_every_list_as_the_template_lays_it_out(exported):
    content, counts = exported
    sheets = _plain_read(content)
    assert list(sheets) == [f"List {spec.number}" for spec in LISTS]
    for spec in LISTS:
        sheet = sheets[f"List {spec.number}"]
        rows = counts[f"List {spec.number}"]
        headers = [c.header for c in spec.columns]
        # Headers from the shared strings, in template order.
        assert [sheet["rows"][0].get(i + 1) for i in range(len(headers))] == headers
        assert len(sheet["rows"]) == rows + 1
        # The recorded dimension is the true extent of the cells (header width, every row).
        last_row, last_col = sheet["extent"]
        assert last_row == rows + 1 and last_col <= len(headers)
        assert sheet["dimension"].startswith("A1:")
        end = sheet["dimension"].split(":")[1]
        assert (int(re.sub(r"[A-Z]+", "", end)), _col_number(end)) == (rows + 1, len(headers))
        # Text as Excel writes it: shared strings, no inline strings.
        assert sheet["inline"] == 0


def test_a_reader_trusting_the_dimension_sees_what_a_full_read_sees(exported):
    content, counts = exported
    full = load_workbook(io.BytesIO(content))  # normal mode reads every cell
    trusting = load_workbook(io.BytesIO(content), read_only=True)  # read-only mode believes <dimension>
    for spec in LISTS:
        name = f"List {spec.number}"
        sheet = trusting[name]
        assert (sheet.max_row, sheet.max_column) == (counts[name] + 1, len(spec.columns))
        bounded = list(sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column, values_only=True))
        assert bounded == list(full[name].iter_rows(values_only=True))
        # Dates are Excel dates shown DD/MM/YYYY, as the template's date columns.
        dates = [i for i, c in enumerate(spec.columns) if c.kind == "D"]
        for row in full[name].iter_rows(min_row=2, max_row=min(6, counts[name] + 1)):
            for i in dates:
                if row[i].value is not None:
                    assert row[i].is_date and row[i].number_format == "DD/MM/YYYY"
