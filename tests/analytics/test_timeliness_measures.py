"""The measures that are not clocks, on hand-made frames with answers worked out by hand."""

import datetime as dt

from oversight.analytics import rulebook as rb
from oversight.analytics import timeliness_measures as tm
from tests.timeliness.frames import CAL, build

D = dt.date.fromisoformat


def cohort(frames, measure, as_at, start=None, end=None):
    rows = tm.cohort(
        frames, rb.load().measure(measure), D(as_at), CAL, D(start) if start else None, D(end) if end else None
    )
    return sorted((r["record_id"], r["flagged"]) for r in rows.iter_rows(named=True))


def test_re_referrals_within_12_months():
    refs = [
        {"cine_referral_id": "A1", "cine_person_id": "A", "cine_referral_date": "2023-03-01"},
        {
            "cine_referral_id": "A2",
            "cine_person_id": "A",
            "cine_referral_date": "2024-03-01",
        },  # exactly 12 months: within
        {
            "cine_referral_id": "A3",
            "cine_person_id": "A",
            "cine_referral_date": "2025-03-02",
        },  # 12 months and a day: not
        {"cine_referral_id": "B1", "cine_person_id": "B", "cine_referral_date": "2023-02-28"},
        {
            "cine_referral_id": "B2",
            "cine_person_id": "B",
            "cine_referral_date": "2024-02-29",
        },  # 28 Feb 2023 + 12 months = 28 Feb 2024: not
        {"cine_referral_id": "C1", "cine_person_id": "C", "cine_referral_date": "2024-06-01"},  # a first referral
        {"cine_referral_id": "C2", "cine_person_id": "C", "cine_referral_date": "2025-06-01"},  # after the as-at day
    ]
    frames = build(ssd_cin_episodes=refs)
    assert cohort(frames, "re_referral_12m", "2025-04-01") == [
        ("A1", False),
        ("A2", True),
        ("A3", False),
        ("B1", False),
        ("B2", False),
        ("C1", False),
    ]
    # In a period: referrals dated 1 Jan to 31 Dec 2024.
    assert cohort(frames, "re_referral_12m", "2025-04-01", "2024-01-01", "2024-12-31") == [
        ("A2", True),
        ("B2", False),
        ("C1", False),
    ]


def test_second_or_subsequent_plans_and_plans_of_two_years():
    plans = [
        # A: a plan in 2019, another in 2023: the second counts, however long ago the first.
        {
            "cppl_cp_plan_id": "A1",
            "cppl_person_id": "A",
            "cppl_cp_plan_start_date": "2019-05-01",
            "cppl_cp_plan_end_date": "2020-01-01",
        },
        {"cppl_cp_plan_id": "A2", "cppl_person_id": "A", "cppl_cp_plan_start_date": "2023-05-01"},
        # B: an earlier plan of another council does not count, and is not in the cohort.
        {
            "cppl_cp_plan_id": "B0",
            "cppl_person_id": "B",
            "cppl_cp_plan_start_date": "2021-01-01",
            "cppl_cp_plan_ola": "Y",
        },
        {
            "cppl_cp_plan_id": "B1",
            "cppl_person_id": "B",
            "cppl_cp_plan_start_date": "2022-02-28",
            "cppl_cp_plan_end_date": "2024-02-28",
        },
        {
            "cppl_cp_plan_id": "C1",
            "cppl_person_id": "C",
            "cppl_cp_plan_start_date": "2022-03-01",
            "cppl_cp_plan_end_date": "2024-02-29",
        },
    ]
    frames = build(ssd_cp_plans=plans)
    assert cohort(frames, "cp_plan_second_or_subsequent", "2024-06-01") == [
        ("A1", False),
        ("A2", True),
        ("B1", False),
        ("C1", False),
    ]
    assert cohort(frames, "cp_plan_2_years", "2024-06-01") == [
        ("A1", False),  # 8 months
        ("B1", True),  # 28 Feb 2022 + 24 months = 28 Feb 2024, the day it ended: 2 years
        ("C1", False),  # 1 Mar 2022 + 24 months = 1 Mar 2024; ended 29 Feb, a day short
    ]
    # As at 2024-02-28 C1 had not ended: only plans ended by then are counted.
    assert cohort(frames, "cp_plan_2_years", "2024-02-28") == [("A1", False), ("B1", True)]


