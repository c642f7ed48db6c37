"""Where the case data came from (imports.queries.case_data_source), after each kind of write and a rollback,
and the figures that need history saying "not measurable" after an Annex A workbook."""

import datetime as dt
import json

import pytest

from oversight.cli import main
from oversight.imports.queries import case_data_source
from oversight.imports.services import import_annex_a, import_ssd, rollback
from oversight.synthetic.build import build
from oversight.synthetic.writer import replace_case_data
from tests.imports import annex_a_book as book
from tests.imports.helpers import small_extract, workbook

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2024, 3, 31)


def ssd(tmp_path):
    assert import_ssd(sorted(small_extract(tmp_path / "ssd").iterdir()), AS_AT, allow_shrink=True).ok


def annex_a(tmp_path):
    report = import_annex_a(workbook(tmp_path / "annex-a.xlsx", book.sheets()), AS_AT, allow_shrink=True)
    assert report.ok, report.to_dict()["errors"]


def test_nothing_loaded_is_unknown():
    assert case_data_source().kind == ""


def test_the_synthetic_council_then_an_import_then_back(tmp_path, capsys):
    replace_case_data(build("small", seed=3, as_at=AS_AT))
    assert case_data_source().kind == "synthetic"
    assert main(["timeliness", "--as-at", "2024-03-31", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["data_source"] == {"kind": "synthetic", "label": "Synthetic council"}
    annex_a(tmp_path)
    assert case_data_source().kind == "annex_a" and case_data_source().since is not None
    rollback()
    assert case_data_source().kind == "synthetic"


def test_rolling_back_gives_the_earlier_imports_source(tmp_path):
    annex_a(tmp_path)
    ssd(tmp_path)
    assert case_data_source().kind == "ssd"
    rollback()
    assert case_data_source().kind == "annex_a"


def test_without_kept_snapshots_the_latest_import_still_says(tmp_path, monkeypatch):
    from oversight.imports import history

    monkeypatch.setattr(history, "keep", lambda: 0)
    ssd(tmp_path)
    assert case_data_source().kind == "ssd"


def test_the_caseload_trend_is_not_measurable_from_an_annex_a_workbook(tmp_path, capsys, client_for):
    from oversight.accounts import roles

    args = ["caseloads", "--from", "2023-10-01", "--to", "2024-03-31", "--format", "json"]
    annex_a(tmp_path)
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["measurable"] is False and "Annex A" in out["reason"] and "allocation" in out["reason"]
    assert "months" not in out
    page = client_for(roles.SENIOR_MANAGER).get("/caseloads/trend/?from=2023-10-01&to=2024-03-31")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="not-measurable"' in html and 'data-testid="trend"' not in html
    # The same council from an SSD extract, with its allocation history: the trend is there.
    ssd(tmp_path)
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["measurable"] is True and len(out["months"]) == 6
