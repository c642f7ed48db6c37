"""The Annex A written from the case data, read back by `oversight import annex-a`."""

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from oversight.analytics import annex_a
from oversight.analytics.annex_a.common import template
from oversight.cli import main
from oversight.imports import codes
from oversight.imports.annex_a_spec import LISTS
from oversight.people.queries import headline_counts
from oversight.synthetic import writer
from oversight.synthetic.build import build

AS_AT = dt.date(2026, 3, 31)


@pytest.fixture
def council(db):
    c = build("small", seed=3, as_at=AS_AT)
    writer.replace_case_data(c)
    return c


def _export(tmp_path, capsys, as_at=AS_AT):
    out = tmp_path / "annex.xlsx"
    assert main(["annex-a", "export", "--as-at", as_at.isoformat(), "--out", str(out), "--format", "json"]) == 0
    return out, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("as_at", [AS_AT, dt.date(2025, 11, 15)])
def test_read_back_gives_the_same_headline_figures(council, tmp_path, capsys, as_at):
    before = headline_counts(as_at)
    assert before["children_in_care"] > 0 and before["unallocated_children"] > 0
    out, data = _export(tmp_path, capsys, as_at)
    # An Annex A holds far fewer rows than the case data: the shrink guard (#16b) must be told.
    args = ["import", "annex-a", str(out), "--as-at", as_at.isoformat(), "--allow-shrink", "--format", "json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    after = headline_counts(as_at)
    assert after == before
    # Every list came back whole: the reader counted the rows the writer wrote.
    assert report["lists"] == data["lists"]


def test_sheets_headers_and_dimensions_as_the_template(council, tmp_path, capsys):
    out, data = _export(tmp_path, capsys)
    book = load_workbook(out)  # normal mode: reads the recorded dimension
    assert book.sheetnames == [f"List {n}" for n in range(1, 12)]
    for spec in LISTS:
        sheet = book[f"List {spec.number}"]
        header = [c.value for c in sheet[1]]
        assert header == [c.header for c in spec.columns]
        rows = data["lists"][f"List {spec.number}"]
        assert sheet.max_row == rows + 1
        # The sheet records its extent, so tools that trust the dimension see every row and column.
        last = sheet.cell(1, len(header)).column_letter
        assert sheet.calculate_dimension() == f"A1:{last}{rows + 1}"
    with open(out, "rb") as fh:
        import zipfile

        xml = zipfile.ZipFile(fh).read("xl/worksheets/sheet8.xml")[:2000].decode()
    assert '<dimension ref="A1:AH' in xml


def test_every_drop_down_value_is_one_the_reader_maps_back_to_its_code():
    import polars as pl

    for key, values in template().items():
        dd = codes.drop_down(key)
        frame = pl.DataFrame({"v": list(values.values())})
        got = frame.select(dd.convert(pl.col("v"))).to_series().to_list()
        assert got == list(values.keys()), key


def test_lists_keep_to_their_periods(council):
    from oversight.inspection import annex_a_file

    lists = annex_a_file.build_lists(AS_AT)
    start6, _ = annex_a.period(1, AS_AT)
    assert start6 == dt.date(2025, 10, 1)
    assert lists[1].height and lists[1]["contact_date"].min() >= start6
    assert lists[1]["contact_date"].max() <= AS_AT
    assert lists[3]["referral_date"].min() >= start6
    start12, _ = annex_a.period(10, AS_AT)
    assert start12 == dt.date(2025, 4, 1)
    assert lists[8]["cla_end"].drop_nulls().min() >= start6
    assert lists[8].get_column("child_id").is_unique().all()


def test_checks_report_the_child_list_and_column():
    import polars as pl

    from oversight.analytics.annex_a import checks

    lists = {n: pl.DataFrame({c.key: [] for c in annex_a.spec(n).columns}) for n in range(1, 12)}
    lists[7] = pl.DataFrame(
        [
            {c.key: None for c in annex_a.spec(7).columns}
            | {
                "child_id": "C1",
                "gender": "a) Male",
                "ethnicity": "a) WBRI",
                "dob": dt.date(2015, 1, 1),
                "disability": "b) No",
                "cp_start": dt.date(2025, 12, 1),
                "cp_end": dt.date(2025, 11, 1),
                "initial_category": "Neglect",
                "latest_category": "a) Neglect",
                "epo": "b) No",
                "previous_plans": 0,
                "team": "T",
                "worker": "W",
            }
        ]
    )
    lists[6] = pl.DataFrame(
        [
            {c.key: None for c in annex_a.spec(6).columns}
            | {"child_id": "C1", "gender": "b) Female", "ethnicity": "a) WBRI", "dob": dt.date(2015, 1, 1)}
        ]
    )
    found = {(p["list"], p["child"], p["column"], p["problem"]) for p in checks.check(lists, AS_AT)}
    assert ("List 7", "C1", "Child Protection Plan End Date", "before Child Protection Plan Start Date") in found
    assert ("List 7", "C1", "Initial Category of Abuse", "not one of the template's values") in found
    assert ("List 6, List 7", "C1", "Gender", "differs between lists") in found
    assert ("List 6", "C1", "Case Status", "required, but blank") in found
