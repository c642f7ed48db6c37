"""The import commands: JSON report shape, exit status, messages, progress."""

import json

import pytest

from oversight.cli import main
from oversight.imports import cli as import_cli
from oversight.people import models as m
from tests.imports import annex_a_book as book
from tests.imports.helpers import small_extract, workbook, write_csv

pytestmark = pytest.mark.django_db


def test_a_good_extract_prints_the_report_as_json(tmp_path, capsys):
    folder = small_extract(tmp_path / "x")
    assert main(["import", "ssd", str(folder), "--as-at", "2024-03-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["errors"] == [] and data["warnings"] == []
    assert data["counts"]["ssd_person"] == 5 and data["counts"]["ssd_cin_plans"] == 0
    assert m.Person.objects.count() == 5


def test_a_broken_extract_exits_non_zero_with_every_error_named(tmp_path, capsys):
    folder = small_extract(tmp_path / "x")
    write_csv(
        folder,
        "ssd_cp_plans",
        ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date"],
        [["P1", "B", "2024-13-01"]],
    )
    assert main(["import", "ssd", str(folder), "--as-at", "2024-03-31", "--format", "json"]) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["ok"] is False
    assert data["errors"] == [
        {
            "file": "ssd_cp_plans.csv",
            "sheet": "ssd_cp_plans",
            "row": 2,
            "column": "cppl_cp_plan_start_date",
            "value": "2024-13-01",
            "message": data["errors"][0]["message"],
        }
    ]
    assert "expected a date such as 2024-03-31" in data["errors"][0]["message"]
    assert "nothing was loaded" in captured.err and "Traceback" not in captured.err
    assert m.Person.objects.count() == 0


def test_the_table_report_says_nothing_was_loaded(tmp_path, capsys):
    folder = small_extract(tmp_path / "x")
    write_csv(folder, "ssd_person", ["pers_person_id"], [["A"], ["A"]])
    assert main(["import", "ssd", str(folder), "--as-at", "2024-03-31"]) == 2
    out = capsys.readouterr().out
    assert "Refused: " in out and "ssd_person.csv" in out and "already used on row 2" in out


def test_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["import", "ssd", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_annex_a_needs_the_as_at_date(tmp_path, capsys):
    path = workbook(tmp_path / "a.xlsx", book.sheets())
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "annex-a", str(path)])
    assert exit_info.value.code == 2
    assert main(["import", "annex-a", str(path), "--as-at", "2024-03-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["lists"]["List 8"] == 2 and data["counts"]["ssd_cla_episodes"] == 2


def test_progress_stays_quiet_for_a_quick_import_and_shows_for_a_slow_one(monkeypatch):
    shown = []

    class Recorder:
        def __init__(self, label, total=None):
            shown.append(label)
            self.done = 0

        def step(self, n=1, note=""):
            self.done += n

        def finish(self, note="done"):
            shown.append("finished")

    monkeypatch.setattr(import_cli, "Progress", Recorder)
    clock = iter([100.0, 100.5, 103.0, 104.0])
    monkeypatch.setattr(import_cli.time, "monotonic", lambda: next(clock))
    progress = import_cli._Progress("import ssd")  # started at 100.0
    progress("reading", 1, 30)  # 0.5 s in: quiet
    assert shown == []
    progress("reading", 2, 30)  # 3 s in: shown
    progress("writing", 10, 100)
    progress.finish()
    assert shown == ["import ssd: reading", "finished", "import ssd: writing", "finished"]
