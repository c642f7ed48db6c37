"""Shape measures of a council's frames, computed directly with polars for the tests."""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics.workdays import WorkingDayCalendar, bank_holidays

SOCIAL_WORK_GRADES = ["nqsw", "social_worker", "senior_practitioner", "team_manager", "iro", "cp_chair"]


def _open(frame: pl.DataFrame, start: str, end: str, day: dt.date) -> pl.DataFrame:
    return frame.filter((pl.col(start) <= day) & (pl.col(end).is_null() | (pl.col(end) > day)))


def employed(professionals: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    return _open(professionals, "prof_start_date", "prof_end_date", day)


def re_referral_share(cin: pl.DataFrame, since: dt.date, until: dt.date) -> float:
    """Share of referrals dated SINCE..UNTIL made within 365 days of the child's previous referral."""
    ordered = cin.sort(["cine_person_id", "cine_referral_date", "cine_referral_id"]).with_columns(
        pl.col("cine_referral_date").shift(1).over("cine_person_id").alias("previous")
    )
    window = ordered.filter(pl.col("cine_referral_date").is_between(since, until))
    again = window.filter((pl.col("cine_referral_date") - pl.col("previous")).dt.total_days() <= 365)
    return again.height / window.height


def assessment_durations(cin: pl.DataFrame, assessments: pl.DataFrame, since: dt.date) -> pl.Series:
    """Working days from referral to authorisation for assessments authorised on or after SINCE."""
    done = assessments.filter(pl.col("cina_assessment_auth_date") >= since).join(
        cin.select("cine_referral_id", "cine_referral_date"), left_on="cina_referral_id", right_on="cine_referral_id"
    )
    return WorkingDayCalendar().between_series(done["cine_referral_date"], done["cina_assessment_auth_date"])


def caseloads(involvements: pl.DataFrame, professionals: pl.DataFrame, day: dt.date) -> pl.Series:
    """Open case-worker involvements per employed worker holding at least one."""
    staff = employed(professionals, day).select("prof_professional_id")
    inv = _open(involvements, "invo_involvement_start_date", "invo_involvement_end_date", day).filter(
        pl.col("invo_professional_role_id") == "CW"
    )
    inv = inv.join(staff, left_on="invo_professional_id", right_on="prof_professional_id", how="semi")
    return inv.group_by("invo_professional_id").len().get_column("len")


def agency_share(professionals: pl.DataFrame, day: dt.date) -> float:
    staff = employed(professionals, day).filter(pl.col("prof_grade").is_in(SOCIAL_WORK_GRADES))
    return staff.filter(pl.col("prof_agency_worker_flag") == "Y").height / staff.height


def turnover(professionals: pl.DataFrame, day: dt.date) -> float:
    """Leavers in the year to DAY over the headcount on DAY (social work grades)."""
    sw = professionals.filter(pl.col("prof_grade").is_in(SOCIAL_WORK_GRADES))
    year_ago = day - dt.timedelta(days=365)
    leavers = sw.filter((pl.col("prof_end_date") > year_ago) & (pl.col("prof_end_date") <= day)).height
    return leavers / employed(sw, day).height


def bank_holiday_events(frame: pl.DataFrame, column: str) -> int:
    return frame.filter(pl.col(column).is_in(sorted(bank_holidays()))).height


def left_with_open_cases(involvements: pl.DataFrame, professionals: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Involvements still open on DAY whose worker had left before it."""
    inv = _open(involvements, "invo_involvement_start_date", "invo_involvement_end_date", day)
    gone = professionals.filter(pl.col("prof_end_date") <= day).select("prof_professional_id")
    return inv.join(gone, left_on="invo_professional_id", right_on="prof_professional_id", how="semi")
