"""Every case-data indicator on hand-made frames, the answer worked out by hand in each test.

Month: March 2024 (last day Sunday 31 March; Good Friday 29 March and Easter
Monday 1 April are bank holidays). February 2024 has 29 days.
"""

import datetime as dt

import polars as pl
import pytest

from tests.performance.helpers import context, council, frames, outcome, values

MAR, FEB = "2024-03-31", "2024-02-29"


def test_early_help_open_and_started():
    ctx = context(
        frames(
            ssd_early_help_episodes=[
                {"earl_episode_id": "E1", "earl_person_id": "C1", "earl_episode_start_date": "2024-02-10"},
                {
                    "earl_episode_id": "E2",
                    "earl_person_id": "C2",
                    "earl_episode_start_date": "2024-03-05",
                    "earl_episode_end_date": "2024-03-20",
                },
            ]
        )
    )
    # Open at the end of February: E1. At the end of March: E1 (E2 ended on the 20th).
    assert values("early_help_open", ctx, FEB, MAR) == [1, 1]
    assert values("early_help_started", ctx, FEB, MAR) == [1, 1]


def test_contact_conversion():
    ctx = context(
        frames(
            ssd_contacts=[
                {"cont_contact_id": "K1", "cont_person_id": "C1", "cont_contact_date": "2024-03-01"},
                {"cont_contact_id": "K2", "cont_person_id": "C2", "cont_contact_date": "2024-03-10"},
                {"cont_contact_id": "K3", "cont_person_id": "C3", "cont_contact_date": "2024-03-20"},
            ],
            ssd_cin_episodes=[
                # C1 referred on day 6 after the contact (within 7 days, the contact day included); C2 on day 7: not.
                {"cine_referral_id": "R1", "cine_person_id": "C1", "cine_referral_date": "2024-03-07"},
                {"cine_referral_id": "R2", "cine_person_id": "C2", "cine_referral_date": "2024-03-17"},
            ],
        )
    )
    assert council("contact_conversion_pct", ctx) == {"value": 33.3, "numerator": 1, "denominator": 3}


def test_contact_decisions_judged_as_at_each_month_end():
    contacts = [
        # Fri 1 Mar, due Mon 4 Mar, decided then: on time.
        ("K1", "2024-03-01", "2024-03-04"),
        # Tue 5 Mar, due Wed 6 Mar, decided Fri 8 Mar: late.
        ("K2", "2024-03-05", "2024-03-08"),
        # Wed 27 Mar, due Thu 28 Mar, not decided by 31 March: overdue.
        ("K3", "2024-03-27", None),
        # Mon 26 Feb, due Tue 27 Feb, decided 4 March: overdue as at 29 February, so it counts then, not on time.
        ("K4", "2024-02-26", "2024-03-04"),
        # Wed 28 Feb, due Thu 29 Feb, decided 1 March: due on the month-end and not done then: due soon, left out.
        ("K5", "2024-02-28", "2024-03-01"),
    ]
    ctx = context(
        frames(
            ssd_contacts=[
                {
                    "cont_contact_id": k,
                    "cont_person_id": "C" + k,
                    "cont_contact_date": s,
                    "cont_contact_decision_date": e,
                }
                for k, s, e in contacts
            ]
        )
    )
    assert council("contact_decisions_1wd_pct", ctx) == {"value": 33.3, "numerator": 1, "denominator": 3}
    assert council("contact_decisions_1wd_pct", ctx, FEB) == {"value": 0.0, "numerator": 0, "denominator": 1}


def test_referrals_per_10k_needs_the_population():
    refs = [("R1", "2023-03-31"), ("R2", "2023-04-01"), ("R3", "2024-03-05")]
    data = frames(
        ssd_cin_episodes=[{"cine_referral_id": r, "cine_person_id": r, "cine_referral_date": day} for r, day in refs]
    )
    assert "child_population" in outcome("referrals_per_10k", context(data)).reason
    ctx = context(data, child_population=20000)
    # 12 months to 31 March 2024 start after 31 March 2023: R2 and R3, 2 per 20,000 = 1.0 per 10,000.
    assert council("referrals_per_10k", ctx) == {"value": 1.0, "numerator": 2, "denominator": 20000}
    # To 29 February 2024 (after 28 February 2023): R1 and R2.
    assert values("referrals_per_10k", ctx, FEB) == [1.0]


