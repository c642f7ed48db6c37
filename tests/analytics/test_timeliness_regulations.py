"""The rules added against the regulations (timescales.md LV, HE, CL, CP-3; missing children; CIN), on hand-made
frames. Calendar days and weeks are plain date arithmetic; working days skip England and Wales bank holidays."""

import datetime as dt

from oversight.analytics import measurability as m
from oversight.analytics import rulebook as rb
from oversight.analytics import timeliness_measures
from tests.analytics.test_timeliness import rows, run
from tests.timeliness.frames import CAL, build

D = dt.date.fromisoformat


def plus(day: str, days: int) -> str:
    return str(D(day) + dt.timedelta(days=days))


def late(due: str, done: str) -> int:
    return (D(done) - D(due)).days


# --- reg 28(2): the placement's own until-18 flag, before its type -------------------------------------------


def placement(pid, child, start, kind, until_18="", regime=""):
    return {
        "clap_cla_placement_id": pid,
        "clap_person_id": child,
        "clap_cla_placement_start_date": start,
        "clap_cla_placement_type": kind,
        "clap_cla_placement_until_18": until_18,
        "clap_cla_visit_regime": regime,
    }


def test_the_until_18_flag_decides_the_interval_after_the_first_year():
    placements = [
        placement("PL1", "A", "2023-01-02", "K2", "Y"),  # a children's home placement meant to last until 18
        placement("PL2", "B", "2023-01-02", "U1", "N"),  # a foster placement with a relative, not meant to
        placement("PL3", "C", "2023-01-02", "U1"),  # no flag: its type (U1) makes it long-term
        placement("PL4", "D", "2023-01-02", "U1", regime="short_breaks"),  # reg 48: reg 28(2) does not apply
    ]
    visits = [
        {"clav_person_id": child, "clav_cla_visit_date": d}
        for child in "ABCD"
        for d in ("2023-01-05", "2023-02-16", "2024-01-10")
    ]
    items = run(build(ssd_cla_placement=placements, ssd_cla_visits=visits), "2024-03-01", ["cla_visit"])
    got = rows(items, "cla_visit")
    assert {r[0] for r in got} == {"PL1", "PL2", "PL3"}
    for pid in ("PL1", "PL2", "PL3"):
        mine = [r for r in got if r[0] == pid]
        assert mine[:3] == [
            (pid, 1, "2023-01-02", "2023-01-09", "2023-01-05", "on_time", None),
            (pid, 2, "2023-01-05", "2023-02-16", "2023-02-16", "on_time", None),
            (pid, 3, "2023-02-16", "2023-03-30", "2024-01-10", "late", late("2023-03-30", "2024-01-10")),
        ]
        # From 10 Jan 2024 (after the first year, which ended 2 Jan): 3 months if meant to last until 18, else 6 weeks.
        if pid == "PL2":
            assert mine[3] == (pid, 4, "2024-01-10", "2024-02-21", None, "overdue", late("2024-02-21", "2024-03-01"))
        else:
            assert mine[3] == (pid, 4, "2024-01-10", "2024-04-10", None, "open", None)


# --- reg 28(3)-(5) ----------------------------------------------------------------------------------------


