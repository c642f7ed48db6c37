"""`oversight timeliness` on the hand-made council (tests/timeliness/conftest.py)."""

import json

import pytest

from oversight.cli import main

pytestmark = pytest.mark.django_db


def run_json(capsys, *args):
    assert main(["timeliness", "--as-at", "2024-04-10", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


NOT_COUNTS = ("rule", "description", "percent_completed_on_time", "measurable", "reason", "part")


def by_rule(report):
    return {r["rule"]: {k: v for k, v in r.items() if k not in NOT_COUNTS} for r in report["rules"]}


def test_json_rules_say_whether_measurable_and_the_share_done_in_time(council, capsys):
    report = run_json(capsys)
    rules = {r["rule"]: r for r in report["rules"]}
    # The hand-made council holds every table the contact rule needs.
    assert rules["contact_decision_1wd"]["measurable"] is True and rules["contact_decision_1wd"]["reason"] is None
    # Of the two contact decisions made (K3 on time, K4 late), one was in time.
    assert rules["contact_decision_1wd"]["percent_completed_on_time"] == 50.0
    assert all({"measurable", "reason", "part", "percent_completed_on_time"} <= set(r) for r in report["rules"])


def test_json_figures_and_items(council, capsys):
    report = run_json(capsys)
    assert report["as_at"] == "2024-04-10"
    rules = by_rule(report)
    # Contacts: on time K3, late K4, overdue K1 and K5, due soon K2: 1 of 4 measured.
    assert rules["contact_decision_1wd"] == {
        "items": 5,
        "on_time": 1,
        "late": 1,
        "overdue": 2,
        "due_soon": 1,
        "open": 0,
        "percent_on_time": 25.0,
    }
    # CP visits: CP1's first on time, its second overdue, CP2's missed: 1 of 3.
    assert rules["cp_visit"] == {
        "items": 3,
        "on_time": 1,
        "late": 0,
        "overdue": 2,
        "due_soon": 0,
        "open": 0,
        "percent_on_time": 33.3,
    }
    assert rules["rcpc_first_3m"]["open"] == 1 and rules["rcpc_first_3m"]["percent_on_time"] is None
    assert rules["assessment_45wd"]["items"] == 0
    k1 = [i for i in report["items"] if i["record_id"] == "K1"]
    assert k1 == [
        {
            "rule": "contact_decision_1wd",
            "child_id": "A",
            "team": "T1",
            "worker_id": "W1",
            "start_date": "2024-03-28",
            "due_date": "2024-04-02",
            "completed_date": None,
            "status": "overdue",
            "days_late": 8,
            "record_id": "K1",
        }
    ]
    k5 = [i for i in report["items"] if i["record_id"] == "K5"][0]
    assert (k5["worker_id"], k5["team"]) == ("W1", "T1")  # F's worker on the due date, not today's
    cp2 = [i for i in report["items"] if i["record_id"] == "CP2"]
    assert [(i["due_date"], i["status"], i["days_late"]) for i in cp2] == [("2024-03-15", "overdue", 5)]
    # CP1 and CP2 both started in March 2024, each the child's first plan; CP2 ended, lasting 19 days.
    measures = {m["measure"]: (m["records"], m["flagged"]) for m in report["measures"]}
    assert measures["cp_plan_second_or_subsequent"] == (2, 0)
    assert measures["cp_plan_2_years"] == (1, 0)


def test_a_period_keeps_the_items_due_in_it(council, capsys):
    rules = by_rule(run_json(capsys, "--from", "2024-04-01", "--to", "2024-04-30"))
    assert rules["contact_decision_1wd"]["items"] == 5  # all due 2 to 10 April
    assert rules["cp_visit"]["items"] == 0 and rules["cp_visit"]["percent_on_time"] is None  # all due in March
    assert rules["rcpc_first_3m"]["items"] == 0  # due 1 June


def test_one_rule(council, capsys):
    report = run_json(capsys, "--rule", "cp_visit")
    assert [r["rule"] for r in report["rules"]] == ["cp_visit"]
    assert {i["rule"] for i in report["items"]} == {"cp_visit"}
    assert "measures" not in report


def test_items_are_listed_in_order(council, capsys):
    items = run_json(capsys)["items"]
    assert [(i["rule"], i["record_id"]) for i in items if i["rule"] in ("contact_decision_1wd", "cp_visit")] == [
        ("contact_decision_1wd", "K1"),
        ("contact_decision_1wd", "K3"),
        ("contact_decision_1wd", "K2"),
        ("contact_decision_1wd", "K4"),
        ("contact_decision_1wd", "K5"),
        ("cp_visit", "CP1"),
        ("cp_visit", "CP1"),
        ("cp_visit", "CP2"),
    ]


def test_csv_and_table(council, capsys):
    assert main(["timeliness", "--as-at", "2024-04-10", "--format", "csv", "--rule", "contact_decision_1wd"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "rule,child_id,team,worker_id,start_date,due_date,completed_date,status,days_late,record_id"
    assert "contact_decision_1wd,C,T1,W1,2024-04-04,2024-04-05,2024-04-08,late,3,K4" in lines
    assert len(lines) == 6
    assert main(["timeliness", "--as-at", "2024-04-10"]) == 0
    out = capsys.readouterr().out
    assert "contact_decision_1wd" in out and "25.00" in out and "re_referral_12m" in out


@pytest.mark.parametrize(
    "args,message",
    [
        (["--rule", "no_such_rule"], "no rule no_such_rule; the rules are: contact_decision_1wd"),
        (["--from", "2024-05-01", "--to", "2024-04-01"], "--from 2024-05-01 is after --to 2024-04-01"),
        (["--as-at", "1900-01-01"], "outside the working-day calendar"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, message, capsys):
    assert main(["timeliness", *args]) == 2
    assert message in capsys.readouterr().err


def test_a_bad_date_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["timeliness", "--as-at", "2024-02-30"])
    assert exit_info.value.code == 2
    assert "2024-02-30" in capsys.readouterr().err


def test_a_council_override_in_oversight_config(council, capsys, tmp_path, monkeypatch):
    config = tmp_path / "council.toml"
    config.write_text('[timeliness.overrides.cp_visit]\ndue = "5 working days"\n')
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(config))
    items = [i for i in run_json(capsys, "--rule", "cp_visit")["items"]]
    # Fri 1 Mar + 5 WD = Fri 8 Mar (visited that day); 8 Mar + 5 WD = Fri 15 Mar; CP2 from 1 Mar: 8 Mar.
    assert [(i["record_id"], i["due_date"], i["status"]) for i in items] == [
        ("CP1", "2024-03-08", "on_time"),
        ("CP1", "2024-03-15", "overdue"),
        ("CP2", "2024-03-08", "overdue"),
    ]
    assert main(["timeliness", "--list-rules"]) == 0
    assert "5 working days" in capsys.readouterr().out


def test_a_bad_override_is_reported(council, capsys, tmp_path, monkeypatch):
    config = tmp_path / "council.toml"
    config.write_text('[timeliness.overrides.cp_visit]\ndue = "ten working days"\n')
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(config))
    assert main(["timeliness", "--as-at", "2024-04-10"]) == 2
    assert "rule cp_visit, key due must be written like" in capsys.readouterr().err
    from oversight.timeliness.apps import check_rulebook

    assert [e.id for e in check_rulebook()] == ["timeliness.E001"]


def test_list_rules_json(capsys):
    assert main(["timeliness", "--list-rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    visit = next(r for r in data["rules"] if r["rule"] == "cla_visit")
    assert (visit["due"], visit["then"], visit["long_term"], visit["long_term_placement_types"]) == (
        "1 week",
        "6 weeks",
        "3 months",
        ["U1", "U4"],
    )


@pytest.mark.parametrize(
    "setting, key",
    [
        ('[calendar]\nclosure_days = ["2024-13-01"]\n', "closure_days"),
        ('[calendar]\nclosure_days = "2025-12-29"\n', "closure_days"),
        ("[timeliness]\ndue_soon_working_days = -1\n", "due_soon_working_days"),
        ('[timeliness]\ndue_soon_working_days = "five"\n', "due_soon_working_days"),
    ],
)
def test_a_bad_calendar_or_due_soon_setting_is_reported(council, capsys, tmp_path, monkeypatch, setting, key):
    # A mistake in the other settings the clocks read is refused like a bad override, not a traceback.
    config = tmp_path / "council.toml"
    config.write_text(setting)
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(config))
    assert main(["timeliness", "--as-at", "2024-04-10"]) == 2
    assert key in capsys.readouterr().err
    from oversight.timeliness.apps import check_rulebook

    assert [e.id for e in check_rulebook()] == ["timeliness.E001"]


def test_closure_days_as_toml_dates_or_text(council, capsys, tmp_path, monkeypatch):
    # With Wed 3 and Thu 4 Apr 2024 closed, contact K3 (Tue 2 Apr) is due Fri 5 Apr, not Wed 3 Apr.
    config = tmp_path / "council.toml"
    config.write_text('[calendar]\nclosure_days = [2024-04-03, "2024-04-04"]\n')
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(config))
    items = run_json(capsys, "--rule", "contact_decision_1wd")["items"]
    assert next(i["due_date"] for i in items if i["record_id"] == "K3") == "2024-04-05"


@pytest.mark.parametrize("cached", [False, True])
def test_json_items_come_in_the_rulebooks_order_with_or_without_a_snapshot(council, capsys, cached):
    from oversight.analytics import timeliness as engine
    from oversight.analytics.workdays import default_calendar
    from oversight.people.models import CaseDataVersion
    from oversight.timeliness import queries
    from tests.timeliness.conftest import AS_AT

    if cached:
        CaseDataVersion.bump()  # the council's items are then a shared figure, sorted once
    book = queries.rulebook()
    # The engine run directly on the tables, and sorted here: what the report must list, in this order.
    raw = engine.items(
        queries.load_frames(book),
        book,
        AS_AT,
        calendar=default_calendar(),
        measurable=queries.measurable(book),
        **queries._options(),
    )
    expected = engine.ordered(raw.sample(fraction=1.0, shuffle=True, seed=3), book).select(queries.ITEM_FIELDS)
    expected = [
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in expected.to_dicts()
    ]
    assert len(expected) > 3
    assert run_json(capsys)["items"] == expected
    assert run_json(capsys, "--from", "2024-03-20")["items"] == [r for r in expected if r["due_date"] >= "2024-03-20"]
