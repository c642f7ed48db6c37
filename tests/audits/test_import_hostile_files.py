"""Hostile and careless past-audits files: a message naming file, row and column, never a traceback; nothing written."""

import io
import zipfile

import openpyxl
import pytest

from oversight.audits.importer import MAX_ROWS, import_audits
from oversight.audits.models import Audit

pytestmark = pytest.mark.django_db

HEADER = "audit_id,child_id,tool,auditor,completed_date,grade,moderator,moderated_date,moderated_grade"
GOOD = "Q1,A1,practice,alice,2024-01-10,Good,mod1,2024-01-15,Good"


def errors(data: bytes, name="audits.csv"):
    result = import_audits(data, name)
    assert not result["ok"] and Audit.objects.count() == 0
    return result["errors"]


@pytest.mark.parametrize(
    "data,words",
    [
        (f"{HEADER}\r{GOOD}\rQ2,A2,practice,Zo\xeb,2024-01-11,Good,,,\r".encode("latin-1"), "not UTF-8"),
        (f'{HEADER}\n{GOOD}\nQ2,"A2,practice'.encode(), "not valid CSV"),
        (HEADER.encode("utf-16"), "UTF-16"),
        (b"%PDF-1.4\n" + bytes(range(256)), "a PDF"),
        (bytes(range(1, 256)) * 20, "not UTF-8"),
        (f'{HEADER}\n{GOOD}\nQ2,"{"x" * 200_000}",practice,a,2024-01-11,Good,,,\n'.encode(), "not valid CSV"),
    ],
    ids=["cr-only latin-1", "unclosed quote", "utf-16", "pdf", "binary", "huge field"],
)
def test_a_file_that_is_not_a_csv_gets_a_message(data, words):
    [error] = errors(data)
    assert words in error["message"] and error["file"] == "audits.csv"


def test_cr_only_line_endings_name_the_row_and_column_of_a_bad_byte():
    [error] = errors(f"{HEADER}\r{GOOD}\rQ2,A2,practice,Zo\xeb,2024-01-11,Good,,,\r".encode("latin-1"))
    assert (error["row"], error["column"], error["value"]) == (3, "auditor", "0xEB")


def test_cr_only_utf8_is_read():
    result = import_audits(f"{HEADER}\r{GOOD}\r".encode(), "audits.csv")
    assert result["ok"] and Audit.objects.count() == 1


@pytest.mark.parametrize("value", ["0001-01-01", "1900-01-01", "1999-12-31"])
@pytest.mark.parametrize("column", ["completed_date", "moderated_date"])
def test_a_date_before_2000_is_refused_naming_the_cell(value, column):
    row = GOOD.split(",")
    if column == "completed_date":
        row[4] = value
        row[7] = ""
        row[6] = row[8] = ""
    else:
        row[4] = "1999-01-01" if value == "1999-12-31" else "2024-01-10"
        row[7] = value
    found = [e for e in errors(f"{HEADER}\n{','.join(row)}\n".encode()) if e["column"] == column]
    assert found and found[0]["row"] == 2 and "before 2000-01-01" in found[0]["message"]


def test_blank_lines_cost_nothing_and_rows_keep_their_numbers():
    data = f"{HEADER}\n".encode() + b"\n" * 2_000_000 + b"Q2,A2,practice,alice,2024-01-11,Goood,,,\n"
    [error] = errors(data)
    assert (error["row"], error["column"]) == (2_000_002, "grade")


def test_a_header_of_commas_is_refused():
    [error] = errors(b"," * 1_000_000 + b"\n")
    assert "header" in error["message"] or "first row" in error["message"]


def test_more_rows_than_allowed_are_refused():
    data = (
        HEADER + "\n" + "".join(f"Q{i},A1,practice,alice,2024-01-10,Good,,,\n" for i in range(MAX_ROWS + 1))
    ).encode()
    [error] = errors(data)
    assert f"more than {MAX_ROWS} rows" in error["message"] and error["row"] == MAX_ROWS + 2


def _book(rows, dimension=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if not dimension:
        return data
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index('<dimension ref="')
                end = text.index('"', start + 16)
                content = (text[: start + 16] + dimension + text[end:]).encode()
            dst.writestr(info.filename, content)
    return out.getvalue()


def test_a_workbook_claiming_the_whole_grid_is_read_by_its_cells():
    rows = [HEADER.split(",")] + [
        [f"Q{i}", "A1", "practice", "alice", "2024-01-10", "Good", None, None, None] for i in range(300)
    ]
    result = import_audits(_book(rows, "A1:XFD1048576"), "grid.xlsx")
    assert result["ok"], result["errors"][:3]
    assert result["counts"]["rows"] == 300 and Audit.objects.count() == 300


def test_a_workbook_with_a_corrupt_part_gets_a_message():
    data = bytearray(_book([HEADER.split(","), GOOD.split(",")]))
    at = data.find(b"xl/worksheets/sheet1.xml") + 40
    data[at : at + 40] = b"\xff" * 40
    [error] = errors(bytes(data), "broken.xlsx")
    assert "xlsx" in error["message"] or "damaged" in error["message"]


def test_an_entity_declaration_in_a_utf16_part_is_refused():
    data = _book([HEADER.split(","), GOOD.split(",")])
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/styles.xml":
                body = content.decode().split("?>", 1)[-1]
                content = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>' + body).encode(
                    "utf-16"
                )
            dst.writestr(info.filename, content)
    [error] = errors(out.getvalue(), "entity.xlsx")
    assert "entities" in error["message"]