def test_the_weekly_and_four_weekly_regimes_until_and_after_the_first_review():
    placements = [
        placement("PL3", "G", "2023-03-01", "P1", regime="reg28_3"),
        placement("PL4", "H", "2023-03-01", "U3", regime="reg28_4"),
        placement("PL5", "J", "2023-03-01", "P1", regime="reg28_5"),
    ]
    episodes = [
        {
            "clae_cla_episode_id": f"E{c}",
            "clae_cla_id": f"LA{c}",
            "clae_person_id": c,
            "clae_cla_episode_start_date": "2023-03-01",
        }
        for c in "GHJ"
    ]
    reviews = [{"clar_cla_person_id": c, "clar_cla_review_date": "2023-03-29"} for c in "GH"]
    weekly = ("2023-03-06", "2023-03-14", "2023-03-20", "2023-03-27", "2023-04-05")
    visits = [{"clav_person_id": c, "clav_cla_visit_date": d} for c in "GH" for d in weekly]
    visits += [{"clav_person_id": "J", "clav_cla_visit_date": d} for d in ("2023-03-07", "2023-04-20")]
    frames = build(
        ssd_cla_placement=placements, ssd_cla_episodes=episodes, ssd_cla_reviews=reviews, ssd_cla_visits=visits
    )
    items = run(frames, "2023-05-10", ["cla_visit", "cla_visit_regime"])
    assert rows(items, "cla_visit") == []  # none of these is measured under reg 28(2)
    got = rows(items, "cla_visit_regime")
    for pid in ("PL3", "PL4"):
        # Weekly until the first review (29 Mar), read on the previous visit's date: 27 Mar is before it.
        assert [r for r in got if r[0] == pid][:5] == [
            (pid, 1, "2023-03-01", "2023-03-08", "2023-03-06", "on_time", None),
            (pid, 2, "2023-03-06", "2023-03-13", "2023-03-14", "late", 1),
            (pid, 3, "2023-03-14", "2023-03-21", "2023-03-20", "on_time", None),
            (pid, 4, "2023-03-20", "2023-03-27", "2023-03-27", "on_time", None),
            (pid, 5, "2023-03-27", "2023-04-03", "2023-04-05", "late", 2),
        ]
    # After the first review: 6 weeks under reg 28(3), 4 weeks under reg 28(4).
    assert ("PL3", 6, "2023-04-05", plus("2023-04-05", 42), None, "due_soon", None) in got
    assert ("PL4", 6, "2023-04-05", "2023-05-03", None, "overdue", 7) in got
    # reg 28(5): within a week of the placement, then 6 weeks (no weekly period).
    assert [r for r in got if r[0] == "PL5"] == [
        ("PL5", 1, "2023-03-01", "2023-03-08", "2023-03-07", "on_time", None),
        ("PL5", 2, "2023-03-07", "2023-04-18", "2023-04-20", "late", 2),
        ("PL5", 3, "2023-04-20", plus("2023-04-20", 42), None, "open", None),
    ]


def test_an_extract_without_the_regime_or_flag_columns_says_what_is_not_measured():
    frames = build(
        ssd_cla_placement=[placement("PL1", "A", "2023-01-02", "U1")],
        ssd_cla_visits=[{"clav_person_id": "A", "clav_cla_visit_date": "2023-01-05"}],
    )
    known = m.measurability(frames, rb.load(), m.Source("ssd"))
    assert known["cla_visit"].measurable
    assert "clap_cla_placement_until_18" in known["cla_visit"].part and "reg 28(3)-(5)" in known["cla_visit"].part
    regime = known["cla_visit_regime"]
    assert not regime.measurable and "clap_cla_visit_regime" in regime.reason and "published SSD" in regime.reason
    # The synthetic council is taken as carrying every column: nothing to say.
    synthetic = m.measurability(frames, rb.load(), m.Source("synthetic"))
    assert synthetic["cla_visit_regime"].measurable and synthetic["cla_visit"].part is None


# --- dental checks and SDQ -------------------------------------------------------------------------------


