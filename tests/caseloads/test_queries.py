import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from oversight.accounts import roles
from oversight.caseloads import queries, services
from oversight.caseloads.models import LowCaseloadReason
from oversight.people.queries import headline_counts

DAY = dt.date(2024, 3, 31)


def test_report_on_a_date(council):
    r = queries.report(DAY)
    s = r["summary"]
    assert (s["case_holding_workers"], s["cases"], s["average_caseload"], s["average_caseload_fte"]) == (
        2,
        29,
        14.5,
        19.33,
    )
    assert (s["workers_over_target"], s["average_over_target_by"], s["unallocated_children"]) == (1, 1.0, 1)
    assert {w["worker_id"]: (w["cases"], w["target"], w["over_target_by"]) for w in r["workers"]} == {
        "W1": (26, 25, 1),
        "W2": (3, 20, 0),
        "W3": (0, 25, 0),
    }
    assert [(t["team"], t["workers"], t["average_caseload"], t["hot_spot"]) for t in r["teams"]] == [
        ("T1", 2, 14.5, False),
        ("T2", 0, None, False),
    ]
    assert r["iro"]["average_caseload"] == 2.0


def test_unallocated_is_the_home_page_number(council):
    assert queries.report(DAY)["summary"]["unallocated_children"] == headline_counts(DAY)["unallocated_children"] == 1


def test_under_target_workers_carry_the_reason_in_force(council, make_user):
    manager = make_user(roles.SENIOR_MANAGER)
    services.record_low_caseload_reason(
        manager, "W2", LowCaseloadReason.NEW_STARTER, "Build to 15 by June", dt.date(2023, 7, 1)
    )
    # Ended before DAY: does not apply.
    services.record_low_caseload_reason(
        manager, "W3", LowCaseloadReason.REDUCED_HOURS, "Phased return", dt.date(2024, 1, 1), dt.date(2024, 3, 31)
    )
    under = queries.report(DAY)["under_target"]
    assert {w["worker_id"]: w["reason"] for w in under["workers"]} == {"W2": "new_starter", "W3": None}
    assert under["by_reason"] == {
        "New starter": 1,
        "Return from long absence": 0,
        "Performance plan": 0,
        "Reduced hours": 0,
        "No reason recorded": 1,
    }
    earlier = queries.report(dt.date(2024, 3, 30))["under_target"]
    assert {w["worker_id"]: w["reason"] for w in earlier["workers"]} == {"W2": "new_starter", "W3": "reduced_hours"}


def test_the_latest_recorded_reason_wins(council, make_user):
    manager = make_user(roles.SENIOR_MANAGER)
    services.record_low_caseload_reason(manager, "W3", LowCaseloadReason.NEW_STARTER, "x", dt.date(2024, 1, 1))
    services.record_low_caseload_reason(manager, "W3", LowCaseloadReason.PERFORMANCE_PLAN, "y", dt.date(2024, 2, 1))
    assert queries.reasons_on(DAY)["W3"].reason == LowCaseloadReason.PERFORMANCE_PLAN
    assert queries.reasons_on(dt.date(2024, 1, 15))["W3"].reason == LowCaseloadReason.NEW_STARTER


def test_recording_checks_its_input_and_writes_nothing_when_wrong(council, make_user):
    manager = make_user(roles.SENIOR_MANAGER)
    with pytest.raises(ValidationError) as info:
        services.record_low_caseload_reason(manager, "NOBODY", LowCaseloadReason.NEW_STARTER, "x", DAY)
    assert "NOBODY" in str(info.value)
    with pytest.raises(ValidationError):
        services.record_low_caseload_reason(manager, "W3", "holiday", "x", DAY)
    with pytest.raises(ValidationError):
        services.record_low_caseload_reason(manager, "W3", LowCaseloadReason.NEW_STARTER, "x", DAY, DAY)
    with pytest.raises(ValidationError):
        services.record_low_caseload_reason(manager, "W3", LowCaseloadReason.NEW_STARTER, "  ", DAY)
    assert LowCaseloadReason.objects.count() == 0


def test_a_team_manager_manages_only_their_teams(council, make_user):
    t2 = make_user(roles.TEAM_MANAGER, team_id="T2")
    l1 = make_user(roles.TEAM_MANAGER, team_id="L1")
    assert queries.can_manage_worker(t2, "W3") and not queries.can_manage_worker(t2, "W1")
    assert queries.can_manage_worker(l1, "W1")  # T1 sits under L1
    with pytest.raises(PermissionDenied):
        services.record_low_caseload_reason(t2, "W1", LowCaseloadReason.NEW_STARTER, "x", DAY)
    assert not queries.can_manage_worker(make_user(roles.SOCIAL_WORKER), "W3")


def test_worker_children_are_filtered_by_scope(council, make_user):
    everyone = make_user(roles.SENIOR_MANAGER)
    shown, hidden = queries.worker_children(everyone, "W2", DAY)
    assert [c["person_id"] for c in shown] == ["B0", "B1", "B2"] and hidden == 0
    other_team = make_user(roles.TEAM_MANAGER, team_id="T2")
    shown, hidden = queries.worker_children(other_team, "W2", DAY)
    assert shown == [] and hidden == 3


@pytest.mark.parametrize("day", ["2023-12-31", "2024-01-01", "2024-02-15", "2024-03-31"])
def test_loading_only_the_period_gives_what_loading_everything_gives(council, day):
    from tests import factories as f

    f.allocate("U", "W3", "2023-01-01", end="2024-01-01")  # ended on the first day: open only before it
    f.allocate("A5", "W3", "2024-04-01")  # starts after every date here
    day = dt.date.fromisoformat(day)
    assert queries.report(day, queries.load_frames()) == queries.report(day, queries.load_frames(day, day))
    since = dt.date(2023, 6, 1)
    assert queries.trend(since, day, queries.load_frames()) == queries.trend(since, day)
