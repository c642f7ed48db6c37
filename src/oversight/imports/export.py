"""`oversight export ssd DIR`: every case-data table as an SSD CSV file.

One UTF-8 file per table named after it, SSD column names (extension columns
included) as headers, ISO dates, rows in primary-key order: two exports of the
same data are byte-identical, and `oversight import ssd` reads them back.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from oversight.people import frames
from oversight.people.ssd import tables


def export_ssd(directory: Path) -> dict[str, int]:
    """Write one CSV per SSD table into DIRECTORY (created if need be); rows per table."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for t in tables():
        frame = frames.load(t.name).sort(t.key.name)
        # The model keeps empty text as "": written as nothing, like a null.
        frame = frame.with_columns(
            [
                pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
                for c, dtype in frame.schema.items()
                if dtype == pl.String
            ]
        )
        path = directory / f"{t.name}.csv"
        tmp = path.with_suffix(".csv.part")
        frame.write_csv(tmp, date_format="%Y-%m-%d", line_terminator="\n", quote_style="necessary")
        tmp.replace(path)
        counts[t.name] = frame.height
    return counts
