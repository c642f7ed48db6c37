"""Opening an .xlsx workbook without trusting it.

Before any spreadsheet library sees the file: it must really be a zip holding
an Excel workbook, with no macros, no encryption and no XML entity tricks; its
declared sizes, entry count and compression ratios must be modest (a zip bomb
fails here); and each sheet's true extent is found from its cell references,
because the reader allocates every cell of that extent. A formula cell is read
by the value Excel stored with it (what Excel shows); nothing is ever evaluated.
Formulas with no stored value and error cells (#N/A) are found in the sheet XML
so the caller can say which cells they were. Values are then read with calamine.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import python_calamine

from oversight.config import section
from oversight.imports.csvfile import what_it_is

_ENTITY = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_WIDE_REF = {n: re.compile(rb'\br="([A-Z]{%d})\d+"' % n) for n in (2, 3)}
# A formula whose cell ends with no stored value (<v>) after it.
_FORMULA = re.compile(
    rb"<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_ERROR_CELL = re.compile(rb'\bt="e"')
_CELL_TAG = re.compile(rb'<(?:\w+:)?c\b[^>]*\br="([A-Z]+)(\d+)"[^>]*>')
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b[^>]*>")
_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
MAX_ODDITIES = 200


class WorkbookError(Exception):
    """The file cannot be read safely as a workbook; the message says why."""


@dataclass
class Sheet:
    name: str
    rows: list[list]  # rows[0] is Excel row 1, rows[i][0] column A
    # (Excel row, 0-based column, "formula" (no stored value) | "error", shown value)
    oddities: list[tuple[int, int, str, str]] = field(default_factory=list)


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def column_letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _limits() -> dict:
    cfg = section("imports")
    return {
        "bytes": int(cfg.get("max_workbook_mb", 600)) * 1024 * 1024,
        "entries": int(cfg.get("max_zip_entries", 1000)),
        "ratio": int(cfg.get("max_compression_ratio", 1000)),
        "cells": int(cfg.get("max_sheet_cells", 8_000_000)),
    }


def check_zip(
    zf: zipfile.ZipFile, what: str, max_bytes: int, max_entries: int, max_ratio: int
) -> list[zipfile.ZipInfo]:
    """The archive's entries, after refusing a zip bomb or an encrypted archive."""
    infos = zf.infolist()
    if len(infos) > max_entries:
        raise WorkbookError(f"The {what} holds {len(infos)} files, more than the {max_entries} allowed.")
    total = sum(i.file_size for i in infos)
    if total > max_bytes:
        raise WorkbookError(
            f"The {what} expands to {total // (1024 * 1024)} MB, more than the {max_bytes // (1024 * 1024)} MB allowed "
            "(a zip bomb, or too big to import at once)."
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookError(
                f"The {what} is encrypted or password-protected: remove the password and save it again."
            )
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise WorkbookError(
                f"The {what} has a part ({info.filename[:60]}) compressed more than {max_ratio} to 1, as zip bombs are; it was not opened."
            )
    return infos


def _declares_entities(data: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration, whatever the part's encoding.

    XML may be UTF-16 or UTF-32 (with or without a byte-order mark), where the
    ASCII of `<!DOCTYPE` is spread over two or four bytes: dropping the NUL
    bytes brings it together again (a UTF-8 part has no NUL bytes to drop).
    """
    if b"\x00" in data[:4096] or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.replace(b"\x00", b"")
    return bool(_ENTITY.search(data[:4096]) or (b"<!" in data and _ENTITY.search(data)))


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        data = zf.read(name)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise WorkbookError(f"The workbook is damaged: part {name[:60]} cannot be read ({type(exc).__name__}).")
    if _declares_entities(data):
        raise WorkbookError(
            f"The workbook's part {name[:60]} declares XML entities (a DOCTYPE); such files are refused."
        )
    return data


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode("ascii", "replace"): html.unescape(v.decode("utf-8", "replace")) for k, v in _ATTR.findall(raw)}


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(sheet name, zip part) for each worksheet, in workbook order."""
    book = _read_part(zf, "xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = _read_part(zf, rels_name) if rels_name in names else b""
    targets = {}
    for raw in _REL.findall(rels):
        a = _attrs(raw)
        target = a.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[a.get("Id", "")] = path
    out = []
    for raw in _SHEET.findall(book):
        a = _attrs(raw)
        rid = next((v for k, v in a.items() if k.endswith(":id") or k == "id"), "")
        part = targets.get(rid, "")
        if part in names:
            out.append((a.get("name", ""), part))
        elif part and part.endswith(".bin"):
            raise WorkbookError("The workbook is in binary (.xlsb) form: save it as an ordinary .xlsx workbook.")
    return out


def _extent(xml: bytes) -> tuple[int, int]:
    rows = [int(r) for r in _ROW.findall(xml)]
    height = max(max(rows, default=0), len(rows))
    width = 26
    for n in (2, 3):
        letters = set(_WIDE_REF[n].findall(xml))
        if letters:
            width = max(width, max(column_index(x.decode()) + 1 for x in letters))
    if re.search(rb'\br="[A-Z]{4,}\d', xml):
        width = 16385
    return height, width


def _oddities(xml: bytes) -> list[tuple[int, int, str, str]]:
    """Formulas without a stored value, and error cells, from the cell data only
    (data validations and conditional formats hold formulas too)."""
    data = _SHEET_DATA.search(xml)
    if not data:
        return []
    close = _SHEET_DATA_END.search(xml, data.end())
    first, last = data.end(), close.start() if close else len(xml)
    found = []
    for kind, pattern in (("formula", _FORMULA), ("error", _ERROR_CELL)):
        for m in pattern.finditer(xml, first, last):
            start = xml.rfind(b"<", first, m.start() + 1) if kind == "error" else max(first, m.start() - 600)
            tags = [t for t in _CELL_TAG.finditer(xml, start, min(last, m.end() + 200)) if t.start() <= m.start()]
            if not tags:
                continue
            tag = tags[-1]
            shown = ""
            if kind == "error":
                v = re.search(rb"<(?:\w+:)?v>([^<]{0,40})</", xml[tag.end() : tag.end() + 200])
                shown = v.group(1).decode("utf-8", "replace") if v else "#ERROR"
            found.append((int(tag.group(2)), column_index(tag.group(1).decode()), kind, shown))
            if len(found) >= MAX_ODDITIES:
                return found
    return found


def read_workbook(data: bytes, file: str) -> list[Sheet]:
    limits = _limits()
    if not data.startswith(b"PK\x03\x04"):
        kind = what_it_is(data)
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise WorkbookError(
                "The file is an old-style .xls workbook, or an encrypted one: save it as an ordinary .xlsx workbook."
            )
        raise WorkbookError(
            f"The file is {kind.replace(', not a CSV file', '') if kind else 'not an Excel workbook'}"
            f"{'' if kind else ' (an .xlsx file is a zip archive)'}: save it as an .xlsx workbook."
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookError("The file is damaged or is not a real .xlsx workbook.")
    with zf:
        infos = check_zip(zf, "workbook", limits["bytes"], limits["entries"], limits["ratio"])
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise WorkbookError("The file is a zip archive but not an Excel workbook (it has no xl/workbook.xml).")
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise WorkbookError("The workbook contains macros: save it as an ordinary .xlsx workbook without macros.")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and not info.filename.startswith("xl/worksheets/"):
                _read_part(zf, info.filename)
        parts = _sheet_parts(zf, names)
        if not parts:
            raise WorkbookError("The workbook has no worksheets.")
        scanned = []
        for name, part in parts:
            xml = _read_part(zf, part)
            height, width = _extent(xml)
            if height * width > limits["cells"]:
                raise WorkbookError(
                    f"Sheet '{name}' spans {height} rows by {width} columns, more than Oversight reads at once "
                    f"({limits['cells']:,} cells): delete stray cells far below or right of the data."
                )
            scanned.append((name, _oddities(xml)))
            del xml
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name, odd in scanned:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(Sheet(name, rows, odd))
    except WorkbookError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged parts
        raise WorkbookError(
            f"The workbook could not be read ({type(exc).__name__}): it may be damaged; save it again from Excel."
        )
    return sheets
