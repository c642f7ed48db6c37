"""Three of the synthetic council's scorecard figures held near England's, on two seeds (builder version 13).

- Care leavers in touch: lapses of contact fall at random times through every care leaver's years, so the
  figure is steady at about 9 in 10 over the 13 month-ends, not 100 for most of the year and falling at the
  end (builder version 12: adviser contacts stopped only in the months before the as-at date).
- Child protection plans ending after 2 years or more: England 4.4 % (national-figures.md section 2.4);
  band 3 to 6 % of the plans ending in the 13 months (2.5 to 7.5 on the small council, checked as well).
- Social worker turnover: England 15.9 % (national-figures.md section 1.1); band 13 to 18 for the mean of
  the 13 month-end figures.

The medium council (about 200 posts, 300 plans ending a year, 100 care leavers) because on the small one
a single leaver moves turnover by about 4 points and a single plan the 2-year share by about 2.5.
"""

import datetime as dt

import polars as pl
import pytest

from oversight.analytics import scorecard
from oversight.synthetic.build import build
from tests.performance.helpers import CATALOGUE, context

AS_AT = dt.date(2026, 3, 31)
IDS = ["care_leavers_in_touch_pct", "cp_plans_2_years_pct", "turnover_pct"]


@pytest.fixture(scope="module", params=[1, 2])
def figures(request) -> dict[str, pl.DataFrame]:
    council = build("medium", request.param, AS_AT)
    found = scorecard.compute(CATALOGUE, context(council.frames, "2026-03"), IDS)
    return {i: found[i].result.values.filter(pl.col("level") == "council").sort("as_at") for i in IDS}


def test_care_leavers_in_touch_steady_near_nine_in_ten(figures):
    values = figures["care_leavers_in_touch_pct"].get_column("value")
    assert values.len() == 13
    assert 85 <= values.mean() <= 95, values.to_list()
    # Steady: no month-end far below the rest, and the year's last quarter like its first (version 12 fell
    # by 6 points between them on seed 2, 12 on seed 1).
    assert values.min() >= 80, values.to_list()
    assert abs(values.head(3).mean() - values.tail(3).mean()) <= 4, values.to_list()


def test_plans_ending_after_two_years_near_england(figures):
    plans = figures["cp_plans_2_years_pct"]
    ended, long = plans.get_column("denominator").sum(), plans.get_column("numerator").sum()
    assert ended >= 200, ended
    assert 3 <= 100 * long / ended <= 6, (long, ended)


@pytest.mark.parametrize("seed", [1, 2])
def test_plans_ending_after_two_years_on_the_small_council(seed):
    """The demo's council too: about 40 plans end in the 13 months, so one plan is about 2.5 points."""
    council = build("small", seed, AS_AT)
    found = scorecard.compute(CATALOGUE, context(council.frames, "2026-03"), ["cp_plans_2_years_pct"])
    plans = found["cp_plans_2_years_pct"].result.values.filter(pl.col("level") == "council")
    ended, long = plans.get_column("denominator").sum(), plans.get_column("numerator").sum()
    assert ended >= 30, ended
    assert 2.5 <= 100 * long / ended <= 7.5, (long, ended)


def test_turnover_near_england(figures):
    values = figures["turnover_pct"].get_column("value")
    assert values.len() == 13
    assert 13 <= values.mean() <= 18, values.to_list()
