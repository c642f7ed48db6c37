"""A hand-made SSD extract through the real command line: `import ssd`, then `timeliness`.

Every item's due date, completion, status and days late below was worked out by hand, with the
England and Wales bank holidays of shared/reference/timescales.md §1.1: Christmas and New Year
substitute days 2021-22 and 2022-23, the state funeral (19 Sep 2022), Easter and the coronation
(8 May 2023), Easter 2024; and month ends (31 Aug + 6 months = 29 Feb 2024, 30 Nov + 3 months =
28 Feb 2023 or 29 Feb 2024, 31 Dec + 2 months = 29 Feb 2024, 31 Jan + 2 months = 31 Mar). The
extract is dated 31 Oct 2024 and read as at Mon 30 Sep 2024 (due soon up to Mon 7 Oct), so the
one contact of 1 Oct is not yet known.
"""

import csv
import datetime as dt
import json

import pytest

from oversight.cli import main

pytestmark = pytest.mark.django_db

A = dt.date(2024, 9, 30)


def d(s):
    return dt.date.fromisoformat(s)


def od(due, end=None):
    """Days overdue: to the as-at date, or to the record's end."""
    return ((d(end) if end else A) - d(due)).days


def person(pid, dob="2015-01-01"):
    return dict(pers_person_id=pid, pers_forename="A", pers_surname="B", pers_sex="M", pers_dob=dob)


def flag(key):
    return json.dumps({key: "Y"})


