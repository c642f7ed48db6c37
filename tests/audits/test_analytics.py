"""analytics.audits on hand-made frames (no database)."""

import datetime as dt

import polars as pl
import pytest

from oversight.analytics import audits as A

D = dt.date
SCALE = A.Scale(
    ("Outstanding", "Good", "Requires improvement to be good", "Inadequate"), {"RI": "Requires improvement to be good"}
)


@pytest.mark.parametrize(
    "text,label",
    [
        ("good", "Good"),
        ("  GOOD ", "Good"),
        ("ri", "Requires improvement to be good"),
        ("requires  improvement to be good", "Requires improvement to be good"),
        ("Great", None),
        ("", None),
        (None, None),
    ],
)
def test_scale_matches_words_case_insensitively(text, label):
    assert SCALE.normalise(text) == label


def _frames(**tables):
    empty = {
        "ssd_cin_episodes": {"cine_person_id": pl.String, "cine_referral_date": pl.Date, "cine_close_date": pl.Date},
        "ssd_cp_plans": {
            "cppl_person_id": pl.String,
            "cppl_cp_plan_start_date": pl.Date,
            "cppl_cp_plan_end_date": pl.Date,
        },
        "ssd_cla_episodes": {
            "clae_person_id": pl.String,
            "clae_cla_episode_start_date": pl.Date,
            "clae_cla_episode_ceased_date": pl.Date,
        },
        "ssd_care_leavers": {
            "clea_person_id": pl.String,
            "clea_care_leaver_start_date": pl.Date,
            "clea_care_leaver_end_date": pl.Date,
        },
        "ssd_involvements": {
            "invo_involvements_id": pl.String,
            "invo_person_id": pl.String,
            "invo_professional_id": pl.String,
            "invo_professional_role_id": pl.String,
            "invo_professional_team": pl.String,
            "invo_involvement_start_date": pl.Date,
            "invo_involvement_end_date": pl.Date,
        },
        "ssd_professionals": {"prof_professional_id": pl.String, "prof_team_id": pl.String, "prof_grade": pl.String},
    }
    return {name: pl.DataFrame(tables.get(name, []), schema=schema, orient="row") for name, schema in empty.items()}


def test_a_child_open_several_ways_takes_the_first_case_type():
    frames = _frames(
        ssd_cin_episodes=[
            ("P", D(2024, 1, 1), None),
            ("Q", D(2024, 1, 1), None),
            ("R", D(2024, 1, 1), None),
            ("S", D(2024, 1, 1), D(2024, 2, 1)),
        ],
        ssd_cp_plans=[("Q", D(2024, 1, 5), None)],
        ssd_cla_episodes=[("R", D(2024, 1, 5), None), ("Q", D(2024, 1, 6), None)],
        ssd_care_leavers=[("T", None, None)],
    )
    got = dict(A.case_types(frames, D(2024, 3, 1)).iter_rows())
    # Q is on a plan and in care: CLA comes first. S closed before the day.
    assert got == {"P": "CIN", "Q": "CLA", "R": "CLA", "T": "care_leaver"}


def test_allocation_prefers_a_case_worker_then_the_latest_and_takes_the_workers_team():
    frames = _frames(
        ssd_involvements=[
            ("1", "P", "PA1", "PA", "TX", D(2024, 1, 1), None),  # a personal adviser: second choice
            ("2", "P", "W1", "CW", "TY", D(2023, 1, 1), None),  # case worker: chosen; W1's own team TW wins over TY
            ("3", "Q", "W2", "CW", "TZ", D(2023, 1, 1), None),  # W2 has no team of its own: involvement team TZ
            ("4", "Q", "W1", "CW", "", D(2023, 6, 1), D(2024, 2, 1)),  # ended before the day
            ("5", "R", "PA1", "PA", "TX", D(2024, 1, 1), None),  # only a personal adviser
        ],
        ssd_professionals=[
            ("W1", "TW", "social_worker"),
            ("W2", "", "social_worker"),
            ("PA1", "TP", "personal_adviser"),
        ],
    )
    got = {r[0]: r[1:] for r in A.allocations(frames, D(2024, 3, 1), ["CW"], ["PA"]).iter_rows()}
    assert got == {"P": ("W1", "TW"), "Q": ("W2", "TZ"), "R": ("PA1", "TP")}


