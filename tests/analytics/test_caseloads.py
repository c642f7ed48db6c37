"""Caseload analytics on a hand-made council with answers worked out by hand.

The council on 31 March 2024 (DAY):
  W1  social worker, T1, FTE 1.0: 29 children                       target 25, over by 4
  W2  NQSW qualified 2023-06-15 (anniversary 2024-06-15), T1, FTE 0.5: 22   target 20, over by 2
  W3  NQSW qualified 2023-03-31 (anniversary = DAY), T2, FTE 1.0: 22        target 25 from DAY
  W4  senior practitioner, agency, T2, FTE 0.8: 10 children (one child on two rows)
  W5  social worker, T2, left on DAY (end 2024-03-31): holds X, not counted
  W6  social worker, T1, started 2024-03-01: no cases                       listed, under target
  W7  IRO: 3 children under IRO involvements
  W8  personal adviser: 2 young people
  W9  NQSW, qualified 2023-07-01 (anniversary after the 12-week window): no cases
  W10 social worker, left 2023-06-30 (FTE 0.6); W11 left 2023-03-31 (a year before DAY: outside the window)
Teams T1 and T2 sit in locality L1.
"""

import datetime as dt

import pytest

from oversight.analytics import caseloads as c
from oversight.analytics import cohorts
from oversight.analytics.workforce import workforce
from tests.caseloads.frames import Council

DAY = dt.date(2024, 3, 31)
RULES = c.Rules.from_config(
    {"case_worker_roles": ["CW"], "iro_roles": ["IRO"], "personal_adviser_roles": ["PA"]},
    {
        "targets": {
            "nqsw": 20,
            "social_worker": 25,
            "senior_practitioner": 25,
            "other": 25,
            "iro": 70,
            "personal_adviser": 25,
        },
        "aspiration": 18,
        "hot_spot_threshold": 22,
        "anniversary_weeks": 12,
    },
)


def build() -> Council:
    k = Council()
    k.team("L1", "North locality")
    k.team("T1", "Team one", parent="L1")
    k.team("T2", "Team two", parent="L1")
    k.worker("W1", team="T1")
    k.worker("W2", grade="nqsw", team="T1", fte=0.5, qualified="2023-06-15", start="2023-07-01")
    k.worker("W3", grade="nqsw", team="T2", qualified="2023-03-31", start="2023-04-01")
    k.worker("W4", grade="senior_practitioner", team="T2", fte=0.8, agency="Y")
    k.worker("W5", team="T2", end="2024-03-31")
    k.worker("W6", team="T1", start="2024-03-01")
    k.worker("W7", grade="iro", team="IRO")
    k.worker("W8", grade="personal_adviser", team="LC")
    k.worker("W9", grade="nqsw", team="T1", qualified="2023-07-01", start="2023-09-01")
    k.worker("W10", team="T2", fte=0.6, end="2023-06-30")
    k.worker("W11", team="T2", end="2023-03-31")
    for i in range(29):
        k.allocate(f"A{i}", "W1", "2023-10-01")
    k.allocate("A-ended", "W1", "2023-10-01", end="2024-03-31")  # ended on DAY: not held
    k.allocate("A-future", "W1", "2024-04-01")  # starts after DAY
    for i in range(22):
        k.allocate(f"B{i}", "W2", "2024-03-31" if i == 0 else "2023-12-01")  # one starts on DAY: held
    for i in range(22):
        k.allocate(f"C{i}", "W3", "2023-11-01")
    for i in range(10):
        k.allocate(f"D{i}", "W4", "2023-05-01")
    k.allocate("D0", "W4", "2024-01-01")  # a second open row for the same child
    k.allocate("X", "W5", "2023-01-01")
    for i in range(3):
        k.allocate(f"A{i}", "W7", "2023-01-01", role="IRO")
    k.allocate("P1", "W8", "2023-01-01", role="PA")
    k.allocate("P2", "W8", "2023-01-01", role="PA")
    # Open cases: A0 allocated; X's worker has left; Y has no worker: two unallocated.
    k.referral("A0", "2023-10-01")
    k.referral("X", "2023-01-01")
    k.in_care("Y", "2023-02-01")
    return k


@pytest.fixture(scope="module")
def frames():
    return build().frames()


@pytest.fixture(scope="module")
def workers(frames):
    return c.worker_caseloads(frames, [DAY], RULES)


