"""Case data as polars frames, keyed by SSD table name with SSD column names.

This is the bridge from the database to the framework-free analytics: the
same frames could come straight from SSD CSV files in a notebook.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
from django.db import connection

from oversight.people.ssd import Table, table

_DTYPES = {"id": pl.String, "text": pl.String, "date": pl.Date, "int": pl.Int64, "float": pl.Float64}


def schema(t: Table, columns: Iterable[str] | None = None) -> dict[str, pl.DataType]:
    wanted = set(columns) if columns is not None else None
    return {c.name: _DTYPES[c.kind] for c in t.columns if wanted is None or c.name in wanted}


_cache: dict[tuple, pl.DataFrame] = {}
CACHE_ENTRIES = 64


def load(name: str, columns: Iterable[str] | None = None) -> pl.DataFrame:
    """One SSD table from the database (optionally only some columns).

    Case data changes only when a snapshot replaces it (people.snapshot), which
    changes the version token; until then a table read once is kept in memory,
    so pages over a large council do not reread it on every request. Frames
    are immutable, so sharing them is safe.
    """
    from oversight.people.models import CaseDataVersion

    columns = tuple(columns) if columns is not None else None
    token = CaseDataVersion.current()
    if not token:
        return _read(name, columns)
    key = (connection.alias, str(connection.settings_dict["NAME"]), token, name, columns)
    frame = _cache.get(key)
    if frame is None:
        frame = _read(name, columns)
        for old in [k for k in _cache if k[:2] == key[:2] and k[2] != token]:
            _cache.pop(old, None)  # an earlier snapshot of this database
        while len(_cache) >= CACHE_ENTRIES:
            _cache.pop(next(iter(_cache)), None)
        _cache[key] = frame
    return frame


def clear_cache() -> None:
    """Forget every table kept in memory (benchmarks use it to time cold reads)."""
    _cache.clear()


def _read(name: str, columns: tuple[str, ...] | None) -> pl.DataFrame:
    t = table(name)
    cols = [c for c in t.columns if columns is None or c.name in set(columns)]
    if columns is not None:
        missing = set(columns) - {c.name for c in cols}
        if missing:
            raise KeyError(f"{name} has no column(s) {sorted(missing)}")
    qn = connection.ops.quote_name
    sqlite = connection.vendor == "sqlite"

    def select(c) -> str:
        name = qn(t.model._meta.get_field(c.field).column)
        # Django's SQLite date converter runs per value in Python; text parsed by
        # polars in one pass is several times faster on large tables.
        return f"CAST({name} AS TEXT)" if sqlite and c.kind == "date" else name

    sql = f"SELECT {', '.join(select(c) for c in cols)} FROM {qn(t.model._meta.db_table)}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    sch = {c.name: _DTYPES[c.kind] for c in cols}
    text_dates = [c.name for c in cols if c.kind == "date"] if sqlite else []
    frame = pl.DataFrame(rows, schema={k: (pl.String if k in text_dates else v) for k, v in sch.items()}, orient="row")
    if text_dates:
        frame = frame.with_columns([pl.col(n).str.slice(0, 10).str.to_date("%Y-%m-%d") for n in text_dates])
    return frame


def load_many(names: Iterable[str]) -> dict[str, pl.DataFrame]:
    return {n: load(n) for n in names}
