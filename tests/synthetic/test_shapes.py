"""The small council has the shapes of national-figures.md and the awkward cases the other apps need."""

import datetime as dt

import polars as pl
import pytest

from oversight.analytics import cohorts
from oversight.analytics.workdays import WorkingDayCalendar
from tests.synthetic import shapes

pytestmark = pytest.mark.django_db


def _three_years(as_at):
    return as_at - dt.timedelta(days=3 * 365)


def test_about_a_fifth_of_referrals_are_re_referrals(small):
    frames, as_at = small
    share = shapes.re_referral_share(frames["ssd_cin_episodes"], _three_years(as_at), as_at)
    assert 0.15 <= share <= 0.27


def test_assessment_durations_follow_the_national_shape(small):
    frames, as_at = small
    days = shapes.assessment_durations(frames["ssd_cin_episodes"], frames["ssd_cin_assessments"], _three_years(as_at))
    assert days.len() > 500
    assert 28 <= days.median() <= 38
    assert 0.75 <= (days <= 45).mean() <= 0.95
    assert (days > 45).sum() > 0  # late assessments exist


def test_caseloads_average_about_sixteen_with_some_over_twenty_five(small):
    frames, as_at = small
    loads = shapes.caseloads(frames["ssd_involvements"], frames["ssd_professionals"], as_at)
    assert loads.len() >= 10
    assert 12 <= loads.mean() <= 20
    assert (loads > 25).sum() >= 1
    assert loads.min() < 10  # a real spread, not everyone at the average


def test_workforce_agency_share_turnover_and_newly_qualified(small):
    frames, as_at = small
    staff = frames["ssd_professionals"]
    assert 0.12 <= shapes.agency_share(staff, as_at) <= 0.24
    year_ago = as_at - dt.timedelta(days=365)
    assert staff.filter(pl.col("prof_end_date").is_between(year_ago, as_at)).height > 0  # leavers
    assert staff.filter(pl.col("prof_start_date").is_between(year_ago, as_at)).height > 0  # starters
    nqsw = shapes.employed(staff, as_at).filter(pl.col("prof_grade") == "nqsw")
    assert nqsw.height >= 2
    qualified_days = nqsw.select((pl.lit(as_at) - pl.col("prof_qualified_date")).dt.total_days()).to_series()
    assert qualified_days.max() < 365
    assert (qualified_days >= 365 - 12 * 7).sum() >= 1  # first anniversary within twelve weeks


def test_unallocated_children_and_workers_who_left_with_open_cases(small):
    frames, as_at = small
    assert cohorts.unallocated_children(frames, as_at, ["CW"]).len() > 0
    assert shapes.left_with_open_cases(frames["ssd_involvements"], frames["ssd_professionals"], as_at).height > 0


def test_repeat_child_protection_plans_exist(small):
    frames, _ = small
    plans = frames["ssd_cp_plans"].group_by("cppl_person_id").len()
    assert plans.filter(pl.col("len") >= 2).height >= 1


def test_some_events_fall_on_bank_holidays(small):
    frames, _ = small
    assert shapes.bank_holiday_events(frames["ssd_contacts"], "cont_contact_date") > 0
    assert shapes.bank_holiday_events(frames["ssd_cla_visits"], "clav_cla_visit_date") > 0


def test_contact_decisions_mostly_within_one_working_day(small):
    frames, _ = small
    decided = frames["ssd_contacts"].filter(pl.col("cont_contact_decision_date").is_not_null())
    days = WorkingDayCalendar().between_series(decided["cont_contact_date"], decided["cont_contact_decision_date"])
    assert 0.85 <= (days <= 1).mean() < 1.0


def test_icpcs_mostly_within_fifteen_working_days_of_the_strategy_discussion(small):
    frames, _ = small
    icpc = frames["ssd_initial_cp_conference"].join(
        frames["ssd_s47_enquiry"], left_on="icpc_s47_enquiry_id", right_on="s47e_s47_enquiry_id"
    )
    days = WorkingDayCalendar().between_series(icpc["s47e_s47_start_date"], icpc["icpc_icpc_date"])
    assert 0.7 <= (days <= 15).mean() < 1.0
    target = WorkingDayCalendar().add_series(icpc["s47e_s47_start_date"], 15)
    assert (target == icpc["icpc_icpc_target_date"]).all()


def test_overdue_reviews_and_visits_on_the_as_at_date(small):
    frames, as_at = small
    for table, due, held in (
        ("ssd_cp_reviews", "cppr_cp_review_due", "cppr_cp_review_date"),
        ("ssd_cla_reviews", "clar_cla_review_due_date", "clar_cla_review_date"),
    ):
        overdue = frames[table].filter((pl.col(due) < as_at) & pl.col(held).is_null())
        assert overdue.height > 0, table
    in_care = cohorts.in_care_children(frames["ssd_cla_episodes"], as_at).to_frame("id")
    last_visit = (
        frames["ssd_cla_visits"].group_by("clav_person_id").agg(pl.col("clav_cla_visit_date").max().alias("last"))
    )
    late = in_care.join(last_visit, left_on="id", right_on="clav_person_id", how="left").filter(
        pl.col("last").is_null() | (pl.col("last") < as_at - dt.timedelta(days=42))
    )
    assert late.height > 0


