"""Figures are worked out once per case-data version and shared; a user's scope is applied after."""

import datetime as dt

import pytest

from oversight.accounts import roles
from oversight.people import figures
from oversight.people.models import CaseDataVersion
from oversight.timeliness import queries as timeliness
from tests.timeliness.conftest import AS_AT, council  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_figure_is_worked_out_once_per_version_and_its_arguments():
    CaseDataVersion.bump()
    compute = Counter({"n": 1})
    assert figures.cached("test.figure", (dt.date(2024, 1, 1),), compute) == {"n": 1}
    assert figures.cached("test.figure", (dt.date(2024, 1, 1),), compute) == {"n": 1}
    assert compute.calls == 1
    figures.cached("test.figure", (dt.date(2024, 1, 2),), compute)  # another date
    assert compute.calls == 2
    CaseDataVersion.bump()  # a new snapshot
    figures.cached("test.figure", (dt.date(2024, 1, 1),), compute)
    assert compute.calls == 3


def test_another_process_finds_the_figure_in_the_shared_cache():
    CaseDataVersion.bump()
    figures.cached("test.shared", (), Counter([1, 2, 3]))
    figures.forget_local()  # as a fresh worker process would start
    again = Counter(None)
    assert figures.cached("test.shared", (), again) == [1, 2, 3] and again.calls == 0


def test_the_configuration_is_part_of_the_key(tmp_path, monkeypatch):
    CaseDataVersion.bump()
    figures.cached("test.config", (), Counter("default"))
    local = tmp_path / "local.toml"
    local.write_text("[timeliness]\ndue_soon_working_days = 2\n")
    monkeypatch.setenv("OVERSIGHT_CONFIG", str(local))
    assert figures.cached("test.config", (), Counter("local")) == "local"


def test_without_case_data_nothing_is_cached():
    compute = Counter(1)
    figures.cached("test.none", (), compute)
    figures.cached("test.none", (), compute)
    assert compute.calls == 2


def test_a_damaged_cache_file_is_a_miss_not_an_error(settings, tmp_path):
    settings.CACHES = {
        "default": {"BACKEND": "oversight.people.figures.UncompressedFileCache", "LOCATION": str(tmp_path / "c")}
    }
    CaseDataVersion.bump()
    figures.cached("test.damaged", (), Counter(7))
    figures.forget_local()
    for path in (tmp_path / "c").glob("*.djcache"):
        path.write_bytes(path.read_bytes()[:20])  # cut short, as by a full disk
    assert figures.cached("test.damaged", (), Counter(8)) == 8


def test_the_cached_items_are_the_whole_council_and_each_user_sees_their_own(council, make_user):  # noqa: F811
    CaseDataVersion.bump()
    everyone = timeliness.to_do(AS_AT, None, teams={"T1", "T2"})
    assert {r["child_id"] for r in everyone} >= {"A", "B", "F"}
    # The same cached items, narrowed to two different users' children after the cache.
    only_b = timeliness.to_do(AS_AT, {"B"}, teams={"T1", "T2"})
    only_a = timeliness.to_do(AS_AT, {"A"}, teams={"T1", "T2"})
    assert {r["child_id"] for r in only_b} == {"B"} and {r["child_id"] for r in only_a} == {"A"}
    # and the cached frame itself was not narrowed by either call
    assert set(timeliness.items(AS_AT).get_column("child_id").to_list()) >= {"A", "B", "C", "D", "F"}


def test_a_social_workers_to_do_list_comes_from_the_shared_items(council, client_for):  # noqa: F811
    CaseDataVersion.bump()
    timeliness.items(AS_AT)  # worked out for someone else first
    client = client_for(roles.SOCIAL_WORKER, professional_id="W2")
    html = client.get("/timeliness/to-do/", {"as_at": AS_AT.isoformat()}).content.decode()
    assert "K2" in html or "/children/B/" in html
    assert "/children/A/" not in html and "/children/C/" not in html


def test_frames_in_a_figure_come_back_from_the_shared_file_cache_as_they_went_in(settings, tmp_path):
    import polars as pl

    from oversight.analytics.keyed import Keyed

    settings.CACHES = {
        "default": {"BACKEND": "oversight.people.figures.UncompressedFileCache", "LOCATION": str(tmp_path / "c")}
    }
    CaseDataVersion.bump()
    items = pl.DataFrame(
        {
            "rule": pl.Series(["b", "a", None], dtype=pl.Enum(["a", "b"])),
            "child_id": ["C2", "C1", "C1"],
            "due_date": [dt.date(2024, 2, 29), None, dt.date(2023, 12, 31)],
            "days_late": [None, 4, 0],
        }
    )
    figures.cached("test.frames", (), lambda: {"items": items, "by_child": Keyed(items, "child_id")})
    (stored,) = (tmp_path / "c").glob("*.djcache")
    assert b"_frame_from_ipc" in stored.read_bytes()  # the frames went in as compressed IPC
    figures.forget_local()
    back = figures.cached("test.frames", (), Counter(None))
    assert back["items"].equals(items) and back["items"].schema == items.schema
    assert back["by_child"].rows(["C1"]).get_column("days_late").to_list() == [4, 0]
