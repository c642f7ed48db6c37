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
from oversight.imports.annex_a_spec import LISTS, NOT_LOADED, Col, ListSpec, columns_for, header_text
from oversight.imports.codes import drop_down
from oversight.imports.report import Checks, Problems, Report, rows_where, settle
from oversight.imports.values import (
    EARLIEST_DATE,
    TOO_EARLY,
    clean,
    looks_like_formula,
    number_text,
    serial_date,
    text_date,
    text_number,
    whole_number,
)

HEADER_SEARCH_ROWS = 20
MAX_IGNORED_REPORTED = 50
BEFORE_BIRTH_DAYS = 40 * 7
SPREADSHEET_ERRORS = ["#N/A", "#REF!", "#VALUE!", "#NAME?", "#DIV/0!", "#NULL!", "#NUM!"]
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
        if isinstance(value, str) and len(value) < 300:
            for c in columns_for(value, spec):
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
    ignored = 0
    for i, value in enumerate(cells):
        text = header_text(value) if value is not None else ""
        if not text:
            has_data = any(i < len(row) and row[i] not in ("", None) for row in sheet.rows[found_row + 1 :])
            if has_data:
                report.warnings.add(
                    file,
                    sheet.name,
                    found_row + 1,
                    xlsx.column_letters(i),
                    "",
                    "This column has no header; it is ignored.",
                )
            continue
        hits = columns_for(text, spec)
        if len(hits) > 1:
            report.errors.add(
                file,
                sheet.name,
                found_row + 1,
                text,
                text,
                f"This header matches two {name} columns ('{hits[0].header}' and '{hits[1].header}'): rename it to one of them.",
            )
            continue
        if not hits:
            ignored += 1
            if ignored <= MAX_IGNORED_REPORTED:
                report.warnings.add(
                    file,
                    sheet.name,
                    found_row + 1,
                    text,
                    text,
                    f"Not a column of {name} ({spec.title}); it is ignored.",
                )
            continue
        col = hits[0]
        if col.key in columns:
            report.errors.add(
                file,
                sheet.name,
                found_row + 1,
                text,
                text,
                f"Two columns hold '{col.header}' (columns {xlsx.column_letters(columns[col.key])} and {xlsx.column_letters(i)}).",
            )
            continue
        columns[col.key] = i
        headers[col.key] = str(value).replace("\u00a0", " ").strip()
    if ignored > MAX_IGNORED_REPORTED:
        report.warnings.add(
            file,
            sheet.name,
            found_row + 1,
            "",
            "",
            f"…and {ignored - MAX_IGNORED_REPORTED} more columns not in {name}, ignored.",
        )
    for col in spec.columns:
        if col.key in columns:
            continue
        if col.blank == "error":
            report.errors.add(
                file,
                sheet.name,
                found_row + 1,
                col.header,
                "",
                f"{name} has no '{col.header}' column, which every row needs.",
            )
        elif not col.optional:
            report.warnings.add(
                file, sheet.name, found_row + 1, col.header, "", f"{name} has no '{col.header}' column; taken as blank."
            )
    return Found(spec, sheet, found_row, columns, headers)


def recognise(sheets: list[xlsx.Sheet], file: str, report: Report) -> dict[int, Found]:
    found: dict[int, Found] = {}
    for sheet in sheets:
        hit = _recognise_sheet(sheet)
        if hit is None:
            if any(any(v not in ("", None) for v in row) for row in sheet.rows[:HEADER_SEARCH_ROWS]):
                report.warnings.add(
                    file,
                    sheet.name,
                    None,
                    "",
                    "",
                    "Not recognised as an Annex A list (no row of its headers found); ignored.",
                )
            continue
        row, spec = hit
        if spec.number in found:
            report.errors.add(
                file,
                sheet.name,
                row + 1,
                "",
                "",
                f"Both sheet '{found[spec.number].sheet.name}' and this sheet look like List {spec.number} ({spec.title}).",
            )
            continue
        found[spec.number] = _columns(row, sheet, spec, file, report)
    if not found and not report.errors:
        report.errors.add(
            file, "", None, "", "", "No Annex A list found: no sheet has the headers of any of the 11 lists."
        )
    for spec in LISTS:
        if spec.number not in found:
            report.warnings.add(
                file,
                "",
                None,
                "",
                "",
                f"List {spec.number} ({spec.title}) is not in the workbook: its part of the data is empty.",
            )
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
    data = found.sheet.rows[found.header_row + 1 :]
    series = [pl.Series("__row", range(found.header_row + 2, found.header_row + 2 + len(data)), dtype=pl.Int64)]
    for key, i in found.columns.items():
        text, num, day = _split([row[i] if i < len(row) else None for row in data])
        series += [
            pl.Series(key, text, dtype=pl.String),
            pl.Series(f"{key}__n", num, dtype=pl.Float64),
            pl.Series(f"{key}__d", day, dtype=pl.Date),
        ]
    frame = pl.DataFrame(series)
    shows = [
        pl.coalesce(clean(pl.col(k)), number_text(pl.col(f"{k}__n")), pl.col(f"{k}__d").cast(pl.String)).alias(
            f"{k}__s"
        )
        for k in found.columns
    ]
    frame = frame.with_columns(shows)
    if found.columns:
        frame = frame.filter(~pl.all_horizontal([pl.col(f"{k}__s").is_null() for k in found.columns]))
    return frame


