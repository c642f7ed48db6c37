"""Formula-like text: made inert wherever Oversight writes CSV for people, and `export ssd` still reads back."""

import csv
import datetime as dt
import io

import pytest

from oversight.cli import main
from oversight.cli.output import print_csv
from oversight.imports.export import export_ssd
from oversight.imports.services import import_ssd
from oversight.people import models as m
from tests.imports.helpers import small_extract, write_csv

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)
NAMES = ["+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(1+1)", "'-already quoted", "Plain Name"]


@pytest.fixture
def loaded(tmp_path):
    folder = small_extract(tmp_path / "x")
    write_csv(
        folder,
        "ssd_professionals",
        ["prof_professional_id", "prof_professional_name", "prof_grade", "prof_start_date", "prof_team_id"],
        [
            ["W1", NAMES[0], "social_worker", "2020-01-01", "T1"],
            ["W2", NAMES[1], "nqsw", "2023-01-01", "T1"],
            ["W3", NAMES[2], "social_worker", "2020-01-01", "T1"],
            ["W4", NAMES[3], "social_worker", "2020-01-01", "T1"],
            ["W5", NAMES[4], "social_worker", "2020-01-01", "T1"],
        ],
    )
    report = import_ssd(sorted(folder.iterdir()), AS_AT)
    assert report.ok, report.to_dict()["errors"]
    return folder


# A quote in front is a spreadsheet's text marker: the import reads "'-already quoted" as "-already quoted".
LOADED = NAMES[:3] + ["-already quoted", NAMES[4]]


def names() -> list[str]:
    return list(m.Professional.objects.order_by("professional_id").values_list("professional_name", flat=True))


def test_export_ssd_quotes_formula_like_text_and_reads_back_the_same(loaded, tmp_path):
    assert names() == LOADED
    out = tmp_path / "out"
    export_ssd(out)
    rows = list(csv.DictReader(open(out / "ssd_professionals.csv", encoding="utf-8")))
    written = [r["prof_professional_name"] for r in rows]
    assert written == ["'" + name if name != "Plain Name" else name for name in LOADED]
    assert import_ssd(sorted(out.iterdir()), AS_AT).ok
    assert names() == LOADED


def test_csv_for_people_neutralises_text_but_not_numbers():
    stream = io.StringIO()
    print_csv([{"name": "=1+1", "n": -3, "t": "\tx", "ok": "Good"}], stream=stream)
    assert stream.getvalue().splitlines()[1] == "'=1+1,-3,'\tx,Good"


def test_caseloads_csv_writes_worker_names_inert(loaded, capsys):
    assert main(["caseloads", "--as-at", "2024-03-31", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'+cmd|' /C calc'!A0" in out or "'-2+3+cmd" in out
    assert "\n+cmd" not in out and ",+cmd" not in out and ",-2+3" not in out and ",@SUM" not in out
