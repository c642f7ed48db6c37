"""One SSD table from its CSV text to typed columns, with every problem reported by row and column.

Column names and kinds come from people.ssd (model field = SSD column minus
its prefix); code lists from codes/ssd.toml. All checks are vectorised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from oversight.imports import codes
from oversight.imports.report import Checks, Problems, rows_where, settle
from oversight.imports.values import (
    DATE_EXPECTED,
    EARLIEST_DATE,
    TOO_EARLY,
    looks_like_formula,
    text_date,
    text_number,
    whole_number,
)
from oversight.people.frames import schema
from oversight.people.ssd import Column, Table

# A header far wider than any SSD table is not an SSD table (and would take long to report column by column).
MAX_COLUMNS = 500
MAX_IGNORED_REPORTED = 50


@dataclass(frozen=True)
class Rule:
    column: Column
    max_length: int | None
    codes: codes.ColumnCodes | None


def rules(table: Table) -> tuple[Rule, ...]:
    out = []
    for c in table.columns:
        field = table.model._meta.get_field(c.field)
        max_length = getattr(field, "max_length", None)
        flag = c.kind == "text" and max_length == 2
        out.append(Rule(c, max_length, codes.ssd_column_codes(c.name, flag) if c.kind == "text" else None))
    return tuple(out)


def _header(
    raw: pl.DataFrame, names: list[str], table: Table, file: str, errors: Problems, warnings: Problems
) -> dict[str, int] | None:
    known = {c.name for c in table.columns}
    if len(names) > MAX_COLUMNS:
        errors.add(
            file, table.name, 1, "", "", f"The header has {len(names)} columns; an SSD table has at most {len(known)}."
        )
        return None
    seen: dict[str, int] = {}
    ignored = 0
    for i, name in enumerate(names):
        if not name:
            if raw.get_column(f"__c{i}").null_count() < raw.height:
                warnings.add(
                    file, table.name, 1, f"column {i + 1}", "", "This column has no name in the header; it is ignored."
                )
            continue
        if name in seen:
            errors.add(
                file,
                table.name,
                1,
                name,
                name,
                f"The column {name} appears twice in the header (columns {seen[name] + 1} and {i + 1}).",
            )
            continue
        seen[name] = i
        if name not in known:
            ignored += 1
            if ignored <= MAX_IGNORED_REPORTED:
                warnings.add(file, table.name, 1, name, name, f"{name} is not a column of {table.name}; it is ignored.")
    if ignored > MAX_IGNORED_REPORTED:
        warnings.add(
            file,
            table.name,
            1,
            "",
            "",
            f"…and {ignored - MAX_IGNORED_REPORTED} more columns that are not columns of {table.name}, ignored.",
        )
    if table.key.name not in seen:
        found = ", ".join(n for n in names[:6] if n) or "nothing"
        errors.add(
            file,
            table.name,
            1,
            table.key.name,
            "",
            f"The header has no {table.key.name} column, which every row needs (found: {found[:120]}). "
            "Is the file comma-separated, with SSD column names in its first row?",
        )
        return None
    return {n: i for n, i in seen.items() if n in known}


def _canonical(rule: Rule) -> pl.Expr:
    """The value in its code list's spelling (null if not in the list)."""
    mapping = {c.lower(): c for c in rule.codes.codes}
    return pl.col(rule.column.name).str.to_lowercase().replace_strict(mapping, default=None, return_dtype=pl.String)


def _conversion(rule: Rule, as_at: dt.date | None) -> pl.Expr:
    col = pl.col(rule.column.name)
    kind = rule.column.kind
    if kind == "date":
        return text_date(col, as_at)
    if kind == "int":
        return whole_number(text_number(col))
    if kind == "float":
        return text_number(col)
    if rule.codes and rule.codes.level == "error":
        return _canonical(rule)
    if rule.codes:
        return pl.coalesce(_canonical(rule), col)
    return col


def _listed(rule: Rule) -> str:
    codes = rule.codes.codes
    return ", ".join(codes[:14]) + (", …" if len(codes) > 14 else "")


_ISO = r"^\d{4}-\d{2}-\d{2}$"