def _extract():
    A = {}
    A["ssd_department"] = [
        dict(dept_team_id="T1", dept_team_name="Team 1", dept_team_type="team"),
        dict(dept_team_id="T2", dept_team_name="Team 2", dept_team_type="team"),
    ]
    A["ssd_professionals"] = [
        dict(prof_professional_id="W1", prof_professional_name="W One", prof_team_id="T1"),
        dict(prof_professional_id="W2", prof_professional_name="W Two", prof_team_id="T2"),
    ]
    A["ssd_involvements"] = [
        dict(
            invo_involvements_id="I1",
            invo_professional_id="W1",
            invo_professional_role_id="CW",
            invo_person_id="C02",
            invo_involvement_start_date="2021-01-01",
            invo_involvement_end_date="2022-01-03",
        ),
        dict(
            invo_involvements_id="I2",
            invo_professional_id="W2",
            invo_professional_role_id="CW",
            invo_person_id="C02",
            invo_involvement_start_date="2022-01-04",
        ),
    ]
    persons = [
        "C01",
        "C02",
        "C10",
        "C11",
        "C12",
        "C13",
        "C14",
        "C20",
        "C21",
        "C22",
        "C23",
        "C24",
        "C25",
        "C26",
        "C27",
        "C40",
        "C41",
        "C42",
    ]
    A["ssd_person"] = [person(p) for p in persons] + [
        person("C30", "2019-06-15"),
        person("C31", "2018-03-01"),
        person("C32", ""),
    ]

    def contact(i, p, d, dec=""):
        return dict(cont_contact_id=i, cont_person_id=p, cont_contact_date=d, cont_contact_decision_date=dec)

    A["ssd_contacts"] = [
        contact("K1", "C01", "2023-04-06", "2023-04-11"),
        contact("K2", "C01", "2024-03-28", "2024-04-02"),
        contact("K3", "C01", "2022-12-23", "2022-12-29"),
        contact("K4", "C02", "2021-12-31"),
        contact("K5", "C01", "2022-09-16", "2022-09-20"),
        contact("K6", "C01", "2023-05-05", "2023-05-09"),
        contact("K7", "C01", "2024-09-28"),
        contact("K8", "C01", "2024-10-01", "2024-10-02"),
    ]

    def ref(i, p, d, nfa="N", close="", outcome=""):
        return dict(
            cine_referral_id=i,
            cine_person_id=p,
            cine_referral_date=d,
            cine_referral_nfa=nfa,
            cine_close_date=close,
            cine_referral_outcome_json=outcome,
        )

    A["ssd_cin_episodes"] = [
        ref("R1", "C10", "2023-04-03"),
        ref("R2", "C10", "2024-03-28"),
        ref("R3", "C11", "2024-05-01", "Y", "2024-05-01"),
        ref("R4", "C11", "2022-12-20", "N", "2023-01-10"),
        ref("R5", "C12", "2024-07-01"),
        ref("R6", "C13", "2022-09-15", "Y"),
        ref("R7", "C13", "2023-05-03", "Y", "2023-06-30", flag("STRATEGY_DISCUSSION_FLAG")),
        ref("R8", "C14", "2024-03-27", "Y"),
    ]

    def asm(i, p, r, auth):
        return dict(cina_assessment_id=i, cina_person_id=p, cina_referral_id=r, cina_assessment_auth_date=auth)

    A["ssd_cin_assessments"] = [
        asm("A1", "C10", "R1", "2023-06-12"),
        asm("A2", "C10", "R2", "2024-06-06"),
        asm("A2b", "C10", "R2", "2024-06-20"),
    ]

    def sd(i, p, r, d):
        return dict(
            strd_strategy_discussion_id=i, strd_person_id=p, strd_referral_id=r, strd_strategy_discussion_date=d
        )

    A["ssd_strategy_discussions"] = [sd("SD6", "C13", "R6", "2022-09-21"), sd("SD8", "C14", "R8", "2024-04-04")]

    def s47(i, p, d, outcome=""):
        return dict(s47e_s47_enquiry_id=i, s47e_person_id=p, s47e_s47_start_date=d, s47e_s47_outcome_json=outcome)

    A["ssd_s47_enquiry"] = [
        s47("S1", "C20", "2022-09-12"),
        s47("S2", "C21", "2023-12-14"),
        s47("S3", "C22", "2024-09-20", flag("CP_CONFERENCE_FLAG")),
        s47("S4", "C23", "2024-01-10"),
        s47("S5", "C24", "2022-11-10"),
        s47("S6", "C27", "2021-12-10"),
    ]

    def icpc(i, p, s, d, plan="", ti="N"):
        return dict(
            icpc_icpc_id=i,
            icpc_s47_enquiry_id=s,
            icpc_person_id=p,
            icpc_cp_plan_id=plan,
            icpc_icpc_transfer_in=ti,
            icpc_icpc_date=d,
        )

    A["ssd_initial_cp_conference"] = [
        icpc("I1", "C20", "S1", "2022-10-04", "P1"),
        icpc("I2", "C21", "S2", "2024-01-09", "P2"),
        icpc("I4", "C23", "S4", "2024-01-20", "", "Y"),
        icpc("I5", "C24", "S5", "2022-11-30", "P3"),
        icpc("I6", "C25", "", "2023-05-31", "P4"),
        icpc("I7", "C27", "S6", "2022-01-06"),
    ]

    def plan(i, p, s, e="", ola="N", ic=""):
        return dict(
            cppl_cp_plan_id=i,
            cppl_person_id=p,
            cppl_cp_plan_start_date=s,
            cppl_cp_plan_end_date=e,
            cppl_cp_plan_ola=ola,
            cppl_icpc_id=ic,
        )

    A["ssd_cp_plans"] = [
        plan("P1", "C20", "2022-10-04", ic="I1"),
        plan("P2", "C21", "2024-01-09"),
        plan("P3", "C24", "2022-11-30", "2024-01-15"),
        plan("P4", "C25", "2023-05-31"),
        plan("P6", "C26", "2024-02-01", ola="Y"),
    ]

    def cg(i, p, plan, d):
        return dict(cpcg_core_group_id=i, cpcg_person_id=p, cpcg_cp_plan_id=plan, cpcg_core_group_date=d)

    A["ssd_core_groups"] = [cg("G1", "C20", "P1", "2022-10-18"), cg("G2", "C21", "P2", "2024-01-24")]

    def cpr(i, p, plan, d):
        return dict(cppr_cp_review_id=i, cppr_person_id=p, cppr_cp_plan_id=plan, cppr_cp_review_date=d)

    A["ssd_cp_reviews"] = [
        cpr("V1", "C20", "P1", "2023-01-04"),
        cpr("V2", "C21", "P2", "2024-04-09"),
        cpr("V3a", "C24", "P3", "2023-02-28"),
        cpr("V3b", "C24", "P3", "2023-09-01"),
        cpr("V4a", "C25", "P4", "2023-08-31"),
        cpr("V4b", "C25", "P4", "2024-02-29"),
        cpr("V4c", "C25", "P4", "2024-09-02"),
        cpr("V6", "C26", "P6", "2024-03-01"),
    ]

    def cpv(i, p, plan, d):
        return dict(cppv_cp_visit_id=i, cppv_person_id=p, cppv_cp_plan_id=plan, cppv_cp_visit_date=d)

    A["ssd_cp_visits"] = [cpv("CV1", "C20", "P1", "2022-10-18"), cpv("CV2", "C20", "P1", "2022-11-02")]

    def ep(i, p, cla, s, entered, ceased=""):
        return dict(
            clae_cla_episode_id=i,
            clae_person_id=p,
            clae_cla_id=cla,
            clae_cla_episode_start_date=s,
            clae_entered_care_date=entered,
            clae_cla_episode_ceased_date=ceased,
        )

    A["ssd_cla_episodes"] = [
        ep("E1", "C30", "LA1", "2021-12-20", "2021-12-20", "2023-06-30"),
        ep("E2", "C31", "LA2", "2023-11-01", "2023-11-01"),
        ep("E3a", "C32", "LA3", "2024-08-19", "2024-08-19", "2024-09-02"),
        ep("E3b", "C32", "LA3", "2024-09-02", "2024-08-19"),
    ]

    def pl_(i, p, cla, s, typ, e=""):
        return dict(
            clap_cla_placement_id=i,
            clap_cla_id=cla,
            clap_person_id=p,
            clap_cla_placement_start_date=s,
            clap_cla_placement_type=typ,
            clap_cla_placement_end_date=e,
        )

    A["ssd_cla_placement"] = [
        pl_("PL1", "C30", "LA1", "2021-12-20", "U1", "2023-06-30"),
        pl_("PL2", "C31", "LA2", "2023-11-01", "U3"),
        pl_("PL3a", "C32", "LA3", "2024-08-19", "U3", "2024-09-02"),
        pl_("PL3b", "C32", "LA3", "2024-09-02", "U4"),
    ]

    def rev(i, p, cla, d, canc="N"):
        return dict(
            clar_cla_review_id=i,
            clar_cla_id=cla,
            clar_cla_person_id=p,
            clar_cla_review_date=d,
            clar_cla_review_cancelled=canc,
        )

    A["ssd_cla_reviews"] = [
        rev("RV0", "C30", "LA1", "2022-01-10", "Y"),
        rev("RV1", "C30", "LA1", "2022-01-20"),
        rev("RV2", "C30", "LA1", "2022-04-22"),
        rev("RV3", "C30", "LA1", "2022-10-21"),
        rev("RV4", "C31", "LA2", "2023-11-30"),
        rev("RV5", "C31", "LA2", "2024-03-01"),
    ]

    def vis(i, p, cla, d):
        return dict(clav_cla_visit_id=i, clav_cla_id=cla, clav_person_id=p, clav_cla_visit_date=d)

    A["ssd_cla_visits"] = (
        [
            vis(f"LV{n}", "C30", "LA1", d)
            for n, d in enumerate(["2021-12-27", "2022-02-08", "2022-12-19", "2023-01-30", "2023-04-28"])
        ]
        + [vis(f"LW{n}", "C31", "LA2", d) for n, d in enumerate(["2023-11-08", "2024-01-31", "2024-03-13"])]
        + [vis(f"LX{n}", "C32", "LA3", d) for n, d in enumerate(["2024-08-23", "2024-09-09"])]
    )

    def hc(i, p, t, d, s="Completed"):
        return dict(
            clah_health_check_id=i,
            clah_person_id=p,
            clah_health_check_type=t,
            clah_health_check_date=d,
            clah_health_check_status=s,
        )

    A["ssd_cla_health"] = [
        hc("H1", "C30", "Initial health assessment", "2022-01-19"),
        hc("H2", "C30", "Review health assessment", "2022-07-25"),
        hc("H3", "C30", "Review health assessment", "2023-01-25"),
        hc("H4", "C31", "Health assessment", "2023-11-29"),
        hc("H5", "C31", "Dental check", "2024-02-01"),
        hc("H6", "C31", "Review health assessment", "2024-05-01", "Planned"),
        hc("H7", "C32", "Initial Health Assessment", "2024-09-10"),
    ]

    def cl(i, p, s, e=""):
        return dict(clea_table_id=i, clea_person_id=p, clea_care_leaver_start_date=s, clea_care_leaver_end_date=e)

    A["ssd_care_leavers"] = [
        cl("CL1", "C40", "2022-12-31", "2023-06-30"),
        cl("CL2", "C41", "2024-01-31"),
        cl("CL3", "C42", "2023-08-31"),
    ]

    def clc(i, p, d):
        return dict(clec_contact_id=i, clec_person_id=p, clec_contact_date=d)

    A["ssd_care_leaver_contacts"] = [
        clc("CC1", "C40", "2023-02-28"),
        clc("CC2", "C40", "2023-05-02"),
        clc("CC3", "C42", "2023-10-31"),
        clc("CC4", "C42", "2023-12-31"),
    ]

    def ppr(i, p, d):
        return dict(clpp_pathway_plan_review_id=i, clpp_person_id=p, clpp_pathway_plan_review_date=d)

    A["ssd_pathway_plan_reviews"] = [
        ppr("PP1", "C40", "2023-06-30"),
        ppr("PP2", "C41", "2024-08-01"),
        ppr("PP3", "C42", "2024-02-29"),
    ]
    return A


