"""No pile-up or thinning out at the as-at date: the synthetic council's history is steady up to its last day.

Each figure is compared between the last months before the as-at date and the year before them, counted from
the built frames (the small council on two seeds; missing episodes on the medium council).
"""

import datetime as dt

import polars as pl
import pytest

from oversight.analytics.indicators import month_ends
from oversight.synthetic import codes
from oversight.synthetic.build import build

AS_AT = dt.date(2026, 3, 31)
MIDWAY = [code for code, _ in codes.CHANGE_REASONS_MIDWAY]


@pytest.fixture(scope="module", params=[1, 2])
def frames(request):
    return build("small", request.param, AS_AT).frames


def _per_month(dates: pl.Series, first: dt.date, last: dt.date) -> float:
    inside = dates.filter((dates >= first) & (dates <= last))
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return inside.len() / months


def test_early_help_does_not_thin_out_towards_the_as_at_date(frames):
    eh = frames["ssd_early_help_episodes"]
    start, end = pl.col("earl_episode_start_date"), pl.col("earl_episode_end_date")
    open_at = [eh.filter((start <= day) & (end.is_null() | (end > day))).height for day in month_ends(AS_AT, 13)]
    year_before, last_quarter = open_at[:10], open_at[-3:]
    assert min(last_quarter) >= 0.7 * (sum(year_before) / len(year_before)), open_at


def test_reallocations_do_not_pile_up_before_the_as_at_date(frames):
    inv = frames["ssd_involvements"].filter(pl.col("invo_worker_change_reason").is_in(MIDWAY))
    days = inv.get_column("invo_involvement_start_date")
    last_two = _per_month(days, dt.date(2026, 2, 1), AS_AT)
    year_before = _per_month(days, dt.date(2025, 2, 1), dt.date(2026, 1, 31))
    assert year_before > 0
    assert last_two <= 2 * year_before, (last_two, year_before)


@pytest.fixture(scope="module")
def medium():
    """Missing episodes are too few on the small council to tell a pile-up from chance."""
    return build("medium", 1, AS_AT).frames


def test_missing_episodes_do_not_pile_up_before_the_as_at_date(medium):
    days = medium["ssd_missing"].get_column("miss_missing_episode_start_date")
    last_two = _per_month(days, dt.date(2026, 2, 1), AS_AT)
    year_before = _per_month(days, dt.date(2025, 2, 1), dt.date(2026, 1, 31))
    assert year_before > 0
    assert last_two <= 1.5 * year_before, (last_two, year_before)
