"""Local configuration: defaults here, a council's own TOML file layered over them.

Framework-free so the analytics package, the CLI and the web app read the same
values. Set OVERSIGHT_CONFIG to the path of a TOML file; any key given there
replaces the default of the same name (tables merge key by key).
"""

from __future__ import annotations

import copy
import os
import tomllib
from functools import lru_cache
from typing import Any

DEFAULTS: dict[str, Any] = {
    "calendar": {
        # Office closure days that count as non-working on top of bank holidays.
        "closure_days": [],
    },
    "involvements": {
        # Which ssd_involvements role codes mean what.
        "case_worker_roles": ["CW"],
        "iro_roles": ["IRO"],
        "personal_adviser_roles": ["PA"],
    },
    "imports": {
        # Legal statuses beyond the 903 codes that a council's ssd_legal_status holds (SGO, CAO, ...).
        "extra_legal_statuses": [],
        # A council's own Annex A spellings, by drop-down: {"ETH": {"(A.A1) White - British": "WBRI"}}.
        "annex_a_synonyms": {},
        # Limits that stop a hostile or runaway file before it is opened.
        "max_upload_mb": 1024,
        "max_workbook_mb": 600,
        "max_zip_mb": 4096,
        "max_zip_entries": 1000,
        "max_compression_ratio": 1000,
        "max_sheet_cells": 8_000_000,
        # An import that empties a table holding data, or shrinks one by more than this share, needs confirming.
        "shrink_share": 0.2,
        # Case-data snapshots kept for rollback, and seconds an import waits for another to finish.
        "keep_snapshots": 3,
        "lock_wait_seconds": 30,
    },
    "caseloads": {
        # Caseload targets by grade. An NQSW has the nqsw target until the first
        # anniversary of qualifying, then social_worker's; unknown grades take other's.
        "targets": {
            "nqsw": 20,
            "social_worker": 25,
            "senior_practitioner": 25,
            "team_manager": 25,
            "other": 25,
            "iro": 70,
            "cp_chair": 70,
            "personal_adviser": 25,
        },
        # A service aspiration reported beside the targets.
        "aspiration": 18,
        # A team or locality whose average caseload is above this is a hot spot.
        "hot_spot_threshold": 22,
        # Newly qualified workers whose first anniversary falls within this many weeks are listed.
        "anniversary_weeks": 12,
        # Grades listed on caseload pages even when holding no cases.
        "case_holding_grades": ["nqsw", "social_worker", "senior_practitioner"],
        "iro_grades": ["iro", "cp_chair"],
        "personal_adviser_grades": ["personal_adviser"],
        # Grades left out of the social work workforce (headcount, FTE, agency share, turnover).
        "non_workforce_grades": ["personal_adviser", "other"],
    },
    "timeliness": {
        "due_soon_working_days": 5,
        # rule id -> {key: value} overrides of the rulebook's numbers
        "overrides": {},
    },
    "audits": {
        "exclude_recently_audited_months": 6,
        "review_period_months": 6,
        # Grades, best first. A tool file may bring its own scale.
        "scale": ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"],
        # Other spellings accepted for a grade (compared case-insensitively).
        "grade_aliases": {
            "RI": "Requires improvement to be good",
            "Requires improvement": "Requires improvement to be good",
        },
        "good_or_better": ["Outstanding", "Good"],
        # Which tool audits each case type when a sample has no theme.
        "tool_for_case_type": {
            "CIN": "practice",
            "CP": "practice",
            "CLA": "children_in_care",
            "care_leaver": "children_in_care",
        },
        # A case is sampled if open on the month's "start" (first day) or "end" (last day).
        "sample_open_on": "start",
        # A thematic sample draws only children with one of the theme's CIN census factor codes recorded
        # at an assessment in the last theme_lookback_months; a theme not listed draws from every open case.
        "theme_factors": {"domestic_abuse": ["3A", "3B", "3C"]},
        "theme_lookback_months": 24,
        # Users with these roles are in the pool the sample assigns auditors from.
        "auditor_roles": ["auditor"],
        # Users with these roles may take submitted audits for moderation.
        "moderator_roles": ["moderator"],
        # Working days from a welfare escalation to its due date (day 0 is the day raised).
        "escalation_due_working_days": 1,
        # Extra directories of tool files (TOML) on top of the ones shipped.
        "tool_dirs": [],
        # Past audits dated before this are refused as typing slips (0001-01-01, Excel's 1900-01-01).
        "earliest_date": "2000-01-01",
        # Days an auditor or moderator keeps access to a child after their part of the audit is done.
        "access_days_after_done": 0,
    },
    "iro": {
        # The dispute resolution stages in order: code (fixed: informal, stage1..stage4), label, who is
        # asked, and the working days they have to respond (day 0 is the day raised or escalated).
        "stages": [
            {"code": "informal", "label": "Informal", "addressee_role": "team_manager", "working_days": 5},
            {"code": "stage1", "label": "Stage 1: team manager", "addressee_role": "team_manager", "working_days": 5},
            {
                "code": "stage2",
                "label": "Stage 2: service manager",
                "addressee_role": "service_manager",
                "working_days": 5,
            },
            {
                "code": "stage3",
                "label": "Stage 3: head of service",
                "addressee_role": "head_of_service",
                "working_days": 5,
            },
            {"code": "stage4", "label": "Stage 4: director", "addressee_role": "director", "working_days": 5},
        ],
        # IRO Handbook: the whole process, every stage, within this many working days.
        "whole_process_working_days": 20,
        # Subcategories of each category: code -> label. Categories themselves are fixed (practice, process).
        "subcategories": {
            "practice": {
                "plan_quality": "Quality of assessment or plan",
                "drift": "Drift or delay in the plan",
                "child_voice": "The child's voice not heard",
                "partners": "Partner agencies not contributing",
                "placement": "Placement or permanence",
            },
            "process": {
                "records": "Records not on file",
                "reports_not_shared": "Reports not shared with parents before conference",
                "out_of_time": "A meeting or visit out of time",
                "person_absent": "A required person absent",
            },
        },
        # Drift prompts: children with a drift signal and no escalation in the last quiet_working_days.
        "drift": {
            "quiet_working_days": 20,
            "cp_plan_months": 18,
            "max_worker_changes": 2,
            "worker_change_months": 12,
        },
        # Children whose CIN plan closed within this many months of stepping down from a CP plan are listed.
        "step_down_close_months": 3,
        # Change alerts are emailed to the IRO's login address (Django's email settings) when true.
        "email_alerts": True,
    },
    "inspection": {
        # A practice run lists each Annex A list whose count moved by more than this share since the previous run.
        "practice_run_change_percent": 10,
        # Cases picked with the lead inspector, per purpose (councils report 18 audited and 12 tracked).
        "audit_cases": 18,
        "tracked_cases": 12,
        # 903 placement codes the template's drop-down lacks, written as another code (annex-a.md §4 PLACE).
        "placement_type_fallback": {"K3": "K2", "Z11": "Z1", "Z12": "Z1", "Z13": "Z1", "Z14": "Z1"},
        # Postcode areas (the letters before the first digit) inside the council's boundary: Placement Location.
        "home_postcode_areas": ["OV"],  # the synthetic council's; set your own
        # The council's name, written as LA of Placement for placements inside its area.
        "council_name": "Synthetic council",
        # LA of Placement for placements outside the area, by postcode district ("B15") or area ("B"): the LA's
        # name as the template spells it (e.g. {"B": "Birmingham", "WS": "Walsall"}). Areas wholly in Northern
        # Ireland, Scotland or Wales get the template's NIR/SCO/WAL codes without it; others are left blank.
        "placement_las": {  # the synthetic council's fictional neighbours (synthetic.placements); set your own
            "OW": "Synthetic neighbour OW",
            "OY": "Synthetic neighbour OY",
            "QV": "Synthetic neighbour QV",
        },
        # Who receives the inspection's daily briefing by email.
        "briefing_recipients": [],
    },
    "improvement": {
        # The plan's pillars, in order: key (used in imports and URLs), title and its priorities.
        "pillars": [
            {
                "key": "practice",
                "title": "Quality of practice",
                "priorities": ["Assessment and planning", "Child protection", "Children in care and care leavers"],
            },
            {
                "key": "workforce",
                "title": "Workforce capacity and capability",
                "priorities": ["Recruitment and retention", "Caseloads", "Learning and development"],
            },
            {"key": "leadership", "title": "Leadership and management", "priorities": ["Grip and oversight"]},
            {
                "key": "qa",
                "title": "Quality assurance and performance management",
                "priorities": ["Audit and learning", "Performance information"],
            },
            {
                "key": "partnership",
                "title": "Partnership and engagement",
                "priorities": ["Partners", "Voice of children"],
            },
        ],
        # Judgement areas a finding can be filed under.
        "judgement_areas": [
            "Impact of leaders on social work practice",
            "Experiences and progress of children who need help and protection",
            "Experiences and progress of children in care",
            "Experiences and progress of care leavers",
        ],
        # The risk matrix: likelihood from most to least likely, impact from worst to least, each [code, label].
        # A rating is likelihood code then impact code ("B2"). Its score is (levels below it + 1) on each
        # axis multiplied, so A1 scores 6 x 4 = 24 and F4 scores 1.
        "likelihood": [
            ["A", "Very high"],
            ["B", "High"],
            ["C", "Significant"],
            ["D", "Low"],
            ["E", "Very low"],
            ["F", "Almost impossible"],
        ],
        "impact": [["1", "Catastrophic"], ["2", "Critical"], ["3", "Significant"], ["4", "Marginal"]],
        # The risk appetite line: a rating scoring more than this is outside the council's appetite.
        "appetite_score": 8,
        # Scores from these up are shown red and amber on the heat map (below amber is green).
        "red_score": 15,
        "amber_score": 8,
        # Months of indicator trend shown on the chain and used for RAG.
        "trend_months": 12,
    },
    "performance": {
        # Children under 18 living in the council's area, for rates per 10,000 (0: not configured).
        "child_population": 0,
        # The council's own postcode districts (outward codes such as "AB1"): placements elsewhere are out of area.
        "council_postcode_districts": [],
        # indicator id -> {target, tolerance}, over the catalogue's (oversight/performance/indicators.toml).
        "indicators": {},
        "supervision": {
            # Grades whose supervision is measured.
            "grades": ["nqsw", "social_worker", "senior_practitioner", "team_manager"],
            # By grade, stages from the worker's start: each "every" applies "until" that long after starting.
            "standards": {
                "nqsw": [
                    {"until": "6 weeks", "every": "1 week"},
                    {"until": "6 months", "every": "2 weeks"},
                    {"every": "1 month"},
                ],
                "other": [{"every": "1 month"}],
            },
        },
    },
    "accounts": {
        # Failed sign-ins for one username within lockout_minutes that lock it for that long.
        "max_failed_sign_ins": 5,
        "lockout_minutes": 15,
        # A session with no request for this long is signed out.
        "idle_minutes": 60,
    },
}


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, Any]:
    if not path:
        return copy.deepcopy(DEFAULTS)
    try:
        with open(path, "rb") as fh:
            local = tomllib.load(fh)
    except FileNotFoundError:
        raise SystemExit(f"Configuration file {path} (OVERSIGHT_CONFIG) does not exist")
    except tomllib.TOMLDecodeError as exc:
        raise SystemExit(f"Configuration file {path} is not valid TOML: {exc}")
    return _merge(DEFAULTS, local)


def get_config() -> dict[str, Any]:
    """The effective configuration (defaults plus the file named by OVERSIGHT_CONFIG)."""
    return _load(os.environ.get("OVERSIGHT_CONFIG", ""))


def section(name: str) -> dict[str, Any]:
    return get_config().get(name, {})