def by_worker(workers):
    return {r["worker_id"]: r for r in workers.to_dicts()}


def test_cases_targets_and_over_target_per_worker(workers):
    w = by_worker(workers)
    assert set(w) == {"W1", "W2", "W3", "W4", "W6", "W9"}  # W5 left, W7/W8 hold no social work cases
    assert {k: (v["cases"], v["target"], v["over_target_by"]) for k, v in w.items()} == {
        "W1": (29, 25, 4),
        "W2": (22, 20, 2),
        "W3": (22, 25, 0),
        "W4": (10, 25, 0),
        "W6": (0, 25, 0),
        "W9": (0, 20, 0),
    }
    assert w["W2"]["fte"] == 0.5 and w["W2"]["cases_per_fte"] == 44.0
    assert w["W4"]["team"] == "T2" and w["W4"]["agency"] is True


def test_summary(workers):
    s = c.summary(workers, [DAY], RULES).row(0, named=True)
    assert s["case_holding_workers"] == 4
    assert s["cases"] == 83  # 29 + 22 + 22 + 10
    assert s["average_caseload"] == 83 / 4
    assert s["case_holding_fte"] == pytest.approx(3.3)  # 1 + 0.5 + 1 + 0.8
    assert s["average_caseload_fte"] == pytest.approx(83 / 3.3)
    assert s["workers_over_target"] == 2
    assert s["average_over_target_by"] == 3.0  # (4 + 2) / 2
    assert s["workers_under_target"] == 4  # W3, W4, W6, W9
    assert s["workers_above_aspiration"] == 3  # 29, 22, 22 > 18
    assert s["workers_above_average"] == 3  # above 20.75
    assert s["share_above_average_pct"] == 75.0


def test_nqsw_target_switches_on_the_anniversary(frames):
    day_before = c.worker_caseloads(frames, [DAY - dt.timedelta(days=1)], RULES)
    assert by_worker(day_before)["W3"]["target"] == 20
    assert by_worker(c.worker_caseloads(frames, [DAY], RULES))["W3"]["target"] == 25


def test_a_29_february_qualification_has_its_anniversary_on_28_february():
    k = Council()
    k.worker("N", grade="nqsw", qualified="2020-02-29", start="2020-03-01")
    k.allocate("Z", "N", "2020-03-01")
    f = k.frames()
    targets = {
        day: by_worker(c.worker_caseloads(f, [day], RULES))["N"]["target"]
        for day in (dt.date(2021, 2, 27), dt.date(2021, 2, 28), dt.date(2021, 3, 1))
    }
    assert targets == {dt.date(2021, 2, 27): 20, dt.date(2021, 2, 28): 25, dt.date(2021, 3, 1): 25}


def test_anniversaries_in_the_next_weeks(workers):
    a = c.nqsw_anniversaries(workers, DAY, RULES)
    assert a.get_column("worker_id").to_list() == ["W2"]  # W3's is today; W9's is 2024-07-01, after 2024-06-23
    assert a.get_column("above_nqsw_target").to_list() == [True]
    wider = c.nqsw_anniversaries(workers, DAY, RULES, weeks=14)
    assert wider.get_column("worker_id").to_list() == ["W2", "W9"]
    assert wider.get_column("above_nqsw_target").to_list() == [True, False]


def test_teams_localities_and_hot_spots(frames, workers):
    teams = {r["team"]: r for r in c.group_caseloads(workers, frames["ssd_department"], RULES).to_dicts()}
    assert set(teams) == {"T1", "T2"}
    t1, t2 = teams["T1"], teams["T2"]
    assert (t1["workers"], t1["cases"], t1["average_caseload"], t1["workers_over_target"], t1["hot_spot"]) == (
        2,
        51,
        25.5,
        2,
        True,
    )
    assert (t2["workers"], t2["cases"], t2["average_caseload"], t2["workers_over_target"], t2["hot_spot"]) == (
        2,
        32,
        16.0,
        0,
        False,
    )
    assert t1["team_name"] == "Team one" and t1["locality"] == "L1"
    [loc] = c.group_caseloads(workers, frames["ssd_department"], RULES, by="locality").to_dicts()
    assert (loc["locality"], loc["locality_name"], loc["workers"], loc["cases"], loc["average_caseload"]) == (
        "L1",
        "North locality",
        4,
        83,
        20.75,
    )


