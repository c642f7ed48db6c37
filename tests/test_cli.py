import json

import pytest

from oversight.cli import main


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("init", "workdays", "summary"):
        assert command in out


@pytest.mark.parametrize(
    "start,n,due",
    [("2022-09-12", "15", "2022-10-04"), ("2023-04-03", "45", "2023-06-12"), ("2021-12-20", "20", "2022-01-20")],
)
def test_workdays_add(capsys, start, n, due):
    assert main(["workdays", "add", start, n]) == 0
    assert capsys.readouterr().out.strip() == due


def test_workdays_between(capsys):
    assert main(["workdays", "between", "2022-09-12", "2022-10-04"]) == 0
    assert capsys.readouterr().out.strip() == "15"


def test_workdays_rejects_a_bad_date(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["workdays", "add", "2022-02-30", "3"])
    assert exit_info.value.code == 2
    assert "2022-02-30" in capsys.readouterr().err


@pytest.mark.django_db
def test_summary_json_has_the_documented_keys(capsys):
    assert main(["summary", "--as-at", "2024-03-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_at"] == "2024-03-31"
    assert {k: v for k, v in data.items() if k != "as_at"} == {
        "open_referrals": 0,
        "children_in_need": 0,
        "child_protection_plans": 0,
        "children_in_care": 0,
        "care_leavers": 0,
        "unallocated_children": 0,
    }


def test_workdays_refuses_bad_closure_days(capsys, tmp_path, monkeypatch):
    config = tmp_path / "council.toml"
    config.write_text('[calendar]\nclosure_days = ["2025-12-32"]\n')
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(config))
    for args in (["workdays", "add", "2025-12-24", "1"], ["workdays", "between", "2025-12-24", "2026-01-05"]):
        assert main(args) == 2
        assert "closure_days" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args", [["workdays", "add", "1985-01-01", "3"], ["workdays", "between", "2070-01-01", "2070-02-01"]]
)
def test_workdays_refuses_a_date_outside_the_calendar(capsys, args):
    assert main(args) == 2
    assert "outside the working-day calendar" in capsys.readouterr().err
