import json

import pytest

from oversight.cli import main

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    code = main(["caseloads", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_on_a_date(capsys, council):
    code, out, _ = run(capsys, "--as-at", "2024-03-31", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["as_at"] == "2024-03-31"
    assert {
        k: data["summary"][k]
        for k in (
            "case_holding_workers",
            "average_caseload",
            "average_caseload_fte",
            "workers_over_target",
            "average_over_target_by",
            "unallocated_children",
        )
    } == {
        "case_holding_workers": 2,
        "average_caseload": 14.5,
        "average_caseload_fte": 19.33,
        "workers_over_target": 1,
        "average_over_target_by": 1.0,
        "unallocated_children": 1,
    }
    w1 = next(w for w in data["workers"] if w["worker_id"] == "W1")
    assert {k: w1[k] for k in ("worker_id", "name", "grade", "team", "fte", "cases", "target", "over_target_by")} == {
        "worker_id": "W1",
        "name": "Worker One",
        "grade": "social_worker",
        "team": "T1",
        "fte": 1.0,
        "cases": 26,
        "target": 25,
        "over_target_by": 1,
    }
    t1 = next(t for t in data["teams"] if t["team"] == "T1")
    assert {k: t1[k] for k in ("team", "workers", "average_caseload", "workers_over_target")} == {
        "team": "T1",
        "workers": 2,
        "average_caseload": 14.5,
        "workers_over_target": 1,
    }
    assert data["iro"]["average_caseload"] == 2.0 and [w["worker_id"] for w in data["iro"]["workers"]] == ["W4"]


def test_trend_json(capsys, council):
    code, out, _ = run(capsys, "--from", "2024-01-01", "--to", "2024-03-31", "--format", "json")
    assert code == 0
    months = json.loads(out)["months"]
    assert [(m["as_at"], m["cases"], m["unallocated_children"]) for m in months] == [
        ("2024-01-31", 26, 0),
        ("2024-02-29", 29, 1),
        ("2024-03-31", 29, 1),
    ]


def test_table_and_csv(capsys, council):
    code, out, _ = run(capsys, "--as-at", "2024-03-31")
    assert code == 0 and "Worker One" in out and "Summary" in out
    code, out, _ = run(capsys, "--as-at", "2024-03-31", "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0].startswith("worker_id,name,grade,team,fte,cases,target,over_target_by")
    assert "W1,Worker One,social_worker,T1,1.00,26,25,1" in lines[1]


def test_census_json(capsys, council):
    code, out, _ = run(capsys, "--census", "2023", "--format", "json")
    data = json.loads(out)
    caseload = next(m for m in data["measures"] if m["measure"] == "caseload_fte")
    assert code == 0 and data["as_at"] == "2023-09-30" and caseload["england"] == 16.0


@pytest.mark.parametrize(
    "args,message",
    [
        (["--from", "2024-01-01"], "--from and --to go together"),
        (["--from", "2024-03-01", "--to", "2024-01-01"], "is after"),
        (["--from", "2024-01-01", "--to", "2024-01-30"], "no month-end"),
        (["--as-at", "2024-01-01", "--census", "2023"], "one of"),
        (["--census", "23"], "--census"),
        (["--as-at", "9999-12-31"], "--as-at must be from 1900-01-01"),
    ],
)
def test_errors_exit_2_without_traceback(capsys, args, message):
    code, _, err = run(capsys, *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_bad_date_is_refused(capsys):
    with pytest.raises(SystemExit) as info:
        main(["caseloads", "--as-at", "2024-02-30"])
    assert info.value.code == 2 and "2024-02-30" in capsys.readouterr().err


def test_bad_configuration_is_a_clear_error(capsys, tmp_path, monkeypatch):
    path = tmp_path / "local.toml"
    path.write_text('[caseloads.targets]\nnqsw = "twenty"\n')
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(path))
    code, _, err = run(capsys, "--as-at", "2024-03-31")
    assert code == 2 and "caseloads.targets.nqsw" in err
