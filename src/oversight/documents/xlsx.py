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


SST = "xl/sharedStrings.xml"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_HEADER_CELL = re.compile(r'<c r="([A-Z]+1)"([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', re.S)


def _fill_sheets(skeleton: bytes, sheets: list[tuple[list[str], pl.DataFrame]]) -> bytes:
    """SKELETON (openpyxl's workbook) with each sheet's rows written in, and all text as shared strings.

    Text goes in the shared-strings table, as Excel writes it: some readers
    know no inline strings. openpyxl writes its header cells inline; they are
    moved into the table too (or, where openpyxl made a table, rows are
    numbered after its entries).
    """
    src = zipfile.ZipFile(io.BytesIO(skeleton))
    names = set(src.namelist())
    own = src.read(SST).decode("utf-8") if SST in names else None
    sheet_parts = {f"xl/worksheets/sheet{n}.xml": n - 1 for n in range(1, len(sheets) + 1)}
    xml = {name: src.read(name).decode("utf-8") for name in sheet_parts if name in names}
    headers = [] if own is not None else [m.group(3) for name in xml for m in _HEADER_CELL.finditer(_row1(xml[name]))]
    sheets = [(header, _escaped(frame)) for header, frame in sheets]
    strings = _shared_strings(headers, sheets, own.count("<si>") if own is not None else 0)
    heads = strings.filter(pl.col("text").is_in(headers))
    index = dict(zip(heads["text"], heads["index"], strict=True))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in xml:
                header, frame = sheets[sheet_parts[info.filename]]
                text = _shared_header(xml[info.filename], index)
                data = _sheet_xml(text, header, frame, strings).encode("utf-8")
            elif info.filename == SST:
                data = _sst_xml(own, strings).encode("utf-8")
            elif info.filename == "[Content_Types].xml" and own is None:
                part = f'<Override PartName="/{SST}" ContentType="{_SST_TYPE}"/>'
                data = data.decode("utf-8").replace("</Types>", part + "</Types>").encode("utf-8")
            elif info.filename == "xl/_rels/workbook.xml.rels" and own is None:
                rel = f'<Relationship Id="rIdOversightSst" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
                data = data.decode("utf-8").replace("</Relationships>", rel + "</Relationships>").encode("utf-8")
            dst.writestr(info, data)
        if own is None:
            empty = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="0"></sst>'
            dst.writestr(SST, _sst_xml(empty, strings))
    return out.getvalue()


def _row1(xml: str) -> str:
    found = re.search(r'<row r="1"[^>]*>.*?</row>', xml, re.S)
    return found.group(0) if found else ""


def _shared_header(xml: str, index: dict[str, int]) -> str:
    """The header row's inline strings as shared ones (INDEX: escaped text -> position); as it is without INDEX."""
    if not index:
        return xml
    row = _row1(xml)
    shared = _HEADER_CELL.sub(lambda m: f'<c r="{m.group(1)}"{m.group(2)} t="s"><v>{index[m.group(3)]}</v></c>', row)
    return xml.replace(row, shared, 1)


def _string_columns(frame: pl.DataFrame) -> list[str]:
    return [n for n, t in frame.schema.items() if not (t == pl.Date or t.is_numeric() or t == pl.Boolean)]


def _escaped(frame: pl.DataFrame) -> pl.DataFrame:
    """FRAME with its text columns formula-safe and escaped for XML (done once, for the table and the cells)."""
    return frame.with_columns(_text(pl.col(name)).alias(name) for name in _string_columns(frame))


def _shared_strings(headers: list[str], sheets: list[tuple[list[str], pl.DataFrame]], first: int) -> pl.DataFrame:
    """HEADERS and every distinct text of the (escaped) rows, numbered from FIRST in order of appearance."""
    parts = [pl.DataFrame({"text": headers}, schema={"text": pl.String})] + [
        frame.select(pl.col(name).cast(pl.String).alias("text")).drop_nulls()
        for _header, frame in sheets
        for name in _string_columns(frame)
    ]
    return (
        pl.concat(parts)
        .unique("text", maintain_order=True)
        .with_row_index("index", offset=first)
        .select("text", pl.col("index").cast(pl.Int64))
    )


def _sst_xml(xml: str, strings: pl.DataFrame) -> str:
    """The shared-strings part XML with STRINGS appended after any entries it has."""
    items = strings.select(
        (pl.lit('<si><t xml:space="preserve">') + pl.col("text") + pl.lit("</t></si>")).str.join("")
    ).item()
    total = xml.count("<si>") + strings.height
    xml = re.sub(r"<sst([^>]*)/>", r"<sst\1></sst>", xml, count=1)
    xml = re.sub(r'\s(count|uniqueCount)="\d+"', "", xml)
    xml = re.sub(r"<sst([^>]*)>", lambda m: f'<sst{m.group(1)} uniqueCount="{total}">', xml, count=1)
    return xml.replace("</sst>", items + "</sst>")


def _sheet_xml(xml: str, header: list[str], frame: pl.DataFrame, strings: pl.DataFrame | None = None) -> str:
    probe = re.search(r'<row r="2"[^>]*>.*?</row>', xml, re.S)
    style = re.search(r'<c r="A2"[^>]* s="(\d+)"', xml)
    date_style = style.group(1) if style else "0"
    rows = _rows_xml(frame, date_style, strings) if frame.height else ""
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


def _rows_xml(frame: pl.DataFrame, date_style: str, strings: pl.DataFrame | None = None) -> str:
    """The sheet's data rows as XML, from a frame whose text is escaped already (`_escaped`).

    Text is written as its index in STRINGS (shared strings; the index comes
    from an Enum over the table's texts, no join), or inline without STRINGS.
    """
    row = pl.int_range(2, frame.height + 2, eager=False).cast(pl.String)
    if strings is not None:
        table = pl.Enum(strings["text"])
        first = int(strings["index"].min()) if strings.height else 0
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
        elif strings is not None:
            index = (col.cast(pl.String).cast(table).to_physical().cast(pl.Int64) + first).cast(pl.String)
            body = pl.concat_str([ref, pl.lit('" t="s"><v>'), index, pl.lit("</v></c>")])
        else:
            body = pl.concat_str(
                [
                    ref,
                    pl.lit('" t="inlineStr"><is><t xml:space="preserve">'),
                    col.cast(pl.String),
                    pl.lit("</t></is></c>"),
                ]
            )
        cells.append(pl.when(col.is_null()).then(pl.lit("")).otherwise(body))
    xml = frame.select(
        pl.concat_str([pl.lit('<row r="'), row, pl.lit('">'), *cells, pl.lit("</row>")]).alias("x")
    ).get_column("x")
    return xml.str.join("").item()
