"""A frame kept sorted by one key column, so the rows of a few keys are found by binary search.

Pages ask for one child's or one worker's rows of a council-wide frame (a
million timeliness items, a hundred thousand children) on every request.
Filtering the whole frame each time costs milliseconds per page; sorting it
once (the sorted frame is cached with the figure it comes from) and finding
each key's run of rows with `search_sorted` costs microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl


class Keyed:
    """FRAME sorted by KEY (rows with no key are left out); `rows(keys)` gives the rows of those keys."""

    def __init__(self, frame: pl.DataFrame, key: str):
        self.key = key
        self.frame = frame.filter(pl.col(key).is_not_null()).sort(key, maintain_order=True)

    @property
    def height(self) -> int:
        return self.frame.height

    def rows(self, keys: Iterable[str]) -> pl.DataFrame:
        """The rows whose key is one of KEYS, in key order (each key's rows in their order in the frame)."""
        wanted = pl.Series(self.key, sorted({k for k in keys if k is not None}), dtype=self.frame.schema[self.key])
        if wanted.is_empty() or self.frame.is_empty():
            return self.frame.clear()
        column = self.frame.get_column(self.key)
        starts = column.search_sorted(wanted, side="left").to_numpy().astype(np.int64)
        ends = column.search_sorted(wanted, side="right").to_numpy().astype(np.int64)
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return self.frame.clear()
        # Every position from each start to its end, in one vectorised step: run k's positions are
        # starts[k] + 0 .. lengths[k] - 1.
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return self.frame[offsets + np.arange(total)]