def test_draw_leaves_out_excluded_and_unallocated_children():
    eligible = pl.DataFrame(
        {
            "child_id": ["a", "b", "c", "d"],
            "case_type": ["CIN", "CIN", "CP", "CIN"],
            "worker_id": ["w", "w", "w", None],
            "team_id": ["T", "T", "T", None],
        }
    )
    got = A.draw(eligible, 5, seed=1, exclude=pl.Series(["b"]))
    assert sorted(got.get_column("child_id").to_list()) == ["a", "c"]


def test_assign_never_gives_a_child_to_a_barred_auditor_and_balances_the_load():
    sample = pl.DataFrame(
        {"team_id": ["T"] * 4, "child_id": ["a", "b", "c", "d"], "case_type": ["CIN"] * 4, "worker_id": ["w"] * 4}
    )
    conflicted = pl.DataFrame({"child_id": ["a", "b"], "username": ["x", "x"]})
    got = dict(A.assign(sample, ["x", "y"], conflicted, seed=0).select("child_id", "auditor_id").iter_rows())
    assert got["a"] == "y" and got["b"] == "y"
    assert got["c"] == "x" and got["d"] == "x"  # x has none yet, so x takes the next two


def test_team_hierarchy_finds_the_nearest_locality_and_service_area():
    departments = pl.DataFrame(
        {
            "dept_team_id": ["SA", "L1", "T1", "T1a", "T2", "LOOSE"],
            "dept_team_name": ["Service", "Locality 1", "Team 1", "Pod 1a", "Team 2", "Loose team"],
            "dept_team_parent_id": ["", "SA", "L1", "T1", "SA", ""],
            "dept_team_type": ["service_area", "locality", "team", "team", "team", "team"],
        }
    )
    got = {
        r["team_id"]: (r["locality_id"], r["service_id"]) for r in A.team_hierarchy(departments).iter_rows(named=True)
    }
    assert got == {
        "SA": (None, "SA"),
        "L1": ("L1", "SA"),
        "T1": ("L1", "SA"),
        "T1a": ("L1", "SA"),
        "T2": (None, "SA"),
        "LOOSE": (None, None),
    }


def _audits(rows):
    frame = pl.DataFrame(
        rows,
        schema={
            "audit_id": pl.Int64,
            "tool_id": pl.Int64,
            "team_id": pl.String,
            "auditor": pl.String,
            "completed_date": pl.Date,
            "grade": pl.String,
            "moderated_grade": pl.String,
        },
        orient="row",
    )
    scales = pl.DataFrame(
        [(1, g, i) for i, g in enumerate(SCALE.labels)],
        schema={"tool_id": pl.Int64, "grade": pl.String, "rank": pl.Int64},
        orient="row",
    )
    return A.with_ranks(frame, scales)


def test_moderation_report_counts_direction_by_the_scale_order():
    audits = _audits(
        [
            (1, 1, "T", "a", D(2024, 1, 1), "Good", "Inadequate"),  # down two grades: one downgrade
            (2, 1, "T", "a", D(2024, 1, 2), "Inadequate", "Requires improvement to be good"),  # up
            (3, 1, "T", "b", D(2024, 1, 3), "Outstanding", "Outstanding"),  # agreed
            (4, 1, "T", "b", D(2024, 1, 4), "Good", None),  # not moderated
        ]
    )
    got = A.moderation_report(audits)
    assert (got["moderated"], got["agreed"], got["upgraded"], got["downgraded"]) == (3, 1, 1, 1)
    assert got["agreement_rate"] == pytest.approx(1 / 3) and got["net_downgrade_rate"] == 0
    assert got["by_auditor"] == [
        {"auditor": "a", "moderated": 2, "agreement_rate": 0, "net_downgrade_rate": 0},
        {"auditor": "b", "moderated": 1, "agreement_rate": 1, "net_downgrade_rate": 0},
    ]
    assert got["grades"] == {"Outstanding": 1, "Good": 1, "Requires improvement to be good": 1, "Inadequate": 1}