def test_iro_and_personal_adviser_caseloads_are_separate(frames):
    iro = by_worker(c.worker_caseloads(frames, [DAY], RULES, "iro"))
    pa = by_worker(c.worker_caseloads(frames, [DAY], RULES, "personal_adviser"))
    assert {k: (v["cases"], v["target"]) for k, v in iro.items()} == {"W7": (3, 70)}
    assert {k: (v["cases"], v["target"]) for k, v in pa.items()} == {"W8": (2, 25)}


def test_unallocated_children_match_the_home_page(frames):
    counts = cohorts.headline_counts(frames, DAY, ["CW"])
    assert counts["unallocated_children"] == 2  # X (worker left), Y (nobody)
    assert c.report(frames, DAY, RULES)["summary"]["unallocated_children"] == 2
    assert c.unallocated(frames, [DAY], RULES).get_column("unallocated_children").to_list() == [2]


def test_workforce(frames):
    w = workforce(frames["ssd_professionals"], [DAY], RULES.non_workforce_grades).row(0, named=True)
    # Employed: W1 W2 W3 W4 W6 W7 W9 (W5 left on DAY, W8 a personal adviser).
    assert (w["headcount"], w["fte"]) == (7, pytest.approx(6.3))
    assert (w["in_post_headcount"], w["in_post_fte"]) == (6, pytest.approx(5.5))
    assert (w["agency_headcount"], w["agency_fte"]) == (1, pytest.approx(0.8))
    assert w["agency_rate_headcount"] == pytest.approx(100 / 7)
    assert w["agency_rate_fte"] == pytest.approx(100 * 0.8 / 6.3)
    assert (w["starters_headcount"], w["starters_fte"]) == (4, pytest.approx(3.5))  # W2, W3 (2023-04-01), W6, W9
    assert (w["leavers_headcount"], w["leavers_fte"]) == (2, pytest.approx(1.6))  # W5, W10; not W11
    assert w["turnover_rate_headcount"] == pytest.approx(100 * 2 / 6)
    assert w["turnover_rate_fte"] == pytest.approx(100 * 1.6 / 5.5)


def test_report_rounds_and_names_the_documented_keys(frames):
    r = c.report(frames, DAY, RULES)
    s = r["summary"]
    assert (
        s["case_holding_workers"],
        s["average_caseload"],
        s["average_caseload_fte"],
        s["workers_over_target"],
        s["average_over_target_by"],
        s["unallocated_children"],
    ) == (4, 20.75, 25.15, 2, 3.0, 2)
    assert [w["worker_id"] for w in r["workers"]] == ["W1", "W2", "W3", "W4", "W6", "W9"]
    assert set(r["workers"][0]) >= {"worker_id", "name", "grade", "team", "fte", "cases", "target", "over_target_by"}
    assert [(t["team"], t["workers"], t["average_caseload"], t["workers_over_target"]) for t in r["teams"]] == [
        ("T1", 2, 25.5, 2),
        ("T2", 2, 16.0, 0),
    ]
    assert r["iro"]["average_caseload"] == 3.0 and [w["worker_id"] for w in r["iro"]["workers"]] == ["W7"]
    assert r["nqsw_anniversaries"]["count"] == 1 and r["nqsw_anniversaries"]["above_nqsw_target"] == 1
    assert r["workforce"]["turnover_rate_fte"] == 29.09  # 1.6 / 5.5


def test_trend_recomputes_each_month_end_from_history(frames):
    days = c.month_ends(dt.date(2023, 9, 15), DAY)
    assert days == [
        dt.date(2023, 9, 30),
        dt.date(2023, 10, 31),
        dt.date(2023, 11, 30),
        dt.date(2023, 12, 31),
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 31),
    ]
    rows = {r["as_at"]: r for r in c.trend(frames, days, RULES)}
    # 30 Sep 2023: W4 holds 10, W5 holds X; W1..W3 not yet allocated.
    assert (rows["2023-09-30"]["case_holding_workers"], rows["2023-09-30"]["cases"]) == (2, 11)
    # 31 Oct: W1 has 30 (29 + the one ending on DAY) and W3 not yet.
    assert (rows["2023-10-31"]["case_holding_workers"], rows["2023-10-31"]["cases"]) == (3, 41)
    # 31 Dec: W2's 21 (one starts on DAY), W3's 22: 30 + 21 + 22 + 10 + 1.
    assert rows["2023-12-31"]["cases"] == 84
    assert rows["2024-03-31"]["cases"] == 83 and rows["2024-03-31"]["unallocated_children"] == 2
    assert rows["2024-02-29"]["unallocated_children"] == 1  # Y only: W5 still employed
    for day in days:  # every month-end agrees with the single-date report
        single = c.report(frames, day, RULES)["summary"]
        row = rows[day.isoformat()]
        assert (row["cases"], row["average_caseload"], row["workers_over_target"], row["unallocated_children"]) == (
            single["cases"],
            single["average_caseload"],
            single["workers_over_target"],
            single["unallocated_children"],
        )