def test_dental_checks_and_sdqs_each_year():
    episodes = [
        {
            "clae_cla_episode_id": f"E{c}",
            "clae_cla_id": f"LA{c}",
            "clae_person_id": c,
            "clae_cla_episode_start_date": "2023-01-01",
        }
        for c in "KL"
    ]
    people = [{"pers_person_id": "K", "pers_dob": "2012-01-01"}, {"pers_person_id": "L", "pers_dob": "2020-06-01"}]
    checks = [
        {
            "clah_person_id": "K",
            "clah_health_check_type": "Dental check",
            "clah_health_check_date": "2023-11-01",
            "clah_health_check_status": "Completed",
        },
        {
            "clah_person_id": "K",
            "clah_health_check_type": "Dental check",
            "clah_health_check_date": "2023-12-01",
            "clah_health_check_status": "Planned",
        },
        {
            "clah_person_id": "L",
            "clah_health_check_type": "Health assessment",
            "clah_health_check_date": "2023-02-01",
            "clah_health_check_status": "Completed",
        },
    ]
    sdq = [{"csdq_person_id": "K", "csdq_sdq_completed_date": "2023-11-01"}]
    frames = build(ssd_cla_episodes=episodes, ssd_person=people, ssd_cla_health=checks, ssd_sdq_scores=sdq)
    items = run(frames, "2024-02-01", ["cla_dental_check", "cla_sdq"])
    assert rows(items, "cla_dental_check") == [
        ("LAK", 1, "2023-01-01", "2024-01-01", "2023-11-01", "on_time", None),
        ("LAK", 2, "2023-11-01", "2024-11-01", None, "open", None),
        ("LAL", 1, "2023-01-01", "2024-01-01", None, "overdue", 31),
    ]
    # L was 2 when care began: no SDQ is due (ages 4 to 16).
    assert rows(items, "cla_sdq") == [
        ("LAK", 1, "2023-01-01", "2024-01-01", "2023-11-01", "on_time", None),
        ("LAK", 2, "2023-11-01", "2024-11-01", None, "open", None),
    ]
    # An extract whose health checks hold no dental check cannot measure dental checks.
    only_health = build(ssd_cla_episodes=episodes, ssd_person=people, ssd_cla_health=checks[2:])
    dental = m.measurability(only_health, rb.load(), m.Source("ssd"))["cla_dental_check"]
    assert not dental.measurable and "dental" in dental.reason
    assert not m.measurability(only_health, rb.load(), m.Source("ssd"))["cla_sdq"].measurable


# --- care leavers -----------------------------------------------------------------------------------------


def test_pathway_needs_assessment_from_16_or_becoming_eligible():
    people = [
        {"pers_person_id": "N", "pers_dob": "2007-05-10"},  # in care since 13: eligible on the 16th birthday
        {"pers_person_id": "P", "pers_dob": "2007-01-15"},  # came into care at 16: eligible after 13 weeks
        {"pers_person_id": "Q", "pers_dob": "2007-01-15"},  # a month in care at 16: never eligible
        {"pers_person_id": "R", "pers_dob": "2007-01-01"},  # left care at 15: not looked after at 16
    ]

    def ep(child, start, ceased=None):
        return {
            "clae_cla_episode_id": f"E{child}",
            "clae_cla_id": f"LA{child}",
            "clae_person_id": child,
            "clae_cla_episode_start_date": start,
            "clae_cla_episode_ceased_date": ceased,
        }

    episodes = [ep("N", "2021-01-01"), ep("P", "2023-03-01"), ep("Q", "2023-03-01", "2023-04-01")]
    episodes += [ep("R", "2021-01-01", "2022-07-01")]
    leavers = [{"clea_table_id": "CLN", "clea_person_id": "N", "clea_pathway_needs_assessment_date": "2023-07-01"}]
    frames = build(ssd_person=people, ssd_cla_episodes=episodes, ssd_care_leavers=leavers)
    items = run(frames, "2023-10-01", ["pathway_needs_assessment_3m"])
    eligible = plus("2023-03-01", 91)  # 13 weeks of care since 14
    assert rows(items, "pathway_needs_assessment_3m") == [
        ("N", 1, "2023-05-10", "2023-08-10", "2023-07-01", "on_time", None),
        ("P", 1, eligible, "2023-08-31", None, "overdue", late("2023-08-31", "2023-10-01")),
    ]


