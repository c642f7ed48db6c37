"""Timeliness clocks on hand-made frames, every answer worked out by hand.

Working days: day 0 is the start and is not counted; England and Wales bank
holidays (timescales.md §1.1) are skipped. Months add to the same day of the
month, clamped to the month's end. Each case gives its working in a comment.
"""

import datetime as dt

import pytest

from oversight.analytics import rulebook as rb
from oversight.analytics import timeliness as t
from oversight.analytics.workdays import WorkingDayCalendar
from tests.timeliness.frames import CAL, build

D = dt.date.fromisoformat


def run(frames, as_at, rules=None, calendar=CAL, book=None, soon=5):
    return t.items(
        frames,
        book or rb.load(),
        D(as_at),
        calendar=calendar,
        case_worker_roles=["CW"],
        due_soon_working_days=soon,
        rule_ids=rules,
    )


def rows(items, rule):
    """(record, step, start, due, completed, status, days_late) of RULE's items, dates as text."""
    out = []
    for r in items.filter(items["rule"] == rule).iter_rows(named=True):
        out.append(
            (
                r["record_id"],
                r["step"],
                str(r["start_date"]),
                str(r["due_date"]),
                str(r["completed_date"]) if r["completed_date"] else None,
                r["status"],
                r["days_late"],
            )
        )
    return sorted(out)


# --- contact_decision_1wd ------------------------------------------------------------------------

CONTACTS = [
    # Thu 6 Apr 2023: Fri 7 (Good Friday) and Mon 10 (Easter Monday) are holidays, so 1 WD = Tue 11 Apr.
    {
        "cont_contact_id": "K1",
        "cont_person_id": "A",
        "cont_contact_date": "2023-04-06",
        "cont_contact_decision_date": "2023-04-11",
    },
    {
        "cont_contact_id": "K2",
        "cont_person_id": "A",
        "cont_contact_date": "2023-04-06",
        "cont_contact_decision_date": "2023-04-12",
    },
    # Fri 22 Dec 2023: Sat, Sun, 25 and 26 Dec holidays -> Wed 27 Dec. No decision by 2 Jan: 6 days overdue.
    {"cont_contact_id": "K3", "cont_person_id": "B", "cont_contact_date": "2023-12-22"},
    # Sat 30 Dec 2023 (weekend day 0): Sun 31, Mon 1 Jan holiday -> Tue 2 Jan, the as-at day itself: due soon, not overdue.
    {"cont_contact_id": "K4", "cont_person_id": "B", "cont_contact_date": "2023-12-30"},
    # Received on the as-at day: due Wed 3 Jan.
    {"cont_contact_id": "K5", "cont_person_id": "C", "cont_contact_date": "2024-01-02"},
    # After the as-at day: not yet known.
    {"cont_contact_id": "K6", "cont_person_id": "C", "cont_contact_date": "2024-01-03"},
    # Decided after the as-at day: as at 2 Jan it is still waiting (due Thu 28 Dec -> 5 days overdue).
    {
        "cont_contact_id": "K7",
        "cont_person_id": "C",
        "cont_contact_date": "2023-12-27",
        "cont_contact_decision_date": "2024-01-05",
    },
]


def test_contact_decisions_around_easter_and_christmas():
    items = run(build(ssd_contacts=CONTACTS), "2024-01-02", ["contact_decision_1wd"])
    assert rows(items, "contact_decision_1wd") == [
        ("K1", 1, "2023-04-06", "2023-04-11", "2023-04-11", "on_time", None),
        ("K2", 1, "2023-04-06", "2023-04-11", "2023-04-12", "late", 1),
        ("K3", 1, "2023-12-22", "2023-12-27", None, "overdue", 6),
        ("K4", 1, "2023-12-30", "2024-01-02", None, "due_soon", None),
        ("K5", 1, "2024-01-02", "2024-01-03", None, "due_soon", None),
        ("K7", 1, "2023-12-27", "2023-12-28", None, "overdue", 5),
    ]


def test_local_closure_days_move_the_due_date():
    # Office closed 27-29 Dec 2023: from Fri 22 Dec the next working day is Tue 2 Jan 2024.
    cal = WorkingDayCalendar(["2023-12-27", "2023-12-28", "2023-12-29"])
    items = run(build(ssd_contacts=CONTACTS[2:3]), "2024-01-02", ["contact_decision_1wd"], calendar=cal)
    assert rows(items, "contact_decision_1wd") == [("K3", 1, "2023-12-22", "2024-01-02", None, "due_soon", None)]


# --- assessment_45wd -----------------------------------------------------------------------------

