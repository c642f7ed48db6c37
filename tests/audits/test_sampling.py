"""`oversight audits sample`: size per team, spread, exclusions, conflicts of interest, reproducibility."""

import pytest

from oversight.accounts import roles
from oversight.audits.models import Audit, Sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditors(make_user):
    make_user(roles.AUDITOR, "aud1")
    make_user(roles.AUDITOR, "aud2")
    # An auditor who is also WA1 (a TA social worker), and one who is MA (TA's team manager).
    make_user(roles.AUDITOR, "aud_wa1", professional_id="WA1")
    make_user(roles.AUDITOR, "aud_ma", professional_id="MA")


def _by_team(rows):
    teams = {}
    for row in rows:
        teams.setdefault(row["team"], []).append(row)
    return teams


def test_sample_json_has_the_documented_shape(council, auditors, run_json):
    status, data, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "2", "--seed", "5")
    assert status == 0
    assert data["month"] == "2024-03"
    assert all(set(row) == {"team", "child_id", "case_type", "auditor_id"} for row in data["samples"])


def test_n_per_team_spread_across_case_types(council, past_audits, auditors, run_json):
    _, data, err = run_json("audits", "sample", "--month", "2024-03", "--per-team", "4", "--seed", "11")
    teams = _by_team(data["samples"])
    assert sorted(teams) == ["TA", "TB"]
    # TA has 4 CIN (A1 A2 A3 A10), 2 CP, 1 CLA, 1 care leaver: 4 picks take one of each type.
    assert sorted(r["case_type"] for r in teams["TA"]) == ["CIN", "CLA", "CP", "care_leaver"]
    # TB has only 3 children with an open case: all are taken and the shortfall is reported.
    assert sorted(r["child_id"] for r in teams["TB"]) == ["B1", "B2", "B3"]
    assert "team TB had only 3" in err
    assert "1 children with an open case have no allocated worker" in err  # U1


def test_six_per_team_gives_the_extra_turns_to_the_biggest_types(council, auditors, run_json):
    _, data, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "6", "--seed", "3")
    ta = [r["case_type"] for r in data["samples"] if r["team"] == "TA"]
    # Without past audits TA has CIN 5 (A1 A2 A3 A9 A10), CP 2, CLA 1, care leaver 1.
    # Turn 1: CIN CP CLA care_leaver; turn 2: CIN CP.
    assert sorted(ta) == ["CIN", "CIN", "CLA", "CP", "CP", "care_leaver"]


def test_closed_unallocated_and_recently_audited_children_are_never_sampled(council, past_audits, auditors, run_json):
    seen = set()
    for seed in range(30):
        _, data, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "4", "--seed", str(seed))
        seen |= {r["child_id"] for r in data["samples"]}
    assert not seen & {"A8", "A9", "U1"}
    # A10's audit (2023-08-15) is older than the six months before 2024-03-01, so A10 can be picked.
    assert "A10" in seen


def test_exclusion_window_is_configurable(council, past_audits, auditors, run_json, local_config):
    local_config("[audits]\nexclude_recently_audited_months = 1\n")
    seen = set()
    for seed in range(30):
        _, data, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "4", "--seed", str(seed))
        seen |= {r["child_id"] for r in data["samples"]}
    assert "A9" in seen  # audited 2024-01-15: outside a one-month window (from 2024-02-01)


def test_no_auditor_is_the_allocated_worker_or_their_team_manager(council, auditors, make_user, run_json, local_config):
    local_config('[audits]\nauditor_roles = ["auditor", "team_manager"]\n')
    make_user(roles.TEAM_MANAGER, "tm_b", team_id="TB")
    workers = {"A1": "WA1", "A2": "WA1", "A4": "WA1", "A5": "WA1", "A9": "WA1"}
    for seed in range(20):
        _, data, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "4", "--seed", str(seed))
        for row in data["samples"]:
            assert row["auditor_id"] is not None
            if row["team"] == "TA":
                assert row["auditor_id"] != "aud_ma"
                if workers.get(row["child_id"]) == "WA1":
                    assert row["auditor_id"] != "aud_wa1"
            if row["team"] == "TB":
                assert row["auditor_id"] != "tm_b"


def test_auditors_share_the_work(council, auditors, run_json):
    _, data, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "4", "--seed", "2")
    loads = {}
    for row in data["samples"]:
        loads[row["auditor_id"]] = loads.get(row["auditor_id"], 0) + 1
    # 7 audits over 4 auditors: nobody has more than 2.
    assert sum(loads.values()) == 7 and max(loads.values()) == 2