def test_personal_adviser_visit_within_7_days_of_new_accommodation():
    leavers = [
        {"clea_table_id": "CL1", "clea_person_id": "S", "clea_care_leaver_accom_start_date": "2024-01-10"},
        {"clea_table_id": "CL2", "clea_person_id": "T", "clea_care_leaver_accom_start_date": "2024-02-01"},
        {"clea_table_id": "CL3", "clea_person_id": "U"},  # no accommodation start recorded: no clock
    ]
    contacts = [
        {"clec_person_id": "S", "clec_contact_date": "2024-01-15"},
        {"clec_person_id": "T", "clec_contact_date": "2024-01-20"},  # before the move: does not count
        {"clec_person_id": "T", "clec_contact_date": "2024-02-12"},
        {"clec_person_id": "U", "clec_contact_date": "2024-02-12"},
    ]
    items = run(
        build(ssd_care_leavers=leavers, ssd_care_leaver_contacts=contacts), "2024-03-01", ["pa_visit_accommodation_7d"]
    )
    assert rows(items, "pa_visit_accommodation_7d") == [
        ("CL1", 1, "2024-01-10", "2024-01-17", "2024-01-15", "on_time", None),
        ("CL2", 1, "2024-02-01", "2024-02-08", "2024-02-12", "late", 4),
    ]
    no_date = build(ssd_care_leavers=leavers[2:], ssd_care_leaver_contacts=contacts)
    pa = m.measurability(no_date, rb.load(), m.Source("ssd"))["pa_visit_accommodation_7d"]
    assert not pa.measurable and "clea_care_leaver_accom_start_date" in pa.reason and "published SSD" in pa.reason


# --- missing episodes ---------------------------------------------------------------------------------------


def missing(mid, start, end=None, rhi=None, offered="", accepted=""):
    return {
        "miss_table_id": mid,
        "miss_person_id": "V",
        "miss_missing_episode_start_date": start,
        "miss_missing_episode_end_date": end,
        "miss_missing_rhi_date": rhi,
        "miss_missing_rhi_offered": offered,
        "miss_missing_rhi_accepted": accepted,
    }


EPISODES = [
    missing("M1", "2024-02-28", "2024-03-01", "2024-03-04", "Y", "Y"),
    missing("M2", "2024-02-29", "2024-03-01", "2024-03-06", "Y", "Y"),
    missing("M3", "2024-03-02", "2024-03-03", None, "Y", "N"),  # the child declined the interview
    missing("M4", "2024-03-15"),  # still missing
    missing("M5", "2024-03-08", "2024-03-10", None, "N"),
]


def test_return_home_interviews_within_72_hours():
    items = run(build(ssd_missing=EPISODES), "2024-03-20", ["return_home_interview_72h"])
    assert rows(items, "return_home_interview_72h") == [
        ("M1", 1, "2024-03-01", "2024-03-04", "2024-03-04", "on_time", None),
        ("M2", 1, "2024-03-01", "2024-03-04", "2024-03-06", "late", 2),
        ("M5", 1, "2024-03-10", "2024-03-13", None, "overdue", 7),
    ]
    # The published SSD has no interview date: not measurable, and the reason says so.
    without = build(ssd_missing=[{**e, "miss_missing_rhi_date": None} for e in EPISODES])
    rhi = m.measurability(without, rb.load(), m.Source("ssd"))["return_home_interview_72h"]
    assert not rhi.measurable and "miss_missing_rhi_date" in rhi.reason and "offered and accepted" in rhi.reason
    assert m.measurability(without, rb.load(), m.Source("ssd"))["missing_episodes"].measurable


def test_missing_episodes_are_counted_with_interviews_offered():
    book = rb.load()
    found = timeliness_measures.cohort(
        build(ssd_missing=EPISODES), book.measure("missing_episodes"), D("2024-03-20"), CAL, D("2024-03-01"), None
    )
    # M1 and M2 began in February; of M3, M4, M5 one had an interview offered.
    assert sorted(found.get_column("record_id").to_list()) == ["M3", "M4", "M5"]
    assert found.get_column("flagged").sum() == 1


# --- child in need plans -----------------------------------------------------------------------------------