# Mon 3 Apr 2023 + 45 WD = Mon 12 Jun 2023 (skips 7 and 10 Apr, 1, 8 and 29 May: timescales.md §1.2).
REFERRALS = [
    {"cine_referral_id": "R1", "cine_person_id": "A", "cine_referral_date": "2023-04-03"},
    {"cine_referral_id": "R2", "cine_person_id": "A", "cine_referral_date": "2023-04-03"},
    {"cine_referral_id": "R3", "cine_person_id": "B", "cine_referral_date": "2023-04-03", "cine_referral_nfa": "Y"},
    {"cine_referral_id": "R4", "cine_person_id": "B", "cine_referral_date": "2023-04-03", "cine_referral_nfa": "Y"},
    {
        "cine_referral_id": "R5",
        "cine_person_id": "C",
        "cine_referral_date": "2023-04-03",
        "cine_close_date": "2023-05-01",
    },
    {
        "cine_referral_id": "R6",
        "cine_person_id": "C",
        "cine_referral_date": "2023-04-03",
        "cine_close_date": "2023-07-01",
    },
    {"cine_referral_id": "R7", "cine_person_id": "D", "cine_referral_date": "2023-04-03"},
]
ASSESSMENTS = [
    {"cina_referral_id": "R1", "cina_assessment_auth_date": "2023-06-12"},
    # R2: the first authorisation counts; an unauthorised one is ignored.
    {"cina_referral_id": "R2", "cina_assessment_auth_date": "2023-06-13"},
    {"cina_referral_id": "R2", "cina_assessment_auth_date": None},
    {"cina_referral_id": "R2", "cina_assessment_auth_date": "2023-07-20"},
    # R4: closed NFA at referral, but assessed anyway: it counts.
    {"cina_referral_id": "R4", "cina_assessment_auth_date": "2023-05-02"},
]


def test_assessments_45_working_days():
    items = run(build(ssd_cin_episodes=REFERRALS, ssd_cin_assessments=ASSESSMENTS), "2023-09-01", ["assessment_45wd"])
    assert rows(items, "assessment_45wd") == [
        ("R1", 1, "2023-04-03", "2023-06-12", "2023-06-12", "on_time", None),
        ("R2", 1, "2023-04-03", "2023-06-12", "2023-06-13", "late", 1),
        # R3: NFA, never assessed: no clock.
        ("R4", 1, "2023-04-03", "2023-06-12", "2023-05-02", "on_time", None),
        # R5 closed on 1 May, before the due date, with nothing authorised: no item.
        # R6 closed on 1 Jul, 19 days after the due date (12 Jun -> 1 Jul), never authorised: missed.
        ("R6", 1, "2023-04-03", "2023-06-12", None, "overdue", 19),
        # R7 still open on 1 Sep: 12 Jun -> 1 Sep = 18 + 31 + 31 + 1 = 81 days.
        ("R7", 1, "2023-04-03", "2023-06-12", None, "overdue", 81),
    ]


def test_an_assessment_not_yet_due_is_open_or_due_soon():
    frames = build(ssd_cin_episodes=REFERRALS[-1:])
    # As at Thu 1 Jun 2023 due soon means due by Thu 8 Jun (5 WD); 12 Jun is later: open.
    assert rows(run(frames, "2023-06-01", ["assessment_45wd"]), "assessment_45wd")[0][5] == "open"
    # As at Mon 5 Jun: 5 WD later is Mon 12 Jun, the due date: due soon.
    assert rows(run(frames, "2023-06-05", ["assessment_45wd"]), "assessment_45wd")[0][5] == "due_soon"
    # Before the referral: no item at all.
    assert rows(run(frames, "2023-04-02", ["assessment_45wd"]), "assessment_45wd") == []


# --- strategy_discussion (local default 3 WD) ------------------------------------------------------


def test_strategy_discussions_after_a_referral():
    flag = '{"STRATEGY_DISCUSSION_FLAG": "Y", "NFA_FLAG": "N"}'
    referrals = [
        # Thu 15 Sep 2022: Fri 16 (1), Mon 19 state funeral (holiday), Tue 20 (2), Wed 21 (3).
        {
            "cine_referral_id": "R1",
            "cine_person_id": "A",
            "cine_referral_date": "2022-09-15",
            "cine_referral_outcome_json": flag,
        },
        # Flagged, no discussion yet; as at Mon 26 Sep it was due Wed 21: 5 days overdue.
        {
            "cine_referral_id": "R2",
            "cine_person_id": "B",
            "cine_referral_date": "2022-09-15",
            "cine_referral_outcome_json": flag,
        },
        # Not flagged, no discussion: no clock.
        {
            "cine_referral_id": "R3",
            "cine_person_id": "C",
            "cine_referral_date": "2022-09-15",
            "cine_referral_outcome_json": '{"STRATEGY_DISCUSSION_FLAG": "N"}',
        },
        # Not flagged, but a discussion was held (Thu 22 Sep, one day late).
        {"cine_referral_id": "R4", "cine_person_id": "D", "cine_referral_date": "2022-09-15"},
    ]
    discussions = [
        {"strd_referral_id": "R1", "strd_strategy_discussion_date": "2022-09-21"},
        {"strd_referral_id": "R1", "strd_strategy_discussion_date": "2022-09-23"},
        {"strd_referral_id": "R4", "strd_strategy_discussion_date": "2022-09-22"},
    ]
    items = run(
        build(ssd_cin_episodes=referrals, ssd_strategy_discussions=discussions), "2022-09-26", ["strategy_discussion"]
    )
    assert rows(items, "strategy_discussion") == [
        ("R1", 1, "2022-09-15", "2022-09-21", "2022-09-21", "on_time", None),
        ("R2", 1, "2022-09-15", "2022-09-21", None, "overdue", 5),
        ("R4", 1, "2022-09-15", "2022-09-21", "2022-09-22", "late", 1),
    ]


# --- icpc_15wd ---------------------------------------------------------------------------------------


