"""Import past audits from a spreadsheet (CSV or xlsx): all or nothing, precise errors.

One row per audit, header in row 1:
audit_id, child_id, tool, auditor, completed_date, grade, moderator, moderated_date, moderated_grade

Grades are words, matched case-insensitively ("RI" and the configured aliases
accepted). A row whose audit_id was imported before replaces that audit.
Every problem is reported with file, sheet, row, column and value; if there is
any, nothing is written. Formulas are refused, never evaluated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from oversight.analytics import audits as A
from oversight.audits import queries
from oversight.audits.models import Audit, Tool
from oversight.config import section
from oversight.imports import values, xlsx
from oversight.imports.csvfile import UTF8_BOM, what_it_is
from oversight.imports.csvfile import _column_of_byte as column_of_byte
from oversight.imports.csvfile import _row_of_byte as row_of_byte

log = logging.getLogger(__name__)

COLUMNS = [
    "audit_id",
    "child_id",
    "tool",
    "auditor",
    "completed_date",
    "grade",
    "moderator",
    "moderated_date",
    "moderated_grade",
]
REQUIRED = ["audit_id", "child_id", "tool", "auditor", "completed_date", "grade"]
MAX_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_ROWS = 50_000
MAX_CELL = 200
ID_MAX = 48


@dataclass
class Report:
    file: str
    sheet: str | None = None
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"rows": 0, "created": 0, "updated": 0, "moderated": 0})

    def _entry(self, row, column, value, message) -> dict:
        text = "" if value is None else str(value)
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": row,
            "column": column,
            "value": text[:60] + ("…" if len(text) > 60 else ""),
            "message": message,
        }

    def error(self, message: str, row: int | None = None, column: str | None = None, value=None) -> None:
        self.errors.append(self._entry(row, column, value, message))

    def warn(self, message: str, row: int | None = None, column: str | None = None, value=None) -> None:
        self.warnings.append(self._entry(row, column, value, message))

    def as_dict(self) -> dict:
        return {"ok": not self.errors, "errors": self.errors, "warnings": self.warnings, "counts": self.counts}


class Unreadable(Exception):
    """A file refused whole; ROW, COLUMN and VALUE name the offending byte when there is one."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None, value=None):
        super().__init__(message)
        self.row, self.column, self.value = row, column, value


