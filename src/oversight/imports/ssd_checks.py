"""Checks across SSD tables: references, dates after the extract, before birth, ends before starts.

A record pointing at a child or worker not in the extract is an error; other
dangling references (teams, referrals, plans) are warnings, as the SSD itself
allows them (ssd.md §1: its foreign keys are commented out).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.imports.report import Checks, Problems, rows_where, settle
from oversight.people.ssd import Table, tables

# Dates that may lie after the extract: due and target dates, and dates known ahead.
AFTER_EXTRACT_ALLOWED = {
    "cppr_cp_review_due",
    "clar_cla_review_due_date",
    "icpc_icpc_target_date",
    "pers_expected_dob",
    "immi_immigration_status_end_date",  # leave to remain runs to a known date
    "prof_end_date",  # a leaving date agreed ahead
}
BEFORE_BIRTH_DAYS = 40 * 7

# (start, end) pairs in which the end may not come before the start.
PERIODS: dict[str, list[tuple[str, str]]] = {
    "ssd_person": [("pers_dob", "pers_death_date")],
    "ssd_professionals": [("prof_start_date", "prof_end_date")],
    "ssd_immigration_status": [("immi_immigration_status_start_date", "immi_immigration_status_end_date")],
    "ssd_legal_status": [("lega_legal_status_start_date", "lega_legal_status_end_date")],
    "ssd_early_help_episodes": [
        ("earl_episode_start_date", "earl_episode_end_date"),
        ("earl_episode_start_date", "earl_assessment_completion_date"),
    ],
    "ssd_cin_episodes": [("cine_referral_date", "cine_close_date")],
    "ssd_cin_assessments": [("cina_assessment_start_date", "cina_assessment_auth_date")],
    "ssd_cin_plans": [("cinp_cin_plan_start_date", "cinp_cin_plan_end_date")],
    "ssd_s47_enquiry": [("s47e_s47_start_date", "s47e_s47_end_date")],
    "ssd_cp_plans": [("cppl_cp_plan_start_date", "cppl_cp_plan_end_date")],
    "ssd_cla_episodes": [("clae_cla_episode_start_date", "clae_cla_episode_ceased_date")],
    "ssd_cla_placement": [("clap_cla_placement_start_date", "clap_cla_placement_end_date")],
    "ssd_missing": [("miss_missing_episode_start_date", "miss_missing_episode_end_date")],
    "ssd_care_leavers": [("clea_care_leaver_start_date", "clea_care_leaver_end_date")],
    "ssd_involvements": [("invo_involvement_start_date", "invo_involvement_end_date")],
    "ssd_adopters": [
        ("adop_stage1_start_date", "adop_stage1_end_date"),
        ("adop_stage2_start_date", "adop_stage2_end_date"),
    ],
}

TEAM_FIELDS = {
    "team_parent_id",
    "team_id",
    "professional_team",
    "referral_team",
    "assessment_team",
    "cin_plan_team",
    "strategy_discussion_team",
    "s47_completed_by_team",
    "icpc_team",
    "care_leaver_allocated_team",
}
# field -> (table, its key column) for references that only warn.
OTHER_REFERENCES = {
    "referral_id": ("ssd_cin_episodes", "cine_referral_id"),
    "assessment_id": ("ssd_cin_assessments", "cina_assessment_id"),
    "cp_plan_id": ("ssd_cp_plans", "cppl_cp_plan_id"),
    "s47_enquiry_id": ("ssd_s47_enquiry", "s47e_s47_enquiry_id"),
    "icpc_id": ("ssd_initial_cp_conference", "icpc_icpc_id"),
    "cla_id": ("ssd_cla_episodes", "clae_cla_id"),
    "cla_placement_id": ("ssd_cla_placement", "clap_cla_placement_id"),
}


def person_column(table: Table) -> str | None:
    if table.name == "ssd_person":
        return None
    return next((c.name for c in table.columns if c.field == "person_id"), None)


def worker_columns(table: Table) -> list[str]:
    if table.name == "ssd_professionals":
        return []
    return [
        c.name
        for c in table.columns
        if c.field.endswith("worker_id") or (table.name == "ssd_involvements" and c.field == "professional_id")
    ]


def _ids(frames: dict[str, pl.DataFrame], table: str, column: str) -> pl.DataFrame:
    frame = frames.get(table)
    if frame is None:
        return pl.DataFrame(schema={"__id": pl.String})
    return frame.select(pl.col(column).alias("__id")).drop_nulls().unique()


def _missing(frame: pl.DataFrame, column: str, ids: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col(column).is_not_null()).join(ids, left_on=column, right_on="__id", how="anti")


def check(
    frames: dict[str, pl.DataFrame],
    files: dict[str, str],
    as_at: dt.date,
    errors: Problems,
    warnings: Problems,
    date_texts: dict[str, pl.DataFrame] | None = None,
    blanked: Problems | None = None,
) -> None:
    """FRAMES: the typed tables read (with `__row`); FILES: table name -> file name;
    DATE_TEXTS: date columns as written, where not ISO (ssd_tables.convert), to quote in messages;
    BLANKED, if given: invalid dates are left blank in FRAMES and listed there (report.settle).

    A table whose file was given but could not be read (already an error) is not
    checked against: every row pointing into it would otherwise be a second error.
    """
    unread = set(files) - set(frames)
    people = _ids(frames, "ssd_person", "pers_person_id")
    workers = _ids(frames, "ssd_professionals", "prof_professional_id")
    teams = _ids(frames, "ssd_department", "dept_team_id")
    dob = (
        frames["ssd_person"].select(pl.col("pers_person_id").alias("__pid"), pl.col("pers_dob").alias("__dob"))
        if "ssd_person" in frames
        else pl.DataFrame(schema={"__pid": pl.String, "__dob": pl.Date})
    )
    person_file = files.get("ssd_person", "ssd_person.csv")
    worker_file = files.get("ssd_professionals", "ssd_professionals.csv")
    for table in tables():
        frame = frames.get(table.name)
        if frame is None or not frame.height:
            continue
        file, sheet = files[table.name], table.name
        where = dict(file=file, sheet=sheet)
        pcol = person_column(table)
        if pcol:
            errors.add_frame(
                rows_where(
                    frame,
                    pl.col(pcol).is_null(),
                    column=pcol,
                    value=pcol,
                    message="Blank: every row needs the child's id.",
                    **where,
                )
            )
        if pcol and "ssd_person" not in unread:
            errors.add_frame(
                rows_where(
                    _missing(frame, pcol, people),
                    pl.lit(True),
                    column=pcol,
                    value=pcol,
                    message=f"No child with this id in {person_file}.",
                    **where,
                )
            )
        for wcol in worker_columns(table) if "ssd_professionals" not in unread else ():
            errors.add_frame(
                rows_where(
                    _missing(frame, wcol, workers),
                    pl.lit(True),
                    column=wcol,
                    value=wcol,
                    message=f"No worker with this id in {worker_file}.",
                    **where,
                )
            )
        for c in table.columns:
            target = None
            if c.field in TEAM_FIELDS and c.kind != "id":
                target = ("ssd_department", teams)
            elif c.field in OTHER_REFERENCES and c.kind != "id":
                ref_table, ref_column = OTHER_REFERENCES[c.field]
                target = (ref_table, _ids(frames, ref_table, ref_column))
            if target and target[0] not in unread:
                _warn_dangling(frame, c.name, target[0], target[1], files, warnings, **where)
        found = Problems()
        _check_dates(
            frame, table, as_at, dob if pcol else None, pcol, found, (date_texts or {}).get(table.name), **where
        )
        frames[table.name] = settle(found, frame, errors, warnings, blanked)


def _warn_dangling(frame, column, ref_table, ids, files, warnings, *, file, sheet) -> None:
    missing = _missing(frame, column, ids)
    if missing.height:
        first = missing.sort("__row").head(1)
        ref_file = files.get(ref_table, f"{ref_table}.csv")
        warnings.add_frame(
            rows_where(
                first,
                pl.lit(True),
                file=file,
                sheet=sheet,
                column=column,
                value=column,
                message=f"{missing.height} row(s) point at an id not in {ref_file} (this is the first); loaded as given.",
            )
        )


def _check_dates(
    frame, table: Table, as_at, dob, pcol, errors: Problems, texts: pl.DataFrame | None, *, file, sheet
) -> None:
    dates = [c.name for c in table.columns if c.kind == "date"]
    if not dates:
        return
    written = set(texts.columns) - {"__row"} if texts is not None else set()

    def value(name: str) -> pl.Expr:
        # The date as the file has it when it was not written as an ISO date.
        return pl.coalesce(pl.col(f"{name}__text"), pl.col(name).cast(pl.String)) if name in written else pl.col(name)

    checks = Checks(file, sheet)
    for name in dates:
        if name not in AFTER_EXTRACT_ALLOWED:
            checks.add(
                pl.col(name) > as_at,
                name,
                value(name),
                f"After the extract date ({as_at.isoformat()}): only due and target dates may be later.",
                name,
            )
    for start, end in PERIODS.get(table.name, []):
        checks.add(
            pl.col(end) < pl.col(start),
            end,
            value(end),
            f"Ends before it starts: {end} is earlier than {start} on this row.",
            end,
        )
    if written:
        frame = frame.join(texts.rename({n: f"{n}__text" for n in written}), on="__row", how="left")
    checks.run(frame, errors)
    if dob is not None:
        with_dob = frame.join(dob, left_on=pcol, right_on="__pid", how="inner").filter(pl.col("__dob").is_not_null())
        earliest = pl.col("__dob") - pl.duration(days=BEFORE_BIRTH_DAYS)
        births = Checks(file, sheet)
        for name in dates:
            births.add(
                pl.col(name) < earliest,
                name,
                value(name),
                "More than 40 weeks before the child's date of birth.",
                name,
            )
        births.run(with_dob.sort("__row"), errors)
