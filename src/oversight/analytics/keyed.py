"""A frame kept sorted by one key column, so the rows of a few keys are found by binary search.

Pages ask for one child's or one worker's rows of a council-wide frame (a
million timeliness items, a hundred thousand children) on every request.
Filtering the whole frame each time costs milliseconds per page; sorting it
once (the sorted frame is cached with the figure it comes from) and finding
each key's run of rows through a dictionary of runs costs microseconds.
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
        spans = self._spans()
        found = [spans[k] for k in sorted({k for k in keys if k is not None}) if k in spans]
        if not found:
            return self.frame.clear()
        starts, lengths = (np.fromiter((span[i] for span in found), np.int64, len(found)) for i in (0, 1))
        total = int(lengths.sum())
        # Every position from each start to its end, in one vectorised step: run k's positions are
        # starts[k] + 0 .. lengths[k] - 1.
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return self.frame[offsets + np.arange(total)]

    def _spans(self) -> dict[str, tuple[int, int]]:
        """Where each key's run of rows starts and how long it is, worked out on first use (a dictionary
        look-up per key then costs far less than a search of the column through polars)."""
        spans = self.__dict__.get("_span_index")
        if spans is None:
            runs = self.frame.get_column(self.key).rle()
            lengths = runs.struct.field("len").to_numpy().astype(np.int64)
            starts = (np.cumsum(lengths) - lengths).tolist()
            values = runs.struct.field("value").to_list()
            spans = dict(zip(values, zip(starts, lengths.tolist(), strict=True), strict=True))
            self._span_index = spans
        return spans

    def __getstate__(self):
        # The look-up is rebuilt where it is used: a cached Keyed is stored without it.
        return {k: v for k, v in self.__dict__.items() if k != "_span_index"}