def _cell(value):
    """A cell's value; an array or data-table formula as formula text (starting '='), so it is refused."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if isinstance(value, ArrayFormula):
        text = str(value.text or "")
        return text if text.startswith("=") else f"={text}"
    if isinstance(value, DataTableFormula):
        return "=TABLE()"
    return value


# ---- reading -----------------------------------------------------------------------------------


MAX_COLUMNS = 200


def _blank(cells) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


class _Rows:
    """The header and the non-blank rows below it, numbered as a spreadsheet shows them.

    Blank rows are counted but never kept, and each row keeps only the header's
    width, so a flood of line breaks or commas costs no memory (the bound is the
    rows and columns an audits file may have, whatever the file holds).
    """

    def __init__(self) -> None:
        self.header: list | None = None
        self.rows: list[tuple[int, list]] = []

    def add(self, number: int, cells) -> None:
        if self.header is None:
            cells = list(cells)
            if len(cells) > MAX_COLUMNS and not _blank(cells[MAX_COLUMNS:]):
                raise Unreadable(f"the header has {len(cells)} columns; an audits file has {len(COLUMNS)}", 1)
            self.header = cells[:MAX_COLUMNS]
            return
        cells = list(cells[: len(self.header)]) if isinstance(cells, list) else list(cells)[: len(self.header)]
        if _blank(cells):
            return
        if len(self.rows) >= MAX_ROWS:
            raise Unreadable(f"more than {MAX_ROWS} rows; split the file", number)
        self.rows.append((number, cells))


def _read_csv(data: bytes) -> _Rows:
    data = data.removeprefix(UTF8_BOM)
    if kind := what_it_is(data):
        raise Unreadable(f"the file is {kind}")
    if (nul := data.find(b"\x00")) >= 0:
        raise Unreadable("the file is binary, not CSV text", row_of_byte(data, nul), column_of_byte(data, nul) or None)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            "the file is not UTF-8 text; save it as CSV UTF-8",
            row_of_byte(data, exc.start),
            column_of_byte(data, exc.start) or None,
            f"0x{data[exc.start : exc.start + 1].hex().upper()}",
        )
    del data
    out = _Rows()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 1
    try:
        for row in reader:
            out.add(number, row)
            number = reader.line_num + 1
    except csv.Error as exc:
        raise Unreadable(f"the file is not valid CSV ({exc})", reader.line_num or 1)
    return out


def _xlsx_safe(data: bytes) -> None:
    """The checks the Annex A reader makes before any spreadsheet library sees the file."""
    cfg = section("imports")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = xlsx.check_zip(
                zf,
                "workbook",
                MAX_UNZIPPED,
                int(cfg.get("max_zip_entries", 1000)),
                int(cfg.get("max_compression_ratio", 1000)),
            )
            names = {i.filename for i in infos}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise Unreadable("the workbook contains macros; save it as an ordinary .xlsx workbook")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    xlsx._read_part(zf, info.filename)  # refuses entity declarations in any encoding
    except xlsx.WorkbookError as exc:
        raise Unreadable(str(exc).rstrip(".").replace("The ", "the ", 1))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        raise Unreadable("the file is not a readable xlsx workbook")


def _read_xlsx(data: bytes) -> tuple[str, _Rows]:
    import openpyxl

    if not data.startswith(b"PK\x03\x04"):
        raise Unreadable("the file is not a readable xlsx workbook")
    _xlsx_safe(data)
    try:
        # data_only=False: a formula cell reads as its text, so it is refused, never evaluated.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        raise Unreadable("the file is not a readable xlsx workbook")
    try:
        if not book.worksheets:
            raise Unreadable("the workbook has no sheets")
        sheet = book.worksheets[0]
        # Read the cells that exist, not the extent the sheet claims: Excel writes A1:XFD1048576
        # after whole rows are formatted, and padding every row to that width took minutes.
        sheet.reset_dimensions()
        out = _Rows()
        for row in sheet.iter_rows():
            cells = [c for c in row if getattr(c, "value", None) is not None]
            if not cells:
                continue
            number = cells[0].row
            if out.header is None:
                if number != 1:
                    out.add(1, [])  # no header: reported as such
                elif max(c.column for c in cells) > MAX_COLUMNS:
                    raise Unreadable(
                        f"the header has more than {MAX_COLUMNS} columns; an audits file has {len(COLUMNS)}", 1
                    )
            width = MAX_COLUMNS if out.header is None else len(out.header)
            values = [None] * min(width, max(c.column for c in cells))
            for c in cells:
                if c.column <= len(values):
                    values[c.column - 1] = _cell(c.value)
            out.add(number, values)
        return sheet.title, out
    except Unreadable:
        raise
    except Exception:
        raise Unreadable("the workbook could not be read; it may be damaged: save it again from Excel")
    finally:
        book.close()


def read(data: bytes, filename: str) -> tuple[str | None, _Rows]:
    """(sheet name or None for CSV, the header and numbered rows)."""
    if len(data) > MAX_BYTES:
        raise Unreadable(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return None, _read_csv(data)
    if suffix == ".xlsx":
        return _read_xlsx(data)
    raise Unreadable("the file must be a .csv or .xlsx spreadsheet")


# ---- cell values -------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DATE = re.compile(values.DATE_TEXT)


def _date(value) -> dt.date | None:
    """A date cell, or a date as the SSD import reads it (ISO or DD/MM/YYYY, a time after it allowed)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.match(_text(value))
    if not m:
        return None
    try:
        if m[1][:4].isdigit():
            y, mo, d = re.split(r"[-/]", m[1])
        else:
            d, mo, y = m[1].split("/")
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


# ---- checking ----------------------------------------------------------------------------------


