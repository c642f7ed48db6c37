"""Same scale and seed give the same council; another seed gives another."""

import datetime as dt

import polars as pl
import pytest

from oversight.people.ssd import tables
from oversight.synthetic.build import build

# The councils are written to the test database, which pytest-django makes only for django_db tests.
pytestmark = pytest.mark.django_db


def _sorted(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    return frame.sort(key)


def test_every_table_is_written_and_has_rows(small_councils):
    dump = small_councils["seed1"]
    assert {t.name for t in tables()} == set(dump)
    empty = [name for name, frame in dump.items() if frame.height == 0]
    assert empty == []


def test_same_seed_gives_identical_tables(small_councils):
    one, again = small_councils["seed1"], small_councils["seed1_again"]
    for t in tables():
        assert _sorted(one[t.name], t.key.name).equals(_sorted(again[t.name], t.key.name)), t.name


def test_another_seed_gives_another_council(small_councils):
    one, other = small_councils["seed1"], small_councils["seed2"]
    differing = [
        t.name for t in tables() if not _sorted(one[t.name], t.key.name).equals(_sorted(other[t.name], t.key.name))
    ]
    # Every table of people and events differs; only the shape of the department tree may repeat.
    assert set(differing) >= {t.name for t in tables()} - {"ssd_department"}


def test_database_holds_what_the_builder_made(small_councils):
    council, dump = small_councils["council"], small_councils["seed1"]
    for name, built in council.frames.items():
        key = built.columns[0]
        stored = dump[name].select(built.columns)
        strings = [c for c, t in built.schema.items() if t == pl.String]
        built = built.with_columns([pl.col(c).fill_null("") for c in strings])
        assert _sorted(stored, key).equals(_sorted(built, key)), name


def test_build_does_not_depend_on_the_day_it_runs(monkeypatch):
    """The as-at date is an argument: nothing in the council may come from the clock."""
    first = build(120, 5, dt.date(2025, 3, 31))

    class Tomorrow(dt.date):
        @classmethod
        def today(cls):
            return dt.date(2031, 1, 1)

    monkeypatch.setattr(dt, "date", Tomorrow)
    second = build(120, 5, Tomorrow(2025, 3, 31))
    for name, frame in first.frames.items():
        assert frame.equals(second.frames[name]), name


def test_history_ends_at_the_as_at_date():
    council = build(300, 3, dt.date(2024, 6, 30))
    latest = max(
        frame.select(pl.col(c).max().fill_null(dt.date(1990, 1, 1))).item()
        for frame in council.frames.values()
        for c, kind in frame.schema.items()
        if kind == pl.Date and frame.height and c != "pers_dob" and not c.endswith(("_due", "_due_date"))
    )
    assert latest <= dt.date(2024, 6, 30)
    earliest_referral = council.frames["ssd_cin_episodes"]["cine_referral_date"].min()
    assert earliest_referral <= dt.date(2021, 6, 30)  # at least three years of history


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="unknown scale 'huge'"):
        build("huge", 1)
