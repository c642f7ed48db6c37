"""Rows as the builder makes them, and their conversion to SSD-named polars frames.

Rows are tuples in the column order below; dates are day ordinals (None when
empty) until `to_frames` turns them into polars dates. Columns of an SSD table
that are not listed here are left at their empty default by the writer.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

COLUMNS: dict[str, tuple[str, ...]] = {
    "ssd_department": ("dept_team_id", "dept_team_name", "dept_team_parent_id", "dept_team_parent_name", "dept_team_type"),
    "ssd_professionals": (
        "prof_professional_id", "prof_staff_id", "prof_professional_name", "prof_social_worker_registration_no",
        "prof_agency_worker_flag", "prof_professional_job_title", "prof_professional_caseload",
        "prof_professional_department", "prof_full_time_equivalency", "prof_grade", "prof_qualified_date",
        "prof_start_date", "prof_end_date", "prof_team_id"),
    "ssd_person": ("pers_person_id", "pers_upn", "pers_forename", "pers_surname", "pers_sex", "pers_gender",
                   "pers_ethnicity", "pers_dob", "pers_upn_unknown", "pers_send_flag", "pers_nationality"),
    "ssd_disability": ("disa_table_id", "disa_person_id", "disa_disability_code"),
    "ssd_immigration_status": ("immi_immigration_status_id", "immi_person_id", "immi_immigration_status",
                               "immi_immigration_status_start_date", "immi_immigration_status_end_date"),
    "ssd_legal_status": ("lega_legal_status_id", "lega_person_id", "lega_legal_status", "lega_legal_status_start_date",
                         "lega_legal_status_end_date"),
    "ssd_contacts": ("cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_source_code",
                     "cont_contact_source_desc", "cont_contact_outcome_json", "cont_contact_decision_date"),
    "ssd_early_help_episodes": ("earl_episode_id", "earl_person_id", "earl_episode_start_date", "earl_episode_end_date",
                                "earl_episode_reason", "earl_episode_end_reason", "earl_episode_organisation",
                                "earl_assessment_completion_date"),
    "ssd_cin_episodes": ("cine_referral_id", "cine_person_id", "cine_referral_date", "cine_cin_primary_need_code",
                         "cine_referral_source_code", "cine_referral_source_desc", "cine_referral_outcome_json",
                         "cine_referral_nfa", "cine_close_reason", "cine_close_date", "cine_referral_team",
                         "cine_referral_worker_id"),
    "ssd_cin_assessments": ("cina_assessment_id", "cina_person_id", "cina_referral_id", "cina_assessment_start_date",
                            "cina_assessment_child_seen", "cina_assessment_auth_date", "cina_assessment_outcome_json",
                            "cina_assessment_outcome_nfa", "cina_assessment_team", "cina_assessment_worker_id"),
    "ssd_assessment_factors": ("cinf_table_id", "cinf_assessment_id", "cinf_assessment_factors_json"),
    "ssd_cin_plans": ("cinp_cin_plan_id", "cinp_referral_id", "cinp_person_id", "cinp_cin_plan_start_date",
                      "cinp_cin_plan_end_date", "cinp_cin_plan_team", "cinp_cin_plan_worker_id"),
    "ssd_cin_visits": ("cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit_date", "cinv_cin_visit_seen",
                       "cinv_cin_visit_seen_alone", "cinv_cin_visit_bedroom"),
    "ssd_strategy_discussions": ("strd_strategy_discussion_id", "strd_person_id", "strd_referral_id",
                                 "strd_strategy_discussion_date", "strd_s47_enquiry_id",
                                 "strd_strategy_discussion_team", "strd_strategy_discussion_worker_id"),
    "ssd_s47_enquiry": ("s47e_s47_enquiry_id", "s47e_referral_id", "s47e_person_id", "s47e_s47_start_date",
                        "s47e_s47_end_date", "s47e_s47_nfa", "s47e_s47_outcome_json", "s47e_s47_completed_by_team",
                        "s47e_s47_completed_by_worker_id"),
    "ssd_initial_cp_conference": ("icpc_icpc_id", "icpc_icpc_meeting_id", "icpc_s47_enquiry_id", "icpc_person_id",
                                  "icpc_cp_plan_id", "icpc_referral_id", "icpc_icpc_transfer_in",
                                  "icpc_icpc_target_date", "icpc_icpc_date", "icpc_icpc_outcome_cp_flag",
                                  "icpc_icpc_outcome_json", "icpc_icpc_team", "icpc_icpc_worker_id"),
    "ssd_cp_plans": ("cppl_cp_plan_id", "cppl_referral_id", "cppl_icpc_id", "cppl_person_id", "cppl_cp_plan_start_date",
                     "cppl_cp_plan_end_date", "cppl_cp_plan_ola", "cppl_cp_plan_initial_category",
                     "cppl_cp_plan_latest_category"),
    "ssd_core_groups": ("cpcg_core_group_id", "cpcg_person_id", "cpcg_cp_plan_id", "cpcg_core_group_date"),
    "ssd_cp_visits": ("cppv_cp_visit_id", "cppv_person_id", "cppv_cp_plan_id", "cppv_cp_visit_date", "cppv_cp_visit_seen",
                      "cppv_cp_visit_seen_alone", "cppv_cp_visit_bedroom"),
    "ssd_cp_reviews": ("cppr_cp_review_id", "cppr_person_id", "cppr_cp_plan_id", "cppr_cp_review_due",
                       "cppr_cp_review_date", "cppr_cp_review_meeting_id", "cppr_cp_review_outcome_continue_cp",
                       "cppr_cp_review_quorate", "cppr_cp_review_participation"),
    "ssd_cla_episodes": ("clae_cla_episode_id", "clae_person_id", "clae_cla_placement_id", "clae_cla_episode_start_date",
                         "clae_cla_episode_start_reason", "clae_cla_primary_need_code", "clae_cla_episode_ceased_date",
                         "clae_cla_episode_ceased_reason", "clae_cla_id", "clae_referral_id",
                         "clae_cla_last_iro_contact_date", "clae_entered_care_date"),
    "ssd_cla_placement": ("clap_cla_placement_id", "clap_cla_id", "clap_person_id", "clap_cla_placement_start_date",
                          "clap_cla_placement_type", "clap_cla_placement_urn", "clap_cla_placement_distance",
                          "clap_cla_placement_provider", "clap_cla_placement_postcode", "clap_cla_placement_end_date",
                          "clap_cla_placement_change_reason"),
    "ssd_cla_reviews": ("clar_cla_review_id", "clar_cla_id", "clar_cla_person_id", "clar_cla_review_due_date",
                        "clar_cla_review_date", "clar_cla_review_cancelled", "clar_cla_review_participation"),
    "ssd_cla_visits": ("clav_cla_visit_id", "clav_cla_id", "clav_person_id", "clav_cla_visit_date", "clav_cla_visit_seen",
                       "clav_cla_visit_seen_alone"),
    "ssd_cla_health": ("clah_health_check_id", "clah_person_id", "clah_health_check_type", "clah_health_check_date",
                       "clah_health_check_status"),
    "ssd_missing": ("miss_table_id", "miss_person_id", "miss_missing_episode_start_date", "miss_missing_episode_type",
                    "miss_missing_episode_end_date", "miss_missing_rhi_offered", "miss_missing_rhi_accepted"),
    "ssd_care_leavers": ("clea_table_id", "clea_person_id", "clea_care_leaver_eligibility", "clea_care_leaver_in_touch",
                         "clea_care_leaver_latest_contact", "clea_care_leaver_accommodation",
                         "clea_care_leaver_accom_suitable", "clea_care_leaver_activity", "clea_pathway_plan_review_date",
                         "clea_care_leaver_personal_advisor", "clea_care_leaver_allocated_team",
                         "clea_care_leaver_worker_id", "clea_care_leaver_start_date", "clea_care_leaver_end_date"),
    "ssd_care_leaver_contacts": ("clec_contact_id", "clec_person_id", "clec_contact_date", "clec_worker_id"),
    "ssd_pathway_plan_reviews": ("clpp_pathway_plan_review_id", "clpp_person_id", "clpp_pathway_plan_review_date"),
    "ssd_permanence": ("perm_table_id", "perm_person_id", "perm_cla_id", "perm_adm_decision_date",
                       "perm_placement_order_date", "perm_matched_date", "perm_placed_for_adoption_date",
                       "perm_permanence_order_date", "perm_permanence_order_type", "perm_adoption_worker_id",
                       "perm_family_id", "perm_adopter_sex", "perm_number_of_adopters"),
    "ssd_adopters": ("adop_table_id", "adop_adopter_id", "adop_family_id", "adop_sex", "adop_ethnicity",
                     "adop_disability", "adop_ffa_flag", "adop_enquiry_date", "adop_stage1_start_date",
                     "adop_stage1_end_date", "adop_stage2_start_date", "adop_stage2_end_date", "adop_application_date",
                     "adop_approval_date", "adop_matched_date", "adop_placed_date", "adop_children_placed",
                     "adop_adoption_order_date"),
    "ssd_involvements": ("invo_involvements_id", "invo_professional_id", "invo_professional_role_id",
                         "invo_professional_team", "invo_person_id", "invo_referral_id",
                         "invo_involvement_start_date", "invo_involvement_end_date", "invo_worker_change_reason"),
}

DATE_SUFFIXES = ("_date", "_dob", "_due")
_EPOCH = dt.date(1970, 1, 1).toordinal()


def is_date(column: str) -> bool:
    return column.endswith(DATE_SUFFIXES) or column == "pers_dob"


def _dtype(column: str):
    if is_date(column):
        return pl.Int64
    if column in ("prof_professional_caseload", "perm_number_of_adopters", "adop_children_placed"):
        return pl.Int64
    if column in ("prof_full_time_equivalency", "clap_cla_placement_distance"):
        return pl.Float64
    return pl.String


def to_frame(name: str, rows: list[tuple]) -> pl.DataFrame:
    """ROWS of table NAME as a frame with SSD names and polars dates."""
    cols = COLUMNS[name]
    frame = pl.DataFrame(rows, schema={c: _dtype(c) for c in cols}, orient="row")
    dates = [c for c in cols if is_date(c)]
    return frame.with_columns([(pl.col(c) - _EPOCH).cast(pl.Int32).cast(pl.Date) for c in dates])
