"""`oversight export ssd DIR`: every case-data table as an SSD CSV file.

One UTF-8 file per table named after it, SSD column names (extension columns
included) as headers, ISO dates, rows in primary-key order: two exports of the
same data are byte-identical, and `oversight import ssd` reads them back.
Text that a spreadsheet would run as a formula is written with a quote in
front (`'+cmd…`), which the import takes off again.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from oversight.people import frames
from oversight.people.ssd import tables

# Text a spreadsheet would run as a formula (oversight.documents.cells), after any quotes already in front.
FORMULA_LIKE = r"^'*[=+\-@\t\r]"


def inert(text: pl.Expr) -> pl.Expr:
    """Formula-like text with a quote in front, as `cells.neutralise` does; the SSD import takes one quote off
    again, so every value reads back as it was (a value that already starts with quotes gets one more)."""
    return pl.when(text.str.contains(FORMULA_LIKE)).then(pl.lit("'") + text).otherwise(text)


def export_ssd(directory: Path) -> dict[str, int]:
    """Write one CSV per SSD table into DIRECTORY (created if need be); rows per table."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for t in tables():
        frame = frames.load(t.name).sort(t.key.name)
        # The model keeps empty text as "": written as nothing, like a null.
        frame = frame.with_columns(
            [
                pl.when(pl.col(c) == "").then(None).otherwise(inert(pl.col(c))).alias(c)
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
