"""Reading a table a whole column at a time (SQLite, PostgreSQL) gives the frame the row-by-row read gives."""

import datetime as dt

import polars as pl
import pytest
from django.db import connection

from oversight.people import frames
from oversight.people import models as m
from oversight.people.ssd import table

pytestmark = pytest.mark.django_db

PROFESSIONAL_COLUMNS = ["prof_professional_id", "prof_professional_name", "prof_professional_caseload", "prof_end_date"]


def _columns(name, wanted):
    return [c for c in table(name).columns if c.name in wanted]


def _workers():
    # Nulls and empty texts side by side, text with the CSV and JSON characters, a name in another script.
    m.Professional.objects.create(professional_id="W1", professional_name="", professional_caseload=None)
    m.Professional.objects.create(
        professional_id="W2",
        professional_name='Jo "JJ" O\'Neil, senior\nsecond line',
        professional_caseload=17,
        end_date=dt.date(2024, 2, 29),
    )
    m.Professional.objects.create(professional_id="W3", professional_name="Zoë Łukasz", professional_caseload=0)


def test_each_value_null_or_empty_as_written():
    _workers()
    read = frames._read_by_column(table("ssd_professionals"), _columns("ssd_professionals", PROFESSIONAL_COLUMNS))
    assert read.schema == {
        "prof_professional_id": pl.String,
        "prof_professional_name": pl.String,
        "prof_professional_caseload": pl.Int64,
        "prof_end_date": pl.Date,
    }
    assert read.sort("prof_professional_id").rows() == [
        ("W1", "", None, None),
        ("W2", 'Jo "JJ" O\'Neil, senior\nsecond line', 17, dt.date(2024, 2, 29)),
        ("W3", "Zoë Łukasz", 0, None),
    ]


def test_the_same_frame_as_row_by_row():
    _workers()
    cols = _columns("ssd_professionals", PROFESSIONAL_COLUMNS)
    by_column = frames._read_by_column(table("ssd_professionals"), cols)
    assert by_column.equals(frames._read_rows(table("ssd_professionals"), cols))


def test_an_empty_table_has_the_columns_and_types():
    read = frames._read_by_column(table("ssd_professionals"), _columns("ssd_professionals", PROFESSIONAL_COLUMNS))
    assert read.height == 0
    assert read.schema["prof_end_date"] == pl.Date


def test_a_value_holding_the_separator_is_read_row_by_row():
    _workers()
    odd = f"before{frames._SEPARATOR}after"
    m.Professional.objects.create(professional_id="W4", professional_name=odd)
    cols = _columns("ssd_professionals", PROFESSIONAL_COLUMNS)
    assert frames._read_by_column(table("ssd_professionals"), cols) is None
    read = frames._read("ssd_professionals", tuple(PROFESSIONAL_COLUMNS))
    assert read.filter(pl.col("prof_professional_id") == "W4").get_column("prof_professional_name").to_list() == [odd]
    assert read.height == 4


def test_a_text_that_is_no_whole_number_is_left_to_the_row_by_row_read():
    # SQLite keeps whatever text is put in an integer column; only the row-by-row read says what it is.
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite stores text in an integer column")
    _workers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_professional SET professional_caseload = 'twelve' WHERE professional_id = 'W3'")
    cols = _columns("ssd_professionals", PROFESSIONAL_COLUMNS)
    assert frames._read_by_column(table("ssd_professionals"), cols) is None


def test_dates_in_another_datestyle_are_read_row_by_row():
    # A PostgreSQL server set to print dates day first: the joined text does not parse, the rows do.
    if connection.vendor != "postgresql":
        pytest.skip("DateStyle is PostgreSQL's")
    _workers()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL DateStyle = 'SQL, DMY'")
    cols = _columns("ssd_professionals", PROFESSIONAL_COLUMNS)
    assert frames._read_by_column(table("ssd_professionals"), cols) is None
    read = frames._read("ssd_professionals", tuple(PROFESSIONAL_COLUMNS))
    assert read.filter(pl.col("prof_professional_id") == "W2").get_column("prof_end_date").to_list() == [
        dt.date(2024, 2, 29)
    ]
