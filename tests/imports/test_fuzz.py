"""Every importer against generated mutations of good files (Hypothesis): never a traceback, never a partial load.

For each mutated file the import either succeeds, or refuses with at least one
error and leaves the database exactly as it was. Example counts are modest so
the suite stays quick; raise them locally (HYPOTHESIS_PROFILE=long) to dig deeper.
"""

import datetime as dt
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight.audits.importer import import_audits
from oversight.audits.models import Audit
from oversight.imports.services import import_annex_a, import_ssd
from tests.imports import annex_a_book as book
from tests.imports.helpers import same, small_extract, snapshot, workbook

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
FUZZ = settings(
    max_examples=300 if LONG else 8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=not LONG,
)

NASTY = st.sampled_from(
    [
        b"\x00",
        b"\xff\xfe",
        b'"',
        b"\r",
        b"\n",
        b",",
        b"\n" * 50,
        b",,,,",
        b"=1+1",
        b"@SUM(1)",
        b"0000-01-01",
        b"9" * 400,
        b"1e309",
        b"-1",
        b"31/02/2024",
        b"\xc3",
        b"\xef\xbb\xbf",
        b"PK\x03\x04",
        b"NaN",
        b"inf",
        b"\t",
    ]
)


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """DATA with a few bytes or tokens inserted, replaced or deleted at drawn places."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "replace", "delete", "truncate"]))
        token = draw(st.one_of(NASTY, st.binary(min_size=1, max_size=8)))
        if action == "insert":
            data[at:at] = token
        elif action == "replace":
            data[at : at + len(token)] = token
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        else:
            del data[at:]
    return bytes(data)


def _check(report_ok: bool, errors: int, before, after) -> None:
    if not report_ok:
        assert errors > 0
        assert same(before, after), "a refused import changed the database"


@pytest.fixture(scope="module")
def good_extract(tmp_path_factory):
    folder = small_extract(tmp_path_factory.mktemp("fuzz") / "x")
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize("table", ["ssd_person.csv", "ssd_cin_episodes.csv", "ssd_professionals.csv"])
def test_ssd_import_survives_mutated_files(good_extract, tmp_path, table):
    @FUZZ
    @given(data=mutated(good_extract[table]))
    def run(data):
        folder = tmp_path / "case"
        folder.mkdir(exist_ok=True)
        for name, content in good_extract.items():
            (folder / name).write_bytes(data if name == table else content)
        before = snapshot()
        report = import_ssd(sorted(folder.iterdir()), AS_AT, allow_shrink=True)
        _check(report.ok, len(report.errors), before, snapshot())
        report.to_dict()  # the report itself must serialise

    run()


CELL_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["=SUM(A1)", "#N/A", "0000-01-01", "31/02/2024", "9" * 400, "", " ", "\x00", "+cmd", "@x"]),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.none(),
)


def test_annex_a_import_survives_mutated_cells(tmp_path):
    base = book.sheets()
    sheets = [name for name, rows in base.items() if len(rows) > 1]

    @FUZZ
    @given(
        changes=st.lists(
            st.tuples(st.sampled_from(sheets), st.integers(0, 6), st.integers(0, 20), CELL_VALUES),
            min_size=1,
            max_size=5,
        )
    )
    def run(changes):
        sheets_now = {name: [list(r) for r in rows] for name, rows in base.items()}
        for name, r, c, value in changes:
            rows = sheets_now[name]
            row = rows[min(r, len(rows) - 1)]
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch.isprintable())  # openpyxl refuses control characters
            row[min(c, len(row) - 1)] = value
        path = workbook(tmp_path / "fuzz.xlsx", sheets_now)
        before = snapshot()
        report = import_annex_a(path, AS_AT, allow_shrink=True)
        _check(report.ok, len(report.errors), before, snapshot())
        report.to_dict()

    run()


def test_annex_a_import_survives_mutated_bytes(tmp_path):
    good = workbook(tmp_path / "good.xlsx", book.sheets()).read_bytes()

    @FUZZ
    @given(data=mutated(good))
    def run(data):
        path = tmp_path / "fuzz.xlsx"
        path.write_bytes(data)
        before = snapshot()
        report = import_annex_a(path, AS_AT, allow_shrink=True)
        _check(report.ok, len(report.errors), before, snapshot())

    run()


AUDITS = (
    b"audit_id,child_id,tool,auditor,completed_date,grade,moderator,moderated_date,moderated_grade\n"
    b"Q1,A1,practice,alice,2024-01-10,Good,mod1,2024-01-15,Good\n"
    b"Q2,A2,children_in_care,bob,15/01/2024,RI,,,\n"
)


def _audits_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for line in AUDITS.decode().splitlines():
        wb.active.append(line.split(","))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name,good", [("past.csv", AUDITS), ("past.xlsx", _audits_xlsx())], ids=["csv", "xlsx"])
def test_audits_import_survives_mutated_files(name, good):
    @FUZZ
    @given(data=mutated(good))
    def run(data):
        before = list(Audit.objects.order_by("id").values())
        result = import_audits(data, name, today=AS_AT)
        if not result["ok"]:
            assert result["errors"] and list(Audit.objects.order_by("id").values()) == before

    run()