def header_positions(header: list | None, report: Report, columns=None, required=None) -> dict[str, int] | None:
    """Where each of COLUMNS sits in a file's first row (names folded: case, spaces as underscores).

    Unknown columns are warnings; a repeated one, or one of REQUIRED (default: every column) missing, is an
    error. Shared by every workflow import that reads through `read` (audits, escalations, supervision).
    """
    columns = COLUMNS if columns is None else columns
    if not header or not any(_text(v) for v in header):
        report.error("the first row must be the header: " + ", ".join(columns), row=1)
        return None
    positions: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = _text(cell).casefold().replace(" ", "_")
        if not name:
            continue
        if name in positions:
            report.error("this column appears twice", row=1, column=name, value=_text(cell))
        elif name in columns:
            positions[name] = i
        else:
            report.warn("this column is not one Oversight reads; it was ignored", row=1, column=name, value=_text(cell))
    for name in columns if required is None else required:
        if name not in positions:
            report.error("this column is missing from the header", row=1, column=name)
    return positions if not report.errors else None


def _tool_index() -> dict[str, Tool]:
    index: dict[str, Tool] = {}
    for tool in queries.current_tools():
        index.setdefault(_norm(tool.key), tool)
        index.setdefault(_norm(tool.name), tool)
    return index


def _earliest() -> dt.date:
    try:
        return max(
            values.EARLIEST_DATE, dt.date.fromisoformat(str(section("audits").get("earliest_date", "2000-01-01")))
        )
    except ValueError:
        return dt.date(2000, 1, 1)


def _too_early(earliest: dt.date) -> str:
    return f"before {earliest.isoformat()}: not a date of a past audit (a typing slip, or Excel's empty date?)"


def _check_row(
    number: int, cells: dict, report: Report, tools: dict, scale: A.Scale, today: dt.date, seen: dict[str, int]
) -> dict | None:
    errors_before = len(report.errors)
    earliest = _earliest()
    for name, value in cells.items():
        if isinstance(value, str) and value.strip().startswith("="):
            report.error("formulas are not accepted; enter the value itself", number, name, value)
        elif len(_text(value)) > MAX_CELL:
            report.error(f"longer than {MAX_CELL} characters", number, name, value)
    if len(report.errors) > errors_before:
        return None
    text = {name: _text(value) for name, value in cells.items()}
    for name in REQUIRED:
        if not text[name]:
            report.error("this column must have a value", number, name, "")
    for name in ("audit_id", "child_id"):
        if len(text[name]) > ID_MAX:
            report.error(f"an id is at most {ID_MAX} characters", number, name, text[name])
    if text["audit_id"]:
        if text["audit_id"] in seen:
            report.error(f"this audit_id is also on row {seen[text['audit_id']]}", number, "audit_id", text["audit_id"])
        else:
            seen[text["audit_id"]] = number
    completed = _date(cells["completed_date"]) if text["completed_date"] else None
    if text["completed_date"] and completed is None:
        report.error(f"not a date: expected {values.DATE_EXPECTED}", number, "completed_date", cells["completed_date"])
    elif completed and completed > today:
        report.error("the audit cannot be completed in the future", number, "completed_date", text["completed_date"])
    elif completed and completed < earliest:
        report.error(_too_early(earliest), number, "completed_date", text["completed_date"])
    grade = scale.normalise(text["grade"]) if text["grade"] else None
    allowed = ", ".join(scale.labels) + ' (or "RI")'
    if text["grade"] and grade is None:
        report.error(f"not a grade; use one of {allowed}", number, "grade", text["grade"])
    moderated_grade = moderated_date = None
    if not text["moderated_grade"]:
        for name in ("moderator", "moderated_date"):
            if text[name]:
                report.error("a moderator or moderation date needs the moderated_grade too", number, name, text[name])
    if text["moderated_grade"]:
        moderated_grade = scale.normalise(text["moderated_grade"])
        if moderated_grade is None:
            report.error(f"not a grade; use one of {allowed}", number, "moderated_grade", text["moderated_grade"])
    if text["moderated_date"]:
        moderated_date = _date(cells["moderated_date"])
        if moderated_date is None:
            report.error(
                f"not a date: expected {values.DATE_EXPECTED}", number, "moderated_date", cells["moderated_date"]
            )
        elif moderated_date > today:
            report.error("the moderation cannot be in the future", number, "moderated_date", text["moderated_date"])
        elif moderated_date < earliest:
            report.error(_too_early(earliest), number, "moderated_date", text["moderated_date"])
        elif completed and moderated_date < completed:
            report.error(
                "the audit was moderated before it was completed", number, "moderated_date", text["moderated_date"]
            )
    if len(report.errors) > errors_before:
        return None
    if text["moderated_grade"]:
        for name in ("moderator", "moderated_date"):
            if not text[name]:
                report.warn("the audit was moderated but this is not recorded", number, name, "")
    if text["moderator"] and text["moderator"].casefold() == text["auditor"].casefold():
        report.warn("the moderator is the auditor", number, "moderator", text["moderator"])
    tool = tools.get(_norm(text["tool"]))
    if tool is None:
        report.warn("not one of Oversight's audit tools; recorded as an imported tool", number, "tool", text["tool"])
    return {
        "row": number,
        "import_ref": text["audit_id"],
        "child_id": text["child_id"],
        "tool": tool,
        "tool_name": text["tool"],
        "auditor": text["auditor"],
        "completed_date": completed,
        "grade": grade,
        "moderator": text["moderator"],
        "moderated_date": moderated_date,
        "moderated_grade": moderated_grade or "",
    }