def test_initial_conferences_15_working_days():
    cp = '{"CP_CONFERENCE_FLAG": "Y"}'
    s47 = [
        # Mon 12 Sep 2022 + 15 WD = Tue 4 Oct 2022 (skips 19 Sep): timescales.md §1.2.
        {"s47e_s47_enquiry_id": "S1", "s47e_person_id": "A", "s47e_s47_start_date": "2022-09-12"},
        # Sat 4 Nov 2023 + 15 WD = Fri 24 Nov 2023; held Mon 27 Nov: 3 days late.
        {"s47e_s47_enquiry_id": "S2", "s47e_person_id": "B", "s47e_s47_start_date": "2023-11-04"},
        # Conference wanted, not held; as at 1 Dec 2023: due 24 Nov, 7 days overdue.
        {
            "s47e_s47_enquiry_id": "S3",
            "s47e_person_id": "C",
            "s47e_s47_start_date": "2023-11-04",
            "s47e_s47_outcome_json": cp,
        },
        # Only a transfer-in conference, and no conference wanted: no clock.
        {"s47e_s47_enquiry_id": "S4", "s47e_person_id": "D", "s47e_s47_start_date": "2023-11-04"},
        # No further action: no clock.
        {
            "s47e_s47_enquiry_id": "S5",
            "s47e_person_id": "E",
            "s47e_s47_start_date": "2023-11-04",
            "s47e_s47_outcome_json": '{"CP_CONFERENCE_FLAG": "N"}',
        },
    ]
    icpc = [
        {"icpc_icpc_id": "I1", "icpc_s47_enquiry_id": "S1", "icpc_icpc_date": "2022-10-04", "icpc_person_id": "A"},
        {"icpc_icpc_id": "I2", "icpc_s47_enquiry_id": "S2", "icpc_icpc_date": "2023-11-27", "icpc_person_id": "B"},
        {
            "icpc_icpc_id": "I4",
            "icpc_s47_enquiry_id": "S4",
            "icpc_icpc_date": "2023-11-10",
            "icpc_person_id": "D",
            "icpc_icpc_transfer_in": "Y",
        },
    ]
    items = run(build(ssd_s47_enquiry=s47, ssd_initial_cp_conference=icpc), "2023-12-01", ["icpc_15wd"])
    assert rows(items, "icpc_15wd") == [
        ("S1", 1, "2022-09-12", "2022-10-04", "2022-10-04", "on_time", None),
        ("S2", 1, "2023-11-04", "2023-11-24", "2023-11-27", "late", 3),
        ("S3", 1, "2023-11-04", "2023-11-24", None, "overdue", 7),
    ]


# --- core_group_first_10wd ------------------------------------------------------------------------


def test_first_core_group_over_easter_and_christmas():
    icpc = [
        # Mon 25 Mar 2024: 26, 27, 28 Mar (1-3), Good Friday and Easter Monday skipped, 2-5 Apr (4-7), 8, 9, 10 Apr (8-10).
        {"icpc_icpc_id": "I1", "icpc_icpc_date": "2024-03-25", "icpc_cp_plan_id": "CP1", "icpc_person_id": "A"},
        # Fri 20 Dec 2024, linked from the plan's side only: 23, 24 Dec (1, 2), 27, 30, 31 Dec (3-5),
        # 2, 3 Jan (6, 7), 6, 7, 8 Jan (8-10): due Wed 8 Jan 2025.
        {"icpc_icpc_id": "I2", "icpc_icpc_date": "2024-12-20", "icpc_cp_plan_id": "", "icpc_person_id": "B"},
        # The plan ended on 10 Jun 2024, before its first core group was due (17 Jun): no item.
        {"icpc_icpc_id": "I3", "icpc_icpc_date": "2024-06-03", "icpc_cp_plan_id": "CP3", "icpc_person_id": "C"},
    ]
    plans = [
        {
            "cppl_cp_plan_id": "CP1",
            "cppl_person_id": "A",
            "cppl_cp_plan_start_date": "2024-03-25",
            "cppl_icpc_id": "I1",
        },
        {
            "cppl_cp_plan_id": "CP2",
            "cppl_person_id": "B",
            "cppl_cp_plan_start_date": "2024-12-20",
            "cppl_icpc_id": "I2",
        },
        {
            "cppl_cp_plan_id": "CP3",
            "cppl_person_id": "C",
            "cppl_cp_plan_start_date": "2024-06-03",
            "cppl_cp_plan_end_date": "2024-06-10",
            "cppl_icpc_id": "I3",
        },
    ]
    groups = [
        {
            "cpcg_cp_plan_id": "CP1",
            "cpcg_core_group_date": "2024-03-01",
        },  # before the conference: not the first core group
        {"cpcg_cp_plan_id": "CP1", "cpcg_core_group_date": "2024-04-10"},
        {"cpcg_cp_plan_id": "CP2", "cpcg_core_group_date": "2025-01-09"},
    ]
    items = run(
        build(ssd_initial_cp_conference=icpc, ssd_cp_plans=plans, ssd_core_groups=groups),
        "2025-02-01",
        ["core_group_first_10wd"],
    )
    assert rows(items, "core_group_first_10wd") == [
        ("CP1", 1, "2024-03-25", "2024-04-10", "2024-04-10", "on_time", None),
        ("CP2", 1, "2024-12-20", "2025-01-08", "2025-01-09", "late", 1),
    ]


# --- rcpc_first_3m / rcpc_next_6m -----------------------------------------------------------------

