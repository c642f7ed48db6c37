"""Reading and validating an Ofsted Annex A workbook into one typed frame per list.

Sheets are recognised by their headers, never their names; headers are
matched tolerantly (annex_a_spec.matches). Cell values are read by calamine
(xlsx.read_workbook) and converted vectorised; every problem names the sheet,
the Excel row, the column as headed in the file, the value and what was expected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from oversight.imports import xlsx
from oversight.imports.annex_a_spec import LISTS, Col, ListSpec, header_text, matches, squash
from oversight.imports.codes import drop_down
from oversight.imports.report import Report, rows_where
from oversight.imports.values import clean, looks_like_formula, number_text, serial_date, text_date, text_number, whole_number

HEADER_SEARCH_ROWS = 20
BEFORE_BIRTH_DAYS = 40 * 7
DISABILITY_CODES = {"MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
_DTYPE = {"D": pl.Date, "I": pl.Int64, "AGE": pl.Float64}


@dataclass
class Found:
    spec: ListSpec
    sheet: xlsx.Sheet
    header_row: int  # 0-based index into sheet.rows
    columns: dict[str, int]  # column key -> 0-based column index
    headers: dict[str, str]  # column key -> header as written in the file


def _match_row(cells: list, spec: ListSpec) -> dict[str, list[int]]:
    hits: dict[str, list[int]] = {}
    for i, value in enumerate(cells):
        text = header_text(value) if isinstance(value, str) else ""
        if not text:
            continue
        exact = [c for c in spec.columns if squash(text) == squash(c.header)]
        for c in exact or [c for c in spec.columns if matches(text, c)]:
            hits.setdefault(c.key, []).append(i)
    return hits


def _recognise_sheet(sheet: xlsx.Sheet):
    for r, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        best = None
        for spec in LISTS:
            hits = _match_row(cells, spec)
            if all(k in hits for k in spec.signature) and (best is None or len(hits) > len(best[1])):
                best = (spec, hits)
        if best:
            return r, best[0]
    return None


def _columns(found_row: int, sheet: xlsx.Sheet, spec: ListSpec, file: str, report: Report) -> Found:
    cells = sheet.rows[found_row]
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    name = f"List {spec.number}"
    for i, value in enumerate(cells):
        text = header_text(value) if value is not None else ""
        if not text:
            has_data = any(i < len(row) and row[i] not in ("", None) for row in sheet.rows[found_row + 1:])
            if has_data:
                report.warnings.add(file, sheet.name, found_row + 1, xlsx.column_letters(i), "",
                                    "This column has no header; it is ignored.")
            continue
        exact = [c for c in spec.columns if squash(text) == squash(c.header)]
        hits = exact or [c for c in spec.columns if matches(text, c)]
        if len(hits) > 1:
            report.errors.add(file, sheet.name, found_row + 1, text, text,
                              f"This header matches two {name} columns ('{hits[0].header}' and '{hits[1].header}'): rename it to one of them.")
            continue
        if not hits:
            report.warnings.add(file, sheet.name, found_row + 1, text, text, f"Not a column of {name} ({spec.title}); it is ignored.")
            continue
        col = hits[0]
        if col.key in columns:
            report.errors.add(file, sheet.name, found_row + 1, text, text,
                              f"Two columns hold '{col.header}' (columns {xlsx.column_letters(columns[col.key])} and {xlsx.column_letters(i)}).")
            continue
        columns[col.key] = i
        headers[col.key] = text
    for col in spec.columns:
        if col.key in columns:
            continue
        if col.blank == "error":
            report.errors.add(file, sheet.name, found_row + 1, col.header, "", f"{name} has no '{col.header}' column, which every row needs.")
        elif not col.optional:
            report.warnings.add(file, sheet.name, found_row + 1, col.header, "", f"{name} has no '{col.header}' column; taken as blank.")
    return Found(spec, sheet, found_row, columns, headers)


def recognise(sheets: list[xlsx.Sheet], file: str, report: Report) -> dict[int, Found]:
    found: dict[int, Found] = {}
    for sheet in sheets:
        hit = _recognise_sheet(sheet)
        if hit is None:
            if any(any(v not in ("", None) for v in row) for row in sheet.rows[:HEADER_SEARCH_ROWS]):
                report.warnings.add(file, sheet.name, None, "", "", "Not recognised as an Annex A list (no row of its headers found); ignored.")
            continue
        row, spec = hit
        if spec.number in found:
            report.errors.add(file, sheet.name, row + 1, "", "",
                              f"Both sheet '{found[spec.number].sheet.name}' and this sheet look like List {spec.number} ({spec.title}).")
            continue
        found[spec.number] = _columns(row, sheet, spec, file, report)
    if not found and not report.errors:
        report.errors.add(file, "", None, "", "", "No Annex A list found: no sheet has the headers of any of the 11 lists.")
    for spec in LISTS:
        if spec.number not in found:
            report.warnings.add(file, "", None, "", "", f"List {spec.number} ({spec.title}) is not in the workbook: its part of the data is empty.")
    return found


def _split(values: list) -> tuple[list, list, list]:
    """Cell values into text, number and date columns (calamine gives str, float, int, bool, date, datetime)."""
    text, num, day = [], [], []
    for v in values:
        t = type(v)
        if t is str:
            text.append(v or None), num.append(None), day.append(None)
        elif t is float or t is int:
            text.append(None), num.append(float(v)), day.append(None)
        elif t is dt.date:
            text.append(None), num.append(None), day.append(v)
        elif t is dt.datetime:
            text.append(None), num.append(None), day.append(v.date())
        elif v is None:
            text.append(None), num.append(None), day.append(None)
        else:  # bool, time of day, duration
            text.append(str(v).lower() if t is bool else str(v)), num.append(None), day.append(None)
    return text, num, day


def _raw_frame(found: Found) -> pl.DataFrame:
    data = found.sheet.rows[found.header_row + 1:]
    series = [pl.Series("__row", range(found.header_row + 2, found.header_row + 2 + len(data)), dtype=pl.Int64)]
    for key, i in found.columns.items():
        text, num, day = _split([row[i] if i < len(row) else None for row in data])
        series += [pl.Series(key, text, dtype=pl.String), pl.Series(f"{key}__n", num, dtype=pl.Float64),
                   pl.Series(f"{key}__d", day, dtype=pl.Date)]
    frame = pl.DataFrame(series)
    shows = [pl.coalesce(clean(pl.col(k)), number_text(pl.col(f"{k}__n")), pl.col(f"{k}__d").cast(pl.String)).alias(f"{k}__s")
             for k in found.columns]
    frame = frame.with_columns(shows)
    if found.columns:
        frame = frame.filter(~pl.all_horizontal([pl.col(f"{k}__s").is_null() for k in found.columns]))
    return frame


def _value(col: Col) -> tuple[pl.Expr, str]:
    """The converted value of a column, and what was expected when it is null for a non-blank cell."""
    k = col.key
    show, text, num, day = pl.col(f"{k}__s"), clean(pl.col(k)), pl.col(f"{k}__n"), pl.col(f"{k}__d")
    if col.kind == "S":
        return show, ""
    if col.kind == "D":
        return pl.coalesce(day, serial_date(num), text_date(text)), "Not a real date: expected a date cell or text such as 31/03/2024."
    if col.kind == "I":
        n = whole_number(pl.coalesce(num, text_number(text)))
        return pl.when(n >= 0).then(n).otherwise(None), "Not a whole number of 0 or more."
    if col.kind == "AGE":
        n = pl.coalesce(num, text_number(text))
        return pl.when(n >= 0).then(n.floor()).otherwise(None), "Not an age in years (a number of 0 or more)."
    if col.kind == "DIS":
        code = show.str.strip_chars().str.to_uppercase()
        flag = pl.when(code.is_in(list(DISABILITY_CODES))).then(pl.lit("Y")).when(code == "NONE").then(pl.lit("N")) \
            .when(code.is_in(["NOBT", "REFU"])).then(pl.lit("U")).otherwise(drop_down("YNU").convert(show))
        return flag, f"Not {drop_down('YNU').expected()} (or a CIN disability code such as AUT)."
    dd = drop_down(col.kind)
    return dd.convert(show), f"Not {dd.expected()}."


def _check_list(found: Found, file: str, as_at: dt.date, report: Report) -> pl.DataFrame:
    spec, sheet = found.spec, found.sheet.name
    errors, warnings = report.errors, report.warnings
    frame = _raw_frame(found)
    values = []
    for col in spec.columns:
        if col.key in found.columns:
            expr, _ = _value(col)
            values.append(expr.alias(f"{col.key}__v"))
    frame = frame.with_columns(values)
    where = dict(file=file, sheet=sheet)
    for col in spec.columns:
        if col.key not in found.columns:
            continue
        header, show, value = found.headers[col.key], pl.col(f"{col.key}__s"), pl.col(f"{col.key}__v")
        at = dict(where, column=header, value=f"{col.key}__s")
        _, expected = _value(col)
        if expected:
            errors.add_frame(rows_where(frame, show.is_not_null() & value.is_null(), message=expected, **at))
        if col.kind == "S":
            errors.add_frame(rows_where(frame, looks_like_formula(show), message="Looks like a formula (starts with '='): give the value itself.", **at))
            if col.max_length:
                errors.add_frame(rows_where(frame, show.str.len_chars() > col.max_length, message=f"Too long: at most {col.max_length} characters.", **at))
            errors.add_frame(rows_where(frame, show.str.to_uppercase().is_in(["#N/A", "#REF!", "#VALUE!", "#NAME?", "#DIV/0!"]),
                                        message="A spreadsheet error value, not data: give the real value or leave it blank.", **at))
        if col.blank == "error":
            errors.add_frame(rows_where(frame, show.is_null(), message=f"Blank: every row of List {spec.number} needs '{col.header}'.", **at))
        elif col.blank == "warn":
            blank = frame.filter(show.is_null())
            if blank.height:
                warnings.add_frame(rows_where(blank.head(1), pl.lit(True), message=f"Blank in {blank.height} row(s) (this is the first); the template expects a value.", **at))
        if col.kind == "D":
            errors.add_frame(rows_where(frame, value > as_at, message=f"After the extract date ({as_at.isoformat()}).", **at))
    _cell_oddities(found, file, report)
    _cross_checks(frame, found, file, report)
    typed = frame.select(
        pl.col("__row"),
        *[(pl.col(f"{c.key}__v") if c.key in found.columns else pl.lit(None)).cast(_DTYPE.get(c.kind, pl.String)).alias(c.key)
          for c in spec.columns],
    )
    if "disability" in found.columns and spec.col("disability").kind == "DIS":
        code = pl.col("disability__s").str.strip_chars().str.to_uppercase()
        typed = typed.with_columns(frame.select(pl.when(code.is_in(list(DISABILITY_CODES | {"NONE"}))).then(code).otherwise(None)
                                                .alias("disability_code")).to_series())
    return typed


def _cell_oddities(found: Found, file: str, report: Report) -> None:
    by_index = {i: key for key, i in found.columns.items()}
    for row, col_index, kind, shown in found.sheet.oddities:
        header = found.headers.get(by_index.get(col_index, ""), xlsx.column_letters(col_index))
        cell = f"{xlsx.column_letters(col_index)}{row}"
        if kind == "formula":
            report.errors.add(file, found.sheet.name, row, header, cell,
                              f"Cell {cell} holds a formula. Formulas are never evaluated: paste the values instead.")
        elif row > found.header_row + 1 and col_index in by_index:
            report.errors.add(file, found.sheet.name, row, header, shown,
                              f"Cell {cell} holds the spreadsheet error {shown}, not data: give the real value or leave it blank.")


def _cross_checks(frame: pl.DataFrame, found: Found, file: str, report: Report) -> None:
    spec, sheet, errors = found.spec, found.sheet.name, report.errors
    keys = [k for k in spec.natural_key if k in found.columns]
    if keys and spec.natural_key[0] in found.columns:
        key_exprs = [pl.col(f"{k}__v") for k in keys]
        firsts = frame.with_columns(pl.col("__row").min().over(key_exprs).alias("__first"))
        complete = pl.all_horizontal([e.is_not_null() for e in key_exprs[:2]])
        names = " and ".join(f"'{found.headers[k]}'" for k in keys)
        errors.add_frame(rows_where(firsts, complete & (pl.col("__row") != pl.col("__first")), file=file, sheet=sheet,
                                    column=found.headers[keys[0]], value=f"{keys[0]}__s",
                                    message=pl.format(f"Repeats row {{}}: the same {names}.", pl.col("__first"))))
    if spec.number <= 10 and "dob" in found.columns:
        earliest = pl.col("dob__v") - pl.duration(days=BEFORE_BIRTH_DAYS)
        for col in spec.columns:
            if col.kind == "D" and col.key != "dob" and col.key in found.columns:
                errors.add_frame(rows_where(frame, pl.col(f"{col.key}__v") < earliest, file=file, sheet=sheet,
                                            column=found.headers[col.key], value=f"{col.key}__s",
                                            message="More than 40 weeks before the child's date of birth."))
    for start, end in spec.periods:
        if start in found.columns and end in found.columns:
            errors.add_frame(rows_where(frame, pl.col(f"{end}__v") < pl.col(f"{start}__v"), file=file, sheet=sheet,
                                        column=found.headers[end], value=f"{end}__s",
                                        message=f"Ends before it starts: earlier than '{found.headers[start]}' on this row."))


def read(data: bytes, file: str, as_at: dt.date, report: Report) -> dict[int, pl.DataFrame]:
    """List number -> typed frame (column keys of annex_a_spec, plus `__row`)."""
    try:
        sheets = xlsx.read_workbook(data, file)
    except xlsx.WorkbookError as exc:
        report.errors.add(file, "", None, "", "", str(exc))
        return {}
    found = recognise(sheets, file, report)
    out = {}
    for number, f in sorted(found.items()):
        out[number] = _check_list(f, file, as_at, report)
        report.lists[f"List {number}"] = out[number].height
    return out

