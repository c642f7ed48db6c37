"""Reading one CSV file as text columns, refusing anything that is not a UTF-8 CSV.

Rows are numbered as a spreadsheet shows them: the header is row 1. A quoted
value may span lines, so rows are found with the quotes taken into account
(vectorised over the bytes with numpy) rather than by counting line breaks.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import polars as pl

from oversight.imports.report import Problems
from oversight.imports.values import clean

SIGNATURES = [
    (b"PK\x03\x04", "a zip file (an Excel .xlsx workbook is one), not a CSV file"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office file (.xls or .doc), not a CSV file"),
    (b"%PDF", "a PDF, not a CSV file"),
    (b"\x1f\x8b", "a gzip file, not a CSV file"),
    (b"\xff\xfe", "UTF-16 text, not UTF-8: save it as 'CSV UTF-8'"),
    (b"\xfe\xff", "UTF-16 text, not UTF-8: save it as 'CSV UTF-8'"),
]
UTF8_BOM = b"\xef\xbb\xbf"
_QUOTE, _COMMA, _NL = 34, 44, 10
# Memory for reading a file grows with its lines (about 40 bytes each for the layout) as well as its bytes.
# A real extract's rows are tens of bytes long; a file of over a million lines averaging under 4 bytes
# is a flood of line breaks, refused from one count before anything per line is built.
FLOOD_LINES = 1_000_000
FLOOD_BYTES_PER_LINE = 4
MAX_COLUMNS = 1000


def what_it_is(data: bytes) -> str | None:
    """What a file really is when its first bytes say it is not text."""
    for magic, description in SIGNATURES:
        if data.startswith(magic):
            return description
    return None


def _line_break(data: bytes) -> bytes:
    """The file's line break: LF (with or without CR), or a bare CR as old Mac files have."""
    return b"\n" if b"\n" in data or b"\r" not in data else b"\r"


def _row_of_byte(data: bytes, offset: int) -> int:
    return data.count(_line_break(data), 0, offset) + 1


def _column_of_byte(data: bytes, offset: int) -> str:
    """The header name of the column holding byte OFFSET (quotes ignored: a best guess for a broken file)."""
    nl = _line_break(data)
    line_start = data.rfind(nl, 0, offset) + 1
    if line_start == 0:
        return ""
    index = data.count(b",", line_start, offset)
    first = data[: data.find(nl) if nl in data else len(data)][:65536]
    try:
        header = next(csv.reader([first.decode("utf-8").strip("\r")]), [])
    except (UnicodeDecodeError, csv.Error):
        return ""  # a header that is not text names no column
    return header[index].strip().lower()[:60] if index < len(header) else ""


def _count_before(mask: np.ndarray, bounds: np.ndarray, block: int = 1 << 22) -> np.ndarray:
    """For each of the sorted BOUNDS b, how many of mask[:b] are true.

    Counted a block at a time, so the memory is one block's running count, not
    one per byte or one per comma (a file of commas would otherwise cost 8 bytes a byte).
    """
    out = np.empty(bounds.size, dtype=np.int64)
    total, j = 0, 0
    for start in range(0, mask.size, block):
        running = np.cumsum(mask[start : start + block], dtype=np.int64)
        hi = int(np.searchsorted(bounds, start + running.size, side="right"))
        at = bounds[j:hi] - start
        out[j:hi] = total + np.where(at > 0, running[np.maximum(at - 1, 0)], 0)
        total += int(running[-1])
        j = hi
    out[j:] = total
    return out


def _layout(data: bytes):
    """Per record: its number of fields and whether it is only a line break; None if a quote is never closed."""
    b = np.frombuffer(data, dtype=np.uint8)
    quotes = b == _QUOTE
    outside = None
    if quotes.any():
        inside = np.bitwise_xor.accumulate(quotes.view(np.uint8))
        if inside[-1]:
            return None
        outside = inside == 0
        del inside
    newlines = b == _NL
    if outside is not None:
        newlines &= outside
    # Each record runs from its first byte to its line break, so no record is empty.
    starts = np.concatenate(([0], np.flatnonzero(newlines) + 1))
    if starts[-1] == b.size:
        starts = starts[:-1]
    del newlines
    bounds = np.append(starts, b.size)
    commas = b == _COMMA
    if outside is not None:
        commas &= outside
    fields = np.diff(_count_before(commas, bounds)) + 1
    del commas
    length = np.diff(bounds)
    blank = (length == 1) | ((length == 2) & (b[starts] == 13))
    return fields, blank