RCPC_PLANS = [
    {
        "cppl_cp_plan_id": "CP1",
        "cppl_person_id": "A",
        "cppl_cp_plan_start_date": "2023-11-30",
        "cppl_cp_plan_end_date": "2025-01-15",
    },
    {"cppl_cp_plan_id": "CP2", "cppl_person_id": "B", "cppl_cp_plan_start_date": "2023-11-30", "cppl_cp_plan_ola": "Y"},
    {"cppl_cp_plan_id": "CP3", "cppl_person_id": "C", "cppl_cp_plan_start_date": "2023-08-31"},
]
RCPC_ICPC = [{"icpc_icpc_id": "I1", "icpc_icpc_date": "2023-11-30", "icpc_cp_plan_id": "CP1", "icpc_person_id": "A"}]
RCPC_REVIEWS = [
    {"cppr_cp_plan_id": "CP1", "cppr_cp_review_date": "2024-02-29"},
    {"cppr_cp_plan_id": "CP1", "cppr_cp_review_date": "2024-09-02"},
    {"cppr_cp_plan_id": "CP2", "cppr_cp_review_date": "2024-02-01"},
]


def rcpc(as_at):
    items = run(
        build(ssd_cp_plans=RCPC_PLANS, ssd_initial_cp_conference=RCPC_ICPC, ssd_cp_reviews=RCPC_REVIEWS),
        as_at,
        ["rcpc_first_3m", "rcpc_next_6m"],
    )
    return rows(items, "rcpc_first_3m") + rows(items, "rcpc_next_6m")


def test_review_conferences_after_the_plan_ended():
    assert rcpc("2025-06-01") == [
        # 30 Nov 2023 + 3 months = 30 Feb, clamped to 29 Feb 2024 (leap year).
        ("CP1", 1, "2023-11-30", "2024-02-29", "2024-02-29", "on_time", None),
        # CP3 has no linked conference: from the plan start. 31 Aug 2023 + 3 months = 30 Nov 2023;
        # never reviewed: 30 Nov 2023 -> 1 Jun 2025 = 549 days (1 + 366 + 182).
        ("CP3", 1, "2023-08-31", "2023-11-30", None, "overdue", 549),
        # From the review actually held: 29 Feb 2024 + 6 months = 29 Aug 2024; held 2 Sep: 4 days late.
        ("CP1", 2, "2024-02-29", "2024-08-29", "2024-09-02", "late", 4),
        # The next would be due 2 Mar 2025, after the plan ended on 15 Jan 2025: none. CP2 is another council's plan.
    ]


def test_review_conferences_as_at_earlier_dates():
    # While the plan lasts, the next review is open (2 Sep 2024 + 6 months = 2 Mar 2025).
    assert ("CP1", 3, "2024-09-02", "2025-03-02", None, "open", None) in rcpc("2024-12-01")
    # On 30 Aug 2024 the 2 Sep review had not happened: 1 day overdue, and no third item yet.
    on_30_aug = rcpc("2024-08-30")
    assert ("CP1", 2, "2024-02-29", "2024-08-29", None, "overdue", 1) in on_30_aug
    assert not [r for r in on_30_aug if r[0] == "CP1" and r[1] == 3]


# --- cp_visit (local default 10 WD) -----------------------------------------------------------------


def test_cp_visits_repeat_from_the_visit_actually_made():
    plans = [
        {
            "cppl_cp_plan_id": "CP4",
            "cppl_person_id": "A",
            "cppl_cp_plan_start_date": "2022-09-05",
            "cppl_cp_plan_end_date": "2022-10-10",
        },
        {"cppl_cp_plan_id": "CP5", "cppl_person_id": "B", "cppl_cp_plan_start_date": "2024-01-02"},
    ]
    visits = [
        {"cppv_cp_plan_id": "CP4", "cppv_cp_visit_date": "2022-09-16"},
        {"cppv_cp_plan_id": "CP4", "cppv_cp_visit_date": "2022-10-04"},
        {"cppv_cp_plan_id": "CP4", "cppv_cp_visit_date": "2022-10-12"},  # after the plan ended: not counted
        {"cppv_cp_plan_id": "CP5", "cppv_cp_visit_date": "2024-01-02"},
        {"cppv_cp_plan_id": "CP5", "cppv_cp_visit_date": "2024-01-10"},
        {"cppv_cp_plan_id": "CP5", "cppv_cp_visit_date": "2024-01-10"},  # two records of one day's visit
    ]
    items = run(build(ssd_cp_plans=plans, ssd_cp_visits=visits), "2024-01-20", ["cp_visit"])
    assert rows(items, "cp_visit") == [
        # Mon 5 Sep 2022: 6-9 Sep (1-4), 12-16 (5-9), Mon 19 holiday, Tue 20 (10).
        ("CP4", 1, "2022-09-05", "2022-09-20", "2022-09-16", "on_time", None),
        # Fri 16 Sep: Mon 19 holiday, 20-23 (1-4), 26-30 (5-9), Mon 3 Oct (10); visited Tue 4 Oct.
        ("CP4", 2, "2022-09-16", "2022-10-03", "2022-10-04", "late", 1),
        # From 4 Oct the next was due 18 Oct, after the plan ended on 10 Oct: no item.
        # CP5: a visit on the day the plan starts completes the first interval (due 2 Jan + 10 WD = 16 Jan).
        ("CP5", 1, "2024-01-02", "2024-01-16", "2024-01-02", "on_time", None),
        ("CP5", 2, "2024-01-02", "2024-01-16", "2024-01-10", "on_time", None),
        # 10 Jan + 10 WD = Wed 24 Jan; as at Sat 20 Jan, due soon runs to Fri 26 Jan.
        ("CP5", 3, "2024-01-10", "2024-01-24", None, "due_soon", None),
    ]


