"""Tables read from the database are kept in memory until a snapshot replaces the case data."""

import polars as pl
import pytest

from oversight.people import frames, snapshot
from oversight.people.models import CaseDataVersion
from tests import factories as f

pytestmark = pytest.mark.django_db


def _person_frame(ids):
    return pl.DataFrame({"pers_person_id": ids})


def test_without_a_snapshot_every_load_reads_the_database():
    f.child("A")
    assert frames.load("ssd_person").height == 1
    f.child("B")
    assert frames.load("ssd_person").height == 2


def test_a_snapshot_is_read_once_and_a_new_snapshot_is_read_again(django_assert_num_queries):
    snapshot.replace_case_data({"ssd_person": _person_frame(["A", "B"])})
    first = frames.load("ssd_person", ["pers_person_id"])
    with django_assert_num_queries(1):  # only the version token
        again = frames.load("ssd_person", ["pers_person_id"])
    assert again is first
    snapshot.replace_case_data({"ssd_person": _person_frame(["C"])})
    assert frames.load("ssd_person", ["pers_person_id"]).get_column("pers_person_id").to_list() == ["C"]


def test_each_snapshot_gets_a_new_token():
    snapshot.replace_case_data({})
    one = CaseDataVersion.current()
    snapshot.replace_case_data({})
    assert CaseDataVersion.current() not in ("", one)