# (rule, record, step): (start, due, completed, status, days late), as at Mon 30 Sep 2024.
E = {
    ("contact_decision_1wd", "K1", 1): ("2023-04-06", "2023-04-11", "2023-04-11", "on_time", None),
    ("contact_decision_1wd", "K2", 1): ("2024-03-28", "2024-04-02", "2024-04-02", "on_time", None),
    ("contact_decision_1wd", "K3", 1): ("2022-12-23", "2022-12-28", "2022-12-29", "late", 1),
    ("contact_decision_1wd", "K4", 1): ("2021-12-31", "2022-01-04", None, "overdue", 1000),
    ("contact_decision_1wd", "K5", 1): ("2022-09-16", "2022-09-20", "2022-09-20", "on_time", None),
    ("contact_decision_1wd", "K6", 1): ("2023-05-05", "2023-05-09", "2023-05-09", "on_time", None),
    ("contact_decision_1wd", "K7", 1): ("2024-09-28", "2024-09-30", None, "due_soon", None),
    ("assessment_45wd", "R1", 1): ("2023-04-03", "2023-06-12", "2023-06-12", "on_time", None),
    ("assessment_45wd", "R2", 1): ("2024-03-28", "2024-06-05", "2024-06-06", "late", 1),
    ("assessment_45wd", "R5", 1): ("2024-07-01", "2024-09-03", None, "overdue", 27),
    ("strategy_discussion", "R6", 1): ("2022-09-15", "2022-09-21", "2022-09-21", "on_time", None),
    ("strategy_discussion", "R7", 1): ("2023-05-03", "2023-05-09", None, "overdue", 52),
    ("strategy_discussion", "R8", 1): ("2024-03-27", "2024-04-03", "2024-04-04", "late", 1),
    ("icpc_15wd", "S1", 1): ("2022-09-12", "2022-10-04", "2022-10-04", "on_time", None),
    ("icpc_15wd", "S2", 1): ("2023-12-14", "2024-01-09", "2024-01-09", "on_time", None),
    ("icpc_15wd", "S3", 1): ("2024-09-20", "2024-10-11", None, "open", None),
    ("icpc_15wd", "S5", 1): ("2022-11-10", "2022-12-01", "2022-11-30", "on_time", None),
    ("icpc_15wd", "S6", 1): ("2021-12-10", "2022-01-05", "2022-01-06", "late", 1),
    ("core_group_first_10wd", "P1", 1): ("2022-10-04", "2022-10-18", "2022-10-18", "on_time", None),
    ("core_group_first_10wd", "P2", 1): ("2024-01-09", "2024-01-23", "2024-01-24", "late", 1),
    ("core_group_first_10wd", "P3", 1): ("2022-11-30", "2022-12-14", None, "overdue", 397),
    ("core_group_first_10wd", "P4", 1): ("2023-05-31", "2023-06-14", None, "overdue", od("2023-06-14")),
    ("rcpc_first_3m", "P1", 1): ("2022-10-04", "2023-01-04", "2023-01-04", "on_time", None),
    ("rcpc_first_3m", "P2", 1): ("2024-01-09", "2024-04-09", "2024-04-09", "on_time", None),
    ("rcpc_first_3m", "P3", 1): ("2022-11-30", "2023-02-28", "2023-02-28", "on_time", None),
    ("rcpc_first_3m", "P4", 1): ("2023-05-31", "2023-08-31", "2023-08-31", "on_time", None),
    ("rcpc_next_6m", "P1", 2): ("2023-01-04", "2023-07-04", None, "overdue", od("2023-07-04")),
    ("rcpc_next_6m", "P2", 2): ("2024-04-09", "2024-10-09", None, "open", None),
    ("rcpc_next_6m", "P3", 2): ("2023-02-28", "2023-08-28", "2023-09-01", "late", 4),
    ("rcpc_next_6m", "P4", 2): ("2023-08-31", "2024-02-29", "2024-02-29", "on_time", None),
    ("rcpc_next_6m", "P4", 3): ("2024-02-29", "2024-08-29", "2024-09-02", "late", 4),
    ("rcpc_next_6m", "P4", 4): ("2024-09-02", "2025-03-02", None, "open", None),
    ("cp_visit", "P1", 1): ("2022-10-04", "2022-10-18", "2022-10-18", "on_time", None),
    ("cp_visit", "P1", 2): ("2022-10-18", "2022-11-01", "2022-11-02", "late", 1),
    ("cp_visit", "P1", 3): ("2022-11-02", "2022-11-16", None, "overdue", od("2022-11-16")),
    ("cp_visit", "P2", 1): ("2024-01-09", "2024-01-23", None, "overdue", od("2024-01-23")),
    ("cp_visit", "P3", 1): ("2022-11-30", "2022-12-14", None, "overdue", 397),
    ("cp_visit", "P4", 1): ("2023-05-31", "2023-06-14", None, "overdue", od("2023-06-14")),
    ("cla_review_first_20wd", "LA1", 1): ("2021-12-20", "2022-01-20", "2022-01-20", "on_time", None),
    ("cla_review_first_20wd", "LA2", 1): ("2023-11-01", "2023-11-29", "2023-11-30", "late", 1),
    ("cla_review_first_20wd", "LA3", 1): ("2024-08-19", "2024-09-17", None, "overdue", 13),
    ("cla_review_second_3m", "LA1", 2): ("2022-01-20", "2022-04-20", "2022-04-22", "late", 2),
    ("cla_review_second_3m", "LA2", 2): ("2023-11-30", "2024-02-29", "2024-03-01", "late", 1),
    ("cla_review_next_6m", "LA1", 3): ("2022-04-22", "2022-10-22", "2022-10-21", "on_time", None),
    ("cla_review_next_6m", "LA1", 4): ("2022-10-21", "2023-04-21", None, "overdue", 70),
    ("cla_review_next_6m", "LA2", 3): ("2024-03-01", "2024-09-01", None, "overdue", 29),
    ("cla_visit", "PL1", 1): ("2021-12-20", "2021-12-27", "2021-12-27", "on_time", None),
    ("cla_visit", "PL1", 2): ("2021-12-27", "2022-02-07", "2022-02-08", "late", 1),
    ("cla_visit", "PL1", 3): ("2022-02-08", "2022-03-22", "2022-12-19", "late", 272),
    ("cla_visit", "PL1", 4): ("2022-12-19", "2023-01-30", "2023-01-30", "on_time", None),
    ("cla_visit", "PL1", 5): ("2023-01-30", "2023-04-30", "2023-04-28", "on_time", None),
    ("cla_visit", "PL2", 1): ("2023-11-01", "2023-11-08", "2023-11-08", "on_time", None),
    ("cla_visit", "PL2", 2): ("2023-11-08", "2023-12-20", "2024-01-31", "late", 42),
    ("cla_visit", "PL2", 3): ("2024-01-31", "2024-03-13", "2024-03-13", "on_time", None),
    ("cla_visit", "PL2", 4): ("2024-03-13", "2024-04-24", None, "overdue", 159),
    ("cla_visit", "PL3a", 1): ("2024-08-19", "2024-08-26", "2024-08-23", "on_time", None),
    ("cla_visit", "PL3b", 1): ("2024-09-02", "2024-09-09", "2024-09-09", "on_time", None),
    ("cla_visit", "PL3b", 2): ("2024-09-09", "2024-10-21", None, "open", None),
    ("cla_health_assessment", "LA1", 1): ("2021-12-20", "2022-01-20", "2022-01-19", "on_time", None),
    ("cla_health_assessment", "LA1", 2): ("2022-01-19", "2022-07-19", "2022-07-25", "late", 6),
    ("cla_health_assessment", "LA1", 3): ("2022-07-25", "2023-01-25", "2023-01-25", "on_time", None),
    ("cla_health_assessment", "LA2", 1): ("2023-11-01", "2023-11-29", "2023-11-29", "on_time", None),
    ("cla_health_assessment", "LA2", 2): ("2023-11-29", "2024-11-29", None, "open", None),
    ("cla_health_assessment", "LA3", 1): ("2024-08-19", "2024-09-17", "2024-09-10", "on_time", None),
    ("cla_health_assessment", "LA3", 2): ("2024-09-10", "2025-03-10", None, "open", None),
    # Dental checks: 12 months from the start of care, then from each check (C30 had none; C31 one).
    ("cla_dental_check", "LA1", 1): ("2021-12-20", "2022-12-20", None, "overdue", od("2022-12-20", "2023-06-30")),
    ("cla_dental_check", "LA2", 1): ("2023-11-01", "2024-11-01", "2024-02-01", "on_time", None),
    ("cla_dental_check", "LA2", 2): ("2024-02-01", "2025-02-01", None, "open", None),
    ("cla_dental_check", "LA3", 1): ("2024-08-19", "2025-08-19", None, "open", None),
    ("care_leaver_contact", "CL1", 1): ("2022-12-31", "2023-02-28", "2023-02-28", "on_time", None),
    ("care_leaver_contact", "CL1", 2): ("2023-02-28", "2023-04-28", "2023-05-02", "late", 4),
    ("care_leaver_contact", "CL2", 1): ("2024-01-31", "2024-03-31", None, "overdue", 183),
    ("care_leaver_contact", "CL3", 1): ("2023-08-31", "2023-10-31", "2023-10-31", "on_time", None),
    ("care_leaver_contact", "CL3", 2): ("2023-10-31", "2023-12-31", "2023-12-31", "on_time", None),
    ("care_leaver_contact", "CL3", 3): ("2023-12-31", "2024-02-29", None, "overdue", 214),
    ("pathway_plan_review_6m", "CL1", 1): ("2022-12-31", "2023-06-30", "2023-06-30", "on_time", None),
    ("pathway_plan_review_6m", "CL2", 1): ("2024-01-31", "2024-07-31", "2024-08-01", "late", 1),
    ("pathway_plan_review_6m", "CL2", 2): ("2024-08-01", "2025-02-01", None, "open", None),
    ("pathway_plan_review_6m", "CL3", 1): ("2023-08-31", "2024-02-29", "2024-02-29", "on_time", None),
    ("pathway_plan_review_6m", "CL3", 2): ("2024-02-29", "2024-08-29", None, "overdue", 32),
}