def convert(
    raw: pl.DataFrame,
    names: list[str],
    table: Table,
    file: str,
    errors: Problems,
    warnings: Problems,
    date_texts: dict[str, pl.DataFrame] | None = None,
    as_at: dt.date | None = None,
    blanked: Problems | None = None,
) -> pl.DataFrame | None:
    """The table with SSD column names and model types, plus `__row`; None if its header is unusable.

    DATE_TEXTS, if given, receives for this table the date columns not written
    as plain ISO dates, as text by `__row`, so later checks can quote a date
    as the file has it (31/03/2030, not 2030-03-31). BLANKED, if given,
    receives each invalid value, left blank instead of refusing (report.settle).
    """
    sheet = table.name
    positions = _header(raw, names, table, file, errors, warnings)
    if positions is None:
        return None
    frame = raw.select(
        pl.col("__row"),
        *[
            (pl.col(f"__c{positions[c.name]}") if c.name in positions else pl.lit(None, pl.String)).alias(c.name)
            for c in table.columns
        ],
    )
    table_rules = rules(table)
    # Each converted value sits beside its text as "~name" until the checks are done.
    work = frame.with_columns([_conversion(r, as_at).alias(f"~{r.column.name}") for r in table_rules])
    checks = Checks(file, sheet)
    odd_codes = []
    for rule in table_rules:
        c, name = rule.column, rule.column.name
        text, value = pl.col(name), pl.col(f"~{name}")
        present = text.is_not_null()
        # An identifier (the key, or a reference to a child, worker or record) is never blanked.
        cell = None if c.kind == "id" or c.field.endswith("_id") else f"~{name}"
        if c.kind == "id":
            checks.add(text.is_null(), name, name, f"Blank: every row needs a {name}.")
            checks.add(present & text.is_duplicated(), name, name, "")  # rows and first rows found below, if any
        if c.kind in ("id", "text"):
            if rule.max_length and not (rule.codes and rule.codes.level == "error"):
                checks.add(
                    text.str.len_chars() > rule.max_length,
                    name,
                    name,
                    f"Too long: at most {rule.max_length} characters.",
                    cell,
                )
            checks.add(
                looks_like_formula(text),
                name,
                name,
                "Looks like a spreadsheet formula (starts with '='); formulas are never evaluated, give the value instead.",
                cell,
            )
            if rule.codes and rule.codes.level == "error":
                checks.add(
                    present & value.is_null(),
                    name,
                    name,
                    f"Not a code of the {rule.codes.list_name} list: expected one of {_listed(rule)}.",
                    cell,
                )
            elif rule.codes:
                odd_codes.append(rule)
        elif c.kind == "date":
            checks.add(present & value.is_null(), name, name, f"Not a real date: expected {DATE_EXPECTED}.", cell)
            checks.add(value < EARLIEST_DATE, name, name, TOO_EARLY, cell)
        elif c.kind == "int":
            checks.add(present & value.is_null(), name, name, "Not a whole number: expected digits such as 3.", cell)
        else:
            checks.add(present & value.is_null(), name, name, "Not a number: expected digits such as 0.8.", cell)
            # 400 nines is a valid decimal that overflows to infinity, which pages and JSON cannot show.
            checks.add(value.is_infinite(), name, name, "Too large: not a number Oversight can hold.", cell)
        if c.kind in ("int", "float"):
            # Counts, distances and FTE: none can be below 0.
            checks.add(value < 0, name, name, "Below 0: expected a number of 0 or more.", cell)
    found = Problems()
    checks.run(work, found)
    named = Problems()
    _name_first_rows(found, work, table, named)
    work = settle(named, work, errors, warnings, blanked)
    for rule in odd_codes:
        _warn_codes(work, rule, file, sheet, warnings)
    if date_texts is not None:
        dates = [r.column.name for r in table_rules if r.column.kind == "date"]
        if dates:
            not_iso = work.select(
                [(pl.col(n).is_not_null() & ~pl.col(n).str.contains(_ISO)).any().alias(n) for n in dates]
            ).row(0)
            kept = [n for n, odd in zip(dates, not_iso) if odd]
            if kept:
                date_texts[table.name] = work.select("__row", *kept)
    typed = work.select(pl.col("__row"), *[pl.col(f"~{r.column.name}").alias(r.column.name) for r in table_rules])
    return typed.with_columns([pl.col(n).cast(t) for n, t in schema(table).items()])


def _name_first_rows(found: Problems, work: pl.DataFrame, table: Table, errors: Problems) -> None:
    """Pass on FOUND, giving each duplicate identifier the row where the id was first used."""
    key = table.key.name
    for frame in found.frames():
        if frame.height and frame.item(0, "message") == "":
            firsts = work.filter(pl.col(key).is_duplicated()).group_by(key).agg(pl.col("__row").min().alias("__first"))
            frame = (
                frame.join(firsts, left_on="value", right_on=key, how="left")
                .filter(pl.col("row") != pl.col("__first"))
                .with_columns(
                    pl.format("Duplicate identifier: already used on row {}.", pl.col("__first")).alias("message")
                )
                .drop("__first")
            )
        errors.add_frame(frame)


def _warn_codes(work: pl.DataFrame, rule: Rule, file: str, sheet: str, warnings: Problems) -> None:
    name = rule.column.name
    outside = pl.col(name).is_not_null() & _canonical(rule).is_null()
    if not work.select(outside.any()).item():
        return
    odd = work.filter(outside).group_by(name).agg(pl.col("__row").min(), pl.len().alias("n")).sort("__row")
    warnings.add_frame(
        rows_where(
            odd,
            pl.lit(True),
            file=file,
            sheet=sheet,
            column=name,
            value=name,
            message=pl.format(
                f"Not a code of the {rule.codes.list_name} list ({_listed(rule)}); loaded as given ({{}} row(s)).",
                pl.col("n"),
            ),
        )
    )


def empty(table: Table) -> pl.DataFrame:
    return pl.DataFrame(schema={"__row": pl.Int64, **schema(table)})