def test_grades_by_month_group_by_team_and_locality():
    audits = _audits(
        [
            (1, 1, "T1", "a", D(2024, 1, 10), "Good", None),
            (2, 1, "T1", "a", D(2024, 1, 20), "Good", "Inadequate"),
            (3, 1, "T2", "a", D(2024, 1, 5), "Outstanding", None),
            (4, 1, "T1", "a", D(2024, 2, 1), "Inadequate", None),
            (5, 1, "TX", "a", D(2024, 2, 1), "Good", None),  # not in the tree
        ]
    )
    tree = pl.DataFrame(
        {
            "team_id": ["T1", "T2"],
            "team_name": ["Team 1", "Team 2"],
            "locality_id": ["L", "L"],
            "locality_name": ["Loc", "Loc"],
            "service_id": ["S", "S"],
            "service_name": ["Svc", "Svc"],
        }
    )
    by_team = A.grades_by_month(audits, tree, "team").rows()
    assert by_team == [
        ("T1", "Team 1", "2024-01", "Good", 1),
        ("T1", "Team 1", "2024-01", "Inadequate", 1),
        ("T1", "Team 1", "2024-02", "Inadequate", 1),
        ("T2", "Team 2", "2024-01", "Outstanding", 1),
        ("TX", "TX", "2024-02", "Good", 1),
    ]
    by_locality = A.grades_by_month(audits, tree, "locality").rows()
    assert by_locality == [
        ("L", "Loc", "2024-01", "Outstanding", 1),
        ("L", "Loc", "2024-01", "Good", 1),
        ("L", "Loc", "2024-01", "Inadequate", 1),
        ("L", "Loc", "2024-02", "Inadequate", 1),
        (None, None, "2024-02", "Good", 1),
    ]
    with pytest.raises(ValueError):
        A.grades_by_month(audits, tree, "planet")


@pytest.mark.parametrize(
    "text,codes",
    [
        ('["3B", "4B"]', ["3B", "4B"]),
        ('{"3a": "Y", "2B": "N", "4B": "yes"}', ["3A", "4B"]),
        ("3C, 2b;21", ["21", "2B", "3C"]),
        ("['3A','8B']", ["3A", "8B"]),
        ('"3A"', ["3A"]),
        ("", []),
        (None, []),
    ],
)
def test_factor_codes_read_lists_flag_objects_and_plain_text(text, codes):
    assert A.factor_codes(text) == codes


def test_children_with_factors_within_the_period():
    assessments = pl.DataFrame(
        {
            "cina_assessment_id": ["X1", "X2", "X3", "X4"],
            "cina_person_id": ["P1", "P2", "P3", "P4"],
            "cina_assessment_start_date": [
                dt.date(2024, 1, 2),
                dt.date(2020, 1, 2),
                dt.date(2024, 2, 1),
                dt.date(2024, 2, 1),
            ],
            "cina_assessment_auth_date": [dt.date(2024, 2, 1), dt.date(2020, 2, 1), None, dt.date(2024, 2, 2)],
        }
    )
    factors = pl.DataFrame(
        {
            "cinf_assessment_id": ["X1", "X2", "X3", "X4"],
            "cinf_assessment_factors_json": ['["3B"]', '["3B"]', '["3C"]', '["4B"]'],
        }
    )
    found = A.children_with_factors(assessments, factors, ["3a", "3B", "3C"], dt.date(2022, 3, 1), dt.date(2024, 3, 1))
    # P2's assessment is too old, P4's has no domestic abuse factor; P3's is still open, so its start counts.
    assert found.to_list() == ["P1", "P3"]
