"""Contacts that lead to no referral, about children the council already knows or will come to know.

A front door hears about the same children again and again (police notifications, schools' worries,
a health visitor's call), and most of those contacts end in advice or no further action: councils'
multi-agency safeguarding hubs report that a third or less of their contacts become referrals. The
stories make a contact for every referral and a few contacts for children never referred; this pass
adds the rest, vectorised, with its own generator so the stories stay as they were.

Each child is contacted at their own rate (some families far more often than others) while under 18
within the history, but never while a referral of theirs is open nor in the week before one starts,
so no added contact is counted as the contact that led to a referral.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from oversight.synthetic import codes
from oversight.synthetic.tables import COLUMNS
from oversight.synthetic.timeline import WorkingDays

# Contacts a year per child outside open referrals, before the week-before-referral and open-case gaps are
# taken out; about two contacts for each referral over the year, so about a third of contacts convert.
RATE_PER_YEAR = 0.55
# Gamma shape of each child's own rate: below 1, a few families take many of the contacts.
RATE_SHAPE = 0.6
# A contact in this many days before a referral would be counted as that referral's contact.
CONVERSION_WINDOW_DAYS = 7
_EPOCH = 719163  # date(1970, 1, 1).toordinal()


def _ordinals(series: pl.Series) -> np.ndarray:
    return series.cast(pl.Int32).to_numpy().astype(np.int64) + _EPOCH


def no_referral_contacts(
    frames: dict[str, pl.DataFrame], rng: np.random.Generator, days: WorkingDays, first: int, as_at: int, next_id: int
) -> pl.DataFrame:
    """Contacts ending in advice or no further action, in the ssd_contacts columns; ids from CT<NEXT_ID>."""
    person = frames["ssd_person"]
    pids = person.get_column("pers_person_id").to_numpy()
    dob = _ordinals(person.get_column("pers_dob"))
    # Under 18 on the day (an 18th birthday is near enough 18 * 365.25 days at this scale).
    start = np.maximum(dob, first)
    stop = np.minimum(dob + 6574, as_at + 1)
    years = np.maximum(stop - start, 0) / 365.25
    rate = rng.gamma(RATE_SHAPE, RATE_PER_YEAR / RATE_SHAPE, pids.size)
    n = rng.poisson(rate * years)
    who = np.repeat(np.arange(pids.size), n)
    day = start[who] + (rng.random(who.size) * (stop - start)[who]).astype(np.int64)
    work = np.asarray(days.work, dtype=np.int64)
    cum = np.asarray(days.cum, dtype=np.int64)
    working = np.asarray(days.flags, dtype=bool)[day - days.base]
    # Most weekend and bank-holiday contacts are logged on the next working day, as the stories do.
    moved = ~working & (rng.random(day.size) >= 0.12)
    next_working = work[cum[day - days.base]]
    day = np.where(moved & (next_working <= as_at), next_working, day)
    drawn = pl.DataFrame({"child": pids[who], "day": day})

    as_ordinal = pl.Int64
    busy = frames["ssd_cin_episodes"].select(
        child="cine_person_id",
        **{
            "from": pl.col("cine_referral_date").cast(pl.Int32).cast(as_ordinal) + (_EPOCH - CONVERSION_WINDOW_DAYS),
            # An open referral keeps its child busy to the as-at date.
            "to": pl.col("cine_close_date").cast(pl.Int32).cast(as_ordinal).fill_null(as_at - _EPOCH) + _EPOCH,
        },
    )
    clash = (
        drawn.with_row_index("k")
        .join(busy, on="child")
        .filter((pl.col("day") >= pl.col("from")) & (pl.col("day") <= pl.col("to")))
        .get_column("k")
    )
    kept = drawn.with_row_index("k").filter(~pl.col("k").is_in(clash.implode())).drop("k")
    day = kept.get_column("day").to_numpy()
    m = day.size

    # Decided the same day (40 %), the next working day (52 %), the one after (5 %) or within a week (3 %).
    u = rng.random(m)
    wd = np.select([u < 0.4, u < 0.92, u < 0.97], [0, 1, 2], rng.integers(3, 7, m))
    decision = np.where(wd == 0, day, work[np.maximum(cum[day - days.base] + wd - 1, 0)])
    source_codes = [c for c, _, _ in codes.REFERRAL_SOURCES]
    weights = np.array([w for _, _, w in codes.REFERRAL_SOURCES], dtype=float)
    source = rng.choice(len(source_codes), m, p=weights / weights.sum())
    descriptions = {c: d for c, d, _ in codes.REFERRAL_SOURCES}
    outcome = np.where(rng.random(m) < 0.6, codes.CONTACT_OUTCOME["nfa"], codes.CONTACT_OUTCOME["advice"])
    codes_drawn = np.array(source_codes, dtype=object)[source]
    key = ["cont_person_id", "cont_contact_date", "cont_contact_source_code"]
    added = (
        pl.DataFrame(
            {
                "cont_person_id": kept.get_column("child"),
                "cont_contact_date": pl.Series(day - _EPOCH).cast(pl.Int32).cast(pl.Date),
                "cont_contact_source_code": pl.Series(codes_drawn, dtype=pl.String),
                "cont_contact_source_desc": pl.Series([descriptions[c] for c in codes_drawn], dtype=pl.String),
                "cont_contact_outcome_json": pl.Series(outcome, dtype=pl.String),
                "cont_contact_decision_date": pl.Series(decision - _EPOCH).cast(pl.Int32).cast(pl.Date),
                "known": pl.Series(decision <= as_at),
            }
        )
        # One contact per child, day and source, as the Annex A's List 1 (and a case system) holds them: a
        # second from the same source that day is the same contact.
        .unique(subset=key, keep="first", maintain_order=True)
        .join(frames["ssd_contacts"].select(key), on=key, how="anti", maintain_order="left")
    )
    return added.with_columns(
        cont_contact_id=pl.format("CT{}", (pl.int_range(pl.len()) + next_id).cast(pl.String).str.zfill(6)),
        # A decision still to come on the as-at date is not known yet.
        cont_contact_decision_date=pl.when(pl.col("known")).then(pl.col("cont_contact_decision_date")),
    ).select(COLUMNS["ssd_contacts"])