COUNTS = {  # rule: (items, on time, late, overdue, due soon, open, percent on time)
    "contact_decision_1wd": (7, 4, 1, 1, 1, 0, 66.7),
    "assessment_45wd": (3, 1, 1, 1, 0, 0, 33.3),
    "strategy_discussion": (3, 1, 1, 1, 0, 0, 33.3),
    "icpc_15wd": (5, 3, 1, 0, 0, 1, 75.0),
    "core_group_first_10wd": (4, 1, 1, 2, 0, 0, 25.0),
    "rcpc_first_3m": (4, 4, 0, 0, 0, 0, 100.0),
    "rcpc_next_6m": (6, 1, 2, 1, 0, 2, 25.0),
    "cp_visit": (6, 1, 1, 4, 0, 0, 16.7),
    "cla_review_first_20wd": (3, 1, 1, 1, 0, 0, 33.3),
    "cla_review_second_3m": (2, 0, 2, 0, 0, 0, 0.0),
    "cla_review_next_6m": (3, 1, 0, 2, 0, 0, 33.3),
    "cla_visit": (12, 7, 3, 1, 0, 1, 63.6),
    "cla_health_assessment": (7, 4, 1, 0, 0, 2, 80.0),
    "care_leaver_contact": (6, 3, 1, 2, 0, 0, 50.0),
    "pathway_plan_review_6m": (5, 2, 1, 1, 0, 1, 50.0),
    "cla_dental_check": (4, 1, 0, 1, 0, 2, 50.0),
    # The extract carries none of these events (I4, a transfer-in conference, is linked to no referral).
    **{
        rule: (0, 0, 0, 0, 0, 0, None)
        for rule in (
            "cla_visit_regime",
            "cla_sdq",
            "pathway_needs_assessment_3m",
            "pa_visit_accommodation_7d",
            "return_home_interview_72h",
            "cin_visit",
            "cin_plan_review",
            "transfer_in_conference_15wd",
        )
    },
}