def _value(col: Col, as_at: dt.date) -> tuple[pl.Expr, str]:
    """The converted value of a column, and what was expected when it is null for a non-blank cell."""
    k = col.key
    show, text, num, day = pl.col(f"{k}__s"), clean(pl.col(k)), pl.col(f"{k}__n"), pl.col(f"{k}__d")
    if col.kind == "S":
        return show, ""
    if col.kind == "D":
        return pl.coalesce(
            day, serial_date(num), text_date(text, as_at)
        ), "Not a real date: expected a date cell or text such as 31/03/2024 or 31 Mar 2024."
    if col.kind == "I":
        n = whole_number(pl.coalesce(num, text_number(text)))
        return pl.when(n >= 0).then(n).otherwise(None), "Not a whole number of 0 or more."
    if col.kind == "AGE":
        n = pl.coalesce(num, text_number(text))
        return pl.when(n >= 0).then(n.floor()).otherwise(None), "Not an age in years (a number of 0 or more)."
    if col.kind == "DIS":
        code = show.str.strip_chars().str.to_uppercase()
        flag = (
            pl.when(code.is_in(list(DISABILITY_CODES)))
            .then(pl.lit("Y"))
            .when(code == "NONE")
            .then(pl.lit("N"))
            .when(code.is_in(["NOBT", "REFU"]))
            .then(pl.lit("U"))
            .otherwise(drop_down("YNU").convert(show))
        )
        return flag, f"Not {drop_down('YNU').expected()} (or a CIN disability code such as AUT)."
    dd = drop_down(col.kind)
    return dd.convert(show), f"Not {dd.expected()}."


def _check_list(found: Found, file: str, as_at: dt.date, report: Report) -> pl.DataFrame:
    spec, sheet = found.spec, found.sheet.name
    frame = _raw_frame(found)
    present = [c for c in spec.columns if c.key in found.columns and c.key not in NOT_LOADED]
    frame = _spreadsheet_error_text(frame, found, present, file, report)
    frame = frame.with_columns([_value(c, as_at)[0].alias(f"{c.key}__v") for c in present])
    checks = Checks(file, sheet)
    warn_blank = []
    for col in present:
        header, show, value, shown = (
            found.headers[col.key],
            pl.col(f"{col.key}__s"),
            pl.col(f"{col.key}__v"),
            f"{col.key}__s",
        )
        _, expected = _value(col, as_at)
        if expected:
            checks.add(show.is_not_null() & value.is_null(), header, shown, expected, cell=col.key)
        if col.kind == "S":
            checks.add(
                looks_like_formula(show),
                header,
                shown,
                "Looks like a formula (starts with '='): give the value itself.",
                cell=col.key,
            )
            if col.max_length:
                checks.add(
                    show.str.len_chars() > col.max_length,
                    header,
                    shown,
                    f"Too long: at most {col.max_length} characters.",
                    cell=None if col.blank == "error" else col.key,
                )
        if col.blank == "error":
            checks.add(show.is_null(), header, shown, f"Blank: every row of List {spec.number} needs '{col.header}'.")
        elif col.blank == "warn":
            warn_blank.append(col)
        if col.kind == "D":
            checks.add(value > as_at, header, shown, f"After the extract date ({as_at.isoformat()}).", cell=col.key)
            checks.add(value < EARLIEST_DATE, header, shown, TOO_EARLY, cell=col.key)
    _cross_checks(frame, found, checks)
    problems = Problems()
    checks.run(frame, problems)
    required = frozenset(c.key for c in present if c.blank == "error")
    frame = settle(problems, frame, report.errors, report.warnings, report.blanking, "{}__v", required)
    _warn_blanks(frame, found, warn_blank, file, report)
    _cell_oddities(found, file, report)
    _repeated_rows(frame, found, file, report)
    typed = frame.select(
        pl.col("__row"),
        *[
            (pl.col(f"{c.key}__v") if c.key in found.columns and c.key not in NOT_LOADED else pl.lit(None))
            .cast(_DTYPE.get(c.kind, pl.String))
            .alias(c.key)
            for c in spec.columns
        ],
    )
    if "disability" in found.columns and spec.col("disability").kind == "DIS":
        code = pl.col("disability__s").str.strip_chars().str.to_uppercase()
        typed = typed.with_columns(
            frame.select(
                pl.when(code.is_in(list(DISABILITY_CODES | {"NONE"})) & pl.col("disability__v").is_not_null())
                .then(code)
                .otherwise(None)
                .alias("disability_code")
            ).to_series()
        )
    return typed