def _diagnose(text: str) -> tuple[int, str]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error as exc:
        return reader.line_num, str(exc)
    return 1, 'its quotes (") do not pair up'


def _quoted_back(text: pl.Expr) -> pl.Expr:
    """`oversight export ssd` puts a quote before formula-like text (imports.export.inert): take it off."""
    return pl.when(text.str.contains(r"^'+[=+\-@\t\r]")).then(text.str.slice(1)).otherwise(text)


def read(data: bytes, file: str, sheet: str, errors: Problems) -> tuple[pl.DataFrame | None, list[str]]:
    """The file's rows as trimmed text (empty is null), its header names (lower case) and `__row`.

    Returns (None, []) after adding an error when the file cannot be read as CSV.
    """
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if b"\r" in data and b"\n" not in data:
        data = data.replace(b"\r", b"\n")  # old Mac line endings (a bare CR), as spreadsheets read them
    kind = what_it_is(data)
    if kind:
        errors.add(file, sheet, None, "", "", f"The file is {kind}.")
        return None, []
    nul = data.find(b"\x00")
    if nul >= 0:
        errors.add(
            file,
            sheet,
            _row_of_byte(data, nul),
            _column_of_byte(data, nul),
            "",
            "The file holds binary data (a NUL byte), so it is not a CSV text file.",
        )
        return None, []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex().upper()
        errors.add(
            file,
            sheet,
            _row_of_byte(data, exc.start),
            _column_of_byte(data, exc.start),
            f"0x{bad}",
            "The file is not UTF-8 text: save it as 'CSV UTF-8' (comma delimited).",
        )
        return None, []
    if not text or text.isspace():
        errors.add(file, sheet, None, "", "", "The file is empty: it needs at least a header row.")
        return None, []
    lines = data.count(b"\n") + 1
    if lines > FLOOD_LINES and lines * FLOOD_BYTES_PER_LINE > len(data):
        errors.add(
            file,
            sheet,
            None,
            "",
            "",
            f"The file has {lines:,} lines in {len(data) / 1e6:.1f} MB: almost every line is blank or nearly empty, "
            "so it is not a data extract (remove the blank lines and export it again).",
        )
        return None, []
    layout = _layout(data)
    if layout is None:
        # The last quote is the one left open when the ones before it pair up.
        errors.add(
            file, sheet, _row_of_byte(data, data.rfind(b'"')), "", "", 'A quote (") opened on this row is never closed.'
        )
        return None, []
    fields, blank = layout
    if blank[0]:
        errors.add(file, sheet, 1, "", "", "The first row must be the header (the column names); it is blank.")
        return None, []
    if fields[0] > MAX_COLUMNS:
        errors.add(
            file,
            sheet,
            1,
            "",
            "",
            f"The header has {int(fields[0]):,} columns; an SSD table has at most a few dozen (is the file comma-separated data?).",
        )
        return None, []
    header = next(csv.reader(io.StringIO(text, newline="")))
    names = [h.strip().lower() for h in header]
    width = len(names)
    wrong = np.flatnonzero(~blank & (fields != width))
    for i in wrong[:50]:
        errors.add(
            file, sheet, int(i) + 1, "", "", f"This row has {int(fields[i])} values but the header has {width} columns."
        )
    if wrong.size > 50:
        errors.add(
            file,
            sheet,
            int(wrong[50]) + 1,
            "",
            "",
            f"…and {wrong.size - 50} more rows with the wrong number of values.",
        )
    if wrong.size:
        return None, []
    try:
        frame = pl.read_csv(
            data,
            has_header=True,
            infer_schema=False,
            new_columns=[f"__c{i}" for i in range(width)],
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as exc:
        row, why = _diagnose(text)
        errors.add(file, sheet, row, "", "", f"The file could not be read as CSV: {why or str(exc).splitlines()[0]}.")
        return None, []
    if frame.height != fields.size - 1:
        errors.add(file, sheet, None, "", "", 'The file could not be split into rows reliably: check its quotes (").')
        return None, []
    # Polars gives one row per record, blank lines included, so row numbers follow the file.
    frame = frame.select(
        pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("__row"),
        *[_quoted_back(clean(pl.col(f"__c{i}"))).alias(f"__c{i}") for i in range(width)],
    )
    if width:
        frame = frame.filter(~pl.all_horizontal([pl.col(f"__c{i}").is_null() for i in range(width)]))
    return frame, names