def test_same_seed_and_data_give_the_same_sample_without_duplicating_it(council, auditors, run_json):
    argv = ("audits", "sample", "--month", "2024-03", "--per-team", "3", "--seed", "42")
    first = run_json(*argv)[1]
    second = run_json(*argv)[1]
    assert first == second
    assert Audit.objects.count() == len(first["samples"]) == 6
    assert Sample.objects.count() == 1


def test_the_sample_is_the_same_in_a_fresh_database_with_the_same_data(council, auditors, run_json):
    argv = ("audits", "sample", "--month", "2024-03", "--per-team", "3", "--seed", "42")
    first = run_json(*argv)[1]
    Audit.objects.all().delete()
    Sample.objects.all().delete()
    assert run_json(*argv)[1] == first


def test_different_seeds_can_give_different_samples(council, auditors, run_json):
    picks = set()
    for seed in range(10):
        _, data, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "2", "--seed", str(seed))
        picks.add(tuple(r["child_id"] for r in data["samples"]))
    assert len(picks) > 1


def test_drawing_an_unstarted_month_again_replaces_its_sample(council, auditors, run_json):
    run_json("audits", "sample", "--month", "2024-03", "--per-team", "2", "--seed", "1")
    status, data, err = run_json("audits", "sample", "--month", "2024-03", "--per-team", "3", "--seed", "2")
    assert status == 0 and "was replaced" in err
    assert Sample.objects.get().per_team == 3
    assert sorted(Audit.objects.values_list("child_id", flat=True)) == sorted(r["child_id"] for r in data["samples"])
    assert len(data["samples"]) == 6


def test_drawing_again_is_refused_once_an_audit_has_started(council, auditors, run_json):
    run_json("audits", "sample", "--month", "2024-03", "--per-team", "2", "--seed", "1")
    Audit.objects.filter(pk=Audit.objects.first().pk).update(status=Audit.DRAFT)
    status, _, err = run_json("audits", "sample", "--month", "2024-03", "--per-team", "2", "--seed", "2")
    assert status == 2 and "have been started" in err
    assert Audit.objects.count() == 4


def test_children_in_another_sample_this_month_are_left_out(council, auditors, run_json):
    _, plain, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "3", "--seed", "4")
    _, themed, _ = run_json(
        "audits", "sample", "--month", "2024-03", "--per-team", "3", "--seed", "4", "--theme", "domestic_abuse"
    )
    assert not {r["child_id"] for r in plain["samples"]} & {r["child_id"] for r in themed["samples"]}
    assert {a.tool.key for a in Audit.objects.filter(sample__theme="domestic_abuse")} == {"domestic_abuse"}


def test_a_themed_sample_takes_only_children_with_the_themes_factors(council, auditors, run_json):
    _, data, err = run_json(
        "audits", "sample", "--month", "2024-03", "--per-team", "5", "--seed", "2", "--theme", "domestic_abuse"
    )
    assert sorted((r["team"], r["child_id"]) for r in data["samples"]) == [("TA", "A1"), ("TA", "A4"), ("TB", "B1")]
    assert "team TA had only 2" in err and "team TB had only 1" in err


def test_a_team_with_no_child_on_the_theme_is_reported(council, auditors, run_json):
    from oversight.people.models import AssessmentFactors

    AssessmentFactors.objects.filter(assessment_factors_json="3C, 2B").delete()  # B1's: TB has none left
    _, data, err = run_json(
        "audits", "sample", "--month", "2024-03", "--per-team", "2", "--seed", "2", "--theme", "domestic_abuse"
    )
    assert {r["team"] for r in data["samples"]} == {"TA"} and "team TB had no children who could be sampled" in err


def test_a_theme_without_factor_codes_samples_every_open_case_and_says_so(council, auditors, run_json, local_config):
    local_config("[audits.theme_factors]\ndomestic_abuse = []\n")
    _, data, err = run_json(
        "audits", "sample", "--month", "2024-03", "--per-team", "5", "--seed", "2", "--theme", "domestic_abuse"
    )
    assert len(data["samples"]) == 8  # TA 5 of its 9, TB all 3
    assert "no CIN factor codes configured" in err