# --- cla_review_first_20wd / second_3m / next_6m ----------------------------------------------------

CARE = [
    # B: one period of care (P1) of two episodes; the first ended X1 and care went on.
    {
        "clae_cla_episode_id": "E1",
        "clae_cla_id": "P1",
        "clae_person_id": "B",
        "clae_cla_episode_start_date": "2021-12-20",
        "clae_cla_episode_ceased_date": "2022-03-01",
    },
    {
        "clae_cla_episode_id": "E2",
        "clae_cla_id": "P1",
        "clae_person_id": "B",
        "clae_cla_episode_start_date": "2022-03-01",
    },
    # C: in care 31 Aug to 15 Sep 2023, left before the first review was due (Thu 28 Sep).
    {
        "clae_cla_episode_id": "E3",
        "clae_cla_id": "P2",
        "clae_person_id": "C",
        "clae_cla_episode_start_date": "2023-08-31",
        "clae_cla_episode_ceased_date": "2023-09-15",
    },
]
CLA_REVIEWS = [
    {"clar_cla_person_id": "B", "clar_cla_review_date": "2022-01-20"},
    {"clar_cla_person_id": "B", "clar_cla_review_date": "2022-04-25"},
    {"clar_cla_person_id": "B", "clar_cla_review_date": "2022-10-20", "clar_cla_review_cancelled": "Y"},
    {"clar_cla_person_id": "B", "clar_cla_review_date": "2022-10-24"},
]


def test_looked_after_reviews():
    items = run(
        build(ssd_cla_episodes=CARE, ssd_cla_reviews=CLA_REVIEWS),
        "2023-05-02",
        ["cla_review_first_20wd", "cla_review_second_3m", "cla_review_next_6m"],
    )
    assert rows(items, "cla_review_first_20wd") == [
        # Mon 20 Dec 2021 + 20 WD = Thu 20 Jan 2022 (27, 28 Dec and 3 Jan substitute holidays): timescales.md §1.2.
        ("P1", 1, "2021-12-20", "2022-01-20", "2022-01-20", "on_time", None),
    ]
    assert rows(items, "cla_review_second_3m") == [
        # 20 Jan + 3 months = 20 Apr 2022; held 25 Apr: 5 days late.
        ("P1", 2, "2022-01-20", "2022-04-20", "2022-04-25", "late", 5),
    ]
    assert rows(items, "cla_review_next_6m") == [
        # From 25 Apr: 25 Oct 2022. The cancelled review of 20 Oct does not count; 24 Oct does.
        ("P1", 3, "2022-04-25", "2022-10-25", "2022-10-24", "on_time", None),
        # 24 Oct 2022 + 6 months = 24 Apr 2023; as at 2 May: 8 days overdue.
        ("P1", 4, "2022-10-24", "2023-04-24", None, "overdue", 8),
    ]


def test_looked_after_reviews_leap_day_and_bank_holiday_due_soon():
    care = [
        {
            "clae_cla_episode_id": "E9",
            "clae_cla_id": "P3",
            "clae_person_id": "D",
            "clae_cla_episode_start_date": "2023-11-02",
            "clae_entered_care_date": "2023-11-01",
        }
    ]
    reviews = [{"clar_cla_person_id": "D", "clar_cla_review_date": d} for d in ("2023-11-30", "2024-02-29")]
    items = run(
        build(ssd_cla_episodes=care, ssd_cla_reviews=reviews),
        "2024-08-23",
        ["cla_review_first_20wd", "cla_review_second_3m", "cla_review_next_6m"],
    )
    found = (
        rows(items, "cla_review_first_20wd") + rows(items, "cla_review_second_3m") + rows(items, "cla_review_next_6m")
    )
    assert found == [
        # Care began on the entered-care date, Wed 1 Nov 2023: 2-3 Nov (1, 2), then three full weeks to Fri 24 Nov (17),
        # 27, 28, 29 Nov (18-20): due Wed 29 Nov; held 30 Nov.
        ("P3", 1, "2023-11-01", "2023-11-29", "2023-11-30", "late", 1),
        # 30 Nov + 3 months = 29 Feb 2024 (clamped, leap year); held that day.
        ("P3", 2, "2023-11-30", "2024-02-29", "2024-02-29", "on_time", None),
        # 29 Feb + 6 months = 29 Aug 2024. As at Fri 23 Aug, 5 WD on is Mon 2 Sep (26 Aug is a holiday): due soon.
        ("P3", 3, "2024-02-29", "2024-08-29", None, "due_soon", None),
    ]


def test_no_review_is_due_after_care_ends():
    items = run(build(ssd_cla_episodes=CARE[2:]), "2024-01-01", ["cla_review_first_20wd"])
    assert items.is_empty()


# --- cla_visit ---------------------------------------------------------------------------------------------