def test_assessments_within_45_working_days_and_median():
    # Working days from the referral, worked out on the calendar:
    #   R1 Tue 2 Jan -> Fri 1 Mar: January 21 (3rd to 31st) + February 21 + 1 = 43: on time.
    #   R2 Tue 2 Jan -> Fri 8 Mar: 43 + 5 = 48: late.
    #   R3 Thu 1 Feb -> Tue 12 Mar: February 20 (2nd to 29th) + March 8 = 28: on time.
    #   R4 authorised in February, not counted in March.
    refs = [
        ("R1", "2024-01-02", "2024-03-01"),
        ("R2", "2024-01-02", "2024-03-08"),
        ("R3", "2024-02-01", "2024-03-12"),
        ("R4", "2024-01-10", "2024-02-20"),
    ]
    ctx = context(
        frames(
            ssd_cin_episodes=[
                {"cine_referral_id": r, "cine_person_id": r, "cine_referral_date": s} for r, s, _ in refs
            ],
            ssd_cin_assessments=[
                {
                    "cina_assessment_id": "A" + r,
                    "cina_person_id": r,
                    "cina_referral_id": r,
                    "cina_assessment_auth_date": a,
                }
                for r, _, a in refs
            ],
        )
    )
    assert council("assessments_45wd_pct", ctx) == {"value": 66.7, "numerator": 2, "denominator": 3}
    assert council("assessment_median_wd", ctx)["value"] == 43.0
    # February: R4 alone, 10 Jan -> 20 Feb = 15 (11th to 31st) + 14 = 29 working days.
    assert values("assessments_45wd_pct", ctx, FEB) == [100.0]
    assert values("assessment_median_wd", ctx, FEB) == [29.0]


def test_s47_enquiries_and_conversion_to_conference():
    s47 = [
        ("S1", "2024-03-01", "2024-03-10"),  # conference on 20 March: converted
        ("S2", "2024-03-02", "2024-03-12"),  # no conference
        ("S3", "2024-02-20", "2024-03-15"),  # conference on 2 April: not yet held at the month-end
    ]
    ctx = context(
        frames(
            ssd_s47_enquiry=[
                {"s47e_s47_enquiry_id": s, "s47e_person_id": s, "s47e_s47_start_date": a, "s47e_s47_end_date": b}
                for s, a, b in s47
            ],
            ssd_initial_cp_conference=[
                {
                    "icpc_icpc_id": "I1",
                    "icpc_s47_enquiry_id": "S1",
                    "icpc_person_id": "S1",
                    "icpc_icpc_date": "2024-03-20",
                },
                {
                    "icpc_icpc_id": "I3",
                    "icpc_s47_enquiry_id": "S3",
                    "icpc_person_id": "S3",
                    "icpc_icpc_date": "2024-04-02",
                },
            ],
        )
    )
    assert values("s47_enquiries", ctx, FEB, MAR) == [1, 2]
    assert council("s47_to_icpc_pct", ctx) == {"value": 33.3, "numerator": 1, "denominator": 3}