def _imported_tool(name: str, scale: A.Scale, cache: dict[str, Tool]) -> Tool:
    """A tool record for a tool named in past audits that Oversight does not have."""
    from oversight.audits import toolfiles

    slug = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")[:38] or "unnamed"
    key = f"imported_{slug}"
    if key not in cache:
        tool = Tool.objects.filter(key=key).order_by("-version").first()
        if tool is None:
            content = {
                "key": key,
                "name": name[:200],
                "kind": "imported",
                "theme": "",
                "description": "",
                "scale": list(scale.labels),
                "questions": [],
            }
            tool = Tool.objects.create(version=1, digest=toolfiles.digest(content), **content)
        cache[key] = tool
    return cache[key]


def _teams(records: list[dict]) -> dict[tuple[str, dt.date], tuple[str, str]]:
    """(child_id, completed_date) -> (worker_id, team_id) of the worker allocated on the day the audit was done."""
    if not records:
        return {}
    wanted = pl.DataFrame(
        {"child_id": [r["child_id"] for r in records], "day": [r["completed_date"] for r in records]},
        schema={"child_id": pl.String, "day": pl.Date},
    )
    children = list({r["child_id"] for r in records})
    data = {
        "ssd_involvements": queries.case_frame("ssd_involvements", person_id__in=children),
        "ssd_professionals": queries.case_frame("ssd_professionals"),
    }
    inv = section("involvements")
    found = A.allocations_on(wanted, data, inv["case_worker_roles"], inv["personal_adviser_roles"])
    return {(r["child_id"], r["day"]): (r["worker_id"] or "", r["team_id"] or "") for r in found.iter_rows(named=True)}


def _one_spelling(records: list[dict], report: Report) -> None:
    """Auditors and moderators written with other case or spacing are one person, spelled as first known.

    Otherwise "Alice Ng" and "alice  ng" would be two auditors in the moderation report.
    """

    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    columns = ("auditor", "moderator")
    known: dict[str, str] = {}
    for column in columns:
        for name in Audit.objects.exclude(**{column: ""}).values_list(column, flat=True).distinct():
            known.setdefault(key(name), name)
    for r in records:
        for column in columns:
            if not r[column]:
                continue
            first = known.setdefault(key(r[column]), r[column])
            if first != r[column]:
                report.warn(f"counted as {first!r}, as written elsewhere", r["row"], column, r[column])
                r[column] = first


