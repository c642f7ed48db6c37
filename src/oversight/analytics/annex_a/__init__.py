"""Annex A from the case data: the 11 lists of the current template, as polars frames.

`build(frames, as_at)` gives list number -> frame whose columns are the keys of
imports.annex_a_spec (the same definition the Annex A reader uses), in
template order, with template drop-down strings. No Django here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from oversight.analytics.annex_a import adoption, care, front_door, plans
from oversight.analytics.annex_a.common import Context, Settings, context, months_before
from oversight.imports.annex_a_spec import LISTS, ListSpec

# The template's period per list, in months back from the as-at date (0: on the as-at date).
PERIOD_MONTHS = {1: 6, 2: 6, 3: 6, 4: 6, 5: 6, 6: 6, 7: 6, 8: 6, 9: 0, 10: 12, 11: 12}
BUILDERS: dict[int, Callable[[Context], pl.DataFrame]] = {
    1: front_door.contacts,
    2: front_door.early_help,
    3: front_door.referrals,
    4: front_door.assessments,
    5: front_door.section47,
    6: plans.children_in_need,
    7: plans.child_protection,
    8: care.children_in_care,
    9: care.care_leavers,
    10: adoption.adoption,
    11: adoption.adopters,
}
TABLES = (
    "ssd_person",
    "ssd_disability",
    "ssd_involvements",
    "ssd_professionals",
    "ssd_department",
    "ssd_contacts",
    "ssd_early_help_episodes",
    "ssd_cin_episodes",
    "ssd_cin_assessments",
    "ssd_s47_enquiry",
    "ssd_initial_cp_conference",
    "ssd_cin_plans",
    "ssd_cin_visits",
    "ssd_cp_plans",
    "ssd_cp_visits",
    "ssd_cp_reviews",
    "ssd_cla_episodes",
    "ssd_cla_visits",
    "ssd_cla_reviews",
    "ssd_cla_health",
    "ssd_cla_placement",
    "ssd_legal_status",
    "ssd_missing",
    "ssd_immigration_status",
    "ssd_care_leavers",
    "ssd_pathway_plan_reviews",
    "ssd_care_leaver_contacts",
    "ssd_permanence",
    "ssd_adopters",
)


def spec(number: int) -> ListSpec:
    return LISTS[number - 1]


def sheet_name(number: int) -> str:
    return f"List {number}"


def period(number: int, as_at: dt.date) -> tuple[dt.date | None, dt.date]:
    """The first and last day a list covers (None: only those current on the as-at date)."""
    months = PERIOD_MONTHS[number]
    if not months:
        return None, as_at
    return months_before(as_at, months) + dt.timedelta(days=1), as_at


def build(frames: dict[str, pl.DataFrame], as_at: dt.date, settings: Settings | None = None) -> dict[int, pl.DataFrame]:
    """List number -> the list's rows, columns keyed and ordered as imports.annex_a_spec."""
    ctx = context(frames, as_at, settings)
    out = {}
    for number, builder in BUILDERS.items():
        frame = builder(ctx)
        out[number] = frame.select([pl.col(c.key) for c in spec(number).columns])
    return out


def headers(number: int) -> list[str]:
    return [c.header for c in spec(number).columns]


def counts(lists: dict[int, pl.DataFrame]) -> dict[str, int]:
    return {sheet_name(n): f.height for n, f in sorted(lists.items())}


__all__ = ["BUILDERS", "PERIOD_MONTHS", "Settings", "TABLES", "build", "counts", "headers", "period", "sheet_name"]
