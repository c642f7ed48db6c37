"""xlsx workbooks for people: one sheet per table, figures as values, text made formula-safe.

openpyxl's normal (not write-only) mode is used on purpose: it records each
sheet's dimension, which some readers of Annex A and other workbooks trust.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from oversight.documents.cells import neutralise

MAX_SHEET_TITLE = 31


def workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An xlsx file of SHEETS, each (title, header, rows). Titles are cut to Excel's 31 characters."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=_title(title))
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([neutralise(v) for v in row])
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
