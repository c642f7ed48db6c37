"""Turning imported text into values, vectorised. Nothing is ever evaluated.

A conversion gives null where the text is not a value of the kind wanted;
callers compare with the raw text to report those rows.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
# The date forms council exports use, always day first (UK), optionally followed by a time of day:
# 2024-03-31, 2024/03/31; 31/03/2024, 31-03-2024, 31.03.2024, 31/03/24; 4 March 2024, 04-Mar-2024.
_YMD = r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME
_DMY = r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})" + _TIME
_DMONY = r"^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4}|\d{2})" + _TIME
MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}
# The ISO and dd/mm/yyyy forms only, for readers of single cells (audits.importer).
DATE_TEXT = (
    r"^(\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{4})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
DATE_EXPECTED = "a date such as 2024-03-31, 31/03/2024 or 31 Mar 2024 (a time after it is allowed)"
BLANK_SPELLINGS = ["null", "n/a", "-"]
EXCEL_EPOCH = dt.date(1899, 12, 30)
# The earliest date an import accepts: year 0 crashed PostgreSQL, and years 1 to 1899 in
# children's records are typing slips or placeholders, never events. One rule for every importer.
EARLIEST_DATE = dt.date(1900, 1, 1)
TOO_EARLY = "Before 1900: not a date a child's record can hold (a typing slip or a placeholder?)."
# Excel's own limits: serial 1 is 1900-01-01, 2958465 is 9999-12-31.
EXCEL_SERIAL_MAX = 2958465


def clean(expr: pl.Expr) -> pl.Expr:
    """Trim text (Unicode white space, so no-break spaces too); empty, and the blank spellings
    of SQL Server tools and spreadsheets (NULL, N/A, n/a, -), become null."""
    text = expr.str.strip_chars()
    return pl.when((text == "") | text.str.to_lowercase().is_in(BLANK_SPELLINGS)).then(None).otherwise(text)


def _year(two_or_four: pl.Expr, as_at: dt.date) -> pl.Expr:
    """A two-digit year is the most recent year ending in those digits that is not after the as-at year."""
    y = two_or_four.cast(pl.Int32, strict=False)
    recent = as_at.year - ((as_at.year - y) % 100)
    return pl.when(two_or_four.str.len_chars() == 2).then(recent).otherwise(y)


def _iso(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    return pl.format(
        "{}-{}-{}",
        y.cast(pl.String).str.zfill(4),
        m.cast(pl.String).str.zfill(2),
        d.cast(pl.String).str.zfill(2),
    ).str.to_date("%Y-%m-%d", strict=False)


def text_date(expr: pl.Expr, as_at: dt.date | None = None) -> pl.Expr:
    """A date written as text in any of the forms above (day first); null if it is none or not a real date."""
    as_at = as_at or dt.date.today()
    ymd = expr.str.extract_groups(_YMD).struct
    dmy = expr.str.extract_groups(_DMY).struct
    dmony = expr.str.extract_groups(_DMONY).struct
    month = dmony.field("2").str.to_lowercase().replace_strict(MONTHS, default=None, return_dtype=pl.Int32)
    return pl.coalesce(
        _iso(ymd.field("1"), ymd.field("2"), ymd.field("3")),
        _iso(_year(dmy.field("3"), as_at), dmy.field("2"), dmy.field("1")),
        _iso(_year(dmony.field("3"), as_at), month, dmony.field("1")),
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