def _warn_blanks(frame: pl.DataFrame, found: Found, cols: list[Col], file: str, report: Report) -> None:
    """One warning per column the template requires that has blanks, naming the first."""
    if not cols or not frame.height:
        return
    stats = frame.select(
        [pl.col(f"{c.key}__s").is_null().sum().alias(c.key) for c in cols]
        + [pl.col("__row").filter(pl.col(f"{c.key}__s").is_null()).min().alias(f"{c.key}__first") for c in cols]
    ).row(0, named=True)
    for c in cols:
        if stats[c.key]:
            report.warnings.add(
                file,
                found.sheet.name,
                stats[f"{c.key}__first"],
                found.headers[c.key],
                "",
                f"Blank in {stats[c.key]} row(s) (this is the first); the template expects a value.",
            )


def _cell_oddities(found: Found, file: str, report: Report) -> None:
    """Formulas with no stored value and error cells read as blank: a warning, unless the column identifies the row."""
    by_index = {i: key for key, i in found.columns.items() if key not in NOT_LOADED}
    for row, col_index, kind, shown in found.sheet.oddities:
        if row <= found.header_row + 1 or col_index not in by_index:
            continue
        col = found.spec.col(by_index[col_index])
        header = found.headers[col.key]
        cell = f"{xlsx.column_letters(col_index)}{row}"
        if kind == "formula":
            report.warnings.add(
                file,
                found.sheet.name,
                row,
                header,
                cell,
                f"Cell {cell} holds a formula with no stored value (the workbook was not recalculated before saving): read as blank.",
            )
        elif col.blank == "error":
            report.errors.add(
                file,
                found.sheet.name,
                row,
                header,
                shown,
                f"Cell {cell} holds the spreadsheet error {shown}, and every row needs '{col.header}': give the real value.",
            )
        else:
            report.warnings.add(
                file,
                found.sheet.name,
                row,
                header,
                shown,
                f"Cell {cell} holds the spreadsheet error {shown}: read as blank.",
            )


def _spreadsheet_error_text(frame: pl.DataFrame, found: Found, present: list[Col], file: str, report: Report):
    """Error values typed as text (a sheet pasted as values keeps '#N/A'): blank, warned; an error in a key column."""
    keys = [
        c.key
        for c in present
        if frame.select(pl.col(f"{c.key}__s").str.to_uppercase().is_in(SPREADSHEET_ERRORS).any()).item()
    ]
    for key in keys:
        col = found.spec.col(key)
        odd = pl.col(f"{key}__s").str.to_uppercase().is_in(SPREADSHEET_ERRORS)
        target = report.errors if col.blank == "error" else report.warnings
        message = (
            f"A spreadsheet error value, and every row needs '{col.header}': give the real value."
            if col.blank == "error"
            else "A spreadsheet error value, not data: read as blank."
        )
        target.add_frame(
            rows_where(
                frame,
                odd,
                file=file,
                sheet=found.sheet.name,
                column=found.headers[key],
                value=f"{key}__s",
                message=message,
            )
        )
        if col.blank != "error":
            frame = frame.with_columns(
                [
                    pl.when(odd).then(None).otherwise(pl.col(c)).alias(c)
                    for c in (key, f"{key}__s", f"{key}__n", f"{key}__d")
                ]
            )
    return frame


def _repeated_rows(frame: pl.DataFrame, found: Found, file: str, report: Report) -> None:
    spec = found.spec
    keys = [k for k in spec.natural_key if k in found.columns]
    if not keys or spec.natural_key[0] not in found.columns:
        return
    key_cols = [f"{k}__v" for k in keys]
    complete = pl.all_horizontal([pl.col(c).is_not_null() for c in key_cols[:2]])
    repeated = frame.filter(complete & pl.struct(key_cols).is_duplicated())
    if not repeated.height:
        return
    repeated = repeated.with_columns(pl.col("__row").min().over(key_cols).alias("__first")).filter(
        pl.col("__row") != pl.col("__first")
    )
    names = " and ".join(f"'{found.headers[k]}'" for k in keys)
    report.errors.add_frame(
        rows_where(
            repeated,
            pl.lit(True),
            file=file,
            sheet=found.sheet.name,
            column=found.headers[keys[0]],
            value=f"{keys[0]}__s",
            message=pl.format(f"Repeats row {{}}: the same {names}.", pl.col("__first")),
        )
    )


def _cross_checks(frame: pl.DataFrame, found: Found, checks: Checks) -> None:
    spec = found.spec
    if spec.number <= 10 and "dob" in found.columns:
        earliest = pl.col("dob__v") - pl.duration(days=BEFORE_BIRTH_DAYS)
        for col in spec.columns:
            if col.kind == "D" and col.key != "dob" and col.key in found.columns:
                checks.add(
                    pl.col(f"{col.key}__v") < earliest,
                    found.headers[col.key],
                    f"{col.key}__s",
                    "More than 40 weeks before the child's date of birth.",
                    cell=col.key,
                )
    for start, end in spec.periods:
        if start in found.columns and end in found.columns:
            checks.add(
                pl.col(f"{end}__v") < pl.col(f"{start}__v"),
                found.headers[end],
                f"{end}__s",
                f"Ends before it starts: earlier than '{found.headers[start]}' on this row.",
                cell=end,
            )


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
