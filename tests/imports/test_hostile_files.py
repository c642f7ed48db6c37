"""Hostile and careless files found by trying (issue 16): each gets a message naming what is wrong, never a traceback.

All files are built here and kept small; the large versions are in the benchmarks.
"""

import datetime as dt
import io
import subprocess
import sys
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oversight.accounts import roles
from oversight.imports.services import import_annex_a, import_ssd
from oversight.people import models as m
from tests.imports import annex_a_book as book
from tests.imports.helpers import find, same, small_extract, snapshot, workbook, write_csv

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)


@pytest.fixture
def extract(tmp_path):
    return small_extract(tmp_path / "x")


def refused(folder):
    report = import_ssd(sorted(folder.iterdir()), AS_AT)
    assert not report.ok
    return report.to_dict()["errors"]


PEOPLE = ["pers_person_id", "pers_sex", "pers_dob"]
ROWS = [
    ["A", "F", "2015-06-01"],
    ["B", "M", "2016-02-01"],
    ["C", "M", "2012-01-01"],
    ["D", "F", "2010-05-05"],
    ["E", "F", "2005-03-03"],
]


@pytest.mark.parametrize("value", ["0000-01-01", "0001-01-01", "1899-12-31", "31/12/1066"])
def test_a_date_before_1900_is_a_cell_error_naming_file_row_and_column(extract, value):
    write_csv(extract, "ssd_person", PEOPLE, [*ROWS[:2], ["C", "M", value], *ROWS[3:]])
    [error] = refused(extract)
    assert (error["file"], error["row"], error["column"], error["value"]) == ("ssd_person.csv", 4, "pers_dob", value)
    assert error["message"].startswith("Before 1900")


def test_1900_itself_is_a_date(extract):
    write_csv(extract, "ssd_person", PEOPLE, [["A", "F", "1900-01-01"], *ROWS[1:]])
    report = import_ssd(sorted(extract.iterdir()), AS_AT)
    assert not find(report.to_dict()["errors"], column="pers_dob")


def test_an_fte_that_overflows_to_infinity_is_refused(extract):
    nines = "9" * 400
    write_csv(extract, "ssd_professionals", ["prof_professional_id", "prof_full_time_equivalency"], [["W1", nines]])
    errors = find(refused(extract), column="prof_full_time_equivalency")
    assert errors and errors[0]["row"] == 2 and errors[0]["message"].startswith("Too large")


def test_old_mac_line_endings_are_read(extract):
    (extract / "ssd_person.csv").write_bytes(
        b"pers_person_id,pers_sex,pers_dob\rA,F,2015-06-01\rB,M,2016-02-01\rC,M,2012-01-01\rD,F,2010-05-05\rE,F,2005-03-03\r"
    )
    report = import_ssd(sorted(extract.iterdir()), AS_AT)
    assert report.ok and m.Person.objects.count() == 5


def test_old_mac_line_endings_not_utf8_name_the_row_and_column(extract):
    (extract / "ssd_person.csv").write_bytes(
        b"pers_person_id,pers_dob\rA,2015-06-01\rB,2016-02-01\rZo\xeb,2016-02-01\r"
    )
    [error] = refused(extract)
    assert (error["row"], error["column"], error["value"]) == (4, "pers_person_id", "0xEB")
    assert "not UTF-8" in error["message"]


@pytest.mark.parametrize(
    "content,words",
    [
        (b"pers_person_id,pers_dob\n" + b"\n" * 1_200_000, "almost every line is blank"),
        (b"pers_person_id,pers_dob\r\n" + b"\r\n" * 1_200_000, "almost every line is blank"),
        (b"," * 200_000, "The header has 200,001 columns"),
        (b"pers_person_id,pers_dob\n" + b",\n" * 1_200_000, "almost every line is blank"),
    ],
    ids=["newlines", "crlf", "commas", "comma rows"],
)
def test_floods_are_refused_from_a_count(extract, content, words):
    (extract / "ssd_person.csv").write_bytes(content)
    errors = refused(extract)
    assert any(words in e["message"] and e["file"] == "ssd_person.csv" for e in errors), errors


FLOOD = """
import resource, sys, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.settings")
import django
django.setup()
from oversight.imports import csvfile
from oversight.imports.report import Problems
data = (b"pers_person_id,pers_dob\\n" + b"A,2015-01-01\\n" * 20_000 + {flood})
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
problems = Problems()
csvfile.read(data, "ssd_person.csv", "ssd_person", problems)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024, len(data) // (1024 * 1024))
"""


@pytest.mark.parametrize("flood", ['b"\\n" * (40 << 20)', 'b"," * (40 << 20)', 'b"," * 1000 + b"\\n" * (40 << 20)'])
def test_reading_a_40_mb_flood_stays_within_a_few_times_its_size(flood):
    """The memory bound of docs/imports.md: the extra peak for a 40 MB flood stays under 8 times its size."""
    out = subprocess.run([sys.executable, "-c", FLOOD.format(flood=flood)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    grown, size = map(int, out.stdout.split())
    assert size >= 40 and grown < 8 * size, (grown, size)


def test_a_zip_with_a_corrupt_deflate_stream_is_a_message_not_a_500(client_for, extract):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(extract.iterdir()):
            z.writestr(p.name, p.read_bytes() * 50)
    raw = bytearray(buf.getvalue())
    at = raw.find(b"ssd_person.csv") + len(b"ssd_person.csv")
    raw[at + 10 : at + 40] = b"\xff" * 30  # inside the first file's compressed data
    before = snapshot()
    page = client_for(roles.PERFORMANCE_OFFICER).post(
        "/imports/", {"kind": "ssd", "as_at": "2024-03-31", "files": [SimpleUploadedFile("x.zip", bytes(raw))]}
    )
    assert page.status_code == 400 and "is damaged" in page.content.decode()
    assert same(before, snapshot())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_an_entity_declaration_is_refused_whatever_the_parts_encoding(tmp_path, encoding):
    good = workbook(tmp_path / "good.xlsx", book.sheets()).read_bytes()
    src = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/styles.xml":
                body = content.decode("utf-8").split("?>", 1)[-1]
                declaration = f'<?xml version="1.0" encoding="{encoding.upper()}"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                content = (declaration + body).encode(encoding)
            dst.writestr(info.filename, content)
    path = tmp_path / "utf16.xlsx"
    path.write_bytes(out.getvalue())
    report = import_annex_a(path, AS_AT)
    assert not report.ok and "entities" in report.to_dict()["errors"][0]["message"]


def test_an_annex_a_date_before_1900_is_a_cell_error(tmp_path):
    sheets = book.sheets()
    sheet = sheets["Sheet7"]
    sheet[1][sheet[0].index("Date of Contact")] = "05/01/1850"
    report = import_annex_a(workbook(tmp_path / "old.xlsx", sheets), AS_AT)
    errors = [e for e in report.to_dict()["errors"] if e["message"].startswith("Before 1900")]
    assert (
        errors and errors[0]["sheet"] == "Sheet7" and errors[0]["row"] == 2 and errors[0]["column"] == "Date of Contact"
    )