def test_looked_after_visits_first_week_first_year_and_long_term():
    placements = [
        # E: long-term foster placement (U1) from Mon 2 Jan 2023; its first year ends 2 Jan 2024.
        {
            "clap_cla_placement_id": "PL1",
            "clap_person_id": "E",
            "clap_cla_placement_start_date": "2023-01-02",
            "clap_cla_placement_type": "U1",
        },
        # F: not long-term (K2), 31 Jan 2023 to 31 Mar 2024; first year ends 31 Jan 2024.
        {
            "clap_cla_placement_id": "PL2",
            "clap_person_id": "F",
            "clap_cla_placement_start_date": "2023-01-31",
            "clap_cla_placement_end_date": "2024-03-31",
            "clap_cla_placement_type": "K2",
        },
    ]
    visits = [
        {"clav_person_id": "E", "clav_cla_visit_date": d}
        for d in ("2022-12-30", "2023-01-09", "2023-02-21", "2023-12-20", "2024-01-31", "2024-04-30")
    ]
    visits += [{"clav_person_id": "F", "clav_cla_visit_date": d} for d in ("2023-02-07", "2024-02-01", "2024-03-14")]
    items = run(build(ssd_cla_placement=placements, ssd_cla_visits=visits), "2024-05-15", ["cla_visit"])
    assert rows(items, "cla_visit") == [
        # Within 1 week: 2 Jan + 7 days = 9 Jan. (The visit of 30 Dec was before the placement.)
        ("PL1", 1, "2023-01-02", "2023-01-09", "2023-01-09", "on_time", None),
        # First year, 6 weeks: 9 Jan + 42 days = 20 Feb; visited 21 Feb.
        ("PL1", 2, "2023-01-09", "2023-02-20", "2023-02-21", "late", 1),
        # 21 Feb + 42 = 4 Apr; next visit 20 Dec: 26 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 20 = 260 days late.
        ("PL1", 3, "2023-02-21", "2023-04-04", "2023-12-20", "late", 260),
        # 20 Dec 2023 is still in the first year: 6 weeks, due 31 Jan 2024.
        ("PL1", 4, "2023-12-20", "2024-01-31", "2024-01-31", "on_time", None),
        # From 31 Jan 2024 the placement is past its first year and long-term: 3 months, 30 Apr (clamped).
        ("PL1", 5, "2024-01-31", "2024-04-30", "2024-04-30", "on_time", None),
        ("PL1", 6, "2024-04-30", "2024-07-30", None, "open", None),
        # F: 31 Jan + 7 = 7 Feb 2023.
        ("PL2", 1, "2023-01-31", "2023-02-07", "2023-02-07", "on_time", None),
        # 7 Feb + 42 = 21 Mar 2023; next visit 1 Feb 2024: 366 days to 21 Mar 2024 less 49 (1 Feb -> 21 Mar 2024) = 317.
        ("PL2", 2, "2023-02-07", "2023-03-21", "2024-02-01", "late", 317),
        # 1 Feb 2024 is after the first year, but the placement is not long-term: still 6 weeks, 14 Mar.
        ("PL2", 3, "2024-02-01", "2024-03-14", "2024-03-14", "on_time", None),
        # 14 Mar + 42 = 25 Apr, after the placement ended on 31 Mar: no item.
    ]


# --- cla_health_assessment ----------------------------------------------------------------------------


def test_health_assessments_by_age():
    people = [{"pers_person_id": "G", "pers_dob": "2019-08-31"}, {"pers_person_id": "H", "pers_dob": None}]
    care = [
        {
            "clae_cla_episode_id": "E1",
            "clae_cla_id": "H1",
            "clae_person_id": "G",
            "clae_cla_episode_start_date": "2024-02-09",
        },
        {
            "clae_cla_episode_id": "E2",
            "clae_cla_id": "H2",
            "clae_person_id": "H",
            "clae_cla_episode_start_date": "2023-06-01",
        },
    ]
    done = "Completed"
    checks = [
        {
            "clah_person_id": "G",
            "clah_health_check_type": "Dental check",
            "clah_health_check_date": "2024-03-01",
            "clah_health_check_status": done,
        },
        {
            "clah_person_id": "G",
            "clah_health_check_type": "Initial Health Assessment",
            "clah_health_check_date": "2024-03-08",
            "clah_health_check_status": done,
        },
        {
            "clah_person_id": "G",
            "clah_health_check_type": "Review health assessment",
            "clah_health_check_date": "2024-06-01",
            "clah_health_check_status": "Planned",
        },
        {
            "clah_person_id": "G",
            "clah_health_check_type": "Review health assessment",
            "clah_health_check_date": "2024-08-30",
            "clah_health_check_status": done,
        },
        {
            "clah_person_id": "G",
            "clah_health_check_type": "Review health assessment",
            "clah_health_check_date": "2025-02-28",
            "clah_health_check_status": done,
        },
        {
            "clah_person_id": "H",
            "clah_health_check_type": "Initial health assessment",
            "clah_health_check_date": "2023-06-20",
            "clah_health_check_status": done,
        },
    ]
    frames = build(ssd_person=people, ssd_cla_episodes=care, ssd_cla_health=checks)
    assert rows(run(frames, "2025-06-01", ["cla_health_assessment"]), "cla_health_assessment")[:4] == [
        # Fri 9 Feb 2024 + 20 WD = Fri 8 Mar 2024 (four full weeks, no holidays).
        ("H1", 1, "2024-02-09", "2024-03-08", "2024-03-08", "on_time", None),
        # Aged 4 on 8 Mar 2024: 6 months, 8 Sep 2024.
        ("H1", 2, "2024-03-08", "2024-09-08", "2024-08-30", "on_time", None),
        # 30 Aug 2024 is the day before the fifth birthday: still 6 months, 30 Feb clamped to 28 Feb 2025.
        ("H1", 3, "2024-08-30", "2025-02-28", "2025-02-28", "on_time", None),
        # Aged 5 on 28 Feb 2025: 12 months.
        ("H1", 4, "2025-02-28", "2026-02-28", None, "open", None),
    ]
    assert rows(run(frames, "2024-01-10", ["cla_health_assessment"]), "cla_health_assessment") == [
        # Thu 1 Jun 2023 + 20 WD = Thu 29 Jun 2023.
        ("H2", 1, "2023-06-01", "2023-06-29", "2023-06-20", "on_time", None),
        # Date of birth not recorded: the under-5 interval, 20 Dec 2023; as at 10 Jan: 21 days overdue.
        ("H2", 2, "2023-06-20", "2023-12-20", None, "overdue", 21),
    ]


