"""The rulebook: shipped rules, periods, and a council's overrides."""

import datetime as dt
import tomllib

import pytest

from oversight.analytics import rulebook as rb
from oversight.analytics import timeliness as t
from tests.timeliness.frames import CAL, build

REQUIRED_IDS = [
    "contact_decision_1wd",
    "assessment_45wd",
    "strategy_discussion",
    "icpc_15wd",
    "core_group_first_10wd",
    "rcpc_first_3m",
    "rcpc_next_6m",
    "cp_visit",
    "cla_review_first_20wd",
    "cla_review_second_3m",
    "cla_review_next_6m",
    "cla_visit",
    "cla_visit_regime",
    "cla_health_assessment",
    "care_leaver_contact",
    "pathway_plan_review_6m",
    "cla_dental_check",
    "cla_sdq",
    "pathway_needs_assessment_3m",
    "pa_visit_accommodation_7d",
    "return_home_interview_72h",
    "cin_visit",
    "cin_plan_review",
    "transfer_in_conference_15wd",
]


def test_the_shipped_rulebook_has_every_rule_with_its_facts():
    book = rb.load()
    assert book.rule_ids == REQUIRED_IDS
    for rule in book.rules:
        assert rule.title and rule.description and rule.source and rule.start and rule.completes and rule.applies_to
        assert isinstance(rule.due, rb.Duration)
    assert [m.id for m in book.measures] == [
        "re_referral_12m",
        "cp_plan_second_or_subsequent",
        "cp_plan_2_years",
        "cin_closed_after_step_down",
        "missing_episodes",
    ]


def test_statutory_numbers_as_shipped():
    book = rb.load()
    got = {r.id: (str(r.due), r.repeats) for r in book.rules}
    assert got["assessment_45wd"] == ("45 working days", False)
    assert got["icpc_15wd"] == ("15 working days", False)
    assert got["rcpc_next_6m"] == ("6 months", True)
    assert got["cla_review_first_20wd"] == ("20 working days", False)
    visit = book.rule("cla_visit")
    assert (str(visit.due), str(visit.duration("then")), str(visit.duration("long_term"))) == (
        "1 week",
        "6 weeks",
        "3 months",
    )
    regime = book.rule("cla_visit_regime")
    assert [str(regime.duration(k)) for k in ("due", "until_first_review", "then", "four_weekly")] == [
        "1 week",
        "1 week",
        "6 weeks",
        "4 weeks",
    ]
    assert got["pa_visit_accommodation_7d"] == ("7 days", False)
    assert got["pathway_needs_assessment_3m"] == ("3 months", False)
    assert got["transfer_in_conference_15wd"] == ("15 working days", False)
    assert got["return_home_interview_72h"] == ("3 days", False)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("45 working days", rb.Duration(45, "working_days")),
        ("1 working day", rb.Duration(1, "working_days")),
        ("7 days", rb.Duration(7, "days")),
        ("1 week", rb.Duration(1, "weeks")),
        ("6 Weeks", rb.Duration(6, "weeks")),
        ("3 months", rb.Duration(3, "months")),
        (" 1 month ", rb.Duration(1, "months")),
    ],
)
def test_durations_parse(text, expected):
    assert rb.Duration.parse(text) == expected


@pytest.mark.parametrize("text", ["45", "three months", "-3 months", "3 fortnights", "", "2.5 weeks"])
def test_bad_durations_are_refused(text):
    with pytest.raises(rb.RulebookError, match="15 working days"):
        rb.Duration.parse(text)


def test_a_council_overrides_numbers_without_code():
    book = rb.load(
        overrides={
            "cp_visit": {"due": "15 working days"},
            "cla_visit": {"long_term_placement_types": ["U1", "U4", "U6"]},
            "core_group_first_10wd": {"enabled": False},
        }
    )
    assert book.rule("cp_visit").due == rb.Duration(15, "working_days")
    assert book.rule("cla_visit").params["long_term_placement_types"] == ["U1", "U4", "U6"]
    assert "core_group_first_10wd" not in [r.id for r in book.enabled()]
    # The override changes the computed due date: Mon 5 Sep 2022 + 15 WD (19 Sep a holiday) = Tue 27 Sep.
    frames = build(
        ssd_cp_plans=[{"cppl_cp_plan_id": "CP", "cppl_person_id": "A", "cppl_cp_plan_start_date": "2022-09-05"}]
    )
    items = t.items(frames, book, dt.date(2022, 9, 6), calendar=CAL, case_worker_roles=["CW"], rule_ids=["cp_visit"])
    assert items["due_date"].to_list() == [dt.date(2022, 9, 27)]


def test_a_disabled_rule_produces_no_items():
    book = rb.load(overrides={"contact_decision_1wd": {"enabled": False}})
    frames = build(ssd_contacts=[{"cont_contact_id": "K", "cont_person_id": "A", "cont_contact_date": "2024-01-02"}])
    assert t.items(frames, book, dt.date(2024, 1, 5), calendar=CAL, case_worker_roles=["CW"]).is_empty()


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"no_such_rule": {"due": "1 day"}}, "unknown rule.*no_such_rule"),
        ({"cp_visit": {"frequency": "1 day"}}, "rule cp_visit has no key 'frequency'"),
        ({"cp_visit": {"due": "ten working days"}}, "rule cp_visit, key due must be written like"),
        ({"cp_visit": {"due": 10}}, "rule cp_visit, key due must be written like"),
        ({"cp_visit": {"repeats": False}}, "rule cp_visit, key repeats cannot be overridden"),
        ({"cp_visit": {"enabled": "no"}}, "rule cp_visit, key enabled must be true or false"),
        (
            {"cla_visit": {"long_term_placement_types": "U1"}},
            "rule cla_visit, key long_term_placement_types must be a list",
        ),
        ({"cp_visit": "15 working days"}, "override of rule cp_visit must be a table"),
    ],
)
def test_bad_overrides_are_refused_with_a_clear_message(overrides, message):
    with pytest.raises(rb.RulebookError, match=message):
        rb.load(overrides=overrides)


def test_a_rulebook_whose_clock_intervals_have_a_gap_is_refused():
    with open(rb.default_path(), "rb") as fh:
        data = tomllib.load(fh)
    data["rules"]["cla_review_second_3m"]["first_step"] = 4
    with pytest.raises(rb.RulebookError, match="clock cla_reviews"):
        rb.parse(data)


def test_a_rule_without_a_source_is_refused():
    with open(rb.default_path(), "rb") as fh:
        data = tomllib.load(fh)
    data["rules"]["icpc_15wd"]["source"] = ""
    with pytest.raises(rb.RulebookError, match="rule icpc_15wd needs a source"):
        rb.parse(data)
