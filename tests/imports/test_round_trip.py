"""`export ssd` then `import ssd` into an emptied database gives back the same tables and the same figures."""

import datetime as dt

import pytest

from oversight.cli import main
from oversight.imports import codes
from oversight.imports.export import export_ssd
from oversight.imports.services import import_ssd
from oversight.people.queries import headline_counts
from oversight.people.snapshot import replace_case_data
from oversight.people.ssd import tables
from tests import factories as f
from tests.imports.helpers import snapshot

pytestmark = pytest.mark.django_db
AWKWARD = 'Zoë O’Brien, "quoted"\nsecond line'
DAYS = [dt.date(2020, 1, 31), dt.date(2023, 6, 30), dt.date(2024, 1, 31), dt.date(2024, 3, 31)]


def _value(table, column, i):
    """A valid value for COLUMN of row I, awkward where the column is free text."""
    field = table.model._meta.get_field(column.field)
    if column.kind == "id":
        return f"{table.name[4:8].upper()}-{i}"
    if column.kind == "date":
        return dt.date(2023, 5, 5)
    if column.kind == "int":
        return 3
    if column.kind == "float":
        return 0.75
    if column.field == "person_id":
        return "A"
    if column.field.endswith("worker_id") or (table.name == "ssd_involvements" and column.field == "professional_id"):
        return "W1"
    spec = codes.ssd_column_codes(column.name, field.max_length == 2)
    if spec:
        return spec.codes[i % len(spec.codes)]
    return AWKWARD[: field.max_length or None]


@pytest.fixture
def council():
    """small_council (known answers) plus two rows in every other table."""
    f.small_council()
    for table in tables():
        if table.model.objects.exists():
            continue
        for i in (1, 2):
            table.model.objects.create(**{c.field: _value(table, c, i) for c in table.columns})


def test_every_table_and_figure_survives_the_round_trip(council, tmp_path):
    before = snapshot()
    figures = [headline_counts(day) for day in DAYS]
    assert figures[-1]["open_referrals"] == 3 and figures[-1]["unallocated_children"] == 2
    assert all(frame.height for name, frame in before.items() if name != "__imports")
    export_ssd(tmp_path / "one")
    replace_case_data({})
    assert headline_counts(DAYS[-1])["children_in_need"] == 0
    report = import_ssd(sorted((tmp_path / "one").iterdir()), dt.date.today())
    assert report.ok, report.to_dict()["errors"]
    after = snapshot()
    for name in before:
        if name != "__imports":
            assert after[name].equals(before[name]), name
    assert [headline_counts(day) for day in DAYS] == figures


def test_two_exports_of_the_same_data_are_byte_identical(council, tmp_path):
    export_ssd(tmp_path / "one")
    export_ssd(tmp_path / "two")
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(f"{t.name}.csv" for t in tables())
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_the_export_is_ssd_named_utf8_with_iso_dates_in_key_order(council, tmp_path):
    export_ssd(tmp_path)
    lines = (tmp_path / "ssd_cin_episodes.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("cine_referral_id,cine_person_id,cine_referral_date,")
    keys = [line.split(",")[0] for line in lines[1:]]
    assert keys == sorted(keys)
    assert "2024-01-10" in next(line for line in lines if ",A," in line)
    professionals = (tmp_path / "ssd_professionals.csv").read_text().splitlines()[0].split(",")
    for extension in (
        "prof_grade",
        "prof_qualified_date",
        "prof_start_date",
        "prof_end_date",
        "prof_agency_worker_flag",
        "prof_team_id",
    ):
        assert extension in professionals


def test_export_command_prints_counts_as_json(council, tmp_path, capsys):
    assert main(["export", "ssd", str(tmp_path / "out"), "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert (
        data["counts"]["ssd_person"] == 6 and data["counts"]["ssd_involvements"] == 6
    )  # A, B, C twice (CW and IRO), D, F
    assert (tmp_path / "out" / "ssd_person.csv").exists()


def test_export_refuses_a_path_that_is_a_file(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert main(["export", "ssd", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_an_annex_a_import_round_trips_through_the_ssd_export(tmp_path):
    from oversight.imports.services import import_annex_a
    from tests.imports import annex_a_book as book
    from tests.imports.helpers import workbook

    as_at = dt.date(2024, 3, 31)
    assert import_annex_a(workbook(tmp_path / "annex.xlsx", book.sheets()), as_at).ok
    before = snapshot()
    export_ssd(tmp_path / "out")
    replace_case_data({})
    report = import_ssd(sorted((tmp_path / "out").iterdir()), as_at)
    assert report.ok, report.to_dict()["errors"]
    after = snapshot()
    assert all(after[name].equals(before[name]) for name in before if name != "__imports")
    assert headline_counts(as_at) == book.COUNTS
