"""One SSD table from its CSV text to typed columns, with every problem reported by row and column.

Column names and kinds come from people.ssd (model field = SSD column minus
its prefix); code lists from codes/ssd.toml. All checks are vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass
import polars as pl

from oversight.imports import codes
from oversight.imports.report import Problems, rows_where
from oversight.imports.values import DATE_EXPECTED, looks_like_formula, text_date, text_number, whole_number
from oversight.people.frames import schema
from oversight.people.ssd import Column, Table


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


def _header(raw: pl.DataFrame, names: list[str], table: Table, file: str, errors: Problems, warnings: Problems) -> dict[str, int] | None:
    known = {c.name for c in table.columns}
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            if raw.get_column(f"__c{i}").null_count() < raw.height:
                warnings.add(file, table.name, 1, f"column {i + 1}", "", "This column has no name in the header; it is ignored.")
            continue
        if name in seen:
            errors.add(file, table.name, 1, name, name, f"The column {name} appears twice in the header (columns {seen[name] + 1} and {i + 1}).")
            continue
        seen[name] = i
        if name not in known:
            warnings.add(file, table.name, 1, name, name, f"{name} is not a column of {table.name}; it is ignored.")
    if table.key.name not in seen:
        found = ", ".join(n for n in names[:6] if n) or "nothing"
        errors.add(file, table.name, 1, table.key.name, "",
                   f"The header has no {table.key.name} column, which every row needs (found: {found[:120]}). "
                   "Is the file comma-separated, with SSD column names in its first row?")
        return None
    return {n: i for n, i in seen.items() if n in known}


def _code_check(frame: pl.DataFrame, rule: Rule, file: str, sheet: str, errors: Problems, warnings: Problems) -> pl.Expr:
    name = rule.column.name
    spec = rule.codes
    canonical = pl.col(name).str.to_lowercase().replace_strict({c.lower(): c for c in spec.codes}, default=None, return_dtype=pl.String)
    listed = ", ".join(spec.codes[:14]) + (", …" if len(spec.codes) > 14 else "")
    outside = pl.col(name).is_not_null() & canonical.is_null()
    if spec.level == "error":
        errors.add_frame(rows_where(frame, outside, file=file, sheet=sheet, column=name, value=name,
                                   message=f"Not a code of the {spec.list_name} list: expected one of {listed}."))
        return canonical
    odd = frame.filter(outside).group_by(name).agg(pl.col("__row").min(), pl.len().alias("n")).sort("__row")
    warnings.add_frame(rows_where(odd, pl.lit(True), file=file, sheet=sheet, column=name, value=name,
                                  message=pl.format(f"Not a code of the {spec.list_name} list ({listed}); loaded as given ({{}} row(s)).", pl.col("n"))))
    return pl.coalesce(canonical, pl.col(name))


def convert(raw: pl.DataFrame, names: list[str], table: Table, file: str, errors: Problems, warnings: Problems) -> pl.DataFrame | None:
    """The table with SSD column names and model types, plus `__row`; None if its header is unusable."""
    sheet = table.name
    positions = _header(raw, names, table, file, errors, warnings)
    if positions is None:
        return None
    frame = raw.select(
        pl.col("__row"),
        *[(pl.col(f"__c{positions[c.name]}") if c.name in positions else pl.lit(None, pl.String)).alias(c.name) for c in table.columns],
    )
    converted: list[pl.Expr] = []
    for rule in rules(table):
        c, name = rule.column, rule.column.name
        col = pl.col(name)
        present = col.is_not_null()
        if c.kind in ("id", "text"):
            if c.kind == "id":
                errors.add_frame(rows_where(frame, col.is_null(), file=file, sheet=sheet, column=name, value=name,
                                            message=f"Blank: every row needs a {name}."))
                firsts = frame.with_columns(pl.col("__row").min().over(name).alias("__first"))
                errors.add_frame(rows_where(firsts, present & (pl.col("__row") != pl.col("__first")), file=file, sheet=sheet, column=name,
                                            value=name, message=pl.format("Duplicate identifier: already used on row {}.", pl.col("__first"))))
            if rule.max_length and not (rule.codes and rule.codes.level == "error"):
                errors.add_frame(rows_where(frame, col.str.len_chars() > rule.max_length, file=file, sheet=sheet, column=name,
                                            value=name, message=f"Too long: at most {rule.max_length} characters."))
            errors.add_frame(rows_where(frame, looks_like_formula(col), file=file, sheet=sheet, column=name, value=name,
                                        message="Looks like a spreadsheet formula (starts with '='); formulas are never evaluated, give the value instead."))
            converted.append((_code_check(frame, rule, file, sheet, errors, warnings) if rule.codes else col).alias(name))
        elif c.kind == "date":
            value = text_date(col)
            errors.add_frame(rows_where(frame, present & value.is_null(), file=file, sheet=sheet, column=name, value=name,
                                        message=f"Not a real date: expected {DATE_EXPECTED}."))
            converted.append(value.alias(name))
        elif c.kind == "int":
            value = whole_number(text_number(col))
            errors.add_frame(rows_where(frame, present & value.is_null(), file=file, sheet=sheet, column=name, value=name,
                                        message="Not a whole number: expected digits such as 3."))
            converted.append(value.alias(name))
        else:
            value = text_number(col)
            errors.add_frame(rows_where(frame, present & value.is_null(), file=file, sheet=sheet, column=name, value=name,
                                        message="Not a number: expected digits such as 0.8."))
            converted.append(value.alias(name))
    typed = frame.select(pl.col("__row"), *converted)
    return typed.with_columns([pl.col(n).cast(t) for n, t in schema(table).items()])


def empty(table: Table) -> pl.DataFrame:
    return pl.DataFrame(schema={"__row": pl.Int64, **schema(table)})