def _write(folder, tables):
    folder.mkdir()
    for name, rows in tables.items():
        columns = list(dict.fromkeys(c for r in rows for c in r))
        with open(folder / f"{name}.csv", "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, restval="")
            writer.writeheader()
            writer.writerows(rows)


@pytest.fixture
def report(tmp_path, capsys):
    _write(tmp_path / "extract", _extract())
    assert main(["import", "ssd", str(tmp_path / "extract"), "--as-at", "2024-10-31", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["timeliness", "--as-at", "2024-09-30", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_item_as_worked_out_by_hand(report):
    got = {}
    for item in report["items"]:
        got.setdefault((item["rule"], item["record_id"]), []).append(
            (item["start_date"], item["due_date"], item["completed_date"], item["status"], item["days_late"])
        )
    want = {}
    for (rule, record, _step), value in sorted(E.items()):
        want.setdefault((rule, record), []).append(value)
    assert {k: sorted(v) for k, v in got.items()} == want


def test_counts_and_percent_on_time_per_rule(report):
    keys = ("items", "on_time", "late", "overdue", "due_soon", "open", "percent_on_time")
    assert {r["rule"]: tuple(r[k] for k in keys) for r in report["rules"]} == COUNTS


def test_the_worker_on_the_due_date(report):
    # K4 (Fri 31 Dec 2021) is due Tue 4 Jan 2022, the day W2 (team T2) took over from W1.
    k4 = next(i for i in report["items"] if i["record_id"] == "K4")
    assert (k4["worker_id"], k4["team"]) == ("W2", "T2")
