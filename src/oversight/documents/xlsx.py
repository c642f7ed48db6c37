"""xlsx workbooks for people: one sheet per table, figures as values, text made formula-safe.

openpyxl's normal (not write-only) mode is used on purpose: it records each
sheet's dimension, which some readers of Annex A and other workbooks trust.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from oversight.documents.cells import neutralise

MAX_SHEET_TITLE = 31


def workbook(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]],
    date_format: str | None = None,
    header_fill: str | None = None,
    wrap_header: bool = False,
) -> bytes:
    """An xlsx file of SHEETS, each (title, header, rows). Titles are cut to Excel's 31 characters.

    DATE_FORMAT (e.g. "DD/MM/YYYY") is the number format of date cells; HEADER_FILL an
    RGB colour for the header row, which WRAP_HEADER wraps (long template headers).
    """
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=_title(title))
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            if header_fill:
                cell.fill = PatternFill("solid", start_color=header_fill, end_color=header_fill)
            if wrap_header:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r, row in enumerate(rows, start=2):
            sheet.append([neutralise(v) for v in row])
            if date_format:
                for i, v in enumerate(row, start=1):
                    if isinstance(v, dt.date):
                        sheet.cell(r, i).number_format = date_format
        sheet.freeze_panes = "A2"
    if not book.worksheets:
        book.create_sheet("Empty")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:MAX_SHEET_TITLE] or "Sheet"


# ---- large tables ------------------------------------------------------------------------------

# Text XML 1.0 cannot hold at all (a spreadsheet would refuse the file).
_XML_ILLEGAL = r"[\x00-\x08\x0B\x0C\x0E-\x1F]"
_EXCEL_DAYS_AT_1970 = 25569  # the Excel serial number of 1970-01-01
_PROBE = dt.date(2000, 1, 1)


def frames_workbook(
    sheets: Sequence[tuple[str, Sequence[str], pl.DataFrame]],
    date_format: str = "DD/MM/YYYY",
    header_fill: str | None = None,
    wrap_header: bool = False,
) -> bytes:
    """An xlsx file of polars frames, for tables too large to write cell by cell (an Annex A of 100,000 rows).

    openpyxl, in normal mode, makes the workbook, its styles and each header row;
    the data rows are then written into each sheet's XML in one vectorised pass
    (text made formula-safe as `neutralise` does, dates as Excel dates in
    DATE_FORMAT), and each sheet's dimension is set to its true extent, so
    readers that trust the dimension see every row.
    """
    book = Workbook()
    book.remove(book.active)
    for title, header, _frame in sheets:
        sheet = book.create_sheet(title=_title(title))
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            if header_fill:
                cell.fill = PatternFill("solid", start_color=header_fill, end_color=header_fill)
            if wrap_header:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        # A probe date cell gives the style id openpyxl assigns to the date format; it is replaced below.
        sheet.cell(2, 1, value=_PROBE).number_format = date_format
        sheet.freeze_panes = "A2"
    if not book.worksheets:
        book.create_sheet("Empty")
    raw = io.BytesIO()
    book.save(raw)
    return _fill_sheets(raw.getvalue(), [(list(h), f) for _t, h, f in sheets])


def _fill_sheets(skeleton: bytes, sheets: list[tuple[list[str], pl.DataFrame]]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(skeleton))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if match and int(match.group(1)) <= len(sheets):
                header, frame = sheets[int(match.group(1)) - 1]
                data = _sheet_xml(data.decode("utf-8"), header, frame).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def _sheet_xml(xml: str, header: list[str], frame: pl.DataFrame) -> str:
    probe = re.search(r'<row r="2"[^>]*>.*?</row>', xml, re.S)
    style = re.search(r'<c r="A2"[^>]* s="(\d+)"', xml)
    date_style = style.group(1) if style else "0"
    rows = _rows_xml(frame, date_style) if frame.height else ""
    xml = xml[: probe.start()] + rows + xml[probe.end() :]
    last = f"{column_letters(max(len(header), 1) - 1)}{frame.height + 1}"
    return re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{last}"/>', xml, count=1)


def column_letters(index: int) -> str:
    out, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _text(expr: pl.Expr) -> pl.Expr:
    text = expr.cast(pl.String).str.replace_all(_XML_ILLEGAL, "")
    risky = pl.lit(False)
    for trigger in ("=", "+", "-", "@", "\t", "\r"):
        risky = risky | text.str.starts_with(trigger)
    text = pl.when(risky).then(pl.lit("'") + text).otherwise(text)
    return (
        text.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _rows_xml(frame: pl.DataFrame, date_style: str) -> str:
    row = pl.int_range(2, frame.height + 2, eager=False).cast(pl.String)
    cells = []
    for i, (name, dtype) in enumerate(frame.schema.items()):
        ref = pl.concat_str([pl.lit(f'<c r="{column_letters(i)}'), row])
        col = pl.col(name)
        if dtype == pl.Date:
            body = pl.concat_str(
                [ref, pl.lit(f'" s="{date_style}"><v>'), (col.cast(pl.Int32) + _EXCEL_DAYS_AT_1970).cast(pl.String)]
            ) + pl.lit("</v></c>")
        elif dtype.is_numeric():
            body = pl.concat_str([ref, pl.lit('"><v>'), col.cast(pl.String), pl.lit("</v></c>")])
        elif dtype == pl.Boolean:
            body = pl.concat_str([ref, pl.lit('" t="b"><v>'), col.cast(pl.Int8).cast(pl.String), pl.lit("</v></c>")])
        else:
            body = pl.concat_str(
                [ref, pl.lit('" t="inlineStr"><is><t xml:space="preserve">'), _text(col), pl.lit("</t></is></c>")]
            )
        cells.append(pl.when(col.is_null()).then(pl.lit("")).otherwise(body))
    xml = frame.select(
        pl.concat_str([pl.lit('<row r="'), row, pl.lit('">'), *cells, pl.lit("</row>")]).alias("x")
    ).get_column("x")
    return xml.str.join("").item()
