"""Import supervision sessions from a spreadsheet (CSV or xlsx): all or nothing, precise errors.

One row per session, header in row 1:
worker_id, supervisor_id, date, reflective, status

worker_id and date are required; reflective is Y or N (blank: N); status is
held or cancelled (blank: held). A session of the same worker, supervisor and
date imported or recorded before is replaced, so importing a file twice never
duplicates. The file is read by the same reader as the audit import (formulas
refused, never evaluated; size and row limits), and every problem names the
file, sheet, row, column and value; with any error nothing is written.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from oversight.audits.importer import Report, Unreadable, header_positions, read
from oversight.audits.importer import _date as date_cell
from oversight.audits.importer import _text as text_cell
from oversight.performance.models import SupervisionSession

log = logging.getLogger(__name__)

COLUMNS = ["worker_id", "supervisor_id", "date", "reflective", "status"]
REQUIRED = ["worker_id", "date"]
YES, NO = {"y", "yes", "true", "1"}, {"n", "no", "false", "0", ""}
ID_MAX = 48


def _check_row(number: int, cells: dict, report: Report, today: dt.date, seen: dict) -> dict | None:
    before = len(report.errors)
    for name, value in cells.items():
        if text_cell(value).startswith("="):
            report.error("formulas are not read; put the value in the cell", number, name, value)
    if len(report.errors) > before:
        return None
    worker = text_cell(cells.get("worker_id"))
    supervisor = text_cell(cells.get("supervisor_id"))
    for name, value in (("worker_id", worker), ("supervisor_id", supervisor)):
        if len(value) > ID_MAX:
            report.error(f"an id is at most {ID_MAX} characters", number, name, value)
    if not worker:
        report.error("a worker id is needed", number, "worker_id", "")
    day = date_cell(cells.get("date"))
    if day is None:
        report.error("expected a date such as 2024-03-31 or 31/03/2024", number, "date", cells.get("date"))
    elif day > today:
        report.error(f"the date is after today ({today.isoformat()})", number, "date", cells.get("date"))
    reflective = text_cell(cells.get("reflective")).casefold()
    if reflective not in YES | NO:
        report.error("expected Y or N", number, "reflective", cells.get("reflective"))
    status = text_cell(cells.get("status")).casefold() or SupervisionSession.HELD
    if status not in (SupervisionSession.HELD, SupervisionSession.CANCELLED):
        report.error("expected held or cancelled", number, "status", cells.get("status"))
    if len(report.errors) > before:
        return None
    key = (worker, supervisor, day)
    if key in seen:
        report.error(
            f"the same session as row {seen[key]} (worker, supervisor and date)", number, "date", day.isoformat()
        )
        return None
    seen[key] = number
    return {
        "row": number,
        "worker_id": worker,
        "supervisor_id": supervisor,
        "date": day,
        "reflective": reflective in YES,
        "status": status,
    }


def import_file(path: str, user: str = "", today: dt.date | None = None) -> dict:
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        report = Report(file=name)
        report.error(f"the file cannot be read ({exc.strerror})")
        return _result(report, 0)
    return import_sessions(data, name, user, today)


def _result(report: Report, count: int) -> dict:
    return {
        "ok": not report.errors,
        "file": report.file,
        "sheet": report.sheet,
        "errors": report.errors,
        "warnings": report.warnings,
        "count": count if not report.errors else 0,
    }


def import_sessions(data: bytes, filename: str, user: str = "", today: dt.date | None = None) -> dict:
    """Check every row, then write all of them or none: {ok, file, sheet, errors, warnings, count}."""
    from oversight.people.models import Professional

    report = Report(file=Path(filename).name)
    today = today or timezone.localdate()
    try:
        # The audit import's reader: blank rows skipped, rows and columns bounded, rows numbered as shown.
        report.sheet, found = read(data, filename)
    except Unreadable as exc:
        report.error(str(exc), exc.row, exc.column, exc.value)
        return _result(report, 0)
    positions = header_positions(found.header, report, COLUMNS, REQUIRED)
    if positions is None:
        return _result(report, 0)
    records, seen = [], {}
    for number, row in found.rows:
        cells = {n: (row[i] if i < len(row) else None) for n, i in positions.items()}
        if not any(text_cell(v) for v in cells.values()):
            continue
        record = _check_row(number, cells, report, today, seen)
        if record:
            records.append(record)
    if report.errors:
        return _result(report, 0)
    if not records:
        report.warn("the file has no sessions below its header")
        return _result(report, 0)
    known = set(
        Professional.objects.filter(professional_id__in={r["worker_id"] for r in records}).values_list(
            "professional_id", flat=True
        )
    )
    for r in records:
        if r["worker_id"] not in known:
            report.warn("no worker with this id is in the case data", r["row"], "worker_id", r["worker_id"])
    with transaction.atomic():
        for r in records:
            SupervisionSession.objects.update_or_create(
                worker_id=r["worker_id"],
                supervisor_id=r["supervisor_id"],
                date=r["date"],
                defaults={
                    "reflective": r["reflective"],
                    "status": r["status"],
                    "import_ref": f"{report.file} row {r['row']}",
                    "created_by": user,
                },
            )
    log.info("supervision import: %s sessions", len(records))
    return _result(report, len(records))