def test_roles_and_change_reasons_of_involvements(small):
    frames, _ = small
    inv = frames["ssd_involvements"]
    assert set(inv["invo_professional_role_id"].unique()) >= {"CW", "IRO", "PA"}
    assert set(inv["invo_worker_change_reason"].unique()) >= {"FCONTA", "TSPROC", "LEFTRL", "MANAGE"}


def test_department_tree(small):
    frames, _ = small
    dept = frames["ssd_department"]
    localities = dept.filter(pl.col("dept_team_type") == "locality")
    assert sorted(localities["dept_team_name"]) == ["Central", "North", "South"]
    teams = dept.filter(pl.col("dept_team_type") == "team")
    names = " ".join(teams["dept_team_name"])
    for part in (
        "MASH",
        "Assessment",
        "North Family Safeguarding",
        "Children in Care",
        "Leaving Care",
        "Independent Reviewing",
        "Child Protection Chairs",
    ):
        assert part in names
    # Every team hangs from a service area or a locality, and every worker is in a team.
    assert set(teams["dept_team_parent_id"]) <= set(dept.filter(pl.col("dept_team_type") != "team")["dept_team_id"])
    assert set(frames["ssd_professionals"]["prof_team_id"]) <= set(teams["dept_team_id"])


def test_codes_are_valid(small):
    frames, _ = small
    cin = frames["ssd_cin_episodes"]
    assert set(cin["cine_cin_primary_need_code"]) <= {f"N{i}" for i in range(10)}
    assert set(cin["cine_close_reason"]) - {""} <= {f"RC{i}" for i in range(1, 10)}
    assert set(frames["ssd_legal_status"]["lega_legal_status"]) <= {
        "C1",
        "C2",
        "D1",
        "E1",
        "V2",
        "V3",
        "V4",
        "L1",
        "L2",
        "L3",
        "J1",
        "J2",
        "J3",
    }
    health = frames["ssd_cla_health"]
    assert set(health["clah_health_check_type"]) == {"Health assessment", "Dental check"}
    assert "Completed" in set(health["clah_health_check_status"])


PERIODS = [
    ("ssd_cin_episodes", "cine_referral_date", "cine_close_date"),
    ("ssd_cin_plans", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
    ("ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    ("ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
    ("ssd_cla_placement", "clap_cla_placement_start_date", "clap_cla_placement_end_date"),
    ("ssd_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date"),
    ("ssd_care_leavers", "clea_care_leaver_start_date", "clea_care_leaver_end_date"),
    ("ssd_involvements", "invo_involvement_start_date", "invo_involvement_end_date"),
    ("ssd_professionals", "prof_start_date", "prof_end_date"),
    ("ssd_professionals", "prof_qualified_date", "prof_start_date"),
    ("ssd_cin_episodes", "cine_referral_date", "cine_close_date"),
    ("ssd_s47_enquiry", "s47e_s47_start_date", "s47e_s47_end_date"),
    ("ssd_missing", "miss_missing_episode_start_date", "miss_missing_episode_end_date"),
]


def test_periods_end_after_they_start(small):
    frames, _ = small
    for table, start, end in PERIODS:
        backwards = frames[table].filter(pl.col(end) < pl.col(start))
        assert backwards.height == 0, (table, start, end)


def test_ids_refer_to_rows_that_exist(small):
    frames, _ = small
    people = set(frames["ssd_person"]["pers_person_id"])
    for name, frame in frames.items():
        person_cols = [c for c in frame.columns if c.endswith("person_id") and not c.startswith("pers_")]
        for col in person_cols:
            assert set(frame[col]) <= people, (name, col)
    workers = set(frames["ssd_professionals"]["prof_professional_id"])
    assert set(frames["ssd_involvements"]["invo_professional_id"]) <= workers
    referrals = set(frames["ssd_cin_episodes"]["cine_referral_id"]) | {""}
    for name, col in (
        ("ssd_cin_assessments", "cina_referral_id"),
        ("ssd_cp_plans", "cppl_referral_id"),
        ("ssd_cla_episodes", "clae_referral_id"),
        ("ssd_involvements", "invo_referral_id"),
    ):
        assert set(frames[name][col]) <= referrals, name
    plans = set(frames["ssd_cp_plans"]["cppl_cp_plan_id"])
    assert set(frames["ssd_cp_visits"]["cppv_cp_plan_id"]) <= plans
    assert set(frames["ssd_cp_reviews"]["cppr_cp_plan_id"]) <= plans


def test_children_are_under_eighteen_at_referral(small):
    frames, _ = small
    ages = frames["ssd_cin_episodes"].join(frames["ssd_person"], left_on="cine_person_id", right_on="pers_person_id")
    years = (pl.col("cine_referral_date") - pl.col("pers_dob")).dt.total_days() / 365.25
    assert ages.filter((years < 0) | (years >= 18)).height == 0