def test_cin_plans_closed_soon_after_a_step_down():
    plans = [
        {
            "cppl_cp_plan_id": "P1",
            "cppl_person_id": "A",
            "cppl_cp_plan_start_date": "2023-01-01",
            "cppl_cp_plan_end_date": "2024-01-10",
        },
        {
            "cppl_cp_plan_id": "P2",
            "cppl_person_id": "B",
            "cppl_cp_plan_start_date": "2023-01-01",
            "cppl_cp_plan_end_date": "2024-02-01",
        },
        {
            "cppl_cp_plan_id": "P3",
            "cppl_person_id": "C",
            "cppl_cp_plan_start_date": "2023-01-01",
            "cppl_cp_plan_end_date": "2024-03-01",
        },
        {
            "cppl_cp_plan_id": "P4",
            "cppl_person_id": "D",
            "cppl_cp_plan_start_date": "2023-01-01",
            "cppl_cp_plan_end_date": "2024-03-01",
        },
    ]
    cin = [
        # A: CIN plan 2 days after (within 7), closed 12 Apr = 12 Jan + 3 months: soon.
        {
            "cinp_cin_plan_id": "N1",
            "cinp_person_id": "A",
            "cinp_cin_plan_start_date": "2024-01-12",
            "cinp_cin_plan_end_date": "2024-04-12",
        },
        # B: CIN plan 19 days after the CP plan ended: not a step-down.
        {
            "cinp_cin_plan_id": "N2",
            "cinp_person_id": "B",
            "cinp_cin_plan_start_date": "2024-02-20",
            "cinp_cin_plan_end_date": "2024-03-01",
        },
        # C: stepped down the same day, closed 1 Jul, after 1 Jun (1 Mar + 3 months): not soon.
        {
            "cinp_cin_plan_id": "N3",
            "cinp_person_id": "C",
            "cinp_cin_plan_start_date": "2024-03-01",
            "cinp_cin_plan_end_date": "2024-07-01",
        },
        # D: stepped down, closed 20 May, but that is after the as-at day used below.
        {
            "cinp_cin_plan_id": "N4",
            "cinp_person_id": "D",
            "cinp_cin_plan_start_date": "2024-03-08",
            "cinp_cin_plan_end_date": "2024-05-20",
        },
    ]
    frames = build(ssd_cp_plans=plans, ssd_cin_plans=cin)
    assert cohort(frames, "cin_closed_after_step_down", "2024-12-31") == [("P1", True), ("P3", False), ("P4", True)]
    assert cohort(frames, "cin_closed_after_step_down", "2024-05-01") == [("P1", True), ("P3", False), ("P4", False)]


def test_measure_figures():
    refs = [
        {"cine_referral_id": f"R{i}", "cine_person_id": "A", "cine_referral_date": d}
        for i, d in enumerate(["2024-01-01", "2024-02-01", "2024-12-01", "2026-01-01"])
    ]
    figures = {m["measure"]: m for m in tm.measures(build(ssd_cin_episodes=refs), rb.load(), D("2025-01-01"), CAL)}
    # 3 referrals by the as-at day; the 2nd and 3rd are within 12 months of the one before.
    assert (
        figures["re_referral_12m"]["records"],
        figures["re_referral_12m"]["flagged"],
        figures["re_referral_12m"]["percent"],
    ) == (3, 2, 66.7)
    assert figures["cp_plan_2_years"]["records"] == 0 and figures["cp_plan_2_years"]["percent"] is None


def test_measure_percent_rounds_halves_up():
    # 16 referrals by the as-at day, one of them (A's second) within 12 months of the one before: 6.25% is 6.3.
    refs = [
        {"cine_referral_id": f"R{i}", "cine_person_id": f"C{i}", "cine_referral_date": "2024-01-01"} for i in range(15)
    ]
    refs.append({"cine_referral_id": "R15", "cine_person_id": "C0", "cine_referral_date": "2024-02-01"})
    figures = {m["measure"]: m for m in tm.measures(build(ssd_cin_episodes=refs), rb.load(), D("2025-01-01"), CAL)}
    assert (
        figures["re_referral_12m"]["records"],
        figures["re_referral_12m"]["flagged"],
        figures["re_referral_12m"]["percent"],
    ) == (16, 1, 6.3)