# --- care_leaver_contact / pathway_plan_review_6m ----------------------------------------------------------


def test_care_leaver_contacts_and_pathway_plan_reviews():
    leavers = [
        {
            "clea_table_id": "L1",
            "clea_person_id": "J",
            "clea_care_leaver_start_date": "2023-12-31",
            "clea_care_leaver_end_date": "2024-06-15",
        },
        {"clea_table_id": "L2", "clea_person_id": "K", "clea_care_leaver_start_date": None},
        {"clea_table_id": "L3", "clea_person_id": "M", "clea_care_leaver_start_date": "2023-08-31"},
    ]
    contacts = [{"clec_person_id": "J", "clec_contact_date": d} for d in ("2024-02-29", "2024-04-30")]
    contacts += [{"clec_person_id": "K", "clec_contact_date": "2024-01-01"}]
    reviews = [{"clpp_person_id": "M", "clpp_pathway_plan_review_date": "2024-02-29"}]
    frames = build(ssd_care_leavers=leavers, ssd_care_leaver_contacts=contacts, ssd_pathway_plan_reviews=reviews)
    items = run(frames, "2024-09-03", ["care_leaver_contact", "pathway_plan_review_6m"])
    assert rows(items, "care_leaver_contact") == [
        # 31 Dec 2023 + 2 months = 29 Feb 2024 (clamped, leap year).
        ("L1", 1, "2023-12-31", "2024-02-29", "2024-02-29", "on_time", None),
        # 29 Feb + 2 months = 29 Apr; contact 30 Apr: 1 day late.
        ("L1", 2, "2024-02-29", "2024-04-29", "2024-04-30", "late", 1),
        # 30 Apr + 2 months = 30 Jun, after leaving-care support ended on 15 Jun: no item. L2 has no start: no clock.
        # M: started 31 Aug 2023 with no contact; due 31 Oct 2023, as at 3 Sep 2024: 308 days overdue.
        ("L3", 1, "2023-08-31", "2023-10-31", None, "overdue", 308),
    ]
    assert rows(items, "pathway_plan_review_6m") == [
        # J: 31 Dec + 6 months = 30 Jun 2024, after the end (15 Jun), nothing held: no item.
        # M: 31 Aug 2023 + 6 months = 29 Feb 2024 (clamped); reviewed that day.
        ("L3", 1, "2023-08-31", "2024-02-29", "2024-02-29", "on_time", None),
        # 29 Feb + 6 months = 29 Aug 2024; as at 3 Sep: 5 days overdue.
        ("L3", 2, "2024-02-29", "2024-08-29", None, "overdue", 5),
    ]


# --- who: the allocated case worker and the team ------------------------------------------------------------