def too_large(filename: str) -> dict:
    report = Report(file=Path(filename).name)
    report.error(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return report.as_dict()


def _named_logins(records: list[dict], report: Report) -> None:
    """A login named as auditor or moderator must have a role that may do that work.

    Naming gives the login the child's record while the audit is under way
    (audits.panels), so a file must not be able to hand an inspector or a social
    worker a child's record. A name that is no login is a past colleague: kept as text.
    """
    from oversight.accounts.models import User

    cfg = section("audits")
    allowed = {
        "auditor": set(cfg["auditor_roles"]) | set(cfg["moderator_roles"]),
        "moderator": set(cfg["moderator_roles"]),
    }
    names = {r[c].casefold() for r in records for c in allowed if r[c]}
    roles = {}
    for username, role in User.objects.values_list("username", "role"):
        if username.casefold() in names:
            roles[username.casefold()] = role
    for r in records:
        for column, ok in allowed.items():
            role = roles.get(r[column].casefold()) if r[column] else None
            if role is not None and role not in ok:
                report.error(
                    f"this login's role ({role}) may not {'audit' if column == 'auditor' else 'moderate'}: "
                    f"name a login with the role {' or '.join(sorted(ok))}, or leave it blank",
                    r["row"],
                    column,
                    r[column],
                )


def import_audits(data: bytes, filename: str, today: dt.date | None = None) -> dict:
    """Check every row, then write all of them or none. Returns the report dict."""
    from oversight.audits.services import sync_tools
    from oversight.people.models import Person

    report = Report(file=Path(filename).name)
    today = today or timezone.localdate()
    try:
        report.sheet, found = read(data, filename)
    except Unreadable as exc:
        report.error(str(exc), exc.row, exc.column, exc.value)
        return report.as_dict()
    del data
    positions = header_positions(found.header, report)
    if positions is None:
        return report.as_dict()
    sync_tools()
    tools, scale, seen = _tool_index(), queries.scale(), {}
    records = []
    for number, row in found.rows:
        cells = {name: (row[i] if i < len(row) else None) for name, i in positions.items()}
        if not any(_text(v) for v in cells.values()):
            continue
        report.counts["rows"] += 1
        record = _check_row(number, cells, report, tools, scale, today, seen)
        if record:
            records.append(record)
    if report.errors:
        return report.as_dict()
    if not records:
        report.warn("the file has no audits below its header")
        return report.as_dict()
    known = set(
        Person.objects.filter(person_id__in=[r["child_id"] for r in records]).values_list("person_id", flat=True)
    )
    for r in records:
        if r["child_id"] not in known:
            report.warn("no child with this id is in the case data", r["row"], "child_id", r["child_id"])
    _one_spelling(records, report)
    _named_logins(records, report)
    if report.errors:
        return report.as_dict()
    teams = _teams(records)
    with transaction.atomic():
        cache: dict[str, Tool] = {}
        existing = {
            a.import_ref: a
            for a in Audit.objects.filter(source=Audit.IMPORTED, import_ref__in=[r["import_ref"] for r in records])
        }
        for r in records:
            worker_id, team_id = teams.get((r["child_id"], r["completed_date"]), ("", ""))
            values = dict(
                tool=r["tool"] or _imported_tool(r["tool_name"], scale, cache),
                child_id=r["child_id"],
                team_id=team_id,
                worker_id=worker_id,
                auditor=r["auditor"],
                completed_date=r["completed_date"],
                grade=r["grade"],
                moderator=r["moderator"],
                moderated_date=r["moderated_date"],
                moderated_grade=r["moderated_grade"],
                status=Audit.FINAL if r["moderated_grade"] else Audit.SUBMITTED,
                month=r["completed_date"].replace(day=1),
            )
            audit = existing.get(r["import_ref"])
            if audit:
                for name, value in values.items():
                    setattr(audit, name, value)
                audit.version += 1
                audit.save()
                report.counts["updated"] += 1
                report.warn(
                    "this audit_id was imported before; the earlier audit was replaced",
                    r["row"],
                    "audit_id",
                    r["import_ref"],
                )
            else:
                Audit.objects.create(source=Audit.IMPORTED, import_ref=r["import_ref"], **values)
                report.counts["created"] += 1
            report.counts["moderated"] += bool(r["moderated_grade"])
    log.info(
        "audit import: %s rows, %s created, %s updated",
        len(records),
        report.counts["created"],
        report.counts["updated"],
    )
    return report.as_dict()