def test_initial_conferences_within_15_working_days():
    # S1 starts Fri 1 Mar: due 15 working days later, Fri 22 Mar; held that day: on time.
    # S2 starts Tue 20 Feb: 7 working days in February, then 1, 4-8, 11-12 March: due Tue 12 Mar; held 14th: late.
    ctx = context(
        frames(
            ssd_s47_enquiry=[
                {"s47e_s47_enquiry_id": "S1", "s47e_person_id": "C1", "s47e_s47_start_date": "2024-03-01"},
                {"s47e_s47_enquiry_id": "S2", "s47e_person_id": "C2", "s47e_s47_start_date": "2024-02-20"},
            ],
            ssd_initial_cp_conference=[
                {
                    "icpc_icpc_id": "I1",
                    "icpc_s47_enquiry_id": "S1",
                    "icpc_person_id": "C1",
                    "icpc_icpc_date": "2024-03-22",
                },
                {
                    "icpc_icpc_id": "I2",
                    "icpc_s47_enquiry_id": "S2",
                    "icpc_person_id": "C2",
                    "icpc_icpc_date": "2024-03-14",
                },
            ],
        )
    )
    assert council("icpc_15wd_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}


def _plans(*plans):
    return [
        {"cppl_cp_plan_id": p, "cppl_person_id": c, "cppl_cp_plan_start_date": s, "cppl_cp_plan_end_date": e}
        for p, c, s, e in plans
    ]


def test_cp_plans_rates_repeats_and_long_plans():
    data = frames(
        ssd_cp_plans=_plans(
            ("P1", "C1", "2021-01-01", "2022-01-01"),
            ("P2", "C1", "2024-03-10", None),  # C1's second plan
            ("P3", "C2", "2024-03-15", None),  # C2's first
            ("P4", "C3", "2022-01-10", "2024-03-05"),  # lasted over 2 years
            ("P5", "C4", "2023-06-01", "2024-03-20"),
        )
    )
    ctx = context(data, child_population=10000)
    # Open at 31 March: P2, P3. At 29 February: P4, P5.
    assert values("cp_plans", ctx, FEB, MAR) == [2, 2]
    assert values("cp_plans_per_10k", ctx, MAR) == [2.0]
    assert council("cp_second_or_subsequent_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}
    assert council("cp_plans_2_years_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}


def test_cp_visits_on_time():
    # Plan from Fri 1 Mar: first visit due 10 working days later, Fri 15 Mar; visited 14th: on time.
    # Next due 10 working days after the 14th: 15, 18-22, 25-28 March = Thu 28 Mar; not visited: overdue.
    ctx = context(
        frames(
            ssd_cp_plans=_plans(("P1", "C1", "2024-03-01", None)),
            ssd_cp_visits=[
                {
                    "cppv_cp_visit_id": "V1",
                    "cppv_person_id": "C1",
                    "cppv_cp_plan_id": "P1",
                    "cppv_cp_visit_date": "2024-03-14",
                }
            ],
        )
    )
    assert council("cp_visits_on_time_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}


def test_cp_reviews_on_time():
    # First review 3 months after the plan starts: P1 from 1 Dec 2023, due 1 Mar, held 28 Feb: on time.
    # P2 from 15 Dec 2023: due 15 Mar, not held: overdue at 31 March.
    ctx = context(
        frames(
            ssd_cp_plans=_plans(("P1", "C1", "2023-12-01", None), ("P2", "C2", "2023-12-15", None)),
            ssd_cp_reviews=[
                {
                    "cppr_cp_review_id": "X1",
                    "cppr_person_id": "C1",
                    "cppr_cp_plan_id": "P1",
                    "cppr_cp_review_date": "2024-02-28",
                }
            ],
        )
    )
    assert council("cp_reviews_on_time_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}


def _episode(e, child, start, ceased=None, cla_id=None):
    return {
        "clae_cla_episode_id": e,
        "clae_person_id": child,
        "clae_cla_id": cla_id or e,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": ceased,
    }


def _placement(p, child, start, end=None, **extra):
    return {
        "clap_cla_placement_id": p,
        "clap_person_id": child,
        "clap_cla_placement_start_date": start,
        "clap_cla_placement_end_date": end,
        **extra,
    }


def test_children_in_care_admissions_and_discharges():
    ctx = context(
        frames(
            ssd_cla_episodes=[
                # One period of care (cla id K1) with a change of placement on 5 February: one admission.
                _episode("E1", "C1", "2024-01-10", "2024-02-05", "K1"),
                _episode("E2", "C1", "2024-02-05", None, "K1"),
                _episode("E3", "C2", "2023-05-01", "2024-03-12", "K2"),
            ]
        ),
        child_population=5000,
    )
    assert values("cla", ctx, "2024-01-31", FEB, MAR) == [2, 2, 1]
    assert values("cla_per_10k", ctx, MAR) == [2.0]
    assert values("cla_admissions", ctx, "2024-01-31", FEB, MAR) == [1, 0, 0]
    assert values("cla_discharges", ctx, "2024-01-31", FEB, MAR) == [0, 0, 1]


def _in_care(children):
    return [_episode("E" + c, c, "2020-01-01") for c in children]


def test_placement_distance_area_and_type():
    data = frames(
        ssd_cla_episodes=_in_care(["C1", "C2", "C3"]),
        ssd_cla_placement=[
            _placement(
                "P1",
                "C1",
                "2023-01-01",
                clap_cla_placement_distance=25.0,
                clap_cla_placement_postcode="AB1 2CD",
                clap_cla_placement_type="K2",
            ),
            _placement(
                "P2",
                "C2",
                "2023-01-01",
                clap_cla_placement_distance=5.0,
                clap_cla_placement_postcode="xy9 1zz",
                clap_cla_placement_type="U4",
            ),
            _placement("P3", "C3", "2023-01-01", clap_cla_placement_type="K1"),
        ],
    )
    ctx = context(data, postcode_districts=("ab1",))
    # Distance recorded for C1 (25, over 20) and C2 (5): 1 of 2.
    assert council("cla_placed_20_miles_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}
    # Postcode recorded for C1 (AB1, the council's) and C2 (XY9, elsewhere): 1 of 2.
    assert council("cla_out_of_area_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}
    assert "council_postcode_districts" in outcome("cla_out_of_area_pct", context(data)).reason
    # K2 (children's home) and K1 (secure).
    assert values("cla_residential_secure", ctx, MAR) == [2]


def test_three_or_more_placements_in_12_months():
    ctx = context(
        frames(
            ssd_cla_episodes=_in_care(["C1", "C2"]),
            ssd_cla_placement=[
                # C1: three placements open at some time after 31 March 2023.
                _placement("P1", "C1", "2023-04-15", "2023-08-01"),
                _placement("P2", "C1", "2023-08-01", "2024-01-01"),
                _placement("P3", "C1", "2024-01-01"),
                # C2: its first placement ended on 31 March 2023 itself, so only one counts.
                _placement("P4", "C2", "2022-01-01", "2023-03-31"),
                _placement("P5", "C2", "2023-03-31"),
            ],
        )
    )
    assert council("cla_3plus_placements_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}


def test_long_term_stability():
    ctx = context(
        frames(
            ssd_person=[
                {"pers_person_id": "C1", "pers_dob": "2012-01-01"},
                {"pers_person_id": "C2", "pers_dob": "2010-01-01"},
                {"pers_person_id": "C3", "pers_dob": "2007-06-01"},  # 16 before 31 March 2024: left out
                {"pers_person_id": "C4", "pers_dob": "2012-01-01"},
            ],
            ssd_cla_episodes=[
                _episode("E1", "C1", "2021-01-01"),
                _episode("E2", "C2", "2020-01-01"),
                _episode("E3", "C3", "2020-01-01"),
                _episode("E4", "C4", "2022-01-01"),  # in care under 2.5 years (since after 30 Sept 2021): left out
            ],
            ssd_cla_placement=[
                _placement("P1", "C1", "2021-06-01"),  # same placement since before 31 March 2022: stable
                _placement("P2", "C2", "2023-05-01"),
                _placement("P3", "C3", "2020-01-01"),
                _placement("P4", "C4", "2022-01-01"),
            ],
        )
    )
    assert council("cla_long_term_stability_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}


def test_cla_reviews_judged_at_each_month_end():
    # C1 in care from Thu 1 Feb: first review due 20 working days later, Thu 29 Feb; held 1 March.
    #   As at 29 February it was due that day and not held: due soon, left out. March has no review due.
    # C2 from Mon 15 Jan: 4 + 5 + 3 in January, 2 + 5 + 1 in February: due Mon 12 Feb; held then: on time.
    ctx = context(
        frames(
            ssd_cla_episodes=[_episode("E1", "C1", "2024-02-01"), _episode("E2", "C2", "2024-01-15")],
            ssd_cla_reviews=[
                {"clar_cla_review_id": "V1", "clar_cla_person_id": "C1", "clar_cla_review_date": "2024-03-01"},
                {"clar_cla_review_id": "V2", "clar_cla_person_id": "C2", "clar_cla_review_date": "2024-02-12"},
            ],
        )
    )
    assert council("cla_reviews_on_time_pct", ctx, FEB) == {"value": 100.0, "numerator": 1, "denominator": 1}
    assert council("cla_reviews_on_time_pct", ctx)["value"] is None


def test_cla_visits_on_time():
    # A placement from Fri 1 Mar: the first visit is due within 1 week, Fri 8 Mar; visited 7th: on time.
    # Then every 6 weeks: due 18 April, not in March.
    # C2's placement from Mon 18 Mar: due Mon 25 Mar, not visited: overdue.
    ctx = context(
        frames(
            ssd_cla_episodes=[_episode("E1", "C1", "2024-03-01"), _episode("E2", "C2", "2024-03-18")],
            ssd_cla_placement=[
                _placement("P1", "C1", "2024-03-01", clap_cla_id="E1"),
                _placement("P2", "C2", "2024-03-18", clap_cla_id="E2"),
            ],
            ssd_cla_visits=[
                {
                    "clav_cla_visit_id": "V1",
                    "clav_person_id": "C1",
                    "clav_cla_id": "E1",
                    "clav_cla_visit_date": "2024-03-07",
                }
            ],
        )
    )
    assert council("cla_visits_on_time_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}


def test_health_assessments_on_time():
    # Coming into care on Fri 2 Feb, the first health assessment is due 20 working days later:
    # 5-9, 12-16, 19-23, 26-29 February (19) and Fri 1 March. Done 1 March: on time; C2 from Mon 5 Feb is due
    # Mon 4 March and has none: overdue.
    ctx = context(
        frames(
            ssd_person=[
                {"pers_person_id": "C1", "pers_dob": "2015-01-01"},
                {"pers_person_id": "C2", "pers_dob": "2015-01-01"},
            ],
            ssd_cla_episodes=[_episode("E1", "C1", "2024-02-02"), _episode("E2", "C2", "2024-02-05")],
            ssd_cla_health=[
                {
                    "clah_health_check_id": "H1",
                    "clah_person_id": "C1",
                    "clah_health_check_type": "Health assessment",
                    "clah_health_check_status": "Completed",
                    "clah_health_check_date": "2024-03-01",
                }
            ],
        )
    )
    assert council("cla_health_on_time_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}


def test_missing_episodes_and_return_interviews():
    ctx = context(
        frames(
            ssd_missing=[
                {"miss_table_id": "M1", "miss_person_id": "C1", "miss_missing_episode_start_date": "2024-02-10"},
                {"miss_table_id": "M2", "miss_person_id": "C1", "miss_missing_episode_start_date": "2024-03-02"},
                {"miss_table_id": "M3", "miss_person_id": "C2", "miss_missing_episode_start_date": "2024-03-30"},
            ]
        )
    )
    assert values("missing_episodes", ctx, FEB, MAR) == [1, 2]
    found = outcome("missing_rhi_72h_pct", ctx)
    assert not found.measurable and "not when it was held" in found.reason


def _missing(mid, child, start, end, rhi=None, accepted=""):
    return {
        "miss_table_id": mid,
        "miss_person_id": child,
        "miss_missing_episode_start_date": start,
        "miss_missing_episode_end_date": end,
        "miss_missing_rhi_date": rhi,
        "miss_missing_rhi_accepted": accepted,
    }


def test_return_interviews_within_72_hours_where_the_data_dates_them():
    # Due 3 days after the episode ends, judged as at 31 March.
    ctx = context(
        frames(
            ssd_missing=[
                _missing("M1", "C1", "2024-03-02", "2024-03-03", rhi="2024-03-05"),  # due 6 Mar, held 5th: on time
                _missing("M2", "C2", "2024-03-10", "2024-03-12", rhi="2024-03-18"),  # due 15 Mar, held 18th: late
                _missing("M3", "C3", "2024-03-20", "2024-03-21"),  # due 24 Mar, none by the 31st: overdue
                _missing("M4", "C4", "2024-03-22", "2024-03-23", accepted="N"),  # declined: not counted
                _missing("M5", "C5", "2024-03-28", "2024-03-30"),  # due 2 April: not in March
            ]
        )
    )
    assert council("missing_rhi_72h_pct", ctx) == {"value": 33.3, "numerator": 1, "denominator": 3}


def _leaver(t, child, start, **extra):
    return {"clea_table_id": t, "clea_person_id": child, "clea_care_leaver_start_date": start, **extra}


def test_care_leavers_in_touch_and_latest_state():
    ctx = context(
        frames(
            ssd_care_leavers=[
                _leaver("L1", "C1", "2023-01-01", clea_care_leaver_accom_suitable="Y", clea_care_leaver_activity="F2"),
                _leaver("L2", "C2", "2023-06-01", clea_care_leaver_accom_suitable="N", clea_care_leaver_activity="G4"),
                # Started within the last 2 months: not yet counted for contact; its state counts.
                _leaver("L3", "C3", "2024-03-01", clea_care_leaver_accom_suitable="Y", clea_care_leaver_activity="P5"),
            ],
            ssd_care_leaver_contacts=[
                {"clec_contact_id": "K1", "clec_person_id": "C1", "clec_contact_date": "2024-03-01"},  # within 2 months
                {
                    "clec_contact_id": "K2",
                    "clec_person_id": "C2",
                    "clec_contact_date": "2024-01-15",
                },  # not since 31 Jan
            ],
            # The data's latest contact is in March, so the latest state describes March.
            ssd_contacts=[{"cont_contact_id": "X", "cont_person_id": "C9", "cont_contact_date": "2024-03-28"}],
        )
    )
    assert council("care_leavers_in_touch_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}
    assert council("care_leavers_suitable_accommodation_pct", ctx) == {"value": 66.7, "numerator": 2, "denominator": 3}
    assert council("care_leavers_eet_pct", ctx) == {"value": 66.7, "numerator": 2, "denominator": 3}
    feb = outcome("care_leavers_eet_pct", ctx)
    assert feb.value(dt.date(2024, 2, 29))["value"] is None
    assert "2024-03 only" in feb.reason


def test_pathway_plan_reviews_on_time():
    # Due 6 months after the start of leaving care: L1 15 March (reviewed 10 March: on time), L2 20 March (none: overdue).
    ctx = context(
        frames(
            ssd_care_leavers=[_leaver("L1", "C1", "2023-09-15"), _leaver("L2", "C2", "2023-09-20")],
            ssd_pathway_plan_reviews=[
                {
                    "clpp_pathway_plan_review_id": "R1",
                    "clpp_person_id": "C1",
                    "clpp_pathway_plan_review_date": "2024-03-10",
                }
            ],
        )
    )
    assert council("pathway_plans_on_time_pct", ctx) == {"value": 50.0, "numerator": 1, "denominator": 2}


def test_permanence_orders_and_adoption_timeliness():
    perm = [
        # C1: in care 1 Jan 2022, placed for adoption 1 Jan 2023 (365 days); placement order 1 Jun 2022, matched 1 Oct 2022 (122).
        ("C1", "Adoption", "2024-03-05", "2023-01-01", "2022-06-01", "2022-10-01"),
        # C3: in care 1 Jan 2021, placed 1 Mar 2022 (424 days); order 1 Oct 2021, matched 1 Dec 2021 (61).
        ("C3", "Adoption", "2023-06-15", "2022-03-01", "2021-10-01", "2021-12-01"),
        ("C2", "Special guardianship order", "2024-03-10", None, None, None),
    ]
    ctx = context(
        frames(
            ssd_permanence=[
                {
                    "perm_table_id": c,
                    "perm_person_id": c,
                    "perm_permanence_order_type": kind,
                    "perm_permanence_order_date": order,
                    "perm_placed_for_adoption_date": placed,
                    "perm_placement_order_date": po,
                    "perm_matched_date": matched,
                }
                for c, kind, order, placed, po, matched in perm
            ],
            ssd_cla_episodes=[
                _episode("E1", "C1", "2022-01-01", "2024-03-05"),
                _episode("E3", "C3", "2021-01-01", "2023-06-15"),
            ],
        )
    )
    assert values("adoption_orders", ctx, MAR) == [1]
    assert values("sgo_orders", ctx, MAR) == [1]
    # Adopted in the 12 months to 31 March 2024: C1 and C3. To 29 February: C3 only.
    assert values("adoption_care_to_placed_days", ctx, FEB, MAR) == [424.0, 394.5]
    assert values("adoption_order_to_match_days", ctx, FEB, MAR) == [61.0, 91.5]


@pytest.fixture
def workforce_data():
    from oversight.analytics.caseloads import Rules

    data = frames(
        ssd_department=[
            {"dept_team_id": "L", "dept_team_name": "Locality"},
            {"dept_team_id": "T1", "dept_team_name": "Team 1", "dept_team_parent_id": "L"},
            {"dept_team_id": "T2", "dept_team_name": "Team 2", "dept_team_parent_id": "L"},
        ],
        ssd_professionals=[
            {
                "prof_professional_id": "W1",
                "prof_grade": "social_worker",
                "prof_team_id": "T1",
                "prof_full_time_equivalency": 1.0,
                "prof_start_date": "2015-01-01",
                "prof_agency_worker_flag": "N",
            },
            {
                "prof_professional_id": "W2",
                "prof_grade": "social_worker",
                "prof_team_id": "T2",
                "prof_full_time_equivalency": 0.5,
                "prof_start_date": "2015-01-01",
                "prof_agency_worker_flag": "Y",
            },
            {
                "prof_professional_id": "W3",
                "prof_grade": "social_worker",
                "prof_team_id": "T1",
                "prof_full_time_equivalency": 1.0,
                "prof_start_date": "2015-01-01",
                "prof_end_date": "2023-10-01",
                "prof_agency_worker_flag": "N",
            },
            {
                "prof_professional_id": "W4",
                "prof_grade": "senior_practitioner",
                "prof_team_id": "T1",
                "prof_full_time_equivalency": 1.0,
                "prof_start_date": "2015-01-01",
                "prof_agency_worker_flag": "N",
            },
        ],
        ssd_cin_episodes=[
            {"cine_referral_id": f"R{c}", "cine_person_id": c, "cine_referral_date": "2023-05-01"}
            for c in ("C1", "C2", "C3", "C4", "C5", "C6")
        ],
        ssd_involvements=[
            {
                "invo_involvements_id": f"I{n}",
                "invo_professional_id": w,
                "invo_professional_role_id": "CW",
                "invo_person_id": c,
                "invo_involvement_start_date": s,
                "invo_involvement_end_date": e,
            }
            for n, (w, c, s, e) in enumerate(
                [
                    # C1 held by W3 until W3 left, then W4 until January, then W1: three workers in 12 months.
                    ("W3", "C1", "2023-05-01", "2023-09-01"),
                    ("W4", "C1", "2023-09-01", "2024-01-10"),
                    ("W1", "C1", "2024-01-10", None),
                    ("W1", "C2", "2023-05-01", None),
                    ("W1", "C3", "2023-05-01", None),
                    ("W2", "C4", "2023-05-01", None),
                    ("W2", "C5", "2023-05-01", None),
                    # C6: nobody.
                ]
            )
        ],
    )
    return data, Rules(targets=(("social_worker", 2), ("senior_practitioner", 2), ("other", 2)))


def test_caseloads(workforce_data):
    data, rules = workforce_data
    ctx = context(data, rules=rules)
    # W1 holds C1, C2, C3 (FTE 1.0), W2 holds C4, C5 (FTE 0.5): 5 cases / 1.5 FTE = 3.3.
    assert council("average_caseload", ctx) == {"value": 3.3, "numerator": 5, "denominator": 1.5}
    found = outcome("average_caseload", ctx)
    rows = found.result.values.filter((pl.col("as_at") == dt.date(2024, 3, 31)) & (pl.col("level") != "council"))
    by_group = {(r["level"], r["group"]): round(r["value"], 2) for r in rows.to_dicts()}
    # Team 1: W1's 3 cases on 1.0 FTE (W4 holds none now); team 2: W2's 2 on 0.5. Locality L: 5 on 1.5.
    assert by_group == {("team", "T1"): 3.0, ("team", "T2"): 4.0, ("locality", "L"): 3.33}
    # Targets of 2: W1 (3) is over, W2 (2) is not.
    assert values("workers_over_target", ctx, MAR) == [1]
    assert values("unallocated_children", ctx, MAR) == [1]  # C6


def test_agency_turnover_and_worker_changes(workforce_data):
    data, rules = workforce_data
    ctx = context(data, rules=rules)
    # Employed FTE at 31 March: W1 1.0, W2 0.5 (agency), W4 1.0 = 2.5; agency 0.5 / 2.5 = 20.0.
    assert council("agency_share_pct", ctx) == {"value": 20.0, "numerator": 0.5, "denominator": 2.5}
    # W3 (FTE 1) left on 1 October 2023; in post (not agency) at 31 March: W1 and W4, 2.0 FTE: 50.0.
    assert council("turnover_pct", ctx) == {"value": 50.0, "numerator": 1.0, "denominator": 2.0}
    # Open cases: C1 to C6. C1 had W3, W4, W1 in the 12 months: 1 of 6.
    assert council("worker_changes_3plus_pct", ctx) == {"value": 16.7, "numerator": 1, "denominator": 6}
