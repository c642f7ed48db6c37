"""Case data as polars frames, keyed by SSD table name with SSD column names.

This is the bridge from the database to the framework-free analytics: the
same frames could come straight from SSD CSV files in a notebook.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable

import numpy as np
import polars as pl
from django.db import DatabaseError, connection, transaction

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
    if connection.vendor in _AGGREGATES and all(c.kind in _BY_COLUMN for c in cols):
        frame = _read_by_column(t, cols)
        if frame is not None:
            return frame
    return _read_rows(t, cols)


def _column_name(t: Table, c) -> str:
    return connection.ops.quote_name(t.model._meta.get_field(c.field).column)


def _read_rows(t: Table, cols: list) -> pl.DataFrame:
    sqlite = connection.vendor == "sqlite"

    def select(c) -> str:
        # Django's SQLite date converter runs per value in Python; text parsed by
        # polars in one pass is several times faster on large tables.
        return f"CAST({_column_name(t, c)} AS TEXT)" if sqlite and c.kind == "date" else _column_name(t, c)

    sql = f"SELECT {', '.join(select(c) for c in cols)} FROM {connection.ops.quote_name(t.model._meta.db_table)}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    sch = {c.name: _DTYPES[c.kind] for c in cols}
    text_dates = [c.name for c in cols if c.kind == "date"] if sqlite else []
    frame = pl.DataFrame(rows, schema={k: (pl.String if k in text_dates else v) for k, v in sch.items()}, orient="row")
    if text_dates:
        frame = frame.with_columns([pl.col(n).str.slice(0, 10).str.to_date("%Y-%m-%d") for n in text_dates])
    return frame


# Kinds read a whole column at a time (a float's text could round it, so floats go row by row).
_BY_COLUMN = {"id", "text", "date", "int"}
# Between two values of a column: control characters no SSD value holds (an import keeps text as typed,
# so this is checked: if the pieces do not come out one per row, the table is read row by row).
_SEPARATOR = "\x1f\x1e"
# A split gives at least one piece, so no list is empty; newer polars asks for the choice to be explicit.
_EXPLODE = {"empty_as_null": False} if "empty_as_null" in inspect.signature(pl.Series.explode).parameters else {}
# Per database: a column's values joined by the separator (a parameter: a function there would run per row),
# nulls as empty texts; and the column's null marks, 1 for a null and 0 for a value.
_AGGREGATES = {
    "sqlite": ("group_concat({value}, %s)", "ifnull({column}, '')", "group_concat({column} IS NULL, '')"),
    "postgresql": (
        "string_agg({value}, %s)",
        "coalesce({value}, '')",
        "string_agg(CASE WHEN {column} IS NULL THEN '1' ELSE '0' END, '')",
    ),
}


def _as_text(t: Table, c) -> str:
    """The column as text in the SQL (SQLite's dates and numbers are text already when joined).

    On PostgreSQL a date's text follows the server's DateStyle: ISO (YYYY-MM-DD)
    unless a council changed it, and then the dates do not parse and the table is
    read row by row (to_char would not depend on it, but costs the server more
    than the whole row-by-row read saves).
    """
    column = _column_name(t, c)
    if connection.vendor == "postgresql" and c.kind in ("date", "int"):
        return f"{column}::text"
    return column


def _read_by_column(t: Table, cols: list) -> pl.DataFrame | None:
    """The table as one text per column, joined by the database and split by polars, or None to read it row by row.

    Row by row, most of a large table's read is spent making a Python object of
    every value (1.1 million for the involvements alone); here Python sees one
    string per column, and for a column that can be null a string of 0s and 1s
    marking its nulls (the aggregate skips nulls, and an empty text is not a null). One
    aggregate query sees the rows once, so every column's values are in the same
    row order.
    """
    joined, blank_if_null, marks = _AGGREGATES[connection.vendor]
    parts = []
    nullable = [t.model._meta.get_field(c.field).null for c in cols]
    for c, can_be_null in zip(cols, nullable):
        column, value = _column_name(t, c), _as_text(t, c)
        if can_be_null:
            parts.append(joined.format(value=blank_if_null.format(column=column, value=value)))
            parts.append(marks.format(column=column))
        else:  # NOT NULL in the schema (ids and texts): no marks to make (a null would be missed, and caught)
            parts.append(joined.format(value=value))
    sql = f"SELECT count(*), {', '.join(parts)} FROM {connection.ops.quote_name(t.model._meta.db_table)}"
    try:
        # In a savepoint: on PostgreSQL a failed statement would spoil the rest of a transaction.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [_SEPARATOR] * len(cols))
            count, *texts = cursor.fetchone()
    except DatabaseError:  # a column's text over the database's limit on one value
        return None
    if not count:
        return pl.DataFrame(schema={c.name: _DTYPES[c.kind] for c in cols})
    out = []
    texts = iter(texts)
    for c, can_be_null in zip(cols, nullable):
        text, nulls = next(texts), (next(texts) if can_be_null else "")
        values = pl.Series(c.name, [text], pl.String).str.split(_SEPARATOR).explode(**_EXPLODE)
        if len(values) != count or (can_be_null and len(nulls) != count):
            return None  # a value holds the separator (or a NOT NULL column holds a null)
        if "1" in nulls:
            values = values.scatter(np.flatnonzero(np.frombuffer(nulls.encode("ascii"), dtype=np.uint8) == 49), None)
        known = values.null_count()
        if c.kind == "date":
            values = values.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        elif c.kind == "int":
            values = values.cast(pl.Int64, strict=False)
        if values.null_count() != known:
            return None  # a text that is not a date or a whole number: row by row it is refused or read as it is
        out.append(values)
    return pl.DataFrame(out)


def load_many(names: Iterable[str]) -> dict[str, pl.DataFrame]:
    return {n: load(n) for n in names}