def test_items_go_to_the_case_worker_allocated_on_the_due_date():
    contacts = [
        {"cont_contact_id": "K1", "cont_person_id": "A", "cont_contact_date": "2023-04-06"},  # due 11 Apr 2023
        {"cont_contact_id": "K2", "cont_person_id": "A", "cont_contact_date": "2023-06-01"},  # due 2 Jun 2023
        {
            "cont_contact_id": "K3",
            "cont_person_id": "A",
            "cont_contact_date": "2023-06-29",
        },  # due 30 Jun, after the as-at day
        {"cont_contact_id": "K4", "cont_person_id": "B", "cont_contact_date": "2023-03-30"},  # due 31 Mar 2023
        {"cont_contact_id": "K5", "cont_person_id": "Z", "cont_contact_date": "2023-03-30"},  # nobody allocated
        {"cont_contact_id": "K6", "cont_person_id": "C", "cont_contact_date": "2023-03-30"},  # C's worker had finished
    ]
    involvements = [
        {
            "invo_person_id": "A",
            "invo_professional_id": "W1",
            "invo_professional_role_id": "CW",
            "invo_professional_team": "T8",
            "invo_involvement_start_date": "2023-01-01",
            "invo_involvement_end_date": "2023-05-01",
        },
        {
            "invo_person_id": "A",
            "invo_professional_id": "W2",
            "invo_professional_role_id": "CW",
            "invo_professional_team": "T9",
            "invo_involvement_start_date": "2023-05-01",
        },
        # An IRO is not the case worker.
        {
            "invo_person_id": "A",
            "invo_professional_id": "W3",
            "invo_professional_role_id": "IRO",
            "invo_professional_team": "T7",
            "invo_involvement_start_date": "2023-05-20",
        },
        # B: W4 still holds the case; W5 covered briefly and had finished by 31 Mar.
        {
            "invo_person_id": "B",
            "invo_professional_id": "W4",
            "invo_professional_role_id": "CW",
            "invo_professional_team": "T1",
            "invo_involvement_start_date": "2022-01-01",
        },
        {
            "invo_person_id": "B",
            "invo_professional_id": "W5",
            "invo_professional_role_id": "CW",
            "invo_professional_team": "T2",
            "invo_involvement_start_date": "2023-03-01",
            "invo_involvement_end_date": "2023-03-15",
        },
        # C: the last allocation ended before the due date; a later one starts after it.
        {
            "invo_person_id": "C",
            "invo_professional_id": "W6",
            "invo_professional_role_id": "CW",
            "invo_professional_team": "T6",
            "invo_involvement_start_date": "2022-01-01",
            "invo_involvement_end_date": "2023-02-01",
        },
        {
            "invo_person_id": "C",
            "invo_professional_id": "W7",
            "invo_professional_role_id": "CW",
            "invo_professional_team": "T7",
            "invo_involvement_start_date": "2023-04-03",
        },
    ]
    professionals = [
        {"prof_professional_id": "W1", "prof_team_id": "T1"},
        {"prof_professional_id": "W2", "prof_team_id": ""},
        {"prof_professional_id": "W4", "prof_team_id": "T4"},
    ]
    items = run(
        build(ssd_contacts=contacts, ssd_involvements=involvements, ssd_professionals=professionals),
        "2023-06-29",
        ["contact_decision_1wd"],
    )
    who = {r["record_id"]: (r["worker_id"], r["team"]) for r in items.iter_rows(named=True)}
    assert who == {
        "K1": ("W1", "T1"),  # W1 on 11 Apr; the worker's own team comes first
        "K2": ("W2", "T9"),  # W2 on 2 Jun; W2 has no team of their own, so the allocation's
        "K3": ("W2", "T9"),  # not due until after the as-at day: whoever holds the case on it
        "K4": ("W4", "T4"),  # W5's allocation had ended; W4's, started earlier, is still open
        "K5": (None, None),
        "K6": (None, "T6"),  # unallocated on the day: the team that last held C, so it is on a team's list
    }


def test_missing_columns_are_named():
    frames = build()
    frames["ssd_contacts"] = frames["ssd_contacts"].drop("cont_contact_decision_date")
    with pytest.raises(t.MissingData, match="ssd_contacts has no column.*cont_contact_decision_date"):
        run(frames, "2024-01-01", ["contact_decision_1wd"])
    del frames["ssd_cp_visits"]
    with pytest.raises(t.MissingData, match="ssd_cp_visits"):
        run(frames, "2024-01-01", ["cp_visit"])


def test_a_care_leaver_without_a_case_worker_goes_to_the_personal_adviser():
    leavers = [{"clea_table_id": "L1", "clea_person_id": "J", "clea_care_leaver_start_date": "2024-01-15"}]
    involvements = [
        {
            "invo_person_id": "J",
            "invo_professional_id": "P1",
            "invo_professional_role_id": "PA",
            "invo_professional_team": "LC",
            "invo_involvement_start_date": "2024-01-15",
        },
        # K has both: the case worker comes first.
        {
            "invo_person_id": "K",
            "invo_professional_id": "P2",
            "invo_professional_role_id": "PA",
            "invo_involvement_start_date": "2024-01-01",
        },
        {
            "invo_person_id": "K",
            "invo_professional_id": "W9",
            "invo_professional_role_id": "CW",
            "invo_involvement_start_date": "2024-01-01",
        },
    ]
    leavers.append({"clea_table_id": "L2", "clea_person_id": "K", "clea_care_leaver_start_date": "2024-01-15"})
    frames = build(ssd_care_leavers=leavers, ssd_involvements=involvements)
    items = t.items(
        frames,
        rb.load(),
        D("2024-02-01"),
        calendar=CAL,
        case_worker_roles=["CW"],
        adviser_roles=["PA"],
        rule_ids=["care_leaver_contact"],
    )
    assert sorted(items.select("record_id", "worker_id", "team").iter_rows()) == [
        ("L1", "P1", "LC"),
        ("L2", "W9", None),
    ]
    # Without adviser roles configured, J's clock has nobody.
    items = t.items(
        frames, rb.load(), D("2024-02-01"), calendar=CAL, case_worker_roles=["CW"], rule_ids=["care_leaver_contact"]
    )
    assert sorted(items.select("record_id", "worker_id").iter_rows()) == [("L1", None), ("L2", "W9")]


@pytest.mark.parametrize(
    "on_time,measured,percent", [(1, 16, 6.3), (5, 16, 31.3), (3, 16, 18.8), (2, 3, 66.7), (1, 3, 33.3), (0, 4, 0.0)]
)
def test_percent_on_time_rounds_halves_up(on_time, measured, percent):
    # 1 of 16 is 6.25%: 6.3 to one decimal place, as a reader rounds it by hand (not 6.2, half to even).
    import polars as pl

    items = pl.DataFrame(
        {
            "rule": ["cp_visit"] * (measured + 1),
            "status": ["on_time"] * on_time + ["late"] * (measured - on_time) + ["open"],
        }
    )
    assert t.summary(items, rb.load(), ["cp_visit"])[0]["percent_on_time"] == percent
    assert t.monthly(items.with_columns(due_date=pl.lit(dt.date(2024, 3, 1))))["percent_on_time"].to_list() == [percent]
