"""Reads behind the pages: one child's frames give that child's items; the benchmark runs the engine."""

import polars as pl
import pytest

from oversight.analytics import timeliness as engine
from oversight.people import frames
from oversight.timeliness import queries
from tests.timeliness.conftest import AS_AT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("child", ["A", "B", "F", "Z"])
def test_one_childs_frames_give_that_childs_items(council, child):
    book = queries.rulebook()
    whole = engine.ordered(queries.items(AS_AT, book=book), book).filter(pl.col("child_id") == child)
    alone = engine.ordered(queries.items(AS_AT, book=book, data=queries.child_frames(book, child)), book)
    assert alone.to_dicts() == whole.to_dicts()
    assert alone.height == {"A": 4, "B": 2, "F": 1, "Z": 0}[child]  # A: K1, two CP1 visits, CP1's first review


def test_the_child_panel_rows_put_what_is_waiting_first(council):
    found = queries.child_clocks("A", AS_AT)
    assert [(r["rule"], r["status"]) for r in found] == [
        ("rcpc_first_3m", "open"),
        ("contact_decision_1wd", "overdue"),
        ("cp_visit", "overdue"),
        ("cp_visit", "on_time"),
    ]
    assert found[1]["title"] == "Contact decision" and found[1]["worker_name"] == "Worker One"


def test_the_benchmark_times_every_rule(council):
    import oversight.timeliness.benchmarks  # noqa: F401  (registers the benchmarks)
    from oversight.bench import REGISTRY

    class Context:
        meta = {"as_at": AS_AT.isoformat()}

        def frame(self, name):
            return frames.load(name)

    bench = next(b for b in REGISTRY if b.name == "timeliness: every rule for every child")
    assert bench.target_seconds == 2.0
    items = bench.setup(Context())()
    assert items.height == 9  # 5 contacts, 3 CP visits, 1 review conference
    measures = next(b for b in REGISTRY if b.name.startswith("timeliness: the measures")).setup(Context())()
    assert [m["records"] for m in measures] == [0, 2, 1, 0, 0]  # no missing episodes in this council
