"""Writing a synthetic council into the case-data tables, replacing what was there."""

from __future__ import annotations

from typing import Callable

import polars as pl
from django.db import connection, transaction

from oversight.people.ssd import Table, tables
from oversight.synthetic.build import Council

BATCH = 20_000


def _select(t: Table, frame: pl.DataFrame) -> pl.DataFrame:
    """Every column of table T in model order; absent ones at the model's empty default."""
    exprs = []
    for c in t.columns:
        if c.name in frame.columns:
            e = pl.col(c.name)
            if c.kind == "date":
                e = e.dt.to_string("%Y-%m-%d")
            elif c.kind in ("id", "text"):
                e = e.fill_null("")
        else:
            e = pl.lit("" if c.kind in ("id", "text") else None)
        exprs.append(e.alias(c.name))
    return frame.select(exprs) if frame.width else pl.DataFrame()


def replace_case_data(council: Council, step: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Delete every case-data row and insert COUNCIL's, in one transaction. Returns rows per table.

    STEP, if given, is called as (table name, rows written) after each batch.
    """
    step = step or (lambda name, n: None)
    qn = connection.ops.quote_name
    written = {}
    with transaction.atomic():
        with connection.cursor() as cursor:
            for t in tables():
                cursor.execute(f"DELETE FROM {qn(t.model._meta.db_table)}")
            for t in tables():
                frame = council.frames.get(t.name)
                if frame is None or frame.height == 0:
                    written[t.name] = 0
                    continue
                data = _select(t, frame)
                columns = ", ".join(qn(t.model._meta.get_field(c.field).column) for c in t.columns)
                marks = ", ".join(["%s"] * len(t.columns))
                sql = f"INSERT INTO {qn(t.model._meta.db_table)} ({columns}) VALUES ({marks})"
                for offset in range(0, data.height, BATCH):
                    batch = data.slice(offset, BATCH).rows()
                    if connection.vendor == "postgresql":
                        # COPY is many times faster than row-by-row inserts on PostgreSQL.
                        copy_sql = f"COPY {qn(t.model._meta.db_table)} ({columns}) FROM STDIN"
                        with cursor.cursor.copy(copy_sql) as copy:
                            for row in batch:
                                copy.write_row(row)
                    else:
                        cursor.executemany(sql, batch)
                    step(t.name, len(batch))
                written[t.name] = data.height
    return written
