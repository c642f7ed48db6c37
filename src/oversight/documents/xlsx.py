"""xlsx workbooks for people: one sheet per table, figures as values, text made formula-safe.

openpyxl's normal (not write-only) mode is used on purpose: it records each
sheet's dimension, which some readers of Annex A and other workbooks trust.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

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
