"""A hand-made SSD extract through `oversight import ssd`, then `oversight caseloads`: known answers.

On 2024-03-31:
  P1 social worker, T1, FTE 1: 27 children (C01-C27)          target 25, over by 2
  P2 NQSW qualified 2023-05-10, T1, FTE 0.5: 21 (D01-D21)      target 20, over by 1; anniversary 2024-05-10
  P3 senior practitioner, agency, T2, FTE 0.8: 5 (E01-E05)
  P4 social worker, T2, left 2024-03-15: still holds U1        not counted; U1 unallocated
  P5 IRO: C01-C04 as IRO                                       IRO caseload 4
  U2 has an open referral and no worker                        unallocated
"""

import csv
import json

import pytest

from oversight.cli import main

pytestmark = pytest.mark.django_db


def write(folder, name, header, rows):
    with open(folder / f"{name}.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


@pytest.fixture
def extract(tmp_path):
    write(
        tmp_path,
        "ssd_department",
        ["dept_team_id", "dept_team_name", "dept_team_parent_id", "dept_team_parent_name"],
        [["L1", "North", "", ""], ["T1", "Team one", "L1", "North"], ["T2", "Team two", "L1", "North"]],
    )
    write(
        tmp_path,
        "ssd_professionals",
        [
            "prof_professional_id",
            "prof_professional_name",
            "prof_grade",
            "prof_qualified_date",
            "prof_start_date",
            "prof_end_date",
            "prof_agency_worker_flag",
            "prof_team_id",
            "prof_full_time_equivalency",
        ],
        [
            ["P1", "Worker One", "social_worker", "2010-07-01", "2015-01-01", "", "N", "T1", "1"],
            ["P2", "Worker Two", "nqsw", "2023-05-10", "2023-06-01", "", "N", "T1", "0.5"],
            ["P3", "Worker Three", "senior_practitioner", "2012-01-01", "2016-01-01", "", "Y", "T2", "0.8"],
            ["P4", "Worker Four", "social_worker", "2011-01-01", "2016-01-01", "2024-03-15", "N", "T2", "1"],
            ["P5", "Reviewing Officer", "iro", "2005-01-01", "2010-01-01", "", "N", "", "1"],
        ],
    )
    held = (
        [("P1", f"C{i:02d}", "CW", "2024-01-01") for i in range(1, 28)]
        + [("P2", f"D{i:02d}", "CW", "2024-01-01") for i in range(1, 22)]
        + [("P3", f"E{i:02d}", "CW", "2024-01-01") for i in range(1, 6)]
        + [("P4", "U1", "CW", "2023-01-01")]
        + [("P5", f"C{i:02d}", "IRO", "2024-01-01") for i in range(1, 5)]
    )
    write(
        tmp_path,
        "ssd_involvements",
        [
            "invo_involvements_id",
            "invo_professional_id",
            "invo_professional_role_id",
            "invo_person_id",
            "invo_involvement_start_date",
            "invo_involvement_end_date",
        ],
        [[f"I{n}", worker, role, child, start, ""] for n, (worker, child, role, start) in enumerate(held, 1)],
    )
    children = sorted({child for _, child, _, _ in held} | {"U2"})
    write(tmp_path, "ssd_person", ["pers_person_id", "pers_dob"], [[c, "2015-01-01"] for c in children])
    write(
        tmp_path,
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_close_date"],
        [["R1", "C01", "2024-01-01", ""], ["R2", "U1", "2023-01-01", ""], ["R3", "U2", "2024-02-01", ""]],
    )
    return tmp_path


def test_imported_extract_gives_the_known_caseloads(extract, capsys):
    assert main(["import", "ssd", str(extract), "--as-at", "2024-03-31"]) == 0
    capsys.readouterr()
    assert main(["caseloads", "--as-at", "2024-03-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    s = data["summary"]
    assert (s["case_holding_workers"], s["cases"], s["average_caseload"], s["average_caseload_fte"]) == (
        3,
        53,
        17.67,
        23.04,
    )
    assert (s["workers_over_target"], s["average_over_target_by"], s["unallocated_children"]) == (2, 1.5, 2)
    assert {w["worker_id"]: (w["cases"], w["target"], w["over_target_by"], w["fte"]) for w in data["workers"]} == {
        "P1": (27, 25, 2, 1.0),
        "P2": (21, 20, 1, 0.5),
        "P3": (5, 25, 0, 0.8),
    }
    assert [
        (t["team"], t["workers"], t["average_caseload"], t["workers_over_target"], t["hot_spot"]) for t in data["teams"]
    ] == [("T1", 2, 24.0, 2, True), ("T2", 1, 5.0, 0, False)]
    assert (data["iro"]["average_caseload"], [w["worker_id"] for w in data["iro"]["workers"]]) == (4.0, ["P5"])
    a = data["nqsw_anniversaries"]
    assert (a["count"], a["above_nqsw_target"], [w["anniversary"] for w in a["workers"]]) == (1, 1, ["2024-05-10"])
    w = data["workforce"]
    assert (w["headcount"], w["fte"], w["agency_headcount"], w["agency_rate_headcount"], w["agency_rate_fte"]) == (
        4,
        3.3,
        1,
        25.0,
        24.24,
    )
    assert (w["leavers_headcount"], w["starters_headcount"], w["turnover_rate_headcount"], w["turnover_rate_fte"]) == (
        1,
        1,
        33.33,
        40.0,
    )
    # On the anniversary P2 takes the experienced target and is no longer over it.
    assert main(["caseloads", "--as-at", "2024-05-10", "--format", "json"]) == 0
    p2 = next(w for w in json.loads(capsys.readouterr().out)["workers"] if w["worker_id"] == "P2")
    assert (p2["cases"], p2["target"], p2["over_target_by"]) == (21, 25, 0)


def test_low_caseload_reasons_survive_a_new_import(extract, capsys, make_user):
    import datetime as dt

    from oversight.accounts import roles
    from oversight.caseloads import queries, services
    from oversight.caseloads.models import LowCaseloadReason

    assert main(["import", "ssd", str(extract), "--as-at", "2024-03-31"]) == 0
    services.record_low_caseload_reason(
        make_user(roles.SENIOR_MANAGER), "P3", LowCaseloadReason.REDUCED_HOURS, "Three days a week", dt.date(2024, 1, 1)
    )
    assert main(["import", "ssd", str(extract), "--as-at", "2024-04-30"]) == 0  # the case data replaced
    capsys.readouterr()
    under = {w["worker_id"]: w["reason"] for w in queries.report(dt.date(2024, 3, 31))["under_target"]["workers"]}
    assert under == {"P3": "reduced_hours"}