def test_cin_visits_and_plan_reviews_at_the_local_frequency():
    plans = [{"cinp_cin_plan_id": "CP1", "cinp_person_id": "W", "cinp_cin_plan_start_date": "2024-01-01"}]
    visits = [{"cinv_person_id": "W", "cinv_cin_visit_date": d} for d in ("2024-01-20", "2024-03-01")]
    reviews = [{"cinr_cin_plan_id": "CP1", "cinr_cin_plan_review_date": "2024-03-15"}]
    frames = build(ssd_cin_plans=plans, ssd_cin_visits=visits, ssd_cin_plan_reviews=reviews)
    items = run(frames, "2024-03-20", ["cin_visit", "cin_plan_review"])
    assert rows(items, "cin_visit") == [
        ("CP1", 1, "2024-01-01", "2024-01-29", "2024-01-20", "on_time", None),
        ("CP1", 2, "2024-01-20", "2024-02-17", "2024-03-01", "late", 13),
        ("CP1", 3, "2024-03-01", "2024-03-29", None, "open", None),
    ]
    assert rows(items, "cin_plan_review") == [
        ("CP1", 1, "2024-01-01", "2024-04-01", "2024-03-15", "on_time", None),
        ("CP1", 2, "2024-03-15", "2024-06-15", None, "open", None),
    ]
    # A council that visits every 20 working days says so in its configuration.
    book = rb.load(overrides={"cin_visit": {"due": "20 working days"}})
    local = run(frames, "2024-03-20", ["cin_visit"], book=book)
    assert rows(local, "cin_visit")[0][3] == str(CAL.add(D("2024-01-01"), 20))
    reviews_missing = m.measurability(build(ssd_cin_plans=plans), rb.load(), m.Source("ssd"))["cin_plan_review"]
    assert not reviews_missing.measurable and "extension table" in reviews_missing.reason


# --- transfer-in conferences ---------------------------------------------------------------------------------


def test_transfer_in_conferences_15_working_days_from_notification():
    refs = [
        {"cine_referral_id": "RT1", "cine_person_id": "X", "cine_referral_date": "2024-02-01"},
        {
            "cine_referral_id": "RT2",
            "cine_person_id": "Y",
            "cine_referral_date": "2024-03-01",
            "cine_referral_outcome_json": '{"CP_TRANSFER_IN_FLAG": "Y"}',
        },
        {"cine_referral_id": "RT3", "cine_person_id": "Z", "cine_referral_date": "2024-03-01"},
        {"cine_referral_id": "RT4", "cine_person_id": "Q", "cine_referral_date": "2024-02-28"},
    ]
    conferences = [
        {"icpc_referral_id": "RT1", "icpc_icpc_transfer_in": "Y", "icpc_icpc_date": "2024-02-20"},
        {"icpc_referral_id": "RT3", "icpc_icpc_transfer_in": "N", "icpc_icpc_date": "2024-03-10"},  # an initial one
        # Linked through its section 47 enquiry only.
        {"icpc_s47_enquiry_id": "S4", "icpc_icpc_transfer_in": "Y", "icpc_icpc_date": "2024-03-05"},
    ]
    items = run(
        build(
            ssd_cin_episodes=refs,
            ssd_initial_cp_conference=conferences,
            ssd_s47_enquiry=[{"s47e_s47_enquiry_id": "S4", "s47e_referral_id": "RT4"}],
        ),
        "2024-04-10",
        ["transfer_in_conference_15wd"],
    )
    assert rows(items, "transfer_in_conference_15wd") == [
        # Thu 1 Feb 2024 + 15 working days = Thu 22 Feb.
        ("RT1", 1, "2024-02-01", "2024-02-22", "2024-02-20", "on_time", None),
        # Fri 1 Mar + 15 working days = Fri 22 Mar (Easter is later); none held by 10 Apr: 19 days overdue.
        ("RT2", 1, "2024-03-01", "2024-03-22", None, "overdue", 19),
        # Wed 28 Feb + 15 working days = Wed 20 Mar; held 5 Mar (found through its s47's referral).
        ("RT4", 1, "2024-02-28", "2024-03-20", "2024-03-05", "on_time", None),
    ]
