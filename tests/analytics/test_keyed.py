"""analytics.keyed: the rows of a few keys of a sorted frame are the rows a filter would give."""

import random

import polars as pl

from oversight.analytics.keyed import Keyed


def _frame(seed: int, n: int = 2_000) -> pl.DataFrame:
    rng = random.Random(seed)
    keys = [f"C{rng.randrange(300)}" if rng.random() > 0.02 else None for _ in range(n)]
    return pl.DataFrame({"child_id": keys, "n": list(range(n))}, schema={"child_id": pl.String, "n": pl.Int64})


def test_rows_are_the_filtered_rows_in_key_order():
    for seed in range(5):
        frame = _frame(seed)
        keyed = Keyed(frame, "child_id")
        rng = random.Random(seed + 100)
        wanted = {f"C{rng.randrange(400)}" for _ in range(rng.randrange(1, 40))}  # some never occur
        expected = frame.filter(pl.col("child_id").is_in(list(wanted))).sort("child_id", maintain_order=True)
        assert keyed.rows(wanted).to_dicts() == expected.to_dicts()


def test_no_keys_unknown_keys_and_an_empty_frame_give_no_rows():
    keyed = Keyed(_frame(1), "child_id")
    assert keyed.rows([]).height == 0
    assert keyed.rows(["nobody", None]).height == 0
    assert keyed.rows(["nobody"]).columns == ["child_id", "n"]
    empty = Keyed(_frame(1).clear(), "child_id")
    assert empty.rows(["C1"]).height == 0


def test_rows_without_a_key_are_never_found():
    frame = pl.DataFrame({"child_id": [None, "A", None], "n": [1, 2, 3]})
    keyed = Keyed(frame, "child_id")
    assert keyed.height == 1 and keyed.rows(["A"]).get_column("n").to_list() == [2]