def test_distribution_bands(workers):
    bands = {r["band"]: r["workers"] for r in c.distribution(workers).to_dicts()}
    assert bands == {
        "1 to 4": 0,
        "5 to 9": 0,
        "10 to 14": 1,
        "15 to 19": 0,
        "20 to 24": 2,
        "25 to 29": 1,
        "30 or more": 0,
    }


def test_holdings_agree_with_a_plain_date_filter(frames):
    """The binary-search expansion gives what filtering each date separately gives."""
    inv = frames["ssd_involvements"]
    days = c.month_ends(dt.date(2022, 12, 1), dt.date(2024, 6, 30))
    fast = dict(c.holdings(inv, ["CW", "IRO"], days).group_by("as_at").len().iter_rows())
    for day in days:
        plain = cohorts.open_on(
            inv.filter(inv["invo_professional_role_id"].is_in(["CW", "IRO"])),
            "invo_involvement_start_date",
            "invo_involvement_end_date",
            day,
        )
        assert fast.get(day, 0) == plain.height
    assert len(fast) > 10


def test_month_ends():
    assert c.month_ends(dt.date(2024, 1, 31), dt.date(2024, 1, 31)) == [dt.date(2024, 1, 31)]
    assert c.month_ends(dt.date(2024, 1, 1), dt.date(2024, 1, 30)) == []
    assert c.month_ends(dt.date(2023, 12, 31), dt.date(2024, 2, 29)) == [
        dt.date(2023, 12, 31),
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
    ]


@pytest.mark.parametrize(
    "section,value,key",
    [
        ({"targets": {"nqsw": "twenty"}}, "twenty", "caseloads.targets.nqsw"),
        ({"aspiration": -1}, "-1", "caseloads.aspiration"),
        ({"anniversary_weeks": 2.5}, "2.5", "caseloads.anniversary_weeks"),
        ({"case_holding_grades": "nqsw"}, "nqsw", "caseloads.case_holding_grades"),
    ],
)
def test_bad_configuration_names_the_key(section, value, key):
    with pytest.raises(ValueError) as info:
        c.Rules.from_config({}, section)
    assert key in str(info.value) and value in str(info.value)


def test_a_worker_without_a_team_takes_the_team_of_their_latest_open_involvement():
    k = Council()
    k.worker("N", team="")
    k.allocate("Z1", "N", "2023-01-01", team="T9")
    k.allocate("Z2", "N", "2024-01-01", team="T7")  # the latest start
    k.allocate("Z3", "N", "2024-02-01", end="2024-03-01", team="T5")  # latest, but closed by DAY
    assert by_worker(c.worker_caseloads(k.frames(), [DAY], RULES))["N"]["team"] == "T7"
    assert by_worker(c.worker_caseloads(k.frames(), [dt.date(2023, 6, 30)], RULES))["N"]["team"] == "T9"


def test_month_start():
    assert c.month_start(dt.date(2024, 3, 31), 11) == dt.date(2023, 4, 1)
    assert c.month_start(dt.date(2024, 1, 15), 1) == dt.date(2023, 12, 1)
    assert c.month_start(dt.date(2024, 1, 15)) == dt.date(2024, 1, 1)


def test_the_tables_loaded_cover_what_the_home_page_counts_read():
    assert set(cohorts.SUMMARY_TABLES) <= set(c.TABLES)


def test_the_caseload_analytics_do_not_import_django():
    import subprocess
    import sys

    code = (
        "import sys, oversight.analytics.caseloads, oversight.analytics.workforce; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
