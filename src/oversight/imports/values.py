"""Turning imported text into values, vectorised. Nothing is ever evaluated.

A conversion gives null where the text is not a value of the kind wanted;
callers compare with the raw text to report those rows.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

# A date, optionally followed by a time of day and a zone, as CMS extracts write them.
DATE_TEXT = (
    r"^(\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{4})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
DATE_EXPECTED = "a date such as 2024-03-31 or 31/03/2024 (a time after it is allowed)"
EXCEL_EPOCH = dt.date(1899, 12, 30)
# The earliest date an import accepts: year 0 crashed PostgreSQL, and years 1 to 1899 in
# children's records are typing slips or placeholders, never events. One rule for every importer.
EARLIEST_DATE = dt.date(1900, 1, 1)
TOO_EARLY = "Before 1900: not a date a child's record can hold (a typing slip or a placeholder?)."
# Excel's own limits: serial 1 is 1900-01-01, 2958465 is 9999-12-31.
EXCEL_SERIAL_MAX = 2958465


def clean(expr: pl.Expr) -> pl.Expr:
    """Trim text (Unicode white space, so no-break spaces too); empty becomes null."""
    text = expr.str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def text_date(expr: pl.Expr) -> pl.Expr:
    part = expr.str.extract(DATE_TEXT, 1)
    iso = part.str.replace_all("/", "-", literal=True)
    return (
        pl.when(part.str.contains(r"^\d{4}"))
        .then(iso.str.to_date("%Y-%m-%d", strict=False))
        .otherwise(part.str.to_date("%d/%m/%Y", strict=False))
    )


def serial_date(expr: pl.Expr) -> pl.Expr:
    """An Excel date serial (days since 1899-12-30; the time of day is dropped)."""
    whole = expr.floor()
    ok = (whole >= 1) & (whole <= EXCEL_SERIAL_MAX)
    return pl.when(ok).then(pl.lit(EXCEL_EPOCH) + pl.duration(days=whole.cast(pl.Int64))).otherwise(None).cast(pl.Date)


def text_number(expr: pl.Expr) -> pl.Expr:
    # Only plain decimals: no thousands separators, no "1e5", no "inf" or "nan".
    return (
        pl.when(expr.str.contains(r"^[+-]?(\d+\.?\d*|\.\d+)$"))
        .then(expr.cast(pl.Float64, strict=False))
        .otherwise(None)
    )


def whole_number(number: pl.Expr) -> pl.Expr:
    """A float that is a whole number (3.0 counts as 3) as an integer, else null."""
    ok = number.is_not_null() & (number == number.floor()) & (number.abs() < 2**31)
    return pl.when(ok).then(number.cast(pl.Int64, strict=False)).otherwise(None)


def number_text(number: pl.Expr) -> pl.Expr:
    """A spreadsheet number as the text a person would type: 3.0 -> '3', 2.5 -> '2.5'."""
    whole = whole_number(number)
    return pl.when(whole.is_not_null()).then(whole.cast(pl.String)).otherwise(number.cast(pl.String))


def looks_like_formula(expr: pl.Expr) -> pl.Expr:
    return expr.str.starts_with("=")


def normalise(expr: pl.Expr) -> pl.Expr:
    """Text compared tolerantly: curly quotes straightened, spaces collapsed, lower case."""
    return (
        expr.str.replace_all("\u00a0", " ", literal=True)
        .str.replace_all("[\u2018\u2019\u02bc]", "'")
        .str.replace_all("[\u201c\u201d]", '"')
        .str.replace_all("[\u2013\u2014]", "-")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_lowercase()
    )
