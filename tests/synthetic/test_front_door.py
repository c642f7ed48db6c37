"""Most of the synthetic council's contacts lead to no referral, as at a council's front door.

England publishes no contact figures (shared/reference/national-figures.md has none); councils' safeguarding
hubs take many contacts about children already known (police notifications after domestic incidents,
information on closed cases) and end most in advice or no further action. The band, 25 to 45 % of the
contacts becoming referrals over the 13 months, is a judgement (docs/synthetic-council.md), checked for two
seeds: counted here straight from the built rows, then through the scorecard. The referral side (re-referrals,
contact decisions) is left as it was.
"""

import datetime as dt

import polars as pl
import pytest

from oversight.analytics import scorecard
from oversight.synthetic import codes
from oversight.synthetic.build import build
from tests.performance.helpers import CATALOGUE, context

AS_AT = dt.date(2026, 3, 31)
FIRST = dt.date(2025, 3, 1)  # the 13 months of the scorecard ending with March 2026
CONVERTED = (25, 45)


@pytest.fixture(scope="module", params=[1, 2])
def council(request):
    return build("small", request.param, AS_AT)


def _contacts(council) -> pl.DataFrame:
    return council.frames["ssd_contacts"].select(
        contact="cont_contact_id",
        child="cont_person_id",
        day="cont_contact_date",
        outcome="cont_contact_outcome_json",
        decided="cont_contact_decision_date",
    )


def _referrals(council) -> pl.DataFrame:
    return council.frames["ssd_cin_episodes"].select(
        child="cine_person_id", referred="cine_referral_date", closed="cine_close_date"
    )


def test_a_third_or_so_of_the_years_contacts_become_referrals(council):
    year = _contacts(council).filter(pl.col("day").is_between(FIRST, AS_AT))
    # A contact becomes a referral when the child is referred within a week of it (the indicator's rule).
    converted = (
        year.join(_referrals(council), on="child")
        .filter((pl.col("referred") >= pl.col("day")) & (pl.col("referred") < pl.col("day") + pl.duration(days=7)))
        .get_column("contact")
        .n_unique()
    )
    assert year.height >= 1000
    share = 100 * converted / year.height
    assert CONVERTED[0] <= share <= CONVERTED[1], share

    ctx = context(council.frames, "2026-03")
    found = scorecard.compute(CATALOGUE, ctx, ["contact_conversion_pct"])["contact_conversion_pct"]
    values = found.result.values.filter(pl.col("level") == "council").get_column("value")
    assert values.len() == 13
    assert CONVERTED[0] <= values.mean() <= CONVERTED[1], values.to_list()


def test_contacts_ending_in_advice_or_nothing_never_fall_in_a_referral_or_the_week_before_it(council):
    quiet = _contacts(council).filter(
        pl.col("outcome").is_in([codes.CONTACT_OUTCOME["nfa"], codes.CONTACT_OUTCOME["advice"]])
    )
    assert quiet.height > _contacts(council).height / 2
    clashes = quiet.join(_referrals(council), on="child").filter(
        (pl.col("day") >= pl.col("referred") - pl.duration(days=7))
        & (pl.col("closed").is_null() | (pl.col("day") <= pl.col("closed")))
    )
    assert clashes.is_empty(), clashes.head()


def test_most_contacts_are_about_children_the_front_door_has_heard_of_before(council):
    contacts = _contacts(council)
    year = contacts.filter(pl.col("day").is_between(FIRST, AS_AT))
    earlier = pl.concat([contacts.select("child", "day"), _referrals(council).select("child", day="referred")]).rename(
        {"day": "before"}
    )
    known = year.join(earlier, on="child").filter(pl.col("before") < pl.col("day")).get_column("contact").n_unique()
    assert known / year.height > 0.5, known / year.height
    # Without adding children: the stories' 2,000 children, as before.
    assert council.frames["ssd_person"].height == 2000


def test_the_added_contacts_are_decided_and_dated_like_the_others(council):
    contacts = _contacts(council)
    assert contacts.get_column("contact").n_unique() == contacts.height
    decided = contacts.filter(pl.col("decided").is_not_null())
    assert (decided.get_column("decided") >= decided.get_column("day")).all()
    assert (contacts.get_column("day") <= AS_AT).all() and (decided.get_column("decided") <= AS_AT).all()
    ctx = context(council.frames, "2026-03")
    found = scorecard.compute(CATALOGUE, ctx, ["contact_decisions_1wd_pct"])["contact_decisions_1wd_pct"]
    values = found.result.values.filter(pl.col("level") == "council").get_column("value")
    assert 85 <= values.mean() <= 97, values.to_list()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_contact_per_child_day_and_source(seed):
    """As List 1 of the Annex A holds them (its import refuses a repeat), and ids stay unique."""
    contacts = build("small", seed, AS_AT).frames["ssd_contacts"]
    key = ["cont_person_id", "cont_contact_date", "cont_contact_source_code"]
    assert contacts.select(key).is_duplicated().sum() == 0
    assert contacts.get_column("cont_contact_id").is_unique().all()