@pytest.mark.parametrize(
    "setting,words",
    [
        ('[audits.theme_factors]\ndomestic_abuse = "3A"\n', "domestic_abuse has '3A'"),
        ("[audits.theme_factors]\ndomestic_abuse = [3]\n", "domestic_abuse has [3]"),
        ('[audits]\ntheme_factors = "3A"\n', "[audits.theme_factors]"),
        ('[audits]\ntheme_lookback_months = "two years"\n', "not 'two years'"),
        ("[audits]\ntheme_lookback_months = -1\n", "not -1"),
        ("[audits]\ntheme_lookback_months = 99999\n", "from 0 to 1200, not 99999"),
    ],
)
def test_bad_theme_settings_are_refused_with_a_message(
    council, auditors, run_json, local_config, capsys, setting, words
):
    local_config(setting)
    status, _, err = run_json(
        "audits", "sample", "--month", "2024-03", "--per-team", "2", "--seed", "2", "--theme", "domestic_abuse"
    )
    assert status == 2 and words in err
    assert not Sample.objects.exists() and not Audit.objects.exists()


def test_the_theme_looks_back_a_configurable_number_of_months(council, auditors, run_json, local_config):
    local_config("[audits]\ntheme_lookback_months = 36\n")
    _, data, _ = run_json(
        "audits", "sample", "--month", "2024-03", "--per-team", "5", "--seed", "2", "--theme", "domestic_abuse"
    )
    assert "A2" in {r["child_id"] for r in data["samples"]}  # authorised 2021-06-01, within 36 months


def test_tools_follow_the_case_type(council, auditors, run_json):
    run_json("audits", "sample", "--month", "2024-03", "--per-team", "4", "--seed", "8")
    tools = {a.case_type: a.tool.key for a in Audit.objects.all()}
    assert tools == {"CIN": "practice", "CP": "practice", "CLA": "children_in_care", "care_leaver": "children_in_care"}


def test_review_period_is_the_six_months_to_the_end_of_the_month(council, auditors, run_json):
    run_json("audits", "sample", "--month", "2024-03", "--per-team", "1", "--seed", "8")
    audit = Audit.objects.first()
    assert (audit.review_from.isoformat(), audit.review_to.isoformat()) == ("2023-10-01", "2024-03-31")


def test_unknown_theme_and_bad_arguments_are_refused(council, run_json, capsys):
    status, _, err = run_json(
        "audits", "sample", "--month", "2024-03", "--per-team", "2", "--seed", "1", "--theme", "nope"
    )
    assert status == 2 and "domestic_abuse" in err
    for per_team, seed in (("0", "1"), ("1001", "1"), ("2", "-1"), ("2", str(2**63))):
        status, _, err = run_json("audits", "sample", "--month", "2024-03", "--per-team", per_team, "--seed", seed)
        assert status == 2 and ("from 1 to 1000" in err or "from 0 to" in err)
    assert not Audit.objects.exists()
    with pytest.raises(SystemExit) as exc:
        run_json("audits", "sample", "--month", "2024-13", "--per-team", "2", "--seed", "1")
    assert exc.value.code == 2
    assert "2024-13" in capsys.readouterr().err


def test_no_auditors_leaves_the_sample_unassigned_with_a_warning(council, run_json):
    _, data, err = run_json("audits", "sample", "--month", "2024-03", "--per-team", "1", "--seed", "1")
    assert [r["auditor_id"] for r in data["samples"]] == [None, None]
    assert "no auditor free of a conflict" in err


def test_sampling_on_the_months_last_day_takes_cases_opened_during_it(council, auditors, run_json, local_config):
    from tests import factories as f

    f.child("N1")
    f.referral("N1", "2024-03-15")
    f.allocate("N1", "WB1", "2024-03-15")  # opened mid-March, TB
    f.child("N2")
    f.referral("N2", "2023-12-01", close="2024-03-20")
    f.allocate("N2", "WB1", "2023-12-01")  # closed in March
    _, start, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "9", "--seed", "1")
    tb_start = {r["child_id"] for r in start["samples"] if r["team"] == "TB"}
    assert tb_start == {"B1", "B2", "B3", "N2"}
    local_config('[audits]\nsample_open_on = "end"\n')
    _, end, _ = run_json("audits", "sample", "--month", "2024-03", "--per-team", "9", "--seed", "1")
    assert {r["child_id"] for r in end["samples"] if r["team"] == "TB"} == {"B1", "B2", "B3", "N1"}
